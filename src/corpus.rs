//! Aligning a run of document pairs in two passes: length and anchors
//! first, then again with a translation lexicon learned from the first
//! pass's confident links over all the documents (as in Moore 2002 and
//! hunalign's realign), so the words between the numbers and names count
//! too.

use crate::align::shape::{prior, ShapePriors, WIDE_SHAPES};
use crate::align::Bead;
use crate::align::{SearchParams, Shape};
use crate::aligner::{
    align_prepared, align_prepared_near, explain_prepared, AlignConfig, Alignment, BeadExplanation,
    PreparedPair, Side,
};
use crate::anchors::AnchorMatch;
use crate::confidence::{self, FeatureInput};
use crate::cost::length::{first_ratio, OUTLIER_FACTOR};
use crate::cost::{length_delta, LengthParams, SentenceBalance};
use crate::lang::Lang;
use crate::lexicon::{
    confident_pairs, train_from_beads_with_dictionary, AlignedDoc, DocScorer, Lexicon,
    TokenLexicon, TrainParams, UserLexicon, DEFAULT_MIN_CONFIDENCE,
};
use crate::segment::Segmenter;
use crate::tokenize::Vocab;
use rayon::prelude::*;
use std::sync::Arc;

/// Token ids of each sentence of one side of a document.
type SentenceIds = Vec<Vec<u32>>;

/// The lexicon's tokens of each sentence of a document pair's two sides.
type DocTokens = (Vec<Vec<String>>, Vec<Vec<String>>);

/// The lexicon's tokens of every sentence of every document pair, on
/// every core.
fn doc_tokens(docs: &[(Side<'_>, Side<'_>)]) -> Vec<DocTokens> {
    let side = |s: &Side<'_>| -> Vec<Vec<String>> {
        s.sentences
            .par_iter()
            .map(|x| crate::tokenize::tokens(x, s.lang))
            .collect()
    };
    docs.par_iter().map(|(s, t)| (side(s), side(t))).collect()
}

/// Weight, in beads, of the default shape priors against the first pass's
/// counts in [`ShapePriors::estimate`]. 20 to 1000 gave the same figures
/// on ntrex-dev within 0.004; textberg-dev (about 400 beads) peaked at 100.
const PRIOR_PSEUDO_BEADS: f64 = 100.0;

/// A document pair whose fitted length model says more than this share of
/// either side has no counterpart is abridged, and its links do not count
/// towards how often complete translations drop a sentence. Abridged
/// counterparts in ntrex-dev lose about a third; 0.2 and 0.3 gave the same
/// figures, 0.1 and 0.05 fewer gains.
const ABRIDGED_SHARE: f64 = 0.2;

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
}

impl LexiconConfig {
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

impl CorpusAlignment {
    /// Puts the run together and calibrates its scores: each link's
    /// posterior becomes the probability that it is a correct unit
    /// ([`crate::confidence`]), and its flags are set.
    fn calibrated(
        alignments: Vec<Alignment>,
        lexicon: Option<LearnedLexicon>,
        prepared: Vec<PreparedPair>,
        ids: Vec<(SentenceIds, SentenceIds)>,
        docs: &[(Side<'_>, Side<'_>)],
        cfg: &AlignConfig,
    ) -> CorpusAlignment {
        let mut run = CorpusAlignment {
            alignments,
            lexicon,
            prepared,
            ids,
            features: Vec::new(),
            anchors: Vec::new(),
        };
        let table = run
            .lexicon
            .as_ref()
            .map(|l| confidence::SupportTable::new(&l.counts));
        let (features, anchors): (Vec<_>, Vec<_>) = (0..run.alignments.len())
            .into_par_iter()
            .map(|k| {
                let (Some((src, tgt)), Some(a), Some(p)) =
                    (docs.get(k), run.alignments.get(k), run.prepared.get(k))
                else {
                    return (Vec::new(), Vec::new());
                };
                let explained = run.explain(k, cfg);
                let (src_len, tgt_len) = p.lengths();
                let ratio = a
                    .length
                    .ratio
                    .unwrap_or_else(|| first_ratio(src_len, tgt_len));
                let support = match (&run.lexicon, &table, run.ids.get(k)) {
                    (Some(l), Some(table), Some((s, t))) if !l.counts.is_empty() => {
                        confidence::lexical_support(&confidence::SupportInput {
                            lexicon: &l.lexicon,
                            table,
                            min_confidence: l.min_confidence,
                            src: s,
                            tgt: t,
                            beads: &a.beads,
                        })
                    }
                    _ => Vec::new(),
                };
                let features = confidence::bead_features(&FeatureInput {
                    beads: &a.beads,
                    explained: &explained,
                    src: src.sentences,
                    tgt: tgt.sentences,
                    src_lang: src.lang,
                    tgt_lang: tgt.lang,
                    src_len,
                    tgt_len,
                    ratio,
                    anchors: p.anchors(),
                    has_lexicon: run.lexicon.is_some(),
                    support: &support,
                });
                let anchors: Vec<Vec<AnchorMatch>> =
                    explained.into_iter().map(|e| e.anchors).collect();
                (features, anchors)
            })
            .unzip();
        let model = confidence::Calibrator::shipped();
        for (a, f) in run.alignments.iter_mut().zip(&features) {
            confidence::apply(&mut a.beads, f, model);
        }
        run.features = features;
        run.anchors = anchors;
        run
    }

