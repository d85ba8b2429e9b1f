//! Records written as Arrow batches (either shape, in chunks) read back as the same records.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use plaudit_arrow::encode::{Encoder, Shape};
use plaudit_arrow::{Options, Tables};

fn opts() -> Options {
    Options {
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
        ignore_unknown_ids: false,
        threads: 2,
        shares: false,
    }
}

/// The advocates in chunks of `chunk`, each chunk's batches appended to one set of tables.
fn encoded(advocates: &[plaudit::Advocate], shape: Shape, chunk: usize) -> Tables {
    let mut enc = Encoder::new(shape);
    let mut all = Tables::default();
    for part in advocates.chunks(chunk) {
        part.iter().for_each(|a| enc.push(a));
        assert_eq!(enc.len(), part.len());
        let t = enc.finish().unwrap();
        assert!(enc.is_empty());
        all.advocates.extend(t.advocates);
        for (dst, src) in [
            (&mut all.activities, t.activities),
            (&mut all.engagements, t.engagements),
            (&mut all.consents, t.consents),
            (&mut all.disruptions, t.disruptions),
        ] {
            if let Some(b) = src {
                dst.get_or_insert_with(Vec::new).extend(b);
            }
        }
    }
    all
}

#[test]
fn both_shapes_read_back_as_the_records_written() {
    for seed in [1, 7] {
        let config = plaudit_synth::SynthConfig {
            advocates: 700,
            seed,
            ..Default::default()
        };
        let mut expected: Vec<plaudit::Advocate> = plaudit_synth::advocates(&config).collect();
        // Outreach variants (the generator leaves them out) on every third activity.
        for (k, x) in expected
            .iter_mut()
            .flat_map(|a| &mut a.activities)
            .enumerate()
        {
            x.variant = (k % 3 == 0).then(|| format!("v{}", k % 2));
        }
        assert!(
            expected
                .iter()
                .any(|a| a.activities.iter().any(|x| x.variant.is_some()))
        );
        expected.iter_mut().for_each(plaudit::Advocate::normalize);
        for shape in [Shape::Long, Shape::Nested] {
            for chunk in [1, 64, 700] {
                let tables = encoded(&expected, shape, chunk);
                let back = plaudit_arrow::records(&tables, &opts()).unwrap();
                assert!(
                    back == expected,
                    "{shape:?} in chunks of {chunk}, seed {seed}"
                );
            }
        }
    }
}

#[test]
fn the_nested_shape_has_one_row_per_advocate_and_list_columns() {
    let config = plaudit_synth::SynthConfig {
        advocates: 10,
        ..Default::default()
    };
    let mut enc = Encoder::new(Shape::Nested);
    plaudit_synth::advocates(&config).for_each(|a| enc.push(&a));
    let t = enc.finish().unwrap();
    assert!(t.activities.is_none() && t.engagements.is_none());
    let b = &t.advocates[0];
    assert_eq!(b.num_rows(), 10);
    for name in ["activities", "engagements", "consents", "disruptions"] {
        let field = b.schema().field_with_name(name).unwrap().clone();
        assert!(
            matches!(field.data_type(), arrow_schema::DataType::List(_)),
            "{name}: {field:?}"
        );
    }
    // An empty chunk still carries every column.
    let empty = enc.finish().unwrap();
    assert_eq!(empty.advocates[0].num_rows(), 0);
    assert_eq!(empty.advocates[0].schema(), b.schema());
}
