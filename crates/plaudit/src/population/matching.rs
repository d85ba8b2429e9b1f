//! Matching and ranking (docs/rules.md#matching-and-ranking, #account-cap, #near-misses): every advocate of a roster is either
//! excluded, with all its reasons, or matched, with a score broken into components.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::Engine;
use crate::input::dates::{Day, date, day};
use crate::input::numbers::round_to;
use crate::input::records::{Request, Segment, Tier};
use crate::policy::Policy;
use crate::population::roster::day_state::{DayState, KindBlocks};
use crate::population::roster::{NONE, Roster};
use crate::reasons::{Reason, ReasonSet};
use crate::rules::scratch::KindPart;
use crate::rules::window::{Block, FOREVER};

/// The score components of a match, each in 0..=1 (four decimals).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MatchComponents {
    /// Exact industry 1, related 0.5.
    pub industry: f64,
    /// Exact segment 1, adjacent 0.5.
    pub segment: f64,
    /// Same country 1, same region 0.5.
    pub region: f64,
    /// Jaccard similarity of products.
    pub products: f64,
    /// Jaccard similarity of use cases.
    pub use_cases: f64,
    /// Readiness / 100.
    pub readiness: f64,
    /// Rotation: half remaining annual capacity, half time since the last counted activity.
    pub freshness: f64,
}

/// A matched advocate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Match {
    /// Advocate id.
    pub id: Arc<str>,
    /// 0..=100 (two decimals).
    pub score: f64,
    /// Each component of the score.
    pub components: MatchComponents,
    /// The first date in `[requested_on, needed_by]` on which the advocate may be asked.
    #[serde(with = "crate::input::dates::req")]
    #[cfg_attr(feature = "schema", schemars(with = "NaiveDate"))]
    pub earliest_on: NaiveDate,
    /// Effective tier (with demotion grace).
    pub tier: Tier,
    /// Readiness score 0..=100.
    pub readiness: f64,
    /// Counted activities in the window ending at `as_of`.
    pub counted_in_window: u32,
    /// Approvals needed before publishing.
    pub approvals: Vec<String>,
    /// Disclosures to make (e.g. `material_connection`).
    pub disclosures: ReasonSet,
    /// Warnings (e.g. `at_risk`, `profile_stale`, `incentive_below_fair_value`).
    pub warnings: ReasonSet,
}

/// An excluded advocate and every reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Exclusion {
    /// Advocate id.
    pub id: Arc<str>,
    /// Every reason, in code order.
    pub reasons: ReasonSet,
    /// When every reason is lifted by time: the first date the advocate may be asked.
    #[serde(
        default,
        with = "crate::input::dates::opt",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "schema", schemars(with = "Option<NaiveDate>"))]
    pub next_available_on: Option<NaiveDate>,
}

/// Counts for the whole ranking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RankSummary {
    /// Advocates in the roster.
    pub considered: u32,
    /// Advocates matched.
    pub matched: u32,
    /// Advocates excluded.
    pub excluded: u32,
    /// Matches returned (at most `count`, at most `max_per_account` per account).
    pub returned: u32,
    /// Excluded advocates per reason (an advocate counts once under each of its reasons).
    pub by_reason: BTreeMap<Reason, u32>,
}

/// The answer to a request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Ranking {
    /// Policy fingerprint.
    pub policy: String,
    /// The request id.
    pub request_id: String,
    /// The best matches, best first.
    pub matches: Vec<Match>,
    /// When matches fall short: excluded advocates whose every reason time lifts, earliest
    /// first, with the date they become available (docs/rules.md#near-misses).
    pub near_misses: Vec<Exclusion>,
    /// Every excluded advocate, in id order.
    pub excluded: Vec<Exclusion>,
    /// Counts.
    pub summary: RankSummary,
}