    /// The confidence model's features of document `k`'s beads, before
    /// calibration (for fitting the model: `align --dump-features`).
    pub fn features(&self, k: usize) -> &[Option<Vec<f64>>] {
        self.features.get(k).map_or(&[], Vec::as_slice)
    }

    /// Explains the alignment of document `k`, lexical evidence included.
    pub fn explain(&self, k: usize, cfg: &AlignConfig) -> Vec<BeadExplanation> {
        let (Some(prepared), Some(alignment)) = (self.prepared.get(k), self.alignments.get(k))
        else {
            return Vec::new();
        };
        match (&self.lexicon, self.ids.get(k)) {
            (Some(l), Some((s, t))) => {
                let scorer = DocScorer::new(&l.lexicon, s, t);
                explain_prepared(prepared, cfg, alignment, Some(&scorer))
            }
            _ => explain_prepared(prepared, cfg, alignment, None),
        }
    }
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
    let mut prepared: Vec<PreparedPair> = docs
        .par_iter()
        .map(|(s, t)| PreparedPair::new(*s, *t, cfg))
        .collect();
    let rounds = lex.effective_rounds() > 0;
    // The lexicon's tokens do not depend on the first pass: they are read
    // while it runs, since one long pair's search keeps only one core busy
    // (issue 16).
    let (first, tokens): (Vec<Alignment>, Option<Vec<DocTokens>>) = rayon::join(
        || {
            prepared
                .par_iter()
                .map(|p| {
                    let a = align_prepared(p, cfg, None);
                    tick();
                    a
                })
                .collect()
        },
        || rounds.then(|| doc_tokens(docs)),
    );
    let (Some((src0, tgt0)), Some(tokens)) = (docs.first(), tokens) else {
        return CorpusAlignment::calibrated(first, None, prepared, Vec::new(), docs, cfg);
    };
    let (src_lang, tgt_lang): (&Lang, &Lang) = (src0.lang, tgt0.lang);
    let mut src_vocab = Vocab::new();
    let mut tgt_vocab = Vocab::new();
    // Interned in the documents' order, so that the ids are the same
    // whatever the number of threads.
    let intern = |vocab: &mut Vocab, side: Vec<Vec<String>>| -> SentenceIds {
        side.iter()
            .map(|sent| sent.iter().map(|t| vocab.intern(t)).collect())
            .collect()
    };
    let ids: Vec<(SentenceIds, SentenceIds)> = tokens
        .into_iter()
        .map(|(s, t)| (intern(&mut src_vocab, s), intern(&mut tgt_vocab, t)))
        .collect();
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
    // Sentence counts only matter to the lexicon passes, so they are
    // taken here rather than for every prepared pair.
    let (src_seg, tgt_seg) = (Segmenter::new(src_lang), Segmenter::new(tgt_lang));
    prepared
        .par_iter_mut()
        .zip(docs)
        .for_each(|(p, (s, t))| p.count_sentences(*s, *t, &src_seg, &tgt_seg));
    let balance = SentenceBalance::estimate(first.iter().zip(&prepared).filter_map(|(a, p)| {
        let (s, t) = p.sentence_counts()?;
        Some((a.beads.as_slice(), s, t))
    }));
    let mut alignments: Option<Vec<Alignment>> = None;
    let mut lexicon = Lexicon::empty();
    for _ in 0..lex.effective_rounds() {
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
        // Later passes keep the length model the first one fitted (ratio
        // and omission rates), so they need one round per pair, not three.
        let next = prepared
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
                let a = align_prepared_near(p, &fitted, Some(&scorer), Some(&before.beads));
                tick();
                a
            })
            .collect();
        alignments = Some(next);
    }
    let Some(alignments) = alignments else {
        return CorpusAlignment::calibrated(first, None, prepared, ids, docs, cfg);
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
    CorpusAlignment::calibrated(alignments, Some(learned), prepared, ids, docs, cfg)
}

