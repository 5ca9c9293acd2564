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
    for (&e, &r) in &rows {
        let (ids, _) = lex.fwd.row_slices(e);
        cands[r as usize].extend(ids.iter().filter(|f| tgt_local.contains_key(f)));
    }
    for &f in tgt_local.keys() {
        let (ids, _) = lex.bwd.row_slices(f);
        for e in ids {
            if let Some(&r) = rows.get(e) {
                cands[r as usize].push(f);
            }
        }
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
            fs.into_iter()
                .filter_map(|f| {
                    let fwd = match ids.binary_search(&f) {
                        Ok(k) => probs[k],
                        Err(_) => 0.0,
                    };
                    let bwd = lex.bwd.prob(f, e);
                    let local = tgt_local[&f];
                    (fwd > 0.0 || bwd > 0.0).then_some(Entry { f, local, fwd, bwd })
                })
                .collect()
        })
        .collect();
    (table, src_row)
}
