//! Arguments of `mizan tmx ...`, as clap parses them.

use clap::{Args, Subcommand, ValueEnum};
use std::path::PathBuf;

/// The `mizan tmx` subcommands.
#[derive(Debug, Subcommand)]
pub enum TmxCommand {
    /// Count a memory's units, languages, props, duplicates and sources
    /// translated in more than one way.
    Stats(StatsArgs),
    /// Merge memories into one, removing exact duplicates (the prop
    /// `x-mizan-count` keeps how many there were).
    Merge(MergeArgs),
    /// Keep the units of a memory that pass every condition given.
    Filter(FilterArgs),
    /// Write a memory's units for one language pair as TSV, CSV, JSON
    /// lines, Moses text or XLIFF 2.0.
    Convert(ConvertArgs),
}

/// How TMX files are read, for every `tmx` subcommand.
#[derive(Debug, Args)]
pub struct TmxReadArgs {
    /// Keep the content of inline codes (`<bpt>`, `<ept>`, `<ph>`, `<it>`,
    /// `<ut>`: the original document's formatting codes) as text; by
    /// default it is left out and only the text around it is kept.
    #[arg(long)]
    pub keep_inline: bool,
}

/// Character encodings of TMX output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutEncoding {
    /// UTF-8 without a byte order mark.
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    /// UTF-16 little-endian with a byte order mark, as memoQ writes.
    #[value(name = "utf-16", alias = "utf16", alias = "utf-16le")]
    Utf16,
}

/// Where and how a TMX file is written.
#[derive(Debug, Args)]
pub struct TmxOutArgs {
    /// The TMX file to write (standard output when left out); a name
    /// ending in `.gz` is compressed with gzip.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Character encoding of the TMX file.
    #[arg(long = "tmx-encoding", value_enum, default_value_t = OutEncoding::Utf8)]
    pub encoding: OutEncoding,
}

/// Arguments of `mizan tmx stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// TMX files (UTF-8 or UTF-16, `.tmx.gz` too); several are counted
    /// together.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Print the counts as JSON.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub read: TmxReadArgs,
}

/// Conflict policies of `mizan tmx merge`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ConflictPolicy {
    /// Keep every translation of a source.
    KeepAll,
    /// Keep the translation of the earliest file.
    First,
    /// Keep the translation of the latest file.
    Last,
    /// Keep the translation with the highest x-mizan-score.
    BestScore,
}

/// Arguments of `mizan tmx merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// TMX files to merge, in order of precedence for `--conflicts first`.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub out: TmxOutArgs,
    /// What to do when one source text has different translations.
    #[arg(long, value_enum, default_value_t = ConflictPolicy::KeepAll)]
    pub conflicts: ConflictPolicy,
    /// The source language (default: the files' srclang, which must then
    /// be the same in all).
    #[arg(long, value_name = "TAG")]
    pub src_lang: Option<String>,
    #[command(flatten)]
    pub read: TmxReadArgs,
}

/// Arguments of `mizan tmx filter`.
#[derive(Debug, Args)]
pub struct FilterArgs {
    /// The TMX file to filter.
    pub file: PathBuf,
    #[command(flatten)]
    pub out: TmxOutArgs,
    /// Keep units whose x-mizan-score is at least this (units without a
    /// score are left out).
    #[arg(long, value_name = "SCORE")]
    pub min_score: Option<f64>,
    /// Keep units whose x-mizan-score is at most this (to review the
    /// doubtful ones).
    #[arg(long, value_name = "SCORE")]
    pub max_score: Option<f64>,
    /// Keep units of this link shape (x-mizan-bead, e.g. `1-1`);
    /// repeatable.
    #[arg(long = "bead", value_name = "SHAPE")]
    pub beads: Vec<String>,
    /// Keep only these languages' variants, and only units that have each
    /// of them (`--lang ar --lang en` makes a bilingual memory of a
    /// trilingual one); repeatable.
    #[arg(long = "lang", value_name = "TAG")]
    pub langs: Vec<String>,
    /// Keep units of this document (x-mizan-document); repeatable.
    #[arg(long = "document", value_name = "NAME")]
    pub documents: Vec<String>,
    /// Keep units with this prop, e.g. `--prop x-mizan-bead=1-1`;
    /// repeatable (all must hold).
    #[arg(long = "prop", value_name = "TYPE=VALUE")]
    pub props: Vec<String>,
    #[command(flatten)]
    pub read: TmxReadArgs,
}

/// Formats of `mizan tmx convert`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ConvertFormat {
    /// Tab-separated: document, bead, score, source, target.
    Tsv,
    /// Comma-separated, with the same columns.
    Csv,
    /// One JSON object a line.
    Jsonl,
    /// Moses parallel text: `PREFIX.SRC` and `PREFIX.TGT` (needs -o).
    Moses,
    /// XLIFF 2.0, one file element per document.
    Xliff,
}

/// Arguments of `mizan tmx convert`.
#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// The TMX file to convert.
    pub file: PathBuf,
    /// Output format.
    #[arg(short, long, value_enum)]
    pub format: ConvertFormat,
    /// Where to write (standard output when left out; for moses, the
    /// common prefix of the two files).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Source language (default: the header's srclang).
    #[arg(long, value_name = "TAG")]
    pub src_lang: Option<String>,
    /// Target language (default: the first other language of the file;
    /// give it for a memory with three languages).
    #[arg(long, value_name = "TAG")]
    pub tgt_lang: Option<String>,
    #[command(flatten)]
    pub read: TmxReadArgs,
}
