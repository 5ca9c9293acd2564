//! The lexical score of a candidate bead: how much better the learnt
//! lexicon explains each side from the other than the words' background
//! frequencies do, with the alignment inside the bead drawn towards the
//! diagonal.

use super::diagonal::{Factors, LenFactors};
use super::{Lexicon, Model1};
use std::ops::Range;
use std::sync::{Arc, Mutex, MutexGuard};

mod bound;
mod memo;
mod sweep;
mod table;

/// Weight of the background in each token's probability. With 0.1 a word
/// nothing on the other side accounts for costs at most `ln 10 ≈ 2.3`
/// nats, so one unexplained word (a name spelt differently, a word the
/// table lacks) cannot outweigh the rest of the sentence.
const BACKGROUND_WEIGHT: f64 = 0.1;

/// Links each thread's pair cache of a [`DocScorer`] may hold before it
/// starts over (2 MB). A DP sweep moves down the rows (or up them, for the
/// bottom half of a long pair, searched from the end), so a cache only
/// needs the sentence pairs of the last few rows. 4 M links a cache and
/// 1 M ran equally fast on a 20,000-sentence pair while each long pair's
/// search ran on one thread; once both halves of it ran side by side,
/// each with its own cache, 1 M took the default run's peak from 222 to
/// 306 MB, and smaller caches, staying in the processor's caches, were
/// faster too: 4.1 s at 1 M, 3.6 s at 256 k, 3.4 s at 128 k, 3.9 s at
/// 64 k (235, 226 and 215 MB; issue 16).
const PAIR_CACHE_LINKS: usize = 1 << 17;

/// Documents with more sentences than this (both sides) have their
/// scorer built on both cores (see [`DocScorer::new`]).
const JOIN_MIN: usize = 2_000;

/// The two directions' sums behind a bead's score.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct LexEvidence {
    /// Sum over target tokens of the centred log ratio, source → target.
    pub fwd_sum: f64,
    /// Number of target tokens.
    pub tgt_tokens: usize,
    /// Sum over source tokens of the centred log ratio, target → source.
    pub bwd_sum: f64,
    /// Number of source tokens.
    pub src_tokens: usize,
}

impl LexEvidence {
    /// Each direction's sum divided by the square root of its token
    /// count, averaged over directions; 0 when a side has no tokens.
    ///
    /// Between the mean (which lets an unrelated sentence ride along in a
    /// merged bead at little cost, since it only dilutes the mean) and the
    /// sum (which makes long beads outweigh every other part of the cost):
    /// it grows with the evidence like a z-score. On the five dev sets it
    /// beat the mean on every set (strict F1 +0.005 to +0.01) and the sum
    /// by more (the sum lost 0.05 on abridged ar-ru).
    pub fn score(&self) -> f64 {
        if self.tgt_tokens == 0 || self.src_tokens == 0 {
            return 0.0;
        }
        let scaled = |sum: f64, n: usize| sum / (n as f64).sqrt();
        0.5 * (scaled(self.fwd_sum, self.tgt_tokens) + scaled(self.bwd_sum, self.src_tokens))
    }
}

/// One token's centred log ratio, given the alignment-weighted sum of `t`
/// over the other side's words and NULL (on the scale of Model 1's plain
/// sum); 0 for tokens without background (never seen in training).
#[inline]
fn token_evidence(t_sum: f64, given_len: usize, background: f32, offset: f64) -> f64 {
    if background <= 0.0 {
        return 0.0;
    }
    let norm = (1.0 - BACKGROUND_WEIGHT) / (given_len + 1) as f64;
    (norm * t_sum / background as f64 + BACKGROUND_WEIGHT).ln() - offset
}

/// A (source word, target word) pair of one sentence pair that either
/// direction's table knows, with both probabilities.
#[derive(Debug, Clone, Copy)]
struct Link {
    /// Position of the source word in its sentence.
    i: u32,
    /// Position of the target word in its sentence.
    j: u32,
    /// `t(target | source)`.
    fwd: f32,
    /// `t(source | target)`.
    bwd: f32,
}

