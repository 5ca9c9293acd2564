//! What the aligner knows of each link, as numbers for the confidence
//! model: how sure the posterior is, the parts of the bead's cost, the
//! anchors that agree and disagree, and where the link stands.

use crate::align::Bead;
use crate::aligner::BeadExplanation;
use crate::anchors::{self, AnchorKind, DocAnchors};
use crate::lang::Lang;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::ops::Range;

/// The features, in the order of a feature row and of the model file.
///
/// Besides the posterior (`certainty` is `-ln(1 - p)`, `doubt` is
/// `-ln p`), the cost parts and the flags' measures: `merge_gain`, the
/// evidence the link gains by taking in one more neighbouring sentence
/// ([`crate::aligner::Rivals::merge_gain`]); `doc_skip_share`, the share
/// of the document's sentences left without counterpart;
/// `doc_doubt_share`, the share of its links with a posterior below 0.95;
/// `src_support` and `tgt_support`, the shares of the link's words that
/// other links of the run tie to its other side ([`super::lexical_support`]);
/// `punctuation_differs`, the kinds of punctuation (question, exclamation,
/// quotation, parenthesis, colon) found on one side only; `short_side`,
/// `ln(1 + length)` of the shorter side; `off_diagonal`, how far the link
/// lies from the documents' diagonal; `numbers_disagree`, 1 when any
/// number is found on one side only (beside the count, `numbers_differ`,
/// so that the first stray number weighs more than each further one:
/// leave-one-set-out log loss 536.5 -> 530.2 when the lexicon model took
/// it in); `rival_cost_margin_to_5`, the rival margin capped
/// ([`MARGIN_CAP`]); `merge_cost_gain`, how much the link's whole cost
/// falls when it takes in one more neighbouring sentence, when it falls
/// ([`crate::aligner::Rivals::merge_cost_gain`]); `foreign_share`, the
/// share of its lexical score left without the words only its own
/// document holds ([`super::foreign_scores`]; 1 in a run of one
/// document); `anchors_nearby`, the weight of the link's anchors that
/// match nothing on its other side but a sentence near it there
/// ([`anchors_nearby`]). Not every feature is used: the fitted models give some a
/// weight of 0 (`scripts/fit-confidence.py`, whose header says what each
/// unused one was measured to give).
pub const FEATURES: [&str; 32] = [
    "certainty",
    "doubt",
    "neighbour_certainty",
    "next_to_skip",
    "extra_sentences",
    "length_cost",
    "anchor_bonus",
    "anchor_penalty",
    "lexical_bonus",
    "has_lexicon",
    "numbers_differ",
    "names_elsewhere",
    "ratio_deviation",
    "sentence_balance",
    "rival_cost_margin",
    "rival_evidence_margin",
    "certainty_to_3",
    "certainty_to_8",
    "neighbour_certainty_to_3",
    "merge_gain",
    "doc_skip_share",
    "doc_doubt_share",
    "src_support",
    "tgt_support",
    "punctuation_differs",
    "short_side",
    "off_diagonal",
    "numbers_disagree",
    "rival_cost_margin_to_5",
    "merge_cost_gain",
    "foreign_share",
    "anchors_nearby",
];

/// Certainty (`-ln(1 - posterior)`) stops counting at these values in the
/// capped features: a linear model then bends where a posterior of 0.95
/// (3) or 0.9997 (8) stops telling right from wrong.
const CAPS: [f64; 2] = [3.0, 8.0];

pub(super) const HAS_LEXICON: usize = 9;
pub(super) const NUMBERS_DIFFER: usize = 10;
pub(super) const NAMES_ELSEWHERE: usize = 11;
pub(super) const RATIO_DEVIATION: usize = 12;
pub(super) const SRC_SUPPORT: usize = 22;
pub(super) const FOREIGN_SHARE: usize = 30;
/// Indexes of `merge_gain` and `merge_cost_gain` in [`FEATURES`].
pub(super) const MERGE_GAINS: [usize; 2] = [19, 29];

