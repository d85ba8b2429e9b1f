//! The sums over the deals of [`Columns`]: every figure per deal group, per advocate and
//! per deal, on dense indices (advocates by the byte order of their ids, currencies by
//! their codes, breakdown keys interned), merged over runs of deals.

use super::attribution::{self, Counted};
use super::columns::{Columns, NONE};
use super::kpis;
use super::opportunity::{SourceKind, Stage};
use crate::input::dates::Day;
use crate::input::records::{ActivityKind, Segment};
use crate::policy::AttributionModel;

/// A qualified deal, prepared for the figures.
#[derive(Debug)]
pub(crate) struct Prepared {
    pub currency: usize,
    pub units: i64,
    pub won: bool,
    pub closed_in: bool,
    pub created_in: bool,
    pub influenced: bool,
    pub reference: bool,
    pub referral_source: bool,
    pub cycle: i32,
    pub closed: Option<Day>,
    pub touches: Vec<Counted>,
}

/// Per-advocate counts (the attributed money is kept apart, per currency).
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct AdvAcc {
    pub influenced: u64,
    pub won: u64,
    pub sourced: u64,
    pub referrals_won: u64,
}

/// One influenced deal created or closed in the period, and where its credits are.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Row {
    pub deal: u32,
    pub credits: (usize, usize),
    pub currency: u32,
    pub units: i64,
    pub open: bool,
    pub created_in: bool,
    pub closed_in: bool,
}

/// What the sums over deals need to know, shared by every run of deals.
pub(crate) struct Plan<'c> {
    pub cols: &'c Columns,
    /// Measured currency of each interned currency of the columns.
    pub currency_of: Vec<u32>,
    /// Measured currency of a deal without one.
    pub home: u32,
    pub currencies: usize,
    /// Rank of each interned advocate in the byte order of the ids.
    pub rank: Vec<u32>,
    /// Region of each interned country (`NONE`: in no region).
    pub region_of: Vec<u32>,
    pub regions: usize,
    pub window: (Day, Day, Day),
    pub lookback: i32,
    pub unsolicited: (f64, Option<(i128, i128)>),
    pub model: AttributionModel,
    pub half_life_days: u32,
}

/// Sums over a run of deals; the sums of two runs merge into the sums of both (what the
/// chunks of a parallel run, or the parts of a distributed one, do).
pub(crate) struct Sums {
    pub total: kpis::Acc,
    /// Segment, region, industry, product: one group per key, the null key last.
    pub dims: [Vec<Option<kpis::Acc>>; 4],
    /// By advocate rank.
    pub advs: Vec<AdvAcc>,
    /// By advocate rank x currency (`None`: no won deal in that currency).
    pub attributed: Vec<Option<i64>>,
    pub rows: Vec<Row>,
    /// `(advocate rank, units)` of the rows.
    pub credits: Vec<(u32, i64)>,
    pub used: Vec<bool>,
}

impl Sums {
    fn new(plan: &Plan<'_>) -> Sums {
        let keys = plan.cols.keys.len();
        let advocates = plan.rank.len();
        Sums {
            total: kpis::Acc::default(),
            dims: [
                vec![None; Segment::ALL.len() + 1],
                vec![None; plan.regions + 1],
                vec![None; keys + 1],
                vec![None; keys + 1],
            ],
            advs: vec![AdvAcc::default(); advocates],
            attributed: vec![None; advocates * plan.currencies],
            rows: Vec::new(),
            credits: Vec::new(),
            used: vec![false; plan.currencies],
        }
    }

    pub(crate) fn merge(mut self, other: Sums) -> Sums {
        self.total.merge(other.total);
        for (mine, theirs) in self.dims.iter_mut().zip(other.dims) {
            for (m, t) in mine.iter_mut().zip(theirs) {
                if let Some(t) = t {
                    m.get_or_insert_with(kpis::Acc::default).merge(t);
                }
            }
        }
        for (m, t) in self.advs.iter_mut().zip(other.advs) {
            m.influenced += t.influenced;
            m.won += t.won;
            m.sourced += t.sourced;
            m.referrals_won += t.referrals_won;
        }
        for (m, t) in self.attributed.iter_mut().zip(other.attributed) {
            if let Some(u) = t {
                *m.get_or_insert(0) += u;
            }
        }
        let shift = self.credits.len();
        self.credits.extend(other.credits);
        self.rows.extend(other.rows.into_iter().map(|mut r| {
            r.credits = (r.credits.0 + shift, r.credits.1 + shift);
            r
        }));
        for (u, o) in self.used.iter_mut().zip(other.used) {
            *u |= o;
        }
        self
    }
}

