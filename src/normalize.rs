//! Normalisation for matching only. Output always keeps the text exactly as
//! it came in; these forms feed lengths, anchors and lexical matching.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// Normalises text for matching: NFKC; Arabic diacritics and tatweel
/// removed; hamza and madda forms of alef folded to bare alef, alef maqsura
/// to ya, ta marbuta to ha; Arabic-Indic and Persian digits to ASCII, with
/// the Arabic decimal and thousands separators to `.` and `,`; ё to е;
/// lower case; bidi control characters removed.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    if !fold_quick(text, &mut out) {
        out.clear();
        fold_full(text, &mut out);
    }
    out
}

/// [`normalize`] by the book: NFKC's composing iterator (decomposition,
/// reordering, recomposition), then the fold.
fn fold_full(text: &str, out: &mut String) {
    for c in text.nfkc() {
        push_folded(c, out);
    }
}

/// Marks, in [`quick_table`], a character whose NFKC quick-check property
/// is not Yes.
const NOT_QUICK: u8 = u8::MAX;

/// [`normalize`] of text that is its own NFKC, which the quick check of
/// Unicode's annex 15 tells (every character's NFKC_QC is Yes and the
/// combining marks come in canonical order), with each character folded
/// from [`normalize_char`]'s table. Returns false, leaving `out` partly
/// written, for text it cannot tell about: a character from
/// [`FOLD_TABLE_END`] on, or one that fails the check. On real news the
/// composing iterator was three quarters of `normalize`, and the
/// library's own quick check (a table search per character) most of
/// what was left: together a twentieth of a default run (issue 16).
fn fold_quick(text: &str, out: &mut String) -> bool {
    let table = quick_table();
    let mut last = 0u8;
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            last = 0;
            continue;
        }
        let Some(&class) = table.get(c as usize) else {
            return false;
        };
        if class == NOT_QUICK || (class != 0 && last > class) {
            return false;
        }
        last = class;
        normalize_char(c, out);
    }
    true
}

/// For each character below [`FOLD_TABLE_END`], its canonical combining
/// class, or [`NOT_QUICK`] when its NFKC_QC is No or Maybe.
fn quick_table() -> &'static [u8] {
    static TABLE: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        (0..FOLD_TABLE_END)
            .map(|code| match char::from_u32(code) {
                Some(c) if is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes => {
                    unicode_normalization::char::canonical_combining_class(c)
                }
                _ => NOT_QUICK,
            })
            .collect()
    })
}

/// Characters below this are folded from a table made once (Latin,
/// Cyrillic and Arabic letters, Arabic digits, general punctuation such as
/// quotation marks and dashes): the anchor tokenizer folds text one
/// character at a time, and NFKC on a one-character string was a third
/// of a length-only run's time on real news (issue 16).
const FOLD_TABLE_END: u32 = 0x3000;

/// Appends [`normalize`] of the one character `ch` to `out`, without
/// allocating.
pub fn normalize_char(ch: char, out: &mut String) {
    if ch.is_ascii() {
        out.push(ch.to_ascii_lowercase());
        return;
    }
    if (ch as u32) >= FOLD_TABLE_END {
        let mut buf = [0u8; 4];
        out.push_str(&normalize(ch.encode_utf8(&mut buf)));
        return;
    }
    static TABLE: std::sync::OnceLock<(Vec<u32>, String)> = std::sync::OnceLock::new();
    let (starts, folded) = TABLE.get_or_init(|| {
        let mut starts = Vec::with_capacity(FOLD_TABLE_END as usize + 1);
        let mut folded = String::new();
        let mut buf = [0u8; 4];
        for code in 0..FOLD_TABLE_END {
            starts.push(folded.len() as u32);
            // Surrogate code points are not characters and never occur.
            if let Some(c) = char::from_u32(code) {
                fold_full(c.encode_utf8(&mut buf), &mut folded);
            }
        }
        starts.push(folded.len() as u32);
        (starts, folded)
    });
    let k = ch as usize;
    out.push_str(&folded[starts[k] as usize..starts[k + 1] as usize]);
}

/// [`char::is_alphabetic`], from a table made once below
/// [`FOLD_TABLE_END`]: the standard library's look-up for non-ASCII
/// letters was a fifth of a length-only run on Arabic news, where every
/// character of every sentence is asked (issue 16).
#[inline]
pub fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    let code = c as u32;
    if code >= FOLD_TABLE_END {
        return c.is_alphabetic();
    }
    static BITS: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
    let bits = BITS.get_or_init(|| {
        let mut bits = vec![0u64; FOLD_TABLE_END.div_ceil(64) as usize];
        for code in 0..FOLD_TABLE_END {
            if char::from_u32(code).is_some_and(char::is_alphabetic) {
                bits[(code / 64) as usize] |= 1 << (code % 64);
            }
        }
        bits
    });
    bits[(code / 64) as usize] & (1 << (code % 64)) != 0
}

