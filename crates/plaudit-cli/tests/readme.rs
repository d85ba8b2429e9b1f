//! Every code block of the CLI's README runs: the `sh` blocks in order, in one shell, in a
//! scratch folder, with the built `plaudit` first on `PATH`; a `text` block right after an
//! `sh` block is output that block must print (each of its lines, in order).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::Command;

/// A fenced block: its info string and its text.
struct Block {
    info: String,
    text: String,
}

fn blocks(markdown: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut current: Option<Block> = None;
    for line in markdown.lines() {
        match (&mut current, line.strip_prefix("```")) {
            (None, Some(info)) => {
                current = Some(Block {
                    info: info.trim().to_owned(),
                    text: String::new(),
                });
            }
            (Some(_), Some("")) => out.extend(current.take()),
            (Some(b), _) => {
                b.text.push_str(line);
                b.text.push('\n');
            }
            (None, None) => {}
        }
    }
    assert!(current.is_none(), "an unclosed code block");
    out
}

const MARK: &str = "@@ README block done @@";

#[test]
fn every_readme_block_runs_and_prints_what_it_shows() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let blocks = blocks(&readme);
    let infos: Vec<&str> = blocks.iter().map(|b| b.info.as_str()).collect();
    assert!(
        infos.iter().all(|i| *i == "sh" || *i == "text"),
        "every block is `sh` (run) or `text` (output checked): {infos:?}"
    );
    // One script: each `sh` block, then a marker, so the output splits back per block.
    let mut script = String::from("set -euo pipefail\nexec 2>&1\n");
    let mut shells = 0;
    for b in blocks.iter().filter(|b| b.info == "sh") {
        script.push_str(&b.text);
        script.push_str(&format!("echo '{MARK}'\n"));
        shells += 1;
    }
    assert!(shells >= 4, "the README's examples are sh blocks");

    let scratch = tempfile::tempdir().unwrap();
    let bin = Path::new(env!("CARGO_BIN_EXE_plaudit")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("bash")
        .arg("-c")
        .arg(&script)
        .current_dir(scratch.path())
        // `mktemp -d` in the README lands in the test's scratch folder, removed afterwards.
        .env("TMPDIR", scratch.path())
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "the README's blocks failed:\n{text}");
    let outputs: Vec<&str> = text.split(&format!("{MARK}\n")).collect();
    assert_eq!(outputs.len(), shells + 1, "{text}");

    // A `text` block right after an `sh` block shows (part of) that block's output.
    let mut n = 0;
    let mut checked = 0;
    for (i, b) in blocks.iter().enumerate() {
        if b.info == "sh" {
            n += 1;
        } else if i > 0 && blocks[i - 1].info == "sh" {
            let shown = outputs[n - 1];
            let mut rest = shown;
            for line in b.text.lines() {
                let at = rest.find(line).unwrap_or_else(|| {
                    panic!("README output line {line:?} is not printed (in order) by:\n{shown}")
                });
                rest = &rest[at + line.len()..];
            }
            checked += 1;
        }
    }
    assert!(checked >= 1, "the error example's output is checked");
}

#[test]
fn blocks_are_split_by_their_fences() {
    let md = "x\n```sh\necho 1\n```\ntext\n```text\n1\n```\n";
    let b = blocks(md);
    assert_eq!(b.len(), 2);
    assert_eq!((b[0].info.as_str(), b[0].text.as_str()), ("sh", "echo 1\n"));
    assert_eq!((b[1].info.as_str(), b[1].text.as_str()), ("text", "1\n"));
}
