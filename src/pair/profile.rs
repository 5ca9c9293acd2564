//! Article profiles: sentences, and anchors in document order as interned
//! keys, with collection-wide weights.

use super::{Article, PairConfig};
use crate::anchors::names::{consonants, key_strength};
use crate::anchors::{extract_full, is_english_stop_word, AnchorKind};
use crate::lang::{Lang, Script};
use crate::normalize::{match_len, normalize};
use crate::segment::Segmenter;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// One anchor occurrence: the sentence it is in, its key ids (a name may
/// have several readings; any one shared is a match) and the kind's weight
/// factor.
#[derive(Debug, Clone)]
pub(crate) struct Occ {
    pub sent: u32,
    pub ids: Range<u32>,
    pub factor: f32,
    /// A name read from a script without capitals (Arabic): any word may
    /// be one, so most such "names" are common words that match nothing.
    /// They count as evidence when they match, but their absence from the
    /// other article is no evidence against a pair.
    pub soft: bool,
}

/// What pairing knows of one article.
#[derive(Debug, Clone, Default)]
pub(crate) struct Profile {
    /// Length in characters as the length model counts them.
    pub len: u32,
    /// Byte ranges of the sentences in the article's text.
    pub sents: Vec<Range<u32>>,
    /// Anchor occurrences, ordered by sentence.
    pub occs: Vec<Occ>,
    /// The key ids the occurrences point into.
    pub flat: Vec<u32>,
    /// Weight of each occurrence once the collection's weights are known:
    /// its factor times the best weight of its keys found on the other
    /// side (0 when none is: such an anchor can match nothing).
    pub occ_w: Vec<f32>,
    /// Sum of `occ_w` over the occurrences that are not soft.
    pub total_w: f32,
    /// Distinct key ids, sorted.
    pub keys: Vec<u32>,
    /// Days since 1970-01-01 of the article's date, if it has a readable one.
    pub day: Option<i64>,
}

impl Profile {
    pub fn ids(&self, o: &Occ) -> &[u32] {
        &self.flat[o.ids.start as usize..o.ids.end as usize]
    }
}

/// Both sides' profiles and the key weights.
#[derive(Debug)]
pub(crate) struct Collection {
    pub src: Vec<Profile>,
    pub tgt: Vec<Profile>,
    /// Weight of each key id: inverse document frequency over both sides.
    pub weight: Vec<f32>,
    /// In how many target articles each key id occurs.
    pub df_tgt: Vec<u32>,
}

/// An occurrence before interning.
struct RawOcc {
    sent: u32,
    keys: Vec<String>,
    factor: f32,
    soft: bool,
}

pub(super) struct RawDoc {
    pub(super) len: u32,
    sents: Vec<Range<u32>>,
    occs: Vec<RawOcc>,
}

/// The weight factor of each anchor kind. Months and weekdays say little
/// about which article it is (a week of news shares them); punctuation is
/// left out altogether.
fn kind_factor(kind: AnchorKind, key: &str) -> Option<f32> {
    match kind {
        AnchorKind::Number | AnchorKind::Latin => Some(1.0),
        AnchorKind::Name => Some(key_strength(key) as f32),
        AnchorKind::Date | AnchorKind::Weekday => Some(0.5),
        // Cognates are made per document pair, never for a whole collection.
        AnchorKind::Punct | AnchorKind::Cognate => None,
    }
}

/// The index keys of an anchor. A name gives one key per reading: the
/// consonant classes of a reading of three or more classes (which match
/// across scripts when equal, see [`crate::anchors::names::skeletons_match`]),
/// the whole skeleton with its vowel slots for a two-class one.
fn anchor_keys(kind: AnchorKind, key: &str, out: &mut Vec<String>) {
    match kind {
        AnchorKind::Name => {
            for r in key.split('|') {
                let c = consonants(r);
                let k = if c.len() >= 3 {
                    format!("s:{c}")
                } else {
                    format!("s:{r}")
                };
                if !out.contains(&k) {
                    out.push(k);
                }
            }
        }
        AnchorKind::Number => out.push(format!("n:{key}")),
        AnchorKind::Date => out.push(format!("d:{key}")),
        AnchorKind::Weekday => out.push(format!("w:{key}")),
        AnchorKind::Latin => out.push(latin_key(key)),
        AnchorKind::Punct | AnchorKind::Cognate => {}
    }
}

/// Whether a script marks names with capitals.
fn has_case(script: Script) -> bool {
    matches!(script, Script::Latin | Script::Cyrillic)
}

