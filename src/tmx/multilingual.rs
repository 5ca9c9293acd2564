//! Trilingual units from two alignments that share their source (Arabic
//! as pivot): where an Arabic run is aligned with the same boundaries in
//! both language pairs, its two translations make one unit with three
//! variants.
//!
//! The Arabic boundaries of each alignment are where its beads with
//! Arabic text start and end. Between two boundaries that both alignments
//! share lies the smallest common run: one bead in each when the
//! boundaries agree, or several beads of one or both (`2-1` in one pair
//! against `1-1`, `1-1` in the other), whose texts are joined. A run
//! stays bilingual (in the pair files only) when one of its Arabic
//! sentences has no counterpart in a pair (a `1-0` bead), or when it
//! spans more than [`MAX_RUN`] Arabic segments, which makes a unit too
//! coarse to be a useful match.

use super::{Tu, Tuv};
use crate::align::Bead;
use crate::write::{clean_text, format_score};
use std::collections::BTreeSet;

/// The most Arabic segments a merged trilingual unit may span (the
/// largest bead shape the aligner makes has five on a side; runs are kept
/// below that).
pub const MAX_RUN: usize = 4;

/// One side of an aligned pair: its sentences and the beads that link
/// them with the Arabic ones.
#[derive(Debug, Clone, Copy)]
pub struct PairSide<'a> {
    /// The language tag written into the TMX.
    pub tag: &'a str,
    /// The other language's sentences.
    pub sentences: &'a [String],
    /// The beads, Arabic as source.
    pub beads: &'a [Bead],
}

/// How the Arabic runs of a corpus fared.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TriCounts {
    /// Units whose Arabic run is one bead in both pairs.
    pub same: usize,
    /// Units over the smallest common run of several beads.
    pub merged: usize,
    /// Runs left bilingual: an Arabic sentence without counterpart in a
    /// pair, a blank side, or a run over [`MAX_RUN`] segments.
    pub bilingual: usize,
    /// Article pairs whose Arabic sentences differ between the two pairs
    /// (never with one splitter; counted to be sure).
    pub mismatched_docs: usize,
}

impl TriCounts {
    /// Adds another document's counts.
    pub fn add(&mut self, o: TriCounts) {
        self.same += o.same;
        self.merged += o.merged;
        self.bilingual += o.bilingual;
        self.mismatched_docs += o.mismatched_docs;
    }
}

/// Where the beads with Arabic text start, and the end.
fn boundaries(beads: &[Bead], n: usize) -> BTreeSet<usize> {
    let mut b: BTreeSet<usize> = beads
        .iter()
        .filter(|b| !b.src.is_empty())
        .map(|b| b.src.start)
        .collect();
    b.insert(n);
    b
}

/// The beads with Arabic text inside `start..end`.
fn beads_in(beads: &[Bead], start: usize, end: usize) -> Vec<&Bead> {
    beads
        .iter()
        .filter(|b| !b.src.is_empty() && b.src.start >= start && b.src.end <= end)
        .collect()
}

/// Sentences joined as the writers join a side: each cleaned and trimmed,
/// joined with one space.
fn join<'a>(sents: impl Iterator<Item = &'a String>) -> String {
    let mut out = String::new();
    for s in sents {
        let clean = clean_text(s).0;
        let clean = clean.trim();
        if clean.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(clean);
    }
    out
}

