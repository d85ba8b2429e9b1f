// The generated TypeScript declarations type-check real use and reject wrong use
// (tests/types/*.ts, each `@ts-expect-error` must be an error). Needs `tsc` (the package's
// typescript devDependency); skipped, saying so, when it is not installed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const tsc = path.join(here, '../node_modules/.bin/tsc');

test('TypeScript declarations type-check', { skip: existsSync(tsc) ? false : 'tsc not installed (npm install)' }, () => {
  const r = spawnSync(tsc, ['-p', path.join(here, 'types')], { encoding: 'utf8' });
  assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
});
