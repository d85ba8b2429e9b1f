// The request form in headless Chromium (playwright-core driving Debian's /usr/bin/chromium):
// an invalid request shows inline errors, the fixed one is valid and ranks the sample roster.
// Screenshots go to test-output/request-form/ at the repo root (git-ignored).
//
// Assertions that need core methods the package does not bind yet run as their own subtests,
// skipped with the reason until the method exists (they enable themselves when it does);
// PLAUDIT_REQUIRE_FULL=1 turns those skips into failures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';
import { start } from '../server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.resolve(here, '../../../test-output/request-form');
const CHROMIUM = process.env.PLAUDIT_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const requireFull = process.env.PLAUDIT_REQUIRE_FULL === '1';

/** Options for a subtest that needs `method` on the engine. */
function needs(has, method) {
  if (has || requireFull) return {};
  return { skip: `waits for Engine.${method} (core method not bound yet)` };
}

const errorsOf = (page, field) => page.locator(`#${field}-msg p.error`).allTextContents();

test('the request form validates as the rep types and ranks once valid', { timeout: 60_000 }, async (t) => {
  assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}`);
  mkdirSync(outDir, { recursive: true });
  const server = await start({ port: 0 });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  t.after(async () => {
    await browser.close();
    await server.close();
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && pageErrors.push(m.text()));

  await page.goto(`${server.url}?today=2026-03-02`);
  await page.waitForSelector('body[data-ready=true]', { timeout: 15_000 });
  const has = await page.evaluate(() => ({
    validateRequest: document.body.dataset.validateRequest === 'true',
    rank: document.body.dataset.rank === 'true',
  }));

  await t.test('every control has a label', async () => {
    const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea')]
      .filter((el) => !el.labels || el.labels.length === 0).map((el) => el.id));
    assert.deepEqual(unlabelled, []);
  });

  // An invalid request: a case study needed in 5 days, a malformed country code.
  await page.selectOption('#kind', 'case_study');
  await page.fill('#needed_by', '2026-03-07');
  await page.fill('#industry', 'Retail');
  await page.locator('#country').pressSequentially('USA', { delay: 20 });
  await page.fill('#products', 'analytics_cloud, customer_portal');
  await page.fill('#use_cases', 'churn_reduction');

  await t.test('the malformed country is flagged inline as it is typed', async () => {
    const errors = await errorsOf(page, 'country');
    assert.equal(errors.length, 1, `country errors: ${errors}`);
    assert.match(errors[0], /^Error: USA is not an ISO 3166-1 alpha-2 country code$/);
    assert.equal(await page.textContent('#country-msg p.error code'), 'USA');
    assert.equal(await page.getAttribute('#country', 'aria-invalid'), 'true');
    assert.match(await page.getAttribute('#country', 'aria-describedby'), /country-msg/);
    assert.equal(await page.getAttribute('#request-form', 'data-valid'), 'false');
  });

  await t.test('the 5-day lead time for a case study is flagged on needed_by', needs(has.validateRequest, 'validateRequest'), async () => {
    const code = await page.locator('#needed_by-msg p.error').first().getAttribute('data-code');
    assert.equal(code, 'lead_time_too_short');
    assert.equal(await page.getAttribute('#needed_by', 'aria-invalid'), 'true');
  });

  await t.test('sending an invalid request lists every problem and sends nothing', async () => {
    await page.click('#submit');
    assert.equal(await page.isVisible('#error-summary'), true);
    const items = await page.locator('#error-summary li').allTextContents();
    assert.ok(items.some((s) => s.startsWith('Country')), `summary: ${items}`);
    assert.equal(await page.isVisible('#sent'), false);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'error-summary');
  });
  await page.screenshot({ path: path.join(outDir, '1-invalid.png'), fullPage: true });

  // Fixed: a real country and enough notice.
  await page.fill('#country', 'DE');
  await page.fill('#needed_by', '2026-04-30');

  await t.test('the fixed request is valid, with no inline errors', async () => {
    assert.deepEqual(await page.locator('.msg p.error').allTextContents(), []);
    assert.equal(await page.getAttribute('#country', 'aria-invalid'), null);
    assert.equal(await page.getAttribute('#request-form', 'data-valid'), 'true');
    assert.match(await page.textContent('#form-status'), /^Ready to send/);
    assert.equal(await page.isVisible('#error-summary'), false);
  });

  await t.test('ranked matches from the sample roster appear, with their breakdown', needs(has.rank, 'rank'), async () => {
    await page.waitForSelector('#matches[data-state=ready]', { timeout: 5_000 });
    const matches = page.locator('#match-list li.match');
    assert.ok(await matches.count() >= 1, 'no match shown');
    assert.match(await matches.first().locator('.score').textContent(), /\/ 100$/);
    assert.ok(await matches.first().locator('.components meter').count() >= 1, 'no score breakdown');
    assert.equal(await page.isVisible('#excluded'), true);
  });

  await t.test('until the engine ranks, the matches panel says so', { skip: has.rank && 'the engine ranks' }, async () => {
    await page.waitForSelector('#matches[data-state=unavailable]', { timeout: 5_000 });
    assert.match(await page.textContent('#matches-note'), /sample roster \(20 advocates\)/);
  });

  await t.test('sending the valid request shows it as the program receives it', async () => {
    await page.click('#submit');
    assert.equal(await page.isVisible('#sent'), true);
    const sent = JSON.parse(await page.textContent('#sent-json'));
    assert.equal(sent.kind, 'case_study');
    assert.equal(sent.needed_by, '2026-04-30');
    assert.equal(sent.prospect.country, 'DE');
    assert.equal(sent.prospect.industry, 'retail');
    assert.deepEqual(sent.prospect.products, ['analytics_cloud', 'customer_portal']);
  });
  await page.screenshot({ path: path.join(outDir, '2-valid.png'), fullPage: true });

  // A visitor on another day: the sample's dates move with today, so matches still appear,
  // and exclusions read as words.
  await t.test('on any day the sample roster shows matches and worded reasons', needs(has.rank, 'rank'), async () => {
    const later = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
    later.on('pageerror', (e) => pageErrors.push(e.message));
    await later.goto(`${server.url}?today=2027-09-15`);
    await later.waitForSelector('body[data-ready=true]', { timeout: 15_000 });
    await later.selectOption('#kind', 'case_study');
    await later.fill('#industry', 'Retail');
    await later.fill('#country', 'DE');
    await later.fill('#products', 'analytics_cloud, customer_portal');
    await later.fill('#needed_by', '2027-11-13');
    await later.waitForSelector('#matches[data-state=ready]', { timeout: 5_000 });
    assert.ok(await later.locator('#match-list li.match').count() >= 1, 'no match a year and a half later');
    const counts = await later.locator('#excluded-counts li').allTextContents();
    assert.ok(counts.length >= 1);
    for (const c of counts) assert.match(c, /^[A-Z][^_]* \([a-z_]+\): \d+$/, c);
    await later.fill('#count', '10');
    await later.waitForFunction(() => /of 10 wanted/.test(document.querySelector('#matches-note').textContent));
    await later.screenshot({ path: path.join(outDir, '3-later-day.png'), fullPage: true });
    await later.close();
  });

  assert.deepEqual(pageErrors, []);
});
