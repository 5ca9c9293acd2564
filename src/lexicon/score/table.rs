//! The document's own translation table: both directions' rows cut down
//! to the words of one document pair, built once per [`DocScorer`](super::DocScorer).

use super::Entry;
use crate::lexicon::Lexicon;

/// Each token of `sents` as an index among the distinct words of `sents`
/// (numbered in the words' order), and the word → index map. Numbered in
/// the words' order, a lexicon row (sorted by word) meets the document's
/// words in index order, so that the table's rows come out sorted.
pub(super) fn intern(sents: &[Vec<u32>]) -> (Vec<Vec<u32>>, rustc_hash::FxHashMap<u32, u32>) {
    // Through a map of the distinct words, not a sorted copy of every
    // token: on a 20,000-sentence document that copy is a megabyte.
    let mut index: rustc_hash::FxHashMap<u32, u32> = Default::default();
    for &w in sents.iter().flatten() {
        index.entry(w).or_insert(0);
    }
    let mut words: Vec<u32> = index.keys().copied().collect();
    words.sort_unstable();
    for (k, w) in words.iter().enumerate() {
        index.insert(*w, k as u32);
    }
    let local = sents
        .iter()
        .map(|s| s.iter().map(|w| index[w]).collect())
        .collect();
    (local, index)
}

/// `value` of each token of `tokens`, worked out once per word: `local`
/// gives each token's index among the side's `words` distinct words (see
/// [`intern`]), and a word's first token stands for all of its tokens.
pub(super) fn by_word<S, T: Copy>(
    tokens: &[Vec<S>],
    local: &[Vec<u32>],
    words: usize,
    mut value: impl FnMut(&S) -> T,
) -> Vec<Vec<T>> {
    let mut known: Vec<Option<T>> = vec![None; words];
    tokens
        .iter()
        .zip(local)
        .map(|(s, l)| {
            s.iter()
                .zip(l)
                .map(|(x, &w)| *known[w as usize].get_or_insert_with(|| value(x)))
                .collect()
        })
        .collect()
}

/// The document's own translation table (see [`DocScorer`](super::DocScorer)) and each
/// source token's row in it. Both directions' rows are read once per
/// distinct word of the document and cut down to the other side's words.
pub(super) fn doc_table(
    lex: &Lexicon,
    src: &[Vec<u32>],
    tgt_local: &rustc_hash::FxHashMap<u32, u32>,
) -> (Vec<Vec<Entry>>, Vec<Vec<u32>>) {
    let (src_row, rows) = intern(src);
    // Both sides' words sorted, so that each lexicon row (sorted by id) is
    // met with the other side's words in one pass, and each entry found
    // keeps its probability and its target word's index: before, every
    // row was read whole and each entry then searched for again in both
    // directions' rows, a fifth of a build over 10,000 short article
    // pairs (issue 16).
    let mut s_words: Vec<(u32, u32)> = rows.iter().map(|(&e, &r)| (e, r)).collect();
    s_words.sort_unstable();
    let mut t_words: Vec<(u32, u32)> = tgt_local.iter().map(|(&f, &l)| (f, l)).collect();
    t_words.sort_unstable();
    let t_ids: Vec<u32> = t_words.iter().map(|p| p.0).collect();
    let s_ids: Vec<u32> = s_words.iter().map(|p| p.0).collect();
    // Both directions' entries go into two flat lists, so that no row
    // grows entry by entry (growing a vector per row was 2% of a build's
    // instructions, issue 16): the fwd entries come row after row, each
    // row's run in index order; the bwd entries come by target word and
    // are then put in row order by a counting sort, which keeps each
    // row's run in index order too.
    let mut fwd_start = vec![0usize; rows.len() + 1];
    let Scratch {
        mut fwd,
        mut bwd_found,
        mut bwd,
    } = MARKS.with(|marks| std::mem::take(&mut marks.borrow_mut().scratch));
    MARKS.with(|marks| {
        let mut marks = marks.borrow_mut();
        let Marks { tgt, src, .. } = &mut *marks;
        let t_marked = Marked::new(tgt, &t_words);
        // `intern` numbers the words in id order, so `s_words` (sorted by
        // id) holds the rows in index order and each row's run ends where
        // the next begins.
        for (row, &(e, r)) in s_words.iter().enumerate() {
            debug_assert_eq!(row, r as usize);
            let (ids, probs) = lex.fwd.row_slices(e);
            t_marked.meet(ids, &t_ids, |k, local| {
                fwd.push(Entry {
                    fwd: probs[k],
                    bwd: 0.0,
                    local,
                });
            });
            fwd_start[r as usize + 1] = fwd.len();
        }
        t_marked.clear();
        let s_marked = Marked::new(src, &s_words);
        for &(f, local) in &t_words {
            let (ids, probs) = lex.bwd.row_slices(f);
            s_marked.meet(ids, &s_ids, |k, r| {
                bwd_found.push((
                    r,
                    Entry {
                        fwd: 0.0,
                        bwd: probs[k],
                        local,
                    },
                ));
            });
        }
        s_marked.clear();
    });
    let mut bwd_start = Vec::new();
    bwd.resize(bwd_found.len(), Entry::default());
    super::sort_by_key(
        bwd_found.iter().copied(),
        rows.len(),
        &mut bwd_start,
        &mut bwd,
    );
    // Each row: its fwd run and its bwd run merged, with a word's two
    // entries in one.
    let run = |start: &[usize], r: usize| start[r]..start[r + 1];
    let table = (0..rows.len())
        .map(|r| {
            let (fwd, bwd) = (&fwd[run(&fwd_start, r)], &bwd[run(&bwd_start, r)]);
            let mut merged: Vec<Entry> = Vec::with_capacity(fwd.len() + bwd.len());
            let (mut i, mut j) = (0, 0);
            loop {
                let next = match (fwd.get(i), bwd.get(j)) {
                    (Some(f), Some(b)) if f.local == b.local => {
                        i += 1;
                        j += 1;
                        Entry { bwd: b.bwd, ..*f }
                    }
                    (Some(f), Some(b)) if f.local < b.local => {
                        i += 1;
                        *f
                    }
                    (Some(f), None) => {
                        i += 1;
                        *f
                    }
                    (_, Some(b)) => {
                        j += 1;
                        *b
                    }
                    (None, None) => break,
                };
                if next.fwd > 0.0 || next.bwd > 0.0 {
                    merged.push(next);
                }
            }
            merged
        })
        .collect();
    if fwd.capacity().max(bwd.capacity()).max(bwd_found.capacity()) <= SCRATCH_KEEP {
        fwd.clear();
        bwd_found.clear();
        bwd.clear();
        MARKS.with(|marks| {
            marks.borrow_mut().scratch = Scratch {
                fwd,
                bwd_found,
                bwd,
            }
        });
    }
    (table, src_row)
}

