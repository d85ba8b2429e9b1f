//! Population decisions that split and merge: `rank`, `assign_tiers` and `coverage` over a
//! roster too large for one process, computed per part and merged into exactly the answer
//! the whole roster gives.
//!
//! Parts hold **whole accounts** (every advocate of an account in the same part): the
//! account cap and `max_per_account` look at all of an account's advocates at once. Within
//! that rule a roster may be split any way, parts may be empty, and the merge does not
//! depend on the parts' order. What a part sends to the merge is small: for `rank` its best
//! `count` matches, its first `count` near misses and its counts (its exclusions only when
//! asked); for `coverage` counts and its enrollment candidates; for tiers one small row per
//! advocate.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{ErrorCode, RecordError};
use crate::input::records::{ActivityKind, ActivityStatus, Request, Tier};
use crate::population::matching::{Exclusion, Match, RankSummary, Ranking};
use crate::population::portfolio::{
    Concentration, CoverageTarget, EnrollmentCandidate, LifecycleCounts, Portfolio, TargetCoverage,
};
use crate::population::roster::Roster;
use crate::rules::facts::Scalars;
use crate::rules::lifecycle::LifecycleState;
use crate::rules::tiers::{AssignedTier, ShareEntry, TierAssignment};

/// One part's share of a [`Ranking`]: what the merge needs and nothing more.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PartialRanking {
    /// Policy fingerprint.
    pub policy: String,
    /// The request id.
    pub request_id: String,
    /// The part's best matches in final order: at most `count`, at most `max_per_account`
    /// per account.
    pub matches: Vec<Match>,
    /// The part's near-miss candidates, earliest first (at most `count`; empty when the part
    /// alone has `count` matches, since the whole then has them too).
    pub near_misses: Vec<Exclusion>,
    /// Every excluded advocate of the part in id order, when asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excluded: Option<Vec<Exclusion>>,
    /// The part's counts (`returned` counts the part's `matches`).
    pub summary: RankSummary,
}

/// One advocate's tier before the population shares: the input of the share step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TierRow {
    /// Advocate id.
    pub id: String,
    /// Lifecycle state as of `as_of`.
    pub lifecycle: LifecycleState,
    /// The effective tier with demotion grace; absent for erased advocates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<Tier>,
    /// The tier the rule gives without grace; absent for erased advocates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub computed: Option<Tier>,
    /// Participation points in the window (four decimals).
    pub points: f64,
    /// Demotion grace keeps the advocate above the computed tier.
    pub in_grace: bool,
    /// Since when the advocate holds its current tier (share ties keep the earlier).
    #[serde(
        default,
        with = "crate::input::dates::opt",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "schema", schemars(with = "Option<NaiveDate>"))]
    pub tier_since: Option<NaiveDate>,
}

/// Advocates of the base per tier, before the population shares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[allow(missing_docs)]
pub struct TierCounts {
    pub platinum: u32,
    pub gold: u32,
    pub silver: u32,
    pub community: u32,
}

/// One part's share of a [`Portfolio`]: counts that add up, and its enrollment candidates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PartialPortfolio {
    /// Policy fingerprint.
    pub policy: String,
    /// Advocates in the part.
    pub advocates: u32,
    /// Advocates per lifecycle state.
    pub lifecycle: LifecycleCounts,
    /// Each target's counts in the part (`gap` is set by the merge).
    pub coverage: Vec<TargetCoverage>,
    /// Advocates of the base per tier before the shares (the shares' cascade needs only
    /// these counts).
    pub tiers: TierCounts,
    /// Advocates of the base by completed reference calls in the window: calls -> advocates.
    pub reference_calls: BTreeMap<u32, u32>,
    /// Eligible customers of the part not yet in the program.
    pub enrollment: Vec<EnrollmentCandidate>,
}

