//! Reason codes: why an advocate is excluded, what to watch, what to disclose.
//!
//! Every decision is explained with these codes. Their snake_case strings are stable: they
//! never change meaning, and new codes are only ever added. Lists of reasons are sorted by
//! code in byte order (docs/rules.md#sorted-reasons); the enum is declared in that order, so sorting the enum
//! and sorting the strings agree, and a [`ReasonSet`] iterates in that order too.
//!
//! The table of every code, its kind and its meaning is [`Reason::table_markdown`] (also
//! `docs/reasons.md`, checked against this file by a test).

use serde::{Deserialize, Serialize};

use crate::macros::string_enum;

string_enum! {
    /// A stable reason code. Declared in byte order of the strings.
    pub enum Reason {
        /// The account's advocates already gave `account_annual_cap` counted activities in a
        /// window containing the date (docs/rules.md#account-cap).
        AccountCapReached => "account_cap_reached",
        /// `annual_cap` counted activities in a window containing the date (docs/rules.md#fatigue-and-tiers).
        AnnualCapReached => "annual_cap_reached",
        /// Engagement fell by half or more over the last 60 days (docs/rules.md#lifecycle).
        AtRisk => "at_risk",
        /// A consent the kind needs is not valid on the date (docs/rules.md#consent-and-compliance).
        ConsentMissing => "consent_missing",
        /// At least 2 of the last 3 asks were declined or unanswered: resting (docs/rules.md#fatigue-and-tiers).
        DecliningRequests => "declining_requests",
        /// A disruption window (plus its buffer) overlaps the ask (docs/rules.md#consent-and-compliance).
        DisruptionWindow => "disruption_window",
        /// An erasure request is pending: excluded from everything (docs/rules.md#lifecycle).
        Erased => "erased",
        /// The advocate's account is the prospect's or is excluded (docs/rules.md#consent-and-compliance).
        ExcludedAccount => "excluded_account",
        /// `health_score` is below `min_health_score` (docs/rules.md#eligibility-and-readiness).
        HealthBelowMinimum => "health_below_minimum",
        /// No touch for `archive_after_days`: recommend archiving (docs/rules.md#lifecycle).
        Inactive => "inactive",
        /// The incentive is worth less than `fair_value_per_hour` per effort hour (docs/rules.md#consent-and-compliance).
        IncentiveBelowFairValue => "incentive_below_fair_value",
        /// The incentive is over the country's limit (docs/rules.md#consent-and-compliance).
        IncentiveOverLimit => "incentive_over_limit",
        /// The per-kind cap is reached in a window containing the date (docs/rules.md#fatigue-and-tiers).
        KindCapReached => "kind_cap_reached",
        /// The advocate does not speak the required language (docs/rules.md#matching-and-ranking).
        LanguageMismatch => "language_mismatch",
        /// The kind's lead time is longer than the time until `needed_by` (docs/rules.md#request-validation).
        LeadTimeTooShort => "lead_time_too_short",
        /// The advocate left the customer company (docs/rules.md#profile-freshness-and-leavers).
        LeftCompany => "left_company",
        /// An incentivized public activity must disclose the material connection (docs/rules.md#consent-and-compliance).
        MaterialConnection => "material_connection",
        /// `has_measurable_outcome` is false and the policy requires it (docs/rules.md#eligibility-and-readiness).
        NoMeasurableOutcome => "no_measurable_outcome",
        /// Public kind without `preferences.public` (docs/rules.md#matching-and-ranking).
        NotComfortablePublic => "not_comfortable_public",
        /// NPS below `promoter_min_nps` (docs/rules.md#eligibility-and-readiness).
        NotPromoter => "not_promoter",
        /// The advocate's `preferences.activities` lacks the kind (docs/rules.md#matching-and-ranking).
        NotWilling => "not_willing",
        /// No NPS, or one older than `nps_max_age_days` (docs/rules.md#eligibility-and-readiness).
        NpsMissing => "nps_missing",
        /// The `program` consent is withdrawn: excluded from everything (docs/rules.md#lifecycle).
        OptedOut => "opted_out",
        /// An unanswered ask younger than `request_lock_days` is out (docs/rules.md#soft-lock).
        PendingRequest => "pending_request",
        /// The profile was not verified within `stale_after_days` (docs/rules.md#profile-freshness-and-leavers).
        ProfileStale => "profile_stale",
        /// The contract forbids public use of the customer's name or logo (docs/rules.md#publicity-clause).
        PublicityRestricted => "publicity_restricted",
        /// A monetary incentive for an advocate in a regulated industry (docs/rules.md#consent-and-compliance).
        RegulatedIncentive => "regulated_incentive",
        /// Reviews may not be incentivized (docs/rules.md#consent-and-compliance).
        ReviewIncentiveForbidden => "review_incentive_forbidden",
        /// Fewer whole months of tenure than `min_tenure_months` (docs/rules.md#eligibility-and-readiness).
        TenureBelowMinimum => "tenure_below_minimum",
        /// A testimonial on a topic already used in the window (docs/rules.md#records).
        TestimonialTopicRepeat => "testimonial_topic_repeat",
        /// The advocate's tier is below the request's `min_tier` (docs/rules.md#matching-and-ranking).
        TierBelowMinimum => "tier_below_minimum",
        /// Closer than the kind's minimum gap to another activity of the kind (docs/rules.md#fatigue-and-tiers).
        TooSoon => "too_soon",
    }
}

