//! Synthetic opportunities: deterministic, consistent with the roster of the same config,
//! and carrying the effects a real program has (influenced deals win more often and close
//! faster), so a scorecard computed from them tells a story.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use plaudit::{ActivityKind, Opportunity, Segment, SourceKind, Stage};
use plaudit_synth::{
    LOOKBACK_DAYS, OPPORTUNITY_COLUMNS, SynthConfig, TOUCH_COLUMNS, advocates, opportunities,
    opportunity, write_opportunities_csv, write_opportunities_jsonl,
};

fn config(advocates: usize, opportunities: usize, seed: u64) -> SynthConfig {
    SynthConfig {
        advocates,
        opportunities,
        seed,
        ..SynthConfig::default()
    }
}

fn jsonl(c: &SynthConfig) -> Vec<u8> {
    let mut out = Vec::new();
    write_opportunities_jsonl(c, &mut out).unwrap();
    out
}

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The last day a touch can count for the deal (its close, or `as_of` while open).
fn end(o: &Opportunity, as_of: NaiveDate) -> NaiveDate {
    o.closed_on.unwrap_or(as_of)
}

/// The measurement's counting rule with the default lookback: a touch counts when dated
/// from `created_on - 90` to the close (or `as_of`); a referral source naming an advocate
/// counts too.
fn influenced(o: &Opportunity, as_of: NaiveDate) -> bool {
    let from = o.created_on - chrono::Duration::days(i64::from(LOOKBACK_DAYS));
    o.touches
        .iter()
        .any(|t| t.on >= from && t.on <= end(o, as_of) && t.on <= as_of)
        || o.source
            .as_ref()
            .is_some_and(|s| s.kind == SourceKind::Referral && s.advocate_id.is_some())
}

fn with_reference(o: &Opportunity, as_of: NaiveDate) -> bool {
    let from = o.created_on - chrono::Duration::days(i64::from(LOOKBACK_DAYS));
    o.touches
        .iter()
        .any(|t| t.kind == ActivityKind::ReferenceCall && t.on >= from && t.on <= end(o, as_of))
}

fn win_rate<'a>(deals: impl Iterator<Item = &'a Opportunity>) -> f64 {
    let (mut won, mut closed) = (0u32, 0u32);
    for o in deals.filter(|o| o.qualified && o.stage != Stage::Open) {
        closed += 1;
        won += u32::from(o.stage == Stage::Won);
    }
    f64::from(won) / f64::from(closed)
}

fn median_cycle<'a>(deals: impl Iterator<Item = &'a Opportunity>) -> i64 {
    let mut cycles: Vec<i64> = deals
        .filter(|o| o.qualified && o.stage == Stage::Won)
        .map(|o| (o.closed_on.unwrap() - o.created_on).num_days())
        .collect();
    cycles.sort_unstable();
    cycles[cycles.len() / 2]
}

// ---------------------------------------------------------------------------------------
// Determinism and random access

#[test]
fn same_config_gives_identical_bytes() {
    let c = config(500, 3000, 11);
    assert_eq!(jsonl(&c), jsonl(&c));
    let a = write_opportunities_csv(&c, Vec::new(), Vec::new()).unwrap();
    let b = write_opportunities_csv(&c, Vec::new(), Vec::new()).unwrap();
    assert_eq!(a, b);
    assert_ne!(jsonl(&c), jsonl(&config(500, 3000, 12)));
}

/// Pinned like the advocates: any change to the generator shows here, and `tests/wasm.rs`
/// checks the same digest under WebAssembly. Update both on purpose, and say so.
#[test]
fn output_is_pinned() {
    let c = config(300, 400, 2026);
    assert_eq!(
        format!("{:016x}", fnv(&jsonl(&c))),
        "32edfc0966eef84c",
        "generated opportunities changed"
    );
}

#[test]
fn random_access_and_prefixes() {
    let c = config(400, 1000, 5);
    let all = opportunities(&c, 1000);
    for k in [0, 1, 511, 999] {
        assert_eq!(all[k], opportunity(&c, k));
    }
    assert_eq!(&all[..10], &opportunities(&c, 10)[..]);
    // The count only says how many: opportunity k is the same in a longer run.
    assert_eq!(opportunity(&config(400, 5, 5), 3), all[3]);
    let ids: HashSet<&str> = all.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(ids.len(), 1000);
}

#[test]
fn synth_config_new_takes_twice_the_advocates() {
    let c = SynthConfig::new(700, 1, NaiveDate::from_ymd_opt(2026, 1, 1).unwrap());
    assert_eq!(c.opportunities, 1400);
    assert_eq!(SynthConfig::default().opportunities, 2000);
}

