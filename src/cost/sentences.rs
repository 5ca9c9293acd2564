//! Sentence balance: whether the two sides of a link hold as many
//! sentences as each other, counted inside the lines.
//!
//! Input lines are not always single sentences. A line may be a paragraph,
//! or a sentence pair its editor merged, and a line with two sentences
//! tends to link with two lines of the other side. The shape prior judges
//! merges by lines only; this model adds how the sentence counts of the
//! link compare with its line counts, with probabilities fitted to the
//! corpus in an earlier pass, so that the evidence weighs what it is worth
//! there: on ntrex-dev ar-en, 619 of 621 gold 1-1 links hold one sentence
//! on each side and 63 of 77 gold 1-2 links have two sentences on the
//! one-line side; on textberg-dev, where lines are sentences, it hardly
//! ever says anything.

use crate::align::Bead;

/// How a link's sentence counts compare with its line counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Balance {
    /// Sentences are more even than lines (a 1-2 link whose one line
    /// holds two sentences).
    Closer = 0,
    /// Sentences are as (un)even as lines (every line one sentence).
    Same = 1,
    /// Sentences are less even than lines (a 1-1 link with one sentence
    /// against two).
    Further = 2,
}

impl Balance {
    /// The balance of a link of `src_lines` and `tgt_lines` lines holding
    /// `src_sents` and `tgt_sents` sentences.
    pub fn of(src_lines: usize, tgt_lines: usize, src_sents: u64, tgt_sents: u64) -> Balance {
        let lines = src_lines.abs_diff(tgt_lines) as u64;
        let sents = src_sents.abs_diff(tgt_sents);
        match sents.cmp(&lines) {
            std::cmp::Ordering::Less => Balance::Closer,
            std::cmp::Ordering::Equal => Balance::Same,
            std::cmp::Ordering::Greater => Balance::Further,
        }
    }

    /// The balance of a link whose source and target lines hold these
    /// numbers of sentences.
    pub fn of_lines(src: &[u32], tgt: &[u32]) -> Balance {
        let total = |v: &[u32]| v.iter().map(|&n| u64::from(n)).sum::<u64>();
        Balance::of(src.len(), tgt.len(), total(src), total(tgt))
    }
}

/// Links of as many lines on both sides (1-1, 2-2) and the rest (1-2,
/// 2-1, 1-3, ...): a 1-1 link can only keep or lose balance, a 1-2 link
/// can also gain it, and the two differ in how often they do.
fn class(src_lines: usize, tgt_lines: usize) -> usize {
    usize::from(src_lines != tgt_lines)
}

/// Shares of the three outcomes ([`Balance`] order) each class starts
/// from before any counts: most even links keep their balance; uneven
/// links are left undecided.
const DEFAULT_SHARES: [[f64; 3]; 2] = [[0.0, 0.95, 0.05], [1.0 / 3.0, 1.0 / 3.0, 1.0 / 3.0]];

/// Weight, in links, of [`DEFAULT_SHARES`] against the counts.
const PSEUDO_LINKS: f64 = 20.0;

/// Costs (negative log probabilities) of each [`Balance`] given the
/// class of a link's shape, fitted to an earlier pass.
#[derive(Debug, Clone, PartialEq)]
pub struct SentenceBalance {
    cost: [[f64; 3]; 2],
}

impl SentenceBalance {
    /// Fits the model to the linking beads of an earlier pass, given the
    /// number of sentences in each line of both sides of every document
    /// (beads with an empty side are left out).
    pub fn estimate<'a>(
        docs: impl IntoIterator<Item = (&'a [Bead], &'a [u32], &'a [u32])>,
    ) -> SentenceBalance {
        let mut counts = [[0.0f64; 3]; 2];
        for (beads, src, tgt) in docs {
            for b in beads {
                if b.src.is_empty() || b.tgt.is_empty() {
                    continue;
                }
                let (Some(s), Some(t)) = (src.get(b.src.clone()), tgt.get(b.tgt.clone())) else {
                    continue;
                };
                counts[class(s.len(), t.len())][Balance::of_lines(s, t) as usize] += 1.0;
            }
        }
        let mut cost = [[0.0f64; 3]; 2];
        for c in 0..2 {
            let n: f64 = counts[c].iter().sum();
            for o in 0..3 {
                let p = (counts[c][o] + PSEUDO_LINKS * DEFAULT_SHARES[c][o]) / (n + PSEUDO_LINKS);
                cost[c][o] = if p > 0.0 { -p.ln() } else { f64::INFINITY };
            }
        }
        SentenceBalance { cost }
    }

