//! Document pairing: for each article of one language, its translation in
//! a collection of another language, or none.
//!
//! The work runs in four steps, none of them quadratic in the collection:
//!
//! 1. **Profiles** (`profile`): every article is segmented into sentences
//!    and its anchors (numbers, months, weekdays, Latin tokens, name
//!    skeletons; see [`crate::anchors`]) are read in document order and
//!    interned. A Latin-script side also keeps its ordinary words that the
//!    other side writes in Latin script, and an optional [`Lexicon`] adds
//!    translations of content words. Each key weighs its inverse document
//!    frequency over both collections.
//! 2. **Candidates** (`index`): an inverted index over the target side's
//!    rarer keys gives each source article its `candidates` best targets
//!    by weighted key overlap.
//! 3. **Rescoring** (`score`): each candidate is scored by the weight of
//!    the longest chain of shared anchors that keeps document order on both
//!    sides (so a half article sharing only the recurring names of its
//!    sibling half scores low), times a length model (the pair's length
//!    ratio against the ratio the collection itself shows), times a date
//!    prior when both articles have a date. The best few are checked by
//!    aligning their sentences ([`crate::aligner::align_sentences`]).
//! 4. **Assignment** (`assign`): competitive linking keeps the best
//!    pairs one to one, above a threshold, then swaps pairs whose crossing
//!    scores sum higher.
//!
//! Everything is deterministic: the result does not depend on the number
//! of threads, and ties are broken by article index.

mod assign;
mod block;
mod counts;
mod index;
mod load;
mod profile;
mod score;
mod shard;
mod synth;

#[cfg(test)]
mod tests;

pub use block::{block_keys, read_anchor_index, AnchorIndex};
pub use counts::{
    count_collection, count_collection_indexed, count_collection_with, count_streamed, fingerprint,
    read_counts, ArticleCount, Counter, Counts, Load,
};
pub use load::{
    article_text, check_script, date_of_name, load_dir, load_dir_lenient, load_dir_listing,
    load_jsonl, load_jsonl_keeping, load_named, read_pairs_tsv, score_pairs, LoadedDir, ReadInfo,
    Skipped,
};
pub use score::{chain_weight, date_days, date_prior, length_prior};
pub use shard::{
    merge_edges, read_edges, shard_edges, shard_edges_counted, shard_of, targets_needed,
    CountedShard, Shard, ShardEdges,
};
pub use synth::synthetic_collection;

use crate::lang::Lang;
use std::fmt;
use std::sync::Arc;

/// One article to pair.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// Its identifier: the file name as given for a folder, the `id` field
    /// for JSONL input.
    pub id: String,
    /// Its language.
    pub lang: Lang,
    /// The text, one paragraph a line (a title line is a paragraph too).
    pub text: String,
    /// Its publication date, if known, as `YYYY-MM-DD` (anything after the
    /// day, such as a time, is ignored).
    pub date: Option<String>,
}

/// Translations of content words, for evidence beyond anchors.
///
/// Implemented by a bilingual lexicon: for a normalised source word (see
/// [`crate::normalize::normalize`]), the normalised target words it may
/// translate to, each with a weight in (0, 1]. Pairing treats a translated
/// word like an anchor whose key is the target word, weighted by its
/// rarity in the target collection times the lexicon's weight.
pub trait Lexicon: Send + Sync {
    /// Appends the translations of `word` to `out` (nothing when unknown).
    fn translate(&self, word: &str, out: &mut Vec<(String, f64)>);
}

impl<F> Lexicon for F
where
    F: Fn(&str) -> Vec<(String, f64)> + Send + Sync,
{
    fn translate(&self, word: &str, out: &mut Vec<(String, f64)>) {
        out.extend(self(word));
    }
}

