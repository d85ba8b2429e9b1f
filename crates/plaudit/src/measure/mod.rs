//! Program measurement: is the program worth it, and is it healthy?
//!
//! From the deals the CRM holds ([`Opportunity`]) and, optionally, the roster:
//! attribution of won revenue to advocates without double counting (exact in minor units),
//! the KPIs with breakdowns by segment, region, industry and product, the participation
//! funnel, outreach experiments and the scorecard. Every rule and choice is written in
//! docs/measurement.md.

mod attribution;
mod experiments;
mod funnel;
mod kpis;
mod opportunity;
mod scorecard;

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use experiments::{VariantResult, WILSON_Z, wilson};
pub use funnel::{FunnelStep, FunnelStepName};
pub use kpis::{
    ConcentrationKpi, CycleReduction, Kpis, MoneyShare, OpportunityKpis, Rate, RosterKpis,
};
pub use opportunity::{
    MAX_AMOUNT, MAX_TOUCHES, Opportunity, Source, SourceKind, Stage, Touch, check_opportunities,
    parse_opportunities,
};
pub use scorecard::{ScoreLine, Scorecard, Status, attainment, status};

use crate::error::{ErrorCode, FieldError, RecordError};
use crate::input::dates::{Day, day};
use crate::input::records::{ActivityKind, ActivityStatus};
use crate::macros::string_enum;
use crate::policy::{AttributionModel, KpiName};
use crate::population::roster::Roster;
use attribution::Counted;

/// An amount of money, exact in minor units (two digits for every currency). Serialized as
/// `{"units": 123456, "amount": "1234.56"}`: the integer to compute with, the decimal to
/// show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money {
    /// Minor units (cents).
    pub units: i64,
}

impl Money {
    /// The decimal text, two digits after the point (`-0.05`, `1234.56`).
    pub fn decimal(&self) -> String {
        let sign = if self.units < 0 { "-" } else { "" };
        let u = self.units.unsigned_abs();
        format!("{sign}{}.{:02}", u / 100, u % 100)
    }

    /// The amount in major units, as a float (for ratios and targets).
    pub fn major(&self) -> f64 {
        #[allow(clippy::cast_precision_loss)]
        let u = self.units as f64;
        u / 100.0
    }
}

impl Serialize for Money {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Money", 2)?;
        st.serialize_field("units", &self.units)?;
        st.serialize_field("amount", &self.decimal())?;
        st.end()
    }
}

/// The shape `Money` serializes to, for the JSON Schema (and the TypeScript types).
#[cfg(feature = "schema")]
#[derive(schemars::JsonSchema)]
#[allow(dead_code)]
struct MoneyShape {
    /// Minor units (cents): the integer to compute with.
    units: i64,
    /// The decimal text, two digits after the point: the amount to show.
    amount: String,
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Money {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Money".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        MoneyShape::json_schema(generator)
    }
}

/// The period measured and the date it is measured on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Period {
    /// First day (inclusive).
    pub from: NaiveDate,
    /// Last day (inclusive).
    pub to: NaiveDate,
    /// The date of the measurement (`>= to`): touches up to it count.
    pub as_of: NaiveDate,
}

/// One advocate's figures. An erased advocate's row carries only its id and `erased`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AdvocateAttribution {
    /// Advocate id.
    pub id: String,
    /// The advocate asked to be forgotten: no figure is shown (totals still include its
    /// credits).
    pub erased: bool,
    /// Deals created in the period with a counting touch of the advocate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deals_influenced: Option<u64>,
    /// Deals it influenced that were won and closed in the period.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deals_won: Option<u64>,
    /// Attributed amount per currency.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attributed: Option<BTreeMap<String, Money>>,
    /// Deals created in the period with the advocate as referral source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub referrals_sourced: Option<u64>,
    /// Deals it referred that were won and closed in the period.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub referrals_won: Option<u64>,
}

/// One advocate's credit on a deal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Credit {
    /// Advocate id.
    pub advocate_id: String,
    /// Its share of the amount (0 for the others under first or last touch).
    pub amount: Money,
}

/// One influenced deal created or closed in the period.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct OpportunityAttribution {
    /// Opportunity id.
    pub id: String,
    /// The stage as of `as_of` (a deal closing after `as_of` is open).
    pub stage: Stage,
    /// Its currency.
    pub currency: String,
    /// Its amount.
    pub amount: Money,
    /// Created in the period.
    pub created_in_period: bool,
    /// Closed in the period.
    pub closed_in_period: bool,
    /// Every advocate with a counting touch, by id; credits add up to the amount when the
    /// deal was won in the period, and are 0 otherwise.
    pub credits: Vec<Credit>,
}

