//! Names across scripts, as consonant skeletons.
//!
//! A name keeps its consonants across Arabic, Latin and Cyrillic far better
//! than its vowels: Arabic writes few vowels, and the weak letters
//! (ا و ي ع ء) stand for vowels or for nothing in the other scripts. So a
//! word is reduced to the sequence of its consonants, each mapped to a class
//! letter shared by the three scripts, and skeletons are compared with an
//! edit distance.
//!
//! The classes, and why letters share one:
//!
//! | class | Arabic | Latin | Cyrillic | why |
//! |---|---|---|---|---|
//! | B | ب ف پ ڤ | b p f v ph | б п в ф | Arabic has no p or v: Putin = بوتين, Vladimir = فلاديمير; Russian в stands for b in Ливия (Libya) |
//! | T | ت ط ث | t th | т | emphatic ط and ث are t in transliteration (Qatar, Thani) |
//! | D | د ض ذ ظ | d dh | д | ض ذ ظ are written d or dh (Ramadan, Gaddafi, Abu Dhabi = أبو ظبي) |
//! | S | س ص | s, c before e/i/y | с | |
//! | C | ش | sh sch | ш щ | shin keeps its own class: it is regular across the scripts |
//! | Z | ز | z | з | |
//! | G | ج غ گ | g gh j dj zh | г ж дж | غ is g or gh (Shoigu = شويغو = Шойгу), ج is j or g (Egyptian), Russian writes both as г/дж/ж |
//! | K | ق ك | k q c ck | к | ق is q or k (Qatar = Катар) |
//! | H | ح خ ه | h kh | х | kh/х/خ and h/ح/ه are all written h somewhere |
//! | L M N R | ل م ن ر | l m n r | л м н р | |
//!
//! Russian ч is T+C and ц is T+S, as English ch/ts and Arabic تش/تس.
//! Dropped: vowels and weak letters (ا و ي ى ء ئ ؤ ع, a e i o u y w,
//! а е и о у ы э ю я й ь ъ), the Arabic word-final ه (ta marbuta, folded
//! to ه by normalisation) and the Latin final h after a vowel that renders
//! it (Attiyah). Letters written double (Gaddafi, Хиллари) count once.

use super::lexicon::lexicon;
use crate::lang::{char_script, Script};

/// Russian case endings that add a consonant to a name (instrumental -ом/-ым,
/// dative and prepositional plural -ам/-ах, ...). Vowel endings vanish from
/// the skeleton anyway (Катара, Сирии).
const RU_ENDINGS: [&str; 12] = [
    "ами", "ями", "ом", "ем", "ым", "им", "ам", "ям", "ах", "ях", "ых", "их",
];

/// Marks a vowel slot between (or before) consonant classes.
const VOWEL: char = 'a';

/// The consonant skeleton of a normalised word (lower case, as from
/// [`crate::normalize::normalize`]), in class letters, with `a` marking
/// where vowels stood before or between consonants (a final vowel is left
/// out: Russian case endings and ta marbuta come and go there).
///
/// Vowel slots only count for two-class skeletons, where the consonants
/// alone match too much: a foreign name written in Arabic spells its vowels
/// with ا و ي (كيم = Kim, شويغو = Shoigu), a common Arabic word often does
/// not (قمة "summit" ≠ Kim, الدفاع "defence" ≠ Duff).
pub fn skeleton(word: &str) -> String {
    // Sized once (a word has no more characters than bytes), and each
    // accented letter decomposed without a string of its own: growing
    // these and the output was half of a name key's time (issue 16).
    let mut chars: Vec<char> = Vec::with_capacity(word.len());
    chars.extend(word.chars().map(|c| {
        if !c.is_ascii() && char_script(c) == Some(Script::Latin) {
            base_letter(c)
        } else {
            c
        }
    }));
    let mut out = Skel {
        s: String::with_capacity(2 * word.len() + 1),
        gap: false,
    };
    let n = chars.len();
    let mut i = 0;
    while i < n {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let used = match char_script(c) {
            Some(Script::Latin) => latin(c, next, chars.get(i + 2).copied(), i + 1 == n, &mut out),
            Some(Script::Cyrillic) => cyrillic(c, next, &mut out),
            Some(Script::Arabic) => {
                arabic(c, i + 1 == n, &mut out);
                1
            }
            None => {
                out.vowel();
                1
            }
        };
        i += used;
    }
    out.s
}

/// The first character of a letter's canonical decomposition: the base
/// letter of a Latin letter with diacritics (é -> e), which comes first
/// since canonical ordering moves only combining marks.
fn base_letter(c: char) -> char {
    let mut first = None;
    unicode_normalization::char::decompose_canonical(c, |d| {
        first.get_or_insert(d);
    });
    first.unwrap_or(c)
}

struct Skel {
    s: String,
    /// A vowel came after the last consonant.
    gap: bool,
}

