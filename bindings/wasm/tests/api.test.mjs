// The JS API: engine construction and fingerprint, the effective policy and its schema,
// request normalization, rosters, and the browser build agreeing with the Node build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { builds, canonical, repoRoot } from './helpers.mjs';

const { node, web } = builds;
const roster = JSON.parse(readFileSync(path.join(repoRoot, 'examples/roster.json'), 'utf8'));

test('the fingerprint identifies the effective policy, however it is written', () => {
  const fp = new node.Engine().fingerprint;
  assert.match(fp, /^sha256:[0-9a-f]{16}$/);
  assert.equal(new node.Engine({}).fingerprint, fp);
  assert.equal(new node.Engine(null).fingerprint, fp);
  assert.equal(new web.Engine().fingerprint, fp);

  const custom = new node.Engine({ fatigue: { annual_cap: 4 } }).fingerprint;
  assert.notEqual(custom, fp);
  assert.equal(new node.Engine('{"fatigue": {"annual_cap": 4}}').fingerprint, custom);
  assert.equal(new node.Engine('[fatigue]\nannual_cap = 4\n').fingerprint, custom);
  assert.equal(new web.Engine({ fatigue: { annual_cap: 4 } }).fingerprint, custom);
});

test('the effective policy spells out every default', () => {
  const policy = new node.Engine({ eligibility: { min_health_score: 70 } }).policy;
  assert.equal(policy.version, 1);
  assert.equal(policy.eligibility.min_health_score, 70);
  assert.equal(policy.fatigue.annual_cap, 6);
  assert.equal(policy.kinds.case_study.lead_time_days, 30);
});

test('the policy schema is a JSON Schema of the policy document', () => {
  for (const api of [node, web]) {
    const schema = api.policySchema();
    assert.match(schema.$schema, /json-schema\.org/);
    assert.equal(schema.type, 'object');
    for (const key of ['eligibility', 'fatigue', 'kinds', 'tiers', 'matching']) {
      assert.ok(key in schema.properties, key);
    }
  }
});

test('parseRequest normalizes as the core does and fills defaults', () => {
  const r = node.parseRequest({
    id: ' req-1 ', kind: 'case_study', requested_on: '2026-03-02', needed_by: '2026-04-30',
    prospect: { industry: 'Financial Services', country: 'de', language: 'DE', products: ['Analytics Cloud'] },
    crm_column_nobody_knows: true,
  });
  assert.deepEqual(r, {
    id: 'req-1', kind: 'case_study', requested_on: '2026-03-02', needed_by: '2026-04-30',
    prospect: {
      account_id: null, industry: 'financial_services', segment: null, country: 'DE',
      products: ['analytics_cloud'], use_cases: [], language: 'de',
    },
    count: 1, exclude_accounts: [], language_required: false, min_tier: null,
    incentive: null, notes: null, deal_value: null,
  });
});

test('a roster is read once, validated, in order', () => {
  const r = new node.Engine().roster(roster);
  assert.equal(r.size, roster.length);
  assert.deepEqual(r.ids(), roster.map((a) => a.id));
});

test('the browser build decides exactly as the Node build', () => {
  const engines = [new node.Engine(), new web.Engine()];
  for (const asOf of ['2026-03-01', '2026-09-30']) {
    for (const a of roster) {
      const [n, w] = engines.map((e) => canonical({
        eligibility: e.eligibility(a, asOf),
        review: e.eligibility(a, asOf, 'review'),
        lifecycle: e.lifecycle(a, asOf),
      }));
      assert.equal(w, n, a.id);
    }
  }
});

test('an engine can be freed explicitly', () => {
  const e = new node.Engine();
  e.free();
  assert.throws(() => e.fingerprint);
});
