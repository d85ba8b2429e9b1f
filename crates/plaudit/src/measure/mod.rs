//! Program measurement: is the program worth it, and is it healthy?
//!
//! From the deals the CRM holds ([`Opportunity`]) and, optionally, the roster:
//! attribution of won revenue to advocates without double counting (exact in minor units),
//! the KPIs with breakdowns by segment, region, industry and product, the participation
//! funnel, outreach experiments and the scorecard. Every rule and choice is written in
//! docs/measurement.md.

mod attribution;
mod columns;
mod compact;
mod experiments;
mod funnel;
mod kpis;
mod opportunity;
mod scorecard;
mod sums;

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use columns::{AdvocateNumbers, Columns, NumberedTouch, OpportunityRef, TouchRef};
pub use compact::{AdvocateRow, CompactMeasurement, OpportunityRow};
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
use crate::input::records::ActivityStatus;
use crate::input::records::Segment;
use crate::macros::string_enum;
use crate::policy::{AttributionModel, KpiName};
use crate::population::roster::Roster;
use columns::NONE;
use compact::Parts;

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

/// Problems of the period and `as_of` (paths `period.from`, `as_of`).
/// The period's problems, then those of the deals in `columns` (at most
/// `MAX_REPORTED_ERRORS`).
fn check_columns(
    columns: &Columns,
    period: (NaiveDate, NaiveDate),
    as_of: NaiveDate,
) -> Result<(), RecordError> {
    let mut errors = period_errors(period, as_of);
    columns.check_into(&mut errors);
    errors.truncate(crate::MAX_REPORTED_ERRORS);
    RecordError::from_errors(errors)
}

fn period_errors(period: (NaiveDate, NaiveDate), as_of: NaiveDate) -> Vec<FieldError> {
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
    errors
}

/// Checks the period and every opportunity (paths `period`, `as_of`, `opportunities[i]...`).
fn validate(
    opportunities: &[Opportunity],
    period: (NaiveDate, NaiveDate),
    as_of: NaiveDate,
) -> Result<(), RecordError> {
    let mut errors = period_errors(period, as_of);
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
    /// The records are read into [`Columns`] and measured as
    /// [`Engine::measure_columns`](crate::Engine::measure_columns) measures.
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
        let columns = Columns::from_records(opportunities);
        Ok(measure(self, &columns, roster, period, as_of))
    }

    /// [`crate::Engine::measure`] over opportunities that [`check_opportunities`] has accepted:
    /// only the period and `as_of` are checked, as the records were checked already (a
    /// million deals are not validated twice).
    pub fn measure_checked(
        &self,
        opportunities: &[Opportunity],
        roster: Option<&Roster>,
        period: (NaiveDate, NaiveDate),
        as_of: NaiveDate,
    ) -> Result<Measurement, RecordError> {
        validate(&[], period, as_of)?;
        let columns = Columns::from_records(opportunities);
        Ok(measure(self, &columns, roster, period, as_of))
    }

    /// [`crate::Engine::measure`] over deals in [`Columns`] (what a table door fills without
    /// building a record per deal): the same figures, the same errors (the period's, then
    /// the deals' problems found by [`Columns::push`] and ids used twice, with paths
    /// `opportunities[i]...` in push order). See [`Columns`] for an example.
    pub fn measure_columns(
        &self,
        columns: &Columns,
        roster: Option<&Roster>,
        period: (NaiveDate, NaiveDate),
        as_of: NaiveDate,
    ) -> Result<Measurement, RecordError> {
        check_columns(columns, period, as_of)?;
        Ok(measure(self, columns, roster, period, as_of))
    }

    /// [`crate::Engine::measure_columns`], the result kept compact: the per-advocate and
    /// per-opportunity rows stay indices into the columns (which the result keeps) until
    /// they are read, so a door that writes them out as columns builds no `String` per
    /// deal, credit or advocate. [`CompactMeasurement::into_measurement`] gives the
    /// [`Measurement`] that `measure_columns` gives, the same in every byte.
    ///
    /// ```
    /// use plaudit::{Columns, Engine, OpportunityRef, Stage, TouchRef, ActivityKind};
    /// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let touches = [TouchRef {
    ///     advocate_id: "a", kind: ActivityKind::ReferenceCall, on: d("2026-02-01"), solicited: true,
    /// }];
    /// let mut deals = Columns::new();
    /// deals.push(&OpportunityRef {
    ///     closed_on: Some(d("2026-03-01")),
    ///     stage: Stage::Won,
    ///     amount: 10.0,
    ///     touches: &touches,
    ///     ..OpportunityRef::new("o1", d("2026-01-10"))
    /// });
    /// let (period, as_of) = ((d("2026-01-01"), d("2026-03-31")), d("2026-04-01"));
    /// let engine = Engine::default();
    /// let full = engine.measure_columns(&deals, None, period, as_of).unwrap();
    /// let m = engine.measure_compact(deals, None, period, as_of).unwrap();
    /// let row = m.opportunity_rows().next().unwrap();
    /// assert_eq!((row.id, row.amount.units), ("o1", 1000));
    /// assert_eq!(row.credits().collect::<Vec<_>>(), [("a", plaudit::Money { units: 1000 })]);
    /// assert!(m.summary().per_opportunity.is_empty());
    /// assert_eq!(m.into_measurement(), full);
    /// ```
    pub fn measure_compact(
        &self,
        columns: Columns,
        roster: Option<&Roster>,
        period: (NaiveDate, NaiveDate),
        as_of: NaiveDate,
    ) -> Result<CompactMeasurement, RecordError> {
        check_columns(&columns, period, as_of)?;
        let parts = compute(self, &columns, roster, period, as_of, chunk(columns.len()));
        Ok(CompactMeasurement::new(parts, columns))
    }
}

