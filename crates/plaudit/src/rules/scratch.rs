//! The per-call state the rules share: the as-of date in the forms they use ([`Today`]),
//! the reusable buffers of a check ([`Scratch`]: a loop over a roster allocates nothing per
//! advocate), and the kind- and date-independent parts of a check ([`Base`], [`KindPart`]).
//! It lives apart from `check` so that capacity, compliance, `evaluate` and the roster's day
//! state can all use it without depending on one another.

use chrono::NaiveDate;

use crate::input::dates::{Day, date, day};
use crate::input::records::ActivityKind;
use crate::reasons::ReasonSet;
use crate::rules::facts::{Scalars, Ymd};
use crate::rules::window::Block;

/// The as-of date in the forms the rules use, computed once per call.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Today {
    /// The date.
    pub date: NaiveDate,
    /// Its day number.
    pub day: Day,
    /// Its calendar parts.
    pub ymd: Ymd,
}

impl Today {
    pub(crate) fn of(date: NaiveDate) -> Today {
        Today {
            date,
            day: day(date),
            ymd: Ymd::of(date),
        }
    }

    /// The date of day `d`, without the calendar arithmetic when it is today (the usual
    /// next available date).
    #[inline]
    pub(crate) fn date_of(&self, d: Day) -> NaiveDate {
        if d == self.day { self.date } else { date(d) }
    }
}

/// Reusable buffers for checks, so that a loop over a roster allocates nothing per advocate.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    /// Counted days, sorted.
    pub all: Vec<Day>,
    /// Days of the asked kind's completed and scheduled rows.
    pub same: Vec<Day>,
    /// Days of the asked testimonial topic.
    pub topic: Vec<Day>,
    /// Asks for response fatigue: `(day, declined or unanswered)` as one ordered integer.
    pub asks: Vec<i64>,
    /// The annual cap's intervals, sorted (they apply to kinds that count).
    pub cap_blocks: Vec<Block>,
    /// Response fatigue, soft lock and disruption intervals (every kind), sorted.
    pub shared: Vec<Block>,
    /// Whether the kind of the last `kind_part` counts toward the annual cap.
    pub counts: bool,
    /// The kind's cap intervals, sorted.
    pub kind_cap: Vec<Block>,
    /// The kind's minimum-gap intervals, sorted.
    pub gaps: Vec<Block>,
    /// The testimonial topic's intervals, sorted.
    pub topic_blocks: Vec<Block>,
    /// Completed and scheduled days grouped by kind, each group sorted
    /// ([`crate::rules::capacity::bucket`]).
    pub by_kind: Vec<Day>,
    /// Where each kind's group starts in `by_kind` (and, at `k + 1`, ends).
    pub kind_at: [u32; ActivityKind::ALL.len() + 1],
    /// The lists merged ([`Scratch::merged`]).
    pub blocks: Vec<Block>,
    /// The advocate's consent answers so far (reset by [`Engine::shared`]).
    pub consent: std::cell::Cell<crate::rules::compliance::ConsentMemo>,
}

impl Scratch {
    /// The intervals of the kind of the last `kind_part`, as sorted lists.
    #[inline]
    pub(crate) fn lists(&self) -> [&[Block]; 5] {
        let cap: &[Block] = if self.counts { &self.cap_blocks } else { &[] };
        [
            cap,
            &self.kind_cap,
            &self.gaps,
            &self.topic_blocks,
            &self.shared,
        ]
    }

    /// [`Scratch::lists`] as one list sorted by start (into `blocks`).
    pub(crate) fn merged(&mut self) -> &[Block] {
        let mut blocks = std::mem::take(&mut self.blocks);
        blocks.clear();
        for list in self.lists() {
            blocks.extend_from_slice(list);
        }
        blocks.sort_unstable_by_key(|b| b.0);
        self.blocks = blocks;
        &self.blocks
    }
}

/// The kind- and date-independent part of a check.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Base {
    /// Erased: nothing else applies.
    pub erased: bool,
    /// Lifecycle exclusions, `left_company`, eligibility gates but the NPS gate.
    pub blocking: ReasonSet,
    /// The NPS gate's reasons (reviews may skip them).
    pub nps: ReasonSet,
    /// `at_risk`, `profile_stale`.
    pub warnings: ReasonSet,
    /// The advocate's scalar facts.
    pub s: Scalars,
}

/// The date-independent part of a check for one kind.
#[derive(Debug, Clone, Copy)]
pub(crate) struct KindPart {
    /// The kind asked.
    pub kind: ActivityKind,
    /// Reasons that hold on every date.
    pub reasons: ReasonSet,
    /// Disclosures.
    pub disclosures: ReasonSet,
    /// Warnings.
    pub warnings: ReasonSet,
}