/// Jaccard similarity of two sorted, deduplicated id lists.
fn jaccard(a: &[u32], b: &[u32]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut inter) = (0, 0, 0usize);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                inter += 1;
                i += 1;
                j += 1;
            }
        }
    }
    inter as f64 / (a.len() + b.len() - inter) as f64
}

fn segment_score(prospect: Option<Segment>, advocate: Option<Segment>) -> f64 {
    match (prospect, advocate) {
        (Some(p), Some(a)) if p == a => 1.0,
        (Some(p), Some(a)) if (p as i32 - a as i32).abs() == 1 => 0.5,
        _ => 0.0,
    }
}

/// Per-request lookups, computed once per call (never per advocate).
struct Prepared {
    industry: u32,
    related: Vec<u32>,
    country: u32,
    region_of: Vec<u16>,
    products: Vec<u32>,
    use_cases: Vec<u32>,
    excluded_accounts: Vec<u32>,
}

const NO_REGION: u16 = u16::MAX;

fn prepare(policy: &Policy, roster: &Roster, req: &Request) -> Prepared {
    let p = &req.prospect;
    let industry = if p.industry.is_empty() {
        NONE
    } else {
        roster.industries.get(&p.industry).unwrap_or(NONE - 1)
    };
    let mut related: Vec<u32> = Vec::new();
    for (k, list) in &policy.matching.related_industries {
        if *k == p.industry {
            related.extend(list.iter().filter_map(|x| roster.industries.get(x)));
        } else if list.contains(&p.industry) {
            related.extend(roster.industries.get(k));
        }
    }
    related.sort_unstable();
    related.dedup();
    // Region index of every interned country; the prospect's country gets its own lookup.
    let region_index = |c: &str| -> u16 {
        policy
            .regions
            .values()
            .position(|list| list.binary_search_by(|x| x.as_str().cmp(c)).is_ok())
            .and_then(|i| u16::try_from(i).ok())
            .unwrap_or(NO_REGION)
    };
    let mut region_of = vec![NO_REGION; roster.countries.len() + 1];
    for (c, id) in roster.countries.iter() {
        if let Some(slot) = region_of.get_mut(id as usize) {
            *slot = region_index(c);
        }
    }
    let country = match &p.country {
        Some(c) => match roster.countries.get(c) {
            Some(id) => id,
            None => {
                // A country no advocate has: only its region can match.
                let id = u32::try_from(roster.countries.len()).unwrap_or(NONE);
                if let Some(slot) = region_of.last_mut() {
                    *slot = region_index(c);
                }
                id
            }
        },
        None => NONE,
    };
    let ids = |interner: &crate::population::roster::Interner, keys: &[String]| {
        let mut v: Vec<u32> = keys
            .iter()
            .map(|k| interner.get(k).unwrap_or(NONE - 1))
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let mut products = ids(&roster.products, &p.products);
    let mut use_cases = ids(&roster.use_cases, &p.use_cases);
    // Keys no advocate has still count in the union of the Jaccard similarity: give each a
    // distinct id past every interned one.
    fn spread(v: &mut [u32], base: usize) {
        let mut next = u32::try_from(base).unwrap_or(NONE - 2);
        for x in v.iter_mut().filter(|x| **x == NONE - 1) {
            *x = next;
            next = next.saturating_add(1);
        }
    }
    let unknown_p = products.iter().filter(|x| **x == NONE - 1).count();
    let unknown_u = use_cases.iter().filter(|x| **x == NONE - 1).count();
    let (np, nu) = (roster.products.len(), roster.use_cases.len());
    products.retain(|x| *x != NONE - 1);
    use_cases.retain(|x| *x != NONE - 1);
    let mut extra_p = vec![NONE - 1; unknown_p.min(p.products.len())];
    spread(&mut extra_p, np);
    products.extend(extra_p);
    let mut extra_u = vec![NONE - 1; unknown_u.min(p.use_cases.len())];
    spread(&mut extra_u, nu);
    use_cases.extend(extra_u);
    products.sort_unstable();
    use_cases.sort_unstable();
    let mut excluded_accounts: Vec<u32> = req
        .exclude_accounts
        .iter()
        .chain(p.account_id.iter())
        .filter_map(|a| roster.accounts.get(a))
        .collect();
    excluded_accounts.sort_unstable();
    excluded_accounts.dedup();
    Prepared {
        industry,
        related,
        country,
        region_of,
        products,
        use_cases,
        excluded_accounts,
    }
}

/// A match before selection: what the order needs. The rest of a [`Match`] is made only
/// for those returned.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Candidate {
    score: f64,
    readiness: f64,
    counted: u32,
    /// Position in id order (so the id tie-break is a comparison of positions).
    k: u32,
    earliest: Day,
}

