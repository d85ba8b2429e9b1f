//! One meaning of valid input, whatever the door: the same advocates read from JSON text,
//! from long Arrow tables (rows in any order) and from one nested Arrow table give the same
//! records and the same decisions; the same broken field gives the same `{code, path}`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use arrow_array::RecordBatch;
use proptest::prelude::*;
use serde_json::{Value, json};

use common::{as_of, canonical, long, nested, options, synth};

fn json_door(records: &[Value]) -> Result<Vec<plaudit::Advocate>, plaudit::RecordError> {
    plaudit::parse_advocates(&Value::Array(records.to_vec()).to_string())
}

fn one_batch(batches: Vec<RecordBatch>) -> RecordBatch {
    arrow_select::concat::concat_batches(&batches[0].schema(), &batches).unwrap()
}

#[test]
fn long_shuffled_nested_and_json_give_the_same_records_and_decisions() {
    let records = synth(400, 11);
    let from_json = json_door(&records).unwrap();
    let opts = options(as_of());
    let from_long = plaudit_arrow::records(&long(&records, 5), &opts).unwrap();
    let from_nested = plaudit_arrow::records(&nested(&records), &opts).unwrap();
    assert_eq!(from_nested, from_json);
    let canon = |v: &[plaudit::Advocate]| v.iter().map(canonical).collect::<Vec<_>>();
    assert_eq!(canon(&from_long), canon(&from_json));

    let engine = plaudit::Engine::default();
    let a = one_batch(plaudit_arrow::evaluate(&engine, &long(&records, 9), &opts).unwrap());
    let b = one_batch(plaudit_arrow::evaluate(&engine, &nested(&records), &opts).unwrap());
    assert_eq!(a, b);
    assert_eq!(a.num_rows(), 400);
}

#[test]
fn shuffled_and_grouped_long_rows_score_alike_on_any_thread_count() {
    let records = synth(300, 3);
    let engine = plaudit::Engine::default();
    let mut opts = options(as_of());
    let grouped = one_batch(plaudit_arrow::evaluate(&engine, &long(&records, 0), &opts).unwrap());
    for threads in [1, 3] {
        opts.threads = threads;
        let shuffled =
            one_batch(plaudit_arrow::evaluate(&engine, &long(&records, 77), &opts).unwrap());
        assert_eq!(shuffled, grouped);
    }
}

#[test]
fn assigned_tier_follows_tier_only_with_shares_and_matches_assign_tiers() {
    let records = synth(500, 21);
    let engine = plaudit::Engine::default();
    let mut opts = options(as_of());
    let plain = one_batch(plaudit_arrow::evaluate(&engine, &nested(&records), &opts).unwrap());
    assert!(plain.schema().field_with_name("assigned_tier").is_err());
    opts.shares = true;
    let with = one_batch(plaudit_arrow::evaluate(&engine, &nested(&records), &opts).unwrap());
    let names: Vec<_> = with
        .schema()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect();
    let at = names.iter().position(|n| n == "assigned_tier").unwrap();
    assert_eq!(names[at - 1], "tier");
    assert_eq!(
        plaudit_arrow::schema(&arrow_schema::DataType::Utf8, true)
            .fields()
            .len(),
        names.len()
    );

    let roster = plaudit::Roster::new(json_door(&records).unwrap()).unwrap();
    let expected = engine.assign_tiers(&roster, as_of());
    let column =
        arrow_cast::display::ArrayFormatter::try_new(with.column(at).as_ref(), &Default::default())
            .unwrap();
    let ids =
        arrow_cast::display::ArrayFormatter::try_new(with.column(0).as_ref(), &Default::default())
            .unwrap();
    let mut differ = 0;
    for row in 0..with.num_rows() {
        let id = ids.value(row).to_string();
        let e = expected.advocates.iter().find(|a| a.id == id).unwrap();
        let got = column.value(row).to_string();
        assert_eq!(
            got,
            e.tier.map(|t| t.as_str().to_owned()).unwrap_or_default()
        );
        differ +=
            usize::from(plain.column(at - 1).slice(row, 1) != with.column(at - 1).slice(row, 1));
    }
    assert_eq!(differ, 0, "`tier` stays the individual tier");
}

