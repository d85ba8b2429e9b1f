//! `plaudit measure` (is the program worth it, and is it healthy?) and `plaudit report`
//! (the same measurement, with the portfolio, as one self-contained HTML page).

use std::fmt::Write as _;
use std::io::Write as _;

use plaudit::{CoverageTarget, Engine, Measurement, Opportunity, Portfolio};
use serde_json::Value;

use crate::cli::{MeasureArgs, MeasureInput, ReportArgs};
use crate::diag::{Diagnostic, Failure};
use crate::output::{Sink, json_io};
use crate::table::{Align, Cell, Style, Table, Tone, percent};

/// Runs `measure`.
pub fn run(args: &MeasureArgs) -> Result<(), Failure> {
    let engine = super::engine(&args.input.engine)?;
    let as_of = super::as_of(&args.input.engine, &engine, &args.output);
    let (m, _) = measure(&engine, &args.input, as_of, None)?;
    super::emit(&args.output, &m, scorecard_table, advocate_rows)
}

/// Runs `report`.
pub fn run_report(args: &ReportArgs) -> Result<(), Failure> {
    let engine = super::engine(&args.input.engine)?;
    let as_of = args
        .input
        .engine
        .as_of
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let targets: Vec<CoverageTarget> = match &args.targets {
        Some(path) => super::read_json(path, "targets")?,
        None => Vec::new(),
    };
    let (m, portfolio) = measure(&engine, &args.input, as_of, Some(&targets))?;
    let m = serde_json::to_value(&m).map_err(json_io)?;
    let portfolio = portfolio
        .map(|p| serde_json::to_value(&p))
        .transpose()
        .map_err(json_io)?;
    if let Some(path) = &args.json {
        let mut sink = Sink::open(path)?;
        serde_json::to_writer_pretty(&mut sink, &m).map_err(json_io)?;
        sink.write_all(b"\n")?;
        sink.commit()?;
    }
    let html = crate::program_report::render(&args.title, &m, portfolio.as_ref());
    let mut sink = Sink::open(&args.out)?;
    sink.write_all(html.as_bytes())?;
    sink.commit()
}

/// Reads the opportunities (and the roster, when given) and measures; with coverage
/// targets, also the portfolio of the roster.
fn measure(
    engine: &Engine,
    input: &MeasureInput,
    as_of: chrono::NaiveDate,
    targets: Option<&[CoverageTarget]>,
) -> Result<(Measurement, Option<Portfolio>), Failure> {
    let deals = read_opportunities(&input.opportunities)?;
    let roster = Some(crate::input::read_all(&input.roster)?.roster()?);
    let name = crate::input::display_name(&input.opportunities);
    let m = engine
        .measure(&deals, roster.as_ref(), (input.from, input.to), as_of)
        .map_err(|e| record_failure(&name, &e))?;
    let portfolio = match (targets, &roster) {
        (Some(t), Some(r)) => Some(engine.coverage(r, t, as_of)),
        _ => None,
    };
    Ok((m, portfolio))
}

/// A JSON array of opportunities, or JSON Lines (one per line).
fn read_opportunities(path: &str) -> Result<Vec<Opportunity>, Failure> {
    let name = crate::input::display_name(path);
    let text = crate::input::read_text(path)?;
    let trimmed = text.trim_start();
    let array = if trimmed.starts_with('[') {
        text
    } else {
        let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        format!("[{}]", lines.join(","))
    };
    plaudit::parse_opportunities(&array).map_err(|e| record_failure(&name, &e))
}

/// The table: the scorecard, then the top advocates.
fn scorecard_table(v: &Value, style: Style) -> String {
    let mut s = scorecard_text(v, style);
    top_advocates(&mut s, v, style);
    s
}