/// Scores matches of one request.
struct Scorer<'a> {
    engine: &'a Engine,
    policy: &'a Policy,
    prep: &'a Prepared,
    roster: &'a Roster,
    state: &'a DayState,
    req: &'a Request,
    wsum: f64,
}

impl Scorer<'_> {
    /// The components and the score of the advocate at position `k` (input index `i`)
    /// asked on `earliest`.
    fn score(&self, k: usize, i: usize, earliest: Day) -> (MatchComponents, f64) {
        let (prep, roster) = (self.prep, self.roster);
        let ind = roster.industry.get(i).copied().unwrap_or(NONE);
        let industry = if prep.industry == NONE || ind == NONE {
            0.0
        } else if ind == prep.industry {
            1.0
        } else if prep.related.binary_search(&ind).is_ok() {
            0.5
        } else {
            0.0
        };
        let segment = segment_score(
            self.req.prospect.segment,
            roster.segment.get(i).copied().flatten(),
        );
        let ctry = roster.country.get(i).copied().unwrap_or(NONE);
        let region = if prep.country == NONE || ctry == NONE {
            0.0
        } else if ctry == prep.country {
            1.0
        } else {
            let region_of = |c: u32| prep.region_of.get(c as usize).copied().unwrap_or(NO_REGION);
            let (r1, r2) = (region_of(ctry), region_of(prep.country));
            if r1 != NO_REGION && r1 == r2 {
                0.5
            } else {
                0.0
            }
        };
        let products = jaccard(&prep.products, roster.product_sets.get(i));
        let use_cases = jaccard(&prep.use_cases, roster.use_case_sets.get(i));
        let readiness = self.state.scores(self.engine, self.roster, k).1 / 100.0;
        let freshness =
            crate::rules::window::freshness(self.policy, self.state.counted.get(k), earliest);
        let comp = MatchComponents {
            industry,
            segment,
            region,
            products: round_to(products, 1e4),
            use_cases: round_to(use_cases, 1e4),
            readiness: round_to(readiness, 1e4),
            freshness: round_to(freshness, 1e4),
        };
        let w = &self.policy.matching.weights;
        let weighted = w.industry * comp.industry
            + w.segment * comp.segment
            + w.region * comp.region
            + w.products * comp.products
            + w.use_cases * comp.use_cases
            + w.readiness * comp.readiness
            + w.freshness * comp.freshness;
        let score = if self.wsum > 0.0 {
            round_to(100.0 * weighted / self.wsum, 100.0)
        } else {
            0.0
        };
        (comp, score)
    }
}

/// Ties: higher score, higher readiness, fewer counted activities, smaller id.
fn best_first(x: &Candidate, y: &Candidate) -> std::cmp::Ordering {
    y.score
        .total_cmp(&x.score)
        .then_with(|| y.readiness.total_cmp(&x.readiness))
        .then_with(|| x.counted.cmp(&y.counted))
        .then_with(|| x.k.cmp(&y.k))
}

