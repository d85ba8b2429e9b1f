//! One advocate, from `(seed, index)`: who they are, whether they pass the gates, and their
//! engagement, activity and consent history.
//!
//! Every advocate follows one of four archetypes, which shape the history:
//! - **steady** (67%): engagement spread over the history, weighted to recent months;
//! - **champion** (14%): busy — many engagements and activities, some at the annual cap;
//! - **fading** (9%): engaged two to four months ago, much less in the last 60 days
//!   (lifecycle `at_risk`);
//! - **dormant** (10%): no touch for a year or more (lifecycle `inactive`).
//!
//! Eligibility is decided first (a share of `eligible_share`, higher for champions, lower
//! for dormant advocates); the gate values are then drawn to agree with the decision, from
//! the account's values where they already do.

use plaudit::dates::{Day, date, day};
use plaudit::{
    Activity, ActivityKind, ActivityStatus, Advocate, Consent, ConsentPurpose, ConsentStatus,
    Incentive, IncentiveKind, Preferences, Tier, tenure_months,
};

use crate::SynthConfig;
use crate::account::{Account, account_id, account_of, pick_index};
use crate::rng::{ADVOCATE_STREAMS, Rng};
use crate::rules::rules;
use crate::vocab::{
    EXTRA_LANGUAGES, FREQUENCIES, INFLUENCE, INFLUENCE_CHAMPION, KIND_MIX, PERSONAS, PRODUCTS,
    USE_CASES, WILLING,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Archetype {
    Steady,
    Champion,
    Fading,
    Dormant,
}

/// Archetype shares (per mille) and their eligibility multipliers.
const ARCHETYPES: &[(Archetype, u32)] = &[
    (Archetype::Steady, 700),
    (Archetype::Champion, 140),
    (Archetype::Fading, 60),
    (Archetype::Dormant, 100),
];

impl Archetype {
    /// Relative odds of passing the gates (champions are happier customers).
    fn eligibility_multiplier(self) -> f64 {
        match self {
            Archetype::Steady => 1.0,
            Archetype::Champion => 1.6,
            Archetype::Fading => 0.8,
            Archetype::Dormant => 0.5,
        }
    }
    /// Mean engagements over the history, before scaling.
    fn engagements(self) -> f64 {
        match self {
            Archetype::Steady => 7.0,
            Archetype::Champion => 16.0,
            Archetype::Fading => 7.5,
            Archetype::Dormant => 3.0,
        }
    }
    /// Mean activity records over the history, before scaling.
    fn activities(self) -> f64 {
        match self {
            Archetype::Steady => 3.8,
            Archetype::Champion => 13.5,
            Archetype::Fading => 3.5,
            Archetype::Dormant => 1.8,
        }
    }
}

/// The weighted mean of the eligibility multipliers, so the overall share is the target.
fn multiplier_norm() -> f64 {
    let total: u32 = ARCHETYPES.iter().map(|(_, w)| w).sum();
    ARCHETYPES
        .iter()
        .map(|(a, w)| a.eligibility_multiplier() * f64::from(*w))
        .sum::<f64>()
        / f64::from(total)
}

/// Whether a gate must pass, must fail, or takes its natural value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gate {
    Pass,
    Fail,
    Free,
}

struct Gates {
    health: Gate,
    tenure: Gate,
    nps: Gate,
    outcome: Gate,
}

fn gates(r: &mut Rng, qualified: bool) -> Gates {
    if qualified {
        return Gates {
            health: Gate::Pass,
            tenure: Gate::Pass,
            nps: Gate::Pass,
            outcome: Gate::Pass,
        };
    }
    // Which gates fail, with realistic frequencies; at least one.
    const ODDS: [u32; 4] = [400, 200, 500, 300];
    let mut fail = ODDS.map(|o| r.per_mille(o));
    if !fail.iter().any(|f| *f) {
        let i = pick_index(r, &[((), 400), ((), 200), ((), 500), ((), 300)]);
        if let Some(f) = fail.get_mut(i) {
            *f = true;
        }
    }
    let g = |f: bool| if f { Gate::Fail } else { Gate::Free };
    Gates {
        health: g(fail[0]),
        tenure: g(fail[1]),
        nps: g(fail[2]),
        outcome: g(fail[3]),
    }
}

/// NPS answers: 46% promoters (9-10), 30% passives, 24% detractors.
const NPS: &[(i64, u32)] = &[
    (10, 22),
    (9, 24),
    (8, 18),
    (7, 12),
    (6, 7),
    (5, 5),
    (4, 3),
    (3, 3),
    (2, 2),
    (1, 2),
    (0, 2),
];

