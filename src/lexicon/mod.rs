//! A bilingual lexicon learnt from the aligned text itself: IBM Model 1 in
//! both directions, trained on the confident 1-1 beads of a first
//! alignment pass (plus, optionally, a user dictionary), and a lexical
//! score for candidate beads of the second pass.
//!
//! Token ids come from [`crate::tokenize::Vocab`], one vocabulary per
//! side; the lexicon itself knows only ids.

pub mod cache;
mod diagonal;
pub mod dicts;
pub mod grow;
pub mod io;
mod model1;
pub mod mueller;
pub mod pivot;
mod score;

pub use cache::TokenLexicon;
pub use dicts::{discover, search_path, system_lexicon, Dictionary, SystemLexicon};
pub use io::{read_user_lexicon, Entry, UserLexicon};
pub use model1::{Model1, TrainParams, DEFAULT_DIAGONAL};
pub use score::{DocScorer, LexEvidence};

use crate::align::Bead;
use crate::error::{Error, Result};
use crate::tokenize::Vocab;
use model1::Example;
use rayon::prelude::*;
use std::io::Write;

/// A source and target token list with a weight: a user dictionary entry
/// turned into ids, used as extra training evidence (see
/// [`UserLexicon::to_pairs`]).
pub type WeightedPair = (Vec<u32>, Vec<u32>, f32);

/// Both directions of IBM Model 1 with the background statistics that turn
/// them into a bead score.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    /// `t(target | source)`.
    fwd: Model1,
    /// `t(source | target)`.
    bwd: Model1,
    /// Background probability of each target id; 0 for ids never seen.
    tgt_background: Vec<f32>,
    /// Background probability of each source id; 0 for ids never seen.
    src_background: Vec<f32>,
    /// Mean per-token log ratio of each direction on mismatched training
    /// pairs, subtracted so that unrelated sentences score about 0.
    fwd_offset: f64,
    bwd_offset: f64,
    /// The diagonal alignment prior the score uses (see [`DocScorer`]);
    /// tension 0 is plain Model 1's uniform alignment.
    prior: diagonal::DiagonalPrior,
    pairs: usize,
}

/// Mismatched pairs used to centre the score.
const CALIBRATION_PAIRS: usize = 2000;

/// Random partners tried for each sampled pair before it is left out of
/// the calibration: with fewer than half the pairs repeating one text,
/// eight tries miss an unrelated partner less than once in 256.
const PARTNER_TRIES: usize = 8;

/// Whether source `i` and target `j` can serve as an unrelated pair: `j`'s
/// source and target must each share less than half of their distinct
/// tokens with `i`'s, so that neither a repeated sentence nor a
/// near-copy (the same boilerplate with another number) pairs a sentence
/// with its own translation.
fn unrelated<S: AsRef<[u32]>, T: AsRef<[u32]>>(pairs: &[(S, T)], i: usize, j: usize) -> bool {
    i != j
        && overlap(pairs[i].0.as_ref(), pairs[j].0.as_ref()) < 0.5
        && overlap(pairs[i].1.as_ref(), pairs[j].1.as_ref()) < 0.5
}

/// Share of distinct tokens two token lists have in common (Dice
/// coefficient); two empty lists count as the same.
fn overlap(a: &[u32], b: &[u32]) -> f64 {
    let set = |x: &[u32]| {
        let mut v = x.to_vec();
        v.sort_unstable();
        v.dedup();
        v
    };
    let (a, b) = (set(a), set(b));
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * common as f64 / (a.len() + b.len()) as f64
}

impl Lexicon {
    /// The empty lexicon: every bead scores 0.
    pub fn empty() -> Lexicon {
        Lexicon::default()
    }

    /// Whether the lexicon holds no translations (too little training
    /// data), so that every score is 0.
    pub fn is_empty(&self) -> bool {
        self.fwd.entries() == 0 && self.bwd.entries() == 0
    }

    /// Number of sentence pairs and user entries it was trained on.
    pub fn training_pairs(&self) -> usize {
        self.pairs
    }

    /// `t(target | source)`.
    pub fn forward(&self) -> &Model1 {
        &self.fwd
    }

    /// `t(source | target)`.
    pub fn backward(&self) -> &Model1 {
        &self.bwd
    }

    /// Trains both directions on sentence pairs (source ids, target ids)
    /// and weighted user entries. Returns the empty lexicon when there are
    /// fewer than `params.min_pairs` examples in all.
    pub fn train<S: AsRef<[u32]> + Sync, T: AsRef<[u32]> + Sync>(
        pairs: &[(S, T)],
        user: &[WeightedPair],
        params: &TrainParams,
    ) -> Lexicon {
        Lexicon::train_with_dictionary(pairs, user, &[], params)
    }

