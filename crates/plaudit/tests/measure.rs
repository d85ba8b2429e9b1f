//! Program measurement: hand-computed cases on both sides of every boundary, and the
//! invariants of attribution as property tests.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;
use plaudit::policy::AttributionModel;
use plaudit::{Engine, Measurement, Opportunity, Policy, Roster, Stage, Status};
use proptest::prelude::*;
use serde_json::{Value, json};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

const FROM: &str = "2026-01-01";
const TO: &str = "2026-03-31";
const AS_OF: &str = "2026-04-15";

fn opps(v: Value) -> Vec<Opportunity> {
    plaudit::parse_opportunities(&v.to_string()).unwrap()
}

fn run(engine: &Engine, v: Value, roster: Option<&Roster>) -> Measurement {
    engine
        .measure(&opps(v), roster, (d(FROM), d(TO)), d(AS_OF))
        .unwrap()
}

fn engine_with(model: &str) -> Engine {
    Engine::new(Policy::from_value(json!({"measurement": {"attribution": model}})).unwrap())
        .unwrap()
}

fn won(id: &str, created: &str, closed: &str, amount: f64, touches: Value) -> Value {
    json!({"id": id, "created_on": created, "closed_on": closed, "stage": "won",
           "amount": amount, "touches": touches})
}

fn touch(adv: &str, on: &str) -> Value {
    json!({"advocate_id": adv, "kind": "reference_call", "on": on})
}

