//! Output: where it goes (a file written whole or not at all, or stdout after success), in
//! which format (table, JSON, JSON Lines, CSV, Parquet), with colour only on a terminal.

use std::io::{self, BufWriter, IsTerminal, Seek, Write};
use std::path::{Path, PathBuf};

use clap::ValueEnum;
use serde::Serialize;
use serde_json::Value;

use crate::diag::Failure;
use crate::table::{Align, Cell, Style, Table, Tone};

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Aligned columns for people.
    Table,
    /// JSON (one document; lists are arrays).
    Json,
    /// JSON Lines (one record per line).
    Jsonl,
    /// CSV (flat columns; lists `;`-separated).
    Csv,
    /// Parquet (typed columns; lists as lists): evaluate, rank, tiers and coverage.
    Parquet,
}

/// When to colour tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ColorChoice {
    /// On a terminal, unless `NO_COLOR` is set.
    #[default]
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Output options shared by every command that writes results.
#[derive(Debug, Clone, clap::Args)]
pub struct OutputArgs {
    /// Output format [default: from the --out extension, else table].
    #[arg(long, short = 'f', value_enum, value_name = "FORMAT")]
    pub format: Option<OutputFormat>,
    /// Write here instead of stdout (`-`); the file is replaced whole, or left untouched on
    /// error.
    #[arg(long, short = 'o', value_name = "FILE", default_value = "-")]
    pub out: String,
    /// Colour in tables.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

impl OutputArgs {
    /// The format: explicit, else from the output file's extension, else `table`.
    pub fn format(&self) -> OutputFormat {
        if let Some(f) = self.format {
            return f;
        }
        match Path::new(&self.out)
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("json") => OutputFormat::Json,
            Some("jsonl" | "ndjson") => OutputFormat::Jsonl,
            Some("csv") => OutputFormat::Csv,
            Some("parquet" | "pq") => OutputFormat::Parquet,
            _ => OutputFormat::Table,
        }
    }

    /// Colour is used only for stdout on a terminal (or `--color always`), never with
    /// `NO_COLOR` set (https://no-color.org).
    pub fn style(&self) -> Style {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let color = match self.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => self.out == "-" && io::stdout().is_terminal() && !no_color,
        };
        Style { color }
    }

    /// Opens the destination.
    pub fn open(&self) -> Result<Sink, Failure> {
        Sink::open(&self.out)
    }
}

enum Target {
    /// Held back (in memory, spilling to a temporary file) until the command succeeds.
    Stdout(tempfile::SpooledTempFile),
    /// Held back likewise, then streamed into a file that must never be replaced: a FIFO, a
    /// device, a socket.
    Special(tempfile::SpooledTempFile, PathBuf),
    /// A temporary file beside the destination, renamed over it on success.
    File(tempfile::NamedTempFile, PathBuf),
}

/// A destination written whole or not at all: nothing reaches stdout or the named file
/// unless [`Sink::commit`] is called.
pub struct Sink {
    w: BufWriter<Target>,
}

impl std::fmt::Debug for Sink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sink")
    }
}

impl Write for Target {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Target::Stdout(t) | Target::Special(t, _) => t.write(buf),
            Target::File(t, _) => t.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Target::Stdout(t) | Target::Special(t, _) => t.flush(),
            Target::File(t, _) => t.flush(),
        }
    }
}

fn cannot_write(path: &str, why: &str) -> Failure {
    Failure::Io(format!("cannot write {path}: {why}"))
}