/// Most engagements or activities drawn for one advocate, whatever the knobs say (well
/// under the records' limit of 10,000).
const MAX_ITEMS: usize = 2_000;

/// A draft activity before the cap pass.
struct Draft {
    day: Day,
    kind: ActivityKind,
    status: ActivityStatus,
}

/// The first draws of advocate `index`'s stream: its archetype and whether it passes the
/// gates. Cheap (no account, no history), so opportunities can pick the roster's busy,
/// happy advocates for their touches without generating whole advocates.
fn start(config: &SynthConfig, index: u64) -> (Rng, Archetype, bool) {
    let mut r = Rng::new(config.seed, ADVOCATE_STREAMS | (index & !(3 << 62)));
    let arch = *r.weighted(ARCHETYPES);
    let p = config.eligible_share * arch.eligibility_multiplier() / multiplier_norm();
    let qualified = r.chance(p);
    (r, arch, qualified)
}

/// How likely advocate `index` is to be the one a deal team brings in, per mille: champions
/// and advocates who pass the gates far more than the dormant or the unhappy.
pub(crate) fn deal_appeal(config: &SynthConfig, index: u64) -> u32 {
    let (_, arch, qualified) = start(config, index);
    match (arch, qualified) {
        (Archetype::Champion, true) => 1000,
        (Archetype::Champion, false) => 450,
        (Archetype::Steady, true) => 400,
        (Archetype::Steady, false) => 100,
        (Archetype::Fading, _) => 80,
        (Archetype::Dormant, _) => 15,
    }
}

pub(crate) fn generate(config: &SynthConfig, index: usize) -> Advocate {
    let seed = config.seed;
    let as_of = day(config.as_of);
    let index = index as u64;
    let acct = Account::generate(seed, account_of(seed, index), as_of);
    let (mut r, mut arch, qualified) = start(config, index);
    let g = gates(&mut r, qualified);

    // Health (tenths of a point), near the account's.
    let mut health = (acct.health_tenths + r.between(-40, 40)).clamp(0, 1000);
    match g.health {
        Gate::Pass if health < 800 => health = r.between(800, 1000),
        Gate::Fail if health >= 800 => health = r.between(350, 799),
        _ => {}
    }

    // Tenure: the account's, unless the decision needs otherwise.
    let mut since = acct.customer_since;
    let months = |s: Day| tenure_months(date(s), config.as_of);
    match g.tenure {
        Gate::Pass if months(since) < 12 => since = as_of - r.between(13 * 31, 8 * 365),
        Gate::Fail if months(since) >= 12 => since = as_of - r.between(20, 330),
        _ => {}
    }

    // NPS and its date.
    let fresh = |r: &mut Rng| Some(as_of - r.between(0, 365));
    let stale = |r: &mut Rng| Some(as_of - r.between(366, 1000));
    let (nps, nps_on): (Option<i64>, Option<Day>) = match g.nps {
        Gate::Pass => {
            let n = if r.per_mille(480) { 10 } else { 9 };
            (
                Some(n),
                if r.per_mille(100) {
                    None
                } else {
                    fresh(&mut r)
                },
            )
        }
        Gate::Fail => match r.below(100) {
            0..30 => (None, None),
            30..55 => (Some(*r.weighted(NPS)), stale(&mut r)),
            _ => (
                Some(r.between(0, 8).max(r.between(3, 8)).into()),
                fresh(&mut r),
            ),
        },
        Gate::Free => {
            if r.per_mille(80) {
                (None, None)
            } else {
                let n = *r.weighted(NPS);
                let on = match r.below(100) {
                    0..10 => None,
                    10..82 => fresh(&mut r),
                    _ => stale(&mut r),
                };
                (Some(n), on)
            }
        }
    };
    let outcome = match g.outcome {
        Gate::Pass => true,
        Gate::Fail => false,
        Gate::Free => r.per_mille(750),
    };

    // The history starts at the later of customer_since and `history_days` ago.
    let start = since.max(as_of - config.history_days.max(1));
    let avail = (as_of - start).max(1);
    if (arch == Archetype::Dormant && avail < 400) || (arch == Archetype::Fading && avail < 130) {
        arch = Archetype::Steady;
    }
    let champion = arch == Archetype::Champion;
    // Dormant advocates' last touch is `quiet` days ago (at least a year).
    let quiet = if arch == Archetype::Dormant {
        365 + r.between(0, (avail - 365).min(540))
    } else {
        0
    };

    let preferences = preferences(&mut r, champion);
    let languages = languages(&mut r, acct.country.language);
    let products = products(&mut r, &acct);
    let use_cases = use_cases(&mut r);
    let persona = r.per_mille(880).then(|| (*r.weighted(PERSONAS)).to_owned());
    let influence = Some(*r.weighted(if champion {
        INFLUENCE_CHAMPION
    } else {
        INFLUENCE
    }));

    let engagements = engagements(&mut r, config, arch, as_of, avail, quiet);
    let activities = activities(
        &mut r,
        config,
        arch,
        as_of,
        avail,
        quiet,
        &preferences,
        &use_cases,
        &acct,
    );
    let consents = consents(
        &mut r,
        &acct,
        &preferences,
        as_of,
        start,
        quiet,
        &engagements,
        &activities,
    );
    let (current_tier, tier_since) = recorded_tier(&mut r, &activities, as_of);

    let verified_on = match r.below(1000) {
        0..700 => Some(as_of - r.between(0, 364)),
        700..880 => Some(as_of - r.between(365, 1000)),
        _ => None,
    }
    .map(|v| date(v.max(since)));

    Advocate {
        id: format!("adv-{index:07}"),
        account_id: account_id(acct.number),
        industry: acct.industry.to_owned(),
        segment: Some(acct.segment),
        country: acct.country.code.to_owned(),
        languages,
        products,
        use_cases,
        persona,
        influence,
        customer_since: date(since),
        health_score: f64::from(health) / 10.0,
        nps,
        nps_on: nps_on.map(date),
        has_measurable_outcome: outcome,
        preferences,
        consents,
        activities,
        engagements: engagements.into_iter().map(date).collect(),
        disruptions: acct.disruption.iter().cloned().collect(),
        erasure_requested: r.per_mille(5),
        current_tier,
        tier_since: tier_since.map(date),
        publicity_restricted: acct.publicity_restricted,
        verified_on,
        left_company: r.per_mille(20),
    }
}