/// The margin against the best rival path stops counting here in
/// `rival_cost_margin_to_5`: beyond it a wider margin says nothing more
/// (leave-one-set-out log loss 543.1 -> 539.3 when the lexicon model took
/// the capped margin in beside the plain one).
const MARGIN_CAP: f64 = 5.0;

/// Smallest probability the posterior features tell apart. The posterior
/// is a difference of forward and backward sums of a few thousand nats,
/// exact to about 1e-10, so finer values are noise.
const FLOOR: f64 = 1e-9;

/// Characters added to both sides before a length ratio is taken, so that
/// a two-word headline does not count as wildly uneven.
const RATIO_SMOOTHING: f64 = 20.0;

/// Everything [`bead_features`] reads about one aligned document pair.
pub struct FeatureInput<'a> {
    /// The beads with their posterior probabilities.
    pub beads: &'a [Bead],
    /// The beads' cost parts and matched anchors, in the same order.
    pub explained: &'a [BeadExplanation],
    /// Source sentences.
    pub src: &'a [String],
    /// Target sentences.
    pub tgt: &'a [String],
    /// Source language.
    pub src_lang: &'a Lang,
    /// Target language.
    pub tgt_lang: &'a Lang,
    /// Length of each sentence, in the aligner's units.
    pub src_len: &'a [usize],
    /// Length of each target sentence.
    pub tgt_len: &'a [usize],
    /// Target/source length ratio of the fitted model.
    pub ratio: f64,
    /// The document's anchors, as the aligner kept them (only those with a
    /// possible counterpart somewhere in the other side).
    pub anchors: Option<&'a DocAnchors>,
    /// Each source and target sentence's numbers, when read already
    /// without anchors ([`super::TextNumbers`]).
    pub numbers: Option<SideNumbers<'a>>,
    /// Whether the final pass had lexical evidence.
    pub has_lexicon: bool,
    /// Each bead's lexical support ([`super::lexical_support`]): the
    /// shares of its source and target tokens that other links of the run
    /// tie to a token of its other side; empty without a learned lexicon.
    pub support: &'a [super::Support],
    /// Each bead's lexical score without the words no other document of
    /// the run holds ([`super::foreign_scores`]); empty for a run of one
    /// document, without a lexicon, or when no model weighs it
    /// ([`super::Calibrator::uses_foreign`]).
    pub foreign: &'a [f64],
    /// The weight of the lexical score in a bead's cost
    /// ([`crate::cost::CostWeights::lexical`]), to read the score back
    /// from the bonus.
    pub lexical_weight: f64,
}

/// Each source and each target sentence's numbers (their keys).
pub type SideNumbers<'a> = (&'a [Vec<String>], &'a [Vec<String>]);

