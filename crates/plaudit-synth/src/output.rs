//! Streaming writers: JSON Lines (one advocate per line) and the flat CSV file set
//! (`advocates.csv` plus child files joined by `advocate_id`). Both hold one advocate in
//! memory at a time, so a million advocates stream in constant memory.

use std::fmt::Write as _;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use plaudit::{Advocate, DisruptionKind};

use crate::{SynthConfig, advocates, requests};

/// Writes `config.advocates` advocates as JSON Lines: one compact JSON object per line, in
/// index order. The output is buffered internally.
///
/// ```
/// let config = plaudit_synth::SynthConfig { advocates: 3, ..Default::default() };
/// let mut out = Vec::new();
/// plaudit_synth::write_jsonl(&config, &mut out).unwrap();
/// let text = String::from_utf8(out).unwrap();
/// assert_eq!(text.lines().count(), 3);
/// assert!(plaudit::parse_advocate(text.lines().next().unwrap()).is_ok());
/// ```
pub fn write_jsonl<W: Write>(config: &SynthConfig, writer: W) -> io::Result<()> {
    let mut w = BufWriter::with_capacity(1 << 16, writer);
    for a in advocates(config) {
        serde_json::to_writer(&mut w, &a)?;
        w.write_all(b"\n")?;
    }
    w.flush()
}

/// Writes `config.requests` requests as JSON Lines.
///
/// ```
/// let config = plaudit_synth::SynthConfig { requests: 2, ..Default::default() };
/// let mut out = Vec::new();
/// plaudit_synth::write_requests_jsonl(&config, &mut out).unwrap();
/// let text = String::from_utf8(out).unwrap();
/// assert!(text.lines().all(|l| plaudit::parse_request(l).is_ok()));
/// ```
pub fn write_requests_jsonl<W: Write>(config: &SynthConfig, writer: W) -> io::Result<()> {
    let mut w = BufWriter::new(writer);
    for r in requests(config, config.requests) {
        serde_json::to_writer(&mut w, &r)?;
        w.write_all(b"\n")?;
    }
    w.flush()
}

/// File names of the CSV set, in the order of [`CsvSinks`]' fields.
pub const CSV_FILES: [&str; 5] = [
    "advocates.csv",
    "activities.csv",
    "engagements.csv",
    "consents.csv",
    "disruptions.csv",
];

/// Columns of `advocates.csv`. List cells are `;`-separated; an empty cell is an absent
/// optional field (or an empty list).
pub const ADVOCATE_COLUMNS: &[&str] = &[
    "id",
    "account_id",
    "industry",
    "segment",
    "country",
    "languages",
    "products",
    "use_cases",
    "persona",
    "influence",
    "customer_since",
    "health_score",
    "nps",
    "nps_on",
    "has_measurable_outcome",
    "preferences.public",
    "preferences.activities",
    "preferences.reference_frequency",
    "erasure_requested",
    "current_tier",
    "tier_since",
    "publicity_restricted",
    "verified_on",
    "left_company",
];

/// Columns of `activities.csv` (one row per activity, in the advocate's order).
pub const ACTIVITY_COLUMNS: &[&str] = &[
    "advocate_id",
    "kind",
    "date",
    "status",
    "solicited",
    "topic",
    "request_id",
    "incentive.kind",
    "incentive.value",
    "incentive.currency",
];

/// Columns of `engagements.csv` (one row per engagement date).
pub const ENGAGEMENT_COLUMNS: &[&str] = &["advocate_id", "date"];

/// Columns of `consents.csv` (one row per consent record).
pub const CONSENT_COLUMNS: &[&str] = &["advocate_id", "purpose", "status", "on", "expires"];

/// Columns of `disruptions.csv` (one row per disruption window).
pub const DISRUPTION_COLUMNS: &[&str] = &["advocate_id", "kind", "from", "to"];

/// The five destinations of the CSV set (see [`CSV_FILES`]).
#[derive(Debug)]
pub struct CsvSinks<W> {
    /// `advocates.csv`.
    pub advocates: W,
    /// `activities.csv`.
    pub activities: W,
    /// `engagements.csv`.
    pub engagements: W,
    /// `consents.csv`.
    pub consents: W,
    /// `disruptions.csv`.
    pub disruptions: W,
}