/// Everything that steers pairing. The defaults were tuned on the
/// ntrex-dev pairing sets (see the comments on each field).
#[derive(Clone)]
pub struct PairConfig {
    /// Pairs scoring below this stay unpaired. A score is in [0, 1]: the
    /// anchor overlap times the length prior times (for the checked
    /// candidates) the aligned share. On ntrex-dev, 0.15 kept every true
    /// pair of the plain sets and all but one of each hard set, with at
    /// most two wrong pairs in 90; 0.2 and 0.25 lost two to three more
    /// true half-article pairs (their anchors are few) without gaining
    /// precision on ar-en.
    pub threshold: f64,
    /// Candidates kept per source article from the inverted index.
    pub candidates: usize,
    /// Of those, how many of the best (after rescoring) are checked by a
    /// sentence alignment; the others are dropped. 0 turns the check off
    /// and keeps every candidate. The check multiplies a score by the share
    /// of both articles' characters that the aligner puts in confident
    /// beads: 1.0 for nearly every true pair of ntrex-dev, under 0.5 for
    /// the sibling half of a story that shares its names (which anchor
    /// overlap alone cannot tell apart). Unrelated articles can align
    /// confidently by length alone, so the share is a check on top of the
    /// anchors, not a score on its own.
    pub align_check: usize,
    /// Standard deviation of the log length ratio of true pairs around the
    /// collection's typical ratio; see [`length_prior`]. True pairs of
    /// ntrex-dev spread with a standard deviation of about 0.07 around
    /// their median; 0.2 leaves room for abridged translations while a
    /// half article against a whole one (off by ln 2) scores 0.002.
    pub length_sigma: f64,
    /// The expected target/source length ratio (characters); `None`
    /// estimates it from the confident pairs of the collection.
    pub length_ratio: Option<f64>,
    /// Dates this many days apart or closer are no evidence against a
    /// pair; see [`date_prior`].
    pub date_window: f64,
    /// Index keys found in more target articles than this share of the
    /// collection (and more than [`PairConfig::min_df_cap`]) are not
    /// indexed: they are too common to find candidates with, and their
    /// postings would make candidate generation quadratic.
    pub max_df_share: f64,
    /// See [`PairConfig::max_df_share`].
    pub min_df_cap: usize,
    /// Blocking by date: a dated source article is only compared with
    /// target articles dated at most this many days from it (or undated).
    /// `None` compares every pair the anchor index proposes. Unlike
    /// [`PairConfig::date_window`], which only weighs a pair down, this
    /// rules pairs out, so that a shard needs only a few days of the other
    /// side; a true pair published further apart is lost.
    pub block_days: Option<u32>,
    /// Blocking by the rarest anchors: a source article is only compared
    /// with target articles holding one of its this many rarest indexed
    /// keys (those held by the fewest target articles; see
    /// [`block_keys`]). `None` compares every pair the anchor index
    /// proposes. Like [`PairConfig::block_days`] it rules pairs out, so
    /// that a shard with a counts pass and an anchor index needs only the
    /// targets holding its sources' rarest keys; a true pair that shares
    /// none of them is lost.
    pub block_anchors: Option<usize>,
    /// Optional translations of content words.
    pub lexicon: Option<Arc<dyn Lexicon>>,
}

impl Default for PairConfig {
    fn default() -> Self {
        PairConfig {
            threshold: 0.15,
            candidates: 10,
            align_check: 3,
            length_sigma: 0.2,
            length_ratio: None,
            date_window: 2.0,
            max_df_share: 0.01,
            min_df_cap: 50,
            block_days: None,
            block_anchors: None,
            lexicon: None,
        }
    }
}

impl fmt::Debug for PairConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PairConfig")
            .field("threshold", &self.threshold)
            .field("candidates", &self.candidates)
            .field("align_check", &self.align_check)
            .field("length_sigma", &self.length_sigma)
            .field("length_ratio", &self.length_ratio)
            .field("date_window", &self.date_window)
            .field("max_df_share", &self.max_df_share)
            .field("min_df_cap", &self.min_df_cap)
            .field("block_days", &self.block_days)
            .field("block_anchors", &self.block_anchors)
            .field("lexicon", &self.lexicon.as_ref().map(|_| "..."))
            .finish()
    }
}

