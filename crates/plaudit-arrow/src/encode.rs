//! The door the other way: advocate records written as Arrow record batches, in either shape
//! the readers take (long tables keyed by `advocate_id`, or one nested advocates table), so
//! that reading them back gives the same records.
//!
//! An [`Encoder`] takes advocates one at a time and hands out a chunk of batches when asked
//! ([`Encoder::finish`]), so a writer can stream any number of advocates in row groups of
//! bounded size.
//!
//! ```
//! let config = plaudit_synth::SynthConfig { advocates: 20, ..Default::default() };
//! let mut enc = plaudit_arrow::encode::Encoder::new(plaudit_arrow::encode::Shape::Long);
//! for a in plaudit_synth::advocates(&config) {
//!     enc.push(&a);
//! }
//! let tables = enc.finish().unwrap();
//! let opts = plaudit_arrow::Options {
//!     as_of: config.as_of,
//!     ignore_unknown_ids: false,
//!     threads: 1,
//!     shares: false,
//! };
//! let back = plaudit_arrow::records(&tables, &opts).unwrap();
//! let mut expected: Vec<plaudit::Advocate> = plaudit_synth::advocates(&config).collect();
//! expected.iter_mut().for_each(plaudit::Advocate::normalize);
//! assert_eq!(back, expected);
//! ```

use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, Date32Builder, Float64Builder, Int64Builder, ListBuilder, StringBuilder,
};
use arrow_array::{Array, ArrayRef, ListArray, RecordBatch, StructArray};
use arrow_buffer::OffsetBuffer;
use arrow_schema::{ArrowError, Field, Fields, Schema};
use chrono::{Datelike, NaiveDate};
use plaudit::Advocate;

use crate::Tables;

/// Which shape to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// An advocates table plus activities / engagements / consents / disruptions tables
    /// keyed by `advocate_id`.
    Long,
    /// One advocates table with the history as list columns (`activities`, `consents`,
    /// `disruptions` lists of structs, `engagements` a list of dates) and `preferences` a
    /// struct.
    Nested,
}

/// Days from 1970-01-01 (Arrow's `date32`).
fn day32(d: NaiveDate) -> i32 {
    d.num_days_from_ce() - 719_163
}

/// Optional strings: null when absent.
fn opt_str(b: &mut StringBuilder, s: Option<&str>) {
    match s {
        Some(s) => b.append_value(s),
        None => b.append_null(),
    }
}

fn opt_day(b: &mut Date32Builder, d: Option<NaiveDate>) {
    match d {
        Some(d) => b.append_value(day32(d)),
        None => b.append_null(),
    }
}

fn strs<'a>(b: &mut ListBuilder<StringBuilder>, items: impl Iterator<Item = &'a str>) {
    for s in items {
        b.values().append_value(s);
    }
    b.append(true);
}

/// The advocates table's own columns.
#[derive(Debug, Default)]
struct AdvocateCols {
    id: StringBuilder,
    account_id: StringBuilder,
    industry: StringBuilder,
    segment: StringBuilder,
    country: StringBuilder,
    languages: ListBuilder<StringBuilder>,
    products: ListBuilder<StringBuilder>,
    use_cases: ListBuilder<StringBuilder>,
    persona: StringBuilder,
    influence: StringBuilder,
    customer_since: Date32Builder,
    health_score: Float64Builder,
    nps: Int64Builder,
    nps_on: Date32Builder,
    has_measurable_outcome: BooleanBuilder,
    preferences_activities: ListBuilder<StringBuilder>,
    preferences_public: BooleanBuilder,
    preferences_reference_frequency: StringBuilder,
    erasure_requested: BooleanBuilder,
    current_tier: StringBuilder,
    tier_since: Date32Builder,
    publicity_restricted: BooleanBuilder,
    verified_on: Date32Builder,
    left_company: BooleanBuilder,
}

