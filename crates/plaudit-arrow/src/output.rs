//! The result table: one row per advocate, built column by column per thread.
//!
//! Each column is one builder and one line in [`Out::push`], from the core's `Evaluation`.

use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, Date32Builder, Float64Builder, Int32Builder, ListBuilder, StringBuilder,
    UInt32Builder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef};
use plaudit::Evaluation;

/// Day number (days from the common era) of 1970-01-01: Arrow's `date32` counts from there.
const EPOCH_DAY: i32 = 719_163;

/// Column builders for a range of advocates.
#[derive(Debug)]
pub struct Out {
    eligible: BooleanBuilder,
    reasons: ListBuilder<StringBuilder>,
    readiness: Float64Builder,
    lifecycle: StringBuilder,
    tenure_months: Int32Builder,
    counted_12m: UInt32Builder,
    remaining: UInt32Builder,
    tier: StringBuilder,
    next_available_on: Date32Builder,
}

impl Out {
    /// Builders for `n` rows.
    pub fn with_capacity(n: usize) -> Self {
        Out {
            eligible: BooleanBuilder::with_capacity(n),
            reasons: ListBuilder::with_capacity(StringBuilder::with_capacity(n, n * 16), n),
            readiness: Float64Builder::with_capacity(n),
            lifecycle: StringBuilder::with_capacity(n, n * 8),
            tenure_months: Int32Builder::with_capacity(n),
            counted_12m: UInt32Builder::with_capacity(n),
            remaining: UInt32Builder::with_capacity(n),
            tier: StringBuilder::with_capacity(n, n * 8),
            next_available_on: Date32Builder::with_capacity(n),
        }
    }

    /// Appends one advocate.
    #[inline]
    pub fn push(&mut self, d: &Evaluation) {
        match &d.eligibility {
            Some(e) => {
                self.eligible.append_value(e.eligible);
                for r in e.reasons.iter() {
                    self.reasons.values().append_value(r.as_str());
                }
                self.reasons.append(true);
                self.readiness.append_value(e.readiness.score);
                self.tenure_months.append_value(e.tenure_months);
            }
            // Erased: `erased` is the whole reason list (as `eligibility` says of it); no
            // verdict, score or tenure, as the JSON evaluation has no eligibility then.
            None if d.lifecycle.state == plaudit::LifecycleState::Erased => {
                self.eligible.append_null();
                self.reasons
                    .values()
                    .append_value(plaudit::Reason::Erased.as_str());
                self.reasons.append(true);
                self.readiness.append_null();
                self.tenure_months.append_null();
            }
            None => {
                self.eligible.append_null();
                self.reasons.append(false);
                self.readiness.append_null();
                self.tenure_months.append_null();
            }
        }
        self.lifecycle.append_value(d.lifecycle.state.as_str());
        match &d.capacity {
            Some(c) => {
                self.counted_12m.append_value(c.counted_in_window);
                self.remaining.append_value(c.remaining);
            }
            None => {
                self.counted_12m.append_null();
                self.remaining.append_null();
            }
        }
        match &d.tier {
            Some(t) => self.tier.append_value(t.tier.as_str()),
            None => self.tier.append_null(),
        }
        // The earliest date any kind the advocate is willing to do may be asked.
        let next = d.next_available.values().filter_map(|n| n.0).min();
        match next {
            Some(n) => self
                .next_available_on
                .append_value(plaudit::dates::day(n) - EPOCH_DAY),
            None => self.next_available_on.append_null(),
        }
    }

    /// The schema, given the id column's type.
    pub fn schema(id: &DataType) -> SchemaRef {
        Arc::new(Schema::new(vec![
            Field::new("id", id.clone(), false),
            Field::new("eligible", DataType::Boolean, true),
            Field::new(
                "reasons",
                DataType::List(Arc::new(Field::new_list_field(DataType::Utf8, true))),
                true,
            ),
            Field::new("readiness", DataType::Float64, true),
            Field::new("lifecycle", DataType::Utf8, false),
            Field::new("tenure_months", DataType::Int32, true),
            Field::new("counted_12m", DataType::UInt32, true),
            Field::new("remaining", DataType::UInt32, true),
            Field::new("tier", DataType::Utf8, true),
            Field::new("next_available_on", DataType::Date32, true),
        ]))
    }

    /// The batch, with the advocates' ids (a zero-copy slice of the input column).
    pub fn finish(mut self, id: ArrayRef) -> Result<RecordBatch, ArrowError> {
        let schema = Out::schema(id.data_type());
        let columns: Vec<ArrayRef> = vec![
            id,
            Arc::new(self.eligible.finish()),
            Arc::new(self.reasons.finish()),
            Arc::new(self.readiness.finish()),
            Arc::new(self.lifecycle.finish()),
            Arc::new(self.tenure_months.finish()),
            Arc::new(self.counted_12m.finish()),
            Arc::new(self.remaining.finish()),
            Arc::new(self.tier.finish()),
            Arc::new(self.next_available_on.finish()),
        ];
        RecordBatch::try_new(schema, columns)
    }
}

/// Where `assigned_tier` goes: right after `tier`.
const ASSIGNED_AT: usize = 9;

