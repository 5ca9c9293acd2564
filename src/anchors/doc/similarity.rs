//! How well a bead's anchors agree: the similarity the aligner's cost
//! reads for every cell of the DP band, and the matched pairs behind it
//! for `--explain`. Both go through one scoring ([`DocAnchors::score`]) so
//! that the explanation shows exactly the pairs the similarity counts.
//! Kept apart from [`super`], which does the costly indexing once per
//! document pair; this is the part run per bead, and must stay cheap.

use super::far::{id_of, is_far};
use super::DocAnchors;
use crate::anchors::Anchor;
use std::ops::Range;

/// How well the anchors of a bead's source and target sentences agree.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct AnchorScore {
    /// Sum of the weights of matched anchor pairs (each pair weighs the
    /// mean of its two anchors' weights).
    pub matched_weight: f64,
    /// Sum of the weights of anchors left without a partner in the bead
    /// although they have one elsewhere in the document (for names in a
    /// long pair: near the path, see [`super::far`]); numbers with no
    /// partner anywhere count half (a translation may drop a number, but
    /// rarely).
    pub unmatched_weight: f64,
    /// Number of matched pairs.
    pub matched: usize,
}

/// A matched pair of anchors, for `--explain`.
#[derive(Debug, Clone, PartialEq)]
pub struct AnchorMatch {
    /// Index of the source sentence holding `src`.
    pub src_sentence: usize,
    /// Index of the target sentence holding `tgt`.
    pub tgt_sentence: usize,
    /// The source anchor.
    pub src: Anchor,
    /// The target anchor.
    pub tgt: Anchor,
    /// The weight the pair adds to [`AnchorScore::matched_weight`].
    pub weight: f64,
}

impl DocAnchors {
    /// How well source sentences `src` and target sentences `tgt` (a bead;
    /// either range may be empty) agree in their anchors. Ranges are
    /// clipped to the document.
    pub fn similarity(&self, src: Range<usize>, tgt: Range<usize>) -> AnchorScore {
        let src = clip(src, self.src_len());
        let tgt = clip(tgt, self.tgt_len());
        // The thread's lists, kept from call to call: this is called for
        // every cell of the DP band, and four fresh stack buffers (zeroed
        // on every call) were a twentieth of its time.
        SCRATCH.with_borrow_mut(|[b0, b1, b2, b3]| {
            let se = gather(&self.src.exact, &src, b0);
            let te = gather(&self.tgt.exact, &tgt, b1);
            let sn = gather(&self.src.names, &src, b2);
            let tn = gather(&self.tgt.names, &tgt, b3);
            self.score(&tgt, se, te, sn, tn, |&id| id, |_, _, _| {})
        })
    }

    /// The matched anchor pairs of a bead, with their surfaces and weights,
    /// for `--explain`. Matches the pairs [`DocAnchors::similarity`] counts.
    pub fn explain(&self, src: Range<usize>, tgt: Range<usize>) -> Vec<AnchorMatch> {
        let src = clip(src, self.src_len());
        let tgt = clip(tgt, self.tgt_len());
        let se = located(&self.src.exact, &self.src.exact_at, &src);
        let te = located(&self.tgt.exact, &self.tgt.exact_at, &tgt);
        let sn = located(&self.src.names, &self.src.names_at, &src);
        let tn = located(&self.tgt.names, &self.tgt.names_at, &tgt);
        let mut out = Vec::new();
        self.score(
            &tgt,
            &se,
            &te,
            &sn,
            &tn,
            |l| l.0,
            |s: &Loc, t: &Loc, w| {
                // Every id in the lists has its stored anchor.
                let src = self.src_anchor(s.1, usize::from(s.2));
                let tgt = self.tgt_anchor(t.1, usize::from(t.2));
                if let (Some(src), Some(tgt)) = (src, tgt) {
                    out.push(AnchorMatch {
                        src_sentence: s.1,
                        tgt_sentence: t.1,
                        src,
                        tgt,
                        weight: w,
                    });
                }
            },
        );
        out
    }

