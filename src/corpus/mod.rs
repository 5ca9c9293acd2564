//! Aligning a run of document pairs in two passes: length and anchors
//! first, then again with a translation lexicon learned from the first
//! pass's confident links over all the documents (as in Moore 2002 and
//! hunalign's realign), so the words between the numbers and names count
//! too.

use crate::align::shape::{prior, ShapePriors, WIDE_SHAPES};
use crate::align::{SearchParams, Shape};
use crate::aligner::{
    align_prepared, align_prepared_near, count_sentences, explain_prepared, AlignConfig, Alignment,
    BeadExplanation, PreparedPair, Side,
};
use crate::anchors::AnchorMatch;
use crate::confidence::{self, TextNumbers};
use crate::cost::{LengthParams, SentenceBalance};
use crate::lang::Lang;
use crate::lexicon::{
    confident_pairs, train_from_beads_with_dictionary, AlignedDoc, DocScorer, Lexicon,
    TokenLexicon, TrainParams, UserLexicon, DEFAULT_MIN_CONFIDENCE,
};
use crate::segment::Segmenter;
use crate::tokenize::Vocab;
use rayon::prelude::*;
use std::sync::Arc;

mod calibrate;
mod lengths;

use lengths::{
    length_spread, pair_skip_costs, pair_variance, pooled_skip_costs, without_outlier_skips,
};

/// Token ids of each sentence of one side of a document.
type SentenceIds = Vec<Vec<u32>>;

/// The lexicon's tokens of each sentence of a document pair's two sides.
type DocTokens = (Vec<Vec<String>>, Vec<Vec<String>>);

/// Documents whose tokens are read side by side before they are turned
/// into ids: enough to keep the cores busy, few enough that their
/// strings stay small. Held for every document at once, the tokens of
/// 10,000 article pairs took about 400 MB, and their memory was most of
/// a build's peak (issue 16).
const TOKEN_BATCH: usize = 256;

/// The source and target vocabularies of the documents, and the token ids
/// of every sentence of every document pair. The tokens are read on every
/// core, a batch of documents at a time, and interned in the documents'
/// order, so that the ids are the same whatever the number of threads.
fn doc_ids(docs: &[(Side<'_>, Side<'_>)]) -> (Vocab, Vocab, Vec<(SentenceIds, SentenceIds)>) {
    let side = |s: &Side<'_>| -> Vec<Vec<String>> {
        s.sentences
            .par_iter()
            .map(|x| crate::tokenize::tokens(x, s.lang))
            .collect()
    };
    let intern = |vocab: &mut Vocab, side: Vec<Vec<String>>| -> SentenceIds {
        side.iter()
            .map(|sent| sent.iter().map(|t| vocab.intern(t)).collect())
            .collect()
    };
    let (mut src_vocab, mut tgt_vocab) = (Vocab::new(), Vocab::new());
    let mut ids = Vec::with_capacity(docs.len());
    for batch in docs.chunks(TOKEN_BATCH) {
        let tokens: Vec<DocTokens> = batch.par_iter().map(|(s, t)| (side(s), side(t))).collect();
        ids.extend(
            tokens
                .into_iter()
                .map(|(s, t)| (intern(&mut src_vocab, s), intern(&mut tgt_vocab, t))),
        );
    }
    (src_vocab, tgt_vocab, ids)
}

/// Weight, in beads, of the default shape priors against the first pass's
/// counts in [`ShapePriors::estimate`]. 20 to 1000 gave the same figures
/// on ntrex-dev within 0.004; textberg-dev (about 400 beads) peaked at 100.
pub(super) const PRIOR_PSEUDO_BEADS: f64 = 100.0;

/// Lexicon rounds by default. The second round learns from links the
/// first lexicon already improved. With the diagonal prior in the lexical
/// score (see [`crate::lexicon::DocScorer`]) it raised strict F1 on every
/// dev set but align ar-en, where it is level: align ar-ru 0.946 → 0.957,
/// abridged ar-ru 0.965 → 0.977, textberg-dev 0.902 → 0.905, mean over
/// the five sets 0.952 → 0.959. A third round moved no set by more than
/// 0.003. (With plain Model 1 the second round had lowered the mean by
/// 0.001.)
pub const DEFAULT_LEXICON_ROUNDS: usize = 2;