fn group(dim: &mut [Option<kpis::Acc>], key: u32) -> Option<&mut kpis::Acc> {
    // The null key is the last slot.
    let last = dim.len().checked_sub(1)?;
    let i = if key == NONE {
        last
    } else {
        (key as usize).min(last)
    };
    dim.get_mut(i)
        .map(|g| g.get_or_insert_with(kpis::Acc::default))
}

impl Plan<'_> {
    /// The sums over every deal, as merged sums of runs of `chunk` deals: on rayon's pool
    /// with the `parallel` feature. The merged sums are the same whatever the runs.
    pub(crate) fn sum_all(&self, chunk: usize) -> Sums {
        let chunk = chunk.max(1);
        let n = self.cols.len();
        let runs = (0..n.div_ceil(chunk)).map(|k| k * chunk..((k + 1) * chunk).min(n));
        #[cfg(feature = "parallel")]
        {
            use rayon::prelude::*;
            let runs: Vec<_> = runs.collect();
            runs.into_par_iter()
                .map(|r| self.sum(r))
                .reduce(|| Sums::new(self), Sums::merge)
        }
        #[cfg(not(feature = "parallel"))]
        {
            runs.map(|r| self.sum(r)).fold(Sums::new(self), Sums::merge)
        }
    }

    /// Where deal `i`'s touches count: from `created_on - lookback` to the close (or
    /// `as_of`).
    ///
    /// `ranks` holds the advocate rank of the run's touches, from touch `first` on.
    fn prepare(
        &self,
        i: usize,
        mut touches: Vec<Counted>,
        (ranks, first): (&[u32], usize),
    ) -> Prepared {
        let c = self.cols;
        let (from, to, today) = self.window;
        let created = c.created[i];
        // A deal closing after `as_of` is treated as open.
        let closed = c.closed[i].filter(|&d| d <= today);
        let end = closed.unwrap_or(today);
        let start = created - self.lookback;
        touches.clear();
        for k in c.touches(i) {
            let on = c.touch_on[k];
            if start <= on && on <= end {
                touches.push(Counted {
                    advocate: ranks.get(k - first).copied().unwrap_or(NONE),
                    on,
                    solicited: c.touch_solicited[k],
                    kind: c.touch_kind[k],
                });
            }
        }
        let referral_source = c.source[i] == Some(SourceKind::Referral);
        let referrer = c.source_advocate[i];
        // The lookback never excludes the referral touch; it still cannot be after `as_of`.
        if referral_source && referrer != NONE && created <= end {
            touches.push(Counted {
                advocate: self.rank[referrer as usize],
                on: created,
                solicited: true,
                kind: ActivityKind::Referral,
            });
        }
        let currency = match c.currency[i] {
            NONE => self.home,
            k => self.currency_of[k as usize],
        };
        Prepared {
            currency: currency as usize,
            units: c.units[i],
            won: closed.is_some() && c.stage[i] == Stage::Won,
            closed_in: closed.is_some_and(|d| from <= d && d <= to),
            created_in: from <= created && created <= to,
            influenced: !touches.is_empty(),
            reference: touches
                .iter()
                .any(|t| t.kind == ActivityKind::ReferenceCall),
            referral_source,
            cycle: closed.map_or(0, |d| d - created),
            closed,
            touches,
        }
    }

    /// The sums over deals `run`.
    fn sum(&self, run: std::ops::Range<usize>) -> Sums {
        let c = self.cols;
        let today = self.window.2;
        let ncur = self.currencies;
        let mut s = Sums::new(self);
        // One touch buffer, one credit buffer and the split's buffers for every deal.
        let mut buffer: Vec<Counted> = Vec::new();
        let mut credits: Vec<(u32, i64)> = Vec::new();
        let mut scratch = attribution::Scratch::default();
        let mut pending: Vec<Pending> = Vec::with_capacity(PENDING * 2);
        // The ranks of the run's touches' advocates, looked up in one tight pass whose
        // reads overlap (looked up deal by deal, each waited on the cache: 12% of a run).
        let touches = match (run.start < run.end).then(|| run.end - 1) {
            Some(last) => c.touches(run.start).start..c.touches(last).end,
            None => 0..0,
        };
        let ranks: Vec<u32> = c
            .touch_advocate
            .get(touches.clone())
            .unwrap_or(&[])
            .iter()
            .map(|&a| self.rank.get(a as usize).copied().unwrap_or(NONE))
            .collect();
        for i in run {
            if pending.len() >= PENDING {
                s.apply(&pending, ncur);
                pending.clear();
            }
            if !c.qualified[i] {
                continue;
            }
            let d = self.prepare(i, std::mem::take(&mut buffer), (&ranks, touches.start));
            if !(d.created_in || d.closed_in) {
                buffer = d.touches;
                continue;
            }
            if let Some(u) = s.used.get_mut(d.currency) {
                *u = true;
            }
            s.total.add(&d);
            let segment = c.segment[i]
                .and_then(|g| Segment::ALL.iter().position(|x| *x == g))
                .map_or(NONE, |p| p as u32);
            let region = match c.country[i] {
                NONE => NONE,
                k => self.region_of[k as usize],
            };
            let [seg, reg, ind, products] = &mut s.dims;
            for (dim, key) in [(seg, segment), (reg, region), (ind, c.industry[i])] {
                if let Some(g) = group(dim, key) {
                    g.add(&d);
                }
            }
            let keys = c.products(i);
            if keys.is_empty() {
                if let Some(g) = group(products, NONE) {
                    g.add(&d);
                }
            } else {
                // Each product once, however often the deal lists it.
                for (j, p) in keys.iter().enumerate() {
                    if !keys[..j].contains(p) {
                        if let Some(g) = group(products, *p) {
                            g.add(&d);
                        }
                    }
                }
            }

            // Referral sourcing (created in the period; won and closed in it).
            let referrer = c.source_advocate[i];
            if d.referral_source && referrer != NONE {
                if let Some(&rank) = self.rank.get(referrer as usize) {
                    pending.push(Pending {
                        rank,
                        sourced: d.created_in,
                        referral_won: d.won && d.closed_in,
                        ..Pending::default()
                    });
                }
            }
            if !d.influenced {
                buffer = d.touches;
                continue;
            }
            let attributed = d.won && d.closed_in;
            if attributed {
                attribution::split_into(
                    self.model,
                    d.units,
                    &d.touches,
                    d.closed.unwrap_or(today),
                    self.unsolicited,
                    self.half_life_days,
                    &mut scratch,
                    &mut credits,
                );
            } else {
                attribution::zero_into(&d.touches, &mut scratch, &mut credits);
            }
            let first = s.credits.len();
            pending.extend(credits.iter().map(|&(rank, units)| Pending {
                rank,
                influenced: d.created_in,
                won: attributed,
                money: attributed.then_some((d.currency, units)),
                ..Pending::default()
            }));
            s.credits.extend_from_slice(&credits);
            s.rows.push(Row {
                deal: i as u32,
                credits: (first, s.credits.len()),
                currency: d.currency as u32,
                units: d.units,
                open: d.closed.is_none(),
                created_in: d.created_in,
                closed_in: d.closed_in,
            });
            buffer = d.touches;
        }
        s.apply(&pending, ncur);
        s
    }
}

