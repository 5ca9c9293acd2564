//! Lexical support of a link, counted without the link itself.
//!
//! A lexicon learned from a run's confident links also learns that run's
//! wrong links: two rare words that only ever met in one wrong pair become
//! each other's translation, and the pair's lexical score confirms the
//! mistake that taught it. So the lexical bonus of a link cannot tell a
//! link the lexicon learned from a translation. What can is whether the
//! word pairs that tie its two sides were also seen linked elsewhere in
//! the run: the run's expected link counts minus what this link added.

use crate::align::Bead;
use crate::lexicon::{distinct, Lexicon};
use rustc_hash::FxHashMap;

/// Links (in expected counts) a word pair needs from other links of the
/// run before it supports a token: half a link, so that a pair seen once
/// elsewhere (with its count split between the sentence's words) counts.
const SUPPORTED: f32 = 0.5;

/// The word pairs that could support a token: those the run's confident
/// 1-1 links linked at least [`SUPPORTED`] times, by source word: a
/// small part of all the pairs counted, found beside a link's words by
/// walking a short sorted row instead of a lookup per pair of words.
#[derive(Debug, Default)]
pub struct SupportTable {
    /// Per source word id, where its row starts in `pairs` (one more entry
    /// than there are ids up to the largest).
    starts: Vec<u32>,
    /// (target word id, count), sorted by source word then target word.
    pairs: Vec<(u32, f32)>,
}

impl SupportTable {
    /// The table of the run's expected link counts
    /// ([`Lexicon::expected_counts`]).
    pub fn new(counts: &FxHashMap<(u32, u32), f32>) -> SupportTable {
        let mut kept: Vec<(u32, u32, f32)> = counts
            .iter()
            .filter(|&(_, &c)| c >= SUPPORTED)
            .map(|(&(e, f), &c)| (e, f, c))
            .collect();
        kept.sort_unstable_by_key(|&(e, f, _)| (e, f));
        let rows = kept.last().map_or(0, |&(e, _, _)| e as usize + 1);
        let mut starts = vec![0u32; rows + 1];
        for &(e, _, _) in &kept {
            starts[e as usize + 1] += 1;
        }
        let mut before = 0;
        for start in &mut starts {
            before += *start;
            *start = before;
        }
        SupportTable {
            starts,
            pairs: kept.into_iter().map(|(_, f, c)| (f, c)).collect(),
        }
    }

    fn row(&self, e: u32) -> &[(u32, f32)] {
        let e = e as usize;
        match (self.starts.get(e), self.starts.get(e + 1)) {
            (Some(&a), Some(&b)) => self.pairs.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }
}

/// What [`lexical_support`] reads.
pub struct SupportInput<'a> {
    /// The run's lexicon.
    pub lexicon: &'a Lexicon,
    /// Its expected link counts over the run's confident 1-1 links
    /// ([`Lexicon::expected_counts`]), as a [`SupportTable`].
    pub table: &'a SupportTable,
    /// The confidence a 1-1 link needed to be counted.
    pub min_confidence: f64,
    /// Token ids of each source sentence.
    pub src: &'a [Vec<u32>],
    /// Token ids of each target sentence.
    pub tgt: &'a [Vec<u32>],
    /// The document's beads, with their posterior scores.
    pub beads: &'a [Bead],
}

/// A bead's lexical support.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Support {
    /// Share of its source tokens tied to its target side by a word pair
    /// other links of the run linked too.
    pub src: f64,
    /// The same for its target tokens.
    pub tgt: f64,
}

/// Scratch space of [`lexical_support`], reused from bead to bead.
#[derive(Default)]
struct Scratch {
    tokens: Vec<u32>,
    src: Vec<(u32, f32)>,
    tgt: Vec<(u32, f32)>,
    src_ok: Vec<bool>,
    tgt_ok: Vec<bool>,
    /// Per target word, the sum of `t(f | e)` over the source tokens
    /// (`NAN` until needed); per source word the same backwards.
    fwd_z: Vec<f32>,
    bwd_z: Vec<f32>,
}

/// For each bead, the shares of its source and of its target tokens tied
/// to some token of its other side by a word pair that other links of the
/// run were seen to link ([`SUPPORTED`]); `(0, 0)` for beads with an
/// empty side or without tokens.
pub fn lexical_support(input: &SupportInput<'_>) -> Vec<Support> {
    let mut w = Scratch::default();
    input
        .beads
        .iter()
        .map(|b| support(input, b, &mut w))
        .collect()
}

