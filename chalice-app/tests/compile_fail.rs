//! What the compiler says to a handler of the wrong type: the hints of
//! `#[diagnostic::on_unimplemented]` on chalice-app's handler traits, checked
//! against the `.stderr` files beside each case in `tests/ui/`.
//!
//! After a deliberate change of a message (or of the compiler's wording),
//! regenerate them with `TRYBUILD=overwrite cargo test -p chalice-app --test
//! compile_fail` and read the diff.

// trybuild builds the cases with the features of this test's build; with the
// AWS SDK of `websocket-aws` that is minutes more for hints it does not touch.
#[test]
#[cfg_attr(
    feature = "websocket-aws",
    ignore = "the hints do not depend on websocket-aws"
)]
fn wrongly_typed_handlers_get_a_hint() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
}
