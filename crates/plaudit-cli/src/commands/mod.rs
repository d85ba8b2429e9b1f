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
mod pending;
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
        Command::Generate(a) => generate::run(&a),
        Command::Demo(a) => demo::run(&a),
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