fn count32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Every part must come from this engine's policy (and, for rankings, this request).
fn check_parts<'a>(
    engine: &crate::Engine,
    parts: impl Iterator<Item = (&'a str, Option<&'a str>)>,
    request_id: Option<&str>,
) -> Result<(), RecordError> {
    let mut errors = Vec::new();
    for (i, (policy, req)) in parts.enumerate() {
        if policy != engine.fingerprint() {
            errors.push(crate::FieldError::new(
                format!("parts[{i}].policy"),
                ErrorCode::InvalidValue,
                format!(
                    "part computed with policy {policy}, not this engine's {}",
                    engine.fingerprint()
                ),
            ));
        }
        if let (Some(r), Some(want)) = (req, request_id) {
            if r != want {
                errors.push(crate::FieldError::new(
                    format!("parts[{i}].request_id"),
                    ErrorCode::InvalidValue,
                    format!("part ranked request `{r}`, not `{want}`"),
                ));
            }
        }
        if errors.len() >= crate::MAX_REPORTED_ERRORS {
            break;
        }
    }
    errors.truncate(crate::MAX_REPORTED_ERRORS);
    RecordError::from_errors(errors)
}

/// Match order: higher score, higher readiness, fewer counted activities, smaller id.
fn best_first(x: &Match, y: &Match) -> std::cmp::Ordering {
    y.score
        .total_cmp(&x.score)
        .then_with(|| y.readiness.total_cmp(&x.readiness))
        .then_with(|| x.counted_in_window.cmp(&y.counted_in_window))
        .then_with(|| x.id.cmp(&y.id))
}

/// The share cascade on counts alone: how many end in each tier and how many fell from
/// platinum, gold and silver. Who falls depends on points; how many does not.
fn cascade(policy: &crate::Policy, mut counts: [usize; 4], n: usize) -> ([usize; 4], [u32; 3]) {
    let mut fell = [0u32; 3];
    if n < policy.tiers.quota_min_roster as usize {
        return (counts, fell);
    }
    for (i, tier) in [Tier::Platinum, Tier::Gold, Tier::Silver]
        .into_iter()
        .enumerate()
    {
        let Some(rule) = policy.tiers.rule(tier) else {
            continue;
        };
        let max = (rule.max_share * n as f64).floor() as usize;
        let have = counts.get(i).copied().unwrap_or(0);
        if have > max {
            let surplus = have - max;
            if let Some(c) = counts.get_mut(i) {
                *c = max;
            }
            if let Some(c) = counts.get_mut(i + 1) {
                *c += surplus;
            }
            if let Some(f) = fell.get_mut(i) {
                *f = count32(surplus);
            }
        }
    }
    (counts, fell)
}

impl crate::Engine {
    /// One part's ranking for a request: `roster` holds whole accounts (every advocate of an
    /// account is in the same part). Its best matches in final order, its near-miss
    /// candidates, its exclusion counts per reason, and with `exclusions` every excluded
    /// advocate. [`Engine::merge_rankings`](crate::Engine::merge_rankings) over the parts of
    /// a roster gives exactly [`Engine::rank`](crate::Engine::rank) over the whole.
    pub fn rank_partial(
        &self,
        request: &Request,
        roster: &Roster,
        as_of: NaiveDate,
        exclusions: bool,
    ) -> PartialRanking {
        let r = self.rank(request, roster, as_of);
        PartialRanking {
            policy: r.policy,
            request_id: r.request_id,
            matches: r.matches,
            near_misses: r.near_misses,
            excluded: exclusions.then_some(r.excluded),
            summary: r.summary,
        }
    }

