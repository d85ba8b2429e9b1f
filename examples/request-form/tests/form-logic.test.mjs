// form.js without a browser: form values -> Request, problems -> fields, rank output -> rows,
// with the real engine (the Node package) wherever the engine decides.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import * as api from '../../../bindings/wasm/pkg/node/plaudit_wasm.js';
import { buildRequest, byField, check, fieldOf, rankView } from '../form.js';

const TODAY = '2026-03-02';
const engine = new api.Engine();
const base = {
  kind: 'case_study', needed_by: '2026-04-30', account_id: '', industry: 'Retail', segment: '',
  country: 'de', products: 'analytics_cloud, , customer_portal', use_cases: '', language: '',
  language_required: false, count: '2', incentive_kind: '', incentive_value: '', incentive_currency: '',
  notes: '',
};

test('empty optional fields are left out so the engine defaults apply', () => {
  assert.deepEqual(buildRequest(base, TODAY), {
    id: 'draft-2026-03-02', kind: 'case_study', requested_on: TODAY, needed_by: '2026-04-30',
    prospect: { industry: 'Retail', products: ['analytics_cloud', 'customer_portal'], use_cases: [], country: 'de' },
    count: 2,
  });
});

test('text typed into number fields reaches the engine as typed', () => {
  const r = buildRequest({ ...base, count: 'two', incentive_kind: 'gift_card', incentive_value: '50', incentive_currency: 'usd' }, TODAY);
  assert.equal(r.count, 'two');
  assert.deepEqual(r.incentive, { kind: 'gift_card', value: 50, currency: 'usd' });
});

test('record paths map to form fields in either path style', () => {
  assert.equal(fieldOf('prospect.country'), 'country');
  assert.equal(fieldOf('/prospect/country'), 'country');
  assert.equal(fieldOf('prospect.products[1]'), 'products');
  assert.equal(fieldOf('/prospect/products/1'), 'products');
  assert.equal(fieldOf('incentive.currency'), 'incentive_currency');
  assert.equal(fieldOf('incentive'), 'incentive_kind');
  assert.equal(fieldOf('requested_on'), 'needed_by');
  assert.equal(fieldOf('id'), null);
  assert.equal(fieldOf(''), null);
});

test('without validateRequest the core record parser decides, field by field', () => {
  if (typeof engine.validateRequest === 'function') return; // covered by the next test
  const v = check(api, engine, buildRequest({ ...base, country: 'USA', count: '11', notes: 'x'.repeat(2001),
    incentive_kind: 'swag', incentive_currency: 'euro' }, TODAY));
  assert.equal(v.source, 'parseRequest');
  assert.equal(v.ok, false);
  assert.deepEqual(v.errors.map((e) => [e.field, e.code]), [
    ['count', 'out_of_range'],
    ['incentive_currency', 'invalid_currency'],
    ['notes', 'too_long'],
    ['country', 'invalid_country'],
  ]);
  const ok = check(api, engine, buildRequest(base, TODAY));
  assert.equal(ok.ok, true);
  assert.equal(ok.request.prospect.industry, 'retail');
  assert.equal(ok.request.prospect.country, 'DE');
});

test('with validateRequest its errors and warnings are shown per field', () => {
  // A stand-in engine: only the wiring is under test here; the rules are the core's.
  const stub = {
    validateRequest: () => ({
      ok: false,
      errors: [{ field: '/needed_by', code: 'lead_time_too_short', message: 'needs 30 days' }],
      warnings: [{ field: 'incentive.value', code: 'incentive_below_fair_value', message: 'low' }],
    }),
  };
  const v = check(api, stub, buildRequest(base, TODAY));
  assert.equal(v.source, 'validateRequest');
  const fields = byField(v);
  assert.deepEqual(fields.get('needed_by').map((p) => [p.severity, p.code]), [['error', 'lead_time_too_short']]);
  assert.deepEqual(fields.get('incentive_value').map((p) => [p.severity, p.code]), [['warning', 'incentive_below_fair_value']]);
});

test('the engine, when it validates requests, flags a case study needed in 5 days', { skip: typeof engine.validateRequest !== 'function' && 'waits for Engine.validateRequest' }, () => {
  const v = check(api, engine, buildRequest({ ...base, needed_by: '2026-03-07' }, TODAY));
  assert.ok(v.errors.some((e) => e.field === 'needed_by' && e.code === 'lead_time_too_short'));
});

test('rank output becomes rows with names, breakdown and exclusion counts', () => {
  const view = rankView({
    matches: [{ id: 'adv-003', score: 81.25, components: { industry: 1, region: 0.5 }, tier: 'gold',
      earliest_on: '2026-03-02', approvals: ['customer', 'legal', 'pr'], disclosures: [] }],
    excluded: [{ id: 'adv-008', reasons: ['opted_out'] }, { id: 'adv-005', reasons: ['not_promoter', 'not_willing'] }],
  }, new Map([['adv-003', 'Sofia (Fabrikam Retail)']]));
  assert.equal(view.matches[0].name, 'Sofia (Fabrikam Retail)');
  assert.equal(view.matches[0].earliestOn, '2026-03-02');
  assert.deepEqual(view.counts, { opted_out: 1, not_promoter: 1, not_willing: 1 });
  assert.equal(view.excluded[1].name, 'adv-005');
});
