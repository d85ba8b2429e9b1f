//! The facts the rules read from an advocate, behind one trait, so that every rule has a
//! single implementation over two layouts: an [`Advocate`] as parsed (one call, one record),
//! and a packed row of a [`crate::Roster`] (flat arrays of day numbers and small codes, laid
//! out in id order, for the population operations that walk a million rows).

use chrono::{Datelike, NaiveDate};

use crate::input::dates::{Day, day};
use crate::input::records::{
    ActivityKind, ActivityStatus, Advocate, ConsentPurpose, ConsentStatus, Influence,
    ReferenceFrequency, Tier,
};
use crate::policy::Policy;

/// One activity row, as the rules read it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Act<'a> {
    pub day: Day,
    pub kind: ActivityKind,
    pub status: ActivityStatus,
    pub solicited: bool,
    pub topic: Option<&'a str>,
}

/// One consent record, as the rules read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Cons {
    pub purpose: ConsentPurpose,
    pub status: ConsentStatus,
    pub on: Day,
    pub expires: Option<Day>,
}

/// A calendar date split for month arithmetic (tenure) without chrono's date arithmetic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Ymd {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Ymd {
    pub(crate) fn of(d: NaiveDate) -> Ymd {
        Ymd {
            year: d.year(),
            month: u8::try_from(d.month()).unwrap_or(1),
            day: u8::try_from(d.day()).unwrap_or(1),
        }
    }
}

/// Days in a month of the proleptic Gregorian calendar.
fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Whole months from `since` to `as_of`: the largest `m` with `since + m months <= as_of`,
/// where adding months clamps the day to the month's end (as chrono's `checked_add_months`).
/// `since + m months` for the calendar difference `m` falls in `as_of`'s month, on
/// `min(since.day, days in that month)`: one month fewer when that day is after `as_of`'s.
pub(crate) fn months_between(since: Ymd, as_of: Ymd) -> i32 {
    let m = (as_of.year - since.year) * 12 + (i32::from(as_of.month) - i32::from(since.month));
    let landed = since.day.min(days_in_month(as_of.year, as_of.month));
    if landed > as_of.day { m - 1 } else { m }
}

/// The scalar facts of one advocate, copied out in one piece.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scalars {
    pub customer_since: Ymd,
    pub health: f64,
    pub nps: Option<i64>,
    pub nps_on: Option<Day>,
    pub verified_on: Option<Day>,
    /// Bit `k` set: willing to do `ActivityKind::ALL[k]`.
    pub willing: u16,
    pub measurable_outcome: bool,
    pub left_company: bool,
    pub erasure_requested: bool,
    pub publicity_restricted: bool,
    pub public: bool,
    pub reference_frequency: Option<ReferenceFrequency>,
    pub influence: Option<Influence>,
    pub current_tier: Option<Tier>,
}

impl Scalars {
    pub(crate) fn of(a: &Advocate) -> Scalars {
        // `Preferences::willing` for every kind, in one pass over the list.
        let willing = match &a.preferences.activities {
            Some(list) => list.iter().fold(0u16, |w, &k| w | 1 << k as u16),
            None => !(1 << ActivityKind::Speaking as u16),
        };
        Scalars {
            customer_since: Ymd::of(a.customer_since),
            health: a.health_score,
            nps: a.nps,
            nps_on: a.nps_on.map(day),
            verified_on: a.verified_on.map(day),
            willing,
            measurable_outcome: a.has_measurable_outcome,
            left_company: a.left_company,
            erasure_requested: a.erasure_requested,
            publicity_restricted: a.publicity_restricted,
            public: a.preferences.public,
            reference_frequency: a.preferences.reference_frequency,
            influence: a.influence,
            current_tier: a.current_tier,
        }
    }

    /// Whether the advocate is willing to do `kind`.
    #[inline]
    pub(crate) fn willing(&self, kind: ActivityKind) -> bool {
        self.willing & (1 << kind as u16) != 0
    }
}

/// The scalars of no advocate (erased, so no rule reads further).
const ABSENT: Scalars = Scalars {
    customer_since: Ymd {
        year: 1,
        month: 1,
        day: 1,
    },
    health: f64::NAN,
    nps: None,
    nps_on: None,
    verified_on: None,
    willing: 0,
    measurable_outcome: false,
    left_company: false,
    erasure_requested: true,
    publicity_restricted: false,
    public: false,
    reference_frequency: None,
    influence: None,
    current_tier: None,
};

