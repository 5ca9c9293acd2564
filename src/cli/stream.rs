//! `mizan align --jsonl`: the stream contract (see `mizan::stream`).

use super::args::AlignArgs;
use super::Outcome;
use anyhow::{Context, Result};
use mizan::corpus::LexiconConfig;
use mizan::lexicon;
use mizan::stream::{align_line, StreamConfig};
use rayon::prelude::*;
use std::io::{BufRead, Write};

/// Records read and aligned together. Memory stays flat over an unbounded
/// stream: at most this many records (and their results) are held at a
/// time; the two cores are kept busy as long as records take about the
/// same time (news articles do).
const BATCH: usize = 64;

pub fn run(args: AlignArgs) -> Result<Outcome> {
    let user = match &args.lexicon {
        Some(path) => Some(lexicon::read_user_lexicon(path)?),
        None => None,
    };
    let mut cfg = StreamConfig::new(
        super::config::align_config(&args.method),
        LexiconConfig {
            learn: !args.no_lexicon,
            rounds: usize::from(args.lexicon_rounds),
            user,
            ..LexiconConfig::default()
        },
        super::dicts::system_dicts(&args.dicts)?,
    );
    cfg.dict_cache = super::dicts::dict_cache(&args.dicts);
    let stdin = std::io::stdin().lock();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut lines = stdin.lines().enumerate();
    let mut failed = 0usize;
    let mut batch: Vec<(usize, String)> = Vec::with_capacity(BATCH);
    loop {
        batch.clear();
        for (k, line) in lines.by_ref() {
            let line = line.with_context(|| format!("standard input, line {}", k + 1))?;
            // Blank lines are no records (a trailing newline, a separator).
            if line.trim().is_empty() {
                continue;
            }
            batch.push((k + 1, line));
            if batch.len() == BATCH {
                break;
            }
        }
        if batch.is_empty() {
            break;
        }
        let results: Vec<_> = batch
            .par_iter()
            .map(|(n, line)| align_line(line, *n, &cfg))
            .collect();
        for ((n, _), r) in batch.iter().zip(&results) {
            failed += usize::from(r.is_error());
            if r.band_limited {
                super::build::warn_band_limited(
                    &format!("standard input, line {n} (record {})", r.id),
                    cfg.align.search.band_limit,
                );
            }
            serde_json::to_writer(&mut out, r)?;
            out.write_all(b"\n")?;
        }
        out.flush()?;
    }
    if failed > 0 {
        eprintln!("mizan: {failed} record(s) failed; their lines say why");
    }
    Ok(Outcome::from_skips(failed))
}
