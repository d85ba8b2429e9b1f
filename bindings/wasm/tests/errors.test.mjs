// Bad input is thrown as a PlauditError (a real Error subclass) with code, path, message and
// every problem in `errors`; decisions are never errors; and no input, however malformed,
// makes the module throw anything else (a Rust panic would surface as a RuntimeError).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { builds } from './helpers.mjs';

const advocate = {
  id: 'adv-42', account_id: 'acme', customer_since: '2023-05-01', health_score: 75,
  nps: 9, has_measurable_outcome: true,
};
const request = {
  id: 'req-1', kind: 'case_study', requested_on: '2026-03-02', needed_by: '2026-04-30',
  prospect: { industry: 'Retail', country: 'DE', products: ['analytics'] }, count: 1,
};

/** Calls `fn`, asserts it throws a PlauditError, and returns the error. */
function plauditError(api, fn) {
  let caught;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  assert.ok(caught, 'expected a throw');
  assert.ok(caught instanceof api.PlauditError, `not a PlauditError: ${caught}`);
  assert.ok(caught instanceof Error);
  assert.equal(caught.name, 'PlauditError');
  assert.ok(Array.isArray(caught.errors) && caught.errors.length > 0);
  assert.equal(caught.code, caught.errors[0].code);
  assert.equal(caught.path, caught.errors[0].path);
  assert.equal(typeof caught.stack, 'string');
  return caught;
}

