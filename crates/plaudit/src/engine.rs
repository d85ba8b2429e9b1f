//! The [`Engine`]: a validated policy, ready to decide.

use chrono::NaiveDate;

use crate::dates::day;
use crate::eligibility::Eligibility;
use crate::error::PolicyError;
use crate::lifecycle::Lifecycle;
use crate::policy::Policy;
use crate::records::{ActivityKind, Advocate};

/// The rules engine: a validated, normalized policy and its fingerprint.
///
/// Pure and deterministic: no clock (callers pass `as_of`), no I/O, no global state. `Send +
/// Sync`, so one engine can serve every thread.
///
/// ```
/// use chrono::NaiveDate;
/// use plaudit::{Advocate, Engine, Policy, Reason};
///
/// let engine = Engine::new(Policy::default()).unwrap();
/// let d = |s: &str| s.parse::<NaiveDate>().unwrap();
/// let mut a = Advocate::new("adv-1", d("2024-03-01"));
/// a.health_score = 79.0;
/// a.nps = Some(10);
/// a.has_measurable_outcome = true;
/// let e = engine.eligibility(&a, d("2026-03-01"));
/// assert!(!e.eligible);
/// assert_eq!(e.reasons.to_vec(), vec![Reason::HealthBelowMinimum]);
/// assert_eq!(e.tenure_months, 24);
/// ```
#[derive(Debug, Clone)]
pub struct Engine {
    policy: Policy,
    fingerprint: std::sync::Arc<str>,
}

const _: () = {
    const fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Engine>();
};

impl Default for Engine {
    /// An engine with the SPEC's default policy.
    fn default() -> Self {
        let mut policy = Policy::default();
        policy.normalize();
        let fingerprint = policy.fingerprint();
        Engine {
            policy,
            fingerprint: fingerprint.into(),
        }
    }
}

impl Engine {
    /// Builds an engine from a policy, normalizing it and checking every range and
    /// cross-field rule (all problems are reported).
    pub fn new(mut policy: Policy) -> Result<Engine, PolicyError> {
        policy.normalize();
        policy.validate()?;
        let fingerprint = policy.fingerprint();
        Ok(Engine {
            policy,
            fingerprint: fingerprint.into(),
        })
    }

    /// The effective (normalized) policy.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The policy's fingerprint (see [`Policy::fingerprint`]); every decision carries it.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// The fingerprint, shared (decisions hold it without copying).
    pub(crate) fn fingerprint_arc(&self) -> std::sync::Arc<str> {
        self.fingerprint.clone()
    }

    /// Eligibility (SPEC §2) as of `as_of`: every failed gate, and the readiness score.
    pub fn eligibility(&self, advocate: &Advocate, as_of: NaiveDate) -> Eligibility {
        let s = crate::facts::Scalars::of(advocate);
        crate::eligibility::eligibility(&self.policy, advocate, &s, as_of, None)
    }

    /// Eligibility for one kind of ask: for `review` the NPS gate does not apply when
    /// `review_sentiment_neutral` is on (no review gating, SPEC §12.1).
    pub fn eligibility_for(
        &self,
        advocate: &Advocate,
        as_of: NaiveDate,
        kind: ActivityKind,
    ) -> Eligibility {
        let s = crate::facts::Scalars::of(advocate);
        crate::eligibility::eligibility(&self.policy, advocate, &s, as_of, Some(kind))
    }

    /// Lifecycle (SPEC §3, §11) as of `as_of`; records dated after `as_of` are ignored.
    pub fn lifecycle(&self, advocate: &Advocate, as_of: NaiveDate) -> Lifecycle {
        let s = crate::facts::Scalars::of(advocate);
        crate::lifecycle::lifecycle(&self.policy, advocate, &s, day(as_of))
    }
}
