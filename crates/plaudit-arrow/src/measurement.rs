//! A measurement as Arrow record batches: per advocate, per opportunity, the KPIs and their
//! breakdowns. Money is exact: minor units (`*_units`, `int64`) with their `currency`;
//! rates are `numerator`, `denominator` and `value` (null when the denominator is 0).

use std::sync::Arc;

use arrow_array::builder::{
    ArrayBuilder, BooleanBuilder, Float64Builder, Int64Builder, StringBuilder,
};
use arrow_array::{ArrayRef, Int64Array, ListArray, RecordBatch, StringArray, StructArray};
use arrow_buffer::OffsetBuffer;
use arrow_schema::{ArrowError, DataType, Field, Fields, Schema, SchemaRef};
use plaudit::{CompactMeasurement, Measurement, OpportunityKpis, Rate};

fn count(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// The columns of [`per_advocate`].
pub fn per_advocate_schema() -> SchemaRef {
    let int = |n: &str| Field::new(n, DataType::Int64, true);
    Arc::new(Schema::new(vec![
        Field::new("id", DataType::Utf8, false),
        Field::new("currency", DataType::Utf8, true),
        int("attributed_units"),
        Field::new("attributed", DataType::Utf8, true),
        int("deals_influenced"),
        int("deals_won"),
        int("referrals_sourced"),
        int("referrals_won"),
        Field::new("erased", DataType::Boolean, false),
    ]))
}

/// One row per advocate and currency credited (in the measurement's order; `currency` null
/// for an advocate credited nothing, and for an erased advocate, whose figures are all
/// null): `id`, `currency`, `attributed_units`, `attributed` (decimal text), the deal and
/// referral counts, `erased`.
pub fn per_advocate(m: &Measurement) -> Result<RecordBatch, ArrowError> {
    write_advocates(m.per_advocate.iter().map(|a| {
        let money = a.attributed.iter().flatten().map(|(c, m)| (c.as_str(), *m));
        let counts = [
            a.deals_influenced,
            a.deals_won,
            a.referrals_sourced,
            a.referrals_won,
        ];
        (a.id.as_str(), money, counts, a.erased)
    }))
}

/// [`per_advocate`] of a compact measurement, written from its rows as they are (the same
/// table).
pub fn per_advocate_compact(m: &CompactMeasurement) -> Result<RecordBatch, ArrowError> {
    write_advocates(m.advocate_rows().map(|a| {
        let counts = [
            a.deals_influenced,
            a.deals_won,
            a.referrals_sourced,
            a.referrals_won,
        ];
        (a.id, a.attributed(), counts, a.erased)
    }))
}

/// The per-advocate table of rows `(id, attributed per currency, counts, erased)`.
fn write_advocates<'a, M: Iterator<Item = (&'a str, plaudit::Money)>>(
    rows: impl Iterator<Item = (&'a str, M, [Option<u64>; 4], bool)>,
) -> Result<RecordBatch, ArrowError> {
    let mut id = StringBuilder::new();
    let mut currency = StringBuilder::new();
    let mut units = Int64Builder::new();
    let mut decimal = StringBuilder::new();
    let mut counts: [Int64Builder; 4] = Default::default();
    let mut erased = BooleanBuilder::new();
    for (a, money, values, gone) in rows {
        let mut money = money.map(|(c, m)| (Some(c), Some(m))).peekable();
        // An advocate credited nothing (or erased) has one row, its money null.
        let none = money.peek().is_none().then_some((None, None));
        for (cur, money) in money.chain(none) {
            id.append_value(a);
            currency.append_option(cur);
            units.append_option(money.map(|m| m.units));
            decimal.append_option(money.map(|m| m.decimal()));
            for (b, v) in counts.iter_mut().zip(values) {
                b.append_option(v.map(count));
            }
            erased.append_value(gone);
        }
    }
    let [mut c0, mut c1, mut c2, mut c3] = counts;
    RecordBatch::try_new(
        per_advocate_schema(),
        vec![
            Arc::new(id.finish()),
            Arc::new(currency.finish()),
            Arc::new(units.finish()),
            Arc::new(decimal.finish()),
            Arc::new(c0.finish()),
            Arc::new(c1.finish()),
            Arc::new(c2.finish()),
            Arc::new(c3.finish()),
            Arc::new(erased.finish()),
        ],
    )
}

fn credit_fields() -> Fields {
    Fields::from(vec![
        Field::new("advocate_id", DataType::Utf8, false),
        Field::new("units", DataType::Int64, false),
    ])
}

/// The columns of [`per_opportunity`].
pub fn per_opportunity_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("id", DataType::Utf8, false),
        Field::new("stage", DataType::Utf8, false),
        Field::new("currency", DataType::Utf8, false),
        Field::new("amount_units", DataType::Int64, false),
        Field::new("created_in_period", DataType::Boolean, false),
        Field::new("closed_in_period", DataType::Boolean, false),
        Field::new(
            "credits",
            DataType::List(Arc::new(Field::new_list_field(
                DataType::Struct(credit_fields()),
                true,
            ))),
            false,
        ),
    ]))
}

