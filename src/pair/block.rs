//! Blocking by the rarest anchors, and the anchor index a counts pass
//! writes so that a shard reads only the target articles its sources can
//! be compared with.
//!
//! A source article's blocking keys are its `B` keys held by the fewest
//! target articles, among the keys the inverted index holds (held by at
//! least one target article and by at most the index's cap; see
//! [`block_keys`]). With blocking, a source is compared only with the
//! targets holding one of them. A shard knows its own sources' keys, and
//! the counts file gives every key's document frequencies, so it can pick
//! the blocking keys itself; what it lacks is which targets hold them:
//! the anchor index, the target side's postings of every key that both
//! sides hold and the index does not leave out as too common.
//!
//! ```text
//! mizan-anchor-index  1
//! counts  FINGERPRINT  N_SRC  N_TGT  N_KEYS   (the counts file it goes with)
//! cap     CAP                               (the most targets an indexed key is in)
//! post    KEY_ID  T1,T2,...                 (key ids as in the counts file, ascending;
//!                                            target indices ascending)
//! end     N_POST_LINES  N_ENTRIES
//! ```
//!
//! A shard reads the file line by line and keeps only the postings of
//! its sources' blocking keys.

use super::counts::Counts;
use crate::error::{Error, Result};
use std::collections::{HashMap, HashSet};
use std::io::{BufRead, Write};
use std::path::Path;

const MAGIC: &str = "mizan-anchor-index";
const VERSION: &str = "1";

/// The blocking keys of a source article whose distinct key ids are
/// `keys`: its `b` rarest keys (the highest weights, that is the fewest
/// articles of both sides together) among those an index capped at `cap`
/// holds (weight above 0, in 1 to `cap` target articles), ties going to
/// the key met first (the lower id). Fewer than `b` when the article has
/// fewer such keys.
///
/// Rarity over both sides rather than over the target side alone: an
/// Arabic word read as a name (a soft name) whose
/// skeleton happens to match one English name is in one target article,
/// but in many Arabic ones; ranked by the target side alone such keys
/// took the place of the pair's shared numbers and names (on the
/// ntrex-dev ar-en pairing set, 2 blocking keys kept 9 of the 50 pairs
/// by target rarity, 48 by rarity over both sides).
pub fn block_keys(keys: &[u32], weight: &[f32], df_tgt: &[u32], cap: u32, b: usize) -> Vec<u32> {
    let mut v: Vec<u32> = keys
        .iter()
        .copied()
        .filter(|&k| {
            let (w, d) = (weight[k as usize], df_tgt[k as usize]);
            w > 0.0 && (1..=cap).contains(&d)
        })
        .collect();
    v.sort_unstable_by(|&a, &b| {
        weight[b as usize]
            .total_cmp(&weight[a as usize])
            .then(a.cmp(&b))
    });
    v.truncate(b);
    v
}

/// The target side's postings of the keys a source can block by: built
/// by the counts pass, read by a shard (which keeps only the keys it
/// needs).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AnchorIndex {
    /// The fingerprint of the counts file it goes with
    /// ([`Counts::fingerprint`]).
    pub counts: u64,
    /// The index's cap: keys in more target articles are left out.
    pub cap: u32,
    /// For each key id kept, the target articles holding it, ascending.
    pub post: HashMap<u32, Vec<u32>>,
}

impl AnchorIndex {
    /// The index of a counts pass: `pairs` holds `(key id, target index)`
    /// for every distinct key of every target article; the keys kept are
    /// those held by a source article too and by 1 to `cap` targets.
    pub(super) fn from_pairs(counts: &Counts, mut pairs: Vec<(u32, u32)>, cap: u32) -> AnchorIndex {
        pairs.retain(|&(k, _)| {
            let (_, s, t) = &counts.keys[k as usize];
            *s > 0 && (1..=cap).contains(t)
        });
        pairs.sort_unstable();
        pairs.dedup();
        let mut post: HashMap<u32, Vec<u32>> = HashMap::new();
        for (k, t) in pairs {
            post.entry(k).or_default().push(t);
        }
        AnchorIndex {
            counts: counts.fingerprint(),
            cap,
            post,
        }
    }

    /// The target articles holding one of `keys`, as a mask over the
    /// `n_tgt` targets.
    pub fn holders(&self, keys: impl IntoIterator<Item = u32>, n_tgt: usize) -> Vec<bool> {
        let mut mask = vec![false; n_tgt];
        for k in keys {
            for &t in self.post.get(&k).map_or(&[][..], Vec::as_slice) {
                if let Some(m) = mask.get_mut(t as usize) {
                    *m = true;
                }
            }
        }
        mask
    }

    /// Writes the index file of `counts`, keys ascending.
    pub fn write<W: Write>(&self, counts: &Counts, mut w: W) -> Result<()> {
        let io = |e: std::io::Error| Error::io(&e);
        writeln!(w, "{MAGIC}\t{VERSION}").map_err(io)?;
        writeln!(
            w,
            "counts\t{:016x}\t{}\t{}\t{}",
            self.counts,
            counts.src.len(),
            counts.tgt.len(),
            counts.keys.len()
        )
        .map_err(io)?;
        writeln!(w, "cap\t{}", self.cap).map_err(io)?;
        let mut keys: Vec<&u32> = self.post.keys().collect();
        keys.sort_unstable();
        let mut n = 0;
        for k in keys {
            let list = &self.post[k];
            n += list.len();
            let ts: Vec<String> = list.iter().map(u32::to_string).collect();
            writeln!(w, "post\t{k}\t{}", ts.join(",")).map_err(io)?;
        }
        writeln!(w, "end\t{}\t{n}", self.post.len()).map_err(io)?;
        w.flush().map_err(io)
    }
}

