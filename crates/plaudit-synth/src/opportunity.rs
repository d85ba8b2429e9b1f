//! Opportunities: the deals the CRM holds, with the advocacy used on them, consistent with
//! the roster the same config generates (every touch and every referral names one of its
//! advocates).
//!
//! The data carries the effects a real program has, so a scorecard tells a story:
//! - the program reaches enterprise deals far more often than small ones (about three in
//!   four enterprise deals are influenced, two in five SMB ones);
//! - influenced deals close in about half the time and win more often (40% against 23%;
//!   85% with a reference call on the deal);
//! - almost a fifth of deals come from referrals, most of them naming the referring
//!   advocate;
//! - the advocates on deals are mostly champions and advocates who pass the gates (a few
//!   carry many deals), seldom dormant or unhappy ones.
//!
//! A little noise exercises the counting rules: some touches are dated before the
//! attribution lookback or after the close, some deals stall open past their expected
//! close, some are unqualified, some amounts carry cents.

use plaudit::dates::{Day, date, day};
use plaudit::{ActivityKind, Opportunity, Segment, Source, SourceKind, Stage, Touch};

use crate::SynthConfig;
use crate::person::deal_appeal;
use crate::request::keys;
use crate::rng::{OPPORTUNITY_STREAMS, Rng};
use crate::vocab::{COUNTRIES, INDUSTRIES, PRODUCTS, SEGMENTS};

/// The attribution lookback the data is shaped for (the measurement default): touches
/// dated more than this many days before `created_on` do not count.
pub const LOOKBACK_DAYS: i32 = 90;

/// Deals are created over this many days before `as_of` (eighteen months), so a
/// twelve-month period sees deals created before it close inside it.
pub const CREATED_SPAN_DAYS: i32 = 540;

const SOURCES: &[(SourceKind, u32)] = &[
    (SourceKind::Referral, 200),
    (SourceKind::Inbound, 330),
    (SourceKind::Outbound, 290),
    (SourceKind::Partner, 120),
    (SourceKind::Event, 70),
    (SourceKind::Other, 20),
];

/// What deal teams use besides reference calls (which are decided per deal).
const SHARED_KINDS: &[(ActivityKind, u32)] = &[
    (ActivityKind::CaseStudy, 40),
    (ActivityKind::Review, 25),
    (ActivityKind::Testimonial, 15),
    (ActivityKind::Referral, 8),
    (ActivityKind::Event, 7),
    (ActivityKind::Speaking, 5),
];