/// One row per influenced opportunity (in the measurement's order): `id`, `stage`,
/// `currency`, `amount_units`, `created_in_period`, `closed_in_period` and `credits` (a
/// list of `{advocate_id, units}` adding up to the amount of a deal won in the period).
pub fn per_opportunity(m: &Measurement) -> Result<RecordBatch, ArrowError> {
    write_opportunities(
        m.per_opportunity.len(),
        m.per_opportunity.iter().map(|o| {
            let credits = o
                .credits
                .iter()
                .map(|c| (c.advocate_id.as_str(), c.amount.units));
            let head = OpportunityHead {
                id: &o.id,
                stage: o.stage.as_str(),
                currency: &o.currency,
                units: o.amount.units,
                created_in: o.created_in_period,
                closed_in: o.closed_in_period,
            };
            (head, credits)
        }),
    )
}

/// [`per_opportunity`] of a compact measurement, written from its rows as they are: the
/// string columns straight from the deal ids and advocate ids measured (the same table).
pub fn per_opportunity_compact(m: &CompactMeasurement) -> Result<RecordBatch, ArrowError> {
    let rows = m.opportunity_rows();
    write_opportunities(
        rows.len(),
        rows.map(|o| {
            let head = OpportunityHead {
                id: o.id,
                stage: o.stage.as_str(),
                currency: o.currency,
                units: o.amount.units,
                created_in: o.created_in_period,
                closed_in: o.closed_in_period,
            };
            (head, o.credits().map(|(a, m)| (a, m.units)))
        }),
    )
}

/// The cells of a per-opportunity row before its credits.
struct OpportunityHead<'a> {
    id: &'a str,
    stage: &'a str,
    currency: &'a str,
    units: i64,
    created_in: bool,
    closed_in: bool,
}

/// The per-opportunity table of `n` rows with their credits `(advocate id, units)`.
fn write_opportunities<'a, C: Iterator<Item = (&'a str, i64)>>(
    n: usize,
    rows: impl Iterator<Item = (OpportunityHead<'a>, C)>,
) -> Result<RecordBatch, ArrowError> {
    let mut id = StringBuilder::with_capacity(n, n * 12);
    let mut stage = StringBuilder::with_capacity(n, n * 4);
    let mut currency = StringBuilder::with_capacity(n, n * 3);
    let mut amount = Int64Builder::with_capacity(n);
    let mut created = BooleanBuilder::with_capacity(n);
    let mut closed = BooleanBuilder::with_capacity(n);
    let mut lengths = Vec::with_capacity(n);
    let mut advocate = StringBuilder::new();
    let mut units = Int64Builder::new();
    for (o, credits) in rows {
        id.append_value(o.id);
        stage.append_value(o.stage);
        currency.append_value(o.currency);
        amount.append_value(o.units);
        created.append_value(o.created_in);
        closed.append_value(o.closed_in);
        let before = units.len();
        for (a, u) in credits {
            advocate.append_value(a);
            units.append_value(u);
        }
        lengths.push(units.len() - before);
    }
    let advocate: StringArray = advocate.finish();
    let units: Int64Array = units.finish();
    let credits = StructArray::try_new(
        credit_fields(),
        vec![Arc::new(advocate) as ArrayRef, Arc::new(units)],
        None,
    )?;
    let credits = ListArray::try_new(
        Arc::new(Field::new_list_field(
            DataType::Struct(credit_fields()),
            true,
        )),
        OffsetBuffer::from_lengths(lengths),
        Arc::new(credits),
        None,
    )?;
    RecordBatch::try_new(
        per_opportunity_schema(),
        vec![
            Arc::new(id.finish()),
            Arc::new(stage.finish()),
            Arc::new(currency.finish()),
            Arc::new(amount.finish()),
            Arc::new(created.finish()),
            Arc::new(closed.finish()),
            Arc::new(credits),
        ],
    )
}

/// KPI rows: `kpi`, `currency`, `numerator`, `denominator`, `units`, `total_units`, `value`.
#[derive(Default)]
struct KpiRows {
    kpi: StringBuilder,
    currency: StringBuilder,
    numerator: Int64Builder,
    denominator: Int64Builder,
    units: Int64Builder,
    total_units: Int64Builder,
    value: Float64Builder,
}

/// One KPI row's cells.
#[derive(Default)]
struct Row<'a> {
    currency: Option<&'a str>,
    numerator: Option<u64>,
    denominator: Option<u64>,
    units: Option<i64>,
    total_units: Option<i64>,
    value: Option<f64>,
}

impl KpiRows {
    fn push(&mut self, kpi: &str, r: Row<'_>) {
        self.kpi.append_value(kpi);
        self.currency.append_option(r.currency);
        self.numerator.append_option(r.numerator.map(count));
        self.denominator.append_option(r.denominator.map(count));
        self.units.append_option(r.units);
        self.total_units.append_option(r.total_units);
        self.value.append_option(r.value);
    }

