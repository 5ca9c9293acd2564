//! A rough path for long documents: align blocks of sentences by length,
//! then search only near that path at full resolution (the coarse-to-fine
//! idea of Vecalign, Thompson and Koehn 2019).

use super::{best_path, SearchParams};
use crate::cost::{LengthCost, LengthParams};

/// Documents up to this many sentences a side are searched around the
/// diagonal directly: a band of a few dozen cells around it costs less
/// than the coarse pass.
pub(crate) const DIRECT_MAX: usize = 2_000;

/// Sentences per block at each coarser level. Each level quarters the
/// work of the one below, and its path is off by at most a few blocks, so
/// the band of the level below need only be a few blocks wide.
const BLOCK: usize = 4;

/// A guide path, as corner points from `(0, 0)` to `(n, m)`, and the block
/// size it was found at (1 when the guide is the diagonal). The fine search
/// should start with a band at least as wide as the block size, the
/// guide's own uncertainty.
pub fn guide(
    src_len: &[usize],
    tgt_len: &[usize],
    params: &LengthParams,
) -> (Vec<(usize, usize)>, usize) {
    let (n, m) = (src_len.len(), tgt_len.len());
    if n.max(m) <= DIRECT_MAX {
        return (vec![(0, 0), (n, m)], 1);
    }
    let k = BLOCK;
    let blocks = |lens: &[usize]| {
        lens.chunks(k)
            .map(|c| c.iter().sum())
            .collect::<Vec<usize>>()
    };
    let (sb, tb) = (blocks(src_len), blocks(tgt_len));
    let cost = LengthCost::new(&sb, &tb, params);
    // The blocks get a guide of their own when there are still many.
    let (coarser, kk) = guide(&sb, &tb, params);
    let search = SearchParams {
        initial_band: SearchParams::default().initial_band.max(2 * kk),
        ..SearchParams::default()
    };
    let links = best_path(sb.len(), tb.len(), &cost, &search, &coarser);
    let mut points = Vec::with_capacity(links.len() + 1);
    points.push((0, 0));
    points.extend(
        links
            .iter()
            .map(|(s, t)| ((s.end * k).min(n), (t.end * k).min(m))),
    );
    (points, k)
}

/// Fewest chain points per sentence of the shorter side for
/// [`anchor_guide`] to be trusted: one every 50 sentences. Real news has a
/// number, date or Latin token shared by both sides in most sentences, so
/// a sparser chain means the sides share little, and the length guide is
/// the better bet.
const CHAIN_DENSITY: usize = 50;

/// A guide through points where both sides share a rare anchor, when
/// there are enough of them: the longest chain of such points that rises
/// on both sides (so that a number repeated elsewhere, or a pair of
/// sentences that share a date by chance, drops out).
///
/// The length-only guide spreads a loss evenly over the document: when the
/// last 3% of one side of 10,000 merged lines had no counterpart, it ran
/// up to 300 lines off the true path, and the band around it had to double
/// to 512 cells before it held the path (41 s against 4 s for the matched
/// pair, issue 16). Shared anchors stay on the path wherever they are.
///
/// `chain` is the [`rising_chain`] of the pairs `(source sentence,
/// target sentence)` that share a rare anchor.
pub fn anchor_guide(n: usize, m: usize, chain: &[(usize, usize)]) -> Option<Vec<(usize, usize)>> {
    if n.max(m) <= DIRECT_MAX {
        return None;
    }
    let inside = chain.iter().filter(|&&(i, j)| i < n && j < m);
    if inside.clone().count() * CHAIN_DENSITY < n.min(m) {
        return None;
    }
    let mut guide = Vec::with_capacity(chain.len() + 2);
    guide.push((0, 0));
    guide.extend(inside);
    guide.push((n, m));
    Some(guide)
}

