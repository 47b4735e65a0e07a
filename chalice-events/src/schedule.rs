//! Schedule expressions for `@app.schedule`: [`Rate`], [`Cron`] and the
//! [`ScheduleExpression`] a scheduled handler is registered with.
//!
//! Chalice renders `Rate` and `Cron` objects with plain string formatting and
//! validates nothing; a mistake then surfaces only when CloudFormation (or
//! `chalice deploy`) rejects the rule. Here both types check the rules of
//! [EventBridge schedule expressions] when they are built, so every value that
//! exists renders to an expression AWS accepts, and [`Display`](std::fmt::Display)
//! and [`FromStr`] are inverse of each other:
//!
//! ```
//! use chalice_events::schedule::{Cron, Rate, ScheduleExpression};
//!
//! assert_eq!(Rate::minutes(5)?.to_string(), "rate(5 minutes)");
//! assert_eq!(Rate::hours(1)?.to_string(), "rate(1 hour)");
//! let cron = Cron::new(15, 10, "?", "*", "6L", "2002-2005")?;
//! assert_eq!(cron.to_string(), "cron(15 10 ? * 6L 2002-2005)");
//! assert_eq!("cron(15 10 ? * 6L 2002-2005)".parse::<Cron>()?, cron);
//!
//! // A plain string is kept verbatim, as Chalice keeps it; `parse` checks it.
//! let raw = ScheduleExpression::from("rate(1 day)");
//! assert_eq!(raw.to_string(), "rate(1 day)");
//! assert!(ScheduleExpression::parse("rate(1 days)").is_err());
//! # Ok::<(), chalice_events::Error>(())
//! ```
//!
//! [EventBridge schedule expressions]: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html
//!
//! # The rules checked
//!
//! `rate(<value> <unit>)`: the value is a positive integer written without
//! leading zeros; the unit is `minute`, `hour` or `day` when the value is `1`
//! and `minutes`, `hours` or `days` otherwise (AWS refuses `rate(1 minutes)` and
//! `rate(5 minute)`). Exactly one space separates value and unit.
//!
//! `cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>)`: six
//! fields separated by single spaces, none empty, each a comma-separated list of
//! items drawn from this table (a *value* is a number in the field's range or,
//! where the table says so, a name, in any letter case):
//!
//! | field | values | items besides *value* and *value*`-`*value* |
//! |---|---|---|
//! | minutes | 0-59 | `*`, `*/`*step*, *value*`/`*step*, *range*`/`*step* |
//! | hours | 0-23 | as minutes |
//! | day-of-month | 1-31 | as minutes; alone: `?`, `L`, `LW`, *value*`W` |
//! | month | 1-12, `JAN`-`DEC` | as minutes |
//! | day-of-week | 1-7, `SUN`-`SAT` | `*`; alone: `?`, `L`, *value*`L`, *value*`#`*n* (*n* 1-5) |
//! | year | 1970-2199 | as minutes |
//!
//! A *step* is a number from 1 to the field's largest value. Exactly one of
//! day-of-month and day-of-week is `?`: AWS does not allow both to be set.

use std::fmt;
use std::str::FromStr;

use crate::Error;

/// The unit of a [`Rate`].
///
/// ```
/// use chalice_events::schedule::RateUnit;
///
/// assert_eq!(RateUnit::Hours.as_str(), "HOURS");
/// assert_eq!(RateUnit::Hours.singular(), "hour");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum RateUnit {
    /// `minute` / `minutes` (Chalice's `Rate.MINUTES`).
    Minutes,
    /// `hour` / `hours` (Chalice's `Rate.HOURS`).
    Hours,
    /// `day` / `days` (Chalice's `Rate.DAYS`).
    Days,
}

impl RateUnit {
    /// Chalice's name for the unit: `"MINUTES"`, `"HOURS"` or `"DAYS"`.
    ///
    /// ```
    /// assert_eq!(chalice_events::schedule::RateUnit::Days.as_str(), "DAYS");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            RateUnit::Minutes => "MINUTES",
            RateUnit::Hours => "HOURS",
            RateUnit::Days => "DAYS",
        }
    }

    /// The unit as written after a value of 1: `"minute"`, `"hour"` or `"day"`.
    ///
    /// ```
    /// assert_eq!(chalice_events::schedule::RateUnit::Minutes.singular(), "minute");
    /// ```
    pub fn singular(self) -> &'static str {
        match self {
            RateUnit::Minutes => "minute",
            RateUnit::Hours => "hour",
            RateUnit::Days => "day",
        }
    }

    /// The unit as written after any other value: `"minutes"`, `"hours"` or `"days"`.
    ///
    /// ```
    /// assert_eq!(chalice_events::schedule::RateUnit::Minutes.plural(), "minutes");
    /// ```
    pub fn plural(self) -> &'static str {
        match self {
            RateUnit::Minutes => "minutes",
            RateUnit::Hours => "hours",
            RateUnit::Days => "days",
        }
    }

    /// The unit as written after `value`.
    fn word(self, value: u32) -> &'static str {
        if value == 1 {
            self.singular()
        } else {
            self.plural()
        }
    }
}

/// A fixed-interval schedule, `rate(5 minutes)`: Chalice's `Rate(value, unit)`.
///
/// The value is always at least 1, and the unit is written singular for 1 and
/// plural otherwise, so the expression is always one AWS accepts.
///
/// ```
/// use chalice_events::schedule::{Rate, RateUnit};
///
/// let rate = Rate::new(2, RateUnit::Days)?;
/// assert_eq!(rate.to_string(), "rate(2 days)");
/// assert_eq!(rate.value(), 2);
/// assert_eq!("rate(2 days)".parse::<Rate>()?, rate);
/// # Ok::<(), chalice_events::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rate {
    value: u32,
    unit: RateUnit,
}

impl Rate {
    /// A rate of one run every `value` `unit`s.
    ///
    /// # Errors
    ///
    /// The only way this returns an error is a `value` of 0
    /// ([`Error::Schedule`]); Chalice would render `rate(0 days)`, which AWS
    /// refuses at deploy time.
    ///
    /// ```
    /// use chalice_events::schedule::{Rate, RateUnit};
    ///
    /// assert_eq!(Rate::new(1, RateUnit::Minutes)?.to_string(), "rate(1 minute)");
    /// assert!(Rate::new(0, RateUnit::Days).is_err());
    /// # Ok::<(), chalice_events::Error>(())
    /// ```
    pub fn new(value: u32, unit: RateUnit) -> Result<Rate, Error> {
        if value == 0 {
            return Err(schedule_error(
                format!("rate(0 {})", unit.plural()),
                "the value must be at least 1",
            ));
        }
        Ok(Rate { value, unit })
    }