/// One field broken in one advocate.
#[derive(Debug, Clone)]
enum Break {
    /// `nps` out of range.
    Nps(i64),
    /// `health_score` out of range.
    Health(f64),
    /// A required field absent.
    Missing(&'static str),
    /// A date that is no date.
    BadDate(&'static str),
    /// An enum value that is not one.
    BadSegment(&'static str),
    /// An activity of an unknown kind.
    ActivityKind(&'static str),
    /// A consent dated on a day that does not exist.
    ConsentOn(&'static str),
}

fn breaks() -> impl Strategy<Value = Break> {
    prop_oneof![
        prop_oneof![Just(-1i64), Just(11), Just(1000)].prop_map(Break::Nps),
        prop_oneof![Just(-0.5f64), Just(100.5), Just(250.0)].prop_map(Break::Health),
        prop_oneof![Just("customer_since"), Just("health_score")].prop_map(Break::Missing),
        prop_oneof![Just("2026-02-30"), Just("yesterday"), Just("2026-1-5")]
            .prop_map(Break::BadDate),
        prop_oneof![Just("huge"), Just("")].prop_map(Break::BadSegment),
        prop_oneof![Just("webinar"), Just("Case Study")].prop_map(Break::ActivityKind),
        prop_oneof![Just("2025-13-01"), Just("soon")].prop_map(Break::ConsentOn),
    ]
}

fn apply(records: &mut [Value], at: usize, b: &Break) {
    let a = records[at].as_object_mut().unwrap();
    match b {
        Break::Nps(n) => {
            a.insert("nps".into(), json!(n));
        }
        Break::Health(h) => {
            a.insert("health_score".into(), json!(h));
        }
        Break::Missing(k) => {
            a.remove(*k);
        }
        Break::BadDate(d) => {
            a.insert("customer_since".into(), json!(d));
        }
        Break::BadSegment(s) => {
            a.insert("segment".into(), json!(s));
        }
        Break::ActivityKind(k) => {
            let list = a.entry("activities").or_insert_with(|| json!([]));
            if let Some(v) = list.as_array_mut() {
                v.push(json!({"kind": k, "date": "2025-06-01", "status": "completed"}));
            }
        }
        Break::ConsentOn(d) => {
            let list = a.entry("consents").or_insert_with(|| json!([]));
            if let Some(v) = list.as_array_mut() {
                v.push(json!({"purpose": "program", "status": "granted", "on": d}));
            }
        }
    }
}

fn problems(r: Result<Vec<plaudit::Advocate>, plaudit::RecordError>) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = r
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

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Valid records read alike through both doors; a record with one broken field fails
    /// through both with the same code at the same path.
    #[test]
    fn json_and_arrow_doors_agree(
        n in 1usize..12,
        seed in 0u64..1000,
        broken in proptest::option::of((0usize..12, breaks())),
    ) {
        let mut records = synth(n, seed);
        if let Some((at, b)) = &broken {
            apply(&mut records, at % n, b);
        }
        let opts = options(as_of());
        let json = json_door(&records);
        let arrow = plaudit_arrow::records(&nested(&records), &opts);
        match (&json, &arrow) {
            (Ok(a), Ok(b)) => prop_assert_eq!(a, b),
            _ => prop_assert_eq!(problems(json), problems(arrow)),
        }
    }
}

/// A roster built from tables (the door checks the records, the roster trusts them) ranks,
/// assigns tiers and covers as one built from the JSON records does.
#[test]
fn a_roster_from_tables_answers_as_one_from_json() {
    let records = synth(600, 21);
    let from_json = plaudit::Roster::from_json(&Value::Array(records.clone()).to_string()).unwrap();
    let opts = options(as_of());
    let engine = plaudit::Engine::default();
    let request: plaudit::Request = serde_json::from_value(json!({
        "id": "r1", "kind": "reference_call", "requested_on": "2026-03-01",
        "needed_by": "2026-03-20", "count": 5, "prospect": {"segment": "enterprise"}
    }))
    .unwrap();
    for tables in [long(&records, 4), nested(&records)] {
        let from_tables = plaudit_arrow::roster(&tables, &opts).unwrap();
        assert_eq!(from_tables.len(), 600);
        let (a, b) = (
            engine.rank(&request, &from_json, as_of()),
            engine.rank(&request, &from_tables, as_of()),
        );
        assert_eq!(
            serde_json::to_value(&a).unwrap(),
            serde_json::to_value(&b).unwrap()
        );
        assert!(!a.matches.is_empty());
        let (a, b) = (
            engine.assign_tiers(&from_json, as_of()),
            engine.assign_tiers(&from_tables, as_of()),
        );
        assert_eq!(
            serde_json::to_value(&a).unwrap(),
            serde_json::to_value(&b).unwrap()
        );
    }
}

#[test]
fn history_partly_nested_and_partly_long_reads_as_either_shape_alone() {
    // Consents as a long table (rows shuffled) beside the other histories nested: the id
    // index the long table is joined on is kept for it (it is dropped only when no long
    // table needs it).
    let records = synth(300, 5);
    let opts = options(as_of());
    let all_nested = nested(&records);
    let advocates: Vec<RecordBatch> = all_nested
        .advocates
        .iter()
        .map(|b| {
            let keep: Vec<usize> = (0..b.num_columns())
                .filter(|&i| b.schema().field(i).name() != "consents")
                .collect();
            b.project(&keep).unwrap()
        })
        .collect();
    assert!(advocates[0].schema().field_with_name("consents").is_err());
    let mixed = plaudit_arrow::Tables {
        advocates,
        consents: long(&records, 13).consents,
        ..Default::default()
    };
    assert!(mixed.consents.as_ref().is_some_and(|c| !c.is_empty()));
    let from_mixed = plaudit_arrow::records(&mixed, &opts).unwrap();
    let from_json = json_door(&records).unwrap();
    assert!(from_json.iter().any(|a| !a.consents.is_empty()));
    let canon = |v: &[plaudit::Advocate]| v.iter().map(canonical).collect::<Vec<_>>();
    assert_eq!(canon(&from_mixed), canon(&from_json));

    let engine = plaudit::Engine::default();
    let a = one_batch(plaudit_arrow::evaluate(&engine, &mixed, &opts).unwrap());
    let b = one_batch(plaudit_arrow::evaluate(&engine, &all_nested, &opts).unwrap());
    assert_eq!(a, b);
}
