//! The dynamic programme over a band: best path costs with back-pointers,
//! and forward/backward sums for posterior confidences. It knows bead
//! shapes only as the list it is given, and costs only through
//! [`BeadCost`].

use super::band::Band;
use super::costs::{BeadCosts, CostTable};
use super::shape::Shape;
use crate::cost::BeadCost;
use std::ops::{Range, RangeInclusive};

/// Marks a cell no path reaches (and the start cell).
pub const NO_BACK: u8 = u8::MAX;

/// Best-path costs and back-pointers over a band.
#[derive(Debug, Clone)]
pub struct Lattice {
    /// The band the lattice covers.
    pub band: Band,
    /// Best cost of a path from `(0, 0)` to each cell.
    pub cost: Vec<f64>,
    /// Index into the shape list of the last bead of that path.
    pub back: Vec<u8>,
}

/// Fills the lattice: for each cell, the cheapest way to reach it with one
/// bead of each shape from a cell inside the band.
pub fn best_paths<C: BeadCost>(band: Band, shapes: &[Shape], cost: &C) -> Lattice {
    best_paths_after(band, shapes, cost, None)
}

/// [`best_paths`], taking the rows that `earlier` (a lattice of the same
/// cost over another band) has exactly as this band has them, up to the
/// first row that differs, from it instead of computing them again: a
/// cell's best path only depends on the rows above it, so they come out
/// the same. A band widened only near the end of a long pair is searched
/// again only from there.
pub fn best_paths_after<C: BeadCost>(
    band: Band,
    shapes: &[Shape],
    cost: &C,
    earlier: Option<&Lattice>,
) -> Lattice {
    let cells = band.cells();
    let mut best = vec![f64::INFINITY; cells];
    let mut back = vec![NO_BACK; cells];
    if let Some(start) = band.index(0, 0) {
        best[start] = 0.0;
    }
    let mut first = 0;
    if let Some(e) = earlier.filter(|e| e.band.n() == band.n() && e.band.m() == band.m()) {
        while first <= band.n() && e.band.row(first) == band.row(first) {
            first += 1;
        }
        // The rows before `first` sit at the same offsets in both bands.
        let kept = band.row_start(first);
        best[..kept].copy_from_slice(&e.cost[..kept]);
        back[..kept].copy_from_slice(&e.back[..kept]);
    }
    forward_rows(&band, shapes, cost, first..=band.n(), &mut best, &mut back);
    Lattice {
        band,
        cost: best,
        back,
    }
}

/// Fills `best` and `back` (indexed like the band) for the rows `rows`,
/// from the rows above them, which must be filled already: for each cell,
/// the cheapest way in by one bead of each shape from a cell of the band.
pub(super) fn forward_rows<C: BeadCost>(
    band: &Band,
    shapes: &[Shape],
    cost: &C,
    rows: RangeInclusive<usize>,
    best: &mut [f64],
    back: &mut [u8],
) {
    let bounds: Vec<f64> = shapes.iter().map(|&s| cost.lower_bound(s)).collect();
    let skips: Vec<usize> = (0..shapes.len())
        .filter(|&k| shapes[k].src == 0 || shapes[k].tgt == 0)
        .collect();
    // Per shape: this cell's cost of the bead, when it is a skip bead
    // computed for the ceiling below (NaN otherwise).
    let mut skip_cost = vec![f64::NAN; shapes.len()];
    for i in rows {
        let (lo, hi) = band.row(i);
        for j in lo..=hi {
            let here = band.index(i, j).expect("cell of its own row");
            // The cheapest way in by a bead without counterpart, computed
            // first: its cost is cheap to know (length and shape alone) and
            // bounds the cell's best from above, so the first link bead
            // tried (1-1) gets a budget too instead of an unlimited one,
            // which made every cell of the band pay for that bead's whole
            // cost, lexical score included (issue 16). A bead above the
            // bound never ends up best here, and every bead at or below it
            // is computed exactly, so the cell's best and back-pointer are
            // the same as without the bound.
            let mut ceiling = f64::INFINITY;
            for &k in &skips {
                let s = shapes[k];
                skip_cost[k] = f64::NAN;
                if s.src > i || s.tgt > j {
                    continue;
                }
                if let Some(prev) = band.index(i - s.src, j - s.tgt) {
                    if best[prev].is_finite() {
                        skip_cost[k] = cost.cost(i - s.src..i, j - s.tgt..j);
                        ceiling = ceiling.min(best[prev] + skip_cost[k]);
                    }
                }
            }
            for (k, s) in shapes.iter().enumerate() {
                if s.src > i || s.tgt > j {
                    continue;
                }
                let Some(prev) = band.index(i - s.src, j - s.tgt) else {
                    continue;
                };
                let base = best[prev];
                let limit = best[here].min(ceiling);
                if !base.is_finite() || base + bounds[k] > limit || base + bounds[k] >= best[here] {
                    continue;
                }
                let budget = limit - base;
                let bead = if skip_cost[k].is_nan() {
                    cost.cost_within(i - s.src..i, j - s.tgt..j, budget)
                } else {
                    skip_cost[k]
                };
                let c = base + bead;
                if c < best[here] {
                    best[here] = c;
                    back[here] = k as u8;
                }
            }
        }
    }
}

