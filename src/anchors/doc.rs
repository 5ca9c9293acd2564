//! Anchors of a document pair, with weights, and bead similarity.
//!
//! Everything costly happens once in [`DocAnchors::new`]: anchors are
//! extracted, interned as `u32` ids and stored per sentence as sorted id
//! lists, weights are computed per id, and every source name is compared
//! with every target name of the document (names are fuzzy; nothing else
//! is). A bead's similarity is then a merge of a few small sorted lists
//! ([`similarity`]).

mod far;
mod near;
mod similarity;

pub use similarity::{AnchorMatch, AnchorScore};

use near::NearSentences;
use similarity::id_bit;

use super::name_index::NameIndex;
use super::names::key_strength;
use super::store::{Ids, Keys, Stored};
use super::{extract_full, Anchor, AnchorKind};
use crate::lang::{Lang, Script};
use rayon::prelude::*;
use std::collections::HashSet;

/// Base weight of each kind: punctuation is weak evidence.
fn kind_weight(kind: AnchorKind) -> f64 {
    match kind {
        AnchorKind::Punct => 0.25,
        // Half weight: a shared prefix is likelier chance than a number.
        AnchorKind::Cognate => 0.5,
        _ => 1.0,
    }
}

/// One side of the document pair.
#[derive(Debug, Default)]
struct Side {
    /// The anchors themselves, for `--explain` and display.
    stored: Stored,
    /// The key of each name id.
    name_keys: Vec<Box<str>>,
    /// Per sentence: exact-match ids (shared by both sides), sorted, and the
    /// index of each one's anchor in `stored`.
    exact: Vec<Vec<u32>>,
    exact_at: Vec<Vec<u16>>,
    /// Per sentence: name ids (this side's own), sorted, and anchor indices.
    names: Vec<Vec<u32>>,
    names_at: Vec<Vec<u16>>,
    /// Weight of a matched / unmatched exact id.
    exact_w: Vec<f64>,
    exact_u: Vec<f64>,
    /// Weight of a matched / unmatched name id.
    name_w: Vec<f64>,
    name_u: Vec<f64>,
}

impl Side {
    /// Keeps, in each sentence's lists, the exact ids and name ids marked
    /// live (the anchors themselves stay, for `--explain` and display).
    fn retain(&mut self, exact_live: &[bool], name_live: &[bool]) {
        let keep = |ids: &mut Vec<u32>, at: &mut Vec<u16>, live: &[bool]| {
            let mut k = 0;
            for r in 0..ids.len() {
                if live[ids[r] as usize] {
                    ids[k] = ids[r];
                    at[k] = at[r];
                    k += 1;
                }
            }
            ids.truncate(k);
            at.truncate(k);
        };
        for (ids, at) in self.exact.iter_mut().zip(&mut self.exact_at) {
            keep(ids, at, exact_live);
        }
        for (ids, at) in self.names.iter_mut().zip(&mut self.names_at) {
            keep(ids, at, name_live);
        }
    }
}

/// The anchors of a document pair (source and target sentences), with
/// weights, ready to score beads.
#[derive(Debug)]
pub struct DocAnchors {
    src: Side,
    tgt: Side,
    /// For each source name id, the sorted target name ids it matches.
    name_match: Vec<Vec<u32>>,
    /// For each source name id, the target name ids it matches folded
    /// into 64 bits (see [`similarity::id_bit`]).
    name_bits: Vec<u64>,
    /// For each source name id, the target sentences holding a name it
    /// matches.
    name_near: NearSentences,
    /// Points both sides' paths likely pass through, for a long pair that
    /// has enough of them ([`crate::align::coarse::anchor_guide`]).
    guide: Option<Vec<(usize, usize)>>,
    /// The longest rising chain of sentence pairs that share a rare
    /// number, date or Latin token ([`crate::align::coarse::rising_chain`]).
    chain: Vec<(usize, usize)>,
    /// The key of each exact id.
    exact_keys: Vec<Box<str>>,
}

/// Most sentences of one side an anchor may be found in and still place
/// sentence pairs for [`DocAnchors::shared_points`]; more, and it is
/// everywhere (a year, a country's name).
const POINTS_DF: usize = 128;

/// Most sentence pairs [`DocAnchors::shared_points`] gathers, the rarest
/// anchors first: enough for a chain through 100,000 lines, and a bound on
/// the work when a text repeats itself.
const POINTS_MAX: usize = 1 << 21;

