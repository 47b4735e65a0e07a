//! [`ScheduleExpression`]: a rate, a cron, or text passed through.

use super::*;

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

pub(super) fn schedule_error(expression: impl Into<String>, reason: &str) -> Error {
    Error::Schedule {
        expression: expression.into(),
        reason: reason.to_string(),
    }
}
