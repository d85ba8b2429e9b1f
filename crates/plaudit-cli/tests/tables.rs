//! The table door from the command line: one synthetic roster written as JSON Lines, the CSV
//! set, Parquet long tables (rows shuffled), nested Parquet and Arrow IPC (file and stream)
//! gives the same decisions, byte for byte; Parquet output reads back as the JSON output;
//! a bad cell in a table is reported with the path the JSON door gives.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::path::Path;
use std::sync::Arc;

use arrow_array::{ArrayRef, Date32Array, Float64Array, Int64Array, RecordBatch, StringArray};
use arrow_schema::{Field, Schema};
use assert_cmd::Command;
use serde_json::Value;

const AS_OF: &str = "2026-03-01";
const N: &str = "1500";

fn plaudit(dir: &Path) -> Command {
    let mut c = assert_cmd::cargo::cargo_bin_cmd!("plaudit");
    c.current_dir(dir).env_remove("NO_COLOR");
    c
}

fn run(dir: &Path, args: &[&str]) -> Vec<u8> {
    plaudit(dir)
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone()
}

fn read_parquet(path: &Path) -> Vec<RecordBatch> {
    let file = fs::File::open(path).unwrap();
    parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(file)
        .unwrap()
        .build()
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap()
}

fn write_parquet(path: &Path, batches: &[RecordBatch]) {
    let file = fs::File::create(path).unwrap();
    let mut w = parquet::arrow::ArrowWriter::try_new(file, batches[0].schema(), None).unwrap();
    for b in batches {
        w.write(b).unwrap();
    }
    w.close().unwrap();
}

fn write_ipc(path: &Path, batches: &[RecordBatch], stream: bool) {
    let file = fs::File::create(path).unwrap();
    let schema = batches[0].schema();
    if stream {
        let mut w = arrow_ipc::writer::StreamWriter::try_new(file, &schema).unwrap();
        batches.iter().for_each(|b| w.write(b).unwrap());
        w.finish().unwrap();
    } else {
        let mut w = arrow_ipc::writer::FileWriter::try_new(file, &schema).unwrap();
        batches.iter().for_each(|b| w.write(b).unwrap());
        w.finish().unwrap();
    }
}

/// Rows of batches as JSON objects.
fn json_rows(batches: &[RecordBatch]) -> Vec<Value> {
    let mut w = arrow_json::ArrayWriter::new(Vec::new());
    for b in batches {
        w.write(b).unwrap();
    }
    w.finish().unwrap();
    let bytes = w.into_inner();
    if bytes.is_empty() {
        return Vec::new();
    }
    serde_json::from_slice(&bytes).unwrap()
}

/// One roster in every input form, in a temporary directory.
struct Roster(tempfile::TempDir);

impl Roster {
    fn new() -> Self {
        let d = Roster(tempfile::tempdir().unwrap());
        let p = d.path();
        let generate = |extra: &[&str]| {
            let mut args = vec!["generate", "-n", N, "--seed", "11", "--as-of", AS_OF];
            args.extend_from_slice(extra);
            run(p, &args);
        };
        generate(&["-o", "roster.jsonl"]);
        generate(&["-f", "csv", "-o", "csv"]);
        generate(&["-f", "parquet", "-o", "long"]);
        generate(&["-f", "parquet", "--grouped", "-o", "grouped"]);
        generate(&["--nested", "-o", "nested.parquet"]);
        let nested = read_parquet(&p.join("nested.parquet"));
        write_ipc(&p.join("nested.arrow"), &nested, false);
        write_ipc(&p.join("nested.arrows"), &nested, true);
        fs::create_dir(p.join("ipc")).unwrap();
        for t in [
            "advocates",
            "activities",
            "engagements",
            "consents",
            "disruptions",
        ] {
            let b = read_parquet(&p.join(format!("long/{t}.parquet")));
            write_ipc(&p.join(format!("ipc/{t}.arrow")), &b, false);
        }
        d
    }

