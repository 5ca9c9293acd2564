//! Names whose partners all stand far from the path: in a long document
//! they count as unmatched nowhere.
//!
//! A name left without a partner in a bead costs the bead its weight when
//! the name has a partner somewhere in the document: the partner is then
//! likely to be in another bead, so the bead is likely wrong. In a long
//! pair of different articles that "somewhere" stops meaning anything:
//! accidental matches grow with the document (a common Arabic word taken
//! for a name meets some English word's consonant skeleton thousands of
//! lines away), until most names of every bead count as unmatched, and
//! leaving sentences out (1-0, 0-1) becomes cheaper than pairing them. On
//! 5,000 lines of news with a vocabulary per copy (`scripts/real_pair.py
//! ... distinct`), anchors took strict F1 from 0.83 (length alone) down to
//! 0.62, with 1,266 source sentences left out against 192 in the gold
//! (issue 16).
//!
//! So, in a pair long enough to have an anchor guide (points where both
//! sides share a rare number, date or Latin token, rising together: see
//! [`crate::align::coarse::anchor_guide`]), a name occurrence counts as
//! unmatched only when a partner stands near the path: in the other
//! side's sentences between the guide points around it, widened by
//! [`SLACK`]. Its occurrence keeps its weight for matching wherever it is.
//! Shorter pairs, and pairs without a guide, are left as they were.

use super::near::NearSentences;
use std::ops::Range;

/// Sentences added on each side of the span between two guide points: a
/// guide point may stand a little off the path (a number shared by two
/// neighbouring sentences), and a bead of the band reaches a few
/// sentences past the path. On the 20,000-line merged ntrex-dev pairs, 20
/// lost strict F1 on the shuffled and distinct pairs and 150 on the
/// distinct pair and the 30% lost tail (BENCHMARKS.md, eleventh session).
/// Numbers, dates and Latin tokens keep the document-wide rule: they
/// rarely meet partners by accident, and the same window lowered F1.
const SLACK: usize = 50;

/// The flag on a name id, in a sentence's list, of an occurrence with no
/// partner near the path. Name ids stay far below it (a document has at
/// most a few million names).
pub(super) const FAR: u32 = 1 << 31;

/// The name id of an entry of a sentence's list, flagged or not.
#[inline]
pub(super) fn id_of(x: u32) -> u32 {
    x & !FAR
}

/// Whether an entry of a sentence's list is flagged [`FAR`].
#[inline]
pub(super) fn is_far(x: u32) -> bool {
    x & FAR != 0
}

/// For each sentence of one side, the range of the other side's
/// sentences near the path: from the guide point at or before it to the
/// one at or after it, widened by [`SLACK`]. `guide` rises on both
/// coordinates and runs from `(0, 0)` to the two sides' lengths; `mine`
/// picks this side's coordinate of a point, `theirs` the other's.
fn windows(
    guide: &[(usize, usize)],
    len: usize,
    other_len: usize,
    mine: impl Fn(&(usize, usize)) -> usize,
    theirs: impl Fn(&(usize, usize)) -> usize,
) -> Vec<Range<usize>> {
    (0..len)
        .map(|i| {
            let after = guide.partition_point(|p| mine(p) < i).min(guide.len() - 1);
            let before = guide
                .partition_point(|p| mine(p) <= i)
                .saturating_sub(1)
                .min(after);
            let lo = theirs(&guide[before]).saturating_sub(SLACK);
            let hi = (theirs(&guide[after]) + SLACK + 1).min(other_len);
            lo.min(hi)..hi
        })
        .collect()
}

