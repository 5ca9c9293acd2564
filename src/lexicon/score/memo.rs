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
#[derive(Debug, Default)]
pub(super) struct EvidenceMemo {
    map: rustc_hash::FxHashMap<[u32; 4], LexEvidence>,
}

fn key(src: &Range<usize>, tgt: &Range<usize>) -> [u32; 4] {
    [src.start, src.end, tgt.start, tgt.end].map(|x| x as u32)
}

impl EvidenceMemo {
    /// The evidence kept for this bead, if any.
    pub(super) fn get(&self, src: &Range<usize>, tgt: &Range<usize>) -> Option<LexEvidence> {
        self.map.get(&key(src, tgt)).copied()
    }

    /// Keeps a bead's evidence, emptying the memo first when it is full.
    pub(super) fn insert(&mut self, src: &Range<usize>, tgt: &Range<usize>, e: LexEvidence) {
        if self.map.len() >= MEMO_BEADS {
            self.map.clear();
        }
        self.map.insert(key(src, tgt), e);
    }
}

/// The scores of the beads a thread has priced, for a long document.
///
/// A long pair's search and posterior are far apart (the search from both
/// ends, `crate::align::split`), and the evidence of every bead the
/// search worked out would not stay in memory; its score, in 25 bytes,
/// does. The posterior's pass and the last round's explanations ask for
/// many of them again: on 20,000 sentences of real news, about 65,000 of
/// the 86,000 beads whose lexical score a round's posterior needs (issue
/// 16). Only the score is kept, which is all the cost reads.
#[derive(Debug, Default)]
pub(super) struct ScoreMemo {
    map: rustc_hash::FxHashMap<[u32; 3], f64>,
}

/// A bead's sides as three numbers: where each starts, and both lengths
/// (a bead spans a few sentences a side).
fn short_key(src: &Range<usize>, tgt: &Range<usize>) -> [u32; 3] {
    let len = |r: &Range<usize>| r.len().min(u16::MAX as usize) as u32;
    [
        src.start as u32,
        tgt.start as u32,
        (len(src) << 16) | len(tgt),
    ]
}

impl ScoreMemo {
    /// The score kept for this bead, if any.
    pub(super) fn get(&self, src: &Range<usize>, tgt: &Range<usize>) -> Option<f64> {
        self.map.get(&short_key(src, tgt)).copied()
    }

    /// Keeps a bead's score, emptying the memo first when it is full.
    pub(super) fn insert(&mut self, src: &Range<usize>, tgt: &Range<usize>, score: f64) {
        if self.map.len() >= SCORE_MEMO_BEADS {
            self.map.clear();
        }
        self.map.insert(short_key(src, tgt), score);
    }
}
