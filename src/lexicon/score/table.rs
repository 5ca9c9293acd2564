//! The document's own translation table: both directions' rows cut down
//! to the words of one document pair, built once per [`DocScorer`](super::DocScorer).

use super::Entry;
use crate::lexicon::Lexicon;

/// Each token of `sents` as an index among the distinct words of `sents`
/// (numbered in order of first occurrence), and the word → index map.
pub(super) fn intern(sents: &[Vec<u32>]) -> (Vec<Vec<u32>>, rustc_hash::FxHashMap<u32, u32>) {
    let mut index: rustc_hash::FxHashMap<u32, u32> = Default::default();
    let local = sents
        .iter()
        .map(|s| {
            s.iter()
                .map(|&w| {
                    let n = index.len() as u32;
                    *index.entry(w).or_insert(n)
                })
                .collect()
        })
        .collect();
    (local, index)
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
    let mut cands: Vec<Vec<u32>> = vec![Vec::new(); rows.len()];
    // Both sides' words sorted, so that a lexicon row (sorted by id) is
    // met with the document's words by searching the shorter list's words
    // in the longer: a frequent word's row holds thousands of entries,
    // and reading them whole for every document was a twentieth of a
    // build over 10,000 short article pairs (issue 16).
    let mut s_words: Vec<(u32, u32)> = rows.iter().map(|(&e, &r)| (e, r)).collect();
    s_words.sort_unstable();
    let mut t_words: Vec<u32> = tgt_local.keys().copied().collect();
    t_words.sort_unstable();
    for &(e, r) in &s_words {
        let (ids, _) = lex.fwd.row_slices(e);
        meet(ids, &t_words, |_, f| cands[r as usize].push(f));
    }
    let s_ids: Vec<u32> = s_words.iter().map(|p| p.0).collect();
    for &f in &t_words {
        let (ids, _) = lex.bwd.row_slices(f);
        meet(ids, &s_ids, |at, _| cands[s_words[at].1 as usize].push(f));
    }
    let mut words = vec![0u32; rows.len()];
    for (&e, &r) in &rows {
        words[r as usize] = e;
    }
    let table = cands
        .into_iter()
        .zip(words)
        .map(|(mut fs, e)| {
            fs.sort_unstable();
            fs.dedup();
            let (ids, probs) = lex.fwd.row_slices(e);
            let mut row: Vec<Entry> = fs
                .into_iter()
                .filter_map(|f| {
                    let fwd = match ids.binary_search(&f) {
                        Ok(k) => probs[k],
                        Err(_) => 0.0,
                    };
                    let bwd = lex.bwd.prob(f, e);
                    let local = tgt_local[&f];
                    (fwd > 0.0 || bwd > 0.0).then_some(Entry { fwd, bwd, local })
                })
                .collect();
            row.sort_unstable_by_key(|x| x.local);
            row
        })
        .collect();
    (table, src_row)
}

/// Calls `found` with each id in both sorted lists `a` and `b`, in
/// ascending order, and its index in `b`: each id of the shorter list is
/// searched in the rest of the longer.
fn meet(a: &[u32], b: &[u32], mut found: impl FnMut(usize, u32)) {
    let b_short = b.len() < a.len();
    let (short, long) = if b_short { (b, a) } else { (a, b) };
    let mut from = 0;
    for (i, &x) in short.iter().enumerate() {
        if from >= long.len() {
            break;
        }
        match long[from..].binary_search(&x) {
            Ok(k) => {
                found(if b_short { i } else { from + k }, x);
                from += k + 1;
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
}

impl RowBits {
    /// The bits of every row longer than [`BITS_MIN_ENTRIES`].
    pub(super) fn new(table: &[Vec<Entry>], tgt_words: usize) -> RowBits {
        let per_row = tgt_words.div_ceil(64);
        let mut bits = RowBits {
            start: Vec::with_capacity(table.len()),
            words: Vec::new(),
            before: Vec::new(),
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

    /// Where word `local` stands in row `r` (sorted by word): `Some(Ok(k))`
    /// for entry `k`, `Some(Err(()))` when the row lacks the word, `None`
    /// when the row has no bits.
    #[inline]
    pub(super) fn find(&self, r: usize, local: u32) -> Option<Result<usize, ()>> {
        let at = *self.start.get(r)?;
        if at == u32::MAX {
            return None;
        }
        let block = at as usize + (local / 64) as usize;
        let (&w, &before) = (self.words.get(block)?, self.before.get(block)?);
        let bit = 1u64 << (local % 64);
        if w & bit == 0 {
            return Some(Err(()));
        }
        Some(Ok(before as usize + (w & (bit - 1)).count_ones() as usize))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meet_finds_the_common_ids_with_their_place_in_b() {
        for (a, b) in [
            (vec![1, 4, 9, 12, 30], vec![0, 4, 5, 12, 13, 30, 31]),
            (vec![4, 12], vec![0, 4, 5, 12, 13, 30, 31]),
            (vec![0, 1, 2, 3, 4, 5, 6, 7, 8, 9], vec![3, 9]),
            (vec![], vec![1, 2]),
            (vec![7], vec![]),
        ] {
            let mut got = Vec::new();
            meet(&a, &b, |at, x| got.push((at, x)));
            let want: Vec<(usize, u32)> = b
                .iter()
                .enumerate()
                .filter(|(_, x)| a.contains(x))
                .map(|(k, &x)| (k, x))
                .collect();
            assert_eq!(got, want, "{a:?} {b:?}");
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
        assert!(bits.find(1, 3).is_none(), "a short row has no bits");
        for r in [0, 2] {
            for w in 0..words {
                let want = table[r]
                    .binary_search_by_key(&w, |x| x.local)
                    .map_err(|_| ());
                assert_eq!(bits.find(r, w), Some(want), "row {r} word {w}");
            }
        }
    }
}