/// The trilingual units of one document: Arabic `ar` (tag `ar_tag`)
/// aligned with `a` and with `b`; units carry the props mizan's TMX units
/// carry (the lower score of the two pairs; the shape as `ar-a-b`
/// counts).
pub fn trilingual_units(
    name: &str,
    ar_tag: &str,
    ar: &[String],
    a: PairSide,
    b: PairSide,
) -> (Vec<Tu>, TriCounts) {
    let mut counts = TriCounts::default();
    let mut out = Vec::new();
    let ba = boundaries(a.beads, ar.len());
    let bb = boundaries(b.beads, ar.len());
    let common: Vec<usize> = ba.intersection(&bb).copied().collect();
    let mut start = 0;
    for &end in &common {
        if end == start {
            continue;
        }
        let (ra, rb) = (beads_in(a.beads, start, end), beads_in(b.beads, start, end));
        let one_sided = ra.iter().chain(&rb).any(|b| b.tgt.is_empty());
        let texts = (
            join(ar[start..end].iter()),
            join(
                ra.iter()
                    .flat_map(|x| a.sentences.get(x.tgt.clone()))
                    .flatten(),
            ),
            join(
                rb.iter()
                    .flat_map(|x| b.sentences.get(x.tgt.clone()))
                    .flatten(),
            ),
        );
        let blank = texts.0.is_empty() || texts.1.is_empty() || texts.2.is_empty();
        if one_sided || blank || end - start > MAX_RUN {
            counts.bilingual += 1;
            start = end;
            continue;
        }
        if ra.len() == 1 && rb.len() == 1 {
            counts.same += 1;
        } else {
            counts.merged += 1;
        }
        let score = ra
            .iter()
            .chain(&rb)
            .map(|b| b.score)
            .fold(f64::INFINITY, f64::min);
        let count = |r: &[&Bead]| r.iter().map(|b| b.tgt.len()).sum::<usize>();
        let mut tu = Tu::default();
        if end - start > 1 || count(&ra) > 1 || count(&rb) > 1 {
            tu.set_attr("segtype", "block");
        }
        tu.set_prop("x-mizan-score", &format_score(score));
        tu.set_prop(
            "x-mizan-bead",
            &format!("{}-{}-{}", end - start, count(&ra), count(&rb)),
        );
        tu.set_prop("x-mizan-document", &clean_text(name).0);
        for (tag, text) in [(ar_tag, texts.0), (a.tag, texts.1), (b.tag, texts.2)] {
            tu.tuvs.push(Tuv {
                lang: tag.to_string(),
                text,
            });
        }
        out.push(tu);
        start = end;
    }
    (out, counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bead(s: std::ops::Range<usize>, t: std::ops::Range<usize>, score: f64) -> Bead {
        Bead {
            src: s,
            tgt: t,
            score,
            ..Default::default()
        }
    }

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn same_merged_and_bilingual_runs() {
        let ar = strings(&["A0", "A1", "A2", "A3", "A4", "A5"]);
        let en = strings(&["E0", "E1", "E2", "Ex", "E3", "E5"]);
        let ru = strings(&["R0", "R12", "R3", "R4", "R5"]);
        let en_beads = [
            bead(0..1, 0..1, 0.9),
            bead(1..2, 1..2, 0.8),
            bead(2..3, 2..3, 0.7),
            bead(3..3, 3..4, 0.0), // an English sentence without Arabic
            bead(3..4, 4..5, 0.9),
            bead(4..5, 5..5, 0.0), // A4 has no English
            bead(5..6, 5..6, 0.95),
        ];
        let ru_beads = [
            bead(0..1, 0..1, 0.6),
            bead(1..3, 1..2, 0.9),
            bead(3..4, 2..3, 0.9),
            bead(4..5, 3..4, 0.9),
            bead(5..6, 4..5, 0.9),
        ];
        let a = PairSide {
            tag: "en",
            sentences: &en,
            beads: &en_beads,
        };
        let b = PairSide {
            tag: "ru",
            sentences: &ru,
            beads: &ru_beads,
        };
        let (units, counts) = trilingual_units("d", "ar", &ar, a, b);
        let texts: Vec<Vec<&str>> = units
            .iter()
            .map(|u| u.tuvs.iter().map(|t| t.text.as_str()).collect())
            .collect();
        assert_eq!(
            texts,
            [
                vec!["A0", "E0", "R0"],
                vec!["A1 A2", "E1 E2", "R12"],
                vec!["A3", "E3", "R3"],
                vec!["A5", "E5", "R5"],
            ]
        );
        assert_eq!(
            counts,
            TriCounts {
                same: 3,
                merged: 1,
                bilingual: 1,
                mismatched_docs: 0
            }
        );
        assert_eq!(units[0].prop("x-mizan-score"), Some("0.6000"));
        assert_eq!(units[1].prop("x-mizan-bead"), Some("2-2-1"));
        assert_eq!(units[1].attr("segtype"), Some("block"));
        assert_eq!(units[0].attr("segtype"), None);
    }

    #[test]
    fn long_runs_stay_bilingual() {
        let ar = strings(&["A0", "A1", "A2", "A3", "A4"]);
        let en = strings(&["E0", "E1", "E2", "E3", "E4"]);
        let ru = strings(&["R0", "R1", "R2", "R3", "R4"]);
        // Staggered 2-2 beads never share an inner boundary.
        let en_beads = [
            bead(0..2, 0..2, 1.0),
            bead(2..4, 2..4, 1.0),
            bead(4..5, 4..5, 1.0),
        ];
        let ru_beads = [
            bead(0..1, 0..1, 1.0),
            bead(1..3, 1..3, 1.0),
            bead(3..5, 3..5, 1.0),
        ];
        let (units, counts) = trilingual_units(
            "d",
            "ar",
            &ar,
            PairSide {
                tag: "en",
                sentences: &en,
                beads: &en_beads,
            },
            PairSide {
                tag: "ru",
                sentences: &ru,
                beads: &ru_beads,
            },
        );
        assert!(units.is_empty());
        assert_eq!(counts.bilingual, 1);
    }
}
