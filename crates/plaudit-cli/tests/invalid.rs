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
/// accepts. A case skips it by `skip.validate`; `validate_pending.cli` ones must still differ.
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
        if c["validate_pending"].get("cli").is_some() {
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

// The CSV door: `advocates.csv` (flat columns, nested fields as dotted names, list cells
// `;`-separated) and one file per history joined by `advocate_id`, as `plaudit generate -f
// csv` writes them. These mirror the CLI's column types (a test that reads its own copy, so
// that a column changing type shows here).
const CSV_NUMBERS: &[&str] = &["health_score", "nps", "incentive.value"];
const CSV_BOOLS: &[&str] = &[
    "has_measurable_outcome",
    "preferences.public",
    "erasure_requested",
    "publicity_restricted",
    "left_company",
    "solicited",
];
const CSV_LISTS: &[&str] = &[
    "languages",
    "products",
    "use_cases",
    "preferences.activities",
];
/// The history files: field, file, the columns each must have.
const CSV_HISTORIES: [(&str, &str, &[&str]); 4] = [
    ("activities", "activities.csv", &["kind", "date", "status"]),
    ("engagements", "engagements.csv", &["date"]),
    ("consents", "consents.csv", &["purpose", "status", "on"]),
    ("disruptions", "disruptions.csv", &["kind", "from"]),
];

/// Why a value has no CSV form that means the same (the rules that skip a case).
const NO_NULL: &str = "an empty CSV cell is an absent field: a cell cannot be a null";
const TRIMMED: &str = "CSV cells are trimmed: an empty or blank text is an absent field, spaces around a text are dropped";
const TEXT_READS_TYPED: &str = "a CSV cell is text read by its column: text that reads as the column's number or boolean is that value";
const TYPED_IN_TEXT: &str =
    "a CSV cell is text: a number or a boolean in a text column is that text";
const ONE_VALUE: &str =
    "a CSV cell holds one value: an object or a list in a value column has no cell";
const LIST_CELL: &str = "a CSV list cell is `;`-separated texts: a value that is not such a list of non-empty texts has no list cell";
const HISTORY_ROWS: &str =
    "a CSV history is rows in its own file: a value that is not a list of objects has no rows";
const NOT_A_ROW: &str = "a CSV row is a record: the document is not an object";
const BEYOND_64_BITS: &str = "a CSV number cell beyond 64 bits reads as a float";

/// One CSV cell for `value` in `column`, or why it has none.
fn csv_cell(column: &str, value: &Value) -> Result<String, &'static str> {
    let number = CSV_NUMBERS.contains(&column);
    let boolean = CSV_BOOLS.contains(&column);
    if CSV_LISTS.contains(&column) {
        let items = value.as_array().ok_or(LIST_CELL)?;
        let texts: Option<Vec<&str>> = items
            .iter()
            .map(|v| {
                v.as_str()
                    .filter(|s| !s.trim().is_empty() && s.trim() == *s && !s.contains(';'))
            })
            .collect();
        return texts.map(|t| t.join(";")).ok_or(LIST_CELL);
    }
    match value {
        Value::Null => Err(NO_NULL),
        Value::String(s) => {
            let trimmed = s.trim();
            // Ids are trimmed by the core too: spaces around an id mean nothing anywhere.
            if trimmed.is_empty() || (trimmed != s && column != "id") {
                return Err(TRIMMED);
            }
            let reads_typed = (number && trimmed.parse::<f64>().is_ok())
                || (boolean && matches!(trimmed.to_ascii_lowercase().as_str(), "true" | "false"));
            if reads_typed {
                return Err(TEXT_READS_TYPED);
            }
            Ok(s.clone())
        }
        // A boolean in a number column, or a number in a boolean one, stays text: a wrong
        // type, as in JSON.
        Value::Bool(b) if boolean || number => Ok(b.to_string()),
        Value::Number(n) if number || boolean => {
            if n.is_u64() || n.is_i64() || n.is_f64() {
                Ok(n.to_string())
            } else {
                Err(BEYOND_64_BITS)
            }
        }
        Value::Bool(_) | Value::Number(_) => Err(TYPED_IN_TEXT),
        Value::Array(_) | Value::Object(_) => Err(ONE_VALUE),
    }
}

