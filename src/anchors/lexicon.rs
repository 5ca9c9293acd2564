//! The word lists under `data/anchors/`, embedded at build time and parsed
//! once on first use. Every form is normalised on loading, so the files may
//! spell words as usual (with hamza, ta marbuta, ё, capitals).

use crate::normalize::normalize;
// Looked up for nearly every token of every sentence, never iterated:
// the Fx hash took the lookups from about 4% to 2% of a `--no-lexicon` run
// (issue 16).
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::OnceLock;

const MONTHS: &str = include_str!("../../data/anchors/months.txt");
const MONTH_CONTEXT: &str = include_str!("../../data/anchors/months_context.txt");
const WEEKDAYS: &str = include_str!("../../data/anchors/weekdays.txt");
const SCALES: &str = include_str!("../../data/anchors/scales.txt");
const NUMBER_WORDS: &str = include_str!("../../data/anchors/number_words.txt");
const TIME_WORDS: &str = include_str!("../../data/anchors/time_words.txt");
const CLITICS_AR: &str = include_str!("../../data/anchors/clitics_ar.txt");
const STOP_EN: &str = include_str!("../../data/anchors/stopwords_en.txt");
const STOP_RU: &str = include_str!("../../data/anchors/stopwords_ru.txt");
const STOP_AR: &str = include_str!("../../data/anchors/stopwords_ar.txt");

/// One form of a month name, filed under its first word.
#[derive(Debug, Clone)]
pub(crate) struct MonthForm {
    /// The second word of a two-word form (`كانون الثاني`).
    pub second: Option<String>,
    pub month: u8,
    /// Also an ordinary word: needs a number or context word next to it.
    pub ambiguous: bool,
}

/// A scale word.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scale {
    /// Power of ten, or None for a percent word.
    pub pow: Option<u32>,
    /// Only counts written right after the digits (`5m`).
    pub attached_only: bool,
}

pub(crate) struct Lexicon {
    pub months: HashMap<String, Vec<MonthForm>>,
    pub month_context: HashSet<String>,
    pub weekdays: HashMap<String, u8>,
    pub scales: HashMap<String, Scale>,
    /// Number words and their values.
    pub number_words: HashMap<String, u64>,
    /// Words after (`صباحا`, `утра`) and before (`الساعة`) a number that
    /// make `h.mm` a time of day.
    pub time_after: HashSet<String>,
    pub time_before: HashSet<String>,
    /// Arabic clitic prefixes ([`clitic_list`]) grouped by their first
    /// letter, each group in the list's order: a word can only start with
    /// the clitics of its own first letter, so [`Lexicon::clitics_of`]
    /// skips the other tests.
    clitic_groups: Vec<(char, Vec<String>)>,
    pub stop_en: HashSet<String>,
    pub stop_ru: HashSet<String>,
    pub stop_ar: HashSet<String>,
}

pub(crate) fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(build)
}

fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Lines of the form `head: form | form | ...`.
fn entries(text: &str) -> impl Iterator<Item = (&str, Vec<&str>)> {
    lines(text).filter_map(|l| {
        let (head, rest) = l.split_once(':')?;
        let forms = rest
            .split('|')
            .map(str::trim)
            .filter(|f| !f.is_empty())
            .collect();
        Some((head.trim(), forms))
    })
}

fn word_set(text: &str) -> HashSet<String> {
    lines(text).map(normalize).collect()
}

fn build() -> Lexicon {
    let mut months: HashMap<String, Vec<MonthForm>> = HashMap::default();
    for (head, forms) in entries(MONTHS) {
        let Ok(month) = head.parse::<u8>() else {
            continue;
        };
        for form in forms {
            let (ambiguous, form) = match form.strip_prefix('?') {
                Some(f) => (true, f),
                None => (false, form),
            };
            let norm = normalize(form);
            let mut words = norm.split_whitespace();
            let Some(first) = words.next() else { continue };
            let second = words.next().map(str::to_string);
            months
                .entry(first.to_string())
                .or_default()
                .push(MonthForm {
                    second,
                    month,
                    ambiguous,
                });
        }
    }
    let mut weekdays = HashMap::default();
    for (head, forms) in entries(WEEKDAYS) {
        let Ok(day) = head.parse::<u8>() else {
            continue;
        };
        for form in forms {
            weekdays.insert(normalize(form), day);
        }
    }
    let mut scales = HashMap::default();
    for (head, forms) in entries(SCALES) {
        let pow = if head == "%" {
            None
        } else if let Ok(p) = head.parse::<u32>() {
            Some(p)
        } else {
            continue;
        };
        for form in forms {
            let (attached_only, form) = match form.strip_prefix('+') {
                Some(f) => (true, f),
                None => (false, form),
            };
            scales.insert(normalize(form), Scale { pow, attached_only });
        }
    }
    let mut number_words = HashMap::default();
    for (head, forms) in entries(NUMBER_WORDS) {
        let Ok(value) = head.parse::<u64>() else {
            continue;
        };
        for form in forms {
            number_words.insert(normalize(form), value);
        }
    }
    let (mut time_after, mut time_before) = (HashSet::default(), HashSet::default());
    for (head, forms) in entries(TIME_WORDS) {
        let set = match head {
            "after" => &mut time_after,
            "before" => &mut time_before,
            _ => continue,
        };
        set.extend(forms.into_iter().map(normalize));
    }
    let mut clitic_groups: Vec<(char, Vec<String>)> = Vec::new();
    for c in &clitic_list() {
        let Some(first) = c.chars().next() else {
            continue;
        };
        match clitic_groups.iter_mut().find(|g| g.0 == first) {
            Some(g) => g.1.push(c.clone()),
            None => clitic_groups.push((first, vec![c.clone()])),
        }
    }
    Lexicon {
        months,
        month_context: word_set(MONTH_CONTEXT),
        weekdays,
        scales,
        number_words,
        time_after,
        time_before,
        clitic_groups,
        stop_en: word_set(STOP_EN),
        stop_ru: word_set(STOP_RU),
        stop_ar: word_set(STOP_AR),
    }
}

