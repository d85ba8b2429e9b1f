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
