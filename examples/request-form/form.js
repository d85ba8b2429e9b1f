// The request form's logic, free of the DOM so Node can test it: form values -> a Request
// record, the engine's verdict -> messages per field, rank output -> rows to show.
// Every rule is the engine's: this file only shapes data in and out.

/** Activity kinds a rep can request, in the order the form offers them. */
export const KINDS = [
  ['reference_call', 'Reference call'],
  ['case_study', 'Case study'],
  ['testimonial', 'Testimonial'],
  ['review', 'Review'],
  ['referral', 'Referral'],
  ['speaking', 'Speaking slot'],
  ['event', 'Event appearance'],
  ['advisory_board', 'Advisory board'],
  ['beta_test', 'Beta test'],
  ['community_leadership', 'Community leadership'],
];

export const SEGMENTS = [
  ['smb', 'SMB'],
  ['mid_market', 'Mid-market'],
  ['enterprise', 'Enterprise'],
];

export const INCENTIVES = [
  ['gift_card', 'Gift card'],
  ['cash', 'Cash'],
  ['swag', 'Swag'],
  ['donation', 'Charity donation'],
  ['experience', 'Experience (event pass, dinner)'],
  ['early_access', 'Early access'],
  ['recognition', 'Public recognition'],
];

/** Form field names, in page order (the error summary follows it). */
export const FIELDS = [
  'kind', 'needed_by', 'account_id', 'industry', 'segment', 'country', 'products',
  'use_cases', 'language', 'language_required', 'count', 'incentive_kind', 'incentive_value',
  'incentive_currency', 'notes',
];

const trimmed = (v) => (typeof v === 'string' ? v.trim() : v);
const list = (v) => (trimmed(v) ? v.split(',').map((s) => s.trim()).filter(Boolean) : []);

/** A number typed in a form field: a number when it reads as one, else the raw text (the
 * engine then says what is wrong with it); absent when empty. */
function numberField(v) {
  const t = trimmed(v);
  if (t === '' || t === undefined || t === null) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : t;
}

/**
 * The Request record (docs/rules.md#records) for the form's values. Empty optional fields are left out,
 * so the engine's defaults apply; nothing is checked here.
 */
export function buildRequest(values, today) {
  const prospect = {
    industry: trimmed(values.industry) ?? '',
    products: list(values.products),
    use_cases: list(values.use_cases),
  };
  for (const key of ['account_id', 'segment', 'country', 'language']) {
    const v = trimmed(values[key]);
    if (v) prospect[key] = v;
  }
  const request = {
    id: `draft-${today}`,
    requested_on: today,
    needed_by: trimmed(values.needed_by) ?? '',
    prospect,
  };
  if (trimmed(values.kind)) request.kind = values.kind;
  const count = numberField(values.count);
  if (count !== undefined) request.count = count;
  if (values.language_required) request.language_required = true;
  if (trimmed(values.incentive_kind)) {
    request.incentive = { kind: values.incentive_kind };
    const value = numberField(values.incentive_value);
    if (value !== undefined) request.incentive.value = value;
    const currency = trimmed(values.incentive_currency);
    if (currency) request.incentive.currency = currency;
  }
  if (trimmed(values.notes)) request.notes = values.notes;
  return request;
}

/** Where a problem goes: the form field for a record path (`prospect.country`,
 * `/prospect/country`, `prospect.products[2]`), or `null` for the form as a whole. */
