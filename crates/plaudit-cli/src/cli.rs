//! The command line: every command with an example in its `--help`.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::input::RosterArgs;
use crate::output::OutputArgs;

const ABOUT: &str = "Plaudit: the rules of a customer advocacy program, from the command line.\n\n\
Eligibility, lifecycle, fatigue caps, consent, tiers and matching over advocate files (JSON, \
JSON Lines, CSV, Parquet, Arrow IPC), every decision explained with reason codes and the policy fingerprint.";

const EXAMPLES: &str = "\
Examples:
  plaudit demo                                        a realistic program on embedded data
  plaudit generate --advocates 1000 --seed 7 --out roster.jsonl
  plaudit evaluate roster.jsonl --as-of 2026-03-01 --format jsonl --out decisions.jsonl
  plaudit rank roster.jsonl --request request.json --policy policy.toml
  plaudit policy check policy.toml

Exit status: 0 success, 2 bad input or usage (every problem is listed as
`file:line: path: message`), 1 when the output cannot be written.";

/// The `plaudit` command.
#[derive(Debug, Parser)]
#[command(name = "plaudit", version, about = ABOUT, after_help = EXAMPLES)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Evaluate every advocate: lifecycle, eligibility, readiness, tier and capacity.
    #[command(after_help = "\
Examples:
  plaudit evaluate roster.json
  plaudit evaluate roster.jsonl --format jsonl --out decisions.jsonl
  plaudit evaluate data/ --format csv         (data/ holds advocates.csv, activities.csv, ...)
  plaudit evaluate advocates.csv --activities activities.csv --consents consents.csv
  plaudit evaluate tables/ --out decisions.parquet   (tables/ holds advocates.parquet, activities.parquet, ...)
  plaudit evaluate roster.parquet --format jsonl     (history nested in list columns)
  cat roster.jsonl | plaudit evaluate - --skip-invalid --format jsonl")]
    Evaluate(EvaluateArgs),
    /// Check one ask (kind and date) against advocates: may they be asked, and why not.
    #[command(after_help = "\
Examples:
  plaudit check advocate.json --kind reference_call --date 2026-03-20
  plaudit check advocate.json --kind testimonial --date 2026-04-01 --topic onboarding
  plaudit check roster.jsonl --ask ask.json --format jsonl
  (ask.json: {\"kind\": \"case_study\", \"date\": \"2026-05-01\", \"incentive\": {\"kind\": \"gift_card\", \"value\": 50, \"currency\": \"USD\"}})")]
    Check(CheckArgs),
    /// Rank a roster for a request: matches with scores, near misses, exclusions with reasons.
    #[command(after_help = "\
Examples:
  plaudit rank roster.jsonl --request request.json
  plaudit rank roster.json --request request.json --format json --out ranking.json
  (request.json: {\"id\": \"r-1\", \"kind\": \"reference_call\", \"requested_on\": \"2026-03-01\",
   \"needed_by\": \"2026-03-20\", \"prospect\": {\"industry\": \"fintech\", \"segment\": \"enterprise\"}, \"count\": 3})")]
    Rank(RankArgs),
    /// Assign tiers to a roster (platinum, gold, silver, community) with the mix against targets.
    #[command(after_help = "\
Examples:
  plaudit tiers roster.jsonl
  plaudit tiers roster.jsonl --format csv --out tiers.csv")]
    Tiers(RosterCommand),
    /// Coverage of target segments, tier mix, concentration, lifecycle counts, enrollment.
    #[command(after_help = "\
