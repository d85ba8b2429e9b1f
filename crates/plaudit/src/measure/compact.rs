//! A measurement whose long row lists stay compact: advocates as ranks, deals as indices
//! into the [`Columns`] measured, credits as `(advocate rank, units)`. The public
//! [`Measurement`] is built from it (its `String`s made once, when asked for), and a door
//! writes the rows out as columns straight from the interned names.

use super::columns::Columns;
use super::opportunity::Stage;
use super::sums::{AdvAcc, Row};
use super::{AdvocateAttribution, Credit, Measurement, Money, OpportunityAttribution};

/// Every figure of a measurement, the per-advocate and per-opportunity rows compact (the
/// summary's lists of them are empty).
#[derive(Debug, Clone)]
pub(crate) struct Parts {
    /// The measurement without its per-advocate and per-opportunity rows.
    pub summary: Measurement,
    /// The measured currencies, in byte order of their codes.
    pub currencies: Vec<String>,
    /// The interned advocate of each rank.
    pub by_rank: Vec<u32>,
    /// The per-advocate rows in their order: `(rank, erased)`.
    pub advocates: Vec<(u32, bool)>,
    /// By rank.
    pub advs: Vec<AdvAcc>,
    /// By rank x currency.
    pub attributed: Vec<Option<i64>>,
    /// The per-opportunity rows, by id.
    pub rows: Vec<Row>,
    /// `(advocate rank, units)` of the rows.
    pub credits: Vec<(u32, i64)>,
}

impl Parts {
    /// The advocate id of rank `r`.
    fn advocate<'a>(&'a self, cols: &'a Columns, r: u32) -> &'a str {
        cols.advocates
            .name(self.by_rank.get(r as usize).copied().unwrap_or(u32::MAX))
    }

    fn advocate_row<'a>(&'a self, cols: &'a Columns, (r, erased): (u32, bool)) -> AdvocateRow<'a> {
        let ncur = self.currencies.len();
        let r = r as usize;
        let acc = self.advs.get(r).copied().unwrap_or_default();
        let shown = |v: u64| (!erased).then_some(v);
        AdvocateRow {
            id: self.advocate(cols, r as u32),
            erased,
            deals_influenced: shown(acc.influenced),
            deals_won: shown(acc.won),
            referrals_sourced: shown(acc.sourced),
            referrals_won: shown(acc.referrals_won),
            money: if erased {
                None
            } else {
                self.attributed.get(r * ncur..(r + 1) * ncur)
            },
            currencies: &self.currencies,
        }
    }

    fn opportunity_row<'a>(&'a self, cols: &'a Columns, r: &'a Row) -> OpportunityRow<'a> {
        let i = r.deal as usize;
        OpportunityRow {
            id: cols.id(i),
            stage: if r.open {
                Stage::Open
            } else {
                cols.stage.get(i).copied().unwrap_or(Stage::Open)
            },
            currency: self
                .currencies
                .get(r.currency as usize)
                .map_or("", String::as_str),
            amount: Money { units: r.units },
            created_in_period: r.created_in,
            closed_in_period: r.closed_in,
            credits: self.credits.get(r.credits.0..r.credits.1).unwrap_or(&[]),
            parts: self,
            cols,
        }
    }

    /// The public measurement: every row with its `String`s.
    pub(crate) fn into_measurement(self, cols: &Columns) -> Measurement {
        let per_advocate = self
            .advocates
            .iter()
            .map(|&a| self.advocate_row(cols, a).to_attribution())
            .collect();
        let per_opportunity = self
            .rows
            .iter()
            .map(|r| self.opportunity_row(cols, r).to_attribution())
            .collect();
        Measurement {
            per_advocate,
            per_opportunity,
            ..self.summary
        }
    }
}

/// A measurement whose per-advocate and per-opportunity rows are kept compact, with the
/// [`Columns`] they index (see [`crate::Engine::measure_compact`]): read them as borrowed
/// rows ([`CompactMeasurement::advocate_rows`], [`CompactMeasurement::opportunity_rows`]),
/// or as the records of a [`Measurement`].
#[derive(Debug, Clone)]
pub struct CompactMeasurement {
    parts: Parts,
    columns: Columns,
}

impl CompactMeasurement {
    pub(crate) fn new(parts: Parts, columns: Columns) -> Self {
        CompactMeasurement { parts, columns }
    }

    /// Everything measured but the rows: `per_advocate` and `per_opportunity` are empty.
    pub fn summary(&self) -> &Measurement {
        &self.parts.summary
    }

    /// The per-advocate rows, in the order of [`Measurement::per_advocate`].
    pub fn advocate_rows(&self) -> impl ExactSizeIterator<Item = AdvocateRow<'_>> + '_ {
        self.parts
            .advocates
            .iter()
            .map(|&a| self.parts.advocate_row(&self.columns, a))
    }