/// The first pass's alignments without the beads that leave out one
/// segment longer than [`OUTLIER_FACTOR`] times the other side's longest
/// (see [`crate::cost::robust_totals`]). Such a segment (an 800-word note
/// spliced into an article) says nothing of how often this corpus's
/// translators merge or drop sentences; counted, one in each document
/// pair of ntrex-dev ar-ru made skips cheap enough in the lexicon passes
/// to split 13 more links (strict F1 of the other links 0.954 -> 0.937).
fn without_outlier_skips(first: &[Alignment], prepared: &[PreparedPair]) -> Vec<Alignment> {
    first
        .iter()
        .zip(prepared)
        .map(|(a, p)| {
            let (src, tgt) = p.lengths();
            let limit =
                |other: &[usize]| OUTLIER_FACTOR * other.iter().copied().max().unwrap_or(0) as f64;
            let (src_limit, tgt_limit) = (limit(tgt), limit(src));
            let outlier = |b: &Bead| match (b.src.len(), b.tgt.len()) {
                (1, 0) => src[b.src.start] as f64 > src_limit,
                (0, 1) => tgt[b.tgt.start] as f64 > tgt_limit,
                _ => false,
            };
            Alignment {
                beads: a.beads.iter().filter(|b| !outlier(b)).cloned().collect(),
                ..a.clone()
            }
        })
        .collect()
}

/// Skip costs (source, target) from how often the first pass left a
/// sentence without counterpart in the document pairs that are not
/// abridged, pooled over the run and smoothed towards the default prior
/// with [`PRIOR_PSEUDO_BEADS`]; `None` for a side when no pair qualifies.
///
/// The per-pair skip costs come from the length totals, which see only
/// the net loss: when both sides drop a sentence (the translator left one
/// out, the editor added another), the totals balance and the estimate
/// stays at the 0.5% prior, while the ntrex-dev align sets drop 3-4% of
/// their sentences on each side. Taking the lower of the two costs in
/// the lexicon pass raised strict F1 on align ar-en from 0.935 to 0.940
/// and ar-ru from 0.932 to 0.937; [`pair_skip_costs`] says which cost
/// each pair takes. Pooling abridged pairs too made skips too cheap for
/// the complete pairs of a run that holds both kinds (ntrex-dev ar-ru
/// with every fourth pair abridged: -0.002), and giving the pooled costs
/// to abridged pairs made theirs too dear (-0.006).
fn pooled_skip_costs(first: &[Alignment]) -> (Option<f64>, Option<f64>) {
    let (mut src, mut tgt, mut n) = (0usize, 0usize, 0usize);
    for a in first.iter().filter(|a| complete(&a.length)) {
        n += a.beads.len();
        src += a.beads.iter().filter(|b| b.tgt.is_empty()).count();
        tgt += a.beads.iter().filter(|b| b.src.is_empty()).count();
    }
    if n == 0 {
        return (None, None);
    }
    let cost = |k: usize| {
        let p0 = prior(Shape::new(1, 0));
        Some(-((k as f64 + PRIOR_PSEUDO_BEADS * p0) / (n as f64 + PRIOR_PSEUDO_BEADS)).ln())
    };
    (cost(src), cost(tgt))
}

