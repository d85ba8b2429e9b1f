//! What a roster's advocates are as of one date, whatever the request: lifecycle and gates,
//! effective tier, readiness, and per kind every interval of days capacity rules block.
//!
//! A reference desk ranks the same roster for many requests on the same day. The
//! request-independent part of each advocate's state is computed by the first
//! [`crate::Engine::rank`] for a date (per kind: by the first request of that kind) and
//! kept by the roster, keyed by the policy fingerprint and the date; later requests pay only
//! for what the request changes (accounts, language, incentive, dates, the score). The
//! results are the same either way: the cached values are the very ones the per-request
//! path computes (tests compare a warm roster with a fresh one).

use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use crate::input::dates::Day;
use crate::input::records::{ActivityKind, Tier};
use crate::population::roster::{NONE, Roster};
use crate::reasons::ReasonSet;
use crate::rules::facts::{Facts, Tables};
use crate::rules::scratch::{Base, Scratch, Today};
use crate::rules::window::Block;

/// The kind- and date-independent part of a check, without the scalars.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Gate {
    pub erased: bool,
    pub blocking: ReasonSet,
    pub nps: ReasonSet,
    pub warnings: ReasonSet,
}

/// Lists of items, one per position, in one flat buffer.
#[derive(Debug)]
pub(crate) struct Ragged<T> {
    at: Vec<u32>,
    items: Vec<T>,
}

impl<T: Copy> Ragged<T> {
    fn with_capacity(n: usize) -> Self {
        let mut at = Vec::with_capacity(n + 1);
        at.push(0);
        Ragged {
            at,
            items: Vec::new(),
        }
    }

    /// Appends the next position's list.
    fn push(&mut self, list: &[T]) {
        self.items.extend_from_slice(list);
        self.at
            .push(u32::try_from(self.items.len()).unwrap_or(u32::MAX));
    }

    /// The list at position `k`.
    #[inline]
    pub(crate) fn get(&self, k: usize) -> &[T] {
        match (self.at.get(k), self.at.get(k + 1)) {
            (Some(&a), Some(&b)) => self.items.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }
}

/// One kind's request-independent part for every advocate: the reasons that hold on every
/// date (gates, lifecycle, willingness, public comfort) and the sorted blocked intervals.
#[derive(Debug)]
pub(crate) struct KindBlocks {
    pub reasons: Vec<ReasonSet>,
    pub blocks: Ragged<Block>,
    /// The days on which a consent the kind needs is missing (sorted, disjoint).
    pub consent: Ragged<(Day, Day)>,
}

/// Every advocate of one roster as of one date, under one policy (rows in id order).
#[derive(Debug)]
pub(crate) struct DayState {
    policy: Arc<str>,
    day: Day,
    today: Today,
    pub tables: Tables,
    pub gates: Vec<Gate>,
    /// Effective tier (with demotion grace) and readiness score, computed when first read
    /// (for matches, and for every advocate when a request sets `min_tier`).
    scores: Vec<OnceLock<(Tier, f64)>>,
    /// Counted activity days, sorted.
    pub counted: Ragged<Day>,
    /// Counted activities in the window ending at the date.
    pub counted_in_window: Vec<u32>,
    kinds: [OnceLock<KindBlocks>; ActivityKind::ALL.len()],
    /// Per account id, its counted activity days, sorted (the account cap, docs/rules.md#account-cap),
    /// computed when one of its advocates first reaches the account-cap check.
    accounts: Vec<OnceLock<Box<[Day]>>>,
}

/// Builds one kind's [`KindBlocks`] row by row.
struct KindBuilder {
    kind: ActivityKind,
    kb: KindBlocks,
    points: Vec<Day>,
    records: Vec<crate::rules::facts::Cons>,
    missing: Vec<(Day, Day)>,
}

impl KindBuilder {
    fn new(kind: ActivityKind, n: usize) -> Self {
        KindBuilder {
            kind,
            kb: KindBlocks {
                reasons: Vec::with_capacity(n),
                blocks: Ragged::with_capacity(n),
                consent: Ragged::with_capacity(n),
            },
            points: Vec::new(),
            records: Vec::new(),
            missing: Vec::new(),
        }
    }

    /// The next row: `scratch` must hold [`crate::Engine::shared`]'s work for it.
    fn push(
        &mut self,
        engine: &crate::Engine,
        row: &impl Facts,
        base: &Base,
        scratch: &mut Scratch,
    ) {
        let part = engine.kind_part(base, row, self.kind, None, None, scratch);
        self.kb.blocks.push(scratch.merged());
        self.kb.reasons.push(part.reasons);
        crate::rules::compliance::missing_intervals(
            engine.policy(),
            row,
            self.kind,
            &mut self.points,
            &mut self.records,
            &mut self.missing,
        );
        self.kb.consent.push(&self.missing);
    }

