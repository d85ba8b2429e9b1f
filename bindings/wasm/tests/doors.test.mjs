// The every-door differential test (tests/doors/README.md) through the JS object door (both
// builds) and the CLI (JSON Lines): generated advocates and requests give exactly the Rust
// door's decisions (canonical JSON), and mutated copies (one field broken) its problems.
// The cases and the Rust answers come from the folder PLAUDIT_DOORS names (the test script
// makes it), else they are made here (the CLI and the core's `doors` example, with cargo).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { builds, canonical, repoRoot } from './helpers.mjs';

const cli = process.env.PLAUDIT_BIN || path.join(repoRoot, 'target/debug/plaudit');

function folder() {
  if (process.env.PLAUDIT_DOORS) return process.env.PLAUDIT_DOORS;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'plaudit-doors-'));
  if (!existsSync(cli)) execFileSync('cargo', ['build', '-q', '-p', 'plaudit-cli'], { cwd: repoRoot });
  execFileSync('python3', [path.join(repoRoot, 'tests/doors/make_cases.py'), dir, '--plaudit', cli]);
  execFileSync('cargo', ['run', '-q', '-p', 'plaudit', '--example', 'doors', '--', dir], { cwd: repoRoot });
  return dir;
}

const dir = folder();
if (!process.env.PLAUDIT_DOORS) after(() => rmSync(dir, { recursive: true, force: true }));
const read = (name) => readFileSync(path.join(dir, name), 'utf8');
const cases = JSON.parse(read('cases.json'));
const advocates = JSON.parse(read('advocates.json'));
const requests = read('requests.jsonl').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
const expected = JSON.parse(read('expected.json'));
const asOf = cases.as_of;

const pairs = (errors) => errors.map((e) => `${e.code} ${e.path}`).sort();

for (const [name, api] of Object.entries(builds)) {
  describe(`${name} build: every door agrees`, () => {
    const engine = new api.Engine();

    test('decisions are the Rust door\'s, byte for byte', () => {
      assert.equal(advocates.length, 300);
      const got = advocates.map((a) => canonical(engine.evaluate(a, asOf)));
      assert.deepEqual(got, expected.evaluate.map(canonical));
      const roster = engine.roster(advocates);
      requests.forEach((q, i) => {
        assert.equal(canonical(engine.rank(q, roster, asOf)), canonical(expected.rank[i]));
      });
    });

    test('mutants give the Rust door\'s problems', () => {
      const bad = [];
      cases.mutants.forEach((m, i) => {
        let got = [];
        try {
          api.parseAdvocate(m.advocate);
        } catch (err) {
          assert.ok(err instanceof api.PlauditError, `${m.name}: not a PlauditError: ${err}`);
          got = pairs(err.errors);
        }
        const want = pairs(expected.mutants[i].errors);
        if (JSON.stringify(got) !== JSON.stringify(want)) bad.push(`${m.name}: ${got} != ${want}`);
      });
      assert.deepEqual(bad, []);
    });
  });
}

describe('CLI (JSON Lines): every door agrees', () => {
  let work;
  before(() => {
    work = mkdtempSync(path.join(os.tmpdir(), 'plaudit-doors-cli-'));
  });
  after(() => rmSync(work, { recursive: true, force: true }));
  const plaudit = (args) => {
    try {
      return { code: 0, out: execFileSync(cli, args, { cwd: work, maxBuffer: 1 << 28 }).toString(), err: '' };
    } catch (e) {
      return { code: e.status, out: String(e.stdout), err: String(e.stderr) };
    }
  };

  test('evaluate and rank give the Rust door\'s decisions', () => {
    const file = path.join(dir, 'advocates.jsonl');
    const ev = plaudit(['evaluate', file, '--as-of', asOf, '-f', 'jsonl']);
    assert.equal(ev.code, 0, ev.err);
    const rows = ev.out.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
    assert.deepEqual(rows.map(canonical), expected.evaluate.map(canonical));
    requests.forEach((q, i) => {
      const req = path.join(work, `request-${i}.json`);
      writeFileSync(req, JSON.stringify(q));
      const r = plaudit(['rank', file, '--request', req, '--as-of', asOf, '-f', 'json']);
      assert.equal(r.code, 0, r.err);
      assert.equal(canonical(JSON.parse(r.out)), canonical(expected.rank[i]));
    });
  });

  test('mutants give the Rust door\'s paths', () => {
    // One mutant per line: each line's problems are reported under its row, `advocates[i]`.
    const file = path.join(work, 'mutants.jsonl');
    writeFileSync(file, cases.mutants.map((m) => JSON.stringify(m.advocate)).join('\n') + '\n');
    const r = plaudit(['evaluate', file, '--as-of', asOf, '-f', 'json', '--max-errors', '1000']);
    assert.equal(r.code, 2, r.err);
    const got = r.err.split('\n')
      .map((l) => l.match(/^.*mutants\.jsonl(?::\d+)*: (\S+): /))
      .filter(Boolean).map((m) => m[1]).sort();
    const want = expected.mutants.flatMap((m, i) => m.errors.map((e) => (e.path ? `advocates[${i}].${e.path}` : `advocates[${i}]`))).sort();
    assert.deepEqual(got, want);
  });
});
