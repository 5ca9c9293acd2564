//! The Gale–Church length cost.

use super::BeadCost;
use crate::align::shape::{prior, Shape, ShapePriors};
use std::ops::Range;

/// Parameters of the Gale–Church length model.
#[derive(Debug, Clone, PartialEq)]
pub struct LengthParams {
    /// Variance of the target length per unit of source length (in
    /// characters). Gale and Church (1993) measured 6.8 on English, French
    /// and German; on the ntrex-dev Arabic–English and Arabic–Russian
    /// pairs a grid search over 2..12 (scripts/tune-length) peaked
    /// between 5 and 8, so we keep their figure.
    pub variance: f64,
    /// Target length per source character. `None` fits it per document
    /// pair from the total lengths.
    pub ratio: Option<f64>,
    /// Cost of leaving a source sentence without counterpart (a 1-0
    /// bead), as a negative log probability. `None` uses the shape prior.
    pub skip_src: Option<f64>,
    /// Cost of leaving a target sentence without counterpart (0-1).
    pub skip_tgt: Option<f64>,
    /// Priors of the linking shapes re-estimated from an earlier pass;
    /// `None` uses [`prior`].
    pub priors: Option<ShapePriors>,
}

impl Default for LengthParams {
    fn default() -> Self {
        LengthParams {
            variance: 6.8,
            ratio: None,
            skip_src: None,
            skip_tgt: None,
            priors: None,
        }
    }
}

/// Sentence lengths of one side, with prefix sums so any run's length is
/// O(1).
#[derive(Debug, Clone)]
pub struct Lengths {
    prefix: Vec<f64>,
}

impl Lengths {
    /// Builds the prefix sums of the given lengths (in characters).
    pub fn new(lengths: &[usize]) -> Lengths {
        let mut prefix = Vec::with_capacity(lengths.len() + 1);
        let mut acc = 0.0;
        prefix.push(acc);
        for &l in lengths {
            acc += l as f64;
            prefix.push(acc);
        }
        Lengths { prefix }
    }

    /// Total length of the run `r`.
    pub fn of(&self, r: Range<usize>) -> f64 {
        self.prefix[r.end] - self.prefix[r.start]
    }

    /// Total length of the side.
    pub fn total(&self) -> f64 {
        *self.prefix.last().unwrap_or(&0.0)
    }

    /// Number of sentences.
    pub fn len(&self) -> usize {
        self.prefix.len() - 1
    }

    /// Whether the side has no sentences.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The Gale–Church length cost: how far the target length is from the
/// source length times the expected ratio, in standard deviations, turned
/// into a two-sided tail probability, plus the shape's prior.
#[derive(Debug, Clone)]
pub struct LengthCost {
    src: Lengths,
    tgt: Lengths,
    ratio: f64,
    variance: f64,
    skip_src: Option<f64>,
    skip_tgt: Option<f64>,
    priors: Option<ShapePriors>,
    /// Shape costs of shapes up to 4-4, computed once: the DP asks for
    /// them millions of times.
    shape_table: [[f64; 5]; 5],
}

impl LengthCost {
    /// A length cost over the two sides' sentence lengths.
    pub fn new(src_len: &[usize], tgt_len: &[usize], params: &LengthParams) -> LengthCost {
        let src = Lengths::new(src_len);
        let tgt = Lengths::new(tgt_len);
        let ratio = params
            .ratio
            .unwrap_or_else(|| first_ratio(src_len, tgt_len));
        let mut cost = LengthCost {
            src,
            tgt,
            ratio,
            variance: params.variance,
            skip_src: params.skip_src,
            skip_tgt: params.skip_tgt,
            priors: params.priors.clone(),
            shape_table: [[0.0; 5]; 5],
        };
        for a in 0..5 {
            for b in 0..5 {
                cost.shape_table[a][b] = cost.compute_shape_cost(Shape::new(a, b));
            }
        }
        cost
    }

