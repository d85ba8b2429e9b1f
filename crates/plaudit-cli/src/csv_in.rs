//! CSV input: `advocates.csv` with flat columns (nested fields as dotted names such as
//! `preferences.public`, list cells `;`-separated, an empty cell is an absent field), and
//! child records in their own files joined by `advocate_id`: activities, engagements,
//! consents and disruptions — the layout `plaudit generate --format csv` writes.
//!
//! Each row is turned into the advocate's JSON and parsed by the core, so a CSV row is
//! checked exactly like a JSON record; problems in child fields are reported on the child
//! file's line.

use std::cell::Cell;
use std::collections::HashMap;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use serde_json::{Map, Value};

use crate::diag::{Diagnostic, Failure};
use crate::input::{RosterArgs, Row, Source, display_name, open_error};

/// Columns whose cells are numbers.
const NUMBERS: &[&str] = &["health_score", "nps", "incentive.value"];
/// Columns whose cells are booleans.
const BOOLS: &[&str] = &[
    "has_measurable_outcome",
    "preferences.public",
    "erasure_requested",
    "publicity_restricted",
    "left_company",
    "solicited",
];
/// Columns whose cells are `;`-separated lists.
const LISTS: &[&str] = &[
    "languages",
    "products",
    "use_cases",
    "preferences.activities",
];
/// Columns `advocates.csv` must have (the advocate's required fields).
const REQUIRED: &[&str] = &["id", "customer_since", "health_score"];

/// One child file: where it is, the advocate field it fills, and its required columns.
struct ChildKind {
    field: &'static str,
    file: &'static str,
    required: &'static [&'static str],
}

const CHILDREN: [ChildKind; 4] = [
    ChildKind {
        field: "activities",
        file: "activities.csv",
        required: &["advocate_id", "kind", "date", "status"],
    },
    ChildKind {
        field: "engagements",
        file: "engagements.csv",
        required: &["advocate_id", "date"],
    },
    ChildKind {
        field: "consents",
        file: "consents.csv",
        required: &["advocate_id", "purpose", "status", "on"],
    },
    ChildKind {
        field: "disruptions",
        file: "disruptions.csv",
        required: &["advocate_id", "kind", "from"],
    },
];

/// A child row: its file's name, its line, its value.
struct Child {
    line: u64,
    value: Value,
}

/// Child rows of one kind, by advocate id, in file order.
struct ChildTable {
    name: String,
    rows: HashMap<String, Vec<Child>>,
}

/// Opens a directory holding the CSV set: `advocates.csv` and whichever child files exist
/// (an explicit `--activities` etc. wins).
pub fn open_dir(dir: &Path, args: &RosterArgs, read: Rc<Cell<u64>>) -> Result<Source, Failure> {
    let main = dir.join("advocates.csv");
    let mut args = args.clone();
    for (slot, kind) in child_slots(&mut args).into_iter().zip(CHILDREN.iter()) {
        let p = dir.join(kind.file);
        if slot.is_none() && p.is_file() {
            *slot = Some(p);
        }
    }
    open(&main.to_string_lossy(), &args, read)
}

fn child_slots(args: &mut RosterArgs) -> [&mut Option<PathBuf>; 4] {
    [
        &mut args.activities,
        &mut args.engagements,
        &mut args.consents,
        &mut args.disruptions,
    ]
}

/// Opens `advocates.csv` (or stdin) and reads the child files given in `args`.
pub fn open(path: &str, args: &RosterArgs, read: Rc<Cell<u64>>) -> Result<Source, Failure> {
    let mut args = args.clone();
    let mut problems = Vec::new();
    let mut tables = Vec::new();
    for (slot, kind) in child_slots(&mut args).into_iter().zip(CHILDREN.iter()) {
        match slot.take() {
            Some(p) => tables.push(Some(read_children(&p, kind, &mut problems)?)),
            None => tables.push(None),
        }
    }
    let name = display_name(path);
    let (reader, total_bytes): (Box<dyn Read>, Option<u64>) = if path == "-" {
        (Box::new(io::stdin()), None)
    } else {
        let f = File::open(path).map_err(|e| open_error(&name, &e))?;
        let len = f.metadata().ok().map(|m| m.len());
        (Box::new(f), len)
    };
    let counting = CountingRead {
        inner: reader,
        count: read.clone(),
    };
    let mut reader = csv::ReaderBuilder::new().from_reader(counting);
    let headers = header_names(reader.headers().map_err(|e| csv_failure(&name, &e))?);
    problems.splice(0..0, missing_columns(&headers, REQUIRED, &name));
    problems.splice(0..0, duplicate_columns(&headers, &name));
    if !problems.is_empty() {
        return Err(Failure::Input {
            problems,
            more: 0,
            withheld: true,
        });
    }
    let rows = CsvRows {
        reader,
        name: name.clone(),
        headers,
        record: csv::StringRecord::new(),
        index: 0,
        tables,
        done: false,
    };
    Ok(Source {
        rows: Box::new(rows),
        total_bytes,
        read_bytes: read,
        name,
    })
}

