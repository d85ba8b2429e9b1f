//! `plaudit generate`: synthetic advocates from plaudit-synth.

use crate::cli::GenerateArgs;
use crate::diag::Failure;

/// Runs `generate`.
pub fn run(_args: &GenerateArgs) -> Result<(), Failure> {
    Err(Failure::Io(
        "this build of plaudit does not have the generator (plaudit-synth) yet".into(),
    ))
}