    /// Every `value` minutes.
    ///
    /// # Errors
    ///
    /// As [`Rate::new`]: only when `value` is 0.
    ///
    /// ```
    /// assert_eq!(chalice_events::schedule::Rate::minutes(5)?.to_string(), "rate(5 minutes)");
    /// # Ok::<(), chalice_events::Error>(())
    /// ```
    pub fn minutes(value: u32) -> Result<Rate, Error> {
        Rate::new(value, RateUnit::Minutes)
    }

    /// Every `value` hours.
    ///
    /// # Errors
    ///
    /// As [`Rate::new`]: only when `value` is 0.
    ///
    /// ```
    /// assert_eq!(chalice_events::schedule::Rate::hours(1)?.to_string(), "rate(1 hour)");
    /// # Ok::<(), chalice_events::Error>(())
    /// ```
    pub fn hours(value: u32) -> Result<Rate, Error> {
        Rate::new(value, RateUnit::Hours)
    }

    /// Every `value` days.
    ///
    /// # Errors
    ///
    /// As [`Rate::new`]: only when `value` is 0.
    ///
    /// ```
    /// assert_eq!(chalice_events::schedule::Rate::days(2)?.to_string(), "rate(2 days)");
    /// # Ok::<(), chalice_events::Error>(())
    /// ```
    pub fn days(value: u32) -> Result<Rate, Error> {
        Rate::new(value, RateUnit::Days)
    }

    /// How many units lie between two runs (at least 1).
    ///
    /// ```
    /// assert_eq!(chalice_events::schedule::Rate::days(3)?.value(), 3);
    /// # Ok::<(), chalice_events::Error>(())
    /// ```
    pub fn value(&self) -> u32 {
        self.value
    }

    /// The unit of the interval.
    ///
    /// ```
    /// use chalice_events::schedule::{Rate, RateUnit};
    ///
    /// assert_eq!(Rate::days(3)?.unit(), RateUnit::Days);
    /// # Ok::<(), chalice_events::Error>(())
    /// ```
    pub fn unit(&self) -> RateUnit {
        self.unit
    }
}

impl fmt::Display for Rate {
    /// `rate(<value> <unit>)`, with the unit singular for a value of 1.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "rate({} {})", self.value, self.unit.word(self.value))
    }
}

impl FromStr for Rate {
    type Err = Error;

    /// Reads `rate(<value> <unit>)` as AWS writes it.
    ///
    /// # Errors
    ///
    /// [`Error::Schedule`] when the text breaks a rule of the
    /// [module documentation](self#the-rules-checked).
    fn from_str(text: &str) -> Result<Rate, Error> {
        let fail = |reason: &str| schedule_error(text, reason);
        let inner = text
            .strip_prefix("rate(")
            .and_then(|rest| rest.strip_suffix(')'))
            .ok_or_else(|| fail("expected `rate(<value> <unit>)`"))?;
        let (number, word) = inner
            .split_once(' ')
            .ok_or_else(|| fail("expected a value and a unit separated by one space"))?;
        if number.is_empty() || word.contains(' ') {
            return Err(fail("expected a value and a unit separated by one space"));
        }
        if !number.bytes().all(|b| b.is_ascii_digit()) {
            return Err(fail(&format!(
                "the value `{number}` is not a positive integer"
            )));
        }
        if number.len() > 1 && number.starts_with('0') {
            return Err(fail(&format!("the value `{number}` has a leading zero")));
        }
        let value: u32 = number
            .parse()
            .map_err(|_| fail(&format!("the value `{number}` is too large")))?;
        if value == 0 {
            return Err(fail("the value must be at least 1"));
        }
        let (unit, plural) = match word {
            "minute" => (RateUnit::Minutes, false),
            "minutes" => (RateUnit::Minutes, true),
            "hour" => (RateUnit::Hours, false),
            "hours" => (RateUnit::Hours, true),
            "day" => (RateUnit::Days, false),
            "days" => (RateUnit::Days, true),
            other => {
                return Err(fail(&format!(
                    "unknown unit `{other}` (expected minute(s), hour(s) or day(s))"
                )))
            }
        };
        if value == 1 && plural {
            return Err(fail(&format!(
                "a value of 1 takes the singular unit `{}`",
                unit.singular()
            )));
        }
        if value != 1 && !plural {
            return Err(fail(&format!(
                "a value other than 1 takes the plural unit `{}`",
                unit.plural()
            )));
        }
        Ok(Rate { value, unit })
    }
}

/// Implements `Serialize` as the expression's text (its `Display`) and
/// `Deserialize` by parsing that text (its `FromStr`) for an expression type.
macro_rules! text_serde {
    ($ty:ty) => {
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

text_serde!(Rate);

#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for Rate {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        let value = u.int_in_range(1..=u32::MAX)?;
        Ok(Rate {
            value,
            unit: u.arbitrary()?,
        })
    }
}

/// A calendar schedule, `cron(0 18 ? * MON-FRI *)`: Chalice's
/// `Cron(minutes, hours, day_of_month, month, day_of_week, year)`.
///
/// Every field is checked against AWS's rules when the value is built (see the
/// [module documentation](self#the-rules-checked)); the fields are kept as
/// written, so the expression renders exactly as given.
///
/// ```
/// use chalice_events::schedule::Cron;
///
/// let weekdays = Cron::new(0, 18, "?", "*", "MON-FRI", "*")?;
/// assert_eq!(weekdays.to_string(), "cron(0 18 ? * MON-FRI *)");
/// let first_monday = Cron::new(0, 9, "?", "*", "2#1", "*")?;
/// assert_eq!(first_monday.day_of_week(), "2#1");
///
/// // Day-of-month and day-of-week cannot both be set.
/// assert!(Cron::new(0, 9, 1, "*", "MON", "*").is_err());
/// # Ok::<(), chalice_events::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Cron {
    fields: [String; 6],
}