/// The matches to return, best first: up to `want` candidates, at most `per_account` of an
/// account (`account` of a candidate's position; `NONE`: no account, no limit). One pass
/// keeps the best few in order (a head, every one of which beats the rest); the whole list is
/// put in order only when account limits skip enough of the head.
fn choose(
    candidates: &mut [Candidate],
    want: usize,
    per_account: usize,
    account: impl Fn(u32) -> u32,
) -> Vec<Candidate> {
    let head = want.saturating_mul(4).max(64);
    let mut best: Vec<Candidate> = Vec::with_capacity(head + 1);
    for c in candidates.iter() {
        if best.len() == head
            && best
                .last()
                .is_some_and(|w| best_first(c, w) != std::cmp::Ordering::Less)
        {
            continue;
        }
        let at = best.partition_point(|b| best_first(b, c) == std::cmp::Ordering::Less);
        best.insert(at, *c);
        best.truncate(head);
    }
    let pick = |ordered: &[Candidate]| {
        let mut taken: BTreeMap<u32, usize> = BTreeMap::new();
        let mut out = Vec::with_capacity(want);
        for c in ordered {
            if out.len() >= want {
                break;
            }
            let acc = account(c.k);
            if acc != NONE {
                let n = taken.entry(acc).or_insert(0);
                if *n >= per_account {
                    continue;
                }
                *n += 1;
            }
            out.push(*c);
        }
        out
    };
    let out = pick(&best);
    if out.len() >= want || best.len() == candidates.len() {
        return out;
    }
    candidates.sort_unstable_by(best_first);
    pick(candidates)
}

/// What ranking decides for one advocate: excluded (all its reasons, and the first date
/// waiting would allow, when only time stands in the way), or matched on its earliest day.
enum Verdict {
    Excluded(ReasonSet, Option<Day>),
    Matched(Day),
}

/// One request ranked over one roster as of one day: the request-independent state comes
/// from the roster's day cache; [`Ranker::judge`] decides each advocate in turn.
struct Ranker<'a> {
    engine: &'a Engine,
    policy: &'a Policy,
    roster: &'a Roster,
    req: &'a Request,
    prep: &'a Prepared,
    state: &'a DayState,
    kind: &'a KindBlocks,
    /// `[requested_on, needed_by]` as day numbers.
    from: Day,
    until: Day,
}