fn preferences(r: &mut Rng, champion: bool) -> Preferences {
    let public = r.per_mille(if champion { 800 } else { 420 });
    let activities = r.per_mille(700).then(|| {
        let rules = rules();
        let mut list: Vec<ActivityKind> = WILLING
            .iter()
            .filter(|(k, pm)| {
                let pm = if champion { (pm * 2).min(950) } else { *pm };
                // Draw for every kind so the stream does not depend on `public`.
                r.per_mille(pm) && (public || !rules.kind(*k).public)
            })
            .map(|(k, _)| *k)
            .collect();
        if list.is_empty() {
            list.push(ActivityKind::ReferenceCall);
        }
        list.sort_unstable();
        list
    });
    let reference_frequency = r.per_mille(650).then(|| *r.weighted(FREQUENCIES));
    Preferences {
        activities,
        public,
        reference_frequency,
    }
}

fn languages(r: &mut Rng, first: &str) -> Vec<String> {
    if r.per_mille(40) {
        return Vec::new();
    }
    let mut list = vec![first.to_owned()];
    if first != "en" && r.per_mille(700) {
        list.push("en".to_owned());
    }
    if r.per_mille(60) {
        let extra = *r.weighted(EXTRA_LANGUAGES);
        if !list.iter().any(|l| l == extra) {
            list.push(extra.to_owned());
        }
    }
    list
}

fn products(r: &mut Rng, acct: &Account) -> Vec<String> {
    let mut chosen: Vec<usize> = acct
        .products
        .iter()
        .copied()
        .filter(|_| r.per_mille(700))
        .collect();
    if chosen.is_empty() {
        if let Some(&p) = acct.products.get(r.index(acct.products.len())) {
            chosen.push(p);
        }
    }
    chosen
        .into_iter()
        .filter_map(|i| PRODUCTS.get(i).map(|(k, _)| (*k).to_owned()))
        .collect()
}

fn use_cases(r: &mut Rng) -> Vec<String> {
    let n = 1 + r.skewed(0.8).min(3);
    let mut idx: Vec<usize> = Vec::with_capacity(4);
    for _ in 0..n {
        let i = pick_index(r, USE_CASES);
        if !idx.contains(&i) {
            idx.push(i);
        }
    }
    idx.sort_unstable();
    idx.into_iter()
        .filter_map(|i| USE_CASES.get(i).map(|(k, _)| (*k).to_owned()))
        .collect()
}

