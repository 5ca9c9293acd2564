//! IBM Model 1 (Brown et al., 1993), trained with EM, one direction.
//!
//! The translation table `t(f | e)` is stored as sparse rows, one per
//! source word `e` plus one for the NULL word, each a sorted list of
//! target ids with their probabilities (compressed sparse rows). A row
//! never holds more than `1 / prune` entries, since its probabilities sum
//! to at most one and smaller ones are pruned, so a lookup is a binary
//! search over at most 1,000 ids (usually a few dozen) that stay in cache
//! while a sentence pair is processed.

use rustc_hash::FxHashMap;

/// Settings of EM training.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainParams {
    /// EM iterations, the first being the one from the uniform table.
    /// Five is GIZA++'s default for Model 1 (Och and Ney, 2003): the
    /// likelihood gains little after that, and further iterations make
    /// rare source words absorb more and more unrelated target words
    /// ("garbage collection", Moore 2004).
    pub iterations: usize,
    /// Probabilities below this are dropped after every iteration. 1e-3
    /// keeps every row at most 1,000 entries long (the table shrinks by two
    /// orders of magnitude after the first iteration), while a pair this
    /// unlikely changes a sentence's likelihood by far less than the
    /// background smoothing of the bead score does.
    pub prune: f32,
    /// Fewer training pairs (sentence pairs plus user entries) than this
    /// give the empty lexicon, whose score is 0 for every bead: a table
    /// learnt from a handful of sentences would be mostly noise.
    pub min_pairs: usize,
    /// Work budget of the first iteration, in (source, target) word
    /// co-occurrences counted at once. The first iteration is the only one
    /// that sees every co-occurring pair, so its count table is by far the
    /// largest; when the corpus has more co-occurrences than this, the
    /// source vocabulary is split into parts counted one after the other,
    /// which bounds the memory at roughly 24 bytes per co-occurrence of
    /// the budget.
    pub first_pass_budget: usize,
}

impl Default for TrainParams {
    fn default() -> Self {
        TrainParams {
            iterations: 5,
            prune: 1e-3,
            min_pairs: 10,
            first_pass_budget: 8_000_000,
        }
    }
}

/// One training example: source ids, target ids, and its weight (1 for a
/// sentence pair, the user's weight for a dictionary entry).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Example<'a> {
    pub src: &'a [u32],
    pub tgt: &'a [u32],
    pub weight: f32,
}

/// One direction of IBM Model 1: `t(f | e)` for target words `f` given
/// source words `e` or the NULL word.
#[derive(Debug, Clone, Default)]
pub struct Model1 {
    /// Row `e` spans `offsets[e]..offsets[e + 1]`; the last row is NULL.
    offsets: Vec<usize>,
    tgt: Vec<u32>,
    prob: Vec<f32>,
}

impl Model1 {
    /// Number of source rows, NULL excluded.
    pub fn source_rows(&self) -> usize {
        self.offsets.len().saturating_sub(2)
    }

    /// Number of stored (source, target) entries, NULL's included.
    pub fn entries(&self) -> usize {
        self.tgt.len()
    }

    fn null_row(&self) -> usize {
        self.source_rows()
    }

    #[inline]
    fn row(&self, r: usize) -> (&[u32], &[f32]) {
        match (self.offsets.get(r), self.offsets.get(r + 1)) {
            (Some(&a), Some(&b)) => (&self.tgt[a..b], &self.prob[a..b]),
            _ => (&[], &[]),
        }
    }

    #[inline]
    fn lookup_row(&self, r: usize, f: u32) -> f32 {
        let (ids, probs) = self.row(r);
        match ids.binary_search(&f) {
            Ok(k) => probs[k],
            Err(_) => 0.0,
        }
    }

    /// `t(f | e)`; 0 for pairs not in the table.
    #[inline]
    pub fn prob(&self, e: u32, f: u32) -> f32 {
        if (e as usize) >= self.source_rows() {
            return 0.0;
        }
        self.lookup_row(e as usize, f)
    }

    /// `t(f | NULL)`.
    #[inline]
    pub fn null_prob(&self, f: u32) -> f32 {
        self.lookup_row(self.null_row(), f)
    }