/// Reads the anchor index file at `path`, keeping only the postings of
/// the keys in `wanted`, line by line (the file is never held whole).
/// The index must go with `counts` (the same fingerprint) and hold every
/// wanted key that an index capped as it is would hold; anything else is
/// an error naming the file and, for a bad line, its number.
pub fn read_anchor_index(
    path: &Path,
    counts: &Counts,
    wanted: &HashSet<u32>,
) -> Result<AnchorIndex> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(&e).with_path(path))?;
    let reader = std::io::BufReader::new(file);
    let err = |line: Option<usize>, msg: String| {
        let e = Error::parse(msg).with_path(path);
        match line {
            Some(l) => e.at_line(l),
            None => e,
        }
    };
    let mut out = AnchorIndex::default();
    let mut header = (false, false);
    let (mut n_lines, mut n_entries) = (0usize, 0usize);
    let mut last_key: Option<u32> = None;
    let mut end = false;
    for (i, line) in reader.lines().enumerate() {
        let at = Some(i + 1);
        let line = line.map_err(|e| err(at, format!("cannot read: {e}")))?;
        if i == 0 {
            if line != format!("{MAGIC}\t{VERSION}") {
                return Err(err(at, format!(
                    "not an anchor index of this mizan (the first line is not '{MAGIC}<TAB>{VERSION}'); `mizan pair AR OTHER --counts-out FILE --anchor-index-out INDEX` writes one"
                )));
            }
            continue;
        }
        if end {
            if line.is_empty() {
                continue;
            }
            return Err(err(at, "a line after the 'end' line".into()));
        }
        let bad = |what: &str| err(at, format!("bad {what} line: '{line}'"));
        let cols: Vec<&str> = line.split('\t').collect();
        match cols.as_slice() {
            ["counts", fp, s, t, k] => {
                let fp = u64::from_str_radix(fp, 16).map_err(|_| bad("counts"))?;
                let same = fp == counts.fingerprint()
                    && *s == counts.src.len().to_string()
                    && *t == counts.tgt.len().to_string()
                    && *k == counts.keys.len().to_string();
                if !same {
                    return Err(err(
                        at,
                        "this anchor index was written with another counts file; write both in one counts pass".into(),
                    ));
                }
                out.counts = fp;
                header.0 = true;
            }
            ["cap", c] => {
                out.cap = c.parse().map_err(|_| bad("cap"))?;
                header.1 = true;
            }
            ["post", k, list] if header.0 && header.1 => {
                let k: u32 = k.parse().map_err(|_| bad("post"))?;
                if last_key.is_some_and(|l| l >= k) || k as usize >= counts.keys.len() {
                    return Err(bad("post"));
                }
                last_key = Some(k);
                n_lines += 1;
                n_entries += list.split(',').count();
                if wanted.contains(&k) {
                    let mut ts = Vec::new();
                    for t in list.split(',') {
                        let t: u32 = t.parse().map_err(|_| bad("post"))?;
                        if t as usize >= counts.tgt.len() || ts.last().is_some_and(|&l| l >= t) {
                            return Err(bad("post"));
                        }
                        ts.push(t);
                    }
                    out.post.insert(k, ts);
                }
            }
            ["end", l, e] => {
                if *l != n_lines.to_string() || *e != n_entries.to_string() {
                    return Err(err(
                        at,
                        "the 'end' line counts other lines than the file holds".into(),
                    ));
                }
                end = true;
            }
            _ => return Err(bad("unknown")),
        }
    }
    if !end {
        return Err(err(None, "no 'end' line: the file is cut short".into()));
    }
    // A key the index should hold but does not would lose its targets.
    for &k in wanted {
        let (_, s, t) = &counts.keys[k as usize];
        if *s > 0 && (1..=out.cap).contains(t) && !out.post.contains_key(&k) {
            return Err(err(
                None,
                format!("key {k} is missing: the index does not go with the counts file"),
            ));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_keys_table() {
        // Keys 0..7 with their weights and target document frequencies;
        // key 5 weighs nothing (one side only), key 4 is over the cap,
        // key 3 is in no target article; keys 1 and 6 tie.
        let weight = [1.0, 3.0, 2.0, 4.0, 5.0, 0.0, 3.0, 0.5];
        let df_tgt = [3, 1, 2, 0, 9, 1, 1, 5];
        let cases: [(&[u32], usize, &[u32]); 6] = [
            (&[0, 1, 2, 3, 4, 5, 6, 7], 2, &[1, 6]),
            (&[0, 1, 2, 3, 4, 5, 6, 7], 3, &[1, 6, 2]),
            (&[6, 1], 1, &[1]),
            (&[0, 2, 4, 7], 5, &[2, 0, 7]),
            (&[3, 4, 5], 2, &[]),
            (&[0, 6], 0, &[]),
        ];
        for (keys, b, want) in cases {
            assert_eq!(
                block_keys(keys, &weight, &df_tgt, 5, b),
                want,
                "{keys:?} {b}"
            );
        }
    }
}