impl Cron {
    /// A cron schedule from its six fields; numbers and strings both work.
    ///
    /// # Errors
    ///
    /// [`Error::Schedule`] (naming the whole `cron(...)` expression) when a
    /// field is empty, contains whitespace or breaks the rules of its field, or
    /// when day-of-month and day-of-week are not exactly one `?`.
    ///
    /// ```
    /// use chalice_events::schedule::Cron;
    ///
    /// let every_15 = Cron::new("0/15", "*", "*", "*", "?", "*")?;
    /// assert_eq!(every_15.to_string(), "cron(0/15 * * * ? *)");
    /// let err = Cron::new(60, "*", "*", "*", "?", "*").unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "invalid schedule expression `cron(60 * * * ? *)`: minutes field `60`: 60 is out of range 0-59"
    /// );
    /// # Ok::<(), chalice_events::Error>(())
    /// ```
    pub fn new(
        minutes: impl fmt::Display,
        hours: impl fmt::Display,
        day_of_month: impl fmt::Display,
        month: impl fmt::Display,
        day_of_week: impl fmt::Display,
        year: impl fmt::Display,
    ) -> Result<Cron, Error> {
        let cron = Cron {
            fields: [
                minutes.to_string(),
                hours.to_string(),
                day_of_month.to_string(),
                month.to_string(),
                day_of_week.to_string(),
                year.to_string(),
            ],
        };
        cron.check()
            .map_err(|reason| schedule_error(cron.to_string(), &reason))?;
        Ok(cron)
    }

    /// The minutes field, e.g. `"0/15"`.
    ///
    /// ```
    /// use chalice_events::schedule::Cron;
    /// assert_eq!(Cron::new("0/15", "*", "*", "*", "?", "*")?.minutes(), "0/15");
    /// # Ok::<(), chalice_events::Error>(())
    /// ```
    pub fn minutes(&self) -> &str {
        &self.fields[0]
    }

    /// The hours field, e.g. `"8-17"`.
    ///
    /// ```
    /// use chalice_events::schedule::Cron;
    /// assert_eq!(Cron::new(0, "8-17", "?", "*", "MON-FRI", "*")?.hours(), "8-17");
    /// # Ok::<(), chalice_events::Error>(())
    /// ```
    pub fn hours(&self) -> &str {
        &self.fields[1]
    }

    /// The day-of-month field, e.g. `"?"` or `"L"`.
    ///
    /// ```
    /// use chalice_events::schedule::Cron;
    /// assert_eq!(Cron::new(0, 0, "L", "*", "?", "*")?.day_of_month(), "L");
    /// # Ok::<(), chalice_events::Error>(())
    /// ```
    pub fn day_of_month(&self) -> &str {
        &self.fields[2]
    }

    /// The month field, e.g. `"*"` or `"JAN,JUL"`.
    ///
    /// ```
    /// use chalice_events::schedule::Cron;
    /// assert_eq!(Cron::new(0, 0, 1, "JAN,JUL", "?", "*")?.month(), "JAN,JUL");
    /// # Ok::<(), chalice_events::Error>(())
    /// ```
    pub fn month(&self) -> &str {
        &self.fields[3]
    }

    /// The day-of-week field, e.g. `"MON-FRI"` or `"6L"`.
    ///
    /// ```
    /// use chalice_events::schedule::Cron;
    /// assert_eq!(Cron::new(15, 10, "?", "*", "6L", "*")?.day_of_week(), "6L");
    /// # Ok::<(), chalice_events::Error>(())
    /// ```
    pub fn day_of_week(&self) -> &str {
        &self.fields[4]
    }

    /// The year field, e.g. `"*"` or `"2002-2005"`.
    ///
    /// ```
    /// use chalice_events::schedule::Cron;
    /// assert_eq!(Cron::new(15, 10, "?", "*", "6L", "2002-2005")?.year(), "2002-2005");
    /// # Ok::<(), chalice_events::Error>(())
    /// ```
    pub fn year(&self) -> &str {
        &self.fields[5]
    }

    /// Checks every field, then the day-of-month/day-of-week rule, returning
    /// the reason of the first failure.
    fn check(&self) -> Result<(), String> {
        for (kind, text) in FieldKind::ALL.iter().zip(&self.fields) {
            kind.check(text)
                .map_err(|detail| format!("{} field `{text}`: {detail}", kind.label()))?;
        }
        match (self.day_of_month() == "?", self.day_of_week() == "?") {
            (true, false) | (false, true) => Ok(()),
            (true, true) => Err("day-of-month and day-of-week cannot both be `?`".to_string()),
            (false, false) => Err(
                "day-of-month and day-of-week cannot both be set; one of them must be `?`"
                    .to_string(),
            ),
        }
    }
}

impl fmt::Display for Cron {
    /// `cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [minutes, hours, dom, month, dow, year] = &self.fields;
        write!(f, "cron({minutes} {hours} {dom} {month} {dow} {year})")
    }
}

impl FromStr for Cron {
    type Err = Error;

    /// Reads `cron(<six fields>)` as AWS writes it.
    ///
    /// # Errors
    ///
    /// [`Error::Schedule`] when the text is not `cron(...)` with six fields
    /// separated by single spaces, or breaks a rule of the
    /// [module documentation](self#the-rules-checked).
    fn from_str(text: &str) -> Result<Cron, Error> {
        let inner = text
            .strip_prefix("cron(")
            .and_then(|rest| rest.strip_suffix(')'))
            .ok_or_else(|| schedule_error(text, "expected `cron(<six fields>)`"))?;
        let parts: Vec<&str> = inner.split(' ').collect();
        let [minutes, hours, dom, month, dow, year] = parts.as_slice() else {
            return Err(schedule_error(
                text,
                &format!(
                    "expected 6 fields separated by single spaces, found {}",
                    parts.len()
                ),
            ));
        };
        let cron = Cron {
            fields: [minutes, hours, dom, month, dow, year].map(|field| field.to_string()),
        };
        cron.check()
            .map_err(|reason| schedule_error(text, &reason))?;
        Ok(cron)
    }
}

text_serde!(Cron);

#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for Cron {
    /// A valid cron expression: each field drawn from the grammar of the
    /// module documentation, one of day-of-month/day-of-week `?`.
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        let mut fields: [String; 6] = Default::default();
        for (slot, kind) in fields.iter_mut().zip(FieldKind::ALL) {
            *slot = kind.arbitrary_field(u)?;
        }
        // The field generators never produce `?`; blank exactly one day field.
        let blank = if u.arbitrary()? { 2 } else { 4 };
        fields[blank] = "?".to_string();
        Ok(Cron { fields })
    }
}

/// What a scheduled handler is registered with: a [`Rate`], a [`Cron`], or a
/// string kept verbatim (as Chalice keeps a string passed to `schedule()`).
///
/// ```
/// use chalice_events::schedule::{Rate, ScheduleExpression};
///
/// let from_rate = ScheduleExpression::from(Rate::minutes(5)?);
/// let parsed = ScheduleExpression::parse("rate(5 minutes)")?;
/// assert_eq!(from_rate, parsed);
/// assert_eq!(parsed.to_string(), "rate(5 minutes)");
///
/// // `From<&str>` never fails and never changes the text.
/// let raw = ScheduleExpression::from("rate(5  minutes)");
/// assert_eq!(raw.to_string(), "rate(5  minutes)");
/// assert!(raw.validate().is_err());
/// # Ok::<(), chalice_events::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ScheduleExpression {
    /// `rate(...)`.
    Rate(Rate),
    /// `cron(...)`.
    Cron(Cron),
    /// Any text, unchecked, used verbatim.
    Raw(String),
}