/// One feature row per bead, `None` for beads with an empty side.
pub fn bead_features(input: &FeatureInput<'_>) -> Vec<Option<Vec<f64>>> {
    let read: (Vec<Vec<String>>, Vec<Vec<String>>);
    let (src_numbers, tgt_numbers): SideNumbers<'_> = match (input.anchors, input.numbers) {
        (Some(a), _) => {
            read = (
                (0..input.src.len())
                    .into_par_iter()
                    .with_min_len(PAR_MIN)
                    .map(|i| owned(a.src_keys(i, AnchorKind::Number)))
                    .collect(),
                (0..input.tgt.len())
                    .into_par_iter()
                    .with_min_len(PAR_MIN)
                    .map(|j| owned(a.tgt_keys(j, AnchorKind::Number)))
                    .collect(),
            );
            (&read.0, &read.1)
        }
        (None, Some(numbers)) => numbers,
        (None, None) => {
            read = (
                numbers(input.src, input.src_lang),
                numbers(input.tgt, input.tgt_lang),
            );
            (&read.0, &read.1)
        }
    };
    let is_unit = |b: &Bead| !b.src.is_empty() && !b.tgt.is_empty();
    let certainty = |b: &Bead| -(1.0 - b.score).max(FLOOR).ln();
    let beads = input.beads;
    let (skipped, sentences, doubtful, units) =
        beads
            .iter()
            .fold((0usize, 0usize, 0usize, 0usize), |(sk, all, d, u), b| {
                let n = b.src.len() + b.tgt.len();
                if is_unit(b) {
                    (sk, all + n, d + usize::from(certainty(b) < CAPS[0]), u + 1)
                } else {
                    (sk + n, all + n, d, u)
                }
            });
    let share = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let (doc_skip_share, doc_doubt_share) = (share(skipped, sentences), share(doubtful, units));
    // On every core: one long pair is one document of a corpus run, and
    // its features were a serial 70 ms after the last round on 20,000
    // sentences of real news (issue 16).
    beads
        .par_iter()
        .with_min_len(PAR_MIN)
        .enumerate()
        .map(|(k, b)| {
            if !is_unit(b) {
                return None;
            }
            let e = input.explained.get(k)?;
            let neighbours = [k.checked_sub(1), Some(k + 1)]
                .into_iter()
                .flatten()
                .filter_map(|i| beads.get(i));
            let mut next_to_skip = 0.0;
            let mut neighbour = f64::INFINITY;
            for nb in neighbours {
                if is_unit(nb) {
                    neighbour = neighbour.min(certainty(nb));
                } else {
                    next_to_skip = 1.0;
                }
            }
            if !neighbour.is_finite() {
                neighbour = certainty(b);
            }
            let s_len: usize = input
                .src_len
                .get(b.src.clone())
                .map_or(0, |l| l.iter().sum());
            let t_len: usize = input
                .tgt_len
                .get(b.tgt.clone())
                .map_or(0, |l| l.iter().sum());
            let ratio = ((t_len as f64 + RATIO_SMOOTHING)
                / (s_len as f64 * input.ratio + RATIO_SMOOTHING))
                .ln()
                .abs();
            let p = &e.parts;
            let differ = numbers_differ(src_numbers, tgt_numbers, b);
            Some(vec![
                certainty(b),
                -b.score.max(FLOOR).ln(),
                neighbour,
                next_to_skip,
                (b.src.len() + b.tgt.len() - 2) as f64,
                p.length,
                p.anchor_bonus,
                p.anchor_penalty,
                p.lexical_bonus,
                f64::from(u8::from(input.has_lexicon)),
                differ as f64,
                input.anchors.map_or(0, |a| names_elsewhere(a, b, e)) as f64,
                if ratio.is_finite() { ratio } else { 0.0 },
                p.sentences,
                e.rivals.cost_margin,
                e.rivals.evidence_margin,
                certainty(b).min(CAPS[0]),
                certainty(b).min(CAPS[1]),
                neighbour.min(CAPS[0]),
                e.rivals.merge_gain,
                doc_skip_share,
                doc_doubt_share,
                input.support.get(k).map_or(0.0, |s| s.src),
                input.support.get(k).map_or(0.0, |s| s.tgt),
                punctuation_differs(input.src, input.tgt, b) as f64,
                (1.0 + s_len.min(t_len) as f64).ln(),
                off_diagonal(b, input.src.len(), input.tgt.len()),
                f64::from(u8::from(differ > 0)),
                e.rivals.cost_margin.min(MARGIN_CAP),
                e.rivals.merge_cost_gain.max(0.0),
                foreign_share(input, k, p.lexical_bonus),
                input.anchors.map_or(0.0, |a| anchors_nearby(a, b)),
            ])
        })
        .collect()
}

/// Fewest sentences or beads a thread takes on: a short document's
/// features stay on the thread that aligned it.
const PAR_MIN: usize = 256;

/// The number keys of each sentence (values, as the anchors read them in
/// any script: `2017`, `١٥` and `fifteen` alike), for a run without
/// anchors.
fn numbers(sentences: &[String], lang: &Lang) -> Vec<Vec<String>> {
    // On every core: one long pair is one document of a corpus run, and
    // reading its numbers was a third of a length-only run (issue 16).
    sentences.par_iter().map(|s| number_keys(s, lang)).collect()
}