    fn path(&self) -> &Path {
        self.0.path()
    }

    fn stdout(&self, args: &[&str]) -> String {
        String::from_utf8(run(self.path(), args)).unwrap()
    }
}

/// Every input form of the roster, as `evaluate` arguments.
const INPUTS: &[&[&str]] = &[
    &["roster.jsonl"],
    &["csv"],
    &["long"],
    &["grouped"],
    &["nested.parquet"],
    &["nested.arrow"],
    &["nested.arrows"],
    &["ipc"],
    &[
        "long/advocates.parquet",
        "--activities",
        "long/activities.parquet",
        "--engagements",
        "long/engagements.parquet",
        "--consents",
        "long/consents.parquet",
        "--disruptions",
        "long/disruptions.parquet",
    ],
];

#[test]
fn every_input_form_gives_the_same_decisions_byte_for_byte() {
    let r = Roster::new();
    let expected = r.stdout(&["evaluate", "roster.jsonl", "--as-of", AS_OF, "-f", "jsonl"]);
    assert_eq!(expected.lines().count(), 1500);
    for input in INPUTS {
        let mut args = vec!["evaluate"];
        args.extend_from_slice(input);
        args.extend_from_slice(&["--as-of", AS_OF, "-f", "jsonl"]);
        let got = r.stdout(&args);
        assert!(got == expected, "{input:?} decides differently");
    }
    // Whatever codec wrote the file (snappy above; zstd as polars writes, gzip, lz4).
    let nested = read_parquet(&r.path().join("nested.parquet"));
    for codec in [
        parquet::basic::Compression::ZSTD(Default::default()),
        parquet::basic::Compression::GZIP(Default::default()),
        parquet::basic::Compression::LZ4_RAW,
        parquet::basic::Compression::UNCOMPRESSED,
    ] {
        let props = parquet::file::properties::WriterProperties::builder()
            .set_compression(codec)
            .build();
        let file = fs::File::create(r.path().join("codec.parquet")).unwrap();
        let mut w =
            parquet::arrow::ArrowWriter::try_new(file, nested[0].schema(), Some(props)).unwrap();
        nested.iter().for_each(|b| w.write(b).unwrap());
        w.close().unwrap();
        let got = r.stdout(&["evaluate", "codec.parquet", "--as-of", AS_OF, "-f", "jsonl"]);
        assert!(got == expected, "{codec:?}");
    }
    // One thread or all: the same bytes.
    let one = r.stdout(&[
        "evaluate",
        "long",
        "--as-of",
        AS_OF,
        "-f",
        "jsonl",
        "--threads",
        "1",
    ]);
    assert!(one == expected);
}

#[test]
fn the_long_tables_are_shuffled_and_hold_every_row() {
    let r = Roster::new();
    let shuffled = json_rows(&read_parquet(&r.path().join("long/engagements.parquet")));
    let grouped = json_rows(&read_parquet(&r.path().join("grouped/engagements.parquet")));
    assert_eq!(shuffled.len(), grouped.len());
    assert_ne!(shuffled, grouped);
    let key = |v: &Value| v.to_string();
    let mut a: Vec<String> = shuffled.iter().map(key).collect();
    let mut b: Vec<String> = grouped.iter().map(key).collect();
    a.sort();
    b.sort();
    assert_eq!(a, b);
    // Runs of one advocate's rows are what a grouped file is made of, not a shuffled one.
    let runs = |rows: &[Value]| {
        rows.windows(2)
            .filter(|w| w[0]["advocate_id"] != w[1]["advocate_id"])
            .count()
    };
    assert!(runs(&shuffled) > 2 * runs(&grouped));
}

