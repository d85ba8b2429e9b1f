//! Parquet and Arrow IPC input, through the table door (`plaudit-arrow`): an advocates file
//! with the history nested in list columns, or long tables (an advocates file plus
//! activities, engagements, consents and disruptions files keyed by `advocate_id`, rows in
//! any order). Row groups are decoded on every core; every cell means what the JSON record
//! parser makes of it, and problems name the file and the record path of the cell
//! (`advocates[3].nps`, `advocates[3].consents[1].on` on the consents file, its row in the
//! message: "consents row 17").

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use arrow_array::RecordBatch;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use plaudit::RecordError;
use plaudit_arrow::Tables;
use rayon::prelude::*;

use crate::diag::{Diagnostic, Failure};
use crate::input::{InputFormat, RosterArgs, display_name, open_error};

/// The tables' file names, in the door's order: advocates, then the four history tables.
pub const TABLES: [&str; 5] = [
    "advocates",
    "activities",
    "engagements",
    "consents",
    "disruptions",
];

/// Rows per decoded batch.
const BATCH_ROWS: usize = 64 * 1024;

/// The tables of a table input, with the files they came from.
#[derive(Debug)]
pub struct TableInput {
    /// The batches.
    pub tables: Tables,
    /// The file of each table (see [`TABLES`]), as the user named it.
    pub files: [Option<String>; 5],
}

/// Whether `format` is read through the table door.
pub fn is_table(format: InputFormat) -> bool {
    matches!(format, InputFormat::Parquet | InputFormat::Arrow)
}

/// The format of one table file: `--input-format` for the advocates file, else the extension.
pub(crate) fn format_of(path: &Path, given: Option<InputFormat>) -> Option<InputFormat> {
    given
        .or_else(|| crate::input::from_extension(&path.to_string_lossy()))
        .filter(|f| is_table(*f))
}

/// The table files a directory holds (`advocates.parquet`, `activities.parquet`, ... or
/// `.arrow`), when it holds an advocates table.
fn in_dir(dir: &Path) -> Option<[Option<PathBuf>; 5]> {
    for ext in ["parquet", "arrow", "arrows", "ipc", "feather"] {
        let main = dir.join(format!("advocates.{ext}"));
        if main.is_file() {
            return Some(
                TABLES.map(|t| Some(dir.join(format!("{t}.{ext}"))).filter(|p| p.is_file())),
            );
        }
    }
    None
}

/// The table files of `args` when its input is Parquet or Arrow IPC (a file, or a directory
/// holding `advocates.parquet` ...); `None` for the other formats.
pub(crate) fn locate(args: &RosterArgs) -> Result<Option<[Option<PathBuf>; 5]>, Failure> {
    let path = Path::new(&args.input);
    let mut files: [Option<PathBuf>; 5] = if args.input != "-" && path.is_dir() {
        if args.input_format.is_some_and(|f| !is_table(f)) {
            return Ok(None);
        }
        match in_dir(path) {
            Some(f) => f,
            None => return Ok(None),
        }
    } else {
        match format_of(path, args.input_format) {
            Some(_) if args.input == "-" => {
                return Err(Failure::usage(
                    "Parquet and Arrow input is read from files, not stdin",
                ));
            }
            Some(_) => [Some(path.to_path_buf()), None, None, None, None],
            None => return Ok(None),
        }
    };
    // Explicit history files win over the directory's.
    for (slot, given) in files[1..].iter_mut().zip([
        &args.activities,
        &args.engagements,
        &args.consents,
        &args.disruptions,
    ]) {
        if let Some(p) = given {
            *slot = Some(p.clone());
        }
    }
    if args.skip_invalid {
        return Err(Failure::usage(
            "--skip-invalid reads JSON, JSON Lines and CSV; Parquet and Arrow input is read whole (fix or filter the rows first)",
        ));
    }
    Ok(Some(files))
}