/// `schema` with an `assigned_tier` column after `tier`.
pub fn with_assigned_schema(schema: &Schema) -> SchemaRef {
    let mut fields: Vec<Arc<Field>> = schema.fields().iter().cloned().collect();
    fields.insert(
        ASSIGNED_AT.min(fields.len()),
        Arc::new(Field::new("assigned_tier", DataType::Utf8, true)),
    );
    Arc::new(Schema::new(fields))
}

/// Adds the `assigned_tier` column (`assigned`: one tier per advocate, in batch order) to
/// the batches of [`Out::finish`].
pub fn with_assigned(
    batches: Vec<RecordBatch>,
    assigned: &[Option<plaudit::Tier>],
) -> Result<Vec<RecordBatch>, ArrowError> {
    let mut at = 0usize;
    batches
        .into_iter()
        .map(|b| {
            let n = b.num_rows();
            let tiers = assigned.get(at..at + n).ok_or_else(|| {
                ArrowError::InvalidArgumentError("fewer assigned tiers than advocates".into())
            })?;
            at += n;
            let column: arrow_array::StringArray =
                tiers.iter().map(|t| t.map(|t| t.as_str())).collect();
            let mut columns = b.columns().to_vec();
            columns.insert(ASSIGNED_AT.min(columns.len()), Arc::new(column));
            RecordBatch::try_new(with_assigned_schema(b.schema_ref()), columns)
        })
        .collect()
}

/// The `rank_table` result: one row per advocate of `roster`, in input order: `id` (the
/// input column), `status` (`selected`: among the returned matches; `matched`: allowed but
/// not returned; `excluded`), `position` (1-based among the returned), `score`,
/// `earliest_on`, `tier`, `reasons` (every exclusion reason), `next_available_on` (for
/// exclusions time lifts) and `near_miss`.
pub fn rank_batch(
    roster: &plaudit::Roster,
    ranking: &plaudit::Ranking,
    id: ArrayRef,
) -> Result<RecordBatch, ArrowError> {
    use std::collections::HashMap;
    let day32 = |d: chrono::NaiveDate| plaudit::dates::day(d) - EPOCH_DAY;
    let selected: HashMap<&str, (usize, &plaudit::Match)> = ranking
        .matches
        .iter()
        .enumerate()
        .map(|(k, m)| (&*m.id, (k + 1, m)))
        .collect();
    let excluded: HashMap<&str, &plaudit::Exclusion> =
        ranking.excluded.iter().map(|x| (&*x.id, x)).collect();
    let near: std::collections::HashSet<&str> =
        ranking.near_misses.iter().map(|x| &*x.id).collect();
    let n = roster.len();
    let mut status = StringBuilder::with_capacity(n, n * 8);
    let mut position = UInt32Builder::with_capacity(n);
    let mut score = Float64Builder::with_capacity(n);
    let mut earliest = Date32Builder::with_capacity(n);
    let mut tier = StringBuilder::with_capacity(n, n * 4);
    let mut reasons = ListBuilder::with_capacity(StringBuilder::with_capacity(n, n * 16), n);
    let mut next = Date32Builder::with_capacity(n);
    let mut near_miss = BooleanBuilder::with_capacity(n);
    for a in roster.advocates() {
        let key = a.id.as_str();
        if let Some((k, m)) = selected.get(key) {
            status.append_value("selected");
            position.append_value(u32::try_from(*k).unwrap_or(u32::MAX));
            score.append_value(m.score);
            earliest.append_value(day32(m.earliest_on));
            tier.append_value(m.tier.as_str());
            reasons.append(true);
            next.append_null();
        } else if let Some(x) = excluded.get(key) {
            status.append_value("excluded");
            position.append_null();
            score.append_null();
            earliest.append_null();
            tier.append_null();
            for r in x.reasons.iter() {
                reasons.values().append_value(r.as_str());
            }
            reasons.append(true);
            match x.next_available_on {
                Some(d) => next.append_value(day32(d)),
                None => next.append_null(),
            }
        } else {
            status.append_value("matched");
            position.append_null();
            score.append_null();
            earliest.append_null();
            tier.append_null();
            reasons.append(true);
            next.append_null();
        }
        near_miss.append_value(near.contains(key));
    }
    let schema = Arc::new(Schema::new(vec![
        Field::new("id", id.data_type().clone(), false),
        Field::new("status", DataType::Utf8, false),
        Field::new("position", DataType::UInt32, true),
        Field::new("score", DataType::Float64, true),
        Field::new("earliest_on", DataType::Date32, true),
        Field::new("tier", DataType::Utf8, true),
        Field::new(
            "reasons",
            DataType::List(Arc::new(Field::new_list_field(DataType::Utf8, true))),
            false,
        ),
        Field::new("next_available_on", DataType::Date32, true),
        Field::new("near_miss", DataType::Boolean, false),
    ]));
    let columns: Vec<ArrayRef> = vec![
        id,
        Arc::new(status.finish()),
        Arc::new(position.finish()),
        Arc::new(score.finish()),
        Arc::new(earliest.finish()),
        Arc::new(tier.finish()),
        Arc::new(reasons.finish()),
        Arc::new(next.finish()),
        Arc::new(near_miss.finish()),
    ];
    RecordBatch::try_new(schema, columns)
}
