//! A nested table decided part by part (`plaudit_arrow::Stream`, and `evaluate` of a chunked
//! nested table) says what the same table read whole says: the same decisions in the same
//! order, and the same problems, named by their row in the whole table.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::sync::Arc;

use arrow_array::{ArrayRef, Date32Array, Float64Array, Int64Array, RecordBatch, StringArray};
use arrow_schema::{Field, Schema};
use serde_json::json;

use common::{as_of, nested, options, synth};

fn one_batch(batches: &[RecordBatch]) -> RecordBatch {
    arrow_select::concat::concat_batches(&batches[0].schema(), batches).unwrap()
}

/// The one batch of `table` cut into chunks of `size` rows (zero-copy slices).
fn chunks(whole: &RecordBatch, size: usize) -> Vec<RecordBatch> {
    (0..whole.num_rows())
        .step_by(size)
        .map(|at| whole.slice(at, size.min(whole.num_rows() - at)))
        .collect()
}

/// Decides `batches` in parts of `per_part` batches through a `Stream`.
fn streamed(
    batches: &[RecordBatch],
    per_part: usize,
) -> Result<Vec<RecordBatch>, plaudit::RecordError> {
    let engine = plaudit::Engine::default();
    let mut stream = plaudit_arrow::Stream::new(&engine, &options(as_of()));
    let mut out = Vec::new();
    for part in batches.chunks(per_part) {
        if let Some(decided) = stream.evaluate(part) {
            out.extend(decided);
        }
    }
    assert_eq!(
        stream.rows(),
        batches.iter().map(|b| b.num_rows()).sum::<usize>()
    );
    stream.finish().map(|()| out)
}

fn whole(batch: &RecordBatch) -> Result<Vec<RecordBatch>, plaudit::RecordError> {
    let engine = plaudit::Engine::default();
    let tables = plaudit_arrow::Tables {
        advocates: vec![batch.clone()],
        ..Default::default()
    };
    plaudit_arrow::evaluate(&engine, &tables, &options(as_of()))
}

/// Every problem as (code, path, message), in a canonical order.
fn problems(e: plaudit::RecordError) -> Vec<(String, String, String)> {
    let mut v: Vec<_> = e
        .errors
        .into_iter()
        .map(|f| (f.code.as_str().to_owned(), f.path, f.message))
        .collect();
    v.sort();
    v
}

#[test]
fn a_valid_table_decides_alike_in_any_parts() {
    let table = &nested(&synth(600, 5)).advocates[0];
    let expected = one_batch(&whole(table).unwrap());
    assert_eq!(expected.num_rows(), 600);
    for (size, per_part) in [(50, 1), (50, 3), (7, 10), (599, 1), (600, 1)] {
        let got = streamed(&chunks(table, size), per_part).unwrap();
        assert_eq!(
            one_batch(&got),
            expected,
            "chunks of {size}, {per_part} a part"
        );
    }
}

#[test]
fn problems_are_those_of_the_whole_table_named_by_their_row_in_it() {
    let mut records = synth(300, 9);
    records[130]["nps"] = json!(11); // a bad cell in the third chunk of 50
    records[30]["nps"] = json!(12); // and one in the first
    let id10 = records[10]["id"].clone();
    records[260]["id"] = id10.clone(); // an id of the first chunk again in the sixth
    records[270]["id"] = id10; // and again, twice in that part
    let id_b = records[60]["id"].clone();
    records[61]["id"] = id_b; // a duplicate within one chunk
    let table = &nested(&records).advocates[0];
    let expected = problems(whole(table).unwrap_err());
    let mut paths: Vec<&str> = expected.iter().map(|p| p.1.as_str()).collect();
    paths.sort_unstable();
    assert_eq!(
        paths,
        [
            "advocates[130].nps",
            "advocates[260].id",
            "advocates[270].id",
            "advocates[30].nps",
            "advocates[61].id"
        ]
    );
    // Both later rows of an id are duplicates of its first row, as the whole table says.
    assert!(
        expected
            .iter()
            .filter(|p| p.0 == "duplicate_id" && p.1 != "advocates[61].id")
            .all(|p| p.2.ends_with("advocates[10]"))
    );
    for (size, per_part) in [(50, 1), (50, 2), (13, 5), (100, 3)] {
        let got = problems(streamed(&chunks(table, size), per_part).unwrap_err());
        assert_eq!(got, expected, "chunks of {size}, {per_part} a part");
    }
    // The other side: the same table without the broken cells and ids decides.
    let fixed = &nested(&synth(300, 9)).advocates[0];
    let decided = streamed(&chunks(fixed, 50), 1).unwrap();
    assert_eq!(one_batch(&decided), one_batch(&whole(fixed).unwrap()));
}

