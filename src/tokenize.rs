//! Tokens for lexical matching: words split at anything that is not a
//! letter or digit, normalised, stripped of function words and reduced to
//! rough stems, then interned as `u32` ids.
//!
//! Stemming only has to make the inflected forms of a word meet, so that
//! IBM Model 1 sees "signed", "signs" and "signing" as one event and can
//! learn its translation from a few dozen sentence pairs; it need not
//! produce linguistically correct stems.
//!
//! - Arabic: a light stemmer in the style of Larkey, Ballesteros and
//!   Connell's light10 (2002/2007): proclitics (the conjunction wa and the
//!   article with its particles) and a list of suffixes are removed, never
//!   leaving fewer than two (prefixes) or three (suffixes) letters. Light
//!   stemming beat root extraction for retrieval in their experiments, and
//!   roots conflate far too much for translation (كتب covers "book",
//!   "office" and "writer").
//! - English, Russian, and the other languages Snowball has a stemmer for
//!   (German, French, Spanish, ...): the Snowball stemmers of the
//!   `rust-stemmers` crate. Snowball is the standard light stemmer for
//!   these languages; writing our own suffix strippers would only produce a
//!   worse copy of it.
//! - Any other language: the word cut to its first six letters. Truncation
//!   is a known stand-in for a stemmer in languages one has no rules for
//!   (McNamee and Mayfield, 2004, found 5–6 letter prefixes close to
//!   Snowball for retrieval in many European languages): inflection is
//!   mostly at the end of the word.
//!
//! Numbers are left out: the anchor features match them exactly, and a
//! lexicon entry "2017 → 2017" would only repeat that evidence. Words of
//! one letter are left out too (mostly remains of elisions such as "s" in
//! "Qatar's").

use crate::lang::{char_script, Lang, Script};
use crate::normalize::normalize;
use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::OnceLock;

/// The tokens of a sentence for lexical matching: normalised (see
/// [`normalize`]; already normalised text is fine, normalisation is
/// idempotent), split at every character that is neither a letter nor a
/// digit, without numbers, one-letter words and the language's function
/// words, each reduced to its stem (see the module documentation).
pub fn tokens(sentence: &str, lang: &Lang) -> Vec<String> {
    let mut out = Vec::new();
    for_each_token(sentence, lang, |t| out.push(t.to_string()));
    out
}

/// Calls `f` with each token of `sentence` (as [`tokens`] returns them),
/// without collecting them.
pub fn for_each_token(sentence: &str, lang: &Lang, mut f: impl FnMut(&str)) {
    let text = normalize(sentence);
    let rules = LangRules::of(lang);
    // The thread's stems of this language, found once for the sentence.
    STEMS.with(|stems| {
        let mut stems = stems.borrow_mut();
        let known = stems.of(lang.code());
        for word in text.split(|c: char| !crate::normalize::is_letter_or_digit(c)) {
            let mut chars = word.chars();
            // One letter, or nothing.
            if chars.next().is_none() || chars.next().is_none() {
                continue;
            }
            if word.chars().all(|c| c.is_numeric()) {
                continue;
            }
            if rules.stop.contains(word) {
                continue;
            }
            if let Some(stem) = known.get(word) {
                if !stem.is_empty() {
                    f(stem);
                }
                continue;
            }
            let stem = rules.stem(word);
            if !stem.is_empty() {
                f(&stem);
            }
            if known.len() < STEMS_KEPT {
                known.insert(word.into(), stem.into());
            }
        }
    });
}

/// Words a thread keeps the stems of, per language: news repeats its
/// words, and a look-up costs less than the Snowball stemmer or the
/// Arabic affix rules (4% of a build's instructions, issue 16). The first
/// words met are kept, which are mostly the frequent ones, and later ones
/// are stemmed each time: a map that started over when full lost the
/// frequent words with the rest. 4,096 words take about half a megabyte
/// (32-byte entries and two short strings each), freed with
/// [`forget_stems`] once a run has read its tokens.
const STEMS_KEPT: usize = 1 << 12;