fn engagements(
    r: &mut Rng,
    config: &SynthConfig,
    arch: Archetype,
    as_of: Day,
    avail: Day,
    quiet: Day,
) -> Vec<Day> {
    let scale = config.mean_engagements / 8.0;
    let mut n = (r.skewed(arch.engagements() * scale) as usize).min(MAX_ITEMS);
    let mut out = Vec::with_capacity(n + 6);
    if arch == Archetype::Fading {
        // At least two in the window before the last 60 days, at most half as many since.
        let prior = r.between(2, 5);
        let recent = r.between(0, prior / 2);
        out.extend((0..prior).map(|_| as_of - r.between(60, 119)));
        out.extend((0..recent).map(|_| as_of - r.between(0, 59)));
        n = n.saturating_sub(out.len());
    }
    for _ in 0..n {
        let ago = match arch {
            Archetype::Dormant => r.between(quiet, avail),
            Archetype::Fading => r.between(120, avail.max(120)),
            Archetype::Steady | Archetype::Champion => {
                let u = r.unit();
                (f64::from(avail) * u * u) as i32
            }
        };
        out.push(as_of - ago);
    }
    if arch != Archetype::Dormant && r.per_mille(10) {
        // A registration for an upcoming event: not a touch yet (docs/rules.md#records-after-the-date).
        out.push(as_of + r.between(1, 30));
    }
    out.sort_unstable();
    out
}

#[allow(clippy::too_many_arguments)]
fn activities(
    r: &mut Rng,
    config: &SynthConfig,
    arch: Archetype,
    as_of: Day,
    avail: Day,
    quiet: Day,
    prefs: &Preferences,
    use_cases: &[String],
    acct: &Account,
) -> Vec<Activity> {
    let rules = rules();
    let scale = config.mean_activities / 4.0;
    let n = (r.skewed(arch.activities() * scale) as usize).min(MAX_ITEMS);
    let allowed = |k: ActivityKind| prefs.willing(k) && (prefs.public || !rules.kind(k).public);
    let mut drafts: Vec<Draft> = Vec::with_capacity(n + 1);
    for _ in 0..n {
        let mut kind = *r.weighted(KIND_MIX);
        if r.per_mille(900) {
            for _ in 0..4 {
                if allowed(kind) {
                    break;
                }
                kind = *r.weighted(KIND_MIX);
            }
        }
        let future = matches!(arch, Archetype::Steady | Archetype::Champion) && r.per_mille(80);
        let (d, status) = if future {
            (as_of + r.between(1, 120), ActivityStatus::Scheduled)
        } else {
            let ago = match arch {
                Archetype::Dormant => r.between(quiet, avail),
                // Nothing completed in the last 60 days, so the drop shows.
                Archetype::Fading => r.between(60.min(avail), avail),
                Archetype::Steady | Archetype::Champion => r.between(0, avail),
            };
            (as_of - ago, past_status(r, ago, arch))
        };
        drafts.push(Draft {
            day: d,
            kind,
            status,
        });
    }
    if arch == Archetype::Dormant && r.per_mille(300) {
        // An ask that went unanswered: not a touch.
        let status = if r.per_mille(500) {
            ActivityStatus::Declined
        } else {
            ActivityStatus::NoResponse
        };
        drafts.push(Draft {
            day: as_of - r.between(0, 364),
            kind: ActivityKind::ReferenceCall,
            status,
        });
    }
    drafts.sort_by_key(|d| (d.day, d.kind));

    // Keep counted activities within the annual cap, the per-kind caps and gaps, and
    // testimonial topics distinct within a window: a program that respects its rules, with
    // its busiest advocates at the cap.
    let window = rules.window;
    let mut kept: Vec<(Day, ActivityKind, Option<usize>)> = Vec::new();
    let mut out = Vec::with_capacity(drafts.len());
    for d in drafts {
        let facts = rules.kind(d.kind);
        let counted = facts.counts
            && matches!(
                d.status,
                ActivityStatus::Completed | ActivityStatus::Scheduled
            );
        let mut topic: Option<usize> = None;
        if d.kind == ActivityKind::Testimonial
            || (matches!(d.kind, ActivityKind::CaseStudy | ActivityKind::Speaking)
                && r.per_mille(700))
        {
            topic = pick_index_from(r, use_cases.len());
        }
        if counted {
            let in_window = kept.iter().filter(|(k, _, _)| *k > d.day - window);
            if in_window.clone().count() >= rules.annual_cap {
                continue;
            }
            let same: Vec<_> = in_window.filter(|(_, k, _)| *k == d.kind).collect();
            if facts.cap.is_some_and(|c| same.len() >= c as usize) {
                continue;
            }
            let gap = if d.kind == ActivityKind::ReferenceCall {
                facts
                    .gap
                    .max(rules.reference_gap(prefs.reference_frequency))
            } else {
                facts.gap
            };
            let last = kept
                .iter()
                .rev()
                .find(|(_, k, _)| *k == d.kind)
                .map(|(day, _, _)| *day);
            if last.is_some_and(|l| d.day - l < gap) {
                continue;
            }
            if d.kind == ActivityKind::Testimonial {
                // A topic no testimonial in the window has used.
                let used: Vec<usize> = same.iter().filter_map(|(_, _, t)| *t).collect();
                topic = (0..use_cases.len())
                    .map(|i| (i + topic.unwrap_or(0)) % use_cases.len())
                    .find(|i| !used.contains(i));
                if topic.is_none() {
                    continue;
                }
            }
            kept.push((d.day, d.kind, topic));
        }
        out.push(finish(r, d, topic.and_then(|t| use_cases.get(t)), acct));
    }
    out
}