#[test]
fn parquet_output_reads_back_as_the_json_output() {
    let r = Roster::new();
    let json: Vec<Value> = r
        .stdout(&["evaluate", "roster.jsonl", "--as-of", AS_OF, "-f", "jsonl"])
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // Through the door (tables in, tables out) and through the records (JSON Lines in).
    run(
        r.path(),
        &[
            "evaluate",
            "long",
            "--as-of",
            AS_OF,
            "-o",
            "from-tables.parquet",
        ],
    );
    run(
        r.path(),
        &[
            "evaluate",
            "roster.jsonl",
            "--as-of",
            AS_OF,
            "-o",
            "from-json.parquet",
        ],
    );
    let from_tables = json_rows(&read_parquet(&r.path().join("from-tables.parquet")));
    let from_json = json_rows(&read_parquet(&r.path().join("from-json.parquet")));
    assert_eq!(from_tables, from_json);
    assert_eq!(from_tables.len(), json.len());
    for (row, d) in from_tables.iter().zip(&json) {
        assert_eq!(row["id"], d["id"]);
        assert_eq!(row["lifecycle"], d["lifecycle"]["state"]);
        assert_eq!(
            row.get("eligible").unwrap_or(&Value::Null),
            &d["eligibility"]["eligible"]
        );
        assert_eq!(
            row.get("tier").unwrap_or(&Value::Null),
            &d["tier"]["tier"],
            "{}",
            d["id"]
        );
        assert_eq!(
            row.get("remaining").unwrap_or(&Value::Null),
            &d["capacity"]["remaining"]
        );
        assert_eq!(
            row.get("counted_12m").unwrap_or(&Value::Null),
            &d["capacity"]["counted_in_window"]
        );
        // Erased: `erased` is the whole reason list, where the JSON has no eligibility.
        let reasons = match &d["eligibility"]["reasons"] {
            Value::Null if d["lifecycle"]["state"] == "erased" => serde_json::json!(["erased"]),
            r => r.clone(),
        };
        assert_eq!(row.get("reasons").unwrap_or(&Value::Null), &reasons);
    }
}

#[test]
fn rank_tiers_and_coverage_read_tables_as_they_read_json() {
    let r = Roster::new();
    let request = r.stdout(&["generate", "--requests", "1", "--as-of", AS_OF]);
    fs::write(r.path().join("request.json"), request.trim()).unwrap();
    fs::write(
        r.path().join("targets.json"),
        r#"[{"industry": "fintech", "kind": "reference_call", "needed": 5},
            {"kind": "case_study", "needed": 2}]"#,
    )
    .unwrap();
    let commands: &[&[&str]] = &[
        &["rank", "--request", "request.json"],
        &["tiers"],
        &["coverage", "--targets", "targets.json"],
    ];
    for command in commands {
        let with = |input: &str| {
            let mut args = vec![command[0], input];
            args.extend_from_slice(&command[1..]);
            args.extend_from_slice(&["--as-of", AS_OF, "-f", "json"]);
            r.stdout(&args)
        };
        let expected = with("roster.jsonl");
        for input in ["long", "nested.parquet", "nested.arrows"] {
            assert!(with(input) == expected, "{command:?} on {input}");
        }
    }
}

