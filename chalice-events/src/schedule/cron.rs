//! `cron(...)` expressions: [`Cron`], its six fields checked as EventBridge checks them.

use super::*;

/// A calendar schedule, `cron(0 18 ? * MON-FRI *)`: Chalice's
/// `Cron(minutes, hours, day_of_month, month, day_of_week, year)`.
///
/// Every field is checked against AWS's rules when the value is built (see the
/// [module documentation](super#the-rules-checked)); the fields are kept as
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
    pub(super) fields: [String; 6],
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
    pub(super) fn check(&self) -> Result<(), String> {
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
    /// [module documentation](super#the-rules-checked).
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