impl Ranker<'_> {
    /// Decides the advocate at position `k` in id order (input index `i`).
    fn judge(&self, k: usize, i: usize) -> Verdict {
        let (policy, req) = (self.policy, self.req);
        let Some(gate) = self.state.gates.get(k) else {
            return Verdict::Excluded(ReasonSet::EMPTY, None);
        };
        if gate.erased {
            return Verdict::Excluded([Reason::Erased].into_iter().collect(), None);
        }
        let (row, _) = self.roster.row(k, &self.state.tables);
        let acc = self.roster.account.get(i).copied().unwrap_or(NONE);
        let request_reasons = self.request_reasons(k, i, acc);
        let (block, disclosures, warn) =
            crate::rules::compliance::incentive(policy, &row, req.kind, req.incentive.as_ref());
        let part = KindPart {
            kind: req.kind,
            reasons: self
                .kind
                .reasons
                .get(k)
                .copied()
                .unwrap_or_default()
                .union(block),
            disclosures,
            warnings: gate.warnings.union(warn),
        };
        let blocks: &[&[Block]] = &[self.kind.blocks.get(k)];
        let missing = self.kind.consent.get(k);
        let consent_missing = |d: Day| missing.iter().any(|&(s, e)| s <= d && d <= e);
        let at = |d: Day| Engine::at_in(&part, d, blocks, consent_missing);
        let (first, first_next) = at(self.from);
        // A disruption touching any day of the request excludes for the whole request; waiting
        // lifts it: the next date is the first day after its window the advocate allows.
        if let Some(end) =
            crate::rules::capacity::disruption_overlap(policy, &row, self.from, self.until)
        {
            let mut reasons = request_reasons.union(first);
            reasons.insert(Reason::DisruptionWindow);
            let next = if reasons.all_lifted_by_time() && end < FOREVER {
                at(end + 1).1
            } else {
                None
            };
            return Verdict::Excluded(reasons, next);
        }
        if !request_reasons.is_empty() || !(first.is_empty() || first.all_lifted_by_time()) {
            return Verdict::Excluded(request_reasons.union(first), None);
        }
        let account_days = self.state.account_days(self.engine, self.roster, acc);
        match self.first_allowed_day((first, first_next), at, account_days) {
            Ok(d) => Verdict::Matched(d),
            Err((reasons, next)) => {
                let lifted = reasons.all_lifted_by_time();
                Verdict::Excluded(reasons, if lifted { next } else { None })
            }
        }
    }

    /// Reasons of the request itself: an excluded account, a language the advocate does not
    /// speak, a tier below the minimum.
    fn request_reasons(&self, k: usize, i: usize, acc: u32) -> ReasonSet {
        let req = self.req;
        let mut reasons = ReasonSet::EMPTY;
        if acc != NONE && self.prep.excluded_accounts.binary_search(&acc).is_ok() {
            reasons.insert(Reason::ExcludedAccount);
        }
        if req.language_required {
            if let Some(l) = &req.prospect.language {
                let speaks = self
                    .roster
                    .advocates
                    .get(i)
                    .is_some_and(|x| x.languages.iter().any(|x| x == l));
                if !speaks {
                    reasons.insert(Reason::LanguageMismatch);
                }
            }
        }
        if req
            .min_tier
            .is_some_and(|m| self.state.scores(self.engine, self.roster, k).0 < m)
        {
            reasons.insert(Reason::TierBelowMinimum);
        }
        reasons
    }

    /// The first day in `[from, until]` on which both the advocate's own rules (`at`: the
    /// reasons on a day and the next day that lifts them; `first` is `at(from)`) and the
    /// account cap (over `account_days`) allow the ask; otherwise every reason met on the way
    /// and the first day after `until` that would be allowed, when there is one.
    fn first_allowed_day(
        &self,
        first: (ReasonSet, Option<Day>),
        at: impl Fn(Day) -> (ReasonSet, Option<Day>),
        account_days: &[Day],
    ) -> Result<Day, (ReasonSet, Option<Day>)> {
        let window = i32::try_from(self.policy.fatigue.window_days).unwrap_or(365);
        let acc_cap = self.policy.matching.account_annual_cap;
        let mut reasons = first.0;
        let mut d = self.from;
        let (mut now, mut next) = first;
        // Each step moves to a later blocked interval's end: a few steps suffice; the bound
        // keeps a pathological history from looping long.
        for _ in 0..64 {
            if !now.is_empty() {
                reasons = reasons.union(now);
                match next.filter(|n| *n > d) {
                    Some(n) if now.all_lifted_by_time() => {
                        d = n;
                        if d > self.until {
                            return Err((reasons, Some(d)));
                        }
                        (now, next) = at(d);
                        continue;
                    }
                    _ => return Err((reasons, None)),
                }
            }
            // The advocate allows `d`: does the account?
            match crate::rules::window::next_allowed(account_days, d, window, acc_cap) {
                Some(n) if n == d => return Ok(d),
                Some(n) => {
                    reasons.insert(Reason::AccountCapReached);
                    d = n;
                    if d > self.until {
                        return Err((reasons, Some(d)));
                    }
                    (now, next) = at(d);
                }
                None => {
                    reasons.insert(Reason::AccountCapReached);
                    return Err((reasons, None));
                }
            }
        }
        Err((reasons, None))
    }

    /// The chosen candidates as matches, with their score breakdown, approvals and
    /// disclosures.
    fn to_match(&self, scorer: &Scorer<'_>, c: &Candidate) -> Match {
        let (policy, req, roster) = (self.policy, self.req, self.roster);
        let k = c.k as usize;
        let (row, i) = roster.row(k, &self.state.tables);
        let (components, score) = scorer.score(k, i, c.earliest);
        let (_, disclosures, warn) =
            crate::rules::compliance::incentive(policy, &row, req.kind, req.incentive.as_ref());
        let gate_warnings = self
            .state
            .gates
            .get(k)
            .map_or(ReasonSet::EMPTY, |g| g.warnings);
        Match {
            id: roster.ids.get(i).cloned().unwrap_or_else(|| Arc::from("")),
            score,
            components,
            earliest_on: date(c.earliest),
            tier: self.state.scores(self.engine, roster, k).0,
            readiness: c.readiness,
            counted_in_window: c.counted,
            approvals: roster
                .advocates
                .get(i)
                .map(|a| crate::rules::compliance::approvals(policy, a, req.kind))
                .unwrap_or_default(),
            disclosures,
            warnings: gate_warnings.union(warn),
        }
    }
}

