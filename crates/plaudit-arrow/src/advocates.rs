//! The advocates table's columns, and the reuse of one `Advocate` per thread: each row is
//! written into the same record (strings and vectors keep their capacity), so the hot loop
//! allocates nothing once warm, and the core decides with exactly the per-record code.

use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::DataType;
use chrono::NaiveDate;
use plaudit::dates::{Day, date};
use plaudit::{
    Activity, ActivityKind, ActivityStatus, Advocate, Consent, ConsentPurpose, ConsentStatus,
    Disruption, ErrorCode, FieldError, Incentive, IncentiveKind, Influence, ReferenceFrequency,
    Segment, Tier,
};

use crate::column::{
    Bools, Codes, Days, Floats, Ints, Problems, StrLists, Strs, cell, find, push_limited,
};
use crate::ids::IdCol;
use crate::long::{ActivityRow, ConsentRow, DisruptionRow, EngagementRow, Groups};

const T: &str = "advocates";

fn accepted<V: std::fmt::Display>(all: &[V]) -> String {
    all.iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn pos<V: Copy + PartialEq>(all: &[V], v: Option<V>) -> Option<u8> {
    v.and_then(|v| all.iter().position(|x| *x == v))
        .map(|p| p as u8)
}

/// Every advocate column the table may carry (all but `id`, `customer_since` and
/// `health_score` optional; unknown columns are ignored, as unknown record fields are).
#[derive(Debug)]
pub struct AdvocateCols {
    /// The id column.
    pub id: IdCol,
    account_id: Option<Strs>,
    industry: Option<Strs>,
    segment: Option<Codes>,
    country: Option<Strs>,
    languages: Option<StrLists>,
    products: Option<StrLists>,
    use_cases: Option<StrLists>,
    persona: Option<Strs>,
    influence: Option<Codes>,
    customer_since: Option<Days>,
    health_score: Option<Floats>,
    nps: Option<Ints>,
    nps_on: Option<Days>,
    has_measurable_outcome: Option<Bools>,
    preferences_activities: Option<StrLists>,
    preferences_public: Option<Bools>,
    reference_frequency: Option<Codes>,
    erasure_requested: Option<Bools>,
    current_tier: Option<Codes>,
    tier_since: Option<Days>,
    publicity_restricted: Option<Bools>,
    verified_on: Option<Days>,
    left_company: Option<Bools>,
    /// The `customer_since` column could not be read (reported once, not per row).
    broken_customer_since: bool,
    /// The `health_score` column could not be read (reported once, not per row).
    broken_health_score: bool,
}

/// Columns of the activities table read by source row (strings and the incentive's value,
/// rarely present).
#[derive(Debug, Default)]
pub struct ActivityCells {
    topic: Option<Strs>,
    request_id: Option<Strs>,
    incentive_currency: Option<Strs>,
    variant: Option<Strs>,
    incentive_value: Option<Floats>,
}

/// Column `name` of each batch, as it is (not copied into one); `None` when a batch has
/// none.
pub(crate) fn column_parts(batches: &[RecordBatch], name: &str) -> Option<Vec<ArrayRef>> {
    batches
        .iter()
        .map(|b| find(b.schema_ref(), name).map(|i| b.column(i).clone()))
        .collect()
}

/// One column of all `batches` as a single array (zero-copy for one batch).
pub fn whole_column(batches: &[RecordBatch], name: &str) -> Result<Option<ArrayRef>, FieldError> {
    let Some(mut parts) = column_parts(batches, name) else {
        return Ok(None);
    };
    match parts.len() {
        0 => Ok(None),
        1 => Ok(parts.pop()),
        _ => {
            let refs: Vec<&dyn arrow_array::Array> = parts.iter().map(|a| a.as_ref()).collect();
            arrow_select::concat::concat(&refs)
                .map(Some)
                .map_err(|e| FieldError::new(name, ErrorCode::InvalidType, e.to_string()))
        }
    }
}

/// Field `name` of a struct column, null wherever the struct itself is null (an absent
/// `preferences` object has no fields).
fn struct_field(a: &ArrayRef, name: &str) -> Option<ArrayRef> {
    use arrow_array::Array;
    use arrow_array::cast::AsArray;
    let s = a.as_struct_opt()?;
    let child = s.column_by_name(name)?;
    match s.nulls() {
        Some(n) if n.null_count() > 0 => {
            let is_null = arrow_array::BooleanArray::new(!n.inner(), None);
            arrow_select::nullif::nullif(child, &is_null).ok()
        }
        _ => Some(child.clone()),
    }
}

impl ActivityCells {
    /// Reads the string and incentive-value columns of the activities table (all batches).
    pub fn new(batches: &[RecordBatch]) -> Result<Self, FieldError> {
        let t = "activities";
        let read = |name: &str| -> Result<Option<Strs>, FieldError> {
            whole_column(batches, name)?
                .map(|a| Strs::new(&a, t, name))
                .transpose()
        };
        Ok(ActivityCells {
            topic: read("topic")?,
            request_id: read("request_id")?,
            incentive_currency: read("incentive_currency")?,
            variant: read("variant")?,
            // A column of the wrong type is reported where the table's rows are read
            // (`long::ActivityCols`); here it reads as absent.
            incentive_value: column_parts(batches, "incentive_value").and_then(|parts| {
                let parts: Option<Vec<Floats>> = parts
                    .iter()
                    .map(|a| Floats::new(a, t, "incentive_value").ok())
                    .collect();
                Floats::concat(&parts?)
            }),
        })
    }
}

impl AdvocateCols {
    /// Reads the advocates table (all batches), reporting bad columns and cells in `errors`:
    /// a column of the wrong type is reported and read as absent (its rows report nothing
    /// more about it), so that one bad column hides no other problem. Without a usable `id`
    /// column the rows cannot be read: every column problem is still reported, with the
    /// other required columns that are absent, and the id problem is returned.
    pub fn new(batches: &[RecordBatch], errors: &mut Problems) -> Result<Self, FieldError> {
        let start = errors.len();
        let mut preferences = whole_column(batches, "preferences").unwrap_or_else(|e| {
            errors.push(e);
            None
        });
        if let Some(dt) = preferences.as_ref().map(|p| p.data_type().clone()) {
            if !matches!(dt, DataType::Struct(_) | DataType::Null) {
                errors.push(FieldError::new(
                    format!("{T}.preferences"),
                    ErrorCode::InvalidType,
                    format!("column of Arrow type `{dt}` is not a struct"),
                ));
                preferences = None;
            }
        }
        // `preferences_public` (flat) or the field `public` of a `preferences` struct.
        let get = |name: &str| -> Result<Option<ArrayRef>, FieldError> {
            if let Some(a) = whole_column(batches, name)? {
                return Ok(Some(a));
            }
            let field = match name {
                "preferences_activities" => "activities",
                "preferences_public" => "public",
                "preferences_reference_frequency" => "reference_frequency",
                _ => return Ok(None),
            };
            Ok(preferences.as_ref().and_then(|p| struct_field(p, field)))
        };
        // Columns that are present but could not be read (their problem is reported).
        let mut broken: Vec<&'static str> = Vec::new();
        macro_rules! opt {
            ($name:expr, |$a:ident| $read:expr) => {
                match get($name).and_then(|c| c.map(|$a| $read).transpose()) {
                    Ok(c) => c,
                    Err(e) => {
                        errors.push(e);
                        broken.push($name);
                        None
                    }
                }
            };
        }
        let segments = accepted(Segment::ALL);
        let influences = accepted(Influence::ALL);
        let frequencies = accepted(ReferenceFrequency::ALL);
        let tiers = accepted(Tier::ALL);
        let id = get("id").and_then(|c| match c {
            Some(a) => IdCol::new(&a, T, "id"),
            None => Err(FieldError::new(
                format!("{T}.id"),
                ErrorCode::MissingField,
                "column is required",
            )),
        });
        let reference_frequency = match get("reference_frequency") {
            Ok(Some(a)) => Ok(Some(a)),
            Ok(None) => get("preferences_reference_frequency"),
            Err(e) => Err(e),
        };
        let before = errors.len();
        let reference_frequency = match reference_frequency.and_then(|c| {
            c.map(|a| {
                Codes::new(
                    &a,
                    T,
                    "reference_frequency",
                    |s| pos(ReferenceFrequency::ALL, ReferenceFrequency::parse(s)),
                    &frequencies,
                    errors,
                )
            })
            .transpose()
        }) {
            Ok(c) => c,
            Err(e) => {
                errors.push(e);
                None
            }
        };
        // A bad cell is named as the record names it (the column is named as it is).
        for e in &mut errors[before..] {
            if e.path.starts_with("advocates[") {
                e.path = e
                    .path
                    .replace("].reference_frequency", "].preferences.reference_frequency");
            }
        }
        let cols = AdvocateCols {
            id: IdCol::Int(arrow_array::Int64Array::from(Vec::<i64>::new())),
            account_id: opt!("account_id", |a| Strs::new(&a, T, "account_id")),
            industry: opt!("industry", |a| Strs::new(&a, T, "industry")),
            segment: opt!("segment", |a| Codes::new(
                &a,
                T,
                "segment",
                |s| pos(Segment::ALL, Segment::parse(s)),
                &segments,
                errors
            )),
            country: opt!("country", |a| Strs::new(&a, T, "country")),
            languages: opt!("languages", |a| StrLists::new(&a, T, "languages")),
            products: opt!("products", |a| StrLists::new(&a, T, "products")),
            use_cases: opt!("use_cases", |a| StrLists::new(&a, T, "use_cases")),
            persona: opt!("persona", |a| Strs::new(&a, T, "persona")),
            influence: opt!("influence", |a| Codes::new(
                &a,
                T,
                "influence",
                |s| pos(Influence::ALL, Influence::parse(s)),
                &influences,
                errors
            )),
            // A required column that is absent is null in every row: each row is reported
            // `missing`, as a record without the field is.
            customer_since: opt!("customer_since", |a| Days::new(
                &a,
                T,
                "customer_since",
                errors
            )),
            health_score: opt!("health_score", |a| Floats::new(&a, T, "health_score")),
            nps: opt!("nps", |a| Ints::new(&a, T, "nps", errors)),
            nps_on: opt!("nps_on", |a| Days::new(&a, T, "nps_on", errors)),
            has_measurable_outcome: opt!("has_measurable_outcome", |a| Bools::new(
                &a,
                T,
                "has_measurable_outcome"
            )),
            preferences_activities: opt!("preferences_activities", |a| StrLists::new(
                &a,
                T,
                "preferences_activities"
            )),
            preferences_public: opt!("preferences_public", |a| Bools::new(
                &a,
                T,
                "preferences_public"
            )),
            reference_frequency,
            erasure_requested: opt!("erasure_requested", |a| Bools::new(
                &a,
                T,
                "erasure_requested"
            )),
            current_tier: opt!("current_tier", |a| Codes::new(
                &a,
                T,
                "current_tier",
                |s| pos(Tier::ALL, Tier::parse(s)),
                &tiers,
                errors
            )),
            tier_since: opt!("tier_since", |a| Days::new(&a, T, "tier_since", errors)),
            publicity_restricted: opt!("publicity_restricted", |a| Bools::new(
                &a,
                T,
                "publicity_restricted"
            )),
            verified_on: opt!("verified_on", |a| Days::new(&a, T, "verified_on", errors)),
            left_company: opt!("left_company", |a| Bools::new(&a, T, "left_company")),
            broken_customer_since: false,
            broken_health_score: false,
        };
        // Fields of a `preferences` struct column are named as its fields (the flat
        // columns of the long shape by their own names).
        if preferences.is_some() {
            for (flat, field) in [
                ("preferences_activities", "activities"),
                ("preferences_public", "public"),
                ("reference_frequency", "reference_frequency"),
            ] {
                if matches!(whole_column(batches, flat), Ok(Some(_))) {
                    continue;
                }
                let column = format!("{T}.{flat}");
                for e in &mut errors[start..] {
                    if e.path == column {
                        e.path = format!("{T}.preferences.{field}");
                    }
                }
            }
        }
        let id = match id {
            Ok(id) => id,
            Err(e) => {
                // No row can be read: the other required columns that are absent are
                // reported as columns too, as a record without them would be.
                for name in ["customer_since", "health_score"] {
                    if !broken.contains(&name) && matches!(get(name), Ok(None)) {
                        errors.push(FieldError::new(
                            format!("{T}.{name}"),
                            ErrorCode::MissingField,
                            "column is required",
                        ));
                    }
                }
                return Err(e);
            }
        };
        Ok(AdvocateCols {
            id,
            broken_customer_since: broken.contains(&"customer_since"),
            broken_health_score: broken.contains(&"health_score"),
            ..cols
        })
    }
}

/// The long rows of every advocate, grouped.
#[derive(Debug)]
pub struct History {
    /// Activities.
    pub activities: Groups<ActivityRow>,
    /// Activity strings by source row.
    pub activity_cells: ActivityCells,
    /// Engagements.
    pub engagements: Groups<EngagementRow>,
    /// Consents.
    pub consents: Groups<ConsentRow>,
    /// Disruptions.
    pub disruptions: Groups<DisruptionRow>,
}

fn set_str(dst: &mut String, src: Option<&str>) {
    dst.clear();
    if let Some(s) = src {
        dst.push_str(s);
    }
}

fn set_opt_str(dst: &mut Option<String>, src: Option<&str>) {
    match src {
        Some(s) => {
            let d = dst.get_or_insert_with(String::new);
            d.clear();
            d.push_str(s);
        }
        None => *dst = None,
    }
}

fn set_list<'s>(dst: &mut Vec<String>, src: impl Iterator<Item = &'s str>) {
    let mut n = 0;
    for s in src {
        match dst.get_mut(n) {
            Some(d) => {
                d.clear();
                d.push_str(s);
            }
            None => dst.push(s.to_owned()),
        }
        n += 1;
    }
    dst.truncate(n);
}