/// [`char::is_alphanumeric`], with letters tested by [`is_letter`]: the
/// segmenter and the lexicon's tokenizer ask it of every character, and
/// the standard library's look-up was a twentieth of a build over 10,000
/// article pairs (issue 16).
#[inline]
pub fn is_letter_or_digit(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    is_letter(c) || c.is_numeric()
}

fn push_folded(c: char, out: &mut String) {
    match c {
        // Harakat, tanwin, shadda, sukun, the extended marks up to U+065F,
        // superscript alef, and tatweel (a stretching glyph, not a letter).
        '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' => {}
        // Bidi controls: LRM, RLM, ALM, embeddings, overrides and isolates.
        '\u{200E}'
        | '\u{200F}'
        | '\u{061C}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}' => {}
        'أ' | 'إ' | 'آ' | 'ٱ' => out.push('ا'),
        'ى' => out.push('ي'),
        'ة' => out.push('ه'),
        '٫' => out.push('.'),
        '٬' => out.push(','),
        '\u{0660}'..='\u{0669}' => out.push(shift_digit(c, 0x0660)),
        '\u{06F0}'..='\u{06F9}' => out.push(shift_digit(c, 0x06F0)),
        'ё' | 'Ё' => out.push('е'),
        _ => {
            if c.is_uppercase() {
                out.extend(c.to_lowercase());
            } else {
                out.push(c);
            }
        }
    }
}

fn shift_digit(c: char, zero: u32) -> char {
    char::from_digit(c as u32 - zero, 10).unwrap_or(c)
}

/// Combining marks after one base character that count towards
/// [`match_len`].
const MAX_MARKS: usize = 2;

/// Length of a text in Unicode scalar values after normalisation, with runs
/// of whitespace counted as one, and at most [`MAX_MARKS`] combining marks
/// on one character. This is the length the length model uses.
pub fn match_len(text: &str) -> usize {
    let mut n = 0;
    let mut in_space = true;
    let mut marks = 0;
    for c in normalize(text).chars() {
        // A letter carries at most two marks in real text (Vietnamese);
        // more are a flood (10,000 on one letter made one sentence the
        // longest of its document and threw the length ratio off).
        if is_combining_mark(c) {
            marks += 1;
            if marks > MAX_MARKS {
                continue;
            }
        } else {
            marks = 0;
        }
        if c.is_whitespace() {
            if !in_space {
                n += 1;
            }
            in_space = true;
        } else {
            n += 1;
            in_space = false;
        }
    }
    if in_space && n > 0 {
        n - 1
    } else {
        n
    }
}

