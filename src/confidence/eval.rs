//! How well scores are calibrated, measured against gold: is a unit scored
//! 0.8 correct four times in five?
//!
//! A test unit (a link with both sides non-empty) is correct when both of
//! its sides are the union of the gold links it touches: one or more
//! whole gold links, merged or not. The figures are the usual ones for a
//! probabilistic classifier: the expected calibration error over ten
//! equal-width score bins, the area under the ROC curve (how well the
//! score ranks correct units above wrong ones), and the two a reviewer
//! acts on: the share of units scored at least 0.9 that are correct, and
//! the share of correct units scored at least 0.9.

use super::REVIEW_BELOW;
use crate::eval::GoldBead;
use std::collections::BTreeSet;

/// One bin of the reliability table.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
pub struct Bin {
    /// Lowest score of the bin (the bin holds `[low, low + 0.1)`, the last
    /// one `[0.9, 1]`).
    pub low: f64,
    /// Units whose score falls in the bin.
    pub units: usize,
    /// Their mean score: the predicted share of correct units.
    pub predicted: f64,
    /// The share of them that is correct.
    pub observed: f64,
}

/// Calibration figures over a set of documents.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
pub struct Calibration {
    /// Test units scored.
    pub units: usize,
    /// How many of them are correct.
    pub correct: usize,
    /// Expected calibration error: the mean gap between predicted and
    /// observed share of correct units, bins weighted by their size.
    pub ece: f64,
    /// Area under the ROC curve (ties count half); 1 when every unit is
    /// correct or every unit wrong, since nothing is to be ranked.
    pub auc: f64,
    /// Share of the units scored at least 0.9 that are correct.
    pub precision_at_review: f64,
    /// Share of the correct units scored at least 0.9.
    pub kept_at_review: f64,
    /// The reliability table, ten bins from 0 to 1 (empty bins included).
    pub bins: Vec<Bin>,
}

/// Whether test unit `unit` is correct against `gold`.
pub fn unit_is_correct(unit: &GoldBead, gold: &[GoldBead]) -> bool {
    let src: BTreeSet<usize> = unit.src.iter().copied().collect();
    let tgt: BTreeSet<usize> = unit.tgt.iter().copied().collect();
    let (mut us, mut ut) = (BTreeSet::new(), BTreeSet::new());
    for g in gold {
        if g.src.iter().any(|i| src.contains(i)) || g.tgt.iter().any(|j| tgt.contains(j)) {
            us.extend(g.src.iter().copied());
            ut.extend(g.tgt.iter().copied());
        }
    }
    !src.is_empty() && !tgt.is_empty() && us == src && ut == tgt
}

/// One document for [`measure`]: its gold links, and the test links with
/// their scores.
pub type ScoredDoc = (Vec<GoldBead>, Vec<(GoldBead, Option<f64>)>);

/// Measures calibration over documents given as (gold, scored test
/// beads); beads with an empty side or without a score are not units.
pub fn measure(docs: &[ScoredDoc]) -> Calibration {
    let mut scored: Vec<(f64, bool)> = Vec::new();
    for (gold, test) in docs {
        for (b, score) in test {
            if let (Some(s), false, false) = (score, b.src.is_empty(), b.tgt.is_empty()) {
                scored.push((*s, unit_is_correct(b, gold)));
            }
        }
    }
    from_scored(&scored)
}

/// The figures for (score, correct) pairs.
pub fn from_scored(scored: &[(f64, bool)]) -> Calibration {
    let n = scored.len();
    let mut bins: Vec<Bin> = (0..10)
        .map(|k| Bin {
            low: f64::from(k) / 10.0,
            ..Bin::default()
        })
        .collect();
    let mut sums = [(0.0f64, 0usize); 10];
    for &(p, ok) in scored {
        // Scores are probabilities; anything outside counts in the end bins.
        let k = ((p * 10.0).floor().max(0.0) as usize).min(9);
        bins[k].units += 1;
        sums[k].0 += p;
        sums[k].1 += usize::from(ok);
    }
    let mut ece = 0.0;
    for (b, (sum, ok)) in bins.iter_mut().zip(sums) {
        if b.units > 0 {
            b.predicted = sum / b.units as f64;
            b.observed = ok as f64 / b.units as f64;
            ece += (sum - ok as f64).abs();
        }
    }
    let correct = scored.iter().filter(|s| s.1).count();
    let high: Vec<bool> = scored
        .iter()
        .filter(|s| s.0 >= REVIEW_BELOW)
        .map(|s| s.1)
        .collect();
    let share = |num: usize, den: usize| {
        if den == 0 {
            1.0
        } else {
            num as f64 / den as f64
        }
    };
    Calibration {
        units: n,
        correct,
        ece: if n == 0 { 0.0 } else { ece / n as f64 },
        auc: auc(scored),
        precision_at_review: share(high.iter().filter(|&&ok| ok).count(), high.len()),
        kept_at_review: share(
            scored.iter().filter(|s| s.1 && s.0 >= REVIEW_BELOW).count(),
            correct,
        ),
        bins,
    }
}

