//! The result table: one row per advocate, built column by column per thread.
//!
//! Each column is one builder and one line in [`Out::push`]: when the core gains
//! `evaluate`, `counted_12m`, `remaining`, `tier` and `next_available_on` are added here the
//! same way (see the README's "when the core grows" note).

use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, Float64Builder, Int32Builder, ListBuilder, StringBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef};
use plaudit::{Eligibility, Lifecycle, LifecycleState};

/// What the table shows of one advocate.
#[derive(Debug)]
pub struct Decision<'a> {
    /// Eligibility; `None` for an erased advocate (decisions carry only the id, SPEC §11.1).
    pub eligibility: Option<&'a Eligibility>,
    /// Lifecycle.
    pub lifecycle: &'a Lifecycle,
}

impl<'a> Decision<'a> {
    /// The decision from the core's per-record results.
    pub fn new(eligibility: &'a Eligibility, lifecycle: &'a Lifecycle) -> Self {
        let erased = lifecycle.state == LifecycleState::Erased;
        Decision {
            eligibility: (!erased).then_some(eligibility),
            lifecycle,
        }
    }
}

/// Column builders for a range of advocates.
#[derive(Debug)]
pub struct Out {
    eligible: BooleanBuilder,
    reasons: ListBuilder<StringBuilder>,
    readiness: Float64Builder,
    lifecycle: StringBuilder,
    tenure_months: Int32Builder,
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
        }
    }

    /// Appends one advocate.
    #[inline]
    pub fn push(&mut self, d: &Decision<'_>) {
        match d.eligibility {
            Some(e) => {
                self.eligible.append_value(e.eligible);
                for r in e.reasons.iter() {
                    self.reasons.values().append_value(r.as_str());
                }
                self.reasons.append(true);
                self.readiness.append_value(e.readiness.score);
                self.tenure_months.append_value(e.tenure_months);
            }
            None => {
                self.eligible.append_null();
                self.reasons.append(false);
                self.readiness.append_null();
                self.tenure_months.append_null();
            }
        }
        self.lifecycle.append_value(d.lifecycle.state.as_str());
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
        ];
        RecordBatch::try_new(schema, columns)
    }
}
