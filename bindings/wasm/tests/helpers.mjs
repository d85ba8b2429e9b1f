// Shared by the Node tests: both packages (Node and browser builds), canonical JSON, and
// the table that maps a vector's `op` to the JS API.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

import * as node from '../pkg/node/plaudit_wasm.js';
import * as web from '../pkg/web/plaudit_wasm.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '../../..');

// The browser build, loaded synchronously from disk (in a browser it is `await init()`).
web.initSync({ module: readFileSync(path.join(here, '../pkg/web/plaudit_wasm_bg.wasm')) });

/** Both packages: the Node one (with TOML) and the browser one (without). */
export const builds = { node, web };

/** JSON with object keys sorted at every level: the form every binding compares. */
export function canonical(value) {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(v) {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])]));
  }
  return v;
}

/**
 * How each vector op calls the API: `(api, engine, case) => output`. An op whose method the
 * package does not have yet is skipped by name (see `missing`), never silently passed.
 */
export const OPS = {
  eligibility: (api, e, c) => e.eligibility(c.input.advocate, c.as_of, c.input.kind ?? undefined),
  lifecycle: (api, e, c) => e.lifecycle(c.input.advocate, c.as_of),
  check: (api, e, c) => e.check(c.input.advocate, c.input.ask, c.as_of),
  evaluate: (api, e, c) => e.evaluate(c.input.advocate, c.as_of),
  rank: (api, e, c) => e.rank(c.input.request, e.roster(c.input.advocates), c.as_of),
  tiers: (api, e, c) => e.assignTiers(e.roster(c.input.advocates), c.as_of),
  coverage: (api, e, c) => e.coverage(e.roster(c.input.advocates), c.input.targets, c.as_of),
  validate_request: (api, e, c) => e.validateRequest(c.input.request),
  parse_advocates: (api, e, c) => ({ advocates: api.parseAdvocates(c.input.advocates).length }),
  measure: (api, e, c) => {
    const roster = c.input.advocates ? e.roster(c.input.advocates) : null;
    const [from, to] = c.input.period;
    return e.measure(c.input.opportunities, roster, { from, to }, c.as_of);
  },
};

/**
 * Runs one case as the Rust suite does (crates/plaudit/tests/vectors.rs): the op's output,
 * or `{ errors }` when the input (or the policy) is bad.
 */
export function runCase(api, c) {
  try {
    return OPS[c.op](api, engineFor(api, c.policy), c);
  } catch (err) {
    if (!(err instanceof api.PlauditError)) throw err;
    return { errors: err.errors };
  }
}

/** The engine method an op needs, when the package may not have it yet. */
export const METHOD = {
  validate_request: 'validateRequest',
  check: 'check',
  evaluate: 'evaluate',
  rank: 'rank',
  tiers: 'assignTiers',
  coverage: 'coverage',
  measure: 'measure',
};

/** Why an op cannot run on this package (`undefined` when it can). */
export function missing(api, op) {
  if (!(op in OPS)) return `unknown op \`${op}\``;
  const method = METHOD[op];
  if (method && typeof api.Engine.prototype[method] !== 'function') {
    if (op === 'measure') return 'measure is in the Node package only (the browser size budget)';
    return `op \`${op}\` waits for Engine.${method} (core method not bound yet)`;
  }
  return undefined;
}

/** Every case of every `*.json` file in `dir`, with its file name. */
export function loadCases(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')).map((c) => ({ file: f, ...c })));
}

const engines = new Map();
/** One engine per (build, policy overrides), reused across cases. */
export function engineFor(api, policy) {
  const key = `${api === web ? 'web' : 'node'}:${JSON.stringify(policy ?? null)}`;
  if (!engines.has(key)) engines.set(key, new api.Engine(policy ?? undefined));
  return engines.get(key);
}