    /// [`Lexicon::train`] with a dictionary's entries as well: evidence
    /// for the translation tables like the user's, but not for how common
    /// a word is (see the background below).
    pub fn train_with_dictionary<S: AsRef<[u32]> + Sync, T: AsRef<[u32]> + Sync>(
        pairs: &[(S, T)],
        user: &[WeightedPair],
        dictionary: &[WeightedPair],
        params: &TrainParams,
    ) -> Lexicon {
        let mut fwd_ex: Vec<Example<'_>> = pairs
            .iter()
            .map(|(s, t)| Example {
                src: s.as_ref(),
                tgt: t.as_ref(),
                weight: 1.0,
            })
            .filter(|x| !x.src.is_empty() || !x.tgt.is_empty())
            .chain(prior_examples(user))
            .collect();
        // How common a word is comes from the text and the user's entries:
        // a dictionary's must not change it. With them in, every word
        // they name lowered every background probability, and the
        // learned lexicon of a corpus scored worse however light they
        // were (ntrex-dev align ar-en 0.964 -> 0.960 with weights near 0).
        // A dictionary alone (no text pair, no user entry) stands in.
        let mut in_background = fwd_ex.len();
        fwd_ex.extend(prior_examples(dictionary));
        if in_background == 0 {
            in_background = fwd_ex.len();
        }
        if fwd_ex.len() < params.min_pairs.max(1) {
            return Lexicon::empty();
        }
        let bwd_ex: Vec<Example<'_>> = fwd_ex
            .iter()
            .map(|x| Example {
                src: x.tgt,
                tgt: x.src,
                weight: x.weight,
            })
            .collect();
        let text_ex = &fwd_ex[..in_background];
        // The two directions train side by side: each is one core's work,
        // and in a corpus run nothing else runs meanwhile (issue 16).
        let (fwd, bwd) = rayon::join(
            || Model1::train(&fwd_ex, params),
            || Model1::train(&bwd_ex, params),
        );
        let mut lex = Lexicon {
            fwd,
            bwd,
            tgt_background: background(text_ex.iter().map(|x| (x.tgt, x.weight))),
            src_background: background(text_ex.iter().map(|x| (x.src, x.weight))),
            fwd_offset: 0.0,
            bwd_offset: 0.0,
            // Bounded so that the prior's factors exp(±λ/2) stay finite.
            prior: diagonal::DiagonalPrior::new(if params.diagonal.is_nan() {
                0.0
            } else {
                params.diagonal.clamp(0.0, 1000.0)
            }),
            pairs: fwd_ex.len(),
        };
        lex.calibrate(pairs);
        lex
    }

    /// Sets the offsets so that the mean per-token log ratio of sentences
    /// paired with an unrelated sentence is 0 in each direction.
    ///
    /// The unrelated pairs are source `i` with target `j` for sampled `i`
    /// and a partner `j` drawn at random (deterministically) among those
    /// whose source and target texts both differ from pair `i`'s (see
    /// [`unrelated`]). A fixed partner such as `i + n/2` is a real
    /// translation whenever the text repeats itself (boilerplate, an
    /// article pasted twice): the offset then turned positive and the
    /// lexical score into a penalty for true links (issue 16).
    fn calibrate<S: AsRef<[u32]> + Sync, T: AsRef<[u32]> + Sync>(&mut self, pairs: &[(S, T)]) {
        let n = pairs.len();
        if n < 2 {
            return;
        }
        let step = (n / CALIBRATION_PAIRS).max(1);
        let mut rng = crate::rng::XorShift::new(0x006d_697a_616e);
        let sampled: Vec<(usize, usize)> = (0..n)
            .step_by(step)
            .filter_map(|i| {
                let j = (0..PARTNER_TRIES)
                    .map(|_| rng.below(n))
                    .find(|&j| unrelated(pairs, i, j))?;
                Some((i, j))
            })
            .collect();
        // Each sample's evidence on every core (a serial 18 ms a round on
        // 20,000 sentences of real news, issue 16); summed in the samples'
        // order, so that the offsets do not depend on the threads.
        let this = &*self;
        let evidence: Vec<LexEvidence> = sampled
            .par_iter()
            .map(|&(i, j)| {
                // The offsets are still 0 here, so these are the raw sums.
                this.evidence(&[pairs[i].0.as_ref()], &[pairs[j].1.as_ref()])
            })
            .collect();
        let (mut fs, mut fn_, mut bs, mut bn) = (0.0, 0usize, 0.0, 0usize);
        for e in evidence {
            fs += e.fwd_sum;
            fn_ += e.tgt_tokens;
            bs += e.bwd_sum;
            bn += e.src_tokens;
        }
        if fn_ > 0 {
            self.fwd_offset = fs / fn_ as f64;
        }
        if bn > 0 {
            self.bwd_offset = bs / bn as f64;
        }
    }

