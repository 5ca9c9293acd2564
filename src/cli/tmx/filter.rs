//! `mizan tmx filter`: the units of a memory that pass the conditions.

use super::args::FilterArgs;
use super::{common_srclang, header, read_all, write_tmx_units};
use crate::cli::Outcome;
use anyhow::{bail, Result};
use mizan::tmx::filter::Filter;

pub fn filter(args: FilterArgs) -> Result<Outcome> {
    let mut props = Vec::new();
    for p in &args.props {
        let Some((k, v)) = p.split_once('=') else {
            bail!("--prop {p}: expected TYPE=VALUE, e.g. x-mizan-bead=1-1");
        };
        props.push((k.to_string(), v.to_string()));
    }
    for s in [args.min_score, args.max_score].into_iter().flatten() {
        if !s.is_finite() {
            bail!("--min-score and --max-score take a number");
        }
    }
    let files = [&args.file];
    let memories = read_all(&files, &args.read)?;
    let mut src = common_srclang(&memories, &files, None)?;
    if !args.langs.is_empty() && !args.langs.iter().any(|l| mizan::tmx::lang_matches(&src, l)) {
        // The source language is filtered out: the first kept one leads.
        src = args.langs[0].clone();
    }
    let f = Filter {
        min_score: args.min_score,
        max_score: args.max_score,
        shapes: args.beads,
        langs: args.langs,
        documents: args.documents,
        props,
    };
    let (units, r) = f.run(&memories[0].units);
    write_tmx_units(
        args.out.output.as_deref(),
        &units,
        &header(src, args.out.encoding)?,
    )?;
    let reasons: Vec<String> = [
        (r.score, "score"),
        (r.shape, "shape"),
        (r.lang, "language"),
        (r.document, "document"),
        (r.prop, "prop"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, why)| format!("{n} for their {why}"))
    .collect();
    eprintln!(
        "mizan: kept {} of {} units{}",
        r.kept,
        r.read,
        if reasons.is_empty() {
            String::new()
        } else {
            format!("; left out {}", reasons.join(", "))
        }
    );
    Ok(Outcome::Complete)
}
