//! The page against hand-made documents: numbers, escaping, statuses, no outside address.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
use super::*;
use serde_json::json;

fn rate(n: u64, d: u64) -> Value {
    json!({"numerator": n, "denominator": d, "value": if d == 0 { Value::Null } else { json!(n as f64 / d as f64) }})
}

fn kpis() -> Value {
    json!({
        "influenced_share": rate(3, 4),
        "influenced_revenue": {"USD": {"units": 1234567, "amount": "12345.67"}},
        "referral_pipeline_share": {"USD": {"part": {"units": 1, "amount": "0.01"}, "total": {"units": 4, "amount": "0.04"}, "value": 0.25}},
        "win_rate_with": rate(2, 3),
        "win_rate_without": rate(0, 0),
        "win_rate_lift": null,
        "reference_close_rate": rate(1, 1),
        "cycle_reduction": {"median_with": 10.0, "median_without": null, "value": null}
    })
}

fn measurement(id: &str) -> Value {
    let mut k = kpis();
    k["roster"] = json!({
        "references_provided": 7,
        "response_rate": rate(5, 8),
        "unsolicited_share": rate(1, 9),
        "at_cap_share": rate(0, 10),
        "concentration": {"reference_calls": 7, "busiest_advocates": 1, "busiest_calls": 4, "value": 0.5714285714285714}
    });
    json!({
        "policy": "sha256:abc",
        "period": {"from": "2025-03-02", "to": "2026-03-01", "as_of": "2026-03-01"},
        "currency": "USD",
        "attribution": "linear",
        "per_advocate": [
            {"id": id, "erased": false, "deals_influenced": 2, "deals_won": 1, "attributed": {"USD": {"units": 1234567, "amount": "12345.67"}}, "referrals_sourced": 1, "referrals_won": 0},
            {"id": "gone", "erased": true}
        ],
        "per_opportunity": [],
        "kpis": k,
        "breakdowns": [
            {"dimension": "segment", "adds_up": true, "rows": [{"key": "smb", "kpis": kpis()}, {"key": null, "kpis": kpis()}]},
            {"dimension": "product", "adds_up": false, "rows": [{"key": id, "kpis": kpis()}]}
        ],
        "funnel": [
            {"step": "base", "count": 10},
            {"step": "eligible", "count": 5, "conversion": 0.5},
            {"step": "enrolled", "count": 0, "conversion": 0.0},
            {"step": "active", "count": 0, "conversion": null}
        ],
        "experiments": [{"variant": "short", "asks": 4, "accepted": 3, "response_rate": 0.75, "low": 0.3, "high": 0.95}],
        "scorecard": {"lines": [
            {"kpi": "influenced_share", "value": 0.75, "target": 0.8, "direction": "at_least", "band": 0.1, "weight": 1.0, "status": "watch", "attainment": 0.9375},
            {"kpi": "win_rate_lift", "value": null, "target": 0.15, "direction": "at_least", "band": 0.1, "weight": 1.0, "status": "no_data", "attainment": null},
            {"kpi": "reference_close_rate", "value": 1.0, "target": 0.9, "direction": "at_least", "band": 0.1, "weight": 1.0, "status": "met", "attainment": 1.0},
            {"kpi": "referral_pipeline_share", "value": 0.1, "target": 0.2, "direction": "at_least", "band": 0.1, "weight": 1.0, "status": "breach", "attainment": 0.5}
        ], "composite": 81.25},
        "warnings": [{"code": "unknown_advocate", "subject": id, "message": "not in the roster"}]
    })
}

fn portfolio() -> Value {
    json!({
        "policy": "sha256:abc", "advocates": 10, "base": 8,
        "lifecycle": {"active": 8, "at_risk": 0, "inactive": 1, "opted_out": 1, "erased": 0},
        "coverage": [{"target": {"name": "EMEA calls", "kind": "reference_call", "region": "EMEA", "needed": 5}, "in_segment": 4, "available": 2, "gap": 3}],
        "tier_mix": [
            {"tier": "platinum", "count": 1, "share": 0.125, "min_share": 0.05, "max_share": 0.1, "recruiting_gap": 0, "fell": 0},
            {"tier": "community", "count": 7, "share": 0.875, "recruiting_gap": 0, "fell": 0}
        ],
        "concentration": {"reference_calls": 7, "busiest_advocates": 1, "busiest_calls": 4, "busiest_share": 0.5714},
        "enrollment": []
    })
}

