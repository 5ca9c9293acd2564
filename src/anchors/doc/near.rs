//! Where in the target side each source name could find a partner: the
//! sorted target sentences holding a name it matches. A bead's similarity
//! looks a source name's partners up only when one of those sentences is
//! in the bead.
//!
//! The 64 bits of [`super::DocAnchors`]'s name filter stop working once a
//! name matches dozens of target names, and on text that does not repeat
//! itself that is common: accidental matches grow with the document (a
//! common Arabic word taken for a name meets some English word's
//! skeleton). On 5,000 lines of news with a vocabulary per copy
//! (`scripts/real_pair.py ... distinct`), the similarity was 63% of a
//! `--no-lexicon` run, nearly all of it searching the bead's target names
//! for source names that match none of them (issue 16).

use std::ops::Range;

/// For each source name, the target sentences it may match in, or none
/// kept (every bead searched) when they would be more than
/// [`most_kept`] allows.
#[derive(Debug, Default)]
pub(super) struct NearSentences {
    spans: Vec<(u32, u32)>,
    sentences: Vec<u32>,
}

/// Marks a source name whose sentences were not kept.
const NOT_KEPT: u32 = u32::MAX;

/// Most target sentences kept for one source name: past an eighth of the
/// document, most beads hold one of them anyway, and the lists would
/// cost more memory than the searches they spare.
fn most_kept(tgt_sentences: usize) -> usize {
    64 + tgt_sentences / 8
}

impl NearSentences {
    /// From each source name's matching target names (`name_match`) and
    /// the target names of each target sentence (`tgt_names`).
    pub(super) fn new(name_match: &[Vec<u32>], tgt_names: &[Vec<u32>], keys: usize) -> Self {
        let mut held: Vec<Vec<u32>> = vec![Vec::new(); keys];
        for (j, names) in tgt_names.iter().enumerate() {
            for &t in names {
                let list = &mut held[t as usize];
                if list.last() != Some(&(j as u32)) {
                    list.push(j as u32);
                }
            }
        }
        let most = most_kept(tgt_names.len());
        let mut near = NearSentences::default();
        let mut union = Vec::new();
        for matches in name_match {
            union.clear();
            let mut kept = true;
            for &t in matches {
                union.extend_from_slice(&held[t as usize]);
                if union.len() > 2 * most {
                    kept = false;
                    break;
                }
            }
            if kept {
                union.sort_unstable();
                union.dedup();
                kept = union.len() <= most;
            }
            if kept {
                near.spans
                    .push((near.sentences.len() as u32, union.len() as u32));
                near.sentences.extend_from_slice(&union);
            } else {
                near.spans.push((NOT_KEPT, 0));
            }
        }
        near
    }

    /// Whether source name `a` may match a name of the target sentences
    /// `tgt`: false only when none of them holds a name it matches.
    #[inline]
    pub(super) fn may_match(&self, a: u32, tgt: &Range<usize>) -> bool {
        let (start, len) = self.spans[a as usize];
        if start == NOT_KEPT {
            return true;
        }
        let list = &self.sentences[start as usize..(start + len) as usize];
        let k = list.partition_point(|&j| (j as usize) < tgt.start);
        k < list.len() && (list[k] as usize) < tgt.end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_of_partners() {
        // Target names: sentence 0 holds 0, sentence 2 holds 1 and 2,
        // sentence 3 holds 0.
        let tgt = vec![vec![0], vec![], vec![1, 2], vec![0]];
        // Source name 0 matches target 1; name 1 matches 0 and 2; name 2
        // matches nothing.
        let near = NearSentences::new(&[vec![1], vec![0, 2], vec![]], &tgt, 3);
        assert!(near.may_match(0, &(2..3)));
        assert!(!near.may_match(0, &(0..2)));
        assert!(!near.may_match(0, &(3..4)));
        assert!(near.may_match(1, &(0..1)));
        assert!(!near.may_match(1, &(1..2)));
        assert!(near.may_match(1, &(1..3)));
        assert!(!near.may_match(2, &(0..4)));
        assert!(!near.may_match(1, &(2..2)));
    }

    #[test]
    fn a_name_everywhere_is_not_kept() {
        let n = 200 + most_kept(1000);
        let tgt: Vec<Vec<u32>> = (0..1000)
            .map(|j| if j < n { vec![0] } else { vec![] })
            .collect();
        let near = NearSentences::new(&[vec![0]], &tgt, 1);
        // Not kept: every bead is searched, even one past the name.
        assert!(near.may_match(0, &(999..1000)));
    }
}