/// Lexical scores of the beads of one document pair.
///
/// For each target token `f_j` of a bead, Model 1 gives the probability
/// that the source side `e_1 … e_L` produced it,
/// `p(f_j | S) = (t(f_j | NULL) + L · Σ_i a(i | j) t(f_j | e_i)) / (L + 1)`,
/// where `a(i | j) ∝ exp(−λ·|i/L − j/M|)` is the diagonal alignment prior
/// of fast_align (Dyer, Chahuneau and Smith 2013) over the bead's whole
/// concatenated sides; with `λ = 0` it is the uniform alignment of plain
/// Model 1. The token's evidence is the log ratio of that to the word's
/// background (unigram) probability `b(f)`, with the background mixed in
/// so that it is bounded below: `ln((1 − 0.1)·p(f | S)/b(f) + 0.1)`, minus
/// the mean of this quantity over mismatched training pairs. The
/// direction's value is the sum over target tokens divided by the square
/// root of their number; the score is the mean of both directions (the
/// same with source and target swapped).
///
/// So the score is a log-likelihood ratio between "these sides translate
/// each other" and "they are unrelated", centred on unrelated pairs: about
/// 0 for unrelated sentences, clearly positive for translations (≈ 5–30 on
/// news), negative when the sides share less than chance. Tokens the
/// lexicon never saw count as 0 evidence, so the empty lexicon scores 0
/// everywhere and beads of 1-0 or 0-1 shape score 0. Being a log ratio, it
/// belongs in a log-linear cost as a feature with a weight
/// (`cost −= w · score`), next to the length cost, which is a negative log
/// probability too.
///
/// Why the diagonal: with uniform alignment, adding a sentence to one side
/// of a bead spreads every word's alignment over more words, so a 1-2
/// bead whose second target sentence translates the first half of a long
/// source line scored lower than the 1-1 bead without it. With the prior,
/// words keep aligning near their own position, and the added sentence
/// only has to explain the part of the other side it faces.
///
/// Work is shared between beads: the table entries between one source and
/// one target sentence are looked up once and reused by every bead holding
/// both (a DP over beads up to 3-3 asks for each pair about a dozen times),
/// and each token's NULL probability and background are looked up once.
/// The cache is kept per thread (a rayon worker's own, behind a mutex
/// nobody else takes), so that a scorer can serve the threads that compute
/// a posterior's bead costs side by side.
#[derive(Debug)]
pub struct DocScorer<'a> {
    lex: &'a Lexicon,
    src: &'a [Vec<u32>],
    tgt: &'a [Vec<u32>],
    /// Per target token of each target sentence: `t(f | NULL)` and the
    /// background.
    tgt_tok: Vec<Vec<(f32, f32)>>,
    /// Per source token of each source sentence: `t(e | NULL)` of the
    /// backward model and the background.
    src_tok: Vec<Vec<(f32, f32)>>,
    /// The document's own translation table: per distinct source word,
    /// the target words of the document that either direction's table
    /// links it with, by [`Entry::local`], with `t(f | e)` and `t(e | f)`.
    table: Vec<Vec<Entry>>,
    /// Which words the long rows of `table` hold.
    row_bits: table::RowBits,
    /// Per source token of each source sentence: its row in `table`.
    src_row: Vec<Vec<u32>>,
    /// Per target sentence: each token's word as an index among the
    /// document's target words (see [`Entry::local`]).
    tgt_local: Vec<Vec<u32>>,
    /// Number of distinct target words in the document.
    tgt_words: usize,
    /// Per target and per source sentence: the sum of its tokens' centred
    /// log ratios when nothing on the other side links with them, with
    /// the other side's length left out (see [`DocScorer::score_bound`]).
    tgt_base: Vec<f64>,
    src_base: Vec<f64>,
    /// Each word's own part of those sums (by the side's local word ids),
    /// which a link's gain is measured from ([`DocScorer::gains`]).
    tgt_alone: Vec<f64>,
    src_alone: Vec<f64>,
    caches: Vec<Mutex<PairCache>>,
    /// Where the target words occur, for a document short enough that
    /// each source sentence's links are found with every target sentence
    /// at once ([`sweep`]).
    occ: Option<sweep::Occurrences>,
    /// Whether beads' evidence is kept for later passes ([`memo`]).
    memo: bool,
}

/// A target word the lexicon links a source word with: `t(f | e)`,
/// `t(e | f)` and the word.
#[derive(Debug, Clone, Copy, Default)]
struct Entry {
    fwd: f32,
    bwd: f32,
    /// The target word's index among the document's target words.
    local: u32,
}

#[derive(Debug, Default)]
struct PairCache {
    links: LinkCache,
    /// The prior's tables for side lengths the lexicon does not share.
    long: rustc_hash::FxHashMap<usize, Arc<LenFactors>>,
    scratch: Scratch,
    memo: memo::EvidenceMemo,
    scores: memo::ScoreMemo,
}