fn support(input: &SupportInput<'_>, b: &Bead, w: &mut Scratch) -> Support {
    let side = |all: &[Vec<u32>], r: std::ops::Range<usize>, tokens: &mut Vec<u32>| {
        tokens.clear();
        tokens.extend(all.get(r).into_iter().flatten().flatten().copied());
        tokens.len()
    };
    let n_src = side(input.src, b.src.clone(), &mut w.tokens);
    distinct(&w.tokens, &mut w.src);
    let n_tgt = side(input.tgt, b.tgt.clone(), &mut w.tokens);
    distinct(&w.tokens, &mut w.tgt);
    if n_src == 0 || n_tgt == 0 {
        return Support::default();
    }
    // Whether this link was one of the confident 1-1 links counted: then
    // what it added itself is taken off each pair's count.
    let counted = b.shape() == (1, 1) && b.score >= input.min_confidence;
    let Scratch {
        src,
        tgt,
        src_ok,
        tgt_ok,
        fwd_z,
        bwd_z,
        ..
    } = w;
    for (v, n) in [(&mut *src_ok, src.len()), (&mut *tgt_ok, tgt.len())] {
        v.clear();
        v.resize(n, false);
    }
    for (v, n) in [(&mut *fwd_z, tgt.len()), (&mut *bwd_z, src.len())] {
        v.clear();
        v.resize(n, f32::NAN);
    }
    let lex = input.lexicon;
    for (a, &(e, ne)) in src.iter().enumerate() {
        let row = input.table.row(e);
        let (mut i, mut k) = (0, 0);
        while let (Some(&(f_row, all)), Some(&(f, nf))) = (row.get(i), tgt.get(k)) {
            if f_row < f {
                i += 1;
                continue;
            }
            if f_row > f {
                k += 1;
                continue;
            }
            // What this link added to the pair is at most half of each of
            // its two words' occurrences (each token's link posterior
            // shares out one half): only counts near the threshold need
            // it exactly.
            let supported = !counted
                || all - 0.5 * (ne + nf) >= SUPPORTED
                || supported_elsewhere(lex, src, tgt, (a, k, all), fwd_z, bwd_z);
            if supported {
                src_ok[a] = true;
                tgt_ok[k] = true;
            }
            i += 1;
            k += 1;
        }
    }
    let share = |words: &[(u32, f32)], ok: &[bool], n: usize| {
        let kept = words
            .iter()
            .zip(ok)
            .filter(|(_, &k)| k)
            .fold(0.0, |acc, (w, _)| acc + f64::from(w.1));
        kept / n as f64
    };
    Support {
        src: share(src, src_ok, n_src),
        tgt: share(tgt, tgt_ok, n_tgt),
    }
}

