//! Sentence alignment: bead shapes as data ([`shape`]), a banded dynamic
//! programme over any [`BeadCost`] ([`dp`], [`band`]), and the traceback
//! kept apart ([`traceback`]).

pub mod band;
pub mod bead;
pub mod coarse;
pub mod costs;
pub mod dp;
pub mod shape;
pub mod split;
pub mod traceback;

pub use bead::{ranges_from_ids, Bead, Checks};
pub use shape::{Shape, DEFAULT_SHAPES};

use crate::cost::BeadCost;
use band::Band;

/// Search settings.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchParams {
    /// Bead shapes to consider.
    pub shapes: Vec<Shape>,
    /// Half-width of the first band around the diagonal, in sentences.
    /// The band doubles whenever the best path runs along its edge, so this
    /// only sets the starting point: 16 holds the drift of a typical news
    /// translation (a few merges and omissions) on the first try.
    pub initial_band: usize,
    /// Most cells a row, on average, the band may grow to while the best
    /// path runs along its edge; `None` for [`max_band_cells`]'s rule. A
    /// lower limit bounds time and memory on sides that do not match.
    pub band_limit: Option<usize>,
}

impl Default for SearchParams {
    fn default() -> Self {
        SearchParams {
            shapes: DEFAULT_SHAPES.to_vec(),
            initial_band: 16,
            band_limit: None,
        }
    }
}

impl SearchParams {
    /// Most cells the band of an `n` x `m` pair may hold: `band_limit`
    /// cells a row when one is set, otherwise [`max_band_cells`].
    pub fn band_cells(&self, n: usize, m: usize) -> usize {
        match self.band_limit {
            Some(per_row) => per_row.saturating_mul(n + m + 2),
            None => max_band_cells(n, m),
        }
    }

    /// [`max_early_band_cells`], within `band_limit` when one is set.
    pub fn early_band_cells(&self, n: usize, m: usize) -> usize {
        max_early_band_cells(n, m).min(self.band_cells(n, m))
    }
}

/// Half-width of the band around the best path over which confidences are
/// summed. Paths further away carry negligible probability once the best
/// path is known: on ntrex-dev ar-en, widening it from 8 to 32 changed no
/// confidence in its fourth decimal.
const POSTERIOR_BAND: usize = 8;

/// Aligns `n` source with `m` target sentences under `cost`, searching
/// around the diagonal. See [`align_guided`].
pub fn align<C: BeadCost>(n: usize, m: usize, cost: &C, params: &SearchParams) -> Vec<Bead> {
    align_guided(n, m, cost, params, &[(0, 0), (n, m)])
}

/// Aligns `n` source with `m` target sentences under `cost`, searching a
/// band around `guide` (corner points of a rough path from `(0, 0)` to
/// `(n, m)`, such as a coarse alignment of blocks of sentences).
///
/// The band doubles in width while the best path runs along an inner edge
/// of it, so the result is the best path of the full matrix whenever that
/// path stays clear of the final band's edges. Each bead's score is its
/// posterior probability under the cost model, summed over the paths near
/// the best one.
pub fn align_guided<C: BeadCost>(
    n: usize,
    m: usize,
    cost: &C,
    params: &SearchParams,
    guide: &[(usize, usize)],
) -> Vec<Bead> {
    align_bounded(n, m, cost, params, guide).beads
}

/// The beads of [`align_guided`], and whether the band reached
/// [`max_band_cells`] with the best path still on its edge (so that a
/// wider search might have found a better path).
#[derive(Debug, Clone, PartialEq)]
pub struct Bounded {
    /// The beads, with confidences.
    pub beads: Vec<Bead>,
    /// Whether the search stopped at the band's size limit.
    pub limited: bool,
}

/// [`align_guided`], saying whether the band hit its size limit.
pub fn align_bounded<C: BeadCost>(
    n: usize,
    m: usize,
    cost: &C,
    params: &SearchParams,
    guide: &[(usize, usize)],
) -> Bounded {
    align_within(n, m, cost, params, guide, max_band_cells(n, m))
}

