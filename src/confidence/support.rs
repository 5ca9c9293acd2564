//! Lexical support of a link, counted without the link itself.
//!
//! A lexicon learned from a run's confident links also learns that run's
//! wrong links: two rare words that only ever met in one wrong pair become
//! each other's translation, and the pair's lexical score confirms the
//! mistake that taught it. So the lexical bonus of a link cannot tell a
//! link the lexicon learned from a translation. What can is whether the
//! word pairs that tie its two sides were also seen linked elsewhere in
//! the run: the run's expected link counts minus what this link added.

use crate::align::Bead;
use crate::lexicon::Lexicon;
use rustc_hash::FxHashMap;

/// Links (in expected counts) a word pair needs from other links of the
/// run before it supports a token: half a link, so that a pair seen once
/// elsewhere (with its count split between the sentence's words) counts.
const SUPPORTED: f32 = 0.5;

/// What [`lexical_support`] reads.
pub struct SupportInput<'a> {
    /// The run's lexicon.
    pub lexicon: &'a Lexicon,
    /// Its expected link counts over the run's confident 1-1 links
    /// ([`Lexicon::expected_counts`]).
    pub counts: &'a FxHashMap<(u32, u32), f32>,
    /// The confidence a 1-1 link needed to be counted.
    pub min_confidence: f64,
    /// Token ids of each source sentence.
    pub src: &'a [Vec<u32>],
    /// Token ids of each target sentence.
    pub tgt: &'a [Vec<u32>],
    /// The document's beads, with their posterior scores.
    pub beads: &'a [Bead],
}

/// A bead's lexical support.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Support {
    /// Share of its source tokens tied to its target side by a word pair
    /// other links of the run linked too.
    pub src: f64,
    /// The same for its target tokens.
    pub tgt: f64,
}

/// For each bead, the shares of its source and of its target tokens tied
/// to some token of its other side by a word pair that other links of the
/// run were seen to link ([`SUPPORTED`]); `(0, 0)` for beads with an
/// empty side or without tokens.
pub fn lexical_support(input: &SupportInput<'_>) -> Vec<Support> {
    input
        .beads
        .iter()
        .map(|b| {
            let side = |all: &[Vec<u32>], r: std::ops::Range<usize>| -> Vec<u32> {
                all.get(r)
                    .into_iter()
                    .flatten()
                    .flatten()
                    .copied()
                    .collect()
            };
            let (s, t) = (
                side(input.src, b.src.clone()),
                side(input.tgt, b.tgt.clone()),
            );
            if s.is_empty() || t.is_empty() {
                return Support::default();
            }
            // What this link itself added to the counts, when it was one
            // of the confident 1-1 links counted.
            let own = if b.shape() == (1, 1) && b.score >= input.min_confidence {
                input
                    .lexicon
                    .expected_counts(&[(s.as_slice(), t.as_slice())])
            } else {
                FxHashMap::default()
            };
            let elsewhere = |e: u32, f: u32| -> f32 {
                input.counts.get(&(e, f)).copied().unwrap_or(0.0)
                    - own.get(&(e, f)).copied().unwrap_or(0.0)
            };
            let src_ok = s
                .iter()
                .filter(|&&e| t.iter().any(|&f| elsewhere(e, f) >= SUPPORTED))
                .count();
            let tgt_ok = t
                .iter()
                .filter(|&&f| s.iter().any(|&e| elsewhere(e, f) >= SUPPORTED))
                .count();
            Support {
                src: src_ok as f64 / s.len() as f64,
                tgt: tgt_ok as f64 / t.len() as f64,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::TrainParams;

    /// Source word `w` translates as `w + 1000`; words 0..40 recur in
    /// many pairs, and the pair 900/1900 occurs in one only.
    fn corpus() -> Vec<(Vec<u32>, Vec<u32>)> {
        let mut rng = crate::rng::XorShift::new(0x9E37_79B9_7F4A_7C15);
        let mut pairs: Vec<(Vec<u32>, Vec<u32>)> = (0..400)
            .map(|_| {
                let src: Vec<u32> = (0..4).map(|_| rng.below(40) as u32).collect();
                let tgt = src.iter().map(|w| w + 1000).collect();
                (src, tgt)
            })
            .collect();
        pairs.push((vec![900, 1, 2], vec![1900, 1001, 1002]));
        pairs
    }

    fn bead(s: usize, t: usize, score: f64) -> Bead {
        Bead {
            src: s..s + 1,
            tgt: t..t + 1,
            score,
            ..Default::default()
        }
    }

    #[test]
    fn support_leaves_out_what_the_link_itself_taught() {
        let pairs = corpus();
        let lexicon = Lexicon::train(&pairs, &[], &TrainParams::default());
        assert!(!lexicon.is_empty());
        let counts = lexicon.expected_counts(&pairs);
        let src = vec![vec![3, 4, 5, 6], vec![900, 1, 2], vec![7, 8]];
        let tgt = vec![
            vec![1003, 1004, 1005, 1006],
            vec![1900, 1001, 1002],
            vec![1020],
        ];
        let beads = [
            bead(0, 0, 0.99),
            bead(1, 1, 0.99),
            bead(2, 2, 0.99),
            Bead {
                src: 2..2,
                tgt: 2..3,
                ..Default::default()
            },
        ];
        let support = |beads: &[Bead]| {
            lexical_support(&SupportInput {
                lexicon: &lexicon,
                counts: &counts,
                min_confidence: 0.9,
                src: &src,
                tgt: &tgt,
                beads,
            })
        };
        let got = support(&beads);
        // Every word of a translation seen in other links is supported.
        assert_eq!(got[0], Support { src: 1.0, tgt: 1.0 });
        // 900/1900 met in this link only (counted, at 0.99): two of three
        // words on each side are left.
        assert!((got[1].src - 2.0 / 3.0).abs() < 1e-9, "{:?}", got[1]);
        assert!((got[1].tgt - 2.0 / 3.0).abs() < 1e-9, "{:?}", got[1]);
        // Unrelated words support nothing; a bead with an empty side is 0.
        assert_eq!(got[2], Support { src: 0.0, tgt: 0.0 });
        assert_eq!(got[3], Support::default());
        // A link too doubtful to be counted keeps the pair's count.
        let got = support(&[bead(1, 1, 0.5)]);
        assert_eq!(got[0], Support { src: 1.0, tgt: 1.0 });
    }
}
