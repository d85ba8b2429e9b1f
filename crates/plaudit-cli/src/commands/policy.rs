//! `plaudit policy check | schema | show`.

use std::io::Write;
use std::path::Path;

use plaudit::{Engine, Policy};

use crate::cli::{PolicyCommand, PolicyFormat};
use crate::diag::Failure;
use crate::output::{OutputFormat, Sink, write_document};

/// Runs a `policy` subcommand.
pub fn run(command: PolicyCommand) -> Result<(), Failure> {
    match command {
        PolicyCommand::Check { file } => check(&file),
        PolicyCommand::Schema { out } => {
            let mut sink = Sink::open(&out)?;
            write_document(&mut sink, OutputFormat::Json, &Policy::json_schema())?;
            sink.commit()
        }
        PolicyCommand::Show {
            policy,
            format,
            out,
        } => show(policy.as_deref(), format, &out),
    }
}

fn check(file: &str) -> Result<(), Failure> {
    let policy = super::load_policy(Path::new(file))?;
    let engine = Engine::new(policy)
        .map_err(|e| super::policy_failure(&crate::input::display_name(file), &e.errors))?;
    println!(
        "{}: ok, policy {}",
        crate::input::display_name(file),
        engine.fingerprint()
    );
    Ok(())
}

fn show(policy: Option<&Path>, format: PolicyFormat, out: &str) -> Result<(), Failure> {
    let engine = match policy {
        Some(p) => Engine::new(super::load_policy(p)?)
            .map_err(|e| super::policy_failure(&p.to_string_lossy(), &e.errors))?,
        None => Engine::default(),
    };
    let mut sink = Sink::open(out)?;
    match format {
        PolicyFormat::Json => write_document(&mut sink, OutputFormat::Json, engine.policy())?,
        PolicyFormat::Toml => {
            let text = toml::to_string_pretty(engine.policy())
                .map_err(|e| Failure::Io(format!("cannot write the policy as TOML: {e}")))?;
            writeln!(
                sink,
                "# The effective Plaudit policy, every default included.\n# fingerprint: {}\n",
                engine.fingerprint()
            )?;
            sink.write_all(text.as_bytes())?;
        }
    }
    sink.commit()
}
