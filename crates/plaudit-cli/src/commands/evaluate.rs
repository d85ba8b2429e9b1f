//! `plaudit evaluate`: one decision per advocate, streamed (read, evaluate, write, one
//! advocate at a time).

use crate::cli::EvaluateArgs;
use crate::diag::Failure;
use crate::input;
use crate::output::{Column, RecordWriter, lifecycle_tone, plain, reasons_tone, verdict};
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
        header: "lifecycle",
        path: "lifecycle.state",
        align: Align::Left,
        tone: lifecycle_tone,
    },
    Column {
        header: "eligible",
        path: "eligibility.eligible",
        align: Align::Left,
        tone: verdict,
    },
    Column {
        header: "readiness",
        path: "eligibility.readiness.score",
        align: Align::Right,
        tone: plain,
    },
    Column {
        header: "tenure_months",
        path: "eligibility.tenure_months",
        align: Align::Right,
        tone: plain,
    },
    Column {
        header: "reasons",
        path: "eligibility.reasons",
        align: Align::Left,
        tone: reasons_tone,
    },
];

/// Runs `evaluate`.
pub fn run(args: &EvaluateArgs) -> Result<(), Failure> {
    let engine = super::engine(&args.engine)?;
    let as_of = super::as_of(&args.engine, &engine, &args.output);
    let source = input::open(&args.roster)?;
    let mut out = RecordWriter::new(&args.output, COLUMNS)?;
    input::for_each(source, &args.roster, |a| {
        out.write(&pending::evaluate(&engine, &a, as_of))
    })?;
    out.finish()
}