/// How the lexicon is learned and used.
#[derive(Debug, Clone)]
pub struct LexiconConfig {
    /// Learn a lexicon from the first pass and realign with it.
    pub learn: bool,
    /// Lexicon rounds: each learns the lexicon from the alignment before
    /// it (the first from the pass without lexicon) and realigns every
    /// document pair with it.
    pub rounds: usize,
    /// First-pass links need this confidence to train the lexicon.
    pub min_confidence: f64,
    /// EM settings.
    pub train: TrainParams,
    /// Entries the user supplied (`--lexicon`), as prior evidence.
    pub user: Option<UserLexicon>,
    /// Entries of the system's dictionaries (see
    /// [`crate::lexicon::dicts`]), as prior evidence that weighs less the
    /// more confident links the text itself offers (see
    /// [`dictionary_weight`]).
    pub dictionary: Option<Arc<TokenLexicon>>,
    /// Count how often the final alignment links each word pair
    /// ([`LearnedLexicon::counts`]) for a lexicon file that is written
    /// out. The confidence model's lexical support features need them too,
    /// and get them whenever the shipped model weighs those features
    /// ([`confidence::Calibrator::uses_support`]); it does not at present:
    /// they lowered the held-out log loss by 1 to 5 nats of 525 and the
    /// counting took 4.5% of a default run on 20,000 sentences.
    pub counts: bool,
    /// Work out every feature of the confidence model, also those the
    /// shipped model does not weigh (for `align --dump-features`).
    pub every_feature: bool,
}

impl LexiconConfig {
    /// Whether links' explanations work out the rivals grown by a sentence
    /// (see [`explain_prepared`]): for `--dump-features`, or when the
    /// confidence model of a run with a lexicon (`lexical`) or without
    /// weighs them.
    fn grown_rivals(&self, lexical: bool) -> bool {
        self.every_feature || confidence::Calibrator::shipped().uses_merge(lexical)
    }

    /// The lexicon rounds a run makes: none without a lexicon to learn or
    /// use, one with the user's entries alone (every further round would
    /// train the same lexicon and find the same links), else `rounds`.
    pub fn effective_rounds(&self) -> usize {
        match (self.learn, self.user.is_some() || self.dictionary.is_some()) {
            (true, _) => self.rounds.max(1),
            (false, true) => 1,
            (false, false) => 0,
        }
    }
}

impl Default for LexiconConfig {
    fn default() -> Self {
        LexiconConfig {
            learn: true,
            rounds: DEFAULT_LEXICON_ROUNDS,
            min_confidence: DEFAULT_MIN_CONFIDENCE,
            train: TrainParams::default(),
            user: None,
            dictionary: None,
            counts: false,
            every_feature: false,
        }
    }
}

/// Confident links at which a dictionary entry counts half as much as
/// given: entries weigh `K / (K + n)` times their weight when the text
/// offers `n` confident 1-1 links to learn from. One article pair offers
/// a dozen or two, where the dictionaries help most; a corpus hundreds,
/// whose own lexicon is better than a general dictionary's senses. On
/// ntrex-dev (corpus mode; align ar-en, ar-ru, textberg-dev strict F1),
/// K = 30 gave 0.962, 0.949, 0.905 against 0.964, 0.959, 0.906 without
/// dictionaries; K = 3 gave 0.964, 0.960, 0.912; K = 1 0.964, 0.960,
/// 0.905. Single-pair align ar-en was 0.960 with 3 and 30.
pub const DICTIONARY_HALF_WEIGHT_LINKS: f32 = 3.0;

/// Fewer confident links than this, with a dictionary in use, and the
/// run counts as a document pair aligned alone (a news article offers 10
/// to 40; the smallest corpus-mode dev set, 600, and textberg-dev's one
/// long document 380): its lexicon is then mostly the dictionary's.
pub const ALONE_LINKS: usize = 100;

/// Weight of the length cost, in place of
/// [`crate::cost::CostWeights::lexical_length`] (0.85), when the
/// lexicon is mostly a dictionary's (see [`ALONE_LINKS`]). Its evidence
/// then covers the words that the pair's few links cannot teach, and
/// deserves more trust against the length model. Each ntrex-dev pair
/// aligned alone with the dictionaries (align ar-en, ar-ru, abridged
/// ar-en, ar-ru; strict F1): 0.85 gave 0.962, 0.952, 0.989, 0.947; 0.75
/// gave 0.962, 0.956, 0.989, 0.949; 0.7 gave 0.962, 0.960, 0.989, 0.954;
/// 0.65 and 0.6 gave 0.961, 0.960, 0.989, 0.955. Lowered for every run
/// (not only these) it also moved corpus-mode figures, textberg-dev's
/// down.
pub const ALONE_LEXICAL_LENGTH: f64 = 0.7;

