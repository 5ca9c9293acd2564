//! A cheap upper bound on a bead's lexical score, so that the search can
//! drop a bead whose cost cannot win before working its score out.
//!
//! A token's probability under Model 1 with the diagonal prior is
//! `(t(f | NULL) + L · Σ_i a(i | j) t(f | e_i)) / (L + 1)`: a weighted mean
//! of `t(f | NULL)` and an average of the `t(f | e_i)`, so it is at most
//! the larger of `t(f | NULL)` and the best `t(f | e)` of any word `e` on
//! the other side. The token's centred log ratio is then at most
//! `ln(0.9 · max(null, best) / b(f) + 0.1) − offset`. Summed over a
//! sentence, that is its *base* (the value with no link: `best = 0`) plus
//! a *gain* that only the words it links with in each sentence of the
//! other side can add. For a bead, a token's best link comes from one of
//! its sentences, so the bead's sum is at most the bases of its sentences
//! plus the gains of all its sentence pairs. Both are computed once (the
//! bases per sentence, the gains with each sentence pair's links), and a
//! bead's bound costs a few additions.
//!
//! Unrelated sentences link with few words, so their bound is near the
//! bases, which are about 0 or below, while the search allowed every bead
//! the score's whole cap (30) before: in a default run most beads the
//! posterior and the best-path search consider are dropped on this bound.

use super::{token_evidence, DocScorer, LexEvidence, Link};
use std::ops::Range;

/// Relative slack added to the bound, so that rounding in the sums can
/// never put it below the score it bounds.
const SLACK: f64 = 1e-9;

/// Per word of a side: its tokens' centred log ratio when nothing links
/// with them, with the other side's length left out. `local` gives each
/// token's index among the side's `words` words, and a word's first token
/// stands for all of its tokens (as in [`super::table::by_word`]). Kept
/// by word, not by token: by token it was 4 MB of a 20,000-sentence
/// pair's peak (issue 16).
pub(super) fn alone(
    tokens: &[Vec<(f32, f32)>],
    local: &[Vec<u32>],
    words: usize,
    offset: f64,
) -> Vec<f64> {
    let mut value = vec![0.0; words];
    let mut known = vec![false; words];
    for (s, l) in tokens.iter().zip(local) {
        for (&(null, bg), &w) in s.iter().zip(l) {
            let w = w as usize;
            if !known[w] {
                known[w] = true;
                value[w] = token_evidence(f64::from(null), 0, bg, offset);
            }
        }
    }
    value
}

/// Per sentence: the sum of its tokens' values of [`alone`], in token
/// order.
pub(super) fn bases(alone: &[f64], local: &[Vec<u32>]) -> Vec<f64> {
    local
        .iter()
        .map(|l| l.iter().map(|&w| alone[w as usize]).sum())
        .collect()
}

impl DocScorer<'_> {
    /// An upper bound on [`DocScorer::score`] of the same bead, from the
    /// sentences' bases and their pairs' gains (see the module doc).
    pub fn score_bound(&self, src: Range<usize>, tgt: Range<usize>) -> f64 {
        let Some((l, m)) = self.bead_tokens(&src, &tgt) else {
            return 0.0;
        };
        let mut guard = self.cache();
        let links = &mut guard.links;
        self.make_room(links, &src, &tgt);
        let mut fwd: f64 = self.tgt_base[tgt.clone()].iter().sum();
        let mut bwd: f64 = self.src_base[src.clone()].iter().sum();
        for a in src.clone() {
            for b in tgt.clone() {
                let p = self.pair(links, a, b);
                fwd += p.fwd_gain;
                bwd += p.bwd_gain;
            }
        }
        let bound = LexEvidence {
            fwd_sum: fwd,
            tgt_tokens: m,
            bwd_sum: bwd,
            src_tokens: l,
        }
        .score();
        bound + SLACK * (1.0 + bound.abs())
    }

    /// How much the links of source sentence `a` with target sentence `b`
    /// (source-major, as [`DocScorer::pair`] finds them) can raise each
    /// direction's sum above the sentences' bases; `best` is a buffer.
    pub(super) fn gains(
        &self,
        a: usize,
        b: usize,
        links: &[Link],
        best: &mut Vec<f32>,
    ) -> (f64, f64) {
        if links.is_empty() {
            return (0.0, 0.0);
        }
        let (fwd_off, bwd_off) = (self.lex.fwd_offset, self.lex.bwd_offset);
        // Each token's value without a link is kept (`alone`): one
        // logarithm per linked token instead of two.
        let gain = |t: f32, (null, bg): (f32, f32), alone: f64, offset: f64| {
            if t > null {
                token_evidence(f64::from(t), 0, bg, offset) - alone
            } else {
                0.0
            }
        };
        // Target side: each token's best link, over a buffer.
        best.clear();
        best.resize(self.tgt[b].len(), 0.0);
        // Probabilities are never NaN, so a plain comparison takes the
        // maximum (`f32::max`, which also handles NaN, cost a fifth of
        // this function's instructions; issue 16).
        for k in links {
            let j = k.j as usize;
            if k.fwd > best[j] {
                best[j] = k.fwd;
            }
        }
        let fwd = best
            .iter()
            .zip(self.tgt_tok[b].iter().zip(&self.tgt_local[b]))
            .map(|(&t, (&tok, &w))| gain(t, tok, self.tgt_alone[w as usize], fwd_off))
            .sum();
        // Source side: the links come grouped by source token.
        let (src, src_words) = (&self.src_tok[a], &self.src_row[a]);
        let mut bwd = 0.0;
        let mut k = 0;
        while k < links.len() {
            let i = links[k].i;
            let mut t = 0f32;
            while k < links.len() && links[k].i == i {
                if links[k].bwd > t {
                    t = links[k].bwd;
                }
                k += 1;
            }
            let alone = self.src_alone[src_words[i as usize] as usize];
            bwd += gain(t, src[i as usize], alone, bwd_off);
        }
        (fwd, bwd)
    }
}

