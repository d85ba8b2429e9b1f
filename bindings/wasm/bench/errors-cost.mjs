// The cost of errors: a 100k roster valid, with one bad row and with 1,000 bad rows; CPU
// time of `engine.roster(rows)`, best of 5, alternated. Errors must cost about what the
// valid path costs. Usage: node bench/errors-cost.mjs   (build first: ./build.sh)
import { Engine } from '../pkg/node/plaudit_wasm.js';
const adv = (i) => ({ id: `a${i}`, customer_since: '2020-01-01', health_score: 80 + i % 20,
  nps: i % 11, country: 'US', industry: 'retail',
  activities: [{ kind: 'reference_call', date: '2025-06-01', status: 'completed' }],
  consents: [{ purpose: 'program', status: 'granted', on: '2024-01-01' }] });
const n = 100_000;
const valid = Array.from({ length: n }, (_, i) => adv(i));
const oneBad = structuredClone(valid); oneBad[n / 2].health_score = 'x';
const manyBad = structuredClone(valid); for (let k = 0; k < n; k += 100) manyBad[k].nps = 42;
const engine = new Engine();
const run = (rows) => {
  const t = process.cpuUsage();
  let r;
  try { engine.roster(rows).free(); r = 'ok'; } catch (e) { r = e.errors.length; }
  const u = process.cpuUsage(t);
  return [(u.user + u.system) / 1000, r];
};
const best = { valid: [], 'one bad row': [], '1,000 bad rows': [] };
for (let k = 0; k < 5; k++) {
  for (const [name, rows] of [['valid', valid], ['one bad row', oneBad], ['1,000 bad rows', manyBad]]) {
    best[name].push(run(rows));
  }
}
for (const [name, v] of Object.entries(best)) {
  console.log(`${name}: best ${Math.min(...v.map((x) => x[0])).toFixed(0)} ms CPU (result ${v[0][1]})`);
}