    /// The target/source length ratio in use.
    pub fn ratio(&self) -> f64 {
        self.ratio
    }

    /// The length part of a bead's cost, without the shape prior.
    pub fn length_cost(&self, src: Range<usize>, tgt: Range<usize>) -> f64 {
        let l1 = self.src.of(src);
        let l2 = self.tgt.of(tgt);
        length_surprise(l1, l2, self.ratio, self.variance)
    }

    /// The prior part of a bead's cost.
    #[inline]
    pub fn shape_cost(&self, shape: Shape) -> f64 {
        match self
            .shape_table
            .get(shape.src)
            .and_then(|row| row.get(shape.tgt))
        {
            Some(&c) => c,
            None => self.compute_shape_cost(shape),
        }
    }

    fn compute_shape_cost(&self, shape: Shape) -> f64 {
        let skip = match (shape.src, shape.tgt) {
            (_, 0) => self.skip_src,
            (0, _) => self.skip_tgt,
            _ => None,
        };
        skip.unwrap_or_else(|| match &self.priors {
            Some(p) => -p.get(shape).ln(),
            None => -prior(shape).ln(),
        })
    }
}

impl BeadCost for LengthCost {
    #[inline]
    fn cost(&self, src: Range<usize>, tgt: Range<usize>) -> f64 {
        let shape = Shape::new(src.len(), tgt.len());
        if shape.src == 0 || shape.tgt == 0 {
            return self.shape_cost(shape);
        }
        self.length_cost(src, tgt) + self.shape_cost(shape)
    }

