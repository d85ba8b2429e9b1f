#!/usr/bin/env bash
# The synthetic data generator's suite: native tests (determinism, validity, distributions,
# CSV) and the same pinned output under WebAssembly, installing what it needs first.
# Usage: scripts/test-synth.sh
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "synth: native tests (unit, integration, doc)"
cargo test --locked -p plaudit-synth

step "synth: the same bytes under wasm32"
rustup target list --installed 2>/dev/null | grep -q '^wasm32-unknown-unknown$' \
  || rustup target add wasm32-unknown-unknown
# wasm-bindgen-test-runner must match the wasm-bindgen version in Cargo.lock.
wbg=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/[^0-9.]/, ""); print; exit}' Cargo.lock)
tools=""
for dir in "/opt/plaudit-tools/wasm-bindgen-$wbg/bin" "${XDG_CACHE_HOME:-$HOME/.cache}/plaudit-tools/wasm-bindgen-$wbg/bin"; do
  if [[ -x "$dir/wasm-bindgen-test-runner" ]]; then tools=$dir; break; fi
done
if [[ -z "$tools" ]]; then
  root="${XDG_CACHE_HOME:-$HOME/.cache}/plaudit-tools/wasm-bindgen-$wbg"
  cargo install wasm-bindgen-cli --version "=$wbg" --root "$root"
  tools="$root/bin"
fi
command -v node >/dev/null || { echo "node is needed to run wasm tests" >&2; exit 2; }
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER="$tools/wasm-bindgen-test-runner" \
  cargo test --locked -p plaudit-synth --target wasm32-unknown-unknown --test wasm
