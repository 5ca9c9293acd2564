//! IBM Model 1 (Brown et al., 1993), trained with EM, one direction.
//!
//! The translation table `t(f | e)` is stored as sparse rows, one per
//! source word `e` plus one for the NULL word, each a sorted list of
//! target ids with their probabilities (compressed sparse rows). A row
//! never holds more than `1 / prune` entries, since its probabilities sum
//! to at most one and smaller ones are pruned, so a lookup (as the bead
//! score makes them) is a binary search over at most 1,000 ids, usually a
//! few dozen.
//!
//! Training does no lookups at all: EM walks the table row by row over an
//! inverted index of the corpus, reading each row from a dense array (see
//! `Model1::em_step`). On 100,000 synthetic sentence pairs of 25 tokens a
//! side, both directions train in 7–9 s on one core (BENCHMARKS-lexicon.md).

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
    /// Tension `λ` of the diagonal alignment prior with which the trained
    /// lexicon scores beads and centres its scores (see
    /// [`super::DocScorer`]); EM itself uses plain Model 1. 0 gives the
    /// uniform alignment of Model 1.
    pub diagonal: f64,
}

/// Default tension of the diagonal prior of the lexical score. fast_align
/// starts from 4 and learns about that for word alignment, where a word
/// must find its one counterpart; in a bead score the prior instead has to
/// keep each sentence's words with the part of the other side it faces,
/// and it does that better sharp. Strict F1 with two lexicon rounds, mean
/// over the five dev sets: 0 (plain Model 1) 0.951, 6 0.956, 12 0.958,
/// 16–32 0.958–0.960, 48 0.953; 24 is the middle of the plateau. At 24 a
/// word a fifth of the sentence off the diagonal gets about 1% of the
/// weight of one on it.
pub const DEFAULT_DIAGONAL: f64 = 24.0;