/// `(advocate, units)` credits of one deal.
fn credits(m: &Measurement, id: &str) -> Vec<(String, i64)> {
    m.per_opportunity
        .iter()
        .find(|o| o.id == id)
        .map(|o| {
            o.credits
                .iter()
                .map(|c| (c.advocate_id.clone(), c.amount.units))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn lookback_counts_day_90_and_not_day_91() {
    // 2026-01-01 is exactly 90 days before 2026-04-01... use a deal created 2026-03-31.
    // 2026-03-31 - 90 days = 2025-12-31.
    let m = run(
        &Engine::default(),
        json!([
            won(
                "in",
                "2026-03-31",
                "2026-03-31",
                10.0,
                json!([touch("a", "2025-12-31")])
            ),
            won(
                "out",
                "2026-03-31",
                "2026-03-31",
                10.0,
                json!([touch("b", "2025-12-30")])
            ),
        ]),
        None,
    );
    assert_eq!(credits(&m, "in"), [("a".to_owned(), 1000)]);
    assert!(credits(&m, "out").is_empty());
    assert_eq!(m.kpis.opportunities.influenced_share.numerator, 1);
    assert_eq!(m.kpis.opportunities.influenced_share.denominator, 2);
}

#[test]
fn a_touch_on_the_close_day_counts_and_the_day_after_does_not() {
    let m = run(
        &Engine::default(),
        json!([won(
            "o",
            "2026-01-10",
            "2026-02-10",
            30.0,
            json!([touch("a", "2026-02-10"), touch("b", "2026-02-11")])
        )]),
        None,
    );
    assert_eq!(credits(&m, "o"), [("a".to_owned(), 3000)]);
}

#[test]
fn touches_after_to_count_up_to_as_of_for_open_deals() {
    let m = run(
        &Engine::default(),
        json!([
            {"id": "o1", "created_on": "2026-03-01", "stage": "open", "amount": 5,
             "touches": [touch("a", "2026-04-15")]},
            {"id": "o2", "created_on": "2026-03-01", "stage": "open", "amount": 5,
             "touches": [touch("a", "2026-04-16")]},
        ]),
        None,
    );
    let ids: Vec<&str> = m.per_opportunity.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(ids, ["o1"]);
    assert_eq!(m.kpis.opportunities.influenced_share.value, Some(0.5));
}

#[test]
fn a_won_deal_closing_after_as_of_is_open() {
    let m = run(
        &Engine::default(),
        json!([won(
            "o",
            "2026-03-01",
            "2026-04-16",
            10.0,
            json!([touch("a", "2026-03-02")])
        )]),
        None,
    );
    let o = &m.per_opportunity[0];
    assert_eq!(o.stage, Stage::Open);
    assert!(o.created_in_period && !o.closed_in_period);
    assert_eq!(o.credits[0].amount.units, 0);
    assert_eq!(m.kpis.opportunities.win_rate_with.value, None);
    assert!(m.kpis.opportunities.influenced_revenue.is_empty());
    // The advocate influenced it, but won nothing.
    assert_eq!(m.per_advocate[0].deals_influenced, Some(1));
    assert_eq!(m.per_advocate[0].deals_won, Some(0));
}

#[test]
fn empty_denominators_are_null_never_zero() {
    let m = run(&Engine::default(), json!([]), None);
    let k = &m.kpis.opportunities;
    assert_eq!(k.influenced_share.value, None);
    assert_eq!(k.win_rate_with.value, None);
    assert_eq!(k.win_rate_lift, None);
    assert_eq!(k.reference_close_rate.value, None);
    assert_eq!(k.cycle_reduction.value, None);
    assert!(k.referral_pipeline_share.is_empty());
    assert!(m.kpis.roster.is_none() && m.funnel.is_none());
    assert!(m.scorecard.lines.iter().all(|l| l.status == Status::NoData));
    assert_eq!(m.scorecard.composite, None);
}

#[test]
fn cycle_reduction_uses_odd_and_even_medians() {
    // Influenced won cycles 10, 20, 60 (median 20); not influenced 30, 50 (median 40).
    let m = run(
        &Engine::default(),
        json!([
            won(
                "i1",
                "2026-01-01",
                "2026-01-11",
                1.0,
                json!([touch("a", "2026-01-02")])
            ),
            won(
                "i2",
                "2026-01-01",
                "2026-01-21",
                1.0,
                json!([touch("a", "2026-01-02")])
            ),
            won(
                "i3",
                "2026-01-01",
                "2026-03-02",
                1.0,
                json!([touch("a", "2026-01-02")])
            ),
            won("n1", "2026-01-01", "2026-01-31", 1.0, json!([])),
            won("n2", "2026-01-01", "2026-02-20", 1.0, json!([])),
        ]),
        None,
    );
    let c = m.kpis.opportunities.cycle_reduction;
    assert_eq!(c.median_with, Some(20.0));
    assert_eq!(c.median_without, Some(40.0));
    assert_eq!(c.value, Some(0.5));
}

#[test]
fn cycle_reduction_is_null_for_a_zero_median_and_may_be_negative() {
    let zero = run(
        &Engine::default(),
        json!([
            won(
                "i",
                "2026-01-01",
                "2026-01-11",
                1.0,
                json!([touch("a", "2026-01-02")])
            ),
            won("n", "2026-01-05", "2026-01-05", 1.0, json!([])),
        ]),
        None,
    );
    assert_eq!(zero.kpis.opportunities.cycle_reduction.value, None);
    let slower = run(
        &Engine::default(),
        json!([
            won(
                "i",
                "2026-01-01",
                "2026-01-21",
                1.0,
                json!([touch("a", "2026-01-02")])
            ),
            won("n", "2026-01-01", "2026-01-11", 1.0, json!([])),
        ]),
        None,
    );
    assert_eq!(slower.kpis.opportunities.cycle_reduction.value, Some(-1.0));
}

#[test]
fn remainders_go_to_the_smaller_id_byte_wise() {
    // 1.00 over three equal advocates: 33 each, the extra unit to `a10` (`a10` < `a2`).
    let m = run(
        &Engine::default(),
        json!([won(
            "o",
            "2026-01-01",
            "2026-02-01",
            1.0,
            json!([
                touch("a2", "2026-01-05"),
                touch("b", "2026-01-06"),
                touch("a10", "2026-01-07")
            ])
        )]),
        None,
    );
    assert_eq!(
        credits(&m, "o"),
        [
            ("a10".to_owned(), 34),
            ("a2".to_owned(), 33),
            ("b".to_owned(), 33)
        ]
    );
}

#[test]
fn unsolicited_touches_weigh_one_and_a_half() {
    // 10.00 split 1 : 1.5: 400 and 600 exactly.
    let m = run(
        &Engine::default(),
        json!([won(
            "o",
            "2026-01-01",
            "2026-02-01",
            10.0,
            json!([
                touch("a", "2026-01-05"),
                {"advocate_id": "b", "kind": "review", "on": "2026-01-06", "solicited": false},
                touch("b", "2026-01-07"),
            ])
        )]),
        None,
    );
    assert_eq!(
        credits(&m, "o"),
        [("a".to_owned(), 400), ("b".to_owned(), 600)]
    );
}

#[test]
fn amounts_round_half_away_from_zero_on_the_decimal_as_written() {
    let list = opps(json!([
        {"id": "a", "created_on": "2026-01-01", "stage": "open", "amount": 1.005},
        {"id": "b", "created_on": "2026-01-01", "stage": "open", "amount": 1.004},
        {"id": "c", "created_on": "2026-01-01", "stage": "open", "amount": 0.125},
        {"id": "d", "created_on": "2026-01-01", "stage": "open", "amount": 2.675},
        {"id": "e", "created_on": "2026-01-01", "stage": "open", "amount": 1234567.89},
        {"id": "f", "created_on": "2026-01-01", "stage": "open", "amount": 0},
    ]));
    let units: Vec<i64> = list.iter().map(|o| o.amount_units().unwrap()).collect();
    assert_eq!(units, [101, 100, 13, 268, 123_456_789, 0]);
}

#[test]
fn first_and_last_touch_ties_go_to_the_smaller_id() {
    let deals = json!([won(
        "o",
        "2026-01-01",
        "2026-02-01",
        7.0,
        json!([
            touch("c", "2026-01-05"),
            touch("b", "2026-01-05"),
            touch("z", "2026-01-20"),
            touch("y", "2026-01-20"),
        ])
    )]);
    let first = run(&engine_with("first_touch"), deals.clone(), None);
    assert_eq!(
        credits(&first, "o"),
        [("b", 700), ("c", 0), ("y", 0), ("z", 0)].map(|(a, u)| (a.to_owned(), u))
    );
    let last = run(&engine_with("last_touch"), deals, None);
    assert_eq!(
        credits(&last, "o"),
        [("b", 0), ("c", 0), ("y", 700), ("z", 0)].map(|(a, u)| (a.to_owned(), u))
    );
    // Everyone with a touch still counts as influencing.
    assert!(
        last.per_advocate
            .iter()
            .all(|r| r.deals_influenced == Some(1))
    );
    assert_eq!(last.per_advocate[0].id, "y");
}

#[test]
fn time_decay_halves_a_touch_per_half_life() {
    // Touches 0 and 30 days before the close: weights 1 and 0.5: 2/3 and 1/3 of 3.00.
    let m = run(
        &engine_with("time_decay"),
        json!([won(
            "o",
            "2026-01-01",
            "2026-03-01",
            3.0,
            json!([touch("a", "2026-03-01"), touch("b", "2026-01-30")])
        )]),
        None,
    );
    // 300 x 2/3 = 200 and 300 x 1/3 = 100, both within 1e-9 of integers.
    assert_eq!(
        credits(&m, "o"),
        [("a".to_owned(), 200), ("b".to_owned(), 100)]
    );
    // Three advocates with equal weights: 100 / 3 each, the remainders tie: smaller id.
    let m = run(
        &engine_with("time_decay"),
        json!([won(
            "o",
            "2026-01-01",
            "2026-03-01",
            1.0,
            json!([
                touch("c", "2026-02-01"),
                touch("a", "2026-02-01"),
                touch("b", "2026-02-01")
            ])
        )]),
        None,
    );
    assert_eq!(
        credits(&m, "o"),
        [("a", 34), ("b", 33), ("c", 33)].map(|(a, u)| (a.to_owned(), u))
    );
}

#[test]
fn mixed_currencies_are_never_added() {
    let m = run(
        &Engine::default(),
        json!([
            won("u", "2026-01-01", "2026-02-01", 10.0, json!([touch("a", "2026-01-05")])),
            {"id": "e", "created_on": "2026-01-01", "closed_on": "2026-02-01", "stage": "won",
             "amount": 20, "currency": "EUR", "touches": [touch("a", "2026-01-05")]},
        ]),
        None,
    );
    let rev = &m.kpis.opportunities.influenced_revenue;
    assert_eq!(rev["USD"].units, 1000);
    assert_eq!(rev["EUR"].units, 2000);
    let a = m.per_advocate[0].attributed.as_ref().unwrap();
    assert_eq!((a["EUR"].units, a["USD"].units), (2000, 1000));
    assert_eq!(m.warnings.len(), 1);
    assert_eq!(m.warnings[0].code.as_str(), "mixed_currencies");
    assert_eq!(m.warnings[0].subject, "EUR, USD");
}

#[test]
fn unqualified_deals_are_left_out_of_every_figure() {
    let m = run(
        &Engine::default(),
        json!([
            won("q", "2026-01-01", "2026-02-01", 10.0, json!([touch("a", "2026-01-05")])),
            {"id": "x", "created_on": "2026-01-01", "closed_on": "2026-02-01", "stage": "won",
             "amount": 99, "qualified": false, "touches": [touch("b", "2026-01-05")]},
        ]),
        None,
    );
    assert_eq!(m.per_opportunity.len(), 1);
    assert_eq!(m.per_advocate.len(), 1);
    assert_eq!(m.kpis.opportunities.influenced_share.denominator, 1);
    assert_eq!(m.kpis.opportunities.influenced_revenue["USD"].units, 1000);
}

#[test]
fn a_referral_source_without_an_advocate_is_pipeline_not_influence() {
    let m = run(
        &Engine::default(),
        json!([
            {"id": "r", "created_on": "2026-01-10", "stage": "open", "amount": 30,
             "source": {"kind": "referral"}},
            {"id": "s", "created_on": "2026-01-10", "stage": "open", "amount": 10,
             "source": {"kind": "referral", "advocate_id": "a"}},
            {"id": "n", "created_on": "2026-01-10", "stage": "lost", "closed_on": "2026-02-01",
             "amount": 60},
        ]),
        None,
    );
    let k = &m.kpis.opportunities;
    let share = &k.referral_pipeline_share["USD"];
    assert_eq!((share.part.units, share.total.units), (4000, 10000));
    assert_eq!(share.value, Some(0.4));
    // Only the referral with an advocate is influenced (by its source touch).
    assert_eq!(k.influenced_share.numerator, 1);
    let a = &m.per_advocate[0];
    assert_eq!(
        (a.id.as_str(), a.referrals_sourced, a.deals_influenced),
        ("a", Some(1), Some(1))
    );
}

#[test]
fn the_referral_source_touch_ignores_the_lookback_and_wins_first_touch_ties_by_id() {
    // Source touch on created_on; a reference call the same day by `b`: first touch, tie by
    // id: `a` (the referrer) wins.
    let m = run(
        &engine_with("first_touch"),
        json!([{"id": "o", "created_on": "2026-01-10", "closed_on": "2026-02-01", "stage": "won",
                "amount": 5, "source": {"kind": "referral", "advocate_id": "b"},
                "touches": [touch("a", "2026-01-10")]}]),
        None,
    );
    assert_eq!(
        credits(&m, "o"),
        [("a".to_owned(), 500), ("b".to_owned(), 0)]
    );
    let b = m.per_advocate.iter().find(|r| r.id == "b").unwrap();
    assert_eq!((b.referrals_sourced, b.referrals_won), (Some(1), Some(1)));
}

#[test]
fn win_rates_lift_and_reference_close_rate() {
    let lost = |id: &str, t: Value| {
        json!({"id": id, "created_on": "2026-01-01", "closed_on": "2026-02-01", "stage": "lost",
               "amount": 1, "touches": t})
    };
    let m = run(
        &Engine::default(),
        json!([
            won(
                "w1",
                "2026-01-01",
                "2026-02-01",
                1.0,
                json!([touch("a", "2026-01-02")])
            ),
            won(
                "w2",
                "2026-01-01",
                "2026-02-01",
                1.0,
                json!([{"advocate_id": "a", "kind": "case_study", "on": "2026-01-02"}])
            ),
            lost("l1", json!([touch("a", "2026-01-02")])),
            won("w3", "2026-01-01", "2026-02-01", 1.0, json!([])),
            lost("l2", json!([])),
            lost("l3", json!([])),
        ]),
        None,
    );
    let k = &m.kpis.opportunities;
    assert_eq!(k.win_rate_with.value, Some(2.0 / 3.0));
    assert_eq!(k.win_rate_without.value, Some(1.0 / 3.0));
    assert!((k.win_rate_lift.unwrap() - 1.0).abs() < 1e-12);
    assert_eq!(k.reference_close_rate.value, Some(0.5));
    // No deal without influence won: lift is null.
    let m = run(
        &Engine::default(),
        json!([
            won(
                "w1",
                "2026-01-01",
                "2026-02-01",
                1.0,
                json!([touch("a", "2026-01-02")])
            ),
            lost("l2", json!([]))
        ]),
        None,
    );
    assert_eq!(m.kpis.opportunities.win_rate_without.value, Some(0.0));
    assert_eq!(m.kpis.opportunities.win_rate_lift, None);
}

#[test]
fn bad_periods_and_bad_deals_are_errors_with_paths() {
    let e = Engine::default();
    let err = e
        .measure(
            &[],
            None,
            (d("2026-02-01"), d("2026-01-01")),
            d("2025-12-01"),
        )
        .unwrap_err();
    let paths: Vec<&str> = err.errors.iter().map(|x| x.path.as_str()).collect();
    assert_eq!(paths, ["period.from", "as_of"]);
    let mut open = Opportunity::new("o", d("2026-01-01"));
    open.closed_on = Some(d("2026-01-05"));
    let mut won = Opportunity::new("w", d("2026-01-01"));
    won.stage = Stage::Won;
    let err = e
        .measure(&[open, won], None, (d(FROM), d(TO)), d(AS_OF))
        .unwrap_err();
    let paths: Vec<&str> = err.errors.iter().map(|x| x.path.as_str()).collect();
    assert_eq!(
        paths,
        ["opportunities[0].closed_on", "opportunities[1].closed_on"]
    );
    // as_of == to is fine.
    assert!(e.measure(&[], None, (d(FROM), d(TO)), d(TO)).is_ok());
}

#[test]
fn parsing_reports_every_bad_field_with_its_path() {
    let err = plaudit::parse_opportunities(
        &json!([
            {"id": "a", "created_on": "2026-01-01", "stage": "done", "amount": 1},
            {"id": "a", "created_on": "2026-01-01", "stage": "open", "amount": 1, "currency": "US",
             "country": "XX", "touches": [{"advocate_id": "", "kind": "reference_call", "on": "2026-01-01"},
                                          {"advocate_id": "b", "kind": "call", "on": "x"}]},
        ])
        .to_string(),
    )
    .unwrap_err();
    let paths: Vec<&str> = err.errors.iter().map(|x| x.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "opportunities[0].stage",
            "opportunities[1].country",
            "opportunities[1].currency",
            "opportunities[1].id",
            "opportunities[1].touches[0].advocate_id",
            "opportunities[1].touches[1].kind",
            "opportunities[1].touches[1].on",
        ]
    );
}

fn adv(id: &str, extra: Value) -> Value {
    let mut a = json!({
        "id": id, "customer_since": "2020-01-01", "health_score": 90, "nps": 10,
        "nps_on": "2026-03-01", "has_measurable_outcome": true,
        "engagements": ["2026-04-01"],
    });
    for (k, v) in extra.as_object().unwrap() {
        a[k] = v.clone();
    }
    a
}

fn act(kind: &str, date: &str, status: &str) -> Value {
    json!({"kind": kind, "date": date, "status": status})
}

#[test]
fn erased_and_unknown_advocates() {
    let roster = Roster::from_json(
        &json!([
            adv("a", json!({})),
            adv("e", json!({"erasure_requested": true}))
        ])
        .to_string(),
    )
    .unwrap();
    let m = run(
        &Engine::default(),
        json!([
            won(
                "o",
                "2026-01-01",
                "2026-02-01",
                3.0,
                json!([
                    touch("a", "2026-01-02"),
                    touch("e", "2026-01-02"),
                    touch("x", "2026-01-02")
                ])
            ),
            won(
                "p",
                "2026-01-01",
                "2026-02-01",
                1.0,
                json!([touch("x", "2026-01-02")])
            ),
        ]),
        Some(&roster),
    );
    // Each keeps its share; the erased row shows only the id.
    assert_eq!(
        credits(&m, "o"),
        [("a", 100), ("e", 100), ("x", 100)].map(|(a, u)| (a.to_owned(), u))
    );
    let ids: Vec<&str> = m.per_advocate.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["x", "a", "e"]);
    let e = serde_json::to_value(&m.per_advocate[2]).unwrap();
    assert_eq!(e, json!({"id": "e", "erased": true}));
    assert_eq!(m.kpis.opportunities.influenced_revenue["USD"].units, 400);
    let w: Vec<(&str, &str)> = m
        .warnings
        .iter()
        .map(|w| (w.code.as_str(), w.subject.as_str()))
        .collect();
    assert_eq!(w, [("unknown_advocate", "x")]);
    // Without a roster there is no such warning.
    let m = run(
        &Engine::default(),
        json!([won(
            "p",
            "2026-01-01",
            "2026-02-01",
            1.0,
            json!([touch("x", "2026-01-02")])
        )]),
        None,
    );
    assert!(m.warnings.is_empty());
}

#[test]
fn roster_kpis_funnel_and_experiments() {
    let ask = |date: &str, status: &str, variant: &str| json!({"kind": "reference_call", "date": date, "status": status, "variant": variant});
    let roster = Roster::from_json(
        &json!([
            // Eligible, completed 2 counted activities in the window: repeat.
            adv("r1", json!({"activities": [
                act("reference_call", "2026-01-10", "completed"),
                {"kind": "review", "date": "2026-02-10", "status": "completed", "solicited": false},
                ask("2026-03-01", "declined", "A"),
                ask("2026-03-20", "requested", "A"),
            ]})),
            // Eligible, one completed: active.
            adv("r2", json!({"activities": [
                act("case_study", "2026-02-01", "completed"),
                ask("2026-03-25", "requested", "B"),
                ask("2026-03-05", "scheduled", "A"),
                act("testimonial", "2026-03-06", "cancelled"),
            ]})),
            // Eligible, enrolled by tier only.
            adv("r3", json!({"current_tier": "community"})),
            // Not eligible (health).
            adv("r4", json!({"health_score": 50})),
            // Six booked in the window ending 2026-05-31 (a future booking counts): at cap.
            adv("r5", json!({"health_score": 50, "activities": [
                act("reference_call", "2025-06-01", "completed"),
                act("reference_call", "2025-09-01", "completed"),
                act("case_study", "2025-10-01", "completed"),
                act("testimonial", "2025-11-01", "completed"),
                act("advisory_board", "2025-12-01", "completed"),
                act("speaking", "2026-05-01", "scheduled"),
                act("reference_call", "2026-06-01", "scheduled"),
            ]})),
            adv("gone", json!({"left_company": true})),
            adv("x", json!({"erasure_requested": true, "activities": [
                act("reference_call", "2026-01-10", "completed"), ask("2026-03-01", "completed", "A")]})),
        ])
        .to_string(),
    )
    .unwrap();
    let m = run(&Engine::default(), json!([]), Some(&roster));
    let r = m.kpis.roster.as_ref().unwrap();
    // Reference calls completed in the period: r1's only (x is erased).
    assert_eq!(r.references_provided, 1);
    // Asks in the period with a known outcome: r1 declined (A); r1's requested on 03-20 is
    // 26 days old on 04-15: no_response (A); r2 scheduled (A); r2's requested on 03-25 is
    // 21 days old: known too (B); completed activities in the period count as accepted asks.
    // r1: completed 01-10, 02-10, declined, requested -> 4 known, 2 accepted
    // r2: completed 02-01, requested (no_response), scheduled -> 3 known, 2 accepted
    assert_eq!(
        (r.response_rate.numerator, r.response_rate.denominator),
        (4, 7)
    );
    assert_eq!(
        (
            r.unsolicited_share.numerator,
            r.unsolicited_share.denominator
        ),
        (1, 3)
    );
    // Base: r1..r5 (gone left, x erased); r5 at cap.
    assert_eq!(
        (r.at_cap_share.numerator, r.at_cap_share.denominator),
        (1, 5)
    );
    // Window calls: r1 1, r5 2 (2025-06-01 and 2025-09-01); busiest ceil(5% of 5) = 1: 2 of 3.
    assert_eq!(r.concentration.busiest_advocates, 1);
    assert_eq!(
        (
            r.concentration.busiest_calls,
            r.concentration.reference_calls
        ),
        (2, 3)
    );
    let f: Vec<(&str, u64)> = m
        .funnel
        .as_ref()
        .unwrap()
        .iter()
        .map(|s| (s.step.as_str(), s.count))
        .collect();
    assert_eq!(
        f,
        [
            ("base", 5),
            ("eligible", 3),
            ("enrolled", 3),
            ("active", 2),
            ("repeat", 1)
        ]
    );
    let e: Vec<(&str, u64, u64)> = m
        .experiments
        .iter()
        .map(|v| (v.variant.as_str(), v.asks, v.accepted))
        .collect();
    assert_eq!(e, [("A", 3, 1), ("B", 1, 0)]);
}

#[test]
fn the_default_scorecard_scores_the_seed_targets() {
    let m = run(
        &Engine::default(),
        json!([
            won(
                "w1",
                "2026-01-01",
                "2026-02-01",
                1.0,
                json!([touch("a", "2026-01-02")])
            ),
            won("w2", "2026-01-01", "2026-02-01", 1.0, json!([])),
        ]),
        None,
    );
    let lines: Vec<(&str, Status)> = m
        .scorecard
        .lines
        .iter()
        .map(|l| (l.kpi.as_str(), l.status))
        .collect();
    assert_eq!(
        lines,
        [
            ("influenced_share", Status::Breach),
            ("referral_pipeline_share", Status::Breach),
            ("win_rate_lift", Status::Breach),
            ("reference_close_rate", Status::Met),
            ("cycle_reduction", Status::Breach),
        ]
    );
    // Attainments: 0.5 / 0.8, 0, 0 (lift 0), 1, 0 (reduction 0).
    let c = m.scorecard.composite.unwrap();
    assert!((c - 100.0 * (0.625 + 1.0) / 5.0).abs() < 1e-9, "{c}");
}

#[test]
fn the_policy_table_is_validated() {
    let bad = Policy::from_value(json!({"measurement": {
    "currency": "usd", "half_life_days": 0,
    "scorecard": [
        {"kpi": "influenced_share", "target": 0.8, "band": -0.1},
        {"kpi": "influenced_share", "target": 0.5, "weight": -1},
    ]}}))
    .unwrap_err();
    let paths: Vec<&str> = bad.errors.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "measurement.currency",
            "measurement.half_life_days",
            "measurement.scorecard[0].band",
            "measurement.scorecard[1].kpi",
            "measurement.scorecard[1].weight",
        ]
    );
    let unknown =
        Policy::from_value(json!({"measurement": {"scorecard": [{"kpi": "nps", "target": 1}]}}))
            .unwrap_err();
    assert_eq!(unknown.errors[0].path, "measurement.scorecard[0].kpi");
    let typo = Policy::from_toml("[measurement]\nhalf_life = 3\n").unwrap_err();
    assert_eq!(typo.errors[0].path, "measurement.half_life");
    let zero = Policy::from_value(json!({"measurement": {"scorecard": [
        {"kpi": "influenced_share", "target": 0.8, "weight": 0}]}}))
    .unwrap_err();
    assert_eq!(zero.errors[0].path, "measurement.scorecard");
    let ok = Policy::from_toml(
        "[measurement]\nattribution = \"time_decay\"\n[[measurement.scorecard]]\nkpi = \"response_rate\"\ntarget = 0.5\n",
    )
    .unwrap();
    assert_eq!(ok.measurement.attribution, AttributionModel::TimeDecay);
    assert_eq!(ok.measurement.scorecard.len(), 1);
    assert_eq!(ok.measurement.scorecard[0].band, 0.1);
    assert_ne!(
        Engine::new(ok).unwrap().fingerprint(),
        Engine::default().fingerprint()
    );
}

