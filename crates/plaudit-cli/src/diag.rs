//! Diagnostics: every problem names the file, the line (JSONL or CSV row) and the field path,
//! in one format: `file:line[:column]: path: message`.

use std::fmt;

use plaudit::FieldError;

/// Exit status for bad input or usage (clap uses 2 for usage errors too).
pub const EXIT_BAD_INPUT: u8 = 2;
/// Exit status when the environment fails us (an unwritable output, a full disk).
pub const EXIT_IO: u8 = 1;

/// One problem in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file as the user named it (`-` reads as `<stdin>`).
    pub file: String,
    /// 1-based line (a JSONL line, a CSV row's line, a TOML line).
    pub line: Option<u64>,
    /// 1-based column, when known.
    pub column: Option<u32>,
    /// Field path (`advocates[2].nps`), empty for the whole input.
    pub path: String,
    /// Lowercase message, user input in backticks.
    pub message: String,
}

impl Diagnostic {
    /// A problem with the whole file.
    pub fn file(file: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.to_owned(),
            line: None,
            column: None,
            path: String::new(),
            message: message.into(),
        }
    }

    /// A problem on a line.
    pub fn at_line(file: &str, line: u64, message: impl Into<String>) -> Self {
        Diagnostic {
            line: Some(line),
            ..Diagnostic::file(file, message)
        }
    }

    /// A core error, re-rooted under `prefix` (e.g. `advocates[2]`) and placed on `line`
    /// (the error's own line and column win when it has them, offset from `line`).
    pub fn from_field(file: &str, line: Option<u64>, prefix: &str, e: &FieldError) -> Self {
        let (line, column) = match (e.line, line) {
            (Some(l), Some(base)) => (Some(base + u64::from(l) - 1), e.column),
            (Some(l), None) => (Some(u64::from(l)), e.column),
            (None, base) => (base, None),
        };
        Diagnostic {
            file: file.to_owned(),
            line,
            column,
            path: join_path(prefix, &e.path),
            message: e.message.clone(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
            if let Some(c) = self.column {
                write!(f, ":{c}")?;
            }
        }
        f.write_str(": ")?;
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        f.write_str(&self.message)
    }
}

/// `advocates[2]` + `nps` = `advocates[2].nps`; either side may be empty.
pub fn join_path(prefix: &str, path: &str) -> String {
    match (prefix.is_empty(), path.is_empty()) {
        (true, _) => path.to_owned(),
        (false, true) => prefix.to_owned(),
        (false, false) if path.starts_with('[') => format!("{prefix}{path}"),
        (false, false) => format!("{prefix}.{path}"),
    }
}

/// Why a command stopped: bad input (exit 2, every problem listed) or a failing
/// environment (exit 1).
#[derive(Debug)]
pub enum Failure {
    /// Bad input: the problems found (up to the limit) and how many more were not listed.
    Input {
        /// Listed problems.
        problems: Vec<Diagnostic>,
        /// Problems found beyond the limit.
        more: usize,
        /// Whether an output was withheld because of them.
        withheld: bool,
    },
    /// An I/O failure: reading a file that exists, writing the output.
    Io(String),
}

impl Failure {
    /// Bad input with one problem.
    pub fn input(d: Diagnostic) -> Self {
        Failure::Input {
            problems: vec![d],
            more: 0,
            withheld: false,
        }
    }

    /// Bad usage or input described in one line (no file).
    pub fn usage(message: impl Into<String>) -> Self {
        Failure::input(Diagnostic {
            file: "plaudit".to_owned(),
            line: None,
            column: None,
            path: String::new(),
            message: message.into(),
        })
    }

    /// The exit status.
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Input { .. } => EXIT_BAD_INPUT,
            Failure::Io(_) => EXIT_IO,
        }
    }

    /// Writes the report to stderr.
    pub fn report(&self) {
        match self {
            Failure::Input {
                problems,
                more,
                withheld,
            } => {
                for p in problems {
                    eprintln!("{p}");
                }
                if *more > 0 {
                    eprintln!("plaudit: ... and {more} more problems not listed");
                }
                let n = problems.len() + more;
                if *withheld {
                    eprintln!(
                        "plaudit: {n} {} in the input; nothing was written (use --skip-invalid to process the valid rows)",
                        plural(n, "problem", "problems")
                    );
                }
            }
            Failure::Io(m) => eprintln!("plaudit: {m}"),
        }
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Failure::Io(e.to_string())
    }
}

/// `1 row`, `2 rows`.
pub fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

/// Collects problems up to a limit, counting the rest.
#[derive(Debug)]
pub struct Problems {
    limit: usize,
    /// Listed problems.
    pub listed: Vec<Diagnostic>,
    /// Problems beyond the limit.
    pub more: usize,
    /// Rows that had at least one problem.
    pub bad_rows: usize,
}

impl Problems {
    /// An empty collector that lists at most `limit` problems.
    pub fn new(limit: usize) -> Self {
        Problems {
            limit,
            listed: Vec::new(),
            more: 0,
            bad_rows: 0,
        }
    }

    /// Adds one bad row's problems.
    pub fn add_row(&mut self, row: Vec<Diagnostic>) {
        self.bad_rows += 1;
        for d in row {
            if self.listed.len() < self.limit {
                self.listed.push(d);
            } else {
                self.more += 1;
            }
        }
    }

    /// Whether nothing was found.
    pub fn is_empty(&self) -> bool {
        self.bad_rows == 0
    }

    /// The failure that withholds the output.
    pub fn into_failure(self) -> Failure {
        Failure::Input {
            problems: self.listed,
            more: self.more,
            withheld: true,
        }
    }

    /// Lists skipped rows on stderr (with `--skip-invalid`).
    pub fn report_skipped(&self) {
        for p in &self.listed {
            eprintln!("{p}");
        }
        if self.more > 0 {
            eprintln!("plaudit: ... and {} more problems not listed", self.more);
        }
        eprintln!(
            "plaudit: skipped {} invalid {}",
            self.bad_rows,
            plural(self.bad_rows, "row", "rows")
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_file_line_path_message() {
        let d = Diagnostic {
            file: "roster.jsonl".into(),
            line: Some(3),
            column: None,
            path: "advocates[2].nps".into(),
            message: "11 is out of range 0..=10".into(),
        };
        assert_eq!(
            d.to_string(),
            "roster.jsonl:3: advocates[2].nps: 11 is out of range 0..=10"
        );
    }

    #[test]
    fn joins_paths() {
        assert_eq!(join_path("advocates[2]", "nps"), "advocates[2].nps");
        assert_eq!(join_path("advocates[2]", ""), "advocates[2]");
        assert_eq!(join_path("", "nps"), "nps");
        assert_eq!(join_path("advocates", "[2].nps"), "advocates[2].nps");
    }
}