    /// The lexical score of a bead whose source side is the concatenation
    /// of the sentences `src` and whose target side that of `tgt` (token
    /// ids of each sentence): see [`DocScorer`] for the score and why.
    ///
    /// Builds a scorer for these sentences alone; to score many beads of
    /// one document pair, as the DP does, use a [`DocScorer`] for the
    /// whole document, which shares the per-sentence-pair work.
    pub fn bead_score(&self, src: &[&[u32]], tgt: &[&[u32]]) -> f64 {
        self.evidence(src, tgt).score()
    }

    /// The sums behind [`Lexicon::bead_score`], per direction.
    pub fn evidence(&self, src: &[&[u32]], tgt: &[&[u32]]) -> LexEvidence {
        if self.is_empty() {
            return LexEvidence::default();
        }
        let src: Vec<Vec<u32>> = src.iter().map(|s| s.to_vec()).collect();
        let tgt: Vec<Vec<u32>> = tgt.iter().map(|t| t.to_vec()).collect();
        DocScorer::new(self, &src, &tgt).evidence(0..src.len(), 0..tgt.len())
    }

    /// How many times each (source id, target id) pair was seen linked in
    /// `pairs`: Model 1's expected counts (each target token's link
    /// posterior over the source tokens of its sentence pair, and the
    /// other way round, averaged), so a lexicon's counts can be added to
    /// another's (see [`grow::merge_counts`]). Pairs the tables give no
    /// probability either way are left out (their count is 0).
    pub fn expected_counts<S: AsRef<[u32]>, T: AsRef<[u32]>>(
        &self,
        pairs: &[(S, T)],
    ) -> rustc_hash::FxHashMap<(u32, u32), f32> {
        let mut counts = rustc_hash::FxHashMap::default();
        let mut links = Links::default();
        let mut found = Vec::new();
        for (s, t) in pairs {
            found.clear();
            self.link_counts(s.as_ref(), t.as_ref(), &mut links, |a, b, c| {
                found.push((a, b, c))
            });
            for &(a, b, c) in &found {
                if let (Some(&(e, _)), Some(&(f, _))) = (links.src.get(a), links.tgt.get(b)) {
                    *counts.entry((e, f)).or_insert(0.0) += c;
                }
            }
        }
        counts
    }

    /// `t(f | e)`, of the source-to-target table.
    pub fn fwd_prob(&self, e: u32, f: u32) -> f32 {
        self.fwd.prob(e, f)
    }

    /// `t(e | f)`, of the target-to-source table.
    pub fn bwd_prob(&self, e: u32, f: u32) -> f32 {
        self.bwd.prob(f, e)
    }

    /// What the sentence pair `s`, `t` adds to [`Lexicon::expected_counts`]:
    /// calls `found(a, b, count)` for every pair of its words with a count
    /// above 0, each pair once, where `a` and `b` index the distinct words
    /// of each side that [`Links`] keeps (`links.src[a]` is a source word
    /// and how often it occurs). `links` is scratch space, reused from
    /// pair to pair.
    fn link_counts(
        &self,
        s: &[u32],
        t: &[u32],
        links: &mut Links,
        mut found: impl FnMut(usize, usize, f32),
    ) {
        distinct(s, &mut links.src);
        distinct(t, &mut links.tgt);
        let Links {
            src,
            tgt,
            fwd,
            bwd,
            fwd_z,
            bwd_z,
        } = links;
        let (ns, nt) = (src.len(), tgt.len());
        // Both tables' probabilities of every word pair, found by walking
        // each word's row (sorted ids) beside the other side's sorted
        // words: a binary search per pair made counting a twentieth of a
        // default run on 20,000 sentences.
        for v in [&mut *fwd, &mut *bwd] {
            v.clear();
            v.resize(ns * nt, 0.0);
        }
        for (a, &(e, _)) in src.iter().enumerate() {
            let (ids, probs) = self.fwd.row_slices(e);
            merge_rows(ids, probs, tgt, |b, p| fwd[a * nt + b] = p);
        }
        for (b, &(f, _)) in tgt.iter().enumerate() {
            let (ids, probs) = self.bwd.row_slices(f);
            merge_rows(ids, probs, src, |a, p| bwd[a * nt + b] = p);
        }
        // Each target token's link posterior over the source tokens, and
        // the other way round: a word twice on a side counts twice.
        fwd_z.clear();
        fwd_z.extend((0..nt).map(|b| (0..ns).map(|a| src[a].1 * fwd[a * nt + b]).sum::<f32>()));
        bwd_z.clear();
        bwd_z.extend((0..ns).map(|a| (0..nt).map(|b| tgt[b].1 * bwd[a * nt + b]).sum::<f32>()));
        for (a, &(_, ne)) in src.iter().enumerate() {
            for (b, &(_, nf)) in tgt.iter().enumerate() {
                let (pf, pb) = (fwd[a * nt + b], bwd[a * nt + b]);
                let mut c = 0.0;
                if pf > 0.0 {
                    c += 0.5 * pf / fwd_z[b];
                }
                if pb > 0.0 {
                    c += 0.5 * pb / bwd_z[a];
                }
                if c > 0.0 {
                    found(a, b, ne * nf * c);
                }
            }
        }
    }

