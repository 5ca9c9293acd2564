//! Scoring alignments against gold beads (Text+Berg definitions).

/// Precision, recall and F1 of one comparison.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
pub struct Prf {
    /// Correct items over items proposed.
    pub precision: f64,
    /// Correct items over items in the gold.
    pub recall: f64,
    /// Harmonic mean of precision and recall (0 when both are 0).
    pub f1: f64,
}

impl Prf {
    /// Builds the figures from counts; an empty denominator gives 0.
    pub fn from_counts(correct_p: usize, proposed: usize, correct_r: usize, gold: usize) -> Prf {
        let precision = if proposed == 0 { 0.0 } else { correct_p as f64 / proposed as f64 };
        let recall = if gold == 0 { 0.0 } else { correct_r as f64 / gold as f64 };
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Prf { precision, recall, f1 }
    }
}