/// The Arabic clitic prefixes, longest first.
fn clitic_list() -> Vec<String> {
    let mut clitics: Vec<String> = lines(CLITICS_AR).map(normalize).collect();
    clitics.sort_by_key(|c| std::cmp::Reverse(c.chars().count()));
    clitics.dedup();
    clitics
}

impl Lexicon {
    /// The clitics `word` may start with (those of its first letter),
    /// longest first: the same ones that match as in the whole list,
    /// without testing the others.
    pub(crate) fn clitics_of(&self, word: &str) -> &[String] {
        let first = word.chars().next();
        self.clitic_groups
            .iter()
            .find(|g| Some(g.0) == first)
            .map_or(&[], |g| g.1.as_slice())
    }
}

/// Whether a normalised word marks a percentage.
pub(crate) fn is_percent_word(norm: &str) -> bool {
    lexicon().scales.get(norm).is_some_and(|s| s.pow.is_none())
}

/// The Arabic word with clitic prefixes stripped, for lookups: the word
/// itself first, then each reading with a prefix removed (at least two
/// letters left), longest prefix first.
pub(crate) fn arabic_readings(word: &str) -> Readings<'_> {
    let mut out = Readings::one(word);
    for p in lexicon().clitics_of(word) {
        if let Some(rest) = word.strip_prefix(p.as_str()) {
            if rest.chars().count() >= 2 && out.len < MAX_READINGS {
                out.list[out.len] = rest;
                out.len += 1;
            }
        }
    }
    out
}

/// Most readings a word has: the clitics a word starts with are prefixes
/// of one another, so there are at most as many as the longest clitic has
/// letters (4, `وبال`), plus the word itself (a test holds the list to
/// that bound).
const MAX_READINGS: usize = 8;

/// The readings of an Arabic word ([`arabic_readings`]), held on the stack:
/// this is asked for every Arabic word, two or three times.
pub(crate) struct Readings<'a> {
    list: [&'a str; MAX_READINGS],
    len: usize,
}

impl<'a> Readings<'a> {
    /// The word itself as its only reading.
    pub(crate) fn one(word: &'a str) -> Readings<'a> {
        Readings {
            list: [word; MAX_READINGS],
            len: 1,
        }
    }
}

impl<'a> std::ops::Deref for Readings<'a> {
    type Target = [&'a str];
    fn deref(&self) -> &[&'a str] {
        &self.list[..self.len]
    }
}

#[cfg(test)]
mod readings_tests {
    use super::*;

    #[test]
    fn issue16_readings_fit_on_the_stack() {
        let longest = clitic_list().iter().map(|c| c.chars().count()).max();
        assert!(longest.unwrap_or(0) < MAX_READINGS, "{longest:?}");
        // و, وب and وبال all start it: four readings, the word first.
        let word = normalize("وبالمائة");
        let r = arabic_readings(&word);
        assert_eq!(r.len(), 4, "{:?}", &*r);
        assert_eq!(r[0], word);
        assert!(r.contains(&&word["و".len()..]));
        // The groups hold each clitic once, in the list's order.
        let list = clitic_list();
        for w in ["وبالمائة", "فلليبيا", "كالعادة", "للناس", "باريس", "مصر"]
        {
            let w = normalize(w);
            let all: Vec<&String> = list.iter().filter(|c| w.starts_with(c.as_str())).collect();
            let of: Vec<&String> = lexicon()
                .clitics_of(&w)
                .iter()
                .filter(|c| w.starts_with(c.as_str()))
                .collect();
            assert_eq!(all, of, "{w}");
        }
        let grouped: usize = lexicon().clitic_groups.iter().map(|g| g.1.len()).sum();
        assert_eq!(grouped, list.len());
    }
}
