// Per-call time of request validation in Node: the median over 10,000 calls (after a warm-up)
// of `engine.validateRequest(request)` when the core has it, and of `parseRequest(request)`.
// Usage: node bench/parse-request.mjs [--json]      (build first: ./build.sh)
import { performance } from 'node:perf_hooks';
import { Engine, parseRequest } from '../pkg/node/plaudit_wasm.js';

const CALLS = 10_000;
const request = {
  id: 'req-1042',
  kind: 'reference_call',
  requested_on: '2026-03-02',
  needed_by: '2026-03-20',
  prospect: {
    account_id: 'globex',
    industry: 'Financial Services',
    segment: 'enterprise',
    country: 'DE',
    products: ['analytics_cloud', 'data_pipelines'],
    use_cases: ['fraud_detection'],
    language: 'de',
  },
  count: 2,
  incentive: { kind: 'donation', value: 100, currency: 'EUR' },
  notes: 'Prospect wants a peer in a regulated bank who moved off on-prem.',
};
const invalid = { ...request, needed_by: '2026-03-04', prospect: { ...request.prospect, country: 'XX1' } };

function median(fn) {
  for (let i = 0; i < 1000; i++) fn();
  const times = new Float64Array(CALLS);
  for (let i = 0; i < CALLS; i++) {
    const t0 = performance.now();
    fn();
    times[i] = performance.now() - t0;
  }
  times.sort();
  const us = (ms) => +(ms * 1000).toFixed(2);
  return { median_us: us(times[CALLS >> 1]), min_us: us(times[0]), p99_us: us(times[Math.floor(CALLS * 0.99)]) };
}

const engine = new Engine();
const rows = {};
if (typeof engine.validateRequest === 'function') {
  rows['validateRequest (valid)'] = median(() => engine.validateRequest(request));
  rows['validateRequest (2 errors)'] = median(() => engine.validateRequest(invalid));
}
rows['parseRequest (valid)'] = median(() => parseRequest(request));
rows['parseRequest (2 errors, throws)'] = median(() => {
  try { parseRequest(invalid); } catch { /* expected */ }
});
// For scale: what the boundary alone costs.
rows['JSON.stringify(request), no wasm'] = median(() => JSON.stringify(request));
rows['engine.fingerprint (a wasm call)'] = median(() => engine.fingerprint);

if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ node: process.version, calls: CALLS, rows }, null, 2));
} else {
  console.log(`node ${process.version}, ${CALLS} calls each: median, min, p99 (µs)`);
  for (const [name, r] of Object.entries(rows)) {
    console.log(`${name.padEnd(36)} ${String(r.median_us).padStart(8)} ${String(r.min_us).padStart(8)} ${String(r.p99_us).padStart(8)}`);
  }
}