    /// The length part is a negative log probability, never below 0.
    #[inline]
    fn lower_bound(&self, shape: Shape) -> f64 {
        self.shape_cost(shape)
    }
}

/// A segment longer than this many times the longest segment of the other
/// side is left out of the totals the length ratio is fitted from: it
/// cannot be the translation of anything there (a link joins at most four
/// segments a side), and one such segment (an editor's note of 800 words
/// spliced into an article) otherwise moves the totals' ratio so far that
/// the first pass, and every pass refitted from it, misaligns the whole
/// document: spliced into the middle of each ntrex-dev ar-en document it
/// took strict F1 of the other links from 0.959 to 0.06. Capping every
/// segment at twice its side's median instead also cured that, but cost
/// textberg-dev 0.04 (its long paragraphs are split differently in German
/// and French).
pub const OUTLIER_FACTOR: f64 = 4.0;

/// The totals of both sides' segment lengths, each without the segments
/// longer than [`OUTLIER_FACTOR`] times the other side's longest.
pub fn robust_totals(src: &[usize], tgt: &[usize]) -> (f64, f64) {
    let total = |own: &[usize], other: &[usize]| -> f64 {
        let limit = outlier_limit(other);
        own.iter().map(|&l| l as f64).filter(|&l| l <= limit).sum()
    };
    (total(src, tgt), total(tgt, src))
}

/// The length above which a segment is an outlier against the `other`
/// side (see [`OUTLIER_FACTOR`]).
fn outlier_limit(other: &[usize]) -> f64 {
    OUTLIER_FACTOR * other.iter().copied().max().unwrap_or(0) as f64
}

/// One side with more than this many times the other's segments is not a
/// translation of it as a whole (a title against a whole article, one
/// line against fifty): the totals then say how much more text there is,
/// not how much longer a translation runs.
pub const LOPSIDED: usize = 4;

/// The length ratio a first pass assumes: from the [`robust_totals`], or,
/// for a lopsided pair (see [`LOPSIDED`]), from the median segment
/// lengths. With the totals, one Arabic title against 50 English lines
/// was expected to run five times as long in English and was linked to
/// four lines in the middle of the article.
pub fn first_ratio(src: &[usize], tgt: &[usize]) -> f64 {
    let (n, m) = (src.len(), tgt.len());
    if n > 0 && m > 0 && (m > LOPSIDED * n || n > LOPSIDED * m) {
        return fit_ratio(median(src), median(tgt));
    }
    let (s, t) = robust_totals(src, tgt);
    fit_ratio(s, t)
}

/// The length ratio of the stretches between consecutive points of an
/// anchor chain (sentence pairs that share a rare number, date or Latin
/// token; see [`crate::anchors::DocAnchors::chain`]) that hold about as
/// many segments on both sides, or `None` with fewer than
/// [`CHAIN_STRETCHES`] of them. Text without counterpart on one side
/// makes a stretch lopsided and drops out, where it moves the totals: with
/// 30% of a target made of another article's lines, their ratio is 43%
/// too high, and the first pass linked the stray lines.
pub fn chain_ratio(chain: &[(usize, usize)], src: &[usize], tgt: &[usize]) -> Option<f64> {
    // A stretch holding a segment that the totals leave out (see
    // [`robust_totals`]) drops out too.
    let (src_limit, tgt_limit) = (outlier_limit(tgt), outlier_limit(src));
    let (mut s, mut t, mut kept) = (0usize, 0usize, 0usize);
    for w in chain.windows(2) {
        let ((i1, j1), (i2, j2)) = (w[0], w[1]);
        if i2 > src.len() || j2 > tgt.len() || i2 <= i1 || j2 <= j1 {
            continue;
        }
        let (di, dj) = (i2 - i1, j2 - j1);
        let (a, b) = (&src[i1..i2], &tgt[j1..j2]);
        if di.abs_diff(dj) > STRETCH_SLACK
            || a.iter().any(|&l| l as f64 > src_limit)
            || b.iter().any(|&l| l as f64 > tgt_limit)
        {
            continue;
        }
        s += a.iter().sum::<usize>();
        t += b.iter().sum::<usize>();
        kept += 1;
    }
    (kept >= CHAIN_STRETCHES && s > 0 && t > 0).then(|| fit_ratio(s as f64, t as f64))
}

/// Fewest stretches [`chain_ratio`] fits a ratio from: with three, one
/// chain point on a number word matched by chance (عامين = два) set the
/// ratio of a whole ntrex-dev article.
const CHAIN_STRETCHES: usize = 4;

/// Most segments by which the two sides of a stretch may differ for
/// [`chain_ratio`] (one merge or one omission).
const STRETCH_SLACK: usize = 1;

/// The median of lengths (the upper one for an even count); 0 for none.
fn median(lengths: &[usize]) -> f64 {
    if lengths.is_empty() {
        return 0.0;
    }
    let mut v = lengths.to_vec();
    let mid = v.len() / 2;
    *v.select_nth_unstable(mid).1 as f64
}

/// Target length per source character from the totals of a document pair,
/// kept within 0.2..5 so that a near-empty side cannot produce a wild
/// ratio.
pub fn fit_ratio(src_total: f64, tgt_total: f64) -> f64 {
    if src_total <= 0.0 || tgt_total <= 0.0 {
        return 1.0;
    }
    (tgt_total / src_total).clamp(0.2, 5.0)
}

/// The Gale–Church deviation `delta = (l2 - c*l1) / sqrt(s2 * mean)`,
/// where `mean` is the average of `l1` and `l2 / c`. Gale and Church
/// divide by `l1` alone; averaging both sides keeps the cost symmetric, so
/// swapping source and target gives the same alignment, and stays finite
/// when one side is very short.
pub fn length_delta(l1: f64, l2: f64, ratio: f64, variance: f64) -> f64 {
    let mean = ((l1 + l2 / ratio) / 2.0).max(1.0);
    (l2 - ratio * l1) / (variance * mean).sqrt()
}

/// `-ln P(|Z| >= |delta|)` for the deviation of [`length_delta`].
pub fn length_surprise(l1: f64, l2: f64, ratio: f64, variance: f64) -> f64 {
    let delta = length_delta(l1, l2, ratio, variance);
    tail_surprise(delta.abs() / std::f64::consts::SQRT_2)
}

/// Steps per unit of `z` in the table of [`tail_surprise`]: with linear
/// interpolation the error is below h^2/8 times the curvature (at most 2),
/// about 1.5e-5 nats, far below any cost difference that decides a path.
const TABLE_STEPS: f64 = 128.0;

/// The table covers `0 <= z < TABLE_END`; past it the cost exceeds 900
/// nats and the asymptotic form is exact to many digits.
const TABLE_END: f64 = 30.0;

/// `-ln erfc(z)` for `z >= 0`, never negative, from a table: the DP asks
/// for it millions of times, and a logarithm each time was the largest
/// part of its run time.
fn tail_surprise(z: f64) -> f64 {
    static TABLE: std::sync::OnceLock<Vec<f64>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let n = (TABLE_END * TABLE_STEPS) as usize + 2;
        // The fit's error can put erfc(0) a hair above 1; a probability's
        // surprise is never negative, and the DP's pruning relies on that.
        (0..n)
            .map(|k| (-ln_erfc(k as f64 / TABLE_STEPS)).max(0.0))
            .collect()
    });
    let x = z * TABLE_STEPS;
    let inside = x < TABLE_END * TABLE_STEPS;
    if !inside {
        // erfc(z) ~ exp(-z^2) / (z sqrt(pi)) for large z; NaN lands here too
        // and is treated as the worst deviation.
        let z = if z.is_finite() { z } else { TABLE_END * 1e3 };
        return z * z + (z * std::f64::consts::PI.sqrt()).ln();
    }
    let k = x as usize;
    let f = x - k as f64;
    table[k] + (table[k + 1] - table[k]) * f
}