    /// The translations of `e` with their probabilities, by target id.
    pub fn row_of(&self, e: u32) -> impl Iterator<Item = (u32, f32)> + '_ {
        let (ids, probs) = if (e as usize) < self.source_rows() {
            self.row(e as usize)
        } else {
            (&[][..], &[][..])
        };
        ids.iter().copied().zip(probs.iter().copied())
    }

    /// Trains `t(f | e)` on the examples.
    pub(crate) fn train(examples: &[Example<'_>], params: &TrainParams) -> Model1 {
        let n_src = examples
            .iter()
            .flat_map(|x| x.src.iter())
            .max()
            .map_or(0, |&m| m as usize + 1);
        let mut model = first_iteration(examples, n_src, params);
        let mut counts: Vec<f64> = Vec::new();
        let mut scratch = Scratch::default();
        for _ in 1..params.iterations {
            counts.clear();
            counts.resize(model.prob.len(), 0.0);
            for x in examples {
                model.expect(x, &mut counts, &mut scratch);
            }
            model.maximise(&counts, params.prune);
        }
        model
    }

    /// The E step for one example: adds each link's posterior, times the
    /// example's weight, to `counts` (parallel to `self.prob`).
    fn expect(&self, x: &Example<'_>, counts: &mut [f64], s: &mut Scratch) {
        let null = self.null_row();
        for &f in x.tgt {
            s.idx.clear();
            s.t.clear();
            let mut denom = 0.0f64;
            for r in x.src.iter().map(|&e| e as usize).chain(Some(null)) {
                let (a, b) = (self.offsets[r], self.offsets[r + 1]);
                if let Ok(k) = self.tgt[a..b].binary_search(&f) {
                    let p = self.prob[a + k];
                    s.idx.push(a + k);
                    s.t.push(p);
                    denom += p as f64;
                }
            }
            if denom <= 0.0 {
                continue;
            }
            let scale = x.weight as f64 / denom;
            for (&i, &p) in s.idx.iter().zip(&s.t) {
                counts[i] += p as f64 * scale;
            }
        }
    }

    /// The M step: every row's counts normalised, entries below `prune`
    /// dropped (the survivors are not renormalised, so that a row keeps
    /// the probabilities EM gave it).
    fn maximise(&mut self, counts: &[f64], prune: f32) {
        let rows = self.offsets.len() - 1;
        let mut offsets = Vec::with_capacity(self.offsets.len());
        let mut w = 0;
        offsets.push(0);
        for r in 0..rows {
            let (a, b) = (self.offsets[r], self.offsets[r + 1]);
            let total: f64 = counts[a..b].iter().sum();
            for (k, &c) in (a..b).zip(&counts[a..b]) {
                let p = if total > 0.0 { (c / total) as f32 } else { 0.0 };
                if p >= prune {
                    self.tgt[w] = self.tgt[k];
                    self.prob[w] = p;
                    w += 1;
                }
            }
            offsets.push(w);
        }
        self.tgt.truncate(w);
        self.prob.truncate(w);
        self.tgt.shrink_to_fit();
        self.prob.shrink_to_fit();
        self.offsets = offsets;
    }
}

/// Buffers reused across the E step, so that its inner loop allocates
/// nothing.
#[derive(Default)]
struct Scratch {
    idx: Vec<usize>,
    t: Vec<f32>,
}

