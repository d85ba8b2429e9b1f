//! Errors collect in the table door: a column of the wrong type, a missing `id` column or a
//! bad id hides no other problem of the table; every problem comes with its path, as the
//! JSON door reports them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;

use arrow_array::{ArrayRef, Date32Array, Float64Array, Int64Array, RecordBatch, StringArray};
use arrow_schema::{Field, Schema};
use chrono::NaiveDate;

fn batch(cols: Vec<(&str, ArrayRef)>) -> RecordBatch {
    let schema = Schema::new(
        cols.iter()
            .map(|(n, a)| Field::new(*n, a.data_type().clone(), true))
            .collect::<Vec<_>>(),
    );
    if cols.is_empty() {
        let opts = arrow_array::RecordBatchOptions::new().with_row_count(Some(1));
        return RecordBatch::try_new_with_options(Arc::new(schema), vec![], &opts).unwrap();
    }
    RecordBatch::try_new(Arc::new(schema), cols.into_iter().map(|(_, a)| a).collect()).unwrap()
}

fn options(threads: usize) -> plaudit_arrow::Options {
    plaudit_arrow::Options {
        as_of: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
        ignore_unknown_ids: false,
        threads,
        shares: false,
    }
}

/// The problems of every entry point (records, roster, evaluate; one thread and two), which
/// must agree; sorted.
fn problems(t: &plaudit_arrow::Tables) -> Vec<(String, String)> {
    let list = |e: plaudit::RecordError| {
        let mut v: Vec<(String, String)> = e
            .errors
            .iter()
            .map(|f| (f.code.as_str().to_owned(), f.path.clone()))
            .collect();
        v.sort();
        v
    };
    let engine = plaudit::Engine::default();
    let mut seen = Vec::new();
    for threads in [1, 2] {
        let o = options(threads);
        seen.push(plaudit_arrow::records(t, &o).err().map(list));
        seen.push(plaudit_arrow::roster(t, &o).err().map(list));
        seen.push(plaudit_arrow::evaluate(&engine, t, &o).err().map(list));
    }
    for s in &seen[1..] {
        assert_eq!(s, &seen[0], "every entry point reports the same problems");
    }
    seen[0].clone().unwrap_or_default()
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = v
        .iter()
        .map(|(c, p)| ((*c).to_owned(), (*p).to_owned()))
        .collect();
    v.sort();
    v
}

fn advocates(cols: Vec<(&str, ArrayRef)>) -> plaudit_arrow::Tables {
    plaudit_arrow::Tables {
        advocates: vec![batch(cols)],
        ..Default::default()
    }
}

fn ids(v: &[&str]) -> ArrayRef {
    Arc::new(StringArray::from(v.to_vec()))
}

fn days(n: usize) -> ArrayRef {
    Arc::new(Date32Array::from(vec![18_000; n]))
}

#[test]
fn a_column_of_the_wrong_type_hides_neither_cells_nor_rows() {
    let t = advocates(vec![
        ("id", ids(&["a1", "a2"])),
        ("customer_since", days(2)),
        ("health_score", ids(&["x", "y"])),
        ("nps", Arc::new(Int64Array::from(vec![12, 3]))),
        ("segment", ids(&["enterprise", "huge"])),
    ]);
    assert_eq!(
        problems(&t),
        pairs(&[
            ("invalid_type", "advocates.health_score"),
            ("out_of_range", "advocates[0].nps"),
            ("invalid_value", "advocates[1].segment"),
        ])
    );
}

#[test]
fn a_readable_required_column_still_reports_its_missing_cells() {
    let t = advocates(vec![
        ("id", ids(&["a1", "a2"])),
        ("customer_since", days(2)),
        (
            "health_score",
            Arc::new(Float64Array::from(vec![Some(150.0), None])),
        ),
    ]);
    // The second row is missing only: the first row's value is not judged again there.
    assert_eq!(
        problems(&t),
        pairs(&[
            ("out_of_range", "advocates[0].health_score"),
            ("missing_field", "advocates[1].health_score"),
        ])
    );
}

