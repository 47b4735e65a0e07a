//! The command line of an app binary, outside Lambda:
//!
//! ```text
//! <app> package [--stage S] [--pkg-format cloudformation|terraform]
//!               [--project-dir DIR] [--bin NAME] [--zip FILE]
//!               [--merge-template FILE] OUT_DIR
//! <app> generate-models [--stage S] [--openapi]
//! <app>                 # no command: serves the app locally
//! ```
//!
//! `package` reads `<project-dir>/.chalice/config.json` (a project without
//! one is packaged with the config `chalice new-project` writes: stage `dev`,
//! API Gateway stage `api`) and writes `sam.json` or `chalice.tf.json` into
//! `OUT_DIR`. The binary is the one running, unless `--bin` names another:
//! for SAM, `sam build` builds it with cargo-lambda from the project folder;
//! for Terraform (or with `--zip`), the zip `cargo lambda build --release
//! --output-format zip` made is copied beside the template as `deployment.zip`.
//!
//! `generate-models` prints the Swagger document of the REST API, indented
//! by four spaces as Chalice prints it; with `--openapi`, the OpenAPI 3.1
//! document ([`openapi`](super::openapi)) instead, indented the same way.
//! `--stage` is accepted for Chalice's sake; neither document depends on it.
//!
//! Inside Lambda the arguments are never read (`run` does not call this there).

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Arg, ArgMatches, Command};
use serde::Serialize;

use super::{CodeLocation, Config, PackageFormat, PackageOptions};
use crate::Chalice;

/// Exit status of a refused or failed command.
const FAILURE: i32 = 1;
/// Exit status of a command line that does not parse (clap's).
const USAGE: i32 = 2;

fn cli(name: String) -> Command {
    let stage = Arg::new("stage")
        .long("stage")
        .value_name("STAGE")
        .default_value("dev")
        .help("Chalice stage: a key of `stages` in .chalice/config.json");
    Command::new("app")
        .bin_name(name)
        .about("Packages the app for deployment as `chalice package` does, or serves it locally without a command")
        // Global, as in Chalice (`chalice --project-dir DIR package OUT`);
        // after the command works too.
        .arg(
            Arg::new("project-dir")
                .long("project-dir")
                .value_name("DIR")
                .default_value(".")
                .global(true)
                .value_parser(clap::value_parser!(PathBuf))
                .help("The project folder: .chalice/config.json and the binary's Cargo.toml"),
        )
        .subcommand(
            Command::new("package")
                .about("Writes the SAM template (sam.json) or Terraform configuration (chalice.tf.json) into OUT_DIR")
                .arg(stage.clone())
                .arg(
                    Arg::new("pkg-format")
                        .long("pkg-format")
                        .value_name("FORMAT")
                        .value_parser(["cloudformation", "terraform"])
                        .default_value("cloudformation")
                        .help("cloudformation (SAM) or terraform"),
                )
                .arg(
                    Arg::new("bin")
                        .long("bin")
                        .value_name("NAME")
                        .help("The Cargo binary that serves the app (default: this one)"),
                )
                .arg(
                    Arg::new("zip")
                        .long("zip")
                        .value_name("FILE")
                        .value_parser(clap::value_parser!(PathBuf))
                        .help("A zip built beforehand (`cargo lambda build --release --output-format zip`), copied as deployment.zip"),
                )
                .arg(
                    Arg::new("merge-template")
                        .long("merge-template")
                        .value_name("FILE")
                        .value_parser(clap::value_parser!(PathBuf))
                        .help("A JSON template merged into the SAM template (CloudFormation only)"),
                )
                .arg(
                    Arg::new("out")
                        .value_name("OUT_DIR")
                        .required(true)
                        .value_parser(clap::value_parser!(PathBuf)),
                ),
        )
        .subcommand(
            Command::new("generate-models")
                .about("Prints the Swagger 2.0 document of the REST API (the OpenAPI 3.1 document with --openapi)")
                .arg(stage)
                .arg(
                    Arg::new("openapi")
                        .long("openapi")
                        .action(clap::ArgAction::SetTrue)
                        .help("Print the OpenAPI 3.1 document, with the schemas of the declared models"),
                ),
        )
}

/// Runs the command in `args` (the program name first, as
/// `std::env::args_os` gives them) and returns its exit status, or `None`
/// when there is no command and the app should be served.
pub(crate) fn command<I, T>(app: &Chalice, args: I) -> Option<i32>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let mut stdout = std::io::stdout().lock();
    let mut stderr = std::io::stderr().lock();
    command_with(app, args, &mut stdout, &mut stderr)
}