/// Log-sum of path probabilities into each cell (forward) and out of each
/// cell to the end (backward), where a bead's probability is `exp(-cost)`.
/// A bead's posterior is then `exp(fwd[start] - cost + bwd[end] - total)`.
#[derive(Debug, Clone)]
pub struct Posterior {
    /// Forward log-sums, indexed like the band.
    pub fwd: Vec<f64>,
    /// Backward log-sums, indexed like the band.
    pub bwd: Vec<f64>,
    /// Log-sum of all paths through the band.
    pub total: f64,
    /// The cost of each bead as the sums took it (rounded to f32), by end
    /// cell and shape; NaN for a bead they left out.
    pub costs: BeadCosts,
    /// Number of shapes, the stride of `costs`.
    pub shapes: usize,
}

impl Posterior {
    /// The cost the sums took for the bead of shape index `shape` ending in
    /// band cell `end`; `None` where they left it out.
    pub fn kept_cost(&self, end: usize, shape: usize) -> Option<f32> {
        if shape >= self.shapes {
            return None;
        }
        let c = self.costs.at(end, shape, self.shapes);
        (!c.is_nan()).then_some(c)
    }
}

/// How far above the best path a path may cost before the posterior
/// leaves out the beads that only such paths hold (in nats): a bead whose
/// best path costs that much more than the best path over all adds less
/// than `e^-30` (about 1e-13) times the few nats of near-best paths
/// through it to any probability, far below the four decimals a
/// confidence is written with.
pub const PRUNE_NATS: f64 = 30.0;

/// Computes forward and backward log-sums over the band.
///
/// With `viterbi` (the best-path lattice of the same cost over a band that
/// may differ), a bead from `p` to `h` is left out when the best path
/// through it costs more than [`PRUNE_NATS`] above the best path: when
/// `best[p] + cost + rest[h] > best[end] + PRUNE_NATS`, where `best` is
/// the lattice's cost from the start and `rest` the best cost from a cell
/// to the end, which a backward pass over this band finds first (see
/// [`backward_costs`]). Its cost is then only computed as far as
/// [`BeadCost::cost_within`] needs to tell.
pub fn posterior<C: BeadCost>(
    band: &Band,
    shapes: &[Shape],
    cost: &C,
    viterbi: Option<&Lattice>,
) -> Posterior {
    let (n, m) = (band.n(), band.m());
    let ((fwd, bwd), costs) = match viterbi {
        // Every cost is known before the sweeps: they run side by side,
        // each on a core (the posterior of a long pair is otherwise one
        // thread's work, and the sweeps' sums were a third of it).
        Some(v) => {
            let memo = backward_costs(band, shapes, cost, v);
            let sums = rayon::join(
                || forward_sums(band, shapes, &mut MemoCosts::<C, _>::Known(&memo[..])),
                || backward_sums(band, shapes, &memo[..]),
            );
            (sums, memo)
        }
        // Each bead's cost, indexed by its end cell and shape, computed by
        // the forward sweep and kept for the backward one (a bead the
        // forward sweep skipped starts at an unreachable cell and cannot
        // matter).
        None => {
            let mut memo = vec![f32::NAN; band.cells() * shapes.len()];
            let fwd = forward_sums(
                band,
                shapes,
                &mut MemoCosts::<C, [f32]>::Fill(cost, &mut memo),
            );
            let bwd = backward_sums(band, shapes, &memo[..]);
            ((fwd, bwd), memo)
        }
    };
    let total = band.index(n, m).map_or(f64::NEG_INFINITY, |e| fwd[e]);
    Posterior {
        fwd,
        bwd,
        total,
        // A pair short enough to be searched from the start has a small
        // band: its table stays full (making it sparse cost a build over
        // 10,000 article pairs about a second of CPU).
        costs: BeadCosts::Dense { costs },
        shapes: shapes.len(),
    }
}