struct CountingRead<R> {
    inner: R,
    count: Rc<Cell<u64>>,
}

impl<R: Read> Read for CountingRead<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

/// The header's column names, trimmed, without a UTF-8 byte order mark before the first.
fn header_names(headers: &csv::StringRecord) -> Vec<String> {
    headers
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let h = if i == 0 {
                h.trim_start_matches('\u{feff}')
            } else {
                h
            };
            h.trim().to_owned()
        })
        .collect()
}

/// A column named twice would silently lose one of its cells: an error instead.
fn duplicate_columns(headers: &[String], name: &str) -> Vec<Diagnostic> {
    headers
        .iter()
        .enumerate()
        .filter(|(i, h)| !h.is_empty() && headers[..*i].contains(h))
        .map(|(_, h)| Diagnostic::at_line(name, 1, format!("column `{h}` appears twice")))
        .collect()
}

fn missing_columns(headers: &[String], required: &[&str], name: &str) -> Vec<Diagnostic> {
    required
        .iter()
        .filter(|c| !headers.iter().any(|h| h == *c))
        .map(|c| Diagnostic::at_line(name, 1, format!("missing column `{c}`")))
        .collect()
}

fn csv_failure(name: &str, e: &csv::Error) -> Failure {
    Failure::input(csv_diagnostic(name, e))
}

fn csv_diagnostic(name: &str, e: &csv::Error) -> Diagnostic {
    let line = e.position().map(|p| p.line());
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("the row has {len} fields, the header has {expected_len}"),
        csv::ErrorKind::Utf8 { .. } => "the row is not valid UTF-8".to_owned(),
        csv::ErrorKind::Io(io) => format!("cannot read: {io}"),
        _ => e.to_string(),
    };
    Diagnostic {
        line,
        ..Diagnostic::file(name, message)
    }
}

/// Reads one child file whole, grouping rows by `advocate_id`.
fn read_children(
    path: &Path,
    kind: &ChildKind,
    problems: &mut Vec<Diagnostic>,
) -> Result<ChildTable, Failure> {
    let name = path.to_string_lossy().into_owned();
    let file = File::open(path).map_err(|e| open_error(&name, &e))?;
    let mut reader = csv::ReaderBuilder::new().from_reader(io::BufReader::new(file));
    let headers = header_names(reader.headers().map_err(|e| csv_failure(&name, &e))?);
    let mut missing = duplicate_columns(&headers, &name);
    missing.extend(missing_columns(&headers, kind.required, &name));
    if !missing.is_empty() {
        problems.extend(missing);
        return Ok(ChildTable {
            name,
            rows: HashMap::new(),
        });
    }
    let mut rows: HashMap<String, Vec<Child>> = HashMap::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                problems.push(csv_diagnostic(&name, &e));
                continue;
            }
        }
        let line = record.position().map_or(0, |p| p.line());
        let mut id = String::new();
        let mut obj = Map::new();
        for (h, cell) in headers.iter().zip(record.iter()) {
            if h == "advocate_id" {
                cell.trim().clone_into(&mut id);
            } else if let Some(v) = cell_value(h, cell) {
                insert_dotted(&mut obj, h, v);
            }
        }
        if id.is_empty() {
            problems.push(Diagnostic {
                path: "advocate_id".to_owned(),
                ..Diagnostic::at_line(&name, line, "must not be empty")
            });
            continue;
        }
        let value = if kind.field == "engagements" {
            obj.remove("date").unwrap_or(Value::Null)
        } else {
            Value::Object(obj)
        };
        rows.entry(id).or_default().push(Child { line, value });
    }
    Ok(ChildTable { name, rows })
}

/// The JSON value of one cell, typed by its column; `None` for an empty cell.
fn cell_value(column: &str, cell: &str) -> Option<Value> {
    let cell = cell.trim();
    if cell.is_empty() {
        return None;
    }
    if LISTS.contains(&column) {
        let items = cell
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| Value::String(s.to_owned()))
            .collect();
        return Some(Value::Array(items));
    }
    if NUMBERS.contains(&column) {
        if let Ok(n) = cell.parse::<i64>() {
            return Some(Value::from(n));
        }
        if let Some(n) = cell
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
        {
            return Some(Value::Number(n));
        }
    }
    if BOOLS.contains(&column) {
        // Only `true` and `false`, as in JSON: a `maybe` or a `nope` must never read as false.
        match cell.to_ascii_lowercase().as_str() {
            "true" => return Some(Value::Bool(true)),
            "false" => return Some(Value::Bool(false)),
            _ => {}
        }
    }
    // Anything that does not read as its column's type stays a string: the core then
    // reports the wrong type with the field's path.
    Some(Value::String(cell.to_owned()))
}

