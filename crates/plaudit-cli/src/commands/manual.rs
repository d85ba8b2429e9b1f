//! `plaudit completions` and `plaudit man`: generated from the clap definition, so they
//! list exactly the commands and options the binary has.

use std::io::Write;

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs, ManArgs};
use crate::diag::Failure;

/// Prints the completion script for a shell.
pub fn completions(args: &CompletionsArgs) -> Result<(), Failure> {
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "plaudit", &mut out);
    write_stdout(&out)
}

/// Prints the main manual page, or writes every page into `--dir`.
pub fn man(args: &ManArgs) -> Result<(), Failure> {
    let cmd = Cli::command();
    match &args.dir {
        Some(dir) => std::fs::create_dir_all(dir)
            .and_then(|()| clap_mangen::generate_to(cmd, dir))
            .map_err(|e| {
                Failure::Io(format!(
                    "cannot write the manual pages into {}: {e}",
                    dir.display()
                ))
            }),
        None => {
            let mut out = Vec::new();
            clap_mangen::Man::new(cmd)
                .render(&mut out)
                .map_err(|e| Failure::Io(format!("cannot render the manual page: {e}")))?;
            write_stdout(&out)
        }
    }
}

fn write_stdout(bytes: &[u8]) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(bytes)
        .and_then(|()| stdout.flush())
        .map_err(|e| Failure::Io(format!("cannot write the output: {e}")))
}