    /// The next row, erased: nothing is read.
    fn push_erased(&mut self) {
        self.kb.blocks.push(&[]);
        self.kb.consent.push(&[]);
        self.kb.reasons.push(ReasonSet::EMPTY);
    }
}

fn base_of(g: &Gate, s: crate::rules::facts::Scalars) -> Base {
    Base {
        erased: g.erased,
        blocking: g.blocking,
        nps: g.nps,
        warnings: g.warnings,
        s,
    }
}

impl DayState {
    /// The state of every advocate, and the part for asks of `kind` (in the same pass).
    fn new(engine: &crate::Engine, roster: &Roster, today: Today, kind: ActivityKind) -> DayState {
        let policy = engine.policy();
        let n = roster.len();
        let tables = roster.tables(policy);
        let mut gates = Vec::with_capacity(n);
        let mut counted = Ragged::with_capacity(n);
        let mut counted_in_window = Vec::with_capacity(n);
        let mut first = KindBuilder::new(kind, n);
        let mut scratch = Scratch::default();
        let window = i32::try_from(policy.fatigue.window_days).unwrap_or(365);
        for k in 0..n {
            let (row, _) = roster.row(k, &tables);
            let s = row.scalars();
            let base = engine.base(&row, s, &today);
            gates.push(Gate {
                erased: base.erased,
                blocking: base.blocking,
                nps: base.nps,
                warnings: base.warnings,
            });
            if base.erased {
                counted.push(&[]);
                counted_in_window.push(0);
                first.push_erased();
                continue;
            }
            // `shared` leaves the sorted counted days in the scratch.
            engine.shared(&row, today.day, &mut scratch);
            counted_in_window.push(crate::rules::window::count_in(
                &scratch.all,
                today.day,
                window,
            ));
            counted.push(&scratch.all);
            first.push(engine, &row, &base, &mut scratch);
        }
        let state = DayState {
            policy: engine.fingerprint_arc(),
            day: today.day,
            tables,
            gates,
            today,
            scores: std::iter::repeat_with(OnceLock::new).take(n).collect(),
            counted,
            counted_in_window,
            kinds: Default::default(),
            accounts: std::iter::repeat_with(OnceLock::new)
                .take(roster.accounts.len())
                .collect(),
        };
        if let Some(slot) = state.kinds.get(kind.index()) {
            let _ = slot.set(first.kb);
        }
        state
    }

    /// The effective tier and the readiness score of the advocate at position `k` (computed
    /// on first use).
    pub(crate) fn scores(&self, engine: &crate::Engine, roster: &Roster, k: usize) -> (Tier, f64) {
        let Some(cell) = self.scores.get(k) else {
            return (Tier::Community, 0.0);
        };
        *cell.get_or_init(|| {
            let policy = engine.policy();
            let (row, _) = roster.row(k, &self.tables);
            let s = row.scalars();
            let tier = crate::rules::tiers::effective_tier(policy, &row, &s, self.today.day);
            let e = crate::rules::eligibility::eligibility(policy, &row, &s, self.today.date, None);
            (tier, e.readiness.score)
        })
    }

    /// The request-independent part of asks of `kind` (computed on first use).
    pub(crate) fn kind(
        &self,
        engine: &crate::Engine,
        roster: &Roster,
        kind: ActivityKind,
    ) -> &KindBlocks {
        let slot = self.kinds.get(kind.index()).unwrap_or(&self.kinds[0]);
        slot.get_or_init(|| {
            let mut out = KindBuilder::new(kind, roster.len());
            let mut scratch = Scratch::default();
            for (k, g) in self.gates.iter().enumerate() {
                if g.erased {
                    out.push_erased();
                    continue;
                }
                let (row, _) = roster.row(k, &self.tables);
                engine.shared(&row, self.day, &mut scratch);
                out.push(engine, &row, &base_of(g, row.scalars()), &mut scratch);
            }
            out.kb
        })
    }

    /// The counted activity days of account `acc`, sorted.
    pub(crate) fn account_days(&self, engine: &crate::Engine, roster: &Roster, acc: u32) -> &[Day] {
        if acc == NONE {
            return &[];
        }
        let Some(cell) = self.accounts.get(acc as usize) else {
            return &[];
        };
        cell.get_or_init(|| {
            let policy = engine.policy();
            let mut days = Vec::new();
            for &k in roster.members.get(acc as usize) {
                let (row, _) = roster.row(k as usize, &self.tables);
                days.extend(
                    row.activities()
                        .filter(|x| crate::rules::window::is_counted(policy, x))
                        .map(|x| x.day),
                );
            }
            days.sort_unstable();
            days.into_boxed_slice()
        })
    }
}

/// The roster's slot for the latest [`DayState`]: one date under one policy at a time.
/// Cloning a roster starts with an empty slot.
#[derive(Default)]
pub(crate) struct DayCache(Mutex<Option<Arc<DayState>>>);

impl Clone for DayCache {
    fn clone(&self) -> Self {
        DayCache::default()
    }
}

impl std::fmt::Debug for DayCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DayCache")
    }
}

impl DayCache {
    /// The state of `roster` as of `today` under `engine`'s policy: the kept one when it
    /// matches, else a new one (which replaces it).
    pub(crate) fn get(
        &self,
        engine: &crate::Engine,
        roster: &Roster,
        today: Today,
        kind: ActivityKind,
    ) -> Arc<DayState> {
        let matches = |s: &DayState| s.day == today.day && *s.policy == *engine.fingerprint();
        if let Some(s) = self
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
            .filter(|s| matches(s))
        {
            return s.clone();
        }
        // Built outside the lock: another thread may rank for another date meanwhile.
        let s = Arc::new(DayState::new(engine, roster, today, kind));
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = Some(s.clone());
        s
    }

    /// Drops the kept state (its memory).
    pub(crate) fn clear(&self) {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = None;
    }
}
