//! The search of a long pair split at its middle row: the best costs from
//! the start over the top half of the band and the best costs to the end
//! over the bottom half, each on a core, meeting at the middle row; and
//! the posterior's pruned pass split at the same row.
//!
//! Why: on a long pair the best-path search and the posterior's pruned
//! pass walk the band row by row, and were one core's work: on 20,000
//! sentences of real news, 57% of a default run's CPU time, with user
//! time only 1.1 times the wall time (issue 16). Split, each half is a
//! core's work.
//!
//! The path is the one the search from the start alone finds, to the
//! bit: where two paths cost the same (a segment without counterpart on
//! each side, in either order), the search from the end would take
//! another, so the bottom half's path is found again from the start, over
//! the few beads whose best path through them costs no more than the
//! best path (see [`TIE_SLACK`]).

use super::band::Band;
use super::costs::BeadCosts;
use super::dp::{self, MemoCosts, Posterior, NO_BACK, PRUNE_NATS};
use super::shape::Shape;
use super::traceback::Link;
use crate::cost::BeadCost;
use std::ops::RangeInclusive;

/// Pairs with more source sentences than this are searched from both
/// ends. Shorter ones, the dev sets' documents among them, are searched
/// from the start only: their search takes a few milliseconds.
pub const SPLIT_MIN: usize = 1_000;

/// How far above the best path's cost, in nats, a path may cost and still
/// be followed when the bottom half's path is found again from the start:
/// paths that tie with the best one come out a few rounding errors apart,
/// as their costs are summed in different orders (a path's cost is a sum
/// of some 10^5 nats over 20,000 beads, so each sum is off by at most
/// about 10^-6), while a path any cheaper than the best one would have
/// been found.
const TIE_SLACK: f64 = 1e-3;

/// Best costs over a band: from the start into each cell of the rows
/// `0..=mid`, from each cell of the rows `mid..=n` to the end, and the
/// back-pointers of the best path from the start into every cell on it.
#[derive(Debug, Clone)]
pub struct SplitLattice {
    /// The band the costs cover.
    pub band: Band,
    mid: usize,
    /// Best cost from `(0, 0)` to each cell of the top rows, indexed like
    /// the band.
    best: Vec<f64>,
    /// For every cell of the top rows, and the cells of the bottom rows
    /// that a path tying with the best one holds: the shape of the last
    /// bead of the best path into it (the first of the tied ones in shape
    /// order, as [`dp::best_paths`] keeps it).
    back: Vec<u8>,
    /// Index in the band of the first cell of row `mid`: `rest[x - base]`
    /// is the best cost from cell `x` to `(n, m)`.
    base: usize,
    rest: Vec<f64>,
    /// Cost of the best path.
    total: f64,
}

