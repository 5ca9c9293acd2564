//! Beads: the links of an alignment.

use std::ops::Range;

/// One link of an alignment: a run of source sentences paired with a run of
/// target sentences. Either side may be empty (a 1-0 or 0-1 bead), never
/// both.
#[derive(Debug, Clone, PartialEq)]
pub struct Bead {
    /// Source sentence indices (0-based, half-open).
    pub src: Range<usize>,
    /// Target sentence indices (0-based, half-open).
    pub tgt: Range<usize>,
    /// Confidence in [0, 1].
    pub score: f64,
}

impl Bead {
    /// The bead's shape as (source count, target count), e.g. (1, 2).
    pub fn shape(&self) -> (usize, usize) {
        (self.src.len(), self.tgt.len())
    }

    /// The shape written as in TMX props and reports, e.g. `1-2`.
    pub fn shape_label(&self) -> String {
        let (s, t) = self.shape();
        format!("{s}-{t}")
    }
}
