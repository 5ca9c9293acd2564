//! Lexical evidence a link keeps without its own document's words.
//!
//! A corpus run learns its lexicon from every document's first pass,
//! the document's own links included. When that pass shifted a run of
//! links by one sentence, the words only that document holds (names,
//! rare terms) are learned in the shifted pairing, and the lexicon then
//! confirms the shift with a lexical bonus as high as a translation's.
//! A lexicon learned without the document would not know those words at
//! all. Retraining one per document is far too slow; this approximates
//! it by scoring the link with the words found in no other document of
//! the run made unknown to the lexicon: what is left is the evidence of
//! words the other documents taught.
//!
//! The shipped models do not weigh it (see `scripts/fit-confidence.py`):
//! it lowered the held-out log loss by about 1 to 2 nats of 527 and cost
//! a corpus run of 126 short article pairs some 15% more CPU (a scorer
//! built again for every document), so runs work it out only for a
//! feature dump or a model that weighs it
//! ([`super::Calibrator::uses_foreign`]).

use crate::align::Bead;
use crate::lexicon::{DocScorer, Lexicon};

/// The id a word found in one document only is replaced with: no
/// lexicon holds it, so it counts as an unknown word (no evidence of its
/// own, none given to the other side) while it still takes its place in
/// the sentence's length.
const UNKNOWN: u32 = u32::MAX;

/// In how many documents of a run each word occurs, per side, counted up
/// to 2 (only "one" and "more than one" matter).
#[derive(Debug, Default)]
pub struct DocFrequency {
    src: Vec<u8>,
    tgt: Vec<u8>,
}

impl DocFrequency {
    /// Counts the documents of a run, given as the token ids of each
    /// sentence of each document's source and target sides.
    pub fn new<'a>(docs: impl Iterator<Item = (&'a [Vec<u32>], &'a [Vec<u32>])>) -> DocFrequency {
        let mut df = DocFrequency::default();
        // Per word, the last document it was counted in (plus one).
        let (mut src_last, mut tgt_last) = (Vec::new(), Vec::new());
        for (k, (s, t)) in docs.enumerate() {
            count(&mut df.src, &mut src_last, s, k + 1);
            count(&mut df.tgt, &mut tgt_last, t, k + 1);
        }
        df
    }

    fn shared(counts: &[u8], id: u32) -> bool {
        counts.get(id as usize).is_some_and(|&n| n > 1)
    }
}

fn count(counts: &mut Vec<u8>, last: &mut Vec<usize>, sentences: &[Vec<u32>], doc: usize) {
    for &id in sentences.iter().flatten() {
        let i = id as usize;
        if i >= counts.len() {
            counts.resize(i + 1, 0);
            last.resize(i + 1, 0);
        }
        if last[i] != doc {
            last[i] = doc;
            counts[i] = counts[i].saturating_add(1).min(2);
        }
    }
}

/// The document's sentences with every word no other document holds
/// replaced by [`UNKNOWN`].
fn masked(sentences: &[Vec<u32>], counts: &[u8]) -> Vec<Vec<u32>> {
    sentences
        .iter()
        .map(|s| {
            s.iter()
                .map(|&id| {
                    if DocFrequency::shared(counts, id) {
                        id
                    } else {
                        UNKNOWN
                    }
                })
                .collect()
        })
        .collect()
}

/// Each bead's lexical score ([`crate::lexicon::LexEvidence::score`]) with
/// the words of this document that no other document of the run holds
/// made unknown; 0 for beads with an empty side.
pub fn foreign_scores(
    lexicon: &Lexicon,
    df: &DocFrequency,
    src: &[Vec<u32>],
    tgt: &[Vec<u32>],
    beads: &[Bead],
) -> Vec<f64> {
    let (src, tgt) = (masked(src, &df.src), masked(tgt, &df.tgt));
    let scorer = DocScorer::new(lexicon, &src, &tgt);
    beads
        .iter()
        .map(|b| {
            if b.src.is_empty() || b.tgt.is_empty() {
                0.0
            } else {
                scorer.score(b.src.clone(), b.tgt.clone())
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::TrainParams;

    /// Token ids of each sentence of one side of a document.
    type Sentences = Vec<Vec<u32>>;

    fn bead(s: usize, t: usize) -> Bead {
        Bead {
            src: s..s + 1,
            tgt: t..t + 1,
            score: 0.99,
            ..Default::default()
        }
    }

    #[test]
    fn words_of_one_document_count_once() {
        let a = (vec![vec![1, 2, 2], vec![3]], vec![vec![10]]);
        let b = (vec![vec![2, 4]], vec![vec![10, 11]]);
        let df = DocFrequency::new(
            [&a, &b]
                .into_iter()
                .map(|(s, t)| (s.as_slice(), t.as_slice())),
        );
        // Word 2 twice in one document and once in another: shared.
        assert!(DocFrequency::shared(&df.src, 2));
        for id in [1, 3, 4, 99] {
            assert!(!DocFrequency::shared(&df.src, id), "{id}");
        }
        assert!(DocFrequency::shared(&df.tgt, 10));
        assert!(!DocFrequency::shared(&df.tgt, 11));
        assert_eq!(masked(&a.0, &df.src), [vec![UNKNOWN, 2, 2], vec![UNKNOWN]]);
    }

    /// Source word `w` translates as `w + 1000`; the rare pair 900/1900
    /// occurs in the last document only.
    #[test]
    fn a_link_loses_what_its_own_document_taught() {
        let mut rng = crate::rng::XorShift::new(12);
        let mut docs: Vec<(Sentences, Sentences)> = (0..40)
            .map(|_| {
                let src: Vec<Vec<u32>> = (0..10)
                    .map(|_| (0..4).map(|_| rng.below(40) as u32).collect())
                    .collect();
                let tgt = src
                    .iter()
                    .map(|s| s.iter().map(|w| w + 1000).collect())
                    .collect();
                (src, tgt)
            })
            .collect();
        docs.push((
            vec![vec![900, 901], vec![1, 2, 3]],
            vec![vec![1900, 1901], vec![1001, 1002, 1003]],
        ));
        let pairs: Vec<(&[u32], &[u32])> = docs
            .iter()
            .flat_map(|(s, t)| s.iter().zip(t).map(|(a, b)| (a.as_slice(), b.as_slice())))
            .collect();
        let lexicon = Lexicon::train(&pairs, &[], &TrainParams::default());
        assert!(!lexicon.is_empty());
        let df = DocFrequency::new(docs.iter().map(|(s, t)| (s.as_slice(), t.as_slice())));
        let (src, tgt) = docs
            .last()
            .map(|(s, t)| (s.as_slice(), t.as_slice()))
            .unwrap();
        let beads = [
            bead(0, 0),
            bead(1, 1),
            Bead {
                src: 1..1,
                tgt: 0..1,
                ..Default::default()
            },
        ];
        let got = foreign_scores(&lexicon, &df, src, tgt, &beads);
        let full = DocScorer::new(&lexicon, src, tgt);
        // The rare pair's evidence came from this document alone.
        assert!(full.score(0..1, 0..1) > 1.0, "{}", full.score(0..1, 0..1));
        assert_eq!(got[0], 0.0);
        // Words other documents hold keep their evidence.
        assert!(got[1] > 1.0);
        assert!((got[1] - full.score(1..2, 1..2)).abs() < 1e-9);
        assert_eq!(got[2], 0.0);
    }
}