/// The first EM iteration. From a uniform table every source position,
/// NULL included, is equally likely to have produced a target word, so
/// the expected count of a link is simply the example's weight over the
/// source length plus one, and the table never needs to be built: its
/// first estimate is the normalised co-occurrence count.
///
/// This is the only step that sees every co-occurring pair, so when the
/// corpus has more co-occurrences than the budget, source rows are
/// counted in `parts` interleaved groups (row `e` in group `e % parts`),
/// each normalised and pruned before the next is counted.
fn first_iteration(examples: &[Example<'_>], n_src: usize, params: &TrainParams) -> Model1 {
    let null = n_src as u32;
    let cells: usize = examples
        .iter()
        .map(|x| (x.src.len() + 1) * x.tgt.len())
        .sum();
    let parts = cells.div_ceil(params.first_pass_budget.max(1)).max(1) as u32;
    let mut kept: Vec<(u32, u32, f32)> = Vec::new();
    let mut counts: FxHashMap<u64, f64> = FxHashMap::default();
    let mut totals: FxHashMap<u32, f64> = FxHashMap::default();
    for part in 0..parts {
        counts.clear();
        totals.clear();
        for x in examples {
            if x.tgt.is_empty() {
                continue;
            }
            let share = x.weight as f64 / (x.src.len() + 1) as f64;
            for e in x.src.iter().copied().chain(Some(null)) {
                if e % parts != part {
                    continue;
                }
                *totals.entry(e).or_insert(0.0) += share * x.tgt.len() as f64;
                let key = (e as u64) << 32;
                for &f in x.tgt {
                    *counts.entry(key | f as u64).or_insert(0.0) += share;
                }
            }
        }
        for (&key, &c) in &counts {
            let e = (key >> 32) as u32;
            let total = totals.get(&e).copied().unwrap_or(0.0);
            if total <= 0.0 {
                continue;
            }
            let p = (c / total) as f32;
            if p >= params.prune {
                kept.push((e, key as u32, p));
            }
        }
    }
    drop(counts);
    kept.sort_unstable_by_key(|&(e, f, _)| (e, f));
    let rows = n_src + 1;
    let mut offsets = vec![0usize; rows + 1];
    for &(e, _, _) in &kept {
        offsets[e as usize + 1] += 1;
    }
    for r in 0..rows {
        offsets[r + 1] += offsets[r];
    }
    Model1 {
        offsets,
        tgt: kept.iter().map(|k| k.1).collect(),
        prob: kept.iter().map(|k| k.2).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn examples(pairs: &[(Vec<u32>, Vec<u32>)]) -> Vec<Example<'_>> {
        pairs
            .iter()
            .map(|(s, t)| Example {
                src: s,
                tgt: t,
                weight: 1.0,
            })
            .collect()
    }

    /// The classic toy corpus: das Haus / the house, das Buch / the book,
    /// ein Buch / a book.
    #[test]
    fn toy_corpus_converges() {
        // Source: das 0, Haus 1, Buch 2, ein 3. Target: the 0, house 1,
        // book 2, a 3.
        let pairs = vec![
            (vec![0, 1], vec![0, 1]),
            (vec![0, 2], vec![0, 2]),
            (vec![3, 2], vec![3, 2]),
        ];
        let ex = examples(&pairs);
        let params = TrainParams {
            iterations: 20,
            ..TrainParams::default()
        };
        let m = Model1::train(&ex, &params);
        assert!(m.prob(0, 0) > 0.7, "t(the|das) = {}", m.prob(0, 0));
        assert!(m.prob(1, 1) > 0.7, "t(house|Haus) = {}", m.prob(1, 1));
        assert!(m.prob(2, 2) > 0.7, "t(book|Buch) = {}", m.prob(2, 2));
        assert!(m.prob(3, 3) > 0.7, "t(a|ein) = {}", m.prob(3, 3));
        // Rows are distributions.
        for e in 0..4 {
            let s: f32 = m.row_of(e).map(|(_, p)| p).sum();
            assert!(s <= 1.0 + 1e-5 && s > 0.99, "row {e} sums to {s}");
        }
        // Five iterations already rank the right translation first.
        let m5 = Model1::train(&ex, &TrainParams::default());
        for e in 0..4u32 {
            let best = m5
                .row_of(e)
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .map(|(f, _)| f);
            assert_eq!(best, Some(e), "best translation of {e}");
        }
    }

    #[test]
    fn split_first_pass_gives_the_same_table() {
        let pairs: Vec<(Vec<u32>, Vec<u32>)> = (0..50u32)
            .map(|i| {
                (
                    vec![i % 7, 7 + i % 5, 12 + i % 3],
                    vec![i % 7, 7 + i % 5, 20 + i % 11],
                )
            })
            .collect();
        let ex = examples(&pairs);
        let one = Model1::train(&ex, &TrainParams::default());
        let split = Model1::train(
            &ex,
            &TrainParams {
                first_pass_budget: 40,
                ..TrainParams::default()
            },
        );
        assert_eq!(one.offsets, split.offsets);
        assert_eq!(one.tgt, split.tgt);
        for (a, b) in one.prob.iter().zip(&split.prob) {
            assert!((a - b).abs() < 1e-6);
        }
    }

    #[test]
    fn empty_and_degenerate_input() {
        let m = Model1::train(&[], &TrainParams::default());
        assert_eq!(m.prob(0, 0), 0.0);
        assert_eq!(m.null_prob(3), 0.0);
        assert_eq!(m.row_of(5).count(), 0);
        let pairs = vec![(vec![], vec![1, 2]), (vec![4], vec![])];
        let m = Model1::train(&examples(&pairs), &TrainParams::default());
        assert!(m.null_prob(1) > 0.4);
        assert_eq!(m.prob(4, 1), 0.0);
        assert_eq!(m.prob(99, 1), 0.0);
    }
}