/// The number keys of one sentence (see [`numbers`]).
pub(super) fn number_keys(sentence: &str, lang: &Lang) -> Vec<String> {
    anchors::extract_numbers(sentence, lang)
        .into_iter()
        .map(|a| a.key)
        .collect()
}

/// A [`DocAnchors`] keeps every anchor of a sentence, numbers without a
/// partner in the document included (only the id lists the DP merges are
/// pruned), so a run with anchors reads the numbers' keys from there
/// instead of again.
fn owned(keys: Vec<&str>) -> Vec<String> {
    keys.into_iter().map(str::to_string).collect()
}

/// Distinct numbers found on one side of the bead and not on the other.
fn numbers_differ(src: &[Vec<String>], tgt: &[Vec<String>], b: &Bead) -> usize {
    let side = |all: &[Vec<String>], r: std::ops::Range<usize>| -> BTreeSet<String> {
        all.get(r)
            .into_iter()
            .flatten()
            .flatten()
            .cloned()
            .collect()
    };
    let s = side(src, b.src.clone());
    let t = side(tgt, b.tgt.clone());
    s.symmetric_difference(&t).count()
}

/// Names and Latin tokens of the bead's target side without a partner in
/// its source side, although (having survived the aligner's pruning) they
/// have one somewhere in the source document: "Shoigu" in a link whose
/// Arabic side does not hold شويغو, found in another sentence. The target
/// side is the one counted because the source (Arabic) side calls almost
/// every content word a possible name; one name matched twice on the
/// source side counts once.
fn names_elsewhere(a: &DocAnchors, b: &Bead, e: &BeadExplanation) -> usize {
    let tgt_names: usize = b
        .tgt
        .clone()
        .map(|j| a.tgt_keys(j, AnchorKind::Latin).len())
        .sum();
    let matched: BTreeSet<(usize, &str)> = e
        .anchors
        .iter()
        .filter(|m| m.tgt.kind == AnchorKind::Latin)
        .map(|m| (m.tgt_sentence, m.tgt.surface.as_str()))
        .collect();
    tgt_names.saturating_sub(matched.len())
}

/// Sentences on each side of a bead searched by [`anchors_nearby`].
const NEARBY: usize = 3;

/// The weight of the anchors of the bead's sentences that match none of
/// its other side, but do match a sentence within [`NEARBY`] of it on
/// that side: a name of the link's target that stands in the source
/// sentence after its own says the link may be shifted by one, or that a
/// skip was put on the wrong one of two neighbours. Measured as the
/// weight the bead's anchors gain when its other side takes in those
/// sentences, before and after it in turn, with the aligner's own
/// scoring (cheap enough for every link of a long pair).
fn anchors_nearby(a: &DocAnchors, b: &Bead) -> f64 {
    let own = a.similarity(b.src.clone(), b.tgt.clone()).matched_weight;
    let gain = |src: Range<usize>, tgt: Range<usize>| {
        (a.similarity(src, tgt).matched_weight - own).max(0.0)
    };
    let (s, t) = (&b.src, &b.tgt);
    gain(s.clone(), t.start.saturating_sub(NEARBY)..t.end)
        + gain(s.clone(), t.start..t.end + NEARBY)
        + gain(s.start.saturating_sub(NEARBY)..s.end, t.clone())
        + gain(s.start..s.end + NEARBY, t.clone())
}

/// The share of the bead's lexical score left when the words of its
/// document that no other document of the run holds are made unknown
/// ([`super::foreign_scores`]), between 0 and 1; 1 where that is not
/// measured (a run of one document or without a lexicon) or the bead has
/// little lexical evidence to lose (a score up to 1).
fn foreign_share(input: &FeatureInput<'_>, k: usize, lexical_bonus: f64) -> f64 {
    let Some(&foreign) = input.foreign.get(k) else {
        return 1.0;
    };
    let score = lexical_bonus / input.lexical_weight;
    if score > 1.0 && score.is_finite() {
        (foreign.max(0.0) / score).min(1.0)
    } else {
        1.0
    }
}

