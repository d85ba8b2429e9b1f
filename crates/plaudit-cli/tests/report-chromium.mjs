// The program report in headless Chromium (playwright-core, from examples/request-form's
// node_modules, driving Debian's /usr/bin/chromium): every number shown equals the value at
// its path in `plaudit measure --format json` (or in `plaudit coverage --format json` for the
// portfolio's), the page loads nothing from outside itself, fits a phone, and prints.
// Screenshots: target/report.png (desktop, full page) and target/report-phone.png.
//
// Run by scripts/test-wasm.sh after `cargo build -p plaudit-cli`:
//   PLAUDIT_BIN=target/debug/plaudit node --test crates/plaudit-cli/tests/report-chromium.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const require = createRequire(path.join(root, 'examples/request-form/package.json'));
const { chromium } = require('playwright-core');

const BIN = path.resolve(root, process.env.PLAUDIT_BIN ?? 'target/debug/plaudit');
const CHROMIUM = process.env.PLAUDIT_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const PERIOD = ['--from', '2025-03-02', '--to', '2026-03-01', '--as-of', '2026-03-01'];
const TARGETS = [
  { name: 'fintech reference calls', kind: 'reference_call', industry: 'financial_services', needed: 8 },
  { name: 'EMEA enterprise calls', kind: 'reference_call', region: 'EMEA', segment: 'enterprise', needed: 6 },
  { name: 'APAC speakers', kind: 'speaking', region: 'APAC', needed: 2 },
  { name: 'analytics reviews', kind: 'review', product: 'analytics', needed: 10 },
];

const plaudit = (dir, ...args) => execFileSync(BIN, args, { cwd: dir, encoding: 'utf8' });

/** The value at a dotted path with [i] indices (`breakdowns[0].rows[2].kpis.x.value`). */
function at(doc, p) {
  let node = doc;
  for (const part of p.split('.')) {
    const m = /^([^[]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) return undefined;
    if (m[1] !== '') node = node?.[m[1]];
    for (const i of m[2].matchAll(/\[(\d+)\]/g)) node = node?.[Number(i[1])];
    if (node === undefined) return undefined;
  }
  return node;
}

/** The number a shown text stands for, in the units of data-value. */
function shown(text, format) {
  const x = Number(text.replace(/[,%]/g, ''));
  return format === 'money' ? Math.round(x * 100) : x;
}

test('the report shows the numbers of plaudit measure, offline, on a desktop and a phone', { timeout: 120_000 }, async (t) => {
  assert.ok(existsSync(BIN), `no plaudit binary at ${BIN} (cargo build -p plaudit-cli)`);
  assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'plaudit-report-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));

  plaudit(dir, 'generate', '-n', '300', '-s', '2026', '--as-of', '2026-03-01', '-o', 'roster.jsonl');
  plaudit(dir, 'generate', '-n', '300', '-s', '2026', '--as-of', '2026-03-01', '--opportunities', '600', '-o', 'deals.jsonl');
  writeFileSync(path.join(dir, 'targets.json'), JSON.stringify(TARGETS));
  const measured = JSON.parse(plaudit(dir, 'measure', 'roster.jsonl', '--opportunities', 'deals.jsonl', ...PERIOD, '--format', 'json'));
  const portfolio = JSON.parse(plaudit(dir, 'coverage', 'roster.jsonl', '--targets', 'targets.json', '--as-of', '2026-03-01', '--format', 'json'));
  plaudit(dir, 'report', 'roster.jsonl', '--opportunities', 'deals.jsonl', ...PERIOD,
    '--targets', 'targets.json', '--title', 'Synthetic program <demo>', '--out', 'report.html', '--json', 'shown.json');
  // The page was drawn from exactly what `measure --format json` prints.
  assert.deepEqual(JSON.parse(readFileSync(path.join(dir, 'shown.json'), 'utf8')), measured);

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  t.after(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const outside = [];
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    outside.push(url);
    return route.abort();
  });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(pathToFileURL(path.join(dir, 'report.html')).href);

  await t.test('every number shown is the JSON value at its path', async () => {
    const figures = await page.$$eval('[data-kpi]', (els) => els.map((e) => ({
      path: e.dataset.kpi, value: e.dataset.value, format: e.dataset.format, text: e.textContent,
    })));
    assert.ok(figures.length > 150, `only ${figures.length} figures`);
    let withData = 0;
    for (const f of figures) {
      const json = f.path.startsWith('portfolio.') ? at(portfolio, f.path.slice('portfolio.'.length)) : at(measured, f.path);
      if (json === null || json === undefined) {
        assert.equal(f.value, 'null', f.path);
        assert.equal(f.text, 'no data', f.path);
        continue;
      }
      withData += 1;
      assert.equal(typeof json, 'number', f.path);
      assert.equal(Number(f.value), json, f.path);
      const x = shown(f.text, f.format);
      const tolerance = { percent: 0.05 + 1e-9, decimal: 0.05 + 1e-9, count: 0, money: 0 }[f.format];
      const expected = f.format === 'percent' ? json * 100 : json;
      assert.ok(Math.abs(x - expected) <= tolerance, `${f.path}: shows ${f.text} for ${json}`);
    }
    assert.ok(withData > 100, `${withData} figures with data`);
    // The headline figures are there.
    const paths = new Set(figures.map((f) => f.path));
    for (const p of ['scorecard.composite', 'kpis.influenced_share.value', 'kpis.win_rate_lift',
      'kpis.cycle_reduction.value', 'funnel[4].count', 'per_advocate[0].attributed.USD.units',
      'portfolio.tier_mix[0].share', 'portfolio.coverage[0].gap', 'kpis.roster.concentration.value']) {
      assert.ok(paths.has(p), `missing ${p}`);
    }
  });

  await t.test('scorecard statuses and colours match the JSON', async () => {
    const cards = await page.$$eval('#scorecard .card', (els) => els.map((e) => ({
      status: e.dataset.status, colour: getComputedStyle(e).borderLeftColor,
    })));
    assert.deepEqual(cards.map((c) => c.status), measured.scorecard.lines.map((l) => l.status));
    const rgb = { met: 'rgb(26, 127, 55)', watch: 'rgb(154, 103, 0)', breach: 'rgb(207, 34, 46)', no_data: 'rgb(110, 119, 129)' };
    for (const c of cards) assert.equal(c.colour, rgb[c.status], c.status);
  });

  await t.test('the title is escaped and nothing outside the page is loaded', async () => {
    assert.equal(await page.title(), 'Synthetic program <demo>');
    assert.deepEqual(outside, []);
    assert.deepEqual(errors, []);
    const html = readFileSync(path.join(dir, 'report.html'), 'utf8');
    assert.ok(!html.includes('http') && !html.includes('//'), 'an address in the page');
    assert.ok((await page.$$('svg.chart')).length >= 8, 'charts');
  });

  await page.screenshot({ path: path.join(root, 'target/report.png'), fullPage: true });

  await t.test('it fits a phone and keeps its sections when printed', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `${overflow}px wider than the phone`);
    await page.screenshot({ path: path.join(root, 'target/report-phone.png') });
    await page.emulateMedia({ media: 'print' });
    const visible = await page.$$eval('section', (els) => els.filter((e) => e.offsetHeight > 0).length);
    assert.ok(visible >= 8, `${visible} sections printed`);
  });
});