/// Flags with [`FAR`] each name occurrence of `names` (one sorted list a
/// sentence, with `at` alongside) whose partners, as `near` finds them in
/// the other side, all stand outside its sentence's window, and sorts
/// each list again. Returns how many were flagged.
fn flag(
    names: &mut [Vec<u32>],
    at: &mut [Vec<u16>],
    near: &NearSentences,
    windows: &[Range<usize>],
) -> usize {
    let mut flagged = 0;
    let mut pairs: Vec<(u32, u16)> = Vec::new();
    for ((ids, at), window) in names.iter_mut().zip(at.iter_mut()).zip(windows) {
        let mut changed = false;
        for id in ids.iter_mut() {
            if !near.may_match(*id, window) {
                *id |= FAR;
                changed = true;
                flagged += 1;
            }
        }
        if changed {
            pairs.clear();
            pairs.extend(ids.iter().copied().zip(at.iter().copied()));
            pairs.sort_unstable();
            for (k, (id, a)) in pairs.iter().enumerate() {
                ids[k] = *id;
                at[k] = *a;
            }
        }
    }
    flagged
}

/// Flags the far name occurrences of both sides (see the module's
/// comment). `name_match` gives each source name's matching target names;
/// `src_near` each source name's partners' target sentences.
pub(super) fn flag_far_names(
    guide: &[(usize, usize)],
    name_match: &[Vec<u32>],
    src_near: &NearSentences,
    src: (&mut [Vec<u32>], &mut [Vec<u16>]),
    tgt: (&mut [Vec<u32>], &mut [Vec<u16>]),
    tgt_keys: usize,
) -> usize {
    let (n, m) = (src.0.len(), tgt.0.len());
    if guide.is_empty() {
        return 0;
    }
    let mut reverse: Vec<Vec<u32>> = vec![Vec::new(); tgt_keys];
    for (a, matches) in name_match.iter().enumerate() {
        for &b in matches {
            reverse[b as usize].push(a as u32);
        }
    }
    let tgt_near = NearSentences::new(&reverse, src.0, name_match.len());
    drop(reverse);
    let src_windows = windows(guide, n, m, |p| p.0, |p| p.1);
    let tgt_windows = windows(guide, m, n, |p| p.1, |p| p.0);
    flag(src.0, src.1, src_near, &src_windows) + flag(tgt.0, tgt.1, &tgt_near, &tgt_windows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_span_the_guide_points_around_a_sentence() {
        let guide = [(0, 0), (100, 300), (400, 500), (1000, 1000)];
        let w = windows(&guide, 1000, 1000, |p| p.0, |p| p.1);
        assert_eq!(w[0], 0..51);
        assert_eq!(w[50], 0..351);
        assert_eq!(w[100], 250..351);
        assert_eq!(w[101], 250..551);
        assert_eq!(w[999], 450..1000);
        let back = windows(&guide, 1000, 1000, |p| p.1, |p| p.0);
        assert_eq!(back[300], 50..151);
        assert_eq!(back[301], 50..451);
    }

    #[test]
    fn names_with_partners_only_far_away_are_flagged() {
        // 400 sentences a side, the path on the diagonal. Source name 0
        // stands in sentences 10 and 300; its partner, target name 0, only
        // in target sentence 20. Source name 1 in sentence 200 matches
        // target name 1 in target sentence 210.
        let guide = [(0, 0), (100, 100), (200, 200), (300, 300), (400, 400)];
        let mut src: Vec<Vec<u32>> = vec![Vec::new(); 400];
        let mut tgt: Vec<Vec<u32>> = vec![Vec::new(); 400];
        src[10] = vec![0];
        src[300] = vec![0];
        src[200] = vec![1];
        tgt[20] = vec![0];
        tgt[210] = vec![1];
        let mut s_at: Vec<Vec<u16>> = src.iter().map(|l| vec![0; l.len()]).collect();
        let mut t_at: Vec<Vec<u16>> = tgt.iter().map(|l| vec![0; l.len()]).collect();
        let name_match = vec![vec![0], vec![1]];
        let near = NearSentences::new(&name_match, &tgt, 2);
        let flagged = flag_far_names(
            &guide,
            &name_match,
            &near,
            (&mut src, &mut s_at),
            (&mut tgt, &mut t_at),
            2,
        );
        assert_eq!(flagged, 1);
        assert_eq!(src[10], vec![0]);
        assert_eq!(src[300], vec![FAR]);
        assert_eq!(src[200], vec![1]);
        assert_eq!(tgt[20], vec![0]);
        assert_eq!(tgt[210], vec![1]);
    }

    #[test]
    fn flagged_lists_stay_sorted_with_their_places() {
        let guide = [(0, 0), (300, 300)];
        let mut src = vec![vec![0, 1, 2]];
        let mut s_at = vec![vec![7, 8, 9]];
        src.resize(300, Vec::new());
        s_at.resize(300, Vec::new());
        let mut tgt: Vec<Vec<u32>> = vec![Vec::new(); 300];
        tgt[5] = vec![1, 2];
        tgt[250] = vec![0];
        let mut t_at: Vec<Vec<u16>> = tgt.iter().map(|l| vec![0; l.len()]).collect();
        // Sentence 0's window is 0..51: target name 0, in sentence 250,
        // is far; 1 and 2 are near.
        let name_match = vec![vec![0], vec![1], vec![2]];
        let near = NearSentences::new(&name_match, &tgt, 3);
        flag_far_names(
            &guide,
            &name_match,
            &near,
            (&mut src, &mut s_at),
            (&mut tgt, &mut t_at),
            3,
        );
        assert_eq!(src[0], vec![1, 2, FAR]);
        assert_eq!(s_at[0], vec![8, 9, 7]);
        // Between the guide's two ends, every source sentence is near.
        assert_eq!(tgt[250], vec![0]);
    }
}

#[cfg(test)]
mod issue16_tests {
    use super::super::DocAnchors;
    use crate::lang::Lang;

    /// A pair long enough for a guide, a shared number in every sentence
    /// pair, and one name whose partner stands 1,990 sentences away.
    fn pair() -> (Vec<String>, Vec<String>) {
        let n = 2_100;
        let mut ar: Vec<String> = (0..n)
            .map(|i| format!("صدر التقرير رقم {}.", 10_000 + i))
            .collect();
        let mut en: Vec<String> = (0..n)
            .map(|i| format!("Report number {} came out.", 10_000 + i))
            .collect();
        ar[10] = format!("قال سوتوبو إن التقرير رقم {} صدر.", 10_010);
        en[2_000] = format!("Sutopo said report number {} came out.", 12_000);
        (ar, en)
    }

    #[test]
    fn issue16_a_name_whose_partner_is_far_from_the_path_is_not_unmatched() {
        let (ar, en) = pair();
        let a = DocAnchors::new(&ar, &Lang::Ar, &en, &Lang::En);
        assert!(a.guide().is_some());
        // On the path, the name finds no partner and costs nothing.
        let on_path = a.similarity(10..11, 10..11);
        assert_eq!(on_path.matched, 1);
        assert_eq!(on_path.unmatched_weight, 0.0, "{on_path:?}");
        // It still matches its partner where it stands.
        let there = a.similarity(10..11, 2_000..2_001);
        assert!(a
            .explain(10..11, 2_000..2_001)
            .iter()
            .any(|m| m.tgt.surface == "Sutopo"));
        assert!(there.matched >= 1);
        // A short pair keeps counting it: there, every partner is near.
        let (short_ar, short_en): (Vec<String>, Vec<String>) = (
            ar[..20].iter().cloned().chain([ar[10].clone()]).collect(),
            en[..20]
                .iter()
                .cloned()
                .chain([en[2_000].clone()])
                .collect(),
        );
        let b = DocAnchors::new(&short_ar, &Lang::Ar, &short_en, &Lang::En);
        assert!(b.guide().is_none());
        assert!(b.similarity(10..11, 10..11).unmatched_weight > 0.0);
    }
}
