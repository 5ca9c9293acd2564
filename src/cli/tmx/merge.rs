//! `mizan tmx merge`: several memories into one.

use super::args::{ConflictPolicy, MergeArgs};
use super::{common_srclang, header, read_all, write_tmx_units};
use crate::cli::Outcome;
use anyhow::Result;
use mizan::tmx::merge::{merge as run, Conflicts};

pub fn merge(args: MergeArgs) -> Result<Outcome> {
    let memories = read_all(&args.files, &args.read)?;
    let src = common_srclang(&memories, &args.files, args.src_lang.as_deref())?;
    let policy = match args.conflicts {
        ConflictPolicy::KeepAll => Conflicts::KeepAll,
        ConflictPolicy::First => Conflicts::First,
        ConflictPolicy::Last => Conflicts::Last,
        ConflictPolicy::BestScore => Conflicts::BestScore,
    };
    let (units, r) = run(&memories, &src, policy);
    write_tmx_units(
        args.out.output.as_deref(),
        &units,
        &header(src, args.out.encoding)?,
    )?;
    eprintln!(
        "mizan: merged {} units of {} file(s): {} exact duplicates removed, {} sources with more than one translation{}, {} units written",
        r.read,
        args.files.len(),
        r.duplicates,
        r.conflicting_sources,
        if r.dropped_by_policy > 0 {
            format!(" ({} translations left out by --conflicts)", r.dropped_by_policy)
        } else {
            String::new()
        },
        r.written
    );
    Ok(Outcome::Complete)
}
