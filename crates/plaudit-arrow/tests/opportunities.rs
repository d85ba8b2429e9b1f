//! Opportunities through the table door: the same deals read from JSON text, from one
//! nested Arrow table and from an opportunities table with a long touches table (rows in any
//! order) give the same records and the same measurement; the same broken cell gives the
//! same `{code, path}` as the JSON door where the shapes share a path.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::sync::Arc;

use arrow_array::types::Int8Type;
use arrow_array::{
    ArrayRef, Date32Array, DictionaryArray, Float32Array, Int32Array, LargeStringArray,
    RecordBatch, StringArray, StringViewArray, TimestampMillisecondArray, UInt8Array,
};
use arrow_schema::{Field, Schema};
use chrono::NaiveDate;
use plaudit_arrow::OpportunityTables;
use proptest::prelude::*;
use serde_json::{Map, Value, json};

use common::{batch, shuffle};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn synth(n: usize, seed: u64) -> Vec<Value> {
    let config = plaudit_synth::SynthConfig::new(200, seed, d("2026-03-01"));
    plaudit_synth::opportunities(&config, n)
        .into_iter()
        .map(|o| serde_json::to_value(o).unwrap())
        .collect()
}

fn json_door(deals: &[Value]) -> Result<Vec<plaudit::Opportunity>, plaudit::RecordError> {
    plaudit::parse_opportunities(&Value::Array(deals.to_vec()).to_string())
}

fn nested(deals: &[Value]) -> OpportunityTables {
    OpportunityTables {
        opportunities: batch(deals).unwrap_or_default(),
        touches: None,
    }
}

/// The long shape: touches in their own table keyed by `opportunity_id`, shuffled.
fn long(deals: &[Value], seed: u64) -> OpportunityTables {
    let mut opps = Vec::new();
    let mut touches = Vec::new();
    for o in deals {
        let mut o: Map<String, Value> = o.as_object().cloned().unwrap();
        if let Some(Value::Array(list)) = o.remove("touches") {
            for t in list {
                let mut t = t.as_object().cloned().unwrap();
                t.insert("opportunity_id".into(), o["id"].clone());
                touches.push(Value::Object(t));
            }
        }
        opps.push(Value::Object(o));
    }
    shuffle(&mut touches, seed);
    OpportunityTables {
        opportunities: batch(&opps).unwrap_or_default(),
        touches: Some(batch(&touches).unwrap_or_default()),
    }
}

/// A deal with its touches in a canonical order (long rows may come in any order).
fn canonical(o: &plaudit::Opportunity) -> Value {
    let mut v = serde_json::to_value(o).unwrap();
    if let Some(Value::Array(list)) = v.get_mut("touches") {
        list.sort_by_key(|x| x.to_string());
    }
    v
}

fn measure(list: &[plaudit::Opportunity]) -> String {
    let m = plaudit::Engine::default()
        .measure(
            list,
            None,
            (d("2025-06-01"), d("2026-02-28")),
            d("2026-03-01"),
        )
        .unwrap();
    serde_json::to_string(&m).unwrap()
}

#[test]
fn nested_long_and_json_give_the_same_deals_and_measurement() {
    let deals = synth(600, 5);
    let from_json = json_door(&deals).unwrap();
    let from_nested = plaudit_arrow::opportunities(&nested(&deals)).unwrap();
    assert_eq!(from_nested, from_json);
    let from_long = plaudit_arrow::opportunities(&long(&deals, 3)).unwrap();
    let canon = |v: &[plaudit::Opportunity]| v.iter().map(canonical).collect::<Vec<_>>();
    assert_eq!(canon(&from_long), canon(&from_json));
    assert!(from_json.iter().map(|o| o.touches.len()).sum::<usize>() > 600);
    assert_eq!(measure(&from_long), measure(&from_json));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]
    #[test]
    fn the_nested_door_is_the_json_door(n in 0usize..60, seed in 0u64..1000, shuffle_seed in 0u64..1000) {
        let deals = synth(n, seed);
        let from_json = json_door(&deals).unwrap();
        if n > 0 {
            prop_assert_eq!(plaudit_arrow::opportunities(&nested(&deals)).unwrap(), from_json.clone());
        }
        let from_long = plaudit_arrow::opportunities(&long(&deals, shuffle_seed));
        if n > 0 {
            let canon = |v: &[plaudit::Opportunity]| v.iter().map(canonical).collect::<Vec<_>>();
            prop_assert_eq!(canon(&from_long.unwrap()), canon(&from_json));
        }
    }
}

