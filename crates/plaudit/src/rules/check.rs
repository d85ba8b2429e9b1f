//! `check`: may this advocate be asked for this kind on this date? (docs/rules.md#eligibility-and-readiness, #fatigue-and-tiers, #rules-beyond-the-seeds)

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::input::dates::{Day, day};
use crate::input::records::{ActivityKind, Advocate, ConsentPurpose, Incentive};
use crate::reasons::{Reason, ReasonSet};
use crate::rules::facts::{Facts, Scalars};
use crate::rules::lifecycle::LifecycleState;
use crate::rules::scratch::{Base, KindPart, Scratch, Today};

pub use crate::input::ask::Ask;

/// The verdict on an ask.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Check {
    /// No blocking reason.
    pub allowed: bool,
    /// Every blocking reason, in code order.
    pub reasons: ReasonSet,
    /// With `consent_missing`: the purposes missing on the date.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missing_consents: Vec<ConsentPurpose>,
    /// The first date on or after the ask's on which it is allowed, when only reasons that
    /// time lifts block it (the ask's own date when allowed); absent otherwise.
    #[serde(
        default,
        with = "crate::input::dates::opt",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "schema", schemars(with = "Option<NaiveDate>"))]
    pub next_available_on: Option<NaiveDate>,
    /// Approvals needed before publishing.
    pub approvals: Vec<String>,
    /// Disclosures to make.
    pub disclosures: ReasonSet,
    /// Warnings that block nothing.
    pub warnings: ReasonSet,
    /// Policy fingerprint.
    pub policy: std::sync::Arc<str>,
}

impl crate::Engine {
    /// Checks one ask (docs/rules.md#eligibility-and-readiness, #fatigue-and-tiers, #rules-beyond-the-seeds): eligibility for the kind (reviews skip the NPS gate),
    /// lifecycle, consent on the ask date, incentives, willingness and public comfort, the
    /// publicity clause, disruptions, the annual cap over every window containing the date,
    /// per-kind caps and gaps, testimonial topics, response fatigue and the soft lock.
    ///
    /// ```
    /// use plaudit::{Advocate, Engine, Reason, check::Ask};
    /// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let mut a = Advocate::new("a", d("2020-01-01"));
    /// a.health_score = 90.0;
    /// a.nps = Some(10);
    /// a.has_measurable_outcome = true;
    /// a.activities = serde_json::from_str(r#"[{"kind": "case_study", "date": "2026-01-10", "status": "completed"}]"#).unwrap();
    /// let ask = Ask { kind: plaudit::ActivityKind::Referral, date: d("2026-03-01"), incentive: None, topic: None };
    /// let c = Engine::default().check(&a, &ask, d("2026-03-01"));
    /// assert!(c.allowed, "{:?}", c.reasons);
    /// assert_eq!(c.next_available_on, Some(d("2026-03-01")));
    /// ```
    pub fn check(&self, advocate: &Advocate, ask: &Ask, as_of: NaiveDate) -> Check {
        self.with_buffers(advocate.activities.len(), |b| {
            self.check_in(advocate, ask, as_of, b)
        })
    }

    fn check_in(
        &self,
        advocate: &Advocate,
        ask: &Ask,
        as_of: NaiveDate,
        b: &mut crate::engine::Buffers,
    ) -> Check {
        let policy = self.policy();
        let a = &b.converted.lite(advocate, self.policy());
        let scratch = &mut b.scratch;
        let today = Today::of(as_of);
        let base = self.base(a, Scalars::of(advocate), &today);
        let mut out = Check {
            allowed: false,
            reasons: ReasonSet::EMPTY,
            missing_consents: Vec::new(),
            next_available_on: None,
            approvals: Vec::new(),
            disclosures: ReasonSet::EMPTY,
            warnings: base.warnings,
            policy: self.fingerprint_arc(),
        };
        if base.erased {
            out.reasons.insert(Reason::Erased);
            return out;
        }
        self.shared(a, today.day, scratch);
        let kind = self.kind_part(
            &base,
            a,
            ask.kind,
            ask.incentive.as_ref(),
            ask.topic.as_deref(),
            scratch,
        );
        let (reasons, next) = self.at(&kind, a, day(ask.date), scratch);
        out.reasons = reasons;
        out.allowed = reasons.is_empty();
        out.next_available_on = next.and_then(crate::input::dates::next_date);
        out.disclosures = kind.disclosures;
        out.warnings = kind.warnings;
        out.approvals = crate::rules::compliance::approvals(policy, a, ask.kind);
        if reasons.contains(Reason::ConsentMissing) {
            out.missing_consents =
                crate::rules::compliance::missing_consents(policy, a, ask.kind, day(ask.date));
        }
        out
    }

    /// What a check needs that depends on neither the kind nor the date of the ask:
    /// lifecycle, `left_company`, the eligibility gates and the staleness warning.
    pub(crate) fn base(&self, a: &impl Facts, s: Scalars, today: &Today) -> Base {
        let lc = crate::rules::lifecycle::lifecycle(self.policy(), a, &s, today.day).state;
        self.base_in(lc, s, today)
    }