/// Writes advocates, one at a time, to the CSV file set. Headers are written on creation.
///
/// Use it to write any advocates (not only generated ones) in the layout documented in
/// the crate README.
///
/// ```
/// use plaudit_synth::{CsvSinks, CsvWriter, SynthConfig};
///
/// let sinks = CsvSinks {
///     advocates: Vec::new(), activities: Vec::new(), engagements: Vec::new(),
///     consents: Vec::new(), disruptions: Vec::new(),
/// };
/// let mut w = CsvWriter::new(sinks).unwrap();
/// let config = SynthConfig { advocates: 2, ..Default::default() };
/// for a in plaudit_synth::advocates(&config) {
///     w.write(&a).unwrap();
/// }
/// let out = w.finish().unwrap();
/// let text = String::from_utf8(out.advocates).unwrap();
/// assert!(text.starts_with("id,account_id,industry,segment,country,"));
/// assert_eq!(text.lines().count(), 3);
/// ```
#[derive(Debug)]
pub struct CsvWriter<W: Write> {
    advocates: csv::Writer<W>,
    activities: csv::Writer<W>,
    engagements: csv::Writer<W>,
    consents: csv::Writer<W>,
    disruptions: csv::Writer<W>,
    buf: String,
}

impl<W: Write> CsvWriter<W> {
    /// Wraps the five sinks (each buffered by the `csv` writer) and writes the headers.
    pub fn new(sinks: CsvSinks<W>) -> csv::Result<Self> {
        let open = |w: W, header: &[&str]| -> csv::Result<csv::Writer<W>> {
            let mut w = csv::WriterBuilder::new()
                .buffer_capacity(1 << 16)
                .from_writer(w);
            w.write_record(header)?;
            Ok(w)
        };
        Ok(CsvWriter {
            advocates: open(sinks.advocates, ADVOCATE_COLUMNS)?,
            activities: open(sinks.activities, ACTIVITY_COLUMNS)?,
            engagements: open(sinks.engagements, ENGAGEMENT_COLUMNS)?,
            consents: open(sinks.consents, CONSENT_COLUMNS)?,
            disruptions: open(sinks.disruptions, DISRUPTION_COLUMNS)?,
            buf: String::with_capacity(256),
        })
    }

    /// Writes one advocate: a row of `advocates.csv` and its child rows.
    pub fn write(&mut self, a: &Advocate) -> csv::Result<()> {
        let id = a.id.as_str();
        let w = &mut self.advocates;
        let buf = &mut self.buf;
        w.write_field(id)?;
        w.write_field(&a.account_id)?;
        w.write_field(&a.industry)?;
        w.write_field(a.segment.map_or("", |s| s.as_str()))?;
        w.write_field(&a.country)?;
        w.write_field(join(buf, a.languages.iter().map(String::as_str)))?;
        w.write_field(join(buf, a.products.iter().map(String::as_str)))?;
        w.write_field(join(buf, a.use_cases.iter().map(String::as_str)))?;
        w.write_field(a.persona.as_deref().unwrap_or(""))?;
        w.write_field(a.influence.map_or("", |i| i.as_str()))?;
        w.write_field(ymd(a.customer_since).as_slice())?;
        w.write_field(number(buf, a.health_score))?;
        buf.clear();
        if let Some(n) = a.nps {
            let _ = write!(buf, "{n}");
        }
        w.write_field(buf.as_str())?;
        w.write_field(opt_date(a.nps_on).as_slice())?;
        w.write_field(boolean(a.has_measurable_outcome))?;
        w.write_field(boolean(a.preferences.public))?;
        let kinds = a
            .preferences
            .activities
            .iter()
            .flatten()
            .map(|k| k.as_str());
        w.write_field(join(buf, kinds))?;
        w.write_field(a.preferences.reference_frequency.map_or("", |f| f.as_str()))?;
        w.write_field(boolean(a.erasure_requested))?;
        w.write_field(a.current_tier.map_or("", |t| t.as_str()))?;
        w.write_field(opt_date(a.tier_since).as_slice())?;
        w.write_field(boolean(a.publicity_restricted))?;
        w.write_field(opt_date(a.verified_on).as_slice())?;
        w.write_field(boolean(a.left_company))?;
        w.write_record(None::<&[u8]>)?;

        for x in &a.activities {
            let w = &mut self.activities;
            w.write_field(id)?;
            w.write_field(x.kind.as_str())?;
            w.write_field(ymd(x.date).as_slice())?;
            w.write_field(x.status.as_str())?;
            w.write_field(boolean(x.solicited))?;
            w.write_field(x.topic.as_deref().unwrap_or(""))?;
            w.write_field(x.request_id.as_deref().unwrap_or(""))?;
            match &x.incentive {
                Some(i) => {
                    w.write_field(i.kind.as_str())?;
                    w.write_field(number(buf, i.value))?;
                    w.write_field(i.currency.as_deref().unwrap_or(""))?;
                }
                None => {
                    for _ in 0..3 {
                        w.write_field("")?;
                    }
                }
            }
            w.write_record(None::<&[u8]>)?;
        }
        for d in &a.engagements {
            self.engagements
                .write_record([id.as_bytes(), ymd(*d).as_slice()])?;
        }
        for c in &a.consents {
            self.consents.write_record([
                id.as_bytes(),
                c.purpose.as_str().as_bytes(),
                c.status.as_str().as_bytes(),
                ymd(c.on).as_slice(),
                opt_date(c.expires).as_slice(),
            ])?;
        }
        for d in &a.disruptions {
            self.disruptions.write_record([
                id.as_bytes(),
                disruption_kind(d.kind).as_bytes(),
                ymd(d.from).as_slice(),
                opt_date(d.to).as_slice(),
            ])?;
        }
        Ok(())
    }

