//! The `Engine` and `Roster` classes: each method reads its arguments (convert.rs), calls the
//! core once and converts the result. No rule lives here.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use plaudit::check::Ask;
use plaudit::{Advocate, CoverageTarget, ErrorCode, Request};
use wasm_bindgen::prelude::*;

use crate::convert::{date, raw, record, to_js};
use crate::error::Problems;

/// Most advocates one roster holds in WebAssembly: its 32-bit memory (4 GiB at most, often
/// less in browsers) holds a prepared roster of about this size with room to rank it. Larger
/// programs rank natively (the CLI, Python) or send the browser a shortlist.
pub const MAX_ROSTER: u32 = 250_000;

/// The rules engine: a validated policy and its fingerprint. Build it once, call it often.
#[wasm_bindgen]
#[derive(Debug, Clone)]
pub struct Engine {
    inner: plaudit::Engine,
}

#[wasm_bindgen]
impl Engine {
    /// An engine with the default policy, or with `policy`: an object, JSON text, or (Node
    /// package) TOML text. Every problem in the policy is reported with its key path, and
    /// line and column for text.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(
            unchecked_optional_param_type = "PolicyInput | string",
            param_description = "policy overrides (every key optional); the defaults when absent"
        )]
        policy: Option<JsValue>,
    ) -> Result<Engine, Problems> {
        let inner = match crate::convert::policy(policy)? {
            Some(p) => plaudit::Engine::new(p)?,
            None => plaudit::Engine::default(),
        };
        Ok(Engine { inner })
    }

    /// The policy fingerprint (`sha256:` and 16 hex digits), carried by every decision.
    #[wasm_bindgen(getter)]
    pub fn fingerprint(&self) -> String {
        self.inner.fingerprint().to_owned()
    }

    /// The effective policy, every key spelled out.
    #[wasm_bindgen(getter, unchecked_return_type = "Policy")]
    pub fn policy(&self) -> Result<JsValue, Problems> {
        to_js(self.inner.policy())
    }

    /// Eligibility (docs/rules.md#eligibility-and-readiness) as of `asOf`: every failed gate and the readiness score. With
    /// `kind`, the gates for that kind of ask (no NPS gate for reviews by default).
    #[wasm_bindgen(unchecked_return_type = "Eligibility")]
    pub fn eligibility(
        &self,
        #[wasm_bindgen(unchecked_param_type = "AdvocateInput")] advocate: JsValue,
        #[wasm_bindgen(js_name = "asOf", unchecked_param_type = "IsoDate")] as_of: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ActivityKind")] kind: Option<JsValue>,
    ) -> Result<JsValue, Problems> {
        let advocate: Advocate = record(advocate, "advocate")?;
        let as_of = date(&as_of, "asOf")?;
        to_js(&match crate::convert::kind(kind, "kind")? {
            Some(k) => self.inner.eligibility_for(&advocate, as_of, k),
            None => self.inner.eligibility(&advocate, as_of),
        })
    }

    /// Lifecycle (docs/rules.md#lifecycle) as of `asOf`: `active`, `at_risk`, `inactive`, `opted_out` or
    /// `erased`, with the numbers behind it.
    #[wasm_bindgen(unchecked_return_type = "Lifecycle")]
    pub fn lifecycle(
        &self,
        #[wasm_bindgen(unchecked_param_type = "AdvocateInput")] advocate: JsValue,
        #[wasm_bindgen(js_name = "asOf", unchecked_param_type = "IsoDate")] as_of: JsValue,
    ) -> Result<JsValue, Problems> {
        let advocate: Advocate = record(advocate, "advocate")?;
        to_js(&self.inner.lifecycle(&advocate, date(&as_of, "asOf")?))
    }

    /// Everything about one advocate as of `asOf` (docs/rules.md#eligibility-and-readiness, #fatigue-and-tiers): eligibility and readiness,
    /// lifecycle, tier, capacity used and left, the next date per kind.
    #[wasm_bindgen(unchecked_return_type = "Evaluation")]
    pub fn evaluate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "AdvocateInput")] advocate: JsValue,
        #[wasm_bindgen(js_name = "asOf", unchecked_param_type = "IsoDate")] as_of: JsValue,
    ) -> Result<JsValue, Problems> {
        let advocate: Advocate = record(advocate, "advocate")?;
        to_js(&self.inner.evaluate(&advocate, date(&as_of, "asOf")?))
    }

    /// May this advocate be asked for this (kind, date, incentive, topic)? Every blocking
    /// reason, the next date it would be allowed, approvals, disclosures, warnings.
    #[wasm_bindgen(unchecked_return_type = "Check")]
    pub fn check(
        &self,
        #[wasm_bindgen(unchecked_param_type = "AdvocateInput")] advocate: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Ask")] ask: JsValue,
        #[wasm_bindgen(js_name = "asOf", unchecked_param_type = "IsoDate")] as_of: JsValue,
    ) -> Result<JsValue, Problems> {
        let advocate: Advocate = record(advocate, "advocate")?;
        let ask: Ask = record(ask, "ask")?;
        to_js(&self.inner.check(&advocate, &ask, date(&as_of, "asOf")?))
    }

    /// The participation tier (docs/rules.md#fatigue-and-tiers) of one advocate, with demotion grace.
    #[wasm_bindgen(unchecked_return_type = "TierStatus")]
    pub fn tier(
        &self,
        #[wasm_bindgen(unchecked_param_type = "AdvocateInput")] advocate: JsValue,
        #[wasm_bindgen(js_name = "asOf", unchecked_param_type = "IsoDate")] as_of: JsValue,
    ) -> Result<JsValue, Problems> {
        let advocate: Advocate = record(advocate, "advocate")?;
        to_js(&self.inner.tier(&advocate, date(&as_of, "asOf")?))
    }

    /// Validates a request as a form holds it (docs/rules.md#request-validation): `{ ok, errors, warnings }`, each
    /// problem `{ field, code, message }` with a JSON-pointer-like field (`/prospect/country`).
    /// A half-filled form is normal input: its problems are data, not a throw.
    #[wasm_bindgen(
        js_name = "validateRequest",
        unchecked_return_type = "RequestValidation"
    )]
    pub fn validate_request(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RequestInput | Record<string, unknown>")]
        request: JsValue,
    ) -> Result<JsValue, Problems> {
        // Whatever the form holds, the answer is a verdict, never a throw: a value with no
        // JSON form (a lone surrogate, a cycle) is an error of the request.
        let verdict = match raw(&request, "request") {
            Ok((v, unreadable)) => self.inner.validate_request_with(&v, &unreadable),
            Err(p) => p.as_validation(),
        };
        to_js(&verdict)
    }

    /// Prepares a roster (advocates normalized and validated, ids unique, keys interned) for
    /// the population operations. Build it once and reuse it.
    #[wasm_bindgen(unchecked_return_type = "Roster")]
    pub fn roster(
        &self,
        #[wasm_bindgen(unchecked_param_type = "AdvocateInput[]")] advocates: JsValue,
    ) -> Result<JsValue, Problems> {
        if js_sys::Array::is_array(&advocates) {
            let n = js_sys::Array::from(&advocates).length();
            if n > MAX_ROSTER {
                return Err(Problems::one(
                    "advocates",
                    plaudit::ErrorCode::TooMany,
                    format!(
                        "{n} advocates is more than {MAX_ROSTER}, the most one roster holds in WebAssembly"
                    ),
                ));
            }
        }
        let inner: plaudit::Roster = record(advocates, "advocates")?;
        let key = NEXT_KEY.with(|k| {
            let key = k.get();
            k.set(key.wrapping_add(1));
            key
        });
        let inner = Rc::new(inner);
        ROSTERS.with(|r| r.borrow_mut().insert(key, Rc::clone(&inner)));
        let object = JsValue::from(Roster { key, inner });
        // The key that finds the roster again when it comes back as an argument (see
        // `roster_arg`); a failure only means the object is frozen, which it is not.
        let _ = js_sys::Reflect::set(&object, &JsValue::from_str(KEY), &JsValue::from(key));
        Ok(object)
    }

    /// Ranks a prepared roster for a request (docs/rules.md#matching-and-ranking): the matches with their score
    /// breakdown, every exclusion with all its reasons, the summary, and near misses.
    #[wasm_bindgen(unchecked_return_type = "Ranking")]
    pub fn rank(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RequestInput")] request: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Roster")] roster: JsValue,
        #[wasm_bindgen(js_name = "asOf", unchecked_param_type = "IsoDate")] as_of: JsValue,
    ) -> Result<JsValue, Problems> {
        let request: Request = record(request, "request")?;
        let roster = roster_arg(&roster)?;
        to_js(&self.inner.rank(&request, &roster, date(&as_of, "asOf")?))
    }

    /// Tiers for a whole roster (docs/rules.md#fatigue-and-tiers), with the population shares and their cascade.
    #[wasm_bindgen(js_name = "assignTiers", unchecked_return_type = "TierAssignment")]
    pub fn assign_tiers(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Roster")] roster: JsValue,
        #[wasm_bindgen(js_name = "asOf", unchecked_param_type = "IsoDate")] as_of: JsValue,
    ) -> Result<JsValue, Problems> {
        let roster = roster_arg(&roster)?;
        to_js(&self.inner.assign_tiers(&roster, date(&as_of, "asOf")?))
    }

    /// The program at a glance (docs/rules.md#portfolio-views): coverage of each target, tier mix,
    /// concentration, lifecycle counts and enrollment candidates.
    #[wasm_bindgen(unchecked_return_type = "Portfolio")]
    pub fn coverage(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Roster")] roster: JsValue,
        #[wasm_bindgen(unchecked_param_type = "CoverageTargetInput[]")] targets: JsValue,
        #[wasm_bindgen(js_name = "asOf", unchecked_param_type = "IsoDate")] as_of: JsValue,
    ) -> Result<JsValue, Problems> {
        let roster = roster_arg(&roster)?;
        let targets: Vec<CoverageTarget> = record(targets, "targets")?;
        to_js(
            &self
                .inner
                .coverage(&roster, &targets, date(&as_of, "asOf")?),
        )
    }

    /// Program measurement (docs/measurement.md) over `period` (`{from, to}`, inclusive) as
    /// of `asOf`: attribution of won deals to advocates without double counting (exact
    /// money in minor units), the KPIs and their breakdowns, the funnel, outreach
    /// experiments, the scorecard and warnings. `roster` (a `Roster`, or `null`) adds the
    /// roster's own KPIs. The Node package only: the browser package stays within its size
    /// budget without it (see the README).
    #[cfg(feature = "measure")]
    #[wasm_bindgen(unchecked_return_type = "Measurement")]
    pub fn measure(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Opportunity[]")] opportunities: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Roster | null")] roster: JsValue,
        #[wasm_bindgen(unchecked_param_type = "{ from: IsoDate; to: IsoDate }")] period: JsValue,
        #[wasm_bindgen(js_name = "asOf", unchecked_param_type = "IsoDate")] as_of: JsValue,
    ) -> Result<JsValue, Problems> {
        let deals: Vec<plaudit::Opportunity> = record(opportunities, "opportunities")?;
        let roster = if roster.is_undefined() || roster.is_null() {
            None
        } else {
            Some(roster_arg(&roster)?)
        };
        let (from, to) = crate::convert::period(&period, "period")?;
        let as_of = date(&as_of, "asOf")?;
        let m = self
            .inner
            .measure(&deals, roster.as_deref(), (from, to), as_of)
            .map_err(Problems::from)?;
        to_js(&m)
    }
}

