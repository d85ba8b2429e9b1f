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
    /// Names of up to 16 bytes by their bytes as one number (no compare of bytes behind
    /// a pointer: most ids are that short).
    short: FxHashMap<(u128, u8), u32>,
    map: FxHashMap<Box<str>, u32>,
    /// The names, one after the other, in number order.
    text: String,
    ends: Vec<usize>,
}

impl Interner {
    fn id(&mut self, s: &str) -> u32 {
        let short = (s.len() <= 16).then(|| {
            let mut b = [0u8; 16];
            b[..s.len()].copy_from_slice(s.as_bytes());
            (u128::from_le_bytes(b), s.len() as u8)
        });
        let found = match short {
            Some(k) => self.short.get(&k),
            None => self.map.get(s),
        };
        if let Some(&i) = found {
            return i;
        }
        let i = u32::try_from(self.ends.len()).unwrap_or(NONE);
        self.text.push_str(s);
        self.ends.push(self.text.len());
        match short {
            Some(k) => self.short.insert(k, i),
            None => self.map.insert(s.into(), i),
        };
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
/// measurement, with ids used twice.
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
        let industry = o.industry.map(opportunity::normal_key);
        let country = o.country.map(opportunity::normal_country);
        let products: Vec<Cow<'_, str>> = o
            .products
            .iter()
            .map(|p| opportunity::normal_key(p))
            .collect();
        let source_advocate = o.source.and_then(|(_, a)| a).map(str::trim);
        let head = Head {
            id: o.id.trim(),
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
            let touch_ids = || o.touches.iter().map(|t| t.advocate_id.trim());
            // Paths are built only for a deal with a problem.
            let mut found = Vec::new();
            opportunity::check(&head, &products, touch_ids(), "", &mut found);
            if !found.is_empty() {
                let path = format!("opportunities[{}]", self.len());
                opportunity::check(&head, &products, touch_ids(), &path, &mut self.errors);
            }
        }
        self.append_deal(&head, o, products.iter().map(|p| &**p), str::trim);
    }

    /// Appends a deal as it is (already normalized and checked).
    fn append_deal<'p>(
        &mut self,
        head: &Head<'_>,
        o: &OpportunityRef<'_>,
        products: impl Iterator<Item = &'p str>,
        advocate: impl Fn(&str) -> &str,
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
        for t in o.touches {
            let a = self.advocates.id(advocate(t.advocate_id));
            self.touch_advocate.push(a);
            self.touch_on.push(day(t.on));
            self.touch_kind.push(t.kind);
            self.touch_solicited.push(t.solicited);
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
        let advocates = remap(&mut self.advocates, &other.advocates);
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
            let source = o
                .source
                .as_ref()
                .map(|s| (s.kind, s.advocate_id.as_deref()));
            let r = OpportunityRef {
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
                source,
                touches: &buffer,
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
                source_advocate: source.and_then(|(_, a)| a),
            };
            c.append_deal(&head, &r, o.products.iter().map(String::as_str), same);
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

fn same(s: &str) -> &str {
    s
}