/// Words and their stems.
type StemMap = FxHashMap<Box<str>, Box<str>>;

/// Each thread's stems of the words it met, by language.
#[derive(Default)]
struct Stems {
    langs: Vec<(String, StemMap)>,
}

impl Stems {
    fn of(&mut self, code: &str) -> &mut StemMap {
        let at = match self.langs.iter().position(|(c, _)| c == code) {
            Some(at) => at,
            None => {
                self.langs.push((code.to_string(), FxHashMap::default()));
                self.langs.len() - 1
            }
        };
        &mut self.langs[at].1
    }
}

thread_local! {
    static STEMS: std::cell::RefCell<Stems> = std::cell::RefCell::default();
}

/// Frees the stems every thread of the pool (and this one) keeps, once a
/// run has read its tokens: kept, they would sit in memory through the
/// alignment, whose peak is later.
pub fn forget_stems() {
    let forget = || STEMS.with(|s| *s.borrow_mut() = Stems::default());
    rayon::broadcast(|_| forget());
    forget();
}

/// The stop list, stemmer and script of one language.
struct LangRules {
    script: Script,
    stop: &'static FxHashSet<String>,
    stemmer: StemKind,
}

enum StemKind {
    Arabic,
    Snowball(Stemmer),
    Truncate,
}

/// Letters kept by the stemmer of languages without rules.
const TRUNCATE_AT: usize = 6;

impl LangRules {
    fn of(lang: &Lang) -> LangRules {
        let code = lang.code();
        let stemmer = match lang {
            Lang::Ar => StemKind::Arabic,
            _ => match snowball_algorithm(code) {
                Some(a) => StemKind::Snowball(Stemmer::create(a)),
                None if lang.script() == Script::Arabic => StemKind::Arabic,
                None => StemKind::Truncate,
            },
        };
        LangRules {
            script: lang.script(),
            stop: stop_words(code),
            stemmer,
        }
    }

    fn stem(&self, word: &str) -> String {
        // A word in another script than the language's (a Latin name in
        // Arabic text, an Arabic name in English) is stemmed by its own
        // script's rules if it is Arabic, and otherwise kept whole: such
        // words are mostly names, which do not inflect.
        let script = word.chars().find_map(char_script);
        if script == Some(Script::Arabic) {
            return arabic_light_stem(word).to_string();
        }
        if script.is_some() && script != Some(self.script) {
            return word.to_string();
        }
        match &self.stemmer {
            StemKind::Arabic => word.to_string(),
            StemKind::Snowball(s) => s.stem(word).into_owned(),
            StemKind::Truncate => word.chars().take(TRUNCATE_AT).collect(),
        }
    }
}

/// The Snowball stemmer for an ISO 639-1 or 639-3 code, if there is one.
fn snowball_algorithm(code: &str) -> Option<Algorithm> {
    Some(match code {
        "en" | "eng" => Algorithm::English,
        "ru" | "rus" => Algorithm::Russian,
        "da" | "dan" => Algorithm::Danish,
        "nl" | "nld" | "dut" => Algorithm::Dutch,
        "fi" | "fin" => Algorithm::Finnish,
        "fr" | "fra" | "fre" => Algorithm::French,
        "de" | "deu" | "ger" => Algorithm::German,
        "el" | "ell" | "gre" => Algorithm::Greek,
        "hu" | "hun" => Algorithm::Hungarian,
        "it" | "ita" => Algorithm::Italian,
        "no" | "nor" | "nb" | "nob" | "nn" | "nno" => Algorithm::Norwegian,
        "pt" | "por" => Algorithm::Portuguese,
        "ro" | "ron" | "rum" => Algorithm::Romanian,
        "es" | "spa" => Algorithm::Spanish,
        "sv" | "swe" => Algorithm::Swedish,
        "ta" | "tam" => Algorithm::Tamil,
        "tr" | "tur" => Algorithm::Turkish,
        _ => return None,
    })
}

