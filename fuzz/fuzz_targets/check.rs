//! Structured input: an advocate built from fuzzer bytes (activities, consents, disruptions
//! on arbitrary dates) and an ask; `check` never panics, and an allowed ask is available
//! on its own date.
#![no_main]
use arbitrary::Arbitrary;
use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;

/// Built once: building an engine (defaults and fingerprint) costs more than most calls.
static ENGINE: std::sync::LazyLock<plaudit::Engine> = std::sync::LazyLock::new(plaudit::Engine::default);
use plaudit::check::Ask;
use plaudit::{
    Activity, ActivityKind, ActivityStatus, Advocate, Consent, ConsentPurpose, ConsentStatus,
    Disruption, DisruptionKind, Engine, Incentive, IncentiveKind,
};

#[derive(Debug, Arbitrary)]
struct Input {
    health: u8,
    nps: Option<u8>,
    since: i16,
    as_of: i16,
    ask_day: i16,
    ask_kind: u8,
    incentive: Option<(u8, u16)>,
    country: u8,
    activities: Vec<(u8, u8, i16, bool)>,
    consents: Vec<(u8, bool, i16, Option<u16>)>,
    disruptions: Vec<(i16, Option<u16>)>,
    engagements: Vec<i16>,
}

fn day(n: i16) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default() + chrono::Duration::days(i64::from(n))
}

fn pick<T: Copy>(all: &[T], i: u8) -> T {
    all[usize::from(i) % all.len()]
}

fuzz_target!(|x: Input| {
    let mut a = Advocate::new("f", day(x.since));
    a.health_score = f64::from(x.health % 101);
    a.nps = x.nps.map(|n| i64::from(n % 11));
    a.has_measurable_outcome = true;
    a.country = pick(&["US", "DE", "FR", "JP", "BR"], x.country).to_owned();
    a.activities = x.activities.iter().take(200).map(|&(k, s, d, sol)| Activity {
        kind: pick(ActivityKind::ALL, k),
        date: day(d),
        status: pick(ActivityStatus::ALL, s),
        solicited: sol,
        topic: Some(format!("t{}", k % 3)),
        request_id: None,
        incentive: None,
        variant: None,
    }).collect();
    a.consents = x.consents.iter().take(50).map(|&(p, g, d, e)| Consent {
        purpose: pick(ConsentPurpose::ALL, p),
        status: if g { ConsentStatus::Granted } else { ConsentStatus::Withdrawn },
        on: day(d),
        expires: e.map(|n| day(d) + chrono::Duration::days(i64::from(n) + 1)),
    }).collect();
    a.disruptions = x.disruptions.iter().take(20).map(|&(f, len)| Disruption {
        kind: DisruptionKind::Reorg,
        from: day(f),
        to: len.map(|n| day(f) + chrono::Duration::days(i64::from(n))),
    }).collect();
    a.engagements = x.engagements.iter().take(200).map(|&d| day(d)).collect();
    if a.validate().is_err() {
        return;
    }
    let ask = Ask {
        kind: pick(ActivityKind::ALL, x.ask_kind),
        date: day(x.ask_day),
        incentive: x.incentive.map(|(k, v)| Incentive {
            kind: pick(IncentiveKind::ALL, k),
            value: f64::from(v),
            currency: None,
        }),
        topic: None,
    };
    let engine = &*ENGINE;
    let c = engine.check(&a, &ask, day(x.as_of));
    assert_eq!(c.allowed, c.reasons.is_empty());
    if let Some(next) = c.next_available_on {
        assert!(next >= ask.date);
        let later = engine.check(&a, &Ask { date: next, ..ask.clone() }, day(x.as_of));
        assert!(later.allowed, "next_available_on {next} is not allowed: {:?}", later.reasons);
    }
});