    /// [`Engine::base`] for a lifecycle state already known.
    pub(crate) fn base_in(&self, lc: LifecycleState, s: Scalars, today: &Today) -> Base {
        let policy = self.policy();
        let mut b = Base {
            erased: false,
            blocking: ReasonSet::EMPTY,
            nps: ReasonSet::EMPTY,
            warnings: ReasonSet::EMPTY,
            s,
        };
        match lc {
            LifecycleState::Erased => {
                b.erased = true;
                return b;
            }
            LifecycleState::OptedOut => b.blocking.insert(Reason::OptedOut),
            LifecycleState::Inactive => b.blocking.insert(Reason::Inactive),
            LifecycleState::AtRisk => b.warnings.insert(Reason::AtRisk),
            LifecycleState::Active => {}
        }
        if s.left_company {
            b.blocking.insert(Reason::LeftCompany);
        }
        let (gates, nps) = crate::rules::eligibility::gates(policy, &s, today.ymd, today.day);
        b.blocking = b.blocking.union(gates);
        b.nps = nps;
        if crate::rules::compliance::stale(policy, &s, today.day) {
            b.warnings.insert(Reason::ProfileStale);
        }
        b
    }

    /// The kind-independent capacity intervals of one advocate as of `as_of`, into
    /// `scratch` (see [`Engine::kind_part`]).
    pub(crate) fn shared(&self, a: &impl Facts, as_of: Day, scratch: &mut Scratch) {
        scratch
            .consent
            .set(crate::rules::compliance::ConsentMemo::EMPTY);
        crate::rules::capacity::shared(self.policy(), a, as_of, scratch);
    }

    /// What depends on the kind (and incentive and topic) but not on the date: willingness,
    /// incentives, and every interval of days time-lifted rules block, left in `scratch`
    /// as sorted lists ([`Scratch::lists`]). `scratch` must hold [`Engine::shared`]'s work for the same advocate
    /// and `as_of`.
    pub(crate) fn kind_part(
        &self,
        base: &Base,
        a: &impl Facts,
        kind: ActivityKind,
        incentive: Option<&Incentive>,
        topic: Option<&str>,
        scratch: &mut Scratch,
    ) -> KindPart {
        let part = self.kind_reasons(base, a, kind, incentive);
        crate::rules::capacity::blocks(self.policy(), a, &base.s, kind, topic, scratch);
        part
    }

    /// [`Engine::kind_part`] without the capacity intervals: the reasons that block the
    /// kind on every date. None of them is lifted by time, so when there is one, the kind
    /// has no next available date.
    #[inline]
    pub(crate) fn kind_reasons(
        &self,
        base: &Base,
        a: &impl Facts,
        kind: ActivityKind,
        incentive: Option<&Incentive>,
    ) -> KindPart {
        let policy = self.policy();
        let mut reasons = base.blocking;
        let nps_gate =
            !(policy.eligibility.review_sentiment_neutral && kind == ActivityKind::Review);
        if nps_gate {
            reasons = reasons.union(base.nps);
        }
        reasons = reasons.union(crate::rules::compliance::preferences(policy, &base.s, kind));
        let (block, disclosures, warn) =
            crate::rules::compliance::incentive(policy, a, kind, incentive);
        reasons = reasons.union(block);
        debug_assert!(!reasons.iter().any(Reason::lifted_by_time));
        KindPart {
            kind,
            reasons,
            disclosures,
            warnings: base.warnings.union(warn),
        }
    }

    /// The reasons an ask of `part.kind` on day `d` is blocked, and the first day on or
    /// after `d` it is allowed when only reasons time lifts block it. `scratch` must hold
    /// the lists `kind_part` left there.
    pub(crate) fn at(
        &self,
        part: &KindPart,
        a: &impl Facts,
        d: Day,
        scratch: &Scratch,
    ) -> (ReasonSet, Option<Day>) {
        let policy = self.policy();
        let mut memo = scratch.consent.get();
        let out = Self::at_in(part, d, &scratch.lists(), |d| {
            memo.missing(policy, a, part.kind, d)
        });
        scratch.consent.set(memo);
        out
    }

    /// [`Engine::at`] over blocked intervals (one sorted list or several), with
    /// `consent_missing` answering whether a consent the kind needs is missing on a day.
    pub(crate) fn at_in(
        part: &KindPart,
        d: Day,
        blocks: &[&[crate::rules::window::Block]],
        mut consent_missing: impl FnMut(Day) -> bool,
    ) -> (ReasonSet, Option<Day>) {
        let mut reasons = part.reasons;
        if consent_missing(d) {
            reasons.insert(Reason::ConsentMissing);
        }
        crate::rules::capacity::reasons_at(blocks, d, &mut reasons);
        let mut next = None;
        if reasons.is_empty() {
            // No interval holds `d`: it is the first free day.
            next = (d < crate::rules::window::FOREVER).then_some(d);
        } else if reasons.all_lifted_by_time() {
            if let Some(n) = crate::rules::capacity::next_free(blocks, d) {
                // Consent is judged on the activity date: it must hold on the new date too.
                if n == d || !consent_missing(n) {
                    next = Some(n);
                }
            }
        }
        (reasons, next)
    }
}
