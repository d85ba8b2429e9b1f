//! What the CLI test files share: a scratch directory whose commands run inside it.
#![allow(dead_code, clippy::unwrap_used)]

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The `plaudit` binary, with `NO_COLOR` unset (colour stays off: tests are no terminal).
pub fn plaudit() -> Command {
    let mut c = assert_cmd::cargo::cargo_bin_cmd!("plaudit");
    c.env_remove("NO_COLOR");
    c
}

/// A scratch directory with files in it; commands run inside it.
pub struct Dir(tempfile::TempDir);

impl Dir {
    pub fn new() -> Self {
        Dir(tempfile::tempdir().unwrap())
    }
    pub fn path(&self) -> &Path {
        self.0.path()
    }
    /// Writes `name` (parent directories made), returning its path.
    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.path().join(name);
        if let Some(parent) = p.parent() {
            fs::create_dir_all(parent).unwrap();
        }
        fs::write(&p, text).unwrap();
        p
    }
    pub fn read(&self, name: &str) -> String {
        fs::read_to_string(self.path().join(name)).unwrap()
    }
    pub fn cmd(&self) -> Command {
        let mut c = plaudit();
        c.current_dir(self.path());
        c
    }
}
