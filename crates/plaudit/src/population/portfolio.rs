//! Portfolio views (docs/rules.md#portfolio-views): coverage of target segments, the tier mix against its share
//! targets, concentration on the busiest advocates, and enrollment candidates.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::input::ask::Ask;
use crate::input::dates::day;
use crate::input::records::{ActivityKind, ActivityStatus, Influence, Segment, Tier};
use crate::population::roster::Roster;
use crate::rules::tiers::TierMix;

/// A segment of the market the program must be able to serve, and how many advocates it
/// needs available.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(remote = "Self")]
#[cfg_attr(feature = "schema", schemars(rename = "CoverageTarget"))]
pub struct CoverageTarget {
    /// A label for reports.
    #[serde(default)]
    pub name: Option<String>,
    /// The kind of activity needed.
    pub kind: ActivityKind,
    /// Industry key (normalized on use).
    #[serde(default)]
    pub industry: Option<String>,
    /// Segment.
    #[serde(default)]
    pub segment: Option<Segment>,
    /// Region name as in the policy (`AMER`, `EMEA`, `APAC`, ...).
    #[serde(default)]
    pub region: Option<String>,
    /// Product key (normalized on use).
    #[serde(default)]
    pub product: Option<String>,
    /// Advocates needed available now.
    pub needed: u32,
}

/// Coverage of one target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TargetCoverage {
    /// The target.
    pub target: CoverageTarget,
    /// Advocates in the segment (any state).
    pub in_segment: u32,
    /// Of those, advocates who may be asked for the kind on `as_of`.
    pub available: u32,
    /// `needed - available`, at least 0: advocates to recruit.
    pub gap: u32,
}

/// Over-reliance on a few vocal advocates (docs/rules.md#portfolio-views).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Concentration {
    /// Completed reference calls in the window ending at `as_of`.
    pub reference_calls: u32,
    /// The busiest 5% of the base: `ceil(0.05 x base)` advocates.
    pub busiest_advocates: u32,
    /// Reference calls they gave.
    pub busiest_calls: u32,
    /// `busiest_calls / reference_calls` (four decimals; 0 without calls).
    pub busiest_share: f64,
}

impl Concentration {
    /// The figures from the window's reference calls, the size of the busiest group and the
    /// calls it gave.
    pub(crate) fn new(reference_calls: u32, busiest: usize, busiest_calls: u32) -> Self {
        Concentration {
            reference_calls,
            busiest_advocates: u32::try_from(busiest).unwrap_or(u32::MAX),
            busiest_calls,
            busiest_share: if reference_calls == 0 {
                0.0
            } else {
                crate::input::numbers::round_to(
                    f64::from(busiest_calls) / f64::from(reference_calls),
                    1e4,
                )
            },
        }
    }
}

/// A customer who is not yet in the program but passes eligibility.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EnrollmentCandidate {
    /// Advocate id.
    pub id: String,
    /// Readiness 0..=100.
    pub readiness: f64,
    /// The tier to invite them towards.
    pub path: Tier,
    /// The invitation level: the touch model of that tier.
    pub touch: String,
}

/// Advocates per lifecycle state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[allow(missing_docs)]
pub struct LifecycleCounts {
    pub active: u32,
    pub at_risk: u32,
    pub inactive: u32,
    pub opted_out: u32,
    pub erased: u32,
}

/// The program at a glance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Portfolio {
    /// Policy fingerprint.
    pub policy: String,
    /// Advocates in the roster.
    pub advocates: u32,
    /// The base: not erased, opted out or inactive.
    pub base: u32,
    /// Advocates per lifecycle state.
    pub lifecycle: LifecycleCounts,
    /// Each target's coverage and gap.
    pub coverage: Vec<TargetCoverage>,
    /// The tier mix against the share targets.
    pub tier_mix: Vec<TierMix>,
    /// Concentration on the busiest advocates.
    pub concentration: Concentration,
    /// Eligible customers not yet in the program, most ready first.
    pub enrollment: Vec<EnrollmentCandidate>,
}

