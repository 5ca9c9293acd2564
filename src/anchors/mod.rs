//! Anchors: tokens that survive translation and so tie a sentence to its
//! translation — numbers, dates, weekdays, Latin-script tokens, names and
//! some punctuation.
//!
//! [`extract`] reads the anchors of one sentence; [`DocAnchors`] holds the
//! anchors of both sides of a document pair, with weights that fall for
//! anchors found in many sentences, and scores how well a bead's source and
//! target sentences share anchors ([`DocAnchors::similarity`], fast, for the
//! aligner; [`DocAnchors::explain`], with surfaces, for `--explain`).
//!
//! Keys are canonical so that equal things compare equal across languages:
//! numbers as a plain decimal value (`1000`, `3.5`), months and weekdays as
//! their number, Latin tokens in lower case, and names as a consonant
//! skeleton in a class alphabet shared by the three scripts (see
//! [`names`]). Names are compared fuzzily; every other kind by equal keys.

mod cognates;
mod dates;
mod doc;
mod latin;
mod lexicon;
mod name_index;
pub mod name_sample;
pub mod names;
mod number_words;
mod numbers;
mod store;
mod tokens;

#[cfg(test)]
mod tests;

pub use doc::{AnchorMatch, AnchorScore, DocAnchors};

use crate::lang::{Lang, Script};
use std::ops::Range;
use tokens::{Tok, TokKind};

/// The kind of an anchor. Anchors only match anchors of the same kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AnchorKind {
    /// A number, keyed by its value (`2017`, `1000`, `3.5`, `5000000`) or a
    /// time of day (`10:15`).
    Number,
    /// A month name, keyed by the month number (`10` for October).
    Date,
    /// A weekday name, keyed by its number (1 = Monday ... 7 = Sunday).
    Weekday,
    /// A Latin-script token (acronym, brand, URL, e-mail, hashtag) in lower
    /// case.
    Latin,
    /// A probable name, keyed by its consonant skeleton; a key may hold
    /// several readings separated by `|` (an Arabic word whose first letter
    /// may be a clitic, a Russian word with a case ending).
    Name,
    /// A word of five or more letters whose first five letters, with
    /// accents removed, the other side shares: cognates and names between
    /// two languages in the same script (Expedition / expédition). Only
    /// made when both sides share a script.
    Cognate,
    /// Punctuation that tends to be kept in translation: `?`, `!`, `"`
    /// (any quote), `(`, `:`, and `%` (also for percent words).
    Punct,
}

impl AnchorKind {
    /// A short lower-case label, as used in `--explain` output.
    pub fn label(self) -> &'static str {
        match self {
            AnchorKind::Number => "number",
            AnchorKind::Date => "month",
            AnchorKind::Weekday => "weekday",
            AnchorKind::Latin => "latin",
            AnchorKind::Name => "name",
            AnchorKind::Cognate => "cognate",
            AnchorKind::Punct => "punct",
        }
    }
}

/// One anchor found in a sentence.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Anchor {
    /// What kind of anchor it is.
    pub kind: AnchorKind,
    /// The canonical key compared across languages.
    pub key: String,
    /// The text the anchor was read from, as it stands in the sentence.
    pub surface: String,
}

impl Anchor {
    fn new(kind: AnchorKind, key: impl Into<String>, surface: &str) -> Anchor {
        Anchor {
            kind,
            key: key.into(),
            surface: surface.to_string(),
        }
    }
}

/// The anchors of one sentence written in `lang`, in text order.
///
/// For a Latin-script language every word is a Latin token, so only the
/// distinctive ones (acronyms, mixed case, with digits or dots, URLs,
/// e-mail addresses, hashtags) come out as [`AnchorKind::Latin`] here;
/// [`DocAnchors`] adds the others when the other side of the document has
/// them in Latin script.
pub fn extract(sentence: &str, lang: &Lang) -> Vec<Anchor> {
    extract_full(sentence, lang).anchors
}

/// The number anchors of one sentence, as [`extract`] finds them, without
/// the cost of the names: reading a name's key (its consonant skeleton)
/// was most of the confidence step of a length-only run (issue 16).
pub fn extract_numbers(sentence: &str, lang: &Lang) -> Vec<Anchor> {
    let mut found = scan(sentence, lang, false).anchors;
    found.retain(|a| a.kind == AnchorKind::Number);
    found
}

