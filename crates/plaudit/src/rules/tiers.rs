//! Tiers (docs/rules.md#fatigue-and-tiers): participation, not status. Per advocate (with demotion grace) and over a
//! whole roster (population shares, the cascade and its tie-breaks).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::input::dates::{Day, day};
use crate::input::records::{ActivityStatus, Advocate, Tier};
use crate::policy::{Commitment, Policy};
use crate::rules::facts::{Facts, Scalars};

/// Participation in the window ending at a date: the inputs of the tier rule.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct Participation {
    /// Completed activities of kinds that count toward the cap.
    pub completed: u32,
    /// One of them is high-commitment.
    pub high_commitment: bool,
    /// Participation points (commitment weight, x multiplier when unsolicited).
    pub points: f64,
}

/// Completed counted activities in the window ending at `end` (`end - window < d <= end`).
pub(crate) fn participation(policy: &Policy, a: &impl Facts, end: Day) -> Participation {
    let window = i32::try_from(policy.fatigue.window_days).unwrap_or(i32::MAX / 4);
    let tp = &policy.tiers;
    let mut p = Participation::default();
    for act in a.activities() {
        if act.status != ActivityStatus::Completed {
            continue;
        }
        let rule = policy.kind(act.kind);
        if !rule.counts_toward_cap {
            continue;
        }
        let d = act.day;
        if d > end || d <= end - window {
            continue;
        }
        p.completed += 1;
        let weight = match rule.commitment {
            Commitment::Low => tp.commitment_points.low,
            Commitment::Moderate => tp.commitment_points.moderate,
            Commitment::High => {
                p.high_commitment = true;
                tp.commitment_points.high
            }
        };
        p.points += if act.solicited {
            weight
        } else {
            weight * tp.unsolicited_multiplier
        };
    }
    p
}

/// The tier the rule gives for a participation.
pub(crate) fn tier_for(policy: &Policy, p: &Participation) -> Tier {
    let t = &policy.tiers;
    let meets = |rule: &crate::policy::TierRule| {
        p.completed >= rule.min_activities && (!rule.require_high_commitment || p.high_commitment)
    };
    if meets(&t.platinum) {
        Tier::Platinum
    } else if meets(&t.gold) {
        Tier::Gold
    } else if meets(&t.silver) {
        Tier::Silver
    } else {
        Tier::Community
    }
}

/// One advocate's tier as of a date.
///
/// For an erased advocate nothing is computed: `erased` is set, every other field holds its
/// zero, and the serialized form is `{"lifecycle": "erased"}` alone.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct TierStatus {
    /// The advocate is erased: no tier, count, points or touch.
    pub erased: bool,
    /// The effective tier (after demotion grace; before population shares).
    pub tier: Tier,
    /// The tier the rule gives as of `as_of`, without grace.
    pub computed: Tier,
    /// `true` when grace keeps the advocate above `computed`.
    pub in_grace: bool,
    /// Completed counted activities in the window ending at `as_of`.
    pub completed_in_window: u32,
    /// Participation points in that window.
    pub points: f64,
    /// The touch model of the tier (`high_touch`, `standard`, `automated`, `self_service`).
    pub touch: String,
}

impl Default for TierStatus {
    fn default() -> Self {
        TierStatus {
            erased: false,
            tier: Tier::Community,
            computed: Tier::Community,
            in_grace: false,
            completed_in_window: 0,
            points: 0.0,
            touch: String::new(),
        }
    }
}

impl Serialize for TierStatus {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        if self.erased {
            let mut st = s.serialize_struct("TierStatus", 1)?;
            st.serialize_field("lifecycle", &crate::LifecycleState::Erased)?;
            return st.end();
        }
        let mut st = s.serialize_struct("TierStatus", 6)?;
        st.serialize_field("tier", &self.tier)?;
        st.serialize_field("computed", &self.computed)?;
        st.serialize_field("in_grace", &self.in_grace)?;
        st.serialize_field("completed_in_window", &self.completed_in_window)?;
        st.serialize_field("points", &self.points)?;
        st.serialize_field("touch", &self.touch)?;
        st.end()
    }
}

