//! Cell semantics of the table door at the edges of each Arrow type: booleans are booleans,
//! dates are days within what `YYYY-MM-DD` can write, integers never overflow into nulls.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;

use arrow_array::{
    ArrayRef, BooleanArray, Date32Array, Float64Array, RecordBatch, StringArray,
    TimestampSecondArray, UInt64Array,
};
use arrow_schema::{Field, Schema};
use chrono::{Datelike, NaiveDate};

fn table(extra: Vec<(&str, ArrayRef)>) -> plaudit_arrow::Tables {
    let mut cols: Vec<(&str, ArrayRef)> = vec![
        ("id", Arc::new(StringArray::from(vec!["a1", "a2"]))),
        (
            "health_score",
            Arc::new(Float64Array::from(vec![90.0, 80.0])),
        ),
    ];
    if !extra.iter().any(|(n, _)| *n == "customer_since") {
        cols.push((
            "customer_since",
            Arc::new(Date32Array::from(vec![18_000, 18_000])),
        ));
    }
    cols.extend(extra);
    plaudit_arrow::Tables {
        advocates: vec![batch_of(cols)],
        ..Default::default()
    }
}

/// One batch of the named columns (all nullable).
fn batch_of(cols: Vec<(&str, ArrayRef)>) -> RecordBatch {
    let schema = Schema::new(
        cols.iter()
            .map(|(n, a)| Field::new(*n, a.data_type().clone(), true))
            .collect::<Vec<_>>(),
    );
    RecordBatch::try_new(Arc::new(schema), cols.into_iter().map(|(_, a)| a).collect()).unwrap()
}

/// Options of these tests: one thread, unknown ids reported, no shares.
fn options() -> plaudit_arrow::Options {
    plaudit_arrow::Options {
        as_of: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
        ignore_unknown_ids: false,
        threads: 1,
        shares: false,
    }
}

fn problems(t: &plaudit_arrow::Tables) -> Vec<(String, String)> {
    let opts = options();
    match plaudit_arrow::records(t, &opts) {
        Ok(_) => Vec::new(),
        Err(e) => e
            .errors
            .iter()
            .map(|f| (f.code.as_str().to_owned(), f.path.clone()))
            .collect(),
    }
}

fn pair(code: &str, path: &str) -> Vec<(String, String)> {
    vec![(code.to_owned(), path.to_owned())]
}

#[test]
fn a_boolean_column_of_booleans_reads_and_one_of_strings_is_refused() {
    let ok = table(vec![(
        "erasure_requested",
        Arc::new(BooleanArray::from(vec![Some(true), None])),
    )]);
    assert!(problems(&ok).is_empty());
    let strings = table(vec![(
        "erasure_requested",
        Arc::new(StringArray::from(vec!["true", "maybe"])),
    )]);
    assert_eq!(
        problems(&strings),
        pair("invalid_type", "advocates.erasure_requested")
    );
}

#[test]
fn dates_at_the_ends_of_four_digit_years_read_and_beyond_them_are_invalid() {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
    let days = |d: NaiveDate| (d - epoch).num_days() as i32;
    // Years 1..=9999, as the JSON door reads them (year 0 is chrono's only).
    let first = NaiveDate::from_ymd_opt(1, 1, 1).unwrap();
    let last = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap();
    let since = |a: i32, b: i32| {
        table(vec![(
            "customer_since",
            Arc::new(Date32Array::from(vec![a, b])),
        )])
    };
    assert!(problems(&since(days(first), days(last))).is_empty());
    assert_eq!(first.num_days_from_ce(), 1);
    assert_eq!(
        plaudit::parse_advocate(
            r#"{"id": "a", "customer_since": "0000-12-31", "health_score": 1}"#
        )
        .unwrap_err()
        .errors[0]
            .code
            .as_str(),
        "invalid_date",
        "the day before the first is refused by the JSON door too"
    );
    assert_eq!(
        problems(&since(days(first) - 1, days(last))),
        pair("invalid_date", "advocates[0].customer_since")
    );
    assert_eq!(
        problems(&since(days(first), days(last) + 1)),
        pair("invalid_date", "advocates[1].customer_since")
    );
}