/// The excluded advocates waiting would let match, soonest first (then by id): at most
/// `want` of them.
fn near_misses(excluded: &[Exclusion], want: usize) -> Vec<Exclusion> {
    let mut pool: Vec<&Exclusion> = excluded
        .iter()
        .filter(|e| e.next_available_on.is_some() && e.reasons.all_lifted_by_time())
        .collect();
    pool.sort_by(|x, y| {
        x.next_available_on
            .cmp(&y.next_available_on)
            .then_with(|| x.id.cmp(&y.id))
    });
    pool.into_iter().take(want).cloned().collect()
}

/// Ranks: (1) the request prepared against the roster's interned keys and the day's state
/// taken from the roster's cache; (2) every advocate judged, in id order: an exclusion with
/// its reasons, or a candidate scored on its earliest day; (3) the best `count` candidates
/// chosen, at most `max_per_account` of an account, and made into matches; (4) near misses
/// when matches fall short; (5) the summary's counts.
pub(crate) fn rank(
    engine: &crate::Engine,
    roster: &Roster,
    req: &Request,
    as_of: NaiveDate,
) -> Ranking {
    // (1) What does not depend on the request is kept by the roster for the day.
    let policy = engine.policy();
    let prep = prepare(policy, roster, req);
    let today = crate::rules::scratch::Today::of(as_of);
    let state = roster.day.get(engine, roster, today, req.kind);
    let ranker = Ranker {
        engine,
        policy,
        roster,
        req,
        prep: &prep,
        state: &state,
        kind: state.kind(engine, roster, req.kind),
        from: day(req.requested_on),
        until: day(req.needed_by),
    };
    let scorer = Scorer {
        engine,
        policy,
        prep: &prep,
        roster,
        state: &state,
        req,
        wsum: policy.matching.weights.pairs().iter().map(|(_, w)| w).sum(),
    };

    // (2) Every advocate judged.
    let mut candidates: Vec<Candidate> = Vec::new();
    let mut excluded: Vec<Exclusion> = Vec::with_capacity(roster.len());
    let mut by_reason = [0u32; 64];
    for k in 0..state.gates.len() {
        let i = roster.index_of(k);
        match ranker.judge(k, i) {
            Verdict::Excluded(reasons, next) => {
                for r in reasons.iter() {
                    if let Some(n) = by_reason.get_mut(r as usize) {
                        *n += 1;
                    }
                }
                excluded.push(Exclusion {
                    id: roster.ids.get(i).cloned().unwrap_or_else(|| Arc::from("")),
                    reasons,
                    next_available_on: next.and_then(crate::input::dates::next_date),
                });
            }
            Verdict::Matched(earliest) => candidates.push(Candidate {
                score: scorer.score(k, i, earliest).1,
                readiness: state.scores(engine, roster, k).1,
                counted: state.counted_in_window.get(k).copied().unwrap_or(0),
                k: u32::try_from(k).unwrap_or(u32::MAX),
                earliest,
            }),
        }
    }

    // (3) The best, within the account limit, as matches.
    let matched = candidates.len();
    let want = req.count.clamp(1, crate::input::records::MAX_REQUEST_COUNT) as usize;
    let per_account = policy.matching.max_per_account as usize;
    let chosen = choose(&mut candidates, want, per_account, |k| {
        let (_, i) = roster.row(k as usize, &state.tables);
        roster.account.get(i).copied().unwrap_or(NONE)
    });
    let matches: Vec<Match> = chosen.iter().map(|c| ranker.to_match(&scorer, c)).collect();

    // (4) Near misses, (5) the counts.
    let near_misses = if policy.matching.near_misses && matches.len() < want {
        near_misses(&excluded, want)
    } else {
        Vec::new()
    };
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let summary = RankSummary {
        considered: count(roster.len()),
        matched: count(matched),
        excluded: count(excluded.len()),
        returned: count(matches.len()),
        by_reason: Reason::ALL
            .iter()
            .filter_map(|&r| {
                let n = by_reason.get(r as usize).copied().unwrap_or(0);
                (n > 0).then_some((r, n))
            })
            .collect(),
    };
    Ranking {
        policy: engine.fingerprint().to_owned(),
        request_id: req.id.clone(),
        matches,
        near_misses,
        excluded,
        summary,
    }
}