Examples:
  plaudit coverage roster.jsonl --targets targets.json
  plaudit coverage roster.jsonl --targets targets.json --all     (every enrollment candidate)
  (targets.json: [{\"industry\": \"fintech\", \"kind\": \"reference_call\", \"needed\": 5},
                  {\"region\": \"EMEA\", \"kind\": \"case_study\", \"needed\": 2}])")]
    Coverage(CoverageArgs),
    /// Validate a reference request as a request form would (exit 2 when it has errors).
    #[command(after_help = "\
Examples:
  plaudit validate request.json
  plaudit validate request.json --format json --policy policy.toml")]
    Validate(ValidateArgs),
    /// Check, show and describe policies.
    #[command(subcommand)]
    Policy(PolicyCommand),
    /// Write deterministic synthetic advocates (the generator the benches use).
    #[command(after_help = "\
Examples:
  plaudit generate --advocates 1000 --seed 7 --out roster.jsonl
  plaudit generate --advocates 1000000 --format jsonl > big.jsonl
  plaudit generate --advocates 500 --format csv --out data/     (advocates.csv, activities.csv, ...)
  plaudit generate --advocates 1000000 --format parquet --out data/   (advocates.parquet, ..., rows shuffled)
  plaudit generate --advocates 1000000 --nested --out roster.parquet  (history in list columns)
  plaudit generate --requests 5 --out requests.jsonl
  plaudit generate --advocates 300 --opportunities 600 --out deals.jsonl
  plaudit generate --advocates 300 --opportunities 600 --format csv --out deals/   (opportunities.csv, touches.csv)")]
    Generate(GenerateArgs),
    /// Measure the program over a period: attribution without double counting, KPIs and
    /// their breakdowns, the funnel, experiments and the scorecard.
    #[command(after_help = "\
Examples:
  plaudit measure roster.jsonl --opportunities deals.jsonl --from 2025-03-02 --to 2026-03-01 --as-of 2026-03-01
  plaudit measure roster.jsonl --opportunities deals.jsonl --from 2025-03-02 --to 2026-03-01 --format json")]
    Measure(MeasureArgs),
    /// Write the program report: one self-contained HTML page (scorecard, breakdowns,
    /// funnel, tier mix, coverage gaps, concentration, top advocates).
    #[command(after_help = "\
Examples:
  plaudit report roster.jsonl --opportunities deals.jsonl --from 2025-03-02 --to 2026-03-01 --as-of 2026-03-01 --targets targets.json --out report.html")]
    Report(ReportArgs),
    /// Run a realistic program on embedded sample data: tier mix, risk, coverage gaps, a ranking.
    #[command(after_help = "\
Examples:
  plaudit demo
  plaudit demo --color never | less")]
    Demo(DemoArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    #[command(after_help = "\
Examples:
  plaudit completions bash > ~/.local/share/bash-completion/completions/plaudit
  plaudit completions zsh > \"${fpath[1]}/_plaudit\"
  plaudit completions fish > ~/.config/fish/completions/plaudit.fish")]
    Completions(CompletionsArgs),
    /// Print the manual page (roff), or write one page per command into a directory.
    #[command(after_help = "\
Examples:
  plaudit man | man -l -
  plaudit man --dir /usr/local/share/man/man1     (plaudit.1, plaudit-rank.1, ...)")]
    Man(ManArgs),
}

/// `plaudit completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

/// `plaudit man`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write `plaudit.1` and a page per command (`plaudit-rank.1`, ...) into this directory
    /// instead of printing the main page.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// `--policy` and `--as-of`.
#[derive(Debug, Clone, Args)]
pub struct EngineArgs {
    /// Policy file, TOML or JSON (default: the built-in defaults, `plaudit policy show`).
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,
    /// Decide as of this date, YYYY-MM-DD [default: today, from the system clock].
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
}

/// Parses `YYYY-MM-DD` with the core's message.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    plaudit::dates::parse_date(s)
}

/// `plaudit evaluate`.
#[derive(Debug, Args)]
pub struct EvaluateArgs {
    #[command(flatten)]
    pub roster: RosterArgs,
    #[command(flatten)]
    pub engine: EngineArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Commands over a roster with no other input.
#[derive(Debug, Args)]
pub struct RosterCommand {
    #[command(flatten)]
    pub roster: RosterArgs,
    #[command(flatten)]
    pub engine: EngineArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `plaudit check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub roster: RosterArgs,
    /// The ask as a JSON file: {"kind", "date", "incentive"?, "topic"?}.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["kind", "date", "topic", "incentive"])]
    pub ask: Option<String>,
    /// Kind of activity asked for (reference_call, case_study, testimonial, ...).
    #[arg(long, value_name = "KIND", required_unless_present = "ask")]
    pub kind: Option<String>,
    /// Date of the activity.
    #[arg(long, value_name = "DATE", value_parser = parse_date, required_unless_present = "ask")]
    pub date: Option<NaiveDate>,
    /// Topic (testimonials may not repeat a topic within the window).
    #[arg(long, value_name = "TOPIC")]
    pub topic: Option<String>,
    /// Incentive offered, as KIND[:VALUE[:CURRENCY]], e.g. gift_card:50:USD.
    #[arg(long, value_name = "INCENTIVE")]
    pub incentive: Option<String>,
    #[command(flatten)]
    pub engine: EngineArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `plaudit rank`.
#[derive(Debug, Args)]
pub struct RankArgs {
    #[command(flatten)]
    pub roster: RosterArgs,
    /// The request, a JSON file (`-` for stdin).
    #[arg(long, short = 'r', value_name = "FILE")]
    pub request: String,
    #[command(flatten)]
    pub engine: EngineArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `plaudit coverage`.
#[derive(Debug, Args)]
pub struct CoverageArgs {
    #[command(flatten)]
    pub roster: RosterArgs,
    /// Coverage targets, a JSON array of {industry?, segment?, region?, product?, kind, needed}.
    #[arg(long, short = 't', value_name = "FILE")]
    pub targets: String,
    /// In table mode, list every enrollment candidate (default: a summary and the first 20).
    #[arg(long)]
    pub all: bool,
    #[command(flatten)]
    pub engine: EngineArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `plaudit validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// The request, a JSON file (`-` for stdin).
    #[arg(value_name = "REQUEST")]
    pub request: String,
    #[command(flatten)]
    pub engine: EngineArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `plaudit policy ...`.
#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// Check a policy file: every problem with its line:column and key path (exit 2).
    #[command(after_help = "\
Examples:
  plaudit policy check policy.toml
  plaudit policy check policy.json")]
    Check {
        /// The policy, TOML or JSON (`-` for stdin).
        #[arg(value_name = "FILE")]
        file: String,
    },
    /// Print the JSON Schema of policy documents (for editors and UIs).
    #[command(after_help = "\
Examples:
  plaudit policy schema > policy.schema.json")]
    Schema {
        /// Write here instead of stdout.
        #[arg(long, short = 'o', value_name = "FILE", default_value = "-")]
        out: String,
    },
    /// Print the effective policy, every default included, with its fingerprint.
    #[command(after_help = "\
Examples:
  plaudit policy show                       (the built-in defaults, TOML)
  plaudit policy show --policy mine.toml --format json")]
    Show {
        /// The policy to show (default: the built-in defaults).
        #[arg(long, value_name = "FILE")]
        policy: Option<PathBuf>,
        /// TOML or JSON.
        #[arg(long, short = 'f', value_enum, default_value_t = PolicyFormat::Toml)]
        format: PolicyFormat,
        /// Write here instead of stdout.
        #[arg(long, short = 'o', value_name = "FILE", default_value = "-")]
        out: String,
    },
}

/// Formats of a policy document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PolicyFormat {
    /// TOML.
    Toml,
    /// JSON.
    Json,
}

/// Formats `generate` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GenerateFormat {
    /// JSON Lines, one advocate per line (streams).
    Jsonl,
    /// One JSON array.
    Json,
    /// The CSV set: advocates.csv, activities.csv, engagements.csv, consents.csv,
    /// disruptions.csv (into the --out directory).
    Csv,
    /// Parquet: the long tables advocates.parquet, activities.parquet, ... (into the --out
    /// directory, history rows shuffled), or with --nested one advocates file whose history
    /// is in list columns.
    Parquet,
}

