//! Each bead's lexical evidence, kept once it is worked out, for the
//! passes that ask for the same bead again.
//!
//! A lexicon round prices a bead in the best-path search, may price it
//! again in the posterior's pass over the same band, and the last round
//! prices its links and their rivals once more when it explains them. The
//! evidence is a function of the bead alone, so the value kept is the
//! value the scorer would work out again, bit for bit. In a build over
//! 10,017 article pairs it took the explanations' evidence from 303 to
//! 191 CPU samples (of about 11,000); the posterior gains little, since
//! most beads it prices are ones the search dropped on their bound
//! (issue 16, BENCHMARKS.md, ninth session).

use super::LexEvidence;
use std::ops::Range;

/// Beads a thread's memo holds before it starts over: at about 50 bytes a
/// bead, 3 MB. An article pair's band holds a few thousand beads.
pub(super) const MEMO_BEADS: usize = 1 << 16;

/// Documents with more source sentences than this keep each bead's score
/// instead ([`ScoreMemo`]).
pub(super) const MEMO_MAX_SENTENCES: usize = 1000;

/// Beads a thread's [`ScoreMemo`] holds before it starts over: 7/8 of a
/// power of two, so that the map's table stays at 2^17 slots of 25
/// bytes, 3.3 MB a thread. On 20,000 sentences of real news a round's
/// search works out the score of about 70,000 beads on each core.
pub(super) const SCORE_MEMO_BEADS: usize = (1 << 17) / 8 * 7;

/// The evidence of the beads a thread has priced, by their sides.
pub(super) type EvidenceMemo = Memo<[u32; 4], LexEvidence, MEMO_BEADS>;

/// The scores of the beads a thread has priced, for a long document.
///
/// A long pair's search and posterior are far apart (the search from both
/// ends, `crate::align::split`), and the evidence of every bead the
/// search worked out would not stay in memory; its score, in 25 bytes,
/// does. The posterior's pass and the last round's explanations ask for
/// many of them again: on 20,000 sentences of real news, about 65,000 of
/// the 86,000 beads whose lexical score a round's posterior needs (issue
/// 16). Only the score is kept, which is all the cost reads.
pub(super) type ScoreMemo = Memo<[u32; 3], f64, SCORE_MEMO_BEADS>;

/// Values of the beads a thread has priced, by a key of their sides; at
/// most `CAP` of them before it starts over.
#[derive(Debug)]
pub(super) struct Memo<K, V, const CAP: usize> {
    map: rustc_hash::FxHashMap<K, V>,
}

impl<K, V, const CAP: usize> Default for Memo<K, V, CAP> {
    fn default() -> Self {
        Memo {
            map: Default::default(),
        }
    }
}

/// How a memo keys a bead by its sides.
pub(super) trait BeadKey: Copy + Eq + std::hash::Hash {
    fn of(src: &Range<usize>, tgt: &Range<usize>) -> Self;
}

/// Both sides' ends.
impl BeadKey for [u32; 4] {
    fn of(src: &Range<usize>, tgt: &Range<usize>) -> Self {
        [src.start, src.end, tgt.start, tgt.end].map(|x| x as u32)
    }
}

/// Where each side starts, and both lengths (a bead spans a few
/// sentences a side; see [`short_keyed`]).
impl BeadKey for [u32; 3] {
    fn of(src: &Range<usize>, tgt: &Range<usize>) -> Self {
        [
            src.start as u32,
            tgt.start as u32,
            ((src.len() as u32) << 16) | (tgt.len() as u32 & 0xffff),
        ]
    }
}

/// Whether a bead's sides are short enough for a `[u32; 3]` key to tell
/// it from every other.
pub(super) fn short_keyed(src: &Range<usize>, tgt: &Range<usize>) -> bool {
    src.len() <= usize::from(u16::MAX) && tgt.len() <= usize::from(u16::MAX)
}

impl<K: BeadKey, V: Copy, const CAP: usize> Memo<K, V, CAP> {
    /// The value kept for this bead, if any.
    pub(super) fn get(&self, src: &Range<usize>, tgt: &Range<usize>) -> Option<V> {
        self.map.get(&K::of(src, tgt)).copied()
    }

    /// [`Memo::insert`], into a memo given room for all `CAP` values at
    /// its first: a long document's memo fills up in every round, and
    /// growing it rehashed it onto fresh pages six times a thread and
    /// round (issue 16).
    pub(super) fn insert_roomy(&mut self, src: &Range<usize>, tgt: &Range<usize>, value: V) {
        if self.map.capacity() < CAP {
            self.map.reserve(CAP - self.map.len().min(CAP));
        }
        self.insert(src, tgt, value);
    }

    /// Keeps a bead's value, emptying the memo first when it is full.
    pub(super) fn insert(&mut self, src: &Range<usize>, tgt: &Range<usize>, value: V) {
        if self.map.len() >= CAP {
            self.map.clear();
        }
        self.map.insert(K::of(src, tgt), value);
    }
}