fn flag(c: &Option<Bools>, i: usize) -> bool {
    c.as_ref().and_then(|b| b.get(i)).unwrap_or(false)
}

fn day_opt(c: &Option<Days>, i: usize, dates: &Dates) -> Option<NaiveDate> {
    c.as_ref().and_then(|d| d.get(i)).map(|d| dates.get(d))
}

fn code<V: Copy>(c: &Option<Codes>, i: usize, all: &[V]) -> Option<V> {
    let c = c.as_ref()?;
    match c.get(i) {
        Some(k) => all.get(k as usize).copied(),
        // A name that is not one (reported) stands as a value of its type, as in the JSON
        // door, so that no rule reports it again (`tier_since` without `current_tier`).
        None if !c.is_null(i) => all.first().copied(),
        None => None,
    }
}

fn opt_day(d: Day, dates: &Dates) -> Option<NaiveDate> {
    (d != Day::MIN).then(|| dates.get(d))
}

/// Day numbers to dates by table lookup around `as_of` (chrono's conversion is a few
/// divisions; a batch converts some twenty dates per advocate).
#[derive(Debug)]
pub struct Dates {
    base: Day,
    table: Vec<NaiveDate>,
}

impl Dates {
    /// Covers 60 years before `as_of` to 10 years after.
    pub fn around(as_of: NaiveDate) -> Self {
        let a = plaudit::dates::day(as_of);
        let base = a.saturating_sub(60 * 366);
        let end = a.saturating_add(10 * 366);
        Dates {
            base,
            table: (base..end).map(date).collect(),
        }
    }