/// KPIs of the deals of one breakdown key.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BreakdownRow {
    /// The key; `null` for deals without one (no segment, no product, a country in no
    /// region).
    pub key: Option<String>,
    /// The opportunity KPIs of those deals.
    pub kpis: OpportunityKpis,
}

string_enum! {
    /// What a breakdown groups by.
    pub enum Dimension {
        /// Company size segment.
        Segment => "segment",
        /// Region of the deal's country.
        Region => "region",
        /// Industry key.
        Industry => "industry",
        /// Product key (a deal with two products counts in both rows).
        Product => "product",
    }
}

/// The opportunity KPIs broken down by one dimension.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Breakdown {
    /// The dimension.
    pub dimension: Dimension,
    /// Whether the rows add up to the total (false for products: a deal with two products
    /// counts in both rows).
    pub adds_up: bool,
    /// One row per key, keys in byte order, the `null` key last.
    pub rows: Vec<BreakdownRow>,
}

string_enum! {
    /// Code of a measurement warning.
    pub enum MeasureWarningCode {
        /// An advocate credited or counted is not in the roster (reported once per id).
        UnknownAdvocate => "unknown_advocate",
        /// The deals measured are in more than one currency: money figures are per
        /// currency and never added across currencies.
        MixedCurrencies => "mixed_currencies",
    }
}

/// Something the reader of a measurement should know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MeasureWarning {
    /// Stable code.
    pub code: MeasureWarningCode,
    /// The advocate id or the currencies concerned.
    pub subject: String,
    /// Lowercase human message.
    pub message: String,
}

/// Everything measured for a period (see [`crate::Engine::measure`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Measurement {
    /// Policy fingerprint.
    pub policy: String,
    /// The period and `as_of`.
    pub period: Period,
    /// The currency of the scorecard and the per-advocate order.
    pub currency: String,
    /// The attribution model used.
    pub attribution: AttributionModel,
    /// Advocates with at least one non-zero figure, by attributed amount in `currency`
    /// (descending), then id; erased advocates last, by id.
    pub per_advocate: Vec<AdvocateAttribution>,
    /// Influenced deals created or closed in the period, by id.
    pub per_opportunity: Vec<OpportunityAttribution>,
    /// Every KPI.
    pub kpis: Kpis,
    /// Opportunity KPIs by segment, region, industry and product.
    pub breakdowns: Vec<Breakdown>,
    /// The participation funnel; `null` without a roster.
    pub funnel: Option<Vec<FunnelStep>>,
    /// Response rate per outreach variant (empty without a roster).
    pub experiments: Vec<VariantResult>,
    /// KPIs against their targets.
    pub scorecard: Scorecard,
    /// Unknown advocates, mixed currencies.
    pub warnings: Vec<MeasureWarning>,
}

/// A qualified deal, prepared for the figures.
#[derive(Debug)]
pub(crate) struct Prepared<'a> {
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
    pub touches: Vec<Counted<'a>>,
}

/// Per-advocate sums.
#[derive(Debug, Default)]
struct AdvAcc {
    influenced: u64,
    won: u64,
    /// Attributed units by interned currency (`None`: no won deal in that currency).
    attributed: Vec<Option<i64>>,
    sourced: u64,
    referrals_won: u64,
}

impl AdvAcc {
    fn merge(&mut self, other: AdvAcc) {
        self.influenced += other.influenced;
        self.won += other.won;
        self.sourced += other.sourced;
        self.referrals_won += other.referrals_won;
        if self.attributed.len() < other.attributed.len() {
            self.attributed.resize(other.attributed.len(), None);
        }
        for (mine, theirs) in self.attributed.iter_mut().zip(other.attributed) {
            if let Some(u) = theirs {
                *mine.get_or_insert(0) += u;
            }
        }
    }

    fn any(&self) -> bool {
        self.influenced > 0
            || self.won > 0
            || self.sourced > 0
            || self.referrals_won > 0
            || self.attributed.iter().any(|u| u.is_some_and(|u| u != 0))
    }
}

/// Checks the period and every opportunity (paths `period`, `as_of`, `opportunities[i]...`).
fn validate(
    opportunities: &[Opportunity],
    period: (NaiveDate, NaiveDate),
    as_of: NaiveDate,
) -> Result<(), RecordError> {
    let mut errors = Vec::new();
    if period.0 > period.1 {
        errors.push(FieldError::new(
            "period.from",
            ErrorCode::InvalidRange,
            format!("{} is after `period.to` ({})", period.0, period.1),
        ));
    }
    if as_of < period.1 {
        errors.push(FieldError::new(
            "as_of",
            ErrorCode::InvalidRange,
            format!("{as_of} is before `period.to` ({})", period.1),
        ));
    }
    opportunity::validate_all(opportunities, &mut errors);
    errors.truncate(crate::MAX_REPORTED_ERRORS);
    RecordError::from_errors(errors)
}

