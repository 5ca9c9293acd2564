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
    pub fn around_diagonal(n: usize, m: usize, w: usize) -> Band {
        Band::around_path(n, m, &[(0, 0), (n, m)], w)
    }

    /// The band of half-width `w` around a monotone path given by its
    /// corner points, from `(0, 0)` to `(n, m)`; straight lines join the
    /// points.
    ///
    /// Row `i` covers the stretch of the path between source positions
    /// `i - 1/2` and `i + 1/2`, widened by `w` on both sides. Covering that
    /// stretch rather than one point keeps neighbouring rows overlapping
    /// when the path is steep, so the band always holds a path from corner
    /// to corner.
    pub fn around_path(n: usize, m: usize, points: &[(usize, usize)], w: usize) -> Band {
        let mut lo = vec![usize::MAX; n + 1];
        let mut hi = vec![0usize; n + 1];
        let mut cover = |i: usize, a: usize, b: usize| {
            lo[i] = lo[i].min(a);
            hi[i] = hi[i].max(b);
        };
        cover(0, 0, 0);
        cover(n, m, m);
        for seg in points.windows(2) {
            let ((i0, j0), (i1, j1)) = (seg[0], seg[1]);
            let (i1, j1) = (i1.min(n), j1.min(m));
            if i1 <= i0 {
                cover(i0.min(n), j0.min(j1), j1.max(j0));
                continue;
            }
            let slope = (j1 as f64 - j0 as f64) / (i1 - i0) as f64;
            let at = |x: f64| j0 as f64 + (x - i0 as f64) * slope;
            for i in i0..=i1 {
                let xa = (i as f64 - 0.5).max(i0 as f64);
                let xb = (i as f64 + 0.5).min(i1 as f64);
                let a = at(xa).floor().max(0.0) as usize;
                let b = (at(xb).ceil().max(0.0) as usize).min(m);
                cover(i, a.min(b), b);
            }
        }
        for i in 0..=n {
            if lo[i] == usize::MAX {
                // A row the points skipped: span its neighbours.
                let (a, b) = (if i > 0 { hi[i - 1] } else { 0 }, m);
                lo[i] = a.min(b);
                hi[i] = hi[i].max(lo[i]);
            }
            lo[i] = lo[i].saturating_sub(w);
            hi[i] = hi[i].saturating_add(w).min(m);
        }
        Band::from_rows(lo, hi, m)
    }

    /// The cells of either band (both must span the same matrix). Rows
    /// stay contiguous: a row covers from the lower of the two starts to
    /// the higher of the two ends.
    pub fn union(&self, other: &Band) -> Band {
        let lo = self
            .lo
            .iter()
            .zip(&other.lo)
            .map(|(a, b)| *a.min(b))
            .collect();
        let hi = self
            .hi
            .iter()
            .zip(&other.hi)
            .map(|(a, b)| *a.max(b))
            .collect();
        Band::from_rows(lo, hi, self.m)
    }

    /// This band with row `i` widened by `below[i]` cells towards the
    /// target's start and `above[i]` towards its end (within the matrix).
    /// `around_path(n, m, points, 0)` widened by `w` on both sides of
    /// every row is `around_path(n, m, points, w)`.
    pub fn widened(&self, below: &[usize], above: &[usize]) -> Band {
        let lo = self
            .lo
            .iter()
            .zip(below)
            .map(|(l, w)| l.saturating_sub(*w))
            .collect();
        let hi = self
            .hi
            .iter()
            .zip(above)
            .map(|(h, w)| h.saturating_add(*w).min(self.m))
            .collect();
        Band::from_rows(lo, hi, self.m)
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

    /// Index in flat storage of the first cell of row `i`, for `i` in
    /// `0..=n + 1` (row `n + 1` starts after the last cell).
    pub fn row_start(&self, i: usize) -> usize {
        self.offset[i]
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
        self.on_lower_edge(i, j) || (j == self.hi[i] && self.hi[i] < self.m)
    }

    /// Whether `(i, j)` lies on the lower inner edge of the band (its
    /// first cell of row `i`, when that is not the matrix's): see
    /// [`Band::on_inner_edge`].
    pub fn on_lower_edge(&self, i: usize, j: usize) -> bool {
        j == self.lo[i] && self.lo[i] > 0
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
    fn path_band_holds_the_path() {
        let path = [(0, 0), (10, 10), (40, 10), (50, 20)];
        let b = Band::around_path(50, 20, &path, 0);
        for (i, j) in [
            (0, 0),
            (5, 5),
            (10, 10),
            (25, 10),
            (40, 10),
            (45, 15),
            (50, 20),
        ] {
            assert!(b.index(i, j).is_some(), "({i}, {j})");
        }
        assert!(b.index(25, 15).is_none());
        for i in 1..=50 {
            assert!(b.row(i).0 <= b.row(i - 1).1 + 1, "row {i}");
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
