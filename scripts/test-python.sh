#!/usr/bin/env bash
# The Python suite: builds the `plaudit` package (pyo3, maturin) into a virtual environment
# and runs its pytest suite (shared vectors, hypothesis properties, pandas / polars / pyarrow
# interop, errors, threads, the README's examples, and plaudit.spark / plaudit.dask against
# one process), then the type checks (stubtest and mypy --strict). Installs what is missing
# first. The release artefacts (optimized abi3 wheel, sdist) are built and checked by
# scripts/release.sh.
#
#   scripts/test-python.sh                 # build (dev profile: quick to compile) and test
#   PLAUDIT_VENV=/path scripts/test-python.sh   # another venv (default ~/.cache/plaudit-venv)
#   PLAUDIT_PY_PROFILE=release scripts/test-python.sh   # an optimized build (for bench/)
set -euo pipefail
cd "$(dirname "$0")/.."

venv="${PLAUDIT_VENV:-$HOME/.cache/plaudit-venv}"
python="${PYTHON:-python3}"

if [[ ! -x "$venv/bin/python" ]]; then
  if ! "$python" -m venv "$venv" 2>/dev/null; then
    if command -v apt-get >/dev/null; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv
    fi
    rm -rf "$venv"
    "$python" -m venv "$venv"
  fi
fi
py="$venv/bin/python"
need=()
for mod in maturin pytest hypothesis pyarrow pandas polars; do
  "$py" -c "import $mod" 2>/dev/null || need+=("$mod")
done
if [[ ${#need[@]} -gt 0 ]]; then
  "$py" -m pip install -q --disable-pip-version-check "${need[@]}"
fi

# plaudit.spark and plaudit.dask: PySpark 4 (a ~450 MB wheel: downloaded once into a cache
# outside the repository, installed from there), Dask, and a Java runtime for Spark's local
# mode. PLAUDIT_NO_SPARK=1 skips them (their tests then skip, saying why).
if [[ -z "${PLAUDIT_NO_SPARK:-}" ]]; then
  wheels="${PLAUDIT_WHEELS:-$HOME/.cache/plaudit-wheels}"
  for spec in "pyspark|pyspark>=4" "dask.dataframe|dask[dataframe]>=2024.12"; do
    mod="${spec%%|*}" req="${spec#*|}"
    if ! "$py" -c "import $mod" 2>/dev/null; then
      mkdir -p "$wheels"
      "$py" -m pip install -q --disable-pip-version-check --no-index --find-links "$wheels" "$req" 2>/dev/null || {
        "$py" -m pip download -q --disable-pip-version-check -d "$wheels" "$req"
        "$py" -m pip install -q --disable-pip-version-check --find-links "$wheels" "$req"
      }
    fi
  done
  if ! command -v java >/dev/null && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless
  fi
fi

# Build the wheel with the workspace's lock file and install it (no network build isolation).
# The suite needs no optimizer: a dev build compiles in half the time. For benchmarks,
# PLAUDIT_PY_PROFILE=release.
profile="${PLAUDIT_PY_PROFILE:-dev}"
rm -rf target/wheels/plaudit-*.whl
"$venv/bin/maturin" build --profile "$profile" --locked -q -m bindings/python/Cargo.toml -o target/wheels
"$py" -m pip install -q --disable-pip-version-check --force-reinstall --no-deps target/wheels/plaudit-*.whl

# The every-door differential test's cases and the Rust door's answers (tests/doors/).
doors="$(mktemp -d)"
trap 'rm -rf "$doors"' EXIT
cargo build --locked --quiet -p plaudit-cli
"$py" tests/doors/make_cases.py "$doors" --plaudit target/debug/plaudit >/dev/null
cargo run --locked --quiet -p plaudit --example doors -- "$doors"

PLAUDIT_DOORS="$doors" "$py" -m pytest -q bindings/python/tests

# The types a user's checker sees: the native module's stubs against the compiled module
# (mypy.stubtest: names, parameters, defaults; no allowlist is needed), and mypy --strict over
# the package, every example and a user's typed code (tests/typing_usage.py, which pins each
# result's type with assert_type and also runs as a script).
"$py" -c "import mypy" 2>/dev/null || "$py" -m pip install -q --disable-pip-version-check mypy
mypy_config=bindings/python/pyproject.toml
"$py" -m mypy.stubtest --mypy-config-file "$mypy_config" plaudit._plaudit
"$py" -m mypy --config-file "$mypy_config" --strict -p plaudit
"$py" -m mypy --config-file "$mypy_config" --strict examples/*.py bindings/python/tests/typing_usage.py
"$py" bindings/python/tests/typing_usage.py
