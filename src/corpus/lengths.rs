//! The length model of each document pair in the lexicon passes, pooled
//! from what the first pass saw over the whole run: the skip costs of the
//! complete translations, and a variance that grows with how far their
//! lengths stray.

use crate::align::shape::prior;
use crate::align::{Bead, Shape};
use crate::aligner::{Alignment, PreparedPair};
use crate::cost::length::OUTLIER_FACTOR;
use crate::cost::{length_delta, LengthParams};

use super::PRIOR_PSEUDO_BEADS;

/// A document pair whose fitted length model says more than this share of
/// either side has no counterpart is abridged, and its links do not count
/// towards how often complete translations drop a sentence. Abridged
/// counterparts in ntrex-dev lose about a third; 0.2 and 0.3 gave the same
/// figures, 0.1 and 0.05 fewer gains.
const ABRIDGED_SHARE: f64 = 0.2;

/// The first pass's alignments without the beads that leave out one
/// segment longer than [`OUTLIER_FACTOR`] times the other side's longest
/// (see [`crate::cost::robust_totals`]). Such a segment (an 800-word note
/// spliced into an article) says nothing of how often this corpus's
/// translators merge or drop sentences; counted, one in each document
/// pair of ntrex-dev ar-ru made skips cheap enough in the lexicon passes
/// to split 13 more links (strict F1 of the other links 0.954 -> 0.937).
pub(super) fn without_outlier_skips(
    first: &[Alignment],
    prepared: &[PreparedPair],
) -> Vec<Alignment> {
    first
        .iter()
        .zip(prepared)
        .map(|(a, p)| {
            let (src, tgt) = p.lengths();
            let limit =
                |other: &[usize]| OUTLIER_FACTOR * other.iter().copied().max().unwrap_or(0) as f64;
            let (src_limit, tgt_limit) = (limit(tgt), limit(src));
            let outlier = |b: &Bead| match (b.src.len(), b.tgt.len()) {
                (1, 0) => src[b.src.start] as f64 > src_limit,
                (0, 1) => tgt[b.tgt.start] as f64 > tgt_limit,
                _ => false,
            };
            Alignment {
                beads: a.beads.iter().filter(|b| !outlier(b)).cloned().collect(),
                ..a.clone()
            }
        })
        .collect()
}

/// Skip costs (source, target) from how often the first pass left a
/// sentence without counterpart in the document pairs that are not
/// abridged, pooled over the run and smoothed towards the default prior
/// with [`PRIOR_PSEUDO_BEADS`]; `None` for a side when no pair qualifies.
///
/// The per-pair skip costs come from the length totals, which see only
/// the net loss: when both sides drop a sentence (the translator left one
/// out, the editor added another), the totals balance and the estimate
/// stays at the 0.5% prior, while the ntrex-dev align sets drop 3-4% of
/// their sentences on each side. Taking the lower of the two costs in
/// the lexicon pass raised strict F1 on align ar-en from 0.935 to 0.940
/// and ar-ru from 0.932 to 0.937; [`pair_skip_costs`] says which cost
/// each pair takes. Pooling abridged pairs too made skips too cheap for
/// the complete pairs of a run that holds both kinds (ntrex-dev ar-ru
/// with every fourth pair abridged: -0.002), and giving the pooled costs
/// to abridged pairs made theirs too dear (-0.006).
pub(super) fn pooled_skip_costs(first: &[Alignment]) -> (Option<f64>, Option<f64>) {
    let (mut src, mut tgt, mut n) = (0usize, 0usize, 0usize);
    for a in first.iter().filter(|a| complete(&a.length)) {
        n += a.beads.len();
        src += a.beads.iter().filter(|b| b.tgt.is_empty()).count();
        tgt += a.beads.iter().filter(|b| b.src.is_empty()).count();
    }
    if n == 0 {
        return (None, None);
    }
    let cost = |k: usize| {
        let p0 = prior(Shape::new(1, 0));
        Some(-((k as f64 + PRIOR_PSEUDO_BEADS * p0) / (n as f64 + PRIOR_PSEUDO_BEADS)).ln())
    };
    (cost(src), cost(tgt))
}

