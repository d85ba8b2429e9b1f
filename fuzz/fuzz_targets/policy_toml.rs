//! Any text loads as a policy or gives located errors; a loaded policy builds an engine or
//! gives errors; never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    match plaudit::Policy::from_toml(text) {
        Ok(p) => {
            let fp = p.fingerprint();
            assert!(fp.starts_with("sha256:"));
            let _ = plaudit::Engine::new(p);
        }
        Err(e) => assert!(!e.errors.is_empty()),
    }
});