    /// [`Dates::around`] for `rows` advocates: a few hundred advocates convert fewer dates
    /// than the table holds, so they convert each by arithmetic instead.
    pub fn for_rows(as_of: NaiveDate, rows: usize) -> Self {
        if rows >= 1_024 {
            Self::around(as_of)
        } else {
            Dates {
                base: 0,
                table: Vec::new(),
            }
        }
    }

    /// The date of day `d`.
    #[inline]
    pub fn get(&self, d: Day) -> NaiveDate {
        match usize::try_from(d.wrapping_sub(self.base))
            .ok()
            .and_then(|i| self.table.get(i))
        {
            Some(x) => *x,
            None => date(d),
        }
    }
}

/// A fresh record to fill (one per thread).
pub fn scratch() -> Advocate {
    Advocate::new("", NaiveDate::MIN)
}

/// Writes advocate `i` into `a`, reusing its allocations. Problems (a null required cell, an
/// unknown kind in `preferences_activities`) are reported by path.
pub fn fill(
    a: &mut Advocate,
    cols: &AdvocateCols,
    h: &History,
    dates: &Dates,
    i: usize,
    errors: &mut Problems,
) {
    a.id.clear();
    match &cols.id {
        IdCol::Str(s) => a.id.push_str(s.get(i).unwrap_or("")),
        IdCol::Int(v) => {
            use std::fmt::Write;
            let _ = write!(a.id, "{}", v.value(i));
        }
    }
    set_str(
        &mut a.account_id,
        cols.account_id.as_ref().and_then(|s| s.get(i)),
    );
    set_str(
        &mut a.industry,
        cols.industry.as_ref().and_then(|s| s.get(i)),
    );
    a.segment = code(&cols.segment, i, Segment::ALL);
    set_str(&mut a.country, cols.country.as_ref().and_then(|s| s.get(i)));
    set_list(
        &mut a.languages,
        cols.languages.iter().flat_map(|l| l.get(i)),
    );
    set_list(&mut a.products, cols.products.iter().flat_map(|l| l.get(i)));
    set_list(
        &mut a.use_cases,
        cols.use_cases.iter().flat_map(|l| l.get(i)),
    );
    set_opt_str(&mut a.persona, cols.persona.as_ref().and_then(|s| s.get(i)));
    a.influence = code(&cols.influence, i, Influence::ALL);
    // A missing value leaves a neutral one behind (never the previous row's, which may be
    // out of range and would be reported again).
    match cols.customer_since.as_ref().and_then(|d| d.get(i)) {
        Some(d) => a.customer_since = dates.get(d),
        None => {
            a.customer_since = NaiveDate::MIN;
            if !cols.broken_customer_since {
                push_limited(
                    errors,
                    cell(T, i, "customer_since"),
                    ErrorCode::MissingField,
                    "is required",
                );
            }
        }
    }
    match cols.health_score.as_ref().and_then(|f| f.get(i)) {
        Some(h) => a.health_score = h,
        None => {
            a.health_score = 0.0;
            if !cols.broken_health_score {
                push_limited(
                    errors,
                    cell(T, i, "health_score"),
                    ErrorCode::MissingField,
                    "is required",
                );
            }
        }
    }
    a.nps = cols.nps.as_ref().and_then(|n| n.get(i));
    a.nps_on = day_opt(&cols.nps_on, i, dates);
    a.has_measurable_outcome = flag(&cols.has_measurable_outcome, i);
    match &cols.preferences_activities {
        Some(l) if l_valid(l, i) => {
            let list = a.preferences.activities.get_or_insert_with(Vec::new);
            list.clear();
            for (j, s) in l.get(i).enumerate() {
                match ActivityKind::parse(s) {
                    Some(k) => list.push(k),
                    None => push_limited(
                        errors,
                        format!("{}[{j}]", cell(T, i, "preferences.activities")),
                        ErrorCode::InvalidValue,
                        format!("`{s}` is not one of {}", accepted(ActivityKind::ALL)),
                    ),
                }
            }
        }
        _ => a.preferences.activities = None,
    }
    a.preferences.public = flag(&cols.preferences_public, i);
    a.preferences.reference_frequency = code(&cols.reference_frequency, i, ReferenceFrequency::ALL);
    a.erasure_requested = flag(&cols.erasure_requested, i);
    a.current_tier = code(&cols.current_tier, i, Tier::ALL);
    a.tier_since = day_opt(&cols.tier_since, i, dates);
    a.publicity_restricted = flag(&cols.publicity_restricted, i);
    a.verified_on = day_opt(&cols.verified_on, i, dates);
    a.left_company = flag(&cols.left_company, i);

    fill_activities(
        &mut a.activities,
        h.activities.of(i),
        &h.activity_cells,
        dates,
    );
    a.engagements.clear();
    a.engagements
        .extend(h.engagements.of(i).iter().map(|e| dates.get(e.day)));
    a.consents.clear();
    a.consents.extend(h.consents.of(i).iter().map(|c| {
        Consent {
            purpose: ConsentPurpose::ALL
                .get(c.purpose as usize)
                .copied()
                .unwrap_or(ConsentPurpose::Program),
            status: ConsentStatus::ALL
                .get(c.status as usize)
                .copied()
                .unwrap_or(ConsentStatus::Granted),
            on: dates.get(c.on),
            expires: opt_day(c.expires, dates),
        }
    }));
    a.disruptions.clear();
    a.disruptions
        .extend(h.disruptions.of(i).iter().map(|d| Disruption {
            kind: d.kind,
            from: dates.get(d.from),
            to: opt_day(d.to, dates),
        }));
}