// ---------------------------------------------------------------------------------------
// Consistency with the roster, and valid shapes

#[test]
fn every_touch_and_referrer_is_a_roster_advocate() {
    for (n, seed) in [(1, 3), (7, 4), (1000, 42)] {
        let c = config(n, 2000, seed);
        let roster: HashSet<String> = advocates(&c).map(|a| a.id).collect();
        let mut named = 0;
        for o in opportunities(&c, c.opportunities) {
            for t in &o.touches {
                assert!(
                    roster.contains(&t.advocate_id),
                    "{}: {}",
                    o.id,
                    t.advocate_id
                );
                named += 1;
            }
            if let Some(id) = o.source.as_ref().and_then(|s| s.advocate_id.as_ref()) {
                assert!(roster.contains(id), "{}: referrer {id}", o.id);
            }
        }
        assert!(named > 1000, "roster of {n}: {named} touches");
    }
}

#[test]
fn every_deal_is_a_valid_measurement_input_and_measures_without_warnings() {
    let c = config(500, 3000, 17);
    let deals = opportunities(&c, c.opportunities);
    let parsed = plaudit::parse_opportunities(&serde_json::to_string(&deals).unwrap()).unwrap();
    assert_eq!(parsed, deals, "already normalized");
    let roster = plaudit::Roster::new(advocates(&c).collect()).unwrap();
    let from = c.as_of - chrono::Duration::days(364);
    let m = plaudit::Engine::default()
        .measure(&deals, Some(&roster), (from, c.as_of), c.as_of)
        .unwrap();
    assert!(
        m.warnings
            .iter()
            .all(|w| w.code != plaudit::MeasureWarningCode::UnknownAdvocate),
        "every advocate is in the roster"
    );
    let share = m.kpis.opportunities.influenced_share.value.unwrap();
    assert!((0.45..0.7).contains(&share), "{share}");
    assert!(m.kpis.opportunities.win_rate_lift.unwrap() > 0.5);
}

#[test]
fn an_empty_roster_gives_deals_without_advocacy() {
    let c = config(0, 500, 8);
    for o in opportunities(&c, 500) {
        assert!(o.touches.is_empty());
        assert!(o.source.and_then(|s| s.advocate_id).is_none());
    }
}

#[test]
fn deals_are_well_formed() {
    let c = config(1000, 20_000, 6);
    for o in opportunities(&c, c.opportunities) {
        match o.stage {
            Stage::Open => assert!(o.closed_on.is_none(), "{}", o.id),
            Stage::Won | Stage::Lost => {
                let closed = o.closed_on.unwrap();
                assert!(closed >= o.created_on && closed <= c.as_of, "{}", o.id);
            }
        }
        assert!(o.created_on <= c.as_of);
        assert!(o.amount.is_finite() && o.amount > 0.0, "{}", o.id);
        // Whole cents: the amount in minor units is exact.
        assert_eq!((o.amount * 100.0).round() / 100.0, o.amount, "{}", o.id);
        assert!(["USD", "EUR", "GBP"].contains(&o.currency.as_deref().unwrap()));
        assert!(o.touches.windows(2).all(|w| w[0].on <= w[1].on));
        if let Some(s) = &o.source {
            assert!(s.advocate_id.is_none() || s.kind == SourceKind::Referral);
        }
    }
}

#[test]
fn touches_are_dated_sensibly() {
    let c = config(1000, 20_000, 7);
    let (mut inside, mut total, mut late_calls) = (0u32, 0u32, 0u32);
    let mut calls = 0u32;
    for o in opportunities(&c, c.opportunities) {
        let from = o.created_on - chrono::Duration::days(i64::from(LOOKBACK_DAYS));
        let mid = o.created_on + (end(&o, c.as_of) - o.created_on) / 2;
        for t in &o.touches {
            total += 1;
            inside += u32::from(t.on >= from && t.on <= end(&o, c.as_of));
            assert!(
                t.on <= end(&o, c.as_of) + chrono::Duration::days(30),
                "{}",
                o.id
            );
            if t.kind == ActivityKind::ReferenceCall && t.on >= o.created_on {
                calls += 1;
                late_calls += u32::from(t.on >= mid);
            }
        }
    }
    let share = f64::from(inside) / f64::from(total);
    assert!(
        (0.9..0.99).contains(&share),
        "{share}: some noise, mostly counting"
    );
    assert!(
        f64::from(late_calls) / f64::from(calls) > 0.95,
        "reference calls come late"
    );
}