fn latin_key(key: &str) -> String {
    format!("l:{key}")
}

/// Byte ranges of the sentences of a text: every non-blank line is a
/// paragraph, split by the segmenter.
pub(super) fn sentence_ranges(text: &str, seg: &Segmenter) -> Vec<Range<u32>> {
    let base = text.as_ptr() as usize;
    let mut out = Vec::new();
    for line in text.split('\n') {
        let para = line.trim();
        if para.is_empty() {
            continue;
        }
        for s in seg.split(para) {
            // Sentences are slices of the paragraph, itself a slice of the
            // text, so the pointer difference is the byte offset.
            let start = s.as_ptr() as usize - base;
            out.push(start as u32..(start + s.len()) as u32);
        }
    }
    out
}

/// Reads one article: sentences, length and anchors. `latin_words`, when
/// given, is the set of Latin keys the other side holds: ordinary words of
/// this (Latin-script) side that are among them become Latin anchors too.
pub(super) fn read_doc(
    text: &str,
    lang: &Lang,
    seg: &Segmenter,
    latin_words: Option<&HashSet<String>>,
) -> RawDoc {
    // Texts over 4 GiB do not fit the u32 offsets; such input is not an
    // article, and is cut.
    let text = if text.len() > u32::MAX as usize {
        let mut end = u32::MAX as usize;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        &text[..end]
    } else {
        text
    };
    let sents = sentence_ranges(text, seg);
    let soft_names = !has_case(lang.script());
    let mut len = 0usize;
    let mut occs = Vec::new();
    for (i, r) in sents.iter().enumerate() {
        let s = &text[r.start as usize..r.end as usize];
        len += match_len(s) + 1;
        let ex = extract_full(s, lang);
        for a in &ex.anchors {
            let Some(factor) = kind_factor(a.kind, &a.key) else {
                continue;
            };
            let mut keys = Vec::new();
            anchor_keys(a.kind, &a.key, &mut keys);
            occs.push(RawOcc {
                sent: i as u32,
                keys,
                factor,
                soft: soft_names && a.kind == AnchorKind::Name,
            });
        }
        if let Some(set) = latin_words {
            for (key, _) in &ex.latin_words {
                let k = latin_key(&ex.latin_text[key.clone()]);
                if set.contains(&k) {
                    occs.push(RawOcc {
                        sent: i as u32,
                        keys: vec![k],
                        factor: 1.0,
                        soft: false,
                    });
                }
            }
        }
    }
    RawDoc {
        len: len.saturating_sub(1).min(u32::MAX as usize) as u32,
        sents,
        occs,
    }
}

/// Interns keys as dense ids, in the order first seen.
#[derive(Default)]
pub(super) struct Interner {
    pub(super) ids: HashMap<String, u32>,
}

impl Interner {
    pub(super) fn id(&mut self, key: String) -> u32 {
        let n = self.ids.len() as u32;
        *self.ids.entry(key).or_insert(n)
    }
}

pub(super) fn intern(raw: RawDoc, interner: &mut Interner) -> Profile {
    let mut p = Profile {
        len: raw.len,
        sents: raw.sents,
        ..Profile::default()
    };
    for o in raw.occs {
        let start = p.flat.len() as u32;
        for k in o.keys {
            p.flat.push(interner.id(k));
        }
        p.occs.push(Occ {
            sent: o.sent,
            ids: start..p.flat.len() as u32,
            factor: o.factor,
            soft: o.soft,
        });
    }
    p
}

/// Words of a sentence for the lexicon: runs of letters, normalised, of at
/// least two characters.
fn words(sentence: &str) -> impl Iterator<Item = String> + '_ {
    sentence
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 2 && !w.chars().all(|c| c.is_numeric()))
        .map(normalize)
}