/// The sentence pairs that share an exact anchor of a kind that rarely
/// repeats by chance (numbers, dates, Latin tokens), rarest anchors first.
/// An anchor found in several sentences of each side pairs each with
/// each, except pairs whose places in their documents differ by more than
/// half of the document: the chain through them
/// ([`crate::align::coarse::rising_chain`]) keeps the pairs that rise
/// together, so a text that repeats itself (boilerplate, a pasted copy)
/// still gives a chain.
fn shared_points(src: &[Vec<u32>], tgt: &[Vec<u32>], kinds: &[AnchorKind]) -> Vec<(usize, usize)> {
    let placed =
        |k: AnchorKind| matches!(k, AnchorKind::Number | AnchorKind::Date | AnchorKind::Latin);
    let where_ = |side: &[Vec<u32>]| {
        let mut at: Vec<Vec<usize>> = vec![Vec::new(); kinds.len()];
        for (i, ids) in side.iter().enumerate() {
            for &id in ids {
                let spots = &mut at[id as usize];
                if placed(kinds[id as usize])
                    && spots.last() != Some(&i)
                    && spots.len() <= POINTS_DF
                {
                    spots.push(i);
                }
            }
        }
        at
    };
    let (s_at, t_at) = (where_(src), where_(tgt));
    let mut ids: Vec<usize> = (0..kinds.len())
        .filter(|&id| {
            let (s, t) = (s_at[id].len(), t_at[id].len());
            s > 0 && t > 0 && s <= POINTS_DF && t <= POINTS_DF
        })
        .collect();
    ids.sort_by_key(|&id| (s_at[id].len() * t_at[id].len(), id));
    let (n, m) = (src.len().max(1) as f64, tgt.len().max(1) as f64);
    let mut points = Vec::new();
    for id in ids {
        if points.len() >= POINTS_MAX {
            break;
        }
        for &i in &s_at[id] {
            for &j in &t_at[id] {
                if (i as f64 / n - j as f64 / m).abs() <= 0.5 {
                    points.push((i, j));
                }
            }
        }
    }
    points
}

/// Sentences of a pair (both sides) past which its extracted anchors are
/// freed on another thread.
const FREE_ASIDE: usize = 4096;

/// Down-weights anchors found in many sentences of a side: 1 for an anchor
/// in one sentence, `1 / (1 + ln n)` for one in all `n`.
fn idf(df: usize, n: usize) -> f64 {
    if df == 0 || n == 0 {
        return 0.0;
    }
    let n = n as f64;
    (1.0 + (n / df as f64).ln()) / (1.0 + n.ln())
}