/// Whether the pair (`src[a]`, `tgt[b]`), linked `all` times in the run,
/// was linked [`SUPPORTED`] times without what the sentence pair of
/// distinct words `src`, `tgt` added to it (as
/// [`crate::lexicon::Lexicon::link_counts`] works it out); the sums that
/// needs are kept in `fwd_z` and `bwd_z` once found.
fn supported_elsewhere(
    lex: &Lexicon,
    src: &[(u32, f32)],
    tgt: &[(u32, f32)],
    (a, b, all): (usize, usize, f32),
    fwd_z: &mut [f32],
    bwd_z: &mut [f32],
) -> bool {
    let ((e, ne), (f, nf)) = (src[a], tgt[b]);
    let (pf, pb) = (lex.fwd_prob(e, f), lex.bwd_prob(e, f));
    // Each direction adds at most half of the other side's occurrences.
    let most = 0.5 * (if pf > 0.0 { nf } else { 0.0 } + if pb > 0.0 { ne } else { 0.0 });
    if all - most >= SUPPORTED {
        return true;
    }
    let mut own = 0.0;
    if pf > 0.0 {
        if fwd_z[b].is_nan() {
            fwd_z[b] = src.iter().map(|&(e2, n)| n * lex.fwd_prob(e2, f)).sum();
        }
        own += 0.5 * pf / fwd_z[b];
    }
    if pb > 0.0 {
        if bwd_z[a].is_nan() {
            bwd_z[a] = tgt.iter().map(|&(f2, n)| n * lex.bwd_prob(e, f2)).sum();
        }
        own += 0.5 * pb / bwd_z[a];
    }
    all - ne * nf * own >= SUPPORTED
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::test_support::{monotone, sides};
    use crate::lexicon::TrainParams;

    /// Source word `w` translates as `w + 1000`; words 0..40 recur in
    /// many pairs, and the pair 900/1900 occurs in one only.
    fn corpus() -> Vec<(Vec<u32>, Vec<u32>)> {
        let mut pairs = monotone(0x9E37_79B9_7F4A_7C15, 400, 4, 40);
        pairs.push((vec![900, 1, 2], vec![1900, 1001, 1002]));
        pairs
    }

    fn bead(s: usize, t: usize, score: f64) -> Bead {
        Bead {
            src: s..s + 1,
            tgt: t..t + 1,
            score,
            ..Default::default()
        }
    }

    #[test]
    fn support_leaves_out_what_the_link_itself_taught() {
        let pairs = corpus();
        let lexicon = Lexicon::train(&pairs, &[], &TrainParams::default());
        assert!(!lexicon.is_empty());
        let table = SupportTable::new(&lexicon.expected_counts(&pairs));
        let src = vec![vec![3, 4, 5, 6], vec![900, 1, 2], vec![7, 8]];
        let tgt = vec![
            vec![1003, 1004, 1005, 1006],
            vec![1900, 1001, 1002],
            vec![1020],
        ];
        let beads = [
            bead(0, 0, 0.99),
            bead(1, 1, 0.99),
            bead(2, 2, 0.99),
            Bead {
                src: 2..2,
                tgt: 2..3,
                ..Default::default()
            },
        ];
        let support = |beads: &[Bead]| {
            lexical_support(&SupportInput {
                lexicon: &lexicon,
                table: &table,
                min_confidence: 0.9,
                src: &src,
                tgt: &tgt,
                beads,
            })
        };
        let got = support(&beads);
        // Every word of a translation seen in other links is supported.
        assert_eq!(got[0], Support { src: 1.0, tgt: 1.0 });
        // 900/1900 met in this link only (counted, at 0.99): two of three
        // words on each side are left.
        assert!((got[1].src - 2.0 / 3.0).abs() < 1e-9, "{:?}", got[1]);
        assert!((got[1].tgt - 2.0 / 3.0).abs() < 1e-9, "{:?}", got[1]);
        // Unrelated words support nothing; a bead with an empty side is 0.
        assert_eq!(got[2], Support { src: 0.0, tgt: 0.0 });
        assert_eq!(got[3], Support::default());
        // A link too doubtful to be counted keeps the pair's count.
        let got = support(&[bead(1, 1, 0.5)]);
        assert_eq!(got[0], Support { src: 1.0, tgt: 1.0 });
    }

    /// The table and the bound that spares working out a link's own counts
    /// give what the definition gives: each token supported when some
    /// word pair of the link has [`SUPPORTED`] links once the link's own
    /// counts (when it was counted) are taken off.
    #[test]
    fn support_follows_its_definition() {
        let mut pairs = corpus();
        // Repeated words, and rare pairs seen once and twice.
        pairs.push((vec![901, 901, 3], vec![1901, 1003]));
        pairs.push((vec![902, 4], vec![1902, 1004, 1004]));
        pairs.push((vec![902, 5], vec![1902, 1005]));
        let lexicon = Lexicon::train(&pairs, &[], &TrainParams::default());
        let (src, tgt) = sides(pairs.iter().rev().take(40));
        let mut beads: Vec<Bead> = (0..40).map(|k| bead(k, k, 0.99)).collect();
        beads[5].score = 0.5;
        beads.push(Bead {
            src: 6..8,
            tgt: 6..7,
            score: 0.99,
            ..Default::default()
        });
        beads.push(bead(1, 2, 0.99));
        // The run counts its confident 1-1 links.
        let counted: Vec<(&[u32], &[u32])> = beads
            .iter()
            .filter(|b| b.shape() == (1, 1) && b.score >= 0.9)
            .map(|b| (src[b.src.start].as_slice(), tgt[b.tgt.start].as_slice()))
            .collect();
        let counts = lexicon.expected_counts(&counted);
        let got = lexical_support(&SupportInput {
            lexicon: &lexicon,
            table: &SupportTable::new(&counts),
            min_confidence: 0.9,
            src: &src,
            tgt: &tgt,
            beads: &beads,
        });
        assert!(got.iter().any(|g| g.src > 0.0 && g.src < 1.0));
        assert!(got.iter().any(|g| g.src == 1.0));
        for (b, g) in beads.iter().zip(&got) {
            let s: Vec<u32> = src[b.src.clone()].concat();
            let t: Vec<u32> = tgt[b.tgt.clone()].concat();
            let own = if b.shape() == (1, 1) && b.score >= 0.9 {
                lexicon.expected_counts(&[(s.as_slice(), t.as_slice())])
            } else {
                FxHashMap::default()
            };
            let elsewhere = |e: u32, f: u32| {
                counts.get(&(e, f)).copied().unwrap_or(0.0)
                    - own.get(&(e, f)).copied().unwrap_or(0.0)
            };
            let src_ok = s
                .iter()
                .filter(|&&e| t.iter().any(|&f| elsewhere(e, f) >= SUPPORTED));
            let tgt_ok = t
                .iter()
                .filter(|&&f| s.iter().any(|&e| elsewhere(e, f) >= SUPPORTED));
            let want = Support {
                src: src_ok.count() as f64 / s.len() as f64,
                tgt: tgt_ok.count() as f64 / t.len() as f64,
            };
            assert!(
                (g.src - want.src).abs() < 1e-9,
                "{b:?}: {g:?} against {want:?}"
            );
            assert!(
                (g.tgt - want.tgt).abs() < 1e-9,
                "{b:?}: {g:?} against {want:?}"
            );
        }
    }
}