fn pick_index_from(r: &mut Rng, n: usize) -> Option<usize> {
    (n > 0).then(|| r.index(n))
}

fn past_status(r: &mut Rng, ago: Day, arch: Archetype) -> ActivityStatus {
    if ago <= 30 && arch != Archetype::Dormant && r.per_mille(250) {
        return ActivityStatus::Requested;
    }
    if ago <= 14 && r.per_mille(100) {
        // Booked and not yet updated after the date.
        return ActivityStatus::Scheduled;
    }
    *r.weighted(&[
        (ActivityStatus::Completed, 740),
        (ActivityStatus::Declined, 100),
        (ActivityStatus::NoResponse, 90),
        (ActivityStatus::Cancelled, 70),
    ])
}

/// Solicitation, request id and incentive of a kept activity.
fn finish(r: &mut Rng, d: Draft, topic: Option<&String>, acct: &Account) -> Activity {
    let completed = d.status == ActivityStatus::Completed;
    let unsolicited_odds = match d.kind {
        ActivityKind::Review
        | ActivityKind::Referral
        | ActivityKind::CommunityLeadership
        | ActivityKind::Testimonial => 250,
        _ => 40,
    };
    let solicited = !(completed && r.per_mille(unsolicited_odds));
    let request_id = (solicited
        && matches!(
            d.kind,
            ActivityKind::ReferenceCall
                | ActivityKind::CaseStudy
                | ActivityKind::Testimonial
                | ActivityKind::Speaking
        )
        && r.per_mille(600))
    .then(|| format!("req-{:06}", r.below(1_000_000)));
    let incentive = (completed && d.kind != ActivityKind::Review && r.per_mille(200))
        .then(|| incentive(r, d.kind, acct));
    Activity {
        kind: d.kind,
        date: date(d.day),
        status: d.status,
        solicited,
        topic: topic.cloned(),
        request_id,
        incentive,
        variant: None,
    }
}

/// An incentive that follows the default compliance rules (no monetary rewards in
/// regulated industries), mostly at or above fair value.
pub(crate) fn incentive_for(
    r: &mut Rng,
    kind: ActivityKind,
    regulated: bool,
    currency: &str,
) -> Incentive {
    let k = if regulated {
        *r.weighted(&[
            (IncentiveKind::Donation, 35),
            (IncentiveKind::Swag, 30),
            (IncentiveKind::Experience, 15),
            (IncentiveKind::EarlyAccess, 10),
            (IncentiveKind::Recognition, 10),
        ])
    } else {
        *r.weighted(&[
            (IncentiveKind::GiftCard, 40),
            (IncentiveKind::Donation, 18),
            (IncentiveKind::Swag, 18),
            (IncentiveKind::Experience, 10),
            (IncentiveKind::EarlyAccess, 6),
            (IncentiveKind::Recognition, 6),
            (IncentiveKind::Cash, 2),
        ])
    };
    // Fair value: 25 per effort hour, in steps of 25.
    let steps = (rules().kind(kind).effort * 25.0 / 25.0).ceil().max(1.0) as i32;
    let value = match k {
        IncentiveKind::GiftCard | IncentiveKind::Cash | IncentiveKind::Donation => {
            if r.per_mille(100) {
                25 * steps / 2
            } else {
                25 * (steps + r.between(0, 2))
            }
        }
        IncentiveKind::Swag => 25 * r.between(2, 4),
        IncentiveKind::Experience => 25 * r.between(4, 20),
        IncentiveKind::EarlyAccess | IncentiveKind::Recognition => 0,
    };
    Incentive {
        kind: k,
        value: f64::from(value),
        currency: (value > 0).then(|| currency.to_owned()),
    }
}

