// Type-checked by tests/types.test.mjs (tsc --noEmit): the generated declarations must
// accept correct use, reject wrong use (each @ts-expect-error must be an error), and type
// every result precisely (no `any`).
import {
  Engine,
  PlauditError,
  parseRequest,
  policySchema,
  type AdvocateInput,
  type ActivityKind,
  type Eligibility,
  type FieldError,
  type Lifecycle,
  type LifecycleState,
  type Measurement,
  type Opportunity,
  type Policy,
  type Reason,
  type Request,
  type RequestInput,
} from '../../pkg/node/plaudit_wasm.js';

const advocate: AdvocateInput = {
  id: 'adv-1',
  customer_since: '2023-05-01',
  health_score: 90,
  nps: 9,
  consents: [{ purpose: 'program', status: 'granted', on: '2023-06-01' }],
  preferences: { activities: ['reference_call', 'case_study'], public: true },
};

const engine = new Engine({ eligibility: { min_health_score: 70 } });
const fromToml = new Engine('[fatigue]\nannual_cap = 4\n');
const fp: string = engine.fingerprint + fromToml.fingerprint;
const policy: Policy = engine.policy;
const cap: number = policy.fatigue.annual_cap;

const e: Eligibility = engine.eligibility(advocate, '2026-03-01');
const reasons: Reason[] = e.reasons;
const score: number = e.readiness.components.health + e.readiness.score + e.tenure_months;
const forReview: Eligibility = engine.eligibility(advocate, '2026-03-01', 'review');
const kind: ActivityKind = 'case_study';
const l: Lifecycle = engine.lifecycle(advocate, '2026-03-01');
const state: LifecycleState = l.state;

const input: RequestInput = {
  id: 'r1', kind, requested_on: '2026-03-01', needed_by: '2026-04-30',
  prospect: { industry: 'retail', country: 'DE', products: [], use_cases: [] },
};
const request: Request = parseRequest(input);
const country: string | null = request.prospect.country;
const schema: Record<string, unknown> = policySchema();

try {
  parseRequest(input);
} catch (err) {
  if (err instanceof PlauditError) {
    const problems: FieldError[] = err.errors;
    const where: string = err.path + err.code + err.message + problems.length;
    void where;
  }
}

// Measurement (the Node package only).
const deals: Opportunity[] = [{
  id: 'o1', amount: 1200, currency: 'USD', stage: 'won', created_on: '2026-01-05',
  closed_on: '2026-02-01', touches: [{ advocate_id: 'adv-1', kind: 'reference_call', on: '2026-01-10' }],
}];
const m: Measurement = engine.measure(deals, engine.roster([advocate]), { from: '2026-01-01', to: '2026-03-31' }, '2026-04-01');
const units: number = m.per_opportunity[0].credits[0].amount.units;
const shown: string = m.per_opportunity[0].credits[0].amount.amount;
const noRoster: Measurement = engine.measure(deals, null, { from: '2026-01-01', to: '2026-03-31' }, '2026-04-01');
// @ts-expect-error: the period is an object of two dates
engine.measure(deals, null, '2026-01-01', '2026-04-01');
// @ts-expect-error: money is exact minor units and a decimal text, not a number
const money: number = m.per_opportunity[0].credits[0].amount;

// @ts-expect-error: not a segment
const badSegment: AdvocateInput = { id: 'a', customer_since: '2020-01-01', health_score: 1, segment: 'huge' };
// @ts-expect-error: health_score is required
const noHealth: AdvocateInput = { id: 'a', customer_since: '2020-01-01' };
// @ts-expect-error: not an activity kind
engine.eligibility(advocate, '2026-03-01', 'webinar');
// @ts-expect-error: eligibility results are typed, not any
const wrong: string = e.eligible;
// @ts-expect-error: reasons are codes, not free text
const notAReason: Reason = 'too_busy';
// @ts-expect-error: a request needs a kind
const noKind: RequestInput = { id: 'r', requested_on: '2026-03-01', needed_by: '2026-03-02' };

void [units, shown, noRoster, money, fp, cap, reasons, score, forReview, state, country, schema, badSegment, noHealth, wrong, notAReason, noKind];