/// Best costs over `band`, split at its middle row: the top half searched
/// from the start and the bottom half from the end, side by side. The
/// rows that `earlier` (a split lattice of the same cost over another
/// band of the same pair) has exactly as this band has them, from the
/// first row down to the first that differs and from the last row up to
/// the last that differs, are taken from it: their costs only depend on
/// the rows on their side.
pub fn best_paths_split<C: BeadCost>(
    band: Band,
    shapes: &[Shape],
    cost: &C,
    earlier: Option<&SplitLattice>,
) -> SplitLattice {
    let (n, m) = (band.n(), band.m());
    // The costs from the start are kept for the rows before `from`, the
    // costs to the end for the rows from `to` on.
    let (mut from, mut to) = (0, n + 1);
    let earlier = earlier.filter(|e| e.band.n() == n && e.band.m() == m);
    if let Some(e) = earlier {
        let same = |i: usize| e.band.row(i) == band.row(i);
        let first = (0..=n).find(|&i| !same(i)).unwrap_or(n + 1);
        let after_last = (0..=n).rev().find(|&i| !same(i)).map_or(0, |l| l + 1);
        from = first.min(e.mid + 1);
        to = after_last.max(e.mid);
    }
    // The middle row halves the rows left to search, so that a band
    // widened near one end is searched again on both cores too.
    let mid = if earlier.is_some() {
        ((from + to) / 2).min(n.saturating_sub(1))
    } else {
        n / 2
    };
    let top_cells = band.row_start(mid + 1);
    let base = band.row_start(mid);
    let cells = band.cells();
    let mut best = vec![f64::INFINITY; top_cells];
    let mut back = vec![NO_BACK; cells];
    let mut rest = vec![f64::INFINITY; cells - base];
    if let Some(start) = band.index(0, 0) {
        best[start] = 0.0;
    }
    if let Some(end) = band.index(n, m) {
        rest[end - base] = 0.0;
    }
    if let Some(e) = earlier {
        // The rows before `from` start both bands with the same cells, and
        // the rows from `to` on end both with the same cells.
        let kept = band.row_start(from.min(mid + 1));
        best[..kept].copy_from_slice(&e.best[..kept]);
        back[..kept].copy_from_slice(&e.back[..kept]);
        let kept = cells - band.row_start(to.max(mid));
        let (ours, theirs) = (rest.len() - kept, e.rest.len() - kept);
        rest[ours..].copy_from_slice(&e.rest[theirs..]);
    }
    let top = from.min(mid + 1)..=mid;
    let bottom = if to > mid {
        mid..=to - 1
    } else {
        // An empty range: nothing to compute.
        RangeInclusive::new(1, 0)
    };
    let (top_back, _) = back.split_at_mut(top_cells);
    let ((), choices) = rayon::join(
        || dp::forward_rows(&band, shapes, cost, top, &mut best, top_back),
        || backward_rows(&band, shapes, cost, bottom, base, &mut rest),
    );
    let mut lattice = SplitLattice {
        band,
        mid,
        best,
        back,
        base,
        rest,
        total: f64::INFINITY,
    };
    lattice.meet(shapes, cost);
    lattice.bottom_path(shapes, cost, &choices);
    lattice
}

/// What the search from the end knows of each cell of the bottom rows
/// (indexed like the band, less the first cell of the middle row): the
/// shape of the bead its best way to the end starts with, when every
/// other bead out of it makes a way dearer by more than twice
/// [`TIE_SLACK`] (a clear choice), and that bead's cost.
///
/// Why: [`SplitLattice::bottom_path`] prices every bead into the cells
/// of paths that tie with the best one; a bead out of a cell with a clear
/// choice that is not that choice can be on no such path, and the choice's
/// cost is known. Pricing those beads again was a serial 50 ms a lexicon
/// round on 20,000 sentences of real news (issue 16).
struct Choices {
    /// The shape index, or [`NO_CHOICE`].
    shape: Vec<u8>,
    cost: Vec<f64>,
}

/// A cell without a clear choice, or one the search from the end did not
/// walk (rows taken from an earlier band).
const NO_CHOICE: u8 = u8::MAX;