/// Where the forward sweep takes its bead costs from: a table made before
/// it, or the cost itself, filling the table for the backward sweep.
pub(super) enum MemoCosts<'a, C, T: CostTable + ?Sized> {
    Known(&'a T),
    Fill(&'a C, &'a mut [f32]),
}

/// Forward log-sums into each cell.
pub(super) fn forward_sums<C: BeadCost, T: CostTable + ?Sized>(
    band: &Band,
    shapes: &[Shape],
    memo: &mut MemoCosts<'_, C, T>,
) -> Vec<f64> {
    let mut fwd = vec![f64::NEG_INFINITY; band.cells()];
    if let Some(start) = band.index(0, 0) {
        fwd[start] = 0.0;
    }
    let k = shapes.len();
    let mut terms = Vec::with_capacity(k);
    for i in 0..=band.n() {
        let (lo, hi) = band.row(i);
        for j in lo..=hi {
            let here = band.index(i, j).expect("cell of its own row");
            terms.clear();
            for (si, &s) in shapes.iter().enumerate() {
                if s.src > i || s.tgt > j {
                    continue;
                }
                let Some(prev) = band.index(i - s.src, j - s.tgt) else {
                    continue;
                };
                if fwd[prev] == f64::NEG_INFINITY {
                    continue;
                }
                let c = match memo {
                    MemoCosts::Known(memo) => memo.at(here, si, k),
                    MemoCosts::Fill(cost, memo) => {
                        let c = cost.cost(i - s.src..i, j - s.tgt..j) as f32;
                        memo[here * k + si] = c;
                        c
                    }
                };
                if !c.is_nan() {
                    terms.push(fwd[prev] - f64::from(c));
                }
            }
            if !terms.is_empty() {
                fwd[here] = log_sum(&terms);
            }
        }
    }
    fwd
}

/// Backward log-sums out of each cell to the end, from the bead costs the
/// forward sweep used.
pub(super) fn backward_sums<T: CostTable + ?Sized>(
    band: &Band,
    shapes: &[Shape],
    memo: &T,
) -> Vec<f64> {
    let (n, m) = (band.n(), band.m());
    let mut bwd = vec![f64::NEG_INFINITY; band.cells()];
    if let Some(end) = band.index(n, m) {
        bwd[end] = 0.0;
    }
    let k = shapes.len();
    let mut terms = Vec::with_capacity(k);
    for i in (0..=n).rev() {
        let (lo, hi) = band.row(i);
        for j in (lo..=hi).rev() {
            let here = band.index(i, j).expect("cell of its own row");
            terms.clear();
            for (si, s) in shapes.iter().enumerate() {
                if i + s.src > n || j + s.tgt > m {
                    continue;
                }
                if let Some(next) = band.index(i + s.src, j + s.tgt) {
                    let c = memo.at(next, si, k);
                    if bwd[next] > f64::NEG_INFINITY && !c.is_nan() {
                        terms.push(bwd[next] - f64::from(c));
                    }
                }
            }
            if !terms.is_empty() {
                bwd[here] = log_sum(&terms);
            }
        }
    }
    bwd
}