/// The longest run of points rising strictly on both coordinates (patience
/// sorting, O(p log p)); among runs of that length, the one found first.
pub fn rising_chain(mut points: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    // Within one source sentence, targets in falling order, so that at
    // most one point of a source sentence joins the chain.
    points.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    points.dedup();
    // tails[k]: index of the point ending the best chain of length k + 1
    // with the smallest target; prev: each point's predecessor.
    let mut tails: Vec<usize> = Vec::new();
    let mut prev: Vec<usize> = vec![usize::MAX; points.len()];
    for (x, &(_, j)) in points.iter().enumerate() {
        let k = tails.partition_point(|&t| points[t].1 < j);
        if k > 0 {
            prev[x] = tails[k - 1];
        }
        if k == tails.len() {
            tails.push(x);
        } else {
            tails[k] = x;
        }
    }
    let mut chain = Vec::with_capacity(tails.len());
    let mut at = tails.last().copied().unwrap_or(usize::MAX);
    while at != usize::MAX {
        chain.push(points[at]);
        at = prev[at];
    }
    chain.reverse();
    chain
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rising_chain_drops_what_does_not_rise() {
        let points = vec![
            (0, 0),
            (1, 5),
            (2, 2),
            (3, 3),
            (3, 1),
            (4, 4),
            (5, 0),
            (6, 6),
        ];
        assert_eq!(
            rising_chain(points),
            [(0, 0), (2, 2), (3, 3), (4, 4), (6, 6)]
        );
        assert!(rising_chain(Vec::new()).is_empty());
        // One point per source sentence at most, and strictly rising.
        let chain = rising_chain(vec![(1, 1), (1, 2), (2, 2), (3, 3)]);
        assert_eq!(chain.len(), 3);
        assert!(chain.windows(2).all(|w| w[0].0 < w[1].0 && w[0].1 < w[1].1));
    }

    /// Issue 16: a target whose last 300 sentences are missing. The
    /// anchors in the rest of it tie the guide to the true path (which ends
    /// with the source's last 300 sentences left out), where a diagonal
    /// would run 300 sentences off it.
    #[test]
    fn issue16_anchor_guide_follows_a_missing_tail() {
        let (n, m) = (10_000, 9_700);
        // A shared anchor every 7 sentences, and some noise.
        let mut points: Vec<(usize, usize)> = (0..m).step_by(7).map(|i| (i, i)).collect();
        points.extend((0..200).map(|k| ((k * 7919) % n, (k * 104_729) % m)));
        let guide = anchor_guide(n, m, &rising_chain(points)).expect("dense enough");
        assert_eq!(guide.first(), Some(&(0, 0)));
        assert_eq!(guide.last(), Some(&(n, m)));
        let near_end = guide.iter().rev().nth(1).unwrap();
        assert!(near_end.0 >= 9_650 && near_end.0 < 9_700, "{near_end:?}");
        let off = guide[1..guide.len() - 1]
            .iter()
            .filter(|(i, j)| i.abs_diff(*j) > 10)
            .count();
        assert!(off <= 5, "{off} points off the path");
        // Too few shared anchors, or a short document: no anchor guide.
        assert!(anchor_guide(n, m, &[(5, 5), (90, 90)]).is_none());
        let diagonal: Vec<_> = (0..500).map(|i| (i, i)).collect();
        assert!(anchor_guide(500, 500, &diagonal).is_none());
    }

    #[test]
    fn short_documents_use_the_diagonal() {
        let (g, k) = guide(&[10; 50], &[12; 40], &LengthParams::default());
        assert_eq!(g, [(0, 0), (50, 40)]);
        assert_eq!(k, 1);
    }

    #[test]
    fn long_documents_get_a_monotone_guide() {
        let src: Vec<usize> = (0..5_000u64)
            .map(|i| 20 + ((i * 2_654_435_761) >> 9) as usize % 150)
            .collect();
        // The target merges sentences 1000..1400 in pairs: the path bends
        // away from the diagonal there and the guide must follow.
        let mut tgt: Vec<usize> = src[..1000].to_vec();
        tgt.extend(src[1000..1400].chunks(2).map(|c| c.iter().sum::<usize>()));
        tgt.extend_from_slice(&src[1400..]);
        let (g, k) = guide(&src, &tgt, &LengthParams::default());
        assert_eq!(k, BLOCK);
        assert_eq!(g.first(), Some(&(0, 0)));
        assert_eq!(g.last(), Some(&(5_000, 4_800)));
        assert!(g.windows(2).all(|w| w[0].0 <= w[1].0 && w[0].1 <= w[1].1));
        // Near source 1400 the guide is near target 1200, far from the
        // diagonal's 1344.
        let near = g.iter().find(|p| p.0 >= 1_400).unwrap();
        assert!(near.1.abs_diff(1_200) <= 20, "{near:?}");
    }
}
