//! A rough path for long documents: align blocks of sentences by length,
//! then search only near that path at full resolution (the coarse-to-fine
//! idea of Vecalign, Thompson and Koehn 2019).

use super::{best_path, SearchParams};
use crate::cost::{LengthCost, LengthParams};

/// Documents up to this many sentences a side are searched around the
/// diagonal directly: a band of a few dozen cells around it costs less
/// than the coarse pass.
const DIRECT_MAX: usize = 2_000;

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

#[cfg(test)]
mod tests {
    use super::*;

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