/// A rayon worker's marks (see [`Marked`]), kept between documents: a
/// fresh array over the vocabulary for each of 10,000 documents would
/// cost more than the look-ups it spares.
#[derive(Default)]
struct Marks {
    tgt: Vec<u32>,
    src: Vec<u32>,
    scratch: Scratch,
}

/// The flat lists [`doc_table`] gathers a document's entries in, kept
/// for the worker's next document when they are small: on 10,000 short
/// documents, growing them afresh for each was 0.6% of a build's
/// instructions.
#[derive(Default)]
struct Scratch {
    fwd: Vec<Entry>,
    bwd_found: Vec<(u32, Entry)>,
    bwd: Vec<Entry>,
}

/// Scratch lists longer than this (entries) are dropped after their
/// document instead of kept: a long document's table would otherwise
/// hold its memory for the rest of the run.
const SCRATCH_KEEP: usize = 1 << 16;

thread_local! {
    static MARKS: std::cell::RefCell<Marks> = std::cell::RefCell::default();
}

/// One side's words of a document, marked in an array over the
/// vocabulary with their value plus one (0 for words not in the
/// document), so that a short lexicon row is met with them by reading
/// each entry's mark instead of searching the document's words.
struct Marked<'m, 'w> {
    marks: &'m mut Vec<u32>,
    words: &'w [(u32, u32)],
}

/// Words from this id on are not marked, but searched for: an array over
/// the vocabulary as far as such an id would be as large as the id (the
/// confidence step gives words it hides the id `u32::MAX`).
const MARK_LIMIT: usize = 1 << 22;

/// A lexicon row up to this many times as long as the document's words
/// is read entry by entry against the marks; a longer one is met by a
/// search of each of the document's words in it (see [`meet`]).
const SCAN_RATIO: usize = 8;

impl<'m, 'w> Marked<'m, 'w> {
    /// Marks `words` ((word, value) pairs, sorted); the array is all zeros
    /// before.
    fn new(marks: &'m mut Vec<u32>, words: &'w [(u32, u32)]) -> Marked<'m, 'w> {
        let top = words
            .iter()
            .map(|w| w.0 as usize + 1)
            .filter(|&t| t <= MARK_LIMIT)
            .max()
            .unwrap_or(0);
        if marks.len() < top {
            marks.resize(top, 0);
        }
        for &(w, v) in words.iter().filter(|w| (w.0 as usize) < MARK_LIMIT) {
            marks[w as usize] = v + 1;
        }
        Marked { marks, words }
    }

