//! The arguments of `mizan pair` and `mizan pair-merge`: pairing articles,
//! and the sharding and blocking that let a large collection be paired in
//! parts (docs/SCALING.md).

use super::ReadArgs;
use clap::Args;
use std::path::PathBuf;

/// Arguments of `mizan pair`.
#[derive(Debug, Args)]
pub struct PairArgs {
    /// Folder of Arabic articles.
    pub ar_dir: PathBuf,
    /// Folder of articles in the other language.
    pub other_dir: PathBuf,
    /// Where to write the pairs (`ar_file<TAB>other_file<TAB>score`);
    /// standard output by default.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also write the articles without counterpart here
    /// (`side<TAB>file`); they are always listed on standard error.
    #[arg(long, value_name = "FILE")]
    pub unpaired: Option<PathBuf>,
    /// A bilingual word list (TSV or dictd, as for `align --lexicon`) whose
    /// translations count as shared evidence between articles.
    #[arg(long, value_name = "FILE")]
    pub lexicon: Option<PathBuf>,
    /// Lowest score a pair needs; below it both articles stay unpaired.
    #[arg(long, value_name = "SCORE")]
    pub threshold: Option<f64>,
    #[command(flatten)]
    pub shard: ShardArgs,
    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    #[command(flatten)]
    pub read: ReadArgs,
    /// Stop at the first file that cannot be used (unreadable, empty,
    /// binary, undecodable, in the wrong language) instead of skipping it
    /// with a warning.
    #[arg(long)]
    pub strict: bool,
}

/// Sharding and blocking of `mizan pair`.
#[derive(Debug, Args)]
pub struct ShardArgs {
    /// Score only shard K of N of the Arabic articles (those whose file
    /// name hashes to K; a fixed hash, the same on every machine) and write
    /// their scored candidates to `--edges-out`; `mizan pair-merge` makes
    /// the pairs from all N files, exactly those of one run. Without
    /// `--counts` every shard reads both folders whole (see
    /// docs/SCALING.md).
    #[arg(long, value_name = "K/N", requires = "edges_out")]
    pub shard: Option<String>,
    /// Where a shard writes its edges (`--shard`); without `--shard` the
    /// run is shard 1/1.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["output", "unpaired"])]
    pub edges_out: Option<PathBuf>,
    /// Compare a dated Arabic article only with counterparts dated at most
    /// DAYS from it (undated articles are compared with all). A file name
    /// starting with `YYYY-MM-DD` dates an article. A true pair published
    /// further apart is lost.
    #[arg(long, value_name = "DAYS")]
    pub date_block: Option<u32>,
    /// Cut shards by date instead of by file name: a dated Arabic article
    /// falls in shard (its day since 1970-01-01 divided by DAYS) modulo N,
    /// so that a shard holds runs of DAYS days and, with `--counts` and
    /// `--date-block`, reads only the other side's articles near them.
    /// Undated articles still go by their name's hash. Every shard and the
    /// merge must be given the same DAYS.
    #[arg(long, value_name = "DAYS", requires = "shard", value_parser = clap::value_parser!(u32).range(1..))]
    pub shard_days: Option<u32>,
    /// Write the counts of the whole collection (every article's length
    /// and date, every anchor key's document frequency on each side) to
    /// FILE and stop: the first pass of a sharded run whose shards read
    /// only part of the collection (`--counts`).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["output", "unpaired", "edges_out", "shard"])]
    pub counts_out: Option<PathBuf>,
    /// With `--shard`: take the collection's statistics from a counts
    /// file (`--counts-out`) and read only this shard's Arabic articles
    /// and, with `--date-block`, the other side's articles within its
    /// dates (undated ones always), with `--anchor-block` and
    /// `--anchor-index` those holding its articles' rarest anchors. A
    /// counts pass run with `--lexicon` needs the same `--lexicon` here.
    #[arg(long, value_name = "FILE", requires = "edges_out")]
    pub counts: Option<PathBuf>,
    /// Compare an Arabic article only with counterparts holding one of
    /// its B rarest anchors (the indexed keys found in the fewest articles
    /// of the other side). A true pair sharing none of them is lost. With
    /// `--counts` and `--anchor-index`, a shard reads only the other
    /// side's articles holding its articles' rarest anchors.
    #[arg(long, value_name = "B", value_parser = clap::value_parser!(u32).range(1..))]
    pub anchor_block: Option<u32>,
    /// With `--counts-out`: also write the inverted index of the other
    /// side's rare anchors (which articles hold each one) to FILE, for
    /// shards blocked by `--anchor-block` (`--anchor-index`).
    #[arg(long, value_name = "FILE", requires = "counts_out")]
    pub anchor_index_out: Option<PathBuf>,
    /// With `--counts` and `--anchor-block`: the anchor index the counts
    /// pass wrote (`--anchor-index-out`), so that the shard reads only the
    /// other side's articles holding its Arabic articles' rarest anchors.
    #[arg(long, value_name = "FILE", requires_all = ["counts", "anchor_block"])]
    pub anchor_index: Option<PathBuf>,
}

/// Arguments of `mizan pair-merge`.
#[derive(Debug, Args)]
pub struct PairMergeArgs {
    /// The edges files of every shard of one run, in any order.
    #[arg(required = true)]
    pub edges: Vec<PathBuf>,
    /// Where to write the pairs, as `mizan pair -o` does; standard output
    /// by default.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also write the articles without counterpart here, as `mizan pair
    /// --unpaired` does.
    #[arg(long, value_name = "FILE")]
    pub unpaired: Option<PathBuf>,
}