#[test]
fn timestamps_at_midnight_are_dates_and_with_a_time_of_day_are_not() {
    let midnight = 1_767_225_600; // 2026-01-01T00:00:00Z
    let at = |a: i64, b: i64| {
        table(vec![(
            "nps_on",
            Arc::new(TimestampSecondArray::from(vec![a, b])),
        )])
    };
    assert!(problems(&at(midnight, midnight - 86_400)).is_empty());
    assert_eq!(
        problems(&at(midnight, midnight + 1)),
        pair("invalid_date", "advocates[1].nps_on")
    );
    assert_eq!(
        problems(&at(midnight - 1, midnight)),
        pair("invalid_date", "advocates[0].nps_on")
    );
}

#[test]
fn uint64_values_in_range_read_and_beyond_i64_are_an_error_not_a_null() {
    let nps = |a: u64| table(vec![("nps", Arc::new(UInt64Array::from(vec![a, 9])))]);
    assert!(problems(&nps(10)).is_empty());
    assert_eq!(problems(&nps(11)), pair("out_of_range", "advocates[0].nps"));
    let p = problems(&nps(u64::MAX));
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].1, "advocates.nps");
}

/// Ids are named in decisions as records hold them: trimmed, whatever the string type.
#[test]
fn decisions_name_advocates_by_their_trimmed_id_in_the_column_type() {
    use arrow_array::{Array, LargeStringArray, cast::AsArray};
    let opts = options();
    let engine = plaudit::Engine::default();
    let padded: Vec<ArrayRef> = vec![
        Arc::new(StringArray::from(vec![" a1", "a2 "])),
        Arc::new(LargeStringArray::from(vec![" a1", "a2 "])),
    ];
    for ids in padded {
        let mut t = table(Vec::new());
        let b = &t.advocates[0];
        let i = b.schema().index_of("id").unwrap();
        let mut cols = b.columns().to_vec();
        cols[i] = ids.clone();
        let mut fields: Vec<Field> = b.schema().fields().iter().map(|f| (**f).clone()).collect();
        fields[i] = Field::new("id", ids.data_type().clone(), true);
        t.advocates = vec![RecordBatch::try_new(Arc::new(Schema::new(fields)), cols).unwrap()];
        let out = plaudit_arrow::evaluate(&engine, &t, &opts).unwrap();
        let id = out[0].column_by_name("id").unwrap();
        assert_eq!(id.data_type(), ids.data_type());
        let text = arrow_cast::cast(id, &arrow_schema::DataType::Utf8).unwrap();
        let got: Vec<&str> = text.as_string::<i32>().iter().flatten().collect();
        assert_eq!(got, ["a1", "a2"]);
        let records = plaudit_arrow::records(&t, &opts).unwrap();
        assert_eq!(records[0].id, "a1");
    }
}

/// An activity's optional strings (topic, request id, variant, incentive currency) read the
/// same from every string flavour, with nulls where the cell is null: a null key or a null
/// value of a dictionary, a null in a view, a column of the Null type, an absent column.
#[test]
fn activity_cells_read_alike_from_every_string_flavour_and_nulls_stay_absent() {
    use arrow_array::types::Int8Type;
    use arrow_array::{DictionaryArray, Int8Array, NullArray, StringViewArray};
    let opts = options();
    // Rows (in shuffled order): a2's first, then a1's two.
    let topic: ArrayRef = Arc::new(StringArray::from(vec![
        None,
        Some("pricing"),
        Some("scale"),
    ]));
    // Dictionary ["R-1", null]: a1's rows have key 1 (a null value) and key 0; a2's a null key.
    let request_id: ArrayRef = Arc::new(DictionaryArray::<Int8Type>::new(
        Int8Array::from(vec![None, Some(1), Some(0)]),
        Arc::new(StringArray::from(vec![Some("R-1"), None])),
    ));
    let variant: ArrayRef = Arc::new(StringViewArray::from(vec![
        Some("subject-line-long-enough-to-be-out-of-line"),
        None,
        Some("b"),
    ]));
    let currency: ArrayRef = Arc::new(NullArray::new(3));
    let cols: Vec<(&str, ArrayRef)> = vec![
        (
            "advocate_id",
            Arc::new(StringArray::from(vec!["a2", "a1", "a1"])),
        ),
        ("kind", Arc::new(StringArray::from(vec!["case_study"; 3]))),
        (
            "date",
            Arc::new(Date32Array::from(vec![20_000, 20_100, 20_050])),
        ),
        ("status", Arc::new(StringArray::from(vec!["completed"; 3]))),
        ("topic", topic),
        ("request_id", request_id),
        ("variant", variant),
        ("incentive_currency", currency),
    ];
    let activities = batch_of(cols);
    let mut tables = table(Vec::new());
    tables.activities = Some(vec![activities]);
    let records = plaudit_arrow::records(&tables, &opts).unwrap();
    let strings = |i: usize| -> Vec<[Option<&str>; 3]> {
        records[i]
            .activities
            .iter()
            .map(|a| {
                [
                    a.topic.as_deref(),
                    a.request_id.as_deref(),
                    a.variant.as_deref(),
                ]
            })
            .collect()
    };
    assert_eq!(
        strings(0),
        [
            [Some("pricing"), None, None],
            [Some("scale"), Some("R-1"), Some("b")]
        ]
    );
    assert_eq!(
        strings(1),
        [[
            None,
            None,
            Some("subject-line-long-enough-to-be-out-of-line")
        ]]
    );
    assert!(
        records
            .iter()
            .all(|r| r.activities.iter().all(|a| a.incentive.is_none()))
    );
}