impl Skel {
    fn push(&mut self, class: char) {
        if self.gap {
            self.s.push(VOWEL);
        } else if self.s.ends_with(class) {
            return;
        }
        self.s.push(class);
        self.gap = false;
    }
    fn vowel(&mut self) {
        self.gap = true;
    }
}

fn latin(c: char, next: Option<char>, after: Option<char>, last: bool, out: &mut Skel) -> usize {
    let h_next = next == Some('h');
    match c {
        's' if next == Some('c') && after == Some('h') => {
            out.push('C');
            return 3;
        }
        's' if h_next => {
            out.push('C');
            return 2;
        }
        'c' if h_next => {
            out.push('T');
            out.push('C');
            return 2;
        }
        'k' | 'z' if h_next => {
            out.push(if c == 'k' { 'H' } else { 'G' });
            return 2;
        }
        'g' | 't' | 'd' | 'p' if h_next => {
            out.push(match c {
                'g' => 'G',
                't' => 'T',
                'd' => 'D',
                _ => 'B',
            });
            return 2;
        }
        'd' if next == Some('j') => {
            out.push('G');
            return 2;
        }
        'c' => out.push(if matches!(next, Some('e' | 'i' | 'y')) {
            'S'
        } else {
            'K'
        }),
        'x' => {
            out.push('K');
            out.push('S');
        }
        'h' => {
            if last && out.gap {
                // Final "ah" renders ta marbuta, which Arabic skeletons drop.
            } else {
                out.push('H');
            }
        }
        // "wh" is a w (Wheeling = ويلنج).
        'w' if h_next => {
            out.vowel();
            return 2;
        }
        'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'w' => out.vowel(),
        _ => {
            if let Some(class) = common_class(c) {
                out.push(class);
            }
        }
    }
    1
}

fn common_class(c: char) -> Option<char> {
    Some(match c {
        'b' | 'p' | 'f' | 'v' => 'B',
        't' => 'T',
        'd' => 'D',
        's' => 'S',
        'z' => 'Z',
        'g' | 'j' => 'G',
        'k' | 'q' => 'K',
        'l' => 'L',
        'm' => 'M',
        'n' => 'N',
        'r' => 'R',
        _ => return None,
    })
}

fn cyrillic(c: char, next: Option<char>, out: &mut Skel) -> usize {
    let class = match c {
        'д' if next == Some('ж') => {
            out.push('G');
            return 2;
        }
        'б' | 'п' | 'в' | 'ф' => 'B',
        'т' => 'T',
        'д' => 'D',
        'с' => 'S',
        'з' => 'Z',
        'ш' | 'щ' => 'C',
        'ж' | 'г' => 'G',
        'к' => 'K',
        'х' => 'H',
        'л' => 'L',
        'м' => 'M',
        'н' => 'N',
        'р' => 'R',
        'ч' => {
            out.push('T');
            'C'
        }
        'ц' => {
            out.push('T');
            'S'
        }
        // Soft and hard signs mark the consonant before; they are no vowel.
        'ь' | 'ъ' => return 1,
        _ => {
            out.vowel();
            return 1;
        }
    };
    out.push(class);
    1
}

fn arabic(c: char, last: bool, out: &mut Skel) {
    let class = match c {
        'ب' | 'ف' | 'پ' | 'ڤ' => 'B',
        'ت' | 'ط' | 'ث' => 'T',
        'د' | 'ض' | 'ذ' | 'ظ' => 'D',
        'س' | 'ص' => 'S',
        'ش' => 'C',
        'ز' => 'Z',
        'ج' | 'غ' | 'گ' => 'G',
        'ق' | 'ك' | 'ک' => 'K',
        'ل' => 'L',
        'م' => 'M',
        'ن' => 'N',
        'ر' => 'R',
        'ح' | 'خ' => 'H',
        'ه' if !last => 'H',
        'چ' => {
            out.push('T');
            'C'
        }
        _ => {
            out.vowel();
            return;
        }
    };
    out.push(class);
}