/// The skip costs (source, target) of a pair's lexicon pass, from its
/// own fitted costs and the pooled ones ([`pooled_skip_costs`]). A
/// complete pair takes the pooled costs: its own come from the length
/// totals of a few dozen sentences, and a pair whose Arabic side runs a
/// little long gets skips as cheap as 2 (a 13% omission rate) for no
/// other reason. An abridged pair keeps the lower of its own and the
/// pooled costs, so that it still skips cheaply in a run of complete
/// pairs. Against taking the lower cost for every pair, strict F1 on
/// ntrex-dev align rose from 0.952 to 0.956 (ar-en) and from 0.931 to
/// 0.932 (ar-ru) with the sentence balance of the lexicon pass at 0.6,
/// and from 0.939 to 0.940 and 0.937 to 0.939 without it; on the mixed run
/// of [`pooled_skip_costs`] (no sentence balance) the complete pairs rose
/// from 0.933 to 0.935 and the abridged ones kept 0.985.
pub(super) fn pair_skip_costs(
    own: &LengthParams,
    pooled: (Option<f64>, Option<f64>),
) -> (Option<f64>, Option<f64>) {
    if complete(own) {
        (pooled.0.or(own.skip_src), pooled.1.or(own.skip_tgt))
    } else {
        (
            min_cost(own.skip_src, pooled.0),
            min_cost(own.skip_tgt, pooled.1),
        )
    }
}

/// How widely the lengths of this run's translations spread around the
/// fitted ratio: the squared robust standard deviation (median absolute
/// deviation over 0.6745) of the Gale–Church deltas, with a variance of 1,
/// of the first pass's 1-1 links in complete pairs; `None` with fewer than
/// 20 such links.
///
/// On the first pass of the dev sets it is 2.8 for ntrex-dev ar-en and 2.7
/// for textberg-dev de-fr, but 4.0 for ar-ru, whose two sides are separate
/// translations of an English original (gold 1-1 links: 2.9, 2.6 and 5.7
/// with the plain variance).
pub(super) fn length_spread(first: &[Alignment], prepared: &[PreparedPair]) -> Option<f64> {
    let mut deltas: Vec<f64> = Vec::new();
    for (a, p) in first.iter().zip(prepared) {
        if !complete(&a.length) {
            continue;
        }
        let Some(ratio) = a.length.ratio else {
            continue;
        };
        let (src, tgt) = p.lengths();
        for b in a
            .beads
            .iter()
            .filter(|b| b.src.len() == 1 && b.tgt.len() == 1)
        {
            let (Some(&l1), Some(&l2)) = (src.get(b.src.start), tgt.get(b.tgt.start)) else {
                continue;
            };
            deltas.push(length_delta(l1 as f64, l2 as f64, ratio, 1.0).abs());
        }
    }
    if deltas.len() < MIN_SPREAD_LINKS {
        return None;
    }
    let mid = deltas.len() / 2;
    let (_, median, _) = deltas.select_nth_unstable_by(mid, f64::total_cmp);
    let sd = *median / 0.6745;
    Some(sd * sd)
}

/// Fewest 1-1 links [`length_spread`] estimates from.
const MIN_SPREAD_LINKS: usize = 20;

/// The spread of lengths ([`length_spread`]) up to which the Gale–Church
/// variance stands: close translations (ntrex-dev ar-en, textberg-dev
/// de-fr) measure 2.4 to 2.8.
const CLOSE_SPREAD: f64 = 3.0;

