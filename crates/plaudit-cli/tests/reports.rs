//! Generated help (completions, manual pages) and the population reports' shapes: coverage
//! tables list the first rows unless `--all`, and `rank -f jsonl` writes a line per advocate.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn plaudit(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("plaudit").unwrap();
    c.current_dir(dir).env("NO_COLOR", "1");
    c
}

fn stdout(c: &mut Command) -> String {
    String::from_utf8(c.assert().success().get_output().stdout.clone()).unwrap()
}

/// 500 generated advocates as of 2026-03-01 in `dir/roster.jsonl`.
fn roster(dir: &Path) {
    plaudit(dir)
        .args(["generate", "--advocates", "500", "--seed", "7"])
        .args(["--as-of", "2026-03-01", "-o", "roster.jsonl"])
        .assert()
        .success();
}

#[test]
fn completions_for_every_shell_name_the_commands() {
    let d = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let s = stdout(plaudit(d.path()).args(["completions", shell]));
        for word in ["coverage", "as-of", "completions"] {
            assert!(s.contains(word), "{shell} completion lacks {word}");
        }
    }
    plaudit(d.path())
        .args(["completions", "tcsh"])
        .assert()
        .code(2);
}

#[test]
fn man_prints_the_main_page_and_writes_one_per_command() {
    let d = tempfile::tempdir().unwrap();
    let page = stdout(plaudit(d.path()).arg("man"));
    assert!(
        page.starts_with(".ie") || page.contains(".TH plaudit"),
        "{page}"
    );
    assert!(page.contains("coverage") && page.contains("completions"));
    plaudit(d.path())
        .args(["man", "--dir", "pages/man1"])
        .assert()
        .success();
    for name in [
        "plaudit.1",
        "plaudit-rank.1",
        "plaudit-policy-check.1",
        "plaudit-man.1",
    ] {
        let p = d.path().join("pages/man1").join(name);
        let text = std::fs::read_to_string(&p).unwrap_or_default();
        assert!(text.contains(".TH"), "{} is a manual page", p.display());
    }
}

#[test]
fn coverage_table_lists_the_first_rows_and_all_with_all() {
    let d = tempfile::tempdir().unwrap();
    roster(d.path());
    std::fs::write(
        d.path().join("targets.json"),
        r#"[{"name": "software calls", "industry": "software", "kind": "reference_call", "needed": 5}]"#,
    )
    .unwrap();
    let base = ["coverage", "roster.jsonl", "--targets", "targets.json"];
    let json = stdout(
        plaudit(d.path())
            .args(base)
            .args(["--as-of", "2026-03-01", "-f", "json"]),
    );
    let v: Value = serde_json::from_str(&json).unwrap();
    let candidates = v["enrollment"].as_array().unwrap().len();
    assert!(
        candidates > 20,
        "the roster has more candidates than a table shows"
    );

    let table = stdout(plaudit(d.path()).args(base).args(["--as-of", "2026-03-01"]));
    let first = table.lines().next().unwrap();
    assert!(
        first.starts_with("500 advocates,") && first.contains(&format!("{candidates} enrollment")),
        "{first}"
    );
    assert!(table.contains(&format!("Enrollment candidates ({candidates})")));
    let listed = |t: &str| t.lines().filter(|l| l.starts_with("  adv-")).count();
    assert_eq!(listed(&table), 20, "{table}");
    assert!(table.contains(&format!("... and {} more", candidates - 20)));

    let all = stdout(
        plaudit(d.path())
            .args(base)
            .args(["--as-of", "2026-03-01", "--all"]),
    );
    assert_eq!(listed(&all), candidates);
    assert!(!all.contains("more (--all"));
}

#[test]
fn rank_jsonl_writes_one_line_per_advocate_matches_first() {
    let d = tempfile::tempdir().unwrap();
    roster(d.path());
    std::fs::write(
        d.path().join("request.json"),
        r#"{"id": "r-1", "kind": "reference_call", "requested_on": "2026-03-01",
            "needed_by": "2026-03-20", "prospect": {"industry": "software"}, "count": 3}"#,
    )
    .unwrap();
    let args = ["rank", "roster.jsonl", "--request", "request.json"];
    let doc: Value = serde_json::from_str(&stdout(plaudit(d.path()).args(args).args([
        "--as-of",
        "2026-03-01",
        "-f",
        "json",
    ])))
    .unwrap();
    let lines: Vec<Value> =
        stdout(
            plaudit(d.path())
                .args(args)
                .args(["--as-of", "2026-03-01", "-f", "jsonl"]),
        )
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let matches = doc["matches"].as_array().unwrap();
    let near = doc["near_misses"].as_array().unwrap();
    let excluded = doc["excluded"].as_array().unwrap();
    assert_eq!(matches.len(), 3);
    assert_eq!(lines.len(), matches.len() + near.len() + excluded.len());
    for (i, (line, m)) in lines.iter().zip(matches).enumerate() {
        assert_eq!(line["status"], "matched");
        assert_eq!(line["rank"], i + 1);
        assert_eq!(line["id"], m["id"]);
        assert_eq!(line["score"], m["score"]);
        assert_eq!(line["request_id"], "r-1");
        assert_eq!(line["policy"], doc["policy"]);
    }
    let rest = &lines[matches.len() + near.len()..];
    assert!(
        rest.iter()
            .all(|l| l["status"] == "excluded" && l.get("rank").is_none())
    );
    assert_eq!(rest[0]["id"], excluded[0]["id"]);
    assert_eq!(rest[0]["reasons"], excluded[0]["reasons"]);
}
