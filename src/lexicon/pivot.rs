//! A lexicon for a language pair that no dictionary links (Arabic-Russian),
//! composed from two that do through a third language (Arabic → English →
//! Russian).
//!
//! Each hop gives a translation the weight `n^-alpha`, `n` the number of
//! senses of its headword (distinct translations, once stemmed, on the
//! first hop), and a composed pair the sum over the pivot words that link
//! it of the two hops' product. An ambiguous English word ("party": a
//! feast, a political party, a side in a lawsuit) thus passes little
//! weight to each of its many Russian words, while a Russian word reached
//! through several of an Arabic word's English translations adds up.
//! The pivot side is matched on its tokens ([`crate::tokenize::tokens`]:
//! normalised, stemmed), so FreeDict's inflected English ("Atomizes")
//! meets Mueller's lemmas ("atomize").

use super::dicts::Senses;
use super::io::{Entry, UserLexicon};
use crate::lang::Lang;
use crate::tokenize::tokens;
use rustc_hash::FxHashMap;

/// How the hops' weights combine.
#[derive(Debug, Clone)]
pub struct PivotParams {
    /// How fast a hop's weight falls with its headword's senses. 1 gave
    /// single-pair ntrex-dev align ar-ru strict F1 0.962, 0.5 gave 0.960.
    pub alpha: f32,
    /// Composed pairs lighter than this are left out.
    pub min_weight: f32,
    /// At most this many translations per source word, the heaviest.
    pub max_per_word: usize,
    /// How fast the second hop's weight falls with a sense's rank in its
    /// entry (Mueller lists the commonest sense first). 0 by default: 1
    /// lowered the pivot's precision on the labelled sample (0.130 to
    /// 0.129) and its recall (0.59 to 0.55).
    pub rank_decay: f32,
}

impl Default for PivotParams {
    fn default() -> Self {
        PivotParams {
            alpha: 1.0,
            min_weight: 0.05,
            max_per_word: 10,
            rank_decay: 0.0,
        }
    }
}

/// One hop: headwords with their senses.
#[derive(Debug, Clone, Default)]
pub struct Hop {
    rows: Vec<Senses>,
}

impl Hop {
    /// Adds a dictionary's headwords as they are.
    pub fn add(&mut self, senses: &[Senses]) {
        self.rows.extend(senses.iter().cloned());
    }

    /// Adds a dictionary read the other way round: each translation
    /// becomes a headword whose senses are the headwords it translates.
    pub fn add_reversed(&mut self, senses: &[Senses]) {
        let mut rev: FxHashMap<&str, Vec<Vec<String>>> = FxHashMap::default();
        let mut order: Vec<&str> = Vec::new();
        for (head, ss) in senses {
            for t in ss.iter().flatten() {
                let row = rev.entry(t.as_str()).or_insert_with(|| {
                    order.push(t.as_str());
                    Vec::new()
                });
                if !row.iter().any(|s| s.first() == Some(head)) {
                    row.push(vec![head.clone()]);
                }
            }
        }
        for t in order {
            if let Some(ss) = rev.remove(t) {
                self.rows.push((t.to_string(), ss));
            }
        }
    }
}

/// The key a pivot-language word or phrase is matched by.
fn key(text: &str, lang: &Lang) -> Option<String> {
    let t = tokens(text, lang);
    (!t.is_empty()).then(|| t.join(" "))
}