#[test]
fn a_missing_id_column_hides_no_other_missing_column_nor_bad_column() {
    assert_eq!(
        problems(&advocates(vec![])),
        pairs(&[
            ("missing_field", "advocates.id"),
            ("missing_field", "advocates.customer_since"),
            ("missing_field", "advocates.health_score"),
        ])
    );
    let t = advocates(vec![
        ("health_score", ids(&["x"])),
        ("segment", ids(&["huge"])),
    ]);
    assert_eq!(
        problems(&t),
        pairs(&[
            ("missing_field", "advocates.id"),
            ("missing_field", "advocates.customer_since"),
            ("invalid_type", "advocates.health_score"),
            ("invalid_value", "advocates[0].segment"),
        ])
    );
    // With an id column, an absent required column is missing in every row, as a record
    // without the field is.
    let t = advocates(vec![("id", ids(&["a1"])), ("customer_since", days(1))]);
    assert_eq!(
        problems(&t),
        pairs(&[("missing_field", "advocates[0].health_score")])
    );
}

#[test]
fn id_problems_hide_no_other_problem_and_a_null_id_is_reported_once() {
    let t = advocates(vec![
        (
            "id",
            Arc::new(StringArray::from(vec![Some("a1"), Some("a1"), None])),
        ),
        ("customer_since", days(3)),
        (
            "health_score",
            Arc::new(Float64Array::from(vec![1.0, 2.0, 300.0])),
        ),
    ]);
    assert_eq!(
        problems(&t),
        pairs(&[
            ("duplicate_id", "advocates[1].id"),
            ("required", "advocates[2].id"),
            ("out_of_range", "advocates[2].health_score"),
        ])
    );
}

#[test]
fn a_bad_history_column_hides_no_other_problem() {
    let t = advocates(vec![
        ("id", ids(&["a1"])),
        ("customer_since", days(1)),
        ("health_score", Arc::new(Float64Array::from(vec![1.0]))),
        ("consents", ids(&["x"])),
        ("nps", Arc::new(Int64Array::from(vec![11]))),
    ]);
    assert_eq!(
        problems(&t),
        pairs(&[
            ("invalid_type", "advocates.consents"),
            ("out_of_range", "advocates[0].nps"),
        ])
    );
}

#[test]
fn a_valid_table_reads_on_one_thread_as_on_two() {
    let t = advocates(vec![
        ("id", ids(&["a1", "a2"])),
        ("customer_since", days(2)),
        ("health_score", Arc::new(Float64Array::from(vec![1.0, 2.0]))),
    ]);
    assert!(problems(&t).is_empty());
}

