//! Languages: codes given by the user, and detection from the script.

use crate::error::{Error, ErrorKind, Result};
use std::fmt;

/// A language mizan works on. Arabic, English and Russian get their own
/// rules (abbreviations, month names, clitics); any other ISO 639 code is
/// accepted and handled with generic rules for its script.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    /// Arabic.
    Ar,
    /// English.
    En,
    /// Russian.
    Ru,
    /// Any other language, by its lower-case ISO 639 code.
    Other(String),
}

impl Lang {
    /// Parses an ISO 639-1/639-3 code (`ar`, `en`, `ru`, `de`, `fra`, ...),
    /// or a BCP-47 tag whose primary subtag is one (`ar-SA`).
    pub fn parse(code: &str) -> Result<Lang> {
        let primary = code.split(['-', '_']).next().unwrap_or("");
        let lower = primary.to_ascii_lowercase();
        if !(2..=3).contains(&lower.len()) || !lower.bytes().all(|b| b.is_ascii_lowercase()) {
            return Err(Error::new(ErrorKind::BadLanguage(format!(
                "'{code}' is not an ISO 639 language code (such as ar, en, ru)"
            ))));
        }
        Ok(match lower.as_str() {
            "ar" | "ara" | "arb" => Lang::Ar,
            "en" | "eng" => Lang::En,
            "ru" | "rus" => Lang::Ru,
            _ => Lang::Other(lower),
        })
    }

    /// The short code (`ar`, `en`, `ru`, or the code given).
    pub fn code(&self) -> &str {
        match self {
            Lang::Ar => "ar",
            Lang::En => "en",
            Lang::Ru => "ru",
            Lang::Other(c) => c,
        }
    }

    /// The script the language is written in, as far as mizan knows.
    pub fn script(&self) -> Script {
        match self {
            Lang::Ar => Script::Arabic,
            Lang::Ru => Script::Cyrillic,
            Lang::En => Script::Latin,
            Lang::Other(c) => match c.as_str() {
                "fa" | "fas" | "per" | "ur" | "urd" | "ps" | "pus" | "ckb" => Script::Arabic,
                "uk" | "ukr" | "be" | "bel" | "bg" | "bul" | "sr" | "srp" | "mk" | "mkd" | "kk"
                | "kaz" | "ky" | "kir" | "tg" | "tgk" => Script::Cyrillic,
                _ => Script::Latin,
            },
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A writing system, as far as mizan needs to tell them apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Script {
    /// Arabic script.
    Arabic,
    /// Cyrillic script.
    Cyrillic,
    /// Latin script.
    Latin,
}

/// The script of one character, if it is a letter of a script mizan knows.
pub fn char_script(c: char) -> Option<Script> {
    match c {
        '\u{0600}'..='\u{06FF}'
        | '\u{0750}'..='\u{077F}'
        | '\u{08A0}'..='\u{08FF}'
        | '\u{FB50}'..='\u{FDFF}'
        | '\u{FE70}'..='\u{FEFF}' => {
            if crate::normalize::is_letter(c) {
                Some(Script::Arabic)
            } else {
                None
            }
        }
        '\u{0400}'..='\u{052F}' => Some(Script::Cyrillic),
        _ if c.is_ascii_alphabetic() => Some(Script::Latin),
        '\u{00C0}'..='\u{024F}' if crate::normalize::is_letter(c) => Some(Script::Latin),
        _ => None,
    }
}

/// Decides the language of a text from the script most of its letters are
/// written in: Arabic script gives `ar`, Cyrillic `ru`, Latin `en`.
///
/// Fails when the text has too few letters, or when no script holds a clear
/// majority (two thirds of the letters), rather than guessing.
pub fn detect(text: &str) -> Result<Lang> {
    let (mut ar, mut cy, mut la) = (0usize, 0usize, 0usize);
    for c in text.chars() {
        match char_script(c) {
            Some(Script::Arabic) => ar += 1,
            Some(Script::Cyrillic) => cy += 1,
            Some(Script::Latin) => la += 1,
            None => {}
        }
    }
    let total = ar + cy + la;
    // Fewer than ten letters is too little to tell an Arabic article with a
    // Latin brand name from an English one.
    if total < 10 {
        return Err(Error::new(ErrorKind::UndecidableLanguage(format!(
            "only {total} letters of Arabic, Cyrillic or Latin script"
        ))));
    }
    let (best, lang) = [(ar, Lang::Ar), (cy, Lang::Ru), (la, Lang::En)]
        .into_iter()
        .max_by_key(|(n, _)| *n)
        .expect("non-empty array");
    if best * 3 < total * 2 {
        return Err(Error::new(ErrorKind::UndecidableLanguage(format!(
            "mixed scripts ({ar} Arabic, {cy} Cyrillic, {la} Latin letters)"
        ))));
    }
    Ok(lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_codes() {
        for (code, want) in [
            ("ar", Lang::Ar),
            ("AR", Lang::Ar),
            ("ar-SA", Lang::Ar),
            ("arb", Lang::Ar),
            ("en", Lang::En),
            ("en_GB", Lang::En),
            ("ru", Lang::Ru),
            ("de", Lang::Other("de".into())),
            ("fra", Lang::Other("fra".into())),
        ] {
            assert_eq!(Lang::parse(code).unwrap(), want, "{code}");
        }
        for bad in ["", "e", "english", "e1", "-"] {
            assert!(Lang::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn detect_scripts() {
        assert_eq!(
            detect("قطر وروسيا توقّعان اتفاقية للتعاون العسكري").unwrap(),
            Lang::Ar
        );
        assert_eq!(
            detect("Катар и Россия подписали соглашение").unwrap(),
            Lang::Ru
        );
        assert_eq!(
            detect("Qatar and Russia sign a military deal").unwrap(),
            Lang::En
        );
        assert_eq!(
            detect("وصل شويغو إلى الدوحة على متن طائرة Il-96 الروسية").unwrap(),
            Lang::Ar
        );
        assert!(detect("2017 - 10").is_err());
        assert!(detect("Qatar Катар Qatar Катар").is_err());
    }

    #[test]
    fn scripts_of_other_codes() {
        assert_eq!(Lang::parse("fa").unwrap().script(), Script::Arabic);
        assert_eq!(Lang::parse("uk").unwrap().script(), Script::Cyrillic);
        assert_eq!(Lang::parse("de").unwrap().script(), Script::Latin);
    }
}
