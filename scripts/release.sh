#!/usr/bin/env bash
# Builds every release artefact into dist/ and checks each one as a user would get it:
#
#   dist/plaudit-<version>-cp310-abi3-<platform>.whl   Python wheel (release profile, abi3: CPython 3.10+)
#   dist/plaudit-<version>.tar.gz                      Python sdist (builds from source)
#   dist/plaudit-<version>.tgz                         npm package (web, bundler, Node ESM and CommonJS builds)
#   dist/plaudit-<version>-<target>                    the CLI binary
#   dist/plaudit-<version>-<target>.tar.gz             the CLI with its manual pages, completions, README and LICENSE
#   dist/SHA256SUMS
#
# Checks: the wheel and the sdist are each installed into a fresh virtual environment (the
# sdist compiles there, through pip's build isolation) and the Python README's examples run
# against it; the npm tarball is installed into a scratch project and imported from ESM,
# require, TypeScript and an esbuild bundle in Chromium (bindings/wasm/tests/package.test.mjs);
# the CLI binary prints its version and runs its README's examples.
#
# Not part of scripts/test.sh: it compiles the Rust code three more times with release
# settings (CLI, wheel, sdist; the wasm builds are reused when current). Measured on the
# shared 2-core machine (load average ~12, 2026-12-06): 2,504 s in all, the CLI 612 s, the
# wheel 671 s, the sdist 1,180 s (compiled from scratch in pip's isolated build), npm 40 s
# (the wasm builds were current; from nothing build.sh takes ~20 min more). Needs Rust, Python 3.10+, Node >= 20 and network access to PyPI
# (pyarrow, maturin) and npm (dev tools), like the test scripts.
#
#   scripts/release.sh
#   PLAUDIT_RELEASE_SKIP=sdist scripts/release.sh   # skip steps: cli, wheel, sdist, npm
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

step() { printf '\n\033[1m== %s\033[0m (%ss)\n' "$*" "$SECONDS" >&2; }
skip() { [[ ",${PLAUDIT_RELEASE_SKIP:-}," == *",$1,"* ]]; }
fail() { echo "release: $*" >&2; exit 1; }

version="$(awk '/^\[workspace.package\]/ { s = 1 } s && /^version *=/ { gsub(/"/, "", $3); print $3; exit }' Cargo.toml)"
[[ -n "$version" ]] || fail "no [workspace.package] version in Cargo.toml"
host="$(rustc -vV | awk '/^host:/ { print $2 }')"
dist="$root/dist"
work="$(mktemp -d "${TMPDIR:-/tmp}/plaudit-release.XXXXXX")"
trap 'rm -rf "$work"' EXIT
rm -rf "$dist"
mkdir -p "$dist"
python="${PYTHON:-python3}"
echo "release: plaudit $version for $host into $dist" >&2

# A fresh virtual environment under the scratch folder.
venv() {
  "$python" -m venv "$work/$1"
  "$work/$1/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
}

# The Python README's examples (bindings/python/tests/test_readme.py) against an installed
# package, from outside the source tree so only the installed copy can be imported.
python_check() {
  local env="$1"
  "$work/$env/bin/python" -m pip install -q --disable-pip-version-check pytest
  mkdir -p "$work/$env-check"
  cp bindings/python/README.md "$work/$env-check/README.md"
  mkdir -p "$work/$env-check/tests"
  cp bindings/python/tests/test_readme.py "$work/$env-check/tests/"
  (cd "$work/$env-check" && "$work/$env/bin/python" -m pytest -q -p no:cacheprovider tests/test_readme.py)
  "$work/$env/bin/python" -c "import plaudit, pyarrow; assert plaudit.__file__.startswith('$work/$env'), plaudit.__file__"
}

if ! skip cli; then
  step "CLI: release build, --version, README examples"
  cargo build --locked --release -q -p plaudit-cli
  bin="$dist/plaudit-$version-$host"
  cp target/release/plaudit "$bin"
  [[ "$("$bin" --version)" == "plaudit $version" ]] || fail "the CLI says $("$bin" --version), not plaudit $version"
  # The README's examples, run by the release build of the same binary.
  cargo test --locked --release -q -p plaudit-cli --test readme
  pkg="$work/plaudit-$version-$host"
  mkdir -p "$pkg/completions"
  cp "$bin" "$pkg/plaudit"
  "$bin" man --dir "$pkg/man/man1"
  for shell in bash zsh fish elvish powershell; do "$bin" completions "$shell" >"$pkg/completions/plaudit.$shell"; done
  cp LICENSE crates/plaudit-cli/README.md "$pkg/"
  tar -C "$work" -czf "$bin.tar.gz" "plaudit-$version-$host"
fi

if ! skip wheel || ! skip sdist; then
  venv build
  "$work/build/bin/python" -m pip install -q --disable-pip-version-check 'maturin>=1.7,<2'
fi

if ! skip wheel; then
  step "Python: abi3 wheel (release), installed into a fresh venv"
  "$work/build/bin/maturin" build --release --locked -q -m bindings/python/Cargo.toml -o "$dist"
  wheel="$(ls "$dist"/plaudit-"$version"-cp310-abi3-*.whl)"
  venv wheel
  "$work/wheel/bin/python" -m pip install -q --disable-pip-version-check "$wheel"
  python_check wheel
fi

if ! skip sdist; then
  step "Python: sdist, built from source in a fresh venv"
  "$work/build/bin/maturin" sdist -m bindings/python/Cargo.toml -o "$dist"
  sdist="$dist/plaudit-$version.tar.gz"
  [[ -f "$sdist" ]] || fail "no $sdist"
  venv sdist
  # pip builds the sdist in isolation (maturin from PyPI); the cargo target folder is kept
  # between releases so a rerun does not compile everything again.
  CARGO_TARGET_DIR="$root/target/release-sdist" \
    "$work/sdist/bin/python" -m pip install -q --disable-pip-version-check "$sdist"
  python_check sdist
fi

if ! skip npm; then
  step "npm: build the four wasm builds, pack, install into a scratch project"
  bindings/wasm/build.sh
  (cd bindings/wasm && npm pack --silent --pack-destination "$dist" >/dev/null)
  tarball="$dist/plaudit-$version.tgz"
  [[ -f "$tarball" ]] || fail "no $tarball"
  (cd bindings/wasm && PLAUDIT_NPM_TARBALL="$tarball" node --test tests/package.test.mjs)
fi

step "checksums"
(cd "$dist" && sha256sum -- * >SHA256SUMS && cat SHA256SUMS)
echo "release: done in ${SECONDS}s" >&2
