//! Building translation memories from a corpus of articles: pair the
//! Arabic articles with their counterparts, split them into sentences and
//! align them. Writing the results is the caller's business (see
//! [`crate::write`]); this module only computes them.

use crate::align::Bead;
use crate::aligner::{AlignConfig, Side};
use crate::corpus::{align_corpus_with_progress, LearnedLexicon, LexiconConfig};
use crate::error::{Error, Result};
use crate::input::ReadOptions;
use crate::lang::Lang;
use crate::pair::{
    load_dir_lenient, load_jsonl, pair_articles, Article, PairConfig, ReadInfo, Skipped,
};
use crate::segment::{segment_text, Segmenter};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The articles of a corpus, by language.
#[derive(Debug, Default)]
pub struct Corpus {
    /// Arabic articles.
    pub ar: Vec<Article>,
    /// Counterparts by language (`en`, `ru`, ...), in a stable order.
    pub others: Vec<(Lang, Vec<Article>)>,
    /// Files of the corpus folders left out, with their folder's language.
    pub skipped: Vec<(Lang, Skipped)>,
    /// How each article of the corpus folders was read, with its language.
    pub read: Vec<(Lang, ReadInfo)>,
}

/// Reads a corpus: a folder holding `ar/` and `en/` and/or `ru/` (any
/// other two- or three-letter folder is read as that language), or a JSONL
/// file with one article a line (`id`, `lang`, `title`?, `date`?, `text`
/// or `html`). The first file of a folder that cannot be used is an error,
/// as is a corpus without Arabic articles or without any other language.
pub fn load_corpus(path: &Path) -> Result<Corpus> {
    let corpus = load_corpus_lenient(path, &ReadOptions::default())?;
    if let Some((_, s)) = corpus.skipped.first() {
        return Err(s.error.clone());
    }
    corpus.check(path)?;
    Ok(corpus)
}

impl Corpus {
    /// Fails when the corpus has no Arabic articles, or no articles in any
    /// other language.
    pub fn check(&self, path: &Path) -> Result<()> {
        if self.ar.is_empty() {
            return Err(Error::config(
                "the corpus holds no Arabic articles (an ar/ folder or lines with \"lang\": \"ar\")",
            )
            .with_path(path));
        }
        if self.others.iter().all(|(_, v)| v.is_empty()) {
            return Err(Error::config(
                "the corpus holds no articles in another language (such as en/ or ru/ folders)",
            )
            .with_path(path));
        }
        Ok(())
    }
}

/// Reads a corpus as [`load_corpus`] does, but a file of a folder that
/// cannot be used (unreadable, empty, binary, undecodable, or in another
/// script than its folder's language) is left out and listed in
/// [`Corpus::skipped`], and an empty corpus is not an error (see
/// [`Corpus::check`]).
pub fn load_corpus_lenient(path: &Path, opts: &ReadOptions) -> Result<Corpus> {
    load_corpus_with(path, opts, true)
}

/// [`load_corpus_lenient`], but the articles of a folder corpus come
/// with empty texts (each file is read and checked, and its text
/// dropped; see [`crate::pair::load_dir_listing`]), for a pass that reads
/// them again a batch at a time from [`language_folder`]. A JSONL corpus
/// is read whole, as [`load_corpus_lenient`] reads it.
pub fn load_corpus_listing(path: &Path, opts: &ReadOptions) -> Result<Corpus> {
    load_corpus_with(path, opts, false)
}

/// The folder of a folder corpus that holds the articles in `lang`: the
/// first subfolder, by name, whose name reads as that language (`en`,
/// `eng`, `en-GB`), as [`load_corpus_lenient`] finds it.
pub fn language_folder(corpus: &Path, lang: &Lang) -> Result<PathBuf> {
    let mut names: Vec<String> = std::fs::read_dir(corpus)
        .map_err(|e| Error::io(&e).with_path(corpus))?
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let name = names
        .into_iter()
        .find(|n| Lang::parse(n).is_ok_and(|l| l == *lang))
        .unwrap_or_else(|| lang.code().to_string());
    Ok(corpus.join(name))
}