/// Ends the process as the command's status says: returns on success, exits
/// with the status otherwise (the message is printed already).
pub(crate) fn finish(status: i32) -> Result<(), crate::Error> {
    if status == 0 {
        return Ok(());
    }
    let _ = std::io::stdout().flush();
    std::process::exit(status)
}

/// [`command`], writing to `out` and `err`.
pub(crate) fn command_with<I, T>(
    app: &Chalice,
    args: I,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Option<i32>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    if args.len() <= 1 {
        return None;
    }
    let name = args
        .first()
        .map(|a| program_name(Path::new(a)))
        .unwrap_or_else(|| app.app_name.clone());
    let matches = match cli(name).try_get_matches_from(&args) {
        Ok(matches) => matches,
        Err(e) => {
            // `--help` and `--version` are "errors" that print to stdout and succeed.
            let status = if e.use_stderr() { USAGE } else { 0 };
            let text = e.render().to_string();
            let _ = if e.use_stderr() {
                err.write_all(text.as_bytes())
            } else {
                out.write_all(text.as_bytes())
            };
            return Some(status);
        }
    };
    let outcome = match matches.subcommand() {
        Some(("package", m)) => package(app, m, err),
        Some(("generate-models", m)) => generate_models(app, m.get_flag("openapi"), out),
        // Arguments without a command: serve, as before there was a command line.
        _ => return None,
    };
    Some(match outcome {
        Ok(()) => 0,
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            FAILURE
        }
    })
}