/// Fills `rest` (indexed like the band, less `base`) for the rows `rows`,
/// from the rows below them, which must be filled already: for each cell,
/// the cheapest way on to the end by one bead of each shape to a cell of
/// the band. The mirror of [`dp::forward_rows`], with the same ceiling
/// from the beads without counterpart and the same bounds, so that it
/// prices as few beads in full. Returns each cell's clear choice.
fn backward_rows<C: BeadCost>(
    band: &Band,
    shapes: &[Shape],
    cost: &C,
    rows: RangeInclusive<usize>,
    base: usize,
    rest: &mut [f64],
) -> Choices {
    let mut choices = Choices {
        shape: vec![NO_CHOICE; rest.len()],
        cost: vec![f64::NAN; rest.len()],
    };
    let (n, m) = (band.n(), band.m());
    let bounds: Vec<f64> = shapes.iter().map(|&s| cost.lower_bound(s)).collect();
    let skips: Vec<usize> = (0..shapes.len())
        .filter(|&k| shapes[k].src == 0 || shapes[k].tgt == 0)
        .collect();
    let mut skip_cost = vec![f64::NAN; shapes.len()];
    let to = |i: usize, j: usize, s: Shape| {
        if i + s.src > n || j + s.tgt > m {
            return None;
        }
        band.index(i + s.src, j + s.tgt).map(|x| x - base)
    };
    for i in rows.rev() {
        let (lo, hi) = band.row(i);
        for j in (lo..=hi).rev() {
            let here = band.index(i, j).expect("cell of its own row") - base;
            let mut ceiling = f64::INFINITY;
            for &k in &skips {
                let s = shapes[k];
                skip_cost[k] = f64::NAN;
                if let Some(after) = to(i, j, s).filter(|&x| rest[x].is_finite()) {
                    skip_cost[k] = cost.cost(i..i + s.src, j..j + s.tgt);
                    ceiling = ceiling.min(rest[after] + skip_cost[k]);
                }
            }
            // The best bead so far, and the least any other bead out of
            // this cell may cost on to the end (a bound where it was not
            // priced in full).
            let (mut chosen, mut chosen_cost) = (NO_CHOICE, f64::NAN);
            let mut other = f64::INFINITY;
            for (k, &s) in shapes.iter().enumerate() {
                let Some(after) = to(i, j, s) else {
                    continue;
                };
                let on = rest[after];
                let limit = rest[here].min(ceiling);
                if !on.is_finite() {
                    continue;
                }
                if on + bounds[k] > limit || on + bounds[k] >= rest[here] {
                    other = other.min(on + bounds[k]);
                    continue;
                }
                let bead = if skip_cost[k].is_nan() {
                    cost.cost_within(i..i + s.src, j..j + s.tgt, limit - on)
                } else {
                    skip_cost[k]
                };
                if on + bead < rest[here] {
                    other = other.min(rest[here]);
                    rest[here] = on + bead;
                    (chosen, chosen_cost) = (k as u8, bead);
                } else {
                    other = other.min(on + bead);
                }
            }
            if other > rest[here] + 2.0 * TIE_SLACK && rest[here].is_finite() {
                choices.shape[here] = chosen;
                choices.cost[here] = chosen_cost;
            }
        }
    }
    choices
}

impl SplitLattice {
    /// The best path's cost: through a cell of the middle row, or by a
    /// bead from a row above it to a row below it.
    fn meet<C: BeadCost>(&mut self, shapes: &[Shape], cost: &C) {
        let (n, m, mid) = (self.band.n(), self.band.m(), self.mid);
        let (lo, hi) = self.band.row(mid);
        for j in lo..=hi {
            let x = self.band.index(mid, j).expect("cell of its own row");
            self.total = self.total.min(self.best[x] + self.rest[x - self.base]);
        }
        for &s in shapes {
            let bound = cost.lower_bound(s);
            for i in (mid + 1).saturating_sub(s.src)..mid {
                if i + s.src > n {
                    continue;
                }
                let (lo, hi) = self.band.row(i);
                for j in lo..=hi.min(m.saturating_sub(s.tgt)) {
                    let (Some(p), Some(h)) =
                        (self.band.index(i, j), self.band.index(i + s.src, j + s.tgt))
                    else {
                        continue;
                    };
                    let (from, on) = (self.best[p], self.rest[h - self.base]);
                    if !from.is_finite() || !on.is_finite() || from + bound + on >= self.total {
                        continue;
                    }
                    let budget = self.total - from - on;
                    let c = cost.cost_within(i..i + s.src, j..j + s.tgt, budget);
                    self.total = self.total.min(from + c + on);
                }
            }
        }
    }

