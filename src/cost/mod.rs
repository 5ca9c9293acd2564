//! Bead costs: how unlikely it is that a run of source sentences and a run
//! of target sentences translate each other. The DP only sees the
//! [`BeadCost`] trait, so a cost can change without touching the search.

pub mod combined;
pub mod length;
pub mod sentences;

pub use combined::{CombinedCost, CostWeights};
pub use length::{
    first_ratio, fit_ratio, length_delta, length_surprise, ln_erfc, robust_totals, LengthCost,
    LengthParams, Lengths,
};
pub use sentences::SentenceBalance;

use crate::align::shape::Shape;
use std::ops::Range;

/// A cost for every candidate bead; lower is better. Costs are negative log
/// probabilities (natural log), so that the aligner can also turn them into
/// posterior confidences.
pub trait BeadCost: Sync {
    /// The cost of linking source sentences `src` with target sentences
    /// `tgt`. At least one range is non-empty.
    fn cost(&self, src: Range<usize>, tgt: Range<usize>) -> f64;

    /// A number no bead of this shape costs less than. The DP skips a bead
    /// whose start cost plus this bound cannot beat the best found so far;
    /// the default bound never skips anything.
    fn lower_bound(&self, shape: Shape) -> f64 {
        let _ = shape;
        f64::NEG_INFINITY
    }

    /// The cost of the bead when it is at most `budget`; otherwise any
    /// number above `budget`. The DP only needs to know whether a bead
    /// beats the best so far, so a cost may skip its expensive parts when
    /// its cheap parts already rule the bead out. The default computes the
    /// whole cost.
    fn cost_within(&self, src: Range<usize>, tgt: Range<usize>, budget: f64) -> f64 {
        let _ = budget;
        self.cost(src, tgt)
    }
}