impl AdvocateCols {
    fn push(&mut self, a: &Advocate) {
        self.id.append_value(&a.id);
        self.account_id.append_value(&a.account_id);
        self.industry.append_value(&a.industry);
        opt_str(&mut self.segment, a.segment.map(|s| s.as_str()));
        self.country.append_value(&a.country);
        strs(&mut self.languages, a.languages.iter().map(String::as_str));
        strs(&mut self.products, a.products.iter().map(String::as_str));
        strs(&mut self.use_cases, a.use_cases.iter().map(String::as_str));
        opt_str(&mut self.persona, a.persona.as_deref());
        opt_str(&mut self.influence, a.influence.map(|i| i.as_str()));
        self.customer_since.append_value(day32(a.customer_since));
        self.health_score.append_value(a.health_score);
        self.nps.append_option(a.nps);
        opt_day(&mut self.nps_on, a.nps_on);
        self.has_measurable_outcome
            .append_value(a.has_measurable_outcome);
        match &a.preferences.activities {
            Some(kinds) => strs(
                &mut self.preferences_activities,
                kinds.iter().map(|k| k.as_str()),
            ),
            None => self.preferences_activities.append(false),
        }
        self.preferences_public.append_value(a.preferences.public);
        opt_str(
            &mut self.preferences_reference_frequency,
            a.preferences.reference_frequency.map(|f| f.as_str()),
        );
        self.erasure_requested.append_value(a.erasure_requested);
        opt_str(&mut self.current_tier, a.current_tier.map(|t| t.as_str()));
        opt_day(&mut self.tier_since, a.tier_since);
        self.publicity_restricted
            .append_value(a.publicity_restricted);
        opt_day(&mut self.verified_on, a.verified_on);
        self.left_company.append_value(a.left_company);
    }

    /// The columns; with `nested`, the preferences as one `preferences` struct.
    fn finish(&mut self, nested: bool) -> Result<Vec<(String, ArrayRef)>, ArrowError> {
        let mut out: Vec<(String, ArrayRef)> = Vec::with_capacity(28);
        let mut put = |name: &str, a: ArrayRef| out.push((name.to_owned(), a));
        put("id", Arc::new(self.id.finish()));
        put("account_id", Arc::new(self.account_id.finish()));
        put("industry", Arc::new(self.industry.finish()));
        put("segment", Arc::new(self.segment.finish()));
        put("country", Arc::new(self.country.finish()));
        put("languages", Arc::new(self.languages.finish()));
        put("products", Arc::new(self.products.finish()));
        put("use_cases", Arc::new(self.use_cases.finish()));
        put("persona", Arc::new(self.persona.finish()));
        put("influence", Arc::new(self.influence.finish()));
        put("customer_since", Arc::new(self.customer_since.finish()));
        put("health_score", Arc::new(self.health_score.finish()));
        put("nps", Arc::new(self.nps.finish()));
        put("nps_on", Arc::new(self.nps_on.finish()));
        put(
            "has_measurable_outcome",
            Arc::new(self.has_measurable_outcome.finish()),
        );
        let prefs: [(&str, ArrayRef); 3] = [
            ("activities", Arc::new(self.preferences_activities.finish())),
            ("public", Arc::new(self.preferences_public.finish())),
            (
                "reference_frequency",
                Arc::new(self.preferences_reference_frequency.finish()),
            ),
        ];
        if nested {
            put("preferences", Arc::new(structs(prefs.to_vec())?));
        } else {
            for (name, a) in prefs {
                put(&format!("preferences_{name}"), a);
            }
        }
        put(
            "erasure_requested",
            Arc::new(self.erasure_requested.finish()),
        );
        put("current_tier", Arc::new(self.current_tier.finish()));
        put("tier_since", Arc::new(self.tier_since.finish()));
        put(
            "publicity_restricted",
            Arc::new(self.publicity_restricted.finish()),
        );
        put("verified_on", Arc::new(self.verified_on.finish()));
        put("left_company", Arc::new(self.left_company.finish()));
        Ok(out)
    }
}

/// A struct array of named columns (no null structs).
fn structs(columns: Vec<(&str, ArrayRef)>) -> Result<StructArray, ArrowError> {
    let fields: Fields = columns
        .iter()
        .map(|(n, a)| Field::new(*n, a.data_type().clone(), true))
        .collect();
    StructArray::try_new(fields, columns.into_iter().map(|(_, a)| a).collect(), None)
}

/// Columns of one history table, without the advocate.
trait HistoryCols: Default {
    type Item;
    fn push(&mut self, item: &Self::Item);
    /// The columns; with `nested`, record-valued fields (an activity's incentive) as structs.
    fn finish(&mut self, nested: bool) -> Result<Vec<(&'static str, ArrayRef)>, ArrowError>;
}

#[derive(Debug, Default)]
struct ActivityCols {
    kind: StringBuilder,
    date: Date32Builder,
    status: StringBuilder,
    solicited: BooleanBuilder,
    topic: StringBuilder,
    request_id: StringBuilder,
    incentive_kind: StringBuilder,
    incentive_value: Float64Builder,
    incentive_currency: StringBuilder,
    variant: StringBuilder,
}

impl HistoryCols for ActivityCols {
    type Item = plaudit::Activity;

