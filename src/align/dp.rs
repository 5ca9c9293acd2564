//! The dynamic programme over a band: best path costs with back-pointers,
//! and forward/backward sums for posterior confidences. It knows bead
//! shapes only as the list it is given, and costs only through
//! [`BeadCost`].

use super::band::Band;
use super::shape::Shape;
use crate::cost::BeadCost;

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
    let cells = band.cells();
    let mut best = vec![f64::INFINITY; cells];
    let mut back = vec![NO_BACK; cells];
    if let Some(start) = band.index(0, 0) {
        best[start] = 0.0;
    }
    let bounds: Vec<f64> = shapes.iter().map(|&s| cost.lower_bound(s)).collect();
    let skips: Vec<usize> = (0..shapes.len())
        .filter(|&k| shapes[k].src == 0 || shapes[k].tgt == 0)
        .collect();
    // Per shape: this cell's cost of the bead, when it is a skip bead
    // computed for the ceiling below (NaN otherwise).
    let mut skip_cost = vec![f64::NAN; shapes.len()];
    for i in 0..=band.n() {
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
    Lattice {
        band,
        cost: best,
        back,
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
}

/// How far above the best path into its end cell a bead's paths must
/// cost before the posterior leaves the bead out (in nats): such a bead
/// adds less than `e^-30` (about 1e-13) of the cell's probability times
/// the few nats of near-best paths into its start, far below the four
/// decimals a confidence is written with.
pub const PRUNE_NATS: f64 = 30.0;

/// Computes forward and backward log-sums over the band.
///
/// With `viterbi` (the best-path lattice of the same cost over a band that
/// may differ), a bead from `p` to `h`, both in that lattice, is left out
/// when `best[p] + cost > best[h] + PRUNE_NATS`: every path through it
/// costs that much more than the best path to `h`. Its cost is then only
/// computed as far as [`BeadCost::cost_within`] needs to tell.
pub fn posterior<C: BeadCost>(
    band: &Band,
    shapes: &[Shape],
    cost: &C,
    viterbi: Option<&Lattice>,
) -> Posterior {
    posterior_with(band, shapes, cost, viterbi, PARALLEL_CELLS, SWEEP_ROWS)
}

/// [`posterior`], computing the bead costs before the sweep on every core,
/// `sweep_rows` rows at a time, for bands of at least `parallel_cells`
/// cells.
fn posterior_with<C: BeadCost>(
    band: &Band,
    shapes: &[Shape],
    cost: &C,
    viterbi: Option<&Lattice>,
    parallel_cells: usize,
    sweep_rows: usize,
) -> Posterior {
    let cells = band.cells();
    let mut fwd = vec![f64::NEG_INFINITY; cells];
    let mut bwd = vec![f64::NEG_INFINITY; cells];
    let (n, m) = (band.n(), band.m());
    if let Some(start) = band.index(0, 0) {
        fwd[start] = 0.0;
    }
    let k = shapes.len();
    // The pruning budget of a bead ending at (i, j) with shape s.
    let budget = |i: usize, j: usize, s: Shape| {
        viterbi.and_then(|v| {
            let p = v.cost[v.band.index(i - s.src, j - s.tgt)?];
            let h = v.cost[v.band.index(i, j)?];
            (p.is_finite() && h.is_finite()).then_some(h + PRUNE_NATS - p)
        })
    };
    let bead = |i: usize, j: usize, s: Shape| {
        let (src, tgt) = (i - s.src..i, j - s.tgt..j);
        match budget(i, j, s) {
            Some(b) => cost.cost_within(src, tgt, b),
            None => cost.cost(src, tgt),
        }
    };
    let parallel = viterbi.is_some() && cells >= parallel_cells && rayon::current_num_threads() > 1;
    // Each bead's cost is computed once, on the forward sweep (or before
    // it, see `precompute`), and kept for the backward one, indexed by its
    // end cell and shape. A bead the forward sweep skipped starts at an
    // unreachable cell and cannot matter.
    let mut memo = vec![f32::NAN; cells * k];
    let mut terms = Vec::with_capacity(k);
    let mut known = Vec::new();
    let mut known_from = 0;
    for i in 0..=n {
        if parallel && i % sweep_rows.max(1) == 0 {
            let rows = i..(i + sweep_rows.max(1)).min(n + 1);
            known_from = band.row_cells(0..rows.start) * k;
            known = precompute(band, shapes, &bead, rows);
        }
        let (lo, hi) = band.row(i);
        for j in lo..=hi {
            let here = band.index(i, j).expect("cell of its own row");
            terms.clear();
            for (si, &s) in shapes.iter().enumerate() {
                if s.src > i || s.tgt > j {
                    continue;
                }
                if let Some(prev) = band.index(i - s.src, j - s.tgt) {
                    if fwd[prev] > f64::NEG_INFINITY {
                        let c = match (here * k + si)
                            .checked_sub(known_from)
                            .and_then(|x| known.get(x))
                        {
                            Some(&c) if !c.is_nan() => c,
                            _ => bead(i, j, s),
                        };
                        if budget(i, j, s).is_some_and(|b| c > b) {
                            continue;
                        }
                        memo[here * k + si] = c as f32;
                        terms.push(fwd[prev] - c);
                    }
                }
            }
            if !terms.is_empty() {
                fwd[here] = log_sum(&terms);
            }
        }
    }
    if let Some(end) = band.index(n, m) {
        bwd[end] = 0.0;
    }
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
                    let c = memo[next * k + si];
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
    let total = band.index(n, m).map_or(f64::NEG_INFINITY, |e| fwd[e]);
    Posterior { fwd, bwd, total }
}

/// Bands of more cells than this have their posterior's bead costs
/// computed on every core before the forward sweep: below it, the work is
/// too small to share (and in a corpus run, documents are aligned in
/// parallel anyway).
const PARALLEL_CELLS: usize = 50_000;

/// Rows of the band whose bead costs [`precompute`] holds at a time: the
/// costs take 8 bytes a bead, 2 KB a row of 25 cells and 10 shapes, so
/// 4,096 rows keep them to about 8 MB at any length (all of a 100,000-line
/// pair's at once took 200 MB).
const SWEEP_ROWS: usize = 4096;

/// The cost of every bead of the band that ends in `rows` and starts in
/// the band, computed in parallel over blocks of rows, indexed like the
/// forward sweep's memo from the first cell of `rows` (NaN where a bead
/// has no start in the band). The costs are the ones
/// the forward sweep would compute itself (same bead, same budget), so the
/// posterior does not depend on the number of threads; the sweep also
/// needs a bead's start to be reachable, which only leaves out a few beads
/// at the band's edge, computed here for nothing. The posterior is about
/// half of a default run on a long pair, and the search before it cannot
/// be shared out this way (each cell's budget is the best found so far).
fn precompute(
    band: &Band,
    shapes: &[Shape],
    bead: &(impl Fn(usize, usize, Shape) -> f64 + Sync),
    rows: std::ops::Range<usize>,
) -> Vec<f64> {
    use rayon::prelude::*;
    const ROWS: usize = 256;
    let k = shapes.len();
    let mut known = vec![f64::NAN; band.row_cells(rows.clone()) * k];
    // The memo cut into blocks of rows, each written by one task.
    let mut blocks = Vec::with_capacity(rows.len() / ROWS + 1);
    let mut rest: &mut [f64] = &mut known;
    for first in rows.clone().step_by(ROWS) {
        let last = (first + ROWS).min(rows.end);
        let cells = band.row_cells(first..last);
        let (block, tail) = rest.split_at_mut(cells * k);
        blocks.push((first..last, block));
        rest = tail;
    }
    blocks.into_par_iter().for_each(|(rows, out)| {
        let mut at = 0;
        for i in rows {
            let (lo, hi) = band.row(i);
            for j in lo..=hi {
                for &s in shapes {
                    if s.src <= i && s.tgt <= j && band.index(i - s.src, j - s.tgt).is_some() {
                        out[at] = bead(i, j, s);
                    }
                    at += 1;
                }
            }
        }
    });
    known
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

    /// Issue 16: the bead costs computed on every core before the forward
    /// sweep give the posterior of the sweep that computes them itself,
    /// bit for bit.
    #[test]
    fn issue16_parallel_posterior_is_the_sequential_one() {
        let mut rng = crate::rng::XorShift::new(0x5EED);
        let src: Vec<usize> = (0..600).map(|_| 20 + rng.below(150)).collect();
        let tgt: Vec<usize> = src
            .iter()
            .enumerate()
            .filter(|(i, _)| i % 17 != 3)
            .map(|(_, &l)| l + rng.below(30))
            .collect();
        let cost = LengthCost::new(&src, &tgt, &LengthParams::default());
        let (n, m) = (src.len(), tgt.len());
        let band = Band::around_diagonal(n, m, 40);
        let lattice = best_paths(band.clone(), &DEFAULT_SHAPES, &cost);
        let post = |cells, rows| {
            posterior_with(&band, &DEFAULT_SHAPES, &cost, Some(&lattice), cells, rows)
        };
        let one = post(usize::MAX, SWEEP_ROWS);
        assert!(one.total.is_finite());
        let same = |a: &[f64], b: &[f64]| a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits());
        for rows in [SWEEP_ROWS, 100, 1] {
            let all = post(0, rows);
            assert_eq!(one.total.to_bits(), all.total.to_bits());
            assert!(
                same(&one.fwd, &all.fwd) && same(&one.bwd, &all.bwd),
                "{rows} rows"
            );
        }
    }
}