/// [`align_bounded`] with a band of at most `limit` cells (at least the
/// first band, whatever the limit).
pub fn align_within<C: BeadCost>(
    n: usize,
    m: usize,
    cost: &C,
    params: &SearchParams,
    guide: &[(usize, usize)],
    limit: usize,
) -> Bounded {
    let found = search_band(n, m, cost, params, guide, limit);
    Bounded {
        beads: with_confidence(
            n,
            m,
            found.links,
            cost,
            &params.shapes,
            Some(&found.lattice),
        ),
        limited: found.limited,
    }
}

/// Most cells the search band may hold for an `n` x `m` pair: the whole
/// matrix up to 4 million cells (a 2,000 x 2,000 pair), otherwise an
/// average of 1,024 cells a row (9 bytes a cell in the lattice). A path
/// that still runs along the band's edge there is kept as the best path
/// inside it: without a limit, two unrelated sides widen the band to the
/// whole matrix, quadratic in time and memory. The limit leaves room for
/// what real pairs need: 10,000 merged lines of news whose last 3% have
/// no counterpart widen the band to 1,025 cells a row, and a limit of 256
/// a row cut strict F1 there from 0.868 to 0.810.
pub fn max_band_cells(n: usize, m: usize) -> usize {
    (4usize << 20).max(BAND_CELLS_PER_ROW * (n + m + 2))
}

/// The average band width [`max_band_cells`] allows, in cells a row.
pub const BAND_CELLS_PER_ROW: usize = 1024;

/// Most cells the band of a pass whose path only serves to refit the
/// length model may hold (see [`max_band_cells`]): none past the first
/// band, which is always searched, or as many as [`max_band_cells`]
/// allows when the whole matrix holds at most 4 million cells (so that
/// short pairs, the dev sets among them, search as before).
///
/// Such a pass prices the length ratio of the totals, which is far off
/// when part of one side has no counterpart: on 20,000 merged lines of
/// news that lost their last 30%, its best path ran up to a thousand rows
/// off the guide and the band grew to 20 million cells (28 s), for a path
/// whose only use is the ratio of its confident 1-1 links, which the
/// rows where the path meets the band's edge hardly hold. At 32 cells a
/// row, the band still widened twice in the first pass and once in the
/// second there; without widening, that pair ran in 1.8 s instead of
/// 2.5 s (`--no-lexicon`) with the same links at the end by default, and
/// with `--no-lexicon` three correct links fewer there, four more where
/// 3% of the tail was lost, the same where 10% was, or 3%, 10% or 30% of
/// the middle, or of the source side (issue 16).
pub fn max_early_band_cells(n: usize, m: usize) -> usize {
    if (n + 1).saturating_mul(m + 1) <= 4 << 20 {
        return max_band_cells(n, m);
    }
    0
}

/// The best path's links, without confidences (for the coarse levels, whose
/// confidences nobody reads).
pub fn best_path<C: BeadCost>(
    n: usize,
    m: usize,
    cost: &C,
    params: &SearchParams,
    guide: &[(usize, usize)],
) -> Vec<traceback::Link> {
    search_band(n, m, cost, params, guide, max_band_cells(n, m)).links
}

/// The best path of the last band searched, its lattice (whose best
/// costs guide the posterior's pruning) and whether the band hit
/// [`max_band_cells`].
struct Searched {
    links: Vec<traceback::Link>,
    lattice: Lattice,
    limited: bool,
}

/// Best costs over a band: from the start, or split at the middle row
/// for a long pair (see [`split`]).
enum Lattice {
    Forward(dp::Lattice),
    Split(split::SplitLattice),
}

impl Lattice {
    /// The best costs over `band`, taking what they can from `earlier`
    /// (see [`dp::best_paths_after`]), searched from both ends when the
    /// pair is long (see [`split::best_paths_split`]).
    fn search<C: BeadCost>(
        band: Band,
        shapes: &[Shape],
        cost: &C,
        earlier: Option<&Lattice>,
    ) -> Lattice {
        if band.n() > split::SPLIT_MIN {
            let earlier = match earlier {
                Some(Lattice::Split(e)) => Some(e),
                _ => None,
            };
            Lattice::Split(split::best_paths_split(band, shapes, cost, earlier))
        } else {
            let earlier = match earlier {
                Some(Lattice::Forward(e)) => Some(e),
                _ => None,
            };
            Lattice::Forward(dp::best_paths_after(band, shapes, cost, earlier))
        }
    }

