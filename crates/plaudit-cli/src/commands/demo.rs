//! `plaudit demo`: the main job. A realistic program on embedded, deterministic data — a
//! few hundred synthetic advocates (plaudit-synth, fixed seed and date), the example policy,
//! coverage targets and requests — run through the engine: program health, the tier mix
//! against its targets, coverage gaps, and a ranked reference request with its reasons.

use std::fmt::Write as _;
use std::io::Write as _;

use chrono::NaiveDate;
use plaudit::{CoverageTarget, Engine, Policy, Request, Roster};
use plaudit_synth::SynthConfig;
use serde_json::Value;

use crate::cli::DemoArgs;
use crate::diag::Failure;
use crate::output::{OutputArgs, at, cell_text};
use crate::report;
use crate::table::{Align, Cell, Style, Table, Tone, percent};

/// The example policy, exactly as shipped.
const POLICY: &str = include_str!("../../../../examples/policy.toml");
/// How many advocates, from which seed, as of which date.
const ADVOCATES: usize = 300;
const SEED: u64 = 2026;
const AS_OF: (i32, u32, u32) = (2026, 3, 1);

/// What the program wants covered this quarter.
const TARGETS: &str = r#"[
  {"name": "fintech reference calls", "kind": "reference_call", "industry": "financial_services", "needed": 8},
  {"name": "healthcare case studies", "kind": "case_study", "industry": "healthcare", "needed": 2},
  {"name": "EMEA enterprise calls", "kind": "reference_call", "region": "EMEA", "segment": "enterprise", "needed": 6},
  {"name": "APAC speakers", "kind": "speaking", "region": "APAC", "needed": 2},
  {"name": "analytics reviews", "kind": "review", "product": "analytics", "needed": 10}
]"#;

/// The sample reference request: a German bank evaluating analytics.
const REQUEST: &str = r#"{
  "id": "req-demo-1", "kind": "reference_call",
  "requested_on": "2026-03-01", "needed_by": "2026-03-20",
  "prospect": {"account_id": "prospect-bank-de", "industry": "financial_services",
               "segment": "enterprise", "country": "DE",
               "products": ["analytics", "data_platform"], "use_cases": ["churn_reduction"]},
  "count": 3
}"#;