/// Fewest deals per chunk: the sums of each chunk are merged (in parallel with the
/// `parallel` feature).
#[cfg(feature = "parallel")]
const CHUNK: usize = 32_768;

/// The deals per run of `n` deals: serially, one run over every deal (chunks only pay for
/// the merging of their sums); in parallel, one run per thread of rayon's pool (each run
/// has its own sums, as large as the advocates: more runs than threads only cost their
/// zeroing and merging).
fn chunk(n: usize) -> usize {
    #[cfg(feature = "parallel")]
    {
        n.div_ceil(rayon::current_num_threads().max(1)).max(CHUNK)
    }
    #[cfg(not(feature = "parallel"))]
    {
        let _ = n;
        usize::MAX
    }
}

fn measure(
    engine: &crate::Engine,
    columns: &Columns,
    roster: Option<&Roster>,
    period: (NaiveDate, NaiveDate),
    as_of: NaiveDate,
) -> Measurement {
    measure_in_chunks(engine, columns, roster, period, as_of, chunk(columns.len()))
}

/// The ranks of names in byte order, and the name index of each rank.
fn ranks<'a>(names: impl ExactSizeIterator<Item = &'a str>) -> (Vec<u32>, Vec<u32>) {
    let names: Vec<&str> = names.collect();
    // Plain keys of the first bytes, whole names compared only where those tie.
    let mut keys: Vec<(u128, u32)> = names
        .iter()
        .enumerate()
        .map(|(i, s)| (prefix(s), i as u32))
        .collect();
    keys.sort_unstable_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| names[a.1 as usize].cmp(names[b.1 as usize]))
    });
    let by_rank: Vec<u32> = keys.into_iter().map(|(_, i)| i).collect();
    let mut rank = vec![0u32; names.len()];
    for (r, &i) in by_rank.iter().enumerate() {
        rank[i as usize] = r as u32;
    }
    (rank, by_rank)
}

/// [`measure`] with the deals summed in chunks of `chunk`.
fn measure_in_chunks(
    engine: &crate::Engine,
    cols: &Columns,
    roster: Option<&Roster>,
    period: (NaiveDate, NaiveDate),
    as_of: NaiveDate,
    chunk: usize,
) -> Measurement {
    compute(engine, cols, roster, period, as_of, chunk).into_measurement(cols)
}

