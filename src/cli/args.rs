//! Command-line arguments as clap parses them. Every flag's help text is
//! written here (or in [`build`] and [`pair`], for the commands with the
//! most flags), once, for a translator reading `--help`.

pub mod build;
pub mod pair;

pub use build::{BuildArgs, BuildFormat, CatArgs};
pub use pair::{PairArgs, PairMergeArgs};

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// mizan builds translation memories from news articles: it splits
/// articles into sentences, links each sentence with its translation, and
/// writes TMX for CAT tools (OmegaT, Trados, memoQ) or tables for review.
#[derive(Debug, Parser)]
#[command(name = "mizan", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Align an article with its translation (or two folders of articles
    /// with the same file names) and write the sentence pairs.
    Align(AlignArgs),
    /// Build translation memories from a corpus: pair each Arabic article
    /// with its English/Russian counterpart, split and align them, and
    /// write TMX and TSV files with a summary.
    Build(BuildArgs),
    /// Find which article of another language is the counterpart of each
    /// Arabic article (or that it has none).
    Pair(PairArgs),
    /// Make the pairs of a sharded pairing from its shards' edges files
    /// (`mizan pair --shard K/N --edges-out FILE`): the same pairs as one
    /// `mizan pair` run over the whole collection.
    PairMerge(PairMergeArgs),
    /// Split an article into sentences, one a line.
    Segment(SegmentArgs),
    /// Write a translation memory from the corrections exported by a
    /// review page (`align -f html`, or `review-ar-en.html` from `build`):
    /// the texts are read again and must be the ones reviewed; corrected
    /// and approved links score 1 and carry `x-mizan-reviewed`.
    #[command(alias = "apply-review")]
    Apply(ApplyArgs),
    /// Write a translation memory (or table) from the JSON results of
    /// `mizan align --jsonl` workers; records that failed are counted and
    /// left out.
    Collect(CollectArgs),
    /// Score an alignment against a hand-made (gold) one.
    Eval(EvalArgs),
    /// Score sentence splitting against gold sentences: boundary
    /// precision, recall and F1.
    EvalSegments(EvalSegmentsArgs),
    /// Work on translation memories: count, merge, filter, convert.
    #[command(subcommand)]
    Tmx(super::tmx::args::TmxCommand),
    /// List the bilingual dictionaries mizan finds (dictd files such as
    /// Debian's dict-freedict-* and mueller7-dict), their languages and
    /// entry counts, and the language pairs they serve.
    Dicts(DictsArgs),
}

/// Which of the system's bilingual dictionaries to use, for every command
/// that aligns.
#[derive(Debug, Args)]
pub struct DictArgs {
    /// Do not use the bilingual dictionaries installed on the system
    /// (dictd files in /usr/share/dictd, or the folders of
    /// MIZAN_DICT_PATH, and --dict-dir); --lexicon still works.
    #[arg(long)]
    pub no_dict: bool,
    /// Also look for dictd dictionaries (FreeDict `freedict-ara-eng.index`
    /// with `.dict.dz`, Mueller `mueller7.index`) in this folder
    /// (repeatable). See `mizan dicts`.
    #[arg(long, value_name = "DIR")]
    pub dict_dir: Vec<PathBuf>,
    /// Read the dictionaries afresh instead of from mizan's cache of them
    /// ($XDG_CACHE_HOME/mizan or ~/.cache/mizan, or the folder named by
    /// MIZAN_DICT_CACHE; empty or `off` there turns the cache off too).
    /// The cache is remade whenever a dictionary file or mizan changes.
    #[arg(long)]
    pub no_dict_cache: bool,
}

/// Arguments of `mizan dicts`.
#[derive(Debug, Args)]
pub struct DictsArgs {
    #[command(flatten)]
    pub dicts: DictArgs,
}

/// Output formats of `mizan align`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// TMX 1.4b translation memory, for CAT tools.
    Tmx,
    /// Tab-separated table: document, bead, score, source, target.
    Tsv,
    /// Comma-separated table with the same columns as tsv.
    Csv,
    /// Sentence numbers, one link a line, as in gold files:
    /// `[0]:[0, 1]:0.9731` (0-based; `[]` for no counterpart).
    Beads,
    /// One JSON object a line per link.
    Jsonl,
    /// Moses parallel text for MT training: two files, `PREFIX.ar` and
    /// `PREFIX.en` (the languages' codes), one translation unit a line;
    /// needs `-o PREFIX`.
    Moses,
    /// A review page: one self-contained HTML file that shows the
    /// alignment side by side, with scores, flags and anchors, and lets
    /// you correct it and export the corrections for `mizan apply`.
    Html,
}

