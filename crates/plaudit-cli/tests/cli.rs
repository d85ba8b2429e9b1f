//! Runs the `plaudit` binary: every command, good input and bad, with the exact messages.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::path::Path;

mod common;

use common::{Dir, plaudit};
use predicates::prelude::*;
use predicates::str::contains;

const GOOD: &str = r#"{"id":"a1","account_id":"acme","industry":"Fintech","customer_since":"2020-01-01","health_score":90,"nps":10,"nps_on":"2026-01-01","has_measurable_outcome":true,"consents":[{"purpose":"program","status":"granted","on":"2020-02-01"}],"engagements":["2026-02-01"]}"#;
const LOW: &str = r#"{"id":"a2","customer_since":"2025-12-01","health_score":50}"#;

fn jsonl(lines: &[&str]) -> String {
    lines.iter().map(|l| format!("{l}\n")).collect()
}

// ---------------------------------------------------------------- evaluate: formats

#[test]
fn evaluate_jsonl_writes_one_decision_per_line() {
    let d = Dir::new();
    d.write("roster.jsonl", &jsonl(&[GOOD, LOW]));
    let out = d
        .cmd()
        .args([
            "evaluate",
            "roster.jsonl",
            "--as-of",
            "2026-03-01",
            "-f",
            "jsonl",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["id"], "a1");
    assert_eq!(lines[1]["id"], "a2");
    assert_eq!(lines[1]["eligibility"]["eligible"], false);
}

#[test]
fn evaluate_json_array_in_json_array_out() {
    let d = Dir::new();
    d.write("roster.json", &format!("[{GOOD},\n{LOW}]"));
    let out = d
        .cmd()
        .args([
            "evaluate",
            "roster.json",
            "--as-of",
            "2026-03-01",
            "-f",
            "json",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 2);
}

#[test]
fn evaluate_table_is_aligned_and_prints_the_date_on_stderr() {
    let d = Dir::new();
    d.write("roster.jsonl", &jsonl(&[GOOD, LOW]));
    let out = d
        .cmd()
        .args(["evaluate", "roster.jsonl", "--as-of", "2026-03-01"])
        .assert()
        .success()
        .stderr(contains("plaudit: as of 2026-03-01, policy sha256:"))
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("id  lifecycle  eligible"), "{text}");
    // Columns line up: "lifecycle" starts at the same offset on every line.
    let col = lines[0].find("lifecycle").unwrap();
    assert_eq!(&lines[1][col..col + 6], "active");
    assert!(!text.contains('\x1b'), "no colour in a pipe");
}

#[test]
fn colour_only_when_forced_and_never_with_no_color() {
    let d = Dir::new();
    d.write("roster.jsonl", &jsonl(&[GOOD]));
    d.cmd()
        .args([
            "evaluate",
            "roster.jsonl",
            "--as-of",
            "2026-03-01",
            "--color",
            "always",
        ])
        .assert()
        .success()
        .stdout(contains("\x1b[1mid\x1b[0m"));
    d.cmd()
        .args(["evaluate", "roster.jsonl", "--as-of", "2026-03-01"])
        .env("NO_COLOR", "1")
        .assert()
        .success()
        .stdout(contains('\x1b').not());
}

#[test]
fn evaluate_csv_output_has_a_header_and_joined_lists() {
    let d = Dir::new();
    d.write("roster.jsonl", &jsonl(&[LOW]));
    d.cmd()
        .args([
            "evaluate",
            "roster.jsonl",
            "--as-of",
            "2026-03-01",
            "-o",
            "out.csv",
        ])
        .assert()
        .success()
        .stdout("");
    let text = d.read("out.csv");
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "id,lifecycle,eligible,readiness,tier,used,remaining,reference_call_on,excluded,gates,warnings"
    );
    let row = lines.next().unwrap();
    assert!(row.starts_with("a2,active,false,"), "{row}");
    assert!(
        row.contains(
            ",health_below_minimum;no_measurable_outcome;nps_missing;tenure_below_minimum,"
        ),
        "{row}"
    );
}