/// The links of every sentence pair scored so far.
#[derive(Debug, Default)]
struct LinkCache {
    /// (source sentence, target sentence) → its links and bounds.
    map: rustc_hash::FxHashMap<(u32, u32), PairLinks>,
    arena: Vec<Link>,
    /// A buffer for [`DocScorer::gains`].
    best: Vec<f32>,
    /// Per document target word, its first position in the target
    /// sentence being linked (`u32::MAX` for none), and per position the
    /// next one holding the same word: the sentence's words by word, in
    /// order, without a search.
    first: Vec<u32>,
    next: Vec<u32>,
    /// A swept document's spans, per source sentence × target sentence
    /// ([`sweep`]), and the sweep's buffers.
    swept: Vec<Option<PairLinks>>,
    found: Vec<(u32, Link)>,
    ends: Vec<usize>,
}

/// The links of one sentence pair (a span of the arena) and how much they
/// can raise each direction's sum above the sentences' no-link values
/// (see [`DocScorer::score_bound`]).
#[derive(Debug, Clone, Copy)]
struct PairLinks {
    start: usize,
    len: usize,
    fwd_gain: f64,
    bwd_gain: f64,
}

impl<'a> DocScorer<'a> {
    /// A scorer for the document pair with these per-sentence token ids.
    pub fn new(lex: &'a Lexicon, src: &'a [Vec<u32>], tgt: &'a [Vec<u32>]) -> DocScorer<'a> {
        // A long document's scorer is built on both cores: each lexicon
        // round built it on one while the other waited, 22 ms a round on
        // 20,000 sentences of real news (issue 16). Short documents come
        // many at a time, each on a core of its own.
        let long = src.len() + tgt.len() > JOIN_MIN;
        let (tgt_local, local) = table::intern(tgt);
        let words = local.len();
        // Each word's NULL probability and background once: a look-up per
        // token (a search in the long NULL row) was half of building a
        // scorer, built three times for each document of a corpus run
        // (issue 16).
        let per_token = |model: &Model1, bg: &[f32], f: u32| {
            (
                model.null_prob(f),
                bg.get(f as usize).copied().unwrap_or(0.0),
            )
        };
        let (table, src_row) = table::doc_table(lex, src, &local);
        drop(local);
        let ((row_bits, occ, tgt_tok, tgt_alone, tgt_base), (src_tok, src_alone, src_base)) =
            join_if(
                long,
                || {
                    let tok = table::by_word(tgt, &tgt_local, words, |&f| {
                        per_token(&lex.fwd, &lex.tgt_background, f)
                    });
                    let alone = bound::alone(&tok, &tgt_local, words, lex.fwd_offset);
                    let base = bound::bases(&alone, &tgt_local);
                    (
                        table::RowBits::new(&table, words),
                        sweep::occurrences(&table, &src_row, &tgt_local, words),
                        tok,
                        alone,
                        base,
                    )
                },
                || {
                    let tok = table::by_word(src, &src_row, table.len(), |&e| {
                        per_token(&lex.bwd, &lex.src_background, e)
                    });
                    let alone = bound::alone(&tok, &src_row, table.len(), lex.bwd_offset);
                    let base = bound::bases(&alone, &src_row);
                    (tok, alone, base)
                },
            );
        DocScorer {
            lex,
            src,
            tgt,
            tgt_base,
            src_base,
            tgt_alone,
            src_alone,
            tgt_tok,
            src_tok,
            table,
            row_bits,
            src_row,
            tgt_words: words,
            tgt_local,
            caches: (0..=rayon::current_num_threads())
                .map(|_| Mutex::default())
                .collect(),
            memo: src.len() <= memo::MEMO_MAX_SENTENCES,
            occ,
        }
    }

    /// The score of the bead linking source sentences `src` with target
    /// sentences `tgt`: [`LexEvidence::score`] of [`DocScorer::evidence`].
    pub fn score(&self, src: Range<usize>, tgt: Range<usize>) -> f64 {
        if self.memo || !memo::short_keyed(&src, &tgt) {
            return self.evidence(src, tgt).score();
        }
        if let Some(score) = self.kept_score(&src, &tgt) {
            return score;
        }
        let score = self.fresh_evidence(src.clone(), tgt.clone()).score();
        self.cache().scores.insert_roomy(&src, &tgt, score);
        score
    }

    /// The score of a bead of a long document that a thread has kept:
    /// this thread's memo first, then the others' that are free (a bead
    /// the posterior or an explanation asks for was often priced by the
    /// other half of the search; waiting for a thread that is scoring a
    /// bead would cost more than scoring it). One memo is locked at a
    /// time.
    fn kept_score(&self, src: &Range<usize>, tgt: &Range<usize>) -> Option<f64> {
        let own = self.slot();
        if let Some(score) = self.lock(own).scores.get(src, tgt) {
            return Some(score);
        }
        self.caches
            .iter()
            .enumerate()
            .filter(|&(s, _)| s != own)
            .find_map(|(_, cache)| cache.try_lock().ok()?.scores.get(src, tgt))
    }

    /// The sums behind [`DocScorer::score`], per direction; all zero for
    /// an empty lexicon, empty or out-of-range sides.
    pub fn evidence(&self, src: Range<usize>, tgt: Range<usize>) -> LexEvidence {
        if !self.memo {
            return self.fresh_evidence(src, tgt);
        }
        let kept = self.cache().memo.get(&src, &tgt);
        if let Some(e) = kept {
            return e;
        }
        let e = self.fresh_evidence(src.clone(), tgt.clone());
        self.cache().memo.insert(&src, &tgt, e);
        e
    }

    /// [`DocScorer::evidence`], worked out.
    fn fresh_evidence(&self, src: Range<usize>, tgt: Range<usize>) -> LexEvidence {
        let straight = self.evidence_in_order(src.clone(), tgt.clone(), tgt.clone());
        if src.len() != 2 || tgt.len() != 2 {
            return straight;
        }
        // A 2-2 link may hold two sentences whose translations come in
        // swapped order (the ntrex-dev gold's 2-2 links all do since
        // 2026-12-01); the diagonal prior would count that against it, so
        // the target's two sentences are also taken the other way round.
        let swapped = [tgt.start + 1, tgt.start];
        let crossed = self.evidence_in_order(src, tgt, swapped.into_iter());
        if crossed.score() > straight.score() {
            crossed
        } else {
            straight
        }
    }

    /// [`DocScorer::evidence`] with the target sentences of `tgt` taken in
    /// the order `order` (a permutation of `tgt`).
    fn evidence_in_order(
        &self,
        src: Range<usize>,
        tgt: Range<usize>,
        order: impl Iterator<Item = usize> + Clone,
    ) -> LexEvidence {
        let Some((l, m)) = self.bead_tokens(&src, &tgt) else {
            return LexEvidence::default();
        };
        let mut guard = self.cache();
        let PairCache {
            links,
            long,
            scratch: s,
            ..
        } = &mut *guard;
        self.make_room(links, &src, &tgt);
        s.spans.clear();
        for a in src.clone() {
            for b in order.clone() {
                s.spans.push(self.pair(links, a, b));
            }
        }
        // The prior's weight exp(−λ|x − y|) of source position x against
        // target position y is down(x)·up(y) when x ≥ y and its inverse
        // otherwise (see `diagonal`): no exp per link.
        let fx = self.factors(long, l);
        let fy = self.factors(long, m);
        let (down_x, up_y) = (&fx.down[..], &fy.up[..]);
        // Alignment-weighted sums of t per target token (fwd) and per
        // source token (bwd), positions counted over the whole bead.
        s.fwd_t.clear();
        s.fwd_t.resize(m, 0.0);
        s.bwd_t.clear();
        s.bwd_t.resize(l, 0.0);
        let mut so = 0;
        let nt = tgt.len();
        for (ai, a) in src.clone().enumerate() {
            let mut to = 0;
            for (bi, b) in order.clone().enumerate() {
                let PairLinks { start, len, .. } = s.spans[ai * nt + bi];
                for k in &links.arena[start..start + len] {
                    let gi = so + k.i as usize;
                    let gj = to + k.j as usize;
                    let p = down_x[gi] * up_y[gj];
                    let w = if p <= 1.0 { p } else { 1.0 / p };
                    s.fwd_t[gj] += w * k.fwd as f64;
                    s.bwd_t[gi] += w * k.bwd as f64;
                }
                to += self.tgt[b].len();
            }
            so += self.src[a].len();
        }
        let fwd = side_sum(
            order.flat_map(|b| self.tgt_tok[b].iter()),
            &s.fwd_t,
            &fy,
            &fx,
            self.lex.fwd_offset,
        );
        let bwd = side_sum(
            src.clone().flat_map(|a| self.src_tok[a].iter()),
            &s.bwd_t,
            &fx,
            &fy,
            self.lex.bwd_offset,
        );
        LexEvidence {
            fwd_sum: fwd,
            tgt_tokens: m,
            bwd_sum: bwd,
            src_tokens: l,
        }
    }

    /// This thread's cache: a rayon worker's own slot, slot 0 for any
    /// other thread. Another thread only waits for a slot when threads
    /// outside the pool share slot 0.
    fn cache(&self) -> MutexGuard<'_, PairCache> {
        self.lock(self.slot())
    }