#[cfg(test)]
mod tests {
    use crate::lexicon::test_support::{monotone, sides};
    use crate::lexicon::{DocScorer, Lexicon, TrainParams};

    /// The bound is never below the score, on translations (where it is
    /// close) and on unrelated sentences (where it is far lower than the
    /// cap the search allowed before).
    #[test]
    fn bound_holds_and_is_tight_for_unrelated_sentences() {
        let pairs = monotone(0xB0, 700, 8, 80);
        let lex = Lexicon::train(&pairs[..600], &[], &TrainParams::default());
        let (src, tgt) = sides(&pairs[600..660]);
        let scorer = DocScorer::new(&lex, &src, &tgt);
        let mut unrelated = Vec::new();
        for a in 0..55usize {
            for b in (a.saturating_sub(4))..(a + 4).min(55) {
                for (da, db) in [(1, 1), (1, 2), (2, 1), (2, 2), (3, 1), (1, 3), (0, 1)] {
                    let (s, t) = (a..a + da, b..b + db);
                    let score = scorer.score(s.clone(), t.clone());
                    let bound = scorer.score_bound(s, t);
                    assert!(bound >= score, "{a}+{da} {b}+{db}: {bound} < {score}");
                    if da == 1 && db == 1 && a != b {
                        unrelated.push(bound);
                    }
                }
            }
        }
        let mean = unrelated.iter().sum::<f64>() / unrelated.len() as f64;
        assert!(mean < 5.0, "mean bound on unrelated pairs {mean}");
    }

    /// Issue 16: a sentence pair's gains, measured from each token's kept
    /// value without a link, are bit for bit those worked out with both
    /// logarithms of each linked token.
    #[test]
    fn issue16_gains_from_kept_values_are_the_gains_worked_out() {
        use super::super::token_evidence;
        let pairs = monotone(0x16, 400, 9, 60);
        let lex = Lexicon::train(&pairs[..350], &[], &TrainParams::default());
        let (src, tgt) = sides(&pairs[350..]);
        let scorer = DocScorer::new(&lex, &src, &tgt);
        let gain = |t: f32, (null, bg): (f32, f32), offset: f64| {
            if t > null {
                token_evidence(f64::from(t), 0, bg, offset)
                    - token_evidence(f64::from(null), 0, bg, offset)
            } else {
                0.0
            }
        };
        let mut linked = 0;
        for (a, s) in src.iter().enumerate() {
            for (b, t) in tgt.iter().enumerate().take(a + 3).skip(a.saturating_sub(2)) {
                let mut cache = scorer.cache();
                let span = scorer.pair(&mut cache.links, a, b);
                let links = &cache.links.arena[span.start..span.start + span.len];
                linked += links.len();
                let mut best = vec![0f32; t.len()];
                let mut src_best = vec![0f32; s.len()];
                for k in links {
                    best[k.j as usize] = best[k.j as usize].max(k.fwd);
                    src_best[k.i as usize] = src_best[k.i as usize].max(k.bwd);
                }
                let fwd: f64 = best
                    .iter()
                    .zip(&scorer.tgt_tok[b])
                    .map(|(&t, &tok)| gain(t, tok, lex.fwd_offset))
                    .sum();
                let mut bwd = 0.0;
                for (i, &t) in src_best.iter().enumerate() {
                    if links.iter().any(|k| k.i as usize == i) {
                        bwd += gain(t, scorer.src_tok[a][i], lex.bwd_offset);
                    }
                }
                assert_eq!(span.fwd_gain.to_bits(), fwd.to_bits(), "{a} {b}");
                assert_eq!(span.bwd_gain.to_bits(), bwd.to_bits(), "{a} {b}");
            }
        }
        assert!(linked > 500, "{linked} links");
    }
}