/// Parses a word list: one entry a line, `#` comments, normalised.
fn parse_list(text: &str) -> FxHashSet<String> {
    text.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .map(normalize)
        .collect()
}

/// The function words of a language (empty for languages without a list).
fn stop_words(code: &str) -> &'static FxHashSet<String> {
    static AR: OnceLock<FxHashSet<String>> = OnceLock::new();
    static EN: OnceLock<FxHashSet<String>> = OnceLock::new();
    static RU: OnceLock<FxHashSet<String>> = OnceLock::new();
    static DE: OnceLock<FxHashSet<String>> = OnceLock::new();
    static FR: OnceLock<FxHashSet<String>> = OnceLock::new();
    static NONE: OnceLock<FxHashSet<String>> = OnceLock::new();
    match code {
        "ar" | "ara" | "arb" => {
            AR.get_or_init(|| parse_list(include_str!("../data/lexicon/stop-ar.txt")))
        }
        "en" | "eng" => EN.get_or_init(|| parse_list(include_str!("../data/lexicon/stop-en.txt"))),
        "ru" | "rus" => RU.get_or_init(|| parse_list(include_str!("../data/lexicon/stop-ru.txt"))),
        "de" | "deu" | "ger" => {
            DE.get_or_init(|| parse_list(include_str!("../data/lexicon/stop-de.txt")))
        }
        "fr" | "fra" | "fre" => {
            FR.get_or_init(|| parse_list(include_str!("../data/lexicon/stop-fr.txt")))
        }
        _ => NONE.get_or_init(FxHashSet::default),
    }
}

/// The Arabic light stemmer's affix lists.
struct ArabicAffixes {
    conj: Vec<String>,
    waw_stems: Vec<String>,
    article: Vec<String>,
    /// Suffix and the fewest letters that must remain after removing it.
    suffixes: Vec<(String, usize)>,
}

fn arabic_affixes() -> &'static ArabicAffixes {
    static AFFIXES: OnceLock<ArabicAffixes> = OnceLock::new();
    AFFIXES.get_or_init(|| {
        let mut aff = ArabicAffixes {
            conj: Vec::new(),
            waw_stems: Vec::new(),
            article: Vec::new(),
            suffixes: Vec::new(),
        };
        let mut group = "";
        for line in include_str!("../data/lexicon/ar-prefixes.txt").lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            if let Some(name) = line.strip_prefix('[') {
                group = name.trim_end_matches(']');
                continue;
            }
            let list = match group {
                "conj" => &mut aff.conj,
                "waw-stems" => &mut aff.waw_stems,
                _ => &mut aff.article,
            };
            list.push(normalize(line));
        }
        for line in include_str!("../data/lexicon/ar-suffixes.txt").lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            let mut fields = line.split_whitespace();
            if let Some(suffix) = fields.next() {
                let min = fields.next().and_then(|n| n.parse().ok()).unwrap_or(3);
                aff.suffixes.push((normalize(suffix), min));
            }
        }
        aff
    })
}

/// Light stem of a normalised Arabic word: the conjunction wa removed if
/// three letters remain and the word is not one of the listed stems that
/// begin with a root waw (وزير, وقت, ...), then the longest article form
/// (ال, وال, بال, لل, ...) if two letters remain, then each suffix of the
/// list in turn if enough letters remain (three, four for plural endings).
/// `والكتاب` → `كتاب`, `بالدوحة` (normalised `بالدوحه`) → `دوح`,
/// `المعلومات` → `معلوم`.
pub fn arabic_light_stem(word: &str) -> &str {
    let aff = arabic_affixes();
    let mut w = word;
    let letters = |s: &str| s.chars().count();
    if !aff.waw_stems.iter().any(|s| w.starts_with(s.as_str())) {
        for c in &aff.conj {
            if let Some(rest) = w.strip_prefix(c.as_str()) {
                if letters(rest) >= 3 {
                    w = rest;
                    break;
                }
            }
        }
    }
    for a in &aff.article {
        if let Some(rest) = w.strip_prefix(a.as_str()) {
            if letters(rest) >= 2 {
                w = rest;
                break;
            }
        }
    }
    for (s, min) in &aff.suffixes {
        if let Some(rest) = w.strip_suffix(s.as_str()) {
            if letters(rest) >= *min {
                w = rest;
            }
        }
    }
    w
}

