//! A prepared roster: many advocates validated once (ids unique), with the string keys the
//! matching compares interned to small integers, so population operations run as tight loops.

use std::sync::Arc;

use rustc_hash::FxHashMap as HashMap;

use crate::error::{FieldError, RecordError};
use crate::input::records::{Advocate, Segment};

/// The roster's request-independent state as of one date, kept by the roster (a child of
/// this module: it reads the roster's columns, and the roster keeps its latest day).
pub(crate) mod day_state;

/// Interned string keys: each distinct key gets a small id.
#[derive(Debug, Clone, Default)]
pub(crate) struct Interner {
    ids: HashMap<String, u32>,
}

impl Interner {
    pub(crate) fn intern(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.ids.get(s) {
            return id;
        }
        let id = u32::try_from(self.ids.len()).unwrap_or(u32::MAX);
        self.ids.insert(s.to_owned(), id);
        id
    }

    /// Every key with its id.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, u32)> {
        self.ids.iter().map(|(k, v)| (k.as_str(), *v))
    }

    /// Number of keys.
    pub(crate) fn len(&self) -> usize {
        self.ids.len()
    }

    pub(crate) fn get(&self, s: &str) -> Option<u32> {
        self.ids.get(s).copied()
    }
}

/// Sorted id lists of every advocate in one flat buffer.
#[derive(Debug, Clone, Default)]
pub(crate) struct SetArena {
    offsets: Vec<u32>,
    items: Vec<u32>,
}

impl SetArena {
    fn push(&mut self, mut ids: Vec<u32>) {
        ids.sort_unstable();
        ids.dedup();
        if self.offsets.is_empty() {
            self.offsets.push(0);
        }
        self.items.extend_from_slice(&ids);
        self.offsets
            .push(u32::try_from(self.items.len()).unwrap_or(u32::MAX));
    }

    #[inline]
    pub(crate) fn get(&self, i: usize) -> &[u32] {
        match (self.offsets.get(i), self.offsets.get(i + 1)) {
            (Some(&a), Some(&b)) => self.items.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }
}

/// Sentinel for "no value" in interned columns.
pub(crate) const NONE: u32 = u32::MAX;

/// Many advocates, validated and prepared once for [`crate::Engine::rank`],
/// [`crate::Engine::assign_tiers`] and [`crate::Engine::coverage`].
///
/// A roster also keeps what `rank` computed that does not depend on the request, for the
/// latest date and policy it ranked for (lifecycle, gates, counted days, per kind asked the
/// blocked and consent-missing intervals; tiers, readiness and account totals as first
/// read): the first request of a day pays for it, later requests of that day (the usual load
/// of a reference desk) only for what the request changes. Results never depend on it; it
/// is behind a lock, so one roster serves every thread; [`Roster::clear_cache`] drops it, and
/// a clone starts without it.
///
/// ```
/// let roster = plaudit::Roster::from_json(r#"[
///   {"id": "a", "customer_since": "2020-01-01", "health_score": 90, "industry": "Retail"},
///   {"id": "b", "customer_since": "2021-01-01", "health_score": 70}
/// ]"#).unwrap();
/// assert_eq!(roster.len(), 2);
/// assert_eq!(roster.get("a").unwrap().industry, "retail");
/// ```
#[derive(Debug, Clone)]
pub struct Roster {
    pub(crate) advocates: Vec<Advocate>,
    pub(crate) ids: Vec<Arc<str>>,
    /// Indices of the advocates in id order: population operations walk this, so their
    /// output does not depend on the input order.
    pub(crate) order: Vec<u32>,
    by_id: HashMap<Arc<str>, u32>,
    pub(crate) industries: Interner,
    pub(crate) products: Interner,
    pub(crate) use_cases: Interner,
    pub(crate) accounts: Interner,
    pub(crate) countries: Interner,
    pub(crate) industry: Vec<u32>,
    pub(crate) country: Vec<u32>,
    pub(crate) account: Vec<u32>,
    pub(crate) segment: Vec<Option<Segment>>,
    pub(crate) product_sets: SetArena,
    pub(crate) use_case_sets: SetArena,
    /// Per account id, its advocates' positions in id order.
    pub(crate) members: SetArena,
    /// Every advocate's facts, packed in id order (see [`crate::rules::facts`]).
    pub(crate) packed: crate::rules::facts::Packed,
    /// The request-independent state of every advocate as of the latest date ranked.
    pub(crate) day: crate::population::roster::day_state::DayCache,
}

/// Most advocates one roster holds.
pub const MAX_ROSTER: usize = 10_000_000;

impl Roster {
    /// Prepares a roster: normalizes and validates every advocate, checks ids are unique and
    /// interns keys. Every problem is reported (paths `advocates[i].field`).
    pub fn new(mut advocates: Vec<Advocate>) -> Result<Roster, RecordError> {
        let mut errors: Vec<FieldError> = Vec::new();
        if advocates.len() > MAX_ROSTER {
            return Err(RecordError::single(
                "advocates",
                crate::ErrorCode::TooMany,
                format!("{} advocates is more than {MAX_ROSTER}", advocates.len()),
            ));
        }
        for (i, a) in advocates.iter_mut().enumerate() {
            a.normalize();
            a.validate_into(&format!("advocates[{i}]"), &mut errors);
            if errors.len() >= crate::MAX_REPORTED_ERRORS {
                break;
            }
        }
        crate::input::records::check_unique_ids(&advocates, "advocates", &mut errors);
        errors.truncate(crate::MAX_REPORTED_ERRORS);
        RecordError::from_errors(errors)?;
        Ok(Self::prepare(advocates))
    }