/// Reads the input of `args` through the table door when it is Parquet or Arrow IPC (a file,
/// or a directory holding `advocates.parquet` ...); `None` for the other formats.
pub fn open(args: &RosterArgs) -> Result<Option<TableInput>, Failure> {
    let Some(files) = locate(args)? else {
        return Ok(None);
    };
    let t0 = std::time::Instant::now();
    // Every row group of every file is one piece of work.
    let mut pieces: Vec<(usize, Piece)> = Vec::new();
    for (k, file) in files.iter().enumerate() {
        if let Some(p) = file {
            let given = if k == 0 { args.input_format } else { None };
            let format = format_of(p, given).unwrap_or(InputFormat::Parquet);
            for piece in pieces_of(p, format)? {
                pieces.push((k, piece));
            }
        }
    }
    let progress = crate::input::Progress::count(pieces.len() as u64, "reading");
    let read: Vec<Result<Vec<RecordBatch>, Failure>> =
        crate::input::pool(args.threads)?.install(|| {
            pieces
                .par_iter()
                .map(|(_, piece)| {
                    let r = piece.read();
                    progress.inc();
                    r
                })
                .collect()
        });
    progress.finish();
    trace(t0, "tables read");
    let mut batches: [Vec<RecordBatch>; 5] = Default::default();
    for ((k, _), r) in pieces.iter().zip(read) {
        batches[*k].extend(r?);
    }
    let [advocates, activities, engagements, consents, disruptions] = batches;
    let present = |k: usize, b: Vec<RecordBatch>| files[k].is_some().then_some(b);
    let tables = Tables {
        activities: present(1, activities),
        engagements: present(2, engagements),
        consents: present(3, consents),
        disruptions: present(4, disruptions),
        advocates,
    };
    Ok(Some(TableInput {
        tables,
        files: files.map(|f| f.map(|p| display_name(&p.to_string_lossy()))),
    }))
}

/// A part of a file decoded on its own: a Parquet row group, or a whole IPC file.
#[derive(Debug)]
enum Piece {
    Parquet { path: PathBuf, group: usize },
    Ipc { path: PathBuf },
}

pub(crate) fn cannot(path: &Path, what: &str, e: impl std::fmt::Display) -> Failure {
    Failure::input(Diagnostic::file(
        &display_name(&path.to_string_lossy()),
        format!("cannot read as {what}: {e}"),
    ))
}

pub(crate) fn open_file(path: &Path) -> Result<File, Failure> {
    File::open(path).map_err(|e| open_error(&display_name(&path.to_string_lossy()), &e))
}

fn pieces_of(path: &Path, format: InputFormat) -> Result<Vec<Piece>, Failure> {
    if format == InputFormat::Arrow {
        open_file(path)?;
        return Ok(vec![Piece::Ipc {
            path: path.to_path_buf(),
        }]);
    }
    let builder = ParquetRecordBatchReaderBuilder::try_new(open_file(path)?)
        .map_err(|e| cannot(path, "Parquet", e))?;
    let groups = builder.metadata().num_row_groups();
    // A file with no row group still has a schema: one empty piece keeps its columns.
    Ok((0..groups.max(1))
        .map(|group| Piece::Parquet {
            path: path.to_path_buf(),
            group,
        })
        .collect())
}

impl Piece {
    fn read(&self) -> Result<Vec<RecordBatch>, Failure> {
        match self {
            Piece::Parquet { path, group } => {
                let builder = ParquetRecordBatchReaderBuilder::try_new(open_file(path)?)
                    .map_err(|e| cannot(path, "Parquet", e))?;
                let groups = builder.metadata().num_row_groups();
                let schema = builder.schema().clone();
                if groups == 0 {
                    return Ok(vec![RecordBatch::new_empty(schema)]);
                }
                let reader = builder
                    .with_row_groups(vec![*group])
                    .with_batch_size(BATCH_ROWS)
                    .build()
                    .map_err(|e| cannot(path, "Parquet", e))?;
                reader
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|e| cannot(path, "Parquet", e))
            }
            Piece::Ipc { path } => read_ipc(path),
        }
    }
}