impl crate::Engine {
    /// Ranks a roster for a request as of `as_of` (docs/rules.md#matching-and-ranking): every advocate is matched or
    /// excluded with all its reasons; the best `count` matches are returned, at most
    /// `max_per_account` per account, with their score breakdown, `earliest_on`, tier,
    /// approvals and disclosures; near misses when matches fall short (docs/rules.md#near-misses).
    /// Deterministic: the same input gives the same output, whatever the roster's order.
    pub fn rank(&self, request: &Request, roster: &Roster, as_of: NaiveDate) -> Ranking {
        rank(self, roster, request, as_of)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reference: every candidate in order, then the account limits.
    fn choose_slow(
        candidates: &[Candidate],
        want: usize,
        per_account: usize,
        account: impl Fn(u32) -> u32,
    ) -> Vec<Candidate> {
        let mut all = candidates.to_vec();
        all.sort_by(best_first);
        let mut taken: BTreeMap<u32, usize> = BTreeMap::new();
        all.into_iter()
            .filter(|c| {
                let acc = account(c.k);
                let n = taken.entry(acc).or_insert(0);
                *n += 1;
                acc == NONE || *n <= per_account
            })
            .take(want)
            .collect()
    }

    /// Many candidates with tied scores, few accounts (so limits skip past the ordered head
    /// into the rest), any `want`: the same choice as ordering everything.
    #[test]
    fn choosing_from_a_head_equals_ordering_everything() {
        let mut next = crate::test_rng(0x9e37_79b9_7f4a_7c15_u64);
        for case in 0..400 {
            let n = next(400) as u32;
            let accounts = 1 + next(12) as u32;
            let mut candidates: Vec<Candidate> = (0..n)
                .map(|k| Candidate {
                    score: next(8) as f64 / 4.0,
                    readiness: next(3) as f64,
                    counted: next(3) as u32,
                    k,
                    earliest: next(30) as Day,
                })
                .collect();
            // Positions are unique; shuffle the order the candidates arrive in.
            for j in (1..candidates.len()).rev() {
                candidates.swap(j, next(j as u64 + 1) as usize);
            }
            let account = |k: u32| if k % 7 == 0 { NONE } else { k % accounts };
            let want = 1 + next(60) as usize;
            let per_account = 1 + next(3) as usize;
            let fast = choose(&mut candidates.clone(), want, per_account, account);
            let slow = choose_slow(&candidates, want, per_account, account);
            assert_eq!(fast, slow, "case {case}: {n} candidates, want {want}");
        }
    }
}