/// The name key of a normalised word, or None when the word is a stop word
/// or too short to tell names apart (fewer than two consonant classes).
///
/// Arabic words get every reading with a clitic prefix stripped; a word
/// starting with the article (`ال`, `بال`, `لل`, ...) loses the unstripped
/// reading, and no reading may itself start with the article. Russian words
/// also get the reading without a consonant-bearing case ending. The key
/// lists the distinct skeletons of the readings, separated by `|`.
pub fn name_key(norm: &str, script: Option<Script>) -> Option<String> {
    let lex = lexicon();
    let mut readings: Vec<&str> = Vec::new();
    match script {
        Some(Script::Arabic) => {
            // A stop word after "and" (وكان, وقال) is still a stop word. Other
            // prefixes are left alone: فليس is "so it is not" but also Fleiss.
            if lex.stop_ar.contains(norm)
                || norm
                    .strip_prefix('و')
                    .is_some_and(|r| lex.stop_ar.contains(r))
            {
                return None;
            }
            let mut article = false;
            for p in lex.clitics_of(norm) {
                if let Some(rest) = norm.strip_prefix(p.as_str()) {
                    if p.ends_with("ال") || p.ends_with("لل") {
                        article = true;
                    }
                    if rest.chars().count() >= 2
                        && !rest.starts_with("ال")
                        && !lex.stop_ar.contains(rest)
                    {
                        readings.push(rest);
                    }
                }
            }
            if !article {
                readings.insert(0, norm);
            }
        }
        Some(Script::Cyrillic) => {
            if lex.stop_ru.contains(norm) {
                return None;
            }
            readings.push(norm);
            for e in RU_ENDINGS {
                if let Some(stem) = norm.strip_suffix(e) {
                    if stem.chars().count() >= 3 {
                        readings.push(stem);
                        break;
                    }
                }
            }
        }
        _ => {
            if lex.stop_en.contains(norm) {
                return None;
            }
            readings.push(norm);
        }
    }
    let mut skels: Vec<String> = Vec::new();
    for r in readings {
        let s = skeleton(r);
        if s.chars().filter(|&c| c != VOWEL).nth(1).is_some() && !skels.contains(&s) {
            skels.push(s);
        }
    }
    match skels.len() {
        0 => None,
        1 => skels.pop(),
        _ => Some(skels.join("|")),
    }
}

/// Whether two skeletons may be the same name: equal (two-class skeletons
/// with their vowel slots, longer ones by consonants); or both at least
/// four classes long with a normalised Levenshtein similarity of at least
/// [`SKELETON_THRESHOLD`]; or a three-class skeleton and the same with one
/// class added at the end. Shorter skeletons must be equal: on the labelled
/// dev sample, one edit in three classes matched common Arabic words with
/// names (فريق ~ Patrick, رأيهم ~ Graham) as often as it found a name.
pub fn skeletons_match(a: &str, b: &str) -> bool {
    a == b || consonants_match(&consonants(a), &consonants(b))
}

/// The consonant part of [`skeletons_match`], for skeletons that are not
/// equal.
fn consonants_match(a: &str, b: &str) -> bool {
    consonants_match_n(a, a.chars().count(), b, b.chars().count())
}

/// [`consonants_match`] with the lengths (in characters) known.
pub(super) fn consonants_match_n(a: &str, la: usize, b: &str, lb: usize) -> bool {
    if !lengths_compatible(la, lb) {
        return false;
    }
    if a == b {
        return true;
    }
    let (short, long) = if la <= lb { (a, b) } else { (b, a) };
    if la.min(lb) < MIN_FUZZY {
        // A suffix on a three-class name (American, Olympic, Millions,
        // Путиным) adds a class at the end; anything else must be equal.
        return long.starts_with(short);
    }
    strsim::normalized_levenshtein(a, b) >= SKELETON_THRESHOLD
}

/// Whether consonant skeletons of these lengths can match at all: equal
/// lengths of three or more, one class more on a three-class skeleton, or
/// lengths close enough for [`SKELETON_THRESHOLD`] (the edit distance is
/// at least the length difference). Two-class skeletons match only when
/// equal with their vowel slots, which [`skeletons_match`] checks first.
pub(super) fn lengths_compatible(la: usize, lb: usize) -> bool {
    let (short, long) = (la.min(lb), la.max(lb));
    if short < 3 {
        return false;
    }
    if short < MIN_FUZZY {
        return long <= short + 1;
    }
    (long - short) as f64 <= (1.0 - SKELETON_THRESHOLD) * long as f64
}

/// The consonant classes of a skeleton, without vowel slots.
pub fn consonants(skeleton: &str) -> String {
    skeleton.chars().filter(|&c| c != VOWEL).collect()
}

/// The similarity two skeletons of three or more classes need to match
/// (0.75: one edit in four classes).
pub const SKELETON_THRESHOLD: f64 = 0.75;

/// Skeletons shorter than this must be equal to match.
const MIN_FUZZY: usize = 4;

/// Whether two words, in any scripts, match as names: both reduce to name
/// keys (see [`name_key`]) and the keys match. This is the test the
/// labelled sample in `tests/data/names/` measures.
pub fn words_match(a: &str, b: &str) -> bool {
    let key = |w: &str| {
        let n = crate::normalize::normalize(w);
        let script = n.chars().find_map(crate::lang::char_script);
        name_key(&n, script)
    };
    match (key(a), key(b)) {
        (Some(x), Some(y)) => keys_match(&x, &y),
        _ => false,
    }
}

/// Whether two name keys (skeleton readings joined by `|`) match: some
/// reading of one matches some reading of the other.
pub fn keys_match(a: &str, b: &str) -> bool {
    a.split('|')
        .any(|x| b.split('|').any(|y| skeletons_match(x, y)))
}

/// The weight factor of a name key: a two-class skeleton is weak evidence.
pub(crate) fn key_strength(key: &str) -> f64 {
    let longest = key
        .split('|')
        .map(|s| consonants(s).len())
        .max()
        .unwrap_or(0);
    if longest >= 3 {
        1.0
    } else {
        0.5
    }
}
