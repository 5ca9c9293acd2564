//! The command-line front end: arguments, their validation, and the
//! subcommands. Only the binary uses this; the library knows nothing of it.

pub mod align;
pub mod apply;
pub mod args;
pub mod build;
pub mod build_out;
pub mod collect;
pub mod config;
pub mod dicts;
pub mod eval;
pub mod load;
pub mod outdir;
pub mod output;
pub mod pair;
pub mod segment;
pub mod shard;
pub mod stream;
pub mod tmx;

/// How a run that did not fail ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Every input was used.
    Complete,
    /// The run finished, but some input files (or a whole empty language
    /// folder) were left out, each named in a warning: exit code 3.
    Skipped,
}

impl Outcome {
    /// `Skipped` when anything was left out.
    pub fn from_skips(n: usize) -> Outcome {
        if n > 0 {
            Outcome::Skipped
        } else {
            Outcome::Complete
        }
    }
}