    fn rate(&mut self, kpi: &str, r: &Rate) {
        self.push(
            kpi,
            Row {
                numerator: Some(r.numerator),
                denominator: Some(r.denominator),
                value: r.value,
                ..Row::default()
            },
        );
    }

    fn value(&mut self, kpi: &str, value: Option<f64>) {
        self.push(
            kpi,
            Row {
                value,
                ..Row::default()
            },
        );
    }

    /// The opportunity KPIs; returns how many rows were added.
    fn opportunities(&mut self, k: &OpportunityKpis) -> usize {
        let before = self.kpi.len();
        self.rate("influenced_share", &k.influenced_share);
        for (c, m) in &k.influenced_revenue {
            self.push(
                "influenced_revenue",
                Row {
                    currency: Some(c),
                    units: Some(m.units),
                    ..Row::default()
                },
            );
        }
        for (c, s) in &k.referral_pipeline_share {
            self.push(
                "referral_pipeline_share",
                Row {
                    currency: Some(c),
                    units: Some(s.part.units),
                    total_units: Some(s.total.units),
                    value: s.value,
                    ..Row::default()
                },
            );
        }
        self.rate("win_rate_with", &k.win_rate_with);
        self.rate("win_rate_without", &k.win_rate_without);
        self.value("win_rate_lift", k.win_rate_lift);
        self.rate("reference_close_rate", &k.reference_close_rate);
        self.value("cycle_reduction", k.cycle_reduction.value);
        self.value("cycle_median_with", k.cycle_reduction.median_with);
        self.value("cycle_median_without", k.cycle_reduction.median_without);
        self.kpi.len() - before
    }

    fn columns(mut self) -> Vec<ArrayRef> {
        vec![
            Arc::new(self.kpi.finish()),
            Arc::new(self.currency.finish()),
            Arc::new(self.numerator.finish()),
            Arc::new(self.denominator.finish()),
            Arc::new(self.units.finish()),
            Arc::new(self.total_units.finish()),
            Arc::new(self.value.finish()),
        ]
    }
}

fn kpi_fields() -> Vec<Field> {
    let int = |n: &str| Field::new(n, DataType::Int64, true);
    vec![
        Field::new("kpi", DataType::Utf8, false),
        Field::new("currency", DataType::Utf8, true),
        int("numerator"),
        int("denominator"),
        int("units"),
        int("total_units"),
        Field::new("value", DataType::Float64, true),
    ]
}

/// The columns of [`kpis`].
pub fn kpis_schema() -> SchemaRef {
    Arc::new(Schema::new(kpi_fields()))
}

/// One row per KPI (per currency for money KPIs), the roster KPIs after the opportunity
/// ones when a roster was given: `kpi`, `currency`, `numerator` and `denominator` (rates
/// and counts), `units` and `total_units` (money: the amount, or a share's part and
/// whole), `value` (the rate, share, lift, reduction or median; null for "no data").
pub fn kpis(m: &Measurement) -> Result<RecordBatch, ArrowError> {
    let mut rows = KpiRows::default();
    rows.opportunities(&m.kpis.opportunities);
    if let Some(r) = &m.kpis.roster {
        rows.push(
            "references_provided",
            Row {
                numerator: Some(r.references_provided),
                ..Row::default()
            },
        );
        rows.rate("response_rate", &r.response_rate);
        rows.rate("unsolicited_share", &r.unsolicited_share);
        rows.rate("at_cap_share", &r.at_cap_share);
        let c = &r.concentration;
        rows.push(
            "concentration",
            Row {
                numerator: Some(c.busiest_calls),
                denominator: Some(c.reference_calls),
                value: c.value,
                ..Row::default()
            },
        );
        rows.push(
            "busiest_advocates",
            Row {
                numerator: Some(c.busiest_advocates),
                ..Row::default()
            },
        );
    }
    RecordBatch::try_new(kpis_schema(), rows.columns())
}

/// The columns of [`breakdowns`].
pub fn breakdowns_schema() -> SchemaRef {
    let mut fields = vec![
        Field::new("dimension", DataType::Utf8, false),
        Field::new("key", DataType::Utf8, true),
    ];
    fields.extend(kpi_fields());
    Arc::new(Schema::new(fields))
}

/// The opportunity KPIs of every breakdown row, as [`kpis`] rows after `dimension`
/// (`segment`, `region`, `industry`, `product`) and `key` (null for deals without one).
pub fn breakdowns(m: &Measurement) -> Result<RecordBatch, ArrowError> {
    let mut rows = KpiRows::default();
    let mut dimension = StringBuilder::new();
    let mut key = StringBuilder::new();
    for b in &m.breakdowns {
        for r in &b.rows {
            for _ in 0..rows.opportunities(&r.kpis) {
                dimension.append_value(b.dimension.as_str());
                key.append_option(r.key.as_deref());
            }
        }
    }
    let mut columns: Vec<ArrayRef> = vec![Arc::new(dimension.finish()), Arc::new(key.finish())];
    columns.extend(rows.columns());
    RecordBatch::try_new(breakdowns_schema(), columns)
}