    /// Calls `found(k, value)` for each entry `k` of the sorted `row` that
    /// is a marked word, with the word's value, in order; `ids` are the
    /// marked words, sorted.
    fn meet(&self, row: &[u32], ids: &[u32], mut found: impl FnMut(usize, u32)) {
        if row.len() <= ids.len() * SCAN_RATIO {
            for (k, &w) in row.iter().enumerate() {
                if (w as usize) >= MARK_LIMIT {
                    if let Ok(at) = ids.binary_search(&w) {
                        found(k, self.words[at].1);
                    }
                } else if let Some(&v @ 1..) = self.marks.get(w as usize) {
                    found(k, v - 1);
                }
            }
        } else {
            meet(row, ids, |k, at| found(k, self.words[at].1));
        }
    }

    /// Sets the marks back to 0 for the next document.
    fn clear(self) {
        for &(w, _) in self.words.iter().filter(|w| (w.0 as usize) < MARK_LIMIT) {
            self.marks[w as usize] = 0;
        }
    }
}

/// Calls `found(i, j)` for each id found at `a[i]` and `b[j]` of the two
/// sorted lists, in ascending order: by a merge when their lengths are
/// close, else by searching each id of the shorter list in the rest of
/// the longer.
fn meet(a: &[u32], b: &[u32], mut found: impl FnMut(usize, usize)) {
    if a.len().min(b.len()) * 8 >= a.len().max(b.len()) {
        let (mut i, mut j) = (0, 0);
        while i < a.len() && j < b.len() {
            match a[i].cmp(&b[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    found(i, j);
                    i += 1;
                    j += 1;
                }
            }
        }
        return;
    }
    let b_short = b.len() < a.len();
    let (short, long) = if b_short { (b, a) } else { (a, b) };
    let mut from = 0;
    for (i, &x) in short.iter().enumerate() {
        if from >= long.len() {
            break;
        }
        match long[from..].binary_search(&x) {
            Ok(k) => {
                let at = from + k;
                if b_short {
                    found(at, i);
                } else {
                    found(i, at);
                }
                from = at + 1;
            }
            Err(k) => from += k,
        }
    }
}

/// Rows with more entries than this get a [`RowBits`]: shorter rows are
/// read entry by entry against the target sentence's words, which costs
/// less than a look-up per word (news sentences hold about 25 words).
pub(super) const BITS_MIN_ENTRIES: usize = 16;

/// Which of the document's target words a long row of the table holds,
/// one bit a word, and how many the row holds before each 64-word block:
/// a sentence's word is tested against the row with a bit, and its entry
/// is found by counting the bits below it. Before, each word of the
/// sentence was searched for in the row, and those binary searches were
/// a fifth of a default run on 20,000 sentences of real news (issue 16).
#[derive(Debug, Default)]
pub(super) struct RowBits {
    /// Per row of the table: the offset of its blocks in `words` and
    /// `before`, or `u32::MAX` for a row without.
    start: Vec<u32>,
    words: Vec<u64>,
    /// Per block: the row's entries in the blocks before it.
    before: Vec<u32>,
    /// Blocks a row holds.
    per_row: usize,
}

impl RowBits {
    /// The bits of every row longer than [`BITS_MIN_ENTRIES`].
    pub(super) fn new(table: &[Vec<Entry>], tgt_words: usize) -> RowBits {
        let per_row = tgt_words.div_ceil(64);
        let mut bits = RowBits {
            start: Vec::with_capacity(table.len()),
            words: Vec::new(),
            before: Vec::new(),
            per_row,
        };
        for row in table {
            if row.len() <= BITS_MIN_ENTRIES {
                bits.start.push(u32::MAX);
                continue;
            }
            let at = bits.words.len();
            bits.start.push(u32::try_from(at).unwrap_or(u32::MAX));
            bits.words.resize(at + per_row, 0);
            for x in row {
                bits.words[at + (x.local / 64) as usize] |= 1 << (x.local % 64);
            }
            let mut count = 0;
            for w in &bits.words[at..] {
                bits.before.push(count);
                count += w.count_ones();
            }
        }
        bits
    }

    /// The bits of row `r`, `None` for a row without.
    #[inline]
    pub(super) fn row(&self, r: usize) -> Option<RowView<'_>> {
        let at = *self.start.get(r)?;
        if at == u32::MAX {
            return None;
        }
        let at = at as usize;
        let blocks = self.words.len().checked_sub(at)?.min(self.per_row);
        Some(RowView {
            words: self.words.get(at..at + blocks)?,
            before: self.before.get(at..at + blocks)?,
        })
    }
}