// ---------------------------------------------------------------------------------------
// Properties.

fn arb_deal() -> impl Strategy<Value = Value> {
    (
        0u32..3,          // stage
        0i64..200,        // created day offset from 2025-11-01
        0i64..120,        // cycle days
        0u64..10_000_000, // amount in units
        prop::collection::vec((0u8..6, -100i64..200, any::<bool>()), 0..6),
        0u8..3,                   // currency
        prop::option::of(0u8..6), // referral source advocate
    )
        .prop_map(|(stage, created, cycle, units, touches, cur, src)| {
            let base = d("2025-11-01");
            let day = |n: i64| (base + chrono::Duration::days(n)).to_string();
            let stage = ["open", "won", "lost"][stage as usize];
            let currency = ["USD", "EUR", "JPY"][cur as usize];
            let mut o = json!({
                "created_on": day(created), "stage": stage,
                "amount": units as f64 / 100.0,
                "currency": currency,
                "touches": touches.iter().map(|(a, off, sol)| json!({
                    "advocate_id": format!("a{a}"), "kind": "reference_call",
                    "on": day(created + off), "solicited": sol,
                })).collect::<Vec<_>>(),
            });
            if stage != "open" {
                o["closed_on"] = json!(day(created + cycle));
            }
            if let Some(s) = src {
                o["source"] = json!({"kind": "referral", "advocate_id": format!("a{s}")});
            }
            o
        })
}