impl Collection {
    /// Profiles both sides and weighs the keys.
    pub fn build(src: &[Article], tgt: &[Article], cfg: &PairConfig) -> Collection {
        let s_lang = src[0].lang.clone();
        let t_lang = tgt[0].lang.clone();
        let s_seg = Segmenter::new(&s_lang);
        let t_seg = Segmenter::new(&t_lang);
        let s_latin = s_lang.script() == Script::Latin;
        let t_latin = t_lang.script() == Script::Latin;
        let mut interner = Interner::default();
        // The side not written in Latin script goes first, so that its
        // Latin anchors are known when the other side's words are read.
        let src_first = !s_latin || t_latin;
        let read_side = |arts: &[Article], lang: &Lang, seg: &Segmenter, set| {
            arts.par_iter()
                .map(|a| read_doc(&a.text, lang, seg, set))
                .collect::<Vec<_>>()
        };
        let latin_of = |interner: &Interner| latin_set(interner.ids.keys());
        let (mut sp, mut tp);
        if src_first {
            sp = intern_all(read_side(src, &s_lang, &s_seg, None), &mut interner);
            let set = (t_latin && !s_latin).then(|| latin_of(&interner));
            tp = intern_all(read_side(tgt, &t_lang, &t_seg, set.as_ref()), &mut interner);
        } else {
            tp = intern_all(read_side(tgt, &t_lang, &t_seg, None), &mut interner);
            let set = latin_of(&interner);
            sp = intern_all(read_side(src, &s_lang, &s_seg, Some(&set)), &mut interner);
        }
        if let Some(lex) = &cfg.lexicon {
            add_lexicon(lex.as_ref(), src, tgt, &mut sp, &mut tp, &mut interner);
        }
        for (p, a) in sp.iter_mut().zip(src).chain(tp.iter_mut().zip(tgt)) {
            p.day = a.date.as_deref().and_then(super::score::date_days);
        }
        let n_ids = interner.ids.len();
        let key_kinds: Vec<(u32, bool)> = interner
            .ids
            .iter()
            .map(|(k, &id)| (id, k.starts_with("n:")))
            .collect();
        drop(interner);
        let df_src = key_sets(&mut sp, n_ids);
        let df_tgt = key_sets(&mut tp, n_ids);
        let number = number_ids(&key_kinds, n_ids);
        let weight = idf(&df_src, &df_tgt, &number, sp.len() + tp.len());
        weigh(&mut sp, &weight);
        weigh(&mut tp, &weight);
        Collection {
            src: sp,
            tgt: tp,
            weight,
            df_tgt,
        }
    }
}

/// The Latin keys of one side that make ordinary words of the other
/// (Latin-script) side anchors.
pub(super) fn latin_set<'a>(keys: impl Iterator<Item = &'a String>) -> HashSet<String> {
    keys.filter_map(|k| k.strip_prefix("l:"))
        // A letter or a function word in Latin script inside an Arabic
        // article ("I", "The Guardian") would tie it to every English
        // article.
        .filter(|w| w.chars().count() >= 3 && !is_english_stop_word(w))
        .map(latin_key)
        .collect()
}

/// Sets each profile's distinct keys; returns in how many profiles each
/// key id occurs.
pub(super) fn key_sets(ps: &mut [Profile], n_ids: usize) -> Vec<u32> {
    let mut df = vec![0u32; n_ids];
    for p in ps.iter_mut() {
        let mut keys = p.flat.clone();
        keys.sort_unstable();
        keys.dedup();
        for &k in &keys {
            df[k as usize] += 1;
        }
        p.keys = keys;
    }
    df
}

/// The weight of each key from its document frequencies on both sides,
/// `n` articles in all.
pub(super) fn idf(df_src: &[u32], df_tgt: &[u32], number: &[bool], n: usize) -> Vec<f32> {
    let n = n as f32;
    // Inverse document frequency over both sides. A key on one side
    // only can match nothing; it weighs 0 (so that it costs a pair
    // nothing) except for numbers: both sides read them reliably, so a
    // number that no article of the other side has is real evidence
    // that an article is not the other's translation (the other half
    // of a story, a longer version). Names and Latin tokens missing
    // from the other side are more often spelling or extraction gaps.
    (0..df_src.len())
        .map(|k| {
            let (a, b) = (df_src[k], df_tgt[k]);
            if (a == 0 || b == 0) && !number[k] {
                0.0
            } else {
                // ln(1 + N/df) rather than ln(N/df): in a collection of
                // three articles a key in all of them must still count.
                (1.0 + n / (a + b) as f32).ln()
            }
        })
        .collect()
}

/// Weighs each profile's occurrences by the collection's key weights.
pub(super) fn weigh(ps: &mut [Profile], weight: &[f32]) {
    for p in ps.iter_mut() {
        p.occ_w = p
            .occs
            .iter()
            .map(|o| {
                let ids = &p.flat[o.ids.start as usize..o.ids.end as usize];
                let best = ids
                    .iter()
                    .map(|&k| weight[k as usize])
                    .fold(0.0f32, f32::max);
                o.factor * best
            })
            .collect();
        p.total_w = p
            .occs
            .iter()
            .zip(&p.occ_w)
            .filter(|(o, _)| !o.soft)
            .map(|(_, w)| w)
            .sum();
    }
}

