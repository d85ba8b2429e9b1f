//! Any JSON the form may send validates without panicking, and `ok` means no errors.
#![no_main]
use libfuzzer_sys::fuzz_target;

/// Built once: building an engine (defaults and fingerprint) costs more than most calls.
static ENGINE: std::sync::LazyLock<plaudit::Engine> = std::sync::LazyLock::new(plaudit::Engine::default);

fuzz_target!(|text: &str| {
    if let Ok(v) = serde_json::from_str::<serde_json::Value>(text) {
        let r = ENGINE.validate_request(&v);
        assert_eq!(r.ok, r.errors.is_empty());
    }
    let _ = plaudit::parse_request(text);
});