impl DocAnchors {
    /// Extracts and indexes the anchors of both sides.
    ///
    /// On a Latin-script side every word is a Latin token; those whose lower
    /// case form occurs as a Latin anchor on the other (non-Latin) side are
    /// added as Latin anchors, so that `NATO` or `Facebook` written in Latin
    /// inside an Arabic sentence finds its English sentence.
    pub fn new(src: &[String], src_lang: &Lang, tgt: &[String], tgt_lang: &Lang) -> DocAnchors {
        // Each sentence on its own, on every core: on a 20,000-sentence
        // pair this was about a twentieth of a default run, all on one core.
        let (mut s_ex, mut t_ex): (Vec<_>, Vec<_>) = rayon::join(
            || src.par_iter().map(|s| extract_full(s, src_lang)).collect(),
            || tgt.par_iter().map(|s| extract_full(s, tgt_lang)).collect(),
        );
        let latin_keys = |ex: &[super::Extracted]| -> HashSet<String> {
            ex.iter()
                .flat_map(|e| e.anchors.iter())
                .filter(|a| a.kind == AnchorKind::Latin)
                .map(|a| a.key.clone())
                .collect()
        };
        let (s_latin, t_latin) = (
            src_lang.script() == Script::Latin,
            tgt_lang.script() == Script::Latin,
        );
        if s_latin != t_latin {
            let (latin_side, other) = if s_latin {
                (&mut s_ex, &t_ex)
            } else {
                (&mut t_ex, &s_ex)
            };
            // Function words ("the" of "The Guardian" quoted in Latin in an
            // Arabic sentence) would tie every English sentence to it.
            let mut keys = latin_keys(other);
            keys.retain(|k| !super::lexicon::lexicon().stop_en.contains(k));
            let sentences = if s_latin { src } else { tgt };
            // On every core: every word of the Latin side is looked up, a
            // serial 26 ms on 20,000 sentences of real news (issue 16).
            latin_side
                .par_iter_mut()
                .zip(sentences)
                .for_each(|(e, sentence)| {
                    let text = std::mem::take(&mut e.latin_text);
                    for (key, surface) in std::mem::take(&mut e.latin_words) {
                        let key = &text[key];
                        if keys.contains(key) {
                            e.anchors
                                .push(Anchor::new(AnchorKind::Latin, key, &sentence[surface]));
                        }
                    }
                });
        }
        if src_lang.script() == tgt_lang.script() {
            super::cognates::add_cognates(&mut s_ex, src, &mut t_ex, tgt);
        }
        let ix = super::store::index(&s_ex, &t_ex);
        // Freeing every sentence's anchors took a serial 31 ms on 20,000
        // sentences of real news; the other core frees a long pair's
        // meanwhile. A short pair's are freed at once: in a build over
        // 10,000 article pairs, frees queued behind the busy cores raised
        // the peak by about 20 MB.
        if src.len() + tgt.len() > FREE_ASIDE {
            rayon::spawn(move || drop((s_ex, t_ex)));
        } else {
            drop((s_ex, t_ex));
        }
        let kinds = ix.kinds;
        let side = |(stored, ids): (Stored, Ids), name_keys| Side {
            stored,
            exact: ids.exact,
            exact_at: ids.exact_at,
            names: ids.names,
            names_at: ids.names_at,
            name_keys,
            ..Side::default()
        };
        let mut sd = side(ix.src, ix.src_names);
        let mut td = side(ix.tgt, ix.tgt_names);
        // Names: compare every source key with every target key once.
        let (s_keys, t_keys) = (&sd.name_keys, &td.name_keys);
        let t_index = NameIndex::new(t_keys);
        let name_match: Vec<Vec<u32>> = s_keys.par_iter().map(|s| t_index.matching(s)).collect();
        let mut t_has_partner = vec![false; t_keys.len()];
        for &t in name_match.iter().flatten() {
            t_has_partner[t as usize] = true;
        }
        let s_has_partner: Vec<bool> = name_match.iter().map(|m| !m.is_empty()).collect();
        let name_bits = name_match
            .iter()
            .map(|m| m.iter().fold(0, |bits, &t| bits | id_bit(t)))
            .collect();
        // Exact ids: on which sides they occur.
        let on = |side: &Side| {
            let mut v = vec![false; kinds.len()];
            for &id in side.exact.iter().flatten() {
                v[id as usize] = true;
            }
            v
        };
        let (s_on, t_on) = (on(&sd), on(&td));
        for (side, other_on) in [(&mut sd, &t_on), (&mut td, &s_on)] {
            let n = side.exact.len();
            let df = doc_freq(&side.exact, kinds.len());
            side.exact_w = (0..kinds.len())
                .map(|id| kind_weight(kinds[id]) * idf(df[id], n))
                .collect();
            side.exact_u = (0..kinds.len())
                .map(|id| {
                    let w = side.exact_w[id];
                    if other_on[id] {
                        w
                    } else if kinds[id] == AnchorKind::Number {
                        w * 0.5
                    } else {
                        0.0
                    }
                })
                .collect();
        }
        for (side, partner) in [(&mut sd, &s_has_partner), (&mut td, &t_has_partner)] {
            let n = side.names.len();
            let keys = &side.name_keys;
            let df = doc_freq(&side.names, keys.len());
            side.name_w = (0..keys.len())
                .map(|id| kind_weight(AnchorKind::Name) * key_strength(&keys[id]) * idf(df[id], n))
                .collect();
            side.name_u = (0..keys.len())
                .map(|id| if partner[id] { side.name_w[id] } else { 0.0 })
                .collect();
        }
        // Anchors that can neither match in any bead nor count as
        // unmatched add nothing to any similarity: drop them from the
        // per-sentence lists the DP merges. Real Arabic has about 19 name
        // candidates a sentence, half of them with no possible partner in
        // the document (issue 16).
        for (side, other_on, partner) in [
            (&mut sd, &t_on, &s_has_partner),
            (&mut td, &s_on, &t_has_partner),
        ] {
            let exact_live: Vec<bool> = (0..kinds.len())
                .map(|id| other_on[id] || side.exact_u[id] != 0.0)
                .collect();
            side.retain(&exact_live, partner);
        }
        let name_near = NearSentences::new(&name_match, &td.names, td.name_keys.len());
        let chain = crate::align::coarse::rising_chain(shared_points(&sd.exact, &td.exact, &kinds));
        let guide = crate::align::coarse::anchor_guide(sd.exact.len(), td.exact.len(), &chain);
        if let Some(guide) = &guide {
            far::flag_far_names(
                guide,
                &name_match,
                &name_near,
                (&mut sd.names, &mut sd.names_at),
                (&mut td.names, &mut td.names_at),
                td.name_keys.len(),
            );
        }
        DocAnchors {
            src: sd,
            tgt: td,
            name_match,
            name_bits,
            name_near,
            guide,
            chain,
            exact_keys: ix.exact_keys,
        }
    }

