//! The links of one source sentence with every target sentence of a short
//! document at once.
//!
//! A search over an article pair of 5 to 30 sentences a side covers nearly
//! every sentence pair, and [`DocScorer::pair`] found each pair's links by
//! reading every entry of each source word's row against the target
//! sentence's words: a row's entries were read once per target sentence,
//! though most of them occur in none. Here each target word's occurrences
//! in the document are listed once, so a row's entries lead straight to
//! the sentences and positions that hold them, and every pair of the
//! source sentence is found in one pass over its rows. The links come out
//! as [`DocScorer::pair`] finds them (by source position, then target
//! position), so every sum over them is the same, bit for bit.

use super::{DocScorer, Link, LinkCache, PairLinks, PAIR_CACHE_LINKS};

/// Documents with more target sentences than this are not swept: a
/// search's band covers a few dozen target sentences around each source
/// sentence, so in a longer document most pairs a sweep finds would never
/// be asked for.
const SWEEP_MAX_TGT: usize = 64;

/// Documents with more sentence pairs than this are not swept (each pair
/// holds a slot of the table of spans).
const SWEEP_MAX_PAIRS: usize = 64 * 64;

/// Where each of the document's target words occurs: per word (by its
/// local index), a run of `(target sentence, position)` in text order.
#[derive(Debug)]
pub(super) struct Occurrences {
    start: Vec<usize>,
    at: Vec<(u32, u32)>,
    /// The links of every sentence pair of the document together.
    links: usize,
}

impl Occurrences {
    /// The occurrences of `tgt_local`'s words (each token's index among
    /// the `words` distinct target words).
    fn new(tgt_local: &[Vec<u32>], words: usize) -> Occurrences {
        let tokens = tgt_local.iter().enumerate().flat_map(|(b, sent)| {
            sent.iter()
                .enumerate()
                .map(move |(j, &w)| (w, (b as u32, j as u32)))
        });
        let mut at = vec![(0, 0); tgt_local.iter().map(Vec::len).sum()];
        let mut start = Vec::new();
        super::sort_by_key(tokens, words, &mut start, &mut at);
        Occurrences {
            start,
            at,
            links: 0,
        }
    }

    fn of(&self, w: u32) -> &[(u32, u32)] {
        let w = w as usize;
        &self.at[self.start[w]..self.start[w + 1]]
    }
}

/// The occurrences of a document's target words when the document is
/// short enough to be swept and all of its sentence pairs' links fit in
/// one thread's link cache together (so that the cache never has to start
/// over while a search runs); `None` otherwise.
pub(super) fn occurrences(
    table: &[Vec<super::Entry>],
    src_row: &[Vec<u32>],
    tgt_local: &[Vec<u32>],
    words: usize,
) -> Option<Occurrences> {
    let (n, m) = (src_row.len(), tgt_local.len());
    if m > SWEEP_MAX_TGT || n.saturating_mul(m) > SWEEP_MAX_PAIRS {
        return None;
    }
    let occ = Occurrences::new(tgt_local, words);
    let per_row: Vec<usize> = table
        .iter()
        .map(|row| row.iter().map(|x| occ.of(x.local).len()).sum())
        .collect();
    let links: usize = src_row.iter().flatten().map(|&r| per_row[r as usize]).sum();
    (links <= PAIR_CACHE_LINKS).then_some(Occurrences { links, ..occ })
}

