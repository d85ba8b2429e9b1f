//! `plaudit measure` and `plaudit report` on generated data: the scorecard table, the JSON,
//! the per-advocate CSV, one self-contained HTML page, and bad deals named by their path.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use assert_cmd::Command;
use predicates::prelude::*;

const PERIOD: [&str; 6] = [
    "--from",
    "2025-03-02",
    "--to",
    "2026-03-01",
    "--as-of",
    "2026-03-01",
];

fn plaudit(dir: &std::path::Path) -> Command {
    let mut c = Command::cargo_bin("plaudit").unwrap();
    c.current_dir(dir);
    c
}

fn setup() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    let gen_args: [&[&str]; 2] = [
        &["generate", "-n", "120", "-s", "3", "-o", "roster.jsonl"],
        &[
            "generate",
            "-n",
            "120",
            "-s",
            "3",
            "--opportunities",
            "300",
            "-o",
            "deals.jsonl",
        ],
    ];
    for args in gen_args {
        plaudit(d.path()).args(args).assert().success();
    }
    d
}

fn measure(d: &std::path::Path, format: &str) -> String {
    let out = plaudit(d)
        .args(["measure", "roster.jsonl", "--opportunities", "deals.jsonl"])
        .args(PERIOD)
        .args(["--format", format, "--color", "never"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

#[test]
fn measure_prints_the_scorecard_the_json_and_the_csv() {
    let d = setup();
    let table = measure(d.path(), "table");
    assert!(table.starts_with("Scorecard (composite "), "{table}");
    for kpi in ["influenced_share", "win_rate_lift", "cycle_reduction"] {
        assert!(table.contains(kpi), "{kpi}");
    }
    let json: serde_json::Value = serde_json::from_str(&measure(d.path(), "json")).unwrap();
    assert_eq!(json["period"]["from"], "2025-03-02");
    assert_eq!(json["scorecard"]["lines"].as_array().unwrap().len(), 5);
    assert!(
        json["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|w| w["code"] != "unknown_advocate")
    );
    let csv = measure(d.path(), "csv");
    assert!(csv.starts_with("advocate_id,erased,attributed,deals_influenced,"));
    assert_eq!(
        csv.lines().count(),
        json["per_advocate"].as_array().unwrap().len() + 1
    );
}

#[test]
fn report_writes_one_self_contained_page_and_its_json() {
    let d = setup();
    std::fs::write(
        d.path().join("targets.json"),
        r#"[{"name": "fintech calls", "kind": "reference_call", "industry": "financial_services", "needed": 50}]"#,
    )
    .unwrap();
    plaudit(d.path())
        .args(["report", "roster.jsonl", "--opportunities", "deals.jsonl"])
        .args(PERIOD)
        .args([
            "--targets",
            "targets.json",
            "--json",
            "shown.json",
            "-o",
            "r.html",
        ])
        .assert()
        .success();
    let html = std::fs::read_to_string(d.path().join("r.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.contains("http") && !html.contains("//"));
    for section in [
        "scorecard",
        "breakdowns",
        "funnel",
        "tiers",
        "coverage",
        "advocates",
    ] {
        assert!(
            html.contains(&format!("<section id=\"{section}\">")),
            "{section}"
        );
    }
    assert!(html.contains("fintech calls"));
    let shown: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.path().join("shown.json")).unwrap())
            .unwrap();
    let measured: serde_json::Value = serde_json::from_str(&measure(d.path(), "json")).unwrap();
    assert_eq!(shown, measured);
}

#[test]
fn bad_deals_and_periods_are_named_by_their_path() {
    let d = setup();
    std::fs::write(
        d.path().join("bad.jsonl"),
        "{\"id\": \"o1\", \"created_on\": \"2025-05-01\", \"stage\": \"won\", \"amount\": -5}\n",
    )
    .unwrap();
    let out = plaudit(d.path())
        .args(["measure", "roster.jsonl", "--opportunities", "bad.jsonl"])
        .args(PERIOD)
        .assert()
        .failure()
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).unwrap();
    assert!(err.contains("opportunities[0].amount"), "{err}");
    assert!(err.contains("opportunities[0].closed_on"), "{err}");
    let out = plaudit(d.path())
        .args(["report", "roster.jsonl", "--opportunities", "deals.jsonl"])
        .args([
            "--from",
            "2026-03-01",
            "--to",
            "2025-03-02",
            "--as-of",
            "2026-03-01",
        ])
        .assert()
        .failure()
        .get_output()
        .stderr
        .clone();
    assert!(!String::from_utf8(out).unwrap().is_empty());
    assert!(
        !d.path().join("report.html").exists(),
        "nothing written on error"
    );
}

#[test]
fn the_demo_prints_its_scorecard_and_writes_its_report() {
    let d = tempfile::tempdir().unwrap();
    plaudit(d.path())
        .args(["demo", "--color", "never", "--report", "demo.html"])
        .assert()
        .success()
        .stdout(
            predicates::str::contains("Is it worth it? 600 synthetic deals")
                .and(predicates::str::contains("Scorecard (composite ")),
        );
    let html = std::fs::read_to_string(d.path().join("demo.html")).unwrap();
    assert!(html.contains("<section id=\"scorecard\">") && html.contains("<section id=\"tiers\">"));
    assert!(!html.contains("http") && !html.contains("//"));
}