impl Default for TrainParams {
    fn default() -> Self {
        TrainParams {
            iterations: 5,
            prune: 1e-3,
            min_pairs: 10,
            diagonal: DEFAULT_DIAGONAL,
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

    /// Row `e` as its target ids (ascending) and probabilities; empty for
    /// words past the table.
    #[inline]
    pub fn row_slices(&self, e: u32) -> (&[u32], &[f32]) {
        if (e as usize) < self.source_rows() {
            self.row(e as usize)
        } else {
            (&[], &[])
        }
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
        let index = Index::new(examples);
        let mut work = Work::new(examples, &index);
        let mut model = first_iteration(examples, &index, &work, params.prune);
        for _ in 1..params.iterations {
            model.em_step(examples, &index, &mut work, params.prune);
        }
        model
    }

    /// One EM iteration, replacing the table by the next one.
    ///
    /// The textbook E step walks the sentence pairs and, for every target
    /// word, searches every source word's row. Here both passes walk the
    /// rows instead, using the inverted index: a row is spread into a
    /// dense array over the target vocabulary once, and every sentence
    /// pair it occurs in reads it there, so a lookup is one array access
    /// that stays in cache instead of a binary search through a table of
    /// millions of entries. The first pass adds up each target token's
    /// denominator `Σ_i t(f_j | e_i)`; the second adds each link's
    /// posterior to the row's counts, and normalises and prunes the row at
    /// once (the M step).
    fn em_step(&mut self, examples: &[Example<'_>], index: &Index, w: &mut Work, prune: f32) {
        for c in w.cells.iter_mut() {
            c.1 = 0.0;
        }
        for r in 0..=index.n_src {
            let (ids, probs) = self.row(r);
            if ids.is_empty() {
                continue;
            }
            for (&f, &p) in ids.iter().zip(probs) {
                w.dense[f as usize] = p;
            }
            let postings = index.postings(r);
            for (p, &k) in postings.iter().enumerate() {
                index.prefetch(&w.cells, postings, p);
                let k = k as usize;
                for c in &mut w.cells[index.tgt_start[k]..index.tgt_start[k + 1]] {
                    c.1 += w.dense[c.0 as usize];
                }
            }
            for &f in ids {
                w.dense[f as usize] = 0.0;
            }
        }
        for (k, x) in examples.iter().enumerate() {
            for c in &mut w.cells[index.tgt_start[k]..index.tgt_start[k + 1]] {
                c.1 = if c.1 > 0.0 { x.weight / c.1 } else { 0.0 };
            }
        }
        // The M step, in place: pruning only removes entries, so the
        // survivors of row r are written at or before where row r starts,
        // over entries already read, and no second table is needed.
        let mut write = 0usize;
        let mut row_start = 0usize;
        for r in 0..=index.n_src {
            let (a, b) = (row_start, self.offsets[r + 1]);
            row_start = b;
            self.offsets[r] = write;
            if a == b {
                continue;
            }
            for k in a..b {
                w.dense[self.tgt[k] as usize] = self.prob[k];
            }
            let postings = index.postings(r);
            for (p, &k) in postings.iter().enumerate() {
                index.prefetch(&w.cells, postings, p);
                let k = k as usize;
                // Target words outside the row read t = 0 and add
                // nothing, so no branch is needed.
                for &(f, d) in &w.cells[index.tgt_start[k]..index.tgt_start[k + 1]] {
                    w.acc[f as usize] += (w.dense[f as usize] * d) as f64;
                }
            }
            let total: f64 = self.tgt[a..b].iter().map(|&f| w.acc[f as usize]).sum();
            for k in a..b {
                let f = self.tgt[k];
                let c = std::mem::take(&mut w.acc[f as usize]);
                w.dense[f as usize] = 0.0;
                let p = if total > 0.0 { (c / total) as f32 } else { 0.0 };
                // Survivors are not renormalised, so that a row keeps the
                // probabilities EM gave it.
                if p >= prune {
                    self.tgt[write] = f;
                    self.prob[write] = p;
                    write += 1;
                }
            }
        }
        let rows = index.n_src + 1;
        self.offsets[rows] = write;
        self.tgt.truncate(write);
        self.prob.truncate(write);
        self.tgt.shrink_to_fit();
        self.prob.shrink_to_fit();
    }
}

/// Where every word occurs: the examples of each source word (once per
/// occurrence), and where each example's target tokens start in a flat
/// array over all target tokens.
struct Index {
    n_src: usize,
    n_tgt: usize,
    /// The examples of source word `e` are `postings[starts[e]..starts[e + 1]]`.
    starts: Vec<u32>,
    postings: Vec<u32>,
    /// Every example, the NULL word's postings.
    all: Vec<u32>,
    /// Example `k`'s target tokens are `tgt_start[k]..tgt_start[k + 1]`
    /// of the flat array.
    tgt_start: Vec<usize>,
}

impl Index {
    fn new(examples: &[Example<'_>]) -> Index {
        let max_plus_one =
            |ids: &mut dyn Iterator<Item = &u32>| ids.max().map_or(0, |&m| m as usize + 1);
        let n_src = max_plus_one(&mut examples.iter().flat_map(|x| x.src.iter()));
        let n_tgt = max_plus_one(&mut examples.iter().flat_map(|x| x.tgt.iter()));
        // Counting sort of (source word, example) by source word.
        let mut starts = vec![0u32; n_src + 1];
        for x in examples {
            for &e in x.src {
                starts[e as usize + 1] += 1;
            }
        }
        for e in 0..n_src {
            starts[e + 1] += starts[e];
        }
        let mut fill = starts.clone();
        let mut postings = vec![0u32; starts[n_src] as usize];
        for (k, x) in examples.iter().enumerate() {
            for &e in x.src {
                postings[fill[e as usize] as usize] = k as u32;
                fill[e as usize] += 1;
            }
        }
        let mut tgt_start = Vec::with_capacity(examples.len() + 1);
        let mut tgt_tokens = 0;
        tgt_start.push(0);
        for x in examples {
            tgt_tokens += x.tgt.len();
            tgt_start.push(tgt_tokens);
        }
        Index {
            n_src,
            n_tgt,
            starts,
            postings,
            all: (0..examples.len() as u32).collect(),
            tgt_start,
        }
    }

    /// The examples of row `r` (source word `r`, or NULL for `n_src`).
    fn postings(&self, r: usize) -> &[u32] {
        if r < self.n_src {
            &self.postings[self.starts[r] as usize..self.starts[r + 1] as usize]
        } else {
            &self.all
        }
    }

    /// Asks the processor to fetch the target tokens of the example
    /// [`PREFETCH_AHEAD`] places after `postings[p]`, so that they are in
    /// cache when a row's walk over its examples gets there, and where the
    /// tokens of the example twice as far ahead start, for the fetch after
    /// that (the 10,017-pair build's two trainings, slower direction, six
    /// alternating runs: 0.95-1.48 s against 1.13-2.04 s without).
    #[inline(always)]
    fn prefetch(&self, cells: &[(u32, f32)], postings: &[u32], p: usize) {
        let start = |ahead: usize| {
            let k = *postings.get(p + ahead)? as usize;
            Some((k, self.tgt_start.get(k)?))
        };
        if let Some((_, at)) = start(2 * PREFETCH_AHEAD) {
            prefetch_line(at);
        }
        let Some((k, &from)) = start(PREFETCH_AHEAD) else {
            return;
        };
        let to = self.tgt_start.get(k + 1).copied().unwrap_or(from);
        // A cache line holds 8 cells.
        for at in (from..to).step_by(8) {
            if let Some(c) = cells.get(at) {
                prefetch_line(c);
            }
        }
    }
}

/// Asks the processor to bring the cache line holding `x` in, without
/// waiting for it.
#[inline(always)]
fn prefetch_line<T>(x: &T) {
    #[cfg(target_arch = "x86_64")]
    {
        let ptr: *const T = x;
        // SAFETY: SSE, which has the prefetch instruction, is part of every
        // x86-64 processor; a prefetch reads nothing into the program and
        // never faults.
        unsafe {
            std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(ptr.cast());
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = x;
}

/// How many examples ahead of a row's walk their target tokens are
/// fetched (see [`Index::prefetch`]). A row's examples lie anywhere in the
/// tokens of the whole training set, far more than the processor's caches
/// hold in a build over 10,017 article pairs, where perf found EM waiting
/// on each example's first cell in about half of its samples. With the
/// next examples fetched ahead, that build's two trainings took 1.3-1.9 s
/// instead of 3.3-4.1 s (the slower direction, three alternating runs; 4
/// ahead gave 1.5-2.1 s, 16 ahead 1.3-2.2 s; issue 16). The tables are the
/// same, bit for bit.
const PREFETCH_AHEAD: usize = 8;

/// Arrays reused across EM iterations, so that the inner loops allocate
/// nothing.
struct Work {
    /// A row of `t`, spread over the target vocabulary (0 elsewhere).
    dense: Vec<f32>,
    /// The counts of the current row, over the target vocabulary.
    acc: Vec<f64>,
    /// Every target token of the corpus, example after example, with the
    /// example's weight over the token's denominator: kept side by side so
    /// that visiting an example reads one stretch of memory.
    cells: Vec<(u32, f32)>,
}

impl Work {
    fn new(examples: &[Example<'_>], index: &Index) -> Work {
        Work {
            dense: vec![0.0; index.n_tgt],
            acc: vec![0.0; index.n_tgt],
            cells: examples
                .iter()
                .flat_map(|x| x.tgt.iter().map(|&f| (f, 0.0)))
                .collect(),
        }
    }
}

/// The first EM iteration. From a uniform table every source position,
/// NULL included, is equally likely to have produced a target word, so
/// the expected count of a link is simply the example's weight over the
/// source length plus one, and the table never needs to be built: its
/// first estimate is the normalised co-occurrence count.
///
/// This is the only step that sees every co-occurring pair (tens of
/// millions on 100,000 sentence pairs), so rather than counting them all
/// in a hash table, rows are built one source word at a time from the
/// inverted index, counting into a dense array over the target vocabulary
/// that stays in cache; only the pruned row is kept.
fn first_iteration(examples: &[Example<'_>], index: &Index, work: &Work, prune: f32) -> Model1 {
    let share: Vec<f64> = examples
        .iter()
        .map(|x| x.weight as f64 / (x.src.len() + 1) as f64)
        .collect();
    let mut acc = vec![0.0f64; index.n_tgt];
    let mut touched: Vec<u32> = Vec::new();
    let mut row: Vec<(u32, f32)> = Vec::new();
    let mut model = Model1 {
        offsets: Vec::with_capacity(index.n_src + 2),
        tgt: Vec::new(),
        prob: Vec::new(),
    };
    model.offsets.push(0);
    for r in 0..=index.n_src {
        let mut total = 0.0;
        let postings = index.postings(r);
        for (p, &k) in postings.iter().enumerate() {
            index.prefetch(&work.cells, postings, p);
            let k = k as usize;
            let c = share[k];
            let tgt = &work.cells[index.tgt_start[k]..index.tgt_start[k + 1]];
            total += c * tgt.len() as f64;
            for &(f, _) in tgt {
                let a = &mut acc[f as usize];
                if *a == 0.0 {
                    touched.push(f);
                }
                *a += c;
            }
        }
        row.clear();
        for &f in &touched {
            let a = std::mem::take(&mut acc[f as usize]);
            if total > 0.0 {
                let p = (a / total) as f32;
                if p >= prune {
                    row.push((f, p));
                }
            }
        }
        touched.clear();
        row.sort_unstable_by_key(|r| r.0);
        model.tgt.extend(row.iter().map(|r| r.0));
        model.prob.extend(row.iter().map(|r| r.1));
        model.offsets.push(model.tgt.len());
    }
    model
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