    fn band(&self) -> &Band {
        match self {
            Lattice::Forward(l) => &l.band,
            Lattice::Split(l) => &l.band,
        }
    }

    fn traceback(&self, shapes: &[Shape]) -> (Vec<traceback::Link>, bool) {
        match self {
            Lattice::Forward(l) => traceback::traceback(l, shapes),
            Lattice::Split(l) => l.traceback(shapes),
        }
    }
}

/// The banded search: the band doubles in width while the best path runs
/// along an inner edge of it, up to [`max_band_cells`].
///
/// For a long pair (more than [`LOCAL_MIN`] sentences on a side) the band
/// doubles only in the rows near where the path met its edge (see
/// [`LOCAL_REACH`]): when part of one side has no counterpart, the path
/// leaves the guide only there, and doubling the band over the whole pair
/// redid the whole search at 16, 32, ... 256 cells a row (issue 16).
/// A short pair keeps the band even: its search costs little, and a
/// narrower try once stopped on a worse path, as the path can be pushed
/// off course in rows where it never quite meets the edge.
fn search_band<C: BeadCost>(
    n: usize,
    m: usize,
    cost: &C,
    params: &SearchParams,
    guide: &[(usize, usize)],
    limit: usize,
) -> Searched {
    let w = params.initial_band.max(1);
    let core = Band::around_path(n, m, guide, 0);
    let local = n.max(m) > LOCAL_MIN;
    let (mut below, mut above) = (vec![w; n + 1], vec![w; n + 1]);
    let mut band = core.widened(&below, &above);
    let mut earlier: Option<Lattice> = None;
    loop {
        let full = band.is_full();
        let lattice = Lattice::search(band, &params.shapes, cost, earlier.as_ref());
        let (links, touches) = lattice.traceback(&params.shapes);
        if !touches || full {
            return Searched {
                links,
                lattice,
                limited: false,
            };
        }
        if local && !links.is_empty() {
            widen_near_edges(&mut below, &mut above, lattice.band(), &links);
        } else {
            for x in below.iter_mut().chain(above.iter_mut()) {
                *x = x.saturating_mul(2);
            }
        }
        let wider = core.widened(&below, &above);
        if wider.cells() > limit {
            // A band around a path always holds a path to the end, so
            // `links` is only empty for a guide that misses the corners.
            let links = if links.is_empty() {
                diagonal_path(n, m)
            } else {
                links
            };
            return Searched {
                links,
                lattice,
                limited: true,
            };
        }
        band = wider;
        earlier = Some(lattice);
    }
}

/// Pairs with more sentences than this on a side widen their band only
/// near the rows where the best path meets its edge.
const LOCAL_MIN: usize = 2_000;

/// How far, in multiples of a row's new half-width, the widening reaches
/// on either side of a row where the path met the band's edge.
const LOCAL_REACH: usize = 16;

/// How far back, in rows, the widening reaches at most from a row where
/// a run of target segments without counterpart met the band's edge. At
/// 16 times the new half-width, as for a path that drifts off the band
/// over many rows, it took the band over the whole pair within a few
/// doublings where the lexicon moved a pair's last source segment to a
/// near-duplicate far along the target's unmatched tail (5,000 lines of
/// two sides that overlap in part: 2.6 M cells, 10 s user against 4).
/// Not widening the rows before at all found other, slightly worse paths
/// where 30% of a 20,000-line source's middle was gone (strict F1 0.9615
/// -> 0.9603). With 256 rows, 21 long pairs came out byte for byte as
/// before in both configurations, and one more kept 10,811 of its 10,814
/// correct links (BENCHMARKS.md, twelfth session; issue 16).
const ROW_RUN_REACH: usize = 256;

