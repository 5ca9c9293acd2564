//! How a link compares with the links it could have been instead: the
//! same link shifted by one sentence, or grown by one sentence.

use crate::cost::combined::CostParts;
use crate::cost::CombinedCost;
use std::ops::Range;

/// How a bead compares with its rivals (see [`BeadExplanation::rivals`]);
/// both margins are positive when the bead beats every rival, and 0 when
/// it has none.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rivals {
    /// The cheapest rival's cost minus the bead's cost.
    pub cost_margin: f64,
    /// The bead's evidence (anchor bonus minus penalty plus lexical
    /// bonus) minus the best rival's.
    pub evidence_margin: f64,
    /// The most evidence the bead gains when one more sentence, next to
    /// it on either side, is added to it: positive when a neighbour holds
    /// the rest of a translation the bead cut in two (0 when the grown
    /// beads were not worked out).
    pub merge_gain: f64,
    /// The most the bead's cost falls when one more sentence next to it
    /// is added to it (the bead's cost minus the cheapest grown bead's):
    /// positive when the grown bead is cheaper, length and shape prior
    /// included, where `merge_gain` counts the evidence alone (0 when the
    /// grown beads were not worked out).
    pub merge_cost_gain: f64,
}

fn evidence(p: &CostParts) -> f64 {
    p.anchor_bonus - p.anchor_penalty + p.lexical_bonus
}

/// Compares a bead whose cost parts are `parts` with its rivals; with
/// `grown`, with the beads grown by a sentence too.
pub(super) fn rivals(
    cost: &CombinedCost<'_>,
    src: Range<usize>,
    tgt: Range<usize>,
    parts: &CostParts,
    (n, m): (usize, usize),
    grown: bool,
) -> Rivals {
    if src.is_empty() || tgt.is_empty() {
        return Rivals::default();
    }
    let shifted = |r: &Range<usize>, up: bool, len: usize| -> Option<Range<usize>> {
        if up {
            (r.end < len).then(|| r.start + 1..r.end + 1)
        } else {
            (r.start > 0).then(|| r.start - 1..r.end - 1)
        }
    };
    let mut best_cost = f64::INFINITY;
    let mut best_evidence = f64::NEG_INFINITY;
    for up in [false, true] {
        let others = [
            shifted(&src, up, n).map(|s| (s, tgt.clone())),
            shifted(&tgt, up, m).map(|t| (src.clone(), t)),
        ];
        for (s, t) in others.into_iter().flatten() {
            let p = cost.parts(s, t);
            best_cost = best_cost.min(p.total());
            best_evidence = best_evidence.max(evidence(&p));
        }
    }
    if !best_cost.is_finite() {
        return Rivals::default();
    }
    let own = evidence(parts);
    let (cost_margin, evidence_margin) = (best_cost - parts.total(), own - best_evidence);
    if !grown {
        return Rivals {
            cost_margin,
            evidence_margin,
            ..Rivals::default()
        };
    }
    let grown = |r: &Range<usize>, len: usize| -> [Option<Range<usize>>; 2] {
        [
            (r.start > 0).then(|| r.start - 1..r.end),
            (r.end < len).then(|| r.start..r.end + 1),
        ]
    };
    let mut merge_gain = f64::NEG_INFINITY;
    let mut merge_cost_gain = f64::NEG_INFINITY;
    let grown_src = grown(&src, n)
        .into_iter()
        .flatten()
        .map(|s| (s, tgt.clone()));
    let grown_tgt = grown(&tgt, m)
        .into_iter()
        .flatten()
        .map(|t| (src.clone(), t));
    for (s, t) in grown_src.chain(grown_tgt) {
        let p = cost.parts(s, t);
        merge_gain = merge_gain.max(evidence(&p) - own);
        merge_cost_gain = merge_cost_gain.max(parts.total() - p.total());
    }
    let finite = |x: f64| if x.is_finite() { x } else { 0.0 };
    Rivals {
        cost_margin,
        evidence_margin,
        merge_gain: finite(merge_gain),
        merge_cost_gain: finite(merge_cost_gain),
    }
}

#[cfg(test)]
mod tests {
    use crate::align::Bead;
    use crate::aligner::{align_sentences, explain, AlignConfig, Side};
    use crate::lang::Lang;

    fn lines(text: &[&str]) -> Vec<String> {
        text.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_link_that_cuts_a_translation_gains_by_growing() {
        let src = lines(&[
            "The meeting was held in 1999 in Paris.",
            "There were 42 cats and 17 dogs.",
            "Nothing else happened on 3 May.",
        ]);
        let tgt = lines(&[
            "The meeting took place in Paris in 1999.",
            "There were 42 cats",
            "and 17 dogs.",
            "Nothing else happened on 3 May.",
        ]);
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
        let cfg = AlignConfig::default();
        let mut alignment = align_sentences(s, t, &cfg);
        let link = |a: usize, b: usize, c: usize, d: usize| Bead {
            src: a..b,
            tgt: c..d,
            score: 0.99,
            ..Default::default()
        };
        alignment.beads = vec![
            link(0, 1, 0, 1),
            link(1, 2, 1, 2),
            link(2, 2, 2, 3),
            link(2, 3, 3, 4),
        ];
        let explained = explain(s, t, &cfg, &alignment);
        // "and 17 dogs." holds the rest of the second link's translation.
        assert!(
            explained[1].rivals.merge_gain > 0.0,
            "{:?}",
            explained[1].rivals
        );
        // The others only take on anchors that belong elsewhere.
        assert!(
            explained[0].rivals.merge_gain < 0.0,
            "{:?}",
            explained[0].rivals
        );
        assert!(
            explained[3].rivals.merge_gain < 0.0,
            "{:?}",
            explained[3].rivals
        );
        // Growing costs it less than it costs the whole translations
        // (length and shape prior included, a 1-2 link costs more than a
        // 1-1 link even so).
        let cut = explained[1].rivals.merge_cost_gain;
        for k in [0, 3] {
            let r = explained[k].rivals;
            assert!(r.merge_cost_gain < cut - 1.0, "{k}: {r:?} against {cut}");
        }
        // A link with an empty side has no rivals.
        assert_eq!(explained[2].rivals, super::Rivals::default());
        // Without the grown beads, the margins against the shifted ones
        // stay as they were and the gains read 0.
        let prepared = crate::aligner::PreparedPair::new(s, t, &cfg);
        let short = crate::aligner::explain_prepared(&prepared, &cfg, &alignment, None, false);
        for (full, short) in explained.iter().zip(&short) {
            let (f, r) = (full.rivals, short.rivals);
            assert_eq!(
                (r.cost_margin, r.evidence_margin),
                (f.cost_margin, f.evidence_margin)
            );
            assert_eq!((r.merge_gain, r.merge_cost_gain), (0.0, 0.0));
        }
    }
}
