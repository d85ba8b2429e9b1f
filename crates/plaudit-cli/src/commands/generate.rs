//! `plaudit generate`: synthetic advocates from plaudit-synth, the generator the benches,
//! tests and demo use. JSON Lines and JSON stream; CSV writes the five-file set. With
//! `--opportunities N`, deals on the same roster instead (JSON Lines, JSON, or the long
//! form `opportunities.csv` + `touches.csv`).

use std::io::Write;
use std::path::Path;

use plaudit_synth::{CSV_FILES, CsvSinks, OPPORTUNITY_CSV_FILES, SynthConfig};

use crate::cli::{GenerateArgs, GenerateFormat};
use crate::diag::Failure;
use crate::output::{Sink, json_io};

/// Runs `generate`.
pub fn run(args: &GenerateArgs) -> Result<(), Failure> {
    let mut config = SynthConfig::new(args.advocates, args.seed, args.as_of);
    let format = args
        .format
        .unwrap_or_else(|| match crate::input::from_extension(&args.out) {
            Some(crate::input::InputFormat::Json) => GenerateFormat::Json,
            Some(crate::input::InputFormat::Csv) => GenerateFormat::Csv,
            _ if args.out != "-" && Path::new(&args.out).is_dir() => GenerateFormat::Csv,
            _ => GenerateFormat::Jsonl,
        });
    if let Some(n) = args.requests {
        config.requests = n;
        let mut sink = Sink::open(&args.out)?;
        if format == GenerateFormat::Json {
            let requests = plaudit_synth::requests(&config, n);
            crate::output::write_document(&mut sink, crate::output::OutputFormat::Json, &requests)?;
        } else {
            plaudit_synth::write_requests_jsonl(&config, &mut sink)?;
        }
        return sink.commit();
    }
    if let Some(n) = args.opportunities {
        config.opportunities = n;
        return opportunities(&config, format, &args.out);
    }
    match format {
        GenerateFormat::Jsonl => {
            let mut sink = Sink::open(&args.out)?;
            plaudit_synth::write_jsonl(&config, &mut sink)?;
            sink.commit()
        }
        GenerateFormat::Json => {
            let mut sink = Sink::open(&args.out)?;
            sink.write_all(b"[")?;
            for (i, a) in plaudit_synth::advocates(&config).enumerate() {
                sink.write_all(if i == 0 { b"\n" } else { b",\n" })?;
                serde_json::to_writer(&mut sink, &a).map_err(json_io)?;
            }
            sink.write_all(b"\n]\n")?;
            sink.commit()
        }
        GenerateFormat::Csv => csv_set(&config, &args.out),
    }
}

/// The directory of a CSV set. It is made when absent (as `mkdir` would), never its
/// parents: a typo in a path must not leave a tree of directories behind.
fn out_dir(out: &str) -> Result<&Path, Failure> {
    let dir = Path::new(out);
    if !dir.is_dir() {
        std::fs::create_dir(dir).map_err(|e| {
            let why = match e.kind() {
                std::io::ErrorKind::NotFound => "its parent directory does not exist".to_owned(),
                _ => e.to_string(),
            };
            Failure::Io(format!("cannot create the directory {out}: {why}"))
        })?;
    }
    Ok(dir)
}

/// The CSV set into a directory: each file written to a temporary file and renamed into
/// place only when all five are complete.
fn csv_set(config: &SynthConfig, out: &str) -> Result<(), Failure> {
    if out == "-" {
        return Err(Failure::usage(
            "--format csv writes five files: name a directory with --out DIR",
        ));
    }
    let dir = out_dir(out)?;
    let [a, b, c, d, e] = CSV_FILES.map(|name| Sink::open(&dir.join(name).to_string_lossy()));
    let sinks = CsvSinks {
        advocates: a?,
        activities: b?,
        engagements: c?,
        consents: d?,
        disruptions: e?,
    };
    let sinks = plaudit_synth::write_csv(config, sinks)
        .map_err(|e| Failure::Io(format!("cannot write the CSV set: {e}")))?;
    for s in [
        sinks.advocates,
        sinks.activities,
        sinks.engagements,
        sinks.consents,
        sinks.disruptions,
    ] {
        s.commit()?;
    }
    Ok(())
}

/// Opportunities on the roster of `config`: JSON Lines, a JSON array, or the long form.
fn opportunities(config: &SynthConfig, format: GenerateFormat, out: &str) -> Result<(), Failure> {
    match format {
        GenerateFormat::Jsonl => {
            let mut sink = Sink::open(out)?;
            plaudit_synth::write_opportunities_jsonl(config, &mut sink)?;
            sink.commit()
        }
        GenerateFormat::Json => {
            let mut sink = Sink::open(out)?;
            sink.write_all(b"[")?;
            for k in 0..config.opportunities {
                sink.write_all(if k == 0 { b"\n" } else { b",\n" })?;
                serde_json::to_writer(&mut sink, &plaudit_synth::opportunity(config, k))
                    .map_err(json_io)?;
            }
            sink.write_all(b"\n]\n")?;
            sink.commit()
        }
        GenerateFormat::Csv => {
            if out == "-" {
                return Err(Failure::usage(
                    "--format csv writes two files: name a directory with --out DIR",
                ));
            }
            let dir = out_dir(out)?;
            let [a, b] =
                OPPORTUNITY_CSV_FILES.map(|name| Sink::open(&dir.join(name).to_string_lossy()));
            let (a, b) = plaudit_synth::write_opportunities_csv(config, a?, b?)
                .map_err(|e| Failure::Io(format!("cannot write the opportunities: {e}")))?;
            a.commit()?;
            b.commit()
        }
    }
}