/// An Arrow IPC file (`ARROW1` magic) or stream.
fn read_ipc(path: &Path) -> Result<Vec<RecordBatch>, Failure> {
    let mut magic = [0u8; 6];
    let is_file = open_file(path)?
        .read_exact(&mut magic)
        .map(|()| &magic == b"ARROW1")
        .unwrap_or(false);
    let file = std::io::BufReader::with_capacity(1 << 20, open_file(path)?);
    let (schema, batches): (_, Result<Vec<RecordBatch>, _>) = if is_file {
        let r = arrow_ipc::reader::FileReader::try_new_buffered(file, None)
            .map_err(|e| cannot(path, "an Arrow IPC file", e))?;
        (r.schema(), r.collect())
    } else {
        let r = arrow_ipc::reader::StreamReader::try_new(file, None)
            .map_err(|e| cannot(path, "an Arrow IPC file or stream", e))?;
        (r.schema(), r.collect())
    };
    let mut batches = batches.map_err(|e| cannot(path, "Arrow IPC", e))?;
    if batches.is_empty() {
        batches.push(RecordBatch::new_empty(schema));
    }
    Ok(batches)
}

impl TableInput {
    /// The door's problems as diagnostics, each on the file of the table its path names
    /// (`advocates[3].consents[1].on` or `consents[17].advocate_id` on the consents file),
    /// at most `limit` listed.
    pub fn failure(&self, e: &RecordError, limit: usize) -> Failure {
        let advocates = self.files[0].clone().unwrap_or_default();
        let problems: Vec<Diagnostic> = e
            .errors
            .iter()
            .map(|fe| {
                // `consents[17].on` (a row of no known advocate) or, for a row of a known
                // advocate, its record path `advocates[3].consents[1].on`: on the consents
                // file when there is one (else the consents are nested in the advocates).
                let mut steps = fe.path.split(['[', '.']);
                let first = steps.next();
                let history = match first {
                    Some("advocates") => steps.find(|s| !s.is_empty() && !s.ends_with(']')),
                    _ => None,
                };
                let table = history
                    .and_then(|t| TABLES.iter().position(|x| *x == t))
                    .filter(|&k| self.files[k].is_some())
                    .or_else(|| first.and_then(|t| TABLES.iter().position(|x| *x == t)));
                let file = table
                    .and_then(|k| self.files[k].clone())
                    .unwrap_or_else(|| advocates.clone());
                Diagnostic::from_field(&file, None, "", fe)
            })
            .collect();
        let more = problems.len().saturating_sub(limit);
        Failure::Input {
            problems: problems.into_iter().take(limit).collect(),
            more,
            withheld: true,
        }
    }

    /// The advocates as records (normalized and validated), in input order, on `threads`
    /// threads (0: every core).
    pub fn records(&self, threads: usize, limit: usize) -> Result<Vec<plaudit::Advocate>, Failure> {
        plaudit_arrow::records(&self.tables, &door_options(threads, None))
            .map_err(|e| self.failure(&e, limit))
    }
}

/// With `PLAUDIT_TRACE` set, prints the time since `t0` of a phase to stderr (as the table
/// door does for its own phases).
pub fn trace(t0: std::time::Instant, what: &str) {
    if std::env::var_os("PLAUDIT_TRACE").is_some() {
        eprintln!("plaudit: {what} at {:?}", t0.elapsed());
    }
}

/// The door's options.
pub fn door_options(threads: usize, as_of: Option<chrono::NaiveDate>) -> plaudit_arrow::Options {
    plaudit_arrow::Options {
        as_of: as_of.unwrap_or(chrono::NaiveDate::MIN),
        ignore_unknown_ids: false,
        threads,
        shares: false,
    }
}