impl crate::Engine {
    /// Measures the program over `period` (`[from, to]`, inclusive) as of `as_of >= to`:
    /// attribution of won revenue per advocate and per deal, the KPIs and their breakdowns,
    /// the funnel, outreach experiments, the scorecard and warnings. Deals created in the
    /// period drive pipeline figures, deals closed in it win and revenue figures; touches
    /// count up to the close (or `as_of`) whatever the period. Without a roster, the roster
    /// KPIs, the funnel and the experiments are left out.
    ///
    /// Errors: `period.from` after `period.to`, `as_of` before `period.to`, and every bad
    /// opportunity field (an open deal with a `closed_on`, a won one without...), each with
    /// its path.
    ///
    /// ```
    /// use plaudit::{Engine, parse_opportunities};
    /// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let deals = parse_opportunities(r#"[
    ///   {"id": "o1", "created_on": "2026-01-10", "closed_on": "2026-03-01", "stage": "won",
    ///    "amount": 1000.01, "touches": [
    ///      {"advocate_id": "a", "kind": "reference_call", "on": "2026-02-01"},
    ///      {"advocate_id": "b", "kind": "case_study", "on": "2026-02-03", "solicited": false}]},
    ///   {"id": "o2", "created_on": "2026-01-20", "closed_on": "2026-02-20", "stage": "lost",
    ///    "amount": 500}
    /// ]"#).unwrap();
    /// let m = Engine::default()
    ///     .measure(&deals, None, (d("2026-01-01"), d("2026-03-31")), d("2026-04-01"))
    ///     .unwrap();
    /// // Linear: b's touch was unsolicited, so b weighs 1.5 against a's 1.
    /// let credits: Vec<(&str, i64)> = m.per_advocate.iter()
    ///     .map(|r| (r.id.as_str(), r.attributed.as_ref().unwrap()["USD"].units))
    ///     .collect();
    /// assert_eq!(credits, [("b", 60001), ("a", 40000)]);
    /// assert_eq!(m.kpis.opportunities.influenced_share.value, Some(0.5));
    /// assert_eq!(m.kpis.opportunities.win_rate_with.value, Some(1.0));
    /// ```
    pub fn measure(
        &self,
        opportunities: &[Opportunity],
        roster: Option<&Roster>,
        period: (NaiveDate, NaiveDate),
        as_of: NaiveDate,
    ) -> Result<Measurement, RecordError> {
        validate(opportunities, period, as_of)?;
        Ok(measure(self, opportunities, roster, period, as_of))
    }

    /// [`Engine::measure`] over opportunities that [`check_opportunities`] has accepted
    /// (what the table door reads): only the period and `as_of` are checked, as the records
    /// were checked already (a million deals are not validated twice).
    pub fn measure_checked(
        &self,
        opportunities: &[Opportunity],
        roster: Option<&Roster>,
        period: (NaiveDate, NaiveDate),
        as_of: NaiveDate,
    ) -> Result<Measurement, RecordError> {
        validate(&[], period, as_of)?;
        Ok(measure(self, opportunities, roster, period, as_of))
    }
}

/// Where a deal's touches count: from `created_on - lookback` to the close (or `as_of`).
fn prepare<'a>(
    o: &'a Opportunity,
    currency: usize,
    (from, to, today): (Day, Day, Day),
    lookback: i32,
    mut touches: Vec<Counted<'a>>,
) -> Prepared<'a> {
    let created = day(o.created_on);
    // A deal closing after `as_of` is treated as open.
    let closed = o.closed_on.map(day).filter(|&c| c <= today);
    let end = closed.unwrap_or(today);
    let start = created - lookback;
    touches.clear();
    touches.extend(o.touches.iter().filter_map(|t| {
        let on = day(t.on);
        (start <= on && on <= end).then_some(Counted {
            advocate: t.advocate_id.as_str(),
            on,
            solicited: t.solicited,
            kind: t.kind,
        })
    }));
    let source = o.source.as_ref();
    let referral_source = source.is_some_and(|s| s.kind == SourceKind::Referral);
    if let Some(a) = source
        .filter(|s| s.kind == SourceKind::Referral)
        .and_then(|s| s.advocate_id.as_deref())
    {
        // The lookback never excludes the referral touch; it still cannot be after `as_of`.
        if created <= end {
            touches.push(Counted {
                advocate: a,
                on: created,
                solicited: true,
                kind: ActivityKind::Referral,
            });
        }
    }
    let won = closed.is_some() && o.stage == Stage::Won;
    Prepared {
        currency,
        units: o.amount_units().unwrap_or(0),
        won,
        closed_in: closed.is_some_and(|c| from <= c && c <= to),
        created_in: from <= created && created <= to,
        influenced: !touches.is_empty(),
        reference: touches
            .iter()
            .any(|t| t.kind == ActivityKind::ReferenceCall),
        referral_source,
        cycle: closed.map_or(0, |c| c - created),
        closed,
        touches,
    }
}