/// Opportunity `k`: a pure function of `config` (the roster size included, since touches
/// name roster advocates) and `k`.
pub(crate) fn generate(config: &SynthConfig, k: usize) -> Opportunity {
    let mut r = Rng::new(config.seed, OPPORTUNITY_STREAMS | (k as u64 & !(7 << 61)));
    let as_of = day(config.as_of);
    let roster = config.advocates as u64;

    let created = as_of - r.between(0, CREATED_SPAN_DAYS - 1);
    let country = *r.weighted(COUNTRIES);
    let segment = *r.weighted(SEGMENTS);
    let industry = *r.weighted(INDUSTRIES);
    let products = keys(&mut r, PRODUCTS, 3);
    let account = r.below(1_000_000);

    let source_kind = *r.weighted(SOURCES);
    let referrer = (source_kind == SourceKind::Referral && roster > 0 && r.per_mille(800))
        .then(|| pick_advocate(&mut r, config));
    // The program reaches big deals first: the gap in SMB is the story of the breakdowns.
    let reach = match segment {
        Segment::Enterprise => 700,
        Segment::MidMarket => 520,
        Segment::Smb => 320,
    };
    let touched = r.per_mille(reach) && roster > 0;
    let influenced = touched || referrer.is_some();
    let reference = touched && r.per_mille(550);

    let expected = match segment {
        Segment::Smb => r.between(14, 75),
        Segment::MidMarket => r.between(30, 140),
        Segment::Enterprise => r.between(60, 260),
    };
    let cycle = if influenced { expected / 2 } else { expected }.max(1);
    let win = if reference {
        850
    } else if influenced {
        400
    } else {
        230
    };
    let won = r.per_mille(win);
    let stalled = r.per_mille(50);
    let close = created + cycle;
    let (stage, closed) = if close > as_of || stalled {
        (Stage::Open, None)
    } else if won {
        (Stage::Won, Some(close))
    } else {
        (Stage::Lost, Some(close))
    };
    // The last day a touch can help this deal.
    let end = closed.unwrap_or(as_of);

    let (lo, hi) = match segment {
        Segment::Smb => (4_000, 30_000),
        Segment::MidMarket => (20_000, 150_000),
        Segment::Enterprise => (80_000, 900_000),
    };
    // Skewed to the low end; most amounts round to hundreds, a fifth carry cents.
    let u = r.below(1 << 16);
    let units = lo + ((u64::from(hi - lo) * u64::from(u) * u64::from(u)) >> 32) as u32;
    let cents = if r.per_mille(800) {
        u64::from(units / 100) * 10_000
    } else {
        u64::from(units) * 100 + u64::from(r.below(100))
    };
    let amount = cents as f64 / 100.0;
    let currency = match country.currency {
        c @ ("EUR" | "GBP") if r.per_mille(500) => c,
        _ => "USD",
    };
    let qualified = r.per_mille(920);

    let mut touches = Vec::new();
    if touched {
        // Big deals use more advocacy, from a small cast of advocates (one to three).
        let mean = match segment {
            Segment::Enterprise => 7.0,
            Segment::MidMarket => 5.0,
            Segment::Smb => 3.0,
        };
        let n = r.skewed(mean - 1.0).min(15) + 1;
        let cast_size = 1 + r.skewed(0.6).min(2) as usize;
        let mut cast: Vec<u64> = Vec::with_capacity(cast_size);
        for i in 0..n {
            // A deal with a reference call has it first, sometimes a second one later.
            let kind = if reference && (i == 0 || r.per_mille(150)) {
                ActivityKind::ReferenceCall
            } else {
                *r.weighted(SHARED_KINDS)
            };
            let on = if i > 0 && r.per_mille(50) {
                // Used on an earlier deal with this prospect: too old to count here.
                created - r.between(LOOKBACK_DAYS + 1, LOOKBACK_DAYS + 200)
            } else if i > 0 && closed.is_some() && r.per_mille(25) {
                // Logged after the deal closed.
                end + r.between(1, 30)
            } else if kind == ActivityKind::ReferenceCall {
                // Reference calls come late, in the second half of the deal.
                r.between(created + (end - created) / 2, end)
            } else {
                r.between(created - 60, end)
            };
            let who = if cast.len() < cast_size && (cast.is_empty() || r.per_mille(500)) {
                let a = pick_advocate(&mut r, config);
                cast.push(a);
                a
            } else {
                cast[r.index(cast.len())]
            };
            touches.push(touch(&mut r, who, kind, on));
        }
    } else if roster > 0 && r.per_mille(40) {
        // A stray touch from long before the deal: it does not make it influenced.
        let on = created - r.between(LOOKBACK_DAYS + 1, LOOKBACK_DAYS + 300);
        let kind = *r.weighted(SHARED_KINDS);
        let who = pick_advocate(&mut r, config);
        touches.push(touch(&mut r, who, kind, on));
    }
    touches.sort_by(|a, b| (a.on, &a.advocate_id).cmp(&(b.on, &b.advocate_id)));

    Opportunity {
        id: format!("opp-{k:07}"),
        account_id: format!("prospect-{account:06}"),
        created_on: date(created),
        closed_on: closed.map(date),
        stage,
        amount,
        currency: Some(currency.to_owned()),
        qualified,
        segment: r.per_mille(970).then_some(segment),
        industry: r.per_mille(980).then(|| industry.to_owned()),
        country: r.per_mille(980).then(|| country.code.to_owned()),
        products: if r.per_mille(950) {
            products
        } else {
            Vec::new()
        },
        source: r.per_mille(960).then(|| Source {
            kind: source_kind,
            advocate_id: referrer.map(advocate_id),
        }),
        touches,
    }
}

fn touch(r: &mut Rng, advocate: u64, kind: ActivityKind, on: Day) -> Touch {
    Touch {
        advocate_id: advocate_id(advocate),
        kind,
        on: date(on),
        solicited: !r.per_mille(120),
    }
}

/// A roster advocate, drawn by its appeal to deal teams (rejection sampling over the
/// roster's cheap first draws). The roster must not be empty.
fn pick_advocate(r: &mut Rng, config: &SynthConfig) -> u64 {
    let mut i = 0;
    for _ in 0..64 {
        i = u64::from(r.below(u32::try_from(config.advocates).unwrap_or(u32::MAX)));
        if r.below(1000) < deal_appeal(config, i) {
            break;
        }
    }
    i
}

/// The id [`crate::advocate`] gives advocate `index`.
fn advocate_id(index: u64) -> String {
    format!("adv-{index:07}")
}
