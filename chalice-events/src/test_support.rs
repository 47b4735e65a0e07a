//! What the unit tests of the event modules share: the real payloads of
//! `testdata/fixtures`, the lossless law checked on each of them, and the fixed
//! pseudo-random input of the `Arbitrary` round-trip tests.

use serde::Serialize;
use serde_json::Value;

use crate::Event;

/// The JSON files of `testdata/fixtures/<kind>`, as `(path, bytes)` sorted by path.
///
/// # Panics
///
/// When the folder cannot be read or holds no JSON file.
pub(crate) fn fixtures(kind: &str) -> Vec<(String, Vec<u8>)> {
    let dir = format!("{}/../testdata/fixtures/{kind}", env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .map(|path| (path.display().to_string(), std::fs::read(&path).unwrap()))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no fixtures in {dir}");
    files
}

/// Reads every fixture of `kind` as an `E` and checks the lossless law on it:
/// [`Event::from_slice`] accepts the file, and both [`Event::to_dict`] and
/// `serde_json::to_value` give back the file's JSON. Returns the events with
/// their paths, for the module's own assertions.
///
/// # Panics
///
/// As [`fixtures`], or when a fixture breaks the law (the message names it).
pub(crate) fn assert_fixtures_round_trip<E: Event + Serialize>(kind: &str) -> Vec<(String, E)> {
    fixtures(kind)
        .into_iter()
        .map(|(name, bytes)| {
            let event = E::from_slice(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
            let original: Value = serde_json::from_slice(&bytes).unwrap();
            assert_eq!(event.to_dict(), original, "{name}");
            assert_eq!(serde_json::to_value(&event).unwrap(), original, "{name}");
            (name, event)
        })
        .collect()
}

/// The next `len` bytes of the xorshift64 stream in `state` (the low byte of
/// each state), so that a failing generated input can be replayed.
#[cfg(feature = "arbitrary")]
pub(crate) fn xorshift_bytes(state: &mut u64, len: usize) -> Vec<u8> {
    (0..len)
        .map(|_| {
            *state ^= *state << 13;
            *state ^= *state >> 7;
            *state ^= *state << 17;
            *state as u8
        })
        .collect()
}

/// Generates 64 events from xorshift input seeded with `seed` (0, 8, ..., 504
/// bytes), writes each with `serde_json` and reads it back with
/// [`Event::from_slice`], checking that `to_dict()` is unchanged. Returns the
/// `(generated, read back)` pairs, for the module's own assertions.
///
/// # Panics
///
/// When an event cannot be generated, written or read back, or changes.
#[cfg(feature = "arbitrary")]
pub(crate) fn assert_arbitrary_round_trip<E>(mut seed: u64) -> Vec<(E, E)>
where
    E: Event + Serialize + for<'a> arbitrary::Arbitrary<'a>,
{
    (0..64)
        .map(|len| {
            let bytes = xorshift_bytes(&mut seed, len * 8);
            let event = E::arbitrary(&mut arbitrary::Unstructured::new(&bytes)).unwrap();
            let json = serde_json::to_vec(&event).unwrap();
            let again = E::from_slice(&json).unwrap();
            assert_eq!(again.to_dict(), event.to_dict());
            (event, again)
        })
        .collect()
}

/// Mutates every fixture of `kind` at random places (a field removed, or
/// replaced by `null`, a number, a string, an array or an object) and checks
/// what the one reader does with each: it either accepts the input, and then
/// `to_dict()` gives it back and `to_json()` is text of the same JSON, or
/// refuses it with an error naming a field's path. Text and `Value` inputs
/// get the same answer.
///
/// # Panics
///
/// As [`fixtures`], or when an input breaks that rule.
pub(crate) fn assert_mutations_are_judged<E: Event + PartialEq + std::fmt::Debug>(kind: &str) {
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n.max(1) as u64) as usize
    };
    for (name, bytes) in fixtures(kind) {
        let original: Value = serde_json::from_slice(&bytes).unwrap();
        for _ in 0..300 {
            let mut value = original.clone();
            for _ in 0..=next(2) {
                mutate(&mut value, &mut next);
            }
            let text = serde_json::to_vec(&value).unwrap();
            match (E::from_slice(&text), E::from_value(value.clone())) {
                (Ok(read), Ok(given)) => {
                    assert_eq!(read, given, "{name}: {value}");
                    assert_eq!(read.to_dict(), value, "{name}");
                    let again: Value = serde_json::from_str(&read.to_json()).unwrap();
                    assert_eq!(again, value, "{name}");
                }
                (Err(read), Err(given)) => {
                    assert_eq!(read, given, "{name}: {value}");
                    assert!(read.path().is_some(), "{name}: {read}");
                }
                (read, given) => panic!("{name}: text {read:?}, value {given:?}: {value}"),
            }
        }
    }
}

fn mutate(value: &mut Value, next: &mut impl FnMut(usize) -> usize) {
    let descend = next(3) != 0;
    match value {
        Value::Object(map) if !map.is_empty() && descend => {
            let i = next(map.len());
            let key = map.keys().nth(i).cloned().unwrap_or_default();
            if next(4) == 0 {
                map.shift_remove(&key);
            } else if let Some(v) = map.get_mut(&key) {
                mutate(v, next);
            }
        }
        Value::Array(items) if !items.is_empty() && descend => {
            let i = next(items.len());
            mutate(&mut items[i], next);
        }
        _ => {
            let replacements = [
                Value::Null,
                serde_json::json!(-1.5),
                serde_json::json!(7),
                serde_json::json!("s"),
                serde_json::json!("Zm9v"),
                serde_json::json!(["s"]),
                serde_json::json!({}),
            ];
            *value = replacements[next(replacements.len())].clone();
        }
    }
}

/// Any JSON value, four levels deep at most: every kind of number, strings
/// of any characters and strings dense with escapes, arrays, and objects of
/// up to `members` members whose keys match the regex `keys` (a few short
/// names make keys repeat within an object, though a `Value` keeps one).
pub(crate) fn json_values(
    keys: &'static str,
    members: usize,
) -> impl proptest::strategy::Strategy<Value = Value> {
    use proptest::prelude::*;
    use serde_json::json;

    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<u64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|f| json!(f)),
        any::<String>().prop_map(Value::String),
        "[\"\\\\a-zé✓\\x00-\\x1f\\x7f]{0,24}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            proptest::collection::vec((keys, inner), 0..members)
                .prop_map(|entries| Value::Object(entries.into_iter().collect())),
        ]
    })
}