/// The result of pairing: pairs with their scores, and the articles of
/// each side left without counterpart.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Pairing {
    /// `(source index, target index, score)`, sorted by source index.
    pub pairs: Vec<(usize, usize, f64)>,
    /// Source articles without counterpart, ascending.
    pub unpaired_src: Vec<usize>,
    /// Target articles without counterpart, ascending.
    pub unpaired_tgt: Vec<usize>,
}

/// Pairs source articles with target articles, one to one.
///
/// Each side should be in one language (the language of its first article
/// is used for the side's segmentation and anchors). An empty side leaves
/// every article of the other unpaired.
pub fn pair_articles(src: &[Article], tgt: &[Article], cfg: &PairConfig) -> Pairing {
    if src.is_empty() || tgt.is_empty() {
        return Pairing {
            pairs: Vec::new(),
            unpaired_src: (0..src.len()).collect(),
            unpaired_tgt: (0..tgt.len()).collect(),
        };
    }
    let coll = profile::Collection::build(src, tgt, cfg);
    let cands = index::candidates(&coll, cfg, None);
    let scored = score::rescore(&coll, src, tgt, &cands, cfg);
    let pairs = assign::assign(&scored, src.len(), tgt.len(), cfg.threshold);
    finish(pairs, src.len(), tgt.len())
}

fn finish(mut pairs: Vec<(usize, usize, f64)>, n_src: usize, n_tgt: usize) -> Pairing {
    pairs.sort_by_key(|p| p.0);
    let mut s_used = vec![false; n_src];
    let mut t_used = vec![false; n_tgt];
    for &(s, t, _) in &pairs {
        s_used[s] = true;
        t_used[t] = true;
    }
    Pairing {
        pairs,
        unpaired_src: (0..n_src).filter(|&i| !s_used[i]).collect(),
        unpaired_tgt: (0..n_tgt).filter(|&i| !t_used[i]).collect(),
    }
}

/// A [`Lexicon`] from a user's word list (`--lexicon`): each one-word
/// source entry maps to the words of its target, weighted by the entry's
/// weight (at most 1). Arabic words are looked up by their light stem, so
/// `والكتاب` in an article finds the headword `كتاب`.
#[derive(Debug, Default)]
pub struct WordLexicon {
    map: std::collections::HashMap<String, Vec<(String, f64)>>,
}

impl WordLexicon {
    /// Indexes the entries of a user lexicon.
    pub fn from_user(user: &crate::lexicon::UserLexicon) -> WordLexicon {
        let mut map: std::collections::HashMap<String, Vec<(String, f64)>> = Default::default();
        for e in &user.entries {
            let source = crate::normalize::normalize(e.source.trim());
            if source.is_empty() || source.contains(char::is_whitespace) {
                continue;
            }
            let weight = f64::from(e.weight).min(1.0);
            let targets = map.entry(lookup_key(&source)).or_default();
            for word in e
                .target
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.chars().count() > 1)
            {
                targets.push((crate::normalize::normalize(word), weight));
            }
        }
        for targets in map.values_mut() {
            targets.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
            targets.dedup_by(|a, b| a.0 == b.0);
        }
        WordLexicon { map }
    }

    /// Number of source words indexed.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether no source word is indexed.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

/// The key a normalised word is indexed and looked up by.
fn lookup_key(word: &str) -> String {
    if word
        .chars()
        .any(|c| crate::lang::char_script(c) == Some(crate::lang::Script::Arabic))
    {
        crate::tokenize::arabic_light_stem(word).to_string()
    } else {
        word.to_string()
    }
}

impl Lexicon for WordLexicon {
    fn translate(&self, word: &str, out: &mut Vec<(String, f64)>) {
        if let Some(t) = self.map.get(&lookup_key(word)) {
            out.extend(t.iter().cloned());
        }
    }
}