#[test]
fn evaluate_reads_stdin() {
    plaudit()
        .args(["evaluate", "-", "--as-of", "2026-03-01", "-f", "jsonl"])
        .write_stdin(jsonl(&[GOOD]))
        .assert()
        .success()
        .stdout(contains(r#""id":"a1""#));
    // A JSON array on stdin is recognised by its `[`.
    plaudit()
        .args(["evaluate", "-", "--as-of", "2026-03-01", "-f", "jsonl"])
        .write_stdin(format!("  [{GOOD}]"))
        .assert()
        .success()
        .stdout(contains(r#""id":"a1""#));
}

#[test]
fn evaluate_reads_one_advocate_object() {
    let d = Dir::new();
    d.write("advocate.json", GOOD);
    d.cmd()
        .args([
            "evaluate",
            "advocate.json",
            "--as-of",
            "2026-03-01",
            "-f",
            "jsonl",
        ])
        .assert()
        .success()
        .stdout(contains(r#""id":"a1""#));
}

// ---------------------------------------------------------------- CSV input

const ADVOCATES_CSV: &str = "\
id,account_id,industry,segment,country,languages,products,customer_since,health_score,nps,nps_on,has_measurable_outcome,preferences.public,preferences.activities,crm_owner
a1,acme,Fintech,enterprise,US,en;de,analytics;billing,2020-01-01,90,10,2026-01-01,true,true,reference_call;case_study,bob
a2,beta,retail,smb,FR,fr,analytics,2025-12-01,50,,,false,false,,alice
";
const ACTIVITIES_CSV: &str = "\
advocate_id,kind,date,status,solicited,topic,request_id,incentive.kind,incentive.value,incentive.currency
a1,reference_call,2026-01-10,completed,true,,,,,
";
const CONSENTS_CSV: &str = "\
advocate_id,purpose,status,on,expires
a1,program,granted,2020-02-01,
";
const ENGAGEMENTS_CSV: &str = "advocate_id,date\na1,2026-02-01\n";

#[test]
fn csv_set_with_child_files_joined_by_advocate_id() {
    let d = Dir::new();
    d.write("data/advocates.csv", ADVOCATES_CSV);
    d.write("data/activities.csv", ACTIVITIES_CSV);
    d.write("data/consents.csv", CONSENTS_CSV);
    d.write("data/engagements.csv", ENGAGEMENTS_CSV);
    // A directory reads the set; explicit files read the same.
    let from_dir = d
        .cmd()
        .args(["evaluate", "data", "--as-of", "2026-03-01", "-f", "jsonl"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let explicit = d
        .cmd()
        .args([
            "evaluate",
            "data/advocates.csv",
            "--activities",
            "data/activities.csv",
            "--consents",
            "data/consents.csv",
            "--engagements",
            "data/engagements.csv",
            "--as-of",
            "2026-03-01",
            "-f",
            "jsonl",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(from_dir, explicit);
    let text = String::from_utf8(from_dir).unwrap();
    let first: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(first["id"], "a1");
    assert_eq!(first["eligibility"]["eligible"], true, "{first}");
    assert_eq!(first["lifecycle"]["state"], "active");
}

#[test]
fn csv_and_json_of_the_same_advocate_decide_alike() {
    let d = Dir::new();
    d.write("data/advocates.csv", ADVOCATES_CSV);
    d.write("data/activities.csv", ACTIVITIES_CSV);
    d.write("data/consents.csv", CONSENTS_CSV);
    d.write("data/engagements.csv", ENGAGEMENTS_CSV);
    let json = r#"[{"id":"a1","account_id":"acme","industry":"Fintech","segment":"enterprise","country":"US","languages":["en","de"],"products":["analytics","billing"],"customer_since":"2020-01-01","health_score":90,"nps":10,"nps_on":"2026-01-01","has_measurable_outcome":true,"preferences":{"public":true,"activities":["reference_call","case_study"]},"activities":[{"kind":"reference_call","date":"2026-01-10","status":"completed","solicited":true}],"consents":[{"purpose":"program","status":"granted","on":"2020-02-01"}],"engagements":["2026-02-01"]},
{"id":"a2","account_id":"beta","industry":"retail","segment":"smb","country":"FR","languages":["fr"],"products":["analytics"],"customer_since":"2025-12-01","health_score":50,"has_measurable_outcome":false,"preferences":{"public":false}}]"#;
    d.write("roster.json", json);
    let run = |input: &str| {
        d.cmd()
            .args(["evaluate", input, "--as-of", "2026-03-01", "-f", "jsonl"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone()
    };
    assert_eq!(run("data"), run("roster.json"));
}

#[test]
fn csv_missing_columns_are_all_named() {
    let d = Dir::new();
    d.write("advocates.csv", "id,customer_since\nx,2020-01-01\n");
    d.write("activities.csv", "advocate_id,kind\n");
    d.cmd()
        .args([
            "evaluate",
            "advocates.csv",
            "--activities",
            "activities.csv",
        ])
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains(
            "advocates.csv:1: missing column `health_score`\n\
             activities.csv:1: missing column `date`\n\
             activities.csv:1: missing column `status`\n",
        ));
}

#[test]
fn csv_bad_cells_name_the_row_and_the_field_and_child_rows_their_own_file() {
    let d = Dir::new();
    d.write(
        "data/advocates.csv",
        "id,customer_since,health_score,has_measurable_outcome,country\n\
         a1,2020-01-01,90,true,US\n\
         a2,2020-01-01,eighty,maybe,XX\n",
    );
    d.write(
        "data/activities.csv",
        "advocate_id,kind,date,status\n\
         a1,reference_call,2026-01-10,completed\n\
         a1,case_study,2026-13-01,completed\n\
         a9,review,2026-01-01,completed\n",
    );
    d.cmd()
        .args(["evaluate", "data", "--as-of", "2026-03-01", "-o", "out.jsonl"])
        .assert()
        .code(2)
        .stderr(
            "data/activities.csv:3: advocates[0].activities[1].date: expected a date `YYYY-MM-DD`, got `2026-13-01`\n\
             data/advocates.csv:3: advocates[1].country: `XX` is not an ISO 3166-1 alpha-2 country code\n\
             data/advocates.csv:3: advocates[1].has_measurable_outcome: string \"maybe\", expected a boolean\n\
             data/advocates.csv:3: advocates[1].health_score: string \"eighty\", expected f64\n\
             data/activities.csv:4: advocate_id: `a9` is not an advocate in data/advocates.csv\n\
             plaudit: 5 problems in the input; nothing was written (use --skip-invalid to process the valid rows)\n",
        );
    assert!(!d.path().join("out.jsonl").exists());
}

#[test]
fn csv_ragged_row() {
    let d = Dir::new();
    d.write(
        "advocates.csv",
        "id,customer_since,health_score\nx,2020-01-01,90,extra\n",
    );
    d.cmd()
        .args(["evaluate", "advocates.csv"])
        .assert()
        .code(2)
        .stderr(contains(
            "advocates.csv:2: the row has 4 fields, the header has 3\n",
        ));
}

// ---------------------------------------------------------------- bad rows

const BAD_JSONL: &str = r#"{"id":"a1","customer_since":"2020-01-01","health_score":90}
{"id":"a2","customer_since":"2020-01-01","health_score":"high"}

{"id":"a3","customer_since":"2020-02-30","health_score":90,"nps":11}
{"id":"a4", "customer_since":
{"id":"a5","customer_since":"2020-01-01","health_score":90,"segment":"huge"}
"#;

const BAD_JSONL_REPORT: &str = "\
roster.jsonl:2: advocates[1].health_score: string \"high\", expected f64
roster.jsonl:4: advocates[2].customer_since: expected a date `YYYY-MM-DD`, got `2020-02-30`
roster.jsonl:4: advocates[2].nps: 11 is out of range 0..=10
roster.jsonl:5:29: advocates[3]: EOF while parsing a value
roster.jsonl:6: advocates[4].segment: `huge` is not one of `smb`, `mid_market`, `enterprise`
";

#[test]
fn every_bad_row_is_reported_and_nothing_is_written() {
    let d = Dir::new();
    d.write("roster.jsonl", BAD_JSONL);
    d.write("out.jsonl", "previous contents\n");
    d.cmd()
        .args(["evaluate", "roster.jsonl", "--as-of", "2026-03-01", "-o", "out.jsonl"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(format!(
            "{BAD_JSONL_REPORT}plaudit: 5 problems in the input; nothing was written (use --skip-invalid to process the valid rows)\n"
        ));
    // The output file is untouched, and no temporary file is left behind.
    assert_eq!(d.read("out.jsonl"), "previous contents\n");
    let names: Vec<_> = fs::read_dir(d.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn nothing_reaches_stdout_when_a_late_row_is_bad() {
    let d = Dir::new();
    d.write("roster.jsonl", &jsonl(&[GOOD, GOOD, LOW, "{\"id\": 5}"]));
    d.cmd()
        .args([
            "evaluate",
            "roster.jsonl",
            "--as-of",
            "2026-03-01",
            "-f",
            "jsonl",
        ])
        .assert()
        .code(2)
        .stdout("");
}

#[test]
fn skip_invalid_processes_the_valid_rows_and_lists_the_rest() {
    let d = Dir::new();
    d.write("roster.jsonl", BAD_JSONL);
    d.cmd()
        .args([
            "evaluate",
            "roster.jsonl",
            "--as-of",
            "2026-03-01",
            "-f",
            "jsonl",
            "--skip-invalid",
            "-o",
            "out.jsonl",
        ])
        .assert()
        .success()
        .stderr(format!(
            "{BAD_JSONL_REPORT}plaudit: skipped 4 invalid rows\n"
        ));
    let out = d.read("out.jsonl");
    assert_eq!(out.lines().count(), 1);
    assert!(out.contains(r#""id":"a1""#));
}

#[test]
fn problems_are_listed_up_to_the_limit() {
    let d = Dir::new();
    let rows: Vec<String> = (0..10)
        .map(|i| format!(r#"{{"id":"a{i}","customer_since":"2020-01-01","health_score":101}}"#))
        .collect();
    d.write("roster.jsonl", &rows.join("\n"));
    d.cmd()
        .args([
            "evaluate",
            "roster.jsonl",
            "--as-of",
            "2026-03-01",
            "--max-errors",
            "3",
            "--skip-invalid",
        ])
        .assert()
        .success()
        .stderr(contains(
            "roster.jsonl:3: advocates[2].health_score: 101 is out of range 0..=100\n\
             plaudit: ... and 7 more problems not listed\n\
             plaudit: skipped 10 invalid rows\n",
        ));
}

#[test]
fn json_array_errors_name_the_line_of_the_element() {
    let d = Dir::new();
    d.write(
        "roster.json",
        "[\n {\"id\":\"a1\",\"customer_since\":\"2020-01-01\",\"health_score\":90},\n {\"id\":\"a2\",\n  \"customer_since\":\"01/02/2020\",\"health_score\":90}\n]",
    );
    d.cmd()
        .args(["evaluate", "roster.json", "--as-of", "2026-03-01"])
        .assert()
        .code(2)
        .stderr(contains(
            "roster.json:3: advocates[1].customer_since: expected a date `YYYY-MM-DD`, got `01/02/2020`\n",
        ));
}

#[test]
fn json_syntax_errors_have_line_and_column() {
    let d = Dir::new();
    d.write("roster.json", "[\n {\"id\":\"a1\",}");
    d.cmd()
        .args(["evaluate", "roster.json", "--as-of", "2026-03-01"])
        .assert()
        .code(2)
        .stderr(contains("roster.json:2:13: key must be a string\n"));
    d.write("number.json", "5");
    d.cmd()
        .args(["evaluate", "number.json", "--as-of", "2026-03-01"])
        .assert()
        .code(2)
        .stderr(contains(
            "number.json:1:1: expected a JSON array of advocates (or one advocate object)\n",
        ));
}

#[test]
fn missing_required_fields_are_named() {
    let d = Dir::new();
    d.write("advocate.json", r#"{"name": "no id"}"#);
    d.cmd()
        .args(["evaluate", "advocate.json", "--as-of", "2026-03-01"])
        .assert()
        .code(2)
        .stderr(contains(
            "advocate.json: customer_since: is required\n\
             advocate.json: health_score: is required\n\
             advocate.json: id: is required\n",
        ));
}

#[test]
fn a_missing_file_is_bad_input() {
    plaudit()
        .args(["evaluate", "no-such-roster.jsonl", "--as-of", "2026-03-01"])
        .assert()
        .code(2)
        .stderr(contains(
            "no-such-roster.jsonl: cannot read: no such file\n",
        ));
}

#[test]
fn a_malformed_as_of_is_a_usage_error() {
    plaudit()
        .args(["evaluate", "x.jsonl", "--as-of", "2026-02-30"])
        .assert()
        .code(2)
        .stderr(contains(
            "invalid value '2026-02-30' for '--as-of <DATE>': expected a date `YYYY-MM-DD`, got `2026-02-30`",
        ));
}

#[test]
fn as_of_defaults_to_today() {
    let d = Dir::new();
    d.write("roster.jsonl", &jsonl(&[GOOD]));
    let today = chrono::Local::now().date_naive();
    d.cmd()
        .args(["evaluate", "roster.jsonl"])
        .assert()
        .success()
        .stderr(contains(format!("plaudit: as of {today} (today)")));
}

#[test]
fn unknown_commands_and_options_are_usage_errors() {
    plaudit().arg("frobnicate").assert().code(2);
    plaudit()
        .args(["evaluate", "x.json", "--format", "xml"])
        .assert()
        .code(2)
        .stderr(contains("invalid value 'xml' for '--format <FORMAT>'"));
    plaudit()
        .assert()
        .code(2)
        .stderr(contains("Usage: plaudit <COMMAND>"));
}

// ---------------------------------------------------------------- policy

#[test]
fn policy_with_an_unknown_key_is_refused_with_line_and_column() {
    let d = Dir::new();
    d.write(
        "policy.toml",
        "[fatigue]\nanual_cap = 4\n\n[tiers.gold]\nmin_share = \"x\"\n",
    );
    d.cmd()
        .args(["policy", "check", "policy.toml"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            "policy.toml:2:1: fatigue.anual_cap: unknown key\n\
             policy.toml:5:1: tiers.gold.min_share: string \"x\", expected f64\n",
        );
    d.write("roster.jsonl", &jsonl(&[GOOD]));
    d.cmd()
        .args(["evaluate", "roster.jsonl", "--policy", "policy.toml"])
        .assert()
        .code(2)
        .stderr(contains(
            "policy.toml:2:1: fatigue.anual_cap: unknown key\n",
        ));
}

#[test]
fn policy_range_problems_are_all_listed() {
    let d = Dir::new();
    d.write("policy.json", r#"{"fatigue": {"anual_cap": 4}}"#);
    d.cmd()
        .args(["policy", "check", "policy.json"])
        .assert()
        .code(2)
        .stderr("policy.json: fatigue.anual_cap: unknown key\n");
    d.write("syntax.toml", "[fatigue\nannual_cap = 4\n");
    d.cmd()
        .args(["policy", "check", "syntax.toml"])
        .assert()
        .code(2)
        .stderr(contains("syntax.toml:1:"));
}

#[test]
fn the_example_policy_checks_and_shows_with_the_same_fingerprint() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/policy.toml");
    let out = plaudit()
        .args(["policy", "check"])
        .arg(&example)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let fingerprint = text.trim().rsplit(' ').next().unwrap().to_owned();
    assert!(fingerprint.starts_with("sha256:"), "{text}");

    // `policy show` prints the effective policy; it reads back to the same fingerprint.
    let d = Dir::new();
    d.cmd()
        .args(["policy", "show", "--policy"])
        .arg(&example)
        .args(["-o", "shown.toml"])
        .assert()
        .success();
    assert!(
        d.read("shown.toml")
            .contains(&format!("# fingerprint: {fingerprint}"))
    );
    d.cmd()
        .args(["policy", "check", "shown.toml"])
        .assert()
        .success()
        .stdout(format!("shown.toml: ok, policy {fingerprint}\n"));
    d.cmd()
        .args(["policy", "show", "-f", "json", "-o", "shown.json"])
        .assert()
        .success();
    d.cmd()
        .args(["policy", "check", "shown.json"])
        .assert()
        .success()
        .stdout(format!("shown.json: ok, policy {fingerprint}\n"));
}

#[test]
fn policy_schema_is_a_json_schema() {
    let out = plaudit()
        .args(["policy", "schema"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert!(v["properties"]["fatigue"].is_object(), "{v}");
}

// ---------------------------------------------------------------- help

#[test]
fn every_command_has_an_example_in_its_help() {
    for cmd in [
        vec!["evaluate"],
        vec!["check"],
        vec!["rank"],
        vec!["tiers"],
        vec!["coverage"],
        vec!["validate"],
        vec!["generate"],
        vec!["demo"],
        vec!["policy", "check"],
        vec!["policy", "schema"],
        vec!["policy", "show"],
    ] {
        let mut args = cmd.clone();
        args.push("--help");
        let example = format!("plaudit {}", cmd.join(" "));
        plaudit()
            .args(&args)
            .assert()
            .success()
            .stdout(contains("Examples:").and(contains(example)));
    }
}

// ---------------------------------------------------------------- generate

#[test]
fn generate_is_deterministic_and_reads_back() {
    let d = Dir::new();
    d.cmd()
        .args(["generate", "-n", "50", "--seed", "9", "-o", "a.jsonl"])
        .assert()
        .success();
    d.cmd()
        .args(["generate", "-n", "50", "--seed", "9", "-f", "jsonl"])
        .assert()
        .success()
        .stdout(d.read("a.jsonl"));
    assert_eq!(d.read("a.jsonl").lines().count(), 50);
    // The CSV set of the same data decides exactly as the JSON Lines do.
    d.cmd()
        .args([
            "generate", "-n", "50", "--seed", "9", "-f", "csv", "-o", "set",
        ])
        .assert()
        .success();
    for f in [
        "advocates.csv",
        "activities.csv",
        "engagements.csv",
        "consents.csv",
        "disruptions.csv",
    ] {
        assert!(d.path().join("set").join(f).is_file(), "{f}");
    }
    let eval = |input: &str| {
        d.cmd()
            .args(["evaluate", input, "--as-of", "2026-03-01", "-f", "jsonl"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone()
    };
    assert_eq!(eval("set"), eval("a.jsonl"));
    // JSON arrays too.
    d.cmd()
        .args(["generate", "-n", "5", "-o", "a.json"])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_str(&d.read("a.json")).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 5);
    // Requests.
    d.cmd()
        .args(["generate", "--requests", "2", "-o", "requests.jsonl"])
        .assert()
        .success();
    assert_eq!(d.read("requests.jsonl").lines().count(), 2);
}

#[test]
fn generate_csv_needs_a_directory() {
    plaudit()
        .args(["generate", "-n", "5", "-f", "csv"])
        .assert()
        .code(2)
        .stderr("plaudit: --format csv writes five files: name a directory with --out DIR\n");
}

// ---------------------------------------------------------------- check

#[test]
fn check_one_ask_against_advocates() {
    let d = Dir::new();
    d.write("roster.jsonl", &jsonl(&[GOOD, LOW]));
    let out = d
        .cmd()
        .args([
            "check",
            "roster.jsonl",
            "--kind",
            "reference_call",
            "--date",
            "2026-03-20",
            "--as-of",
            "2026-03-01",
            "-f",
            "jsonl",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let rows: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows[0]["id"], "a1");
    assert!(rows[0]["allowed"].is_boolean());
    assert_eq!(rows[1]["allowed"], false);
    assert!(
        rows[1]["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r == "health_below_minimum")
    );
    // The same ask from a file.
    d.write(
        "ask.json",
        r#"{"kind": "reference_call", "date": "2026-03-20"}"#,
    );
    d.cmd()
        .args([
            "check",
            "roster.jsonl",
            "--ask",
            "ask.json",
            "--as-of",
            "2026-03-01",
            "-f",
            "jsonl",
        ])
        .assert()
        .success()
        .stdout(text);
}

#[test]
fn check_bad_asks_are_named() {
    let d = Dir::new();
    d.write("roster.jsonl", &jsonl(&[GOOD]));
    d.cmd()
        .args([
            "check",
            "roster.jsonl",
            "--kind",
            "coffee_chat",
            "--date",
            "2026-03-20",
        ])
        .assert()
        .code(2)
        .stderr(contains(
            "plaudit: --kind: `coffee_chat` is not one of `reference_call`,",
        ));
    d.write("ask.json", r#"{"kind": "review", "date": "2026-3-1"}"#);
    d.cmd()
        .args(["check", "roster.jsonl", "--ask", "ask.json"])
        .assert()
        .code(2)
        .stderr(contains(
            "ask.json: date: expected a date `YYYY-MM-DD`, got `2026-3-1`",
        ));
    d.cmd()
        .args(["check", "roster.jsonl", "--date", "2026-03-20"])
        .assert()
        .code(2)
        .stderr(contains("--kind <KIND>"));
}

// ---------------------------------------------------------------- rank, tiers, coverage

fn roster_dir() -> Dir {
    let d = Dir::new();
    d.cmd()
        .args(["generate", "-n", "200", "--seed", "3", "-o", "roster.jsonl"])
        .assert()
        .success();
    d.write(
        "request.json",
        r#"{"id": "r-1", "kind": "reference_call", "requested_on": "2026-03-01",
            "needed_by": "2026-03-20", "prospect": {"industry": "software", "segment": "enterprise",
            "country": "US", "products": ["analytics"]}, "count": 3}"#,
    );
    d
}

#[test]
fn rank_table_json_and_csv() {
    let d = roster_dir();
    let base = [
        "rank",
        "roster.jsonl",
        "--request",
        "request.json",
        "--as-of",
        "2026-03-01",
    ];
    d.cmd()
        .args(base)
        .assert()
        .success()
        .stdout(contains("Matches (3)").and(contains("Top exclusion reasons")));
    let out = d
        .cmd()
        .args(base)
        .args(["-f", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["request_id"], "r-1");
    assert_eq!(v["matches"].as_array().unwrap().len(), 3);
    assert_eq!(v["summary"]["considered"], 200);
    d.cmd()
        .args(base)
        .args(["-o", "ranking.csv"])
        .assert()
        .success();
    let csv = d.read("ranking.csv");
    assert!(csv.starts_with("status,rank,id,score,"), "{csv}");
    let listed = ["matches", "near_misses", "excluded"]
        .iter()
        .map(|k| v[k].as_array().unwrap().len())
        .sum::<usize>();
    assert_eq!(
        csv.lines().count(),
        1 + listed,
        "a header and one row per listed advocate"
    );
    assert!(csv.lines().nth(1).unwrap().starts_with("matched,1,"));
}

#[test]
fn rank_bad_request_is_named() {
    let d = roster_dir();
    d.write(
        "bad.json",
        r#"{"id": "r-1", "kind": "reference_call", "requested_on": "2026-03-01", "needed_by": "2026-02-01", "count": 11}"#,
    );
    d.cmd()
        .args([
            "rank",
            "roster.jsonl",
            "--request",
            "bad.json",
            "--as-of",
            "2026-03-01",
        ])
        .assert()
        .code(2)
        .stderr(
            "bad.json: count: 11 is out of range 1..=10\n\
             bad.json: needed_by: 2026-02-01 is before `requested_on` (2026-03-01)\n",
        );
}

#[test]
fn duplicate_ids_in_a_roster_name_both_rows() {
    let d = Dir::new();
    d.write("roster.jsonl", &jsonl(&[GOOD, LOW, GOOD]));
    d.write("request.json", r#"{"id": "r", "kind": "referral", "requested_on": "2026-03-01", "needed_by": "2026-03-02"}"#);
    d.cmd()
        .args([
            "rank",
            "roster.jsonl",
            "--request",
            "request.json",
            "--as-of",
            "2026-03-01",
        ])
        .assert()
        .code(2)
        .stderr(contains(
            "roster.jsonl:3: advocates[2].id: `a1` is already used by advocates[0]\n",
        ));
}

#[test]
fn tiers_table_json_and_csv() {
    let d = roster_dir();
    let base = ["tiers", "roster.jsonl", "--as-of", "2026-03-01"];
    d.cmd()
        .args(base)
        .assert()
        .success()
        .stdout(contains("Tier mix").and(contains("platinum")));
    let out = d
        .cmd()
        .args(base)
        .args(["-f", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["advocates"].as_array().unwrap().len(), 200);
    d.cmd()
        .args(base)
        .args(["-o", "tiers.csv"])
        .assert()
        .success();
    assert!(
        d.read("tiers.csv")
            .starts_with("id,lifecycle,tier,computed,points,")
    );
}

#[test]
fn coverage_with_targets() {
    let d = roster_dir();
    d.write(
        "targets.json",
        r#"[{"name": "fin", "industry": "financial_services", "kind": "reference_call", "needed": 5}]"#,
    );
    let base = [
        "coverage",
        "roster.jsonl",
        "--targets",
        "targets.json",
        "--as-of",
        "2026-03-01",
    ];
    d.cmd().args(base).assert().success().stdout(
        contains("Coverage")
            .and(contains("Concentration"))
            .and(contains("Lifecycle")),
    );
    let out = d
        .cmd()
        .args(base)
        .args(["-f", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["coverage"][0]["target"]["needed"], 5);
    d.write(
        "bad.json",
        r#"[{"kind": "reference_call", "needed": 5}, {"kind": "lunch", "needed": 1}]"#,
    );
    d.cmd()
        .args(["coverage", "roster.jsonl", "--targets", "bad.json"])
        .assert()
        .code(2)
        .stderr(contains(
            "bad.json: targets[1].kind: `lunch` is not one of `reference_call`,",
        ));
}

// ---------------------------------------------------------------- validate

#[test]
fn validate_ok_and_invalid_requests() {
    let d = Dir::new();
    d.write(
        "ok.json",
        r#"{"id": "r", "kind": "reference_call", "requested_on": "2026-03-01", "needed_by": "2026-03-20", "prospect": {"industry": "retail"}}"#,
    );
    d.cmd()
        .args(["validate", "ok.json"])
        .assert()
        .success()
        .stdout(contains("ok.json: ok"));
    d.write(
        "bad.json",
        r#"{"id": "r", "kind": "case_study", "requested_on": "2026-03-01", "needed_by": "2026-03-05", "count": 0, "prospect": {"industry": "retail", "country": "ZZ"}}"#,
    );
    let out = d
        .cmd()
        .args(["validate", "bad.json", "-f", "json"])
        .assert()
        .code(2)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["ok"], false);
    let codes: Vec<&str> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"lead_time_too_short"), "{codes:?}");
    d.cmd()
        .args(["validate", "bad.json"])
        .assert()
        .code(2)
        .stdout(contains("bad.json: invalid").and(contains("lead_time_too_short")));
    d.cmd()
        .args(["validate", "bad.json", "-f", "csv"])
        .assert()
        .code(2)
        .stdout(contains("severity,field,code,message\nerror,"));
}

// ---------------------------------------------------------------- demo

#[test]
fn demo_prints_the_program_in_a_pipe_without_colour() {
    plaudit().arg("demo").assert().success().stdout(
        contains("Program health")
            .and(contains("Tier mix against the targets"))
            .and(contains("Coverage of this quarter's targets"))
            .and(contains("Matches (3)"))
            .and(contains("Top exclusion reasons"))
            .and(contains('\x1b').not()),
    );
}

#[test]
fn demo_explains_what_it_shows() {
    let out = plaudit().arg("demo").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    // The columns a newcomer cannot guess are explained under their table.
    for note in [
        "fell: advocates whose points reach the tier",
        "score 0-100: the policy's weighted mean of the components, each 0-1",
        "met: target reached; watch:",
        "in_segment: advocates the target describes",
    ] {
        assert!(text.contains(note), "missing {note:?}");
    }
    // A list cut short says so, and counts that overlap say why they add up to more.
    let invite = text
        .lines()
        .find(|l| l.contains("eligible non-members to invite"))
        .unwrap();
    let total: usize = invite.trim().split(' ').next().unwrap().parse().unwrap();
    let listed = invite.rsplit(": ").next().unwrap().split(", ").count();
    assert!(
        invite.contains(&format!("(listing {listed} of {total})")),
        "{invite}"
    );
    let excluded_heading = text
        .lines()
        .find(|l| l.contains("Top exclusion reasons ("))
        .unwrap();
    let excluded: usize = excluded_heading
        .split('(')
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let reasons: Vec<usize> = text
        .lines()
        .skip_while(|l| !l.contains("Top exclusion reasons ("))
        .skip(3)
        .take_while(|l| !l.trim().is_empty())
        .map(|l| l.split_whitespace().last().unwrap().parse().unwrap())
        .collect();
    assert!(reasons.iter().sum::<usize>() > excluded);
    assert!(text.contains(&format!(
        "one advocate can have several, so the counts add up to more than {excluded}"
    )));
}