    /// Writes the lexicon as TSV: `source<TAB>target<TAB>p(t|s)<TAB>p(s|t)
    /// <TAB>count` with the tokens' surface forms (stems), one line per
    /// pair found in either direction's table, sorted by source, then by
    /// `p(t|s)` descending, then by target; probabilities with four
    /// decimals, counts (from `counts`, see [`Lexicon::expected_counts`];
    /// 0 where missing) with two.
    pub fn write_tsv<W: Write>(
        &self,
        mut out: W,
        src: &Vocab,
        tgt: &Vocab,
        counts: &rustc_hash::FxHashMap<(u32, u32), f32>,
    ) -> Result<()> {
        let mut rows: Vec<(&str, &str, f32, f32, f32)> = Vec::new();
        let mut seen = rustc_hash::FxHashSet::default();
        for e in 0..self.fwd.source_rows() as u32 {
            for (f, p) in self.fwd.row_of(e) {
                if let (Some(s), Some(t)) = (src.word(e), tgt.word(f)) {
                    seen.insert((e, f));
                    let c = counts.get(&(e, f)).copied().unwrap_or(0.0);
                    rows.push((s, t, p, self.bwd.prob(f, e), c));
                }
            }
        }
        for f in 0..self.bwd.source_rows() as u32 {
            for (e, p) in self.bwd.row_of(f) {
                if seen.contains(&(e, f)) {
                    continue;
                }
                if let (Some(s), Some(t)) = (src.word(e), tgt.word(f)) {
                    let c = counts.get(&(e, f)).copied().unwrap_or(0.0);
                    rows.push((s, t, self.fwd.prob(e, f), p, c));
                }
            }
        }
        rows.sort_by(|a, b| {
            a.0.cmp(b.0)
                .then(b.2.total_cmp(&a.2))
                .then_with(|| a.1.cmp(b.1))
        });
        for (s, t, p, q, c) in rows {
            writeln!(out, "{s}\t{t}\t{p:.4}\t{q:.4}\t{c:.2}").map_err(|e| Error::io(&e))?;
        }
        out.flush().map_err(|e| Error::io(&e))
    }
}

/// User or dictionary entries as training examples: those with a
/// positive weight and a token on some side.
fn prior_examples(list: &[WeightedPair]) -> Vec<Example<'_>> {
    list.iter()
        .filter(|u| u.2.is_finite() && u.2 > 0.0 && (!u.0.is_empty() || !u.1.is_empty()))
        .map(|(s, t, w)| Example {
            src: s,
            tgt: t,
            weight: *w,
        })
        .collect()
}

/// Add-one smoothed unigram probabilities of the ids in `sides`, weighted;
/// 0 for ids that never occur.
fn background<'a>(sides: impl Iterator<Item = (&'a [u32], f32)>) -> Vec<f32> {
    let mut counts: Vec<f64> = Vec::new();
    let mut total = 0.0;
    for (ids, w) in sides {
        for &id in ids {
            let i = id as usize;
            if i >= counts.len() {
                counts.resize(i + 1, 0.0);
            }
            counts[i] += w as f64;
            total += w as f64;
        }
    }
    let seen = counts.iter().filter(|&&c| c > 0.0).count() as f64;
    counts
        .iter()
        .map(|&c| {
            if c > 0.0 {
                ((c + 1.0) / (total + seen)) as f32
            } else {
                0.0
            }
        })
        .collect()
}

