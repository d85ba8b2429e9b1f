//! Consent and compliance (docs/rules.md#consent-and-compliance, #publicity-clause, #profile-freshness-and-leavers): what a kind needs before anyone asks.

use crate::input::dates::Day;
use crate::input::records::{ActivityKind, ConsentPurpose, Incentive};
use crate::policy::Policy;
use crate::reasons::{Reason, ReasonSet};
use crate::rules::consent::{granted, withdrawn};
use crate::rules::facts::{Facts, Scalars};

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
/// without allocating. Single calls use [`ConsentMemo`], population calls
/// [`missing_intervals`]; this is their reference.
#[cfg(test)]
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

/// The days on which [`consent_missing`] holds for `kind`, as sorted, disjoint intervals
/// (inclusive), into `out` (`points` and `records` are buffers). The answer changes only on
/// the date (`on <= d`) or the expiry (`d < expires`) of a record of a purpose the kind
/// needs: it is constant between consecutive such days, so it is computed once per stretch,
/// over those records alone.
pub(crate) fn missing_intervals(
    policy: &Policy,
    a: &impl Facts,
    kind: ActivityKind,
    points: &mut Vec<Day>,
    records: &mut Vec<crate::rules::facts::Cons>,
    out: &mut Vec<(Day, Day)>,
) {
    out.clear();
    let needs = &policy.kind(kind).consents;
    if needs.is_empty() {
        return;
    }
    let opt_in = a.opt_in(policy);
    records.clear();
    records.extend(a.consents().filter(|c| needs.contains(&c.purpose)));
    points.clear();
    points.push(i32::MIN / 2);
    for c in records.iter() {
        points.push(c.on);
        points.extend(c.expires);
    }
    points.sort_unstable();
    points.dedup();
    for (j, &d) in points.iter().enumerate() {
        let missing = needs
            .iter()
            .any(|&p| purpose_missing_in(policy, records.iter().copied(), p, opt_in, d));
        if !missing {
            continue;
        }
        let end = points
            .get(j + 1)
            .map_or(crate::rules::window::FOREVER, |&q| q - 1);
        match out.last_mut() {
            Some(last) if last.1.saturating_add(1) >= d => last.1 = end,
            _ => out.push((d, end)),
        }
    }
}

/// [`consent_missing`] with the answers for every purpose remembered for two days (a call
/// judges every kind on the same day, then a few on their next free day): one advocate's
/// consent records are read once per day, for all purposes at once. Reset it for each
/// advocate.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ConsentMemo {
    /// Per slot: the day and the purposes missing on it (bit `p`).
    slots: [(Day, u16); 2],
}

impl Default for ConsentMemo {
    fn default() -> Self {
        Self::EMPTY
    }
}

impl ConsentMemo {
    /// Nothing known.
    pub(crate) const EMPTY: ConsentMemo = ConsentMemo {
        slots: [(Day::MIN, 0); 2],
    };

    /// Whether any consent `kind` needs on day `d` is not valid.
    pub(crate) fn missing(
        &mut self,
        policy: &Policy,
        a: &impl Facts,
        kind: ActivityKind,
        d: Day,
    ) -> bool {
        let needs = &policy.kind(kind).consents;
        if needs.is_empty() {
            return false;
        }
        // The first day seen keeps slot 0; other days take turns in slot 1.
        let k = if self.slots[0].0 == d || self.slots[0].0 == Day::MIN {
            0
        } else {
            1
        };
        let slot = &mut self.slots[k];
        if slot.0 != d {
            *slot = (d, missing_purposes(policy, a, d));
        }
        needs.iter().any(|&p| slot.1 & (1 << p as u16) != 0)
    }
}

/// The purposes (bit `p`) whose consent is missing on day `d`, from one pass over the
/// records: [`purpose_missing`] for every purpose.
fn missing_purposes(policy: &Policy, a: &impl Facts, d: Day) -> u16 {
    let deciding = crate::rules::consent::latest_all(a.consents(), d);
    let opt_in = a.opt_in(policy);
    let mut missing = 0;
    for (&p, &c) in ConsentPurpose::ALL.iter().zip(&deciding) {
        let m = if explicit(policy, p, opt_in) {
            !crate::rules::consent::grants(c, d)
        } else {
            c.is_some_and(|c| c.status == crate::input::records::ConsentStatus::Withdrawn)
        };
        if m {
            missing |= 1 << p as u16;
        }
    }
    missing
}

/// Whether `p` needs an explicit grant (else it holds until withdrawn).
#[inline]
fn explicit(policy: &Policy, p: ConsentPurpose, opt_in: bool) -> bool {
    policy.consent.explicit_purposes.contains(&p) || (p == ConsentPurpose::Program && opt_in)
}

fn purpose_missing(
    policy: &Policy,
    a: &impl Facts,
    p: ConsentPurpose,
    opt_in: bool,
    d: Day,
) -> bool {
    purpose_missing_in(policy, a.consents(), p, opt_in, d)
}

/// [`purpose_missing`] over consent records.
fn purpose_missing_in(
    policy: &Policy,
    records: impl Iterator<Item = crate::rules::facts::Cons> + Clone,
    p: ConsentPurpose,
    opt_in: bool,
    d: Day,
) -> bool {
    if explicit(policy, p, opt_in) {
        !granted(records, p, d)
    } else {
        withdrawn(records, p, d)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::records::{Advocate, Consent, ConsentStatus};
    use chrono::NaiveDate;

    #[test]
    fn the_memo_and_the_intervals_answer_as_the_records_do() {
        let policy = Policy::default();
        let d0 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
        let at = |n: i64| d0 + chrono::Duration::days(n);
        let mut seed = 7u64;
        let mut next = |m: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % m
        };
        for case in 0..200 {
            let mut a = Advocate::new("a", at(-2000));
            a.country = if case % 2 == 0 {
                "DE".into()
            } else {
                "US".into()
            };
            a.consents = (0..next(8))
                .map(|_| Consent {
                    purpose: ConsentPurpose::ALL[next(ConsentPurpose::ALL.len() as u64) as usize],
                    status: if next(3) == 0 {
                        ConsentStatus::Withdrawn
                    } else {
                        ConsentStatus::Granted
                    },
                    on: at(next(60) as i64 - 30),
                    expires: (next(3) == 0).then(|| at(next(60) as i64)),
                })
                .collect();
            // The intervals: every day around the records, for every kind.
            let (mut points, mut records, mut out) = (Vec::new(), Vec::new(), Vec::new());
            for &kind in ActivityKind::ALL {
                missing_intervals(&policy, &a, kind, &mut points, &mut records, &mut out);
                assert!(out.windows(2).all(|w| w[0].1 + 1 < w[1].0), "{out:?}");
                for n in -40..100 {
                    let d = crate::input::dates::day(at(n));
                    assert_eq!(
                        out.iter().any(|&(s, e)| s <= d && d <= e),
                        consent_missing(&policy, &a, kind, d),
                        "case {case}, {kind:?} on day {d}: {out:?}"
                    );
                }
            }
            let mut memo = ConsentMemo::EMPTY;
            for _ in 0..40 {
                let kind = ActivityKind::ALL[next(ActivityKind::ALL.len() as u64) as usize];
                let d = crate::input::dates::day(at(next(5) as i64 * 15 - 30));
                assert_eq!(
                    memo.missing(&policy, &a, kind, d),
                    consent_missing(&policy, &a, kind, d),
                    "case {case}, {kind:?} on day {d}"
                );
            }
        }
    }
}