/// Sets `a.b.c` in nested objects.
fn insert_dotted(obj: &mut Map<String, Value>, key: &str, v: Value) {
    match key.split_once('.') {
        None => {
            obj.insert(key.to_owned(), v);
        }
        Some((head, rest)) => {
            let child = obj
                .entry(head.to_owned())
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(m) = child {
                insert_dotted(m, rest, v);
            }
        }
    }
}

struct CsvRows<R> {
    reader: csv::Reader<R>,
    name: String,
    headers: Vec<String>,
    record: csv::StringRecord,
    index: usize,
    tables: Vec<Option<ChildTable>>,
    done: bool,
}

impl<R: Read> CsvRows<R> {
    /// Child rows whose advocate never appeared: each is a bad row.
    fn orphans(&mut self) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for table in self.tables.iter_mut().flatten() {
            let mut left: Vec<(u64, String)> = table
                .rows
                .drain()
                .flat_map(|(id, rows)| rows.into_iter().map(move |c| (c.line, id.clone())))
                .collect();
            left.sort();
            for (line, id) in left {
                out.push(Diagnostic {
                    path: "advocate_id".to_owned(),
                    ..Diagnostic::at_line(
                        &table.name,
                        line,
                        format!("`{id}` is not an advocate in {}", self.name),
                    )
                });
            }
        }
        out
    }

    fn row(&mut self, line: u64) -> Row {
        let prefix = format!("advocates[{}]", self.index);
        self.index += 1;
        let mut obj = Map::new();
        for (h, cell) in self.headers.iter().zip(self.record.iter()) {
            if let Some(v) = cell_value(h, cell) {
                insert_dotted(&mut obj, h, v);
            }
        }
        let id = obj
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        // Where each child came from: (field, file, lines).
        let mut origins: Vec<(&'static str, &str, Vec<u64>)> = Vec::new();
        for (table, kind) in self.tables.iter_mut().zip(CHILDREN.iter()) {
            let Some(table) = table else { continue };
            let rows = table.rows.remove(&id).unwrap_or_default();
            let lines = rows.iter().map(|c| c.line).collect();
            let values = rows.into_iter().map(|c| c.value).collect();
            obj.insert(kind.field.to_owned(), Value::Array(values));
            origins.push((kind.field, table.name.as_str(), lines));
        }
        let text = Value::Object(obj).to_string();
        plaudit::parse_advocate(&text)
            .map(|a| (a, Some(line)))
            .map_err(|e| {
                e.errors
                    .iter()
                    .map(|fe| {
                        let (file, at) =
                            child_origin(&fe.path, &origins).unwrap_or((&self.name, line));
                        let mut d = Diagnostic::from_field(file, Some(at), &prefix, fe);
                        // Positions inside the generated JSON mean nothing to the user.
                        d.line = Some(at);
                        d.column = None;
                        d
                    })
                    .collect()
            })
    }
}

/// The child file and line an error path such as `activities[2].date` points into.
fn child_origin<'a>(path: &str, origins: &'a [(&str, &str, Vec<u64>)]) -> Option<(&'a str, u64)> {
    for (field, file, lines) in origins {
        if let Some(rest) = path.strip_prefix(field).and_then(|r| r.strip_prefix('[')) {
            let i: usize = rest.split(']').next()?.parse().ok()?;
            return Some((file, *lines.get(i)?));
        }
    }
    None
}

impl<R: Read> Iterator for CsvRows<R> {
    type Item = Result<Row, Failure>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.reader.read_record(&mut self.record) {
            Ok(true) => {
                let line = self.record.position().map_or(0, |p| p.line());
                Some(Ok(self.row(line)))
            }
            Ok(false) => {
                self.done = true;
                let orphans = self.orphans();
                if orphans.is_empty() {
                    None
                } else {
                    Some(Ok(Err(orphans)))
                }
            }
            Err(e) => {
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    self.done = true;
                    return Some(Err(csv_failure(&self.name, &e)));
                }
                self.index += 1;
                Some(Ok(Err(vec![csv_diagnostic(&self.name, &e)])))
            }
        }
    }
}