impl Sink {
    /// `-` is stdout. A regular file (or a new one) is written as a temporary file in its
    /// directory and renamed over it on success; a symbolic link is followed (the link stays,
    /// its target is replaced the same way). Anything else that exists (a FIFO, a device) is
    /// never replaced: the output is streamed into it. A directory, a read-only file, a link
    /// to nothing or a missing directory is an output that cannot be written (exit 1).
    pub fn open(path: &str) -> Result<Sink, Failure> {
        if path == "-" {
            return Ok(Sink::over(Target::Stdout(tempfile::spooled_tempfile(
                16 << 20,
            ))));
        }
        let given = PathBuf::from(path);
        let dest = match std::fs::symlink_metadata(&given) {
            Ok(m) if m.file_type().is_symlink() => std::fs::canonicalize(&given)
                .map_err(|_| cannot_write(path, "a symbolic link to nothing"))?,
            _ => given,
        };
        match std::fs::metadata(&dest) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(cannot_write(path, &io_message(&e))),
            Ok(m) if m.is_dir() => return Err(cannot_write(path, "it is a directory")),
            Ok(m) if m.is_file() => {
                if m.permissions().readonly() {
                    return Err(cannot_write(path, "the file is read-only"));
                }
            }
            Ok(_) => {
                let spool = tempfile::spooled_tempfile(16 << 20);
                return Ok(Sink::over(Target::Special(spool, dest)));
            }
        }
        let dir = match dest.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let mut builder = tempfile::Builder::new();
        builder.prefix(".plaudit-").suffix(".tmp");
        // An output file, not a secret: the usual 0o666 less the umask, as `>` would.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let tmp = builder
            .tempfile_in(&dir)
            .map_err(|e| cannot_write(path, &io_message(&e)))?;
        Ok(Sink::over(Target::File(tmp, dest)))
    }

    fn over(target: Target) -> Sink {
        Sink {
            w: BufWriter::with_capacity(1 << 16, target),
        }
    }

    /// Publishes the output: renames the file into place, streams the held-back bytes into a
    /// special file, or copies them to stdout (a closed pipe is not an error).
    pub fn commit(self) -> Result<(), Failure> {
        let target = self
            .w
            .into_inner()
            .map_err(|e| Failure::Io(format!("cannot write the output: {}", e.error())))?;
        match target {
            Target::Stdout(mut t) => {
                t.rewind()?;
                let mut out = io::stdout().lock();
                match io::copy(&mut t, &mut out).and_then(|_| out.flush()) {
                    Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(e.into()),
                    _ => Ok(()),
                }
            }
            Target::Special(mut t, dest) => {
                t.rewind()?;
                // Opened without creating or truncating: the file stays what it is.
                let streamed = std::fs::OpenOptions::new()
                    .write(true)
                    .open(&dest)
                    .and_then(|mut f| io::copy(&mut t, &mut f).and_then(|_| f.flush()));
                streamed.map_err(|e| {
                    Failure::Io(format!(
                        "cannot write {}: {}",
                        dest.display(),
                        io_message(&e)
                    ))
                })?;
                Ok(())
            }
            Target::File(t, dest) => {
                t.as_file().sync_all()?;
                t.persist(&dest).map_err(|e| {
                    Failure::Io(format!(
                        "cannot write {}: {}",
                        dest.display(),
                        io_message(&e.error)
                    ))
                })?;
                Ok(())
            }
        }
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.w.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.w.flush()
    }
}

fn io_message(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such directory".to_owned(),
        io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => e.to_string(),
    }
}

/// How a column's value is coloured in a table.
pub type ToneFn = fn(&Value) -> Tone;

/// One output column: its header, where its value is in the record's JSON (a dotted path),
/// its alignment and its colouring.
#[derive(Clone, Copy)]
pub struct Column {
    /// Header.
    pub header: &'static str,
    /// Dotted path into the record's JSON (`eligibility.readiness.score`).
    pub path: &'static str,
    /// Alignment in tables.
    pub align: Align,
    /// Colouring in tables.
    pub tone: ToneFn,
}

impl std::fmt::Debug for Column {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.header)
    }
}

/// No colour.
pub fn plain(_: &Value) -> Tone {
    Tone::Plain
}

/// `true` green, `false` red.
pub fn verdict(v: &Value) -> Tone {
    match v {
        Value::Bool(true) => Tone::Good,
        Value::Bool(false) => Tone::Bad,
        _ => Tone::Plain,
    }
}

/// Lifecycle states.
pub fn lifecycle_tone(v: &Value) -> Tone {
    match v.as_str() {
        Some("active") => Tone::Good,
        Some("at_risk") => Tone::Warn,
        Some("inactive" | "opted_out" | "erased") => Tone::Bad,
        _ => Tone::Plain,
    }
}

/// Reason lists: red when any.
pub fn reasons_tone(v: &Value) -> Tone {
    match v {
        Value::Array(a) if !a.is_empty() => Tone::Bad,
        _ => Tone::Plain,
    }
}

/// The value at a dotted path.
pub fn at<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(v, |v, k| v.get(k))
}

/// The text of a value in a cell: strings bare, lists `;`-joined, numbers as written.
pub fn cell_text(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(a)) => a
            .iter()
            .map(|x| cell_text(Some(x)))
            .collect::<Vec<_>>()
            .join(";"),
        Some(Value::Number(n)) => match n.as_f64() {
            Some(f) if n.is_f64() => format_number(f),
            _ => n.to_string(),
        },
        Some(other) => other.to_string(),
    }
}

/// Numbers with at most two decimals, trailing zeros dropped.
pub fn format_number(f: f64) -> String {
    let s = format!("{f:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

/// Writes a stream of records in the chosen format: JSON arrays and JSON Lines straight
/// from serde, CSV and tables through the column list.
pub struct RecordWriter {
    format: OutputFormat,
    sink: Sink,
    columns: &'static [Column],
    count: usize,
    table: Table,
    style: Style,
}

impl std::fmt::Debug for RecordWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RecordWriter")
            .field("format", &self.format)
            .field("count", &self.count)
            .finish_non_exhaustive()
    }
}

