//! Human reports (the table format) of the population decisions: ranking, tiers, portfolio
//! and request validation. They are rendered from the decisions' JSON, so `--format json`
//! always carries every field the core returns, and a table shows the columns it knows
//! (a column with no value in any row is left out).

use std::fmt::Write as _;

use serde_json::Value;

use crate::output::{at, cell_text};
use crate::table::{Align, Cell, Style, Table, Tone, percent};

/// A column of a report table: header, dotted path, alignment, colouring.
type Col = (&'static str, &'static str, Align, fn(&Value) -> Tone);

fn none(_: &Value) -> Tone {
    Tone::Plain
}

fn bad_if_any(v: &Value) -> Tone {
    match v {
        Value::Array(a) if !a.is_empty() => Tone::Bad,
        _ => Tone::Plain,
    }
}

fn warn_if_any(v: &Value) -> Tone {
    match v {
        Value::Array(a) if !a.is_empty() => Tone::Warn,
        _ => Tone::Plain,
    }
}

fn lifecycle_tone(v: &Value) -> Tone {
    crate::output::lifecycle_tone(v)
}

fn gap_tone(v: &Value) -> Tone {
    match v.as_f64() {
        Some(g) if g > 0.0 => Tone::Bad,
        Some(_) => Tone::Good,
        None => Tone::Plain,
    }
}

fn verdict(v: &Value) -> Tone {
    match v {
        Value::Bool(true) => Tone::Good,
        Value::Bool(false) => Tone::Bad,
        _ => Tone::Plain,
    }
}

/// A table of `rows` (objects) with the columns of `cols` that have a value in some row.
pub fn table(rows: &[Value], cols: &[Col], style: Style, indent: usize) -> String {
    let present: Vec<&Col> = cols
        .iter()
        .filter(|(_, path, _, _)| {
            rows.iter().any(|r| {
                at(r, path).is_some_and(|v| match v {
                    Value::Null => false,
                    Value::Array(a) => !a.is_empty(),
                    Value::String(s) => !s.is_empty(),
                    _ => true,
                })
            })
        })
        .collect();
    let mut t = Table::new(
        &present
            .iter()
            .map(|(h, _, a, _)| (*h, *a))
            .collect::<Vec<_>>(),
    );
    for r in rows {
        t.push(
            present
                .iter()
                .map(|(_, path, _, tone)| {
                    let v = at(r, path);
                    Cell::toned(cell_text(v), v.map_or(Tone::Plain, tone))
                })
                .collect(),
        );
    }
    t.render(style, indent)
}

fn list<'a>(v: &'a Value, path: &str) -> &'a [Value] {
    at(v, path)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// `{reason: count}` or `[{reason, count}]` as rows sorted by count (descending), then
/// reason.
fn counts(v: Option<&Value>) -> Vec<(String, u64)> {
    let mut out: Vec<(String, u64)> = match v {
        Some(Value::Object(m)) => m
            .iter()
            .map(|(k, n)| (k.clone(), n.as_u64().unwrap_or(0)))
            .collect(),
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|x| {
                let name = x
                    .get("reason")
                    .or_else(|| x.get("code"))
                    .and_then(Value::as_str)?;
                Some((name.to_owned(), x.get("count")?.as_u64()?))
            })
            .collect(),
        _ => Vec::new(),
    };
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out
}

const MATCH_COLS: &[Col] = &[
    ("rank", "rank", Align::Right, none),
    ("id", "id", Align::Left, none),
    ("account", "account_id", Align::Left, none),
    ("score", "score", Align::Right, none),
    ("tier", "tier", Align::Left, none),
    ("earliest_on", "earliest_on", Align::Left, none),
    ("industry", "components.industry", Align::Right, none),
    ("segment", "components.segment", Align::Right, none),
    ("region", "components.region", Align::Right, none),
    ("products", "components.products", Align::Right, none),
    ("use_cases", "components.use_cases", Align::Right, none),
    ("readiness", "components.readiness", Align::Right, none),
    ("freshness", "components.freshness", Align::Right, none),
    ("approvals", "approvals", Align::Left, none),
    ("disclosures", "disclosures", Align::Left, none),
    ("warnings", "warnings", Align::Left, warn_if_any),
];

const NEAR_MISS_COLS: &[Col] = &[
    ("id", "id", Align::Left, none),
    ("next_available_on", "next_available_on", Align::Left, none),
    ("reasons", "reasons", Align::Left, bad_if_any),
];

