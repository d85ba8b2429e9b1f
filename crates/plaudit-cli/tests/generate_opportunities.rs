//! `plaudit generate --opportunities N`: deals on the generated roster, as JSON Lines, a
//! JSON array or the long CSV form.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashSet;

use assert_cmd::Command;

fn plaudit() -> Command {
    Command::cargo_bin("plaudit").unwrap()
}

fn run(dir: &std::path::Path, args: &[&str]) {
    plaudit().current_dir(dir).args(args).assert().success();
}

#[test]
fn opportunities_in_every_format_name_roster_advocates() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path();
    run(p, &["generate", "-n", "40", "-o", "roster.jsonl"]);
    run(
        p,
        &[
            "generate",
            "-n",
            "40",
            "--opportunities",
            "60",
            "-o",
            "deals.jsonl",
        ],
    );
    run(
        p,
        &[
            "generate",
            "-n",
            "40",
            "--opportunities",
            "60",
            "-o",
            "deals.json",
        ],
    );
    run(
        p,
        &[
            "generate",
            "-n",
            "40",
            "--opportunities",
            "60",
            "-f",
            "csv",
            "-o",
            "long",
        ],
    );

    let roster: HashSet<String> = std::fs::read_to_string(p.join("roster.jsonl"))
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(p.join("deals.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 60);
    let mut touches = 0;
    for o in &lines {
        for t in o["touches"].as_array().unwrap() {
            assert!(roster.contains(t["advocate_id"].as_str().unwrap()));
            touches += 1;
        }
    }
    let array: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(p.join("deals.json")).unwrap()).unwrap();
    assert_eq!(array, lines);

    let deals = std::fs::read_to_string(p.join("long/opportunities.csv")).unwrap();
    let rows = std::fs::read_to_string(p.join("long/touches.csv")).unwrap();
    assert_eq!(deals.lines().count(), 61);
    assert_eq!(rows.lines().count(), touches + 1);
    assert!(rows.starts_with("opportunity_id,advocate_id,kind,on,solicited\n"));
}

#[test]
fn opportunities_as_csv_need_a_directory_and_exclude_requests() {
    plaudit()
        .args(["generate", "--opportunities", "5", "-f", "csv"])
        .assert()
        .code(2)
        .stderr("plaudit: --format csv writes two files: name a directory with --out DIR\n");
    plaudit()
        .args(["generate", "--opportunities", "5", "--requests", "2"])
        .assert()
        .code(2);
}