    /// Prepares advocates that are already normalized and validated, with unique ids, as a
    /// door hands them over after checking them itself (the table door of `plaudit-arrow`
    /// does, on every core): [`Roster::new`] without its second, serial pass over a
    /// million records. Advocates that were not checked give meaningless decisions (never
    /// a panic); use [`Roster::new`] for them.
    ///
    /// ```
    /// // `parse_advocates` normalizes and validates, as a door does.
    /// let advocates = plaudit::parse_advocates(
    ///     r#"[{"id": "a", "customer_since": "2020-01-01", "health_score": 90}]"#,
    /// )
    /// .unwrap();
    /// let roster = plaudit::Roster::from_validated(advocates).unwrap();
    /// assert_eq!(roster.len(), 1);
    /// ```
    pub fn from_validated(advocates: Vec<Advocate>) -> Result<Roster, RecordError> {
        if advocates.len() > MAX_ROSTER {
            return Err(RecordError::single(
                "advocates",
                crate::ErrorCode::TooMany,
                format!("{} advocates is more than {MAX_ROSTER}", advocates.len()),
            ));
        }
        Ok(Self::prepare(advocates))
    }

    /// Parses a JSON array of advocates and prepares it (see [`Roster::new`]).
    pub fn from_json(json: &str) -> Result<Roster, RecordError> {
        crate::input::records::parse_advocates(json).map(Self::prepare)
    }

    /// Interns keys of advocates already normalized and validated.
    fn prepare(advocates: Vec<Advocate>) -> Roster {
        let n = advocates.len();
        let mut r = Roster {
            ids: Vec::with_capacity(n),
            order: Vec::new(),
            by_id: HashMap::with_capacity_and_hasher(n, Default::default()),
            industries: Interner::default(),
            products: Interner::default(),
            use_cases: Interner::default(),
            accounts: Interner::default(),
            countries: Interner::default(),
            industry: Vec::with_capacity(n),
            country: Vec::with_capacity(n),
            account: Vec::with_capacity(n),
            segment: Vec::with_capacity(n),
            product_sets: SetArena::default(),
            use_case_sets: SetArena::default(),
            packed: crate::rules::facts::Packed::default(),
            members: SetArena::default(),
            day: crate::population::roster::day_state::DayCache::default(),
            advocates: Vec::new(),
        };
        for (i, a) in advocates.iter().enumerate() {
            let id: Arc<str> = Arc::from(a.id.as_str());
            r.by_id
                .insert(id.clone(), u32::try_from(i).unwrap_or(u32::MAX));
            r.ids.push(id);
            r.industry.push(if a.industry.is_empty() {
                NONE
            } else {
                r.industries.intern(&a.industry)
            });
            r.account.push(if a.account_id.is_empty() {
                NONE
            } else {
                r.accounts.intern(&a.account_id)
            });
            r.segment.push(a.segment);
            r.country.push(if a.country.is_empty() {
                NONE
            } else {
                r.countries.intern(&a.country)
            });
            let p = a.products.iter().map(|k| r.products.intern(k)).collect();
            r.product_sets.push(p);
            let u = a.use_cases.iter().map(|k| r.use_cases.intern(k)).collect();
            r.use_case_sets.push(u);
        }
        if n == 0 {
            r.product_sets.push(Vec::new());
            r.use_case_sets.push(Vec::new());
        }
        // Sorted as (id, index) pairs: a compare reads the two ids without going through
        // the roster's table of ids first.
        let mut keyed: Vec<(&str, u32)> = r
            .ids
            .iter()
            .enumerate()
            .map(|(i, id)| (&**id, u32::try_from(i).unwrap_or(u32::MAX)))
            .collect();
        keyed.sort_unstable();
        let order: Vec<u32> = keyed.into_iter().map(|(_, i)| i).collect();
        r.packed = crate::rules::facts::Packed::new(&advocates, &order);
        let mut members: Vec<Vec<u32>> = vec![Vec::new(); r.accounts.len()];
        for (k, &i) in order.iter().enumerate() {
            if let Some(m) = r
                .account
                .get(i as usize)
                .and_then(|&acc| members.get_mut(acc as usize))
            {
                m.push(u32::try_from(k).unwrap_or(u32::MAX));
            }
        }
        for m in members {
            r.members.push(m);
        }
        if r.accounts.len() == 0 {
            r.members.push(Vec::new());
        }
        r.order = order;
        r.advocates = advocates;
        r
    }