    /// Merges the partial rankings of the parts of a roster split by account into the
    /// ranking of the whole (the same, byte for byte, as ranking the whole roster). The
    /// `excluded` list is complete when every part carries its exclusions, and empty
    /// otherwise. Errors name a part computed with another policy or another request.
    pub fn merge_rankings(
        &self,
        request: &Request,
        parts: &[PartialRanking],
    ) -> Result<Ranking, RecordError> {
        check_parts(
            self,
            parts
                .iter()
                .map(|p| (p.policy.as_str(), Some(p.request_id.as_str()))),
            Some(&request.id),
        )?;
        let want = request
            .count
            .clamp(1, crate::input::records::MAX_REQUEST_COUNT) as usize;
        let mut matches: Vec<Match> = parts.iter().flat_map(|p| p.matches.clone()).collect();
        matches.sort_by(best_first);
        matches.truncate(want);
        let mut near_misses = Vec::new();
        if self.policy().matching.near_misses && matches.len() < want {
            near_misses = parts
                .iter()
                .flat_map(|p| p.near_misses.clone())
                .collect::<Vec<_>>();
            near_misses.sort_by(|x, y| {
                x.next_available_on
                    .cmp(&y.next_available_on)
                    .then_with(|| x.id.cmp(&y.id))
            });
            near_misses.truncate(want);
        }
        let excluded = if parts.iter().all(|p| p.excluded.is_some()) {
            let mut all: Vec<Exclusion> = parts
                .iter()
                .flat_map(|p| p.excluded.iter().flatten().cloned())
                .collect();
            all.sort_by(|x, y| x.id.cmp(&y.id));
            all
        } else {
            Vec::new()
        };
        let mut summary = RankSummary {
            considered: 0,
            matched: 0,
            excluded: 0,
            returned: count32(matches.len()),
            by_reason: BTreeMap::new(),
        };
        for p in parts {
            let s = &p.summary;
            summary.considered = summary.considered.saturating_add(s.considered);
            summary.matched = summary.matched.saturating_add(s.matched);
            summary.excluded = summary.excluded.saturating_add(s.excluded);
            for (&r, &n) in &s.by_reason {
                let c = summary.by_reason.entry(r).or_insert(0);
                *c = c.saturating_add(n);
            }
        }
        Ok(Ranking {
            policy: self.fingerprint().to_owned(),
            request_id: request.id.clone(),
            matches,
            near_misses,
            excluded,
            summary,
        })
    }

    /// Each advocate's tier before the population shares, in id order: the per-part half of
    /// [`Engine::assign_tiers`](crate::Engine::assign_tiers). Any split of a roster works.
    pub fn tier_rows(&self, roster: &Roster, as_of: NaiveDate) -> Vec<TierRow> {
        let policy = self.policy();
        roster
            .in_id_order()
            .map(|(_, a)| {
                let lifecycle = self.lifecycle(a, as_of).state;
                if lifecycle == LifecycleState::Erased {
                    return TierRow {
                        id: a.id.clone(),
                        lifecycle,
                        tier: None,
                        computed: None,
                        points: 0.0,
                        in_grace: false,
                        tier_since: None,
                    };
                }
                let st = crate::rules::tiers::tier_status(policy, a, &Scalars::of(a), as_of);
                TierRow {
                    id: a.id.clone(),
                    lifecycle,
                    tier: Some(st.tier),
                    computed: Some(st.computed),
                    points: st.points,
                    in_grace: st.in_grace,
                    tier_since: a.tier_since,
                }
            })
            .collect()
    }