fn numbers(html: &str) -> Vec<(String, String)> {
    html.split("data-kpi=\"")
        .skip(1)
        .map(|s| {
            let path = s.split('"').next().unwrap().to_owned();
            let value = s
                .split("data-value=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .to_owned();
            (path, value)
        })
        .collect()
}

#[test]
fn every_shown_number_is_the_json_value_at_its_path() {
    let (m, p) = (measurement("adv-1"), portfolio());
    let html = render("Program", &m, Some(&p));
    let docs = Docs {
        measurement: &m,
        portfolio: Some(&p),
    };
    let shown = numbers(&html);
    assert!(shown.len() > 60, "{}", shown.len());
    for (path, value) in shown {
        let json = docs.get(&path).map_or("null".to_owned(), Value::to_string);
        let json = if json.parse::<f64>().is_ok() {
            json
        } else {
            "null".to_owned()
        };
        assert_eq!(value, json, "{path}");
    }
    for section in [
        "scorecard",
        "kpis",
        "breakdowns",
        "funnel",
        "tiers",
        "coverage",
        "concentration",
        "advocates",
        "experiments",
        "warnings",
    ] {
        assert!(
            html.contains(&format!("<section id=\"{section}\">")),
            "{section}"
        );
    }
}

#[test]
fn user_strings_are_escaped() {
    let evil = "<img src=x onerror=alert(1)>\"'&";
    let m = measurement(evil);
    let html = render("<Program & co>", &m, Some(&portfolio()));
    assert!(!html.contains("<img"));
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;"));
    assert!(html.contains("<title>&lt;Program &amp; co&gt;</title>"));
}

#[test]
fn null_kpis_show_no_data() {
    let html = render("P", &measurement("a"), None);
    assert!(html.contains(
        r#"data-kpi="scorecard.lines[1].value" data-value="null" data-format="percent">no data</span>"#
    ));
    assert!(html.contains(r#"data-kpi="kpis.win_rate_lift" data-value="null""#));
    // Zero is data, not "no data".
    assert!(html.contains(
        r#"data-kpi="kpis.roster.at_cap_share.value" data-value="0.0" data-format="percent">0.0%</span>"#
    ));
}

#[test]
fn statuses_colour_the_scorecard() {
    let html = render("P", &measurement("a"), None);
    for (status, colour) in [
        ("met", "#1a7f37"),
        ("watch", "#9a6700"),
        ("breach", "#cf222e"),
        ("no_data", "#6e7781"),
    ] {
        assert!(
            html.contains(&format!(
                "<div class=\"card\" style=\"--s:{colour}\" data-status=\"{status}\">"
            )),
            "{status}"
        );
    }
}

#[test]
fn the_page_reaches_nothing_outside_itself() {
    let html = render("Program", &measurement("adv-1"), Some(&portfolio()));
    assert!(!html.contains("http"), "http");
    assert!(!html.contains("//"), "//");
    // A URL in the data stays text: its slashes are escaped, so it never forms one.
    let evil = "http://tracker.example/x.png";
    let mut m = measurement(evil);
    m["warnings"][0]["message"] = json!("see https://example.com//a");
    let html = render("//title", &m, Some(&portfolio()));
    assert!(!html.contains("//"), "//");
    assert!(!html.contains("href") && !html.contains("src="));
    for word in [
        "<script", "<link", "<img", "<iframe", "url(", "@import", "src=",
    ] {
        assert!(!html.to_lowercase().contains(word), "{word}");
    }
    assert!(html.contains("@media print") && html.contains("name=\"viewport\""));
}

#[test]
fn sections_without_data_are_left_out() {
    let m =
        json!({"currency": "EUR", "kpis": kpis(), "scorecard": {"lines": [], "composite": null}});
    let html = render("P", &m, None);
    assert!(html.contains("<section id=\"scorecard\">"));
    assert!(!html.contains("<section id=\"tiers\">"));
    assert!(!html.contains("<section id=\"funnel\">"));
    assert!(html.contains(r#"data-kpi="scorecard.composite" data-value="null""#));
}