    /// The cost of a link of `src_lines` and `tgt_lines` lines holding
    /// `src_sents` and `tgt_sents` sentences; never negative.
    pub fn cost(&self, src_lines: usize, tgt_lines: usize, src_sents: u64, tgt_sents: u64) -> f64 {
        let bal = Balance::of(src_lines, tgt_lines, src_sents, tgt_sents);
        self.cost[class(src_lines, tgt_lines)][bal as usize]
    }

    /// [`SentenceBalance::cost`] of a link whose source and target lines
    /// hold these numbers of sentences.
    pub fn link_cost(&self, src: &[u32], tgt: &[u32]) -> f64 {
        self.cost[class(src.len(), tgt.len())][Balance::of_lines(src, tgt) as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bead(src: std::ops::Range<usize>, tgt: std::ops::Range<usize>) -> Bead {
        Bead {
            src,
            tgt,
            score: 1.0,
            ..Default::default()
        }
    }

    #[test]
    fn balance_compares_sentences_with_lines() {
        // (lines, sentences, expected)
        let cases = [
            ((1, 1), (1, 1), Balance::Same),
            ((1, 1), (1, 2), Balance::Further),
            ((1, 2), (2, 2), Balance::Closer),
            ((1, 2), (1, 2), Balance::Same),
            ((1, 3), (2, 3), Balance::Closer),
            ((2, 2), (3, 2), Balance::Further),
            ((2, 1), (2, 1), Balance::Same),
        ];
        for ((ls, lt), (ns, nt), want) in cases {
            assert_eq!(Balance::of(ls, lt, ns, nt), want, "{ls}-{lt} {ns}/{nt}");
        }
    }

    #[test]
    fn costs_follow_the_counts() {
        // Every line of the source holds one sentence except line 2, which
        // holds two and links with target lines 2 and 3.
        let src = [1, 1, 2, 1];
        let tgt = [1, 1, 1, 1, 1];
        let beads = [
            bead(0..1, 0..1),
            bead(1..2, 1..2),
            bead(2..3, 2..4),
            bead(3..4, 4..5),
        ];
        let docs = std::iter::repeat((&beads[..], &src[..], &tgt[..])).take(20);
        let m = SentenceBalance::estimate(docs);
        // A 1-2 link whose one line holds two sentences is cheaper than
        // one whose lines are all single sentences.
        assert!(m.cost(1, 2, 2, 2) + 1.0 < m.cost(1, 2, 1, 2));
        // A 1-1 link with one sentence against two is dear; 1-1 links of
        // one sentence each are nearly free.
        assert!(m.cost(1, 1, 1, 2) > 3.0);
        assert!(m.cost(1, 1, 1, 1) < 0.05);
        for (ls, lt, ns, nt) in [(1, 1, 1, 1), (1, 2, 1, 2), (2, 1, 3, 1), (1, 3, 2, 3)] {
            assert!(m.cost(ls, lt, ns, nt) >= 0.0);
        }
    }

    #[test]
    fn no_counts_leave_the_default_shares() {
        let m = SentenceBalance::estimate(std::iter::empty());
        // Uneven links: every outcome alike, so the model does not decide.
        assert_eq!(m.cost(1, 2, 2, 2), m.cost(1, 2, 1, 2));
        assert_eq!(m.cost(1, 2, 1, 2), m.cost(3, 1, 5, 1));
        assert!((m.cost(1, 1, 1, 1) + 0.95f64.ln()).abs() < 1e-12);
    }
}