/// A ranking: the matches with their components, the near misses, the top exclusion
/// reasons. `top` limits the exclusion reasons listed.
pub fn ranking_with(v: &Value, style: Style, top: usize) -> String {
    let mut s = String::new();
    let mut matches: Vec<Value> = list(v, "matches").to_vec();
    for (i, m) in matches.iter_mut().enumerate() {
        if let Value::Object(o) = m {
            o.entry("rank").or_insert_with(|| Value::from(i + 1));
        }
    }
    let _ = writeln!(
        s,
        "{}",
        style.heading(&format!("Matches ({})", matches.len()))
    );
    if matches.is_empty() {
        s.push_str("  none\n");
    } else {
        s.push_str(&table(&matches, MATCH_COLS, style, 2));
        let _ = writeln!(
            s,
            "  {}",
            style.dim(
                "score 0-100: the policy's weighted mean of the components, each 0-1 (1 = a full fit)"
            )
        );
    }
    let near = list(v, "near_misses");
    if !near.is_empty() {
        let _ = writeln!(
            s,
            "\n{}",
            style.heading(&format!(
                "Near misses ({}): move the date instead",
                near.len()
            ))
        );
        s.push_str(&table(near, NEAR_MISS_COLS, style, 2));
    }
    let excluded = list(v, "excluded").len();
    let by_reason = counts(at(v, "summary.by_reason"));
    if !by_reason.is_empty() {
        let _ = writeln!(
            s,
            "\n{}",
            style.heading(&format!("Top exclusion reasons ({excluded} excluded)"))
        );
        let listed = if by_reason.len() > top {
            format!(", listing {top} of {}", by_reason.len())
        } else {
            String::new()
        };
        let _ = writeln!(
            s,
            "  {}",
            style.dim(&format!(
                "advocates per reason: one advocate can have several, so the counts add up to more than {excluded}{listed}"
            ))
        );
        let mut t = Table::new(&[("reason", Align::Left), ("advocates", Align::Right)]);
        for (reason, n) in by_reason.iter().take(top) {
            t.push(vec![
                Cell::toned(reason.clone(), Tone::Bad),
                Cell::plain(n.to_string()),
            ]);
        }
        s.push_str(&t.render(style, 2));
    }
    s
}

/// A ranking, with every exclusion reason.
pub fn ranking(v: &Value, style: Style) -> String {
    ranking_with(v, style, usize::MAX)
}

const MIX_COLS: &[Col] = &[
    ("tier", "tier", Align::Left, none),
    ("advocates", "count", Align::Right, none),
    ("share", "share", Align::Right, none),
    ("target", "target", Align::Right, none),
    ("recruiting_gap", "recruiting_gap", Align::Right, gap_tone),
    ("fell", "fell", Align::Right, none),
];

const TIER_COLS: &[Col] = &[
    ("id", "id", Align::Left, none),
    ("lifecycle", "lifecycle", Align::Left, lifecycle_tone),
    ("tier", "tier", Align::Left, none),
    ("computed", "computed", Align::Left, none),
    ("points", "points", Align::Right, none),
    ("in_base", "in_base", Align::Left, none),
    ("in_grace", "in_grace", Align::Left, none),
    ("over_share", "over_share", Align::Left, none),
    ("touch", "touch", Align::Left, none),
];

/// The tier mix table alone: shares as percentages, the target as `min..max`.
pub fn tier_mix(v: Option<&Value>, style: Style, indent: usize) -> String {
    let rows: Vec<Value> = v
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice)
        .iter()
        .map(|x| {
            let mut x = x.clone();
            if let Value::Object(o) = &mut x {
                let pct = |k: &str| o.get(k).and_then(Value::as_f64).map(percent);
                let target = match (pct("min_share"), pct("max_share")) {
                    (Some(a), Some(b)) => Some(format!("{a}..{b}")),
                    _ => None,
                };
                if let Some(share) = pct("share") {
                    o.insert("share".into(), Value::String(share));
                }
                if let Some(t) = target {
                    o.insert("target".into(), Value::String(t));
                }
            }
            x
        })
        .collect();
    table(&rows, MIX_COLS, style, indent)
}

/// A tier assignment: the mix against the targets, then every advocate.
pub fn tiers(v: &Value, style: Style) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{}", style.heading("Tier mix"));
    s.push_str(&tier_mix(at(v, "mix"), style, 2));
    let advocates = list(v, "advocates");
    let _ = writeln!(
        s,
        "\n{}",
        style.heading(&format!("Advocates ({})", advocates.len()))
    );
    s.push_str(&table(advocates, TIER_COLS, style, 2));
    s
}

const COVERAGE_COLS: &[Col] = &[
    ("target", "target.name", Align::Left, none),
    ("kind", "target.kind", Align::Left, none),
    ("industry", "target.industry", Align::Left, none),
    ("segment", "target.segment", Align::Left, none),
    ("region", "target.region", Align::Left, none),
    ("product", "target.product", Align::Left, none),
    ("needed", "target.needed", Align::Right, none),
    ("in_segment", "in_segment", Align::Right, none),
    ("available", "available", Align::Right, none),
    ("gap", "gap", Align::Right, gap_tone),
];

const ENROLLMENT_COLS: &[Col] = &[
    ("id", "id", Align::Left, none),
    ("readiness", "readiness", Align::Right, none),
    ("tier_path", "path", Align::Left, none),
    ("touch", "touch", Align::Left, none),
];

/// The coverage table alone.
pub fn coverage_table(v: &Value, style: Style, indent: usize) -> String {
    table(list(v, "coverage"), COVERAGE_COLS, style, indent)
}

