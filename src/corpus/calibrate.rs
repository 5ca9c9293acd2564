//! A run's confidences: each bead explained and described by the
//! confidence model's features, its posterior calibrated into the
//! probability that it is a correct unit, and its flags set.

use super::{CorpusAlignment, LearnedLexicon, LexiconConfig, SentenceIds};
use crate::aligner::{
    explain_prepared, AlignConfig, Alignment, BeadExplanation, PreparedPair, Side,
};
use crate::anchors::AnchorMatch;
use crate::confidence::{self, FeatureInput, TextNumbers};
use crate::cost::length::first_ratio;
use crate::lexicon::DocScorer;
use rayon::prelude::*;

impl CorpusAlignment {
    /// Puts the run together and calibrates its scores: each link's
    /// posterior becomes the probability that it is a correct unit
    /// ([`crate::confidence`]), and its flags are set.
    /// `explained` holds each document's explanations when the last round
    /// worked them out with its scorer (see [`CorpusAlignment::explain`]);
    /// the others are worked out here.
    pub(super) fn calibrated(
        alignments: Vec<Alignment>,
        lexicon: Option<LearnedLexicon>,
        prepared: Vec<PreparedPair>,
        ids: Vec<(SentenceIds, SentenceIds)>,
        docs: &[(Side<'_>, Side<'_>)],
        (cfg, lex, numbers): (&AlignConfig, &LexiconConfig, Option<&TextNumbers<'_>>),
        mut explained: Vec<Option<Vec<BeadExplanation>>>,
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
        // Only a run of several documents can tell a document's own words
        // from the others'; the scores cost a scorer per document, so they
        // are only worked out for a model that weighs them.
        let foreign = lex.every_feature || confidence::Calibrator::shipped().uses_foreign();
        let grown = lex.grown_rivals(run.lexicon.is_some());
        let doc_frequency = match &run.lexicon {
            Some(_) if foreign && run.ids.len() > 1 => Some(confidence::DocFrequency::new(
                run.ids.iter().map(|(s, t)| (s.as_slice(), t.as_slice())),
            )),
            _ => None,
        };
        explained.resize_with(run.alignments.len(), || None);
        let (features, anchors): (Vec<_>, Vec<_>) = explained
            .into_par_iter()
            .enumerate()
            .map(|(k, explained)| {
                let (Some((src, tgt)), Some(a), Some(p)) =
                    (docs.get(k), run.alignments.get(k), run.prepared.get(k))
                else {
                    return (Vec::new(), Vec::new());
                };
                let explained = explained.unwrap_or_else(|| run.explain_with(k, cfg, grown));
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
                let foreign = match (&run.lexicon, &doc_frequency, run.ids.get(k)) {
                    (Some(l), Some(df), Some((s, t))) => {
                        confidence::foreign_scores(&l.lexicon, df, s, t, &a.beads)
                    }
                    _ => Vec::new(),
                };
                let numbers = numbers.map(|n| n.of(k));
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
                    numbers: numbers.as_ref().map(|(s, t)| (s.as_slice(), t.as_slice())),
                    has_lexicon: run.lexicon.is_some(),
                    support: &support,
                    foreign: &foreign,
                    lexical_weight: cfg.weights.lexical,
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
        self.explain_with(k, cfg, true)
    }

    /// [`CorpusAlignment::explain`], with the rivals grown by a sentence
    /// only when `grown` (see [`explain_prepared`]).
    fn explain_with(&self, k: usize, cfg: &AlignConfig, grown: bool) -> Vec<BeadExplanation> {
        let (Some(prepared), Some(alignment)) = (self.prepared.get(k), self.alignments.get(k))
        else {
            return Vec::new();
        };
        match (&self.lexicon, self.ids.get(k)) {
            (Some(l), Some((s, t))) => {
                let scorer = DocScorer::new(&l.lexicon, s, t);
                explain_prepared(prepared, cfg, alignment, Some(&scorer), grown)
            }
            _ => explain_prepared(prepared, cfg, alignment, None, grown),
        }
    }
}
