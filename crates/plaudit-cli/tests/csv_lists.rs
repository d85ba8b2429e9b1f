//! CSV list cells (`a;b`) are lists in every list column, as in JSON: `products`, `use_cases`
//! and `languages` change a ranking, so a cell read whole would show. And `plaudit validate`
//! refuses what `rank` refuses, at the same path.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::Dir;

const CSV: &str = "\
id,account_id,industry,segment,country,languages,products,use_cases,customer_since,health_score,nps,nps_on,has_measurable_outcome,preferences.public
a1,acme,software,enterprise,US,en;de,a;b,x;y,2020-01-01,90,10,2026-01-01,true,true
a2,beta,software,enterprise,US,en,b,y,2020-01-01,90,10,2026-01-01,true,true
";

const JSON: &str = r#"[
{"id":"a1","account_id":"acme","industry":"software","segment":"enterprise","country":"US","languages":["en","de"],"products":["a","b"],"use_cases":["x","y"],"customer_since":"2020-01-01","health_score":90,"nps":10,"nps_on":"2026-01-01","has_measurable_outcome":true,"preferences":{"public":true},"consents":[{"purpose":"program","status":"granted","on":"2020-02-01"},{"purpose":"reference_contact","status":"granted","on":"2020-02-01"}],"engagements":["2026-02-01"]},
{"id":"a2","account_id":"beta","industry":"software","segment":"enterprise","country":"US","languages":["en"],"products":["b"],"use_cases":["y"],"customer_since":"2020-01-01","health_score":90,"nps":10,"nps_on":"2026-01-01","has_measurable_outcome":true,"preferences":{"public":true},"consents":[{"purpose":"program","status":"granted","on":"2020-02-01"},{"purpose":"reference_contact","status":"granted","on":"2020-02-01"}],"engagements":["2026-02-01"]}
]"#;

const CONSENTS: &str = "\
advocate_id,purpose,status,on
a1,program,granted,2020-02-01
a1,reference_contact,granted,2020-02-01
a2,program,granted,2020-02-01
a2,reference_contact,granted,2020-02-01
";

const ENGAGEMENTS: &str = "advocate_id,date\na1,2026-02-01\na2,2026-02-01\n";

fn write_csv_roster(d: &Dir) {
    d.write("data/advocates.csv", CSV);
    d.write("data/consents.csv", CONSENTS);
    d.write("data/engagements.csv", ENGAGEMENTS);
}

/// Needs product `b`, use case `y` and German: a cell `a;b` read whole as one product would
/// score 0 on products and use cases, and `en;de` read whole would not speak German.
const REQUEST: &str = r#"{"id":"q","kind":"reference_call","requested_on":"2026-03-01","needed_by":"2026-03-20","prospect":{"industry":"software","segment":"enterprise","country":"US","products":["b"],"use_cases":["y"],"language":"de"},"count":2,"language_required":true}"#;