    /// Flushes every file and returns the sinks.
    pub fn finish(self) -> csv::Result<CsvSinks<W>> {
        let inner =
            |w: csv::Writer<W>| w.into_inner().map_err(|e| csv::Error::from(e.into_error()));
        Ok(CsvSinks {
            advocates: inner(self.advocates)?,
            activities: inner(self.activities)?,
            engagements: inner(self.engagements)?,
            consents: inner(self.consents)?,
            disruptions: inner(self.disruptions)?,
        })
    }
}

/// Writes `config.advocates` generated advocates to the CSV set, streaming.
pub fn write_csv<W: Write>(config: &SynthConfig, sinks: CsvSinks<W>) -> csv::Result<CsvSinks<W>> {
    let mut w = CsvWriter::new(sinks)?;
    for a in advocates(config) {
        w.write(&a)?;
    }
    w.finish()
}

/// Writes the CSV set into `dir` (created if missing) as the five [`CSV_FILES`].
pub fn write_csv_dir(config: &SynthConfig, dir: &Path) -> csv::Result<()> {
    std::fs::create_dir_all(dir)?;
    let file = |name: &str| std::fs::File::create(dir.join(name));
    let [a, b, c, d, e] = CSV_FILES;
    let sinks = CsvSinks {
        advocates: file(a)?,
        activities: file(b)?,
        engagements: file(c)?,
        consents: file(d)?,
        disruptions: file(e)?,
    };
    let sinks = write_csv(config, sinks)?;
    for f in [
        sinks.advocates,
        sinks.activities,
        sinks.engagements,
        sinks.consents,
        sinks.disruptions,
    ] {
        f.sync_all()?;
    }
    Ok(())
}

/// The order of the rows of the child files (activities, engagements, consents,
/// disruptions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RowOrder {
    /// Each advocate's rows together, advocates in index order.
    #[default]
    ByAdvocate,
    /// Rows in a random order (seeded by the config's seed, so deterministic): the order a
    /// CRM exports them in (by date or by row id), which batch readers must handle as well.
    Shuffled,
}

/// Writes the CSV set into `dir` like [`write_csv_dir`], the child files' rows in `order`.
/// [`RowOrder::Shuffled`] holds the files in memory while it shuffles them.
///
/// ```
/// use plaudit_synth::{RowOrder, SynthConfig, write_csv_dir_ordered};
/// let dir = std::env::temp_dir().join(format!("plaudit-synth-doc-{}", std::process::id()));
/// let config = SynthConfig { advocates: 50, ..Default::default() };
/// write_csv_dir_ordered(&config, &dir, RowOrder::Shuffled).unwrap();
/// let text = std::fs::read_to_string(dir.join("engagements.csv")).unwrap();
/// assert!(text.starts_with("advocate_id,date\n"));
/// # std::fs::remove_dir_all(&dir).unwrap();
/// ```
pub fn write_csv_dir_ordered(config: &SynthConfig, dir: &Path, order: RowOrder) -> csv::Result<()> {
    if order == RowOrder::ByAdvocate {
        return write_csv_dir(config, dir);
    }
    std::fs::create_dir_all(dir)?;
    let sinks = CsvSinks {
        advocates: Vec::new(),
        activities: Vec::new(),
        engagements: Vec::new(),
        consents: Vec::new(),
        disruptions: Vec::new(),
    };
    let mut w = CsvWriter::new(sinks)?;
    for a in advocates(config) {
        w.write(&a)?;
    }
    let sinks = w.finish()?;
    std::fs::write(dir.join(CSV_FILES[0]), &sinks.advocates)?;
    let children = [
        sinks.activities,
        sinks.engagements,
        sinks.consents,
        sinks.disruptions,
    ];
    for (k, (name, text)) in CSV_FILES[1..].iter().zip(children).enumerate() {
        let mut rng = crate::rng::Rng::new(config.seed, crate::rng::ROW_ORDER_STREAMS | k as u64);
        let mut f = BufWriter::with_capacity(1 << 16, std::fs::File::create(dir.join(name))?);
        f.write_all(&shuffled_lines(&text, &mut rng))?;
        f.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    }
    Ok(())
}