    /// The per-opportunity rows, in the order of [`Measurement::per_opportunity`].
    pub fn opportunity_rows(&self) -> impl ExactSizeIterator<Item = OpportunityRow<'_>> + '_ {
        self.parts
            .rows
            .iter()
            .map(|r| self.parts.opportunity_row(&self.columns, r))
    }

    /// [`Measurement::per_advocate`], built.
    pub fn per_advocate(&self) -> Vec<AdvocateAttribution> {
        self.advocate_rows().map(|r| r.to_attribution()).collect()
    }

    /// [`Measurement::per_opportunity`], built.
    pub fn per_opportunity(&self) -> Vec<OpportunityAttribution> {
        self.opportunity_rows()
            .map(|r| r.to_attribution())
            .collect()
    }

    /// The [`Measurement`] with every row (what [`crate::Engine::measure_columns`] gives).
    pub fn into_measurement(self) -> Measurement {
        let CompactMeasurement { parts, columns } = self;
        parts.into_measurement(&columns)
    }
}

/// One row of [`Measurement::per_advocate`], borrowed (see [`AdvocateAttribution`]): the
/// figures are `None` for an erased advocate.
#[derive(Debug, Clone, Copy)]
pub struct AdvocateRow<'a> {
    /// Advocate id.
    pub id: &'a str,
    /// The advocate asked to be forgotten: no figure is shown.
    pub erased: bool,
    /// Deals created in the period with a counting touch of the advocate.
    pub deals_influenced: Option<u64>,
    /// Deals it influenced that were won and closed in the period.
    pub deals_won: Option<u64>,
    /// Deals created in the period with the advocate as referral source.
    pub referrals_sourced: Option<u64>,
    /// Deals it referred that were won and closed in the period.
    pub referrals_won: Option<u64>,
    money: Option<&'a [Option<i64>]>,
    currencies: &'a [String],
}

impl<'a> AdvocateRow<'a> {
    /// The attributed amount per currency, in byte order of the codes (nothing for an
    /// erased advocate): the entries of [`AdvocateAttribution::attributed`].
    pub fn attributed(&self) -> impl Iterator<Item = (&'a str, Money)> + use<'a> {
        let currencies = self.currencies;
        self.money
            .unwrap_or(&[])
            .iter()
            .enumerate()
            .filter_map(move |(c, units)| {
                units.map(|units| {
                    (
                        currencies.get(c).map_or("", String::as_str),
                        Money { units },
                    )
                })
            })
    }

    /// The row as the record of [`Measurement::per_advocate`].
    pub fn to_attribution(&self) -> AdvocateAttribution {
        AdvocateAttribution {
            id: self.id.to_owned(),
            erased: self.erased,
            deals_influenced: self.deals_influenced,
            deals_won: self.deals_won,
            attributed: (!self.erased)
                .then(|| self.attributed().map(|(c, m)| (c.to_owned(), m)).collect()),
            referrals_sourced: self.referrals_sourced,
            referrals_won: self.referrals_won,
        }
    }
}

/// One row of [`Measurement::per_opportunity`], borrowed (see [`OpportunityAttribution`]).
#[derive(Debug, Clone, Copy)]
pub struct OpportunityRow<'a> {
    /// Opportunity id.
    pub id: &'a str,
    /// The stage as of `as_of` (a deal closing after `as_of` is open).
    pub stage: Stage,
    /// Its currency.
    pub currency: &'a str,
    /// Its amount.
    pub amount: Money,
    /// Created in the period.
    pub created_in_period: bool,
    /// Closed in the period.
    pub closed_in_period: bool,
    credits: &'a [(u32, i64)],
    parts: &'a Parts,
    cols: &'a Columns,
}

impl<'a> OpportunityRow<'a> {
    /// The credits `(advocate id, amount)`, by advocate id: the entries of
    /// [`OpportunityAttribution::credits`].
    pub fn credits(&self) -> impl ExactSizeIterator<Item = (&'a str, Money)> + use<'a> {
        let (parts, cols) = (self.parts, self.cols);
        self.credits
            .iter()
            .map(move |&(a, units)| (parts.advocate(cols, a), Money { units }))
    }

    /// The row as the record of [`Measurement::per_opportunity`].
    pub fn to_attribution(&self) -> OpportunityAttribution {
        OpportunityAttribution {
            id: self.id.to_owned(),
            stage: self.stage,
            currency: self.currency.to_owned(),
            amount: self.amount,
            created_in_period: self.created_in_period,
            closed_in_period: self.closed_in_period,
            credits: self
                .credits()
                .map(|(a, amount)| Credit {
                    advocate_id: a.to_owned(),
                    amount,
                })
                .collect(),
        }
    }
}
