//! Opportunities in columns: what measurement reads, deal by deal in flat vectors, with
//! every id and key interned once (a dense `u32`) and money in minor units. Records and
//! table doors both fill them; the measurement runs over them alone.

use std::borrow::Cow;

use chrono::NaiveDate;
use rustc_hash::FxHashMap;

use super::opportunity::{self, Head, Opportunity, SourceKind, Stage};
use crate::error::{FieldError, RecordError};
use crate::input::dates::{Day, day};
use crate::input::records::{ActivityKind, Segment};

/// No value in an interned column.
pub(crate) const NONE: u32 = u32::MAX;

/// Strings interned to dense numbers in the order first seen.
#[derive(Debug, Default, Clone)]
pub(crate) struct Interner {
    /// Names of up to 16 bytes, by their bytes (no compare of bytes behind a pointer:
    /// most ids are that short).
    short: ShortTable,
    map: FxHashMap<Box<str>, u32>,
    /// The names, one after the other, in number order.
    text: String,
    ends: Vec<usize>,
}

/// Names looked up together by [`Interner::ids`]: the table slots of a block are read
/// before any is compared, so that their cache misses overlap.
const BLOCK: usize = 32;

impl Interner {
    fn id(&mut self, s: &str) -> u32 {
        match Short::of(s) {
            Some(k) => self.short_id(&k, s),
            None => self.long_id(s),
        }
    }

    /// The numbers of `names`, in order, appended to `out`: as [`Interner::id`] of each,
    /// in blocks whose lookups overlap in memory (a table larger than the cache makes each
    /// lookup a miss).
    fn ids<'a>(&mut self, names: impl Iterator<Item = &'a str>, out: &mut Vec<u32>) {
        let mut block: Vec<(&str, Option<Short>)> = Vec::with_capacity(BLOCK);
        let mut names = names.peekable();
        while names.peek().is_some() {
            block.clear();
            block.extend(names.by_ref().take(BLOCK).map(|s| (s, Short::of(s))));
            self.short
                .touch(block.iter().filter_map(|(_, k)| k.as_ref()));
            for (s, k) in &block {
                out.push(match k {
                    Some(k) => self.short_id(k, s),
                    None => self.long_id(s),
                });
            }
        }
    }

    fn short_id(&mut self, k: &Short, s: &str) -> u32 {
        let next = u32::try_from(self.ends.len()).unwrap_or(NONE);
        let i = self.short.find_or_insert(k, next);
        if i == next {
            self.text.push_str(s);
            self.ends.push(self.text.len());
        }
        i
    }

    fn long_id(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.map.get(s) {
            return i;
        }
        let i = u32::try_from(self.ends.len()).unwrap_or(NONE);
        self.text.push_str(s);
        self.ends.push(self.text.len());
        self.map.insert(s.into(), i);
        i
    }

    fn opt(&mut self, s: Option<&str>) -> u32 {
        s.map_or(NONE, |s| self.id(s))
    }

    pub(crate) fn name(&self, i: u32) -> &str {
        let i = i as usize;
        let Some(&end) = self.ends.get(i) else {
            return "";
        };
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.text.get(start..end).unwrap_or("")
    }

    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Every name, in number order.
    pub(crate) fn names(&self) -> impl ExactSizeIterator<Item = &str> {
        (0..self.ends.len()).map(|i| self.name(i as u32))
    }
}

/// A name of up to 16 bytes as a key: its bytes (zero-padded, little-endian halves), its
/// length, and their hash.
#[derive(Debug, Clone, Copy)]
struct Short {
    lo: u64,
    hi: u64,
    len: u64,
    hash: u64,
}

impl Short {
    fn of(s: &str) -> Option<Short> {
        let b = s.as_bytes();
        let (lo, hi) = words(b)?;
        let len = b.len() as u64;
        Some(Short {
            lo,
            hi,
            len,
            hash: Short::hash(lo, hi, len),
        })
    }

    /// Two rounds of multiply and fold (the keys are the caller's own data).
    fn hash(lo: u64, hi: u64, len: u64) -> u64 {
        const K: u64 = 0x9E37_79B9_7F4A_7C15;
        let x = (lo ^ len.rotate_left(59)).wrapping_mul(K);
        let x = (x.rotate_left(31) ^ hi).wrapping_mul(K);
        x ^ (x >> 32)
    }
}

