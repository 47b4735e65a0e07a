//! The reference app as a Lambda binary: `chalice_app::run` on the twin of
//! Chalice's reference app, for the end-to-end runtime test.

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), chalice_app::Error> {
    chalice_app::run(chalice_tests::refapp::refapp()).await
}
