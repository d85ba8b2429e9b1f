//! Any text parses as an advocate or gives errors with paths (never more than the reported
//! limit); a parsed advocate evaluates, and checks every kind, without panicking on any date.
//! Input: two bytes of date offset, then the JSON text.
#![no_main]
use libfuzzer_sys::fuzz_target;

/// Built once: building an engine (defaults and fingerprint) costs more than most calls.
static ENGINE: std::sync::LazyLock<plaudit::Engine> = std::sync::LazyLock::new(plaudit::Engine::default);
use plaudit::check::Ask;

fuzz_target!(|data: &[u8]| {
    let (offset, text) = match data {
        [a, b, rest @ ..] => (i16::from_le_bytes([*a, *b]), rest),
        _ => (0, data),
    };
    let Ok(text) = std::str::from_utf8(text) else { return };
    match plaudit::parse_advocate(text) {
        Ok(a) => {
            let engine = &*ENGINE;
            let base = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
            let as_of = base + chrono::Duration::days(i64::from(offset));
            let e = engine.evaluate(&a, as_of);
            assert_eq!(e.id, a.id);
            for &kind in plaudit::ActivityKind::ALL {
                let ask = Ask { kind, date: as_of, incentive: None, topic: None };
                let c = engine.check(&a, &ask, as_of);
                assert_eq!(c.allowed, c.reasons.is_empty());
            }
        }
        Err(e) => assert!(!e.errors.is_empty() && e.errors.len() <= plaudit::MAX_REPORTED_ERRORS),
    }
    let _ = plaudit::parse_advocates(text);
});
