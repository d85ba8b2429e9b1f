//! The KPIs: opportunity figures (with their breakdowns) and roster figures (see
//! docs/measurement.md, *KPIs*).

use std::collections::BTreeMap;

use serde::Serialize;

use super::Money;
use super::sums::Prepared;
use crate::input::dates::{Day, day};
use crate::input::records::{ActivityKind, ActivityStatus, Advocate};

/// A count ratio; `value` is `null` when the denominator is 0 ("no data"), never 0.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Rate {
    /// What is counted.
    pub numerator: u64,
    /// Out of how many.
    pub denominator: u64,
    /// `numerator / denominator`, unrounded.
    pub value: Option<f64>,
}

impl Rate {
    pub(crate) fn of(numerator: u64, denominator: u64) -> Rate {
        #[allow(clippy::cast_precision_loss)]
        let value = (denominator > 0).then(|| numerator as f64 / denominator as f64);
        Rate {
            numerator,
            denominator,
            value,
        }
    }
}

/// A money ratio in one currency; `value` is `null` when the total is 0.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MoneyShare {
    /// The part (e.g. pipeline with a referral source).
    pub part: Money,
    /// The whole.
    pub total: Money,
    /// `part / total`, unrounded.
    pub value: Option<f64>,
}

/// `1 - median(cycle with) / median(cycle without)`, cycles in days.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CycleReduction {
    /// Median cycle of won influenced deals closed in the period.
    pub median_with: Option<f64>,
    /// Median cycle of won deals without influence closed in the period.
    pub median_without: Option<f64>,
    /// The reduction; `null` when either group is empty or the second median is 0.
    pub value: Option<f64>,
}

/// The KPIs computed from opportunities (also per breakdown row).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct OpportunityKpis {
    /// Influenced / all, created in the period.
    pub influenced_share: Rate,
    /// Amount of won influenced deals closed in the period, per currency.
    pub influenced_revenue: BTreeMap<String, Money>,
    /// Amount with a referral source / all amount, created in the period, per currency.
    pub referral_pipeline_share: BTreeMap<String, MoneyShare>,
    /// Won / (won + lost) of influenced deals closed in the period.
    pub win_rate_with: Rate,
    /// Won / (won + lost) of deals closed in the period without influence.
    pub win_rate_without: Rate,
    /// `win_rate_with / win_rate_without - 1`.
    pub win_rate_lift: Option<f64>,
    /// Won / (won + lost) of deals closed in the period with a counting reference call.
    pub reference_close_rate: Rate,
    /// How much shorter influenced won deals take to close.
    pub cycle_reduction: CycleReduction,
}

/// Concentration on the busiest advocates: completed reference calls in the window ending
/// at `as_of`, and the share the busiest `ceil(5%)` of the base gave.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ConcentrationKpi {
    /// Completed reference calls in the window.
    pub reference_calls: u64,
    /// `ceil(0.05 x base)`.
    pub busiest_advocates: u64,
    /// Calls they gave.
    pub busiest_calls: u64,
    /// `busiest_calls / reference_calls`, unrounded; `null` without calls.
    pub value: Option<f64>,
}

/// The KPIs computed from the roster (erased advocates left out).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RosterKpis {
    /// Completed reference calls dated in the period.
    pub references_provided: u64,
    /// Accepted (scheduled or completed) asks / asks with a known outcome, dated in the
    /// period.
    pub response_rate: Rate,
    /// Completed unsolicited activities / completed activities, dated in the period.
    pub unsolicited_share: Rate,
    /// Base advocates with no annual capacity left on `as_of` / base.
    pub at_cap_share: Rate,
    /// Concentration on the busiest 5% of the base.
    pub concentration: ConcentrationKpi,
}

/// Every KPI: the opportunity ones, and the roster ones when a roster was given.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Kpis {
    /// From opportunities.
    #[serde(flatten)]
    pub opportunities: OpportunityKpis,
    /// From the roster; `null` without a roster.
    pub roster: Option<RosterKpis>,
}

/// Sums over a group of deals, from which its KPIs are computed.
#[derive(Debug, Clone, Default)]
pub(crate) struct Acc {
    created: u64,
    created_influenced: u64,
    /// Per currency index: influenced revenue, when any such deal.
    revenue: Vec<Option<i64>>,
    /// Per currency index: (referral part, total) of the pipeline created.
    pipeline: Vec<Option<(i64, i64)>>,
    won_with: u64,
    lost_with: u64,
    won_without: u64,
    lost_without: u64,
    ref_won: u64,
    ref_lost: u64,
    cycles_with: Vec<i32>,
    cycles_without: Vec<i32>,
}