/// Arguments of `mizan align`.
#[derive(Debug, Args)]
pub struct AlignArgs {
    /// The source article (Arabic, usually): plain text, Markdown, HTML,
    /// .docx or .odt; or a folder of articles.
    #[arg(required_unless_present = "jsonl")]
    pub src: Option<PathBuf>,
    /// The translated article, or a folder holding translations under the
    /// same file names as in the source folder.
    #[arg(required_unless_present = "jsonl")]
    pub tgt: Option<PathBuf>,
    /// Stream mode, for running under Spark, GNU parallel or a job array:
    /// read one JSON record a line on standard input
    /// (`{"id", "src", "tgt"}`, optional `"src_lang"`, `"tgt_lang"`,
    /// `"date"`, and `"presegmented": true` with arrays of segments) and
    /// write one JSON result a line, in input order: the links, or
    /// `{"id", "error": {"kind", "message"}}`. Exit code 3 when any record
    /// failed. `mizan collect` turns the results into a memory. Options
    /// that name files, languages or outputs of a single run are refused
    /// here: each record carries its own.
    #[arg(long, conflicts_with_all = [
        "src", "tgt", "output", "explain", "format", "presegmented", "src_lang", "tgt_lang",
        "lang_tag", "srx", "lexicon_out", "lexicon_update", "min_score", "dump_features",
        "encoding", "strict",
    ])]
    pub jsonl: bool,
    /// Where to write the result; `-` or nothing writes to standard output.
    /// The file appears only when the whole run succeeds.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = Format::Tmx)]
    pub format: Format,
    /// The input has one segment a line already: do not split sentences.
    /// Segment numbers in `beads` output are then line numbers (0-based).
    #[arg(long)]
    pub presegmented: bool,
    /// Language of the source (ar, en, ru, or another ISO 639 code);
    /// detected from the script when left out.
    #[arg(long, value_name = "LANG")]
    pub src_lang: Option<String>,
    /// Language of the target; detected from the script when left out.
    #[arg(long, value_name = "LANG")]
    pub tgt_lang: Option<String>,
    /// Language tag to write into the TMX for a language, e.g.
    /// `--lang-tag ar=ar-SA --lang-tag en=en-GB`. Defaults: the language
    /// code itself (ar, en, ru).
    #[arg(long, value_name = "LANG=TAG")]
    pub lang_tag: Vec<String>,
    #[command(flatten)]
    pub method: MethodArgs,
    /// Do not learn a translation lexicon from the documents (align in one
    /// round, by length and anchors only).
    #[arg(long)]
    pub no_lexicon: bool,
    /// Lexicon rounds: each learns the lexicon from the links of the
    /// round before and realigns with it.
    #[arg(long, value_name = "N", default_value_t = mizan::corpus::DEFAULT_LEXICON_ROUNDS as u8, value_parser = clap::value_parser!(u8).range(1..=5))]
    pub lexicon_rounds: u8,
    /// A bilingual word list to use as extra evidence: a TSV file
    /// (`source<TAB>target[<TAB>weight]` a line) or a dictd dictionary
    /// (`.index` with `.dict` or `.dict.dz`, as in FreeDict).
    #[arg(long, value_name = "FILE")]
    pub lexicon: Option<PathBuf>,
    /// Write the translation lexicon learned from the documents to this
    /// TSV file (source, target, p(target|source), p(source|target),
    /// count: how often the pair was linked).
    #[arg(long, value_name = "FILE")]
    pub lexicon_out: Option<PathBuf>,
    /// A lexicon that grows with every run: its entries help this run (as
    /// with --lexicon), then the counts learned here are added to it and
    /// its probabilities estimated again from all runs. Made when it does
    /// not exist yet.
    #[arg(long, value_name = "FILE")]
    pub lexicon_update: Option<PathBuf>,
    #[command(flatten)]
    pub dicts: DictArgs,
    /// Instead of the alignment, print a readable account of it: for each
    /// link, the parts of its cost (length, shape, anchors) and the anchors
    /// both sides share, so you can see why sentences were paired.
    #[arg(long)]
    pub explain: bool,
    /// Leave out of the output every link whose calibrated score (the
    /// estimated probability that it is a correct translation unit) is
    /// below X, between 0 and 1; the summary counts them.
    #[arg(long, value_name = "X")]
    pub min_score: Option<f64>,
    /// Also write the confidence model's features of every link to this
    /// TSV file, for refitting the model (scripts/fit-confidence.py).
    #[arg(long, value_name = "FILE")]
    pub dump_features: Option<PathBuf>,
    #[command(flatten)]
    pub read: ReadArgs,
    /// Stop at the first file that cannot be used (unreadable, empty,
    /// binary, undecodable, in the wrong language) instead of skipping it
    /// with a warning.
    #[arg(long)]
    pub strict: bool,
    /// Align even when both sides are in the same language (two versions
    /// of one text); otherwise that is an error, as it usually means the
    /// wrong file was given.
    #[arg(long)]
    pub allow_same_language: bool,
}