/// The length variance of a pair's lexicon pass: Gale and Church's,
/// raised in proportion where the run's lengths spread more than those of
/// close translations ([`CLOSE_SPREAD`]), so that the lexicon and anchors
/// weigh more against length there. Abridged pairs keep the plain
/// variance: their lengths are what tells a missing sentence from a
/// present one. Strict F1 on ntrex-dev align ar-ru rose from 0.933 to
/// 0.941 (a factor of 1.32); with the abridged pairs scaled too, abridged
/// ar-ru lost 0.006. A fixed factor for every run cost textberg-dev 0.003
/// at 1.5 and 0.023 at 2; thresholds of 2 and 2.5 gave the same figures
/// within 0.002.
pub(super) fn pair_variance(length: &LengthParams, spread: Option<f64>) -> f64 {
    match spread {
        Some(s) if complete(length) => length.variance * (s / CLOSE_SPREAD).max(1.0),
        _ => length.variance,
    }
}

/// Whether a pair's fitted skip costs say that at most [`ABRIDGED_SHARE`]
/// of either side has no counterpart (the pair is not abridged).
fn complete(length: &LengthParams) -> bool {
    let side = |cost: Option<f64>| cost.is_some_and(|c| c > -ABRIDGED_SHARE.ln());
    side(length.skip_src) && side(length.skip_tgt)
}

