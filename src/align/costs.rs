//! The bead costs a posterior's sums take, by end cell and shape, kept
//! for the sums and for each link's confidence afterwards.
//!
//! Why not a plain table of `cells × shapes` floats: a lexicon round prices
//! few of the band's beads in full (on 20,000 sentences of real news, 86
//! thousand of 3.8 million), and the table of NaNs around them was 15 MB
//! at the run's peak (issue 16). Here each cell keeps a bit per shape and
//! where its costs start, and only the costs the sums took.

/// Bead costs by end cell and shape index: NaN for a bead the sums left
/// out.
pub trait CostTable {
    /// The cost of the bead of shape `shape` (of `shapes`) ending in
    /// `cell`, NaN when it has none.
    fn at(&self, cell: usize, shape: usize, shapes: usize) -> f32;
}

/// A full table, `shapes` slots a cell.
impl CostTable for [f32] {
    #[inline]
    fn at(&self, cell: usize, shape: usize, shapes: usize) -> f32 {
        self.get(cell * shapes + shape).copied().unwrap_or(f32::NAN)
    }
}

/// Bead costs of a band, stored by cell: which shapes have one, and the
/// costs themselves in cell and shape order.
#[derive(Debug, Clone)]
pub enum BeadCosts {
    /// Every cell with a slot per shape: a short pair's (searched from
    /// the start, see [`super::dp::posterior`]), and a long pair's with
    /// more than 16 shapes (a search takes at most 15 by default) or more
    /// costs than 32 bits count.
    Dense {
        /// The costs, NaN where there is none.
        costs: Vec<f32>,
    },
    /// The costs there are, with a bit per shape for each cell.
    Sparse {
        /// Per cell, bit `s` set when shape `s` has a cost.
        has: Vec<u16>,
        /// Per cell, where its costs start in `costs`.
        start: Vec<u32>,
        /// The costs.
        costs: Vec<f32>,
    },
}

impl BeadCosts {
    /// The costs of the lists of `lists` (bead index `cell × shapes +
    /// shape` and its cost, in any order; a bead listed twice has the same
    /// cost both times) for a band of `cells` cells and `shapes` shapes.
    /// Several lists, so that the posterior's two halves are not copied
    /// into one first.
    pub fn from_entries(cells: usize, shapes: usize, lists: &[&[(usize, f32)]]) -> BeadCosts {
        let entries = || lists.iter().flat_map(|l| l.iter());
        let fits = (1..=16).contains(&shapes)
            && lists.iter().map(|l| l.len()).sum::<usize>() < u32::MAX as usize
            && entries().all(|&(x, _)| x < cells * shapes);
        if !fits {
            let mut costs = vec![f32::NAN; cells * shapes];
            for &(x, c) in entries() {
                if let Some(slot) = costs.get_mut(x) {
                    *slot = c;
                }
            }
            return BeadCosts::Dense { costs };
        }
        // Placed without sorting: the cells' bits first, then where each
        // cell's costs start, then each cost in its cell's place (a bead
        // listed twice lands on the same slot).
        let mut has = vec![0u16; cells];
        for &(x, _) in entries() {
            has[x / shapes] |= 1 << (x % shapes);
        }
        let mut start = Vec::with_capacity(cells);
        let mut total = 0u32;
        for &bits in &has {
            start.push(total);
            total += bits.count_ones();
        }
        let mut costs = vec![f32::NAN; total as usize];
        for &(x, c) in entries() {
            let (cell, shape) = (x / shapes, x % shapes);
            costs[start[cell] as usize + before(has[cell], shape)] = c;
        }
        BeadCosts::Sparse { has, start, costs }
    }
}

/// Set bits of a byte, by byte: a look-up in this table is cheaper than
/// the bit-counting sequence the baseline x86-64 target compiles
/// `count_ones` to.
const BYTE_BITS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = (i as u8).count_ones() as u8;
        i += 1;
    }
    t
};

/// How many of the shapes before `shape` a cell with bits `bits` has.
#[inline]
fn before(bits: u16, shape: usize) -> usize {
    let below = bits & ((1u32 << shape) - 1) as u16;
    usize::from(BYTE_BITS[usize::from(below & 0xff)])
        + usize::from(BYTE_BITS[usize::from(below >> 8)])
}

impl CostTable for BeadCosts {
    #[inline]
    fn at(&self, cell: usize, shape: usize, shapes: usize) -> f32 {
        match self {
            BeadCosts::Dense { costs } => costs.at(cell, shape, shapes),
            BeadCosts::Sparse { has, start, costs } => {
                let Some(&bits) = has.get(cell) else {
                    return f32::NAN;
                };
                if shape >= 16 || bits & (1 << shape) == 0 {
                    return f32::NAN;
                }
                start
                    .get(cell)
                    .and_then(|&s| costs.get(s as usize + before(bits, shape)))
                    .copied()
                    .unwrap_or(f32::NAN)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparse_costs_read_back_as_the_full_table() {
        let shapes = 5;
        let mut full = vec![f32::NAN; 7 * shapes];
        for (x, c) in [
            (0, 1.5),
            (3, -2.0),
            (4, 0.25),
            (12, 7.0),
            (34, 3.0),
            (20, 0.0),
        ] {
            full[x] = c;
        }
        let entries: Vec<(usize, f32)> = full
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.is_nan())
            .map(|(x, &c)| (x, c))
            .collect();
        let sparse = BeadCosts::from_entries(7, shapes, &[&entries]);
        assert!(matches!(sparse, BeadCosts::Sparse { .. }));
        for (x, c) in full.iter().enumerate() {
            let (cell, shape) = (x / shapes, x % shapes);
            assert_eq!(
                sparse.at(cell, shape, shapes).to_bits(),
                c.to_bits(),
                "bead {x}"
            );
            assert_eq!(
                full.at(cell, shape, shapes).to_bits(),
                c.to_bits(),
                "bead {x}"
            );
        }
        assert!(sparse.at(7, 0, shapes).is_nan());
    }

    #[test]
    fn entries_twice_and_out_of_order_are_kept_once() {
        let entries = vec![(9, 1.0), (2, 4.0), (9, 1.0), (0, 2.0)];
        let costs = BeadCosts::from_entries(4, 3, &[&entries]);
        let got: Vec<f32> = (0..12).map(|x| costs.at(x / 3, x % 3, 3)).collect();
        assert_eq!(got[0], 2.0);
        assert_eq!(got[2], 4.0);
        assert_eq!(got[9], 1.0);
        assert_eq!(got.iter().filter(|c| !c.is_nan()).count(), 3);
    }

    #[test]
    fn many_shapes_fall_back_to_the_full_table() {
        let costs = BeadCosts::from_entries(2, 40, &[&[(45, 1.0)]]);
        assert!(matches!(costs, BeadCosts::Dense { .. }));
        assert_eq!(costs.at(1, 5, 40), 1.0);
        assert!(costs.at(1, 4, 40).is_nan());
    }
}
