#!/usr/bin/env bash
# The Python suite: builds the `plaudit` package (pyo3, maturin) into a virtual environment
# and runs its pytest suite (shared vectors, hypothesis properties, pandas / polars / pyarrow
# interop, errors, threads, the README's examples). Installs what is missing first. The
# release artefacts (optimized abi3 wheel, sdist) are built and checked by scripts/release.sh.
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

# Build the wheel with the workspace's lock file and install it (no network build isolation).
# The suite needs no optimizer: a dev build compiles in half the time. For benchmarks,
# PLAUDIT_PY_PROFILE=release.
profile="${PLAUDIT_PY_PROFILE:-dev}"
rm -rf target/wheels/plaudit-*.whl
"$venv/bin/maturin" build --profile "$profile" --locked -q -m bindings/python/Cargo.toml -o target/wheels
"$py" -m pip install -q --disable-pip-version-check --force-reinstall --no-deps target/wheels/plaudit-*.whl

"$py" -m pytest -q bindings/python/tests