    /// The population shares over the tier rows of a whole roster (from
    /// [`Engine::tier_rows`](crate::Engine::tier_rows) on its parts, in any order): exactly
    /// [`Engine::assign_tiers`](crate::Engine::assign_tiers) over the whole. A repeated id is
    /// an error (`rows[i].id`).
    pub fn assign_tier_rows(&self, mut rows: Vec<TierRow>) -> Result<TierAssignment, RecordError> {
        let policy = self.policy();
        rows.sort_by(|x, y| x.id.cmp(&y.id));
        let mut errors = Vec::new();
        for (i, w) in rows.windows(2).enumerate() {
            if let [x, y] = w {
                if x.id == y.id && errors.len() < crate::MAX_REPORTED_ERRORS {
                    errors.push(crate::FieldError::new(
                        format!("rows[{}].id", i + 1),
                        ErrorCode::DuplicateId,
                        format!("advocate `{}` appears in more than one row", y.id),
                    ));
                }
            }
        }
        RecordError::from_errors(errors)?;
        let mut entries: Vec<ShareEntry<'_>> = Vec::new();
        let mut entry_of: Vec<usize> = Vec::new();
        for (k, r) in rows.iter().enumerate() {
            if let (Some(tier), false) = (r.tier, r.lifecycle.excludes()) {
                entry_of.push(k);
                entries.push(ShareEntry {
                    id: &r.id,
                    tier,
                    points: r.points,
                    tier_since: r.tier_since,
                    demoted: false,
                });
            }
        }
        let fell = crate::rules::tiers::apply_shares(policy, &mut entries);
        let mut counts = [0usize; 4];
        for e in &entries {
            if let Some(c) = counts.get_mut(crate::rules::tiers::tier_index(e.tier)) {
                *c += 1;
            }
        }
        let n = entries.len();
        let demoted: Vec<(usize, Tier)> = entries
            .iter()
            .zip(&entry_of)
            .filter(|(e, _)| e.demoted)
            .map(|(e, &k)| (k, e.tier))
            .collect();
        let mut advocates: Vec<AssignedTier> = rows
            .into_iter()
            .map(|r| {
                if r.lifecycle == LifecycleState::Erased {
                    // Erased means erased: the id and the lifecycle, nothing else.
                    return AssignedTier::erased(r.id);
                }
                AssignedTier {
                    in_base: Some(!r.lifecycle.excludes() && r.tier.is_some()),
                    touch: r.tier.map(|t| crate::rules::tiers::touch(policy, t)),
                    id: r.id,
                    lifecycle: r.lifecycle,
                    tier: r.tier,
                    computed: r.computed,
                    points: Some(r.points),
                    in_grace: Some(r.in_grace),
                    over_share: Some(false),
                }
            })
            .collect();
        for (k, tier) in demoted {
            if let Some(o) = advocates.get_mut(k) {
                o.tier = Some(tier);
                o.over_share = Some(true);
                o.touch = Some(crate::rules::tiers::touch(policy, tier));
            }
        }
        Ok(TierAssignment {
            policy: self.fingerprint().to_owned(),
            base: count32(n),
            shares_enforced: n >= policy.tiers.quota_min_roster as usize,
            mix: crate::rules::tiers::tier_mix(policy, counts, n, fell),
            advocates,
        })
    }

    /// One part's coverage counts (see [`Engine::coverage`](crate::Engine::coverage)):
    /// `roster` holds whole accounts. [`Engine::merge_coverage`](crate::Engine::merge_coverage)
    /// over the parts gives exactly the whole roster's portfolio.
    pub fn coverage_partial(
        &self,
        roster: &Roster,
        targets: &[CoverageTarget],
        as_of: NaiveDate,
    ) -> PartialPortfolio {
        let p = self.coverage(roster, targets, as_of);
        let today = crate::input::dates::day(as_of);
        let window = i32::try_from(self.policy().fatigue.window_days).unwrap_or(365);
        let mut reference_calls: BTreeMap<u32, u32> = BTreeMap::new();
        let mut tiers = TierCounts::default();
        for row in self.tier_rows(roster, as_of) {
            if row.lifecycle.excludes() {
                continue;
            }
            match row.tier {
                Some(Tier::Platinum) => tiers.platinum += 1,
                Some(Tier::Gold) => tiers.gold += 1,
                Some(Tier::Silver) => tiers.silver += 1,
                Some(Tier::Community) => tiers.community += 1,
                None => {}
            }
            // The busiest advocates are found from the distribution of calls alone.
            let calls = roster.get(&row.id).map_or(0, |a| {
                a.activities
                    .iter()
                    .filter(|x| {
                        x.kind == ActivityKind::ReferenceCall
                            && x.status == ActivityStatus::Completed
                            && crate::input::dates::day(x.date) <= today
                            && crate::input::dates::day(x.date) > today - window
                    })
                    .count()
            });
            *reference_calls.entry(count32(calls)).or_insert(0) += 1;
        }
        PartialPortfolio {
            policy: p.policy,
            advocates: p.advocates,
            lifecycle: p.lifecycle,
            coverage: p.coverage,
            tiers,
            reference_calls,
            enrollment: p.enrollment,
        }
    }

