//! The band of the DP matrix around the diagonal, stored row by row so
//! memory is O(n x band width) instead of O(n x m).

/// Cells `(i, j)` with `lo[i] <= j <= hi[i]` for every source position
/// `i` in `0..=n`; target positions run over `0..=m`.
#[derive(Debug, Clone)]
pub struct Band {
    lo: Vec<usize>,
    hi: Vec<usize>,
    offset: Vec<usize>,
    n: usize,
    m: usize,
}

impl Band {
    /// The band of half-width `w` around the line from `(0, 0)` to
    /// `(n, m)`.
    ///
    /// Row `i` covers the stretch of the diagonal between source positions
    /// `i - 1/2` and `i + 1/2`, widened by `w` on both sides. Covering that
    /// stretch rather than one point keeps neighbouring rows overlapping
    /// when the sides differ greatly in length, so the band always holds a
    /// path from corner to corner.
    pub fn around_diagonal(n: usize, m: usize, w: usize) -> Band {
        let mut lo = Vec::with_capacity(n + 1);
        let mut hi = Vec::with_capacity(n + 1);
        for i in 0..=n {
            if n == 0 {
                lo.push(0);
                hi.push(m);
                continue;
            }
            let r = m as f64 / n as f64;
            let a = ((i as f64 - 0.5) * r).floor() - w as f64;
            let b = ((i as f64 + 0.5) * r).ceil() + w as f64;
            lo.push(a.max(0.0) as usize);
            hi.push((b.max(0.0) as usize).min(m));
        }
        Band::from_rows(lo, hi, m)
    }

    /// The whole matrix (for small inputs and for tests).
    pub fn full(n: usize, m: usize) -> Band {
        Band::from_rows(vec![0; n + 1], vec![m; n + 1], m)
    }

    fn from_rows(lo: Vec<usize>, hi: Vec<usize>, m: usize) -> Band {
        let mut offset = Vec::with_capacity(lo.len() + 1);
        let mut acc = 0;
        for (l, h) in lo.iter().zip(&hi) {
            offset.push(acc);
            acc += h - l + 1;
        }
        offset.push(acc);
        let n = lo.len() - 1;
        Band {
            lo,
            hi,
            offset,
            n,
            m,
        }
    }

    /// Number of source sentences.
    pub fn n(&self) -> usize {
        self.n
    }

    /// Number of target sentences.
    pub fn m(&self) -> usize {
        self.m
    }

    /// Number of cells in the band.
    pub fn cells(&self) -> usize {
        self.offset[self.n + 1]
    }

    /// The target positions of row `i`, inclusive.
    pub fn row(&self, i: usize) -> (usize, usize) {
        (self.lo[i], self.hi[i])
    }

    /// Index of cell `(i, j)` in flat storage, if it lies in the band.
    #[inline]
    pub fn index(&self, i: usize, j: usize) -> Option<usize> {
        if i > self.n || j < self.lo[i] || j > self.hi[i] {
            return None;
        }
        Some(self.offset[i] + (j - self.lo[i]))
    }

    /// Whether `(i, j)` lies on an edge of the band that is not also an
    /// edge of the matrix: a best path through such a cell may have been
    /// cut short by the band.
    pub fn on_inner_edge(&self, i: usize, j: usize) -> bool {
        (j == self.lo[i] && self.lo[i] > 0) || (j == self.hi[i] && self.hi[i] < self.m)
    }

    /// Whether the band already covers the whole matrix.
    pub fn is_full(&self) -> bool {
        self.lo.iter().all(|&l| l == 0) && self.hi.iter().all(|&h| h == self.m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_overlap_even_for_lopsided_sides() {
        for (n, m, w) in [
            (1, 100, 0),
            (100, 1, 0),
            (7, 3, 1),
            (3, 50, 2),
            (0, 5, 1),
            (5, 0, 1),
        ] {
            let b = Band::around_diagonal(n, m, w);
            assert_eq!(b.row(0).0, 0);
            assert_eq!(b.row(n).1, m);
            for i in 1..=n {
                let (lo, _) = b.row(i);
                let (_, prev_hi) = b.row(i - 1);
                assert!(lo <= prev_hi + 1, "{n}x{m} w={w} row {i}");
            }
        }
    }

    #[test]
    fn index_is_dense() {
        let b = Band::around_diagonal(10, 12, 2);
        let mut next = 0;
        for i in 0..=10 {
            let (lo, hi) = b.row(i);
            for j in lo..=hi {
                assert_eq!(b.index(i, j), Some(next));
                next += 1;
            }
            assert_eq!(b.index(i, hi + 1), None);
        }
        assert_eq!(next, b.cells());
        assert!(Band::full(3, 4).is_full());
    }
}
