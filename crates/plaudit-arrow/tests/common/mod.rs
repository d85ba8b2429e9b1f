//! Arrow tables from advocate records, built through arrow-json from the records' JSON (so
//! the tables hold exactly what the JSON door reads): the long shape (an advocates table and
//! one table per history, rows shuffled) and the nested shape (one table, list columns).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;

use arrow_array::RecordBatch;
use serde_json::{Map, Value, json};

/// Rows of JSON objects as one record batch (schema inferred); `None` without rows.
pub fn batch(rows: &[Value]) -> Option<Vec<RecordBatch>> {
    if rows.is_empty() {
        return None;
    }
    let schema = arrow_json::reader::infer_json_schema_from_iterator(rows.iter().map(Ok)).unwrap();
    let mut decoder = arrow_json::ReaderBuilder::new(Arc::new(schema))
        .build_decoder()
        .unwrap();
    decoder.serialize(rows).unwrap();
    Some(vec![decoder.flush().unwrap().unwrap()])
}

/// A deterministic shuffle (xorshift), as a CRM export orders rows by date or row id.
pub fn shuffle<T>(v: &mut [T], seed: u64) {
    let mut x = seed | 1;
    for i in (1..v.len()).rev() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        v.swap(i, (x % (i as u64 + 1)) as usize);
    }
}

/// The nested shape: the advocates' JSON objects as they are.
pub fn nested(records: &[Value]) -> plaudit_arrow::Tables {
    plaudit_arrow::Tables {
        advocates: batch(records).unwrap_or_default(),
        ..Default::default()
    }
}

/// The long shape, long rows shuffled with `seed`.
pub fn long(records: &[Value], seed: u64) -> plaudit_arrow::Tables {
    let mut advocates = Vec::new();
    let (mut act, mut eng, mut con, mut dis) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for r in records {
        let mut a: Map<String, Value> = r.as_object().cloned().unwrap_or_default();
        let id = a.get("id").cloned().unwrap_or(Value::Null);
        let take = |a: &mut Map<String, Value>, k: &str| match a.remove(k) {
            Some(Value::Array(v)) => v,
            _ => Vec::new(),
        };
        for x in take(&mut a, "activities") {
            let mut x = x.as_object().cloned().unwrap_or_default();
            if let Some(Value::Object(inc)) = x.remove("incentive") {
                for (k, v) in inc {
                    x.insert(format!("incentive_{k}"), v);
                }
            }
            x.insert("advocate_id".into(), id.clone());
            act.push(Value::Object(x));
        }
        for d in take(&mut a, "engagements") {
            eng.push(json!({"advocate_id": id, "date": d}));
        }
        for (rows, name) in [(&mut con, "consents"), (&mut dis, "disruptions")] {
            for x in take(&mut a, name) {
                let mut x = x.as_object().cloned().unwrap_or_default();
                x.insert("advocate_id".into(), id.clone());
                rows.push(Value::Object(x));
            }
        }
        if let Some(Value::Object(p)) = a.remove("preferences") {
            for (k, v) in p {
                let name = if k == "reference_frequency" {
                    k
                } else {
                    format!("preferences_{k}")
                };
                a.insert(name, v);
            }
        }
        advocates.push(Value::Object(a));
    }
    for (k, rows) in [&mut act, &mut eng, &mut con, &mut dis]
        .into_iter()
        .enumerate()
    {
        shuffle(rows, seed.wrapping_add(k as u64));
    }
    plaudit_arrow::Tables {
        advocates: batch(&advocates).unwrap_or_default(),
        activities: batch(&act),
        engagements: batch(&eng),
        consents: batch(&con),
        disruptions: batch(&dis),
    }
}

/// A record with its history lists in a canonical order (long rows may come in any order).
pub fn canonical(a: &plaudit::Advocate) -> Value {
    let mut v = serde_json::to_value(a).unwrap();
    for k in ["activities", "engagements", "consents", "disruptions"] {
        if let Some(Value::Array(list)) = v.get_mut(k) {
            list.sort_by_key(|x| x.to_string());
        }
    }
    v
}

/// Options for a run as of `as_of`.
pub fn options(as_of: chrono::NaiveDate) -> plaudit_arrow::Options {
    plaudit_arrow::Options {
        as_of,
        ignore_unknown_ids: false,
        threads: 2,
        shares: false,
    }
}

/// The date the synthetic advocates are generated for and decided on.
pub fn as_of() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()
}

/// `n` synthetic advocates (the generator's, seeded) as JSON records.
pub fn synth(n: usize, seed: u64) -> Vec<Value> {
    let config = plaudit_synth::SynthConfig::new(n, seed, as_of());
    plaudit_synth::advocates(&config)
        .map(|a| serde_json::to_value(a).unwrap())
        .collect()
}