/// The token ids of one document pair with its first-pass alignment.
#[derive(Debug, Clone, Copy)]
pub struct AlignedDoc<'a> {
    /// Token ids of each source sentence.
    pub src: &'a [Vec<u32>],
    /// Token ids of each target sentence.
    pub tgt: &'a [Vec<u32>],
    /// The first pass's beads, with confidences.
    pub beads: &'a [Bead],
}

/// Scratch space of [`Lexicon::link_counts`].
#[derive(Debug, Default)]
struct Links {
    /// The source sentence's distinct words, sorted, each with how often
    /// it occurs.
    src: Vec<(u32, f32)>,
    /// The same for the target sentence.
    tgt: Vec<(u32, f32)>,
    fwd: Vec<f32>,
    bwd: Vec<f32>,
    fwd_z: Vec<f32>,
    bwd_z: Vec<f32>,
}

/// The distinct words of a sentence, sorted, each with how often it
/// occurs, into `out`.
pub(crate) fn distinct(words: &[u32], out: &mut Vec<(u32, f32)>) {
    out.clear();
    out.extend(words.iter().map(|&w| (w, 1.0)));
    out.sort_unstable_by_key(|&(w, _)| w);
    out.dedup_by(|next, kept| {
        let same = next.0 == kept.0;
        if same {
            kept.1 += 1.0;
        }
        same
    });
}

/// Calls `found(k, p)` for each word `words[k]` that the row (ids sorted,
/// with their probabilities) holds.
fn merge_rows(ids: &[u32], probs: &[f32], words: &[(u32, f32)], mut found: impl FnMut(usize, f32)) {
    // A frequent word's row holds hundreds of ids: searching it for each
    // of a sentence's few dozen words is then quicker than walking it.
    if ids.len() > 8 * words.len() {
        for (k, &(w, _)) in words.iter().enumerate() {
            if let Ok(i) = ids.binary_search(&w) {
                found(k, probs.get(i).copied().unwrap_or(0.0));
            }
        }
        return;
    }
    let (mut i, mut k) = (0, 0);
    while let (Some(&id), Some(&(w, _))) = (ids.get(i), words.get(k)) {
        match id.cmp(&w) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => k += 1,
            std::cmp::Ordering::Equal => {
                found(k, probs.get(i).copied().unwrap_or(0.0));
                i += 1;
                k += 1;
            }
        }
    }
}

/// The training pairs [`train_from_beads`] uses: every 1-1 bead whose
/// confidence is at least `min_confidence` and whose two sentences both
/// have tokens, as (source ids, target ids). Beads pointing outside the
/// sentence lists are skipped.
pub fn confident_pairs<'a>(
    docs: &[AlignedDoc<'a>],
    min_confidence: f64,
) -> Vec<(&'a [u32], &'a [u32])> {
    let mut out = Vec::new();
    for d in docs {
        for b in d.beads {
            if b.shape() != (1, 1) || b.score < min_confidence {
                continue;
            }
            let (Some(s), Some(t)) = (d.src.get(b.src.start), d.tgt.get(b.tgt.start)) else {
                continue;
            };
            if !s.is_empty() && !t.is_empty() {
                out.push((s.as_slice(), t.as_slice()));
            }
        }
    }
    out
}

/// Default confidence a first-pass bead needs to train the lexicon. The
/// first pass's posteriors are high on most correct 1-1 beads of news
/// articles, and a few wrong pairs do little harm to Model 1, but pairs
/// below 0.9 are wrong often enough to teach it spurious translations.
pub const DEFAULT_MIN_CONFIDENCE: f64 = 0.9;

/// Trains a lexicon on the confident 1-1 beads of first-pass alignments
/// (see [`confident_pairs`]) and the user's entries. Works on a single
/// document pair; with fewer than `params.min_pairs` examples it returns
/// the empty lexicon, whose score is 0 for every bead, so the second pass
/// falls back to the first pass's features.
pub fn train_from_beads(
    docs: &[AlignedDoc<'_>],
    min_confidence: f64,
    user: &[WeightedPair],
    params: &TrainParams,
) -> Lexicon {
    train_from_beads_with_dictionary(docs, min_confidence, user, &[], params)
}

/// [`train_from_beads`] with a dictionary's entries as well (see
/// [`Lexicon::train_with_dictionary`]).
pub fn train_from_beads_with_dictionary(
    docs: &[AlignedDoc<'_>],
    min_confidence: f64,
    user: &[WeightedPair],
    dictionary: &[WeightedPair],
    params: &TrainParams,
) -> Lexicon {
    let pairs = confident_pairs(docs, min_confidence);
    Lexicon::train_with_dictionary(&pairs, user, dictionary, params)
}

#[cfg(test)]
pub(crate) mod test_support;
#[cfg(test)]
mod tests;