/// Lifecycle counts as one line, in precedence order: `active 210 · at_risk 30 · ...`.
pub fn counts_line(v: Option<&Value>, style: Style) -> String {
    let Some(v) = v else {
        return String::new();
    };
    [
        ("active", Tone::Good),
        ("at_risk", Tone::Warn),
        ("inactive", Tone::Bad),
        ("opted_out", Tone::Bad),
        ("erased", Tone::Bad),
    ]
    .iter()
    .filter_map(|(k, tone)| {
        let n = v.get(k)?;
        Some(format!("{} {}", style.paint(*tone, k), cell_text(Some(n))))
    })
    .collect::<Vec<_>>()
    .join("  ·  ")
}

/// Concentration as a sentence.
pub fn concentration_line(c: &Value) -> String {
    let n = |k: &str| cell_text(c.get(k));
    let share = c
        .get("busiest_share")
        .and_then(Value::as_f64)
        .map_or_else(String::new, percent);
    format!(
        "the busiest {} advocates (top 5%) gave {} of {} reference calls in the window ({share})",
        n("busiest_advocates"),
        n("busiest_calls"),
        n("reference_calls"),
    )
}

/// A portfolio (coverage, tier mix, concentration, lifecycle counts, enrollment) listing at most `shown` enrollment candidates, then how many more there are.
pub fn portfolio_with(v: &Value, style: Style, shown: usize) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{}", style.heading("Coverage"));
    s.push_str(&coverage_table(v, style, 2));
    let _ = writeln!(s, "\n{}", style.heading("Tier mix"));
    s.push_str(&tier_mix(at(v, "tier_mix"), style, 2));
    if let Some(c) = at(v, "concentration") {
        let _ = writeln!(s, "\n{}", style.heading("Concentration"));
        let _ = writeln!(s, "  {}", concentration_line(c));
    }
    let lifecycle = at(v, "lifecycle");
    if lifecycle.is_some() {
        let _ = writeln!(s, "\n{}", style.heading("Lifecycle"));
        let _ = writeln!(s, "  {}", counts_line(lifecycle, style));
    }
    let enrollment = list(v, "enrollment");
    let _ = writeln!(
        s,
        "\n{}",
        style.heading(&format!("Enrollment candidates ({})", enrollment.len()))
    );
    if !enrollment.is_empty() {
        let head = &enrollment[..enrollment.len().min(shown)];
        s.push_str(&table(head, ENROLLMENT_COLS, style, 2));
        if enrollment.len() > head.len() {
            let _ = writeln!(
                s,
                "  ... and {} more (--all lists every one; --format csv or json writes them all)",
                enrollment.len() - head.len()
            );
        }
    }
    s
}

const ISSUE_COLS: &[Col] = &[
    ("field", "field", Align::Left, none),
    ("code", "code", Align::Left, none),
    ("message", "message", Align::Left, none),
];

/// A request validation: ok, or every error and warning with its field.
pub fn validation(name: &str, v: &Value, style: Style) -> String {
    let mut s = String::new();
    let ok = at(v, "ok").and_then(Value::as_bool).unwrap_or(false);
    let verdict_text = if ok { "ok" } else { "invalid" };
    let _ = writeln!(
        s,
        "{name}: {}",
        style.paint(verdict(&Value::Bool(ok)), verdict_text)
    );
    for (title, path, tone) in [
        ("Errors", "errors", Tone::Bad),
        ("Warnings", "warnings", Tone::Warn),
    ] {
        let rows = list(v, path);
        if !rows.is_empty() {
            let _ = writeln!(s, "\n{}", style.paint(tone, title));
            s.push_str(&table(rows, ISSUE_COLS, style, 2));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAIN: Style = Style { color: false };

    #[test]
    fn ranking_lists_matches_and_top_reasons() {
        let v = serde_json::json!({
            "matches": [{"id": "a1", "score": 81.5, "tier": "gold", "earliest_on": "2026-03-02",
                         "components": {"industry": 1.0, "segment": 0.5}}],
            "near_misses": [],
            "excluded": [{"id": "a2", "reasons": ["cap_reached"]}],
            "summary": {"by_reason": {"cap_reached": 1, "consent_missing": 3}}
        });
        let s = ranking(&v, PLAIN);
        assert!(
            s.contains("rank  id  score  tier  earliest_on  industry  segment"),
            "{s}"
        );
        assert!(
            s.contains("     1  a1   81.5  gold  2026-03-02          1      0.5"),
            "{s}"
        );
        let reasons = s
            .split("Top exclusion reasons (1 excluded)")
            .nth(1)
            .unwrap();
        assert!(reasons.find("consent_missing").unwrap() < reasons.find("cap_reached").unwrap());
    }

    #[test]
    fn columns_without_values_are_left_out() {
        let rows = vec![serde_json::json!({"field": "count", "code": "out_of_range"})];
        assert_eq!(
            table(&rows, ISSUE_COLS, PLAIN, 0),
            "field  code\ncount  out_of_range\n"
        );
    }
}
