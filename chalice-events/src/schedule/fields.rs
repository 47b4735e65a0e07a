//! The six fields of a cron expression and what each accepts.

/// The six fields of a cron expression and what each accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum FieldKind {
    Minutes,
    Hours,
    DayOfMonth,
    Month,
    DayOfWeek,
    Year,
}

pub(super) const MONTHS: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];
pub(super) const WEEKDAYS: [&str; 7] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

impl FieldKind {
    pub(super) const ALL: [FieldKind; 6] = [
        FieldKind::Minutes,
        FieldKind::Hours,
        FieldKind::DayOfMonth,
        FieldKind::Month,
        FieldKind::DayOfWeek,
        FieldKind::Year,
    ];

    pub(super) fn label(self) -> &'static str {
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
    pub(super) fn range(self) -> (u32, u32) {
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
    pub(super) fn names(self) -> &'static [&'static str] {
        match self {
            FieldKind::Month => &MONTHS,
            FieldKind::DayOfWeek => &WEEKDAYS,
            _ => &[],
        }
    }

    /// Checks one field, returning what is wrong with it.
    pub(super) fn check(self, text: &str) -> Result<(), String> {
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
    pub(super) fn check_dom_special(self, text: &str) -> Result<(), String> {
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
    pub(super) fn check_dow_special(self, text: &str) -> Result<(), String> {
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
    pub(super) fn check_item(self, item: &str) -> Result<(), String> {
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
    pub(super) fn value(self, text: &str) -> Result<u32, String> {
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
    pub(super) fn arbitrary_field(
        self,
        u: &mut arbitrary::Unstructured<'_>,
    ) -> arbitrary::Result<String> {
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
pub(super) fn parse_number(text: &str) -> Option<u32> {
    if text.is_empty() || text.len() > 4 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}