/// How `align` and `build` split and align, the same for both.
#[derive(Debug, Args)]
pub struct MethodArgs {
    /// Sentence-splitting rules from an SRX 2.0 file (as exported by CAT
    /// tools) instead of mizan's own rules.
    #[arg(long, value_name = "FILE")]
    pub srx: Option<PathBuf>,
    /// Align by sentence length alone, ignoring numbers, dates, names and
    /// other anchors (for comparison).
    #[arg(long)]
    pub no_anchors: bool,
    /// Alignment passes. Each pass after the first re-estimates how much
    /// longer the translation runs and how much of either side has no
    /// counterpart, from the confident links of the pass before; this
    /// matters when one article is a shortened version of the other.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u8).range(1..=10))]
    pub passes: u8,
    /// Most cells a row, on average, the search may widen to while the
    /// best path keeps running along the edge of its band, which happens
    /// when the two sides are not translations of each other. By default
    /// 1024, and the whole matrix for pairs of up to 4 million sentence
    /// pairs. A lower limit bounds time and memory on such input; the
    /// alignment is then the best inside the limit, with a warning.
    #[arg(long, value_name = "CELLS", value_parser = clap::value_parser!(u32).range(1..))]
    pub band_limit: Option<u32>,
}

/// Arguments of `mizan segment`.
#[derive(Debug, Args)]
pub struct SegmentArgs {
    /// The article to split.
    pub file: PathBuf,
    /// Its language; detected from the script when left out.
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
    /// Sentence-splitting rules from an SRX 2.0 file instead of mizan's own.
    #[arg(long, value_name = "FILE")]
    pub srx: Option<PathBuf>,
    /// Where to write the sentences; standard output by default.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub read: ReadArgs,
}

/// Where and how `apply` and `collect` write the memory.
#[derive(Debug, Args)]
pub struct MemoryArgs {
    /// Output file (standard output if not given); with `-f moses` the
    /// prefix of the two files.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Output format (every format of `align` but html).
    #[arg(short, long, value_enum, default_value_t = Format::Tmx)]
    pub format: Format,
    /// Language tag to write into the TMX for a language, e.g.
    /// `--lang-tag ar=ar-SA` (repeatable).
    #[arg(long, value_name = "LANG=TAG")]
    pub lang_tag: Vec<String>,
}

/// Arguments of `mizan apply`.
#[derive(Debug, Args)]
pub struct ApplyArgs {
    /// The review file the review page exported
    /// (`review-corrections.json`).
    pub review: PathBuf,
    #[command(flatten)]
    pub out: MemoryArgs,
}

/// Arguments of `mizan collect`.
#[derive(Debug, Args)]
pub struct CollectArgs {
    /// Result files of `mizan align --jsonl` (standard input when none, or
    /// `-`).
    pub results: Vec<PathBuf>,
    #[command(flatten)]
    pub out: MemoryArgs,
}

/// Arguments of `mizan eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Gold alignment: a bead file (`[0]:[0, 1]` a line) or a folder of
    /// `*.gold` files. Repeat together with --test to pool several files.
    #[arg(long, value_name = "GOLD", required = true)]
    pub gold: Vec<PathBuf>,
    /// The alignment to score, in the same format (a trailing `:score` is
    /// ignored), or a folder holding one file per gold file with the same
    /// name stem.
    #[arg(long, value_name = "TEST", required = true)]
    pub test: Vec<PathBuf>,
    /// Print the figures as JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `mizan eval-segments`.
#[derive(Debug, Args)]
pub struct EvalSegmentsArgs {
    /// Folder of articles, one `DOC.txt` for each document in the gold file.
    pub articles: PathBuf,
    /// Gold sentences: a tab-separated file whose first column names the
    /// document and whose other columns hold its sentences in order.
    pub gold: PathBuf,
    /// Which column of the gold file holds this language's sentences
    /// (1 is the first after the document name).
    #[arg(long, default_value_t = 1)]
    pub column: usize,
    /// Language of the articles; detected from the first article when left
    /// out.
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
    /// Sentence-splitting rules from an SRX 2.0 file instead of mizan's own.
    #[arg(long, value_name = "FILE")]
    pub srx: Option<PathBuf>,
    /// Print the figures as JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// How articles are read, for every command that reads them.
#[derive(Debug, Args)]
pub struct ReadArgs {
    /// Text encoding of the articles (plain text, Markdown, HTML), e.g.
    /// `windows-1256`, `iso-8859-6`, `windows-1251`, `koi8-r`, `utf-16le`;
    /// detected when left out (a byte order mark always wins).
    #[arg(long, value_name = "ENCODING")]
    pub encoding: Option<String>,
    /// Say, for each article, how it was read: format, encoding, language.
    #[arg(short, long)]
    pub verbose: bool,
}