fn program_name(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn package(app: &Chalice, m: &ArgMatches, err: &mut dyn Write) -> Result<(), String> {
    let arg = |name: &str| m.get_one::<String>(name).cloned();
    let project_dir = m
        .get_one::<PathBuf>("project-dir")
        .cloned()
        .unwrap_or_else(|| PathBuf::from("."));
    let out_dir = m
        .get_one::<PathBuf>("out")
        .cloned()
        .ok_or("OUT_DIR is required")?;
    let binary = match arg("bin") {
        Some(bin) => bin,
        None => std::env::current_exe()
            .ok()
            .map(|exe| program_name(&exe))
            .filter(|name| !name.is_empty())
            .ok_or("cannot tell the name of this binary; name it with --bin")?,
    };
    let format: PackageFormat = arg("pkg-format")
        .unwrap_or_default()
        .parse()
        .map_err(|e: super::PackageError| e.to_string())?;
    let code = match m.get_one::<PathBuf>("zip") {
        Some(zip) => CodeLocation::Zip(zip.clone()),
        None => CodeLocation::CargoLambda {
            project_dir: project_dir.clone(),
        },
    };
    let options = PackageOptions {
        stage: arg("stage").unwrap_or_else(|| "dev".to_string()),
        format,
        binary,
        code,
        merge_template: m.get_one::<PathBuf>("merge-template").cloned(),
    };
    let config = if project_dir.join(super::config::CONFIG_FILE).is_file() {
        Config::load(&project_dir).map_err(|e| e.to_string())?
    } else {
        let _ = writeln!(
            err,
            "note: {} has no {}; packaging with the config `chalice new-project` writes (stage dev)",
            project_dir.display(),
            super::config::CONFIG_FILE
        );
        new_project_config(app).with_project_dir(&project_dir)
    };
    let path = super::package(app, &config, &options, &out_dir).map_err(|e| e.to_string())?;
    let _ = writeln!(err, "wrote {}", path.display());
    Ok(())
}

/// The config `chalice new-project` writes for an app.
fn new_project_config(app: &Chalice) -> Config {
    let value = serde_json::json!({
        "version": "2.0",
        "app_name": app.app_name,
        "stages": {"dev": {"api_gateway_stage": "api"}},
    });
    // This value passes every check; were that to change, an empty config
    // still packages (and `stage` then reports the missing stage).
    Config::from_value(value).unwrap_or_default()
}

fn generate_models(app: &Chalice, openapi: bool, out: &mut dyn Write) -> Result<(), String> {
    let document = if openapi {
        super::generate_openapi(app)
    } else {
        super::generate_models(app)
    }
    .map_err(|e| e.to_string())?;
    let mut text = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(
        &mut text,
        serde_json::ser::PrettyFormatter::with_indent(b"    "),
    );
    document.serialize(&mut ser).map_err(|e| e.to_string())?;
    text.push(b'\n');
    out.write_all(&text)
        .map_err(|e| format!("cannot write the document: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Request, Route};
    use serde_json::json;

    fn app() -> Chalice {
        let mut app = Chalice::new("cli");
        app.route("/", Route::new(), |_r: Request| json!({}));
        app
    }

    fn run(app: &Chalice, args: &[&str]) -> (Option<i32>, String, String) {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let status = command_with(app, args.iter().copied(), &mut out, &mut err);
        (
            status,
            String::from_utf8_lossy(&out).into_owned(),
            String::from_utf8_lossy(&err).into_owned(),
        )
    }

    #[test]
    fn no_command_serves() {
        assert_eq!(run(&app(), &["app"]).0, None);
        assert_eq!(run(&app(), &[]).0, None);
    }

    #[test]
    fn generate_models_prints_the_swagger_document() {
        let (status, out, _) = run(&app(), &["app", "generate-models", "--stage", "prod"]);
        assert_eq!(status, Some(0));
        assert!(out.starts_with("{\n    "), "{out}");
    }

    #[test]
    fn generate_models_openapi_prints_the_openapi_document() {
        let (status, out, _) = run(&app(), &["app", "generate-models", "--openapi"]);
        assert_eq!(status, Some(0));
        assert!(out.starts_with("{\n    \"openapi\": \"3.1.0\",\n"), "{out}");
        let (status, _, err) = run(
            &Chalice::new("empty"),
            &["app", "generate-models", "--openapi"],
        );
        assert_eq!(status, Some(FAILURE));
        assert_eq!(err, "error: No REST API found to generate model from.\n");
    }

    #[test]
    fn generate_models_without_routes_fails() {
        let (status, _, err) = run(&Chalice::new("empty"), &["app", "generate-models"]);
        assert_eq!(status, Some(FAILURE));
        assert_eq!(err, "error: No REST API found to generate model from.\n");
    }

    #[test]
    fn usage_errors_exit_2_and_help_succeeds() {
        let (status, _, err) = run(&app(), &["app", "package"]);
        assert_eq!(status, Some(USAGE));
        assert!(err.contains("OUT_DIR"), "{err}");
        let (status, _, err) = run(&app(), &["app", "package", "--pkg-format", "yaml", "out"]);
        assert_eq!(status, Some(USAGE));
        assert!(err.contains("yaml"), "{err}");
        let (status, out, _) = run(&app(), &["app", "--help"]);
        assert_eq!(status, Some(0));
        assert!(out.contains("generate-models"), "{out}");
    }

    #[test]
    fn project_dir_goes_before_or_after_the_command() {
        let out = std::env::temp_dir().join(format!("chalice-rs-cli-out-{}", std::process::id()));
        let out = out.to_str().unwrap_or("out");
        for args in [
            [
                "app",
                "--project-dir",
                "/nonexistent-chalice-rs",
                "package",
                out,
            ],
            [
                "app",
                "package",
                "--project-dir",
                "/nonexistent-chalice-rs",
                out,
            ],
        ] {
            let (status, _, err) = run(&app(), &args);
            // The folder does not exist: the note names it, and packaging fails.
            assert_eq!(status, Some(FAILURE), "{err}");
            assert!(err.contains("/nonexistent-chalice-rs has no"), "{err}");
        }
        let _ = std::fs::remove_dir_all(out);
    }

    #[test]
    fn package_writes_the_template() {
        let dir = std::env::temp_dir().join(format!("chalice-rs-cli-{}", std::process::id()));
        let out_dir = dir.join("out");
        let (status, _, err) = run(
            &app(),
            &[
                "app",
                "package",
                "--bin",
                "cli",
                "--project-dir",
                dir.to_str().unwrap_or("."),
                out_dir.to_str().unwrap_or("out"),
            ],
        );
        let written = std::fs::read_to_string(out_dir.join("sam.json"));
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(status, Some(0), "{err}");
        assert!(err.contains("chalice new-project"), "{err}");
        let template: serde_json::Value =
            serde_json::from_str(&written.unwrap_or_default()).unwrap_or_default();
        assert_eq!(
            template.pointer("/Resources/APIHandler/Properties/CodeUri"),
            Some(&json!(".."))
        );
        assert_eq!(
            template.pointer("/Resources/APIHandler/Metadata/BuildProperties/Binary"),
            Some(&json!("cli"))
        );
    }
}
