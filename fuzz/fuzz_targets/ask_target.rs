//! Any text read as an ask (for `check`) or as coverage targets gives a value or every
//! problem with a path (never more than the reported limit, never a panic); a valid ask checks
//! a fixed advocate and valid targets cover a small roster. Input: one selector byte, two
//! bytes of date offset, then the JSON text.
#![no_main]
use libfuzzer_sys::fuzz_target;

static ENGINE: std::sync::LazyLock<plaudit::Engine> =
    std::sync::LazyLock::new(plaudit::Engine::default);
static ROSTER: std::sync::LazyLock<Option<plaudit::Roster>> = std::sync::LazyLock::new(|| {
    plaudit::Roster::from_json(
        r#"[{"id": "a", "account_id": "x", "industry": "retail", "country": "US",
             "customer_since": "2020-01-01", "health_score": 90, "nps": 10,
             "has_measurable_outcome": true, "products": ["analytics"],
             "disruptions": [{"kind": "escalation", "from": "2026-01-10", "to": "2026-01-20"}]},
            {"id": "b", "account_id": "x", "customer_since": "2024-06-01", "health_score": 60,
             "erasure_requested": true}]"#,
    )
    .ok()
});

fn bounded(e: &plaudit::RecordError) {
    assert!(!e.errors.is_empty() && e.errors.len() <= plaudit::MAX_REPORTED_ERRORS);
}

fuzz_target!(|data: &[u8]| {
    let (which, offset, text) = match data {
        [w, a, b, rest @ ..] => (*w, i16::from_le_bytes([*a, *b]), rest),
        _ => return,
    };
    let Ok(text) = std::str::from_utf8(text) else {
        return;
    };
    let base = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
    let as_of = base + chrono::Duration::days(i64::from(offset));
    let Some(roster) = ROSTER.as_ref() else {
        return;
    };
    if which % 2 == 0 {
        match plaudit::parse_ask(text, "ask") {
            Ok(ask) => {
                // Whatever passes the reader is a valid ask: its incentive is checked.
                let mut problems = Vec::new();
                ask.validate_into("ask", &mut problems);
                assert!(problems.is_empty());
                for a in roster.advocates() {
                    let c = ENGINE.check(a, &ask, as_of);
                    assert_eq!(c.allowed, c.reasons.is_empty());
                    if a.erasure_requested {
                        assert_eq!(c.reasons.to_vec(), vec![plaudit::Reason::Erased]);
                    }
                }
            }
            Err(e) => {
                bounded(&e);
                assert!(e.errors.iter().all(|x| x.path.starts_with("ask")));
            }
        }
    } else {
        match plaudit::parse_json::<Vec<plaudit::CoverageTarget>>(text, "targets") {
            Ok(targets) => {
                let p = ENGINE.coverage(roster, &targets, as_of);
                assert_eq!(p.coverage.len(), targets.len());
                for c in &p.coverage {
                    assert!(c.available <= c.in_segment);
                    assert_eq!(c.gap, c.target.needed.saturating_sub(c.available));
                }
            }
            Err(e) => {
                bounded(&e);
                assert!(e.errors.iter().all(|x| x.path.starts_with("targets")));
            }
        }
    }
});
