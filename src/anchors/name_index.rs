//! Finding, for one name key, every key of the other side that it matches
//! (see [`super::names::keys_match`]), in time that grows with the keys
//! and not with their pairs.
//!
//! Two consonant skeletons match when their edit distance is at most a
//! quarter of the longer one, and their lengths are then within a quarter
//! of each other; so each of them loses at most a third of its length,
//! rounded down, on the way to a common subsequence (a substitution costs
//! both sides one letter, an insertion or a deletion one side). Every
//! skeleton of up to [`VARIANT_MAX`] classes is therefore indexed under
//! each subsequence that leaves out that many classes or fewer (its
//! deletion neighbourhood, as in Mor and Fraenkel's 1982 spelling
//! correction and in SymSpell), and a key is compared only with the
//! skeletons it shares one with. Before, a key was compared with every
//! skeleton of a length it could match, which grew with the square of the
//! document's names (issue 16: n^1.6 on 20,000 sentences of real news).
//! Longer skeletons are few, and are still compared by length.

use super::names::{consonants, consonants_match_n, lengths_compatible};

/// Longest consonant skeleton indexed by its deletion neighbourhood: up to
/// two classes left out, at most 37 subsequences. The longer ones are
/// rare enough in news to be compared one by one.
const VARIANT_MAX: usize = 8;

/// Name keys indexed for finding, for one key, all keys it matches.
#[derive(Debug, Default)]
pub(crate) struct NameIndex {
    keys: Vec<PreparedKey>,
    /// Key ids by whole reading (equality, vowel slots included).
    exact: std::collections::HashMap<String, Vec<u32>>,
    /// Every short reading under each of its deletion variants (packed as
    /// [`variants`] makes them), with its key id and reading index, sorted.
    variants: Vec<(u64, u32, u32)>,
    /// All readings of three classes or more, by consonant count, for the
    /// keys that have no variants themselves.
    by_len: Vec<Vec<(u32, usize)>>,
    /// The readings left out of `variants`, by consonant count.
    rest_by_len: Vec<Vec<(u32, usize)>>,
}

impl NameIndex {
    pub(crate) fn new(keys: &[impl AsRef<str>]) -> NameIndex {
        let mut index = NameIndex::default();
        let mut found = Vec::new();
        for (id, key) in keys.iter().enumerate() {
            let prepared = PreparedKey::new(key.as_ref());
            for (r, (skel, cons, n)) in prepared.readings.iter().enumerate() {
                index.exact.entry(skel.clone()).or_default().push(id as u32);
                if *n < 3 {
                    // Shorter readings match only when equal.
                    continue;
                }
                push_at(&mut index.by_len, *n, (id as u32, r));
                found.clear();
                if variants(cons, *n, &mut found) {
                    index
                        .variants
                        .extend(found.iter().map(|&v| (v, id as u32, r as u32)));
                } else {
                    push_at(&mut index.rest_by_len, *n, (id as u32, r));
                }
            }
            index.keys.push(prepared);
        }
        index.variants.sort_unstable();
        index
    }