/// Interns token strings as dense `u32` ids (0, 1, 2, ... in order of first
/// sight), so that models work on integers. Use one vocabulary per side.
#[derive(Debug, Clone, Default)]
pub struct Vocab {
    ids: FxHashMap<String, u32>,
    words: Vec<String>,
}

impl Vocab {
    /// An empty vocabulary.
    pub fn new() -> Vocab {
        Vocab::default()
    }

    /// The id of `word`, adding it if it is new.
    ///
    /// # Panics
    ///
    /// Never in practice: panics only past 2^32 distinct words.
    pub fn intern(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.ids.get(word) {
            return id;
        }
        let id = u32::try_from(self.words.len()).expect("fewer than 2^32 words");
        self.words.push(word.to_string());
        self.ids.insert(word.to_string(), id);
        id
    }

    /// The id of `word`, if it has been seen.
    pub fn get(&self, word: &str) -> Option<u32> {
        self.ids.get(word).copied()
    }

    /// The word with id `id`.
    pub fn word(&self, id: u32) -> Option<&str> {
        self.words.get(id as usize).map(String::as_str)
    }

    /// Number of distinct words.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether no word has been added.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Tokenises `sentence` (see [`tokens`]) and interns every token.
    pub fn sentence_ids(&mut self, sentence: &str, lang: &Lang) -> Vec<u32> {
        let mut out = Vec::new();
        for_each_token(sentence, lang, |t| out.push(self.intern(t)));
        out
    }

    /// Tokenises `sentence` and looks its tokens up without adding new
    /// ones; unknown tokens are left out.
    pub fn known_ids(&self, sentence: &str, lang: &Lang) -> Vec<u32> {
        let mut out = Vec::new();
        for_each_token(sentence, lang, |t| {
            if let Some(id) = self.get(t) {
                out.push(id);
            }
        });
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str, lang: &str) -> Vec<String> {
        tokens(s, &Lang::parse(lang).unwrap())
    }

    #[test]
    fn arabic_clitics_and_suffixes() {
        for (word, want) in [
            ("والكتاب", "كتاب"),
            ("الكتاب", "كتاب"),
            ("بالدوحة", "دوح"),
            ("الدوحة", "دوح"),
            ("للتعاون", "تعاون"),
            ("وقال", "قال"),
            ("وزير", "وزير"),
            ("الوزير", "وزير"),
            ("ووزير", "وزير"),
            ("وزارة", "وزار"),
            ("لبنان", "لبنان"),
            ("ايران", "ايران"),
            ("فالأمر", "امر"),
            ("وكتابها", "كتاب"),
            ("المعلومات", "معلوم"),
            ("المسلمين", "مسلم"),
            ("العربية", "عرب"),
            ("الروسية", "روس"),
            ("روسيا", "روسيا"),
            ("قطر", "قطر"),
            ("وزير", "وزير"),
            ("بلد", "بلد"),
            ("لبنان", "لبنان"),
            ("فرنسا", "فرنسا"),
            // Never fewer than two letters after the article ...
            ("الم", "الم"),
            // ... nor fewer than three after a suffix.
            ("بيته", "بيت"),
            ("ابنه", "ابن"),
            ("فمه", "فمه"),
        ] {
            let got = toks(word, "ar");
            assert_eq!(got, vec![want.to_string()], "{word}");
        }
    }

