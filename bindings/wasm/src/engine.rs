//! The `Engine` and `Roster` classes: each method reads its arguments (convert.rs), calls the
//! core once and converts the result. No rule lives here.

use plaudit::Advocate;
use wasm_bindgen::prelude::*;

use crate::convert::{date, record, to_js};
use crate::error::Problems;

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

    /// Eligibility (SPEC §2) as of `asOf`: every failed gate and the readiness score. With
    /// `kind`, the gates for that kind of ask (no NPS gate for reviews by default).
    #[wasm_bindgen(unchecked_return_type = "Eligibility")]
    pub fn eligibility(
        &self,
        #[wasm_bindgen(unchecked_param_type = "AdvocateInput")] advocate: JsValue,
        #[wasm_bindgen(js_name = "asOf", unchecked_param_type = "IsoDate")] as_of: &str,
        #[wasm_bindgen(unchecked_optional_param_type = "ActivityKind")] kind: Option<String>,
    ) -> Result<JsValue, Problems> {
        let advocate: Advocate = record(advocate, "advocate")?;
        let as_of = date(as_of, "asOf")?;
        to_js(&match crate::convert::kind(kind, "kind")? {
            Some(k) => self.inner.eligibility_for(&advocate, as_of, k),
            None => self.inner.eligibility(&advocate, as_of),
        })
    }

    /// Lifecycle (SPEC §3) as of `asOf`: `active`, `at_risk`, `inactive`, `opted_out` or
    /// `erased`, with the numbers behind it.
    #[wasm_bindgen(unchecked_return_type = "Lifecycle")]
    pub fn lifecycle(
        &self,
        #[wasm_bindgen(unchecked_param_type = "AdvocateInput")] advocate: JsValue,
        #[wasm_bindgen(js_name = "asOf", unchecked_param_type = "IsoDate")] as_of: &str,
    ) -> Result<JsValue, Problems> {
        let advocate: Advocate = record(advocate, "advocate")?;
        to_js(&self.inner.lifecycle(&advocate, date(as_of, "asOf")?))
    }

    /// Prepares a roster (advocates validated, ids unique) for the population operations.
    /// Build it once and reuse it.
    pub fn roster(
        &self,
        #[wasm_bindgen(unchecked_param_type = "AdvocateInput[]")] advocates: JsValue,
    ) -> Result<Roster, Problems> {
        let advocates: Vec<Advocate> = record(advocates, "advocates")?;
        Ok(Roster { advocates })
    }
}

/// A prepared roster, built once by `engine.roster(advocates)`.
#[wasm_bindgen]
#[derive(Debug, Clone)]
pub struct Roster {
    advocates: Vec<Advocate>,
}

#[wasm_bindgen]
impl Roster {
    /// How many advocates it holds.
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> usize {
        self.advocates.len()
    }

    /// The advocates' ids, in roster order.
    pub fn ids(&self) -> Vec<String> {
        self.advocates.iter().map(|a| a.id.clone()).collect()
    }
}