fn slot<T: Default + Clone>(v: &mut Vec<T>, i: usize) -> &mut T {
    if v.len() <= i {
        v.resize(i + 1, T::default());
    }
    &mut v[i]
}

impl Acc {
    /// Adds the sums of another group of deals (counts, money per currency, cycles).
    pub(crate) fn merge(&mut self, o: Acc) {
        self.created += o.created;
        self.created_influenced += o.created_influenced;
        for (i, r) in o.revenue.into_iter().enumerate() {
            if let Some(u) = r {
                *slot(&mut self.revenue, i).get_or_insert(0) += u;
            }
        }
        for (i, p) in o.pipeline.into_iter().enumerate() {
            if let Some((part, total)) = p {
                let (a, b) = slot(&mut self.pipeline, i).get_or_insert((0, 0));
                *a += part;
                *b += total;
            }
        }
        self.won_with += o.won_with;
        self.lost_with += o.lost_with;
        self.won_without += o.won_without;
        self.lost_without += o.lost_without;
        self.ref_won += o.ref_won;
        self.ref_lost += o.ref_lost;
        self.cycles_with.extend(o.cycles_with);
        self.cycles_without.extend(o.cycles_without);
    }

    pub(crate) fn add(&mut self, d: &Prepared) {
        let cur = d.currency;
        if d.created_in {
            self.created += 1;
            self.created_influenced += u64::from(d.influenced);
            let (part, total) = slot(&mut self.pipeline, cur).get_or_insert((0, 0));
            *total += d.units;
            if d.referral_source {
                *part += d.units;
            }
        }
        if d.closed_in {
            let won = d.won;
            if d.influenced {
                if won {
                    self.won_with += 1;
                    *slot(&mut self.revenue, cur).get_or_insert(0) += d.units;
                    self.cycles_with.push(d.cycle);
                } else {
                    self.lost_with += 1;
                }
            } else if won {
                self.won_without += 1;
                self.cycles_without.push(d.cycle);
            } else {
                self.lost_without += 1;
            }
            if d.reference {
                if won {
                    self.ref_won += 1;
                } else {
                    self.ref_lost += 1;
                }
            }
        }
    }

    pub(crate) fn finish(mut self, currencies: &[String]) -> OpportunityKpis {
        let name = |i: usize| currencies.get(i).cloned().unwrap_or_default();
        let influenced_revenue = self
            .revenue
            .iter()
            .enumerate()
            .filter_map(|(i, r)| r.map(|u| (name(i), Money { units: u })))
            .collect();
        let referral_pipeline_share = self
            .pipeline
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                p.map(|(part, total)| {
                    #[allow(clippy::cast_precision_loss)]
                    let value = (total != 0).then(|| part as f64 / total as f64);
                    (
                        name(i),
                        MoneyShare {
                            part: Money { units: part },
                            total: Money { units: total },
                            value,
                        },
                    )
                })
            })
            .collect();
        let with = Rate::of(self.won_with, self.won_with + self.lost_with);
        let without = Rate::of(self.won_without, self.won_without + self.lost_without);
        let win_rate_lift = match (with.value, without.value) {
            (Some(w), Some(wo)) if wo != 0.0 => Some(w / wo - 1.0),
            _ => None,
        };
        let median_with = median(&mut self.cycles_with);
        let median_without = median(&mut self.cycles_without);
        let value = match (median_with, median_without) {
            (Some(w), Some(wo)) if wo != 0.0 => Some(1.0 - w / wo),
            _ => None,
        };
        OpportunityKpis {
            influenced_share: Rate::of(self.created_influenced, self.created),
            influenced_revenue,
            referral_pipeline_share,
            win_rate_with: with,
            win_rate_without: without,
            win_rate_lift,
            reference_close_rate: Rate::of(self.ref_won, self.ref_won + self.ref_lost),
            cycle_reduction: CycleReduction {
                median_with,
                median_without,
                value,
            },
        }
    }
}

/// The median; of an even count, the mean of the two middle values.
pub(crate) fn median(v: &mut [i32]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    // A selection, not a sort: the middle value, and the largest below it for an even count.
    let n = v.len();
    let (below, hi, _) = v.select_nth_unstable(n / 2);
    let hi = f64::from(*hi);
    if n % 2 == 1 {
        Some(hi)
    } else {
        let lo = f64::from(*below.iter().max()?);
        Some((lo + hi) / 2.0)
    }
}