fn incentive(r: &mut Rng, kind: ActivityKind, acct: &Account) -> Incentive {
    incentive_for(r, kind, acct.regulated, acct.country.currency)
}

#[allow(clippy::too_many_arguments)]
fn consents(
    r: &mut Rng,
    acct: &Account,
    prefs: &Preferences,
    as_of: Day,
    start: Day,
    quiet: Day,
    engagements: &[Day],
    activities: &[Activity],
) -> Vec<Consent> {
    use ConsentPurpose::*;
    // Grants are touches: a dormant advocate's are at least `quiet` days old.
    let hi = as_of - quiet;
    let first_event = engagements
        .iter()
        .copied()
        .chain(activities.iter().map(|a| day(a.date)))
        .filter(|d| *d <= as_of)
        .min();
    let join = r.between(start, first_event.unwrap_or(hi).min(hi).max(start));
    let mut out: Vec<Consent> = Vec::with_capacity(4);
    let grant = |r: &mut Rng, out: &mut Vec<Consent>, purpose: ConsentPurpose, on: Day| {
        let expires = r.per_mille(100).then(|| date(on + 365 * r.between(1, 3)));
        out.push(Consent {
            purpose,
            status: ConsentStatus::Granted,
            on: date(on),
            expires,
        });
    };
    let withdraw = |out: &mut Vec<Consent>, purpose: ConsentPurpose, on: Day| {
        out.push(Consent {
            purpose,
            status: ConsentStatus::Withdrawn,
            on: date(on),
            expires: None,
        });
    };
    let opt_in = plaudit::geo::OPT_IN
        .split_ascii_whitespace()
        .any(|c| c == acct.country.code);
    if r.per_mille(if opt_in { 950 } else { 720 }) {
        grant(r, &mut out, Program, join);
        match r.below(1000) {
            0..30 if join < as_of => {
                let on = r.between(join + 1, as_of);
                withdraw(&mut out, Program, on);
            }
            30..35 => {
                // Announced for a later date: not opted out yet (docs/rules.md#records-after-the-date).
                let on = as_of + r.between(1, 60);
                withdraw(&mut out, Program, on);
            }
            _ => {}
        }
    } else if r.per_mille(25) {
        let on = r.between(start, as_of);
        withdraw(&mut out, Program, on);
    }
    let later = |r: &mut Rng| r.between(join, hi.max(join));
    let reference = if prefs.willing(ActivityKind::ReferenceCall) {
        700
    } else {
        100
    };
    let public = |odds: u32| if prefs.public { odds } else { 30 };
    let odds = [
        (ReferenceContact, reference),
        (PublicName, public(750)),
        (Quote, public(600)),
        (
            Logo,
            if acct.publicity_restricted {
                30
            } else {
                public(450)
            },
        ),
        (
            Recording,
            public(if prefs.willing(ActivityKind::Speaking) {
                650
            } else {
                250
            }),
        ),
    ];
    for (purpose, pm) in odds {
        if r.per_mille(pm) {
            let on = later(r);
            grant(r, &mut out, purpose, on);
            if r.per_mille(30) && on < as_of {
                let w = r.between(on + 1, as_of);
                withdraw(&mut out, purpose, w);
            }
        }
    }
    out.sort_by_key(|c| (c.on, c.purpose));
    out
}

/// The tier a program recorded 90 days ago (for demotion grace), for some advocates.
fn recorded_tier(r: &mut Rng, activities: &[Activity], as_of: Day) -> (Option<Tier>, Option<Day>) {
    let rules = rules();
    let then = as_of - 90;
    let (mut c, mut h) = (0u32, false);
    for a in activities {
        let d = day(a.date);
        let facts = rules.kind(a.kind);
        if a.status == ActivityStatus::Completed
            && facts.counts
            && d <= then
            && d > then - rules.window
        {
            c += 1;
            h |= facts.high;
        }
    }
    if c == 0 || !r.per_mille(600) {
        return (None, None);
    }
    let tier = match c {
        4.. if h => Tier::Platinum,
        2.. => Tier::Gold,
        _ => Tier::Silver,
    };
    (Some(tier), Some(then - r.between(0, 365)))
}