    /// This thread's slot among the caches.
    fn slot(&self) -> usize {
        rayon::current_thread_index().map_or(0, |i| i + 1) % self.caches.len()
    }

    /// The cache of slot `slot`.
    fn lock(&self, slot: usize) -> MutexGuard<'_, PairCache> {
        let cache = &self.caches[slot];
        // A thread that panicked while holding the cache may have left it
        // half-written: start it afresh.
        cache.lock().unwrap_or_else(|poisoned| {
            let mut cache = poisoned.into_inner();
            *cache = PairCache::default();
            cache
        })
    }

    /// The token counts (source, target) of a bead, or `None` when its
    /// score is 0 without looking: an empty lexicon, a side out of range
    /// or without tokens.
    fn bead_tokens(&self, src: &Range<usize>, tgt: &Range<usize>) -> Option<(usize, usize)> {
        let src_sents = self.src.get(src.clone())?;
        let tgt_sents = self.tgt.get(tgt.clone())?;
        if self.lex.is_empty() {
            return None;
        }
        let l: usize = src_sents.iter().map(Vec::len).sum();
        let m: usize = tgt_sents.iter().map(Vec::len).sum();
        (l > 0 && m > 0).then_some((l, m))
    }

    /// Empties the link cache when the links of this bead's sentence pairs
    /// might not fit, before any span of the bead is taken, so that all of
    /// them stay valid.
    fn make_room(&self, links: &mut LinkCache, src: &Range<usize>, tgt: &Range<usize>) {
        if self.occ.is_some() {
            // A swept document's links all fit (see `sweep::occurrences`).
            return;
        }
        let longest = |sents: &[Vec<u32>]| sents.iter().map(Vec::len).max().unwrap_or(0);
        let need = longest(&self.src[src.clone()])
            * longest(&self.tgt[tgt.clone()])
            * src.len()
            * tgt.len();
        if links.arena.capacity() < PAIR_CACHE_LINKS {
            // Room for a full cache at once: grown link by link, the arena
            // was copied onto fresh pages a dozen times a scorer and
            // thread (issue 16).
            links
                .arena
                .reserve(PAIR_CACHE_LINKS - links.arena.len().min(PAIR_CACHE_LINKS));
        }
        if links.arena.len() + need > PAIR_CACHE_LINKS {
            links.map.clear();
            links.arena.clear();
        }
    }

    /// The prior's tables for a side of `n` tokens: the lexicon's, or
    /// made (and kept) for a longer side.
    fn factors(
        &self,
        long: &mut rustc_hash::FxHashMap<usize, Arc<LenFactors>>,
        n: usize,
    ) -> Factors<'a> {
        match self.lex.prior.shared(n) {
            Some(f) => Factors::Shared(f),
            None => Factors::Own(
                long.entry(n)
                    .or_insert_with(|| Arc::new(LenFactors::new(n, self.lex.prior.lambda())))
                    .clone(),
            ),
        }
    }

    /// The arena span of the links between source sentence `a` and target
    /// sentence `b`, looking them up if needed.
    fn pair(&self, links: &mut LinkCache, a: usize, b: usize) -> PairLinks {
        match &self.occ {
            Some(occ) => self.swept_pair(occ, links, a, b),
            None => self.pair_alone(links, a, b),
        }
    }

    /// [`DocScorer::pair`] for one sentence pair: for each source word,
    /// its few entries in the document's table are found among the target
    /// sentence's words, instead of a table look-up per word pair.
    fn pair_alone(&self, links: &mut LinkCache, a: usize, b: usize) -> PairLinks {
        if let Some(&span) = links.map.get(&(a as u32, b as u32)) {
            return span;
        }
        let start = links.arena.len();
        let words = &self.tgt_local[b];
        if links.first.len() != self.tgt_words {
            links.first = vec![u32::MAX; self.tgt_words];
        }
        links.next.resize(words.len(), u32::MAX);
        for (j, &w) in words.iter().enumerate().rev() {
            links.next[j] = links.first[w as usize];
            links.first[w as usize] = j as u32;
        }
        for (i, &row) in self.src_row[a].iter().enumerate() {
            let entries = &self.table[row as usize];
            let i = i as u32;
            if entries.len() <= words.len() {
                // A rare word: its few entries, each at the sentence's
                // positions of that word.
                let first = links.arena.len();
                for x in entries {
                    let mut j = links.first[x.local as usize];
                    while j != u32::MAX {
                        let (fwd, bwd) = (x.fwd, x.bwd);
                        links.arena.push(Link { i, j, fwd, bwd });
                        j = links.next[j as usize];
                    }
                }
                // Target order within a source word, as the sums expect.
                if links.arena.len() > first + 1 {
                    links.arena[first..].sort_unstable_by_key(|l| l.j);
                }
            } else {
                // A frequent word: look each of the sentence's words up,
                // by its bits when the row has them.
                let bits = self.row_bits.row(row as usize);
                for (j, &w) in words.iter().enumerate() {
                    let found = match &bits {
                        Some(bits) => bits.find(w),
                        None => entries.binary_search_by_key(&w, |x| x.local).ok(),
                    };
                    if let Some(k) = found {
                        let (fwd, bwd) = (entries[k].fwd, entries[k].bwd);
                        links.arena.push(Link {
                            i,
                            j: j as u32,
                            fwd,
                            bwd,
                        });
                    }
                }
            }
        }
        for &w in words {
            links.first[w as usize] = u32::MAX;
        }
        let found = &links.arena[start..];
        let (fwd_gain, bwd_gain) = self.gains(a, b, found, &mut links.best);
        let span = PairLinks {
            start,
            len: found.len(),
            fwd_gain,
            bwd_gain,
        };
        links.map.insert((a as u32, b as u32), span);
        span
    }
}

