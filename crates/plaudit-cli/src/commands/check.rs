//! `plaudit check`: one ask against each advocate.

use serde_json::{Map, Value};

use crate::cli::CheckArgs;
use crate::diag::{Diagnostic, Failure};
use crate::input;
use crate::output::{Column, RecordWriter, plain, reasons_tone, verdict};
use crate::table::Align;

use super::pending;

const COLUMNS: &[Column] = &[
    Column {
        header: "id",
        path: "id",
        align: Align::Left,
        tone: plain,
    },
    Column {
        header: "allowed",
        path: "allowed",
        align: Align::Left,
        tone: verdict,
    },
    Column {
        header: "reasons",
        path: "reasons",
        align: Align::Left,
        tone: reasons_tone,
    },
    Column {
        header: "warnings",
        path: "warnings",
        align: Align::Left,
        tone: plain,
    },
    Column {
        header: "next_available_on",
        path: "next_available_on",
        align: Align::Left,
        tone: plain,
    },
];

/// Runs `check`.
pub fn run(args: &CheckArgs) -> Result<(), Failure> {
    let engine = super::engine(&args.engine)?;
    let ask = ask(args)?;
    let as_of = super::as_of(&args.engine, &engine, &args.output);
    let source = input::open(&args.roster)?;
    let mut out = RecordWriter::new(&args.output, COLUMNS)?;
    input::for_each(source, &args.roster, |a| {
        out.write(&pending::check(&engine, &a, &ask, as_of)?)
    })?;
    out.finish()
}

/// The ask: from `--ask FILE`, or from `--kind`, `--date`, `--topic`, `--incentive`.
fn ask(args: &CheckArgs) -> Result<Value, Failure> {
    if let Some(file) = &args.ask {
        let text = input::read_text(file)?;
        return serde_json::from_str(&text).map_err(|e| {
            let m = e.to_string();
            Failure::input(Diagnostic {
                line: Some(e.line() as u64),
                column: u32::try_from(e.column()).ok(),
                ..Diagnostic::file(
                    &input::display_name(file),
                    m.split(" at line ").next().unwrap_or(&m).to_owned(),
                )
            })
        });
    }
    let mut m = Map::new();
    if let Some(k) = &args.kind {
        m.insert("kind".into(), Value::String(k.clone()));
    }
    if let Some(d) = args.date {
        m.insert("date".into(), Value::String(d.to_string()));
    }
    if let Some(t) = &args.topic {
        m.insert("topic".into(), Value::String(t.clone()));
    }
    if let Some(i) = &args.incentive {
        let mut parts = i.splitn(3, ':');
        let mut inc = Map::new();
        inc.insert(
            "kind".into(),
            Value::String(parts.next().unwrap_or("").to_owned()),
        );
        if let Some(v) = parts.next() {
            let value = v
                .parse::<f64>()
                .map_err(|_| Failure::usage(format!("--incentive: `{v}` is not a number")))?;
            inc.insert("value".into(), Value::from(value));
        }
        if let Some(c) = parts.next() {
            inc.insert("currency".into(), Value::String(c.to_owned()));
        }
        m.insert("incentive".into(), Value::Object(inc));
    }
    Ok(Value::Object(m))
}
