//! The command line of an app binary, outside Lambda:
//!
//! ```text
//! <app> package [--stage S] [--pkg-format cloudformation|terraform]
//!               [--project-dir DIR] [--bin NAME] [--zip FILE]
//!               [--merge-template FILE] OUT_DIR
//! <app> generate-models [--stage S] [--openapi]
//! <app> help [COMMAND]
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
//! Options take their value as the next argument or after `=`
//! (`--stage prod`, `--stage=prod`); `--project-dir` goes before or after the
//! command, as in Chalice (`chalice --project-dir DIR package OUT`); `--`
//! ends the options. A command line that does not parse prints the error and
//! the command's usage and exits with status 2; `--help` (or `-h`, or
//! `help`) prints the help and succeeds.
//!
//! The parser is written here rather than taken from an argument-parsing
//! crate: every app binary built with the default features links it, those
//! deployed to Lambda included, and two commands with a handful of options do
//! not warrant a fifth of a megabyte of code in each.
//!
//! Inside Lambda the arguments are never read (`run` does not call this there).

use std::ffi::{OsStr, OsString};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{CodeLocation, Config, PackageFormat, PackageOptions};
use crate::Chalice;

/// Exit status of a refused or failed command.
const FAILURE: i32 = 1;
/// Exit status of a command line that does not parse.
const USAGE: i32 = 2;

/// What an option takes, with the placeholder the help shows for it.
#[derive(Clone, Copy)]
enum Takes {
    /// Nothing: a flag.
    Nothing,
    /// Text, such as a stage or a binary's name.
    Text(&'static str),
    /// A path, which may be any bytes the system allows.
    Path(&'static str),
}

/// One `--name` option of a command.
struct Opt {
    name: &'static str,
    takes: Takes,
    default: Option<&'static str>,
    /// The values allowed, when only some are.
    choices: &'static [&'static str],
    help: &'static str,
}

/// A command (or, with an empty name, the binary itself): its options and
/// its one positional argument, if it takes one.
struct Spec {
    name: &'static str,
    about: &'static str,
    options: &'static [Opt],
    positional: Option<&'static str>,
}

/// Accepted before and after the command.
const PROJECT_DIR: Opt = Opt {
    name: "project-dir",
    takes: Takes::Path("DIR"),
    default: Some("."),
    choices: &[],
    help: "The project folder: .chalice/config.json and the binary's Cargo.toml",
};

const STAGE: Opt = Opt {
    name: "stage",
    takes: Takes::Text("STAGE"),
    default: Some("dev"),
    choices: &[],
    help: "Chalice stage: a key of `stages` in .chalice/config.json",
};

const TOP: Spec = Spec {
    name: "",
    about: "Packages the app for deployment as `chalice package` does, or serves it locally without a command",
    options: &[PROJECT_DIR],
    positional: None,
};

const PACKAGE: Spec = Spec {
    name: "package",
    about: "Writes the SAM template (sam.json) or Terraform configuration (chalice.tf.json) into OUT_DIR",
    options: &[
        STAGE,
        Opt {
            name: "pkg-format",
            takes: Takes::Text("FORMAT"),
            default: Some("cloudformation"),
            choices: &["cloudformation", "terraform"],
            help: "cloudformation (SAM) or terraform",
        },
        Opt {
            name: "bin",
            takes: Takes::Text("NAME"),
            default: None,
            choices: &[],
            help: "The Cargo binary that serves the app (default: this one)",
        },
        Opt {
            name: "zip",
            takes: Takes::Path("FILE"),
            default: None,
            choices: &[],
            help: "A zip built beforehand (`cargo lambda build --release --output-format zip`), copied as deployment.zip",
        },
        Opt {
            name: "merge-template",
            takes: Takes::Path("FILE"),
            default: None,
            choices: &[],
            help: "A JSON template merged into the SAM template (CloudFormation only)",
        },
        PROJECT_DIR,
    ],
    positional: Some("OUT_DIR"),
};

const GENERATE_MODELS: Spec = Spec {
    name: "generate-models",
    about:
        "Prints the Swagger 2.0 document of the REST API (the OpenAPI 3.1 document with --openapi)",
    options: &[
        STAGE,
        Opt {
            name: "openapi",
            takes: Takes::Nothing,
            default: None,
            choices: &[],
            help: "Print the OpenAPI 3.1 document, with the schemas of the declared models",
        },
        PROJECT_DIR,
    ],
    positional: None,
};

const COMMANDS: [&Spec; 2] = [&PACKAGE, &GENERATE_MODELS];

/// What a command line asks for.
enum Invocation {
    /// No command: serve the app.
    Serve,
    /// `--help` or `help`: the help of a command, or of the binary.
    Help(&'static Spec),
    /// A command, with what was given to it.
    Run(Matches),
}

/// The options and positional argument given to a command.
struct Matches {
    /// The command.
    spec: &'static Spec,
    values: Vec<(&'static str, OsString)>,
    positional: Option<OsString>,
}

impl Matches {
    fn given(&self, name: &str) -> Option<&OsStr> {
        self.values
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_os_str())
    }

