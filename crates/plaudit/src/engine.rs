//! The [`Engine`]: a validated policy, ready to decide.

use chrono::NaiveDate;

use crate::error::PolicyError;
use crate::input::dates::day;
use crate::input::records::{ActivityKind, Advocate};
use crate::policy::Policy;
use crate::rules::eligibility::Eligibility;
use crate::rules::lifecycle::Lifecycle;

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
    buffers: Pool,
}

/// Working buffers for one single-advocate call (`evaluate`, `check`).
#[derive(Debug, Default)]
pub(crate) struct Buffers {
    pub scratch: crate::rules::scratch::Scratch,
    pub converted: crate::rules::facts::Converted,
}

/// A few [`Buffers`] kept between single-advocate calls, so that a call allocates only its
/// result. A call takes a set (or makes one) and gives it back; every call resets what it
/// reads, so no answer depends on what an earlier call left (the differential tests hold
/// `evaluate` to a fresh evaluator's answers). Never blocks: when another thread holds the
/// pool, the call makes its own buffers.
///
/// Not on wasm: one thread, and every byte of the module counts (a call there makes its
/// buffers).
#[cfg(not(target_family = "wasm"))]
#[derive(Default)]
#[allow(
    clippy::vec_box,
    reason = "a set is a few hundred bytes: boxed, taking and giving one back moves a pointer"
)]
struct Pool(std::sync::Mutex<Vec<Box<Buffers>>>);

/// Sets kept: one per thread that calls at the same time, up to this many.
#[cfg(not(target_family = "wasm"))]
const POOL_SETS: usize = 8;
/// Buffers grown past this many activity rows are dropped rather than kept.
#[cfg(not(target_family = "wasm"))]
const POOL_MAX_ROWS: usize = 4096;

#[cfg(target_family = "wasm")]
#[derive(Debug, Default, Clone)]
struct Pool;

#[cfg(target_family = "wasm")]
impl Pool {
    fn new() -> Pool {
        Pool
    }

    fn take(&self) -> Box<Buffers> {
        Box::default()
    }

    fn give(&self, _: Box<Buffers>, _: usize) {}
}

#[cfg(not(target_family = "wasm"))]
impl Pool {
    fn new() -> Pool {
        Pool::default()
    }

    fn take(&self) -> Box<Buffers> {
        self.0
            .try_lock()
            .ok()
            .and_then(|mut sets| sets.pop())
            .unwrap_or_default()
    }

    fn give(&self, b: Box<Buffers>, rows: usize) {
        if rows > POOL_MAX_ROWS {
            return;
        }
        if let Ok(mut sets) = self.0.try_lock() {
            if sets.len() < POOL_SETS {
                sets.push(b);
            }
        }
    }
}

#[cfg(not(target_family = "wasm"))]
impl Clone for Pool {
    /// A clone starts with no buffers of its own.
    fn clone(&self) -> Self {
        Pool::new()
    }
}

#[cfg(not(target_family = "wasm"))]
impl std::fmt::Debug for Pool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pool")
    }
}

const _: () = {
    const fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Engine>();
};

impl Default for Engine {
    /// An engine with the default policy.
    fn default() -> Self {
        let mut policy = Policy::default();
        policy.normalize();
        let fingerprint = policy.fingerprint();
        Engine {
            policy,
            fingerprint: fingerprint.into(),
            buffers: Pool::new(),
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
            buffers: Pool::new(),
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

    /// Runs `f` with working buffers from the engine's pool (for an advocate with `rows`
    /// activity rows).
    pub(crate) fn with_buffers<R>(&self, rows: usize, f: impl FnOnce(&mut Buffers) -> R) -> R {
        let mut b = self.buffers.take();
        let out = f(&mut b);
        self.buffers.give(b, rows);
        out
    }

    /// The fingerprint, shared (decisions hold it without copying).
    pub(crate) fn fingerprint_arc(&self) -> std::sync::Arc<str> {
        self.fingerprint.clone()
    }

    /// Eligibility (docs/rules.md#eligibility-and-readiness) as of `as_of`: every failed gate, and the readiness score.
    pub fn eligibility(&self, advocate: &Advocate, as_of: NaiveDate) -> Eligibility {
        if advocate.erasure_requested {
            return Eligibility::erased();
        }
        let s = crate::rules::facts::Scalars::of(advocate);
        crate::rules::eligibility::eligibility(&self.policy, advocate, &s, as_of, None)
    }

    /// Eligibility for one kind of ask: for `review` the NPS gate does not apply when
    /// `review_sentiment_neutral` is on (no review gating, docs/rules.md#no-review-gating).
    pub fn eligibility_for(
        &self,
        advocate: &Advocate,
        as_of: NaiveDate,
        kind: ActivityKind,
    ) -> Eligibility {
        if advocate.erasure_requested {
            return Eligibility::erased();
        }
        let s = crate::rules::facts::Scalars::of(advocate);
        crate::rules::eligibility::eligibility(&self.policy, advocate, &s, as_of, Some(kind))
    }

    /// Lifecycle (docs/rules.md#lifecycle, #precise-points) as of `as_of`; records dated after `as_of` are ignored.
    pub fn lifecycle(&self, advocate: &Advocate, as_of: NaiveDate) -> Lifecycle {
        let s = crate::rules::facts::Scalars::of(advocate);
        crate::rules::lifecycle::lifecycle(&self.policy, advocate, &s, day(as_of))
    }
}