/// The bytes of `b` (at most 16) as two little-endian words, zero-padded: what copying them
/// into a zeroed 16-byte buffer gives, read with overlapping loads instead of a copy of a
/// variable length (a `memcpy` call per name, when millions of names are looked up).
fn words(b: &[u8]) -> Option<(u64, u64)> {
    let n = b.len();
    let le8 = |at: usize| {
        b.get(at..at + 8)
            .and_then(|s| s.try_into().ok())
            .map(u64::from_le_bytes)
    };
    let le4 = |at: usize| {
        b.get(at..at + 4)
            .and_then(|s| s.try_into().ok())
            .map(|w| u64::from(u32::from_le_bytes(w)))
    };
    let byte = |at: usize| b.get(at).map(|&x| u64::from(x));
    match n {
        0 => Some((0, 0)),
        // The first, middle and last bytes cover every byte of 1 to 3.
        1..=3 => Some((
            byte(0)? | byte(n / 2)? << (8 * (n / 2)) | byte(n - 1)? << (8 * (n - 1)),
            0,
        )),
        4..=7 => Some((le4(0)? | le4(n - 4)? << (8 * (n - 4)), 0)),
        8 => Some((le8(0)?, 0)),
        9..=16 => Some((le8(0)?, le8(n - 8)? >> (8 * (16 - n)))),
        _ => None,
    }
}

/// An open-addressing table (linear probing, at most half full) of short names: each slot
/// is `[lo, hi, len << 32 | number + 1]`, `0` in the last word when free.
#[derive(Debug, Default, Clone)]
struct ShortTable {
    slots: Vec<[u64; 3]>,
    len: usize,
}

impl ShortTable {
    /// Reads the first slot of each key, so that the lookups that follow find them in
    /// the cache: the reads do not depend on one another, so their misses overlap.
    fn touch<'k>(&self, keys: impl Iterator<Item = &'k Short>) {
        let mask = self.slots.len().wrapping_sub(1);
        let mut seen = 0u64;
        for k in keys {
            if let Some(slot) = self.slots.get(k.hash as usize & mask) {
                seen ^= slot[2];
            }
        }
        std::hint::black_box(seen);
    }

    /// The number of `k`, inserted as `next` when it is new.
    fn find_or_insert(&mut self, k: &Short, next: u32) -> u32 {
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut pos = k.hash as usize & mask;
        loop {
            let Some(slot) = self.slots.get_mut(pos) else {
                return NONE;
            };
            if slot[2] == 0 {
                *slot = [k.lo, k.hi, k.len << 32 | (u64::from(next) + 1)];
                self.len += 1;
                return next;
            }
            if slot[0] == k.lo && slot[1] == k.hi && slot[2] >> 32 == k.len {
                return ((slot[2] & 0xFFFF_FFFF) - 1) as u32;
            }
            pos = (pos + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(1024);
        let old = std::mem::replace(&mut self.slots, vec![[0; 3]; size]);
        let mask = size - 1;
        for slot in old.into_iter().filter(|s| s[2] != 0) {
            let hash = Short::hash(slot[0], slot[1], slot[2] >> 32);
            let mut pos = hash as usize & mask;
            while self.slots.get(pos).is_some_and(|s| s[2] != 0) {
                pos = (pos + 1) & mask;
            }
            if let Some(s) = self.slots.get_mut(pos) {
                *s = slot;
            }
        }
    }
}

/// A touch of an [`OpportunityRef`]: the fields of a [`crate::Touch`], borrowed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TouchRef<'a> {
    /// The advocate (trimmed when pushed).
    pub advocate_id: &'a str,
    /// The kind of advocacy.
    pub kind: ActivityKind,
    /// When it happened.
    pub on: NaiveDate,
    /// `false` for unprompted advocacy.
    pub solicited: bool,
}

/// Advocate ids numbered once, before the deals that name them are pushed: a door that
/// reads touches apart from their deals (a long touches table, its rows in any order)
/// numbers each row's advocate as it reads the table, in the table's order, then pushes
/// each deal's touches as [`NumberedTouch`]es ([`Columns::push_numbered`]) into columns
/// made with these numbers ([`Columns::with_advocates`]). An id is trimmed as
/// [`Columns::push`] trims it, and numbered in the order first seen.
///
/// ```
/// use plaudit::AdvocateNumbers;
/// let mut advocates = AdvocateNumbers::new();
/// let mut numbers = Vec::new();
/// advocates.extend(["a", " b ", "a", "b"].into_iter(), &mut numbers);
/// assert_eq!(numbers, [0, 1, 0, 1]);
/// assert_eq!(advocates.id(1), Some("b"));
/// assert_eq!(advocates.number("c"), 2);
/// assert_eq!(advocates.len(), 3);
/// ```
#[derive(Debug, Default, Clone)]
pub struct AdvocateNumbers {
    names: Interner,
    /// Some name is not a valid advocate id (empty once trimmed, or too long).
    bad: bool,
}

impl AdvocateNumbers {
    /// No advocate.
    pub fn new() -> Self {
        AdvocateNumbers::default()
    }

    /// The number of `id` (trimmed), numbered next when it is new.
    pub fn number(&mut self, id: &str) -> u32 {
        let before = self.names.len();
        let k = self.names.id(trim(id));
        self.checked_from(before);
        k
    }