impl ScheduleExpression {
    /// Reads a `rate(...)` or `cron(...)` expression, checking it.
    ///
    /// # Errors
    ///
    /// [`Error::Schedule`] when the text is neither a valid `rate(...)` nor a
    /// valid `cron(...)` expression.
    ///
    /// ```
    /// use chalice_events::schedule::ScheduleExpression;
    ///
    /// let cron = ScheduleExpression::parse("cron(0/5 8-17 ? * MON-FRI *)")?;
    /// assert!(matches!(cron, ScheduleExpression::Cron(_)));
    /// assert!(ScheduleExpression::parse("every 5 minutes").is_err());
    /// # Ok::<(), chalice_events::Error>(())
    /// ```
    pub fn parse(text: &str) -> Result<ScheduleExpression, Error> {
        if text.starts_with("rate(") {
            text.parse().map(ScheduleExpression::Rate)
        } else if text.starts_with("cron(") {
            text.parse().map(ScheduleExpression::Cron)
        } else {
            Err(schedule_error(text, "expected `rate(...)` or `cron(...)`"))
        }
    }

    /// Checks the expression; [`Rate`] and [`Cron`] values are valid by
    /// construction, so only [`Raw`](ScheduleExpression::Raw) text can fail.
    ///
    /// # Errors
    ///
    /// As [`ScheduleExpression::parse`] for raw text.
    ///
    /// ```
    /// use chalice_events::schedule::ScheduleExpression;
    ///
    /// assert!(ScheduleExpression::from("rate(1 hour)").validate().is_ok());
    /// assert!(ScheduleExpression::from("rate(1 hours)").validate().is_err());
    /// ```
    pub fn validate(&self) -> Result<(), Error> {
        match self {
            ScheduleExpression::Raw(text) => ScheduleExpression::parse(text).map(|_| ()),
            ScheduleExpression::Rate(_) | ScheduleExpression::Cron(_) => Ok(()),
        }
    }

    /// The rate, if this is one (raw text is not parsed).
    ///
    /// ```
    /// use chalice_events::schedule::{Rate, ScheduleExpression};
    ///
    /// let e = ScheduleExpression::from(Rate::days(1)?);
    /// assert_eq!(e.as_rate().map(|r| r.value()), Some(1));
    /// # Ok::<(), chalice_events::Error>(())
    /// ```
    pub fn as_rate(&self) -> Option<&Rate> {
        match self {
            ScheduleExpression::Rate(rate) => Some(rate),
            _ => None,
        }
    }

    /// The cron schedule, if this is one (raw text is not parsed).
    ///
    /// ```
    /// use chalice_events::schedule::{Cron, ScheduleExpression};
    ///
    /// let e = ScheduleExpression::from(Cron::new(0, 12, "*", "*", "?", "*")?);
    /// assert_eq!(e.as_cron().map(|c| c.hours()), Some("12"));
    /// # Ok::<(), chalice_events::Error>(())
    /// ```
    pub fn as_cron(&self) -> Option<&Cron> {
        match self {
            ScheduleExpression::Cron(cron) => Some(cron),
            _ => None,
        }
    }
}

impl fmt::Display for ScheduleExpression {
    /// The expression as it goes into the EventBridge rule.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScheduleExpression::Rate(rate) => rate.fmt(f),
            ScheduleExpression::Cron(cron) => cron.fmt(f),
            ScheduleExpression::Raw(text) => f.write_str(text),
        }
    }
}

impl FromStr for ScheduleExpression {
    type Err = Error;

    /// As [`ScheduleExpression::parse`].
    fn from_str(text: &str) -> Result<ScheduleExpression, Error> {
        ScheduleExpression::parse(text)
    }
}

impl From<Rate> for ScheduleExpression {
    fn from(rate: Rate) -> Self {
        ScheduleExpression::Rate(rate)
    }
}

impl From<Cron> for ScheduleExpression {
    fn from(cron: Cron) -> Self {
        ScheduleExpression::Cron(cron)
    }
}

impl From<&str> for ScheduleExpression {
    /// Keeps the text verbatim, unchecked, as Chalice does.
    fn from(text: &str) -> Self {
        ScheduleExpression::Raw(text.to_string())
    }
}

impl From<String> for ScheduleExpression {
    /// Keeps the text verbatim, unchecked, as Chalice does.
    fn from(text: String) -> Self {
        ScheduleExpression::Raw(text)
    }
}

impl serde::Serialize for ScheduleExpression {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

fn schedule_error(expression: impl Into<String>, reason: &str) -> Error {
    Error::Schedule {
        expression: expression.into(),
        reason: reason.to_string(),
    }
}

/// The six fields of a cron expression and what each accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FieldKind {
    Minutes,
    Hours,
    DayOfMonth,
    Month,
    DayOfWeek,
    Year,
}

const MONTHS: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];
const WEEKDAYS: [&str; 7] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

impl FieldKind {
    const ALL: [FieldKind; 6] = [
        FieldKind::Minutes,
        FieldKind::Hours,
        FieldKind::DayOfMonth,
        FieldKind::Month,
        FieldKind::DayOfWeek,
        FieldKind::Year,
    ];

