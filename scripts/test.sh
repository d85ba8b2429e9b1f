#!/usr/bin/env bash
# Runs every test suite Plaudit has, installing whatever is missing first.
# Usage: scripts/test.sh            (everything)
#        PLAUDIT_SKIP=python,wasm scripts/test.sh   (skip suites by name)
set -euo pipefail
cd "$(dirname "$0")/.."

skip() { [[ ",${PLAUDIT_SKIP:-}," == *",$1,"* ]]; }
step() {
  printf '\n\033[1m== %s\033[0m  (%s, %ss in, %s disk free)\n' "$*" "$(date +%T)" "$SECONDS" \
    "$(df -h --output=avail . 2>/dev/null | tail -1 | tr -d ' ')"
}

step "toolchain"
if ! command -v cargo >/dev/null; then
  echo "cargo not found: install Rust from https://rustup.rs" >&2
  exit 2
fi
if command -v rustup >/dev/null; then
  rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt
  rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy
fi
cargo --version

step "rust: format"
cargo fmt --all --check

step "rust: clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "rust: the core alone, without its optional features (schemars, toml, fast-json)"
cargo check -p plaudit --no-default-features --locked
step "rust: tests (unit, integration, property, doc)"
cargo test --workspace --locked

step "rust: main job runs (plaudit demo) and the example"
cargo run --locked --quiet -p plaudit-cli -- demo --color never >/dev/null
cargo run --locked --quiet --example roster >/dev/null

if ! skip synth; then
  step "synthetic data generator (native and wasm determinism)"
  scripts/test-synth.sh
fi

if ! skip python && [[ -x scripts/test-python.sh ]]; then
  step "python binding"
  scripts/test-python.sh
fi

if ! skip wasm; then
  step "wasm binding, Node and browser"
  scripts/test-wasm.sh
fi

if ! skip fuzz && [[ -x scripts/fuzz-smoke.sh ]]; then
  step "fuzz smoke"
  scripts/fuzz-smoke.sh
fi

echo
echo "all suites passed"
