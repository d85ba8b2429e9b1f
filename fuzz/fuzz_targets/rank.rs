//! Structured input: a small roster and a request from fuzzer bytes; `rank` never panics,
//! accounts for every advocate exactly once, never returns more than `count`, and ranks the
//! same after the roster kept the state of other requests (another kind, another date) as a
//! fresh roster does.
#![no_main]
use arbitrary::Arbitrary;
use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;

/// Built once: building an engine (defaults and fingerprint) costs more than most calls.
static ENGINE: std::sync::LazyLock<plaudit::Engine> = std::sync::LazyLock::new(plaudit::Engine::default);
use plaudit::{
    Activity, ActivityKind, ActivityStatus, Advocate, Consent, ConsentPurpose, ConsentStatus,
    Request, Roster, Segment,
};

#[derive(Debug, Arbitrary)]
struct Adv {
    account: u8,
    industry: u8,
    segment: u8,
    health: u8,
    nps: u8,
    activities: Vec<(u8, u8, i16)>,
    consents: Vec<(u8, bool, i16, Option<i16>)>,
    country: bool,
}

#[derive(Debug, Arbitrary)]
struct Input {
    advocates: Vec<Adv>,
    kind: u8,
    window: u8,
    count: u8,
    industry: u8,
    /// Another request in between: its kind and how many days later it is asked.
    other_kind: u8,
    other_shift: u8,
}

fn day(n: i16) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default() + chrono::Duration::days(i64::from(n))
}

fn pick<T: Copy>(all: &[T], i: u8) -> T {
    all[usize::from(i) % all.len()]
}

fuzz_target!(|x: Input| {
    let list: Vec<Advocate> = x.advocates.iter().take(64).enumerate().map(|(i, s)| {
        let mut a = Advocate::new(format!("a{i}"), day(-900));
        a.account_id = format!("acct{}", s.account % 8);
        a.industry = format!("ind{}", s.industry % 4);
        a.segment = Some(pick(Segment::ALL, s.segment));
        a.health_score = f64::from(s.health % 101);
        a.nps = Some(i64::from(s.nps % 11));
        a.has_measurable_outcome = true;
        a.activities = s.activities.iter().take(30).map(|&(k, st, d)| Activity {
            kind: pick(ActivityKind::ALL, k),
            date: day(d % 800),
            status: pick(ActivityStatus::ALL, st),
            solicited: true,
            topic: None,
            request_id: None,
            incentive: None,
            variant: None,
        }).collect();
        a.country = if s.country { "DE".into() } else { "US".into() };
        a.consents = s.consents.iter().take(8).map(|&(p, granted, on, expires)| Consent {
            purpose: pick(ConsentPurpose::ALL, p),
            status: if granted { ConsentStatus::Granted } else { ConsentStatus::Withdrawn },
            on: day(on % 800),
            expires: expires.map(|e| day(e % 800)),
        }).collect();
        a
    }).collect();
    let n = list.len();
    let Ok(roster) = Roster::new(list) else { return };
    let req = Request {
        id: "r".into(),
        kind: pick(ActivityKind::ALL, x.kind),
        requested_on: day(0),
        needed_by: day(i16::from(x.window)),
        prospect: plaudit::Prospect { industry: format!("ind{}", x.industry % 4), ..Default::default() },
        count: u32::from(x.count % 10) + 1,
        exclude_accounts: vec![],
        language_required: false,
        min_tier: None,
        incentive: None,
        notes: None,
        deal_value: None,
    };
    let r = ENGINE.rank(&req, &roster, day(0));
    assert_eq!(r.summary.matched as usize + r.excluded.len(), n);
    assert!(r.matches.len() <= req.count as usize);
    // The roster kept its state for day 0: another kind the same day, then another day.
    let other = Request { kind: pick(ActivityKind::ALL, x.other_kind), ..req.clone() };
    let o = ENGINE.rank(&other, &roster, day(0));
    assert_eq!(o, ENGINE.rank(&other, &roster.clone(), day(0)));
    let later = day(i16::from(x.other_shift));
    let l = ENGINE.rank(&req, &roster, later);
    assert_eq!(l, ENGINE.rank(&req, &roster.clone(), later));
    assert_eq!(r, ENGINE.rank(&req, &roster, day(0)));
});