/// `a` and `b` side by side when `both`, else one after the other.
fn join_if<A, B, RA, RB>(both: bool, a: A, b: B) -> (RA, RB)
where
    A: FnOnce() -> RA + Send,
    B: FnOnce() -> RB + Send,
    RA: Send,
    RB: Send,
{
    if both {
        rayon::join(a, b)
    } else {
        (a(), b())
    }
}

/// Puts `items` in the order of their keys (each below `keys`), keeping
/// the order of items with the same key (a counting sort), into `out`,
/// which holds as many slots as `items`; `starts` becomes where each
/// key's run begins in `out`, with the end of all as its last value.
fn sort_by_key<T: Copy>(
    items: impl Iterator<Item = (u32, T)> + Clone,
    keys: usize,
    starts: &mut Vec<usize>,
    out: &mut [T],
) {
    starts.clear();
    starts.resize(keys + 1, 0);
    for (k, _) in items.clone() {
        starts[k as usize + 1] += 1;
    }
    for k in 1..starts.len() {
        starts[k] += starts[k - 1];
    }
    let mut next = starts[..keys].to_vec();
    for (k, x) in items {
        let slot = &mut next[k as usize];
        out[*slot] = x;
        *slot += 1;
    }
}

/// Sum of the centred log ratios of one side's tokens (each with its NULL
/// probability and background, and its alignment-weighted sum of `t` in
/// `weighted`); `own` holds the prior's tables for this side's length,
/// `given` those for the other side's.
fn side_sum<'t>(
    tokens: impl Iterator<Item = &'t (f32, f32)>,
    weighted: &[f64],
    own: &LenFactors,
    given: &LenFactors,
    offset: f64,
) -> f64 {
    let m = weighted.len();
    let given_len = given.down.len();
    let g = given_len as f64;
    let mut left = 0;
    tokens
        .zip(weighted.iter().zip(own.down.iter().zip(own.up.iter())))
        .enumerate()
        .map(|(j, (&(null, bg), (&w, (&down, &up))))| {
            given.left_of(&mut left, j, m);
            let z = given.mass_left_of(left, down, up);
            token_evidence(null as f64 + g * w / z, given_len, bg, offset)
        })
        .sum()
}

/// Per-bead buffers, kept to spare allocations.
#[derive(Debug, Default)]
struct Scratch {
    /// The arena spans of the bead's sentence pairs, source-major.
    spans: Vec<PairLinks>,
    fwd_t: Vec<f64>,
    bwd_t: Vec<f64>,
}

#[cfg(test)]
mod tests;
