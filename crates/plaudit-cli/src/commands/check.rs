//! `plaudit check`: one ask against each advocate.

use plaudit::check::{Ask, Check};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::cli::CheckArgs;
use crate::diag::{Diagnostic, Failure};
use crate::input;
use crate::output::{Column, RecordWriter, plain, reasons_tone, verdict};
use crate::table::Align;

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
        header: "next_available_on",
        path: "next_available_on",
        align: Align::Left,
        tone: plain,
    },
    Column {
        header: "missing_consents",
        path: "missing_consents",
        align: Align::Left,
        tone: plain,
    },
    Column {
        header: "approvals",
        path: "approvals",
        align: Align::Left,
        tone: plain,
    },
    Column {
        header: "disclosures",
        path: "disclosures",
        align: Align::Left,
        tone: plain,
    },
    Column {
        header: "warnings",
        path: "warnings",
        align: Align::Left,
        tone: plain,
    },
];

/// One output record: the advocate's id, then the check.
#[derive(Serialize)]
struct Row<'a> {
    id: &'a str,
    #[serde(flatten)]
    check: Check,
}

/// Runs `check`.
pub fn run(args: &CheckArgs) -> Result<(), Failure> {
    let engine = super::engine(&args.engine)?;
    let ask = ask(args)?;
    let as_of = super::as_of(&args.engine, &engine, &args.output);
    let source = input::open(&args.roster)?;
    let mut out = RecordWriter::new(&args.output, COLUMNS)?;
    input::for_each(source, &args.roster, |a, _| {
        out.write(&Row {
            id: &a.id,
            check: engine.check(&a, &ask, as_of),
        })
    })?;
    out.finish()
}

/// The ask: from `--ask FILE`, or from `--kind`, `--date`, `--topic`, `--incentive`.
fn ask(args: &CheckArgs) -> Result<Ask, Failure> {
    if let Some(file) = &args.ask {
        let name = input::display_name(file);
        let text = input::read_text(file)?;
        return plaudit::parse_ask(&text, "").map_err(|e| super::record_failure(&name, &e));
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
    let text = Value::Object(m).to_string();
    plaudit::parse_ask(&text, "")
        .map_err(|e| super::record_failure("--kind/--date", &e))
        .map_err(|f| match f {
            Failure::Input { problems, .. } => Failure::Input {
                problems: problems
                    .into_iter()
                    .map(|d| Diagnostic {
                        file: "plaudit".to_owned(),
                        line: None,
                        column: None,
                        path: format!("--{}", d.path.split('.').next().unwrap_or("")),
                        message: d.message,
                    })
                    .collect(),
                more: 0,
                withheld: false,
            },
            other => other,
        })
}