    /// Merges the coverage counts of the parts of a roster split by account into the whole
    /// roster's portfolio. `targets` are the targets every part was given.
    pub fn merge_coverage(
        &self,
        targets: &[CoverageTarget],
        parts: &[PartialPortfolio],
    ) -> Result<Portfolio, RecordError> {
        check_parts(self, parts.iter().map(|p| (p.policy.as_str(), None)), None)?;
        let mut errors = Vec::new();
        for (i, p) in parts.iter().enumerate() {
            if p.coverage.len() != targets.len() && errors.len() < crate::MAX_REPORTED_ERRORS {
                errors.push(crate::FieldError::new(
                    format!("parts[{i}].coverage"),
                    ErrorCode::InvalidValue,
                    format!(
                        "part covers {} targets, not the {} given",
                        p.coverage.len(),
                        targets.len()
                    ),
                ));
            }
        }
        RecordError::from_errors(errors)?;
        let policy = self.policy();
        let mut coverage: Vec<TargetCoverage> = targets
            .iter()
            .map(|t| {
                let mut t = t.clone();
                t.industry = t.industry.map(|s| crate::normalize_key(&s));
                t.product = t.product.map(|s| crate::normalize_key(&s));
                TargetCoverage {
                    target: t,
                    in_segment: 0,
                    available: 0,
                    gap: 0,
                }
            })
            .collect();
        let mut lifecycle = LifecycleCounts::default();
        let mut tiers = [0usize; 4];
        let mut calls: BTreeMap<u32, u64> = BTreeMap::new();
        let mut enrollment = Vec::new();
        let mut advocates = 0u32;
        for p in parts {
            advocates = advocates.saturating_add(p.advocates);
            let l = &p.lifecycle;
            lifecycle.active += l.active;
            lifecycle.at_risk += l.at_risk;
            lifecycle.inactive += l.inactive;
            lifecycle.opted_out += l.opted_out;
            lifecycle.erased += l.erased;
            for (c, pc) in coverage.iter_mut().zip(&p.coverage) {
                c.in_segment += pc.in_segment;
                c.available += pc.available;
            }
            let t = &p.tiers;
            for (slot, n) in tiers
                .iter_mut()
                .zip([t.platinum, t.gold, t.silver, t.community])
            {
                *slot += n as usize;
            }
            for (&k, &n) in &p.reference_calls {
                *calls.entry(k).or_insert(0) += u64::from(n);
            }
            enrollment.extend(p.enrollment.iter().cloned());
        }
        for c in &mut coverage {
            c.gap = c.target.needed.saturating_sub(c.available);
        }
        enrollment.sort_by(|x: &EnrollmentCandidate, y| {
            y.readiness
                .total_cmp(&x.readiness)
                .then_with(|| x.id.cmp(&y.id))
        });
        let base: u64 = calls.values().sum();
        let busiest = (base as f64 * 0.05).ceil() as u64;
        let (mut total, mut top, mut left) = (0u64, 0u64, busiest);
        for (&k, &n) in calls.iter().rev() {
            total += u64::from(k) * n;
            let take = n.min(left);
            top += u64::from(k) * take;
            left -= take;
        }
        let n = tiers.iter().sum::<usize>();
        let (counts, fell) = cascade(policy, tiers, n);
        let total = u32::try_from(total).unwrap_or(u32::MAX);
        let top = u32::try_from(top).unwrap_or(u32::MAX);
        Ok(Portfolio {
            policy: self.fingerprint().to_owned(),
            advocates,
            base: u32::try_from(base).unwrap_or(u32::MAX),
            lifecycle,
            coverage,
            tier_mix: crate::rules::tiers::tier_mix(policy, counts, n, fell),
            concentration: Concentration::new(
                total,
                usize::try_from(busiest).unwrap_or(usize::MAX),
                top,
            ),
            enrollment,
        })
    }
}