/// The touch model of a tier (community is always `self_service`).
pub(crate) fn touch(policy: &Policy, tier: Tier) -> String {
    policy
        .tiers
        .rule(tier)
        .map_or_else(|| "self_service".to_owned(), |r| r.touch.clone())
}

/// The effective tier of one advocate: promotion is immediate; with a `current_tier`, the
/// tier is `max(now, min(current_tier, tier as of as_of - grace))` (docs/rules.md#fatigue-and-tiers).
pub(crate) fn tier_status(
    policy: &Policy,
    a: &impl Facts,
    s: &Scalars,
    as_of: NaiveDate,
) -> TierStatus {
    let end = day(as_of);
    let now_p = participation(policy, a, end);
    let computed = tier_for(policy, &now_p);
    let tier = with_grace(policy, a, s, end, computed);
    TierStatus {
        erased: false,
        tier,
        computed,
        in_grace: tier > computed,
        completed_in_window: now_p.completed,
        points: round4(now_p.points),
        touch: touch(policy, tier),
    }
}

/// The effective tier alone (what [`tier_status`] calls `tier`), without allocating.
pub(crate) fn effective_tier(policy: &Policy, a: &impl Facts, s: &Scalars, as_of: Day) -> Tier {
    let end = as_of;
    with_grace(
        policy,
        a,
        s,
        end,
        tier_for(policy, &participation(policy, a, end)),
    )
}

fn with_grace(policy: &Policy, a: &impl Facts, s: &Scalars, end: Day, computed: Tier) -> Tier {
    match s.current_tier {
        Some(current) => {
            let grace = i32::try_from(policy.tiers.demotion_grace_days).unwrap_or(i32::MAX / 4);
            let before = tier_for(policy, &participation(policy, a, end - grace));
            computed.max(current.min(before))
        }
        None => computed,
    }
}

/// Applies the population shares (docs/rules.md#fatigue-and-tiers) to effective tiers, in place.
///
/// `entries` are the advocates in the base (not erased, opted out or inactive). When the
/// base holds at least `quota_min_roster`, no tier keeps more than `floor(max_share x N)`:
/// the surplus with the fewest points falls one tier, cascading down; ties keep the earlier
/// `tier_since` (none last), then the smaller id. Returns how many fell from each tier
/// (platinum, gold, silver).
pub(crate) fn apply_shares(policy: &Policy, entries: &mut [ShareEntry<'_>]) -> [u32; 3] {
    let n = entries.len();
    let mut fell = [0u32; 3];
    if n < policy.tiers.quota_min_roster as usize {
        return fell;
    }
    for (i, tier) in [Tier::Platinum, Tier::Gold, Tier::Silver]
        .into_iter()
        .enumerate()
    {
        let Some(rule) = policy.tiers.rule(tier) else {
            continue;
        };
        let max = (rule.max_share * n as f64).floor() as usize;
        let mut holders: Vec<usize> = (0..n).filter(|&k| entries[k].tier == tier).collect();
        if holders.len() <= max {
            continue;
        }
        // Most deserving first: more points, earlier tier_since (none last), smaller id.
        holders.sort_by(|&x, &y| {
            let (a, b) = (&entries[x], &entries[y]);
            b.points
                .total_cmp(&a.points)
                .then_with(|| match (a.tier_since, b.tier_since) {
                    (Some(p), Some(q)) => p.cmp(&q),
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (None, None) => std::cmp::Ordering::Equal,
                })
                .then_with(|| a.id.cmp(b.id))
        });
        let lower = match tier {
            Tier::Platinum => Tier::Gold,
            Tier::Gold => Tier::Silver,
            _ => Tier::Community,
        };
        for &k in &holders[max..] {
            entries[k].tier = lower;
            entries[k].demoted = true;
            fell[i] += 1;
        }
    }
    fell
}

/// One advocate in a share computation.
#[derive(Debug, Clone)]
pub(crate) struct ShareEntry<'a> {
    pub id: &'a str,
    pub tier: Tier,
    pub points: f64,
    pub tier_since: Option<NaiveDate>,
    pub demoted: bool,
}

