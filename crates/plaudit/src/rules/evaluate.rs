//! The whole report for one advocate (issue 4): eligibility and readiness, lifecycle, tier,
//! capacity used and remaining, and the next available date per kind.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::input::records::{ActivityKind, Advocate};
use crate::reasons::{Reason, ReasonSet};
use crate::rules::eligibility::Eligibility;
use crate::rules::facts::Facts;
use crate::rules::kind_map::KindMap;
use crate::rules::lifecycle::{Lifecycle, LifecycleState};
use crate::rules::scratch::{Scratch, Today};
use crate::rules::tiers::TierStatus;

/// Annual capacity as of a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Capacity {
    /// Counted activities (completed and scheduled, of kinds that count) in the window
    /// ending at `as_of`.
    pub counted_in_window: u32,
    /// The annual cap.
    pub annual_cap: u32,
    /// Asks still possible today: `annual_cap` minus the fullest window containing `as_of`
    /// (future bookings included), at least 0.
    pub remaining: u32,
}

/// Everything Plaudit decides about one advocate as of a date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Evaluation {
    /// Advocate id.
    pub id: String,
    /// Policy fingerprint.
    pub policy: std::sync::Arc<str>,
    /// Lifecycle (for `erased`, the only field besides the id and policy).
    pub lifecycle: Lifecycle,
    /// Eligibility gates and readiness.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eligibility: Option<Eligibility>,
    /// Effective tier with demotion grace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<TierStatus>,
    /// Capacity used and remaining.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<Capacity>,
    /// Per kind the advocate may be asked for: the first date on or after `as_of` on which
    /// an ask is allowed; `null` when a reason time does not lift blocks it.
    #[serde(default, skip_serializing_if = "KindMap::is_empty")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "std::collections::BTreeMap<ActivityKind, Option<NaiveDate>>")
    )]
    pub next_available: KindMap<NextDate>,
    /// Warnings: `at_risk`, `profile_stale`.
    pub warnings: ReasonSet,
    /// Reasons that exclude the advocate from every ask (lifecycle, `left_company`).
    pub excluded: ReasonSet,
}

/// A date or `null`, serialized as `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct NextDate(#[serde(with = "crate::input::dates::opt")] pub Option<NaiveDate>);

/// The report for one advocate, over either layout (see [`crate::rules::facts`]).
pub(crate) fn evaluate<F: Facts>(
    engine: &crate::Engine,
    a: &F,
    id: &str,
    today: &Today,
    scratch: &mut Scratch,
) -> Evaluation {
    let policy = engine.policy();
    let s = a.scalars();
    let lifecycle = crate::rules::lifecycle::lifecycle(policy, a, &s, today.day);
    let mut out = Evaluation {
        id: id.to_owned(),
        policy: engine.fingerprint_arc(),
        lifecycle,
        eligibility: None,
        tier: None,
        capacity: None,
        next_available: KindMap::new(),
        warnings: ReasonSet::EMPTY,
        excluded: ReasonSet::EMPTY,
    };
    let state = out.lifecycle.state;
    match state {
        LifecycleState::Erased => {
            out.excluded.insert(Reason::Erased);
            return out;
        }
        LifecycleState::OptedOut => out.excluded.insert(Reason::OptedOut),
        LifecycleState::Inactive => out.excluded.insert(Reason::Inactive),
        LifecycleState::AtRisk => out.warnings.insert(Reason::AtRisk),
        LifecycleState::Active => {}
    }
    if s.left_company {
        out.excluded.insert(Reason::LeftCompany);
    }
    out.eligibility = Some(crate::rules::eligibility::eligibility(
        policy, a, &s, today.date, None,
    ));
    out.tier = Some(crate::rules::tiers::tier_status(policy, a, &s, today.date));
    let base = engine.base_in(state, s, today);
    out.warnings = out.warnings.union(base.warnings);
    // Kinds blocked on every date (the usual case for an ineligible advocate) have no next
    // date: their capacity intervals are not needed.
    let mut parts = [None; ActivityKind::ALL.len()];
    let mut open = false;
    for (slot, &kind) in parts.iter_mut().zip(ActivityKind::ALL) {
        if s.willing(kind) {
            let part = engine.kind_reasons(&base, a, kind, None);
            open |= part.reasons.is_empty();
            *slot = Some(part);
        }
    }
    if open {
        scratch
            .consent
            .set(crate::rules::compliance::ConsentMemo::EMPTY);
        crate::rules::capacity::bucket(policy, a, scratch);
        crate::rules::capacity::shared_from_counted(policy, a, today.day, scratch);
    } else {
        crate::rules::window::counted_days_into(policy, a, &mut scratch.all);
    }
    let cap = policy.fatigue.annual_cap;
    let window = i32::try_from(policy.fatigue.window_days).unwrap_or(365);
    let counted = &scratch.all;
    let load = crate::rules::window::load(counted, today.day, window);
    out.capacity = Some(Capacity {
        counted_in_window: crate::rules::window::count_in(counted, today.day, window),
        annual_cap: cap,
        remaining: cap.saturating_sub(load),
    });
    for (part, &kind) in parts.iter().zip(ActivityKind::ALL) {
        let Some(part) = part else { continue };
        let next = if part.reasons.is_empty() {
            crate::rules::capacity::blocks_of_kind(policy, &s, kind, scratch);
            let (_, next) = engine.at(part, a, today.day, scratch);
            next.filter(|&d| d <= crate::input::dates::LAST_DAY)
                .map(|d| today.date_of(d))
        } else {
            None
        };
        out.next_available.insert(kind, NextDate(next));
    }
    out
}

