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

impl SetArena {
    /// Appends sets already sorted and without repeats: `lens` gives how many of `items`
    /// each takes, in turn.
    fn extend(&mut self, items: &[u32], lens: &[u32]) {
        if self.offsets.is_empty() {
            self.offsets.push(0);
        }
        self.offsets.reserve(lens.len());
        let mut at = self.items.len();
        for &l in lens {
            at += l as usize;
            self.offsets.push(u32::try_from(at).unwrap_or(u32::MAX));
        }
        self.items.extend_from_slice(items);
    }
}

/// Sentinel for "no value" in interned columns.
pub(crate) const NONE: u32 = u32::MAX;

/// Independent pieces of the work of preparing a roster, for a door to run on the threads it
/// chose (see [`Roster::from_validated_on`]).
pub type RosterJobs<'a> = Vec<Box<dyn FnOnce() + Send + 'a>>;

type Job<'a> = Box<dyn FnOnce() + Send + 'a>;

/// Runs `jobs` one after another on the calling thread.
fn in_turn(jobs: RosterJobs<'_>) {
    for job in jobs {
        job();
    }
}

/// `f(0)`, ..., `f(n - 1)` as jobs handed to `run`, in order; a job `run` left out is run
/// here, so the results never depend on how (or whether) the door ran them.
fn spread<T: Send>(
    run: &dyn Fn(RosterJobs<'_>),
    n: usize,
    f: impl Fn(usize) -> T + Sync,
) -> Vec<T> {
    let mut out: Vec<Option<T>> = (0..n).map(|_| None).collect();
    {
        let f = &f;
        let jobs: RosterJobs<'_> = out
            .iter_mut()
            .enumerate()
            .map(|(k, slot)| Box::new(move || *slot = Some(f(k))) as Job<'_>)
            .collect();
        run(jobs);
    }
    out.into_iter()
        .enumerate()
        .map(|(k, x)| x.unwrap_or_else(|| f(k)))
        .collect()
}

/// Advocates per piece of the preparing work.
const PIECE: usize = 1 << 16;

/// Keys interned by one piece: ids in first-seen order.
#[derive(Debug, Default)]
struct Local<'a> {
    keys: Vec<&'a str>,
    map: HashMap<&'a str, u32>,
}

impl<'a> Local<'a> {
    fn intern(&mut self, s: &'a str) -> u32 {
        if let Some(&id) = self.map.get(s) {
            return id;
        }
        let id = u32::try_from(self.keys.len()).unwrap_or(u32::MAX);
        self.map.insert(s, id);
        self.keys.push(s);
        id
    }

    /// The id of a key that may be empty (none: [`NONE`]).
    fn opt(&mut self, s: &'a str) -> u32 {
        if s.is_empty() { NONE } else { self.intern(s) }
    }
}

/// One piece of a roster being prepared: a run of advocates in input order.
#[derive(Debug, Default)]
struct Part<'a> {
    ids: Vec<Arc<str>>,
    /// The piece's (id, input index) pairs, sorted.
    keyed: Vec<(&'a str, u32)>,
    industry: Vec<u32>,
    account: Vec<u32>,
    country: Vec<u32>,
    segment: Vec<Option<Segment>>,
    products: Vec<u32>,
    product_lens: Vec<u32>,
    use_cases: Vec<u32>,
    use_case_lens: Vec<u32>,
    /// Industries, products, use cases, accounts, countries (the piece's own ids).
    keys: [Local<'a>; 5],
}

impl<'a> Part<'a> {
    /// The advocates `list`, the first at input index `lo`.
    fn new(list: &'a [Advocate], lo: usize) -> Part<'a> {
        let n = list.len();
        let mut p = Part {
            ids: Vec::with_capacity(n),
            keyed: Vec::with_capacity(n),
            industry: Vec::with_capacity(n),
            account: Vec::with_capacity(n),
            country: Vec::with_capacity(n),
            segment: Vec::with_capacity(n),
            product_lens: Vec::with_capacity(n),
            use_case_lens: Vec::with_capacity(n),
            ..Part::default()
        };
        let [industries, products, use_cases, accounts, countries] = &mut p.keys;
        for (j, a) in list.iter().enumerate() {
            p.ids.push(Arc::from(a.id.as_str()));
            p.keyed
                .push((a.id.as_str(), u32::try_from(lo + j).unwrap_or(u32::MAX)));
            p.industry.push(industries.opt(&a.industry));
            p.account.push(accounts.opt(&a.account_id));
            p.country.push(countries.opt(&a.country));
            p.segment.push(a.segment);
            p.products
                .extend(a.products.iter().map(|k| products.intern(k)));
            p.product_lens
                .push(u32::try_from(a.products.len()).unwrap_or(u32::MAX));
            p.use_cases
                .extend(a.use_cases.iter().map(|k| use_cases.intern(k)));
            p.use_case_lens
                .push(u32::try_from(a.use_cases.len()).unwrap_or(u32::MAX));
        }
        p.keyed.sort_unstable();
        p
    }

    /// The piece's columns in the roster's ids (`m`: the roster's id of each of the piece's
    /// own, per table), each set sorted and without repeats.
    fn remap(&mut self, m: &[Vec<u32>; 5]) {
        let [industries, products, use_cases, accounts, countries] = m;
        let to = |m: &[u32], x: &mut u32| {
            if *x != NONE {
                *x = m.get(*x as usize).copied().unwrap_or(NONE);
            }
        };
        self.industry.iter_mut().for_each(|x| to(industries, x));
        self.account.iter_mut().for_each(|x| to(accounts, x));
        self.country.iter_mut().for_each(|x| to(countries, x));
        fn sets(items: &mut Vec<u32>, lens: &mut [u32], m: &[u32]) {
            let mut out: Vec<u32> = Vec::with_capacity(items.len());
            let mut at = 0usize;
            let mut set: Vec<u32> = Vec::new();
            for l in lens.iter_mut() {
                let end = at + *l as usize;
                set.clear();
                set.extend(
                    items
                        .get(at..end)
                        .unwrap_or(&[])
                        .iter()
                        .map(|&x| m.get(x as usize).copied().unwrap_or(u32::MAX)),
                );
                set.sort_unstable();
                set.dedup();
                out.extend_from_slice(&set);
                *l = u32::try_from(set.len()).unwrap_or(u32::MAX);
                at = end;
            }
            *items = out;
        }
        sets(&mut self.products, &mut self.product_lens, products);
        sets(&mut self.use_cases, &mut self.use_case_lens, use_cases);
    }
}

/// (id, input index) pairs, sorted.
type Run<'a> = Vec<(&'a str, u32)>;

/// Two sorted runs as one.
fn merge<'a>(a: Run<'a>, b: Run<'a>) -> Run<'a> {
    if b.is_empty() {
        return a;
    }
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    loop {
        let x = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) => {
                if x <= y {
                    a.next()
                } else {
                    b.next()
                }
            }
            (Some(_), None) => a.next(),
            (None, _) => b.next(),
        };
        match x {
            Some(x) => out.push(x),
            None => break,
        }
    }
    out
}

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

    /// [`Roster::from_validated`] with the preparing work (interning the keys, sorting the
    /// ids, packing the rows) handed to `run` as batches of independent jobs: `run` runs
    /// every job of a batch, on whatever threads it likes, and returns once they are done.
    /// The jobs' results are merged in a fixed order, so the roster is the same however
    /// they ran (a job `run` leaves out is run on the calling thread). The table door of
    /// `plaudit-arrow` runs them on its pool of threads.
    ///
    /// ```
    /// let advocates = plaudit::parse_advocates(
    ///     r#"[{"id": "b", "customer_since": "2020-01-01", "health_score": 90},
    ///         {"id": "a", "customer_since": "2021-01-01", "health_score": 70}]"#,
    /// )
    /// .unwrap();
    /// // Each batch on threads of its own.
    /// let roster = plaudit::Roster::from_validated_on(advocates, &|jobs| {
    ///     std::thread::scope(|s| {
    ///         for job in jobs {
    ///             s.spawn(job);
    ///         }
    ///     })
    /// })
    /// .unwrap();
    /// assert_eq!(roster.len(), 2);
    /// assert_eq!(roster.get("a").unwrap().health_score, 70.0);
    /// ```
    pub fn from_validated_on(
        advocates: Vec<Advocate>,
        run: &dyn Fn(RosterJobs<'_>),
    ) -> Result<Roster, RecordError> {
        if advocates.len() > MAX_ROSTER {
            return Err(RecordError::single(
                "advocates",
                crate::ErrorCode::TooMany,
                format!("{} advocates is more than {MAX_ROSTER}", advocates.len()),
            ));
        }
        Ok(Self::prepare_on(advocates, run))
    }

    /// Parses a JSON array of advocates and prepares it (see [`Roster::new`]).
    pub fn from_json(json: &str) -> Result<Roster, RecordError> {
        crate::input::records::parse_advocates(json).map(Self::prepare)
    }

    /// Interns keys of advocates already normalized and validated, one piece after another.
    fn prepare(advocates: Vec<Advocate>) -> Roster {
        Self::prepare_on(advocates, &in_turn)
    }

    /// Interns keys of advocates already normalized and validated, and packs them: each
    /// step in independent pieces handed to `run` (see [`Roster::from_validated_on`]), the
    /// pieces' results merged in a fixed order, so the roster is the same however they ran.
    fn prepare_on(advocates: Vec<Advocate>, run: &dyn Fn(RosterJobs<'_>)) -> Roster {
        Self::prepare_in(advocates, run, PIECE)
    }

    /// [`Roster::prepare_on`] in pieces of `piece` advocates (and of `piece` rows in id
    /// order).
    fn prepare_in(advocates: Vec<Advocate>, run: &dyn Fn(RosterJobs<'_>), piece: usize) -> Roster {
        let n = advocates.len();
        let piece = piece.max(1);
        let list = &advocates;
        let starts: Vec<usize> = (0..n.div_ceil(piece)).map(|k| k * piece).collect();
        // 1. Each piece of the input order: its ids, its keys interned in a table of its
        //    own (first seen first), its ids sorted.
        let mut parts: Vec<Part<'_>> = spread(run, starts.len(), |k| {
            let lo = starts.get(k).copied().unwrap_or(n);
            Part::new(
                list.get(lo..lo.saturating_add(piece).min(n)).unwrap_or(&[]),
                lo,
            )
        });
        // 2. The roster's tables: every piece's keys in piece order, so each key gets the
        //    id it gets when interned one advocate after another.
        let mut keys: [Interner; 5] = Default::default();
        let remaps: Vec<[Vec<u32>; 5]> = parts
            .iter()
            .map(|p| {
                let mut m: [Vec<u32>; 5] = Default::default();
                for ((m, local), global) in m.iter_mut().zip(&p.keys).zip(keys.iter_mut()) {
                    *m = local.keys.iter().map(|k| global.intern(k)).collect();
                }
                m
            })
            .collect();
        // 3. The pieces' columns in the roster's ids (sets sorted again), while the sorted
        //    runs of ids are merged pairwise.
        let mut done = vec![false; parts.len()];
        {
            let jobs: RosterJobs<'_> = parts
                .iter_mut()
                .zip(&remaps)
                .zip(done.iter_mut())
                .map(|((p, m), done)| {
                    Box::new(move || {
                        p.remap(m);
                        *done = true;
                    }) as Job<'_>
                })
                .collect();
            run(jobs);
        }
        for ((p, m), done) in parts.iter_mut().zip(&remaps).zip(done) {
            if !done {
                p.remap(m);
            }
        }
        let mut runs: Vec<Run<'_>> = parts
            .iter_mut()
            .map(|p| std::mem::take(&mut p.keyed))
            .collect();
        while runs.len() > 1 {
            let mut pairs: Vec<(Run<'_>, Run<'_>)> = Vec::new();
            let mut it = runs.into_iter();
            while let Some(a) = it.next() {
                pairs.push((a, it.next().unwrap_or_default()));
            }
            let pairs: Vec<std::sync::Mutex<_>> =
                pairs.into_iter().map(std::sync::Mutex::new).collect();
            runs = spread(run, pairs.len(), |k| {
                pairs
                    .get(k)
                    .and_then(|m| m.lock().ok().map(|mut g| std::mem::take(&mut *g)))
                    .map(|(a, b)| merge(a, b))
                    .unwrap_or_default()
            });
        }
        let order: Vec<u32> = runs
            .into_iter()
            .next()
            .unwrap_or_default()
            .into_iter()
            .map(|(_, i)| i)
            .collect();
        // 4. The packed rows in id order, piece by piece, while the id lookup is built.
        let mut ids: Vec<Arc<str>> = Vec::with_capacity(n);
        let mut industry = Vec::with_capacity(n);
        let mut account = Vec::with_capacity(n);
        let mut country = Vec::with_capacity(n);
        let mut segment = Vec::with_capacity(n);
        let mut product_sets = SetArena::default();
        let mut use_case_sets = SetArena::default();
        for p in &mut parts {
            ids.append(&mut p.ids);
            industry.append(&mut p.industry);
            account.append(&mut p.account);
            country.append(&mut p.country);
            segment.append(&mut p.segment);
            product_sets.extend(&p.products, &p.product_lens);
            use_case_sets.extend(&p.use_cases, &p.use_case_lens);
        }
        drop(parts);
        if n == 0 {
            product_sets.push(Vec::new());
            use_case_sets.push(Vec::new());
        }
        let pieces: Vec<&[u32]> = order.chunks(piece).collect();
        let mut packs: Vec<Option<crate::rules::facts::Packed>> =
            (0..pieces.len()).map(|_| None).collect();
        let mut by_id: Option<HashMap<Arc<str>, u32>> = None;
        {
            let ids = &ids;
            let by_id = &mut by_id;
            let mut jobs: RosterJobs<'_> = vec![Box::new(move || {
                let mut m = HashMap::with_capacity_and_hasher(ids.len(), Default::default());
                for (i, id) in ids.iter().enumerate() {
                    m.insert(id.clone(), u32::try_from(i).unwrap_or(u32::MAX));
                }
                *by_id = Some(m);
            })];
            jobs.extend(packs.iter_mut().zip(&pieces).map(|(slot, ks)| {
                Box::new(move || *slot = Some(crate::rules::facts::Packed::new(list, ks)))
                    as Job<'_>
            }));
            run(jobs);
        }
        let packs: Vec<crate::rules::facts::Packed> = packs
            .into_iter()
            .zip(&pieces)
            .map(|(p, ks)| p.unwrap_or_else(|| crate::rules::facts::Packed::new(list, ks)))
            .collect();
        let packed = if packs.len() == 1 {
            packs.into_iter().next().unwrap_or_default()
        } else {
            crate::rules::facts::Packed::concat(packs)
        };
        let by_id = by_id.unwrap_or_else(|| {
            let mut m = HashMap::with_capacity_and_hasher(n, Default::default());
            for (i, id) in ids.iter().enumerate() {
                m.insert(id.clone(), u32::try_from(i).unwrap_or(u32::MAX));
            }
            m
        });
        let [industries, products, use_cases, accounts, countries] = keys;
        // Each account's advocates, by position in id order (a counting sort).
        let mut counts: Vec<u32> = vec![0; accounts.len()];
        for &acc in &account {
            if let Some(c) = counts.get_mut(acc as usize) {
                *c += 1;
            }
        }
        let mut members = SetArena::default();
        members.offsets.reserve(counts.len() + 1);
        members.offsets.push(0);
        let mut at = 0u32;
        for &c in &counts {
            at = at.saturating_add(c);
            members.offsets.push(at);
        }
        members.items = vec![0; at as usize];
        let mut next: Vec<u32> = members.offsets.clone();
        for (k, &i) in order.iter().enumerate() {
            let slot = account
                .get(i as usize)
                .and_then(|&acc| next.get_mut(acc as usize));
            if let Some(slot) = slot {
                if let Some(x) = members.items.get_mut(*slot as usize) {
                    *x = u32::try_from(k).unwrap_or(u32::MAX);
                }
                *slot += 1;
            }
        }
        if accounts.len() == 0 {
            members = SetArena::default();
            members.push(Vec::new());
        }
        Roster {
            advocates,
            ids,
            order,
            by_id,
            industries,
            products,
            use_cases,
            accounts,
            countries,
            industry,
            country,
            account,
            segment,
            product_sets,
            use_case_sets,
            members,
            packed,
            day: crate::population::roster::day_state::DayCache::default(),
        }
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// Advocates with repeated keys (some empty), sets with repeats, topics shared across
    /// advocates, ids out of order.
    fn advocates(n: usize) -> Vec<Advocate> {
        let list: Vec<String> = (0..n)
            .map(|i| {
                let k = (i * 7919) % n;
                format!(
                    r#"{{"id": "a{k:05}", "customer_since": "2020-01-0{}", "health_score": {},
                    "industry": "{}", "account_id": "{}", "country": "{}", "segment": "enterprise",
                    "products": ["p{}", "p{}", "p{}"], "use_cases": ["u{}", "u{}"],
                    "engagements": ["2025-01-0{}", "2025-02-01"],
                    "consents": [{{"purpose": "program", "status": "granted", "on": "2023-06-01"}}],
                    "activities": [{{"kind": "case_study", "date": "2025-03-01", "status": "completed", "topic": "t{}"}},
                                   {{"kind": "reference_call", "date": "2025-04-0{}", "status": "scheduled"}}]}}"#,
                    1 + i % 9,
                    i % 101,
                    ["", "retail", "software", "fintech"][i % 4],
                    if i % 5 == 0 { String::new() } else { format!("acc{}", i % 37) },
                    ["", "US", "DE", "FR", "JP"][i % 5],
                    i % 11,
                    (i * 3) % 13,
                    i % 11,
                    i % 3,
                    (i / 3) % 17,
                    1 + i % 8,
                    (i * 5) % 23,
                    1 + i % 7,
                )
            })
            .collect();
        crate::input::records::parse_advocates(&format!("[{}]", list.join(","))).unwrap()
    }

    #[test]
    fn pieces_give_the_roster_one_piece_gives() {
        for n in [0, 1, 2, 5, 300] {
            let whole = format!(
                "{:?}",
                Roster::prepare_in(advocates(n), &in_turn, usize::MAX)
            );
            for piece in [1, 2, 7, 64] {
                let parts = Roster::prepare_in(advocates(n), &in_turn, piece);
                assert_eq!(
                    format!("{parts:?}"),
                    whole,
                    "{n} advocates in pieces of {piece}"
                );
                // Jobs run on threads of their own, or not at all, give it too.
                let threads = Roster::prepare_in(
                    advocates(n),
                    &|jobs| {
                        std::thread::scope(|s| {
                            for job in jobs.into_iter().rev() {
                                s.spawn(job);
                            }
                        })
                    },
                    piece,
                );
                assert_eq!(format!("{threads:?}"), whole);
                let skipped = Roster::prepare_in(advocates(n), &|_| {}, piece);
                assert_eq!(format!("{skipped:?}"), whole);
            }
        }
    }
}