    /// The back-pointers of the bottom rows' cells on paths that tie with
    /// the best one, from a search from the start over the bottom rows
    /// that prices only the beads such a path may hold: a bead from `p` to
    /// `h` whose `best[p] + cost + rest[h]` stays within [`TIE_SLACK`] of
    /// the best path's cost. Every bead of such a path passes, with the
    /// best cost into its start computed as the search from the start
    /// computes it, so the cells on it get that search's back-pointers.
    fn bottom_path<C: BeadCost>(&mut self, shapes: &[Shape], cost: &C, choices: &Choices) {
        let (n, mid) = (self.band.n(), self.mid);
        if !self.total.is_finite() {
            return;
        }
        let top_cells = self.best.len();
        let bounds: Vec<f64> = shapes.iter().map(|&s| cost.lower_bound(s)).collect();
        let mut best = vec![f64::INFINITY; self.band.cells() - top_cells];
        for i in mid + 1..=n {
            let (lo, hi) = self.band.row(i);
            for j in lo..=hi {
                let here = self.band.index(i, j).expect("cell of its own row");
                let on = self.rest[here - self.base];
                if !on.is_finite() {
                    continue;
                }
                let mut low = f64::INFINITY;
                for (k, &s) in shapes.iter().enumerate() {
                    if s.src > i || s.tgt > j {
                        continue;
                    }
                    let Some(p) = self.band.index(i - s.src, j - s.tgt) else {
                        continue;
                    };
                    let from = if p >= top_cells {
                        best[p - top_cells]
                    } else {
                        self.best[p]
                    };
                    let budget = self.total + TIE_SLACK - from - on;
                    if !from.is_finite() || bounds[k] > budget {
                        continue;
                    }
                    // Out of a cell with a clear choice (see `Choices`),
                    // any other bead makes a way through it dearer than
                    // the best path by more than the slack.
                    let known = p.checked_sub(self.base).and_then(|x| {
                        let chosen = *choices.shape.get(x)?;
                        (chosen != NO_CHOICE).then(|| (chosen, choices.cost[x]))
                    });
                    let c = match known {
                        Some((chosen, _)) if usize::from(chosen) != k => continue,
                        Some((_, c)) => c,
                        None => {
                            let (src, tgt) = (i - s.src..i, j - s.tgt..j);
                            // As the search from the start prices them (see
                            // `dp::forward_rows`), so that the sums come out
                            // the same.
                            if s.src == 0 || s.tgt == 0 {
                                cost.cost(src, tgt)
                            } else {
                                cost.cost_within(src, tgt, budget)
                            }
                        }
                    };
                    if c <= budget && from + c < low {
                        low = from + c;
                        self.back[here] = k as u8;
                    }
                }
                best[here - top_cells] = low;
            }
        }
    }

    /// The best path, and whether it runs along an inner edge of the band
    /// (see [`super::traceback::traceback`]).
    pub fn traceback(&self, shapes: &[Shape]) -> (Vec<Link>, bool) {
        super::traceback::follow(&self.band, &self.back, shapes)
    }

    /// The best cost from the start to `(i, j)`, for a cell of the top
    /// rows that a path reaches.
    fn best_at(&self, i: usize, j: usize) -> Option<f64> {
        if i > self.mid || !self.total.is_finite() {
            return None;
        }
        let x = self.band.index(i, j)?;
        Some(self.best[x]).filter(|c| c.is_finite())
    }

    /// The best cost from `(i, j)` to the end, for a cell of the bottom
    /// rows from which a path reaches it.
    fn rest_at(&self, i: usize, j: usize) -> Option<f64> {
        if i < self.mid || !self.total.is_finite() {
            return None;
        }
        let x = self.band.index(i, j)?;
        Some(self.rest[x - self.base]).filter(|c| c.is_finite())
    }
}

