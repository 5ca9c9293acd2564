//! `mizan tmx stats`: what memories hold.

use super::args::StatsArgs;
use super::read_all;
use crate::cli::Outcome;
use anyhow::Result;
use mizan::tmx::{stats::stats as count, Tmx};

pub fn stats(args: StatsArgs) -> Result<Outcome> {
    let memories = read_all(&args.files, &args.read)?;
    let first = memories.first().cloned().unwrap_or_default();
    let all = Tmx {
        units: memories.into_iter().flat_map(|m| m.units).collect(),
        ..first
    };
    let s = count(&all);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&s)?);
    } else {
        print!("{s}");
    }
    Ok(Outcome::Complete)
}
