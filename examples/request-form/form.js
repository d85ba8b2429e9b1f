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

// ---------------------------------------------------------------------------------------
// SAMPLE ROSTER. Its dates were written for one day; the page moves them to the rep's today
// so that ages stay what they were (an NPS of 4 months ago is still 4 months old) and a
// visitor on any day sees the matches the sample was made to show.
// ---------------------------------------------------------------------------------------

/** The day `sample-roster.json`'s dates are relative to. */
export const SAMPLE_WRITTEN_FOR = '2026-03-02';

const DAY_MS = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Whole days from `from` to `to` (both `YYYY-MM-DD`). */
export function daysBetween(from, to) {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** `YYYY-MM-DD` moved by `days` (UTC calendar days). */
export function addDays(iso, days) {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** A copy of `value` with every `YYYY-MM-DD` string in it moved by `days`. */
export function shiftDates(value, days) {
  if (days === 0) return structuredClone(value);
  if (typeof value === 'string') return ISO_DATE.test(value) ? addDays(value, days) : value;
  if (Array.isArray(value)) return value.map((v) => shiftDates(v, days));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shiftDates(v, days)]));
  }
  return value;
}

/** The sample roster as of `today`: its dates moved from the day it was written for. */
export function sampleAsOf(advocates, today) {
  return shiftDates(advocates, daysBetween(SAMPLE_WRITTEN_FOR, today));
}

// ---------------------------------------------------------------------------------------
// WORDS. Reason codes (docs/reasons.md) as a rep reads them; the code stays next to it.
// ---------------------------------------------------------------------------------------

/** Every reason code the engine gives, in words (a test checks none is missing). */
export const REASON_LABELS = {
  account_cap_reached: 'Account asked enough this year',
  annual_cap_reached: 'Asked enough this year',
  at_risk: 'Engagement falling',
  consent_missing: 'Consent missing',
  declining_requests: 'Declined recent asks',
  disruption_window: 'Unavailable then',
  erased: 'Data erased',
  excluded_account: 'Excluded account',
  health_below_minimum: 'Health score too low',
  inactive: 'Inactive',
  incentive_below_fair_value: 'Incentive below fair value',
  incentive_over_limit: 'Incentive over the country limit',
  kind_cap_reached: 'Did enough of this kind this year',
  language_mismatch: 'Does not speak the language',
  lead_time_too_short: 'Not enough lead time',
  left_company: 'Left the company',
  material_connection: 'Disclose the incentive',
  no_measurable_outcome: 'No measurable outcome',
  not_comfortable_public: 'Not comfortable in public',
  not_promoter: 'NPS below promoter',
  not_willing: 'Not willing to do this kind',
  nps_missing: 'NPS missing',
  opted_out: 'Opted out',
  pending_request: 'An ask is pending',
  profile_stale: 'Profile out of date',
  publicity_restricted: 'Publicity restricted by contract',
  regulated_incentive: 'Regulated industry: no money incentive',
  review_incentive_forbidden: 'Reviews cannot be incentivized',
  tenure_below_minimum: 'Customer too recently',
  testimonial_topic_repeat: 'Topic already used',
  tier_below_minimum: 'Tier below the minimum',
  too_soon: 'Too soon after the last one',
};

/** A reason code in words (an unknown code: the code itself as words). */
export function reasonLabel(code) {
  return REASON_LABELS[code] ?? words(code);
}

/** The matches panel's note: how many were found against how many were wanted. */
export function matchesNote(found, wanted, rosterSize, nearMisses) {
  if (found === 0) {
    return `No advocate in the sample roster fits this request${nearMisses ? '; these could, later:' : '.'}`;
  }
  if (found < wanted) {
    return `${found} of ${wanted} wanted: only ${found === 1 ? 'one advocate fits' : `${found} advocates fit`} among ${rosterSize} sample advocates${nearMisses ? '; these could, later:' : '.'}`;
  }
  return `Best ${found} of ${rosterSize} sample advocates.`;
}