/// Natural log of the complementary error function for `z >= 0`,
/// evaluated in the log domain so large deviations do not underflow to
/// `ln 0`. This is the Chebyshev fit in Press et al., Numerical Recipes
/// (2nd ed., §6.2, `erfcc`), whose fractional error is below 1.2e-7
/// everywhere.
pub fn ln_erfc(z: f64) -> f64 {
    let z = z.max(0.0);
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    t.ln() - z * z + poly
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue16_the_chain_ratio_leaves_out_text_without_counterpart() {
        // Eight sentence pairs, each target 1.2 times its source, with a
        // shared anchor in each pair.
        let src = vec![100; 8];
        let clean = vec![120; 8];
        let chain: Vec<(usize, usize)> = (0..8).map(|k| (k, k)).collect();
        let r = chain_ratio(&chain, &src, &clean).unwrap();
        assert!((r - 1.2).abs() < 1e-9, "{r}");
        // The chain with `k` target lines spliced in before pair 4.
        let shifted = |k: usize| -> Vec<(usize, usize)> {
            chain
                .iter()
                .map(|&(i, j)| (i, if j >= 4 { j + k } else { j }))
                .collect()
        };
        // Five stray target lines of 300 between pairs 3 and 4: the
        // totals' ratio doubles, the chain's stays.
        let mut spliced = clean.clone();
        spliced.splice(4..4, [300; 5]);
        let r = chain_ratio(&shifted(5), &src, &spliced).unwrap();
        assert!((r - 1.2).abs() < 1e-9, "{r}");
        assert!(first_ratio(&src, &spliced) > 2.5);
        // A huge stray segment inside a stretch takes the stretch out.
        let mut huge = clean.clone();
        huge.insert(4, 5_000);
        let r = chain_ratio(&shifted(1), &src, &huge).unwrap();
        assert!((r - 1.2).abs() < 1e-9, "{r}");
        // Fewer than four stretches: no ratio.
        assert_eq!(chain_ratio(&chain[..4], &src, &clean), None);
        assert_eq!(chain_ratio(&[], &src, &clean), None);
        // Points out of range or not rising are skipped, not a panic.
        assert_eq!(
            chain_ratio(&[(9, 9), (3, 2), (2, 3), (20, 1)], &src, &clean),
            None
        );
    }

    #[test]
    fn issue18_one_huge_segment_does_not_move_the_ratio() {
        let src = [100, 120, 80, 90];
        let tgt = [110, 130, 90, 100];
        let plain = LengthCost::new(&src, &tgt, &LengthParams::default()).ratio();
        assert!((plain - 430.0 / 390.0).abs() < 1e-9);
        // An 800-word note (4,000 characters) spliced into the target.
        let spliced = [110, 130, 4_000, 90, 100];
        let robust = LengthCost::new(&src, &spliced, &LengthParams::default()).ratio();
        assert!((robust - plain).abs() < 1e-9, "{robust} vs {plain}");
        // A long segment that a 1-4 link could still cover counts.
        assert_eq!(robust_totals(&src, &[110, 400, 90]), (390.0, 600.0));
        assert_eq!(robust_totals(&[], &[5]), (0.0, 0.0));
    }

    #[test]
    fn ln_erfc_matches_known_values() {
        // erfc(0) = 1, erfc(1) = 0.157299207, erfc(3) = 2.209049699e-5.
        for (z, want) in [(0.0, 1.0f64), (1.0, 0.157_299_207), (3.0, 2.209_049_699e-5)] {
            let got = ln_erfc(z).exp();
            assert!(
                (got - want).abs() / want < 1e-6,
                "erfc({z}) = {got}, want {want}"
            );
        }
        // Far in the tail it stays finite and keeps falling.
        assert!(ln_erfc(40.0).is_finite());
        assert!(ln_erfc(40.0) < ln_erfc(20.0));
    }

    #[test]
    fn the_table_follows_the_fit() {
        for k in 0..4000 {
            let z = k as f64 * 0.0123;
            let want = (-ln_erfc(z)).max(0.0);
            let got = tail_surprise(z);
            assert!(
                (got - want).abs() < 1e-4 * want.max(1.0),
                "z={z}: {got} vs {want}"
            );
        }
        assert!(tail_surprise(f64::INFINITY) > 1e6);
        assert!(tail_surprise(f64::NAN) > 1e6);
    }

    #[test]
    fn length_cost_prefers_matching_lengths() {
        let c = LengthCost::new(&[100, 50], &[120, 60], &LengthParams::default());
        assert!((c.ratio() - 1.2).abs() < 1e-9);
        assert!(c.cost(0..1, 0..1) < c.cost(0..1, 1..2));
        assert!(c.cost(0..2, 0..2) > c.cost(0..1, 0..1));
        // A perfect length match costs only its prior.
        assert!((c.length_cost(0..1, 0..1)).abs() < 1e-6);
    }

    #[test]
    fn skips_cost_their_prior_or_the_override() {
        let p = LengthParams::default();
        let c = LengthCost::new(&[10], &[10], &p);
        assert!((c.cost(0..1, 0..0) - (-(0.0099f64 / 2.0).ln())).abs() < 1e-9);
        let p = LengthParams {
            skip_tgt: Some(3.0),
            ..p
        };
        let c = LengthCost::new(&[10], &[10], &p);
        assert_eq!(c.cost(0..0, 0..1), 3.0);
        assert!((c.cost(0..1, 0..0) - (-(0.0099f64 / 2.0).ln())).abs() < 1e-9);
    }

    #[test]
    fn symmetric_in_sides() {
        let a = length_surprise(80.0, 100.0, 1.25, 6.8);
        assert!(a.abs() < 1e-6);
        let x = length_surprise(80.0, 130.0, 1.25, 6.8);
        let y = length_surprise(130.0 / 1.25, 80.0 * 1.25, 1.25, 6.8);
        assert!(x > 0.0 && y > 0.0);
    }
}