/// The flat `(column, cell)` pairs of an object, nested objects as dotted names (only
/// `preferences` and `incentive` nest).
fn csv_columns(
    obj: &serde_json::Map<String, Value>,
    prefix: &str,
    out: &mut Vec<(String, String)>,
) -> Result<(), &'static str> {
    for (key, value) in obj {
        let column = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        if matches!(column.as_str(), "preferences" | "incentive") {
            csv_columns(value.as_object().ok_or(ONE_VALUE)?, &column, out)?;
        } else {
            out.push((column.clone(), csv_cell(&column, value)?));
        }
    }
    Ok(())
}

/// A CSV file: the header (`first` columns, then every other column in order of
/// appearance) and the rows.
fn csv_file(first: &[&str], rows: &[Vec<(String, String)>]) -> String {
    let mut header: Vec<String> = first.iter().map(|s| (*s).to_owned()).collect();
    for row in rows {
        for (c, _) in row {
            if !header.contains(c) {
                header.push(c.clone());
            }
        }
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&header).unwrap();
    for row in rows {
        let cells: Vec<&str> = header
            .iter()
            .map(|h| {
                row.iter()
                    .find(|(c, _)| c == h)
                    .map_or("", |(_, v)| v.as_str())
            })
            .collect();
        w.write_record(&cells).unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

/// The CSV set (file name, text) holding `advocates`, or why it has no CSV form.
fn csv_set(advocates: &[Value]) -> Result<Vec<(&'static str, String)>, &'static str> {
    let mut main = Vec::new();
    let mut histories: Vec<Vec<Vec<(String, String)>>> = vec![Vec::new(); CSV_HISTORIES.len()];
    for a in advocates {
        let obj = a.as_object().ok_or(NOT_A_ROW)?;
        let mut flat = serde_json::Map::new();
        for (key, value) in obj {
            let Some(h) = CSV_HISTORIES.iter().position(|(f, _, _)| f == key) else {
                flat.insert(key.clone(), value.clone());
                continue;
            };
            let id = csv_cell("id", obj.get("id").ok_or(HISTORY_ROWS)?)?;
            for item in value.as_array().ok_or(HISTORY_ROWS)? {
                let mut row = vec![("advocate_id".to_owned(), id.clone())];
                if *key == "engagements" {
                    row.push(("date".to_owned(), csv_cell("date", item)?));
                } else {
                    csv_columns(item.as_object().ok_or(HISTORY_ROWS)?, "", &mut row)?;
                }
                histories[h].push(row);
            }
        }
        let mut row = Vec::new();
        csv_columns(&flat, "", &mut row)?;
        main.push(row);
    }
    let mut files = vec![(
        "advocates.csv",
        csv_file(&["id", "customer_since", "health_score"], &main),
    )];
    for ((_, file, required), rows) in CSV_HISTORIES.iter().zip(&histories) {
        if !rows.is_empty() {
            let mut first = vec!["advocate_id"];
            first.extend_from_slice(required);
            files.push((file, csv_file(&first, rows)));
        }
    }
    Ok(files)
}

/// The paths on stderr lines about any file of `dir` (`data/consents.csv:2: path: ...`).
fn csv_paths(stderr: &str) -> Vec<String> {
    let mut v: Vec<String> = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("data/"))
        .map(|rest| match rest.split_once(": ") {
            Some((_, rest)) => match rest.split_once(": ") {
                Some((p, _)) if !p.contains(' ') => p.to_owned(),
                _ => String::new(),
            },
            None => String::new(),
        })
        .collect();
    v.sort();
    v
}

/// Runs the cases of `file` as CSV sets through `evaluate`; `advocates` gives the advocates
/// of a case and `prefix` roots its paths. Returns the mismatches and how many cases ran.
fn run_csv(
    file: &str,
    advocates: impl Fn(&Value) -> Vec<Value>,
    prefix: &str,
) -> (Vec<String>, usize, usize) {
    let mut bad = Vec::new();
    let (mut ran, mut skipped) = (0, 0);
    for c in load(file) {
        // `text` cases (and integers beyond 64 bits, held exactly only as text) have no CSV form.
        let why = if c.get("text").is_some() {
            Err(if c.get("input").is_some() {
                BEYOND_64_BITS
            } else {
                "JSON text only a JSON reader can hold"
            })
        } else {
            csv_set(&advocates(&c["input"]))
        };
        let files = match why {
            Ok(files) => files,
            Err(why) => {
                println!("{file} (csv): skips {}: {why}", c["name"]);
                skipped += 1;
                continue;
            }
        };
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("data")).unwrap();
        for (name, text) in &files {
            std::fs::write(dir.path().join("data").join(name), text).unwrap();
        }
        let (code, stderr) = plaudit(
            dir.path(),
            &["evaluate", "data", "--as-of", "2026-03-01", "-f", "json"],
        );
        let (want, have) = (expected(&c, prefix), csv_paths(&stderr));
        if code != 2 || want != have {
            let shown: Vec<String> = files.iter().map(|(n, t)| format!("{n}:\n{t}")).collect();
            bad.push(format!(
                "{file} (csv): {}: exit {code}, expected {want:?}, got {have:?}\n{stderr}{}",
                c["name"],
                shown.join("")
            ));
        }
        ran += 1;
    }
    (bad, ran, skipped)
}

/// The advocate and roster cases as CSV sets give the JSON Lines paths; a case whose values
/// a CSV cannot hold with the same meaning is skipped by the rules above (each says why).
#[test]
fn advocate_and_roster_cases_as_csv_sets() {
    let (mut bad, ran, skipped) = run_csv("advocates.json", |v| vec![v.clone()], "advocates[0]");
    println!("advocates.json (csv): {ran} ran, {skipped} have no CSV form");
    assert!(
        ran >= 70,
        "{ran} advocate cases ran as CSV, {skipped} skipped"
    );
    let (more, ran, skipped) = run_csv(
        "rosters.json",
        |v| v.as_array().cloned().unwrap_or_default(),
        "",
    );
    println!("rosters.json (csv): {ran} ran, {skipped} have no CSV form");
    assert!(ran >= 5, "{ran} roster cases ran as CSV, {skipped} skipped");
    bad.extend(more);
    assert!(
        bad.is_empty(),
        "{} mismatches:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

/// What only a CSV cell can hold: a number cell that is no finite number (`NaN`, `inf`,
/// `1e999`) is a wrong type, never an absent value nor a number; a finite one in any
/// spelling is read.
#[test]
fn csv_number_cells_that_are_not_finite_are_wrong_types() {
    let run = |health: &str, incentive: &str| -> (i32, Vec<String>) {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir(&data).unwrap();
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(["id", "customer_since", "health_score"])
            .unwrap();
        w.write_record(["a1", "2020-01-01", health]).unwrap();
        std::fs::write(data.join("advocates.csv"), w.into_inner().unwrap()).unwrap();
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record([
            "advocate_id",
            "kind",
            "date",
            "status",
            "incentive.kind",
            "incentive.value",
            "incentive.currency",
        ])
        .unwrap();
        w.write_record([
            "a1",
            "referral",
            "2025-01-10",
            "completed",
            "swag",
            incentive,
            "USD",
        ])
        .unwrap();
        std::fs::write(data.join("activities.csv"), w.into_inner().unwrap()).unwrap();
        let (code, stderr) = plaudit(
            dir.path(),
            &["evaluate", "data", "--as-of", "2026-03-01", "-f", "json"],
        );
        (code, csv_paths(&stderr))
    };
    for bad in ["NaN", "nan", "inf", "-inf", "Infinity", "1e999", "-1e999"] {
        assert_eq!(
            run(bad, bad),
            (
                2,
                vec![
                    "advocates[0].activities[0].incentive.value".to_owned(),
                    "advocates[0].health_score".to_owned(),
                ]
            ),
            "{bad}"
        );
    }
    for good in ["90", "9e1", "90.0", " 90 "] {
        assert_eq!(run(good, good), (0, vec![]), "{good}");
    }
}
