//! The CLI's edges: where output may go (never replacing a FIFO, a device or a link), ids
//! read twice, byte order marks, duplicate CSV columns, error counts and exit statuses.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::os::unix::fs::{FileTypeExt, PermissionsExt};

mod common;

use common::Dir;
use predicates::str::contains;

const A: &str = r#"{"id":"a1","customer_since":"2020-01-01","health_score":90}"#;
const B: &str = r#"{"id":"a2","customer_since":"2021-01-01","health_score":85}"#;
const C: &str = r#"{"id":"a3","customer_since":"2022-01-01","health_score":70}"#;
const BAD: &str = r#"{"id":"bad","customer_since":"2020-13-01","health_score":900}"#;

fn jsonl(lines: &[&str]) -> String {
    lines.iter().map(|l| format!("{l}\n")).collect()
}

fn evaluate_to(d: &Dir, out: &str) -> assert_cmd::assert::Assert {
    d.cmd()
        .args([
            "evaluate",
            "roster.jsonl",
            "--as-of",
            "2026-03-01",
            "-f",
            "jsonl",
            "-o",
            out,
        ])
        .assert()
}

// ---------------------------------------------------------------- -o: regular files only

#[test]
fn output_into_a_fifo_streams_and_leaves_the_fifo() {
    let d = Dir::new();
    d.write("roster.jsonl", &jsonl(&[A, B]));
    let fifo = d.path().join("pipe");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || fs::read_to_string(fifo).unwrap())
    };
    evaluate_to(&d, "pipe").success();
    let text = reader.join().unwrap();
    assert_eq!(text.lines().count(), 2);
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
}

/// A device (made in the temp dir: a node with `/dev/full`'s numbers, whose writes fail
/// with "no space", and one with `/dev/null`'s) is written through, never replaced by a
/// regular file. Needs the right to make device nodes (root, as CI runs); skipped without.
#[test]
fn output_into_a_device_writes_through_and_leaves_the_device() {
    let d = Dir::new();
    d.write("roster.jsonl", &jsonl(&[A, B]));
    let node = |name: &str, minor: &str| {
        std::process::Command::new("mknod")
            .arg(d.path().join(name))
            .args(["c", "1", minor])
            .status()
            .is_ok_and(|s| s.success())
    };
    if !(node("null", "3") && node("full", "7")) {
        eprintln!("skipped: cannot make device nodes here");
        return;
    }
    evaluate_to(&d, "null").success();
    evaluate_to(&d, "full")
        .code(1)
        .stderr(contains("cannot write full: No space left on device"));
    for name in ["null", "full"] {
        let kind = fs::symlink_metadata(d.path().join(name))
            .unwrap()
            .file_type();
        assert!(kind.is_char_device(), "{name} is no longer a device");
    }
}

#[test]
fn output_through_a_symlink_replaces_its_target_and_keeps_the_link() {
    let d = Dir::new();
    d.write("roster.jsonl", &jsonl(&[A, B]));
    d.write("target.jsonl", "old\n");
    std::os::unix::fs::symlink("target.jsonl", d.path().join("link.jsonl")).unwrap();
    evaluate_to(&d, "link.jsonl").success();
    let link = fs::symlink_metadata(d.path().join("link.jsonl")).unwrap();
    assert!(link.file_type().is_symlink());
    let text = fs::read_to_string(d.path().join("target.jsonl")).unwrap();
    assert_eq!(text.lines().count(), 2);
    // A link to nothing is refused: exit 1, nothing created.
    std::os::unix::fs::symlink("nowhere.jsonl", d.path().join("dangling.jsonl")).unwrap();
    evaluate_to(&d, "dangling.jsonl")
        .code(1)
        .stderr(contains("cannot write dangling.jsonl"));
    assert!(!d.path().join("nowhere.jsonl").exists());
}

#[test]
fn unwritable_outputs_exit_1_and_change_nothing() {
    let d = Dir::new();
    d.write("roster.jsonl", &jsonl(&[A]));
    d.write("locked.jsonl", "keep\n");
    let locked = d.path().join("locked.jsonl");
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o444)).unwrap();
    evaluate_to(&d, "locked.jsonl")
        .code(1)
        .stderr(contains("read-only"));
    assert_eq!(fs::read_to_string(&locked).unwrap(), "keep\n");
    evaluate_to(&d, "missing/out.jsonl")
        .code(1)
        .stderr(contains("cannot write missing/out.jsonl"));
    assert!(!d.path().join("missing").exists());
    fs::create_dir(d.path().join("adir")).unwrap();
    evaluate_to(&d, "adir")
        .code(1)
        .stderr(contains("directory"));
    // A writable regular file is replaced whole.
    d.write("plain.jsonl", "old\n");
    evaluate_to(&d, "plain.jsonl").success();
    let text = fs::read_to_string(d.path().join("plain.jsonl")).unwrap();
    assert!(text.starts_with("{\"id\":\"a1\""), "{text}");
}

