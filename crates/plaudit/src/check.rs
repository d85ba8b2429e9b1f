//! `check`: may this advocate be asked for this kind on this date? (SPEC §2-§5, §12)

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::dates::{date, day};
use crate::lifecycle::LifecycleState;
use crate::reasons::{Reason, ReasonSet};
use crate::records::{ActivityKind, Advocate, ConsentPurpose, Incentive};

/// An ask: a kind on a date, optionally with an incentive and (for testimonials) a topic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Ask {
    /// What is asked for.
    pub kind: ActivityKind,
    /// The date of the activity.
    #[serde(with = "crate::dates::req")]
    #[cfg_attr(feature = "schema", schemars(with = "NaiveDate"))]
    pub date: NaiveDate,
    /// The incentive offered.
    #[serde(default)]
    pub incentive: Option<Incentive>,
    /// The topic (testimonials may not repeat one within a window).
    #[serde(default)]
    pub topic: Option<String>,
}

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
        with = "crate::dates::opt",
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
    pub policy: String,
}

impl crate::Engine {
    /// Checks one ask (SPEC §2-§5, §12): eligibility for the kind (reviews skip the NPS gate),
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
        let policy = self.policy();
        let mut out = Check {
            allowed: false,
            reasons: ReasonSet::EMPTY,
            missing_consents: Vec::new(),
            next_available_on: None,
            approvals: Vec::new(),
            disclosures: ReasonSet::EMPTY,
            warnings: ReasonSet::EMPTY,
            policy: self.fingerprint().to_owned(),
        };
        let a = advocate;
        let lc = self.lifecycle(a, as_of).state;
        match lc {
            LifecycleState::Erased => {
                out.reasons.insert(Reason::Erased);
                return out;
            }
            LifecycleState::OptedOut => out.reasons.insert(Reason::OptedOut),
            LifecycleState::Inactive => out.reasons.insert(Reason::Inactive),
            LifecycleState::AtRisk => out.warnings.insert(Reason::AtRisk),
            LifecycleState::Active => {}
        }
        let today = day(as_of);
        let d = day(ask.date);
        if a.left_company {
            out.reasons.insert(Reason::LeftCompany);
        }
        out.reasons = out
            .reasons
            .union(self.eligibility_for(a, as_of, ask.kind).reasons)
            .union(crate::compliance::preferences(policy, a, ask.kind));
        let (block, disclose, warn) =
            crate::compliance::incentive(policy, a, ask.kind, ask.incentive.as_ref());
        out.reasons = out.reasons.union(block);
        out.disclosures = disclose;
        out.warnings = out.warnings.union(warn);
        if crate::compliance::stale(policy, a, today) {
            out.warnings.insert(Reason::ProfileStale);
        }
        out.approvals = crate::compliance::approvals(policy, a, ask.kind);
        let missing = crate::compliance::missing_consents(policy, a, ask.kind, d);
        if !missing.is_empty() {
            out.reasons.insert(Reason::ConsentMissing);
        }
        out.missing_consents = missing;

        let mut blocks = Vec::new();
        crate::capacity::blocks(
            policy,
            a,
            ask.kind,
            ask.topic.as_deref(),
            today,
            &mut blocks,
        );
        for &(s, e, r) in &blocks {
            if s <= d && d <= e {
                out.reasons.insert(r);
            }
        }
        out.allowed = out.reasons.is_empty();
        let only_time = out.reasons.iter().all(Reason::lifted_by_time);
        if only_time {
            if let Some(next) = crate::capacity::next_free(&mut blocks, d) {
                // Consent is judged on the activity date: it must hold on the new date too.
                if next == d
                    || crate::compliance::missing_consents(policy, a, ask.kind, next).is_empty()
                {
                    out.next_available_on = Some(date(next));
                }
            }
        }
        out
    }
}
