//! Published documents that are generated from the code stay current.
//! Regenerate with `PLAUDIT_BLESS=1 cargo test -p plaudit --test docs`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

fn repo_file(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(rel)
}

fn check_or_bless(rel: &str, expected: &str) {
    let path = repo_file(rel);
    if std::env::var_os("PLAUDIT_BLESS").is_some() {
        std::fs::write(&path, expected).unwrap();
        return;
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "{rel} is out of date; run `PLAUDIT_BLESS=1 cargo test -p plaudit --test docs`"
    );
}

#[test]
fn reason_table_is_current() {
    let doc = format!(
        "# Reason codes\n\nEvery decision Plaudit makes is explained with these codes. The strings are \
stable: a code never changes meaning and new codes are only added. Lists of codes are sorted in \
byte order ([rules.md, *Sorted reasons*](rules.md#sorted-reasons)); every rule behind a code is in \
[rules.md](rules.md). *Exclusion* codes block an ask or exclude an advocate, *warning* codes \
inform, *disclosure* codes must be shown with the activity.\n\n{}",
        plaudit::Reason::table_markdown()
    );
    check_or_bless("docs/reasons.md", &doc);
}

#[cfg(feature = "schema")]
#[test]
fn policy_schema_is_current() {
    let schema = serde_json::to_string_pretty(&plaudit::Policy::json_schema()).unwrap() + "\n";
    check_or_bless("docs/policy.schema.json", &schema);
}