#[test]
fn rank_tiers_and_coverage_write_parquet() {
    let r = Roster::new();
    let request = r.stdout(&["generate", "--requests", "1", "--as-of", AS_OF]);
    fs::write(r.path().join("request.json"), request.trim()).unwrap();
    fs::write(
        r.path().join("targets.json"),
        r#"[{"industry": "fintech", "kind": "reference_call", "needed": 5}]"#,
    )
    .unwrap();
    let p = r.path();
    run(
        p,
        &[
            "rank",
            "long",
            "-r",
            "request.json",
            "--as-of",
            AS_OF,
            "-o",
            "rank.parquet",
        ],
    );
    let rank = json_rows(&read_parquet(&p.join("rank.parquet")));
    assert_eq!(rank.len(), 1500);
    let ranking: Value = serde_json::from_str(&r.stdout(&[
        "rank",
        "long",
        "-r",
        "request.json",
        "--as-of",
        AS_OF,
        "-f",
        "json",
    ]))
    .unwrap();
    let selected: Vec<&Value> = rank.iter().filter(|x| x["status"] == "selected").collect();
    assert_eq!(selected.len(), ranking["matches"].as_array().unwrap().len());
    for (k, m) in ranking["matches"].as_array().unwrap().iter().enumerate() {
        let row = rank.iter().find(|x| x["id"] == m["id"]).unwrap();
        assert_eq!(row["position"], k + 1);
    }

    run(
        p,
        &[
            "tiers",
            "nested.parquet",
            "--as-of",
            AS_OF,
            "-o",
            "tiers.parquet",
        ],
    );
    let tiers = json_rows(&read_parquet(&p.join("tiers.parquet")));
    let doc: Value =
        serde_json::from_str(&r.stdout(&["tiers", "roster.jsonl", "--as-of", AS_OF, "-f", "json"]))
            .unwrap();
    let advocates = doc["advocates"].as_array().unwrap();
    assert_eq!(tiers.len(), advocates.len());
    for (row, a) in tiers.iter().zip(advocates) {
        assert_eq!(row["id"], a["id"]);
        assert_eq!(row.get("tier").unwrap_or(&Value::Null), &a["tier"]);
        assert_eq!(row.get("points").unwrap_or(&Value::Null), &a["points"]);
    }

    run(
        p,
        &[
            "coverage",
            "long",
            "-t",
            "targets.json",
            "--as-of",
            AS_OF,
            "-f",
            "parquet",
            "-o",
            "cov.pq",
        ],
    );
    let cov = json_rows(&read_parquet(&p.join("cov.pq")));
    assert_eq!(cov.len(), 1);
    assert_eq!(cov[0]["industry"], "fintech");
    assert_eq!(cov[0]["needed"], 5);
}

fn batch(columns: Vec<(&str, ArrayRef)>) -> RecordBatch {
    let schema = Schema::new(
        columns
            .iter()
            .map(|(n, a)| Field::new(*n, a.data_type().clone(), true))
            .collect::<Vec<_>>(),
    );
    RecordBatch::try_new(
        Arc::new(schema),
        columns.into_iter().map(|(_, a)| a).collect(),
    )
    .unwrap()
}

/// `file: path: message` lines of stderr, the file dropped.
fn problems(stderr: &[u8], file: &str) -> Vec<String> {
    String::from_utf8_lossy(stderr)
        .lines()
        .filter_map(|l| l.strip_prefix(file))
        .map(|rest| {
            rest.trim_start_matches(|c: char| c == ':' || c.is_ascii_digit())
                .trim()
                .to_owned()
        })
        .collect()
}

/// The problems `evaluate` lists for `file` (JSON Lines, one line per row, or the same rows
/// as one Parquet advocates table), sorted.
fn listed(p: &Path, file: &str) -> Vec<String> {
    let stderr = plaudit(p)
        .args(["evaluate", file, "--as-of", AS_OF])
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let mut v = problems(&stderr, file);
    v.sort();
    v
}