/// The skip costs (source, target) of a pair's lexicon pass, from its
/// own fitted costs and the pooled ones ([`pooled_skip_costs`]). A
/// complete pair takes the pooled costs: its own come from the length
/// totals of a few dozen sentences, and a pair whose Arabic side runs a
/// little long gets skips as cheap as 2 (a 13% omission rate) for no
/// other reason. An abridged pair keeps the lower of its own and the
/// pooled costs, so that it still skips cheaply in a run of complete
/// pairs. Against taking the lower cost for every pair, strict F1 on
/// ntrex-dev align rose from 0.952 to 0.956 (ar-en) and from 0.931 to
/// 0.932 (ar-ru) with the sentence balance of the lexicon pass at 0.6,
/// and from 0.939 to 0.940 and 0.937 to 0.939 without it; on the mixed run
/// of [`pooled_skip_costs`] (no sentence balance) the complete pairs rose
/// from 0.933 to 0.935 and the abridged ones kept 0.985.
fn pair_skip_costs(
    own: &LengthParams,
    pooled: (Option<f64>, Option<f64>),
) -> (Option<f64>, Option<f64>) {
    if complete(own) {
        (pooled.0.or(own.skip_src), pooled.1.or(own.skip_tgt))
    } else {
        (
            min_cost(own.skip_src, pooled.0),
            min_cost(own.skip_tgt, pooled.1),
        )
    }
}

/// How widely the lengths of this run's translations spread around the
/// fitted ratio: the squared robust standard deviation (median absolute
/// deviation over 0.6745) of the Gale–Church deltas, with a variance of 1,
/// of the first pass's 1-1 links in complete pairs; `None` with fewer than
/// 20 such links.
///
/// On the first pass of the dev sets it is 2.8 for ntrex-dev ar-en and 2.7
/// for textberg-dev de-fr, but 4.0 for ar-ru, whose two sides are separate
/// translations of an English original (gold 1-1 links: 2.9, 2.6 and 5.7
/// with the plain variance).
fn length_spread(first: &[Alignment], prepared: &[PreparedPair]) -> Option<f64> {
    let mut deltas: Vec<f64> = Vec::new();
    for (a, p) in first.iter().zip(prepared) {
        if !complete(&a.length) {
            continue;
        }
        let Some(ratio) = a.length.ratio else {
            continue;
        };
        let (src, tgt) = p.lengths();
        for b in a
            .beads
            .iter()
            .filter(|b| b.src.len() == 1 && b.tgt.len() == 1)
        {
            let (Some(&l1), Some(&l2)) = (src.get(b.src.start), tgt.get(b.tgt.start)) else {
                continue;
            };
            deltas.push(length_delta(l1 as f64, l2 as f64, ratio, 1.0).abs());
        }
    }
    if deltas.len() < MIN_SPREAD_LINKS {
        return None;
    }
    let mid = deltas.len() / 2;
    let (_, median, _) = deltas.select_nth_unstable_by(mid, f64::total_cmp);
    let sd = *median / 0.6745;
    Some(sd * sd)
}

/// Fewest 1-1 links [`length_spread`] estimates from.
const MIN_SPREAD_LINKS: usize = 20;

/// The spread of lengths ([`length_spread`]) up to which the Gale–Church
/// variance stands: close translations (ntrex-dev ar-en, textberg-dev
/// de-fr) measure 2.4 to 2.8.
const CLOSE_SPREAD: f64 = 3.0;

/// The length variance of a pair's lexicon pass: Gale and Church's,
/// raised in proportion where the run's lengths spread more than those of
/// close translations ([`CLOSE_SPREAD`]), so that the lexicon and anchors
/// weigh more against length there. Abridged pairs keep the plain
/// variance: their lengths are what tells a missing sentence from a
/// present one. Strict F1 on ntrex-dev align ar-ru rose from 0.933 to
/// 0.941 (a factor of 1.32); with the abridged pairs scaled too, abridged
/// ar-ru lost 0.006. A fixed factor for every run cost textberg-dev 0.003
/// at 1.5 and 0.023 at 2; thresholds of 2 and 2.5 gave the same figures
/// within 0.002.
fn pair_variance(length: &LengthParams, spread: Option<f64>) -> f64 {
    match spread {
        Some(s) if complete(length) => length.variance * (s / CLOSE_SPREAD).max(1.0),
        _ => length.variance,
    }
}

/// Whether a pair's fitted skip costs say that at most [`ABRIDGED_SHARE`]
/// of either side has no counterpart (the pair is not abridged).
fn complete(length: &LengthParams) -> bool {
    let side = |cost: Option<f64>| cost.is_some_and(|c| c > -ABRIDGED_SHARE.ln());
    side(length.skip_src) && side(length.skip_tgt)
}

