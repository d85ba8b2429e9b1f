#!/usr/bin/env bash
# A short run of every cargo-fuzz target (default 10 s each), seeded from the shared vectors.
# Safe Rust (the core forbids unsafe), so no sanitizer: more executions per second.
# Installs what is missing: a nightly toolchain and cargo-fuzz (cached outside the repo).
#
#   scripts/fuzz-smoke.sh                   # every target, 10 s each
#   FUZZ_SECONDS=600 scripts/fuzz-smoke.sh  # longer local runs
#   FUZZ_RUNS=10000000 scripts/fuzz-smoke.sh check   # a fixed number of executions
set -euo pipefail
cd "$(dirname "$0")/.."

TOOLS="${PLAUDIT_TOOLS:-$HOME/.cache/plaudit-tools}"
SECONDS_EACH="${FUZZ_SECONDS:-10}"
TARGETS=("$@")
if [[ ${#TARGETS[@]} -eq 0 ]]; then
  TARGETS=(policy_toml policy_json advocate_json validate_request check rank ask_target table_door)
fi

if ! rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  rustup toolchain install nightly --profile minimal
fi
if ! command -v cargo-fuzz >/dev/null; then
  if [[ ! -x "$TOOLS/cargo-fuzz/bin/cargo-fuzz" ]]; then
    cargo install cargo-fuzz --root "$TOOLS/cargo-fuzz"
  fi
  export PATH="$TOOLS/cargo-fuzz/bin:$PATH"
fi

# Smoke runs use an unoptimized build (it compiles in a third of the time); long runs
# (FUZZ_RUNS, or more than a minute a target) an optimized one.
mode=(--dev)
if [[ -n "${FUZZ_RUNS:-}" ]] || (( SECONDS_EACH > 60 )); then
  mode=(-O)
fi

# Build every target first, so a failed build is told apart from a crash found by fuzzing.
# A build that fails is tried once more: a toolchain step killed by the machine (out of disk
# or memory) is not a finding; a second failure is reported as the build failure it is.
build=(cargo +nightly fuzz build -s none "${mode[@]}")
if ! "${build[@]}" >fuzz/build.log 2>&1; then
  echo "fuzz build failed; trying once more (free disk: $(df -h --output=avail . | tail -1 | tr -d ' '))" >&2
  tail -5 fuzz/build.log >&2
  sleep 5
  if ! "${build[@]}" >fuzz/build.log 2>&1; then
    tail -60 fuzz/build.log >&2
    echo "fuzz targets do not build (full log: fuzz/build.log); no fuzzing was done" >&2
    exit 1
  fi
fi

python3 scripts/fuzz_seeds.py
for t in "${TARGETS[@]}"; do
  mkdir -p fuzz/corpus/"$t" fuzz/artifacts/"$t"
  limit=(-max_total_time="$SECONDS_EACH")
  if [[ -n "${FUZZ_RUNS:-}" ]]; then
    limit=(-runs="$FUZZ_RUNS")
  fi
  log="fuzz/artifacts/$t/last-run.log"
  if ! cargo +nightly fuzz run -s none "${mode[@]}" "$t" fuzz/corpus/"$t" -- "${limit[@]}" \
      -rss_limit_mb=2048 -max_len=8192 -print_final_stats=1 >"$log" 2>&1; then
    tail -40 "$log" >&2
    echo "fuzz target $t failed; the crashing input is in fuzz/artifacts/$t/" >&2
    exit 1
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  echo "fuzz $t: ${runs:-?} executions, no crash"
done