    fn label(self) -> &'static str {
        match self {
            FieldKind::Minutes => "minutes",
            FieldKind::Hours => "hours",
            FieldKind::DayOfMonth => "day-of-month",
            FieldKind::Month => "month",
            FieldKind::DayOfWeek => "day-of-week",
            FieldKind::Year => "year",
        }
    }

    /// Smallest and largest value of the field.
    fn range(self) -> (u32, u32) {
        match self {
            FieldKind::Minutes => (0, 59),
            FieldKind::Hours => (0, 23),
            FieldKind::DayOfMonth => (1, 31),
            FieldKind::Month => (1, 12),
            FieldKind::DayOfWeek => (1, 7),
            FieldKind::Year => (1970, 2199),
        }
    }

    /// Names the field accepts for its values, the first meaning the smallest.
    fn names(self) -> &'static [&'static str] {
        match self {
            FieldKind::Month => &MONTHS,
            FieldKind::DayOfWeek => &WEEKDAYS,
            _ => &[],
        }
    }

    /// Checks one field, returning what is wrong with it.
    fn check(self, text: &str) -> Result<(), String> {
        if text.is_empty() {
            return Err("the field is empty".to_string());
        }
        if text.chars().any(char::is_whitespace) {
            return Err("the field contains whitespace".to_string());
        }
        let day_field = matches!(self, FieldKind::DayOfMonth | FieldKind::DayOfWeek);
        if text == "?" {
            return if day_field {
                Ok(())
            } else {
                Err("`?` is only allowed in day-of-month and day-of-week".to_string())
            };
        }
        if text.contains('?') {
            return Err("`?` must stand alone".to_string());
        }
        // Month and day-of-week names contain `L` and `W` (`JUL`, `WED`), so
        // those letters are only refused outright in fields without names.
        match self {
            FieldKind::DayOfMonth if text.contains('#') => {
                return Err("`#` is only allowed in day-of-week".to_string())
            }
            FieldKind::DayOfMonth if text.contains(['L', 'W']) => {
                return self.check_dom_special(text)
            }
            FieldKind::DayOfWeek if text.contains(['L', '#']) => {
                return self.check_dow_special(text)
            }
            FieldKind::Minutes | FieldKind::Hours | FieldKind::Year
                if text.contains(['L', 'W', '#']) =>
            {
                return Err(
                    "`L`, `W` and `#` are only allowed in day-of-month and day-of-week".to_string(),
                );
            }
            _ => {}
        }
        for item in text.split(',') {
            self.check_item(item)?;
        }
        Ok(())
    }

    /// `L`, `LW` or `<day>W` in day-of-month; each must be the whole field.
    fn check_dom_special(self, text: &str) -> Result<(), String> {
        if text == "L" || text == "LW" {
            return Ok(());
        }
        match text.strip_suffix('W') {
            Some(day) if !day.contains(['L', 'W', ',', '-', '/', '*']) => {
                self.value(day).map(|_| ())
            }
            _ => Err("`L` and `W` must stand alone, as `L`, `LW` or <day>W".to_string()),
        }
    }

    /// `L`, `<day>L` or `<day>#<n>` in day-of-week; each must be the whole field.
    fn check_dow_special(self, text: &str) -> Result<(), String> {
        if text == "L" {
            return Ok(());
        }
        if let Some((day, nth)) = text.split_once('#') {
            self.value(day)?;
            return match nth.parse::<u32>() {
                Ok(1..=5) if nth.bytes().all(|b| b.is_ascii_digit()) => Ok(()),
                _ => Err(format!(
                    "`#{nth}` must name the 1st to 5th weekday of the month"
                )),
            };
        }
        match text.strip_suffix('L') {
            Some(day) if !day.contains(['L', ',', '-', '/', '*']) => self.value(day).map(|_| ()),
            _ => Err("`L` must stand alone, as `L` or <day>L".to_string()),
        }
    }

    /// One item of a comma-separated list: `*`, a value or a range, with an
    /// optional `/step` where the field allows steps.
    fn check_item(self, item: &str) -> Result<(), String> {
        if item.is_empty() {
            return Err("a list item is empty".to_string());
        }
        let (base, step) = match item.split_once('/') {
            Some((base, step)) => (base, Some(step)),
            None => (item, None),
        };
        if let Some(step) = step {
            if self == FieldKind::DayOfWeek {
                return Err("`/` is not allowed in day-of-week".to_string());
            }
            let (_, hi) = self.range();
            match parse_number(step) {
                Some(n) if (1..=hi).contains(&n) => {}
                _ => return Err(format!("the step `{step}` must be a number from 1 to {hi}")),
            }
        }
        if base == "*" {
            return Ok(());
        }
        match base.split_once('-') {
            Some((from, to)) => {
                self.value(from)?;
                self.value(to)?;
            }
            None => {
                self.value(base)?;
            }
        }
        Ok(())
    }

    /// One value of the field: a number in range or (month, day-of-week) a name.
    fn value(self, text: &str) -> Result<u32, String> {
        let (lo, hi) = self.range();
        if let Some(n) = parse_number(text) {
            return if (lo..=hi).contains(&n) {
                Ok(n)
            } else {
                Err(format!("{n} is out of range {lo}-{hi}"))
            };
        }
        let names = self.names();
        if let Some(index) = names
            .iter()
            .position(|name| name.eq_ignore_ascii_case(text))
        {
            return Ok(lo + u32::try_from(index).unwrap_or(0));
        }
        match (names.first(), names.last()) {
            (Some(first), Some(last)) => Err(format!(
                "`{text}` is not a number {lo}-{hi} or a name {first}-{last}"
            )),
            _ => Err(format!("`{text}` is not a number {lo}-{hi}")),
        }
    }

    /// A valid field for this kind, for fuzzing.
    #[cfg(feature = "arbitrary")]
    fn arbitrary_field(self, u: &mut arbitrary::Unstructured<'_>) -> arbitrary::Result<String> {
        let (lo, hi) = self.range();
        let value = |u: &mut arbitrary::Unstructured<'_>| -> arbitrary::Result<String> {
            let n = u.int_in_range(lo..=hi)?;
            let names = self.names();
            if !names.is_empty() && u.arbitrary()? {
                let index = usize::try_from(n - lo).unwrap_or(0);
                return Ok(names.get(index).copied().unwrap_or("*").to_string());
            }
            Ok(n.to_string())
        };
        let choice = u.int_in_range(0..=5u8)?;
        Ok(match (self, choice) {
            (FieldKind::DayOfMonth, 5) => {
                let day = u.int_in_range(1..=31u32)?;
                u.choose(&["L".to_string(), "LW".to_string(), format!("{day}W")])?
                    .clone()
            }
            (FieldKind::DayOfWeek, 5) => {
                let day = value(u)?;
                let nth = u.int_in_range(1..=5u32)?;
                u.choose(&["L".to_string(), format!("{day}L"), format!("{day}#{nth}")])?
                    .clone()
            }
            (FieldKind::DayOfWeek, 3) => "*".to_string(),
            (_, 0) => "*".to_string(),
            (_, 1) => value(u)?,
            (_, 2) => format!("{}-{}", value(u)?, value(u)?),
            (_, 3) => {
                let step = u.int_in_range(1..=hi)?;
                let start = if u.arbitrary()? {
                    "*".to_string()
                } else {
                    value(u)?
                };
                format!("{start}/{step}")
            }
            _ => {
                let count = u.int_in_range(1..=4u8)?;
                let mut items = Vec::new();
                for _ in 0..count {
                    items.push(value(u)?);
                }
                items.join(",")
            }
        })
    }
}