    /// [`AdvocateNumbers::number`] of each of `ids`, in order, appended to `out`: looked
    /// up in blocks whose waits on memory overlap (with many advocates, each lookup misses
    /// the cache).
    pub fn extend<'a>(&mut self, ids: impl Iterator<Item = &'a str>, out: &mut Vec<u32>) {
        let before = self.names.len();
        self.names.ids(ids.map(trim), out);
        self.checked_from(before);
    }

    /// Notes whether the names numbered from `first` on are valid advocate ids.
    fn checked_from(&mut self, first: usize) {
        if !self.bad {
            self.bad =
                (first..self.names.len()).any(|k| !opportunity::id_ok(self.names.name(k as u32)));
        }
    }

    /// The id numbered `number`.
    pub fn id(&self, number: u32) -> Option<&str> {
        ((number as usize) < self.names.len()).then(|| self.names.name(number))
    }

    /// How many ids are numbered.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Whether no id is numbered.
    pub fn is_empty(&self) -> bool {
        self.names.len() == 0
    }
}

/// A touch whose advocate is a number of the [`AdvocateNumbers`] its columns were made
/// with (see [`Columns::push_numbered`]): the fields of a [`TouchRef`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberedTouch {
    /// The advocate's number.
    pub advocate: u32,
    /// When it happened, as a day number ([`crate::dates::day`]).
    pub on: Day,
    /// The kind of advocacy.
    pub kind: ActivityKind,
    /// `false` for unprompted advocacy.
    pub solicited: bool,
}

/// The touches of a deal being pushed.
#[derive(Clone, Copy)]
enum Given<'a, 'b> {
    /// As ids, with their numbers when they are known already.
    Refs(&'a [TouchRef<'b>], Option<&'a [u32]>),
    /// As numbers of the advocates the columns were made with.
    Numbered(&'a [NumberedTouch]),
}

/// The advocate ids of [`Given`] touches, trimmed (a number that names no advocate: `""`).
enum Ids<'a, 'b> {
    Refs(std::slice::Iter<'a, TouchRef<'b>>),
    Numbered(std::slice::Iter<'a, NumberedTouch>, &'a Interner, u32),
}

impl<'a, 'b: 'a> Iterator for Ids<'a, 'b> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        match self {
            Ids::Refs(t) => t.next().map(|t| trim(t.advocate_id)),
            Ids::Numbered(t, names, numbered) => t.next().map(|t| {
                if t.advocate < *numbered {
                    names.name(t.advocate)
                } else {
                    ""
                }
            }),
        }
    }
}

/// One deal for [`Columns::push`]: the fields of an [`Opportunity`] that measurement reads,
/// borrowed (the account id is not read). Start from [`OpportunityRef::new`] and set the
/// fields the deal has.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OpportunityRef<'a> {
    /// Unique within the columns, 1..=128 characters (trimmed when pushed).
    pub id: &'a str,
    /// When the deal was created.
    pub created_on: NaiveDate,
    /// When it closed: required for `won` and `lost`, absent for `open`.
    pub closed_on: Option<NaiveDate>,
    /// Open, won or lost.
    pub stage: Stage,
    /// The amount, `>= 0`, in `currency`.
    pub amount: f64,
    /// ISO 4217 code, upper case; absent: `measurement.currency`.
    pub currency: Option<&'a str>,
    /// Unqualified deals are left out of every figure.
    pub qualified: bool,
    /// Company size segment.
    pub segment: Option<Segment>,
    /// Industry key (normalized when pushed).
    pub industry: Option<&'a str>,
    /// ISO 3166-1 alpha-2 country (upper-cased when pushed).
    pub country: Option<&'a str>,
    /// Product keys (normalized when pushed).
    pub products: &'a [&'a str],
    /// The source kind and its advocate (trimmed when pushed).
    pub source: Option<(SourceKind, Option<&'a str>)>,
    /// Advocacy used on the deal.
    pub touches: &'a [TouchRef<'a>],
}

impl<'a> OpportunityRef<'a> {
    /// The fields of a record, borrowed, but its products and touches (the caller gives
    /// them as slices of its own).
    ///
    /// ```
    /// use plaudit::{Opportunity, OpportunityRef};
    /// let o: Opportunity = serde_json::from_str(
    ///     r#"{"id": "o1", "created_on": "2026-01-10", "stage": "open", "amount": 5,
    ///         "source": {"kind": "referral", "advocate_id": "a"}}"#,
    /// ).unwrap();
    /// let r = OpportunityRef::of(&o);
    /// assert_eq!((r.id, r.amount, r.source.and_then(|s| s.1)), ("o1", 5.0, Some("a")));
    /// assert!(r.touches.is_empty());
    /// ```
    pub fn of(o: &'a Opportunity) -> Self {
        OpportunityRef {
            id: &o.id,
            created_on: o.created_on,
            closed_on: o.closed_on,
            stage: o.stage,
            amount: o.amount,
            currency: o.currency.as_deref(),
            qualified: o.qualified,
            segment: o.segment,
            industry: o.industry.as_deref(),
            country: o.country.as_deref(),
            products: &[],
            source: o
                .source
                .as_ref()
                .map(|s| (s.kind, s.advocate_id.as_deref())),
            touches: &[],
        }
    }