/// Problems with their messages, through `records` only.
fn detailed(t: &plaudit_arrow::Tables) -> Vec<(String, String, String)> {
    let mut v: Vec<(String, String, String)> = plaudit_arrow::records(t, &options(1))
        .err()
        .map(|e| {
            e.errors
                .iter()
                .map(|f| {
                    (
                        f.code.as_str().to_owned(),
                        f.path.clone(),
                        f.message.clone(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn json_problems(json: &str) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = plaudit::parse_advocates(json)
        .err()
        .map(|e| {
            e.errors
                .iter()
                .map(|f| (f.code.as_str().to_owned(), f.path.clone()))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn two_advocates(extra: Vec<(&str, ArrayRef)>) -> RecordBatch {
    let mut cols: Vec<(&str, ArrayRef)> = vec![
        ("id", ids(&["a1", "a2"])),
        ("customer_since", days(2)),
        (
            "health_score",
            Arc::new(Float64Array::from(vec![50.0, 60.0])),
        ),
    ];
    cols.extend(extra);
    batch(cols)
}

#[test]
fn a_bad_long_row_is_named_by_its_record_path_and_keeps_its_table_row_in_the_message() {
    // Rows of two advocates interleaved, one of an unknown advocate; the table in two
    // batches (rows are counted over the whole table).
    let consents = |ids_: &[&str], purposes: &[&str], on: &[&str], expires: &[Option<&str>]| {
        batch(vec![
            ("advocate_id", ids(ids_)),
            ("purpose", ids(purposes)),
            ("status", ids(&vec!["granted"; ids_.len()])),
            ("on", ids(on)),
            (
                "expires",
                Arc::new(StringArray::from(expires.to_vec())) as ArrayRef,
            ),
        ])
    };
    let t = plaudit_arrow::Tables {
        advocates: vec![two_advocates(vec![])],
        consents: Some(vec![
            consents(
                &["a2", "a1"],
                &["program", "program"],
                &["2024-01-01", "2024-13-01"],
                &[None, None],
            ),
            consents(
                &["a2", "zz", "a2"],
                &["programme", "program", "program"],
                &["2024-01-01", "2024-02-30", "2024-05-01"],
                &[None, None, Some("2024-04-01")],
            ),
        ]),
        ..Default::default()
    };
    let found = detailed(&t);
    let paths: Vec<(&str, &str)> = found
        .iter()
        .map(|(c, p, _)| (c.as_str(), p.as_str()))
        .collect();
    assert_eq!(
        pairs(&paths),
        pairs(&[
            ("invalid_date", "advocates[0].consents[0].on"),
            ("invalid_value", "advocates[1].consents[1].purpose"),
            ("invalid_range", "advocates[1].consents[2].expires"),
            // No advocate to name: the table row it is.
            ("invalid_date", "consents[3].on"),
            ("invalid_value", "consents[3].advocate_id"),
        ])
    );
    let message = |path: &str| {
        found
            .iter()
            .find(|(_, p, _)| p == path)
            .map(|(_, _, m)| m.clone())
            .unwrap()
    };
    assert!(message("advocates[0].consents[0].on").ends_with("(consents row 1)"));
    assert!(message("advocates[1].consents[1].purpose").ends_with("(consents row 2)"));
    assert!(message("advocates[1].consents[2].expires").ends_with("(consents row 4)"));
    assert!(!message("consents[3].on").contains("row"));

    // The JSON door names the same cells the same way.
    let json = r#"[
        {"id": "a1", "customer_since": "2019-04-14", "health_score": 50,
         "consents": [{"purpose": "program", "status": "granted", "on": "2024-13-01"}]},
        {"id": "a2", "customer_since": "2019-04-14", "health_score": 60,
         "consents": [{"purpose": "program", "status": "granted", "on": "2024-01-01"},
                      {"purpose": "programme", "status": "granted", "on": "2024-01-01"},
                      {"purpose": "program", "status": "granted", "on": "2024-05-01",
                       "expires": "2024-04-01"}]}
    ]"#;
    let mut known = pairs(&paths);
    known.retain(|(_, p)| p.starts_with("advocates"));
    assert_eq!(json_problems(json), known);
}

#[test]
fn engagements_incentives_and_preferences_are_named_as_the_record_names_them() {
    let t = plaudit_arrow::Tables {
        advocates: vec![two_advocates(vec![
            (
                "preferences_activities",
                Arc::new({
                    let mut b = arrow_array::builder::ListBuilder::new(
                        arrow_array::builder::StringBuilder::new(),
                    );
                    b.values().append_value("referral");
                    b.values().append_value("lunch");
                    b.append(true);
                    b.append(false);
                    b.finish()
                }) as ArrayRef,
            ),
            (
                "reference_frequency",
                Arc::new(StringArray::from(vec![None, Some("daily")])),
            ),
        ])],
        engagements: Some(vec![batch(vec![
            ("advocate_id", ids(&["a2", "a2"])),
            ("date", ids(&["2025-01-01", "2025-02-30"])),
        ])]),
        activities: Some(vec![batch(vec![
            ("advocate_id", ids(&["a1"])),
            ("kind", ids(&["referral"])),
            ("date", ids(&["2025-01-01"])),
            ("status", ids(&["completed"])),
            ("incentive_kind", ids(&["bribe"])),
        ])]),
        ..Default::default()
    };
    let want = pairs(&[
        ("invalid_value", "advocates[0].preferences.activities[1]"),
        (
            "invalid_value",
            "advocates[1].preferences.reference_frequency",
        ),
        ("invalid_date", "advocates[1].engagements[1]"),
        ("invalid_value", "advocates[0].activities[0].incentive.kind"),
    ]);
    assert_eq!(problems(&t), want);
    let json = r#"[
        {"id": "a1", "customer_since": "2019-04-14", "health_score": 50,
         "preferences": {"activities": ["referral", "lunch"]},
         "activities": [{"kind": "referral", "date": "2025-01-01", "status": "completed",
                         "incentive": {"kind": "bribe", "value": 0}}]},
        {"id": "a2", "customer_since": "2019-04-14", "health_score": 60,
         "preferences": {"reference_frequency": "daily"},
         "engagements": ["2025-01-01", "2025-02-30"]}
    ]"#;
    assert_eq!(json_problems(json), want);
}

#[test]
fn a_cell_that_cannot_be_read_is_no_second_problem_through_the_rules() {
    // A bad tier is not also "tier_since without current_tier"; a bad `expires` is not also
    // "not after `on`": the JSON door reports each once, so does the table door.
    let t = plaudit_arrow::Tables {
        advocates: vec![two_advocates(vec![
            ("current_tier", ids(&["bronze", "gold"])),
            (
                "tier_since",
                Arc::new(Date32Array::from(vec![19_000, 19_000])),
            ),
        ])],
        consents: Some(vec![batch(vec![
            ("advocate_id", ids(&["a2"])),
            ("purpose", ids(&["program"])),
            ("status", ids(&["granted"])),
            ("on", ids(&["2024-01-01"])),
            ("expires", ids(&["2024-02-30"])),
        ])]),
        ..Default::default()
    };
    let want = pairs(&[
        ("invalid_value", "advocates[0].current_tier"),
        ("invalid_date", "advocates[1].consents[0].expires"),
    ]);
    assert_eq!(problems(&t), want);
    let json = r#"[
        {"id": "a1", "customer_since": "2019-04-14", "health_score": 50,
         "current_tier": "bronze", "tier_since": "2022-01-08"},
        {"id": "a2", "customer_since": "2019-04-14", "health_score": 60,
         "current_tier": "gold", "tier_since": "2022-01-08",
         "consents": [{"purpose": "program", "status": "granted", "on": "2024-01-01",
                       "expires": "2024-02-30"}]}
    ]"#;
    assert_eq!(json_problems(json), want);
}

#[test]
fn a_preferences_column_of_the_wrong_type_is_named_as_the_table_names_it() {
    let public = |name: &str| -> (String, ArrayRef) {
        let values: ArrayRef = ids(&["yes", "no"]);
        if name == "preferences" {
            let field = Arc::new(Field::new("public", values.data_type().clone(), true));
            let s = arrow_array::StructArray::from(vec![(field, values)]);
            (name.to_owned(), Arc::new(s) as ArrayRef)
        } else {
            (name.to_owned(), values)
        }
    };
    for (column, path) in [
        ("preferences", "advocates.preferences.public"),
        ("preferences_public", "advocates.preferences_public"),
    ] {
        let (name, array) = public(column);
        let t = plaudit_arrow::Tables {
            advocates: vec![two_advocates(vec![(name.as_str(), array)])],
            ..Default::default()
        };
        assert_eq!(problems(&t), pairs(&[("invalid_type", path)]));
    }
}