/// The lower of two optional costs (`None` when both are).
fn min_cost(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::Bead;

    fn alignment(shapes: &[(usize, usize)], skip: Option<f64>) -> Alignment {
        let (mut i, mut j) = (0, 0);
        let beads = shapes
            .iter()
            .map(|&(a, b)| {
                let bead = Bead {
                    src: i..i + a,
                    tgt: j..j + b,
                    score: 1.0,
                    ..Default::default()
                };
                (i, j) = (i + a, j + b);
                bead
            })
            .collect();
        Alignment {
            beads,
            length: LengthParams {
                skip_src: skip,
                skip_tgt: skip,
                ..LengthParams::default()
            },
            sentences: None,
            band_limited: false,
        }
    }

    #[test]
    fn skip_costs_pool_complete_pairs_only() {
        let p0 = prior(Shape::new(1, 0));
        let cost =
            |k: f64, n: f64| -((k + PRIOR_PSEUDO_BEADS * p0) / (n + PRIOR_PSEUDO_BEADS)).ln();
        let complete =
            |skips: f64| alignment(&[(1, 1), (1, 0), (1, 1), (0, 1), (0, 1)], Some(skips));
        // Fitted skip costs of 5.3 (0.5% missing): complete; 1.1 (a
        // third missing): abridged, left out of the pool.
        let abridged = alignment(&[(1, 0), (1, 0), (1, 0), (1, 1)], Some(1.1));
        type Case = (Vec<Alignment>, Option<(f64, f64)>);
        let cases: Vec<Case> = vec![
            (vec![complete(5.3)], Some((cost(1.0, 5.0), cost(2.0, 5.0)))),
            (
                vec![complete(5.3), abridged.clone(), complete(5.3)],
                Some((cost(2.0, 10.0), cost(4.0, 10.0))),
            ),
            (vec![abridged.clone()], None),
            (vec![alignment(&[(1, 1)], None)], None),
            (Vec::new(), None),
        ];
        for (first, want) in cases {
            let got = pooled_skip_costs(&first);
            match want {
                Some((s, t)) => {
                    assert!((got.0.unwrap() - s).abs() < 1e-12);
                    assert!((got.1.unwrap() - t).abs() < 1e-12);
                }
                None => assert_eq!(got, (None, None)),
            }
        }
    }

    #[test]
    fn complete_pairs_take_the_pooled_skip_costs() {
        let pooled = (Some(3.3), Some(3.5));
        // (own costs, expected): 2.0 and 5.3 say 13% and 0.5% missing, a
        // complete pair, which takes the pooled costs whichever is lower;
        // 1.1 (a third missing) makes the pair abridged, which keeps the
        // lower cost side by side.
        let cases = [
            ((Some(2.0), Some(5.3)), (Some(3.3), Some(3.5))),
            ((Some(5.3), Some(5.3)), (Some(3.3), Some(3.5))),
            ((Some(1.1), Some(5.3)), (Some(1.1), Some(3.5))),
            ((Some(5.3), Some(1.1)), (Some(3.3), Some(1.1))),
            ((None, None), (Some(3.3), Some(3.5))),
        ];
        let length = |(skip_src, skip_tgt)| LengthParams {
            skip_src,
            skip_tgt,
            ..LengthParams::default()
        };
        for (own, want) in cases {
            assert_eq!(pair_skip_costs(&length(own), pooled), want, "{own:?}");
        }
        // Nothing pooled: a pair keeps its own costs.
        let own = (Some(2.0), Some(5.3));
        assert_eq!(pair_skip_costs(&length(own), (None, None)), own);
    }

    #[test]
    fn variance_grows_with_the_spread_of_complete_pairs_only() {
        let length = |skip: f64| LengthParams {
            skip_src: Some(skip),
            skip_tgt: Some(5.3),
            ..LengthParams::default()
        };
        let v = LengthParams::default().variance;
        // (skip cost, spread, expected factor): 1.1 makes the pair
        // abridged.
        let cases = [
            (5.3, Some(6.0), 2.0),
            (5.3, Some(2.0), 1.0),
            (5.3, None, 1.0),
            (1.1, Some(6.0), 1.0),
        ];
        for (skip, spread, factor) in cases {
            let got = pair_variance(&length(skip), spread);
            assert!((got - v * factor).abs() < 1e-12, "{skip} {spread:?}: {got}");
        }
    }

    #[test]
    fn spread_measures_how_far_lengths_stray() {
        use crate::lang::Lang;
        // One pair of 30 sentences, linked 1-1; the target lengths stray
        // from the source ones by `noise` characters, alternately up and
        // down, so the ratio stays 1.
        let run = |noise: usize| {
            let src: Vec<String> = (0..30).map(|_| "a".repeat(100)).collect();
            let tgt: Vec<String> = (0..30)
                .map(|i| "a".repeat(if i % 2 == 0 { 100 + noise } else { 100 - noise }))
                .collect();
            let cfg = AlignConfig::default();
            let (s, t) = (
                Side {
                    sentences: &src,
                    lang: &Lang::En,
                },
                Side {
                    sentences: &tgt,
                    lang: &Lang::En,
                },
            );
            let p = PreparedPair::new(s, t, &cfg);
            let mut a = alignment(&[(1, 1); 30], Some(5.3));
            a.length.ratio = Some(1.0);
            length_spread(&[a], &[p])
        };
        let (tight, loose) = (run(5).unwrap(), run(20).unwrap());
        // Deltas of noise / sqrt(mean length); the median is the shorter
        // pairs' one: 5 / sqrt(97.5) and 20 / sqrt(90), over 0.6745,
        // squared.
        assert!((tight - 0.564).abs() < 0.001, "{tight}");
        assert!((loose - 9.769).abs() < 0.001, "{loose}");
        // Too few links: no estimate.
        let mut few = alignment(&[(1, 1); 5], Some(5.3));
        few.length.ratio = Some(1.0);
        let s: Vec<String> = (0..5).map(|_| "a".repeat(100)).collect();
        let side = Side {
            sentences: &s,
            lang: &Lang::En,
        };
        let p = PreparedPair::new(side, side, &AlignConfig::default());
        assert_eq!(length_spread(&[few], &[p]), None);
    }

    /// Issue 16: the lexicon rounds search around the round before's path;
    /// the band still widens where the path leaves it, so a guide that is
    /// far off finds the same alignment as the coarse length guide.
    #[test]
    fn issue16_search_near_an_earlier_path() {
        use crate::lang::Lang;
        let mut rng = crate::rng::XorShift::new(16);
        let (mut src, mut tgt) = (Vec::new(), Vec::new());
        for k in 0..120 {
            let len = 20 + rng.below(120);
            src.push("a".repeat(len));
            match k % 9 {
                // A merge: two target sentences for one source sentence.
                3 => {
                    tgt.push("b".repeat(len / 2));
                    tgt.push("b".repeat(len - len / 2 + 3));
                }
                // An omission on the target side.
                7 => {}
                _ => tgt.push("b".repeat(len + rng.below(9))),
            }
        }
        let lang = Lang::En;
        let (s, t) = (
            Side {
                sentences: &src,
                lang: &lang,
            },
            Side {
                sentences: &tgt,
                lang: &lang,
            },
        );
        let cfg = AlignConfig::default();
        let p = PreparedPair::new(s, t, &cfg);
        let plain = align_prepared(&p, &cfg, None);
        let near = align_prepared_near(&p, &cfg, None, Some(&plain.beads));
        assert_eq!(near.beads, plain.beads);
        // A guide that runs along the far edges of the matrix.
        let (n, m) = (src.len(), tgt.len());
        let off = [
            Bead {
                src: 0..0,
                tgt: 0..m,
                score: 0.0,
                ..Default::default()
            },
            Bead {
                src: 0..n,
                tgt: m..m,
                score: 0.0,
                ..Default::default()
            },
        ];
        let far = align_prepared_near(&p, &cfg, None, Some(&off));
        assert_eq!(far.beads, plain.beads);
    }

    #[test]
    fn min_cost_keeps_what_there_is() {
        assert_eq!(min_cost(Some(3.0), Some(2.0)), Some(2.0));
        assert_eq!(min_cost(Some(3.0), None), Some(3.0));
        assert_eq!(min_cost(None, Some(2.0)), Some(2.0));
        assert_eq!(min_cost(None, None), None);
    }
}