impl RecordWriter {
    /// A writer for `columns` into `args`' destination.
    pub fn new(args: &OutputArgs, columns: &'static [Column]) -> Result<Self, Failure> {
        let format = args.format();
        if format == OutputFormat::Parquet {
            return Err(no_parquet());
        }
        let mut sink = args.open()?;
        if format == OutputFormat::Json {
            sink.write_all(b"[")?;
        }
        Ok(RecordWriter {
            format,
            sink,
            columns,
            count: 0,
            table: Table::new(
                &columns
                    .iter()
                    .map(|c| (c.header, c.align))
                    .collect::<Vec<_>>(),
            ),
            style: args.style(),
        })
    }

    /// Writes one record.
    pub fn write<T: Serialize>(&mut self, record: &T) -> Result<(), Failure> {
        match self.format {
            OutputFormat::Json => {
                self.sink
                    .write_all(if self.count == 0 { b"\n" } else { b",\n" })?;
                serde_json::to_writer(&mut self.sink, record).map_err(json_io)?;
            }
            OutputFormat::Jsonl => {
                serde_json::to_writer(&mut self.sink, record).map_err(json_io)?;
                self.sink.write_all(b"\n")?;
            }
            OutputFormat::Csv => {
                let v = serde_json::to_value(record).map_err(json_io)?;
                if self.count == 0 {
                    csv_row(
                        &mut self.sink,
                        self.columns.iter().map(|c| c.header.to_owned()),
                    )?;
                }
                csv_row(
                    &mut self.sink,
                    self.columns.iter().map(|c| cell_text(at(&v, c.path))),
                )?;
            }
            OutputFormat::Parquet => return Err(no_parquet()),
            OutputFormat::Table => {
                let v = serde_json::to_value(record).map_err(json_io)?;
                let row = self
                    .columns
                    .iter()
                    .map(|c| {
                        let x = at(&v, c.path);
                        Cell::toned(cell_text(x), x.map_or(Tone::Plain, c.tone))
                    })
                    .collect();
                self.table.push(row);
            }
        }
        self.count += 1;
        Ok(())
    }

    /// Finishes the document and publishes it.
    pub fn finish(mut self) -> Result<(), Failure> {
        match self.format {
            OutputFormat::Json => {
                self.sink
                    .write_all(if self.count == 0 { b"]\n" } else { b"\n]\n" })?;
            }
            OutputFormat::Jsonl | OutputFormat::Parquet => {}
            OutputFormat::Csv => {
                if self.count == 0 {
                    csv_row(
                        &mut self.sink,
                        self.columns.iter().map(|c| c.header.to_owned()),
                    )?;
                }
            }
            OutputFormat::Table => {
                let text = self.table.render(self.style, 0);
                self.sink.write_all(text.as_bytes())?;
            }
        }
        self.sink.commit()
    }
}

/// The usage error of `--format parquet` where there is no table to write.
pub fn no_parquet() -> Failure {
    Failure::usage("--format parquet is written by evaluate, rank, tiers and coverage")
}

/// Writes one CSV record.
pub fn csv_row(sink: &mut Sink, cells: impl Iterator<Item = String>) -> Result<(), Failure> {
    let mut w = csv::WriterBuilder::new()
        .buffer_capacity(512)
        .from_writer(sink);
    w.write_record(cells)
        .and_then(|()| w.flush().map_err(csv::Error::from))
        .map_err(|e| Failure::Io(format!("cannot write the output: {e}")))
}

/// A serialization failure while writing (an I/O error underneath).
pub fn json_io(e: serde_json::Error) -> Failure {
    Failure::Io(format!("cannot write the output: {e}"))
}

/// Writes one document as pretty JSON, or one compact line for JSON Lines.
pub fn write_document<T: Serialize>(
    sink: &mut Sink,
    format: OutputFormat,
    doc: &T,
) -> Result<(), Failure> {
    if format == OutputFormat::Jsonl {
        serde_json::to_writer(&mut *sink, doc).map_err(json_io)?;
    } else {
        serde_json::to_writer_pretty(&mut *sink, doc).map_err(json_io)?;
    }
    sink.write_all(b"\n")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_read_like_the_json() {
        let v = serde_json::json!({"a": {"b": [1, "x"]}, "n": 12.346, "i": 3, "t": true});
        assert_eq!(cell_text(at(&v, "a.b")), "1;x");
        assert_eq!(cell_text(at(&v, "n")), "12.35");
        assert_eq!(cell_text(at(&v, "i")), "3");
        assert_eq!(cell_text(at(&v, "t")), "true");
        assert_eq!(cell_text(at(&v, "missing")), "");
    }
}