pub(crate) fn portfolio(
    engine: &crate::Engine,
    roster: &Roster,
    targets: &[CoverageTarget],
    as_of: NaiveDate,
) -> Portfolio {
    let policy = engine.policy();
    let today = day(as_of);
    let window = i32::try_from(policy.fatigue.window_days).unwrap_or(365);
    let mut counts = LifecycleCounts::default();
    let mut calls: Vec<u32> = Vec::new();
    let mut enrollment = Vec::new();
    let targets: Vec<CoverageTarget> = targets
        .iter()
        .map(|t| {
            let mut t = t.clone();
            t.industry = t.industry.map(|s| crate::normalize_key(&s));
            t.product = t.product.map(|s| crate::normalize_key(&s));
            t
        })
        .collect();
    let mut coverage: Vec<TargetCoverage> = targets
        .iter()
        .map(|t| TargetCoverage {
            target: t.clone(),
            in_segment: 0,
            available: 0,
            gap: 0,
        })
        .collect();
    let region_of = |country: &str| -> Option<&str> {
        policy
            .regions
            .iter()
            .find(|(_, list)| list.binary_search_by(|x| x.as_str().cmp(country)).is_ok())
            .map(|(r, _)| r.as_str())
    };
    // Per account (its interned index), its counted activity days (sorted), computed on
    // first need.
    let mut account_days: Vec<Option<Vec<crate::input::dates::Day>>> =
        vec![None; roster.accounts.len()];
    let acc_cap = policy.matching.account_annual_cap;
    let account_allows = |i: usize, cache: &mut Vec<Option<Vec<crate::input::dates::Day>>>| {
        let acc = roster
            .account
            .get(i)
            .copied()
            .unwrap_or(crate::population::roster::NONE);
        let Some(slot) = cache.get_mut(acc as usize) else {
            return true;
        };
        let days = slot.get_or_insert_with(|| {
            let mut days = Vec::new();
            for &k in roster.members.get(acc as usize) {
                let member = roster
                    .order
                    .get(k as usize)
                    .and_then(|&j| roster.advocates.get(j as usize));
                if let Some(m) = member {
                    let mut own = Vec::new();
                    crate::rules::window::counted_days_into(policy, m, &mut own);
                    days.extend(own);
                }
            }
            days.sort_unstable();
            days
        });
        crate::rules::window::next_allowed(days, today, window, acc_cap) == Some(today)
    };
    for (i, a) in roster.in_id_order() {
        let lc = engine.lifecycle(a, as_of).state;
        match lc {
            crate::LifecycleState::Active => counts.active += 1,
            crate::LifecycleState::AtRisk => counts.at_risk += 1,
            crate::LifecycleState::Inactive => counts.inactive += 1,
            crate::LifecycleState::OptedOut => counts.opted_out += 1,
            crate::LifecycleState::Erased => counts.erased += 1,
        }
        if lc == crate::LifecycleState::Erased {
            continue;
        }
        if !lc.excludes() {
            let n = a
                .activities
                .iter()
                .filter(|x| {
                    x.kind == ActivityKind::ReferenceCall
                        && x.status == ActivityStatus::Completed
                        && day(x.date) <= today
                        && day(x.date) > today - window
                })
                .count();
            calls.push(u32::try_from(n).unwrap_or(u32::MAX));
        }
        let region = region_of(&a.country);
        for cov in &mut coverage {
            let t = &cov.target;
            let fits = t.industry.as_ref().is_none_or(|i| *i == a.industry)
                && t.segment.is_none_or(|s| a.segment == Some(s))
                && t.region.as_deref().is_none_or(|r| region == Some(r))
                && t.product.as_ref().is_none_or(|p| a.products.contains(p));
            if !fits {
                continue;
            }
            cov.in_segment += 1;
            let ask = Ask {
                kind: t.kind,
                date: as_of,
                incentive: None,
                topic: None,
            };
            // Available means `rank` could match it today: its own rules and its account's cap.
            if engine.check(a, &ask, as_of).allowed && account_allows(i, &mut account_days) {
                cov.available += 1;
            }
        }
        let member = a.current_tier.is_some() || !a.activities.is_empty();
        if !member && !lc.excludes() && !a.left_company {
            let e = engine.eligibility(a, as_of);
            if e.eligible {
                let high_reach = matches!(
                    a.influence,
                    Some(Influence::Leader | Influence::ThoughtLeader)
                );
                let path = if high_reach && e.readiness.score >= 85.0 {
                    Tier::Platinum
                } else if e.readiness.score >= 70.0 {
                    Tier::Gold
                } else {
                    Tier::Silver
                };
                enrollment.push(EnrollmentCandidate {
                    id: a.id.clone(),
                    readiness: e.readiness.score,
                    path,
                    touch: crate::rules::tiers::touch(policy, path),
                });
            }
        }
    }
    for cov in &mut coverage {
        cov.gap = cov.target.needed.saturating_sub(cov.available);
    }
    enrollment.sort_by(|x, y| {
        y.readiness
            .total_cmp(&x.readiness)
            .then_with(|| x.id.cmp(&y.id))
    });
    let base = calls.len();
    calls.sort_unstable_by(|x, y| y.cmp(x));
    let busiest = (base as f64 * 0.05).ceil() as usize;
    let total: u32 = calls.iter().sum();
    let top: u32 = calls.iter().take(busiest).sum();
    let tiers = crate::population::tier_assignment::assign(engine, roster, as_of);
    Portfolio {
        policy: engine.fingerprint().to_owned(),
        advocates: u32::try_from(roster.len()).unwrap_or(u32::MAX),
        base: u32::try_from(base).unwrap_or(u32::MAX),
        lifecycle: counts,
        coverage,
        tier_mix: tiers.mix,
        concentration: Concentration::new(total, busiest, top),
        enrollment,
    }
}

impl crate::Engine {
    /// The program at a glance (docs/rules.md#portfolio-views): coverage of each target with its gap, the tier mix
    /// against the share targets, concentration on the busiest 5%, lifecycle counts, and
    /// enrollment candidates with their tier path and invitation level.
    pub fn coverage(
        &self,
        roster: &Roster,
        targets: &[CoverageTarget],
        as_of: NaiveDate,
    ) -> Portfolio {
        portfolio(self, roster, targets, as_of)
    }
}

crate::macros::objects_only!(CoverageTarget);