/// Whether a line holds no running text: no word of three letters or
/// more (combining marks inside a word, such as Arabic harakat, count with
/// it), or a single word framed by symbols. Such lines, like `- _-`,
/// `1Ê+ :`, `.....` or a web page's font-size control `+ الخط -`, are
/// page furniture or OCR debris far more often than translated sentences.
/// Requiring two long words instead of one also caught real short
/// sentences ("He is free.") on ntrex-dev; a framed word must have no
/// digit and no sentence-final stop, so that `«Да».` stays text.
pub fn is_debris(text: &str) -> bool {
    let (mut run, mut longest, mut words, mut symbols) = (0, 0, 0, 0);
    let mut digit_or_stop = false;
    for c in text.chars() {
        if is_letter(c) || (run > 0 && is_combining_mark(c)) {
            if run == 0 {
                words += 1;
            }
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
            if c.is_numeric() || matches!(c, '.' | '!' | '?' | '؟' | '…' | '。') {
                digit_or_stop = true;
            } else if !c.is_whitespace() {
                symbols += 1;
            }
        }
    }
    longest < 3 || (words == 1 && symbols >= 2 && !digit_or_stop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        for (input, want) in [
            ("تَوَقَّعَ", "توقع"),
            ("عدداً", "عددا"),
            ("أحمد إلى آسيا ٱلله", "احمد الي اسيا الله"),
            ("مصطفى", "مصطفي"),
            ("الدوحة", "الدوحه"),
            ("٢٠١٧", "2017"),
            ("۲۰۱۷", "2017"),
            ("٣٫٥", "3.5"),
            ("١٬٠٠٠", "1,000"),
            ("Ёлка ЁЖ", "елка еж"),
            ("Shoigu", "shoigu"),
            ("a\u{200F}b\u{202B}c\u{202C}", "abc"),
            ("ﻗﻄﺮ", "قطر"),
            ("ﬁ", "fi"),
            ("كـــبير", "كبير"),
        ] {
            assert_eq!(normalize(input), want, "{input}");
        }
    }

    /// Issue 16: the table-driven fold of one character is `normalize`
    /// of it, on both sides of the table's end.
    #[test]
    fn normalize_char_is_normalize_of_the_char() {
        let mut buf = [0u8; 4];
        let mut out = String::new();
        let probes = (0..0x3100u32).chain([0xFB50, 0xFE8E, 0xFF21, 0x1F600, 0x10FFFF]);
        for c in probes.filter_map(char::from_u32) {
            out.clear();
            normalize_char(c, &mut out);
            assert_eq!(
                out,
                normalize(c.encode_utf8(&mut buf)),
                "U+{:04X}",
                c as u32
            );
        }
    }

    /// Issue 16: text that passes the NFKC quick check is folded from the
    /// table, without the composing iterator; both ways give the same
    /// form, on every line of the ntrex-dev articles and on text the quick
    /// check refers to the full algorithm (decomposed letters, alef with a
    /// combining hamza, compatibility forms, marks out of canonical order,
    /// characters past the table).
    #[test]
    fn quick_check_path_is_the_composing_path() {
        let full = |t: &str| {
            let mut out = String::new();
            fold_full(t, &mut out);
            out
        };
        let mut lines: Vec<String> = [
            "e\u{301}te\u{301}",
            "\u{627}\u{654}\u{62D}\u{645}\u{62F}",
            "\u{648}\u{654}",
            "ﻗﻄﺮ ﬁ ①",
            "Ё\u{308}",
            // Shadda (class 33) after and before fatha (class 30).
            "\u{645}\u{64E}\u{651}\u{62F}",
            "\u{645}\u{651}\u{64E}\u{62F}",
            "漢字 ㈱ 😀",
            "",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/corpora/ntrex-dev/articles");
        for lang in ["ar", "en", "ru"] {
            let entries = std::fs::read_dir(root.join(lang)).expect("ntrex-dev articles");
            for e in entries {
                let text = std::fs::read_to_string(e.expect("entry").path()).expect("article");
                lines.extend(text.lines().map(str::to_string));
            }
        }
        assert!(lines.len() > 1000, "{} lines", lines.len());
        for line in &lines {
            assert_eq!(normalize(line), full(line), "{line:?}");
        }
    }

    #[test]
    fn is_letter_is_is_alphabetic() {
        let probes = (0..0x3100u32).chain([0xFB50, 0xFE8E, 0xFF21, 0x1F600, 0x10FFFF]);
        for c in probes.filter_map(char::from_u32) {
            assert_eq!(is_letter(c), c.is_alphabetic(), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn debris_lines() {
        for (line, want) in [
            (".....", true),
            ("- _-", true),
            ("1Ê+ :", true),
            ("**&gt;", true),
            ("* , *^", true),
            ("+ الخط -", true),
            ("[ Print ]", true),
            ("- Sport", false),
            ("Sport", false),
            ("«Нет».", false),
            ("Lhotsé (m)", false),
            ("(2018)", true),
            ("(AFP)", true),
            ("\"Нет\"", true),
            ("+ ال -", true),
            ("12 / 2018", true),
            ("He is free.", false),
            ("Да.", true),
            ("نَعَم", false),
            ("Lhotsé ( 8501 m )", false),
            ("", true),
        ] {
            assert_eq!(is_debris(line), want, "{line:?}");
        }
    }

    #[test]
    fn lengths_count_scalar_values() {
        assert_eq!(match_len("abc"), 3);
        assert_eq!(match_len("  a   b  "), 3);
        assert_eq!(match_len("قطر"), 3);
        assert_eq!(match_len("تَوَقَّعَ"), 4);
        assert_eq!(match_len(""), 0);
        assert_eq!(match_len("   "), 0);
        // issue18: a flood of combining marks on one letter counts as a
        // letter with two marks.
        let flood = format!("ab{}c", "\u{301}".repeat(10_000));
        assert_eq!(match_len(&flood), match_len("ab\u{301}\u{302}\u{303}c"));
        assert!(match_len(&flood) <= 5);
    }
}