fn load_corpus_with(path: &Path, opts: &ReadOptions, keep_text: bool) -> Result<Corpus> {
    let mut corpus = Corpus::default();
    if path.is_file() {
        let mut by_lang: Vec<(Lang, Vec<Article>)> = Vec::new();
        for a in load_jsonl(path)? {
            if a.lang == Lang::Ar {
                corpus.ar.push(a);
            } else if let Some((_, v)) = by_lang.iter_mut().find(|(l, _)| *l == a.lang) {
                v.push(a);
            } else {
                by_lang.push((a.lang.clone(), vec![a]));
            }
        }
        by_lang.sort_by(|a, b| a.0.cmp(&b.0));
        corpus.others = by_lang;
    } else if path.is_dir() {
        let mut names: Vec<String> = std::fs::read_dir(path)
            .map_err(|e| Error::io(&e).with_path(path))?
            .filter_map(|e| e.ok())
            .filter(|e| e.path().is_dir())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        for name in names {
            let Ok(lang) = Lang::parse(&name) else {
                continue;
            };
            let folder = path.join(&name);
            let loaded = if keep_text {
                load_dir_lenient(&folder, Some(&lang), opts)?
            } else {
                crate::pair::load_dir_listing(&folder, Some(&lang), opts)?
            };
            let articles = loaded.articles;
            corpus
                .skipped
                .extend(loaded.skipped.into_iter().map(|s| (lang.clone(), s)));
            corpus
                .read
                .extend(loaded.read.into_iter().map(|r| (lang.clone(), r)));
            if lang == Lang::Ar {
                corpus.ar = articles;
            } else {
                corpus.others.push((lang, articles));
            }
        }
    } else {
        return Err(Error::io(&std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "no such file or folder",
        ))
        .with_path(path));
    }
    Ok(corpus)
}

/// One aligned article pair.
#[derive(Debug, Clone)]
pub struct BuiltDoc {
    /// Index of the Arabic article in [`Corpus::ar`].
    pub src: usize,
    /// Index of its counterpart in the other language's list.
    pub tgt: usize,
    /// The pairing score (1 for pairs given by the user).
    pub pair_score: f64,
    /// Arabic sentences, exactly as in the article.
    pub src_sentences: Vec<String>,
    /// The counterpart's sentences.
    pub tgt_sentences: Vec<String>,
    /// The alignment.
    pub beads: Vec<Bead>,
    /// Whether the search stopped at its size limit (see
    /// [`crate::aligner::Alignment::band_limited`]).
    pub band_limited: bool,
    /// The anchors that tie the two sides of each bead.
    pub anchors: Vec<Vec<crate::anchors::AnchorMatch>>,
}

/// The result for one language pair (Arabic and one other language).
#[derive(Debug)]
pub struct LanguageBuild {
    /// The other language.
    pub lang: Lang,
    /// Aligned pairs, in the order of the Arabic articles.
    pub docs: Vec<BuiltDoc>,
    /// Arabic articles without counterpart in this language.
    pub unpaired_src: Vec<usize>,
    /// Articles of this language without Arabic counterpart.
    pub unpaired_tgt: Vec<usize>,
    /// Whether a lexicon was learned and used in a second pass.
    pub lexicon_used: bool,
    /// The lexicon learned from this language pair's documents, if any.
    pub lexicon: Option<LearnedLexicon>,
}

/// What the stages report as they go, for progress bars.
pub trait Progress: Sync {
    /// A stage starts with this many steps.
    fn start(&self, stage: &str, steps: usize);
    /// One step is done.
    fn tick(&self);
    /// The stage is over.
    fn finish(&self);
}

/// A [`Progress`] that shows nothing.
#[derive(Debug, Default, Clone, Copy)]
pub struct Silent;

impl Progress for Silent {
    fn start(&self, _: &str, _: usize) {}
    fn tick(&self) {}
    fn finish(&self) {}
}