impl DocScorer<'_> {
    /// The span of the links of source sentence `a` with target sentence
    /// `b`, sweeping `a` against every target sentence the first time one
    /// of its pairs is asked for.
    pub(super) fn swept_pair(
        &self,
        occ: &Occurrences,
        links: &mut LinkCache,
        a: usize,
        b: usize,
    ) -> PairLinks {
        let m = self.tgt.len();
        if links.swept.len() != self.src.len() * m {
            links.swept = vec![None; self.src.len() * m];
        }
        if links.swept[a * m + b].is_none() {
            self.sweep(occ, links, a);
        }
        let Some(span) = &mut links.swept[a * m + b] else {
            // A sweep keeps a span for every target sentence; should it
            // not, the pair is found on its own.
            return self.pair_alone(links, a, b);
        };
        if span.fwd_gain.is_nan() {
            // Worked out only for the pairs a search asks for.
            let pair = &links.arena[span.start..span.start + span.len];
            (span.fwd_gain, span.bwd_gain) = self.gains(a, b, pair, &mut links.best);
        }
        *span
    }

    /// Finds the links of source sentence `a` with every target sentence
    /// and keeps their spans.
    fn sweep(&self, occ: &Occurrences, links: &mut LinkCache, a: usize) {
        let m = self.tgt.len();
        let found = &mut links.found;
        found.clear();
        for (i, &row) in self.src_row[a].iter().enumerate() {
            for x in &self.table[row as usize] {
                for &(b, j) in occ.of(x.local) {
                    let (fwd, bwd) = (x.fwd, x.bwd);
                    found.push((
                        b,
                        Link {
                            i: i as u32,
                            j,
                            fwd,
                            bwd,
                        },
                    ));
                }
            }
        }
        // By target sentence, keeping the source positions' order, then
        // (below) by target position within each source position.
        let base = links.arena.len();
        if links.arena.capacity() < base + found.len() {
            // Room for the whole document's links at once: growing the
            // arena sweep by sweep copied it over and over, 2% of a
            // build's instructions (issue 16).
            let want = occ.links.max(base + found.len());
            links.arena.reserve_exact(want - base);
        }
        links.arena.resize(
            base + found.len(),
            Link {
                i: 0,
                j: 0,
                fwd: 0.0,
                bwd: 0.0,
            },
        );
        let ends = &mut links.ends;
        super::sort_by_key(found.iter().copied(), m, ends, &mut links.arena[base..]);
        for b in 0..m {
            let (start, end) = (base + ends[b], base + ends[b + 1]);
            by_position(&mut links.arena[start..end]);
            // The gains are left for the first request (NaN: not yet).
            links.swept[a * m + b] = Some(PairLinks {
                start,
                len: end - start,
                fwd_gain: f64::NAN,
                bwd_gain: f64::NAN,
            });
        }
    }
}

/// Sorts a pair's links by source position, then target position. They
/// come by source position already, each source word's in the order of
/// its row (by target word), which a few words at most put out of
/// position order: an insertion sort, where the library's sort cost more
/// than finding the links.
fn by_position(links: &mut [Link]) {
    let key = |l: &Link| (u64::from(l.i) << 32) | u64::from(l.j);
    for k in 1..links.len() {
        let x = links[k];
        let kx = key(&x);
        if key(&links[k - 1]) <= kx {
            continue;
        }
        let mut at = k;
        while at > 0 && key(&links[at - 1]) > kx {
            links[at] = links[at - 1];
            at -= 1;
        }
        links[at] = x;
    }
}

#[cfg(test)]
mod tests {
    use crate::lexicon::test_support::{monotone, sides};
    use crate::lexicon::{DocScorer, Lexicon, TrainParams};

    /// Issue 16: a swept document's links and gains are, pair for pair,
    /// those found one pair at a time, in the same order.
    #[test]
    fn issue16_a_sweep_finds_each_pairs_links_as_one_pair_at_a_time() {
        let pairs = monotone(0x5E, 400, 9, 60);
        let lex = Lexicon::train(&pairs[..360], &[], &TrainParams::default());
        let (src, tgt) = sides(&pairs[360..390]);
        let scorer = DocScorer::new(&lex, &src, &tgt);
        let occ = scorer
            .occ
            .as_ref()
            .expect("a 30-sentence document is swept");
        let mut linked = 0;
        for a in 0..src.len() {
            for b in 0..tgt.len() {
                let mut cache = scorer.cache();
                let links = &mut cache.links;
                let one = scorer.pair_alone(links, a, b);
                let one_links = links.arena[one.start..one.start + one.len].to_vec();
                let swept = scorer.swept_pair(occ, links, a, b);
                let swept_links = &links.arena[swept.start..swept.start + swept.len];
                assert_eq!(one.len, swept.len, "{a} {b}");
                for (x, y) in one_links.iter().zip(swept_links) {
                    assert_eq!((x.i, x.j), (y.i, y.j), "{a} {b}");
                    assert_eq!(
                        (x.fwd.to_bits(), x.bwd.to_bits()),
                        (y.fwd.to_bits(), y.bwd.to_bits())
                    );
                }
                assert_eq!(one.fwd_gain.to_bits(), swept.fwd_gain.to_bits());
                assert_eq!(one.bwd_gain.to_bits(), swept.bwd_gain.to_bits());
                linked += one.len;
            }
        }
        assert!(linked > 1000, "{linked} links");
    }
}