fn arb_deals() -> impl Strategy<Value = Vec<Value>> {
    prop::collection::vec(arb_deal(), 0..25).prop_map(|mut v| {
        for (i, o) in v.iter_mut().enumerate() {
            o["id"] = json!(format!("o{i}"));
        }
        v
    })
}

fn measure_all(engine: &Engine, deals: &[Value]) -> Measurement {
    let list = opps(Value::Array(deals.to_vec()));
    engine
        .measure(
            &list,
            None,
            (d("2026-01-01"), d("2026-03-31")),
            d("2026-04-30"),
        )
        .unwrap()
}

/// Per advocate: attributed units per currency, deals won and referrals won.
fn sums(m: &Measurement) -> std::collections::BTreeMap<(String, String), i64> {
    let mut out = std::collections::BTreeMap::new();
    for r in &m.per_advocate {
        for (c, v) in r.attributed.as_ref().unwrap() {
            *out.entry((r.id.clone(), c.clone())).or_insert(0) += v.units;
        }
        *out.entry((r.id.clone(), "won".to_owned())).or_insert(0) += r.deals_won.unwrap() as i64;
        *out.entry((r.id.clone(), "infl".to_owned())).or_insert(0) +=
            r.deals_influenced.unwrap() as i64;
        *out.entry((r.id.clone(), "refwon".to_owned())).or_insert(0) +=
            r.referrals_won.unwrap() as i64;
    }
    out.retain(|_, v| *v != 0);
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn credits_add_up_and_totals_match(deals in arb_deals(), model in 0usize..4) {
        let engine = engine_with(["linear", "first_touch", "last_touch", "time_decay"][model]);
        let m = measure_all(&engine, &deals);
        let mut attributed: std::collections::BTreeMap<String, i64> = Default::default();
        for o in &m.per_opportunity {
            let sum: i64 = o.credits.iter().map(|c| c.amount.units).sum();
            if o.stage == Stage::Won && o.closed_in_period {
                prop_assert_eq!(sum, o.amount.units);
                prop_assert!(o.credits.iter().all(|c| c.amount.units >= 0));
            } else {
                prop_assert_eq!(sum, 0);
            }
        }
        for r in &m.per_advocate {
            for (c, v) in r.attributed.as_ref().unwrap() {
                *attributed.entry(c.clone()).or_insert(0) += v.units;
            }
        }
        attributed.retain(|_, v| *v != 0);
        let mut revenue: std::collections::BTreeMap<String, i64> = m
            .kpis.opportunities.influenced_revenue.iter()
            .map(|(c, v)| (c.clone(), v.units)).collect();
        revenue.retain(|_, v| *v != 0);
        prop_assert_eq!(attributed, revenue);
    }

    #[test]
    fn input_order_does_not_matter(deals in arb_deals(), seed in any::<u64>(), model in 0usize..4) {
        let engine = engine_with(["linear", "first_touch", "last_touch", "time_decay"][model]);
        let a = measure_all(&engine, &deals);
        let mut shuffled = deals.clone();
        let mut s = seed | 1;
        for i in (1..shuffled.len()).rev() {
            s ^= s << 13; s ^= s >> 7; s ^= s << 17;
            shuffled.swap(i, (s % (i as u64 + 1)) as usize);
        }
        for o in &mut shuffled {
            if let Some(t) = o["touches"].as_array_mut() { t.reverse(); }
        }
        let b = measure_all(&engine, &shuffled);
        prop_assert_eq!(serde_json::to_string(&a).unwrap(), serde_json::to_string(&b).unwrap());
    }

    #[test]
    fn parts_add_up_to_the_whole(deals in arb_deals(), cut in 0usize..25, model in 0usize..4) {
        let engine = engine_with(["linear", "first_touch", "last_touch", "time_decay"][model]);
        let cut = cut.min(deals.len());
        let whole = sums(&measure_all(&engine, &deals));
        let mut parts = sums(&measure_all(&engine, &deals[..cut]));
        for (k, v) in sums(&measure_all(&engine, &deals[cut..])) {
            *parts.entry(k).or_insert(0) += v;
        }
        parts.retain(|_, v| *v != 0);
        prop_assert_eq!(whole, parts);
    }
}