fn l_valid(l: &StrLists, i: usize) -> bool {
    l.is_valid(i)
}

impl History {
    /// Asks the cache for the optional cells of advocate `i`'s activities (their strings'
    /// slots and incentive values, or with `data` the strings' bytes): activities come in
    /// any order, so each cell is a miss
    /// in a column larger than the cache; asked for a few advocates ahead, the misses
    /// overlap instead of each stalling the record being built.
    #[inline]
    pub fn prefetch_cells(&self, i: usize, data: bool) {
        let s = &self.activity_cells;
        for r in self.activities.of(i) {
            if r.incentive != Codes::NONE {
                if let Some(v) = s.incentive_value.as_ref().filter(|_| !data) {
                    v.prefetch(r.src as usize);
                }
            }
            if r.strings == 0 {
                continue;
            }
            for (bit, c) in [
                (ActivityRow::TOPIC, &s.topic),
                (ActivityRow::REQUEST_ID, &s.request_id),
                (ActivityRow::CURRENCY, &s.incentive_currency),
                (ActivityRow::VARIANT, &s.variant),
            ] {
                if let Some(c) = c.as_ref().filter(|_| r.strings & bit != 0) {
                    c.prefetch(r.src as usize, data);
                }
            }
        }
    }
}

fn fill_activities(
    dst: &mut Vec<Activity>,
    rows: &[ActivityRow],
    s: &ActivityCells,
    dates: &Dates,
) {
    dst.truncate(rows.len());
    for (k, r) in rows.iter().enumerate() {
        let kind = ActivityKind::ALL
            .get(r.kind as usize)
            .copied()
            .unwrap_or(ActivityKind::ReferenceCall);
        let status = ActivityStatus::ALL
            .get(r.status as usize)
            .copied()
            .unwrap_or(ActivityStatus::Completed);
        // Only the strings the row has are looked up: each lookup is a cache miss (rows come
        // grouped by advocate, their strings stay in input order).
        fn string<'s>(r: &ActivityRow, bit: u8, c: &'s Option<Strs>) -> Option<&'s str> {
            if r.strings & bit == 0 {
                None
            } else {
                c.as_ref().and_then(|c| c.get(r.src as usize))
            }
        }
        let topic = string(r, ActivityRow::TOPIC, &s.topic);
        let request_id = string(r, ActivityRow::REQUEST_ID, &s.request_id);
        let incentive_kind = IncentiveKind::ALL.get(r.incentive as usize).copied();
        let currency = string(r, ActivityRow::CURRENCY, &s.incentive_currency);
        let variant = string(r, ActivityRow::VARIANT, &s.variant);
        if k == dst.len() {
            dst.push(Activity {
                kind,
                date: dates.get(r.day),
                status,
                solicited: r.solicited,
                topic: None,
                request_id: None,
                incentive: None,
                variant: None,
            });
        }
        let a = &mut dst[k];
        a.kind = kind;
        a.date = dates.get(r.day);
        a.status = status;
        a.solicited = r.solicited;
        set_opt_str(&mut a.topic, topic);
        set_opt_str(&mut a.request_id, request_id);
        set_opt_str(&mut a.variant, variant);
        match incentive_kind {
            Some(kind) => {
                let inc = a.incentive.get_or_insert(Incentive {
                    kind,
                    value: 0.0,
                    currency: None,
                });
                inc.kind = kind;
                inc.value = s
                    .incentive_value
                    .as_ref()
                    .and_then(|v| v.get(r.src as usize))
                    .unwrap_or(0.0);
                set_opt_str(&mut inc.currency, currency);
            }
            None => a.incentive = None,
        }
    }
}