/// What a reason means for the decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Blocks the ask or excludes the advocate.
    Exclusion,
    /// Informs; blocks nothing.
    Warning,
    /// Must be disclosed with the activity.
    Disclosure,
}

impl Reason {
    /// Whether the reason blocks, warns, or must be disclosed.
    pub const fn severity(self) -> Severity {
        match self {
            Reason::AtRisk | Reason::IncentiveBelowFairValue | Reason::ProfileStale => {
                Severity::Warning
            }
            Reason::MaterialConnection => Severity::Disclosure,
            _ => Severity::Exclusion,
        }
    }

    /// Whether waiting lifts the reason (caps, gaps, rest, disruptions, a pending request):
    /// such reasons have a `next_available_on` (docs/rules.md#fatigue-and-tiers, #near-misses).
    pub const fn lifted_by_time(self) -> bool {
        matches!(
            self,
            Reason::AccountCapReached
                | Reason::AnnualCapReached
                | Reason::DecliningRequests
                | Reason::DisruptionWindow
                | Reason::KindCapReached
                | Reason::PendingRequest
                | Reason::TestimonialTopicRepeat
                | Reason::TooSoon
        )
    }

    /// One line on what the code means.
    pub const fn description(self) -> &'static str {
        match self {
            Reason::AccountCapReached => {
                "the account already gave `account_annual_cap` counted activities in a window containing the date"
            }
            Reason::AnnualCapReached => {
                "`annual_cap` counted activities already in a 365-day window containing the date"
            }
            Reason::AtRisk => {
                "engagement in the last 60 days fell by half or more against the 60 days before"
            }
            Reason::ConsentMissing => "a consent the kind needs is not valid on the date",
            Reason::DecliningRequests => {
                "at least 2 of the last 3 asks were declined or unanswered; resting 90 days from the latest"
            }
            Reason::DisruptionWindow => "a disruption window, plus its buffer, overlaps the ask",
            Reason::Erased => "an erasure request is pending; excluded from everything",
            Reason::ExcludedAccount => {
                "the advocate's account is the prospect's or is excluded by the request"
            }
            Reason::HealthBelowMinimum => "`health_score` is below `min_health_score`",
            Reason::Inactive => "no touch for `archive_after_days`; recommend archiving",
            Reason::IncentiveBelowFairValue => {
                "the incentive is worth less than `fair_value_per_hour` per effort hour"
            }
            Reason::IncentiveOverLimit => "the incentive is over the advocate country's limit",
            Reason::KindCapReached => "the kind's cap is reached in a window containing the date",
            Reason::LanguageMismatch => "the advocate does not speak the required language",
            Reason::LeadTimeTooShort => "the kind needs more lead time than the request leaves",
            Reason::LeftCompany => {
                "the advocate left the customer company; excluded from everything"
            }
            Reason::MaterialConnection => {
                "incentivized public activity: disclose the material connection"
            }
            Reason::NoMeasurableOutcome => "no measurable outcome, and the policy requires one",
            Reason::NotComfortablePublic => {
                "a public kind, and the advocate is not comfortable in public"
            }
            Reason::NotPromoter => "NPS is below `promoter_min_nps`",
            Reason::NotWilling => "the advocate's preferences do not include the kind",
            Reason::NpsMissing => "no NPS, or one older than `nps_max_age_days`",
            Reason::OptedOut => "the `program` consent is withdrawn; excluded from everything",
            Reason::PendingRequest => "an unanswered ask younger than `request_lock_days` is out",
            Reason::ProfileStale => "the profile was not verified within `stale_after_days`",
            Reason::PublicityRestricted => {
                "the contract forbids public use of the customer's name or logo"
            }
            Reason::RegulatedIncentive => {
                "a monetary incentive for an advocate in a regulated industry"
            }
            Reason::ReviewIncentiveForbidden => "reviews may not be incentivized",
            Reason::TenureBelowMinimum => "fewer whole months of tenure than `min_tenure_months`",
            Reason::TestimonialTopicRepeat => "a testimonial on a topic already used in the window",
            Reason::TierBelowMinimum => "the advocate's tier is below the request's `min_tier`",
            Reason::TooSoon => "closer than the kind's minimum gap to another activity of the kind",
        }
    }

    /// The table of every code as Markdown (`code | kind | meaning`), as published in
    /// `docs/reasons.md`.
    pub fn table_markdown() -> String {
        let mut s = String::from("| code | kind | meaning |\n|---|---|---|\n");
        for r in Reason::ALL {
            let kind = match r.severity() {
                Severity::Exclusion => "exclusion",
                Severity::Warning => "warning",
                Severity::Disclosure => "disclosure",
            };
            s.push_str(&format!(
                "| `{}` | {kind} | {} |\n",
                r.as_str(),
                r.description()
            ));
        }
        s
    }
}