/// `plaudit generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// How many advocates.
    #[arg(long, short = 'n', value_name = "N", default_value_t = 1000)]
    pub advocates: usize,
    /// Seed: the same seed gives the same data, byte for byte.
    #[arg(long, short = 's', value_name = "SEED", default_value_t = 42)]
    pub seed: u64,
    /// The date the data is as of.
    #[arg(long, value_name = "DATE", value_parser = parse_date, default_value = "2026-03-01")]
    pub as_of: NaiveDate,
    /// Write this many requests (JSON Lines) instead of advocates.
    #[arg(long, value_name = "N")]
    pub requests: Option<usize>,
    /// Write this many opportunities (deals whose touches and referrals name advocates of
    /// the --advocates roster) instead of advocates; CSV writes opportunities.csv and
    /// touches.csv, rows shuffled.
    #[arg(long, value_name = "N", conflicts_with = "requests")]
    pub opportunities: Option<usize>,
    /// Format [default: from the --out extension, else jsonl].
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<GenerateFormat>,
    /// Parquet: one advocates file with the history nested in list columns (activities,
    /// engagements, consents, disruptions), written in row groups of 65,536 advocates.
    #[arg(long)]
    pub nested: bool,
    /// Parquet long tables: history rows in advocate order instead of shuffled.
    #[arg(long)]
    pub grouped: bool,
    /// A file (JSON, JSONL, nested Parquet), a directory (CSV, Parquet long tables), or `-`
    /// for stdout.
    #[arg(long, short = 'o', value_name = "FILE|DIR", default_value = "-")]
    pub out: String,
}

/// What a measurement reads: the roster, the opportunities and the period.
#[derive(Debug, Args)]
pub struct MeasureInput {
    #[command(flatten)]
    pub roster: RosterArgs,
    /// Opportunities: a JSON array or JSON Lines file (`-` for stdin).
    #[arg(long, value_name = "FILE")]
    pub opportunities: String,
    /// First day of the period, YYYY-MM-DD.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub from: NaiveDate,
    /// Last day of the period (inclusive), YYYY-MM-DD.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub to: NaiveDate,
    #[command(flatten)]
    pub engine: EngineArgs,
}

/// `plaudit measure`.
#[derive(Debug, Args)]
pub struct MeasureArgs {
    #[command(flatten)]
    pub input: MeasureInput,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `plaudit report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub input: MeasureInput,
    /// Coverage targets (as for `coverage`), for the coverage gaps; the tier mix and
    /// concentration are shown either way.
    #[arg(long, short = 't', value_name = "FILE")]
    pub targets: Option<String>,
    /// The page's title.
    #[arg(long, value_name = "TEXT", default_value = "Advocacy program report")]
    pub title: String,
    /// Also write the measurement shown, as JSON (what `measure --format json` prints).
    #[arg(long, value_name = "FILE")]
    pub json: Option<String>,
    /// The HTML file to write (`-` for stdout).
    #[arg(long, short = 'o', value_name = "FILE", default_value = "report.html")]
    pub out: String,
}

/// `plaudit demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Colour.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = crate::output::ColorChoice::Auto)]
    pub color: crate::output::ColorChoice,
    /// Also write the program report of the demo (one HTML page) to this file.
    #[arg(long, value_name = "FILE")]
    pub report: Option<String>,
}
