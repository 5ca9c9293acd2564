//! A temporary folder per test and a way to run the real binary in it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A test's own folder, removed when the test ends.
pub struct Workdir {
    dir: tempfile::TempDir,
}

impl Workdir {
    pub fn new() -> Workdir {
        Workdir {
            dir: tempfile::tempdir().expect("temporary folder"),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes a file (creating folders) and returns its path.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&path, contents).unwrap();
        path
    }

    /// A `mizan` command running in this folder.
    pub fn mizan(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_mizan"));
        cmd.current_dir(self.dir.path());
        cmd.env("SOURCE_DATE_EPOCH", "1795910400");
        // No system dictionary: outputs must not depend on what the
        // machine has installed (tests that want one give --dict-dir).
        cmd.env("MIZAN_DICT_PATH", "");
        // Nor a cache in the user's home (tests of the cache name one).
        cmd.env("MIZAN_DICT_CACHE", "off");
        cmd
    }

    /// Names of the files in this folder.
    pub fn files(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

/// Whether an optional tool is installed; where CI sets MIZAN_CI it must
/// be, so that the test cannot pass by skipping.
pub fn have_tool(tool: &str, install: &str) -> bool {
    let have = Command::new(tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !have {
        skip_unless_ci(&format!("no {tool} ({install})"));
    }
    have
}

/// Says why a test that needs an optional tool is skipped; where CI sets
/// MIZAN_CI the tool must be there, so the test fails instead.
pub fn skip_unless_ci(missing: &str) {
    assert!(
        std::env::var_os("MIZAN_CI").is_none(),
        "needed here: {missing}"
    );
    eprintln!("skipped: {missing}");
}

/// The repository's root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A file of the example corpus.
pub fn corpus(rel: &str) -> PathBuf {
    root().join("examples/corpus").join(rel)
}

/// Runs a command and checks it succeeded, showing stderr if not.
pub fn run_ok(cmd: &mut Command) -> Output {
    let out = cmd.output().expect("mizan runs");
    assert!(
        out.status.success(),
        "command failed with {:?}\nstderr:\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Runs a command that must fail with exit code 2, returning stderr.
pub fn run_bad_input(cmd: &mut Command) -> String {
    let out = cmd.output().expect("mizan runs");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "stderr:\n{stderr}");
    stderr
}

/// Asserts two texts are equal, printing both in full when not.
#[macro_export]
macro_rules! eqnice {
    ($expected:expr, $got:expr) => {{
        let expected: &str = &$expected;
        let got: &str = &$got;
        if expected != got {
            panic!("\n\nexpected:\n{expected}\n\ngot:\n{got}\n");
        }
    }};
}

/// A file of the read-only data beside the repository (`../shared`).
pub fn shared(rel: &str) -> PathBuf {
    root().join("../shared").join(rel)
}