    fn push(&mut self, x: &plaudit::Activity) {
        self.kind.append_value(x.kind.as_str());
        self.date.append_value(day32(x.date));
        self.status.append_value(x.status.as_str());
        self.solicited.append_value(x.solicited);
        opt_str(&mut self.topic, x.topic.as_deref());
        opt_str(&mut self.request_id, x.request_id.as_deref());
        opt_str(&mut self.variant, x.variant.as_deref());
        match &x.incentive {
            Some(i) => {
                self.incentive_kind.append_value(i.kind.as_str());
                self.incentive_value.append_value(i.value);
                opt_str(&mut self.incentive_currency, i.currency.as_deref());
            }
            None => {
                self.incentive_kind.append_null();
                self.incentive_value.append_null();
                self.incentive_currency.append_null();
            }
        }
    }

    fn finish(&mut self, nested: bool) -> Result<Vec<(&'static str, ArrayRef)>, ArrowError> {
        let kind: ArrayRef = Arc::new(self.incentive_kind.finish());
        let value: ArrayRef = Arc::new(self.incentive_value.finish());
        let currency: ArrayRef = Arc::new(self.incentive_currency.finish());
        let mut out: Vec<(&'static str, ArrayRef)> = vec![
            ("kind", Arc::new(self.kind.finish())),
            ("date", Arc::new(self.date.finish())),
            ("status", Arc::new(self.status.finish())),
            ("solicited", Arc::new(self.solicited.finish())),
            ("topic", Arc::new(self.topic.finish())),
            ("request_id", Arc::new(self.request_id.finish())),
            ("variant", Arc::new(self.variant.finish())),
        ];
        if nested {
            // The incentive as a struct, null where the activity has none.
            let nulls = kind.logical_nulls();
            let s = structs(vec![
                ("kind", kind),
                ("value", value),
                ("currency", currency),
            ])?;
            let (fields, columns, _) = s.into_parts();
            out.push((
                "incentive",
                Arc::new(StructArray::try_new(fields, columns, nulls)?),
            ));
        } else {
            out.push(("incentive_kind", kind));
            out.push(("incentive_value", value));
            out.push(("incentive_currency", currency));
        }
        Ok(out)
    }
}

#[derive(Debug, Default)]
struct EngagementCols {
    date: Date32Builder,
}

impl HistoryCols for EngagementCols {
    type Item = NaiveDate;

    fn push(&mut self, d: &NaiveDate) {
        self.date.append_value(day32(*d));
    }

    fn finish(&mut self, _: bool) -> Result<Vec<(&'static str, ArrayRef)>, ArrowError> {
        Ok(vec![("date", Arc::new(self.date.finish()))])
    }
}

#[derive(Debug, Default)]
struct ConsentCols {
    purpose: StringBuilder,
    status: StringBuilder,
    on: Date32Builder,
    expires: Date32Builder,
}

impl HistoryCols for ConsentCols {
    type Item = plaudit::Consent;

    fn push(&mut self, c: &plaudit::Consent) {
        self.purpose.append_value(c.purpose.as_str());
        self.status.append_value(c.status.as_str());
        self.on.append_value(day32(c.on));
        opt_day(&mut self.expires, c.expires);
    }

    fn finish(&mut self, _: bool) -> Result<Vec<(&'static str, ArrayRef)>, ArrowError> {
        Ok(vec![
            ("purpose", Arc::new(self.purpose.finish())),
            ("status", Arc::new(self.status.finish())),
            ("on", Arc::new(self.on.finish())),
            ("expires", Arc::new(self.expires.finish())),
        ])
    }
}

#[derive(Debug, Default)]
struct DisruptionCols {
    kind: StringBuilder,
    from: Date32Builder,
    to: Date32Builder,
}

impl HistoryCols for DisruptionCols {
    type Item = plaudit::Disruption;

    fn push(&mut self, d: &plaudit::Disruption) {
        self.kind.append_value(disruption_kind(d.kind));
        self.from.append_value(day32(d.from));
        opt_day(&mut self.to, d.to);
    }

    fn finish(&mut self, _: bool) -> Result<Vec<(&'static str, ArrayRef)>, ArrowError> {
        Ok(vec![
            ("kind", Arc::new(self.kind.finish())),
            ("from", Arc::new(self.from.finish())),
            ("to", Arc::new(self.to.finish())),
        ])
    }
}

/// The JSON name of a disruption kind.
fn disruption_kind(k: plaudit::DisruptionKind) -> &'static str {
    use plaudit::DisruptionKind as K;
    match k {
        K::ProductMigration => "product_migration",
        K::Escalation => "escalation",
        K::Reorg => "reorg",
        K::Renewal => "renewal",
        K::Other => "other",
    }
}

/// One history table being built: its columns, the owners' ids (long) and the list offsets
/// (nested).
#[derive(Debug, Default)]
struct History<C> {
    cols: C,
    owner: StringBuilder,
    offsets: Vec<i32>,
    rows: usize,
}

