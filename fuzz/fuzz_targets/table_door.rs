//! Arrow record batches built from fuzz bytes — any column name a record field has (and
//! some it has not), any Arrow type, nulls anywhere, any values — read by the table door
//! (`plaudit_arrow::evaluate`, `records`, `roster`) in the long shape (advocates plus an
//! activities, engagements, consents or disruptions table keyed by `advocate_id`) and the
//! nested shape (history columns as lists): an answer with one row per advocate, or every
//! problem with a path (never more than the reported limit), never a panic.
#![no_main]
use std::sync::Arc;

use arbitrary::{Arbitrary, Unstructured};
use arrow_array::builder::{ListBuilder, StringBuilder};
use arrow_array::{
    ArrayRef, BooleanArray, Date32Array, Float64Array, Int64Array, NullArray, RecordBatch,
    StringArray, StructArray, TimestampMillisecondArray, UInt64Array,
};
use arrow_schema::{Field, Fields, Schema};
use libfuzzer_sys::fuzz_target;

/// Column names: the record fields, the long tables' columns, and a stranger.
#[rustfmt::skip]
const NAMES: &[&str] = &[
    "id", "customer_since", "health_score", "nps", "nps_on", "account_id", "industry",
    "segment", "country", "languages", "products", "use_cases", "persona", "influence",
    "has_measurable_outcome", "preferences_activities", "preferences_public",
    "reference_frequency", "erasure_requested", "current_tier", "tier_since",
    "publicity_restricted", "verified_on", "left_company", "advocate_id", "kind", "date",
    "status", "solicited", "topic", "request_id", "incentive_kind", "incentive_value",
    "incentive_currency", "purpose", "on", "expires", "from", "to", "preferences",
    "activities", "engagements", "consents", "disruptions", "other",
];

/// Strings the door parses: ids, dates, names of every enum, and junk.
#[rustfmt::skip]
const WORDS: &[&str] = &[
    "a", "b", " a ", "", "2020-01-01", "2026-03-01", "2024-02-30", "0000-01-01", "9999-12-31",
    "+10000-01-01", "referral", "case_study", "completed", "scheduled", "granted", "withdrawn",
    "program", "enterprise", "gold", "monthly", "US", "en", "USD", "true", "maybe", "NaN",
    "escalation", "x;y", "\u{0}", "é",
];

fn word(u: &mut Unstructured<'_>) -> arbitrary::Result<Option<String>> {
    Ok(match u.int_in_range(0..=3)? {
        0 => None,
        1 => Some(String::arbitrary(u)?),
        _ => Some((*u.choose(WORDS)?).to_owned()),
    })
}

fn column(u: &mut Unstructured<'_>, rows: usize, depth: u8) -> arbitrary::Result<ArrayRef> {
    let kind = u.int_in_range(0..=if depth == 0 { 10 } else { 8 })?;
    let opt = |u: &mut Unstructured<'_>| -> arbitrary::Result<bool> { Ok(u.ratio(1, 5)?) };
    Ok(match kind {
        0 => Arc::new(NullArray::new(rows)),
        1 => {
            let mut v = Vec::with_capacity(rows);
            for _ in 0..rows {
                v.push(word(u)?);
            }
            Arc::new(StringArray::from(v))
        }
        2 => {
            let mut v = Vec::with_capacity(rows);
            for _ in 0..rows {
                v.push(if opt(u)? {
                    None
                } else {
                    Some(i64::arbitrary(u)? % 200)
                });
            }
            Arc::new(Int64Array::from(v))
        }
        3 => {
            let mut v = Vec::with_capacity(rows);
            for _ in 0..rows {
                v.push(if opt(u)? {
                    None
                } else {
                    Some(u64::arbitrary(u)?)
                });
            }
            Arc::new(UInt64Array::from(v))
        }
        4 => {
            let mut v = Vec::with_capacity(rows);
            for _ in 0..rows {
                v.push(if opt(u)? {
                    None
                } else {
                    Some(f64::arbitrary(u)?)
                });
            }
            Arc::new(Float64Array::from(v))
        }
        5 => {
            let mut v = Vec::with_capacity(rows);
            for _ in 0..rows {
                v.push(if opt(u)? {
                    None
                } else {
                    Some(bool::arbitrary(u)?)
                });
            }
            Arc::new(BooleanArray::from(v))
        }
        6 => {
            let mut v = Vec::with_capacity(rows);
            for _ in 0..rows {
                v.push(if opt(u)? {
                    None
                } else {
                    Some(i32::arbitrary(u)?)
                });
            }
            Arc::new(Date32Array::from(v))
        }
        7 => {
            let mut v = Vec::with_capacity(rows);
            for _ in 0..rows {
                v.push(if opt(u)? {
                    None
                } else {
                    Some(i64::arbitrary(u)?)
                });
            }
            Arc::new(TimestampMillisecondArray::from(v))
        }
        8 => {
            let mut b = ListBuilder::new(StringBuilder::new());
            for _ in 0..rows {
                if opt(u)? {
                    b.append(false);
                    continue;
                }
                for _ in 0..u.int_in_range(0..=3)? {
                    b.values().append_option(word(u)?);
                }
                b.append(true);
            }
            Arc::new(b.finish())
        }
        9 => {
            // A struct (an activity's incentive, the preferences) of a few columns.
            let mut fields = Vec::new();
            let mut arrays = Vec::new();
            for _ in 0..u.int_in_range(1..=3)? {
                let name = *u.choose(NAMES)?;
                if fields.iter().any(|f: &Field| f.name() == name) {
                    continue;
                }
                let a = column(u, rows, depth + 1)?;
                fields.push(Field::new(name, a.data_type().clone(), true));
                arrays.push(a);
            }
            if fields.is_empty() {
                return Ok(Arc::new(NullArray::new(rows)));
            }
            Arc::new(
                StructArray::try_new(Fields::from(fields), arrays, None)
                    .map_err(|_| arbitrary::Error::IncorrectFormat)?,
            )
        }
        _ => {
            // A list of structs (a nested history column): each row owns 0..=2 items.
            let mut offsets = vec![0i32];
            for _ in 0..rows {
                let last = offsets.last().copied().unwrap_or(0);
                offsets.push(last + u.int_in_range(0..=2)?);
            }
            let items = offsets.last().copied().unwrap_or(0) as usize;
            let values = column(u, items, depth + 1)?;
            let field = Arc::new(Field::new("item", values.data_type().clone(), true));
            Arc::new(arrow_array::ListArray::new(
                field,
                arrow_buffer_offsets(offsets),
                values,
                None,
            ))
        }
    })
}

