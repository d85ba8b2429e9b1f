//! Consent and compliance (SPEC §4, §12.4, §12.5): what a kind needs before anyone asks.

use crate::consent::{granted, withdrawn};
use crate::dates::Day;
use crate::facts::{Facts, Scalars};
use crate::policy::Policy;
use crate::reasons::{Reason, ReasonSet};
use crate::records::{ActivityKind, ConsentPurpose, Incentive};

/// The consents `kind` needs on day `d` that are not valid: opt-in countries need an explicit
/// `program` grant (elsewhere it is presumed unless withdrawn); explicit purposes always need
/// a grant; other purposes are presumed unless withdrawn.
pub(crate) fn missing_consents(
    policy: &Policy,
    a: &impl Facts,
    kind: ActivityKind,
    d: Day,
) -> Vec<ConsentPurpose> {
    let opt_in = a.opt_in(policy);
    policy
        .kind(kind)
        .consents
        .iter()
        .copied()
        .filter(|&p| purpose_missing(policy, a, p, opt_in, d))
        .collect()
}

/// Whether any consent `kind` needs on day `d` is not valid (see [`missing_consents`]),
/// without allocating.
pub(crate) fn consent_missing(policy: &Policy, a: &impl Facts, kind: ActivityKind, d: Day) -> bool {
    let needs = &policy.kind(kind).consents;
    if needs.is_empty() {
        return false;
    }
    let opt_in = a.opt_in(policy);
    needs
        .iter()
        .any(|&p| purpose_missing(policy, a, p, opt_in, d))
}

fn purpose_missing(
    policy: &Policy,
    a: &impl Facts,
    p: ConsentPurpose,
    opt_in: bool,
    d: Day,
) -> bool {
    let explicit =
        policy.consent.explicit_purposes.contains(&p) || (p == ConsentPurpose::Program && opt_in);
    if explicit {
        !granted(a.consents(), p, d)
    } else {
        withdrawn(a.consents(), p, d)
    }
}

/// Incentive rules: blocking reasons, disclosures and warnings.
pub(crate) fn incentive(
    policy: &Policy,
    a: &impl Facts,
    kind: ActivityKind,
    inc: Option<&Incentive>,
) -> (ReasonSet, ReasonSet, ReasonSet) {
    let (mut block, mut disclose, mut warn) =
        (ReasonSet::EMPTY, ReasonSet::EMPTY, ReasonSet::EMPTY);
    let Some(inc) = inc else {
        return (block, disclose, warn);
    };
    let rule = policy.kind(kind);
    if inc.kind.is_monetary() && a.regulated(policy) {
        block.insert(Reason::RegulatedIncentive);
    }
    let review_forbidden =
        kind == ActivityKind::Review && !policy.compliance.review_incentives_allowed;
    if review_forbidden {
        block.insert(Reason::ReviewIncentiveForbidden);
    }
    if let Some(limit) = a.incentive_limit(policy) {
        if inc.value > limit {
            block.insert(Reason::IncentiveOverLimit);
        }
    }
    if rule.public {
        disclose.insert(Reason::MaterialConnection);
    }
    if !review_forbidden && inc.value < policy.compliance.fair_value_per_hour * rule.effort_hours {
        warn.insert(Reason::IncentiveBelowFairValue);
    }
    (block, disclose, warn)
}

/// Approvals needed before publishing: the kind's, plus the regulated approval in regulated
/// industries (for kinds that need approvals at all).
pub(crate) fn approvals(policy: &Policy, a: &impl Facts, kind: ActivityKind) -> Vec<String> {
    let mut v = policy.kind(kind).approvals.clone();
    if !v.is_empty() && a.regulated(policy) {
        v.push(policy.compliance.regulated_approval.clone());
        v.sort();
        v.dedup();
    }
    v
}

/// Willingness, public comfort and the publicity clause.
pub(crate) fn preferences(policy: &Policy, a: &Scalars, kind: ActivityKind) -> ReasonSet {
    let mut r = ReasonSet::EMPTY;
    if !a.willing(kind) {
        r.insert(Reason::NotWilling);
    }
    if policy.kind(kind).public {
        if !a.public {
            r.insert(Reason::NotComfortablePublic);
        }
        if a.publicity_restricted {
            r.insert(Reason::PublicityRestricted);
        }
    }
    r
}

/// `profile_stale`: `verified_on` absent or more than `stale_after_days` before `as_of`.
pub(crate) fn stale(policy: &Policy, a: &Scalars, as_of: Day) -> bool {
    match a.verified_on {
        None => true,
        Some(v) => i64::from(as_of) - i64::from(v) > i64::from(policy.compliance.stale_after_days),
    }
}