/// The factor dictionary entries' weights are multiplied by when the text
/// offers `links` confident links (see [`DICTIONARY_HALF_WEIGHT_LINKS`]).
pub fn dictionary_weight(links: usize) -> f32 {
    let k = DICTIONARY_HALF_WEIGHT_LINKS;
    k / (k + links as f32)
}

/// A lexicon with the vocabularies its ids refer to.
#[derive(Debug)]
pub struct LearnedLexicon {
    /// The translation tables.
    pub lexicon: Lexicon,
    /// Source-side vocabulary.
    pub src_vocab: Vocab,
    /// Target-side vocabulary.
    pub tgt_vocab: Vocab,
    /// How often each (source id, target id) pair was linked in this run's
    /// confident links (see [`Lexicon::expected_counts`]), for a lexicon
    /// file and for the links' lexical support
    /// ([`confidence::lexical_support`]); empty when the lexicon was not
    /// learned from the text or nothing needs them
    /// ([`LexiconConfig::counts`]).
    pub counts: rustc_hash::FxHashMap<(u32, u32), f32>,
    /// The confidence a 1-1 link needed to be counted in `counts`.
    pub min_confidence: f64,
}

/// The alignments of a run, and the lexicon of its second pass (if one was
/// learned and not empty).
#[derive(Debug)]
pub struct CorpusAlignment {
    /// One alignment per document pair, in input order.
    pub alignments: Vec<Alignment>,
    /// The lexicon used in the second pass.
    pub lexicon: Option<LearnedLexicon>,
    /// How each pair was prepared, kept for explanations.
    prepared: Vec<PreparedPair>,
    /// Token ids per sentence, per document: (source, target).
    ids: Vec<(SentenceIds, SentenceIds)>,
    /// The confidence model's features of each bead, per document (`None`
    /// for beads with an empty side), as they were before calibration.
    features: Vec<Vec<Option<Vec<f64>>>>,
    /// The anchors that tie the two sides of each bead, per document (for
    /// the review page's highlighting).
    pub anchors: Vec<Vec<Vec<AnchorMatch>>>,
}

/// Aligns every document pair: a first pass with length and anchors; then,
/// when `lex.learn` is set or a user lexicon is given, a lexicon trained on
/// the first pass's confident 1-1 links of all pairs (plus the user's
/// entries) and a second pass with its evidence. With too little data the
/// lexicon comes out empty and the first pass stands.
///
/// All pairs must share one language pair (the sides' languages are taken
/// from the first pair).
pub fn align_corpus(
    docs: &[(Side<'_>, Side<'_>)],
    cfg: &AlignConfig,
    lex: &LexiconConfig,
) -> CorpusAlignment {
    align_corpus_with_progress(docs, cfg, lex, &|| {})
}

/// [`align_corpus`], calling `tick` once per document pair and pass (so
/// `1 + rounds` times per pair when a lexicon is learned). Document pairs are aligned in
/// parallel; the result does not depend on the number of threads.
pub fn align_corpus_with_progress(
    docs: &[(Side<'_>, Side<'_>)],
    cfg: &AlignConfig,
    lex: &LexiconConfig,
    tick: &(dyn Fn() + Sync),
) -> CorpusAlignment {
    let sentences: usize = docs
        .iter()
        .map(|(s, t)| s.sentences.len() + t.sentences.len())
        .sum();
    if cfg.anchors || sentences < READ_AHEAD_MIN {
        return align_corpus_reading(docs, cfg, lex, tick, None);
    }
    // Without anchors, the confidence model reads the sentences' numbers
    // from the text: a helper reads them ahead while the passes run (see
    // `TextNumbers`).
    let numbers = TextNumbers::new(docs);
    std::thread::scope(|scope| {
        scope.spawn(|| numbers.read_ahead());
        let run = align_corpus_reading(docs, cfg, lex, tick, Some(&numbers));
        numbers.stop();
        run
    })
}

/// Runs with fewer sentences (both sides, every document) than this read
/// their numbers when the features are made, without a helper thread: a
/// thread for a record of a few sentences (`align --jsonl`) would cost
/// more than it spares.
const READ_AHEAD_MIN: usize = 2_000;