/// The cost of every bead of the band that some path within
/// [`PRUNE_NATS`] of the best one holds, indexed by end cell and shape
/// (NaN for the others), from a best-path pass backwards over the band.
///
/// Going from the end, each cell's best cost to the end (`rest`) is known
/// before any bead into it is priced, so a bead from `p` to `h` gets the
/// budget `best[end] + PRUNE_NATS − best[p] − rest[h]` (with `best` from
/// the forward lattice `viterbi`), and most beads off the path fail it on
/// their length and shape alone, before their lexical score. The rule the
/// posterior had before only compared a bead with the best path into its
/// end cell, which every cell of the band has, and priced about fourteen
/// times more beads in full on a 20,000-sentence pair of real news
/// (issue 16). A bead left out can make `rest[p]` too high only when every
/// path through `p` is itself out of reach, and then every bead into `p`
/// is left out with the right value as well. A bead starting where the
/// lattice has no cost is priced in full.
fn backward_costs<C: BeadCost>(
    band: &Band,
    shapes: &[Shape],
    cost: &C,
    viterbi: &Lattice,
) -> Vec<f32> {
    let (n, m) = (band.n(), band.m());
    let k = shapes.len();
    let mut memo = vec![f32::NAN; band.cells() * k];
    let mut rest = vec![f64::INFINITY; band.cells()];
    let Some(end) = band.index(n, m) else {
        return memo;
    };
    rest[end] = 0.0;
    let best = viterbi
        .band
        .index(n, m)
        .map_or(f64::INFINITY, |e| viterbi.cost[e]);
    for i in (0..=n).rev() {
        let (lo, hi) = band.row(i);
        for j in (lo..=hi).rev() {
            let here = band.index(i, j).expect("cell of its own row");
            let from = viterbi
                .band
                .index(i, j)
                .map(|v| viterbi.cost[v])
                .filter(|c| c.is_finite() && best.is_finite());
            let mut low = f64::INFINITY;
            for (si, s) in shapes.iter().enumerate() {
                if i + s.src > n || j + s.tgt > m {
                    continue;
                }
                let Some(next) = band.index(i + s.src, j + s.tgt) else {
                    continue;
                };
                if !rest[next].is_finite() {
                    continue;
                }
                let (src, tgt) = (i..i + s.src, j..j + s.tgt);
                let budget = from.map(|f| best + PRUNE_NATS - f - rest[next]);
                let Some(c) = pruned_cost(cost, src, tgt, budget) else {
                    continue;
                };
                memo[next * k + si] = c as f32;
                low = low.min(c + rest[next]);
            }
            if here != end {
                rest[here] = low;
            }
        }
    }
    memo
}

/// A bead's cost in the posterior's pruned passes: in full without a
/// `budget` (no best path reaches the bead's far end), else as far as
/// [`BeadCost::cost_within`] needs to tell, and `None` when it is over the
/// budget.
pub(super) fn pruned_cost<C: BeadCost>(
    cost: &C,
    src: Range<usize>,
    tgt: Range<usize>,
    budget: Option<f64>,
) -> Option<f64> {
    match budget {
        Some(budget) => {
            let c = cost.cost_within(src, tgt, budget);
            if c > budget {
                None
            } else {
                Some(c)
            }
        }
        None => Some(cost.cost(src, tgt)),
    }
}