/// How the articles of a build are split into segments.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Segmentation {
    /// mizan's own sentence rules for each language.
    #[default]
    Rules,
    /// The rules of an SRX 2.0 file.
    Srx(PathBuf),
    /// The articles have one segment a line already: no splitting.
    Lines,
}

impl Segmentation {
    /// The sentence splitter for articles in `lang`, or `None` when the
    /// articles have one segment a line already.
    pub fn splitter(&self, lang: &Lang) -> Result<Option<Segmenter>> {
        Ok(match self {
            Segmentation::Rules => Some(Segmenter::new(lang)),
            Segmentation::Srx(path) => Some(Segmenter::from_srx(path, lang)?),
            Segmentation::Lines => None,
        })
    }
}

/// An article's segments, as a build splits it: its sentences, or its
/// lines when there is no splitter.
pub fn split_article(text: &str, splitter: Option<&Segmenter>) -> Vec<String> {
    match splitter {
        Some(seg) => segment_text(text, seg),
        None => crate::input::lines(text),
    }
}

/// Settings of a build.
#[derive(Debug, Clone, Default)]
pub struct BuildConfig {
    /// Sentence splitting.
    pub segmentation: Segmentation,
    /// Sentence alignment.
    pub align: AlignConfig,
    /// Lexicon learning and the user's lexicon.
    pub lexicon: LexiconConfig,
    /// Document pairing.
    pub pair: PairConfig,
}

/// Pairs, segments and aligns the Arabic articles with those of one other
/// language. With `given` pairs (Arabic id, other id), those are used
/// instead of pairing; ids not in the corpus are an error.
pub fn build_language(
    ar: &[Article],
    lang: &Lang,
    other: &[Article],
    given: Option<&[(String, String)]>,
    cfg: &BuildConfig,
    progress: &dyn Progress,
) -> Result<LanguageBuild> {
    let pairs: Vec<(usize, usize, f64)>;
    let (unpaired_src, unpaired_tgt);
    match given {
        Some(list) => {
            let a_ix: HashMap<&str, usize> = ar
                .iter()
                .enumerate()
                .map(|(i, a)| (a.id.as_str(), i))
                .collect();
            let o_ix: HashMap<&str, usize> = other
                .iter()
                .enumerate()
                .map(|(i, a)| (a.id.as_str(), i))
                .collect();
            let mut v = Vec::new();
            for (a, o) in list {
                // Pairs for another language of the corpus are not ours.
                let (Some(&i), Some(&j)) = (a_ix.get(a.as_str()), o_ix.get(o.as_str())) else {
                    if !a_ix.contains_key(a.as_str()) && o_ix.contains_key(o.as_str()) {
                        return Err(Error::config(format!(
                            "given pair {a} / {o}: no Arabic article {a}"
                        )));
                    }
                    continue;
                };
                v.push((i, j, 1.0));
            }
            v.sort_by_key(|p| p.0);
            v.dedup_by_key(|p| p.0);
            let used_a: std::collections::HashSet<usize> = v.iter().map(|p| p.0).collect();
            let used_o: std::collections::HashSet<usize> = v.iter().map(|p| p.1).collect();
            unpaired_src = (0..ar.len()).filter(|i| !used_a.contains(i)).collect();
            unpaired_tgt = (0..other.len()).filter(|j| !used_o.contains(j)).collect();
            pairs = v;
        }
        None => {
            progress.start(&format!("pairing ar-{lang}"), 1);
            let p = pair_articles(ar, other, &cfg.pair);
            progress.tick();
            progress.finish();
            pairs = p.pairs;
            unpaired_src = p.unpaired_src;
            unpaired_tgt = p.unpaired_tgt;
        }
    }
    progress.start(&format!("segmenting ar-{lang}"), pairs.len());
    let seg_ar = cfg.segmentation.splitter(&Lang::Ar)?;
    let seg_other = cfg.segmentation.splitter(lang)?;
    let sentences: Vec<(Vec<String>, Vec<String>)> = pairs
        .par_iter()
        .map(|&(i, j, _)| {
            let s = split_article(&ar[i].text, seg_ar.as_ref());
            let t = split_article(&other[j].text, seg_other.as_ref());
            progress.tick();
            (s, t)
        })
        .collect();
    progress.finish();
    let ar_lang = Lang::Ar;
    let sides: Vec<(Side, Side)> = sentences
        .iter()
        .map(|(s, t)| {
            (
                Side {
                    sentences: s,
                    lang: &ar_lang,
                },
                Side { sentences: t, lang },
            )
        })
        .collect();
    let passes = 1 + cfg.lexicon.effective_rounds();
    progress.start(&format!("aligning ar-{lang}"), sides.len() * passes);
    let tick = || progress.tick();
    let mut result = align_corpus_with_progress(&sides, &cfg.align, &cfg.lexicon, &tick);
    progress.finish();
    let lexicon = result.lexicon.take();
    let lexicon_used = lexicon.is_some();
    let mut anchors = std::mem::take(&mut result.anchors).into_iter();
    let alignments = std::mem::take(&mut result.alignments);
    // The rest (every pair's anchors and token ids) is freed on a thread of
    // its own: on the one core that goes on to the outputs, it kept the
    // other idle for a quarter of a second of a 10,000-pair build (issue 16).
    // Where no thread can be started, the closure, and the rest with it, is
    // dropped here.
    let _ = std::thread::Builder::new().spawn(move || drop(result));
    let docs = pairs
        .iter()
        .zip(sentences)
        .zip(alignments)
        .map(|((&(i, j, score), (s, t)), a)| BuiltDoc {
            anchors: anchors.next().unwrap_or_default(),
            src: i,
            tgt: j,
            pair_score: score,
            src_sentences: s,
            tgt_sentences: t,
            beads: a.beads,
            band_limited: a.band_limited,
        })
        .collect();
    Ok(LanguageBuild {
        lang: lang.clone(),
        docs,
        unpaired_src,
        unpaired_tgt,
        lexicon_used,
        lexicon,
    })
}