/// An incentive's value is read by its row of the whole table when the record is built (it
/// is not carried through the grouping): rows in shuffled order over two batches whose value
/// columns differ in type (integers, then floats), a null value (0, as the record reads it),
/// and an activity without an incentive whose value cell is set (no incentive).
#[test]
fn incentive_values_follow_their_rows_across_batches_of_any_numeric_type() {
    use arrow_array::Int32Array;
    let opts = options();
    let batch = |ids: Vec<&str>, days: Vec<i32>, kinds: Vec<Option<&str>>, value: ArrayRef| {
        let n = ids.len();
        let cols: Vec<(&str, ArrayRef)> = vec![
            ("advocate_id", Arc::new(StringArray::from(ids))),
            ("kind", Arc::new(StringArray::from(vec!["case_study"; n]))),
            ("date", Arc::new(Date32Array::from(days))),
            ("status", Arc::new(StringArray::from(vec!["completed"; n]))),
            ("incentive_kind", Arc::new(StringArray::from(kinds))),
            ("incentive_value", value),
            (
                "incentive_currency",
                Arc::new(StringArray::from(vec![Some("USD"); n])),
            ),
        ];
        batch_of(cols)
    };
    let first = batch(
        vec!["a2", "a1", "a2"],
        vec![20_000, 20_010, 20_020],
        vec![Some("gift_card"), None, Some("gift_card")],
        Arc::new(Int32Array::from(vec![Some(50), Some(7), None])),
    );
    let second = batch(
        vec!["a1", "a2"],
        vec![20_030, 20_040],
        vec![Some("donation"), Some("gift_card")],
        Arc::new(Float64Array::from(vec![Some(12.5), Some(99.0)])),
    );
    let mut tables = table(Vec::new());
    tables.activities = Some(vec![first, second]);
    let records = plaudit_arrow::records(&tables, &opts).unwrap();
    let values = |i: usize| -> Vec<Option<f64>> {
        records[i]
            .activities
            .iter()
            .map(|a| a.incentive.as_ref().map(|x| x.value))
            .collect()
    };
    assert_eq!(values(0), [None, Some(12.5)]);
    assert_eq!(values(1), [Some(50.0), Some(0.0), Some(99.0)]);
}

/// A wrong-typed `incentive_value` column is checked after the columns before it: with the
/// required `date` column missing too, the date is what the table reports, as before the
/// value moved out of the grouped rows.
#[test]
fn a_missing_date_is_reported_before_a_wrong_typed_incentive_value() {
    let activities = batch_of(vec![
        ("advocate_id", Arc::new(StringArray::from(vec!["a1"]))),
        ("kind", Arc::new(StringArray::from(vec!["case_study"]))),
        ("status", Arc::new(StringArray::from(vec!["completed"]))),
        (
            "incentive_kind",
            Arc::new(StringArray::from(vec!["gift_card"])),
        ),
        (
            "incentive_value",
            Arc::new(StringArray::from(vec!["fifty"])),
        ),
    ]);
    let mut tables = table(Vec::new());
    tables.activities = Some(vec![activities]);
    let errors = plaudit_arrow::records(&tables, &options())
        .unwrap_err()
        .errors;
    let found: Vec<(&str, String)> = errors
        .iter()
        .map(|e| (e.path.as_str(), e.code.to_string()))
        .collect();
    assert_eq!(found, [("activities.date", "missing_field".to_owned())]);
}
