//! The arguments of `mizan build`: its own flags, the extra formats it
//! writes and the form of its translation memories for CAT tools. Apart
//! from the other commands' because `build` has the most flags of all;
//! the groups it shares with `align` stay in [`super`].

use super::{DictArgs, MethodArgs, ReadArgs};
use crate::cli::build_out::TRADOS_MAX_SEGMENT;
use crate::cli::tmx::args::OutEncoding;
use clap::{Args, ValueEnum};
use std::path::PathBuf;

/// Arguments of `mizan build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The corpus: a folder with `ar/` and `en/` and/or `ru/` folders of
    /// articles (text, Markdown, HTML, .docx or .odt; file names need not
    /// match across folders), or a JSONL file with one article a line:
    /// `{"id": .., "lang": .., "title": .., "date": .., "text": ..}` (title
    /// and date optional; `"html"` instead of `"text"` for a web page).
    pub corpus: PathBuf,
    /// Folder to write into: `ar-en.tmx`, `ar-en.tsv`, Moses text
    /// `ar-en.ar` and `ar-en.en`, the same for `ar-ru`, `pairs.tsv`,
    /// `unpaired.tsv` (articles without counterpart and files skipped,
    /// with the reason) and `summary.txt`.
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,
    /// Use these article pairs instead of finding them: a TSV file with the
    /// Arabic file name and its counterpart's a line (as `mizan pair`
    /// writes; a counterpart may be written `en/NAME` to say its folder).
    #[arg(long, value_name = "FILE")]
    pub pairs: Option<PathBuf>,
    /// A bilingual word list to use as extra evidence (TSV or dictd).
    #[arg(long, value_name = "FILE")]
    pub lexicon: Option<PathBuf>,
    /// Do not learn a translation lexicon from the corpus.
    #[arg(long)]
    pub no_lexicon: bool,
    /// Lexicon rounds: each learns the lexicon from the links of the
    /// round before and realigns with it.
    #[arg(long, value_name = "N", default_value_t = mizan::corpus::DEFAULT_LEXICON_ROUNDS as u8, value_parser = clap::value_parser!(u8).range(1..=5))]
    pub lexicon_rounds: u8,
    /// Also write the lexicon learned for each language pair
    /// (`ar-en.lexicon.tsv`, `ar-ru.lexicon.tsv`: source, target,
    /// p(target|source), p(source|target)); `--lexicon` reads it back, for
    /// pairing and aligning another corpus.
    #[arg(long)]
    pub lexicon_out: bool,
    /// A folder of lexicons that grow with every build, one per language
    /// pair (`ar-en.lexicon.tsv`, `ar-ru.lexicon.tsv`, as --lexicon-out
    /// names them): each helps align its pair (as --lexicon does), then
    /// the counts learned in this run are added to it, as `align
    /// --lexicon-update FILE` does for one pair. The folder and its files
    /// are made when missing.
    #[arg(long, value_name = "DIR")]
    pub lexicon_update: Option<PathBuf>,
    /// Leave out of every memory the links whose calibrated score (the
    /// estimated probability that a link is a correct translation unit)
    /// is below X, between 0 and 1; the summary counts them.
    #[arg(long, value_name = "X")]
    pub min_score: Option<f64>,
    #[command(flatten)]
    pub dicts: DictArgs,
    /// Language tag to write into the TMX for a language, e.g.
    /// `--lang-tag ar=ar-SA` (repeatable).
    #[arg(long, value_name = "LANG=TAG")]
    pub lang_tag: Vec<String>,
    /// Worker threads (default: one per core). The output is the same
    /// whatever the number.
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// No progress bars (they are shown only on a terminal anyway). The
    /// summary and warnings are still printed on standard error.
    #[arg(short, long)]
    pub quiet: bool,
    #[command(flatten)]
    pub read: ReadArgs,
    /// Stop at the first file that cannot be used (unreadable, empty,
    /// binary, undecodable, in the wrong language) instead of skipping it
    /// with a warning.
    #[arg(long)]
    pub strict: bool,
    #[command(flatten)]
    pub align: BuildAlignArgs,
    #[command(flatten)]
    pub cat: CatArgs,
}

