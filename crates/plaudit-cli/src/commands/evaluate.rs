//! `plaudit evaluate`: one decision per advocate, streamed (read, evaluate, write, one
//! advocate at a time), so memory stays flat however long the input is.

use crate::cli::EvaluateArgs;
use crate::diag::Failure;
use crate::input;
use crate::output::{Column, RecordWriter, lifecycle_tone, plain, reasons_tone, verdict};
use crate::table::Align;

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
        header: "tier",
        path: "tier.tier",
        align: Align::Left,
        tone: plain,
    },
    Column {
        header: "used",
        path: "capacity.counted_in_window",
        align: Align::Right,
        tone: plain,
    },
    Column {
        header: "remaining",
        path: "capacity.remaining",
        align: Align::Right,
        tone: plain,
    },
    Column {
        header: "reference_call_on",
        path: "next_available.reference_call",
        align: Align::Left,
        tone: plain,
    },
    Column {
        header: "excluded",
        path: "excluded",
        align: Align::Left,
        tone: reasons_tone,
    },
    Column {
        header: "gates",
        path: "eligibility.reasons",
        align: Align::Left,
        tone: reasons_tone,
    },
    Column {
        header: "warnings",
        path: "warnings",
        align: Align::Left,
        tone: plain,
    },
];

/// Runs `evaluate`.
pub fn run(args: &EvaluateArgs) -> Result<(), Failure> {
    let engine = super::engine(&args.engine)?;
    let as_of = super::as_of(&args.engine, &engine, &args.output);
    let source = input::open(&args.roster)?;
    let mut out = RecordWriter::new(&args.output, COLUMNS)?;
    let mut evaluator = engine.evaluator(as_of);
    input::for_each(source, &args.roster, |a, _| {
        out.write(&evaluator.evaluate(&a))
    })?;
    out.finish()
}