/// The lower of two optional costs (`None` when both are).
fn min_cost(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aligner::{AlignConfig, Side};

    fn alignment(shapes: &[(usize, usize)], skip: Option<f64>) -> Alignment {
        let (mut i, mut j) = (0, 0);
        let beads = shapes
            .iter()
            .map(|&(a, b)| {
                let bead = Bead {
                    src: i..i + a,
                    tgt: j..j + b,
                    score: 1.0,
                    ..Default::default()
                };
                (i, j) = (i + a, j + b);
                bead
            })
            .collect();
        Alignment {
            beads,
            length: LengthParams {
                skip_src: skip,
                skip_tgt: skip,
                ..LengthParams::default()
            },
            sentences: None,
            band_limited: false,
        }
    }

    #[test]
    fn skip_costs_pool_complete_pairs_only() {
        let p0 = prior(Shape::new(1, 0));
        let cost =
            |k: f64, n: f64| -((k + PRIOR_PSEUDO_BEADS * p0) / (n + PRIOR_PSEUDO_BEADS)).ln();
        let complete =
            |skips: f64| alignment(&[(1, 1), (1, 0), (1, 1), (0, 1), (0, 1)], Some(skips));
        // Fitted skip costs of 5.3 (0.5% missing): complete; 1.1 (a
        // third missing): abridged, left out of the pool.
        let abridged = alignment(&[(1, 0), (1, 0), (1, 0), (1, 1)], Some(1.1));
        type Case = (Vec<Alignment>, Option<(f64, f64)>);
        let cases: Vec<Case> = vec![
            (vec![complete(5.3)], Some((cost(1.0, 5.0), cost(2.0, 5.0)))),
            (
                vec![complete(5.3), abridged.clone(), complete(5.3)],
                Some((cost(2.0, 10.0), cost(4.0, 10.0))),
            ),
            (vec![abridged.clone()], None),
            (vec![alignment(&[(1, 1)], None)], None),
            (Vec::new(), None),
        ];
        for (first, want) in cases {
            let got = pooled_skip_costs(&first);
            match want {
                Some((s, t)) => {
                    assert!((got.0.unwrap() - s).abs() < 1e-12);
                    assert!((got.1.unwrap() - t).abs() < 1e-12);
                }
                None => assert_eq!(got, (None, None)),
            }
        }
    }

    #[test]
    fn complete_pairs_take_the_pooled_skip_costs() {
        let pooled = (Some(3.3), Some(3.5));
        // (own costs, expected): 2.0 and 5.3 say 13% and 0.5% missing, a
        // complete pair, which takes the pooled costs whichever is lower;
        // 1.1 (a third missing) makes the pair abridged, which keeps the
        // lower cost side by side.
        let cases = [
            ((Some(2.0), Some(5.3)), (Some(3.3), Some(3.5))),
            ((Some(5.3), Some(5.3)), (Some(3.3), Some(3.5))),
            ((Some(1.1), Some(5.3)), (Some(1.1), Some(3.5))),
            ((Some(5.3), Some(1.1)), (Some(3.3), Some(1.1))),
            ((None, None), (Some(3.3), Some(3.5))),
        ];
        let length = |(skip_src, skip_tgt)| LengthParams {
            skip_src,
            skip_tgt,
            ..LengthParams::default()
        };
        for (own, want) in cases {
            assert_eq!(pair_skip_costs(&length(own), pooled), want, "{own:?}");
        }
        // Nothing pooled: a pair keeps its own costs.
        let own = (Some(2.0), Some(5.3));
        assert_eq!(pair_skip_costs(&length(own), (None, None)), own);
    }

    #[test]
    fn variance_grows_with_the_spread_of_complete_pairs_only() {
        let length = |skip: f64| LengthParams {
            skip_src: Some(skip),
            skip_tgt: Some(5.3),
            ..LengthParams::default()
        };
        let v = LengthParams::default().variance;
        // (skip cost, spread, expected factor): 1.1 makes the pair
        // abridged.
        let cases = [
            (5.3, Some(6.0), 2.0),
            (5.3, Some(2.0), 1.0),
            (5.3, None, 1.0),
            (1.1, Some(6.0), 1.0),
        ];
        for (skip, spread, factor) in cases {
            let got = pair_variance(&length(skip), spread);
            assert!((got - v * factor).abs() < 1e-12, "{skip} {spread:?}: {got}");
        }
    }

    #[test]
    fn spread_measures_how_far_lengths_stray() {
        use crate::lang::Lang;
        // One pair of 30 sentences, linked 1-1; the target lengths stray
        // from the source ones by `noise` characters, alternately up and
        // down, so the ratio stays 1.
        let run = |noise: usize| {
            let src: Vec<String> = (0..30).map(|_| "a".repeat(100)).collect();
            let tgt: Vec<String> = (0..30)
                .map(|i| "a".repeat(if i % 2 == 0 { 100 + noise } else { 100 - noise }))
                .collect();
            let cfg = AlignConfig::default();
            let (s, t) = (
                Side {
                    sentences: &src,
                    lang: &Lang::En,
                },
                Side {
                    sentences: &tgt,
                    lang: &Lang::En,
                },
            );
            let p = PreparedPair::new(s, t, &cfg);
            let mut a = alignment(&[(1, 1); 30], Some(5.3));
            a.length.ratio = Some(1.0);
            length_spread(&[a], &[p])
        };
        let (tight, loose) = (run(5).unwrap(), run(20).unwrap());
        // Deltas of noise / sqrt(mean length); the median is the shorter
        // pairs' one: 5 / sqrt(97.5) and 20 / sqrt(90), over 0.6745,
        // squared.
        assert!((tight - 0.564).abs() < 0.001, "{tight}");
        assert!((loose - 9.769).abs() < 0.001, "{loose}");
        // Too few links: no estimate.
        let mut few = alignment(&[(1, 1); 5], Some(5.3));
        few.length.ratio = Some(1.0);
        let s: Vec<String> = (0..5).map(|_| "a".repeat(100)).collect();
        let side = Side {
            sentences: &s,
            lang: &Lang::En,
        };
        let p = PreparedPair::new(side, side, &AlignConfig::default());
        assert_eq!(length_spread(&[few], &[p]), None);
    }

    #[test]
    fn min_cost_keeps_what_there_is() {
        assert_eq!(min_cost(Some(3.0), Some(2.0)), Some(2.0));
        assert_eq!(min_cost(Some(3.0), None), Some(3.0));
        assert_eq!(min_cost(None, Some(2.0)), Some(2.0));
        assert_eq!(min_cost(None, None), None);
    }
}