/// [`align_corpus_with_progress`], with the sentences' numbers read by
/// `numbers` when the run has no anchors.
fn align_corpus_reading(
    docs: &[(Side<'_>, Side<'_>)],
    cfg: &AlignConfig,
    lex: &LexiconConfig,
    tick: &(dyn Fn() + Sync),
    numbers: Option<&TextNumbers<'_>>,
) -> CorpusAlignment {
    let rounds = lex.effective_rounds() > 0;
    // The lexicon's tokens and the sentences inside each line depend on
    // neither the anchors nor the first pass: they are read while the
    // anchors are found, whose serial steps leave a core idle. Read during
    // the first pass instead, they held one core while a long pair's split
    // search wanted both (issue 16). Sentence counts only matter to the
    // lexicon passes, so they are only taken for those.
    type Ids = (Vocab, Vocab, Vec<(SentenceIds, SentenceIds)>);
    type Counts = Vec<(Vec<u32>, Vec<u32>)>;
    let (mut prepared, (tokens, counts)): (Vec<PreparedPair>, (Option<Ids>, Option<Counts>)) =
        rayon::join(
            || {
                docs.par_iter()
                    .map(|(s, t)| PreparedPair::new(*s, *t, cfg))
                    .collect()
            },
            || {
                let ids = rounds.then(|| doc_ids(docs));
                crate::tokenize::forget_stems();
                let counts = docs.first().filter(|_| rounds).map(|(s0, t0)| {
                    let (src_seg, tgt_seg) = (Segmenter::new(s0.lang), Segmenter::new(t0.lang));
                    docs.par_iter()
                        .map(|(s, t)| count_sentences(*s, *t, &src_seg, &tgt_seg))
                        .collect()
                });
                (ids, counts)
            },
        );
    for (p, c) in prepared.iter_mut().zip(counts.into_iter().flatten()) {
        p.set_sentence_counts(c);
    }
    let first: Vec<Alignment> = prepared
        .par_iter()
        .map(|p| {
            let a = align_prepared(p, cfg, None);
            tick();
            a
        })
        .collect();
    let (Some((src0, tgt0)), Some((mut src_vocab, mut tgt_vocab, ids))) = (docs.first(), tokens)
    else {
        return CorpusAlignment::calibrated(
            first,
            None,
            prepared,
            Vec::new(),
            docs,
            (cfg, lex, numbers),
            Vec::new(),
        );
    };
    let (src_lang, tgt_lang): (&Lang, &Lang) = (src0.lang, tgt0.lang);
    // The documents' words come first in each vocabulary, so an id below
    // these is a word of the text.
    let (src_known, tgt_known) = (src_vocab.len() as u32, tgt_vocab.len() as u32);
    let lexicon_pairs = |u: &UserLexicon, src_vocab: &mut Vocab, tgt_vocab: &mut Vocab| {
        let mut pairs = u
            .clone()
            .oriented(src_lang, tgt_lang)
            .to_pairs(src_lang, tgt_lang, src_vocab, tgt_vocab);
        // Entries with no word of the text on either side cannot
        // change a translation the score looks up; left in, a
        // dictionary's 200,000 entries only slow the training down.
        pairs.retain(|(s, t, _)| {
            s.iter().any(|&id| id < src_known) || t.iter().any(|&id| id < tgt_known)
        });
        pairs
    };
    let user_pairs = match &lex.user {
        Some(u) => lexicon_pairs(u, &mut src_vocab, &mut tgt_vocab),
        None => Vec::new(),
    };
    let dict_pairs = match &lex.dictionary {
        Some(d) => d.to_pairs(&mut src_vocab, &mut tgt_vocab, src_known, tgt_known),
        None => Vec::new(),
    };
    // How often this corpus's translators merge sentences, from the first
    // pass: the lexicon passes use priors to match, and search wider
    // shapes where they are common.
    let counted = without_outlier_skips(&first, &prepared);
    let priors = ShapePriors::estimate(
        &cfg.search.shapes,
        counted
            .iter()
            .flat_map(|a| a.beads.iter().map(|b| Shape::new(b.src.len(), b.tgt.len()))),
        PRIOR_PSEUDO_BEADS,
    );
    let mut shapes = cfg.search.shapes.clone();
    // Only where the first pass linked five or more sentences more often
    // than the default priors expect: news rarely does, and the wide
    // shapes cost time (a quarter of the default run on a 20,000-sentence
    // pair) for nothing there.
    shapes.extend(
        WIDE_SHAPES
            .iter()
            .filter(|&&s| !cfg.search.shapes.contains(&s) && priors.get(s) > prior(s)),
    );
    let search = SearchParams {
        shapes,
        ..cfg.search.clone()
    };
    let pooled_skips = pooled_skip_costs(&counted);
    let spread = length_spread(&first, &prepared);
    let balance = SentenceBalance::estimate(first.iter().zip(&prepared).filter_map(|(a, p)| {
        let (s, t) = p.sentence_counts()?;
        Some((a.beads.as_slice(), s, t))
    }));
    let mut alignments: Option<Vec<Alignment>> = None;
    let mut explained: Vec<Option<Vec<BeadExplanation>>> = Vec::new();
    let mut lexicon = Lexicon::empty();
    let rounds = lex.effective_rounds();
    for round in 0..rounds {
        let current = alignments.as_ref().unwrap_or(&first);
        let aligned: Vec<AlignedDoc> = if lex.learn {
            ids.iter()
                .zip(current)
                .map(|((s, t), a)| AlignedDoc {
                    src: s,
                    tgt: t,
                    beads: &a.beads,
                })
                .collect()
        } else {
            Vec::new()
        };
        let links = confident_pairs(&aligned, lex.min_confidence).len();
        let scale = dictionary_weight(links);
        let mut weights = cfg.weights;
        if !dict_pairs.is_empty() && links < ALONE_LINKS {
            weights.lexical_length = ALONE_LEXICAL_LENGTH;
        }
        let dictionary: Vec<_> = dict_pairs
            .iter()
            .map(|(s, t, w)| (s.clone(), t.clone(), w * scale))
            .collect();
        let trained = train_from_beads_with_dictionary(
            &aligned,
            lex.min_confidence,
            &user_pairs,
            &dictionary,
            &lex.train,
        );
        if trained.is_empty() {
            break;
        }
        lexicon = trained;
        // The last round's scorers explain its links for the confidence
        // step, which would otherwise build each document's table once
        // more (a sixth of a build over 10,000 article pairs; issue 16).
        let last = round + 1 == rounds;
        let grown = lex.grown_rivals(true);
        // Later passes keep the length model the first one fitted (ratio
        // and omission rates), so they need one round per pair, not three.
        let next: Vec<(Alignment, Option<Vec<BeadExplanation>>)> = prepared
            .par_iter()
            .zip(&ids)
            .zip(&first)
            .zip(current)
            .map(|(((p, (s, t)), f), before)| {
                let scorer = DocScorer::new(&lexicon, s, t);
                let skips = pair_skip_costs(&f.length, pooled_skips);
                let fitted = AlignConfig {
                    length: LengthParams {
                        priors: Some(priors.clone()),
                        variance: pair_variance(&f.length, spread),
                        skip_src: skips.0,
                        skip_tgt: skips.1,
                        ..f.length.clone()
                    },
                    search: search.clone(),
                    sentences: Some(balance.clone()),
                    weights,
                    ..cfg.clone()
                };
                let mut a = align_prepared_near(p, &fitted, Some(&scorer), Some(&before.beads));
                // A round searches around the path before it, so a limit
                // that cut that path short still shapes this one, even
                // when this round's band never met its own limit.
                a.band_limited |= before.band_limited;
                let explained = last.then(|| explain_prepared(p, cfg, &a, Some(&scorer), grown));
                tick();
                (a, explained)
            })
            .collect();
        let (next, why): (Vec<_>, Vec<_>) = next.into_iter().unzip();
        alignments = Some(next);
        explained = why;
    }
    let Some(alignments) = alignments else {
        return CorpusAlignment::calibrated(
            first,
            None,
            prepared,
            ids,
            docs,
            (cfg, lex, numbers),
            Vec::new(),
        );
    };
    let counts = if lex.learn && (lex.counts || confidence::Calibrator::shipped().uses_support()) {
        let docs: Vec<AlignedDoc> = ids
            .iter()
            .zip(&alignments)
            .map(|((s, t), a)| AlignedDoc {
                src: s,
                tgt: t,
                beads: &a.beads,
            })
            .collect();
        lexicon.expected_counts(&confident_pairs(&docs, lex.min_confidence))
    } else {
        Default::default()
    };
    let learned = LearnedLexicon {
        lexicon,
        src_vocab,
        tgt_vocab,
        counts,
        min_confidence: lex.min_confidence,
    };
    CorpusAlignment::calibrated(
        alignments,
        Some(learned),
        prepared,
        ids,
        docs,
        (cfg, lex, numbers),
        explained,
    )
}

#[cfg(test)]
mod tests;