/// Runs `demo`.
pub fn run(args: &DemoArgs) -> Result<(), Failure> {
    let style = OutputArgs {
        format: None,
        out: "-".to_owned(),
        color: args.color,
    }
    .style();
    let (text, page) = render(style).map_err(Failure::Io)?;
    if let Some(path) = &args.report {
        let mut sink = crate::output::Sink::open(path)?;
        sink.write_all(page.as_bytes())?;
        sink.commit()?;
    }
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

fn json<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

/// The whole report, and the program report page (embedded data only: an error here is a
/// bug in the build).
pub fn render(style: Style) -> Result<(String, String), String> {
    let as_of = NaiveDate::from_ymd_opt(AS_OF.0, AS_OF.1, AS_OF.2).ok_or("bad demo date")?;
    let policy = Policy::from_toml(POLICY).map_err(|e| e.to_string())?;
    let engine = Engine::new(policy).map_err(|e| e.to_string())?;
    let config = SynthConfig::new(ADVOCATES, SEED, as_of);
    let advocates: Vec<_> = plaudit_synth::advocates(&config).collect();
    let mut evaluator = engine.evaluator(as_of);
    let evaluations: Vec<_> = advocates.iter().map(|a| evaluator.evaluate(a)).collect();
    let roster = Roster::new(advocates).map_err(|e| e.to_string())?;
    let targets: Vec<CoverageTarget> = serde_json::from_str(TARGETS).map_err(|e| e.to_string())?;
    let portfolio = json(&engine.coverage(&roster, &targets, as_of));
    let request = plaudit::parse_request(REQUEST).map_err(|e| e.to_string())?;
    let ranking = json(&engine.rank(&request, &roster, as_of));
    // The deals of the last twelve months, on the same roster.
    let deals = plaudit_synth::opportunities(&config, config.opportunities);
    let from = as_of - chrono::Duration::days(364);
    let measured = json(
        &engine
            .measure(&deals, Some(&roster), (from, as_of), as_of)
            .map_err(|e| e.to_string())?,
    );

    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}",
        style.heading(&format!(
            "Plaudit demo: an advocacy program of {ADVOCATES} customers, as of {as_of}"
        ))
    );
    let _ = writeln!(
        s,
        "synthetic data (plaudit-synth, seed {SEED}) · policy examples/policy.toml ({})",
        engine.fingerprint()
    );

    // Program health.
    let eligible = evaluations
        .iter()
        .filter(|e| e.eligibility.as_ref().is_some_and(|x| x.eligible))
        .count();
    let askable = evaluations
        .iter()
        .filter(|e| e.eligibility.as_ref().is_some_and(|x| x.eligible) && e.excluded.is_empty())
        .count();
    let _ = writeln!(s, "\n{}", style.heading("Program health"));
    let _ = writeln!(
        s,
        "  {}",
        report::counts_line(at(&portfolio, "lifecycle"), style)
    );
    let _ = writeln!(
        s,
        "  {eligible} pass eligibility ({}), {askable} of them can be asked today",
        percent(eligible as f64 / ADVOCATES as f64)
    );
    if let Some(c) = at(&portfolio, "concentration") {
        let _ = writeln!(s, "  {}", report::concentration_line(c));
    }

    let _ = writeln!(
        s,
        "\n{}",
        style.heading(&format!(
            "Is it worth it? {} synthetic deals, {from} to {as_of}",
            deals.len()
        ))
    );
    s.push_str(&super::measure::scorecard_text(&measured, style));

    let _ = writeln!(
        s,
        "\n{}",
        style.heading(&format!(
            "Tier mix against the targets (base {} members)",
            cell_text(at(&portfolio, "base"))
        ))
    );
    s.push_str(&report::tier_mix(at(&portfolio, "tier_mix"), style, 2));
    let _ = writeln!(
        s,
        "  {}\n  {}",
        style.dim("fell: advocates whose points reach the tier but whom its maximum share moved down"),
        style.dim("recruiting_gap: advocates to recruit to reach the minimum share (never filled by force)")
    );

    let _ = writeln!(
        s,
        "\n{}",
        style.heading("Coverage of this quarter's targets")
    );
    s.push_str(&report::coverage_table(&portfolio, style, 2));
    let _ = writeln!(
        s,
        "  {}",
        style.dim(
            "in_segment: advocates the target describes, in any state; available: those rank could match today; gap: needed - available"
        )
    );
    let enrollment = super::items(&portfolio, "enrollment");
    if !enrollment.is_empty() {
        let _ = writeln!(
            s,
            "  {} eligible non-members to invite, best first (listing {} of {}): {}",
            enrollment.len(),
            enrollment.len().min(5),
            enrollment.len(),
            enrollment
                .iter()
                .take(5)
                .map(|e| cell_text(e.get("id")))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }

    let _ = writeln!(
        s,
        "\n{}",
        style.heading(&format!(
            "Request {}: {}, {} wanted by {}",
            request.id,
            describe(&request),
            request.count,
            request.needed_by
        ))
    );
    let _ = writeln!(
        s,
        "  {} considered, {} matched, {} excluded",
        cell_text(at(&ranking, "summary.considered")),
        cell_text(at(&ranking, "summary.matched")),
        cell_text(at(&ranking, "summary.excluded")),
    );
    s.push('\n');
    s.push_str(&indent(&report::ranking_with(&ranking, style, 8)));

    // A few more requests from sales and marketing, one line each.
    let _ = writeln!(s, "\n{}", style.heading("More requests this week"));
    let mut t = Table::new(&[
        ("request", Align::Left),
        ("kind", Align::Left),
        ("prospect", Align::Left),
        ("wanted", Align::Right),
        ("matched", Align::Right),
        ("best", Align::Left),
        ("score", Align::Right),
        ("top exclusion (advocates)", Align::Left),
    ]);
    for r in plaudit_synth::requests(&config, 4) {
        let v = json(&engine.rank(&r, &roster, as_of));
        let matched = super::items(&v, "matches").len();
        let best = super::items(&v, "matches").first();
        let top = at(&v, "summary.by_reason")
            .and_then(Value::as_object)
            .and_then(|m| {
                m.iter()
                    .max_by_key(|(k, n)| (n.as_u64(), std::cmp::Reverse(*k)))
            })
            .map(|(k, n)| format!("{k} ({})", cell_text(Some(n))))
            .unwrap_or_default();
        t.push(vec![
            Cell::plain(r.id.clone()),
            Cell::plain(r.kind.as_str()),
            Cell::plain(describe_prospect(&r)),
            Cell::plain(r.count.to_string()),
            Cell::toned(
                matched.to_string(),
                if matched >= r.count as usize {
                    Tone::Good
                } else {
                    Tone::Warn
                },
            ),
            Cell::plain(cell_text(best.and_then(|b| b.get("id")))),
            Cell::plain(cell_text(best.and_then(|b| b.get("score")))),
            Cell::toned(top, Tone::Bad),
        ]);
    }
    s.push_str(&t.render(style, 2));
    let _ = writeln!(
        s,
        "\nTry it on your data: plaudit evaluate roster.jsonl · plaudit rank roster.jsonl --request request.json · plaudit --help"
    );
    let _ = writeln!(
        s,
        "The program report of this demo as a web page: plaudit demo --report report.html"
    );
    let page = crate::program_report::render(
        "Plaudit demo: advocacy program report",
        &measured,
        Some(&portfolio),
    );
    Ok((s, page))
}

fn describe(r: &Request) -> String {
    format!("{} for {}", r.kind.as_str(), describe_prospect(r))
}

fn describe_prospect(r: &Request) -> String {
    let p = &r.prospect;
    let mut parts = vec![p.industry.clone()];
    if let Some(seg) = p.segment {
        parts.push(seg.as_str().to_owned());
    }
    if let Some(c) = &p.country {
        parts.push(c.clone());
    }
    parts.join(" · ")
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("  {l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_renders_deterministically_with_every_section() {
        let (a, page) = render(Style { color: false }).unwrap();
        let b = render(Style { color: false }).unwrap();
        assert_eq!((&a, &page), (&b.0, &b.1));
        assert!(page.contains("<section id=\"scorecard\">"));
        for section in [
            "Program health",
            "Is it worth it? 600 synthetic deals",
            "Scorecard (composite",
            "Tier mix against the targets",
            "Coverage of this quarter's targets",
            "Request req-demo-1",
            "Matches (3)",
            "Top exclusion reasons",
            "More requests this week",
        ] {
            assert!(a.contains(section), "{section} missing in\n{a}");
        }
    }
}