fn codes_and_paths(
    r: Result<Vec<plaudit::Opportunity>, plaudit::RecordError>,
) -> Vec<(String, String)> {
    match r {
        Ok(_) => Vec::new(),
        Err(e) => e
            .errors
            .iter()
            .map(|f| (f.code.as_str().to_owned(), f.path.clone()))
            .collect(),
    }
}

#[test]
fn broken_cells_are_reported_as_the_json_door_reports_them() {
    let deals = json!([
        {"id": "o1", "created_on": "2026-01-05", "stage": "won", "amount": 100,
         "touches": [{"advocate_id": "a1", "kind": "reference_call", "on": "2026-01-09"}]},
        {"id": "o2", "created_on": "2026-01-05", "stage": "open", "amount": -1,
         "currency": "usd", "source": {"kind": "referral", "advocate_id": "a2"},
         "touches": [
            {"advocate_id": "a1", "kind": "reference_call", "on": "2026-01-06"},
            {"advocate_id": "a1", "kind": "dance", "on": "2026-02-30"}]},
        {"id": "o1", "created_on": "2026-01-05", "closed_on": "2026-01-01", "stage": "lost",
         "amount": 5, "country": "XX"}
    ]);
    let deals = deals.as_array().unwrap().clone();
    let json = codes_and_paths(json_door(&deals));
    let nested = codes_and_paths(plaudit_arrow::opportunities(&nested(&deals)));
    assert_eq!(nested, json);
    let expected: Vec<(String, String)> = [
        ("missing_field", "opportunities[0].closed_on"),
        ("out_of_range", "opportunities[1].amount"),
        ("invalid_currency", "opportunities[1].currency"),
        ("invalid_value", "opportunities[1].touches[1].kind"),
        ("invalid_date", "opportunities[1].touches[1].on"),
        ("invalid_range", "opportunities[2].closed_on"),
        ("invalid_country", "opportunities[2].country"),
        ("duplicate_id", "opportunities[2].id"),
    ]
    .iter()
    .map(|(c, p)| ((*c).to_owned(), (*p).to_owned()))
    .collect();
    assert_eq!(nested, expected);

    // The long shape names a touch by its record path too (its row is in the message); its
    // rows are shuffled, so a touch may have another index within its opportunity.
    let long = codes_and_paths(plaudit_arrow::opportunities(&long(&deals, 0)));
    let any_touch = |v: &[(String, String)]| -> Vec<(String, String)> {
        v.iter()
            .map(|(c, p)| {
                let p = match p.split_once(".touches[") {
                    Some((head, rest)) => {
                        format!("{head}.touches[_{}", &rest[rest.find(']').unwrap()..])
                    }
                    None => p.clone(),
                };
                (c.clone(), p)
            })
            .collect()
    };
    assert_eq!(any_touch(&long), any_touch(&expected));
}

/// Rows of strings as one record batch (a null where a cell is `None`).
fn strings(names: &[&str], rows: &[[Option<&str>; 4]]) -> RecordBatch {
    table(
        names
            .iter()
            .enumerate()
            .map(|(c, n)| {
                let column: ArrayRef = Arc::new(StringArray::from(
                    rows.iter().map(|r| r[c]).collect::<Vec<_>>(),
                ));
                (*n, column)
            })
            .collect(),
    )
}

