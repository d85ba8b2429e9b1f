// Timings in headless Chromium (the browser package, pkg/web): preparing a 10,000-advocate
// roster, eligibility over all of it, and `engine.rank` over it once the package has rank
// (budget: 20 ms median). The roster is the request form's sample roster repeated with
// fresh ids and accounts. Usage: node bench/rank-chromium.mjs [--json]   (build first)
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';
import { start } from '../../../examples/request-form/server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const CHROMIUM = process.env.PLAUDIT_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}`);

const sample = JSON.parse(readFileSync(path.join(here, '../../../examples/request-form/sample-roster.json'), 'utf8'));
const N = 10_000;
const advocates = Array.from({ length: N }, (_, i) => {
  const a = structuredClone(sample[i % sample.length]);
  a.id = `adv-${String(i).padStart(5, '0')}`;
  a.account_id = `${a.account_id}-${Math.floor(i / sample.length)}`;
  return a;
});
const request = {
  id: 'bench-1', kind: 'reference_call', requested_on: '2026-03-02', needed_by: '2026-03-31',
  prospect: { industry: 'retail', segment: 'mid_market', country: 'DE', products: ['analytics_cloud'], use_cases: ['churn_reduction'] },
  count: 3,
};

const server = await start({ port: 0 });
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
try {
  const page = await browser.newPage();
  await page.goto(server.url);
  const result = await page.evaluate(async ({ advocates, request }) => {
    const api = await import('/pkg/plaudit_wasm.js');
    await api.default();
    const engine = new api.Engine();
    const median = (fn, runs) => {
      fn();
      const t = [];
      for (let i = 0; i < runs; i++) { const a = performance.now(); fn(); t.push(performance.now() - a); }
      t.sort((x, y) => x - y);
      return +t[runs >> 1].toFixed(2);
    };
    let roster;
    const rows = {
      [`roster(${advocates.length}) ms`]: median(() => { roster = engine.roster(advocates); }, 5),
      [`eligibility x ${advocates.length} ms`]: median(() => { for (const a of advocates) engine.eligibility(a, '2026-03-02'); }, 3),
    };
    if (typeof engine.rank === 'function') {
      rows[`rank over ${advocates.length} ms`] = median(() => engine.rank(request, roster, '2026-03-02'), 21);
      // The first request of a day: the roster computes its state for the date in the call.
      let day = 0;
      const asOf = () => new Date(Date.UTC(2026, 2, 2 + (day++ % 28))).toISOString().slice(0, 10);
      rows[`rank over ${advocates.length}, first of a day ms`] = median(() => engine.rank(request, roster, asOf()), 9);
    } else {
      rows[`rank over ${advocates.length} ms`] = 'waits for Engine.rank';
    }
    return { userAgent: navigator.userAgent, rows };
  }, { advocates, request });
  if (process.argv.includes('--json')) console.log(JSON.stringify(result, null, 2));
  else {
    console.log(result.userAgent);
    for (const [k, v] of Object.entries(result.rows)) console.log(`${k.padEnd(28)} ${v}`);
  }
} finally {
  await browser.close();
  await server.close();
}