/// Whether an activity is an ask: any kind, any status but `cancelled`.
pub(crate) fn is_ask(status: ActivityStatus) -> bool {
    status != ActivityStatus::Cancelled
}

/// The outcome of an ask dated `d` as of `today`: `Some(accepted)` when known.
pub(crate) fn outcome(status: ActivityStatus, d: Day, today: Day, lock: i32) -> Option<bool> {
    match status {
        ActivityStatus::Scheduled | ActivityStatus::Completed => Some(true),
        ActivityStatus::Declined | ActivityStatus::NoResponse => Some(false),
        ActivityStatus::Requested if today - d >= lock => Some(false),
        _ => None,
    }
}

/// Sums over the roster for the roster KPIs.
#[derive(Debug, Default)]
pub(crate) struct RosterAcc {
    pub references: u64,
    pub asks_known: u64,
    pub asks_accepted: u64,
    pub completed: u64,
    pub completed_unsolicited: u64,
    pub base: u64,
    pub at_cap: u64,
    /// Completed reference calls in the window, per base advocate.
    pub calls: Vec<u64>,
}

impl RosterAcc {
    /// Adds one advocate that is not erased; `in_base` and `at_cap` are decided by the caller.
    pub(crate) fn add(
        &mut self,
        a: &Advocate,
        period: (Day, Day),
        today: Day,
        lock: i32,
        window: i32,
        base: Option<bool>,
    ) {
        let mut calls = 0u64;
        for x in &a.activities {
            let d = day(x.date);
            let in_period = period.0 <= d && d <= period.1;
            let completed = x.status == ActivityStatus::Completed;
            if in_period {
                if completed {
                    self.completed += 1;
                    self.completed_unsolicited += u64::from(!x.solicited);
                    if x.kind == ActivityKind::ReferenceCall {
                        self.references += 1;
                    }
                }
                if is_ask(x.status) {
                    if let Some(acc) = outcome(x.status, d, today, lock) {
                        self.asks_known += 1;
                        self.asks_accepted += u64::from(acc);
                    }
                }
            }
            if completed
                && x.kind == ActivityKind::ReferenceCall
                && d <= today
                && d > today - window
            {
                calls += 1;
            }
        }
        if let Some(at_cap) = base {
            self.base += 1;
            self.at_cap += u64::from(at_cap);
            self.calls.push(calls);
        }
    }

    pub(crate) fn finish(mut self) -> RosterKpis {
        self.calls.sort_unstable_by(|x, y| y.cmp(x));
        let busiest = self.base.div_ceil(20);
        let total: u64 = self.calls.iter().sum();
        let top: u64 = self
            .calls
            .iter()
            .take(usize::try_from(busiest).unwrap_or(usize::MAX))
            .sum();
        RosterKpis {
            references_provided: self.references,
            response_rate: Rate::of(self.asks_accepted, self.asks_known),
            unsolicited_share: Rate::of(self.completed_unsolicited, self.completed),
            at_cap_share: Rate::of(self.at_cap, self.base),
            concentration: ConcentrationKpi {
                reference_calls: total,
                busiest_advocates: busiest,
                busiest_calls: top,
                #[allow(clippy::cast_precision_loss)]
                value: (total > 0).then(|| top as f64 / total as f64),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_of_odd_and_even_counts() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [30]), Some(30.0));
        assert_eq!(median(&mut [50, 10, 30]), Some(30.0));
        assert_eq!(median(&mut [40, 10, 30, 20]), Some(25.0));
        assert_eq!(median(&mut [10, 11]), Some(10.5));
    }

    #[test]
    fn requested_asks_are_known_once_the_lock_has_passed() {
        let st = ActivityStatus::Requested;
        assert_eq!(outcome(st, 100, 113, 14), None);
        assert_eq!(outcome(st, 100, 114, 14), Some(false));
        assert_eq!(outcome(ActivityStatus::Scheduled, 100, 100, 14), Some(true));
        assert!(!is_ask(ActivityStatus::Cancelled));
    }

    #[test]
    fn empty_denominators_are_null() {
        assert_eq!(Rate::of(0, 0).value, None);
        assert_eq!(Rate::of(0, 3).value, Some(0.0));
    }
}
