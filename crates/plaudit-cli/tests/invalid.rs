//! Runs the shared invalid-input cases of `tests/invalid/` (see its README) through the CLI:
//! advocates as JSON Lines rows, rosters as files, requests, asks, coverage targets and
//! policies as the files their commands read. The CLI names no codes, so the paths are
//! compared: every expected problem, and only those, on stderr.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use serde_json::Value;

/// The cases of `file` but its `pending` ones (known defects every door still has).
fn load(file: &str) -> Vec<Value> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/invalid");
    let text = std::fs::read_to_string(dir.join(file)).unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    doc["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c.get("pending").is_none())
        .cloned()
        .collect()
}

fn text_of(case: &Value) -> String {
    match case.get("text") {
        Some(t) => t.as_str().unwrap().to_owned(),
        None => case["input"].to_string(),
    }
}

fn join(prefix: &str, path: &str) -> String {
    if path.is_empty() {
        prefix.to_owned()
    } else if path.starts_with('[') || prefix.is_empty() {
        format!("{prefix}{path}")
    } else {
        format!("{prefix}.{path}")
    }
}

fn expected(case: &Value, prefix: &str) -> Vec<String> {
    let mut v: Vec<String> = case["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| join(prefix, e["path"].as_str().unwrap()))
        .collect();
    v.sort();
    v
}

/// The paths on stderr lines `file[:line[:column]]: path: message` about `file`.
fn paths(stderr: &str, file: &str) -> Vec<String> {
    let mut v: Vec<String> = stderr
        .lines()
        .filter_map(|l| l.strip_prefix(file))
        .map(|rest| {
            let rest = rest.trim_start_matches(|c: char| c == ':' || c.is_ascii_digit());
            let rest = rest.trim_start();
            match rest.split_once(": ") {
                Some((p, _)) if !p.contains(' ') => p.to_owned(),
                _ => String::new(),
            }
        })
        .collect();
    v.sort();
    v
}

fn plaudit(dir: &Path, args: &[&str]) -> (i32, String) {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("plaudit");
    cmd.current_dir(dir).args(args);
    if !matches!(args.first(), Some(&("policy" | "validate"))) {
        cmd.args(["--max-errors", "1000"]);
    }
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const GOOD: &str = r#"{"id":"ok","customer_since":"2020-01-01","health_score":90}"#;

#[test]
fn advocate_cases_as_json_lines_rows() {
    let dir = tempfile::tempdir().unwrap();
    let cases = load("advocates.json");
    // One row per case, each followed by a valid row: a bad row never spoils the next.
    let mut text = String::new();
    for c in &cases {
        text.push_str(&text_of(c));
        text.push('\n');
        text.push_str(
            GOOD.replace("\"ok\"", &format!("\"ok{}\"", text.len()))
                .as_str(),
        );
        text.push('\n');
    }
    std::fs::write(dir.path().join("roster.jsonl"), text).unwrap();
    let (code, stderr) = plaudit(
        dir.path(),
        &[
            "evaluate",
            "roster.jsonl",
            "--as-of",
            "2026-03-01",
            "-f",
            "json",
        ],
    );
    assert_eq!(code, 2, "{stderr}");
    let mut bad = Vec::new();
    for (i, c) in cases.iter().enumerate() {
        let prefix = format!("advocates[{}]", 2 * i);
        let want = expected(c, &prefix);
        let have: Vec<String> = paths(&stderr, "roster.jsonl")
            .into_iter()
            .filter(|p| {
                p == &prefix
                    || p.starts_with(&format!("{prefix}."))
                    || p.starts_with(&format!("{prefix}["))
            })
            .collect();
        if want != have {
            bad.push(format!("{}: expected {want:?}, got {have:?}", c["name"]));
        }
    }
    let odd: Vec<String> = paths(&stderr, "roster.jsonl")
        .into_iter()
        .filter(|p| {
            p.strip_prefix("advocates[")
                .and_then(|r| r.split(']').next())
                .and_then(|n| n.parse::<usize>().ok())
                .is_some_and(|n| n % 2 == 1)
        })
        .collect();
    assert!(odd.is_empty(), "valid rows reported: {odd:?}");
    assert!(
        bad.is_empty(),
        "{} mismatches:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

/// Runs each case as a file given to a command; `prefix` roots the expected paths.
fn run_files(
    file: &str,
    name: &str,
    wrap: impl Fn(&str) -> String,
    prefix: &str,
    args: &[&str],
) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("roster.jsonl"), format!("{GOOD}\n")).unwrap();
    let mut bad = Vec::new();
    for c in load(file) {
        std::fs::write(dir.path().join(name), wrap(&text_of(&c))).unwrap();
        let (code, stderr) = plaudit(dir.path(), args);
        let want = expected(&c, prefix);
        let have = paths(&stderr, name);
        if code != 2 || want != have {
            bad.push(format!(
                "{file}: {}: exit {code}, expected {want:?}, got {have:?}\n{stderr}",
                c["name"]
            ));
        }
    }
    bad
}

#[test]
fn roster_request_ask_target_and_policy_cases_through_their_commands() {
    let mut bad = Vec::new();
    bad.extend(run_files(
        "rosters.json",
        "list.json",
        |t| t.to_owned(),
        "",
        &["evaluate", "list.json", "--as-of", "2026-03-01"],
    ));
    bad.extend(run_files(
        "requests.json",
        "request.json",
        |t| t.to_owned(),
        "",
        &[
            "rank",
            "roster.jsonl",
            "--request",
            "request.json",
            "--as-of",
            "2026-03-01",
        ],
    ));
    bad.extend(run_files(
        "asks.json",
        "ask.json",
        |t| t.to_owned(),
        "",
        &[
            "check",
            "roster.jsonl",
            "--ask",
            "ask.json",
            "--as-of",
            "2026-03-01",
        ],
    ));
    bad.extend(run_files(
        "targets.json",
        "targets.json",
        |t| format!("[{t}]"),
        "targets[0]",
        &[
            "coverage",
            "roster.jsonl",
            "--targets",
            "targets.json",
            "--as-of",
            "2026-03-01",
        ],
    ));
    bad.extend(run_files(
        "policies.json",
        "policy.json",
        |t| t.to_owned(),
        "",
        &["policy", "check", "policy.json"],
    ));
    // The TOML form of each policy case, where TOML can hold it.
    let dir = tempfile::tempdir().unwrap();
    let mut ran = 0;
    for c in load("policies.json") {
        if let Some(why) = c["skip"].get("toml") {
            assert!(why.is_string(), "{}", c["name"]);
            continue;
        }
        std::fs::write(dir.path().join("policy.toml"), c["toml"].as_str().unwrap()).unwrap();
        let (code, stderr) = plaudit(dir.path(), &["policy", "check", "policy.toml"]);
        let (want, have) = (expected(&c, ""), paths(&stderr, "policy.toml"));
        if code != 2 || want != have {
            bad.push(format!(
                "policies.json (toml): {}: exit {code}, expected {want:?}, got {have:?}\n{stderr}",
                c["name"]
            ));
        }
        ran += 1;
    }
    assert!(ran >= 10, "{ran} TOML policies ran");
    assert!(
        bad.is_empty(),
        "{} mismatches:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

/// A form field (`/prospect/products/2`) as a record path (`prospect.products[2]`).
fn record_path(field: &str) -> String {
    let mut out = String::new();
    for part in field.split('/').skip(1) {
        if !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()) {
            out.push_str(&format!("[{part}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(part);
        }
    }
    out
}

/// `plaudit validate` refuses every request case `rank` refuses, with the same codes and
/// paths (its form fields read as record paths): validation accepts exactly what ranking
/// accepts. A case skips it by `skip.validate`; `validate_pending` ones must still differ.
#[test]
fn request_cases_through_plaudit_validate() {
    let dir = tempfile::tempdir().unwrap();
    let mut bad = Vec::new();
    let mut ran = 0;
    for c in load("requests.json") {
        if c["skip"].get("validate").is_some() {
            continue;
        }
        std::fs::write(dir.path().join("request.json"), text_of(&c)).unwrap();
        let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("plaudit");
        let out = cmd
            .current_dir(dir.path())
            .args(["validate", "request.json", "-f", "json"])
            .output()
            .unwrap();
        let verdict: Value = serde_json::from_slice(&out.stdout).unwrap();
        let mut have: Vec<(String, String)> = verdict["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                (
                    i["code"].as_str().unwrap().to_owned(),
                    record_path(i["field"].as_str().unwrap()),
                )
            })
            .collect();
        have.sort();
        let mut want: Vec<(String, String)> = c["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["code"].as_str().unwrap().to_owned(),
                    e["path"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        want.sort();
        let code = out.status.code().unwrap_or(-1);
        assert_eq!(code == 0, have.is_empty(), "{}: exit {code}", c["name"]);
        ran += 1;
        if c.get("validate_pending").is_some() {
            if want == have {
                bad.push(format!(
                    "{}: passes now: remove its validate_pending mark",
                    c["name"]
                ));
            }
        } else if code != 2 || want != have {
            bad.push(format!(
                "{}: exit {code}, expected {want:?}, got {have:?}",
                c["name"]
            ));
        }
    }
    assert!(ran >= 30, "{ran} requests ran");
    assert!(
        bad.is_empty(),
        "{} mismatches:\n{}",
        bad.len(),
        bad.join("\n")
    );
}
