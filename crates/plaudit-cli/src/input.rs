//! Reading advocates: JSON (an array, or one object), JSON Lines (streamed, one advocate per
//! line), CSV (flat columns with child files joined by `advocate_id`), from files or stdin,
//! and Parquet or Arrow IPC files through the table door (see `tables_in`). Every bad row
//! becomes diagnostics naming the file, the line (or the table row) and the field path.

use std::cell::Cell;
use std::fs::File;
use std::io::{self, BufRead, BufReader, IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use clap::ValueEnum;
use plaudit::Advocate;
use serde_json::value::RawValue;

use crate::csv_in;
use crate::diag::{Diagnostic, Failure, Problems};

/// How an advocate file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    /// A JSON array of advocates (or one advocate object).
    Json,
    /// JSON Lines: one advocate object per line.
    Jsonl,
    /// CSV: `advocates.csv` with child files joined by `advocate_id`.
    Csv,
    /// Parquet: an advocates file with the history nested in list columns, or long tables
    /// (advocates plus history files keyed by `advocate_id`, rows in any order).
    Parquet,
    /// Arrow IPC (file or stream), nested or long like Parquet.
    Arrow,
}

/// Where the advocates come from, as given on the command line.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct RosterArgs {
    /// Advocates: a .json, .jsonl, .csv, .parquet or .arrow file, a directory holding the
    /// CSV or Parquet set (advocates.csv, activities.csv, ... or advocates.parquet, ...), or
    /// `-` for stdin.
    #[arg(value_name = "ADVOCATES")]
    pub input: String,
    /// Input format; by default from the extension (stdin: `[` starts JSON, else JSONL).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<InputFormat>,
    /// Activities file (advocate_id, kind, date, status, solicited, topic, request_id, variant,
    /// incentive.kind, incentive.value, incentive.currency; Parquet and Arrow: incentive_kind,
    /// incentive_value, incentive_currency).
    #[arg(long, value_name = "FILE")]
    pub activities: Option<PathBuf>,
    /// Engagements file (advocate_id, date).
    #[arg(long, value_name = "FILE")]
    pub engagements: Option<PathBuf>,
    /// Consents file (advocate_id, purpose, status, on, expires).
    #[arg(long, value_name = "FILE")]
    pub consents: Option<PathBuf>,
    /// Disruptions file (advocate_id, kind, from, to).
    #[arg(long, value_name = "FILE")]
    pub disruptions: Option<PathBuf>,
    /// Process the valid rows and list the invalid ones (without it, any invalid row
    /// stops the command and nothing is written).
    #[arg(long)]
    pub skip_invalid: bool,
    /// List at most this many problems.
    #[arg(long, value_name = "N", default_value_t = 100)]
    pub max_errors: usize,
    /// Worker threads for reading tables and deciding (0: one per core).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub threads: usize,
}

/// One row: an advocate with the line it starts on, or every problem found in it.
pub type Row = Result<(Advocate, Option<u64>), Vec<Diagnostic>>;

/// Where a valid advocate came from: its line and its index among the input's rows.
#[derive(Debug, Clone, Copy)]
pub struct Origin {
    /// 1-based line, when known.
    pub line: Option<u64>,
    /// 0-based row index (bad rows included), as in `advocates[3]`.
    pub index: usize,
}

/// Advocates read whole, with where each came from.
#[derive(Debug)]
pub struct Loaded {
    /// The input's name.
    pub name: String,
    /// The valid advocates, in input order.
    pub advocates: Vec<Advocate>,
    /// Where each came from.
    pub origins: Vec<Origin>,
}

/// A stream of rows with the byte counts a progress bar needs.
pub struct Source {
    pub(crate) rows: Box<dyn Iterator<Item = Result<Row, Failure>>>,
    /// Bytes of the main input, when known (a file).
    pub total_bytes: Option<u64>,
    /// Bytes read so far.
    pub read_bytes: Rc<Cell<u64>>,
    /// The input's name as the user sees it.
    pub name: String,
}

impl std::fmt::Debug for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Source")
            .field("total_bytes", &self.total_bytes)
            .finish_non_exhaustive()
    }
}

/// The name a user sees for a path (`-` is `<stdin>`).
pub fn display_name(path: &str) -> String {
    if path == "-" {
        "<stdin>".to_owned()
    } else {
        path.to_owned()
    }
}

/// Reads a whole text file (or stdin for `-`).
pub fn read_text(path: &str) -> Result<String, Failure> {
    let name = display_name(path);
    let mut bytes = Vec::new();
    let result = if path == "-" {
        io::stdin().lock().read_to_end(&mut bytes)
    } else {
        File::open(path).and_then(|mut f| f.read_to_end(&mut bytes))
    };
    result.map_err(|e| open_error(&name, &e))?;
    let mut text = String::from_utf8(bytes)
        .map_err(|_| Failure::input(Diagnostic::file(&name, "is not valid UTF-8 text")))?;
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    Ok(text)
}