/// `ln(sum(exp(x)))` without overflow.
fn log_sum(xs: &[f64]) -> f64 {
    let max = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if max == f64::NEG_INFINITY {
        return max;
    }
    max + xs.iter().map(|x| (x - max).exp()).sum::<f64>().ln()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::shape::DEFAULT_SHAPES;
    use crate::cost::{LengthCost, LengthParams};

    use std::ops::Range;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A cost that counts the beads it prices in full.
    struct Counted<'a> {
        inner: &'a LengthCost,
        full: AtomicUsize,
    }

    impl BeadCost for Counted<'_> {
        fn cost(&self, src: Range<usize>, tgt: Range<usize>) -> f64 {
            self.full.fetch_add(1, Ordering::Relaxed);
            self.inner.cost(src, tgt)
        }
        fn cost_within(&self, src: Range<usize>, tgt: Range<usize>, budget: f64) -> f64 {
            let c = self.inner.cost(src, tgt);
            if c <= budget {
                self.full.fetch_add(1, Ordering::Relaxed);
            }
            c
        }
    }

    /// Issue 16: a band widened only from some row on is searched again
    /// only from there, with the same best costs and back-pointers as a
    /// search from scratch.
    #[test]
    fn issue16_search_resumed_after_unchanged_rows_is_the_full_one() {
        let mut rng = crate::rng::XorShift::new(0x7A11);
        let src: Vec<usize> = (0..400).map(|_| 20 + rng.below(150)).collect();
        let tgt: Vec<usize> = src[..340].iter().map(|&l| l + rng.below(30)).collect();
        let cost = LengthCost::new(&src, &tgt, &LengthParams::default());
        let narrow = Band::around_diagonal(400, 340, 4);
        let earlier = best_paths(narrow.clone(), &DEFAULT_SHAPES, &cost);
        let (mut below, mut above) = (vec![4; 401], vec![4; 401]);
        for i in 300..=400 {
            below[i] = 40;
            above[i] = 40;
        }
        let core = Band::around_diagonal(400, 340, 0);
        let wide = core.widened(&below, &above);
        assert_eq!(wide.row(299), narrow.row(299));
        assert_ne!(wide.row(300), narrow.row(300));
        let resumed = best_paths_after(wide.clone(), &DEFAULT_SHAPES, &cost, Some(&earlier));
        let fresh = best_paths(wide, &DEFAULT_SHAPES, &cost);
        assert_eq!(resumed.back, fresh.back);
        assert_eq!(resumed.cost, fresh.cost);
    }

    /// Issue 16: the posterior that leaves out the beads no path within
    /// [`PRUNE_NATS`] of the best one holds gives every bead of the best
    /// path the probability the posterior over all beads gives it, and
    /// prices far fewer beads in full.
    #[test]
    fn issue16_pruned_posterior_is_the_full_one() {
        let mut rng = crate::rng::XorShift::new(0x5EED);
        let src: Vec<usize> = (0..600).map(|_| 20 + rng.below(150)).collect();
        let tgt: Vec<usize> = src
            .iter()
            .enumerate()
            .filter(|(i, _)| i % 17 != 3)
            .map(|(_, &l)| l + rng.below(30))
            .collect();
        let length = LengthCost::new(&src, &tgt, &LengthParams::default());
        let (n, m) = (src.len(), tgt.len());
        let band = Band::around_diagonal(n, m, 40);
        let lattice = best_paths(band.clone(), &DEFAULT_SHAPES, &length);
        let (links, _) = super::super::traceback::traceback(&lattice, &DEFAULT_SHAPES);
        let run = |viterbi| {
            let cost = Counted {
                inner: &length,
                full: AtomicUsize::new(0),
            };
            let post = posterior(&band, &DEFAULT_SHAPES, &cost, viterbi);
            let probs: Vec<f64> = links
                .iter()
                .map(|(s, t)| {
                    let (a, b) = (band.index(s.start, t.start), band.index(s.end, t.end));
                    let c = length.cost(s.clone(), t.clone());
                    (post.fwd[a.unwrap()] - c + post.bwd[b.unwrap()] - post.total).exp()
                })
                .collect();
            (probs, cost.full.into_inner())
        };
        let (all, all_priced) = run(None);
        let (pruned, pruned_priced) = run(Some(&lattice));
        assert_eq!(all.len(), pruned.len());
        for (a, p) in all.iter().zip(&pruned) {
            assert!((a - p).abs() < 1e-9, "{a} vs {p}");
        }
        assert!(all.iter().any(|&p| p < 0.99), "some doubt to keep");
        assert!(
            pruned_priced * 4 < all_priced,
            "{pruned_priced} of {all_priced} beads priced"
        );
    }
}