/// What the rules read from an advocate. Implemented by [`Advocate`] and by the packed rows
/// of a roster ([`Row`]).
pub(crate) trait Facts {
    /// The scalar facts.
    fn scalars(&self) -> Scalars;
    /// Activity rows, in any order.
    fn activities(&self) -> impl Iterator<Item = Act<'_>> + Clone;
    /// Engagement dates, in any order.
    fn engagements(&self) -> impl Iterator<Item = Day> + Clone;
    /// Consent records, in any order.
    fn consents(&self) -> impl Iterator<Item = Cons> + Clone;
    /// Disruption windows: first day and last day (none: open-ended).
    fn disruptions(&self) -> impl Iterator<Item = (Day, Option<Day>)>;
    /// Whether the advocate's country needs an explicit `program` grant.
    fn opt_in(&self, policy: &Policy) -> bool;
    /// Whether the advocate's industry is regulated.
    fn regulated(&self, policy: &Policy) -> bool;
    /// The incentive value limit of the advocate's country.
    fn incentive_limit(&self, policy: &Policy) -> Option<f64>;
}

impl Facts for Advocate {
    fn scalars(&self) -> Scalars {
        Scalars::of(self)
    }

    fn activities(&self) -> impl Iterator<Item = Act<'_>> + Clone {
        self.activities.iter().map(|x| Act {
            day: day(x.date),
            kind: x.kind,
            status: x.status,
            solicited: x.solicited,
            topic: x.topic.as_deref(),
        })
    }

    fn engagements(&self) -> impl Iterator<Item = Day> + Clone {
        self.engagements.iter().map(|d| day(*d))
    }

    fn consents(&self) -> impl Iterator<Item = Cons> + Clone {
        self.consents.iter().map(cons)
    }

    fn disruptions(&self) -> impl Iterator<Item = (Day, Option<Day>)> {
        self.disruptions
            .iter()
            .map(|x| (day(x.from), x.to.map(day)))
    }

    fn opt_in(&self, policy: &Policy) -> bool {
        policy
            .consent
            .opt_in_countries
            .binary_search_by(|c| c.as_str().cmp(self.country.as_str()))
            .is_ok()
    }

    fn regulated(&self, policy: &Policy) -> bool {
        policy
            .compliance
            .regulated_industries
            .binary_search(&self.industry)
            .is_ok()
    }

    fn incentive_limit(&self, policy: &Policy) -> Option<f64> {
        policy
            .compliance
            .incentive_limits
            .get(&self.country)
            .copied()
    }
}

/// One advocate with its country and industry facts looked up once (a single `check`
/// reads most dates once or twice: converting them ahead would cost more than it saves;
/// consent records, read on every consent question, are converted once).
#[derive(Debug)]
pub(crate) struct Lite<'a> {
    a: &'a Advocate,
    policy: &'a Policy,
    /// Looked up on first use (string searches most calls never need).
    opt_in: std::cell::OnceCell<bool>,
    regulated: std::cell::OnceCell<bool>,
    limit: std::cell::OnceCell<Option<f64>>,
    /// Consent records are read on every consent question (several per check).
    cons: &'a [Cons],
}

/// Buffers for the converted records of one advocate at a time ([`Lite`], [`Single`]),
/// reused by a loop over many.
#[derive(Debug, Default)]
pub(crate) struct Converted {
    cons: Vec<Cons>,
    acts: Vec<Day>,
    engs: Vec<Day>,
}

impl Converted {
    /// `a` with its consent records converted (into these buffers).
    pub(crate) fn lite<'a>(&'a mut self, a: &'a Advocate, policy: &'a Policy) -> Lite<'a> {
        self.cons.clear();
        self.cons.extend(a.consents.iter().map(cons));
        Lite::over(a, policy, &self.cons)
    }

    /// `a` with its consent records and every date converted (into these buffers).
    pub(crate) fn single<'a>(&'a mut self, a: &'a Advocate, policy: &'a Policy) -> Single<'a> {
        let Converted {
            cons: c,
            acts,
            engs,
        } = self;
        acts.clear();
        acts.extend(a.activities.iter().map(|x| day(x.date)));
        engs.clear();
        engs.extend(a.engagements.iter().map(|d| day(*d)));
        c.clear();
        c.extend(a.consents.iter().map(cons));
        Single {
            lite: Lite::over(a, policy, c),
            acts,
            engs,
        }
    }
}