/// A failure to open or read a named input: bad input (exit 2).
pub fn open_error(name: &str, e: &io::Error) -> Failure {
    let what = match e.kind() {
        io::ErrorKind::NotFound => "no such file".to_owned(),
        io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => lowercase_first(&e.to_string()),
    };
    Failure::input(Diagnostic::file(name, format!("cannot read: {what}")))
}

fn lowercase_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A reader that counts the bytes that pass through it.
struct Counting<R> {
    inner: R,
    count: Rc<Cell<u64>>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

/// Opens the advocates named by `args`.
pub fn open(args: &RosterArgs) -> Result<Source, Failure> {
    let read_bytes = Rc::new(Cell::new(0u64));
    let path = args.input.as_str();
    if let Some(t) = crate::tables_in::open(args)? {
        let records = t.records(args.threads, args.max_errors)?;
        return Ok(Source {
            rows: Box::new(records.into_iter().map(|a| Ok(Ok((a, None))))),
            total_bytes: None,
            read_bytes,
            name: t.files[0].clone().unwrap_or_default(),
        });
    }
    if path != "-" && Path::new(path).is_dir() {
        return csv_in::open_dir(Path::new(path), args, read_bytes);
    }
    let format = args.input_format.or_else(|| from_extension(path));
    if format == Some(InputFormat::Csv) {
        return csv_in::open(path, args, read_bytes);
    }
    let name = display_name(path);
    let (reader, total_bytes): (Box<dyn Read>, Option<u64>) = if path == "-" {
        (Box::new(io::stdin()), None)
    } else {
        let f = File::open(path).map_err(|e| open_error(&name, &e))?;
        let len = f.metadata().ok().map(|m| m.len());
        (Box::new(f), len)
    };
    let mut reader = BufReader::with_capacity(
        1 << 16,
        Counting {
            inner: reader,
            count: read_bytes.clone(),
        },
    );
    skip_bom(&mut reader).map_err(|e| open_error(&name, &e))?;
    let format = match format {
        Some(f) => f,
        None => sniff(&mut reader).map_err(|e| open_error(&name, &e))?,
    };
    let source_name = name.clone();
    let rows: Box<dyn Iterator<Item = Result<Row, Failure>>> = match format {
        InputFormat::Jsonl => Box::new(JsonLines {
            reader,
            name,
            line: 0,
            index: 0,
            buf: Vec::new(),
        }),
        _ => {
            let mut text = String::new();
            reader
                .read_to_string(&mut text)
                .map_err(|e| open_error(&name, &e))?;
            Box::new(json_rows(text, name)?)
        }
    };
    Ok(Source {
        rows,
        total_bytes,
        read_bytes,
        name: source_name,
    })
}

/// The format an extension names, if any.
pub fn from_extension(path: &str) -> Option<InputFormat> {
    let ext = Path::new(path).extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "json" => Some(InputFormat::Json),
        "jsonl" | "ndjson" => Some(InputFormat::Jsonl),
        "csv" => Some(InputFormat::Csv),
        "parquet" | "pq" => Some(InputFormat::Parquet),
        "arrow" | "arrows" | "ipc" | "feather" => Some(InputFormat::Arrow),
        _ => None,
    }
}

/// Skips a UTF-8 byte order mark at the start (editors on Windows write one).
fn skip_bom<R: BufRead>(r: &mut R) -> io::Result<()> {
    const BOM: &[u8] = b"\xEF\xBB\xBF";
    let mut seen = 0;
    while seen < BOM.len() {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            return Ok(());
        }
        let n = (BOM.len() - seen).min(buf.len());
        if buf[..n] != BOM[seen..seen + n] {
            // Only a partial mark was consumed if the first read split it: never in practice,
            // and the rest is then read (and rejected) as the text it is.
            return Ok(());
        }
        r.consume(n);
        seen += n;
    }
    Ok(())
}

/// `[` first means a JSON array; anything else is read as JSON Lines.
fn sniff<R: BufRead>(r: &mut R) -> io::Result<InputFormat> {
    loop {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            return Ok(InputFormat::Jsonl);
        }
        match buf.iter().position(|b| !b.is_ascii_whitespace()) {
            Some(i) => {
                let first = buf[i];
                r.consume(i);
                return Ok(if first == b'[' {
                    InputFormat::Json
                } else {
                    InputFormat::Jsonl
                });
            }
            None => {
                let n = buf.len();
                r.consume(n);
            }
        }
    }
}