impl<C: HistoryCols> History<C> {
    fn push<'a>(&mut self, id: &str, items: impl Iterator<Item = &'a C::Item>, nested: bool)
    where
        C::Item: 'a,
    {
        if nested && self.offsets.is_empty() {
            self.offsets.push(0);
        }
        for x in items {
            self.cols.push(x);
            if !nested {
                self.owner.append_value(id);
            }
            self.rows += 1;
        }
        if nested {
            self.offsets
                .push(i32::try_from(self.rows).unwrap_or(i32::MAX));
        }
    }

    /// The long table (`advocate_id` first).
    fn table(&mut self) -> Result<RecordBatch, ArrowError> {
        let mut columns: Vec<(&str, ArrayRef)> =
            vec![("advocate_id", Arc::new(self.owner.finish()))];
        columns.extend(self.cols.finish(false)?);
        self.rows = 0;
        batch(
            columns
                .into_iter()
                .map(|(n, a)| (n.to_owned(), a))
                .collect(),
        )
    }

    /// The list column (one list per advocate pushed); engagements a list of dates.
    fn lists(&mut self, dates_only: bool) -> Result<ArrayRef, ArrowError> {
        let columns = self.cols.finish(true)?;
        let offsets = std::mem::take(&mut self.offsets);
        let offsets = if offsets.is_empty() { vec![0] } else { offsets };
        self.rows = 0;
        let values: ArrayRef = match (dates_only, columns.first()) {
            (true, Some((_, a))) => a.clone(),
            _ => Arc::new(structs(columns)?),
        };
        let field = Arc::new(Field::new_list_field(values.data_type().clone(), true));
        Ok(Arc::new(ListArray::try_new(
            field,
            OffsetBuffer::new(offsets.into()),
            values,
            None,
        )?))
    }
}

fn batch(columns: Vec<(String, ArrayRef)>) -> Result<RecordBatch, ArrowError> {
    let schema = Schema::new(
        columns
            .iter()
            .map(|(n, a)| Field::new(n, a.data_type().clone(), true))
            .collect::<Vec<_>>(),
    );
    RecordBatch::try_new(
        Arc::new(schema),
        columns.into_iter().map(|(_, a)| a).collect(),
    )
}

/// Advocates written as Arrow batches, a chunk at a time.
#[derive(Debug)]
pub struct Encoder {
    shape: Shape,
    advocates: AdvocateCols,
    n: usize,
    activities: History<ActivityCols>,
    engagements: History<EngagementCols>,
    consents: History<ConsentCols>,
    disruptions: History<DisruptionCols>,
}

impl Encoder {
    /// An empty encoder for `shape`.
    pub fn new(shape: Shape) -> Self {
        Encoder {
            shape,
            advocates: AdvocateCols::default(),
            n: 0,
            activities: History::default(),
            engagements: History::default(),
            consents: History::default(),
            disruptions: History::default(),
        }
    }

    /// Adds one advocate (as given: the readers normalize what they read).
    pub fn push(&mut self, a: &Advocate) {
        let nested = self.shape == Shape::Nested;
        self.advocates.push(a);
        self.activities.push(&a.id, a.activities.iter(), nested);
        self.engagements.push(&a.id, a.engagements.iter(), nested);
        self.consents.push(&a.id, a.consents.iter(), nested);
        self.disruptions.push(&a.id, a.disruptions.iter(), nested);
        self.n += 1;
    }

    /// Advocates pushed since the last [`Encoder::finish`].
    pub fn len(&self) -> usize {
        self.n
    }

    /// Whether no advocate was pushed since the last [`Encoder::finish`].
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// The advocates pushed since the last call, as tables of one batch each (long: every
    /// history table present, possibly empty; nested: the advocates table only), and a
    /// fresh start.
    pub fn finish(&mut self) -> Result<Tables, ArrowError> {
        self.n = 0;
        match self.shape {
            Shape::Long => Ok(Tables {
                advocates: vec![batch(self.advocates.finish(false)?)?],
                activities: Some(vec![self.activities.table()?]),
                engagements: Some(vec![self.engagements.table()?]),
                consents: Some(vec![self.consents.table()?]),
                disruptions: Some(vec![self.disruptions.table()?]),
            }),
            Shape::Nested => {
                let mut columns = self.advocates.finish(true)?;
                columns.push(("activities".into(), self.activities.lists(false)?));
                columns.push(("engagements".into(), self.engagements.lists(true)?));
                columns.push(("consents".into(), self.consents.lists(false)?));
                columns.push(("disruptions".into(), self.disruptions.lists(false)?));
                Ok(Tables {
                    advocates: vec![batch(columns)?],
                    ..Default::default()
                })
            }
        }
    }
}