/// One advocate in a tier assignment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AssignedTier {
    /// Advocate id.
    pub id: String,
    /// Lifecycle state as of `as_of`.
    pub lifecycle: crate::LifecycleState,
    /// The assigned tier; absent for erased advocates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<Tier>,
    /// The tier the rule gives without grace or shares; absent for erased advocates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub computed: Option<Tier>,
    /// Participation points in the window; absent for erased advocates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<f64>,
    /// Counted in the base (not erased, opted out or inactive); absent for erased advocates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_base: Option<bool>,
    /// Demotion grace keeps the advocate above the computed tier; absent for erased
    /// advocates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_grace: Option<bool>,
    /// Fell one or more tiers because a tier was over its share; absent for erased
    /// advocates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub over_share: Option<bool>,
    /// Touch model of the assigned tier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub touch: Option<String>,
}

impl AssignedTier {
    /// An erased advocate's row: its id and lifecycle, nothing else (erased means erased).
    pub(crate) fn erased(id: String) -> AssignedTier {
        AssignedTier {
            id,
            lifecycle: crate::LifecycleState::Erased,
            tier: None,
            computed: None,
            points: None,
            in_base: None,
            in_grace: None,
            over_share: None,
            touch: None,
        }
    }
}

/// A tier's population against its share targets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TierMix {
    /// The tier.
    pub tier: Tier,
    /// Advocates of the base in the tier.
    pub count: u32,
    /// `count / base` (four decimals; 0 for an empty base).
    pub share: f64,
    /// Target minimum share (absent for community).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_share: Option<f64>,
    /// Target maximum share (absent for community).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_share: Option<f64>,
    /// Advocates to recruit to reach `min_share` (never filled by force).
    pub recruiting_gap: u32,
    /// Advocates moved down out of this tier by its share.
    pub fell: u32,
}

/// Tiers for a whole roster (docs/rules.md#fatigue-and-tiers).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TierAssignment {
    /// Policy fingerprint.
    pub policy: String,
    /// Size of the base N.
    pub base: u32,
    /// Whether the shares were enforced (`base >= quota_min_roster`).
    pub shares_enforced: bool,
    /// The tier mix, platinum first.
    pub mix: Vec<TierMix>,
    /// Every advocate, in id order.
    pub advocates: Vec<AssignedTier>,
}

/// Position of a tier in a `[platinum, gold, silver, community]` array.
pub(crate) fn tier_index(t: Tier) -> usize {
    match t {
        Tier::Platinum => 0,
        Tier::Gold => 1,
        Tier::Silver => 2,
        Tier::Community => 3,
    }
}

/// The tier mix of a base of `n` advocates with these final counts per tier (in
/// [`tier_index`] order) and these numbers fallen from each tier by the shares.
pub(crate) fn tier_mix(
    policy: &crate::Policy,
    counts: [usize; 4],
    n: usize,
    fell: [u32; 3],
) -> Vec<TierMix> {
    [Tier::Platinum, Tier::Gold, Tier::Silver, Tier::Community]
        .into_iter()
        .map(|tier| {
            let i = tier_index(tier);
            let count = counts.get(i).copied().unwrap_or(0);
            let rule = policy.tiers.rule(tier);
            let want = rule.map_or(0, |r| (r.min_share * n as f64).ceil() as usize);
            TierMix {
                tier,
                count: u32::try_from(count).unwrap_or(u32::MAX),
                share: if n == 0 {
                    0.0
                } else {
                    round4(count as f64 / n as f64)
                },
                min_share: rule.map(|r| r.min_share),
                max_share: rule.map(|r| r.max_share),
                recruiting_gap: u32::try_from(want.saturating_sub(count)).unwrap_or(u32::MAX),
                fell: fell.get(i).copied().unwrap_or(0),
            }
        })
        .collect()
}

fn round4(x: f64) -> f64 {
    crate::input::numbers::round_to(x, 1e4)
}

impl crate::Engine {
    /// One advocate's tier as of `as_of`, with demotion grace (docs/rules.md#fatigue-and-tiers). Population shares
    /// apply only to a whole roster: see [`crate::Engine::assign_tiers`].
    pub fn tier(&self, advocate: &Advocate, as_of: NaiveDate) -> TierStatus {
        if advocate.erasure_requested {
            return TierStatus {
                erased: true,
                ..TierStatus::default()
            };
        }
        tier_status(self.policy(), advocate, &Scalars::of(advocate), as_of)
    }
}