pub(super) fn number_ids(kinds: &[(u32, bool)], n_ids: usize) -> Vec<bool> {
    let mut v = vec![false; n_ids];
    for &(id, num) in kinds {
        v[id as usize] = num;
    }
    v
}

fn intern_all(raw: Vec<RawDoc>, interner: &mut Interner) -> Vec<Profile> {
    raw.into_iter().map(|r| intern(r, interner)).collect()
}

/// Adds lexicon evidence: every source word's translations become
/// occurrences keyed by the target word, and every target word that some
/// source word translates to becomes an occurrence of the same key.
fn add_lexicon(
    lex: &dyn super::Lexicon,
    src: &[Article],
    tgt: &[Article],
    sp: &mut [Profile],
    tp: &mut [Profile],
    interner: &mut Interner,
) {
    let mut words = LexiconWords::default();
    for (p, a) in sp.iter_mut().zip(src) {
        let extra = words.src(lex, &a.text, &p.sents, interner);
        push_extra(p, extra);
    }
    for (p, a) in tp.iter_mut().zip(tgt) {
        let extra = words.tgt(&a.text, &a.lang, &p.sents, interner);
        push_extra(p, extra);
    }
}

/// An article's lexicon occurrences: `(sentence, key ids, factor)`.
pub(super) type Extra = Vec<(u32, Vec<u32>, f32)>;

/// The caches of lexicon evidence over a collection: each word is
/// translated, or looked up, once.
#[derive(Default)]
pub(super) struct LexiconWords {
    translated: HashMap<String, Vec<(String, f64)>>,
    found: HashMap<String, Option<u32>>,
    buf: Vec<(String, f64)>,
}

impl LexiconWords {
    /// A source article's translated words, their keys interned in
    /// the order met (after every anchor key of both sides: every source
    /// article must be read before any target article).
    pub(super) fn src(
        &mut self,
        lex: &dyn super::Lexicon,
        text: &str,
        sents: &[Range<u32>],
        interner: &mut Interner,
    ) -> Extra {
        let mut extra = Vec::new();
        for (i, r) in sents.iter().enumerate() {
            for w in words(&text[r.start as usize..r.end as usize]) {
                let buf = &mut self.buf;
                let tr = self.translated.entry(w).or_insert_with_key(|w| {
                    buf.clear();
                    lex.translate(w, buf);
                    buf.iter()
                        .filter(|(t, x)| !t.is_empty() && *x > 0.0)
                        .map(|(t, x)| (format!("x:{}", normalize(t)), x.min(1.0)))
                        .collect()
                });
                if tr.is_empty() {
                    continue;
                }
                let ids: Vec<u32> = tr.iter().map(|(k, _)| interner.id(k.clone())).collect();
                let factor = tr.iter().map(|(_, x)| *x).fold(0.0, f64::max) as f32;
                extra.push((i as u32, ids, factor));
            }
        }
        extra
    }

    /// A target article's words that some source word translates to.
    /// A target word matches a translation as it stands or by its stem,
    /// so that a dictionary's "book" finds "books" and a learned
    /// lexicon's stems (`--lexicon-out`) find their words.
    pub(super) fn tgt(
        &mut self,
        text: &str,
        lang: &Lang,
        sents: &[Range<u32>],
        interner: &Interner,
    ) -> Extra {
        let mut extra = Vec::new();
        for (i, r) in sents.iter().enumerate() {
            for w in words(&text[r.start as usize..r.end as usize]) {
                let id = *self.found.entry(w).or_insert_with_key(|w| {
                    let key = |k: &str| interner.ids.get(&format!("x:{k}")).copied();
                    key(w).or_else(|| {
                        crate::tokenize::tokens(w, lang)
                            .first()
                            .and_then(|stem| key(stem))
                    })
                });
                if let Some(id) = id {
                    extra.push((i as u32, vec![id], 1.0));
                }
            }
        }
        extra
    }
}

/// Adds occurrences and keeps them ordered by sentence.
pub(super) fn push_extra(p: &mut Profile, extra: Extra) {
    if extra.is_empty() {
        return;
    }
    for (sent, ids, factor) in extra {
        let start = p.flat.len() as u32;
        p.flat.extend(ids);
        p.occs.push(Occ {
            sent,
            ids: start..p.flat.len() as u32,
            factor,
            soft: false,
        });
    }
    p.occs.sort_by_key(|o| o.sent);
}