/// [`dp::posterior`] over `band`, with the bead costs that paths within
/// [`PRUNE_NATS`] of the best one need found by two pruned passes side by
/// side: backwards over the rows down to the middle row of `hint` (best
/// costs of the same cost over a band of the same pair), judging a bead by
/// the hint's best cost into its start, and forwards over the rows after
/// it, judging a bead by the hint's best cost from its end.
///
/// Each pass starts from the hint's costs on the other side of the middle
/// row, which only cover the hint's band. Where `band` (around the best
/// path) reaches out of it there, a pass goes on past the middle row,
/// unpruned, to rows where the hint covers every cell of `band`. Before,
/// a bead into a cell the hint lacks was left out: on 20,000 lines of news
/// whose last 30% had no counterpart, the paths through those cells were
/// lost, and beads without counterpart near the middle row scored 0.57 to
/// 0.74 where the full sums give 0.016 (issue 16).
pub fn posterior<C: BeadCost>(
    band: &Band,
    shapes: &[Shape],
    cost: &C,
    hint: &SplitLattice,
) -> Posterior {
    let (n, m) = (band.n(), band.m());
    let mid = hint.mid.min(n.saturating_sub(1));
    let k = shapes.len();
    let reach = shapes.iter().map(|s| s.src).max().unwrap_or(1).max(1);
    // Whether the hint has `at`'s cost for every cell of row `i`.
    let knows = |at: fn(&SplitLattice, usize, usize) -> Option<f64>, i: usize| {
        let (lo, hi) = band.row(i);
        (lo..=hi).all(|j| at(hint, i, j).is_some())
    };
    // The top pass ends at the first row from `mid` on below which, as far
    // as a bead reaches, the hint knows every cell's cost to the end; the
    // bottom pass starts after the last row up to `mid` at and above which
    // it knows every cell's cost from the start.
    let top_end = (mid..n)
        .find(|&r| (r + 1..=(r + reach).min(n)).all(|a| knows(SplitLattice::rest_at, a)))
        .unwrap_or(n);
    let bottom_from = (0..=mid)
        .rev()
        .find(|&r| ((r + 1).saturating_sub(reach)..=r).all(|a| knows(SplitLattice::best_at, a)))
        .map_or(0, |r| r + 1);
    let (top, bottom) = rayon::join(
        || top_costs(band, shapes, cost, hint, top_end),
        || bottom_costs(band, shapes, cost, hint, bottom_from),
    );
    // Rows both passes priced: a bead has the same cost from either, and
    // one of them may have pruned it.
    let memo = BeadCosts::from_entries(band.cells(), k, &[&top, &bottom]);
    drop((top, bottom));
    let (fwd, bwd) = rayon::join(
        || dp::forward_sums(band, shapes, &mut MemoCosts::<C, _>::Known(&memo)),
        || dp::backward_sums(band, shapes, &memo),
    );
    let total = band.index(n, m).map_or(f64::NEG_INFINITY, |e| fwd[e]);
    Posterior {
        fwd,
        bwd,
        total,
        costs: memo,
        shapes: k,
    }
}

/// Room for this many priced beads a cell is made before a posterior's
/// pass, so that its list does not grow by copies: a length pass on
/// 20,000 sentences of real news prices about 1.55 beads a cell (a
/// lexicon round about 0.2), and its lists grew from nothing to 9 MB a
/// half, each copy onto fresh pages (issue 16). Pages reserved and never
/// written take no memory.
const PRICED_PER_CELL: usize = 2;

