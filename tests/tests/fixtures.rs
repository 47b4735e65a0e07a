//! The lossless law on every real event under `testdata/fixtures/`: the
//! parsed event gives back a value equal to the file's JSON. A file that fails
//! is a bug, never a skip.

use chalice_tests::{parse_kind, testdata_dir, KINDS};
use serde_json::Value;

#[test]
fn every_fixture_round_trips_losslessly() {
    let mut checked = 0;
    let mut failures = Vec::new();
    for kind in KINDS {
        let dir = testdata_dir().join("fixtures").join(kind);
        let mut entries: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        entries.sort();
        assert!(!entries.is_empty(), "no fixtures for {kind}");
        for path in entries {
            let bytes = std::fs::read(&path).unwrap();
            let original: Value = serde_json::from_slice(&bytes).unwrap();
            match parse_kind(kind, &bytes) {
                Ok(out) if out["to_dict"] == original => {}
                Ok(_) => failures.push(format!("{kind}/{}: to_dict differs", path.display())),
                Err(e) => failures.push(format!("{kind}/{}: {e}", path.display())),
            }
            checked += 1;
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} fixtures failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(checked >= 250, "only {checked} fixtures found");
}

#[test]
fn unknown_kinds_are_refused() {
    assert!(parse_kind("nope", b"{}")
        .unwrap_err()
        .contains("unknown kind"));
}