/// Every figure of a measurement, its rows kept compact (see [`Parts`]).
fn compute(
    engine: &crate::Engine,
    cols: &Columns,
    roster: Option<&Roster>,
    period: (NaiveDate, NaiveDate),
    as_of: NaiveDate,
    chunk: usize,
) -> Parts {
    let policy = engine.policy();
    let mp = &policy.measurement;
    let (from, to, today) = (day(period.0), day(period.1), day(as_of));
    let lookback = i32::try_from(mp.attribution_lookback_days).unwrap_or(i32::MAX);
    let unsolicited = (
        policy.tiers.unsolicited_multiplier,
        attribution::exact_weight(policy.tiers.unsolicited_multiplier),
    );

    // Currencies in byte order of their codes (the home currency and those of qualified
    // deals), so every list built from them is in that order whatever the input order.
    let mut seen = vec![false; cols.currencies.len()];
    for (&q, &c) in cols.qualified.iter().zip(&cols.currency) {
        if q && c != NONE {
            if let Some(s) = seen.get_mut(c as usize) {
                *s = true;
            }
        }
    }
    let mut codes: Vec<&str> = cols
        .currencies
        .names()
        .zip(&seen)
        .filter(|(_, s)| **s)
        .map(|(c, _)| c)
        .collect();
    codes.push(mp.currency.as_str());
    codes.sort_unstable();
    codes.dedup();
    let currencies: Vec<String> = codes.iter().map(|s| (*s).to_owned()).collect();
    let home = codes.binary_search(&mp.currency.as_str()).unwrap_or(0);
    let currency_of: Vec<u32> = cols
        .currencies
        .names()
        .map(|c| codes.binary_search(&c).unwrap_or(0) as u32)
        .collect();

    // Regions: the region of each country named, as the policy lists them (a country
    // listed twice is in the last region listing it).
    let region_names: Vec<&str> = {
        let mut r: Vec<&str> = policy.regions.keys().map(String::as_str).collect();
        r.sort_unstable();
        r.dedup();
        r
    };
    let regions: FxHashMap<&str, u32> = policy
        .regions
        .iter()
        .flat_map(|(r, list)| {
            let k = region_names.binary_search(&r.as_str()).unwrap_or(0) as u32;
            list.iter().map(move |c| (c.as_str(), k))
        })
        .collect();
    let region_of: Vec<u32> = cols
        .countries
        .names()
        .map(|c| regions.get(c).copied().unwrap_or(NONE))
        .collect();

    let (rank, by_rank) = ranks(cols.advocates.names());
    let advocate = |r: u32| {
        cols.advocates
            .name(by_rank.get(r as usize).copied().unwrap_or(NONE))
    };
    let plan = sums::Plan {
        cols,
        currency_of,
        home: home as u32,
        currencies: currencies.len(),
        rank,
        region_of,
        regions: region_names.len(),
        window: (from, to, today),
        lookback,
        unsolicited,
        model: mp.attribution,
        half_life_days: mp.half_life_days,
    };
    let sums::Sums {
        total,
        dims,
        advs,
        attributed,
        rows,
        credits,
        used: used_currencies,
    } = plan.sum_all(chunk);

    // Per advocate, in id order (ranks), with erasure and unknown ids from the roster.
    let ncur = currencies.len();
    let mut warnings = Vec::new();
    let mut order: Vec<(bool, std::cmp::Reverse<i64>, u32)> = Vec::new();
    for (r, acc) in advs.iter().enumerate() {
        let money = attributed.get(r * ncur..(r + 1) * ncur).unwrap_or(&[]);
        let any = acc.influenced > 0
            || acc.won > 0
            || acc.sourced > 0
            || acc.referrals_won > 0
            || money.iter().any(|u| u.is_some_and(|u| u != 0));
        if !any {
            continue;
        }
        let id = advocate(r as u32);
        let known = roster.map(|ro| ro.get(id));
        if let Some(None) = known {
            warnings.push(MeasureWarning {
                code: MeasureWarningCode::UnknownAdvocate,
                subject: id.to_owned(),
                message: format!("advocate `{id}` is not in the roster; it is still credited"),
            });
        }
        let erased = matches!(known, Some(Some(a)) if a.erasure_requested);
        let key = money.get(home).copied().flatten().unwrap_or(0);
        let amount = std::cmp::Reverse(if erased { i64::MIN } else { key });
        order.push((erased, amount, r as u32));
    }
    // Erased last, then the amount descending, then the id (ranks are in id order).
    order.sort_unstable();
    let advocates: Vec<(u32, bool)> = order.iter().map(|&(e, _, r)| (r, e)).collect();

    // Per opportunity, by id: rows are in deal order, which is id order when the ids were
    // pushed in order.
    let rows = if cols.ids_ascending() {
        rows
    } else {
        by_id(rows, |r| cols.id(r.deal as usize))
    };

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

    let key_name = |dimension: Dimension, k: usize| -> &str {
        match dimension {
            Dimension::Segment => Segment::ALL.get(k).map_or("", |s| s.as_str()),
            Dimension::Region => region_names.get(k).copied().unwrap_or(""),
            Dimension::Industry | Dimension::Product => cols.keys.name(k as u32),
        }
    };
    let breakdowns: Vec<Breakdown> = Dimension::ALL
        .iter()
        .zip(dims)
        .map(|(&dimension, groups)| {
            let null = groups.len().saturating_sub(1);
            let mut groups: Vec<(Option<&str>, kpis::Acc)> = groups
                .into_iter()
                .enumerate()
                .filter_map(|(k, acc)| {
                    acc.map(|acc| ((k != null).then(|| key_name(dimension, k)), acc))
                })
                .collect();
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
    let summary = Measurement {
        policy: engine.fingerprint().to_owned(),
        period: Period {
            from: period.0,
            to: period.1,
            as_of,
        },
        currency: mp.currency.clone(),
        attribution: mp.attribution,
        per_advocate: Vec::new(),
        per_opportunity: Vec::new(),
        kpis,
        breakdowns,
        funnel,
        experiments,
        scorecard,
        warnings,
    };
    Parts {
        summary,
        currencies,
        by_rank,
        advocates,
        advs,
        attributed,
        rows,
        credits,
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
fn by_id<'s, T>(rows: Vec<T>, id: impl Fn(&T) -> &'s str) -> Vec<T> {
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
                &Columns::from_records(&deals),
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
        // Columns filled in two parts and joined measure as the columns of all.
        for at in 0..=deals.len() {
            let mut first = Columns::from_checked(&deals[..at]);
            first.append(Columns::from_checked(&deals[at..]));
            let m = measure(
                &engine,
                &first,
                None,
                (d("2026-01-01"), d("2026-03-31")),
                d("2026-04-01"),
            );
            assert_eq!(serde_json::to_string(&m).unwrap(), whole, "split at {at}");
        }
    }

    #[test]
    fn ids_in_any_order_measure_the_same_and_ids_used_twice_are_found() {
        let deal = |id: &str| {
            format!(
                r#"{{"id": "{id}", "created_on": "2026-01-10", "closed_on": "2026-02-01",
                   "stage": "won", "amount": 10, "touches": [
                     {{"advocate_id": "a{id}", "kind": "review", "on": "2026-01-20"}}]}}"#
            )
        };
        // Each deal parsed alone: ids used twice are left for the measurement to find.
        let list = |ids: &[&str]| -> Vec<Opportunity> {
            ids.iter()
                .flat_map(|i| crate::parse_opportunities(&format!("[{}]", deal(i))).unwrap())
                .collect()
        };
        let engine = crate::Engine::default();
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let (period, as_of) = ((d("2026-01-01"), d("2026-03-31")), d("2026-04-01"));
        let measured = |ids: &[&str]| {
            let c = Columns::from_checked(&list(ids));
            let whole = engine.measure_columns(&c, None, period, as_of);
            let compact = engine.measure_compact(c, None, period, as_of);
            (
                whole.map(|m| serde_json::to_string(&m).unwrap()),
                compact.map(|m| serde_json::to_string(&m.into_measurement()).unwrap()),
            )
        };
        let (sorted, compact) = measured(&["o1", "o2", "o3"]);
        assert!(Columns::from_checked(&list(&["o1", "o2"])).ids_ascending());
        assert!(!Columns::from_checked(&list(&["o2", "o1"])).ids_ascending());
        assert_eq!(compact, sorted);
        for ids in [["o3", "o1", "o2"], ["o2", "o3", "o1"]] {
            let (whole, compact) = measured(&ids);
            assert_eq!(whole, sorted);
            assert_eq!(compact, sorted);
        }
        for ids in [["o1", "o2", "o2"], ["o2", "o1", "o2"]] {
            let (whole, compact) = measured(&ids);
            let e = whole.unwrap_err();
            assert_eq!(e.errors[0].path, "opportunities[2].id");
            assert_eq!(compact.unwrap_err(), e);
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
