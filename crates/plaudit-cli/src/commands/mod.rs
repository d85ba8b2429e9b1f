//! One module per command; this one builds the engine and resolves `--as-of`.

use std::path::Path;

use chrono::NaiveDate;
use plaudit::{Engine, FieldError, Policy};

use crate::cli::{Command, EngineArgs};
use crate::diag::{Diagnostic, Failure};
use crate::output::{OutputArgs, OutputFormat};

mod check;
mod coverage;
mod demo;
mod evaluate;
mod generate;
mod manual;
pub(crate) mod measure;
mod policy;
mod rank;
mod tiers;
mod validate;

/// Runs a command.
pub fn run(command: Command) -> Result<(), Failure> {
    match command {
        Command::Evaluate(a) => evaluate::run(&a),
        Command::Check(a) => check::run(&a),
        Command::Rank(a) => rank::run(&a),
        Command::Tiers(a) => tiers::run(&a),
        Command::Coverage(a) => coverage::run(&a),
        Command::Validate(a) => validate::run(&a),
        Command::Policy(p) => policy::run(p),
        Command::Measure(a) => measure::run(&a),
        Command::Report(a) => measure::run_report(&a),
        Command::Generate(a) => generate::run(&a),
        Command::Demo(a) => demo::run(&a),
        Command::Completions(a) => manual::completions(&a),
        Command::Man(a) => manual::man(&a),
    }
}

/// Reads and checks a policy file (TOML, or JSON by extension or content).
pub fn load_policy(path: &Path) -> Result<Policy, Failure> {
    let name = path.to_string_lossy().into_owned();
    let text = crate::input::read_text(&name)?;
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let result = if is_json {
        Policy::from_json(&text)
    } else {
        Policy::from_text(&text)
    };
    result.map_err(|e| policy_failure(&crate::input::display_name(&name), &e.errors))
}

/// Every policy problem, as `file:line:column: key.path: message`.
pub fn policy_failure(file: &str, errors: &[FieldError]) -> Failure {
    Failure::Input {
        problems: errors
            .iter()
            .map(|e| Diagnostic::from_field(file, None, "", e))
            .collect(),
        more: 0,
        withheld: false,
    }
}

/// The engine for `--policy` (default policy without it).
pub fn engine(args: &EngineArgs) -> Result<Engine, Failure> {
    match &args.policy {
        None => Ok(Engine::default()),
        Some(p) => {
            let policy = load_policy(p)?;
            Engine::new(policy).map_err(|e| policy_failure(&p.to_string_lossy(), &e.errors))
        }
    }
}

/// `--as-of`, or today from the system clock (the CLI may read the clock; the core never
/// does). In table mode the date and the policy fingerprint are printed on stderr, so a
/// reader of the table knows what decided it.
pub fn as_of(args: &EngineArgs, engine: &Engine, output: &OutputArgs) -> NaiveDate {
    let (date, source) = match args.as_of {
        Some(d) => (d, ""),
        None => (chrono::Local::now().date_naive(), " (today)"),
    };
    if output.format() == OutputFormat::Table {
        eprintln!(
            "plaudit: as of {date}{source}, policy {}",
            engine.fingerprint()
        );
    }
    date
}

/// Reads a JSON document into `T`, naming the file and the field path of a problem.
pub fn read_json<T: serde::de::DeserializeOwned>(path: &str, root: &str) -> Result<T, Failure> {
    let name = crate::input::display_name(path);
    let text = crate::input::read_text(path)?;
    parse_json(&text, &name, root)
}

/// Every problem of a record read by the core (an ask, a request), each with its path.
pub fn record_failure(name: &str, e: &plaudit::RecordError) -> Failure {
    Failure::Input {
        problems: e
            .errors
            .iter()
            .map(|fe| Diagnostic::from_field(name, None, "", fe))
            .collect(),
        more: 0,
        withheld: false,
    }
}

/// Parses JSON text into `T` with the core's parser: every problem (up to the core's limit)
/// with `name`, its field path under `root`, and the line and column of a syntax error.
pub fn parse_json<T: serde::de::DeserializeOwned>(
    text: &str,
    name: &str,
    root: &str,
) -> Result<T, Failure> {
    plaudit::parse_json(text, root).map_err(|e| record_failure(name, &e))
}

/// Writes one population document: a report for tables, flat rows for CSV, the document
/// itself for JSON and JSON Lines.
pub fn emit<T: serde::Serialize>(
    output: &OutputArgs,
    doc: &T,
    report: impl FnOnce(&serde_json::Value, crate::table::Style) -> String,
    rows: impl FnOnce(&serde_json::Value) -> (Vec<&'static str>, Vec<Vec<String>>),
) -> Result<(), Failure> {
    use std::io::Write;
    if output.format() == OutputFormat::Parquet {
        return Err(crate::output::no_parquet());
    }
    let mut sink = output.open()?;
    match output.format() {
        OutputFormat::Table => {
            let v = serde_json::to_value(doc).map_err(crate::output::json_io)?;
            sink.write_all(report(&v, output.style()).as_bytes())?;
        }
        OutputFormat::Csv => {
            let v = serde_json::to_value(doc).map_err(crate::output::json_io)?;
            let (header, rows) = rows(&v);
            crate::output::csv_row(&mut sink, header.into_iter().map(str::to_owned))?;
            for r in rows {
                crate::output::csv_row(&mut sink, r.into_iter())?;
            }
        }
        f => crate::output::write_document(&mut sink, f, doc)?,
    }
    sink.commit()
}

/// Flat rows of `items` at `fields` (dotted paths), for CSV.
pub fn flat(items: &[serde_json::Value], fields: &[&str]) -> Vec<Vec<String>> {
    items
        .iter()
        .map(|x| {
            fields
                .iter()
                .map(|f| crate::output::cell_text(crate::output::at(x, f)))
                .collect()
        })
        .collect()
}

/// The array at `path`, or nothing.
pub fn items<'a>(v: &'a serde_json::Value, path: &str) -> &'a [serde_json::Value] {
    crate::output::at(v, path)
        .and_then(serde_json::Value::as_array)
        .map_or(&[], Vec::as_slice)
}
