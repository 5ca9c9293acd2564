//! The `mizan` binary: parse the arguments, run, map the result to an exit
//! code. All the work is in the library and in `cli`.

mod cli;

use clap::Parser;
use cli::args::{Cli, Command};
use std::ffi::{c_int, c_long};
use std::process::ExitCode;

/// mimalloc instead of the system allocator: the aligner makes millions of
/// small short-lived allocations (tokens, anchors, keys) on two threads,
/// and glibc's malloc and free were about a twelfth of a length-only run
/// (issue 16).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's purge delay option, as numbered in its `mimalloc.h`
/// (`mi_option_purge_delay` in `mi_option_e`, the same in the v2 and v3
/// sources that `libmimalloc-sys` builds; its Rust bindings do not name it).
const MI_OPTION_PURGE_DELAY: c_int = 15;

extern "C" {
    fn mi_option_set(option: c_int, value: c_long);
}

/// Peak memory follows what is in use, not what was touched once. Two
/// defaults held the default run on a 20,000-sentence pair at about
/// 225 MB where about 140 MB are in use at any time, and a length-only
/// run at 92 MB for 49 (issue 16):
/// - on Linux, mimalloc asks for transparent huge pages, so that a touch
///   makes 2 MiB resident instead of 4 KiB;
/// - freed pages are kept a second before they go back to the system.
///
/// A build keeps that second: it aligns thousands of short documents one
/// after the other on every core, and returning each one's pages at once
/// made a build over 10,000 article pairs spend 5 s of system time in
/// `madvise` and the page faults after it, against 1.5 s with the delay
/// (issue 16; three runs each, user plus system time 48.9 s against
/// 42.2 s on average, peak 722 MB against 745 MB).
fn tune_allocator(command: &Command) {
    #[cfg(target_os = "linux")]
    // SAFETY: prctl with PR_SET_THP_DISABLE takes plain integers and only
    // sets a flag of this process.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
    if matches!(command, Command::Build(_)) {
        return;
    }
    // SAFETY: a plain setter of mimalloc's option table, called before any
    // other thread starts; the option exists in the linked mimalloc.
    unsafe {
        mi_option_set(MI_OPTION_PURGE_DELAY, 0);
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    tune_allocator(&cli.command);
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
