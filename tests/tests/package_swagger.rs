//! The Swagger document of the twin app against Python Chalice 1.34's
//! (`testdata/conformance/package/`): what `chalice generate-models` printed,
//! and the documents embedded in the templates of `chalice package` (the SAM
//! `RestAPI`'s `DefinitionBody`, Terraform's `locals.chalice_api_swagger`
//! text). Compared as `compare.py` compares them: equal JSON, object key
//! order ignored.

use chalice_app::package::swagger::{generate, RestApiSettings, Target};
use chalice_app::package::validate;
use chalice_tests::refapp::{refapp, refapp_with, RefappOptions};
use chalice_tests::{compare, testdata_dir};
use serde_json::Value;

fn read(name: &str) -> Value {
    let path = testdata_dir().join("conformance/package").join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The twin as the case `name` builds the reference app.
fn twin_for(name: &str) -> chalice_app::Chalice {
    let case = read(&format!("cases/{name}.json"));
    let without_s3 = case["without_s3"].as_bool().unwrap();
    refapp_with(RefappOptions {
        without_s3,
        ..RefappOptions::default()
    })
}

fn assert_same(name: &str, expected: &Value, actual: &Value) {
    // `compare` lists the differences; `==` also tells an int from a float,
    // as compare.py does.
    let problems = compare(expected, actual);
    assert!(
        problems.is_empty() && expected == actual,
        "{name}: the Swagger document differs from Chalice's:\n  {}",
        problems.join("\n  ")
    );
}

#[test]
fn generate_models_output_matches_chalice() {
    let expected = &read("expected/swagger.json")["template"];
    let actual = generate(
        &twin_for("swagger"),
        Target::Swagger,
        &RestApiSettings::default(),
    );
    assert_same("swagger", expected, &actual);
}

#[test]
fn sam_definition_body_matches_chalice() {
    for name in ["sam_default", "sam_tuned"] {
        let template = &read(&format!("expected/{name}.json"))["template"];
        let expected = &template["Resources"]["RestAPI"]["Properties"]["DefinitionBody"];
        assert!(expected.is_object(), "{name}: no DefinitionBody");
        let actual = generate(
            &twin_for(name),
            Target::CloudFormation,
            &RestApiSettings::default(),
        );
        assert_same(name, expected, &actual);
    }
}

#[test]
fn terraform_swagger_local_matches_chalice() {
    for name in ["terraform_default", "terraform_tuned"] {
        let template = &read(&format!("expected/{name}.json"))["template"];
        let text = template["locals"]["chalice_api_swagger"].as_str().unwrap();
        let expected: Value = serde_json::from_str(text).unwrap();
        let actual = generate(
            &twin_for(name),
            Target::Terraform,
            &RestApiSettings::default(),
        );
        assert_same(name, &expected, &actual);
    }
}

#[test]
fn the_twin_passes_deploy_time_validation() {
    validate(&refapp()).unwrap();
    validate(&refapp_with(RefappOptions {
        without_s3: true,
        ..RefappOptions::default()
    }))
    .unwrap();
    // Without its opt-in, the websocket handlers stop it, as they stop Chalice.
    let mut app = refapp();
    app.experimental_feature_flags.clear();
    let error = validate(&app).unwrap_err().to_string();
    assert!(
        error.contains("experimental features without explicitly opting in (WEBSOCKETS)"),
        "{error}"
    );
}

#[test]
fn the_s3_handler_is_optional() {
    let names = |app: &chalice_app::Chalice| {
        app.event_sources()
            .iter()
            .map(|(name, _)| name.clone())
            .collect::<Vec<_>>()
    };
    assert!(names(&refapp()).contains(&"on_upload".to_string()));
    let without = refapp_with(RefappOptions {
        without_s3: true,
        ..RefappOptions::default()
    });
    assert!(!names(&without).contains(&"on_upload".to_string()));
    assert!(!without.handler_names().contains(&"on_upload".to_string()));
}