impl<'a> Lite<'a> {
    /// `a` with its country and industry facts looked up, over its converted consents.
    fn over(a: &'a Advocate, policy: &'a Policy, cons: &'a [Cons]) -> Lite<'a> {
        Lite {
            a,
            policy,
            opt_in: std::cell::OnceCell::new(),
            regulated: std::cell::OnceCell::new(),
            limit: std::cell::OnceCell::new(),
            cons,
        }
    }
}

impl Facts for Lite<'_> {
    fn scalars(&self) -> Scalars {
        Scalars::of(self.a)
    }

    fn activities(&self) -> impl Iterator<Item = Act<'_>> + Clone {
        self.a.activities()
    }

    fn engagements(&self) -> impl Iterator<Item = Day> + Clone {
        self.a.engagements()
    }

    fn consents(&self) -> impl Iterator<Item = Cons> + Clone {
        self.cons.iter().copied()
    }

    fn disruptions(&self) -> impl Iterator<Item = (Day, Option<Day>)> {
        self.a.disruptions()
    }

    fn opt_in(&self, _: &Policy) -> bool {
        *self.opt_in.get_or_init(|| self.a.opt_in(self.policy))
    }

    fn regulated(&self, _: &Policy) -> bool {
        *self.regulated.get_or_init(|| self.a.regulated(self.policy))
    }

    fn incentive_limit(&self, _: &Policy) -> Option<f64> {
        *self
            .limit
            .get_or_init(|| self.a.incentive_limit(self.policy))
    }
}

/// One advocate with its dates converted to day numbers once (on top of [`Lite`]): a
/// single call that reads each date several times (`evaluate`) converts them once.
#[derive(Debug)]
pub(crate) struct Single<'a> {
    lite: Lite<'a>,
    acts: &'a [Day],
    engs: &'a [Day],
}

impl Facts for Single<'_> {
    fn scalars(&self) -> Scalars {
        self.lite.scalars()
    }

    fn activities(&self) -> impl Iterator<Item = Act<'_>> + Clone {
        self.lite
            .a
            .activities
            .iter()
            .zip(self.acts)
            .map(|(x, &d)| Act {
                day: d,
                kind: x.kind,
                status: x.status,
                solicited: x.solicited,
                topic: x.topic.as_deref(),
            })
    }

    fn engagements(&self) -> impl Iterator<Item = Day> + Clone {
        self.engs.iter().copied()
    }

    fn consents(&self) -> impl Iterator<Item = Cons> + Clone {
        self.lite.consents()
    }

    fn disruptions(&self) -> impl Iterator<Item = (Day, Option<Day>)> {
        self.lite.disruptions()
    }

    fn opt_in(&self, policy: &Policy) -> bool {
        self.lite.opt_in(policy)
    }

    fn regulated(&self, policy: &Policy) -> bool {
        self.lite.regulated(policy)
    }

    fn incentive_limit(&self, policy: &Policy) -> Option<f64> {
        self.lite.incentive_limit(policy)
    }
}

/// A consent record as the rules read it.
pub(crate) fn cons(c: &crate::input::records::Consent) -> Cons {
    Cons {
        purpose: c.purpose,
        status: c.status,
        on: day(c.on),
        expires: c.expires.map(day),
    }
}

/// A packed activity row (12 bytes).
#[derive(Debug, Clone, Copy)]
pub(crate) struct PackedAct {
    day: Day,
    topic: u32,
    kind: ActivityKind,
    status: ActivityStatus,
    solicited: bool,
}

/// Sentinel for "no value" in interned columns.
const NO_ID: u32 = u32::MAX;

/// Every advocate's facts in flat arrays, rows in the roster's id order: a population
/// operation walks each array front to back.
#[derive(Debug, Clone, Default)]
pub(crate) struct Packed {
    scalars: Vec<Scalars>,
    acts: Vec<PackedAct>,
    act_at: Vec<u32>,
    engs: Vec<Day>,
    eng_at: Vec<u32>,
    cons: Vec<Cons>,
    cons_at: Vec<u32>,
    dis: Vec<(Day, Option<Day>)>,
    dis_at: Vec<u32>,
    topics: Vec<Box<str>>,
}

fn range(at: &[u32], k: usize) -> std::ops::Range<usize> {
    match (at.get(k), at.get(k + 1)) {
        (Some(&a), Some(&b)) => a as usize..b as usize,
        _ => 0..0,
    }
}

fn end(len: usize) -> u32 {
    u32::try_from(len).unwrap_or(u32::MAX)
}