// ---------------------------------------------------------------------------------------
// Columns: the door for deals read from columns measures and reports as the records do.

/// The deals of `v` as read (not normalized), pushed into columns.
fn columns_of(v: &Value) -> plaudit::Columns {
    let raw: Vec<Opportunity> = serde_json::from_value(v.clone()).unwrap();
    let mut c = plaudit::Columns::new();
    for o in &raw {
        let touches: Vec<plaudit::TouchRef<'_>> = o
            .touches
            .iter()
            .map(|t| plaudit::TouchRef {
                advocate_id: &t.advocate_id,
                kind: t.kind,
                on: t.on,
                solicited: t.solicited,
            })
            .collect();
        let products: Vec<&str> = o.products.iter().map(String::as_str).collect();
        c.push(&plaudit::OpportunityRef {
            products: &products,
            touches: &touches,
            ..plaudit::OpportunityRef::of(o)
        });
    }
    c
}

/// The deals of `v` as read, their touches' advocates numbered first, last touch first (a
/// door numbers them in the order of its touches table), then pushed as numbers.
fn numbered_of(v: &Value) -> plaudit::Columns {
    numbered_in_two(v, usize::MAX)
}

/// [`numbered_of`], the deals from `cut` on pushed into second columns made with the same
/// numbers, then appended (what a door filling two halves on two threads does).
fn numbered_in_two(v: &Value, cut: usize) -> plaudit::Columns {
    let raw: Vec<Opportunity> = serde_json::from_value(v.clone()).unwrap();
    let mut advocates = plaudit::AdvocateNumbers::new();
    let all: Vec<&str> = raw
        .iter()
        .flat_map(|o| o.touches.iter().map(|t| t.advocate_id.as_str()))
        .collect();
    let mut numbers = Vec::new();
    advocates.extend(all.iter().rev().copied(), &mut numbers);
    numbers.reverse();
    let total = numbers.len();
    let mut parts = [
        plaudit::Columns::with_advocates(advocates.clone(), raw.len(), total),
        plaudit::Columns::with_advocates(advocates, raw.len(), total),
    ];
    let mut numbers = numbers.into_iter();
    for (i, o) in raw.iter().enumerate() {
        let touches: Vec<plaudit::NumberedTouch> = o
            .touches
            .iter()
            .zip(numbers.by_ref())
            .map(|(t, advocate)| plaudit::NumberedTouch {
                advocate,
                kind: t.kind,
                on: plaudit::dates::day(t.on),
                solicited: t.solicited,
            })
            .collect();
        let products: Vec<&str> = o.products.iter().map(String::as_str).collect();
        parts[usize::from(i >= cut)].push_numbered(
            &plaudit::OpportunityRef {
                products: &products,
                ..plaudit::OpportunityRef::of(o)
            },
            &touches,
        );
    }
    let [mut first, second] = parts;
    first.append(second);
    first
}

