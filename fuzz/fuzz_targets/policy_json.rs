//! Any text loads as a JSON policy or gives errors; loading is stable under a round trip.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(p) = plaudit::Policy::from_json(text) {
        let again = plaudit::Policy::from_json(&p.canonical_json());
        if let Ok(q) = again {
            assert_eq!(p.fingerprint(), q.fingerprint());
        }
    }
});
