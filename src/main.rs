//! The `mizan` binary: parse the arguments, run, map the result to an exit
//! code. All the work is in the library and in `cli`.

mod cli;

use clap::Parser;
use cli::args::{Cli, Command};
use std::process::ExitCode;

/// mimalloc instead of the system allocator: the aligner makes millions of
/// small short-lived allocations (tokens, anchors, keys) on two threads,
/// and glibc's malloc and free were about a twelfth of a length-only run
/// (issue 16).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Align(a) => cli::align::align(a),
        Command::Build(a) => cli::build::build(a),
        Command::Pair(a) => cli::pair::pair(a),
        Command::PairMerge(a) => cli::pair::pair_merge(a),
        Command::Segment(a) => cli::segment::segment(a),
        Command::Apply(a) => cli::apply::apply(a),
        Command::Collect(a) => cli::collect::collect(a),
        Command::Eval(a) => cli::eval::eval(a),
        Command::EvalSegments(a) => cli::eval::eval_segments(a),
        Command::Tmx(c) => cli::tmx::tmx(c),
        Command::Dicts(a) => cli::dicts::dicts(a),
    };
    match result {
        Ok(cli::Outcome::Complete) => ExitCode::SUCCESS,
        // Finished, but input files were left out (each named in a
        // warning): distinct from both success and failure.
        Ok(cli::Outcome::Skipped) => ExitCode::from(3),
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("mizan: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// A reader that closed the pipe early (`mizan ... | head`) is not an
/// error.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