    /// The policy's country and industry facts for this roster's interned keys.
    pub(crate) fn tables(&self, policy: &crate::policy::Policy) -> crate::rules::facts::Tables {
        crate::rules::facts::Tables::new(
            policy,
            (self.countries.len(), self.countries.iter()),
            (self.industries.len(), self.industries.iter()),
        )
    }

    /// The input index of the `k`-th advocate in id order.
    #[inline]
    pub(crate) fn index_of(&self, k: usize) -> usize {
        self.order.get(k).map_or(usize::MAX, |&i| i as usize)
    }

    /// The `k`-th advocate in id order as a packed row, with its index in input order.
    #[inline]
    pub(crate) fn row<'a>(
        &'a self,
        k: usize,
        tables: &'a crate::rules::facts::Tables,
    ) -> (crate::rules::facts::Row<'a>, usize) {
        let i = self.index_of(k);
        let geo = (
            self.country.get(i).copied().unwrap_or(NONE),
            self.industry.get(i).copied().unwrap_or(NONE),
        );
        (self.packed.row(k, tables, geo), i)
    }

    /// The id of the advocate at input index `i`.
    #[inline]
    pub(crate) fn id(&self, i: usize) -> &str {
        self.ids.get(i).map_or("", |s| s)
    }

    /// The advocates in id order, with their index.
    pub(crate) fn in_id_order(&self) -> impl Iterator<Item = (usize, &Advocate)> {
        self.order.iter().filter_map(|&i| {
            let i = i as usize;
            self.advocates.get(i).map(|a| (i, a))
        })
    }

    /// Drops what the roster keeps between [`crate::Engine::rank`] calls: the
    /// request-independent state of every advocate as of the latest date ranked (lifecycle,
    /// gates, tier, readiness, and per kind asked the blocked intervals; about 60 bytes per
    /// advocate plus 20 per kind asked). The next `rank` computes it again. Results never
    /// depend on it.
    pub fn clear_cache(&self) {
        self.day.clear();
    }

    /// Number of advocates.
    pub fn len(&self) -> usize {
        self.advocates.len()
    }

    /// Whether the roster is empty.
    pub fn is_empty(&self) -> bool {
        self.advocates.is_empty()
    }

    /// The advocate with this id.
    pub fn get(&self, id: &str) -> Option<&Advocate> {
        self.by_id
            .get(id)
            .and_then(|&i| self.advocates.get(i as usize))
    }

    /// Every advocate, in input order.
    pub fn advocates(&self) -> &[Advocate] {
        &self.advocates
    }
}

impl crate::Engine {
    /// [`crate::Engine::evaluate`] for every advocate of a roster, in id order: the batch path (the
    /// roster's packed layout, buffers reused across advocates). Gives exactly what calling
    /// `evaluate` on each advocate gives.
    pub fn evaluate_roster(
        &self,
        roster: &crate::Roster,
        as_of: chrono::NaiveDate,
    ) -> Vec<crate::rules::evaluate::Evaluation> {
        let today = crate::rules::scratch::Today::of(as_of);
        let tables = roster.tables(self.policy());
        let mut scratch = crate::rules::scratch::Scratch::default();
        (0..roster.len())
            .map(|k| {
                let (row, i) = roster.row(k, &tables);
                crate::rules::evaluate::evaluate(self, &row, roster.id(i), &today, &mut scratch)
            })
            .collect()
    }
}