fn ranking(d: &Dir, roster: &str) -> serde_json::Value {
    let out = d
        .cmd()
        .args([
            "rank",
            roster,
            "--request",
            "request.json",
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
    serde_json::from_slice(&out).unwrap()
}

#[test]
fn csv_list_cells_are_split_in_products_use_cases_and_languages_as_json_lists_are() {
    let d = Dir::new();
    write_csv_roster(&d);
    d.write("roster.json", JSON);
    d.write("request.json", REQUEST);
    let from_csv = ranking(&d, "data");
    let from_json = ranking(&d, "roster.json");
    assert_eq!(from_csv, from_json);
    // a1's lists split: one product and one use case of two shared (Jaccard 1/2), German spoken.
    let matches = from_csv["matches"].as_array().unwrap();
    let a1 = matches
        .iter()
        .find(|m| m["id"] == "a1")
        .expect("a1 matches");
    assert_eq!(a1["components"]["products"], 0.5);
    assert_eq!(a1["components"]["use_cases"], 0.5);
    // The other side: a2's one-item cell `en` has no German, so it is excluded for it.
    assert!(matches.iter().all(|m| m["id"] != "a2"), "{from_csv}");
    let excluded = from_csv["excluded"].as_array().unwrap();
    let a2 = excluded
        .iter()
        .find(|e| e["id"] == "a2")
        .expect("a2 excluded");
    assert!(a2.to_string().contains("language_mismatch"), "{a2}");
}

#[test]
fn a_csv_cell_read_whole_would_not_match_so_the_test_can_tell() {
    // The same roster with `a;b` and `x;y` as the one-item JSON lists they would be if read
    // whole: a1 then shares no product nor use case with the request, unlike the CSV.
    let d = Dir::new();
    d.write("request.json", REQUEST);
    d.write(
        "whole.json",
        &JSON
            .replace(r#"["a","b"]"#, r#"["a;b"]"#)
            .replace(r#"["x","y"]"#, r#"["x;y"]"#),
    );
    write_csv_roster(&d);
    let whole = ranking(&d, "whole.json");
    assert_ne!(whole, ranking(&d, "data"));
    let a1 = &whole["matches"][0];
    assert_eq!(a1["id"], "a1", "{whole}");
    assert_eq!(a1["components"]["products"], 0.0);
    assert_eq!(a1["components"]["use_cases"], 0.0);
}

const GOOD: &str = r#"{"id":"r","kind":"reference_call","requested_on":"2026-03-01","needed_by":"2026-03-20","prospect":{"industry":"retail"},"count":3"#;

/// `rank` over a one-advocate roster: its exit code and stderr.
fn rank(d: &Dir, request: &str) -> (i32, String) {
    d.write("request.json", request);
    d.write(
        "roster.jsonl",
        "{\"id\":\"a1\",\"customer_since\":\"2020-01-01\",\"health_score\":90}\n",
    );
    let out = d
        .cmd()
        .args([
            "rank",
            "roster.jsonl",
            "--request",
            "request.json",
            "--as-of",
            "2026-03-01",
        ])
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// `plaudit validate -f json`: its exit code and its errors as `(code, path)`.
fn validate(d: &Dir, request: &str) -> (i32, Vec<(String, String)>) {
    d.write("form.json", request);
    let out = d
        .cmd()
        .args(["validate", "form.json", "-f", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let errors = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let field = e["field"].as_str().unwrap();
            let path = field.trim_start_matches('/').replace('/', ".");
            (e["code"].as_str().unwrap().to_owned(), path)
        })
        .collect();
    assert_eq!(v["ok"], out.status.code() == Some(0));
    (out.status.code().unwrap(), errors)
}

#[test]
fn validate_refuses_what_rank_refuses_at_the_same_path() {
    let d = Dir::new();
    for (change, code, path) in [
        (r#","count":3.0}"#, "invalid_type", "count"),
        (
            r#","incentive":{"kind":"swag","value":100,"currency":"dollars"}}"#,
            "invalid_currency",
            "incentive.currency",
        ),
        (r#","deal_value":-1}"#, "out_of_range", "deal_value"),
    ] {
        let request = format!("{}{change}", GOOD.trim_end_matches(r#","count":3"#));
        let request = if change.starts_with(r#","count""#) {
            request
        } else {
            format!("{GOOD}{change}")
        };
        let (status, stderr) = rank(&d, &request);
        assert_eq!(status, 2, "rank {request}: {stderr}");
        assert!(
            stderr.starts_with(&format!("request.json: {path}: ")),
            "{stderr}"
        );
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        let (status, errors) = validate(&d, &request);
        assert_eq!(status, 2, "validate {request}");
        assert_eq!(
            errors,
            vec![(code.to_owned(), path.to_owned())],
            "{request}"
        );
    }
    // The good neighbours: 3, USD and a deal value of 0 pass both.
    let good = format!(
        r#"{GOOD},"deal_value":0,"incentive":{{"kind":"swag","value":100,"currency":"USD"}}}}"#
    );
    assert_eq!(rank(&d, &good).0, 0, "{good}");
    assert_eq!(validate(&d, &good), (0, vec![]), "{good}");
}

#[test]
fn validate_gives_rank_s_code_for_a_fractional_count() {
    let d = Dir::new();
    let request = format!("{},\"count\":3.5}}", GOOD.trim_end_matches(r#","count":3"#));
    let (status, stderr) = rank(&d, &request);
    assert_eq!(status, 2, "{stderr}");
    assert!(stderr.starts_with("request.json: count: "), "{stderr}");
    let (status, errors) = validate(&d, &request);
    assert_eq!(status, 2);
    assert_eq!(
        errors,
        vec![("invalid_type".to_owned(), "count".to_owned())]
    );
}