#[test]
fn a_bad_cell_of_a_long_touches_table_is_named_by_its_record_path_and_its_row() {
    let opps = batch(&[
        json!({"id": "o1", "created_on": "2026-01-01", "stage": "open", "amount": 1}),
        json!({"id": "o2", "created_on": "2026-01-01", "stage": "open", "amount": 1}),
        json!({"id": "o3", "created_on": "2026-01-01", "stage": "open", "amount": 1}),
    ])
    .unwrap();
    let names = ["opportunity_id", "advocate_id", "kind", "on"];
    // Two batches, the opportunities' rows interleaved; o2 has no touch.
    let first = strings(
        &names,
        &[
            [Some("o3"), Some("a1"), Some("referral"), Some("2026-01-02")],
            [Some("o1"), Some("a1"), Some("referral"), Some("2026-01-02")],
            [Some("o3"), Some("a2"), Some("referral"), Some("2026-02-30")],
        ],
    );
    let second = strings(
        &names,
        &[
            [Some("o9"), Some("a1"), Some("referral"), Some("2026-02-30")],
            [Some("o1"), Some("a3"), Some("dance"), Some("2026-01-03")],
            [None, Some("a1"), Some("referral"), Some("2026-01-02")],
            [Some("o3"), Some("  "), Some("referral"), Some("2026-01-02")],
        ],
    );
    let err = plaudit_arrow::opportunities(&OpportunityTables {
        opportunities: opps,
        touches: Some(vec![first, second]),
    })
    .unwrap_err();
    let got: Vec<(&str, &str, bool)> = err
        .errors
        .iter()
        .map(|e| (e.code.as_str(), e.path.as_str(), e.message.as_str()))
        .map(|(c, p, m)| (c, p, m.ends_with(")") && m.contains("(touches row ")))
        .collect();
    assert_eq!(
        got,
        [
            // Row 4: o1's second touch.
            ("invalid_value", "opportunities[0].touches[1].kind", true),
            // Row 2: o3's second touch (o2, between them, has none).
            ("invalid_date", "opportunities[2].touches[1].on", true),
            // Row 6, blank advocate id: a problem of the record, named as the record's.
            ("required", "opportunities[2].touches[2].advocate_id", true),
            // Rows 3 and 5 have no opportunity: their problems keep their table path (a
            // date column is read whole, so row 3's bad date is one too).
            ("invalid_date", "touches[3].on", false),
            ("invalid_value", "touches[3].opportunity_id", false),
            ("required", "touches[5].opportunity_id", false),
        ]
    );
    let rows: Vec<&str> = err
        .errors
        .iter()
        .filter_map(|e| e.message.rsplit_once("(touches row ").map(|(_, r)| r))
        .collect();
    assert_eq!(rows, ["4)", "2)", "6)"]);
}

fn table(cols: Vec<(&str, ArrayRef)>) -> RecordBatch {
    let schema = Schema::new(
        cols.iter()
            .map(|(n, a)| Field::new(*n, a.data_type().clone(), true))
            .collect::<Vec<_>>(),
    );
    RecordBatch::try_new(Arc::new(schema), cols.into_iter().map(|(_, a)| a).collect()).unwrap()
}

fn day(s: &str) -> i32 {
    (d(s) - d("1970-01-01")).num_days() as i32
}