// ---------------------------------------------------------------------------------------
// The story: influenced deals win more often and close faster

#[test]
fn influenced_deals_win_more_often_and_close_faster() {
    let c = config(2000, 40_000, 42);
    let all = opportunities(&c, c.opportunities);
    let as_of = c.as_of;
    let with = win_rate(all.iter().filter(|o| influenced(o, as_of)));
    let without = win_rate(all.iter().filter(|o| !influenced(o, as_of)));
    let lift = with / without - 1.0;
    assert!((0.18..0.3).contains(&without), "without {without}");
    assert!(lift > 0.5, "with {with}, without {without}");
    let references = win_rate(all.iter().filter(|o| with_reference(o, as_of)));
    assert!(
        (0.78..0.92).contains(&references),
        "reference close {references}"
    );

    let fast = median_cycle(all.iter().filter(|o| influenced(o, as_of)));
    let slow = median_cycle(all.iter().filter(|o| !influenced(o, as_of)));
    let reduction = 1.0 - fast as f64 / slow as f64;
    assert!(reduction > 0.2, "median cycles {fast} vs {slow}");
}

#[test]
fn the_program_reaches_big_deals_more_than_small_ones() {
    let c = config(1000, 30_000, 9);
    let mut by_segment: HashMap<Option<Segment>, (u32, u32)> = HashMap::new();
    let all = opportunities(&c, c.opportunities);
    for o in all.iter().filter(|o| o.qualified) {
        let e = by_segment.entry(o.segment).or_default();
        e.0 += u32::from(influenced(o, c.as_of));
        e.1 += 1;
    }
    let share = |s| {
        let (i, n) = by_segment[&Some(s)];
        f64::from(i) / f64::from(n)
    };
    assert!(share(Segment::Enterprise) > share(Segment::MidMarket) + 0.1);
    assert!(share(Segment::MidMarket) > share(Segment::Smb) + 0.1);
    let total: (u32, u32) = by_segment
        .values()
        .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    let overall = f64::from(total.0) / f64::from(total.1);
    assert!((0.45..0.7).contains(&overall), "influenced share {overall}");

    let n = all.len() as f64;
    let share_of =
        |f: &dyn Fn(&Opportunity) -> bool| all.iter().filter(|o| f(o)).count() as f64 / n;
    let usd = share_of(&|o| o.currency.as_deref() == Some("USD"));
    assert!((0.8..0.92).contains(&usd), "USD {usd}");
    assert!(share_of(&|o| o.currency.as_deref() == Some("EUR")) > 0.03);
    assert!(share_of(&|o| o.currency.as_deref() == Some("GBP")) > 0.03);
    let qualified = share_of(&|o| o.qualified);
    assert!((0.9..0.94).contains(&qualified), "qualified {qualified}");
    let referral = share_of(&|o| {
        o.source
            .as_ref()
            .is_some_and(|s| s.kind == SourceKind::Referral)
    });
    assert!((0.15..0.22).contains(&referral), "referrals {referral}");
    for stage in [Stage::Open, Stage::Won, Stage::Lost] {
        assert!(share_of(&|o| o.stage == stage) > 0.1, "{stage:?}");
    }
    let unsolicited = all
        .iter()
        .flat_map(|o| &o.touches)
        .filter(|t| !t.solicited)
        .count();
    assert!(unsolicited > 0);
}

#[test]
fn a_few_advocates_carry_many_deals() {
    let c = config(1000, 20_000, 13);
    let mut per: HashMap<String, u32> = HashMap::new();
    for o in opportunities(&c, c.opportunities) {
        for t in o.touches {
            *per.entry(t.advocate_id).or_default() += 1;
        }
    }
    let mut counts: Vec<u32> = per.into_values().collect();
    counts.sort_unstable_by(|a, b| b.cmp(a));
    let total: u32 = counts.iter().sum();
    let top: u32 = counts.iter().take(50).sum();
    // The busiest 5% of the roster carry far more than 5% of touches.
    assert!(f64::from(top) / f64::from(total) > 0.12, "{top} of {total}");
}

// ---------------------------------------------------------------------------------------
// The long form

