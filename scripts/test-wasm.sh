#!/usr/bin/env bash
# The WebAssembly suite: builds the package (bindings/wasm/build.sh), then runs the Node
# tests (shared vectors, errors, API, TypeScript types, the README's code blocks, and the npm
# tarball installed into a scratch project and imported from ESM, require, TypeScript and an
# esbuild bundle in Chromium), the request form's tests (logic, and the page in headless
# Chromium, screenshots in test-output/request-form/), and the program report's HTML page in
# headless Chromium (screenshots target/report*.png).
# Installs what is missing first: Node (apt), Chromium (apt), the wasm32 target, the pinned
# wasm-bindgen CLI and the npm packages. Idempotent; a rerun with nothing changed takes
# seconds plus the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; elif command -v sudo >/dev/null; then sudo -n "$@"; else
    echo "need root to run: $*" >&2; return 1
  fi
}

apt_updated=""
apt_install() {
  command -v apt-get >/dev/null || { echo "missing $*, and no apt-get to install it" >&2; exit 2; }
  if [[ -z "$apt_updated" ]]; then as_root apt-get update -qq; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

# npm ci when node_modules is missing or older than the lock file.
npm_deps() {
  local dir="$1"
  if [[ ! -d "$dir/node_modules" || "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]]; then
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

step "wasm: tools"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  apt_install nodejs npm
fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
if (( node_major < 20 )); then
  echo "Node >= 20 is needed (found $(node --version))" >&2
  exit 2
fi
chromium="${PLAUDIT_CHROMIUM:-/usr/bin/chromium}"
if [[ ! -x "$chromium" ]]; then
  apt_install chromium
fi
npm_deps bindings/wasm
npm_deps examples/request-form
echo "node $(node --version), $("$chromium" --version 2>/dev/null || echo chromium)"

step "wasm: build the package"
bindings/wasm/build.sh

step "wasm: clippy on the browser build's features (the workspace run covers the default)"
cargo clippy --locked --quiet -p plaudit-wasm --no-default-features -- -D warnings

step "wasm: fixtures agree with the native core"
cargo test --locked --quiet -p plaudit-wasm --test fixtures

step "wasm: the every-door differential test's cases and the Rust door's answers (tests/doors/)"
cargo build --locked --quiet -p plaudit-cli
doors="$(mktemp -d)"
trap 'rm -rf "$doors"' EXIT
python3 tests/doors/make_cases.py "$doors" --plaudit "$root/target/debug/plaudit"
cargo run --locked --quiet -p plaudit --example doors -- "$doors"

step "wasm: Node tests (vectors, errors, API, TypeScript, README, npm package, every door)"
(cd bindings/wasm && PLAUDIT_CHROMIUM="$chromium" PLAUDIT_DOORS="$doors" \
  PLAUDIT_BIN="$root/target/debug/plaudit" node --test tests/)

step "wasm: request form (logic, and the page in headless Chromium)"
(cd examples/request-form && PLAUDIT_CHROMIUM="$chromium" node --test tests/)
echo "screenshots: $root/test-output/request-form/"

step "program report: the HTML page in headless Chromium against plaudit measure --format json"
cargo build --locked --quiet -p plaudit-cli
PLAUDIT_CHROMIUM="$chromium" PLAUDIT_BIN="$root/target/debug/plaudit" \
  node --test crates/plaudit-cli/tests/report-chromium.mjs
echo "screenshots: $root/target/report.png, $root/target/report-phone.png"
