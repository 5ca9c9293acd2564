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

/// Documents with more source sentences than this keep no memo. Their
/// search and posterior are far apart (the search from both ends of a long
/// pair, `crate::align::split`), so a memo small enough to stay in memory
/// would have dropped a bead long before the posterior asks for it again,
/// and keeping it would only cost a hash insertion per bead.
pub(super) const MEMO_MAX_SENTENCES: usize = 1000;

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