impl Packed {
    /// Packs `advocates` in the order `order` gives.
    pub(crate) fn new(advocates: &[Advocate], order: &[u32]) -> Packed {
        let n = order.len();
        let mut p = Packed {
            scalars: Vec::with_capacity(n),
            act_at: Vec::with_capacity(n + 1),
            eng_at: Vec::with_capacity(n + 1),
            cons_at: Vec::with_capacity(n + 1),
            dis_at: Vec::with_capacity(n + 1),
            ..Packed::default()
        };
        let mut topic_ids: rustc_hash::FxHashMap<&str, u32> = Default::default();
        for at in [&mut p.act_at, &mut p.eng_at, &mut p.cons_at, &mut p.dis_at] {
            at.push(0);
        }
        for &i in order {
            let Some(a) = advocates.get(i as usize) else {
                continue;
            };
            p.scalars.push(Scalars::of(a));
            for x in &a.activities {
                let topic = match &x.topic {
                    None => NO_ID,
                    Some(t) => *topic_ids.entry(t.as_str()).or_insert_with(|| {
                        p.topics.push(t.as_str().into());
                        end(p.topics.len() - 1)
                    }),
                };
                p.acts.push(PackedAct {
                    day: day(x.date),
                    topic,
                    kind: x.kind,
                    status: x.status,
                    solicited: x.solicited,
                });
            }
            p.act_at.push(end(p.acts.len()));
            p.engs.extend(a.engagements.iter().map(|d| day(*d)));
            p.eng_at.push(end(p.engs.len()));
            p.cons.extend(a.consents.iter().map(cons));
            p.cons_at.push(end(p.cons.len()));
            p.dis
                .extend(a.disruptions.iter().map(|x| (day(x.from), x.to.map(day))));
            p.dis_at.push(end(p.dis.len()));
        }
        p
    }

    /// The rows of `parts` one after another (each packed by [`Packed::new`] for a run of
    /// the id order, the runs in order): the same as packing the whole order at once, topic
    /// ids aside (numbered in the same first-seen order).
    pub(crate) fn concat(parts: Vec<Packed>) -> Packed {
        let total = |f: fn(&Packed) -> usize| parts.iter().map(f).sum::<usize>();
        let rows = total(|p| p.scalars.len());
        let mut out = Packed {
            scalars: Vec::with_capacity(rows),
            acts: Vec::with_capacity(total(|p| p.acts.len())),
            act_at: Vec::with_capacity(rows + 1),
            engs: Vec::with_capacity(total(|p| p.engs.len())),
            eng_at: Vec::with_capacity(rows + 1),
            cons: Vec::with_capacity(total(|p| p.cons.len())),
            cons_at: Vec::with_capacity(rows + 1),
            dis: Vec::with_capacity(total(|p| p.dis.len())),
            dis_at: Vec::with_capacity(rows + 1),
            topics: Vec::new(),
        };
        for at in [
            &mut out.act_at,
            &mut out.eng_at,
            &mut out.cons_at,
            &mut out.dis_at,
        ] {
            at.push(0);
        }
        let mut topic_ids: rustc_hash::FxHashMap<Box<str>, u32> = Default::default();
        fn shifted(to: &mut Vec<u32>, from: &[u32], base: usize) {
            let base = end(base);
            to.extend(from.iter().skip(1).map(|&x| x.saturating_add(base)));
        }
        for p in parts {
            let remap: Vec<u32> = p
                .topics
                .into_iter()
                .map(|t| {
                    let next = end(out.topics.len());
                    *topic_ids.entry(t).or_insert_with_key(|t| {
                        out.topics.push(t.clone());
                        next
                    })
                })
                .collect();
            out.scalars.extend_from_slice(&p.scalars);
            shifted(&mut out.act_at, &p.act_at, out.acts.len());
            out.acts.extend(p.acts.iter().map(|x| PackedAct {
                topic: remap.get(x.topic as usize).copied().unwrap_or(NO_ID),
                ..*x
            }));
            shifted(&mut out.eng_at, &p.eng_at, out.engs.len());
            out.engs.extend_from_slice(&p.engs);
            shifted(&mut out.cons_at, &p.cons_at, out.cons.len());
            out.cons.extend_from_slice(&p.cons);
            shifted(&mut out.dis_at, &p.dis_at, out.dis.len());
            out.dis.extend_from_slice(&p.dis);
        }
        out
    }