struct JsonLines<R> {
    reader: R,
    name: String,
    line: u64,
    index: usize,
    buf: Vec<u8>,
}

impl<R: BufRead> Iterator for JsonLines<R> {
    type Item = Result<Row, Failure>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            self.buf.clear();
            match self.reader.read_until(b'\n', &mut self.buf) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(e) => return Some(Err(open_error(&self.name, &e))),
            }
            self.line += 1;
            let Ok(text) = std::str::from_utf8(&self.buf) else {
                let index = self.index;
                self.index += 1;
                return Some(Ok(Err(vec![Diagnostic {
                    path: format!("advocates[{index}]"),
                    ..Diagnostic::at_line(&self.name, self.line, "the line is not valid UTF-8")
                }])));
            };
            let text = text.trim();
            if text.is_empty() {
                continue;
            }
            let prefix = format!("advocates[{}]", self.index);
            self.index += 1;
            return Some(Ok(parse_row(text, &self.name, self.line, &prefix)));
        }
    }
}

/// Parses one advocate's JSON, re-rooting its problems under `prefix` on `line`.
pub fn parse_row(text: &str, file: &str, line: u64, prefix: &str) -> Row {
    plaudit::parse_advocate(text)
        .map(|a| (a, Some(line)))
        .map_err(|e| {
            e.errors
                .iter()
                .map(|fe| Diagnostic::from_field(file, Some(line), prefix, fe))
                .collect()
        })
}

/// The rows of a JSON document: an array of advocates (each error placed on the line where
/// its element starts) or a single advocate object.
fn json_rows(
    text: String,
    name: String,
) -> Result<impl Iterator<Item = Result<Row, Failure>>, Failure> {
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') {
        let row = plaudit::parse_advocate(&text)
            .map(|a| (a, None))
            .map_err(|e| {
                e.errors
                    .iter()
                    .map(|fe| Diagnostic::from_field(&name, None, "", fe))
                    .collect()
            });
        return Ok(Spans::Single(Some(Box::new(row))));
    }
    let spans = match serde_json::from_str::<Vec<&RawValue>>(&text) {
        Ok(items) => items
            .iter()
            .map(|r| {
                let start = (r.get().as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
                (start, start + r.get().len())
            })
            .collect::<Vec<_>>(),
        Err(e) => {
            let message = if e.is_data() {
                "expected a JSON array of advocates (or one advocate object)".to_owned()
            } else {
                let m = e.to_string();
                m.split(" at line ").next().unwrap_or(&m).to_owned()
            };
            let d = Diagnostic {
                column: u32::try_from(e.column()).ok().filter(|c| *c > 0),
                ..Diagnostic::at_line(&name, e.line() as u64, message)
            };
            return Err(Failure::input(d));
        }
    };
    Ok(Spans::Many {
        text,
        name,
        spans: spans.into_iter().enumerate(),
        line: 1,
        offset: 0,
    })
}

enum Spans {
    Single(Option<Box<Row>>),
    Many {
        text: String,
        name: String,
        spans: std::iter::Enumerate<std::vec::IntoIter<(usize, usize)>>,
        line: u64,
        offset: usize,
    },
}

impl Iterator for Spans {
    type Item = Result<Row, Failure>;

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Spans::Single(row) => row.take().map(|r| Ok(*r)),
            Spans::Many {
                text,
                name,
                spans,
                line,
                offset,
            } => {
                let (i, (start, end)) = spans.next()?;
                let bytes = text.as_bytes();
                let between = bytes.get(*offset..start).unwrap_or_default();
                *line += between.iter().filter(|b| **b == b'\n').count() as u64;
                *offset = start;
                let item = text.get(start..end).unwrap_or_default();
                Some(Ok(parse_row(item, name, *line, &format!("advocates[{i}]"))))
            }
        }
    }
}

/// Reads every row, calling `each` on the valid advocates. Without `--skip-invalid`, the
/// first bad row stops the calls (the rest is only checked, to list every problem) and the
/// command fails; with it, the bad rows are listed on stderr and skipped.
pub fn for_each(
    source: Source,
    args: &RosterArgs,
    mut each: impl FnMut(Advocate, Origin) -> Result<(), Failure>,
) -> Result<usize, Failure> {
    // `--max-errors 0` lists none; every problem is still counted.
    let mut problems = Problems::new(args.max_errors);
    let progress = Progress::new(source.total_bytes);
    let mut count = 0usize;
    // Ids already read (normalized, as the roster compares them), with their row: a second
    // advocate with the same id is a bad row, whatever the command.
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (n, row) in source.rows.enumerate() {
        if n % 4096 == 0 {
            progress.set(source.read_bytes.get());
        }
        match row? {
            Ok((a, line)) => {
                if let Some(&first) = seen.get(a.id.as_str()) {
                    problems.add_row(vec![Diagnostic {
                        file: source.name.clone(),
                        line,
                        column: None,
                        path: format!("advocates[{n}].id"),
                        message: format!("`{}` is already used by advocates[{first}]", a.id),
                    }]);
                    continue;
                }
                seen.insert(a.id.clone(), n);
                if problems.is_empty() || args.skip_invalid {
                    each(a, Origin { line, index: n })?;
                    count += 1;
                }
            }
            Err(diags) => problems.add_row(diags),
        }
    }
    progress.finish();
    if problems.is_empty() {
        Ok(count)
    } else if args.skip_invalid {
        problems.report_skipped();
        Ok(count)
    } else {
        Err(problems.into_failure())
    }
}