/// What a deal adds to one advocate's sums, kept with the others of a few deals so that
/// they are added together (see [`Sums::apply`]).
#[derive(Debug, Default, Clone, Copy)]
struct Pending {
    /// The advocate's rank.
    rank: u32,
    influenced: bool,
    won: bool,
    sourced: bool,
    referral_won: bool,
    /// Attributed money: the measured currency and the units.
    money: Option<(usize, i64)>,
}

/// Advocates' sums added together: about this many.
const PENDING: usize = 64;

impl Sums {
    /// Adds what `pending` holds to the advocates' sums. The advocates are found first,
    /// all of them, then added to: with a hundred thousand advocates, each one's sums are a
    /// miss of the cache, and the misses of independent reads overlap (added to one at a
    /// time, deal by deal, a third of a run's time was spent waiting on them).
    fn apply(&mut self, pending: &[Pending], ncur: usize) {
        let mut seen = 0u64;
        for p in pending {
            if let Some(a) = self.advs.get(p.rank as usize) {
                seen ^= a.influenced;
            }
            if let Some((cur, _)) = p.money {
                if let Some(Some(u)) = self.attributed.get(p.rank as usize * ncur + cur) {
                    seen ^= *u as u64;
                }
            }
        }
        std::hint::black_box(seen);
        for p in pending {
            let r = p.rank as usize;
            if let Some(acc) = self.advs.get_mut(r) {
                acc.influenced += u64::from(p.influenced);
                acc.won += u64::from(p.won);
                acc.sourced += u64::from(p.sourced);
                acc.referrals_won += u64::from(p.referral_won);
                if let Some((cur, units)) = p.money {
                    if let Some(slot) = self.attributed.get_mut(r * ncur + cur) {
                        *slot.get_or_insert(0) += units;
                    }
                }
            }
        }
    }
}
