//! `rate(...)` expressions: [`Rate`] and its [`RateUnit`].

use super::*;

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
    pub(super) fn word(self, value: u32) -> &'static str {
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
    pub(super) value: u32,
    pub(super) unit: RateUnit,
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
    /// [module documentation](super#the-rules-checked).
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