#[test]
fn the_long_form_round_trips_and_is_shuffled() {
    let c = config(300, 5000, 21);
    let (deals, touches) = write_opportunities_csv(&c, Vec::new(), Vec::new()).unwrap();
    let mut rd = csv::Reader::from_reader(deals.as_slice());
    assert_eq!(rd.headers().unwrap(), OPPORTUNITY_COLUMNS);
    let rows: Vec<csv::StringRecord> = rd.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 5000);
    let expected: HashMap<String, Opportunity> = opportunities(&c, 5000)
        .into_iter()
        .map(|o| (o.id.clone(), o))
        .collect();
    for row in &rows {
        let o = &expected[&row[0]];
        assert_eq!(&row[2], o.created_on.to_string());
        assert_eq!(&row[4], o.stage.as_str());
        assert_eq!(row[5].parse::<f64>().unwrap(), o.amount);
        assert_eq!(&row[11], o.products.join(";"));
        assert_eq!(
            &row[13],
            o.source
                .as_ref()
                .and_then(|s| s.advocate_id.as_deref())
                .unwrap_or("")
        );
    }
    let ascending = rows.windows(2).filter(|w| w[0][0] < w[1][0]).count();
    assert!(ascending < 3000, "deal rows in order: {ascending}");

    let mut rt = csv::Reader::from_reader(touches.as_slice());
    assert_eq!(rt.headers().unwrap(), TOUCH_COLUMNS);
    let mut got: HashMap<String, Vec<(String, String, String, String)>> = HashMap::new();
    let mut previous = String::new();
    let mut together = 0;
    for row in rt.records().map(Result::unwrap) {
        together += usize::from(row[0] == *previous);
        previous = row[0].to_owned();
        got.entry(row[0].to_owned()).or_default().push((
            row[1].to_owned(),
            row[2].to_owned(),
            row[3].to_owned(),
            row[4].to_owned(),
        ));
    }
    let rows_total: usize = got.values().map(Vec::len).sum();
    assert!(
        together * 10 < rows_total,
        "a deal's touches stay together: {together}"
    );
    for (id, o) in &expected {
        let mut want: Vec<_> = o
            .touches
            .iter()
            .map(|t| {
                (
                    t.advocate_id.clone(),
                    t.kind.as_str().to_owned(),
                    t.on.to_string(),
                    t.solicited.to_string(),
                )
            })
            .collect();
        let mut have = got.remove(id).unwrap_or_default();
        want.sort();
        have.sort();
        assert_eq!(have, want, "{id}");
    }
    assert!(got.is_empty());
}

#[test]
fn json_lines_carry_the_record_shape() {
    let c = config(100, 50, 2);
    let text = String::from_utf8(jsonl(&c)).unwrap();
    let mut keys = HashSet::new();
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        keys.extend(v.as_object().unwrap().keys().cloned());
        for t in v["touches"].as_array().unwrap() {
            let t = t.as_object().unwrap();
            let mut k: Vec<&str> = t.keys().map(String::as_str).collect();
            k.sort_unstable();
            assert_eq!(k, ["advocate_id", "kind", "on", "solicited"]);
        }
    }
    for k in [
        "id",
        "account_id",
        "created_on",
        "closed_on",
        "stage",
        "amount",
        "currency",
        "qualified",
        "segment",
        "industry",
        "country",
        "products",
        "source",
        "touches",
    ] {
        assert!(keys.contains(k), "{k}");
    }
    assert_eq!(keys.len(), 14);
}

// ---------------------------------------------------------------------------------------
// Properties, for any seed, roster size and index

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

    #[test]
    fn any_deal_is_well_formed_and_names_its_roster(
        seed in proptest::prelude::any::<u64>(),
        roster in 0usize..400,
        k in 0usize..1_000_000,
        days in 0i64..3000,
    ) {
        let c = SynthConfig {
            advocates: roster,
            seed,
            as_of: NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + chrono::Duration::days(days),
            ..SynthConfig::default()
        };
        let o = opportunity(&c, k);
        proptest::prop_assert_eq!(&o, &opportunity(&c, k));
        proptest::prop_assert_eq!(&o.id, &format!("opp-{k:07}"));
        let mut errors = Vec::new();
        let text = serde_json::to_string(&[&o]).unwrap();
        if let Err(e) = plaudit::parse_opportunities(&text) {
            errors = e.errors;
        }
        proptest::prop_assert!(errors.is_empty(), "{errors:?}");
        proptest::prop_assert!(o.created_on <= c.as_of);
        proptest::prop_assert_eq!(o.closed_on.is_some(), o.stage != Stage::Open);
        let named = o
            .touches
            .iter()
            .map(|t| t.advocate_id.as_str())
            .chain(o.source.iter().filter_map(|s| s.advocate_id.as_deref()));
        for id in named {
            let index: usize = id.strip_prefix("adv-").unwrap().parse().unwrap();
            proptest::prop_assert!(index < roster, "{id} outside a roster of {roster}");
        }
    }
}
