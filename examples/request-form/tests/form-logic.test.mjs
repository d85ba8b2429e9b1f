// form.js without a browser: form values -> Request, problems -> fields, rank output -> rows,
// with the real engine (the Node package) wherever the engine decides.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import * as api from '../../../bindings/wasm/pkg/node/plaudit_wasm.js';
import { readFileSync } from 'node:fs';

import {
  REASON_LABELS, SAMPLE_WRITTEN_FOR, addDays, buildRequest, byField, check, daysBetween, fieldOf,
  matchesNote, rankView, reasonLabel, sampleAsOf, shiftDates,
} from '../form.js';

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

const sample = JSON.parse(readFileSync(new URL('../sample-roster.json', import.meta.url), 'utf8'));

test('day arithmetic crosses month, leap-day and year boundaries', () => {
  assert.equal(daysBetween('2026-03-02', '2026-03-02'), 0);
  assert.equal(daysBetween('2028-02-28', '2028-03-01'), 2);
  assert.equal(daysBetween('2027-02-28', '2027-03-01'), 1);
  assert.equal(daysBetween('2026-12-31', '2027-01-01'), 1);
  assert.equal(daysBetween('2026-03-02', '2026-02-28'), -2);
  assert.equal(addDays('2028-02-28', 1), '2028-02-29');
  assert.equal(addDays('2027-01-01', -1), '2026-12-31');
});

test('shifting moves every date and nothing else', () => {
  const shifted = shiftDates({ id: '2026-01-01x', on: '2026-01-31', list: ['2026-02-28', 3, null], name: 'Maria' }, 1);
  assert.deepEqual(shifted, { id: '2026-01-01x', on: '2026-02-01', list: ['2026-03-01', 3, null], name: 'Maria' });
  const back = shiftDates(shiftDates(sample, 400), -400);
  assert.deepEqual(back, sample);
  assert.notEqual(shiftDates(sample, 0), sample, 'a copy, never the caller\'s object');
});

// The request the browser test sends, as of any day.
const requestOn = (today) => buildRequest({ ...base, industry: 'retail', country: 'DE', needed_by: addDays(today, 59) }, today);

test('the sample roster moved to any day ranks as it did on the day it was written for', () => {
  const ids = (r) => r.matches.map((m) => [m.id, m.score, m.tier]);
  const written = engine.rank(requestOn(SAMPLE_WRITTEN_FOR), engine.roster(sample), SAMPLE_WRITTEN_FOR);
  assert.ok(written.matches.length >= 1, 'the sample shows matches on the day it was written for');
  for (const later of ['2026-12-06', '2027-07-15', '2031-02-01']) {
    const moved = engine.rank(requestOn(later), engine.roster(sampleAsOf(sample, later)), later);
    assert.deepEqual(ids(moved), ids(written), later);
    assert.deepEqual(moved.summary.by_reason, written.summary.by_reason, later);
  }
  // Not moved, the same roster a year later has stale NPS answers and fewer matches.
  const stale = engine.rank(requestOn('2027-07-15'), engine.roster(sample), '2027-07-15');
  assert.ok(stale.matches.length < written.matches.length || stale.summary.by_reason.nps_missing > (written.summary.by_reason.nps_missing ?? 0));
});

test('every reason code the engine documents reads as words', () => {
  const documented = [...readFileSync(new URL('../../../docs/reasons.md', import.meta.url), 'utf8')
    .matchAll(/^\| `([a-z_]+)` \|/gm)].map((m) => m[1]).sort();
  assert.ok(documented.length >= 30, `only ${documented.length} codes read from docs/reasons.md`);
  assert.deepEqual(Object.keys(REASON_LABELS).sort(), documented);
  assert.equal(reasonLabel('nps_missing'), 'NPS missing');
  assert.equal(reasonLabel('brand_new_code'), 'Brand new code');
  for (const label of Object.values(REASON_LABELS)) assert.doesNotMatch(label, /_/);
});

test('the matches note says when fewer match than wanted', () => {
  assert.equal(matchesNote(2, 2, 20, false), 'Best 2 of 20 sample advocates.');
  assert.equal(matchesNote(3, 2, 20, false), 'Best 3 of 20 sample advocates.');
  assert.equal(matchesNote(1, 2, 20, false), '1 of 2 wanted: only one advocate fits among 20 sample advocates.');
  assert.equal(matchesNote(2, 5, 20, true), '2 of 5 wanted: only 2 advocates fit among 20 sample advocates; these could, later:');
  assert.match(matchesNote(0, 2, 20, false), /^No advocate/);
});
