//! Tests of the module, on the texts users write.

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