    /// Row `k` (in id order), reading country and industry facts from `tables`.
    #[inline]
    pub(crate) fn row<'a>(&'a self, k: usize, tables: &'a Tables, geo: (u32, u32)) -> Row<'a> {
        Row {
            p: self,
            k,
            tables,
            country: geo.0,
            industry: geo.1,
        }
    }
}

/// The policy's country and industry facts, per interned country and industry id of one
/// roster: built once per population call.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tables {
    opt_in: Vec<bool>,
    limit: Vec<Option<f64>>,
    regulated: Vec<bool>,
}

impl Tables {
    /// The tables for the interned keys of one roster: `countries` and `industries` give
    /// every key with its id (ids below the counts).
    pub(crate) fn new<'a>(
        policy: &Policy,
        countries: (usize, impl Iterator<Item = (&'a str, u32)>),
        industries: (usize, impl Iterator<Item = (&'a str, u32)>),
    ) -> Tables {
        let mut t = Tables {
            opt_in: vec![false; countries.0],
            limit: vec![None; countries.0],
            regulated: vec![false; industries.0],
        };
        for (name, id) in countries.1 {
            let i = id as usize;
            if let Some(x) = t.opt_in.get_mut(i) {
                *x = policy
                    .consent
                    .opt_in_countries
                    .binary_search_by(|c| c.as_str().cmp(name))
                    .is_ok();
            }
            if let Some(x) = t.limit.get_mut(i) {
                *x = policy.compliance.incentive_limits.get(name).copied();
            }
        }
        for (name, id) in industries.1 {
            if let Some(x) = t.regulated.get_mut(id as usize) {
                *x = policy
                    .compliance
                    .regulated_industries
                    .binary_search_by(|c| c.as_str().cmp(name))
                    .is_ok();
            }
        }
        t
    }
}

/// One packed row of a roster.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Row<'a> {
    p: &'a Packed,
    k: usize,
    tables: &'a Tables,
    country: u32,
    industry: u32,
}

impl Facts for Row<'_> {
    #[inline]
    fn scalars(&self) -> Scalars {
        // Rows are only made for `k < len`; an erased placeholder is never read.
        self.p.scalars.get(self.k).copied().unwrap_or(ABSENT)
    }

    #[inline]
    fn activities(&self) -> impl Iterator<Item = Act<'_>> + Clone {
        let topics = &self.p.topics;
        self.p
            .acts
            .get(range(&self.p.act_at, self.k))
            .unwrap_or(&[])
            .iter()
            .map(move |x| Act {
                day: x.day,
                kind: x.kind,
                status: x.status,
                solicited: x.solicited,
                topic: topics.get(x.topic as usize).map(|t| &**t),
            })
    }

    #[inline]
    fn engagements(&self) -> impl Iterator<Item = Day> + Clone {
        self.p
            .engs
            .get(range(&self.p.eng_at, self.k))
            .unwrap_or(&[])
            .iter()
            .copied()
    }

    #[inline]
    fn consents(&self) -> impl Iterator<Item = Cons> + Clone {
        self.p
            .cons
            .get(range(&self.p.cons_at, self.k))
            .unwrap_or(&[])
            .iter()
            .copied()
    }

    #[inline]
    fn disruptions(&self) -> impl Iterator<Item = (Day, Option<Day>)> {
        self.p
            .dis
            .get(range(&self.p.dis_at, self.k))
            .unwrap_or(&[])
            .iter()
            .copied()
    }

    #[inline]
    fn opt_in(&self, _: &Policy) -> bool {
        self.tables
            .opt_in
            .get(self.country as usize)
            .copied()
            .unwrap_or(false)
    }

    #[inline]
    fn regulated(&self, _: &Policy) -> bool {
        self.tables
            .regulated
            .get(self.industry as usize)
            .copied()
            .unwrap_or(false)
    }

    #[inline]
    fn incentive_limit(&self, _: &Policy) -> Option<f64> {
        self.tables
            .limit
            .get(self.country as usize)
            .copied()
            .flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_between_agrees_with_chrono_month_arithmetic() {
        let start = NaiveDate::from_ymd_opt(2019, 1, 1).unwrap_or_default();
        for i in (0..2200).step_by(7) {
            let since = start + chrono::Duration::days(i);
            for j in (0..1600).step_by(13) {
                let as_of = start + chrono::Duration::days(j);
                assert_eq!(
                    months_between(Ymd::of(since), Ymd::of(as_of)),
                    crate::rules::eligibility::tenure_months_slow(since, as_of),
                    "{since} -> {as_of}"
                );
            }
        }
    }
}