#[test]
fn a_bad_cell_in_a_table_is_named_as_the_json_door_names_it() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path();
    // Row 1: an NPS of 11; row 2: a health score of 140 and a missing one in row 0.
    fs::write(
        p.join("roster.jsonl"),
        concat!(
            r#"{"id":"a0","customer_since":"2020-01-01","nps":9}"#,
            "\n",
            r#"{"id":"a1","customer_since":"2020-01-01","health_score":90,"nps":11}"#,
            "\n",
            r#"{"id":"a2","customer_since":"2020-02-01","health_score":140}"#,
            "\n",
        ),
    )
    .unwrap();
    let advocates = batch(vec![
        ("id", Arc::new(StringArray::from(vec!["a0", "a1", "a2"]))),
        (
            "customer_since",
            Arc::new(StringArray::from(vec![
                "2020-01-01",
                "2020-01-01",
                "2020-02-01",
            ])),
        ),
        (
            "health_score",
            Arc::new(Float64Array::from(vec![None, Some(90.0), Some(140.0)])),
        ),
        (
            "nps",
            Arc::new(Int64Array::from(vec![Some(9), Some(11), None])),
        ),
    ]);
    write_parquet(&p.join("bad.parquet"), &[advocates]);
    let from_json = listed(p, "roster.jsonl");
    assert_eq!(from_json.len(), 3, "{from_json:?}");
    assert_eq!(listed(p, "bad.parquet"), from_json);

    // A date that does not exist: the same path and message.
    fs::write(
        p.join("date.jsonl"),
        r#"{"id":"a0","customer_since":"2020-02-30","health_score":90}"#,
    )
    .unwrap();
    let advocates = batch(vec![
        ("id", Arc::new(StringArray::from(vec!["a0"]))),
        (
            "customer_since",
            Arc::new(StringArray::from(vec!["2020-02-30"])),
        ),
        ("health_score", Arc::new(Float64Array::from(vec![90.0]))),
    ]);
    write_parquet(&p.join("date.parquet"), &[advocates]);
    assert_eq!(listed(p, "date.parquet"), listed(p, "date.jsonl"));

    // A long table's bad cell is named on its own file.
    let ok = batch(vec![
        ("id", Arc::new(StringArray::from(vec!["a0", "a1"]))),
        (
            "customer_since",
            Arc::new(Date32Array::from(vec![18262, 18262])),
        ),
        (
            "health_score",
            Arc::new(Float64Array::from(vec![90.0, 90.0])),
        ),
    ]);
    let consents = batch(vec![
        (
            "advocate_id",
            Arc::new(StringArray::from(vec!["a1", "a0", "a9"])),
        ),
        (
            "purpose",
            Arc::new(StringArray::from(vec!["program", "programme", "program"])),
        ),
        (
            "status",
            Arc::new(StringArray::from(vec!["granted", "granted", "granted"])),
        ),
        (
            "on",
            Arc::new(StringArray::from(vec![
                "2021-01-01",
                "2021-01-01",
                "2021-01-01",
            ])),
        ),
    ]);
    fs::create_dir(p.join("set")).unwrap();
    write_parquet(&p.join("set/advocates.parquet"), &[ok]);
    write_parquet(&p.join("set/consents.parquet"), &[consents]);
    let out = plaudit(p)
        .args(["tiers", "set", "--as-of", AS_OF])
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let consents_file = Path::new("set").join("consents.parquet");
    let listed = problems(&out, &consents_file.to_string_lossy());
    assert_eq!(listed.len(), 2, "{}", String::from_utf8_lossy(&out));
    // Row 1 is advocate a0's first consent: named by its record path, the row in the
    // message; row 2's advocate is unknown: named by its row.
    assert!(
        listed.iter().any(|l| {
            l.starts_with("advocates[0].consents[0].purpose: ") && l.ends_with("(consents row 1)")
        }),
        "{listed:?}"
    );
    assert!(
        listed
            .iter()
            .any(|l| l.starts_with("consents[2].advocate_id: ")),
        "{listed:?}"
    );
}