    /// The scoring shared by `similarity` and `explain`: exact ids by a
    /// merge of sorted lists (multiset intersection), names greedily, each
    /// source name taking the first unused target name it matches.
    #[allow(clippy::too_many_arguments)]
    fn score<T>(
        &self,
        tgt: &Range<usize>,
        se: &[T],
        te: &[T],
        sn: &[T],
        tn: &[T],
        id: impl Fn(&T) -> u32,
        mut hit: impl FnMut(&T, &T, f64),
    ) -> AnchorScore {
        let mut sc = AnchorScore::default();
        let (s, t) = (&self.src, &self.tgt);
        let (mut i, mut j) = (0, 0);
        while i < se.len() && j < te.len() {
            let (a, b) = (id(&se[i]), id(&te[j]));
            match a.cmp(&b) {
                std::cmp::Ordering::Equal => {
                    let w = (s.exact_w[a as usize] + t.exact_w[b as usize]) / 2.0;
                    sc.matched_weight += w;
                    sc.matched += 1;
                    hit(&se[i], &te[j], w);
                    i += 1;
                    j += 1;
                }
                std::cmp::Ordering::Less => {
                    sc.unmatched_weight += s.exact_u[a as usize];
                    i += 1;
                }
                std::cmp::Ordering::Greater => {
                    sc.unmatched_weight += t.exact_u[b as usize];
                    j += 1;
                }
            }
        }
        sc.unmatched_weight += se[i..]
            .iter()
            .map(|x| s.exact_u[id(x) as usize])
            .sum::<f64>();
        sc.unmatched_weight += te[j..]
            .iter()
            .map(|x| t.exact_u[id(x) as usize])
            .sum::<f64>();
        let mut small = [false; 64];
        let mut big = Vec::new();
        let used: &mut [bool] = if tn.len() <= small.len() {
            &mut small[..tn.len()]
        } else {
            big.resize(tn.len(), false);
            &mut big
        };
        // Most source names match none of the bead's target names: the
        // bits of their matches and of the target names rule them out
        // before any search, and that search was most of the similarity's
        // time on real Arabic, with about 19 name candidates a sentence
        // (issue 16). Names that match dozens of target names defeat the
        // bits; the sentences their partners stand in still rule them out
        // (see [`super::near`]).
        let tn_bits = tn.iter().fold(0, |bits, y| bits | id_bit(id_of(id(y))));
        for x in sn {
            // An occurrence flagged far has no partner near the path (a
            // long pair only, see [`super::far`]): it may still match,
            // but counts nothing when it does not.
            let (a, far) = (id_of(id(x)), is_far(id(x)));
            let cands = &self.name_match[a as usize];
            let found = if self.name_bits[a as usize] & tn_bits == 0
                || !self.name_near.may_match(a, tgt)
            {
                None
            } else {
                (0..tn.len()).find(|&k| !used[k] && cands.binary_search(&id_of(id(&tn[k]))).is_ok())
            };
            match found {
                Some(k) => {
                    used[k] = true;
                    let b = id_of(id(&tn[k]));
                    let w = (s.name_w[a as usize] + t.name_w[b as usize]) / 2.0;
                    sc.matched_weight += w;
                    sc.matched += 1;
                    hit(x, &tn[k], w);
                }
                None if far => {}
                None => sc.unmatched_weight += s.name_u[a as usize],
            }
        }
        for (k, y) in tn.iter().enumerate() {
            if !used[k] && !is_far(id(y)) {
                sc.unmatched_weight += t.name_u[id(y) as usize];
            }
        }
        sc
    }
}

/// A name id's bit in a 64-bit set of ids (ids equal modulo 64 share it).
pub(super) fn id_bit(id: u32) -> u64 {
    1 << (id % 64)
}

/// An id with the sentence and anchor index it came from.
type Loc = (u32, usize, u16);

fn clip(r: Range<usize>, len: usize) -> Range<usize> {
    let start = r.start.min(len);
    start..r.end.clamp(start, len)
}

thread_local! {
    /// The merged lists of [`DocAnchors::similarity`], one set a thread.
    static SCRATCH: std::cell::RefCell<[Vec<u32>; 4]> = Default::default();
}

/// The sorted ids of the sentences in `r`: the sentence's own list for one
/// sentence, else merged into `out`. Two sentences, the commonest case
/// after one, are merged in one pass: sorting the two lists joined was a
/// fifth of a `--no-lexicon` run on news that does not repeat itself
/// (issue 16).
fn gather<'a>(lists: &'a [Vec<u32>], r: &Range<usize>, out: &'a mut Vec<u32>) -> &'a [u32] {
    if r.len() == 1 {
        return &lists[r.start];
    }
    out.clear();
    if r.len() == 2 {
        let (a, b) = (&lists[r.start], &lists[r.start + 1]);
        out.reserve(a.len() + b.len());
        let (mut i, mut j) = (0, 0);
        while i < a.len() && j < b.len() {
            if a[i] <= b[j] {
                out.push(a[i]);
                i += 1;
            } else {
                out.push(b[j]);
                j += 1;
            }
        }
        out.extend_from_slice(&a[i..]);
        out.extend_from_slice(&b[j..]);
    } else {
        out.extend(lists[r.clone()].iter().flatten());
        out.sort_unstable();
    }
    out
}

fn located(lists: &[Vec<u32>], at: &[Vec<u16>], r: &Range<usize>) -> Vec<Loc> {
    let mut v: Vec<Loc> = r
        .clone()
        .flat_map(|s| lists[s].iter().zip(&at[s]).map(move |(&id, &k)| (id, s, k)))
        .collect();
    v.sort_unstable();
    v
}