    /// The ids of the indexed keys that `key` matches, sorted.
    pub(crate) fn matching(&self, key: &str) -> Vec<u32> {
        let mut out = Vec::new();
        let mut found = Vec::new();
        for (skel, cons, n) in PreparedKey::new(key).readings {
            if let Some(ids) = self.exact.get(&skel) {
                out.extend_from_slice(ids);
            }
            if n < 3 {
                continue;
            }
            let mut check = |id: u32, r: usize| {
                let (_, c, m) = &self.keys[id as usize].readings[r];
                if consonants_match_n(&cons, n, c, *m) {
                    out.push(id);
                }
            };
            found.clear();
            // A key with variants meets the indexed ones through them and
            // the others by length; a key without meets all by length.
            let by_len = if variants(&cons, n, &mut found) {
                for &v in &found {
                    let at = self.variants.partition_point(|x| x.0 < v);
                    for &(_, id, r) in self.variants[at..].iter().take_while(|x| x.0 == v) {
                        check(id, r as usize);
                    }
                }
                &self.rest_by_len
            } else {
                &self.by_len
            };
            for (len, bucket) in by_len.iter().enumerate() {
                if lengths_compatible(n, len) {
                    for &(id, r) in bucket {
                        check(id, r);
                    }
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

fn push_at(by_len: &mut Vec<Vec<(u32, usize)>>, n: usize, x: (u32, usize)) {
    if by_len.len() <= n {
        by_len.resize(n + 1, Vec::new());
    }
    by_len[n].push(x);
}

/// The consonant classes, each packed in four bits (from 1, so that a
/// packed subsequence also tells its length).
const CLASSES: &[u8; 13] = b"BTDSCZGKHLMNR";

/// Writes into `out`, sorted and without repeats, every subsequence of the
/// consonant skeleton `cons` (of `n` classes) that leaves out at most a
/// third of them, rounded down, each packed four bits a class. Returns
/// false, writing nothing, for a skeleton longer than [`VARIANT_MAX`] or
/// with a letter that is not a class.
fn variants(cons: &str, n: usize, out: &mut Vec<u64>) -> bool {
    if n > VARIANT_MAX || cons.len() != n {
        return false;
    }
    let mut codes = [0u8; VARIANT_MAX];
    for (slot, b) in codes.iter_mut().zip(cons.bytes()) {
        match CLASSES.iter().position(|&c| c == b) {
            Some(k) => *slot = k as u8 + 1,
            None => return false,
        }
    }
    leave_out(&codes[..n], n / 3, 0, out);
    out.sort_unstable();
    out.dedup();
    true
}

fn leave_out(codes: &[u8], left: usize, acc: u64, out: &mut Vec<u64>) {
    match codes.split_first() {
        None => out.push(acc),
        Some((&c, rest)) => {
            leave_out(rest, left, acc << 4 | c as u64, out);
            if left > 0 {
                leave_out(rest, left - 1, acc, out);
            }
        }
    }
}

/// A name key split into its readings once, with their consonants and
/// their consonant count, for comparing one key with many.
#[derive(Debug, Clone)]
pub(crate) struct PreparedKey {
    readings: Vec<(String, String, usize)>,
}

impl PreparedKey {
    pub(crate) fn new(key: &str) -> PreparedKey {
        PreparedKey {
            readings: key
                .split('|')
                .map(|r| {
                    let c = consonants(r);
                    let n = c.chars().count();
                    (r.to_string(), c, n)
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::names::keys_match;
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The index is only a faster way to the same answer.
        #[test]
        fn index_agrees_with_keys_match(
            a in "[BKTLaMN]{0,7}(\\|[BKTLaMN]{0,7}){0,2}",
            b in "[BKTLaMN]{0,7}(\\|[BKTLaMN]{0,7}){0,2}",
        ) {
            let index = NameIndex::new(std::slice::from_ref(&b));
            prop_assert_eq!(index.matching(&a) == [0], keys_match(&a, &b));
        }

        /// Long skeletons (compared by length) and short ones (through
        /// their variants) in one index, as many keys.
        #[test]
        fn index_of_many_keys_agrees_with_keys_match(
            a in "[BTSKLMNRaX]{0,13}(\\|[BTSKLMNRa]{0,11}){0,1}",
            bs in proptest::collection::vec("[BTSKLMNRaX]{0,13}(\\|[BTSKLMNRa]{0,11}){0,1}", 0..12),
        ) {
            let index = NameIndex::new(&bs);
            let want: Vec<u32> = (0..bs.len() as u32)
                .filter(|&i| keys_match(&a, &bs[i as usize]))
                .collect();
            prop_assert_eq!(index.matching(&a), want);
        }
    }

    #[test]
    fn variants_leave_out_up_to_a_third() {
        let mut out = Vec::new();
        assert!(variants("BTK", 3, &mut out));
        // BTK, TK, BK, BT.
        assert_eq!(out.len(), 4);
        out.clear();
        assert!(variants("BBBB", 4, &mut out));
        // BBBB and BBB.
        assert_eq!(out.len(), 2);
        assert!(!variants("BTKLMNRSD", 9, &mut out));
        assert!(!variants("BXK", 3, &mut out));
    }
}