#[test]
fn a_column_of_the_wrong_type_is_said_once_not_once_per_part() {
    let n = 120;
    let cols: Vec<(&str, ArrayRef)> = vec![
        (
            "id",
            Arc::new(StringArray::from(
                (0..n).map(|i| format!("a{i}")).collect::<Vec<_>>(),
            )),
        ),
        (
            "customer_since",
            Arc::new(Date32Array::from(vec![18_000; n])),
        ),
        ("health_score", Arc::new(Float64Array::from(vec![90.0; n]))),
        // `languages` must be a list of texts.
        ("languages", Arc::new(Int64Array::from(vec![1; n]))),
    ];
    let schema = Schema::new(
        cols.iter()
            .map(|(c, a)| Field::new(*c, a.data_type().clone(), true))
            .collect::<Vec<_>>(),
    );
    let table =
        RecordBatch::try_new(Arc::new(schema), cols.into_iter().map(|(_, a)| a).collect()).unwrap();
    let expected = problems(whole(&table).unwrap_err());
    assert_eq!(expected.len(), 1, "{expected:?}");
    assert_eq!(
        problems(streamed(&chunks(&table, 10), 1).unwrap_err()),
        expected
    );
}

/// A chunked nested table given to `evaluate` is decided in parts of `PART_ROWS` (never
/// copied whole): decisions and problems as when it is one batch.
#[test]
fn evaluate_decides_a_chunked_table_in_parts_as_it_decides_it_whole() {
    let n = plaudit_arrow::stream::PART_ROWS * 2 + 1_000;
    let ids: Vec<String> = (0..n).map(|i| format!("adv-{i:06}")).collect();
    let make = |ids: &[String]| {
        let cols: Vec<(&str, ArrayRef)> = vec![
            ("id", Arc::new(StringArray::from(ids.to_vec()))),
            (
                "customer_since",
                Arc::new(Date32Array::from(
                    (0..n)
                        .map(|i| 17_000 + (i % 3_000) as i32)
                        .collect::<Vec<_>>(),
                )),
            ),
            (
                "health_score",
                Arc::new(Float64Array::from(
                    (0..n).map(|i| (i % 101) as f64).collect::<Vec<_>>(),
                )),
            ),
            (
                "nps",
                Arc::new(Int64Array::from(
                    (0..n).map(|i| (i % 11) as i64).collect::<Vec<_>>(),
                )),
            ),
        ];
        let schema = Schema::new(
            cols.iter()
                .map(|(c, a)| Field::new(*c, a.data_type().clone(), true))
                .collect::<Vec<_>>(),
        );
        RecordBatch::try_new(Arc::new(schema), cols.into_iter().map(|(_, a)| a).collect()).unwrap()
    };
    let engine = plaudit::Engine::default();
    let opts = options(as_of());
    let run = |b: Vec<RecordBatch>| {
        let tables = plaudit_arrow::Tables {
            advocates: b,
            ..Default::default()
        };
        plaudit_arrow::evaluate(&engine, &tables, &opts)
    };
    let table = make(&ids);
    let expected = one_batch(&run(vec![table.clone()]).unwrap());
    let got = run(chunks(&table, 10_000)).unwrap();
    assert_eq!(one_batch(&got), expected);

    // An id of the first part again in the last: the duplicate the whole table reports.
    let mut twice = ids.clone();
    twice[n - 1] = ids[5].clone();
    let table = make(&twice);
    let expected = problems(run(vec![table.clone()]).unwrap_err());
    assert_eq!(expected[0].1, format!("advocates[{}].id", n - 1));
    assert_eq!(problems(run(chunks(&table, 10_000)).unwrap_err()), expected);
}