    /// A minimal open, qualified deal: the given id, created on `created_on`, amount 0, no
    /// touch.
    pub fn new(id: &'a str, created_on: NaiveDate) -> Self {
        OpportunityRef {
            id,
            created_on,
            closed_on: None,
            stage: Stage::Open,
            amount: 0.0,
            currency: None,
            qualified: true,
            segment: None,
            industry: None,
            country: None,
            products: &[],
            source: None,
            touches: &[],
        }
    }
}

/// Opportunities in columns, the input [`crate::Engine::measure_columns`] measures: a door
/// that reads deals from columns (Arrow arrays, a data frame) pushes them here one by one,
/// without building an [`Opportunity`] or a `String` per touch. Each deal is normalized and
/// checked as [`crate::parse_opportunities`] normalizes and checks a record; its problems
/// are kept (paths `opportunities[i]...`, `i` the push order) and reported by the
/// measurement, with ids used twice. A door whose touches come in a table of their own,
/// rows in any order, numbers their advocates in the table's order first
/// ([`AdvocateNumbers`]) and pushes each deal's touches as numbers
/// ([`Columns::push_numbered`]).
///
/// ```
/// use plaudit::{Columns, Engine, OpportunityRef, Stage, TouchRef, ActivityKind};
/// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
/// let mut deals = Columns::new();
/// let touches = [
///     TouchRef { advocate_id: "a", kind: ActivityKind::ReferenceCall, on: d("2026-02-01"), solicited: true },
///     TouchRef { advocate_id: "b", kind: ActivityKind::CaseStudy, on: d("2026-02-03"), solicited: false },
/// ];
/// deals.push(&OpportunityRef {
///     closed_on: Some(d("2026-03-01")),
///     stage: Stage::Won,
///     amount: 1000.01,
///     touches: &touches,
///     ..OpportunityRef::new("o1", d("2026-01-10"))
/// });
/// deals.push(&OpportunityRef {
///     closed_on: Some(d("2026-02-20")),
///     stage: Stage::Lost,
///     amount: 500.0,
///     ..OpportunityRef::new("o2", d("2026-01-20"))
/// });
/// let m = Engine::default()
///     .measure_columns(&deals, None, (d("2026-01-01"), d("2026-03-31")), d("2026-04-01"))
///     .unwrap();
/// // Linear: b's touch was unsolicited, so b weighs 1.5 against a's 1.
/// let credits: Vec<(&str, i64)> = m.per_advocate.iter()
///     .map(|r| (r.id.as_str(), r.attributed.as_ref().unwrap()["USD"].units))
///     .collect();
/// assert_eq!(credits, [("b", 60001), ("a", 40000)]);
///
/// // A bad deal is reported with its path, as the JSON door reports it.
/// deals.push(&OpportunityRef { amount: -1.0, ..OpportunityRef::new("o3", d("2026-01-20")) });
/// let e = Engine::default()
///     .measure_columns(&deals, None, (d("2026-01-01"), d("2026-03-31")), d("2026-04-01"))
///     .unwrap_err();
/// assert_eq!(e.errors[0].path, "opportunities[2].amount");
/// ```
#[derive(Debug, Default, Clone)]
pub struct Columns {
    ids: String,
    id_ends: Vec<usize>,
    pub(crate) created: Vec<Day>,
    pub(crate) closed: Vec<Option<Day>>,
    pub(crate) stage: Vec<Stage>,
    pub(crate) units: Vec<i64>,
    pub(crate) currency: Vec<u32>,
    pub(crate) qualified: Vec<bool>,
    pub(crate) segment: Vec<Option<Segment>>,
    pub(crate) industry: Vec<u32>,
    pub(crate) country: Vec<u32>,
    product_ends: Vec<usize>,
    products: Vec<u32>,
    pub(crate) source: Vec<Option<SourceKind>>,
    pub(crate) source_advocate: Vec<u32>,
    touch_ends: Vec<usize>,
    pub(crate) touch_advocate: Vec<u32>,
    pub(crate) touch_on: Vec<Day>,
    pub(crate) touch_kind: Vec<ActivityKind>,
    pub(crate) touch_solicited: Vec<bool>,
    pub(crate) advocates: Interner,
    pub(crate) currencies: Interner,
    /// Industry and product keys.
    pub(crate) keys: Interner,
    pub(crate) countries: Interner,
    errors: Vec<FieldError>,
    /// How many advocates were numbered before any deal ([`Columns::with_advocates`]):
    /// a [`NumberedTouch`] names one of them.
    numbered: u32,
    /// Whether every one of those is a valid advocate id.
    numbered_valid: bool,
    /// Some id was not greater than the one pushed before it (ids pushed in ascending
    /// order are unique, and their deals are in id order).
    unordered: bool,
}

impl Columns {
    /// No deal.
    pub fn new() -> Self {
        Columns::default()
    }