fn arrow_buffer_offsets(offsets: Vec<i32>) -> arrow_buffer::OffsetBuffer<i32> {
    arrow_buffer::OffsetBuffer::new(offsets.into())
}

fn table(u: &mut Unstructured<'_>, rows: usize, must: &[&str]) -> arbitrary::Result<RecordBatch> {
    let mut fields = Vec::new();
    let mut arrays = Vec::new();
    let mut names: Vec<&str> = must.to_vec();
    for _ in 0..u.int_in_range(0..=6)? {
        names.push(*u.choose(NAMES)?);
    }
    for name in names {
        if fields.iter().any(|f: &Field| f.name() == name) {
            continue;
        }
        let a = column(u, rows, 0)?;
        fields.push(Field::new(name, a.data_type().clone(), true));
        arrays.push(a);
    }
    RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays)
        .map_err(|_| arbitrary::Error::IncorrectFormat)
}

static ENGINE: std::sync::LazyLock<plaudit::Engine> =
    std::sync::LazyLock::new(plaudit::Engine::default);

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(rows) = u.int_in_range(0..=6usize) else {
        return;
    };
    let Ok(advocates) = table(&mut u, rows, &["id", "customer_since", "health_score"]) else {
        return;
    };
    let mut tables = plaudit_arrow::Tables {
        advocates: vec![advocates],
        ..Default::default()
    };
    if let Ok(which) = u.int_in_range(0..=4u8) {
        let long_rows = u.int_in_range(0..=6usize).unwrap_or(0);
        if let Ok(t) = table(&mut u, long_rows, &["advocate_id"]) {
            let slot = match which {
                0 => &mut tables.activities,
                1 => &mut tables.engagements,
                2 => &mut tables.consents,
                3 => &mut tables.disruptions,
                _ => &mut None,
            };
            *slot = Some(vec![t]);
        }
    }
    let opts = plaudit_arrow::Options {
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap_or_default(),
        ignore_unknown_ids: u.arbitrary().unwrap_or(false),
        threads: 1,
        shares: u.arbitrary().unwrap_or(false),
    };
    let n: usize = tables.advocates.iter().map(|b| b.num_rows()).sum();
    match plaudit_arrow::evaluate(&ENGINE, &tables, &opts) {
        Ok(batches) => {
            assert_eq!(batches.iter().map(|b| b.num_rows()).sum::<usize>(), n);
            let records = plaudit_arrow::records(&tables, &opts);
            assert!(records.is_ok_and(|r| r.len() == n));
        }
        Err(e) => {
            assert!(!e.errors.is_empty() && e.errors.len() <= plaudit::MAX_REPORTED_ERRORS);
            assert!(plaudit_arrow::records(&tables, &opts).is_err());
        }
    }
});