/// Reads every valid advocate into memory (see [`for_each`] for invalid rows).
pub fn read_all(args: &RosterArgs) -> Result<Loaded, Failure> {
    let source = open(args)?;
    let mut loaded = Loaded {
        name: source.name.clone(),
        advocates: Vec::new(),
        origins: Vec::new(),
    };
    for_each(source, args, |a, origin| {
        loaded.advocates.push(a);
        loaded.origins.push(origin);
        Ok(())
    })?;
    Ok(loaded)
}

impl Loaded {
    /// The prepared roster; a problem across advocates (a duplicate id) names the row.
    pub fn roster(self) -> Result<plaudit::Roster, Failure> {
        let Loaded {
            name,
            advocates,
            origins,
        } = self;
        plaudit::Roster::new(advocates).map_err(|e| Failure::Input {
            problems: e
                .errors
                .iter()
                .map(|fe| {
                    // `advocates[i].id`: `i` counts valid advocates; report the input row.
                    let origin = fe
                        .path
                        .strip_prefix("advocates[")
                        .and_then(|r| r.split_once(']'))
                        .and_then(|(i, rest)| Some((origins.get(i.parse::<usize>().ok()?)?, rest)));
                    match origin {
                        Some((o, rest)) => Diagnostic {
                            file: name.clone(),
                            line: o.line,
                            column: None,
                            path: format!("advocates[{}]{rest}", o.index),
                            message: renumber(&fe.message, &origins),
                        },
                        None => Diagnostic::from_field(&name, None, "", fe),
                    }
                })
                .collect(),
            more: 0,
            withheld: true,
        })
    }
}

/// Rewrites `advocates[i]` in a message to the input row's index.
fn renumber(message: &str, origins: &[Origin]) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(p) = rest.find("advocates[") {
        let (head, tail) = rest.split_at(p + "advocates[".len());
        out.push_str(head);
        match tail.split_once(']') {
            Some((i, after)) => {
                match i.parse::<usize>().ok().and_then(|i| origins.get(i)) {
                    Some(o) => out.push_str(&o.index.to_string()),
                    None => out.push_str(i),
                }
                out.push(']');
                rest = after;
            }
            None => {
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A pool of `threads` worker threads (0: one per core).
pub fn pool(threads: usize) -> Result<rayon::ThreadPool, Failure> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Failure::Io(format!("cannot start worker threads: {e}")))
}

/// A progress bar on stderr, shown only when stderr is a terminal (never in pipes, files or
/// tests): bytes of a big input file, or steps of work.
pub struct Progress(Option<indicatif::ProgressBar>);

impl Progress {
    /// A bar over `n` steps (`what`: `reading`, `deciding`), shown when there is more than
    /// one.
    pub fn count(n: u64, what: &str) -> Self {
        let show = io::stderr().is_terminal() && n > 1;
        Progress(show.then(|| {
            let bar = indicatif::ProgressBar::new(n);
            if let Ok(style) = indicatif::ProgressStyle::with_template(&format!(
                "{what} {{bar:40}} {{pos}}/{{len}} eta {{eta}}"
            )) {
                bar.set_style(style);
            }
            bar
        }))
    }

    /// One step done.
    pub fn inc(&self) {
        if let Some(b) = &self.0 {
            b.inc(1);
        }
    }

    fn new(total: Option<u64>) -> Self {
        let show = io::stderr().is_terminal() && total.is_some_and(|t| t >= 8 << 20);
        let bar = show.then(|| {
            let bar = indicatif::ProgressBar::new(total.unwrap_or(0));
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{bar:40} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
            ) {
                bar.set_style(style);
            }
            bar
        });
        Progress(bar)
    }

    fn set(&self, pos: u64) {
        if let Some(b) = &self.0 {
            b.set_position(pos);
        }
    }

    /// Clears the bar.
    pub fn finish(&self) {
        if let Some(b) = &self.0 {
            b.finish_and_clear();
        }
    }
}