/// Marks that a translation keeps in every script: a question, an
/// exclamation, a quotation, a parenthesis, a colon.
fn punctuation_classes(text: &str) -> u8 {
    let mut found = 0u8;
    for c in text.chars() {
        found |= match c {
            '?' | '\u{061F}' => 1,
            '!' => 2,
            '"' | '\u{AB}' | '\u{BB}' | '\u{201C}' | '\u{201D}' | '\u{201E}' => 4,
            '(' | ')' => 8,
            ':' => 16,
            _ => 0,
        };
    }
    found
}

/// Kinds of punctuation ([`punctuation_classes`]) found on one side of
/// the bead and not on the other.
fn punctuation_differs(src: &[String], tgt: &[String], b: &Bead) -> u32 {
    let side = |all: &[String], r: std::ops::Range<usize>| -> u8 {
        all.get(r)
            .into_iter()
            .flatten()
            .fold(0, |acc, s| acc | punctuation_classes(s))
    };
    (side(src, b.src.clone()) ^ side(tgt, b.tgt.clone())).count_ones()
}

/// How far the bead's middle lies from the documents' diagonal, as a
/// share of the document.
fn off_diagonal(b: &Bead, n: usize, m: usize) -> f64 {
    if n == 0 || m == 0 {
        return 0.0;
    }
    let mid = |r: &std::ops::Range<usize>, len: usize| (r.start + r.end) as f64 / 2.0 / len as f64;
    (mid(&b.src, n) - mid(&b.tgt, m)).abs()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(lines: &[&str]) -> Vec<String> {
        lines.iter().map(|s| s.to_string()).collect()
    }

    fn bead(src: std::ops::Range<usize>, tgt: std::ops::Range<usize>) -> Bead {
        Bead {
            src,
            tgt,
            ..Default::default()
        }
    }

    #[test]
    fn punctuation_kinds_on_one_side_only() {
        let src = texts(&["هل جاء؟", "قال: «نعم»", "(تقرير)"]);
        let tgt = texts(&["Did he come?", "He said: \"yes\"", "A report.", "(Report)"]);
        let cases = [
            (bead(0..1, 0..1), 0),
            (bead(1..2, 1..2), 0),
            (bead(1..2, 2..3), 2),
            (bead(2..3, 2..3), 1),
            (bead(2..3, 3..4), 0),
            (bead(0..2, 0..2), 0),
            (bead(0..1, 1..2), 3),
        ];
        for (b, want) in cases {
            assert_eq!(punctuation_differs(&src, &tgt, &b), want, "{b:?}");
        }
    }

    /// Issue 12: a link whose numbers stand in its neighbours' other
    /// sides (a run shifted by one) carries their weight; the right links
    /// carry none.
    #[test]
    fn issue12_anchors_nearby_marks_a_shifted_link() {
        let src = texts(&[
            "دفع 1200 دولار أمس.",
            "اجتمعت الوزارة 35 مرة.",
            "وقال 7 شهود.",
        ]);
        let tgt = texts(&[
            "He paid 1200 dollars.",
            "The ministry met 35 times.",
            "Seven witnesses spoke, 7 in all.",
        ]);
        let a = DocAnchors::new(&src, &Lang::Ar, &tgt, &Lang::En);
        for k in 0..3 {
            assert_eq!(anchors_nearby(&a, &bead(k..k + 1, k..k + 1)), 0.0, "{k}");
        }
        // 1200 stands in the target before, 35 in the source after; a
        // number weighs 1.
        let shifted = anchors_nearby(&a, &bead(0..1, 1..2));
        assert!((shifted - 2.0).abs() < 1e-9, "{shifted}");
    }

    #[test]
    fn distance_from_the_diagonal() {
        assert_eq!(off_diagonal(&bead(0..1, 0..1), 10, 10), 0.0);
        assert!((off_diagonal(&bead(0..1, 5..6), 10, 10) - 0.5).abs() < 1e-12);
        assert!((off_diagonal(&bead(4..6, 1..2), 10, 3) - 0.0).abs() < 1e-12);
        assert_eq!(off_diagonal(&bead(0..1, 0..0), 0, 3), 0.0);
    }
}