#[test]
fn generate_never_creates_missing_parent_directories() {
    let d = Dir::new();
    d.cmd()
        .args(["generate", "-n", "5", "-f", "csv", "-o", "no/such/set"])
        .assert()
        .code(1)
        .stderr(contains("cannot create the directory no/such/set"));
    assert!(!d.path().join("no").exists());
    // The named directory itself is made when its parent exists.
    d.cmd()
        .args(["generate", "-n", "5", "-f", "csv", "-o", "set"])
        .assert()
        .success();
    assert!(d.path().join("set/advocates.csv").is_file());
    d.cmd()
        .args(["generate", "-n", "5", "-o", "nodir/a.jsonl"])
        .assert()
        .code(1);
    assert!(!d.path().join("nodir").exists());
}

// ---------------------------------------------------------------- duplicate ids

#[test]
fn duplicate_ids_are_errors_in_every_command() {
    let d = Dir::new();
    d.write("twice.jsonl", &jsonl(&[A, B, C, A, B, C]));
    d.write("once.jsonl", &jsonl(&[A, B, C]));
    d.write(
        "request.json",
        r#"{"id":"q","kind":"referral","requested_on":"2026-03-01","needed_by":"2026-03-20"}"#,
    );
    for cmd in [
        vec!["evaluate", "twice.jsonl"],
        vec![
            "check",
            "twice.jsonl",
            "--kind",
            "referral",
            "--date",
            "2026-03-10",
        ],
        vec!["rank", "twice.jsonl", "--request", "request.json"],
    ] {
        d.cmd()
            .args(&cmd)
            .args(["--as-of", "2026-03-01", "-f", "json"])
            .assert()
            .code(2)
            .stdout("")
            .stderr(contains(
                "twice.jsonl:4: advocates[3].id: `a1` is already used by advocates[0]",
            ))
            .stderr(contains(
                "advocates[5].id: `a3` is already used by advocates[2]",
            ))
            .stderr(contains("3 problems in the input"));
    }
    // Skipping the duplicates gives what the file without them gives.
    for cmd in [
        vec!["evaluate"],
        vec!["check", "--kind", "referral", "--date", "2026-03-10"],
        vec!["rank", "--request", "request.json"],
    ] {
        let run = |file: &str, skip: bool| {
            let mut c = d.cmd();
            c.arg(cmd[0])
                .arg(file)
                .args(&cmd[1..])
                .args(["--as-of", "2026-03-01", "-f", "json"]);
            if skip {
                c.arg("--skip-invalid");
            }
            c.assert().success().get_output().stdout.clone()
        };
        assert_eq!(
            run("twice.jsonl", true),
            run("once.jsonl", false),
            "{cmd:?}"
        );
    }
    // Ids compare after normalization, as in the core: " a1" is `a1`.
    d.write(
        "spaced.jsonl",
        &jsonl(&[
            A,
            r#"{"id":" a1 ","customer_since":"2020-01-01","health_score":90}"#,
        ]),
    );
    d.cmd()
        .args(["evaluate", "spaced.jsonl", "--as-of", "2026-03-01"])
        .assert()
        .code(2)
        .stderr(contains(
            "advocates[1].id: `a1` is already used by advocates[0]",
        ));
}

// ---------------------------------------------------------------- error counts

#[test]
fn max_errors_lists_that_many_and_counts_every_problem() {
    let d = Dir::new();
    d.write("roster.jsonl", &jsonl(&[BAD, A, BAD, BAD]));
    let run = |n: &str| {
        d.cmd()
            .args([
                "evaluate",
                "roster.jsonl",
                "--as-of",
                "2026-03-01",
                "--max-errors",
                n,
            ])
            .assert()
            .code(2)
            .get_output()
            .stderr
            .clone()
    };
    // Each bad row has two problems: six in all, whatever is listed.
    let zero = String::from_utf8(run("0")).unwrap();
    assert!(!zero.contains("roster.jsonl:1:"), "{zero}");
    assert!(
        zero.contains("... and 6 more problems not listed"),
        "{zero}"
    );
    assert!(zero.contains("6 problems in the input"), "{zero}");
    let one = String::from_utf8(run("1")).unwrap();
    assert_eq!(one.matches("roster.jsonl:").count(), 1, "{one}");
    assert!(one.contains("... and 5 more problems not listed"), "{one}");
    assert!(one.contains("6 problems in the input"), "{one}");
    let all = String::from_utf8(run("6")).unwrap();
    assert_eq!(all.matches("roster.jsonl:").count(), 6, "{all}");
    assert!(!all.contains("more problems"), "{all}");
}