    /// No deal, with room for `deals` deals and `touches` touches.
    pub fn with_capacity(deals: usize, touches: usize) -> Self {
        let mut c = Columns::default();
        c.id_ends.reserve(deals);
        c.ids.reserve(deals * 12);
        c.created.reserve(deals);
        c.closed.reserve(deals);
        c.stage.reserve(deals);
        c.units.reserve(deals);
        c.currency.reserve(deals);
        c.qualified.reserve(deals);
        c.segment.reserve(deals);
        c.industry.reserve(deals);
        c.country.reserve(deals);
        c.product_ends.reserve(deals);
        c.source.reserve(deals);
        c.source_advocate.reserve(deals);
        c.touch_ends.reserve(deals);
        c.touch_advocate.reserve(touches);
        c.touch_on.reserve(touches);
        c.touch_kind.reserve(touches);
        c.touch_solicited.reserve(touches);
        c
    }

    /// How many deals were pushed.
    pub fn len(&self) -> usize {
        self.id_ends.len()
    }

    /// Whether no deal was pushed.
    pub fn is_empty(&self) -> bool {
        self.id_ends.is_empty()
    }

    /// Whether every deal pushed so far was valid (ids used twice are found only by
    /// [`Columns::check`]).
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }

    /// Every problem of the deals pushed (at most [`crate::MAX_REPORTED_ERRORS`]), ids
    /// used twice included, with paths `opportunities[i]...`.
    pub fn check(&self) -> Result<(), RecordError> {
        let mut errors = Vec::new();
        self.check_into(&mut errors);
        RecordError::from_errors(errors)
    }

    pub(crate) fn check_into(&self, errors: &mut Vec<FieldError>) {
        errors.extend(self.errors.iter().cloned());
        // Ids in ascending order are unique: no table of them to build.
        if errors.len() < crate::MAX_REPORTED_ERRORS && self.unordered {
            opportunity::duplicates((0..self.len()).map(|i| self.id(i)), errors);
        }
        errors.truncate(crate::MAX_REPORTED_ERRORS);
    }

    /// Normalizes, checks and appends a deal (a bad one is kept with its problems, which
    /// the measurement reports).
    pub fn push(&mut self, o: &OpportunityRef<'_>) {
        self.push_with(o, Given::Refs(o.touches, None));
    }

    /// [`Columns::push`] of each deal, in order: the same columns, the advocates of all
    /// their touches looked up together (with many advocates, each lookup waits on
    /// memory; looked up together, the waits overlap). A door that reads deals in blocks
    /// pushes each block so.
    ///
    /// ```
    /// use plaudit::{ActivityKind, Columns, OpportunityRef, TouchRef};
    /// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let t = |a| TouchRef { advocate_id: a, kind: ActivityKind::Review, on: d("2026-01-12"), solicited: true };
    /// let (x, y) = ([t("a"), t(" b ")], [t("b")]);
    /// let deals = [
    ///     OpportunityRef { touches: &x, ..OpportunityRef::new("o1", d("2026-01-10")) },
    ///     OpportunityRef { touches: &y, ..OpportunityRef::new("o2", d("2026-01-10")) },
    /// ];
    /// let mut together = Columns::new();
    /// together.push_all(&deals);
    /// let mut one_by_one = Columns::new();
    /// deals.iter().for_each(|o| one_by_one.push(o));
    /// assert_eq!(format!("{together:?}"), format!("{one_by_one:?}"));
    /// ```
    pub fn push_all(&mut self, deals: &[OpportunityRef<'_>]) {
        let mut numbers = Vec::with_capacity(deals.iter().map(|o| o.touches.len()).sum());
        let names = deals
            .iter()
            .flat_map(|o| o.touches.iter().map(|t| trim(t.advocate_id)));
        self.advocates.ids(names, &mut numbers);
        let mut at = 0;
        for o in deals {
            let n = o.touches.len();
            self.push_with(o, Given::Refs(o.touches, numbers.get(at..at + n)));
            at += n;
        }
    }

    /// [`Columns::push`] of a deal whose touches are `touches`, their advocates numbers of
    /// the [`AdvocateNumbers`] these columns were made with ([`Columns::with_advocates`]);
    /// `o.touches` is not read. A number that is not one of those is reported as an empty
    /// advocate id, at the path of its touch.
    ///
    /// ```
    /// use plaudit::{ActivityKind, AdvocateNumbers, Columns, NumberedTouch, OpportunityRef, TouchRef};
    /// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let mut advocates = AdvocateNumbers::new();
    /// let (a, b) = (advocates.number("a"), advocates.number("b"));
    /// let on = plaudit::dates::day(d("2026-01-12"));
    /// let t = |advocate| NumberedTouch { advocate, kind: ActivityKind::Review, on, solicited: true };
    /// let mut numbered = Columns::with_advocates(advocates, 1, 2);
    /// numbered.push_numbered(&OpportunityRef::new("o1", d("2026-01-10")), &[t(b), t(a)]);
    ///
    /// let r = |advocate_id| TouchRef { advocate_id, kind: ActivityKind::Review, on: d("2026-01-12"), solicited: true };
    /// let mut by_id = Columns::new();
    /// by_id.push(&OpportunityRef { touches: &[r("b"), r("a")], ..OpportunityRef::new("o1", d("2026-01-10")) });
    /// let period = (d("2026-01-01"), d("2026-03-31"));
    /// let engine = plaudit::Engine::default();
    /// assert_eq!(
    ///     engine.measure_columns(&numbered, None, period, d("2026-04-01")).unwrap(),
    ///     engine.measure_columns(&by_id, None, period, d("2026-04-01")).unwrap(),
    /// );
    /// ```
    pub fn push_numbered(&mut self, o: &OpportunityRef<'_>, touches: &[NumberedTouch]) {
        self.push_with(o, Given::Numbered(touches));
    }

    /// No deal, the advocates of the touches to come numbered by `advocates` (their
    /// deals pushed with [`Columns::push_numbered`]), with room for `deals` deals and
    /// `touches` touches.
    pub fn with_advocates(advocates: AdvocateNumbers, deals: usize, touches: usize) -> Self {
        let mut c = Columns::with_capacity(deals, touches);
        c.numbered = u32::try_from(advocates.len()).unwrap_or(NONE);
        c.numbered_valid = !advocates.bad;
        c.advocates = advocates.names;
        c
    }

    /// Normalizes, checks and appends a deal with its touches as given.
    fn push_with(&mut self, o: &OpportunityRef<'_>, touches: Given<'_, '_>) {
        let industry = o.industry.map(opportunity::normal_key);
        let country = o.country.map(opportunity::normal_country);
        let products: Vec<Cow<'_, str>> = o
            .products
            .iter()
            .map(|p| opportunity::normal_key(p))
            .collect();
        let source_advocate = o.source.and_then(|(_, a)| a).map(trim);
        let head = Head {
            id: trim(o.id),
            stage: o.stage,
            created_on: o.created_on,
            closed_on: o.closed_on,
            amount: o.amount,
            currency: o.currency,
            country: country.as_deref(),
            industry: industry.as_deref(),
            source_advocate,
        };
        if self.errors.len() < crate::MAX_REPORTED_ERRORS {
            let (numbered, valid) = (self.numbered, self.numbered_valid);
            let names = &self.advocates;
            // The ids to check: none when they are numbers of valid ids.
            let touch_ids = || match touches {
                Given::Refs(t, _) => (t.len(), Ids::Refs(t.iter())),
                Given::Numbered(t) if valid && t.iter().all(|t| t.advocate < numbered) => {
                    (t.len(), Ids::Refs([].iter()))
                }
                Given::Numbered(t) => (t.len(), Ids::Numbered(t.iter(), names, numbered)),
            };
            // Paths are built only for a deal with a problem.
            let mut found = Vec::new();
            opportunity::check(&head, &products, touch_ids(), "", &mut found);
            if !found.is_empty() {
                let path = format!("opportunities[{}]", self.len());
                let mut errors = std::mem::take(&mut self.errors);
                opportunity::check(&head, &products, touch_ids(), &path, &mut errors);
                self.errors = errors;
            }
        }
        self.append_deal(&head, o, products.iter().map(|p| &**p), trim, touches);
    }

    /// Appends a deal as it is (already normalized and checked).
    fn append_deal<'p>(
        &mut self,
        head: &Head<'_>,
        o: &OpportunityRef<'_>,
        products: impl Iterator<Item = &'p str>,
        advocate: impl Fn(&str) -> &str,
        touches: Given<'_, '_>,
    ) {
        if !self.unordered && !self.id_ends.is_empty() {
            self.unordered = head.id <= self.id(self.len() - 1);
        }
        self.ids.push_str(head.id);
        self.id_ends.push(self.ids.len());
        self.created.push(day(head.created_on));
        self.closed.push(head.closed_on.map(day));
        self.stage.push(head.stage);
        self.units
            .push(opportunity::units_of(head.amount).unwrap_or(0));
        self.currency.push(self.currencies.opt(head.currency));
        self.qualified.push(o.qualified);
        self.segment.push(o.segment);
        self.industry.push(self.keys.opt(head.industry));
        self.country.push(self.countries.opt(head.country));
        for p in products {
            let k = self.keys.id(p);
            self.products.push(k);
        }
        self.product_ends.push(self.products.len());
        self.source.push(o.source.map(|(k, _)| k));
        let a = self.advocates.opt(head.source_advocate);
        self.source_advocate.push(a);
        match touches {
            Given::Refs(t, known) => {
                match known.filter(|a| a.len() == t.len()) {
                    Some(known) => self.touch_advocate.extend_from_slice(known),
                    None => {
                        let names = t.iter().map(|t| advocate(t.advocate_id));
                        self.advocates.ids(names, &mut self.touch_advocate);
                    }
                }
                for t in t {
                    self.touch_on.push(day(t.on));
                    self.touch_kind.push(t.kind);
                    self.touch_solicited.push(t.solicited);
                }
            }
            Given::Numbered(t) => {
                // A number that names none of the advocates given (reported by the check)
                // is kept as no advocate.
                let numbered = self.numbered;
                self.touch_advocate.extend(t.iter().map(|t| {
                    if t.advocate < numbered {
                        t.advocate
                    } else {
                        NONE
                    }
                }));
                for t in t {
                    self.touch_on.push(t.on);
                    self.touch_kind.push(t.kind);
                    self.touch_solicited.push(t.solicited);
                }
            }
        }
        self.touch_ends.push(self.touch_advocate.len());
    }

    /// Appends the deals of `other` after these, as if they had been pushed here one by
    /// one (its problems' paths `opportunities[i]...` shifted by the deals already here):
    /// a door can fill two halves of its deals on two threads and join them.
    ///
    /// ```
    /// use plaudit::{Columns, OpportunityRef};
    /// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let (mut first, mut second) = (Columns::new(), Columns::new());
    /// first.push(&OpportunityRef::new("o1", d("2026-01-10")));
    /// second.push(&OpportunityRef::new("o1", d("2026-01-20")));
    /// second.push(&OpportunityRef { amount: -1.0, ..OpportunityRef::new("o2", d("2026-01-20")) });
    /// first.append(second);
    /// assert_eq!(first.len(), 3);
    /// let e = first.check().unwrap_err();
    /// let paths: Vec<&str> = e.errors.iter().map(|e| e.path.as_str()).collect();
    /// assert_eq!(paths, ["opportunities[2].amount", "opportunities[1].id"]);
    /// ```
    pub fn append(&mut self, other: Columns) {
        let shift = self.len();
        if let (Some(last), false) = (shift.checked_sub(1), other.is_empty()) {
            self.unordered |= other.id(0) <= self.id(last);
        }
        self.unordered |= other.unordered;
        let base = self.ids.len();
        self.ids.push_str(&other.ids);
        self.id_ends.extend(other.id_ends.iter().map(|e| e + base));
        self.created.extend_from_slice(&other.created);
        self.closed.extend_from_slice(&other.closed);
        self.stage.extend_from_slice(&other.stage);
        self.units.extend_from_slice(&other.units);
        self.qualified.extend_from_slice(&other.qualified);
        self.segment.extend_from_slice(&other.segment);
        self.source.extend_from_slice(&other.source);
        // Interned numbers of `other` as numbers here.
        fn remap(mine: &mut Interner, theirs: &Interner) -> Vec<u32> {
            theirs.names().map(|n| mine.id(n)).collect()
        }
        fn moved(map: &[u32]) -> impl Fn(&u32) -> u32 + '_ {
            move |&k| map.get(k as usize).copied().unwrap_or(NONE)
        }
        let currencies = remap(&mut self.currencies, &other.currencies);
        self.currency
            .extend(other.currency.iter().map(moved(&currencies)));
        let keys = remap(&mut self.keys, &other.keys);
        self.industry
            .extend(other.industry.iter().map(moved(&keys)));
        let base = self.products.len();
        self.products
            .extend(other.products.iter().map(moved(&keys)));
        self.product_ends
            .extend(other.product_ends.iter().map(|e| e + base));
        let countries = remap(&mut self.countries, &other.countries);
        self.country
            .extend(other.country.iter().map(moved(&countries)));
        // Advocates numbered before any deal, the same in both (two halves made with the
        // same numbers), keep their numbers: only the names after them are looked up.
        let shared = self.shared_advocates(&other);
        let advocates: Vec<u32> = (0..other.advocates.len())
            .map(|k| match u32::try_from(k) {
                Ok(k) if (k as usize) < shared => k,
                _ => self.advocates.id(other.advocates.name(k as u32)),
            })
            .collect();
        self.source_advocate
            .extend(other.source_advocate.iter().map(moved(&advocates)));
        let base = self.touch_advocate.len();
        self.touch_advocate
            .extend(other.touch_advocate.iter().map(moved(&advocates)));
        self.touch_ends
            .extend(other.touch_ends.iter().map(|e| e + base));
        self.touch_on.extend_from_slice(&other.touch_on);
        self.touch_kind.extend_from_slice(&other.touch_kind);
        self.touch_solicited
            .extend_from_slice(&other.touch_solicited);
        for mut e in other.errors {
            if self.errors.len() >= crate::MAX_REPORTED_ERRORS {
                break;
            }
            e.path = shifted(&e.path, shift);
            self.errors.push(e);
        }
    }

    /// How many advocates `self` and `other` were both made with
    /// ([`Columns::with_advocates`] of the same numbers): 0 unless the same names.
    fn shared_advocates(&self, other: &Columns) -> usize {
        let k = self.numbered as usize;
        if k == 0 || other.numbered != self.numbered {
            return 0;
        }
        let (mine, theirs) = (&self.advocates, &other.advocates);
        let same = match (mine.ends.get(..k), theirs.ends.get(..k)) {
            (Some(a), Some(b)) if a == b => {
                let end = a.last().copied().unwrap_or(0);
                mine.text.get(..end) == theirs.text.get(..end)
            }
            _ => false,
        };
        if same { k } else { 0 }
    }

    /// Opportunities that [`crate::check_opportunities`] has accepted (or that
    /// [`crate::parse_opportunities`] gave), as they are: they are not normalized or
    /// checked again (ids used twice are still found by the measurement), so a record
    /// measures as it was given.
    pub fn from_checked(list: &[Opportunity]) -> Columns {
        Columns::from_records(list)
    }

    /// Whether the ids were pushed in ascending byte order (then unique, and the deals in
    /// id order).
    pub(crate) fn ids_ascending(&self) -> bool {
        !self.unordered
    }

    /// Records as they are (checked by the caller, not normalized again: a record measures
    /// as it was given).
    pub(crate) fn from_records(list: &[Opportunity]) -> Columns {
        let touches = list.iter().map(|o| o.touches.len()).sum();
        let mut c = Columns::with_capacity(list.len(), touches);
        let mut buffer: Vec<TouchRef<'_>> = Vec::new();
        for o in list {
            buffer.clear();
            buffer.extend(o.touches.iter().map(|t| TouchRef {
                advocate_id: &t.advocate_id,
                kind: t.kind,
                on: t.on,
                solicited: t.solicited,
            }));
            let r = OpportunityRef {
                touches: &buffer,
                ..OpportunityRef::of(o)
            };
            let head = Head {
                id: r.id,
                stage: r.stage,
                created_on: r.created_on,
                closed_on: r.closed_on,
                amount: r.amount,
                currency: r.currency,
                country: r.country,
                industry: r.industry,
                source_advocate: r.source.and_then(|(_, a)| a),
            };
            c.append_deal(
                &head,
                &r,
                o.products.iter().map(String::as_str),
                same,
                Given::Refs(r.touches, None),
            );
        }
        c
    }

    /// The id of deal `i`.
    pub(crate) fn id(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.id_ends[i - 1] };
        self.ids.get(start..self.id_ends[i]).unwrap_or("")
    }

    /// The touch rows of deal `i`.
    pub(crate) fn touches(&self, i: usize) -> std::ops::Range<usize> {
        let start = if i == 0 { 0 } else { self.touch_ends[i - 1] };
        start..self.touch_ends[i]
    }

    /// The product keys of deal `i`.
    pub(crate) fn products(&self, i: usize) -> &[u32] {
        let start = if i == 0 { 0 } else { self.product_ends[i - 1] };
        self.products
            .get(start..self.product_ends[i])
            .unwrap_or(&[])
    }
}