impl crate::Engine {
    /// The whole report for one advocate as of `as_of`: lifecycle, eligibility and
    /// readiness, tier (with demotion grace), capacity used and remaining, and the next
    /// available date for each kind the advocate is willing to do. An erased advocate's
    /// report carries only its id, the policy and the lifecycle.
    ///
    /// To evaluate many advocates as of one date, [`crate::Engine::evaluator`] reuses its
    /// buffers from one to the next.
    pub fn evaluate(&self, advocate: &Advocate, as_of: NaiveDate) -> Evaluation {
        self.with_buffers(advocate.activities.len(), |b| {
            evaluate(
                self,
                &b.converted.single(advocate, self.policy()),
                &advocate.id,
                &Today::of(as_of),
                &mut b.scratch,
            )
        })
    }

    /// An [`Evaluator`]: [`crate::Engine::evaluate`] for many advocates as of one date,
    /// with its working buffers kept from one advocate to the next.
    ///
    /// ```
    /// use plaudit::{Advocate, Engine};
    /// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let engine = Engine::default();
    /// let advocates = [Advocate::new("a", d("2020-01-01")), Advocate::new("b", d("2024-05-01"))];
    /// let mut ev = engine.evaluator(d("2026-03-01"));
    /// let reports: Vec<_> = advocates.iter().map(|a| ev.evaluate(a)).collect();
    /// assert_eq!(reports[1], engine.evaluate(&advocates[1], d("2026-03-01")));
    /// ```
    pub fn evaluator(&self, as_of: NaiveDate) -> Evaluator<'_> {
        Evaluator {
            engine: self,
            today: Today::of(as_of),
            scratch: Scratch::default(),
            converted: crate::rules::facts::Converted::default(),
        }
    }
}

/// Evaluates advocates one after another as of one date ([`crate::Engine::evaluator`]),
/// reusing its working buffers: after the first few advocates, the only allocations are the
/// reports' own. Gives exactly what [`crate::Engine::evaluate`] gives.
#[derive(Debug)]
pub struct Evaluator<'e> {
    engine: &'e crate::Engine,
    today: Today,
    scratch: Scratch,
    converted: crate::rules::facts::Converted,
}

impl Evaluator<'_> {
    /// The report for one advocate (see [`crate::Engine::evaluate`]).
    pub fn evaluate(&mut self, advocate: &Advocate) -> Evaluation {
        let single = self.converted.single(advocate, self.engine.policy());
        evaluate(
            self.engine,
            &single,
            &advocate.id,
            &self.today,
            &mut self.scratch,
        )
    }

    /// The date of the reports.
    pub fn as_of(&self) -> NaiveDate {
        self.today.date
    }
}