    /// The guide for the first search of a long pair: the rising chain of
    /// sentence pairs that share a number, date or Latin token found in
    /// few sentences of each side, when there are enough of them
    /// ([`crate::align::coarse::anchor_guide`]).
    pub fn guide(&self) -> Option<&[(usize, usize)]> {
        self.guide.as_deref()
    }

    /// Sentence pairs, rising on both sides, that share a rare number,
    /// date or Latin token: points the true path most likely passes
    /// through, short pair or long.
    pub fn chain(&self) -> &[(usize, usize)] {
        &self.chain
    }

    /// Number of source sentences.
    pub fn src_len(&self) -> usize {
        self.src.stored.len()
    }

    /// Number of target sentences.
    pub fn tgt_len(&self) -> usize {
        self.tgt.stored.len()
    }

    /// The anchors of source sentence `i` (empty when out of range), made
    /// from the compact form they are kept in.
    pub fn src_anchors(&self, i: usize) -> Vec<Anchor> {
        let n = self.src.stored.count(i);
        (0..n).filter_map(|k| self.src_anchor(i, k)).collect()
    }

    /// The anchors of target sentence `j` (empty when out of range).
    pub fn tgt_anchors(&self, j: usize) -> Vec<Anchor> {
        let n = self.tgt.stored.count(j);
        (0..n).filter_map(|k| self.tgt_anchor(j, k)).collect()
    }

    /// The keys of the anchors of `kind` in source sentence `i`, in text
    /// order, without making the anchors.
    pub fn src_keys(&self, i: usize, kind: AnchorKind) -> Vec<&str> {
        self.src.stored.keys_of(i, kind, &self.keys(&self.src))
    }

    /// The keys of the anchors of `kind` in target sentence `j`.
    pub fn tgt_keys(&self, j: usize, kind: AnchorKind) -> Vec<&str> {
        self.tgt.stored.keys_of(j, kind, &self.keys(&self.tgt))
    }

    fn src_anchor(&self, i: usize, k: usize) -> Option<Anchor> {
        self.src.stored.get(i, k, &self.keys(&self.src))
    }

    fn tgt_anchor(&self, j: usize, k: usize) -> Option<Anchor> {
        self.tgt.stored.get(j, k, &self.keys(&self.tgt))
    }

    fn keys<'a>(&'a self, side: &'a Side) -> Keys<'a> {
        Keys {
            exact: &self.exact_keys,
            names: &side.name_keys,
        }
    }
}

/// In how many sentences each id occurs.
fn doc_freq(lists: &[Vec<u32>], n_ids: usize) -> Vec<usize> {
    let mut df = vec![0; n_ids];
    for l in lists {
        for (k, &id) in l.iter().enumerate() {
            if k == 0 || l[k - 1] != id {
                df[id as usize] += 1;
            }
        }
    }
    df
}

#[cfg(test)]
mod cognate_tests {
    use super::*;

    #[test]
    fn cognates_only_between_sides_of_one_script() {
        let de = vec!["Die Expedition erreichte den Gipfel.".to_string()];
        let fr = vec!["L'expédition atteignit le sommet.".to_string()];
        let a = DocAnchors::new(
            &de,
            &Lang::Other("de".into()),
            &fr,
            &Lang::Other("fr".into()),
        );
        let m = a.explain(0..1, 0..1);
        assert!(
            m.iter()
                .any(|x| x.src.kind == AnchorKind::Cognate && x.src.surface == "Expedition"),
            "{m:?}"
        );
        let ru = vec!["Экспедиция достигла вершины.".to_string()];
        let b = DocAnchors::new(&de, &Lang::Other("de".into()), &ru, &Lang::Ru);
        assert!(b
            .src_anchors(0)
            .iter()
            .all(|x| x.kind != AnchorKind::Cognate));
    }
}