/// One row's bits, taken once for all the words of a sentence, so that
/// each word's test is a bit and no longer a look-up of the row as well:
/// the default run on 20,000 sentences of real news, one thread, 38.60 G
/// -> 37.96 G instructions (issue 16).
#[derive(Debug, Clone, Copy)]
pub(super) struct RowView<'a> {
    words: &'a [u64],
    before: &'a [u32],
}

impl RowView<'_> {
    /// Where word `local` stands in the row (sorted by word): its entry's
    /// index, `None` when the row lacks the word.
    #[inline]
    pub(super) fn find(&self, local: u32) -> Option<usize> {
        let block = (local / 64) as usize;
        let w = *self.words.get(block)?;
        let bit = 1u64 << (local % 64);
        if w & bit == 0 {
            return None;
        }
        Some(*self.before.get(block)? as usize + (w & (bit - 1)).count_ones() as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meet_finds_the_common_ids_with_their_places() {
        for (a, b) in [
            (vec![1, 4, 9, 12, 30], vec![0, 4, 5, 12, 13, 30, 31]),
            (vec![4, 12], vec![0, 4, 5, 12, 13, 30, 31]),
            (vec![0, 1, 2, 3, 4, 5, 6, 7, 8, 9], vec![3, 9]),
            ((0..100).collect(), vec![3, 50, 99]),
            (vec![2, 77], (0..100).collect()),
            (vec![], vec![1, 2]),
            (vec![7], vec![]),
        ] {
            let mut got = Vec::new();
            meet(&a, &b, |i, j| got.push((i, j)));
            let want: Vec<(usize, usize)> = b
                .iter()
                .enumerate()
                .filter_map(|(j, x)| a.iter().position(|y| y == x).map(|i| (i, j)))
                .collect();
            assert_eq!(got, want, "{a:?} {b:?}");
        }
    }

    /// Issue 16: a row met with the marked words (read entry by entry when
    /// short, searched when long) finds what [`meet`] finds, with each
    /// word's value, and the marks are all cleared afterwards.
    #[test]
    fn issue16_marked_words_meet_rows_as_a_search_does() {
        // u32::MAX: a word the confidence step hides; it must neither take
        // an array as large as its id nor be missed in a row holding it.
        let words: Vec<(u32, u32)> =
            vec![(3, 7), (9, 0), (40, 2), (41, 5), (500, 1), (u32::MAX, 4)];
        let ids: Vec<u32> = words.iter().map(|w| w.0).collect();
        let rows: Vec<Vec<u32>> = vec![
            vec![],
            vec![9],
            vec![1, 3, 40, 41, 600],
            vec![3, 9, u32::MAX],
            (0..30).collect(),
            (0..1000).step_by(3).collect(),
            (0..2000).collect(),
        ];
        let mut marks = vec![0u32; 10];
        for row in &rows {
            let mut want = Vec::new();
            meet(row, &ids, |k, at| want.push((k, words[at].1)));
            let marked = Marked::new(&mut marks, &words);
            let mut got = Vec::new();
            marked.meet(row, &ids, |k, v| got.push((k, v)));
            marked.clear();
            assert_eq!(got, want, "{row:?}");
            assert!(marks.len() <= 501 && marks.iter().all(|&m| m == 0));
        }
    }

    /// The bits find every entry of a long row where a search finds it,
    /// and no word the row lacks.
    #[test]
    fn row_bits_find_what_a_search_finds() {
        let words = 300u32;
        let entry = |local| Entry {
            fwd: local as f32,
            bwd: 0.0,
            local,
        };
        let table: Vec<Vec<Entry>> = vec![
            (0..words)
                .filter(|w| w % 3 == 0 || w % 7 == 1)
                .map(entry)
                .collect(),
            (0..5).map(entry).collect(),
            (0..words)
                .filter(|w| w % 16 == 15 || *w == 0)
                .map(entry)
                .collect(),
        ];
        let bits = RowBits::new(&table, words as usize);
        assert!(bits.row(1).is_none(), "a short row has no bits");
        assert!(bits.row(3).is_none(), "no row past the table");
        for r in [0, 2] {
            let row = bits.row(r).expect("a long row has bits");
            for w in 0..words + 70 {
                let want = table[r].binary_search_by_key(&w, |x| x.local).ok();
                assert_eq!(row.find(w), want, "row {r} word {w}");
            }
        }
    }
}