/// Doubles the widening of the rows near each row where `links` end on
/// an inner edge of `band`, on that edge's side only: the rows within
/// [`LOCAL_REACH`] times the new widening of it.
fn widen_near_edges(
    below: &mut [usize],
    above: &mut [usize],
    band: &Band,
    links: &[traceback::Link],
) {
    let last = below.len() - 1;
    let mut grow: Vec<(usize, usize, bool, bool)> = Vec::new();
    for (s, t) in links {
        let (i, j) = (s.end, t.end);
        if band.on_inner_edge(i, j) {
            let low = band.on_lower_edge(i, j);
            let w = if low { below[i] } else { above[i] };
            grow.push((i, w.saturating_mul(2), low, s.is_empty()));
        }
    }
    for (i, w, low, along_row) in grow {
        let reach = w.saturating_mul(LOCAL_REACH);
        // A run of target segments without counterpart that met the edge
        // along its own row goes on in that row: the rows after it need
        // room to carry the path on from further along, the rows before
        // it far less (see `ROW_RUN_REACH`).
        let before = if along_row {
            reach.min(ROW_RUN_REACH)
        } else {
            reach
        };
        let rows = i.saturating_sub(before)..=i.saturating_add(reach).min(last);
        let side = if low { &mut *below } else { &mut *above };
        for x in &mut side[rows] {
            *x = (*x).max(w);
        }
    }
}

/// A path of 1-1 links down the diagonal with skips for the longer side's
/// rest.
fn diagonal_path(n: usize, m: usize) -> Vec<traceback::Link> {
    let k = n.min(m);
    let mut links: Vec<traceback::Link> = (0..k).map(|x| (x..x + 1, x..x + 1)).collect();
    links.extend((k..n).map(|i| (i..i + 1, m..m)));
    links.extend((k..m).map(|j| (n..n, j..j + 1)));
    links
}

/// The corner points of a path of links, from `(0, 0)`.
fn path_points(links: &[traceback::Link]) -> Vec<(usize, usize)> {
    let mut points = Vec::with_capacity(links.len() + 1);
    points.push((0, 0));
    points.extend(links.iter().map(|(s, t)| (s.end, t.end)));
    points
}

/// Aligns over the whole matrix, without a band (for small inputs and for
/// checking the banded search).
pub fn align_full<C: BeadCost>(n: usize, m: usize, cost: &C, params: &SearchParams) -> Vec<Bead> {
    let lattice = dp::best_paths(Band::full(n, m), &params.shapes, cost);
    let (links, _) = traceback::traceback(&lattice, &params.shapes);
    let lattice = Lattice::Forward(lattice);
    with_confidence(n, m, links, cost, &params.shapes, Some(&lattice))
}

/// Turns the links of the best path into beads scored by their posterior
/// probability.
fn with_confidence<C: BeadCost>(
    n: usize,
    m: usize,
    links: Vec<traceback::Link>,
    cost: &C,
    shapes: &[Shape],
    viterbi: Option<&Lattice>,
) -> Vec<Bead> {
    let band = Band::around_path(n, m, &path_points(&links), POSTERIOR_BAND);
    let post = match viterbi {
        Some(Lattice::Split(l)) => split::posterior(&band, shapes, cost, l),
        Some(Lattice::Forward(l)) => dp::posterior(&band, shapes, cost, Some(l)),
        None => dp::posterior(&band, shapes, cost, None),
    };
    let scores: Vec<f64> = links
        .iter()
        .map(|(src, tgt)| {
            let start = band.index(src.start, tgt.start);
            let end = band.index(src.end, tgt.end);
            match (start, end) {
                (Some(s), Some(e)) if post.total.is_finite() => {
                    // The cost as the sums took it (kept as f32 there):
                    // a bead's share of the paths is a difference of sums
                    // of thousands of nats, and a cost even 1e-6 off moves
                    // a posterior near 1 far from its value. The sums
                    // keep it; priced again, a long pair's links took 7%
                    // of its lexical evidence's work (issue 16).
                    let kept = shapes
                        .iter()
                        .position(|s| s.src == src.len() && s.tgt == tgt.len())
                        .and_then(|k| post.kept_cost(e, k));
                    let c = f64::from(
                        kept.unwrap_or_else(|| cost.cost(src.clone(), tgt.clone()) as f32),
                    );
                    (post.fwd[s] - c + post.bwd[e] - post.total)
                        .exp()
                        .clamp(0.0, 1.0)
                }
                _ => 0.0,
            }
        })
        .collect();
    // The sums and their costs go before the beads are made: on a long
    // pair they are the largest thing held, and the run's peak.
    drop(post);
    links
        .into_iter()
        .zip(scores)
        .map(|((src, tgt), score)| Bead {
            src,
            tgt,
            score,
            ..Default::default()
        })
        .collect()
}

#[cfg(test)]
mod tests;