    /// The value given, or else the option's default.
    fn get(&self, name: &str) -> Option<&OsStr> {
        self.given(name).or_else(|| {
            self.spec
                .options
                .iter()
                .find(|o| o.name == name)
                .and_then(|o| o.default)
                .map(OsStr::new)
        })
    }

    fn path(&self, name: &str) -> Option<PathBuf> {
        self.get(name).map(PathBuf::from)
    }

    /// A value that is text (checked while parsing).
    fn text(&self, name: &str) -> Option<String> {
        self.get(name).and_then(OsStr::to_str).map(str::to_string)
    }

    fn flag(&self, name: &str) -> bool {
        self.given(name).is_some()
    }
}

/// A command line that does not parse: the message, and the command whose
/// usage to show.
struct UsageError {
    message: String,
    spec: &'static Spec,
}

fn usage_error(spec: &'static Spec, message: String) -> UsageError {
    UsageError { message, spec }
}

/// `--name <VALUE>` as errors and help show an option.
fn shown(opt: &Opt) -> String {
    match opt.takes {
        Takes::Text(value) | Takes::Path(value) => format!("--{} <{value}>", opt.name),
        Takes::Nothing => format!("--{}", opt.name),
    }
}

/// Parses the arguments after the program name.
fn parse(args: &[OsString]) -> Result<Invocation, UsageError> {
    let mut spec: &'static Spec = &TOP;
    let mut values: Vec<(&'static str, OsString)> = Vec::new();
    let mut positional: Option<OsString> = None;
    let mut options_end = false;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        // An option's name is ASCII, so a token that is not UTF-8 is a
        // positional argument (a path, say) or an error naming it.
        let text = arg.to_str();
        if !options_end {
            match text {
                Some("--") => {
                    options_end = true;
                    continue;
                }
                Some("--help" | "-h") => return Ok(Invocation::Help(spec)),
                Some(token) if token.starts_with("--") => {
                    let (name, inline) = match token.split_once('=') {
                        Some((name, value)) => (name, Some(value)),
                        None => (token, None),
                    };
                    let name = name.strip_prefix("--").unwrap_or(name);
                    let Some(opt) = spec.options.iter().find(|o| o.name == name) else {
                        return Err(usage_error(
                            spec,
                            format!("unexpected argument '{token}' found"),
                        ));
                    };
                    if values.iter().any(|(name, _)| *name == opt.name) {
                        return Err(usage_error(
                            spec,
                            format!(
                                "the argument '{}' cannot be used multiple times",
                                shown(opt)
                            ),
                        ));
                    }
                    let value = match (opt.takes, inline) {
                        (Takes::Nothing, None) => OsString::new(),
                        (Takes::Nothing, Some(_)) => {
                            return Err(usage_error(
                                spec,
                                format!("unexpected value for '{}': it takes none", shown(opt)),
                            ))
                        }
                        (_, Some(value)) => OsString::from(value),
                        (_, None) => match rest.next() {
                            Some(value) => value.clone(),
                            None => {
                                return Err(usage_error(
                                    spec,
                                    format!(
                                        "a value is required for '{}' but none was supplied",
                                        shown(opt)
                                    ),
                                ))
                            }
                        },
                    };
                    check_value(spec, opt, &value)?;
                    values.push((opt.name, value));
                    continue;
                }
                Some(token) if token.starts_with('-') && token.len() > 1 => {
                    return Err(usage_error(
                        spec,
                        format!("unexpected argument '{token}' found"),
                    ));
                }
                _ => {}
            }
        }
        if spec.name.is_empty() {
            // The first positional argument names the command.
            match text {
                Some("help") => return Ok(Invocation::Help(help_topic(spec, rest.next())?)),
                Some(name) => {
                    let Some(command) = COMMANDS.into_iter().find(|c| c.name == name) else {
                        return Err(usage_error(
                            spec,
                            format!("unrecognized subcommand '{name}'"),
                        ));
                    };
                    spec = command;
                }
                None => {
                    return Err(usage_error(
                        spec,
                        format!("unrecognized subcommand '{}'", arg.to_string_lossy()),
                    ))
                }
            }
        } else if spec.positional.is_some() && positional.is_none() {
            positional = Some(arg.clone());
        } else {
            return Err(usage_error(
                spec,
                format!("unexpected argument '{}' found", arg.to_string_lossy()),
            ));
        }
    }
    if spec.name.is_empty() {
        return Ok(Invocation::Serve);
    }
    if let (Some(name), None) = (spec.positional, &positional) {
        return Err(usage_error(
            spec,
            format!("the following required arguments were not provided: <{name}>"),
        ));
    }
    Ok(Invocation::Run(Matches {
        spec,
        values,
        positional,
    }))
}

/// The command `help NAME` asks about.
fn help_topic(top: &'static Spec, name: Option<&OsString>) -> Result<&'static Spec, UsageError> {
    let Some(name) = name else {
        return Ok(top);
    };
    COMMANDS
        .into_iter()
        .find(|c| name.to_str() == Some(c.name))
        .ok_or_else(|| {
            usage_error(
                top,
                format!("unrecognized subcommand '{}'", name.to_string_lossy()),
            )
        })
}

/// Values that must be text are text, and one of the choices if there are any.
fn check_value(spec: &'static Spec, opt: &Opt, value: &OsStr) -> Result<(), UsageError> {
    if !matches!(opt.takes, Takes::Text(_)) {
        return Ok(());
    }
    let Some(text) = value.to_str() else {
        return Err(usage_error(
            spec,
            format!(
                "invalid UTF-8 was detected in the value of '{}'",
                shown(opt)
            ),
        ));
    };
    if !opt.choices.is_empty() && !opt.choices.contains(&text) {
        return Err(usage_error(
            spec,
            format!(
                "invalid value '{text}' for '{}'\n  [possible values: {}]",
                shown(opt),
                opt.choices.join(", ")
            ),
        ));
    }
    Ok(())
}

/// `Usage: app package [OPTIONS] <OUT_DIR>`.
fn usage(name: &str, spec: &Spec) -> String {
    let mut line = format!("Usage: {name}");
    if spec.name.is_empty() {
        line.push_str(" [OPTIONS] [COMMAND]");
    } else {
        line.push(' ');
        line.push_str(spec.name);
        line.push_str(" [OPTIONS]");
    }
    if let Some(positional) = spec.positional {
        line.push_str(&format!(" <{positional}>"));
    }
    line
}

fn help(name: &str, spec: &Spec) -> String {
    let mut text = format!("{}\n\n{}\n\n", spec.about, usage(name, spec));
    if spec.name.is_empty() {
        text.push_str("Commands:\n");
        let commands: Vec<(String, String)> = COMMANDS
            .iter()
            .map(|c| (c.name.to_string(), c.about.to_string()))
            .chain([(
                "help".to_string(),
                "Print this message or the help of the given command".to_string(),
            )])
            .collect();
        push_rows(&mut text, &commands);
        text.push('\n');
    }
    if let Some(positional) = spec.positional {
        text.push_str("Arguments:\n");
        push_rows(
            &mut text,
            &[(
                format!("<{positional}>"),
                "The folder the template is written to".to_string(),
            )],
        );
        text.push('\n');
    }
    text.push_str("Options:\n");
    // Two columns: what to type, and what it does.
    let mut rows: Vec<(String, String)> = Vec::new();
    for opt in spec.options {
        let mut about = opt.help.to_string();
        if let Some(default) = opt.default {
            about.push_str(&format!(" [default: {default}]"));
        }
        if !opt.choices.is_empty() {
            about.push_str(&format!(" [possible values: {}]", opt.choices.join(", ")));
        }
        rows.push((format!("    {}", shown(opt)), about));
    }
    rows.push(("-h, --help".to_string(), "Print help".to_string()));
    push_rows(&mut text, &rows);
    text
}

/// Rows of two columns, the second aligned.
fn push_rows(text: &mut String, rows: &[(String, String)]) {
    let width = rows.iter().map(|(left, _)| left.len()).max().unwrap_or(0);
    for (left, right) in rows {
        text.push_str(&format!("  {left:width$}  {right}\n"));
    }
}

/// Runs the command in `args` (the program name first, as
/// `std::env::args_os` gives them) and returns its exit status, or `None`
/// when there is no command and the app should be served.
pub(crate) fn command<I, T>(app: &Chalice, args: I) -> Option<i32>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString>,
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
    T: Into<OsString>,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    let (program, args) = args.split_first()?;
    if args.is_empty() {
        return None;
    }
    let name = Some(program_name(Path::new(program)))
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| app.app_name.clone());
    let matches = match parse(args) {
        Ok(Invocation::Serve) => return None,
        Ok(Invocation::Help(spec)) => {
            let _ = out.write_all(help(&name, spec).as_bytes());
            return Some(0);
        }
        Ok(Invocation::Run(matches)) => matches,
        Err(e) => {
            let _ = write!(
                err,
                "error: {}\n\n{}\n\nFor more information, try '--help'.\n",
                e.message,
                usage(&name, e.spec)
            );
            return Some(USAGE);
        }
    };
    let outcome = if matches.spec.name == PACKAGE.name {
        package(app, &matches, err)
    } else {
        generate_models(app, matches.flag("openapi"), out)
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

fn package(app: &Chalice, m: &Matches, err: &mut dyn Write) -> Result<(), String> {
    // Options with a default are always there.
    let project_dir = m.path(PROJECT_DIR.name).unwrap_or_default();
    let out_dir = m
        .positional
        .as_ref()
        .map(PathBuf::from)
        .ok_or("OUT_DIR is required")?;
    let binary = match m.text("bin") {
        Some(bin) => bin,
        None => std::env::current_exe()
            .ok()
            .map(|exe| program_name(&exe))
            .filter(|name| !name.is_empty())
            .ok_or("cannot tell the name of this binary; name it with --bin")?,
    };
    let format: PackageFormat = m
        .text("pkg-format")
        .unwrap_or_default()
        .parse()
        .map_err(|e: super::PackageError| e.to_string())?;
    let code = match m.path("zip") {
        Some(zip) => CodeLocation::Zip(zip),
        None => CodeLocation::CargoLambda {
            project_dir: project_dir.clone(),
        },
    };
    let options = PackageOptions {
        stage: m.text(STAGE.name).unwrap_or_default(),
        format,
        binary,
        code,
        merge_template: m.path("merge-template"),
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

    /// A command's name, its options' values and its positional argument.
    type Parsed = (&'static str, Vec<(&'static str, String)>, Option<String>);

    /// What `parse` makes of the arguments after the program name: the
    /// command and its values, or the usage error's message.
    fn parsed(args: &[&str]) -> Result<Parsed, String> {
        let args: Vec<OsString> = args.iter().map(OsString::from).collect();
        match parse(&args) {
            Ok(Invocation::Serve) => Ok(("serve", Vec::new(), None)),
            Ok(Invocation::Help(spec)) => Ok(("help", vec![("of", spec.name.to_string())], None)),
            Ok(Invocation::Run(m)) => Ok((
                m.spec.name,
                m.values
                    .iter()
                    .map(|(n, v)| (*n, v.to_string_lossy().into_owned()))
                    .collect(),
                m.positional.map(|p| p.to_string_lossy().into_owned()),
            )),
            Err(e) => Err(e.message),
        }
    }

    #[test]
    fn options_take_their_value_next_or_after_an_equals_sign() {
        let both = [
            parsed(&["package", "--stage", "prod", "--bin=api", "out"]),
            parsed(&["package", "--stage=prod", "--bin", "api", "out"]),
        ];
        for p in both {
            assert_eq!(
                p,
                Ok((
                    "package",
                    vec![("stage", "prod".into()), ("bin", "api".into())],
                    Some("out".into())
                ))
            );
        }
        // A value may itself look like an option, and `--` ends the options.
        assert_eq!(
            parsed(&["package", "--bin", "--odd", "--", "--out"]),
            Ok((
                "package",
                vec![("bin", "--odd".into())],
                Some("--out".into())
            ))
        );
        assert_eq!(
            parsed(&["generate-models", "--openapi", "--stage=x"]),
            Ok((
                "generate-models",
                vec![("openapi", String::new()), ("stage", "x".into())],
                None
            ))
        );
    }

    #[test]
    fn what_the_parser_refuses() {
        let refused: [(&[&str], &str); 11] = [
            (&["package"], "the following required arguments were not provided: <OUT_DIR>"),
            (&["package", "a", "b"], "unexpected argument 'b' found"),
            (&["package", "--stage"], "a value is required for '--stage <STAGE>' but none was supplied"),
            (&["package", "--stage", "a", "--stage", "b", "out"], "the argument '--stage <STAGE>' cannot be used multiple times"),
            (&["package", "--pkg-format=yaml", "out"], "invalid value 'yaml' for '--pkg-format <FORMAT>'\n  [possible values: cloudformation, terraform]"),
            (&["generate-models", "--openapi=yes"], "unexpected value for '--openapi': it takes none"),
            (&["generate-models", "--zip", "f"], "unexpected argument '--zip' found"),
            (&["generate-models", "x"], "unexpected argument 'x' found"),
            (&["serve"], "unrecognized subcommand 'serve'"),
            (&["-v"], "unexpected argument '-v' found"),
            (&["package", "----stage", "a", "out"], "unexpected argument '----stage' found"),
        ];
        for (args, message) in refused {
            assert_eq!(parsed(args), Err(message.to_string()), "{args:?}");
        }
    }

    #[test]
    fn no_command_serves_and_help_is_asked_three_ways() {
        assert_eq!(
            parsed(&["--project-dir", "x"]),
            Ok(("serve", Vec::new(), None))
        );
        let help_of = |name: &str| Ok(("help", vec![("of", name.to_string())], None));
        assert_eq!(parsed(&["--help"]), help_of(""));
        assert_eq!(parsed(&["help"]), help_of(""));
        assert_eq!(parsed(&["help", "package"]), help_of("package"));
        assert_eq!(parsed(&["package", "-h"]), help_of("package"));
        assert_eq!(
            parsed(&["generate-models", "--help"]),
            help_of("generate-models")
        );
        assert_eq!(
            parsed(&["help", "deploy"]),
            Err("unrecognized subcommand 'deploy'".to_string())
        );
    }

    #[test]
    fn help_lists_every_option_with_its_default() {
        let (status, out, _) = run(&app(), &["target/debug/my-app", "package", "--help"]);
        assert_eq!(status, Some(0));
        assert!(
            out.contains("Usage: my-app package [OPTIONS] <OUT_DIR>\n"),
            "{out}"
        );
        for line in [
            "--stage <STAGE>          Chalice stage: a key of `stages` in .chalice/config.json [default: dev]",
            "--pkg-format <FORMAT>    cloudformation (SAM) or terraform [default: cloudformation] [possible values: cloudformation, terraform]",
            "--merge-template <FILE>",
            "--project-dir <DIR>",
            "-h, --help                   Print help",
        ] {
            assert!(out.contains(line), "{line:?} in\n{out}");
        }
        let (_, out, _) = run(&app(), &["my-app", "help"]);
        assert!(out.contains("Usage: my-app [OPTIONS] [COMMAND]\n"), "{out}");
        assert!(
            out.contains("\n  generate-models  Prints the Swagger 2.0 document"),
            "{out}"
        );
    }

    #[test]
    fn a_usage_error_shows_the_usage_of_its_command() {
        let (status, out, err) = run(&app(), &["my-app", "package"]);
        assert_eq!((status, out.as_str()), (Some(USAGE), ""));
        assert_eq!(
            err,
            "error: the following required arguments were not provided: <OUT_DIR>\n\n\
             Usage: my-app package [OPTIONS] <OUT_DIR>\n\n\
             For more information, try '--help'.\n"
        );
    }

    #[cfg(unix)]
    #[test]
    fn paths_need_not_be_text_but_names_must_be() {
        use std::os::unix::ffi::OsStringExt;
        let odd = OsString::from_vec(vec![b'o', 0xff]);
        let args = [OsString::from("package"), odd.clone()];
        let Ok(Invocation::Run(m)) = parse(&args) else {
            panic!("a path that is not UTF-8 is an OUT_DIR");
        };
        assert_eq!(m.positional, Some(odd.clone()));
        let args = [
            OsString::from("package"),
            OsString::from("--bin"),
            odd,
            OsString::from("out"),
        ];
        let Err(e) = parse(&args) else {
            panic!("a binary name must be text");
        };
        assert_eq!(
            e.message,
            "invalid UTF-8 was detected in the value of '--bin <NAME>'"
        );
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
