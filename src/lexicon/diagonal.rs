//! The diagonal alignment prior of the lexical score (fast_align's, Dyer,
//! Chahuneau and Smith 2013): a word at relative position `y` of one side
//! aligns with the word at relative position `x` of the other side with
//! weight `exp(−λ·|x − y|)`, normalised over the other side.
//!
//! Everything the scorer needs comes from per-length tables, so that
//! scoring a bead takes no `exp` at all: with `down(x) = exp(−λ(x − ½))`
//! and `up = 1/down`, the weight is `down(x)·up(y)` when `x ≥ y` and
//! `up(x)·down(y)` otherwise, and the normaliser is a prefix sum of `up`
//! plus a suffix sum of `down`.

use std::ops::Deref;
use std::sync::{Arc, OnceLock};

/// Side lengths (in tokens) whose tables a lexicon computes once, at the
/// first bead side of that length, and shares: 512 covers beads of up to
/// 3-3 sentences of 170 words. Made all at once, the tables took 4 MB a
/// lexicon, where news needs the first 150 or so (issue 16: about 4% of
/// a default run's peak on 20,000 sentences). Longer sides get theirs
/// from each scorer.
const SHARED_LENGTHS: usize = 512;

/// The tables of one side length `n`, positions `x_i = (i + ½)/n`.
#[derive(Debug, Clone, Default)]
pub(crate) struct LenFactors {
    /// `down(x_i)`.
    pub down: Box<[f64]>,
    /// `up(x_i)`.
    pub up: Box<[f64]>,
    /// `Σ_{i<k} up(x_i)` for `k` in `0..=n`.
    up_prefix: Box<[f64]>,
    /// `Σ_{i≥k} down(x_i)` for `k` in `0..=n`.
    down_suffix: Box<[f64]>,
}

impl LenFactors {
    /// The tables for length `n` and tension `lambda`. Centred on ½ so
    /// that no factor exceeds `exp(λ/2)`.
    pub fn new(n: usize, lambda: f64) -> LenFactors {
        let x = |i: usize| (i as f64 + 0.5) / n as f64 - 0.5;
        let down: Box<[f64]> = (0..n).map(|i| (-lambda * x(i)).exp()).collect();
        let up: Box<[f64]> = down.iter().map(|d| 1.0 / d).collect();
        let mut up_prefix = vec![0.0; n + 1];
        for i in 0..n {
            up_prefix[i + 1] = up_prefix[i] + up[i];
        }
        let mut down_suffix = vec![0.0; n + 1];
        for i in (0..n).rev() {
            down_suffix[i] = down_suffix[i + 1] + down[i];
        }
        LenFactors {
            down,
            up,
            up_prefix: up_prefix.into(),
            down_suffix: down_suffix.into(),
        }
    }

    /// `Σ_i exp(−λ·|x_i − p|)` over this side, for word `j` of the other
    /// side of `m` words, at `p = (j + ½)/m`, whose own factors are
    /// `p_down` = `down(p)` and `p_up` = `up(p)`.
    /// The scorer walks the words in order instead ([`LenFactors::left_of`]);
    /// this is what the walk must agree with.
    #[cfg(test)]
    pub fn mass(&self, j: usize, m: usize, p_down: f64, p_up: f64) -> f64 {
        let n = self.down.len();
        // k = the number of positions at or left of p: x_i ≤ p exactly
        // when 2i·m ≤ (2j + 1)·n − m, in integers.
        let num = (2 * j + 1) * n;
        let k = if num < m {
            0
        } else {
            ((num - m) / (2 * m) + 1).min(n)
        };
        self.mass_left_of(k, p_down, p_up)
    }

    /// [`LenFactors::mass`] with `k`, the number of this side's positions
    /// at or left of `p`, known (see [`LenFactors::left_of`]).
    #[inline]
    pub fn mass_left_of(&self, k: usize, p_down: f64, p_up: f64) -> f64 {
        p_down * self.up_prefix[k] + p_up * self.down_suffix[k]
    }

    /// Moves `k` on to the number of this side's positions at or left of
    /// word `j` of the other side of `m` words, from its value for an
    /// earlier word: a walk over the words in order costs additions where
    /// [`LenFactors::mass`] divides for each word.
    #[inline]
    pub fn left_of(&self, k: &mut usize, j: usize, m: usize) {
        let n = self.down.len();
        let num = (2 * j + 1) * n;
        while *k < n && 2 * *k * m + m <= num {
            *k += 1;
        }
    }
}

/// The prior's tables for every side length up to [`SHARED_LENGTHS`],
/// each computed when first asked for and shared by all the lexicon's
/// scorers.
#[derive(Debug, Clone, Default)]
pub(crate) struct DiagonalPrior {
    lambda: f64,
    lens: Vec<OnceLock<LenFactors>>,
}

impl DiagonalPrior {
    pub fn new(lambda: f64) -> DiagonalPrior {
        DiagonalPrior {
            lambda,
            lens: (0..SHARED_LENGTHS).map(|_| OnceLock::new()).collect(),
        }
    }

    /// The tension `λ`.
    pub fn lambda(&self) -> f64 {
        self.lambda
    }

    /// The shared tables for length `n`, if it has them.
    pub fn shared(&self, n: usize) -> Option<&LenFactors> {
        let lambda = self.lambda;
        self.lens
            .get(n)
            .map(|f| f.get_or_init(|| LenFactors::new(n, lambda)))
    }
}

/// Tables for one length: shared, or made for a longer side.
pub(crate) enum Factors<'a> {
    Shared(&'a LenFactors),
    Own(Arc<LenFactors>),
}

impl Deref for Factors<'_> {
    type Target = LenFactors;
    fn deref(&self) -> &LenFactors {
        match self {
            Factors::Shared(f) => f,
            Factors::Own(f) => f,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_give_the_weights_and_their_sums() {
        for n in [1usize, 2, 3, 7, 30, 200] {
            for lambda in [0.0, 0.5, 4.0, 24.0, 100.0] {
                let f = LenFactors::new(n, lambda);
                let weight = |x: f64, y: f64| (-lambda * (x - y).abs()).exp();
                let pos = |i: usize| (i as f64 + 0.5) / n as f64;
                for m in [1usize, 4, 9, 31] {
                    let g = LenFactors::new(m, lambda);
                    let mut walked = 0;
                    for j in 0..m {
                        let p = (j as f64 + 0.5) / m as f64;
                        let want: f64 = (0..n).map(|i| weight(pos(i), p)).sum();
                        let got = f.mass(j, m, g.down[j], g.up[j]);
                        f.left_of(&mut walked, j, m);
                        assert_eq!(
                            f.mass_left_of(walked, g.down[j], g.up[j]).to_bits(),
                            got.to_bits()
                        );
                        assert!(
                            (got - want).abs() < 1e-9 * want.max(1.0),
                            "n {n} m {m} j {j} λ {lambda}: {got} vs {want}"
                        );
                        for i in 0..n {
                            let prod = f.down[i] * g.up[j];
                            let w = if prod <= 1.0 { prod } else { 1.0 / prod };
                            let want = weight(pos(i), p);
                            assert!((w - want).abs() < 1e-12, "weight {i} {j}: {w} vs {want}");
                        }
                    }
                }
            }
        }
        let prior = DiagonalPrior::new(24.0);
        assert_eq!(prior.lambda(), 24.0);
        assert_eq!(prior.shared(40).map(|f| f.down.len()), Some(40));
        assert!(prior.shared(SHARED_LENGTHS).is_none());
    }
}