#[test]
fn table_input_refuses_what_it_cannot_do() {
    let r = Roster::new();
    let fails = |args: &[&str], message: &str| {
        plaudit(r.path())
            .args(args)
            .assert()
            .code(2)
            .stderr(predicates::str::contains(message));
    };
    fails(
        &["evaluate", "long", "--skip-invalid", "--as-of", AS_OF],
        "--skip-invalid reads JSON, JSON Lines and CSV",
    );
    fails(
        &[
            "check",
            "roster.jsonl",
            "--kind",
            "review",
            "--date",
            AS_OF,
            "-f",
            "parquet",
        ],
        "--format parquet is written by evaluate, rank, tiers and coverage",
    );
    fails(
        &["generate", "-n", "5", "--nested"],
        "--nested writes one Parquet file",
    );
    fails(
        &["generate", "-n", "5", "-f", "parquet"],
        "--format parquet writes five files",
    );
    // The format is the extension's unless --input-format says otherwise.
    fs::copy(r.path().join("nested.parquet"), r.path().join("nested.dat")).unwrap();
    let expected = r.stdout(&[
        "evaluate",
        "nested.parquet",
        "--as-of",
        AS_OF,
        "-f",
        "jsonl",
    ]);
    let got = r.stdout(&[
        "evaluate",
        "nested.dat",
        "--input-format",
        "parquet",
        "--as-of",
        AS_OF,
        "-f",
        "jsonl",
    ]);
    assert!(got == expected);
    fails(
        &[
            "evaluate",
            "nested.parquet",
            "--input-format",
            "jsonl",
            "--as-of",
            AS_OF,
        ],
        "nested.parquet:1: advocates[0]",
    );
    fs::write(r.path().join("junk.parquet"), "not parquet").unwrap();
    fails(
        &["evaluate", "junk.parquet"],
        "junk.parquet: cannot read as Parquet",
    );
}

/// A nested Parquet roster of more than one batch (65,536 advocates) is decided batch by
/// batch in flat memory: the decisions are those of the same roster as JSON Lines; an id
/// that an earlier batch already held is a duplicate, and the problems of a later batch are
/// named by their row in the file, as when the file is read whole. Nothing is written then.
#[test]
fn a_nested_roster_of_many_batches_streams_with_the_meaning_of_the_whole_file() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path();
    let n = "70000";
    for out in ["roster.jsonl", "nested.parquet"] {
        let mut args = vec![
            "generate", "-n", n, "--seed", "5", "--as-of", AS_OF, "-o", out,
        ];
        if out.ends_with("parquet") {
            args.push("--nested");
        }
        run(p, &args);
    }
    for (input, out) in [
        ("roster.jsonl", "a.parquet"),
        ("nested.parquet", "b.parquet"),
    ] {
        run(p, &["evaluate", input, "--as-of", AS_OF, "-o", out]);
    }
    let rows = |f: &str| json_rows(&read_parquet(&p.join(f)));
    let (a, b) = (rows("a.parquet"), rows("b.parquet"));
    assert_eq!(a.len(), 70_000);
    assert_eq!(a, b);

    // Row 66,000 (second batch) takes the id of row 3; row 69,999 gets an NPS of 11.
    let batches = read_parquet(&p.join("nested.parquet"));
    let whole = arrow_select::concat::concat_batches(&batches[0].schema(), &batches).unwrap();
    let schema = whole.schema();
    let mut columns = whole.columns().to_vec();
    let id = schema.index_of("id").unwrap();
    let mut ids: Vec<String> = whole
        .column(id)
        .as_any()
        .downcast_ref::<StringArray>()
        .unwrap()
        .iter()
        .map(|s| s.unwrap().to_owned())
        .collect();
    ids[66_000] = format!(" {} ", ids[3]);
    columns[id] = Arc::new(StringArray::from(ids.clone()));
    let nps = schema.index_of("nps").unwrap();
    let mut scores: Vec<Option<i64>> = whole
        .column(nps)
        .as_any()
        .downcast_ref::<Int64Array>()
        .unwrap()
        .iter()
        .collect();
    scores[69_999] = Some(11);
    columns[nps] = Arc::new(Int64Array::from(scores));
    let broken = RecordBatch::try_new(schema, columns).unwrap();
    write_parquet(&p.join("broken.parquet"), &[broken]);
    let out = plaudit(p)
        .args([
            "evaluate",
            "broken.parquet",
            "--as-of",
            AS_OF,
            "-o",
            "c.parquet",
        ])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(&format!(
            "advocates[66000].id: `{}` is already used by advocates[3]",
            ids[3]
        )),
        "{stderr}"
    );
    assert!(stderr.contains("advocates[69999].nps"), "{stderr}");
    assert_eq!(stderr.matches("advocates[").count(), 3, "{stderr}");
    assert!(!p.join("c.parquet").exists());
}