/// The bits of the reasons time lifts (bit `k` is `Reason::ALL[k]`).
const LIFTED_BY_TIME: u64 = {
    let mut bits = 0u64;
    let mut k = 0;
    while k < Reason::ALL.len() {
        if Reason::ALL[k].lifted_by_time() {
            bits |= 1 << k;
        }
        k += 1;
    }
    bits
};

/// A set of reasons, iterated in code order (byte order of the strings). Allocation-free.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct ReasonSet(u64);

impl ReasonSet {
    /// The empty set.
    pub const EMPTY: ReasonSet = ReasonSet(0);

    /// Adds a reason.
    #[inline]
    pub fn insert(&mut self, r: Reason) {
        self.0 |= 1 << (r as u32);
    }

    /// Whether the set holds `r`.
    #[inline]
    pub fn contains(self, r: Reason) -> bool {
        self.0 & (1 << (r as u32)) != 0
    }

    /// Whether the set is empty.
    #[inline]
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Number of reasons.
    #[inline]
    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// The union of two sets.
    #[inline]
    pub fn union(self, other: ReasonSet) -> ReasonSet {
        ReasonSet(self.0 | other.0)
    }

    /// The reasons in code order.
    pub fn iter(self) -> impl Iterator<Item = Reason> {
        // Bit `k` is `Reason::ALL[k]` (checked by a unit test), so the set bits, lowest
        // first, are the reasons in code order.
        let mut bits = self.0;
        std::iter::from_fn(move || {
            while bits != 0 {
                let k = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                if let Some(&r) = Reason::ALL.get(k) {
                    return Some(r);
                }
            }
            None
        })
    }

    /// The reasons in code order, as a vector.
    pub fn to_vec(self) -> Vec<Reason> {
        self.iter().collect()
    }

    /// Whether every reason in the set is lifted by time (see [`Reason::lifted_by_time`]).
    #[inline]
    pub fn all_lifted_by_time(self) -> bool {
        !self.is_empty() && self.0 & !LIFTED_BY_TIME == 0
    }
}

impl FromIterator<Reason> for ReasonSet {
    fn from_iter<I: IntoIterator<Item = Reason>>(iter: I) -> Self {
        let mut s = ReasonSet::EMPTY;
        for r in iter {
            s.insert(r);
        }
        s
    }
}

impl Serialize for ReasonSet {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for ReasonSet {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Vec::<Reason>::deserialize(d)?.into_iter().collect())
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for ReasonSet {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ReasonSet".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <Vec<Reason>>::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_in_byte_order_and_under_64() {
        assert!(Reason::ALL.len() <= 64);
        for w in Reason::ALL.windows(2) {
            assert!(w[0].as_str() < w[1].as_str(), "{} !< {}", w[0], w[1]);
        }
    }

    #[test]
    fn bit_k_is_the_kth_reason() {
        for (k, r) in Reason::ALL.iter().enumerate() {
            assert_eq!(*r as usize, k);
            let one: ReasonSet = [*r].into_iter().collect();
            assert_eq!(one.to_vec(), vec![*r]);
        }
        let all: ReasonSet = Reason::ALL.iter().copied().collect();
        assert_eq!(all.to_vec(), Reason::ALL.to_vec());
    }

    #[test]
    fn set_iterates_sorted_and_roundtrips() {
        let s: ReasonSet = [Reason::TooSoon, Reason::AtRisk, Reason::ConsentMissing]
            .into_iter()
            .collect();
        assert_eq!(
            serde_json::to_string(&s).unwrap(),
            r#"["at_risk","consent_missing","too_soon"]"#
        );
        let back: ReasonSet =
            serde_json::from_str(r#"["too_soon","at_risk","consent_missing"]"#).unwrap();
        assert_eq!(back, s);
    }

    #[test]
    fn all_lifted_by_time_is_every_reason_lifted() {
        assert!(!ReasonSet::EMPTY.all_lifted_by_time());
        for &r in Reason::ALL {
            let one: ReasonSet = [r].into_iter().collect();
            assert_eq!(one.all_lifted_by_time(), r.lifted_by_time(), "{r:?}");
            let with_cap: ReasonSet = [r, Reason::AnnualCapReached].into_iter().collect();
            assert_eq!(with_cap.all_lifted_by_time(), r.lifted_by_time(), "{r:?}");
        }
    }
}