#[test]
fn numbered_touches_report_their_bad_advocates_at_their_paths() {
    let v = json!([
        {"id": "o1", "created_on": "2026-01-05", "stage": "open", "amount": 1,
         "touches": [{"advocate_id": "a", "kind": "review", "on": "2026-01-07"},
                     {"advocate_id": "  ", "kind": "review", "on": "2026-01-07"}]},
        {"id": "o2", "created_on": "2026-01-05", "stage": "open", "amount": 1,
         "touches": [{"advocate_id": "x".repeat(129), "kind": "review", "on": "2026-01-07"}]},
    ]);
    let c = numbered_of(&v);
    let e = c.check().unwrap_err();
    assert_eq!(e, columns_of(&v).check().unwrap_err());
    let paths: Vec<&str> = e.errors.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "opportunities[0].touches[1].advocate_id",
            "opportunities[1].touches[0].advocate_id"
        ]
    );

    // A number the columns were not made with names no advocate: an empty id.
    let mut advocates = plaudit::AdvocateNumbers::new();
    let a = advocates.number("a");
    let mut c = plaudit::Columns::with_advocates(advocates, 1, 2);
    let t = |advocate| plaudit::NumberedTouch {
        advocate,
        kind: plaudit::ActivityKind::Review,
        on: plaudit::dates::day(d("2026-01-07")),
        solicited: true,
    };
    let o = plaudit::OpportunityRef::new("o1", d("2026-01-05"));
    c.push_numbered(&o, &[t(a)]);
    assert!(c.is_valid());
    // Numbered after the columns were made: not one of theirs.
    c.push_numbered(
        &plaudit::OpportunityRef::new("o2", d("2026-01-05")),
        &[t(a), t(a + 1)],
    );
    let e = c.check().unwrap_err();
    assert_eq!(e.errors.len(), 1);
    assert_eq!(e.errors[0].path, "opportunities[1].touches[1].advocate_id");
    assert_eq!(e.errors[0].code, plaudit::ErrorCode::Required);

    // More touches than a deal may have.
    let many = vec![t(a); plaudit::MAX_TOUCHES + 1];
    let mut advocates = plaudit::AdvocateNumbers::new();
    advocates.number("a");
    let mut c = plaudit::Columns::with_advocates(advocates, 1, many.len());
    c.push_numbered(&o, &many);
    let e = c.check().unwrap_err();
    assert_eq!(e.errors[0].path, "opportunities[0].touches");
    assert_eq!(e.errors[0].code, plaudit::ErrorCode::TooMany);
}