/// The header line, then the other lines in a random order (Fisher-Yates). The generator
/// writes no line break inside a field, so lines are records.
fn shuffled_lines(text: &[u8], rng: &mut crate::rng::Rng) -> Vec<u8> {
    let mut lines: Vec<&[u8]> = text.split_inclusive(|&b| b == b'\n').collect();
    if lines.len() > 2 {
        shuffle(&mut lines[1..], rng);
    }
    lines.concat()
}

fn shuffle<T>(items: &mut [T], rng: &mut crate::rng::Rng) {
    for i in (1..items.len()).rev() {
        let j = rng.index(i + 1);
        items.swap(i, j);
    }
}

/// The order [`RowOrder::Shuffled`] gives the `n` rows of child table `table` (0:
/// activities, 1: engagements, 2: consents, 3: disruptions, as in [`CSV_FILES`]): position
/// `k` of the shuffled table holds row `order[k]` of the table in advocate order. Writers
/// of other formats use it to shuffle their rows exactly as the CSV set's.
///
/// ```
/// use plaudit_synth::{RowOrder, SynthConfig, shuffled_order, write_csv_dir, write_csv_dir_ordered};
/// let dir = std::env::temp_dir().join(format!("plaudit-synth-order-{}", std::process::id()));
/// let config = SynthConfig { advocates: 30, ..Default::default() };
/// write_csv_dir(&config, &dir.join("a")).unwrap();
/// write_csv_dir_ordered(&config, &dir.join("b"), RowOrder::Shuffled).unwrap();
/// let read = |p: &str| std::fs::read_to_string(dir.join(p)).unwrap();
/// let grouped: Vec<String> = read("a/engagements.csv").lines().skip(1).map(str::to_owned).collect();
/// let order = shuffled_order(&config, 1, grouped.len());
/// let expected: Vec<&str> = order.iter().map(|&i| grouped[i as usize].as_str()).collect();
/// let text = read("b/engagements.csv");
/// let shuffled: Vec<&str> = text.lines().skip(1).collect();
/// assert_eq!(shuffled, expected);
/// # std::fs::remove_dir_all(&dir).unwrap();
/// ```
pub fn shuffled_order(config: &SynthConfig, table: usize, n: usize) -> Vec<u32> {
    let mut order: Vec<u32> = (0..n)
        .map(|i| u32::try_from(i).unwrap_or(u32::MAX))
        .collect();
    let mut rng = crate::rng::Rng::new(config.seed, crate::rng::ROW_ORDER_STREAMS | table as u64);
    shuffle(&mut order, &mut rng);
    order
}

/// `YYYY-MM-DD` without allocating (chrono's formatter for years outside 0..=9999).
fn ymd(d: NaiveDate) -> DateCell {
    let (y, m, dd) = (d.year(), d.month(), d.day());
    if !(0..=9999).contains(&y) {
        let s = d.format("%Y-%m-%d").to_string();
        return DateCell::Long(s);
    }
    let y = y as u32;
    let digit = |n: u32| b'0' + (n % 10) as u8;
    DateCell::Short([
        digit(y / 1000),
        digit(y / 100),
        digit(y / 10),
        digit(y),
        b'-',
        digit(m / 10),
        digit(m),
        b'-',
        digit(dd / 10),
        digit(dd),
    ])
}

fn opt_date(d: Option<NaiveDate>) -> DateCell {
    d.map_or(DateCell::Empty, ymd)
}

enum DateCell {
    Empty,
    Short([u8; 10]),
    Long(String),
}

impl DateCell {
    fn as_slice(&self) -> &[u8] {
        match self {
            DateCell::Empty => b"",
            DateCell::Short(b) => b,
            DateCell::Long(s) => s.as_bytes(),
        }
    }
}

fn boolean(b: bool) -> &'static str {
    if b { "true" } else { "false" }
}

/// The shortest text that reads back as the same `f64` (`80`, `83.7`).
fn number(buf: &mut String, x: f64) -> &str {
    buf.clear();
    let _ = write!(buf, "{x}");
    buf.as_str()
}

fn join<'a>(buf: &mut String, items: impl Iterator<Item = &'a str>) -> &str {
    buf.clear();
    for (i, s) in items.enumerate() {
        if i > 0 {
            buf.push(';');
        }
        buf.push_str(s);
    }
    buf.as_str()
}

fn disruption_kind(k: DisruptionKind) -> &'static str {
    match k {
        DisruptionKind::ProductMigration => "product_migration",
        DisruptionKind::Escalation => "escalation",
        DisruptionKind::Reorg => "reorg",
        DisruptionKind::Renewal => "renewal",
        DisruptionKind::Other => "other",
    }
}