#[test]
fn every_arrow_flavour_reads_as_the_json_door_reads_it() {
    let stage: DictionaryArray<Int8Type> = vec!["won", "open"].into_iter().collect();
    let opps = table(vec![
        ("id", Arc::new(LargeStringArray::from(vec!["o1", "o2"]))),
        (
            "created_on",
            Arc::new(Date32Array::from(vec![
                day("2026-01-05"),
                day("2026-01-06"),
            ])),
        ),
        (
            "closed_on",
            Arc::new(TimestampMillisecondArray::from(vec![
                Some(i64::from(day("2026-02-01")) * 86_400_000),
                None,
            ])),
        ),
        ("stage", Arc::new(stage)),
        ("amount", Arc::new(Float32Array::from(vec![1000.5, 20.0]))),
        (
            "source_kind",
            Arc::new(StringViewArray::from(vec![Some("referral"), None])),
        ),
        (
            "source_advocate_id",
            Arc::new(StringArray::from(vec![Some("a9"), None])),
        ),
    ]);
    let touches = table(vec![
        (
            "opportunity_id",
            Arc::new(StringArray::from(vec!["o2", "o1", "o1"])),
        ),
        ("advocate_id", Arc::new(Int32Array::from(vec![7, 8, 7]))),
        (
            "kind",
            Arc::new(StringArray::from(vec![
                "case_study",
                "reference_call",
                "review",
            ])),
        ),
        (
            "on",
            Arc::new(StringArray::from(vec![
                "2026-01-07",
                "2026-01-08",
                "2026-01-09",
            ])),
        ),
        (
            "solicited",
            Arc::new(arrow_array::BooleanArray::from(vec![
                Some(false),
                None,
                Some(true),
            ])),
        ),
        ("ignored", Arc::new(UInt8Array::from(vec![1, 2, 3]))),
    ]);
    let got = plaudit_arrow::opportunities(&OpportunityTables {
        opportunities: vec![opps],
        touches: Some(vec![touches]),
    })
    .unwrap();
    let want = plaudit::parse_opportunities(
        &json!([
            {"id": "o1", "created_on": "2026-01-05", "closed_on": "2026-02-01", "stage": "won",
             "amount": 1000.5, "source": {"kind": "referral", "advocate_id": "a9"},
             "touches": [
                {"advocate_id": "8", "kind": "reference_call", "on": "2026-01-08"},
                {"advocate_id": "7", "kind": "review", "on": "2026-01-09"}]},
            {"id": "o2", "created_on": "2026-01-06", "stage": "open", "amount": 20,
             "touches": [
                {"advocate_id": "7", "kind": "case_study", "on": "2026-01-07", "solicited": false}]}
        ])
        .to_string(),
    )
    .unwrap();
    assert_eq!(got, want);
}

#[test]
fn a_null_required_cell_is_missing_and_an_unknown_opportunity_id_is_named() {
    let opps = table(vec![
        ("id", Arc::new(StringArray::from(vec![Some("o1"), None]))),
        (
            "created_on",
            Arc::new(Date32Array::from(vec![Some(day("2026-01-05")), None])),
        ),
        (
            "stage",
            Arc::new(StringArray::from(vec![Some("open"), Some("open")])),
        ),
        (
            "amount",
            Arc::new(Float32Array::from(vec![Some(1.0), None])),
        ),
    ]);
    let touches = table(vec![
        (
            "opportunity_id",
            Arc::new(StringArray::from(vec![Some("o1"), Some("o9"), None])),
        ),
        (
            "advocate_id",
            Arc::new(StringArray::from(vec![Some("a"), Some("b"), Some("c")])),
        ),
        (
            "kind",
            Arc::new(StringArray::from(vec!["review", "review", "review"])),
        ),
        (
            "on",
            Arc::new(StringArray::from(vec![
                Some("2026-01-07"),
                Some("2026-01-07"),
                None,
            ])),
        ),
    ]);
    let got = codes_and_paths(plaudit_arrow::opportunities(&OpportunityTables {
        opportunities: vec![opps.clone()],
        touches: Some(vec![touches]),
    }));
    let want: Vec<(String, String)> = [
        ("missing_field", "opportunities[1].amount"),
        ("missing_field", "opportunities[1].created_on"),
        ("missing_field", "opportunities[1].id"),
        ("invalid_value", "touches[1].opportunity_id"),
        ("required", "touches[2].opportunity_id"),
    ]
    .iter()
    .map(|(c, p)| ((*c).to_owned(), (*p).to_owned()))
    .collect();
    assert_eq!(got, want);

    // A required column that is absent is named once.
    let no_stage = opps.project(&[0, 1, 3]).unwrap();
    let got = codes_and_paths(plaudit_arrow::opportunities(&OpportunityTables {
        opportunities: vec![no_stage],
        touches: None,
    }));
    assert_eq!(
        got,
        [("missing_field".to_owned(), "opportunities.stage".to_owned())]
    );
}