/// The costs of the beads ending in rows `0..=last` that a path within
/// [`PRUNE_NATS`] of the best one may hold, from a backward best-path pass
/// over those rows that starts from the hint's best costs to the end in
/// the rows below, as (index by end cell and shape, cost).
fn top_costs<C: BeadCost>(
    band: &Band,
    shapes: &[Shape],
    cost: &C,
    hint: &SplitLattice,
    last: usize,
) -> Vec<(usize, f32)> {
    let (n, m) = (band.n(), band.m());
    let k = shapes.len();
    let cells = band.row_start(last + 1);
    let mut priced = Vec::with_capacity(PRICED_PER_CELL * cells);
    let mut rest = vec![f64::INFINITY; cells];
    for i in (0..=last).rev() {
        let (lo, hi) = band.row(i);
        for j in (lo..=hi).rev() {
            let here = band.index(i, j).expect("cell of its own row");
            if (i, j) == (n, m) {
                rest[here] = 0.0;
                continue;
            }
            let from = hint.best_at(i, j);
            let mut low = f64::INFINITY;
            for (si, s) in shapes.iter().enumerate() {
                let (a, b) = (i + s.src, j + s.tgt);
                if a > n || b > m {
                    continue;
                }
                let Some(after) = band.index(a, b) else {
                    continue;
                };
                let on = if a <= last {
                    rest[after]
                } else {
                    hint.rest_at(a, b).unwrap_or(f64::INFINITY)
                };
                if !on.is_finite() {
                    continue;
                }
                let budget = from.map(|f| hint.total + PRUNE_NATS - f - on);
                let Some(c) = dp::pruned_cost(cost, i..a, j..b, budget) else {
                    continue;
                };
                if a <= last {
                    priced.push((after * k + si, c as f32));
                }
                low = low.min(c + on);
            }
            rest[here] = low;
        }
    }
    priced
}