export function fieldOf(path) {
  const p = String(path ?? '')
    .replace(/^\//, '')
    .replace(/\//g, '.')
    .replace(/\[\d+\]/g, '')
    .replace(/\.\d+(?=\.|$)/g, '');
  const map = {
    kind: 'kind',
    needed_by: 'needed_by',
    requested_on: 'needed_by',
    'prospect.account_id': 'account_id',
    'prospect.industry': 'industry',
    'prospect.segment': 'segment',
    'prospect.country': 'country',
    'prospect.products': 'products',
    'prospect.use_cases': 'use_cases',
    'prospect.language': 'language',
    language_required: 'language_required',
    count: 'count',
    incentive: 'incentive_kind',
    'incentive.kind': 'incentive_kind',
    'incentive.value': 'incentive_value',
    'incentive.currency': 'incentive_currency',
    notes: 'notes',
  };
  return map[p] ?? null;
}

/**
 * The engine's verdict on a request: `engine.validateRequest` (every rule of docs/rules.md#request-validation,
 * policy included) when the package has it, else the core's record parser `parseRequest`
 * (field types, dates, ranges, country and language codes, notes length). Never a local
 * imitation of either.
 *
 * Returns `{ source, ok, errors, warnings, request }`, each problem
 * `{ field, path, code, message }` with `field` a form field name or `null`.
 */
export function check(api, engine, request) {
  const shape = (p) => {
    const path = p.field ?? p.path ?? '';
    return { field: fieldOf(path), path, code: p.code, message: p.message };
  };
  if (typeof engine.validateRequest === 'function') {
    const v = engine.validateRequest(request);
    return {
      source: 'validateRequest',
      ok: v.ok,
      errors: (v.errors ?? []).map(shape),
      warnings: (v.warnings ?? []).map(shape),
      request: v.ok ? api.parseRequest(request) : null,
    };
  }
  try {
    return { source: 'parseRequest', ok: true, errors: [], warnings: [], request: api.parseRequest(request) };
  } catch (err) {
    if (!(err instanceof api.PlauditError)) throw err;
    return { source: 'parseRequest', ok: false, errors: err.errors.map(shape), warnings: [], request: null };
  }
}

/** Problems grouped by form field (`null` holds the form-level ones), errors first. */
export function byField(verdict) {
  const out = new Map();
  const add = (p, severity) => {
    if (!out.has(p.field)) out.set(p.field, []);
    out.get(p.field).push({ ...p, severity });
  };
  verdict.errors.forEach((p) => add(p, 'error'));
  verdict.warnings.forEach((p) => add(p, 'warning'));
  return out;
}

// ---------------------------------------------------------------------------------------
// RANK PANEL. Renders `engine.rank(request, roster, asOf)` (docs/rules.md#matching-and-ranking):
// the field names are the core's serde output (the browser test asserts that matches appear).
// ---------------------------------------------------------------------------------------

const pick = (o, ...keys) => {
  for (const k of keys) if (o && o[k] !== undefined) return o[k];
  return undefined;
};

/** Rows for the matches panel from a rank result and the roster's display names. */
export function rankView(result, names = new Map()) {
  const matches = (pick(result, 'matches', 'ranked') ?? []).map((m) => {
    const id = pick(m, 'id', 'advocate_id');
    return {
      id,
      name: names.get(id) ?? id,
      score: pick(m, 'score'),
      components: pick(m, 'components', 'breakdown') ?? {},
      tier: pick(m, 'tier'),
      earliestOn: pick(m, 'earliest_on'),
      approvals: pick(m, 'approvals') ?? [],
      disclosures: pick(m, 'disclosures') ?? [],
      warnings: pick(m, 'warnings') ?? [],
    };
  });
  const excluded = (pick(result, 'excluded', 'exclusions') ?? []).map((x) => {
    const id = pick(x, 'id', 'advocate_id');
    return { id, name: names.get(id) ?? id, reasons: pick(x, 'reasons') ?? [] };
  });
  const summary = pick(result, 'summary') ?? {};
  let counts = pick(summary, 'excluded_by_reason', 'exclusions', 'reasons', 'by_reason');
  if (!counts) {
    counts = {};
    for (const x of excluded) for (const r of x.reasons) counts[r] = (counts[r] ?? 0) + 1;
  }
  const nearMisses = (pick(result, 'near_misses') ?? []).map((n) => {
    const id = pick(n, 'id', 'advocate_id');
    return { id, name: names.get(id) ?? id, nextAvailableOn: pick(n, 'next_available_on'), reasons: pick(n, 'reasons') ?? [] };
  });
  return { matches, excluded, counts, nearMisses, fingerprint: pick(result, 'fingerprint', 'policy_fingerprint') };
}

/** `snake_case` code -> words, for display next to the code itself. */
export function words(code) {
  const s = String(code).replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}