/// `opportunities[i]<rest>` as `opportunities[i + shift]<rest>` (another path as it is).
fn shifted(path: &str, shift: usize) -> String {
    let moved = path.strip_prefix("opportunities[").and_then(|rest| {
        let (i, rest) = rest.split_once(']')?;
        let i: usize = i.parse().ok()?;
        Some(format!("opportunities[{}]{rest}", i + shift))
    });
    moved.unwrap_or_else(|| path.to_owned())
}

/// `s` without leading and trailing whitespace ([`str::trim`]), at the cost of two byte
/// compares when it has none: most ids.
fn trim(s: &str) -> &str {
    match s.as_bytes() {
        [first, .., last] if (b'!'..0x80).contains(first) && (b'!'..0x80).contains(last) => s,
        _ => s.trim(),
    }
}

fn same(s: &str) -> &str {
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_the_bytes_zero_padded() {
        let text: Vec<u8> = (1..=17u8).map(|b| b.wrapping_mul(37) | 1).collect();
        for n in 0..=17 {
            let b = &text[..n];
            let expected = (n <= 16).then(|| {
                let mut w = [0u8; 16];
                w[..n].copy_from_slice(b);
                let (lo, hi) = w.split_at(8);
                (
                    u64::from_le_bytes(lo.try_into().unwrap()),
                    u64::from_le_bytes(hi.try_into().unwrap()),
                )
            });
            assert_eq!(words(b), expected, "{n} bytes");
        }
    }

    #[test]
    fn names_interned_in_blocks_get_the_numbers_of_one_by_one() {
        // Short and long names, repeated, past the table's first growth.
        let names: Vec<String> = (0..5000)
            .map(|i| match i % 7 {
                0 => format!("a-rather-long-advocate-id-{}", i % 900),
                1 => String::new(),
                _ => format!("adv-{}", (i * 31) % 1700),
            })
            .collect();
        let mut one = Interner::default();
        let singly: Vec<u32> = names.iter().map(|n| one.id(n)).collect();
        let mut blocks = Interner::default();
        let mut together = Vec::new();
        for part in names.chunks(77) {
            blocks.ids(part.iter().map(String::as_str), &mut together);
        }
        assert_eq!(together, singly);
        assert_eq!(blocks.len(), one.len());
        for (n, &k) in names.iter().zip(&singly) {
            assert_eq!(one.name(k), n);
        }
        assert_eq!(trim(" a "), "a");
        assert_eq!(trim("a\u{a0}"), "a");
        assert_eq!(trim("ab"), "ab");
        assert_eq!(trim(""), "");
    }
}