/// The costs of the beads ending in rows `first..=n` that a path within
/// [`PRUNE_NATS`] of the best one may hold, from a forward best-path pass
/// over those rows that starts from the hint's best costs from the start
/// in the rows above, as (index by end cell and shape, cost).
fn bottom_costs<C: BeadCost>(
    band: &Band,
    shapes: &[Shape],
    cost: &C,
    hint: &SplitLattice,
    first: usize,
) -> Vec<(usize, f32)> {
    let k = shapes.len();
    let base = band.row_start(first);
    let mut priced = Vec::with_capacity(PRICED_PER_CELL * (band.cells() - base));
    let mut best = vec![f64::INFINITY; band.cells() - base];
    for i in first..=band.n() {
        let (lo, hi) = band.row(i);
        for j in lo..=hi {
            let here = band.index(i, j).expect("cell of its own row");
            if (i, j) == (0, 0) {
                best[here - base] = 0.0;
                continue;
            }
            let to = hint.rest_at(i, j);
            let mut low = f64::INFINITY;
            for (si, s) in shapes.iter().enumerate() {
                if s.src > i || s.tgt > j {
                    continue;
                }
                let (a, b) = (i - s.src, j - s.tgt);
                let Some(before) = band.index(a, b) else {
                    continue;
                };
                let from = if a >= first {
                    best[before - base]
                } else {
                    hint.best_at(a, b).unwrap_or(f64::INFINITY)
                };
                if !from.is_finite() {
                    continue;
                }
                let budget = to.map(|t| hint.total + PRUNE_NATS - from - t);
                let Some(c) = dp::pruned_cost(cost, a..i, b..j, budget) else {
                    continue;
                };
                priced.push((here * k + si, c as f32));
                low = low.min(from + c);
            }
            best[here - base] = low;
        }
    }
    priced
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::shape::DEFAULT_SHAPES;
    use crate::align::traceback::traceback;
    use crate::cost::{LengthCost, LengthParams};

    /// Lengths of a long pair: translations with noise, a sentence left
    /// out now and then on either side, and a lost stretch near the end.
    fn pair(seed: u64) -> (LengthCost, usize, usize) {
        let mut rng = crate::rng::XorShift::new(seed);
        let (mut src, mut tgt) = (Vec::new(), Vec::new());
        for k in 0..1_500 {
            let len = 20 + rng.below(150);
            src.push(len);
            match k % 23 {
                5 => {}
                // A sentence without counterpart on each side, next to
                // each other: paths taking them in either order tie.
                17 => {
                    src.push(150);
                    tgt.push(12);
                }
                11 => {
                    tgt.push(len + rng.below(30));
                    tgt.push(30 + rng.below(60));
                }
                _ if k > 1_350 && k < 1_400 => {}
                _ => tgt.push(len + rng.below(30)),
            }
        }
        let cost = LengthCost::new(&src, &tgt, &LengthParams::default());
        (cost, src.len(), tgt.len())
    }

    /// Issue 16: the search from both ends finds the very path of the
    /// search from the start, ties included, and its posterior gives the
    /// confidences that the search from the start's posterior gives.
    #[test]
    fn issue16_split_search_is_the_search_from_the_start() {
        for seed in [1, 2, 3] {
            let (cost, n, m) = pair(seed);
            let band = Band::around_diagonal(n, m, 80);
            let forward = dp::best_paths(band.clone(), &DEFAULT_SHAPES, &cost);
            let (path, _) = traceback(&forward, &DEFAULT_SHAPES);
            let split = best_paths_split(band, &DEFAULT_SHAPES, &cost, None);
            let (both, touches) = split.traceback(&DEFAULT_SHAPES);
            assert!(!touches);
            assert_eq!(both, path);
            let points: Vec<_> = std::iter::once((0, 0))
                .chain(path.iter().map(|(s, t)| (s.end, t.end)))
                .collect();
            let post_band = Band::around_path(n, m, &points, 8);
            let post = posterior(&post_band, &DEFAULT_SHAPES, &cost, &split);
            let before = dp::posterior(&post_band, &DEFAULT_SHAPES, &cost, Some(&forward));
            let score = |p: &Posterior, (s, t): &Link| {
                let (a, b) = (
                    post_band.index(s.start, t.start),
                    post_band.index(s.end, t.end),
                );
                let c = f64::from(cost.cost(s.clone(), t.clone()) as f32);
                (p.fwd[a.unwrap()] - c + p.bwd[b.unwrap()] - p.total).exp()
            };
            let mut doubtful = 0;
            for link in &path {
                let (x, y) = (score(&post, link), score(&before, link));
                assert!((x - y).abs() < 1e-9, "{link:?}: {x} vs {y}");
                doubtful += usize::from(y < 0.99);
            }
            assert!(doubtful > 10, "some doubt to keep");
        }
    }

    /// Issue 16: the search from the end knows the best bead out of most
    /// cells of the bottom half's path, with its cost, so that finding
    /// that path again from the start prices few beads; the cells it
    /// leaves open are those where two ways tie (a sentence without
    /// counterpart on each side, taken in either order).
    #[test]
    fn issue16_the_search_from_the_end_keeps_its_clear_choices() {
        let (cost, n, m) = pair(2);
        let band = Band::around_diagonal(n, m, 80);
        let mid = n / 2;
        let base = band.row_start(mid);
        let mut rest = vec![f64::INFINITY; band.cells() - base];
        rest[band.index(n, m).unwrap() - base] = 0.0;
        let choices = backward_rows(&band, &DEFAULT_SHAPES, &cost, mid..=n, base, &mut rest);
        let forward = dp::best_paths(band.clone(), &DEFAULT_SHAPES, &cost);
        let (path, _) = traceback(&forward, &DEFAULT_SHAPES);
        let (mut clear, mut open) = (0, 0);
        for (s, t) in path.iter().filter(|(s, _)| s.start >= mid) {
            let x = band.index(s.start, t.start).unwrap() - base;
            if choices.shape[x] == NO_CHOICE {
                open += 1;
                continue;
            }
            clear += 1;
            let k = DEFAULT_SHAPES
                .iter()
                .position(|h| h.src == s.len() && h.tgt == t.len())
                .unwrap();
            assert_eq!(usize::from(choices.shape[x]), k, "{s:?} {t:?}");
            assert_eq!(choices.cost[x], cost.cost(s.clone(), t.clone()));
        }
        assert!(clear > 9 * open && open > 0, "{clear} clear, {open} open");
    }

    /// Issue 16: where the band around the path reaches out of the band
    /// searched at the middle row, the posterior still sums every path of
    /// its band: the confidences are those of the unpruned sums.
    #[test]
    fn issue16_split_posterior_past_the_searched_band() {
        let (cost, n, m) = pair(5);
        let wide = Band::around_diagonal(n, m, 80);
        let forward = dp::best_paths(wide, &DEFAULT_SHAPES, &cost);
        let (path, _) = traceback(&forward, &DEFAULT_SHAPES);
        let points: Vec<_> = std::iter::once((0, 0))
            .chain(path.iter().map(|(s, t)| (s.end, t.end)))
            .collect();
        // Searched in a band two cells either side of the path, summed in
        // one eight cells either side.
        let narrow = Band::around_path(n, m, &points, 2);
        let split = best_paths_split(narrow, &DEFAULT_SHAPES, &cost, None);
        assert_eq!(split.traceback(&DEFAULT_SHAPES).0, path);
        let post_band = Band::around_path(n, m, &points, 8);
        let post = posterior(&post_band, &DEFAULT_SHAPES, &cost, &split);
        let full = dp::posterior(&post_band, &DEFAULT_SHAPES, &cost, None);
        let mut doubtful = 0;
        for (s, t) in &path {
            let (a, b) = (
                post_band.index(s.start, t.start).unwrap(),
                post_band.index(s.end, t.end).unwrap(),
            );
            let c = f64::from(cost.cost(s.clone(), t.clone()) as f32);
            let score = |p: &Posterior| (p.fwd[a] - c + p.bwd[b] - p.total).exp();
            let (x, y) = (score(&post), score(&full));
            assert!((x - y).abs() < 1e-9, "{s:?} {t:?}: {x} vs {y}");
            doubtful += usize::from(y < 0.99);
        }
        assert!(doubtful > 10, "some doubt to keep");
    }

    /// Issue 16: a band widened in some rows is searched again only from
    /// the first changed row on, from the start, and from the last one
    /// back, from the end, meeting halfway between them; it finds the
    /// path, and the costs, of a search from scratch.
    #[test]
    fn issue16_split_search_resumed_is_the_full_one() {
        let (cost, n, m) = pair(7);
        let core = Band::around_diagonal(n, m, 0);
        let (mut below, mut above) = (vec![6; n + 1], vec![6; n + 1]);
        let narrow = core.widened(&below, &above);
        let earlier = best_paths_split(narrow, &DEFAULT_SHAPES, &cost, None);
        for i in (300..400).chain(1_300..1_450) {
            below[i] = 60;
            above[i] = 60;
        }
        let wide = core.widened(&below, &above);
        let resumed = best_paths_split(wide.clone(), &DEFAULT_SHAPES, &cost, Some(&earlier));
        let fresh = best_paths_split(wide.clone(), &DEFAULT_SHAPES, &cost, None);
        let forward = dp::best_paths(wide, &DEFAULT_SHAPES, &cost);
        let (path, _) = traceback(&forward, &DEFAULT_SHAPES);
        assert_eq!(resumed.traceback(&DEFAULT_SHAPES).0, path);
        assert_eq!(fresh.traceback(&DEFAULT_SHAPES).0, path);
        assert!((resumed.total - fresh.total).abs() < 1e-6);
        // The middle row moved to halve the rows left to search.
        assert_ne!(resumed.mid, fresh.mid);
        // Each costs as the search that found them computes them.
        for i in (0..=n).step_by(7) {
            let (lo, hi) = resumed.band.row(i);
            for j in lo..=hi {
                let x = resumed.band.index(i, j).unwrap();
                if i <= resumed.mid {
                    assert_eq!(resumed.best[x], forward.cost[x], "{i} {j}");
                }
                if i >= resumed.mid.max(fresh.mid) {
                    let (a, b) = (x - resumed.base, x - fresh.base);
                    assert_eq!(resumed.rest[a], fresh.rest[b], "{i} {j}");
                }
            }
        }
    }
}
