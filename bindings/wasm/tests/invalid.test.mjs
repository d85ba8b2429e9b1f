// The shared invalid-input cases of tests/invalid/ (see its README) through the JS object
// door, in both builds: each bad input throws a PlauditError listing exactly its problems
// (code and path), and nothing else is ever thrown (no trap, no plain Error).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { builds, repoRoot } from './helpers.mjs';

const folder = path.join(repoRoot, 'tests/invalid');
const load = (file) =>
  JSON.parse(readFileSync(path.join(folder, file), 'utf8')).cases
    // `text` cases hold JSON only text doors can read; `pending` ones are known defects;
    // `skip.js` ones hold what a JS value cannot (3.0 is 3).
    .filter((c) => c.input !== undefined && !c.pending && !(c.skip && c.skip.js));

const pairs = (list) => list.map((e) => `${e.code} ${e.path}`).sort();

/** The problems `fn` throws (as sorted `code path` strings); fails on any other throw. */
function problems(api, fn) {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof api.PlauditError, `not a PlauditError: ${err}`);
    return pairs(err.errors);
  }
  return [];
}

const good = { id: 'ok', customer_since: '2020-01-01', health_score: 90 };

for (const [name, api] of Object.entries(builds)) {
  describe(`${name} build: tests/invalid`, () => {
    const engine = new api.Engine();
    const roster = engine.roster([good]);
    const doors = {
      'advocates.json': (input) => api.parseAdvocate(input),
      'rosters.json': (input) => api.parseAdvocates(input),
      'requests.json': (input) => api.parseRequest(input),
      'asks.json': (input) => engine.check(good, input, '2026-03-01'),
      'targets.json': (input) => engine.coverage(roster, [input], '2026-03-01'),
      'policies.json': (input) => new api.Engine(input),
    };
    // Coverage targets are given as a list: their paths are under `targets[0]`.
    const prefix = { 'targets.json': 'targets[0]' };
    for (const [file, door] of Object.entries(doors)) {
      test(file, () => {
        const bad = [];
        for (const c of load(file)) {
          const p = prefix[file];
          const want = pairs(c.errors.map((e) => ({
            code: e.code,
            path: p ? (e.path ? `${p}.${e.path}` : p) : e.path,
          })));
          const got = problems(api, () => door(c.input));
          if (JSON.stringify(got) !== JSON.stringify(want)) {
            bad.push(`${c.name}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
          }
        }
        assert.deepEqual(bad, []);
      });
    }

    // Request validation accepts exactly what ranking accepts, with the same codes and paths
    // (a form field `/prospect/products/2` is the path `prospect.products[2]`); its problems
    // are a verdict, never a throw.
    test('requests.json through validateRequest', () => {
      const recordPath = (field) => field.split('/').slice(1)
        .reduce((out, part) => (/^\d+$/.test(part) ? `${out}[${part}]` : out ? `${out}.${part}` : part), '');
      const bad = [];
      let ran = 0;
      for (const c of load('requests.json')) {
        if (c.skip && c.skip.validate) continue;
        const v = engine.validateRequest(c.input);
        assert.equal(v.ok, v.errors.length === 0, c.name);
        const got = v.errors.map((e) => `${e.code} ${recordPath(e.field)}`).sort();
        const want = pairs(c.errors);
        const same = JSON.stringify(got) === JSON.stringify(want);
        if (c.validate_pending && c.validate_pending.wasm) {
          if (same) bad.push(`${c.name}: passes now: remove its validate_pending mark`);
        } else if (!same) {
          bad.push(`${c.name}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
        }
        ran += 1;
      }
      assert.deepEqual(bad, []);
      assert.ok(ran >= 30, `${ran} requests ran`);
    });

    // The TOML form of each policy case (the Node build reads TOML; the browser one does not).
    if (name === 'node') {
      test('policies.json as TOML text', () => {
        const bad = [];
        let ran = 0;
        for (const c of load('policies.json')) {
          if (c.skip && c.skip.toml) continue;
          const got = problems(api, () => new api.Engine(c.toml));
          const want = pairs(c.errors);
          if (JSON.stringify(got) !== JSON.stringify(want)) {
            bad.push(`${c.name}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
          }
          ran += 1;
        }
        assert.deepEqual(bad, []);
        assert.ok(ran >= 10, `${ran} TOML policies ran`);
      });
    }

    test('dates and kinds of any JS type are PlauditErrors, never traps', () => {
      const wrong = [20260301, new Date(2026, 2, 1), {}, Symbol('x'), true, ['2026-03-01']];
      for (const v of wrong) {
        assert.deepEqual(problems(api, () => engine.eligibility(good, v)), ['invalid_type asOf']);
        assert.deepEqual(problems(api, () => engine.evaluate(good, v)), ['invalid_type asOf']);
        assert.deepEqual(problems(api, () => engine.rank(
          { id: 'q', kind: 'referral', requested_on: '2026-03-01', needed_by: '2026-03-02' },
          roster, v)), ['invalid_type asOf']);
        assert.deepEqual(problems(api, () => engine.eligibility(good, '2026-03-01', v)),
          ['invalid_type kind']);
      }
      assert.deepEqual(problems(api, () => engine.tier(good)), ['missing_field asOf']);
      assert.deepEqual(problems(api, () => engine.tier(good, '2026-03-01')), []);
    });

    test('validateRequest answers a lone surrogate with a verdict, not a throw', () => {
      const v = engine.validateRequest({ kind: 'referral', notes: 'a\uD800b' });
      assert.equal(v.ok, false);
      assert.ok(v.errors.length >= 1);
    });

    // One advocate with history, erased and not: erasure hides everything but the id (and
    // the lifecycle), and nothing more than an erased advocate's figures.
    const erasable = {
      id: 'gone', customer_since: '2015-01-01', health_score: 99, nps: 10,
      has_measurable_outcome: true, current_tier: 'gold', tier_since: '2025-01-01',
      engagements: ['2026-02-01'],
      activities: [{ kind: 'case_study', date: '2026-01-10', status: 'completed' }],
    };

    test('an erased advocate leaves nothing but its id', () => {
      const gone = { ...erasable, erasure_requested: true };
      assert.deepEqual(engine.eligibility(gone, '2026-03-01'), { eligible: false, reasons: ['erased'] });
      assert.deepEqual(engine.tier(gone, '2026-03-01'), { lifecycle: 'erased' });
      const ev = engine.evaluate(gone, '2026-03-01');
      assert.deepEqual(ev.excluded, ['erased']);
      for (const key of ['eligibility', 'tier', 'capacity', 'next_available']) {
        assert.equal(ev[key] ?? null, null, key);
      }
      const t = engine.assignTiers(engine.roster([gone]), '2026-03-01');
      assert.deepEqual(t.advocates, [{ id: 'gone', lifecycle: 'erased' }]);
    });

    test('the same advocate not erased keeps its readiness, tenure, points and tier flags', () => {
      const kept = { ...erasable, erasure_requested: false };
      const e = engine.eligibility(kept, '2026-03-01');
      assert.deepEqual([e.eligible, e.reasons, e.nps, e.tenure_months], [true, [], 10, 134]);
      assert.ok(e.readiness.score > 0);
      const t = engine.tier(kept, '2026-03-01');
      assert.deepEqual([t.points, t.tier, t.lifecycle], [3, 'silver', undefined]);
      const ev = engine.evaluate(kept, '2026-03-01');
      assert.deepEqual(ev.excluded, []);
      assert.ok(ev.eligibility.readiness.score > 0);
      assert.equal(ev.tier.points, 3);
      assert.equal(ev.capacity.counted_in_window, 1);
      const [row] = engine.assignTiers(engine.roster([kept]), '2026-03-01').advocates;
      assert.deepEqual([row.lifecycle, row.points, row.in_base, row.in_grace, row.over_share],
        ['active', 3, true, false, false]);
      assert.ok(row.tier);
    });
  });
}