/// Composes `first` (source → pivot) with `second` (pivot → target) into
/// a source → target lexicon (see the module documentation).
pub fn compose(first: &Hop, second: &Hop, pivot: &Lang, p: &PivotParams) -> UserLexicon {
    let falloff = |n: usize| (n.max(1) as f32).powf(-p.alpha);
    // Second hop by pivot key: target word → weight (the best of the
    // headwords sharing the key).
    let mut by_key: FxHashMap<String, Vec<(&str, f32)>> = FxHashMap::default();
    for (head, senses) in &second.rows {
        let Some(k) = key(head, pivot) else { continue };
        let row = by_key.entry(k).or_default();
        for (i, sense) in senses.iter().enumerate() {
            let w = falloff(senses.len()) * (1.0 + i as f32).powf(-p.rank_decay);
            for t in sense {
                match row.iter_mut().find(|(x, _)| *x == t.as_str()) {
                    Some(slot) => slot.1 = slot.1.max(w),
                    None => row.push((t.as_str(), w)),
                }
            }
        }
    }
    // First hop by source word: the distinct pivot keys of all its senses.
    let mut keys: FxHashMap<&str, Vec<String>> = FxHashMap::default();
    let mut order: Vec<&str> = Vec::new();
    for (head, senses) in &first.rows {
        let row = keys.entry(head.as_str()).or_insert_with(|| {
            order.push(head.as_str());
            Vec::new()
        });
        for t in senses.iter().flatten() {
            if let Some(k) = key(t, pivot) {
                if !row.contains(&k) {
                    row.push(k);
                }
            }
        }
    }
    let mut entries = Vec::new();
    for src in order {
        let ks = &keys[src];
        let w1 = falloff(ks.len());
        let mut acc: Vec<(&str, f32)> = Vec::new();
        for k in ks {
            for &(t, w2) in by_key.get(k).map(Vec::as_slice).unwrap_or(&[]) {
                match acc.iter_mut().find(|(x, _)| *x == t) {
                    Some(slot) => slot.1 += w1 * w2,
                    None => acc.push((t, w1 * w2)),
                }
            }
        }
        acc.retain(|&(_, w)| w >= p.min_weight);
        // Heaviest first; ties in the dictionaries' order (stable sort).
        acc.sort_by(|a, b| b.1.total_cmp(&a.1));
        acc.truncate(p.max_per_word);
        entries.extend(acc.into_iter().map(|(t, w)| Entry {
            source: src.to_string(),
            target: t.to_string(),
            weight: w.min(1.0),
        }));
    }
    UserLexicon { entries }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn senses(head: &str, s: &[&[&str]]) -> Senses {
        (
            head.to_string(),
            s.iter()
                .map(|x| x.iter().map(|w| w.to_string()).collect())
                .collect(),
        )
    }

    fn weight(lex: &UserLexicon, s: &str, t: &str) -> Option<f32> {
        lex.entries
            .iter()
            .find(|e| e.source == s && e.target == t)
            .map(|e| e.weight)
    }

    #[test]
    fn weights_fall_with_senses_and_add_up_over_pivots() {
        let mut ar_en = Hop::default();
        // Two English words for one Arabic word; "Atoms"/"atom" meet
        // through the stemmer.
        ar_en.add(&[
            senses("ذرات", &[&["Atoms"]]),
            senses("حزب", &[&["party"], &["faction"]]),
        ]);
        let mut en_ru = Hop::default();
        en_ru.add(&[
            senses("atom", &[&["атом"]]),
            senses(
                "party",
                &[&["партия"], &["вечеринка"], &["сторона"], &["отряд"]],
            ),
            senses("faction", &[&["фракция", "партия"]]),
        ]);
        let p = PivotParams::default();
        let lex = compose(&ar_en, &en_ru, &Lang::En, &p);
        assert_eq!(weight(&lex, "ذرات", "атом"), Some(1.0));
        // партия: 1/2 * 1/4 through party, 1/2 * 1 through faction.
        let w = weight(&lex, "حزب", "партия").unwrap();
        assert!((w - 0.625).abs() < 1e-6, "{w}");
        let w = weight(&lex, "حزب", "вечеринка").unwrap();
        assert!((w - 0.125).abs() < 1e-6, "{w}");
        assert!(weight(&lex, "حزب", "фракция").unwrap() > w);
        // Below the floor: left out.
        let strict = PivotParams {
            min_weight: 0.2,
            ..p
        };
        let lex = compose(&ar_en, &en_ru, &Lang::En, &strict);
        assert_eq!(weight(&lex, "حزب", "вечеринка"), None);
        assert!(weight(&lex, "حزب", "партия").is_some());
    }

    #[test]
    fn reversed_hops_count_the_headwords_a_word_translates() {
        // An eng-ara dictionary read as ara → eng.
        let mut first = Hop::default();
        first.add_reversed(&[
            senses("book", &[&["كتاب"]]),
            senses("volume", &[&["كتاب", "مجلد"]]),
        ]);
        let mut second = Hop::default();
        second.add(&[senses("book", &[&["книга"]]), senses("volume", &[&["том"]])]);
        let lex = compose(&first, &second, &Lang::En, &PivotParams::default());
        assert_eq!(weight(&lex, "كتاب", "книга"), Some(0.5));
        assert_eq!(weight(&lex, "كتاب", "том"), Some(0.5));
        assert_eq!(weight(&lex, "مجلد", "том"), Some(1.0));
        assert_eq!(weight(&lex, "مجلد", "книга"), None);
    }
}