/// Extra outputs of `mizan build` (the TMX is always written).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BuildFormat {
    /// Nothing besides the TMX (the same as leaving every other out).
    Tmx,
    /// `ar-en.tsv`: document, bead, score, source, target.
    Tsv,
    /// `ar-en.csv`, with the same columns.
    Csv,
    /// `ar-en.jsonl`: one JSON object a link.
    Jsonl,
    /// `ar-en.ar` and `ar-en.en`: Moses parallel text.
    Moses,
    /// `ar-en.xlf`: XLIFF 2.0, one file element per article pair.
    Xliff,
}

/// How `mizan build` splits and aligns, as for `mizan align`.
#[derive(Debug, Args)]
pub struct BuildAlignArgs {
    /// Extra outputs besides the TMX, separated by commas.
    #[arg(
        short,
        long,
        value_enum,
        value_delimiter = ',',
        default_value = "tsv,moses"
    )]
    pub format: Vec<BuildFormat>,
    /// The articles have one segment a line already: do not split
    /// sentences.
    #[arg(long)]
    pub presegmented: bool,
    #[command(flatten)]
    pub method: MethodArgs,
    /// Lowest score an article pair needs (as for `mizan pair`); below it
    /// both articles stay unpaired.
    #[arg(long, value_name = "SCORE")]
    pub threshold: Option<f64>,
    /// Pair only shard K of N of the Arabic articles, as `mizan pair
    /// --shard` does, and write nothing but each language's scored
    /// candidates (`ar-en.edges`, `ar-ru.edges`) into the output folder;
    /// `mizan pair-merge` makes the pairs from all N shards' files, the
    /// pairs one run finds. No alignment is done.
    #[arg(long, value_name = "K/N", conflicts_with = "pairs")]
    pub shard: Option<String>,
    /// Compare a dated Arabic article only with counterparts dated at most
    /// DAYS from it, as for `mizan pair` (JSONL `date`, or a file name
    /// starting with `YYYY-MM-DD`).
    #[arg(long, value_name = "DAYS")]
    pub date_block: Option<u32>,
    /// Compare an Arabic article only with counterparts holding one of its
    /// B rarest anchors, as for `mizan pair --anchor-block`.
    #[arg(long, value_name = "B", value_parser = clap::value_parser!(u32).range(1..))]
    pub anchor_block: Option<u32>,
    /// The counts pass of a sharded build: write each language's counts
    /// (`ar-en.counts`) and anchor index (`ar-en.anchor-index`) into the
    /// output folder and stop; build shards given `--counts` with that
    /// folder read only their block of the corpus.
    #[arg(long, conflicts_with_all = ["shard", "pairs"])]
    pub counts_out: bool,
    /// With `--shard`: the folder a counts pass (`--counts-out`) wrote.
    /// The shard reads only its own Arabic articles and each language's
    /// articles within its blocks (`--date-block`, and with
    /// `--anchor-block` those holding its articles' rarest anchors).
    #[arg(long, value_name = "DIR", requires = "shard")]
    pub counts: Option<PathBuf>,
}

/// The translation memories' form, for the CAT tool that imports them.
#[derive(Debug, Args)]
pub struct CatArgs {
    /// Leave out (and report) units with a side longer than this many
    /// characters; Trados refuses segments over 2,000. 0: no limit.
    #[arg(long, value_name = "N", default_value_t = TRADOS_MAX_SEGMENT)]
    pub max_seg_len: usize,
    /// Character encoding of the TMX files (utf-16: little-endian with a
    /// byte order mark, as memoQ writes).
    #[arg(long, value_enum, default_value_t = OutEncoding::Utf8)]
    pub tmx_encoding: OutEncoding,
    /// Compress the TMX files with gzip (`ar-en.tmx.gz`).
    #[arg(long)]
    pub gzip: bool,
    /// Write each memory in parts of at most N units (`ar-en.001.tmx`,
    /// `ar-en.002.tmx`, ...), for tools that import large files slowly.
    #[arg(long, value_name = "N")]
    pub split_every: Option<usize>,
    /// Give every unit `creationdate` and `changedate` (the build's date,
    /// which SOURCE_DATE_EPOCH sets).
    #[arg(long)]
    pub unit_dates: bool,
    /// Give every unit this `creationid` (the user or project shown as the
    /// unit's author in Trados and memoQ).
    #[arg(long, value_name = "ID")]
    pub creation_id: Option<String>,
    /// Also write `ar-en-ru.tmx`: units in Arabic, English and Russian
    /// where an Arabic segment run is aligned with the same boundaries in
    /// both language pairs.
    #[arg(long)]
    pub multilingual: bool,
}