/// Area under the ROC curve by the rank-sum (Mann-Whitney) formula, tied
/// scores sharing their mean rank.
fn auc(scored: &[(f64, bool)]) -> f64 {
    let pos = scored.iter().filter(|s| s.1).count();
    let neg = scored.len() - pos;
    if pos == 0 || neg == 0 {
        return 1.0;
    }
    let mut sorted: Vec<(f64, bool)> = scored.to_vec();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut rank_sum = 0.0;
    let mut i = 0;
    while i < sorted.len() {
        let mut j = i;
        while j < sorted.len() && sorted[j].0 == sorted[i].0 {
            j += 1;
        }
        // Ranks i+1 ..= j share their mean.
        let mean_rank = (i + 1 + j) as f64 / 2.0;
        rank_sum += mean_rank * sorted[i..j].iter().filter(|s| s.1).count() as f64;
        i = j;
    }
    let pos_f = pos as f64;
    (rank_sum - pos_f * (pos_f + 1.0) / 2.0) / (pos_f * neg as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(src: &[usize], tgt: &[usize]) -> GoldBead {
        GoldBead {
            src: src.to_vec(),
            tgt: tgt.to_vec(),
        }
    }

    #[test]
    fn units_are_unions_of_gold_links() {
        let gold = [
            b(&[0], &[0]),
            b(&[1, 2], &[1]),
            b(&[3], &[]),
            b(&[4], &[2, 3]),
        ];
        let cases = [
            (b(&[0], &[0]), true),
            (b(&[0, 1, 2], &[0, 1]), true),
            (b(&[1], &[1]), false),
            (b(&[1, 2, 3], &[1]), true),
            (b(&[4], &[2]), false),
            (b(&[3, 4], &[2, 3]), true),
            (b(&[0], &[]), false),
        ];
        for (unit, want) in cases {
            assert_eq!(unit_is_correct(&unit, &gold), want, "{unit:?}");
        }
    }

    #[test]
    fn figures_by_hand() {
        // Two bins: four units at 0.95 (three correct), two at 0.25 (one).
        let scored = [
            (0.95, true),
            (0.95, true),
            (0.95, true),
            (0.95, false),
            (0.25, true),
            (0.25, false),
        ];
        let c = from_scored(&scored);
        assert_eq!((c.units, c.correct), (6, 4));
        // |3.8 - 3| + |0.5 - 1| over 6 units.
        assert!((c.ece - 1.3 / 6.0).abs() < 1e-12, "{}", c.ece);
        assert!((c.precision_at_review - 0.75).abs() < 1e-12);
        assert!((c.kept_at_review - 0.75).abs() < 1e-12);
        // Pairs (correct, wrong): 3x1 ties at 0.95 (1.5), 3x1 wins over the
        // 0.25 wrong one (3), 1 tie at 0.25 (0.5), 1 loss: 5 of 8.
        assert!((c.auc - 5.0 / 8.0).abs() < 1e-12, "{}", c.auc);
        assert_eq!(c.bins[9].units, 4);
        assert!((c.bins[9].observed - 0.75).abs() < 1e-12);
        assert_eq!(c.bins[2].units, 2);
        assert!(from_scored(&[]).bins.iter().all(|b| b.units == 0));
    }

    #[test]
    fn measure_skips_non_units_and_unscored_links() {
        let gold = vec![b(&[0], &[0]), b(&[1], &[1])];
        let test = vec![
            (b(&[0], &[0]), Some(0.99)),
            (b(&[1], &[]), Some(0.4)),
            (b(&[], &[1]), None),
        ];
        let c = measure(&[(gold, test)]);
        assert_eq!((c.units, c.correct), (1, 1));
        assert_eq!(c.auc, 1.0);
    }
}