fn col<'a, T: 'static>(b: &'a RecordBatch, name: &str) -> &'a T {
    b.column_by_name(name)
        .unwrap()
        .as_any()
        .downcast_ref::<T>()
        .unwrap()
}

#[test]
fn measurement_tables_hold_the_measurement_exactly() {
    use arrow_array::{Array, BooleanArray, Float64Array, Int64Array, ListArray, StructArray};
    let deals = synth(800, 9);
    let tables = long(&deals, 1);
    let roster: Vec<plaudit::Advocate> =
        plaudit_synth::advocates(&plaudit_synth::SynthConfig::new(200, 9, d("2026-03-01")))
            .collect();
    let roster = plaudit::Roster::new(roster).unwrap();
    let engine = plaudit::Engine::default();
    let m = plaudit_arrow::measure(
        &engine,
        &tables,
        Some(&roster),
        (d("2025-06-01"), d("2026-02-28")),
        d("2026-03-01"),
    )
    .unwrap();
    assert_eq!(
        serde_json::to_string(&m).unwrap(),
        serde_json::to_string(
            &engine
                .measure(
                    &json_door(&deals).unwrap(),
                    Some(&roster),
                    (d("2025-06-01"), d("2026-02-28")),
                    d("2026-03-01")
                )
                .unwrap()
        )
        .unwrap()
    );

    // Per opportunity: credits add up to the amount of a deal won in the period, else 0.
    let po = plaudit_arrow::measurement::per_opportunity(&m).unwrap();
    assert_eq!(po.num_rows(), m.per_opportunity.len());
    assert!(po.num_rows() > 50);
    let credits = col::<ListArray>(&po, "credits");
    let amount = col::<Int64Array>(&po, "amount_units");
    let closed = col::<BooleanArray>(&po, "closed_in_period");
    let stage = col::<StringArray>(&po, "stage");
    for i in 0..po.num_rows() {
        let c = credits.value(i);
        let c = c.as_any().downcast_ref::<StructArray>().unwrap();
        let units = c.column(1).as_any().downcast_ref::<Int64Array>().unwrap();
        let sum: i64 = units.values().iter().sum();
        let won = stage.value(i) == "won" && closed.value(i);
        assert_eq!(sum, if won { amount.value(i) } else { 0 }, "row {i}");
    }

    // Per advocate: the attributed total is the influenced revenue, per currency.
    let pa = plaudit_arrow::measurement::per_advocate(&m).unwrap();
    let kp = plaudit_arrow::measurement::kpis(&m).unwrap();
    let cur = col::<StringArray>(&pa, "currency");
    let units = col::<Int64Array>(&pa, "attributed_units");
    for (c, money) in &m.kpis.opportunities.influenced_revenue {
        let total: i64 = (0..pa.num_rows())
            .filter(|&i| cur.is_valid(i) && cur.value(i) == c)
            .map(|i| units.value(i))
            .sum();
        assert_eq!(total, money.units);
        let kpi = col::<StringArray>(&kp, "kpi");
        let kcur = col::<StringArray>(&kp, "currency");
        let ku = col::<Int64Array>(&kp, "units");
        let row = (0..kp.num_rows())
            .find(|&i| kpi.value(i) == "influenced_revenue" && kcur.value(i) == c)
            .unwrap();
        assert_eq!(ku.value(row), money.units);
    }
    let kpi = col::<StringArray>(&kp, "kpi");
    let names: Vec<&str> = (0..kp.num_rows()).map(|i| kpi.value(i)).collect();
    assert!(names.contains(&"response_rate") && names.contains(&"concentration"));
    let share = (0..kp.num_rows())
        .find(|&i| kpi.value(i) == "influenced_share")
        .unwrap();
    let rate = m.kpis.opportunities.influenced_share;
    assert_eq!(
        col::<Int64Array>(&kp, "numerator").value(share) as u64,
        rate.numerator
    );
    assert_eq!(
        col::<Int64Array>(&kp, "denominator").value(share) as u64,
        rate.denominator
    );
    assert_eq!(
        col::<Float64Array>(&kp, "value").value(share),
        rate.value.unwrap()
    );

    // Breakdowns: the segment rows' influenced counts add up to the total's.
    let bd = plaudit_arrow::measurement::breakdowns(&m).unwrap();
    let dim = col::<StringArray>(&bd, "dimension");
    let bk = col::<StringArray>(&bd, "kpi");
    let num = col::<Int64Array>(&bd, "numerator");
    let by_segment: i64 = (0..bd.num_rows())
        .filter(|&i| dim.value(i) == "segment" && bk.value(i) == "influenced_share")
        .map(|i| num.value(i))
        .sum();
    assert_eq!(by_segment as u64, rate.numerator);
    assert_eq!(bd.schema(), plaudit_arrow::measurement::breakdowns_schema());

    // The compact result writes the same tables from its rows, and is the same measurement.
    let c = plaudit_arrow::opportunities::measure_compact(
        &engine,
        &tables,
        Some(&roster),
        (d("2025-06-01"), d("2026-02-28")),
        d("2026-03-01"),
    )
    .unwrap();
    assert_eq!(
        plaudit_arrow::measurement::per_opportunity_compact(&c).unwrap(),
        po
    );
    assert_eq!(
        plaudit_arrow::measurement::per_advocate_compact(&c).unwrap(),
        pa
    );
    assert_eq!(plaudit_arrow::measurement::kpis(c.summary()).unwrap(), kp);
    assert_eq!(
        plaudit_arrow::measurement::breakdowns(c.summary()).unwrap(),
        bd
    );
    assert!(c.summary().per_opportunity.is_empty() && c.summary().per_advocate.is_empty());
    assert_eq!(c.per_opportunity(), m.per_opportunity);
    assert_eq!(c.per_advocate(), m.per_advocate);
    assert_eq!(c.into_measurement(), m);
}

fn door_measure(tables: &OpportunityTables) -> Result<String, plaudit::RecordError> {
    plaudit_arrow::measure(
        &plaudit::Engine::default(),
        tables,
        None,
        (d("2025-06-01"), d("2026-02-28")),
        d("2026-03-01"),
    )
    .map(|m| serde_json::to_string(&m).unwrap())
}

/// [`door_measure`] through the compact result.
fn door_measure_compact(tables: &OpportunityTables) -> Result<String, plaudit::RecordError> {
    plaudit_arrow::opportunities::measure_compact(
        &plaudit::Engine::default(),
        tables,
        None,
        (d("2025-06-01"), d("2026-02-28")),
        d("2026-03-01"),
    )
    .map(|m| serde_json::to_string(&m.into_measurement()).unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]
    /// Valid tables go straight into the core's columns: the same measurement as the
    /// records of the JSON door.
    #[test]
    fn the_door_measures_its_columns_as_the_records(n in 1usize..80, seed in 0u64..1000, shuffle_seed in 0u64..1000) {
        let deals = synth(n, seed);
        let want = measure(&json_door(&deals).unwrap());
        prop_assert_eq!(door_measure(&nested(&deals)).unwrap(), want.clone());
        prop_assert_eq!(door_measure(&long(&deals, shuffle_seed)).unwrap(), want.clone());
        prop_assert_eq!(door_measure_compact(&nested(&deals)).unwrap(), want.clone());
        prop_assert_eq!(door_measure_compact(&long(&deals, shuffle_seed)).unwrap(), want);
    }
}

#[test]
fn the_door_measure_reports_what_the_records_path_reports() {
    let good = json!({"id": "o1", "created_on": "2026-01-05", "closed_on": "2026-01-09",
        "stage": "won", "amount": 100, "source": {"kind": "referral", "advocate_id": "a2"},
        "touches": [{"advocate_id": "a1", "kind": "reference_call", "on": "2026-01-09"}]});
    let faults = [
        json!({"id": "o0"}),
        json!({"amount": -1}),
        json!({"currency": "usd"}),
        json!({"stage": "open"}),
        json!({"closed_on": "2025-01-01"}),
        json!({"country": "XX", "industry": " "}),
        json!({"products": ["x", ""]}),
        json!({"source": {"advocate_id": "a2"}}),
        json!({"source": {"kind": "referral", "advocate_id": " "}}),
        json!({"touches": [{"advocate_id": "a1", "kind": "dance", "on": "2026-01-09"}]}),
        json!({"touches": [{"advocate_id": "", "kind": "review", "on": "2026-01-09"}]}),
        json!({"touches": [{"advocate_id": "a1", "kind": "review"}]}),
    ];
    for fault in faults {
        let mut bad = good.clone();
        for (k, v) in fault.as_object().unwrap() {
            bad[k] = v.clone();
        }
        let mut other = good.clone();
        other["id"] = json!("o0");
        let deals = vec![other, bad];
        for tables in [nested(&deals), long(&deals, 1)] {
            let want = plaudit_arrow::opportunities(&tables).unwrap_err();
            let got = door_measure(&tables).unwrap_err();
            assert_eq!(got, want, "{fault}");
            assert_eq!(door_measure_compact(&tables).unwrap_err(), want, "{fault}");
        }
    }
    // An unknown opportunity id in the long touches table.
    let mut tables = long(std::slice::from_ref(&good), 0);
    let touches = table(vec![
        ("opportunity_id", Arc::new(StringArray::from(vec!["o9"]))),
        ("advocate_id", Arc::new(StringArray::from(vec!["a1"]))),
        ("kind", Arc::new(StringArray::from(vec!["review"]))),
        ("on", Arc::new(Date32Array::from(vec![day("2026-01-09")]))),
    ]);
    tables.touches = Some(vec![touches]);
    let want = plaudit_arrow::opportunities(&tables).unwrap_err();
    assert_eq!(door_measure(&tables).unwrap_err(), want);
    assert_eq!(want.errors[0].path, "touches[0].opportunity_id");
}

#[test]
fn integer_advocate_ids_measure_as_their_decimal_text() {
    let opps = table(vec![
        ("id", Arc::new(StringArray::from(vec!["o1"]))),
        (
            "created_on",
            Arc::new(Date32Array::from(vec![day("2026-01-05")])),
        ),
        (
            "closed_on",
            Arc::new(Date32Array::from(vec![day("2026-01-20")])),
        ),
        ("stage", Arc::new(StringArray::from(vec!["won"]))),
        ("amount", Arc::new(Float32Array::from(vec![100.0]))),
    ]);
    let touches = |ids: ArrayRef| {
        table(vec![
            (
                "opportunity_id",
                Arc::new(StringArray::from(vec!["o1", "o1"])),
            ),
            ("advocate_id", ids),
            (
                "kind",
                Arc::new(StringArray::from(vec!["review", "review"])),
            ),
            (
                "on",
                Arc::new(Date32Array::from(vec![
                    day("2026-01-09"),
                    day("2026-01-10"),
                ])),
            ),
        ])
    };
    let ints = OpportunityTables {
        opportunities: vec![opps.clone()],
        touches: Some(vec![touches(Arc::new(Int32Array::from(vec![7, 12])))]),
    };
    let strs = OpportunityTables {
        opportunities: vec![opps],
        touches: Some(vec![touches(Arc::new(StringArray::from(vec!["7", "12"])))]),
    };
    let m = door_measure(&ints).unwrap();
    assert!(m.contains("\"12\""));
    assert_eq!(m, door_measure(&strs).unwrap());
    // Integer ids go down the records path: the compact result is the same there.
    assert_eq!(door_measure_compact(&ints).unwrap(), m);
}