    #[test]
    fn arabic_sentence() {
        assert_eq!(
            toks(
                "وقّع وزير الدفاع الروسي في الدوحة على اتفاقية عام ٢٠١٧.",
                "ar"
            ),
            ["وقع", "وزير", "دفاع", "روس", "دوح", "اتفاق", "عام"]
        );
        // Latin words in Arabic text are kept whole.
        assert_eq!(toks("طائرة Il-96 الروسية", "ar"), ["طائر", "il", "روس"]);
    }

    #[test]
    fn english_sentence() {
        assert_eq!(
            toks(
                "Qatar's defence minister signed 3 agreements in Doha.",
                "en"
            ),
            ["qatar", "defenc", "minist", "sign", "agreement", "doha"]
        );
        assert_eq!(
            toks("Signing, signs, signed!", "en"),
            ["sign", "sign", "sign"]
        );
    }

    #[test]
    fn russian_sentence() {
        assert_eq!(
            toks(
                "Министр обороны России подписал соглашения в Дохе в 2017 году.",
                "ru"
            ),
            [
                "министр",
                "оборон",
                "росс",
                "подписа",
                "соглашен",
                "дох",
                "год"
            ]
        );
        assert_eq!(toks("ЁЛКА ёлки", "ru"), ["елк", "елк"]);
    }

    #[test]
    fn other_languages() {
        // German and French have Snowball stemmers and stop lists.
        assert_eq!(toks("Die Verträge wurden unterzeichnet", "de").len(), 3);
        assert_eq!(toks("l'accord a été signé", "fr"), ["accord", "sign"]);
        // Unknown languages are truncated to six letters.
        assert_eq!(
            toks("Kufanyakazi kwa bidii", "sw"),
            ["kufany", "kwa", "bidii"]
        );
    }

    /// Issue 16: a thread keeps the stems it worked out, each language's
    /// apart, so the same word met in two languages keeps both stems.
    #[test]
    fn issue16_kept_stems_are_each_languages_own() {
        for _ in 0..2 {
            assert_eq!(
                toks("connections connections", "en"),
                ["connect", "connect"]
            );
            assert_eq!(toks("connections", "sw"), ["connec"]);
            assert_eq!(toks("connections", "de"), ["connection"]);
            forget_stems();
        }
    }

    #[test]
    fn numbers_and_short_words_are_dropped() {
        assert!(toks("2017 ٢٠١٧ 3.5 x", "en").is_empty());
        assert_eq!(toks("su35 covid19", "en"), ["su35", "covid19"]);
        assert!(toks("", "ar").is_empty());
        assert!(toks("   ...!!! ", "ru").is_empty());
    }

    #[test]
    fn vocab_interns() {
        let mut v = Vocab::new();
        let en = Lang::En;
        let a = v.sentence_ids("Signed and signing", &en);
        assert_eq!(a, vec![0, 0]);
        let b = v.sentence_ids("The minister signs", &en);
        assert_eq!(b, vec![1, 0]);
        assert_eq!(v.word(1), Some("minist"));
        assert_eq!(v.get("sign"), Some(0));
        assert_eq!(v.len(), 2);
        assert_eq!(v.known_ids("minister of war", &en), vec![1]);
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn never_panics_and_tokens_are_clean(s in "\\PC{0,80}", lang in prop::sample::select(vec!["ar", "en", "ru", "de", "sw", "fa", "uk"])) {
            let lang = Lang::parse(lang).unwrap();
            for t in tokens(&s, &lang) {
                prop_assert!(!t.is_empty());
                prop_assert!(t.chars().all(char::is_alphanumeric), "{t:?}");
            }
        }

        #[test]
        fn arabic_mix_never_panics(s in "[ءاأإآبتثجحخدذرزسشصضطظعغفقكلمنهويىة \u{064B}-\u{0652}0-9a-z.,]{0,60}") {
            let _ = tokens(&s, &Lang::Ar);
        }
    }
}