#[test]
fn columns_made_with_other_numbers_append_by_name() {
    // Two sets of numbers of the same size: the second part's numbers are its own.
    let numbers = |names: [&str; 2]| {
        let mut a = plaudit::AdvocateNumbers::new();
        names.iter().for_each(|n| {
            a.number(n);
        });
        a
    };
    let t = plaudit::NumberedTouch {
        advocate: 0,
        kind: plaudit::ActivityKind::Review,
        on: plaudit::dates::day(d("2026-01-07")),
        solicited: true,
    };
    let deal = |id| plaudit::OpportunityRef {
        stage: plaudit::Stage::Won,
        closed_on: Some(d("2026-02-01")),
        amount: 10.0,
        ..plaudit::OpportunityRef::new(id, d("2026-01-05"))
    };
    let mut first = plaudit::Columns::with_advocates(numbers(["a", "b"]), 1, 1);
    first.push_numbered(&deal("o1"), &[t]);
    let mut second = plaudit::Columns::with_advocates(numbers(["b", "a"]), 1, 1);
    second.push_numbered(&deal("o2"), &[t]);
    first.append(second);
    let m = Engine::default()
        .measure_columns(&first, None, (d(FROM), d(TO)), d(AS_OF))
        .unwrap();
    let credited: Vec<&str> = m.per_advocate.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(credited, ["a", "b"]);
}

