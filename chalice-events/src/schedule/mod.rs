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

mod cron;
mod expression;
mod fields;
mod rate;
#[cfg(test)]
mod tests;

pub use cron::Cron;
use expression::schedule_error;
pub use expression::ScheduleExpression;
use fields::FieldKind;
pub use rate::{Rate, RateUnit};