/// Anchors plus every other Latin token of the sentence, used by
/// [`DocAnchors`] for its lookup on Latin-script sides.
pub(crate) struct Extracted {
    pub anchors: Vec<Anchor>,
    /// The Latin tokens that are not anchors: the byte range of each one's
    /// lower-case key in `latin_text`, and of its surface in the sentence.
    /// Ranges, not strings: on an English side that is every word.
    pub latin_words: Vec<(Range<usize>, Range<usize>)>,
    pub latin_text: String,
}

pub(crate) fn extract_full(sentence: &str, lang: &Lang) -> Extracted {
    scan(sentence, lang, true)
}

/// The anchors of a sentence; names and Latin compounds only when `full`
/// is set (dates, percent words and number words are read either way,
/// since each of them decides where the next token starts).
fn scan(sentence: &str, lang: &Lang, full: bool) -> Extracted {
    let script = lang.script();
    let latin_side = script == Script::Latin;
    let mut buf = String::with_capacity(sentence.len());
    let tk = tokens::tokenize(sentence, &mut buf, full);
    let mut anchors = Vec::new();
    let mut latin_words = Vec::new();
    for l in &tk.latin {
        if !latin_side || l.strong {
            let surface = &sentence[l.start..l.end];
            anchors.push(Anchor::new(AnchorKind::Latin, l.key, surface));
        } else {
            latin_words.push((l.key_at.clone(), l.start..l.end));
        }
    }
    let toks = &tk.toks;
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        let surface = &sentence[t.start..t.end];
        match t.kind {
            TokKind::Num => {
                let used = numbers::read(toks, i, lang, sentence, &mut anchors);
                i += used.max(1);
                continue;
            }
            TokKind::Punct => {
                if let Some(key) = punct_key(t.norm) {
                    anchors.push(Anchor::new(AnchorKind::Punct, key, surface));
                }
            }
            TokKind::Word => {
                if let Some((kind, key, used)) = dates::read(toks, i) {
                    let end = toks[i + used - 1].end;
                    anchors.push(Anchor::new(kind, key, &sentence[t.start..end]));
                    i += used;
                    continue;
                }
                if lexicon::is_percent_word(t.norm) {
                    // Before number words: "في المائة" is a percent sign.
                    anchors.push(Anchor::new(AnchorKind::Punct, "%", surface));
                    i += 1;
                    continue;
                }
                let used = number_words::read(toks, i, sentence, &mut anchors);
                if used > 0 {
                    i += used;
                    continue;
                }
                if full && is_name_candidate(t, script) {
                    if let Some(key) = names::name_key(t.norm, t.script) {
                        anchors.push(Anchor::new(AnchorKind::Name, key, surface));
                    }
                }
            }
        }
        i += 1;
    }
    drop(tk);
    if latin_words.is_empty() {
        buf = String::new();
    }
    Extracted {
        anchors,
        latin_words,
        latin_text: buf,
    }
}

/// Whether a normalised word is an English function word (`the`, `of`),
/// which says nothing about what an article is about.
pub(crate) fn is_english_stop_word(word: &str) -> bool {
    lexicon::lexicon().stop_en.contains(word)
}

/// Arabic script has no capitals, so every Arabic word may be a name (the
/// skeleton length and the stop list keep most common words out); in
/// Latin and Cyrillic text only capitalised words are candidates. In
/// Russian text that includes capitalised Latin words: band, brand and
/// company names stay in Latin there (The Fugees, Nielsen) while Arabic
/// transliterates them (فوجيس, نيلسن); on ntrex-dev this raised strict F1
/// with anchors alone by 0.015 on the abridged ar-ru set. Other words of
/// another script than the sentence's are Latin tokens or noise, not
/// names.
fn is_name_candidate(t: &Tok, script: Script) -> bool {
    match t.script {
        Some(Script::Arabic) => script == Script::Arabic,
        Some(s) => t.cap && (s == script || (s == Script::Latin && script == Script::Cyrillic)),
        None => false,
    }
}

fn punct_key(norm: &str) -> Option<&'static str> {
    match norm {
        "?" | "؟" => Some("?"),
        "!" => Some("!"),
        "\"" | "“" | "”" | "«" | "»" | "„" | "‟" => Some("\""),
        "(" => Some("("),
        ":" => Some(":"),
        "%" | "٪" => Some("%"),
        _ => None,
    }
}