/// What the sums over deals need to know, shared by every chunk of deals.
struct Deals<'p> {
    currencies: &'p [String],
    codes: &'p [&'p str],
    home_currency: &'p str,
    regions: &'p FxHashMap<&'p str, &'p str>,
    window: (Day, Day, Day),
    lookback: i32,
    unsolicited: (f64, Option<(i128, i128)>),
    model: AttributionModel,
    half_life_days: u32,
}

/// Sums over a run of deals; the sums of two runs merge into the sums of both (what the
/// chunks of a parallel run, or the parts of a distributed one, do).
#[derive(Default)]
struct Sums<'a> {
    total: kpis::Acc,
    dims: [FxHashMap<Option<&'a str>, kpis::Acc>; 4],
    advs: FxHashMap<&'a str, AdvAcc>,
    per_opportunity: Vec<OpportunityAttribution>,
    used: Vec<bool>,
}

impl<'a> Sums<'a> {
    fn merge(mut self, other: Sums<'a>) -> Sums<'a> {
        self.total.merge(other.total);
        for (mine, theirs) in self.dims.iter_mut().zip(other.dims) {
            for (k, acc) in theirs {
                mine.entry(k).or_default().merge(acc);
            }
        }
        for (k, acc) in other.advs {
            self.advs.entry(k).or_default().merge(acc);
        }
        self.per_opportunity.extend(other.per_opportunity);
        if self.used.len() < other.used.len() {
            self.used.resize(other.used.len(), false);
        }
        for (u, o) in self.used.iter_mut().zip(other.used) {
            *u |= o;
        }
        self
    }
}

/// Deals per chunk: the sums of each chunk are merged (in parallel with the `parallel`
/// feature).
const CHUNK: usize = 32_768;

impl<'a> Deals<'a> {
    /// The sums over every deal, as merged sums of chunks of `chunk` deals: on rayon's pool
    /// with the `parallel` feature. The merged sums are the same whatever the chunks.
    fn sum_all(&self, opportunities: &'a [Opportunity], chunk: usize) -> Sums<'a> {
        let chunk = chunk.max(1);
        #[cfg(feature = "parallel")]
        {
            use rayon::prelude::*;
            opportunities
                .par_chunks(chunk)
                .map(|c| self.sum(c))
                .reduce(Sums::default, Sums::merge)
        }
        #[cfg(not(feature = "parallel"))]
        {
            opportunities
                .chunks(chunk)
                .map(|c| self.sum(c))
                .fold(Sums::default(), Sums::merge)
        }
    }

    fn cur_of(&self, o: &Opportunity) -> usize {
        let c = o.currency.as_deref().unwrap_or(self.home_currency);
        self.codes.binary_search(&c).unwrap_or(0)
    }

    /// The sums over a run of deals.
    fn sum(&self, opportunities: &'a [Opportunity]) -> Sums<'a> {
        let Deals {
            currencies,
            regions,
            window: (from, to, today),
            lookback,
            unsolicited,
            ..
        } = *self;
        let mut total = kpis::Acc::default();
        // Hash maps with a fast hash (keys are short ids, not attacker-chosen in a pure call
        // over the caller's own data); every list built from them is sorted afterwards.
        let mut dims: [FxHashMap<Option<&str>, kpis::Acc>; 4] = Default::default();
        let mut advs: FxHashMap<&str, AdvAcc> = FxHashMap::default();
        let mut per_opportunity = Vec::new();
        let mut used_currencies = vec![false; currencies.len()];
        // One touch buffer, one credit buffer and the split's buffers for every deal.
        let mut buffer: Vec<Counted<'_>> = Vec::new();
        let mut credits: Vec<(&str, i64)> = Vec::new();
        let mut scratch = attribution::Scratch::default();
        for o in opportunities.iter().filter(|o| o.qualified) {
            let d = prepare(
                o,
                self.cur_of(o),
                (from, to, today),
                lookback,
                std::mem::take(&mut buffer),
            );
            if !(d.created_in || d.closed_in) {
                buffer = d.touches;
                continue;
            }
            if let Some(u) = used_currencies.get_mut(d.currency) {
                *u = true;
            }
            total.add(&d);
            let region = o.country.as_deref().and_then(|c| regions.get(c).copied());
            let keys = [o.segment.map(|s| s.as_str()), region, o.industry.as_deref()];
            for (dim, key) in dims.iter_mut().zip(keys) {
                dim.entry(key).or_default().add(&d);
            }
            let [.., products] = &mut dims;
            if o.products.is_empty() {
                products.entry(None).or_default().add(&d);
            } else {
                // Each product once, however often the deal lists it.
                for (i, p) in o.products.iter().enumerate() {
                    if !o.products[..i].contains(p) {
                        products.entry(Some(p.as_str())).or_default().add(&d);
                    }
                }
            }

            // Referral sourcing (created in the period; won and closed in it).
            if let Some(a) = o
                .source
                .as_ref()
                .filter(|s| s.kind == SourceKind::Referral)
                .and_then(|s| s.advocate_id.as_deref())
            {
                let acc = advs.entry(a).or_default();
                acc.sourced += u64::from(d.created_in);
                acc.referrals_won += u64::from(d.won && d.closed_in);
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
                    unsolicited,
                    self.half_life_days,
                    &mut scratch,
                    &mut credits,
                );
            } else {
                attribution::zero_into(&d.touches, &mut scratch, &mut credits);
            }
            let mut row = Vec::with_capacity(credits.len());
            for &(id, units) in &credits {
                let acc = advs.entry(id).or_default();
                row.push(Credit {
                    advocate_id: id.to_owned(),
                    amount: Money { units },
                });
                acc.influenced += u64::from(d.created_in);
                if attributed {
                    acc.won += 1;
                    if acc.attributed.len() <= d.currency {
                        acc.attributed.resize(d.currency + 1, None);
                    }
                    if let Some(slot) = acc.attributed.get_mut(d.currency) {
                        *slot.get_or_insert(0) += units;
                    }
                }
            }
            per_opportunity.push(OpportunityAttribution {
                id: o.id.clone(),
                stage: if d.closed.is_some() {
                    o.stage
                } else {
                    Stage::Open
                },
                currency: currencies.get(d.currency).cloned().unwrap_or_default(),
                amount: Money { units: d.units },
                created_in_period: d.created_in,
                closed_in_period: d.closed_in,
                credits: row,
            });
            buffer = d.touches;
        }
        Sums {
            total,
            dims,
            advs,
            per_opportunity,
            used: used_currencies,
        }
    }
}

fn measure(
    engine: &crate::Engine,
    opportunities: &[Opportunity],
    roster: Option<&Roster>,
    period: (NaiveDate, NaiveDate),
    as_of: NaiveDate,
) -> Measurement {
    // Serially, one run over every deal: chunks only pay for the merging of their sums.
    let chunk = if cfg!(feature = "parallel") {
        CHUNK
    } else {
        usize::MAX
    };
    measure_in_chunks(engine, opportunities, roster, period, as_of, chunk)
}

/// [`measure`] with the deals summed in chunks of `chunk`.
fn measure_in_chunks(
    engine: &crate::Engine,
    opportunities: &[Opportunity],
    roster: Option<&Roster>,
    period: (NaiveDate, NaiveDate),
    as_of: NaiveDate,
    chunk: usize,
) -> Measurement {
    let policy = engine.policy();
    let mp = &policy.measurement;
    let (from, to, today) = (day(period.0), day(period.1), day(as_of));
    let lookback = i32::try_from(mp.attribution_lookback_days).unwrap_or(i32::MAX);
    let unsolicited = (
        policy.tiers.unsolicited_multiplier,
        attribution::exact_weight(policy.tiers.unsolicited_multiplier),
    );

    // Currencies interned in byte order of their codes, so every list built from them is
    // in that order whatever the input order.
    let mut distinct: rustc_hash::FxHashSet<&str> = rustc_hash::FxHashSet::default();
    distinct.insert(mp.currency.as_str());
    for o in opportunities.iter().filter(|o| o.qualified) {
        if let Some(c) = &o.currency {
            distinct.insert(c.as_str());
        }
    }
    let mut codes: Vec<&str> = distinct.into_iter().collect();
    codes.sort_unstable();
    let currencies: Vec<String> = codes.iter().map(|s| (*s).to_owned()).collect();
    let home = codes.binary_search(&mp.currency.as_str()).unwrap_or(0);

    let regions: FxHashMap<&str, &str> = policy
        .regions
        .iter()
        .flat_map(|(r, list)| list.iter().map(move |c| (c.as_str(), r.as_str())))
        .collect();

    let deals = Deals {
        currencies: &currencies,
        codes: &codes,
        home_currency: &mp.currency,
        regions: &regions,
        window: (from, to, today),
        lookback,
        unsolicited,
        model: mp.attribution,
        half_life_days: mp.half_life_days,
    };
    let Sums {
        total,
        dims,
        advs,
        per_opportunity,
        used: used_currencies,
    } = deals.sum_all(opportunities, chunk);
    let per_opportunity = by_id(per_opportunity, |o| &o.id);

    // Per advocate, with erasure and unknown ids from the roster.
    let mut warnings = Vec::new();
    let mut rows: Vec<(i64, AdvocateAttribution)> = Vec::new();
    for (id, acc) in advs.iter().filter(|(_, a)| a.any()) {
        let known = roster.map(|r| r.get(id));
        if let Some(None) = known {
            warnings.push(MeasureWarning {
                code: MeasureWarningCode::UnknownAdvocate,
                subject: (*id).to_owned(),
                message: format!("advocate `{id}` is not in the roster; it is still credited"),
            });
        }
        let erased = matches!(known, Some(Some(a)) if a.erasure_requested);
        let key = acc.attributed.get(home).copied().flatten().unwrap_or(0);
        let row = if erased {
            AdvocateAttribution {
                id: (*id).to_owned(),
                erased: true,
                deals_influenced: None,
                deals_won: None,
                attributed: None,
                referrals_sourced: None,
                referrals_won: None,
            }
        } else {
            AdvocateAttribution {
                id: (*id).to_owned(),
                erased: false,
                deals_influenced: Some(acc.influenced),
                deals_won: Some(acc.won),
                attributed: Some(
                    acc.attributed
                        .iter()
                        .enumerate()
                        .filter_map(|(c, units)| {
                            units.map(|units| {
                                (
                                    currencies.get(c).cloned().unwrap_or_default(),
                                    Money { units },
                                )
                            })
                        })
                        .collect(),
                ),
                referrals_sourced: Some(acc.sourced),
                referrals_won: Some(acc.referrals_won),
            }
        };
        rows.push((if erased { i64::MIN } else { key }, row));
    }
    // Most advocates tie on the amount (0 in the currency): sort plain keys (erased, the
    // amount descending, the ids' first bytes as one integer, the row) and compare whole
    // ids only where those first bytes tie.
    let mut keys: Vec<(bool, std::cmp::Reverse<i64>, u128, u32)> = rows
        .iter()
        .enumerate()
        .map(|(i, (k, r))| (r.erased, std::cmp::Reverse(*k), prefix(&r.id), i as u32))
        .collect();
    keys.sort_unstable_by(|a, b| {
        (a.0, a.1, a.2).cmp(&(b.0, b.1, b.2)).then_with(|| {
            let (x, y) = (&rows[a.3 as usize].1, &rows[b.3 as usize].1);
            x.id.cmp(&y.id)
        })
    });
    let mut slots: Vec<Option<AdvocateAttribution>> =
        rows.into_iter().map(|(_, r)| Some(r)).collect();
    let per_advocate: Vec<AdvocateAttribution> = keys
        .iter()
        .filter_map(|k| slots.get_mut(k.3 as usize).and_then(Option::take))
        .collect();

    let used: Vec<&str> = currencies
        .iter()
        .zip(&used_currencies)
        .filter(|(_, u)| **u)
        .map(|(c, _)| c.as_str())
        .collect();
    if used.len() > 1 {
        let list = used.join(", ");
        warnings.push(MeasureWarning {
            code: MeasureWarningCode::MixedCurrencies,
            subject: list.clone(),
            message: format!(
                "the deals are in {} currencies ({list}); money is reported per currency and \
                 scored in {}",
                used.len(),
                mp.currency
            ),
        });
    }
    warnings.sort_by(|a, b| a.code.cmp(&b.code).then_with(|| a.subject.cmp(&b.subject)));

    let breakdowns: Vec<Breakdown> = Dimension::ALL
        .iter()
        .zip(dims)
        .map(|(&dimension, groups)| {
            let mut groups: Vec<(Option<&str>, kpis::Acc)> = groups.into_iter().collect();
            // Keys in byte order, the null key last.
            groups.sort_unstable_by(|(a, _), (b, _)| a.is_none().cmp(&b.is_none()).then(a.cmp(b)));
            let rows: Vec<BreakdownRow> = groups
                .into_iter()
                .map(|(key, acc)| BreakdownRow {
                    key: key.map(str::to_owned),
                    kpis: acc.finish(&currencies),
                })
                .collect();
            Breakdown {
                dimension,
                adds_up: dimension != Dimension::Product,
                rows,
            }
        })
        .collect();

    let roster_part = roster.map(|r| roster_figures(engine, r, (from, to), as_of));
    let (roster_kpis, funnel, experiments) = match roster_part {
        Some((k, f, e)) => (Some(k), Some(f), e),
        None => (None, None, Vec::new()),
    };
    let kpis = Kpis {
        opportunities: total.finish(&currencies),
        roster: roster_kpis,
    };
    let home_used = used_currencies.get(home).copied().unwrap_or(false);
    let scorecard = scorecard::score(&mp.scorecard, |k| {
        kpi_value(&kpis, k, &mp.currency, home_used)
    });
    Measurement {
        policy: engine.fingerprint().to_owned(),
        period: Period {
            from: period.0,
            to: period.1,
            as_of,
        },
        currency: mp.currency.clone(),
        attribution: mp.attribution,
        per_advocate,
        per_opportunity,
        kpis,
        breakdowns,
        funnel,
        experiments,
        scorecard,
        warnings,
    }
}

/// The first 16 bytes of `s` as a big-endian integer (zero-padded): integers in the order
/// of the strings, except that strings with the same first 16 bytes compare equal.
fn prefix(s: &str) -> u128 {
    let mut b = [0u8; 16];
    let n = s.len().min(16);
    b[..n].copy_from_slice(&s.as_bytes()[..n]);
    u128::from_be_bytes(b)
}

/// `rows` sorted by id (unique): keys of the ids' first bytes sorted with the row index,
/// whole ids compared only where those tie, then the rows moved once into place.
fn by_id<T>(rows: Vec<T>, id: impl Fn(&T) -> &str) -> Vec<T> {
    let mut keys: Vec<(u128, u32)> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| (prefix(id(r)), i as u32))
        .collect();
    keys.sort_unstable_by(|a, b| {
        a.0.cmp(&b.0).then_with(|| {
            let (x, y) = (&rows[a.1 as usize], &rows[b.1 as usize]);
            id(x).cmp(id(y))
        })
    });
    let mut slots: Vec<Option<T>> = rows.into_iter().map(Some).collect();
    keys.iter()
        .filter_map(|&(_, i)| slots.get_mut(i as usize).and_then(Option::take))
        .collect()
}

/// The value a KPI is scored with: money in major units of `currency`. Revenue is 0 (not
/// "no data") when deals in `currency` were measured but none was won with influence.
fn kpi_value(k: &Kpis, name: KpiName, currency: &str, currency_used: bool) -> Option<f64> {
    let o = &k.opportunities;
    let r = k.roster.as_ref();
    match name {
        KpiName::InfluencedShare => o.influenced_share.value,
        KpiName::InfluencedRevenue => match o.influenced_revenue.get(currency) {
            Some(m) => Some(m.major()),
            None => currency_used.then_some(0.0),
        },
        KpiName::ReferralPipelineShare => o
            .referral_pipeline_share
            .get(currency)
            .and_then(|s| s.value),
        KpiName::WinRateWith => o.win_rate_with.value,
        KpiName::WinRateWithout => o.win_rate_without.value,
        KpiName::WinRateLift => o.win_rate_lift,
        KpiName::ReferenceCloseRate => o.reference_close_rate.value,
        KpiName::CycleReduction => o.cycle_reduction.value,
        #[allow(clippy::cast_precision_loss)]
        KpiName::ReferencesProvided => r.map(|r| r.references_provided as f64),
        KpiName::ResponseRate => r.and_then(|r| r.response_rate.value),
        KpiName::UnsolicitedShare => r.and_then(|r| r.unsolicited_share.value),
        KpiName::AtCapShare => r.and_then(|r| r.at_cap_share.value),
        KpiName::Concentration => r.and_then(|r| r.concentration.value),
    }
}

/// Roster KPIs, the funnel and the experiments; erased advocates are left out of all.
fn roster_figures(
    engine: &crate::Engine,
    roster: &Roster,
    period: (Day, Day),
    as_of: NaiveDate,
) -> (RosterKpis, Vec<FunnelStep>, Vec<VariantResult>) {
    let policy = engine.policy();
    let today = day(as_of);
    let lock = i32::try_from(policy.fatigue.request_lock_days).unwrap_or(i32::MAX);
    let window = i32::try_from(policy.fatigue.window_days).unwrap_or(365);
    let cap = policy.fatigue.annual_cap;
    let mut acc = kpis::RosterAcc::default();
    let mut funnel = funnel::FunnelAcc::default();
    let mut experiments = experiments::ExperimentAcc::default();
    let mut counted: Vec<Day> = Vec::new();
    for (_, a) in roster.in_id_order() {
        if a.erasure_requested {
            continue;
        }
        let lc = engine.lifecycle(a, as_of).state;
        let in_base = !lc.excludes() && !a.left_company;
        // The annual cap as `check` applies it to an ask dated `as_of`: future bookings
        // count.
        counted.clear();
        counted.extend(
            a.activities
                .iter()
                .filter(|x| x.status.is_booked() && policy.kind(x.kind).counts_toward_cap)
                .map(|x| day(x.date)),
        );
        counted.sort_unstable();
        let at_cap = in_base
            && crate::rules::window::blocked(&counted, window, cap)
                .any(|(s, e)| s <= today && today <= e);
        acc.add(a, period, today, lock, window, in_base.then_some(at_cap));
        for x in &a.activities {
            let d = day(x.date);
            if let Some(v) = &x.variant {
                if period.0 <= d && d <= period.1 && kpis::is_ask(x.status) {
                    experiments.add(v, kpis::outcome(x.status, d, today, lock));
                }
            }
        }
        if in_base {
            funnel.add(funnel_depth(engine, a, as_of, window));
        }
    }
    (acc.finish(), funnel.finish(), experiments.finish())
}

/// How many steps past the base an advocate reaches (0 = base only .. 4 = repeat).
fn funnel_depth(
    engine: &crate::Engine,
    a: &crate::Advocate,
    as_of: NaiveDate,
    window: i32,
) -> usize {
    if !engine.eligibility(a, as_of).eligible {
        return 0;
    }
    let today = day(as_of);
    let completed =
        |x: &&crate::Activity| x.status == ActivityStatus::Completed && day(x.date) <= today;
    if a.current_tier.is_none() && !a.activities.iter().any(|x| completed(&x)) {
        return 1;
    }
    let policy = engine.policy();
    let active = a
        .activities
        .iter()
        .filter(completed)
        .filter(|x| policy.kind(x.kind).counts_toward_cap && day(x.date) > today - window)
        .count();
    2 + active.min(2)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn chunks_of_any_size_give_the_same_measurement() {
        let deals = crate::parse_opportunities(
            r#"[
  {"id": "o3", "created_on": "2026-01-10", "closed_on": "2026-03-01", "stage": "won",
   "amount": 1000.01, "segment": "smb", "products": ["x", "y", "x"], "touches": [
     {"advocate_id": "a", "kind": "reference_call", "on": "2026-02-01"},
     {"advocate_id": "b", "kind": "case_study", "on": "2026-02-03", "solicited": false}]},
  {"id": "o1", "created_on": "2026-01-20", "closed_on": "2026-02-20", "stage": "lost",
   "amount": 500, "country": "DE", "touches": [
     {"advocate_id": "b", "kind": "review", "on": "2026-02-01"}]},
  {"id": "o2", "created_on": "2026-02-20", "closed_on": "2026-03-20", "stage": "won",
   "amount": 70, "currency": "EUR", "industry": "software",
   "source": {"kind": "referral", "advocate_id": "c"}, "touches": [
     {"advocate_id": "a", "kind": "reference_call", "on": "2026-03-01"}]},
  {"id": "o4", "created_on": "2026-01-02", "closed_on": "2026-03-30", "stage": "won",
   "amount": 33.33, "touches": [
     {"advocate_id": "c", "kind": "testimonial", "on": "2026-01-05"},
     {"advocate_id": "a", "kind": "review", "on": "2026-01-06"},
     {"advocate_id": "b", "kind": "review", "on": "2026-01-07"}]}
]"#,
        )
        .unwrap();
        let engine = crate::Engine::default();
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let run = |chunk| {
            let m = measure_in_chunks(
                &engine,
                &deals,
                None,
                (d("2026-01-01"), d("2026-03-31")),
                d("2026-04-01"),
                chunk,
            );
            serde_json::to_string(&m).unwrap()
        };
        let whole = run(usize::MAX);
        assert!(whole.contains("\"EUR\""));
        for chunk in [1, 2, 3] {
            assert_eq!(run(chunk), whole);
        }
    }

    #[test]
    fn measure_checked_measures_the_same_and_still_checks_the_period() {
        let mut deals = crate::parse_opportunities(
            r#"[{"id": "o1", "created_on": "2026-01-10", "closed_on": "2026-02-01",
                 "stage": "won", "amount": 10, "touches": [
                   {"advocate_id": "a", "kind": "review", "on": "2026-01-20"}]}]"#,
        )
        .unwrap();
        crate::check_opportunities(&mut deals, Vec::new(), |_| {}).unwrap();
        let engine = crate::Engine::default();
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let (period, as_of) = ((d("2026-01-01"), d("2026-03-31")), d("2026-04-01"));
        assert_eq!(
            engine.measure_checked(&deals, None, period, as_of).unwrap(),
            engine.measure(&deals, None, period, as_of).unwrap()
        );
        let e = engine
            .measure_checked(&deals, None, period, d("2026-03-30"))
            .unwrap_err();
        assert_eq!(e.errors[0].path, "as_of");
    }
}
