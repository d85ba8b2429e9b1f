//! The same pinned output under WebAssembly: the data is identical on x86 and wasm.
//!
//! `cargo test -p plaudit-synth --target wasm32-unknown-unknown --test wasm` with
//! `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner` (see
//! `scripts/test-synth.sh`). Native builds run `tests/synth.rs`, which pins the same digests.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use plaudit_synth::{SynthConfig, requests, write_jsonl, write_opportunities_jsonl};
use wasm_bindgen_test::wasm_bindgen_test;

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[wasm_bindgen_test]
fn output_matches_the_native_digest() {
    let c = SynthConfig {
        advocates: 300,
        seed: 2026,
        ..SynthConfig::default()
    };
    let mut out = Vec::new();
    write_jsonl(&c, &mut out).unwrap();
    assert_eq!(format!("{:016x}", fnv(&out)), "3c83bb92b9d031f1");
    let r = serde_json::to_vec(&requests(&c, 20)).unwrap();
    assert_eq!(format!("{:016x}", fnv(&r)), "0dad60fa1b198657");
    let c = SynthConfig {
        opportunities: 400,
        ..c
    };
    let mut out = Vec::new();
    write_opportunities_jsonl(&c, &mut out).unwrap();
    assert_eq!(format!("{:016x}", fnv(&out)), "32edfc0966eef84c");
}