/// Rewrites a problem the core found in the record of advocate `i` to its path in the
/// table door, the record path `advocates[i].<field>`; a problem in a row of a long table
/// (`consents[2].expires` of the record) keeps that row findable in its message
/// ("consents row 17").
pub fn locate(e: &mut FieldError, i: usize, h: &History) {
    let long = [
        ("consents", !h.consents.nested),
        ("activities", !h.activities.nested),
        ("disruptions", !h.disruptions.nested),
    ];
    for (name, is_long) in long {
        if !is_long {
            continue;
        }
        let Some(rest) = e.path.strip_prefix(name).and_then(|r| r.strip_prefix('[')) else {
            continue;
        };
        let Some(k) = rest
            .split_once(']')
            .and_then(|(num, _)| num.parse::<usize>().ok())
        else {
            continue;
        };
        let src = match name {
            "consents" => h.consents.of(i).get(k).map(|r| r.src),
            "activities" => h.activities.of(i).get(k).map(|r| r.src),
            _ => h.disruptions.of(i).get(k).map(|r| r.src),
        };
        if let Some(src) = src {
            e.message = format!("{} ({name} row {src})", e.message);
        }
    }
    e.path = if e.path.is_empty() {
        format!("{T}[{i}]")
    } else {
        format!("{T}[{i}].{}", e.path)
    };
}