/// Figures for the build summary of one language pair.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    /// Article pairs aligned.
    pub pairs: usize,
    /// Arabic articles without counterpart.
    pub unpaired_src: usize,
    /// Other-language articles without counterpart.
    pub unpaired_tgt: usize,
    /// Links with text on both sides (translation units written).
    pub units: usize,
    /// Links by shape (`1-1`, `1-2`, ...), sorted.
    pub shapes: Vec<(String, usize)>,
    /// Mean confidence of the units.
    pub mean_confidence: f64,
    /// Arabic sentences left out because they have no counterpart.
    pub src_without_counterpart: usize,
    /// Other-language sentences left out because they have no counterpart.
    pub tgt_without_counterpart: usize,
    /// Links with an empty side (1-0 and 0-1).
    pub links_without_counterpart: usize,
}

impl LanguageBuild {
    /// Counts for the summary.
    pub fn summary(&self) -> Summary {
        let mut shapes: HashMap<String, usize> = HashMap::new();
        let mut s = Summary {
            pairs: self.docs.len(),
            unpaired_src: self.unpaired_src.len(),
            unpaired_tgt: self.unpaired_tgt.len(),
            ..Summary::default()
        };
        let mut conf = 0.0;
        for d in &self.docs {
            for b in &d.beads {
                *shapes.entry(b.shape_label()).or_default() += 1;
                if b.src.is_empty() {
                    s.tgt_without_counterpart += b.tgt.len();
                    s.links_without_counterpart += 1;
                } else if b.tgt.is_empty() {
                    s.src_without_counterpart += b.src.len();
                    s.links_without_counterpart += 1;
                } else {
                    s.units += 1;
                    conf += b.score;
                }
            }
        }
        s.mean_confidence = if s.units > 0 {
            conf / s.units as f64
        } else {
            0.0
        };
        let mut shapes: Vec<(String, usize)> = shapes.into_iter().collect();
        shapes.sort();
        s.shapes = shapes;
        s
    }
}

/// The id of an article without its extension, as a document name.
pub fn doc_name(id: &str) -> &str {
    Path::new(id)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or(id)
}
