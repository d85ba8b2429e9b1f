//! `plaudit demo`: the main job on embedded data.

use crate::cli::DemoArgs;
use crate::diag::Failure;

/// Runs `demo`.
pub fn run(_args: &DemoArgs) -> Result<(), Failure> {
    Err(Failure::Io(
        "this build of plaudit does not have the generator (plaudit-synth) yet".into(),
    ))
}