#[test]
fn columns_report_every_bad_deal_as_the_records_do() {
    let v = json!([
        {"id": " o1 ", "created_on": "2026-01-05", "stage": "won", "amount": 100,
         "industry": "  ", "products": ["a", ""], "country": "xx"},
        {"id": "o2", "created_on": "2026-01-05", "stage": "open", "amount": -1,
         "closed_on": "2026-01-06", "currency": "usd",
         "touches": [{"advocate_id": " ", "kind": "review", "on": "2026-01-07"}]},
        {"id": "o1", "created_on": "2026-01-05", "stage": "lost", "amount": 1,
         "closed_on": "2026-01-01", "source": {"kind": "referral", "advocate_id": ""}},
        {"id": "o3", "created_on": "2026-01-05", "stage": "open", "amount": 1},
    ]);
    let engine = Engine::default();
    let mut raw: Vec<Opportunity> = serde_json::from_value(v.clone()).unwrap();
    raw.iter_mut().for_each(Opportunity::normalize);
    let period = (d(FROM), d(TO));
    let want = engine.measure(&raw, None, period, d(AS_OF)).unwrap_err();
    assert!(want.errors.len() >= 8, "{want:?}");
    let c = columns_of(&v);
    assert!(!c.is_valid());
    assert_eq!(c.check().unwrap_err(), want);
    assert_eq!(numbered_of(&v).check().unwrap_err(), want);
    let got = engine
        .measure_columns(&c, None, period, d(AS_OF))
        .unwrap_err();
    assert_eq!(got, want);
    // The period's problems come first, as for records.
    let got = engine
        .measure_columns(&c, None, period, d("2026-03-30"))
        .unwrap_err();
    assert_eq!(got.errors[0].path, "as_of");
    assert_eq!(got.errors[1..], want.errors[..got.errors.len() - 1]);
}

#[test]
fn columns_find_ids_used_twice_only_when_checked() {
    let v = json!([
        {"id": "o1", "created_on": "2026-01-05", "stage": "open", "amount": 1},
        {"id": " o1", "created_on": "2026-01-05", "stage": "open", "amount": 1},
    ]);
    let c = columns_of(&v);
    assert!(c.is_valid());
    let e = c.check().unwrap_err();
    assert_eq!(e.errors.len(), 1);
    assert_eq!(e.errors[0].path, "opportunities[1].id");
    assert_eq!(
        e.errors[0].message,
        "`o1` is already used by opportunities[0]"
    );
}

/// Segment, industry, country and product picks of a deal.
type Dims = (Option<u8>, Option<u8>, Option<u8>, Vec<u8>);

fn arb_dims() -> impl Strategy<Value = Vec<Dims>> {
    prop::collection::vec(
        (
            prop::option::of(0u8..3),
            prop::option::of(0u8..4),
            prop::option::of(0u8..5),
            prop::collection::vec(0u8..4, 0..3),
        ),
        25,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn columns_measure_as_the_records_do(
        deals in arb_deals(), dims in arb_dims(), model in 0usize..4, dims_cut in 0usize..26,
    ) {
        let engine = engine_with(["linear", "first_touch", "last_touch", "time_decay"][model]);
        let mut deals = deals;
        for (o, (seg, ind, cty, prods)) in deals.iter_mut().zip(dims) {
            if let Some(s) = seg {
                o["segment"] = json!(["smb", "mid_market", "enterprise"][s as usize]);
            }
            if let Some(i) = ind {
                o["industry"] = json!(["Software", "software ", "finance", "Health Care"][i as usize]);
            }
            if let Some(c) = cty {
                o["country"] = json!(["de", "US", " fr", "JP", "BR"][c as usize]);
            }
            o["products"] = json!(prods.iter().map(|p| ["x", "Y", "x ", "z"][*p as usize]).collect::<Vec<_>>());
            if let Some(t) = o["touches"].as_array_mut() {
                for (k, t) in t.iter_mut().enumerate() {
                    if k % 2 == 1 {
                        t["advocate_id"] = json!(format!(" {} ", t["advocate_id"].as_str().unwrap()));
                    }
                }
            }
        }
        let records = measure_all(&engine, &deals);
        let deals = Value::Array(deals);
        let period = (d("2026-01-01"), d("2026-03-31"));
        let columns = engine
            .measure_columns(&columns_of(&deals), None, period, d("2026-04-30"))
            .unwrap();
        let records = serde_json::to_string(&records).unwrap();
        prop_assert_eq!(serde_json::to_string(&columns).unwrap(), records.clone());
        // Touches numbered in another order than their deals' measure the same.
        let numbered = engine
            .measure_columns(&numbered_of(&deals), None, period, d("2026-04-30"))
            .unwrap();
        prop_assert_eq!(serde_json::to_string(&numbered).unwrap(), records.clone());
        // So do two parts made with the same numbers, appended.
        let cut = dims_cut % 26;
        let two = engine
            .measure_columns(&numbered_in_two(&deals, cut), None, period, d("2026-04-30"))
            .unwrap();
        prop_assert_eq!(serde_json::to_string(&two).unwrap(), records);
    }
}
