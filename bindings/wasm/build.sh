#!/usr/bin/env bash
# Builds the WebAssembly package from a clean checkout, four builds of one API:
#   pkg/web      ES module for browsers and esbuild (`await init()` first)
#   pkg/bundler  ES module for bundlers with WebAssembly ESM integration (webpack 5, Vite + plugin)
#   pkg/node     ES module for Node (loads synchronously; TOML policies)
#   pkg/cjs      CommonJS for Node's `require` (the same build as pkg/node)
# Installs what is missing: the wasm32 target, the wasm-bindgen CLI of exactly the version in
# Cargo.lock (cached outside the repo), and wasm-opt from npm's binaryen (never Debian's:
# binaryen 108 cannot read what current rustc emits).
#
# Usage: bindings/wasm/build.sh            (release: size-tuned, wasm-opt -Oz)
#        PLAUDIT_WASM_DEV=1 build.sh      (debug build, no wasm-opt: fast, for iterating)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

say() { printf '\033[1m[wasm]\033[0m %s\n' "$*" >&2; }

command -v node >/dev/null && command -v npm >/dev/null ||
  { echo "build.sh needs Node >= 20 and npm (wasm-opt comes from npm's binaryen)" >&2; exit 2; }

# 1. The wasm32 target.
if command -v rustup >/dev/null; then
  rustup target list --installed | grep -qx wasm32-unknown-unknown ||
    { say "adding the wasm32-unknown-unknown target"; rustup target add wasm32-unknown-unknown; }
fi

# 2. The wasm-bindgen CLI, pinned to the library's version in Cargo.lock.
version="$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)"
[[ -n "$version" ]] || { echo "wasm-bindgen not found in Cargo.lock" >&2; exit 1; }
cache="${PLAUDIT_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/plaudit-tools}"
wasm_bindgen=""
for dir in "/opt/plaudit-tools/wasm-bindgen-$version/bin" "$cache/wasm-bindgen-$version/bin"; do
  if [[ -x "$dir/wasm-bindgen" ]] && [[ "$("$dir/wasm-bindgen" --version)" == "wasm-bindgen $version" ]]; then
    wasm_bindgen="$dir/wasm-bindgen"
    break
  fi
done
if [[ -z "$wasm_bindgen" ]]; then
  say "installing wasm-bindgen-cli $version into $cache (once)"
  # Not --locked: the CLI's own lock file pins crates that may be yanked.
  cargo install wasm-bindgen-cli --version "=$version" --root "$cache/wasm-bindgen-$version"
  wasm_bindgen="$cache/wasm-bindgen-$version/bin/wasm-bindgen"
fi

# 3. wasm-opt, tsc and esbuild from npm (bindings/wasm/package.json).
if [[ ! -x "$here/node_modules/.bin/wasm-opt" || ! -x "$here/node_modules/.bin/esbuild" || "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]]; then
  say "installing npm dev dependencies (binaryen, typescript, esbuild)"
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi

# 4. Compile each feature set once and bind it for its targets: the browser builds (web,
#    bundler) without the TOML parser (their size budget), the Node builds (ESM, CommonJS)
#    with it.
if [[ -n "${PLAUDIT_WASM_DEV:-}" ]]; then
  profile=dev; dir=debug
else
  profile=wasm-release; dir=wasm-release
fi
target_dir="$(cargo metadata --format-version 1 --no-deps --locked |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')"
wasm="$target_dir/wasm32-unknown-unknown/$dir/plaudit_wasm.wasm"
out="$here/pkg"
mkdir -p "$out"
esbuild="$here/node_modules/.bin/esbuild"
for build in browser node; do
  if [[ "$build" == browser ]]; then
    features=(--no-default-features); targets=(web:web bundler:bundler)
  else
    features=(); targets=(node:experimental-nodejs-module cjs:nodejs)
  fi
  say "cargo build --profile $profile ${features[*]} ($build)"
  cargo build --locked --quiet -p plaudit-wasm --target wasm32-unknown-unknown \
    --profile "$profile" "${features[@]}"
  for pair in "${targets[@]}"; do
    target="${pair%%:*}"; flag="${pair#*:}"
    # Rebind only when the compiled module, its JS snippets or the tools changed (fast reruns).
    stamp="$profile $(sha256sum "$wasm" | cut -d' ' -f1) $("$wasm_bindgen" --version) binaryen-$("$here/node_modules/.bin/wasm-opt" --version | awk '{print $3}') $(sha256sum "$here/build.sh" | cut -c1-16) js-$(cat "$here"/js/*.js | sha256sum | cut -c1-16)"
    if [[ -f "$out/$target/.stamp" && "$(cat "$out/$target/.stamp")" == "$stamp" ]]; then
      say "pkg/$target is up to date"
      continue
    fi
    rm -rf "$out/$target.tmp"
    "$wasm_bindgen" --target "$flag" --out-dir "$out/$target.tmp" "$wasm"
    if [[ -z "${PLAUDIT_WASM_DEV:-}" ]]; then
      "$here/node_modules/.bin/wasm-opt" -Oz --converge --strip-debug --strip-producers \
        -o "$out/$target.tmp/plaudit_wasm_bg.wasm" "$out/$target.tmp/plaudit_wasm_bg.wasm"
    fi
    if [[ "$target" == cjs ]]; then
      # The package is `"type": "module"`; this folder is CommonJS. wasm-bindgen `require`s
      # the PlauditError snippet as it is written (an ES module), so esbuild converts it.
      echo '{"type": "commonjs"}' >"$out/$target.tmp/package.json"
      while IFS= read -r -d '' snippet; do
        "$esbuild" "$snippet" --format=cjs --log-level=warning --outfile="$snippet" --allow-overwrite
      done < <(find "$out/$target.tmp/snippets" -name '*.js' -print0)
    fi
    echo "$stamp" >"$out/$target.tmp/.stamp"
    rm -rf "$out/$target"
    mv "$out/$target.tmp" "$out/$target"
  done
done
# npm packs the LICENSE beside package.json.
cp "$root/LICENSE" "$here/LICENSE"

sizes() { printf '"wasm_bytes": %d, "wasm_gzip_bytes": %d' "$(wc -c <"$1")" "$(gzip -9 -c "$1" | wc -c)"; }
printf '{"profile": "%s",\n "web": {%s},\n "node": {%s},\n "bundler": {%s},\n "cjs": {%s}}\n' "$profile" \
  "$(sizes "$out/web/plaudit_wasm_bg.wasm")" "$(sizes "$out/node/plaudit_wasm_bg.wasm")" \
  "$(sizes "$out/bundler/plaudit_wasm_bg.wasm")" "$(sizes "$out/cjs/plaudit_wasm_bg.wasm")" >"$out/size.json"
say "built $out: $(tr -d '\n' <"$out/size.json")"
