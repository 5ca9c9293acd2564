//! The command-line front end: arguments, their validation, and the
//! subcommands. Only the binary uses this; the library knows nothing of it.

pub mod args;
pub mod build;
pub mod config;
pub mod outdir;
pub mod output;
pub mod run;