// ---------------------------------------------------------------- byte order marks

#[test]
fn a_byte_order_mark_is_accepted_at_the_start_of_every_format() {
    let d = Dir::new();
    let bom = "\u{feff}";
    d.write("roster.jsonl", &format!("{bom}{}", jsonl(&[A, B])));
    d.write("roster.json", &format!("{bom}[{A},{B}]"));
    d.write(
        "roster.csv",
        &format!("{bom}id,customer_since,health_score\na1,2020-01-01,90\na2,2021-01-01,85\n"),
    );
    d.write("plain.jsonl", &jsonl(&[A, B]));
    let run = |file: &str| {
        d.cmd()
            .args(["evaluate", file, "--as-of", "2026-03-01", "-f", "jsonl"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone()
    };
    let expected = run("plain.jsonl");
    for f in ["roster.jsonl", "roster.json", "roster.csv"] {
        assert_eq!(run(f), expected, "{f}");
    }
    // A mark anywhere else is not whitespace: the row is bad.
    d.write("inner.jsonl", &format!("{A}\n{bom}{B}\n"));
    d.cmd()
        .args(["evaluate", "inner.jsonl", "--as-of", "2026-03-01"])
        .assert()
        .code(2);
    // Asks, requests and policies read through the same reader.
    d.write(
        "ask.json",
        &format!(r#"{bom}{{"kind":"referral","date":"2026-03-10"}}"#),
    );
    d.cmd()
        .args([
            "check",
            "plain.jsonl",
            "--ask",
            "ask.json",
            "--as-of",
            "2026-03-01",
        ])
        .assert()
        .success();
}

// ---------------------------------------------------------------- CSV columns and cells

#[test]
fn a_duplicate_csv_column_is_an_error() {
    let d = Dir::new();
    d.write(
        "roster.csv",
        "id,customer_since,health_score,health_score\na1,2020-01-01,90,10\n",
    );
    d.cmd()
        .args(["evaluate", "roster.csv", "--as-of", "2026-03-01"])
        .assert()
        .code(2)
        .stderr(contains(
            "roster.csv:1: column `health_score` appears twice",
        ));
    d.write(
        "roster.csv",
        "id,customer_since,health_score,nps\na1,2020-01-01,90,10\n",
    );
    d.cmd()
        .args(["evaluate", "roster.csv", "--as-of", "2026-03-01"])
        .assert()
        .success();
}

#[test]
fn csv_booleans_are_true_or_false_only() {
    let d = Dir::new();
    for (cell, ok) in [
        ("true", true),
        ("FALSE", true),
        ("maybe", false),
        ("nope", false),
        ("1", false),
    ] {
        d.write(
            "roster.csv",
            &format!("id,customer_since,health_score,erasure_requested\na1,2020-01-01,90,{cell}\n"),
        );
        let a = d
            .cmd()
            .args(["evaluate", "roster.csv", "--as-of", "2026-03-01"])
            .assert();
        if ok {
            a.success();
        } else {
            a.code(2).stderr(contains("advocates[0].erasure_requested"));
        }
    }
}

// ---------------------------------------------------------------- asks and targets

#[test]
fn a_bad_ask_reports_every_problem_with_its_path() {
    let d = Dir::new();
    d.write("roster.jsonl", &jsonl(&[A]));
    d.write(
        "ask.json",
        r#"{"kind":"case_study","date":"2026-04-01","incentive":{"kind":"cash","value":-100,"currency":"dollars"}}"#,
    );
    d.cmd()
        .args(["check", "roster.jsonl", "--ask", "ask.json", "--as-of", "2026-03-01"])
        .assert()
        .code(2)
        .stderr(
            "ask.json: incentive.currency: `dollars` is not an ISO 4217 code (three upper-case letters)\n\
             ask.json: incentive.value: -100 must be a finite number >= 0\n",
        );
    d.cmd()
        .args([
            "check",
            "roster.jsonl",
            "--kind",
            "case_study",
            "--date",
            "2026-04-01",
            "--incentive",
            "cash:-100:dollars",
            "--as-of",
            "2026-03-01",
        ])
        .assert()
        .code(2)
        .stderr(contains("--incentive"));
    d.write(
        "targets.json",
        r#"[{"kind":"talk","needed":-1},{"needed":"x"}]"#,
    );
    d.cmd()
        .args([
            "coverage",
            "roster.jsonl",
            "--targets",
            "targets.json",
            "--as-of",
            "2026-03-01",
        ])
        .assert()
        .code(2)
        .stderr(contains("targets[0].kind"))
        .stderr(contains("targets[0].needed"))
        .stderr(contains("targets[1].kind"))
        .stderr(contains("targets[1].needed"));
}