for (const [name, api] of Object.entries(builds)) {
  describe(`${name} build`, () => {
    const engine = new api.Engine();

    test('a request reports every bad field, each with its path, code and message', () => {
      const err = plauditError(api, () =>
        api.parseRequest({ ...request, count: 0, needed_by: '2026-02-01', prospect: { country: 'XX1' } }));
      assert.deepEqual(err.errors.map((e) => [e.path, e.code]), [
        ['count', 'out_of_range'],
        ['needed_by', 'invalid_range'],
        ['prospect.country', 'invalid_country'],
      ]);
      assert.equal(err.code, 'out_of_range');
      assert.equal(err.path, 'count');
      assert.equal(err.message, err.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
    });

    test('type errors and range errors are reported together', () => {
      const err = plauditError(api, () =>
        engine.eligibility({ ...advocate, health_score: 'high', nps: 11, customer_since: '2023-02-30' }, '2026-03-01'));
      assert.deepEqual(err.errors.map((e) => [e.path, e.code]), [
        ['customer_since', 'invalid_date'],
        ['health_score', 'invalid_type'],
        ['nps', 'out_of_range'],
      ]);
    });

    test('a missing required field names the field', () => {
      const { id, ...noId } = advocate;
      const err = plauditError(api, () => engine.lifecycle(noId, '2026-03-01'));
      assert.equal(err.code, 'missing_field');
      assert.equal(err.path, 'id');
    });

    test('a bad date argument names asOf', () => {
      const err = plauditError(api, () => engine.eligibility(advocate, '2026-3-1'));
      assert.equal(err.code, 'invalid_date');
      assert.equal(err.path, 'asOf');
    });

    test('an unknown kind lists the kinds', () => {
      const err = plauditError(api, () => engine.eligibility(advocate, '2026-03-01', 'webinar'));
      assert.equal(err.code, 'invalid_value');
      assert.equal(err.path, 'kind');
      assert.match(err.message, /reference_call, case_study/);
    });

    test('a missing record argument is missing_field at the argument', () => {
      const err = plauditError(api, () => engine.eligibility(undefined, '2026-03-01'));
      assert.equal(err.code, 'missing_field');
      assert.equal(err.path, 'advocate');
    });

    test('values with no JSON form are invalid_type, not a crash', () => {
      const cyclic = { ...advocate };
      cyclic.self = cyclic;
      assert.equal(plauditError(api, () => engine.lifecycle(cyclic, '2026-03-01')).code, 'invalid_type');
      assert.equal(plauditError(api, () => engine.lifecycle({ ...advocate, nps: 9n }, '2026-03-01')).code,
        'invalid_type');
    });

    test('a freed roster or another object as the roster is a PlauditError at roster', () => {
      const roster = engine.roster([advocate]);
      const asOf = '2026-03-01';
      assert.equal(engine.rank(request, roster, asOf).summary.considered, 1);
      const calls = (r) => [
        () => engine.rank(request, r, asOf),
        () => engine.assignTiers(r, asOf),
        () => engine.coverage(r, [{ kind: 'referral', needed: 1 }], asOf),
      ];
      const wrong = [{}, [advocate], 'roster', 7, null, undefined, engine, { __plauditRoster: 1e9 }];
      for (const r of wrong) {
        for (const call of calls(r)) {
          const err = plauditError(api, call);
          assert.deepEqual([err.code, err.path], ['invalid_type', 'roster']);
        }
      }
      roster.free();
      for (const call of calls(roster)) {
        const err = plauditError(api, call);
        assert.deepEqual([err.code, err.path], ['invalid_type', 'roster']);
        assert.match(err.message, /freed/);
      }
      // Another roster still works, and one built again works.
      assert.equal(engine.rank(request, engine.roster([advocate]), asOf).summary.considered, 1);
    });

    test('duplicate ids in a roster name both places', () => {
      const err = plauditError(api, () => engine.roster([advocate, { ...advocate }]));
      assert.equal(err.code, 'duplicate_id');
      assert.equal(err.path, 'advocates[1].id');
      assert.match(err.errors[0].message, /advocates\[0\]/);
    });

    test('a policy typo is an unknown_key with its key path', () => {
      const err = plauditError(api, () => new api.Engine({ fatigue: { anual_cap: 3 } }));
      assert.equal(err.code, 'unknown_key');
      assert.equal(err.path, 'fatigue.anual_cap');
    });

    test('every policy problem is reported', () => {
      const err = plauditError(api, () =>
        new api.Engine({ eligibility: { min_health_score: 500 }, fatigue: { anual_cap: 3 } }));
      assert.deepEqual(err.errors.map((e) => e.path).sort(), ['eligibility.min_health_score', 'fatigue.anual_cap']);
    });

    test('JSON policy text with a syntax error gives line and column', () => {
      const err = plauditError(api, () => new api.Engine('{"fatigue": {"annual_cap": }}'));
      assert.equal(err.code, 'syntax');
      assert.equal(err.errors[0].line, 1);
      assert.ok(err.errors[0].column > 0);
    });

    test('input limits: deep nesting, a roster too large for WebAssembly, long lists', () => {
      // Nesting far deeper than any record: refused with the argument's path.
      for (const depth of [200, 100_000]) {
        let deep = [];
        for (let i = 0; i < depth; i += 1) deep = [deep];
        const nested = plauditError(api, () => engine.eligibility({ ...advocate, products: deep }, '2026-03-01'));
        assert.match(nested.message, /recursion limit exceeded|call stack size exceeded/);
      }
      // A roster over MAX_ROSTER is refused before anything is read.
      const huge = new Array(250_001).fill(advocate);
      const big = plauditError(api, () => engine.roster(huge));
      assert.deepEqual([big.path, big.code], ['advocates', 'too_many']);
      assert.match(big.message, /250001 advocates is more than 250000/);
      // History lists have a limit per advocate, reported at the list's path.
      const many = Array.from({ length: 10_001 }, () => '2026-01-01');
      const long = plauditError(api, () => engine.eligibility({ ...advocate, engagements: many }, '2026-03-01'));
      assert.deepEqual([long.path, long.code], ['engagements', 'too_many']);
    });

    test('decisions are data, not errors', () => {
      const e = engine.eligibility({ ...advocate, health_score: 10 }, '2026-03-01');
      assert.equal(e.eligible, false);
      assert.deepEqual(e.reasons, ['health_below_minimum']);
    });

    test('no input makes the module throw anything but a PlauditError', () => {
      const garbage = [
        undefined, null, 0, -1, 1e308, NaN, '', 'x', true, [], [null], {}, { id: '' },
        { id: 'a', customer_since: '2020-01-01', health_score: 1e400 },
        { id: 'x'.repeat(10_000), customer_since: '0000-01-01', health_score: -0 },
        { id: 'a', customer_since: '+999999-01-01', health_score: 50, engagements: ['9999-12-31'] },
        { id: 'a', customer_since: '2020-01-01', health_score: 50, activities: [{}], consents: [1] },
        { kind: 'case_study', requested_on: '2026-01-01', needed_by: '2026-01-01', prospect: [] },
        { ...request, notes: 'n'.repeat(5000), incentive: { kind: 'cash', value: -1, currency: 'usd' } },
        Object.create(null), new Map([['id', 'a']]), () => 1, Symbol('s'),
      ];
      const dates = ['2026-03-01', '', '0001-01-01', '9999-12-31', '2026-02-29', 'x'.repeat(1000)];
      const calls = [];
      for (const g of garbage) {
        for (const d of dates) {
          calls.push(() => engine.eligibility(g, d));
          calls.push(() => engine.eligibility(advocate, d, typeof g === 'string' ? g : undefined));
          calls.push(() => engine.lifecycle(g, d));
        }
        calls.push(() => api.parseRequest(g), () => api.parseAdvocate(g), () => api.parseAdvocates(g));
        calls.push(() => api.parseAdvocates([g, g]), () => engine.roster(g), () => new api.Engine(g));
      }
      for (const call of calls) {
        try {
          call();
        } catch (err) {
          assert.ok(err instanceof api.PlauditError, `threw ${err?.constructor?.name}: ${err}`);
        }
      }
    });
  });
}

test('TOML policy text: read by the Node build with line and column, refused clearly by the browser build', () => {
  const err = plauditError(builds.node, () => new builds.node.Engine('[fatigue]\nanual_cap = 4\n'));
  assert.deepEqual(err.errors, [{ path: 'fatigue.anual_cap', code: 'unknown_key', message: 'unknown key', line: 2, column: 1 }]);
  assert.equal(err.message, '2:1: fatigue.anual_cap: unknown key');
  assert.equal(new builds.node.Engine('[fatigue]\nannual_cap = 4\n').policy.fatigue.annual_cap, 4);

  const web = plauditError(builds.web, () => new builds.web.Engine('[fatigue]\nannual_cap = 4\n'));
  assert.equal(web.code, 'invalid_type');
  assert.equal(web.path, 'policy');
  assert.match(web.message, /TOML/);
  assert.equal(new builds.web.Engine('{"fatigue": {"annual_cap": 4}}').policy.fatigue.annual_cap, 4);
});

describe('node build: measure arguments', () => {
  const api = builds.node;
  const engine = new api.Engine();
  const deal = {
    id: 'o1', amount: 10, currency: 'USD', stage: 'won', created_on: '2026-01-05',
    closed_on: '2026-02-01', touches: [{ advocate_id: 'adv-42', kind: 'reference_call', on: '2026-01-10' }],
  };
  const period = { from: '2026-01-01', to: '2026-03-31' };

  test('a good call measures, with or without a roster', () => {
    const alone = engine.measure([deal], null, period, '2026-04-01');
    assert.equal(alone.per_opportunity[0].credits[0].amount.units, 1000);
    const withRoster = engine.measure([deal], engine.roster([advocate]), period, '2026-04-01');
    assert.equal(withRoster.per_advocate[0].id, 'adv-42');
  });

  test('every bad part of the period is named', () => {
    const err = plauditError(api, () => engine.measure([deal], null, { from: 'soon' }, '2026-04-01'));
    assert.deepEqual(err.errors.map((e) => [e.code, e.path]),
      [['invalid_date', 'period.from'], ['missing_field', 'period.to']]);
    for (const bad of [undefined, null, 'x', 7]) {
      const e = plauditError(api, () => engine.measure([deal], null, bad, '2026-04-01'));
      assert.equal(e.path, 'period');
    }
  });

  test('bad deals, asOf and roster are PlauditErrors with paths', () => {
    const e = plauditError(api, () => engine.measure([{ ...deal, amount: -1 }], null, period, '2026-04-01'));
    assert.equal(e.path, 'opportunities[0].amount');
    assert.equal(plauditError(api, () => engine.measure([deal], null, period, 17)).path, 'asOf');
    assert.equal(plauditError(api, () => engine.measure([deal], {}, period, '2026-04-01')).path, 'roster');
    assert.equal(plauditError(api, () => engine.measure('deals', null, period, '2026-04-01')).code, 'invalid_type');
  });

  test('the browser package has no measure (its size budget)', () => {
    assert.equal(typeof builds.web.Engine.prototype.measure, 'undefined');
  });
});

// The request form says what `rank` says: whatever `rank` refuses (a non-finite deal value or
// incentive value, a `count` of 3.0 read from text, a currency `dollars`), `validateRequest`
// is not ok about, at the same path; what `rank` accepts the form accepts.
for (const [name, api] of Object.entries(builds)) {
  describe(`${name} build: the request form agrees with rank`, () => {
    const engine = new api.Engine();
    const roster = engine.roster([advocate]);

    /** `rank`'s problems as sorted `code path` strings, [] when it ranks. */
    function rankProblems(req) {
      try {
        engine.rank(req, roster, '2026-03-02');
        return [];
      } catch (err) {
        assert.ok(err instanceof api.PlauditError, `not a PlauditError: ${err}`);
        return err.errors.map((e) => `${e.code} ${e.path}`).sort();
      }
    }
    /** The form's verdict: ok, and its errors as `code path` (its fields are JSON pointers). */
    function formProblems(req) {
      const v = engine.validateRequest(req);
      const errors = v.errors.map((e) => `${e.code} ${e.field.replace(/^\//, '').replaceAll('/', '.')}`).sort();
      assert.equal(v.ok, errors.length === 0);
      return errors;
    }

    const cases = [
      ['deal_value -1', { deal_value: -1 }],
      ['incentive value Infinity', { incentive: { kind: 'swag', value: Infinity, currency: 'USD' } }],
      ['incentive value NaN', { incentive: { kind: 'swag', value: NaN, currency: 'USD' } }],
      ['currency dollars', { incentive: { kind: 'swag', value: 100, currency: 'dollars' } }],
      ['count 0', { count: 0 }],
    ];
    for (const [what, change] of cases) {
      test(`${what}: rank refuses it and the form says not ok at the same path`, () => {
        const req = { ...request, ...change };
        const refused = rankProblems(req);
        assert.ok(refused.length > 0, `rank accepted ${what}`);
        assert.deepEqual(formProblems(req), refused);
      });
    }

    test('count 3.0 is the number 3 in JS: rank and the form both accept it, and refuse 3.5', () => {
      // JS has no float 3.0 apart from 3; the text form `3.0` is the CLI's and Rust's case.
      const req = { ...request, count: 3.0 };
      assert.deepEqual(rankProblems(req), []);
      assert.deepEqual(formProblems(req), []);
      const half = { ...request, count: 3.5 };
      assert.deepEqual(rankProblems(half).map((p) => p.split(' ')[1]), ['count']);
      assert.deepEqual(formProblems(half).map((p) => p.split(' ')[1]), ['count']);
    });

    test('count 3.5 has the same code in rank and the form', () => {
      const half = { ...request, count: 3.5 };
      assert.deepEqual(formProblems(half), rankProblems(half));
    });

    for (const value of [Infinity, -Infinity, NaN]) {
      test(`deal_value ${value}: the form gives rank's verdict`, () => {
        const req = { ...request, deal_value: value };
        assert.deepEqual(formProblems(req), rankProblems(req));
      });
      // A non-finite JS number has no JSON form (JSON.stringify writes `null`, an absent
      // deal value): it is out of range, as the Python door and a Rust record say.
      test(`deal_value ${value} is refused by rank and the form as out of range`, () => {
        const req = { ...request, deal_value: value };
        assert.deepEqual(rankProblems(req), ['out_of_range deal_value']);
        assert.deepEqual(formProblems(req), ['out_of_range deal_value']);
      });
      test(`incentive value ${value} is out of range in rank and the form, hiding no other problem`, () => {
        const req = { ...request, count: 0, incentive: { kind: 'swag', value, currency: 'USD' } };
        const want = ['out_of_range count', 'out_of_range incentive.value'];
        assert.deepEqual(rankProblems(req), want);
        assert.deepEqual(formProblems(req), want);
      });
    }

    test('a null deal_value is absent, not a non-finite number', () => {
      const req = { ...request, deal_value: null };
      assert.deepEqual(rankProblems(req), []);
      assert.deepEqual(formProblems(req), []);
    });

    test('finite positive values and USD pass both', () => {
      const req = { ...request, deal_value: 50000, incentive: { kind: 'swag', value: 100, currency: 'USD' } };
      assert.deepEqual(rankProblems(req), []);
      assert.deepEqual(formProblems(req), []);
      assert.deepEqual(rankProblems({ ...req, deal_value: 0 }), []);
      assert.deepEqual(formProblems({ ...req, deal_value: 0 }), []);
    });
  });
}

// NaN and the infinities are invalid in every number field of every input, out_of_range at
// the field's path (JSON.stringify would write them as `null`, an absent value); a null stays
// absent and a finite number is read.
for (const [name, api] of Object.entries(builds)) {
  describe(`${name} build: non-finite numbers are out of range, never absent`, () => {
    const engine = new api.Engine();
    /** `fn`'s problems as sorted `code path` strings, [] when it succeeds. */
    function problems(fn) {
      try {
        fn();
        return [];
      } catch (err) {
        assert.ok(err instanceof api.PlauditError, `not a PlauditError: ${err}`);
        return err.errors.map((e) => `${e.code} ${e.path}`).sort();
      }
    }
    const asOf = '2026-03-02';
    const ask = (value) => ({ kind: 'referral', date: asOf, incentive: { kind: 'swag', value, currency: 'USD' } });

    for (const value of [Infinity, -Infinity, NaN]) {
      test(`${value} in advocates, asks, targets and policies`, () => {
        assert.deepEqual(problems(() => engine.evaluate({ ...advocate, health_score: value }, asOf)),
          ['out_of_range health_score']);
        assert.deepEqual(problems(() => engine.eligibility({ ...advocate, nps: value }, asOf)),
          ['out_of_range nps']);
        assert.deepEqual(problems(() => engine.roster([advocate, { ...advocate, id: 'b', nps: value, health_score: 'x' }])),
          ['invalid_type advocates[1].health_score', 'out_of_range advocates[1].nps']);
        assert.deepEqual(problems(() => engine.check(advocate, ask(value), asOf)),
          ['out_of_range incentive.value']);
        assert.deepEqual(problems(() => engine.coverage(engine.roster([advocate]), [{ kind: 'referral', needed: value }], asOf)),
          ['out_of_range targets[0].needed']);
        assert.deepEqual(problems(() => new api.Engine({ fatigue: { annual_cap: value } })),
          ['out_of_range fatigue.annual_cap']);
      });
    }

    test('the same fields holding null or finite numbers are read', () => {
      assert.deepEqual(problems(() => engine.evaluate({ ...advocate, nps: null }, asOf)), []);
      assert.equal(engine.eligibility({ ...advocate, nps: null }, asOf).reasons.includes('nps_missing'), true);
      assert.equal(engine.eligibility({ ...advocate, nps: 10, health_score: 90.5 }, asOf).eligible, true);
      assert.deepEqual(problems(() => engine.roster([advocate, { ...advocate, id: 'b', nps: null }])), []);
      assert.deepEqual(problems(() => engine.check(advocate, ask(100.5), asOf)), []);
      assert.deepEqual(problems(() => engine.coverage(engine.roster([advocate]), [{ kind: 'referral', needed: 2 }], asOf)), []);
      assert.deepEqual(problems(() => new api.Engine({ fatigue: { annual_cap: 12 } })), []);
    });
  });
}