/// A prepared roster, built once by `engine.roster(advocates)`.
#[wasm_bindgen]
#[derive(Debug)]
pub struct Roster {
    key: u32,
    inner: Rc<plaudit::Roster>,
}

/// The property of a roster object holding its key.
const KEY: &str = "__plauditRoster";

thread_local! {
    /// The live rosters by key. An argument is looked up here rather than taken as
    /// `&Roster`, whose generated glue throws a plain `Error` (not a `PlauditError`) for a
    /// freed roster or another object.
    static ROSTERS: RefCell<HashMap<u32, Rc<plaudit::Roster>>> = RefCell::new(HashMap::new());
    static NEXT_KEY: Cell<u32> = const { Cell::new(1) };
}

impl Drop for Roster {
    fn drop(&mut self) {
        // `free()`, or the garbage collector: the roster is gone for every later call.
        let _ = ROSTERS.try_with(|r| r.borrow_mut().remove(&self.key));
    }
}

/// The roster an argument names: a live `Roster`, else an `invalid_type` problem at
/// `roster`.
fn roster_arg(value: &JsValue) -> Result<Rc<plaudit::Roster>, Problems> {
    let key = if value.is_object() {
        js_sys::Reflect::get(value, &JsValue::from_str(KEY))
            .ok()
            .and_then(|k| k.as_f64())
    } else {
        None
    };
    let found = key.and_then(|k| ROSTERS.with(|r| r.borrow().get(&(k as u32)).cloned()));
    found.ok_or_else(|| {
        let why = if key.is_some() {
            "the roster was freed (`free()`): build it again with `engine.roster(advocates)`"
        } else {
            "is not a Roster: build one with `engine.roster(advocates)`"
        };
        Problems::one("roster", ErrorCode::InvalidType, why)
    })
}

#[wasm_bindgen]
impl Roster {
    /// How many advocates it holds.
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> usize {
        self.inner.len()
    }

    /// The advocates' ids, in roster order.
    pub fn ids(&self) -> Vec<String> {
        self.inner
            .advocates()
            .iter()
            .map(|a| a.id.clone())
            .collect()
    }
}
