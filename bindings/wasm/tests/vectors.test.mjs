// The shared test vectors (tests/vectors/*.json at the repo root) through both packages:
// the output, canonicalized (keys sorted), must equal `expected` exactly, as in Rust and
// Python. Also runs this binding's own fixtures (tests/fixtures), which `cargo test -p
// plaudit-wasm` checks against the native core.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { builds, canonical, loadCases, missing, repoRoot, runCase } from './helpers.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const suites = {
  vectors: loadCases(path.join(repoRoot, 'tests/vectors')),
  fixtures: loadCases(path.join(here, 'fixtures')),
};

for (const [suite, cases] of Object.entries(suites)) {
  if (cases.length === 0) {
    test(`${suite}: none found`, { skip: `no ${suite} yet` }, () => {});
    continue;
  }
  for (const [buildName, api] of Object.entries(builds)) {
    for (const c of cases) {
      const name = `${suite} ${buildName} ${c.file} ${c.op}: ${c.name}`;
      const why = missing(api, c.op);
      if (why) {
        test(name, { skip: why }, () => {});
        continue;
      }
      test(name, () => {
        assert.equal(canonical(runCase(api, c)), canonical(c.expected));
      });
    }
  }
}