/// A plain decimal number of at most 4 digits (longer ones are out of every range).
fn parse_number(text: &str) -> Option<u32> {
    if text.is_empty() || text.len() > 4 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn expected_strings() -> serde_json::Map<String, serde_json::Value> {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../testdata/conformance/expected/_schedule_strings.json"
        );
        let text = std::fs::read_to_string(path).unwrap();
        serde_json::from_str(&text).unwrap()
    }

    /// conformance/expected/_schedule_strings.json, from refapp.py's SCHEDULE_STRINGS.
    #[test]
    fn reproduces_chalice_schedule_strings() {
        let ours: Vec<(&str, ScheduleExpression)> = vec![
            (
                "rate_5_minutes",
                Rate::new(5, RateUnit::Minutes).unwrap().into(),
            ),
            (
                "rate_1_minute",
                Rate::new(1, RateUnit::Minutes).unwrap().into(),
            ),
            ("rate_1_hour", Rate::new(1, RateUnit::Hours).unwrap().into()),
            ("rate_2_days", Rate::new(2, RateUnit::Days).unwrap().into()),
            (
                "cron_example",
                Cron::new(15, 10, "?", "*", "6L", "2002-2005")
                    .unwrap()
                    .into(),
            ),
            (
                "cron_every_15",
                Cron::new("0/15", "*", "*", "*", "?", "*").unwrap().into(),
            ),
            (
                "cron_weekdays",
                Cron::new("0/5", "8-17", "?", "*", "MON-FRI", "*")
                    .unwrap()
                    .into(),
            ),
        ];
        let expected = expected_strings();
        assert_eq!(
            ours.len(),
            expected.len(),
            "every expected string is covered"
        );
        for (key, expression) in &ours {
            let want = expected[*key].as_str().unwrap();
            assert_eq!(expression.to_string(), want, "{key}");
            // And the expected text parses back to the same value.
            assert_eq!(
                &ScheduleExpression::parse(want).unwrap(),
                expression,
                "{key}"
            );
        }
    }

    /// SPEC §11.4, `test_rule_object_converts_to_str` and `test_cron_expression_converts_to_str`.
    #[test]
    fn spec_examples() {
        let table: Vec<(Result<ScheduleExpression, Error>, &str)> = vec![
            (Rate::minutes(1).map(Into::into), "rate(1 minute)"),
            (Rate::minutes(2).map(Into::into), "rate(2 minutes)"),
            (Rate::hours(1).map(Into::into), "rate(1 hour)"),
            (Rate::hours(2).map(Into::into), "rate(2 hours)"),
            (Rate::days(1).map(Into::into), "rate(1 day)"),
            (Rate::days(2).map(Into::into), "rate(2 days)"),
            (
                Cron::new(0, 18, "?", "*", "MON-FRI", "*").map(Into::into),
                "cron(0 18 ? * MON-FRI *)",
            ),
            (
                Cron::new(0, 9, "?", "*", "2#1", "*").map(Into::into),
                "cron(0 9 ? * 2#1 *)",
            ),
            (
                Cron::new(0, 10, "*", "*", "?", "*").map(Into::into),
                "cron(0 10 * * ? *)",
            ),
            (
                Cron::new(0, 12, "L", "*", "?", "2019-2020").map(Into::into),
                "cron(0 12 L * ? 2019-2020)",
            ),
            (
                Cron::new(0, 8, "1W", "JAN,JUL", "?", "*").map(Into::into),
                "cron(0 8 1W JAN,JUL ? *)",
            ),
            (
                Cron::new("*/10", "*", "?", "*", "L", "*").map(Into::into),
                "cron(*/10 * ? * L *)",
            ),
            (
                Cron::new(0, "22-2", "?", "*", "fri#5", "*").map(Into::into),
                "cron(0 22-2 ? * fri#5 *)",
            ),
            (
                Cron::new(0, 0, "LW", "*", "?", "*").map(Into::into),
                "cron(0 0 LW * ? *)",
            ),
            (
                Cron::new(0, "0-20/4", "?", "*", "SUN,SAT", "*/3").map(Into::into),
                "cron(0 0-20/4 ? * SUN,SAT */3)",
            ),
        ];
        for (built, text) in table {
            let built = built.unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(built.to_string(), text);
            assert_eq!(ScheduleExpression::parse(text).unwrap(), built, "{text}");
            assert!(ScheduleExpression::from(text).validate().is_ok(), "{text}");
        }
    }

    #[test]
    fn strings_are_kept_verbatim() {
        for text in ["rate(5 minutes)", "every day", "", "cron(nonsense)"] {
            let e = ScheduleExpression::from(text);
            assert_eq!(e, ScheduleExpression::Raw(text.to_string()));
            assert_eq!(e.to_string(), text);
            assert_eq!(ScheduleExpression::from(text.to_string()), e);
        }
        assert_eq!(
            serde_json::to_value(ScheduleExpression::from(Rate::minutes(3).unwrap())).unwrap(),
            "rate(3 minutes)"
        );
    }

    #[test]
    fn rate_errors() {
        insta::assert_snapshot!(Rate::new(0, RateUnit::Days).unwrap_err(), @"invalid schedule expression `rate(0 days)`: the value must be at least 1");
        insta::assert_snapshot!(Rate::minutes(0).unwrap_err(), @"invalid schedule expression `rate(0 minutes)`: the value must be at least 1");
        let err = |text: &str| text.parse::<Rate>().unwrap_err();
        insta::assert_snapshot!(err("rate(1 minutes)"), @"invalid schedule expression `rate(1 minutes)`: a value of 1 takes the singular unit `minute`");
        insta::assert_snapshot!(err("rate(5 minute)"), @"invalid schedule expression `rate(5 minute)`: a value other than 1 takes the plural unit `minutes`");
        insta::assert_snapshot!(err("rate(0 days)"), @"invalid schedule expression `rate(0 days)`: the value must be at least 1");
        insta::assert_snapshot!(err("rate(05 days)"), @"invalid schedule expression `rate(05 days)`: the value `05` has a leading zero");
        insta::assert_snapshot!(err("rate(-1 days)"), @"invalid schedule expression `rate(-1 days)`: the value `-1` is not a positive integer");
        insta::assert_snapshot!(err("rate(1.0 minute)"), @"invalid schedule expression `rate(1.0 minute)`: the value `1.0` is not a positive integer");
        insta::assert_snapshot!(err("rate(99999999999 days)"), @"invalid schedule expression `rate(99999999999 days)`: the value `99999999999` is too large");
        insta::assert_snapshot!(err("rate(1 minut)"), @"invalid schedule expression `rate(1 minut)`: unknown unit `minut` (expected minute(s), hour(s) or day(s))");
        insta::assert_snapshot!(err("rate(2 Days)"), @"invalid schedule expression `rate(2 Days)`: unknown unit `Days` (expected minute(s), hour(s) or day(s))");
        insta::assert_snapshot!(err("rate(5  minutes)"), @"invalid schedule expression `rate(5  minutes)`: expected a value and a unit separated by one space");
        insta::assert_snapshot!(err("rate(5)"), @"invalid schedule expression `rate(5)`: expected a value and a unit separated by one space");
        insta::assert_snapshot!(err("rate 5 minutes"), @"invalid schedule expression `rate 5 minutes`: expected `rate(<value> <unit>)`");
        insta::assert_snapshot!(err("rate(5 minutes) "), @"invalid schedule expression `rate(5 minutes) `: expected `rate(<value> <unit>)`");
        assert_eq!(err("rate(1 minutes)").classify(), crate::Category::Argument);
    }

    #[test]
    fn cron_errors() {
        let new = |f: [&str; 6]| Cron::new(f[0], f[1], f[2], f[3], f[4], f[5]).unwrap_err();
        insta::assert_snapshot!(new(["0", "9", "1", "*", "MON", "*"]), @"invalid schedule expression `cron(0 9 1 * MON *)`: day-of-month and day-of-week cannot both be set; one of them must be `?`");
        insta::assert_snapshot!(new(["0", "9", "*", "*", "*", "*"]), @"invalid schedule expression `cron(0 9 * * * *)`: day-of-month and day-of-week cannot both be set; one of them must be `?`");
        insta::assert_snapshot!(new(["0", "9", "?", "*", "?", "*"]), @"invalid schedule expression `cron(0 9 ? * ? *)`: day-of-month and day-of-week cannot both be `?`");
        insta::assert_snapshot!(new(["", "9", "?", "*", "MON", "*"]), @"invalid schedule expression `cron( 9 ? * MON *)`: minutes field ``: the field is empty");
        insta::assert_snapshot!(new(["0", "9 10", "?", "*", "MON", "*"]), @"invalid schedule expression `cron(0 9 10 ? * MON *)`: hours field `9 10`: the field contains whitespace");
        insta::assert_snapshot!(new(["60", "*", "?", "*", "MON", "*"]), @"invalid schedule expression `cron(60 * ? * MON *)`: minutes field `60`: 60 is out of range 0-59");
        insta::assert_snapshot!(new(["0", "24", "?", "*", "MON", "*"]), @"invalid schedule expression `cron(0 24 ? * MON *)`: hours field `24`: 24 is out of range 0-23");
        insta::assert_snapshot!(new(["0", "0", "0", "*", "?", "*"]), @"invalid schedule expression `cron(0 0 0 * ? *)`: day-of-month field `0`: 0 is out of range 1-31");
        insta::assert_snapshot!(new(["0", "0", "1", "13", "?", "*"]), @"invalid schedule expression `cron(0 0 1 13 ? *)`: month field `13`: 13 is out of range 1-12");
        insta::assert_snapshot!(new(["0", "0", "1", "JANUARY", "?", "*"]), @"invalid schedule expression `cron(0 0 1 JANUARY ? *)`: month field `JANUARY`: `JANUARY` is not a number 1-12 or a name JAN-DEC");
        insta::assert_snapshot!(new(["0", "0", "?", "*", "8", "*"]), @"invalid schedule expression `cron(0 0 ? * 8 *)`: day-of-week field `8`: 8 is out of range 1-7");
        insta::assert_snapshot!(new(["0", "0", "?", "*", "MON#6", "*"]), @"invalid schedule expression `cron(0 0 ? * MON#6 *)`: day-of-week field `MON#6`: `#6` must name the 1st to 5th weekday of the month");
        insta::assert_snapshot!(new(["0", "0", "?", "*", "MON-FRI/2", "*"]), @"invalid schedule expression `cron(0 0 ? * MON-FRI/2 *)`: day-of-week field `MON-FRI/2`: `/` is not allowed in day-of-week");
        insta::assert_snapshot!(new(["0", "0", "?", "*", "1W", "*"]), @"invalid schedule expression `cron(0 0 ? * 1W *)`: day-of-week field `1W`: `1W` is not a number 1-7 or a name SUN-SAT");
        insta::assert_snapshot!(new(["0", "0", "1#2", "*", "?", "*"]), @"invalid schedule expression `cron(0 0 1#2 * ? *)`: day-of-month field `1#2`: `#` is only allowed in day-of-week");
        insta::assert_snapshot!(new(["0", "0", "L,5", "*", "?", "*"]), @"invalid schedule expression `cron(0 0 L,5 * ? *)`: day-of-month field `L,5`: `L` and `W` must stand alone, as `L`, `LW` or <day>W");
        insta::assert_snapshot!(new(["0L", "0", "1", "*", "?", "*"]), @"invalid schedule expression `cron(0L 0 1 * ? *)`: minutes field `0L`: `L`, `W` and `#` are only allowed in day-of-month and day-of-week");
        insta::assert_snapshot!(new(["?", "0", "1", "*", "?", "*"]), @"invalid schedule expression `cron(? 0 1 * ? *)`: minutes field `?`: `?` is only allowed in day-of-month and day-of-week");
        insta::assert_snapshot!(new(["0", "0", "?,1", "*", "MON", "*"]), @"invalid schedule expression `cron(0 0 ?,1 * MON *)`: day-of-month field `?,1`: `?` must stand alone");
        insta::assert_snapshot!(new(["0/0", "0", "1", "*", "?", "*"]), @"invalid schedule expression `cron(0/0 0 1 * ? *)`: minutes field `0/0`: the step `0` must be a number from 1 to 59");
        insta::assert_snapshot!(new(["1,,2", "0", "1", "*", "?", "*"]), @"invalid schedule expression `cron(1,,2 0 1 * ? *)`: minutes field `1,,2`: a list item is empty");
        insta::assert_snapshot!(new(["0", "0", "1", "*", "?", "1969"]), @"invalid schedule expression `cron(0 0 1 * ? 1969)`: year field `1969`: 1969 is out of range 1970-2199");
        insta::assert_snapshot!(new(["0", "0", "1", "*", "?", "2000-"]), @"invalid schedule expression `cron(0 0 1 * ? 2000-)`: year field `2000-`: `` is not a number 1970-2199");
        insta::assert_snapshot!(new(["-1", "0", "1", "*", "?", "*"]), @"invalid schedule expression `cron(-1 0 1 * ? *)`: minutes field `-1`: `` is not a number 0-59");

        let parse = |text: &str| text.parse::<Cron>().unwrap_err();
        insta::assert_snapshot!(parse("cron(0 18 ? * MON-FRI)"), @"invalid schedule expression `cron(0 18 ? * MON-FRI)`: expected 6 fields separated by single spaces, found 5");
        insta::assert_snapshot!(parse("cron(0  18 ? * MON-FRI *)"), @"invalid schedule expression `cron(0  18 ? * MON-FRI *)`: expected 6 fields separated by single spaces, found 7");
        insta::assert_snapshot!(parse("cron(0 18 ? * MON-FRI * )"), @"invalid schedule expression `cron(0 18 ? * MON-FRI * )`: expected 6 fields separated by single spaces, found 7");
        insta::assert_snapshot!(parse("0 18 ? * MON-FRI *"), @"invalid schedule expression `0 18 ? * MON-FRI *`: expected `cron(<six fields>)`");
        insta::assert_snapshot!(ScheduleExpression::parse("at(2024-01-01T00:00:00)").unwrap_err(), @"invalid schedule expression `at(2024-01-01T00:00:00)`: expected `rate(...)` or `cron(...)`");
    }

    #[test]
    fn serde_uses_the_expression_text() {
        let cron = Cron::new(0, 18, "?", "*", "MON-FRI", "*").unwrap();
        let json = serde_json::to_value(&cron).unwrap();
        assert_eq!(json, "cron(0 18 ? * MON-FRI *)");
        assert_eq!(serde_json::from_value::<Cron>(json).unwrap(), cron);
        let rate: Rate = serde_json::from_str(r#""rate(1 day)""#).unwrap();
        assert_eq!(rate, Rate::days(1).unwrap());
        assert!(serde_json::from_str::<Rate>(r#""rate(1 days)""#).is_err());
    }

    fn unit() -> impl Strategy<Value = RateUnit> {
        prop_oneof![
            Just(RateUnit::Minutes),
            Just(RateUnit::Hours),
            Just(RateUnit::Days)
        ]
    }

    prop_compose! {
        fn rate()(value in prop_oneof![1u32..=3, 1u32..=u32::MAX], unit in unit()) -> Rate {
            Rate { value, unit }
        }
    }

    /// One value of `kind`: a number, or a name where the field has names.
    fn value(kind: FieldKind) -> BoxedStrategy<String> {
        let (lo, hi) = kind.range();
        let names = kind.names();
        if names.is_empty() {
            (lo..=hi).prop_map(|n| n.to_string()).boxed()
        } else {
            prop_oneof![
                (lo..=hi).prop_map(|n| n.to_string()),
                proptest::sample::select(names).prop_map(str::to_string),
                proptest::sample::select(names).prop_map(str::to_lowercase),
            ]
            .boxed()
        }
    }

    /// A field of `kind` that is valid by construction (never `?`).
    fn field(kind: FieldKind) -> BoxedStrategy<String> {
        let (_, hi) = kind.range();
        let v = value(kind);
        let range = (v.clone(), v.clone()).prop_map(|(a, b)| format!("{a}-{b}"));
        let list = proptest::collection::vec(v.clone(), 1..4).prop_map(|items| items.join(","));
        let common = prop_oneof![Just("*".to_string()), v.clone(), range.clone(), list];
        match kind {
            FieldKind::DayOfWeek => prop_oneof![
                common,
                Just("L".to_string()),
                v.clone().prop_map(|d| format!("{d}L")),
                (v, 1u32..=5).prop_map(|(d, n)| format!("{d}#{n}")),
            ]
            .boxed(),
            _ => {
                let stepped = (prop_oneof![Just("*".to_string()), v, range], 1..=hi)
                    .prop_map(|(base, step)| format!("{base}/{step}"));
                if kind == FieldKind::DayOfMonth {
                    prop_oneof![
                        common,
                        stepped,
                        Just("L".to_string()),
                        Just("LW".to_string()),
                        (1u32..=31).prop_map(|d| format!("{d}W")),
                    ]
                    .boxed()
                } else {
                    prop_oneof![common, stepped].boxed()
                }
            }
        }
    }

    prop_compose! {
        fn cron()(
            minutes in field(FieldKind::Minutes),
            hours in field(FieldKind::Hours),
            dom in field(FieldKind::DayOfMonth),
            month in field(FieldKind::Month),
            dow in field(FieldKind::DayOfWeek),
            year in field(FieldKind::Year),
            dom_is_blank in any::<bool>(),
        ) -> Cron {
            let (dom, dow) = if dom_is_blank { ("?".to_string(), dow) } else { (dom, "?".to_string()) };
            Cron { fields: [minutes, hours, dom, month, dow, year] }
        }
    }

    proptest! {
        #[test]
        fn rate_display_parses_back(rate in rate()) {
            let text = rate.to_string();
            prop_assert_eq!(text.parse::<Rate>().unwrap(), rate);
            prop_assert_eq!(Rate::new(rate.value(), rate.unit()).unwrap(), rate);
            prop_assert_eq!(ScheduleExpression::parse(&text).unwrap(), ScheduleExpression::Rate(rate));
        }

        #[test]
        fn cron_display_parses_back(cron in cron()) {
            let text = cron.to_string();
            let parsed = text.parse::<Cron>();
            prop_assert!(parsed.is_ok(), "{}: {:?}", text, parsed);
            prop_assert_eq!(parsed.unwrap(), cron.clone());
            let [a, b, c, d, e, f] = cron.fields.clone();
            prop_assert_eq!(Cron::new(a, b, c, d, e, f).unwrap(), cron);
        }

        #[test]
        fn parsing_never_panics(text in "(rate|cron)\\([ -~]{0,30}\\)") {
            let _ = ScheduleExpression::parse(&text);
        }
    }

    #[cfg(feature = "arbitrary")]
    #[test]
    fn arbitrary_values_are_valid() {
        use arbitrary::{Arbitrary, Unstructured};
        for seed in 0..500u32 {
            let bytes: Vec<u8> = (0..256u32)
                .map(|i| (i.wrapping_mul(2654435761).wrapping_add(seed * 97) >> 7) as u8)
                .collect();
            let mut u = Unstructured::new(&bytes);
            let rate = Rate::arbitrary(&mut u).unwrap();
            assert_eq!(rate.to_string().parse::<Rate>().unwrap(), rate);
            let cron = Cron::arbitrary(&mut u).unwrap();
            let parsed = cron.to_string().parse::<Cron>();
            assert_eq!(parsed.as_ref().ok(), Some(&cron), "{cron}: {parsed:?}");
        }
    }
}