/// The scorecard of a measurement (as JSON): composite, then one line per KPI with its
/// status.
pub(super) fn scorecard_text(v: &Value, style: Style) -> String {
    let mut s = String::new();
    let composite = v
        .pointer("/scorecard/composite")
        .and_then(Value::as_f64)
        .map_or_else(|| "no data".to_owned(), |c| format!("{c:.1}"));
    let _ = writeln!(
        s,
        "{}",
        style.heading(&format!("Scorecard (composite {composite} of 100)"))
    );
    let mut t = Table::new(&[
        ("kpi", Align::Left),
        ("value", Align::Right),
        ("target", Align::Right),
        ("status", Align::Left),
    ]);
    for line in v
        .pointer("/scorecard/lines")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let text = |k: &str| line.get(k).and_then(Value::as_str).unwrap_or("");
        let status = text("status");
        let tone = match status {
            "met" => Tone::Good,
            "watch" => Tone::Warn,
            "breach" => Tone::Bad,
            _ => Tone::Plain,
        };
        let num = |k: &str| {
            line.get(k).and_then(Value::as_f64).map_or_else(
                || "no data".to_owned(),
                |x| scorecard_number(text("kpi"), x),
            )
        };
        t.push(vec![
            Cell::plain(text("kpi")),
            Cell::plain(num("value")),
            Cell::plain(num("target")),
            Cell::toned(status, tone),
        ]);
    }
    s.push_str(&t.render(style, 2));
    let _ = writeln!(
        s,
        "  {}",
        style.dim(
            "met: target reached; watch: short by at most the policy's band (10% by default); breach: short by more. composite: the weighted attainment, 0-100"
        )
    );
    s
}

fn top_advocates(s: &mut String, v: &Value, style: Style) {
    let top: Vec<&Value> = v
        .get("per_advocate")
        .and_then(Value::as_array)
        .map(|a| a.iter().take(10).collect())
        .unwrap_or_default();
    if !top.is_empty() {
        let currency = v.get("currency").and_then(Value::as_str).unwrap_or("USD");
        let _ = writeln!(s, "\n{}", style.heading("Top attributed advocates"));
        let mut t = Table::new(&[
            ("advocate", Align::Left),
            ("attributed", Align::Right),
            ("influenced", Align::Right),
            ("won", Align::Right),
        ]);
        for a in top {
            let n = |k: &str| a.get(k).map_or_else(String::new, Value::to_string);
            let amount = a
                .pointer(&format!("/attributed/{currency}/amount"))
                .and_then(Value::as_str)
                .map_or_else(String::new, |x| format!("{x} {currency}"));
            t.push(vec![
                Cell::plain(a.get("id").and_then(Value::as_str).unwrap_or("")),
                Cell::plain(amount),
                Cell::plain(n("deals_influenced")),
                Cell::plain(n("deals_won")),
            ]);
        }
        s.push_str(&t.render(style, 2));
    }
}

fn scorecard_number(kpi: &str, x: f64) -> String {
    match kpi {
        "references_provided" => format!("{x:.0}"),
        "influenced_revenue" => format!("{x:.2}"),
        _ => percent(x),
    }
}

/// CSV: one row per advocate with its credit in the measurement currency.
fn advocate_rows(v: &Value) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let currency = v.get("currency").and_then(Value::as_str).unwrap_or("USD");
    let rows = v
        .get("per_advocate")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|a| {
            let n = |k: &str| {
                a.get(k)
                    .filter(|x| !x.is_null())
                    .map_or_else(String::new, Value::to_string)
            };
            vec![
                a.get("id").and_then(Value::as_str).unwrap_or("").to_owned(),
                n("erased"),
                a.pointer(&format!("/attributed/{currency}/amount"))
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_owned(),
                n("deals_influenced"),
                n("deals_won"),
                n("referrals_sourced"),
                n("referrals_won"),
            ]
        })
        .collect();
    (
        vec![
            "advocate_id",
            "erased",
            "attributed",
            "deals_influenced",
            "deals_won",
            "referrals_sourced",
            "referrals_won",
        ],
        rows,
    )
}

/// Every problem of the opportunities (or of the period), with its file and field path.
fn record_failure(name: &str, e: &plaudit::RecordError) -> Failure {
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
