//! The child files written shuffled hold the same rows as grouped by advocate, in another
//! order, the same order for the same seed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use plaudit_synth::{CSV_FILES, RowOrder, SynthConfig, write_csv_dir_ordered};

fn write(config: &SynthConfig, order: RowOrder, tag: &str) -> Vec<String> {
    let dir =
        std::env::temp_dir().join(format!("plaudit-synth-order-{}-{tag}", std::process::id()));
    write_csv_dir_ordered(config, &dir, order).unwrap();
    let files = CSV_FILES
        .iter()
        .map(|f| std::fs::read_to_string(dir.join(f)).unwrap())
        .collect();
    std::fs::remove_dir_all(&dir).unwrap();
    files
}

fn sorted(text: &str) -> Vec<&str> {
    let mut lines: Vec<&str> = text.lines().collect();
    lines[1..].sort_unstable();
    lines
}

#[test]
fn shuffled_child_rows_are_the_grouped_rows_in_a_seeded_order() {
    let config = SynthConfig {
        advocates: 300,
        seed: 5,
        ..SynthConfig::default()
    };
    let grouped = write(&config, RowOrder::ByAdvocate, "g");
    let shuffled = write(&config, RowOrder::Shuffled, "s1");
    let again = write(&config, RowOrder::Shuffled, "s2");
    assert_eq!(shuffled, again, "same seed, same order");
    // The advocates file keeps its order; every child file holds the same rows.
    assert_eq!(shuffled[0], grouped[0]);
    for k in 1..4 {
        assert_eq!(
            sorted(&shuffled[k]),
            sorted(&grouped[k]),
            "{}",
            CSV_FILES[k]
        );
        assert_ne!(shuffled[k], grouped[k], "{} is shuffled", CSV_FILES[k]);
        let first = |t: &str| t.lines().next().map(str::to_owned);
        assert_eq!(first(&shuffled[k]), first(&grouped[k]), "header first");
    }
    let other = write(&SynthConfig { seed: 6, ..config }, RowOrder::Shuffled, "o");
    assert_ne!(other[2], shuffled[2]);
}
