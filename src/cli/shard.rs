//! `build --shard`: the edges files of a shard of a corpus, one per
//! language, instead of memories.

use super::build::one_line;
use super::outdir::OutDir;
use super::output::Sink;
use anyhow::{Context, Result};
use mizan::build::Corpus;
use mizan::pair::{shard_edges, Article, PairConfig, Shard};
use mizan::Lang;
use std::io::Write;

/// `build --shard`: one language's scored candidates for the shard's
/// Arabic articles, as `ar-LANG.edges`.
pub fn write_build_edges(
    out: &mut OutDir,
    corpus: &Corpus,
    lang: &Lang,
    others: &[Article],
    cfg: &PairConfig,
    shard: Shard,
) -> Result<()> {
    let mut edges = shard_edges(&corpus.ar, others, cfg, shard);
    edges.skipped = corpus
        .skipped
        .iter()
        .filter(|(l, _)| *l == Lang::Ar || l == lang)
        .map(|(l, s)| (l.code().to_string(), s.id.clone(), one_line(&s.reason)))
        .collect();
    let file = format!("ar-{}.edges", lang.code());
    let mut text = Vec::new();
    edges.write(&mut text)?;
    let mut sink = Sink::open(Some(&out.file(&file)))?;
    sink.write_all(&text)?;
    sink.commit()
        .with_context(|| format!("{}: cannot write", out.final_path(&file).display()))?;
    let n_cands: usize = edges.src.iter().map(|s| s.cands.len()).sum();
    eprintln!(
        "mizan: ar-{lang}, shard {shard}: {} of {} Arabic articles, {n_cands} candidate pairs",
        edges.src.len(),
        corpus.ar.len()
    );
    Ok(())
}
