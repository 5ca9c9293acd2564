//! Bilingual dictionaries found on the system: dictd dictionaries (as
//! Debian's `dict-freedict-*` and `mueller7-dict` packages install them in
//! `/usr/share/dictd`) recognised by name, read with the parser of their
//! format, and turned into the user lexicon of a language pair: directly,
//! either way round, or composed through a third language (see
//! [`super::pivot`]).
//!
//! The dictionaries are read at run time and never copied: FreeDict and
//! Mueller are GPL.

use super::io::{definition_translations, dictd_definitions, is_metadata, Entry, UserLexicon};
use super::{mueller, pivot};
use crate::error::{Error, Result};
use crate::lang::Lang;
use std::path::{Path, PathBuf};

/// Where Debian's dictd packages put their dictionaries.
pub const SYSTEM_DICT_DIR: &str = "/usr/share/dictd";

/// Environment variable with the folders to search instead of
/// [`SYSTEM_DICT_DIR`] (separated as in `PATH`; empty: no folder).
pub const DICT_PATH_VAR: &str = "MIZAN_DICT_PATH";

/// How a dictionary's definitions are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DictFormat {
    /// FreeDict's plain text from TEI: a headword line, then one sense a
    /// line (see [`definition_translations`]).
    FreeDict,
    /// Mueller's English-Russian dictionary (see [`mueller`]).
    Mueller,
}

/// A dictionary found on the system.
#[derive(Debug, Clone, PartialEq)]
pub struct Dictionary {
    /// Its name: the index file's name without `.index`.
    pub name: String,
    /// The `.index` file.
    pub index: PathBuf,
    /// The `.dict.dz` or `.dict` file.
    pub dict: PathBuf,
    /// Language of the headwords (an ISO 639-1 code where there is one).
    pub from: String,
    /// Language of the translations.
    pub to: String,
    /// How its definitions are written.
    pub format: DictFormat,
}

/// One headword of a dictionary with its senses, each a list of
/// translations in the dictionary's order.
pub type Senses = (String, Vec<Vec<String>>);

/// The folders searched for dictionaries: those of [`DICT_PATH_VAR`] when
/// it is set, else [`SYSTEM_DICT_DIR`]; then `extra` (`--dict-dir`).
pub fn search_path(extra: &[PathBuf]) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = match std::env::var_os(DICT_PATH_VAR) {
        Some(v) => std::env::split_paths(&v)
            .filter(|p| !p.as_os_str().is_empty())
            .collect(),
        None => vec![PathBuf::from(SYSTEM_DICT_DIR)],
    };
    dirs.extend(extra.iter().cloned());
    dirs
}

/// ISO 639-3 codes (as FreeDict names its dictionaries) of languages that
/// have a 639-1 code, which mizan uses.
const ISO639_3_TO_1: &[(&str, &str)] = &[
    ("afr", "af"),
    ("ara", "ar"),
    ("bul", "bg"),
    ("ces", "cs"),
    ("cym", "cy"),
    ("dan", "da"),
    ("deu", "de"),
    ("ell", "el"),
    ("eng", "en"),
    ("epo", "eo"),
    ("fin", "fi"),
    ("fra", "fr"),
    ("gla", "gd"),
    ("gle", "ga"),
    ("hin", "hi"),
    ("hrv", "hr"),
    ("hun", "hu"),
    ("isl", "is"),
    ("ita", "it"),
    ("jpn", "ja"),
    ("kur", "ku"),
    ("lat", "la"),
    ("lit", "lt"),
    ("nld", "nl"),
    ("nor", "no"),
    ("pol", "pl"),
    ("por", "pt"),
    ("ron", "ro"),
    ("rus", "ru"),
    ("slk", "sk"),
    ("slv", "sl"),
    ("spa", "es"),
    ("srp", "sr"),
    ("swe", "sv"),
    ("swh", "sw"),
    ("tur", "tr"),
    ("ukr", "uk"),
    ("zho", "zh"),
    ("fas", "fa"),
    ("heb", "he"),
];

/// The code mizan compares languages by: 639-1 where there is one.
pub fn canonical_code(code: &str) -> String {
    let code = code.to_ascii_lowercase();
    ISO639_3_TO_1
        .iter()
        .find(|(three, _)| *three == code)
        .map_or(code, |(_, one)| one.to_string())
}

/// The languages and format of a dictionary, from its name:
/// `freedict-ara-eng` (FreeDict: source and target ISO 639-3 codes) or
/// `mueller7` (English-Russian). `None` for other names.
pub fn recognise(name: &str) -> Option<(String, String, DictFormat)> {
    if name == "mueller7" {
        return Some(("en".into(), "ru".into(), DictFormat::Mueller));
    }
    let rest = name.strip_prefix("freedict-")?;
    let (from, to) = rest.split_once('-')?;
    let code = |c: &str| (2..=3).contains(&c.len()) && c.bytes().all(|b| b.is_ascii_lowercase());
    (code(from) && code(to) && from != to).then(|| {
        (
            canonical_code(from),
            canonical_code(to),
            DictFormat::FreeDict,
        )
    })
}

/// The recognised dictionaries in `dirs`, sorted by name; a name found in
/// several folders is taken from the first. Folders that do not exist or
/// cannot be read are passed over (the system folder is often missing).
pub fn discover(dirs: &[PathBuf]) -> Vec<Dictionary> {
    let mut out: Vec<Dictionary> = Vec::new();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        let mut found: Vec<Dictionary> = entries
            .flatten()
            .filter_map(|e| {
                let name = e.file_name().to_str()?.strip_suffix(".index")?.to_string();
                let (from, to, format) = recognise(&name)?;
                let dict = [".dict.dz", ".dict"]
                    .iter()
                    .map(|ext| dir.join(format!("{name}{ext}")))
                    .find(|p| p.is_file())?;
                Some(Dictionary {
                    index: dir.join(format!("{name}.index")),
                    name,
                    dict,
                    from,
                    to,
                    format,
                })
            })
            .filter(|d| !out.iter().any(|o| o.name == d.name))
            .collect();
        out.append(&mut found);
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

impl Dictionary {
    /// Reads a dictd dictionary given by path (`NAME.index`, `NAME.dict.dz`
    /// or `NAME`), recognising its format and languages by name; `None`
    /// when the name is not one mizan knows.
    pub fn from_path(index: &Path, dict: &Path) -> Option<Dictionary> {
        let name = index.file_name()?.to_str()?.strip_suffix(".index")?;
        let (from, to, format) = recognise(name)?;
        Some(Dictionary {
            name: name.to_string(),
            index: index.to_path_buf(),
            dict: dict.to_path_buf(),
            from,
            to,
            format,
        })
    }

    /// Number of headwords in the index (without dictd's metadata), read
    /// from the index alone.
    pub fn headwords(&self) -> Result<usize> {
        let text = std::fs::read(&self.index).map_err(|e| Error::io(&e).with_path(&self.index))?;
        Ok(String::from_utf8_lossy(&text)
            .lines()
            .filter(|l| {
                let head = l.split('\t').next().unwrap_or("").trim();
                !head.is_empty() && !is_metadata(head)
            })
            .count())
    }

    /// Every headword with its senses (headwords without a translation
    /// are left out).
    pub fn senses(&self) -> Result<Vec<Senses>> {
        let defs = dictd_definitions(&self.index, &self.dict)?;
        Ok(defs
            .into_iter()
            .filter_map(|(head, text)| {
                let senses = match self.format {
                    // FreeDict's lines are its senses, one translation each
                    // or a few synonyms; each translation counts as one.
                    DictFormat::FreeDict => definition_translations(&head, &text)
                        .into_iter()
                        .map(|t| vec![t])
                        .collect(),
                    DictFormat::Mueller => mueller::senses(&text),
                };
                (!senses.is_empty()).then_some((head, senses))
            })
            .collect())
    }

    /// The dictionary as a user lexicon from its headwords to their
    /// translations, every pair with weight 1.
    pub fn lexicon(&self) -> Result<UserLexicon> {
        let mut entries = Vec::new();
        for (head, senses) in self.senses()? {
            let mut seen: Vec<&String> = Vec::new();
            for t in senses.iter().flatten() {
                if !seen.contains(&t) {
                    seen.push(t);
                    entries.push(Entry {
                        source: head.clone(),
                        target: t.clone(),
                        weight: 1.0,
                    });
                }
            }
        }
        Ok(UserLexicon { entries })
    }
}

/// The lexicon the system's dictionaries give a language pair, and where
/// it came from.
#[derive(Debug, Clone)]
pub struct SystemLexicon {
    /// Entries from the source language to the target language.
    pub lexicon: UserLexicon,
    /// The dictionaries used.
    pub used: Vec<String>,
    /// The language the entries were composed through, when no dictionary
    /// links the pair directly.
    pub pivot: Option<String>,
}

impl SystemLexicon {
    /// A line for messages: `freedict-ara-eng (12345 entries)`, or with
    /// the pivot named.
    pub fn describe(&self) -> String {
        let via = self
            .pivot
            .as_ref()
            .map(|p| format!(", composed through {p}"))
            .unwrap_or_default();
        format!(
            "{} ({} entries{via})",
            self.used.join(" + "),
            self.lexicon.entries.len()
        )
    }
}

/// The dictionaries of `dicts` that link `a` and `b`, either way round,
/// with whether each must be swapped to read from `a`.
fn linking<'a>(dicts: &'a [Dictionary], a: &str, b: &str) -> Vec<(&'a Dictionary, bool)> {
    dicts
        .iter()
        .filter_map(|d| {
            if d.from == a && d.to == b {
                Some((d, false))
            } else if d.from == b && d.to == a {
                Some((d, true))
            } else {
                None
            }
        })
        .collect()
}

/// A language pair the dictionaries serve: its two languages (in code
/// order), the dictionaries used, and the pivot language when they are
/// composed through one.
#[derive(Debug, Clone, PartialEq)]
pub struct ServedPair {
    /// One language.
    pub a: String,
    /// The other.
    pub b: String,
    /// The dictionaries used.
    pub dicts: Vec<String>,
    /// The language the pair is composed through, if no dictionary links
    /// it directly.
    pub pivot: Option<String>,
}

/// Every language pair `dicts` serve, directly or through one pivot (as
/// [`system_lexicon`] chooses), sorted by codes.
pub fn served_pairs(dicts: &[Dictionary]) -> Vec<ServedPair> {
    let mut langs: Vec<&str> = dicts
        .iter()
        .flat_map(|d| [d.from.as_str(), d.to.as_str()])
        .collect();
    langs.sort_unstable();
    langs.dedup();
    let mut out = Vec::new();
    for (i, a) in langs.iter().enumerate() {
        for b in &langs[i + 1..] {
            let direct = linking(dicts, a, b);
            if !direct.is_empty() {
                out.push(ServedPair {
                    a: a.to_string(),
                    b: b.to_string(),
                    dicts: direct.iter().map(|(d, _)| d.name.clone()).collect(),
                    pivot: None,
                });
                continue;
            }
            if let Some((p, first, second)) = pivot_for(dicts, a, b) {
                out.push(ServedPair {
                    a: a.to_string(),
                    b: b.to_string(),
                    dicts: first
                        .iter()
                        .chain(&second)
                        .map(|(d, _)| d.name.clone())
                        .collect(),
                    pivot: Some(p.to_string()),
                });
            }
        }
    }
    out
}

/// Dictionaries on both hops.
type Hops<'a> = (
    &'a str,
    Vec<(&'a Dictionary, bool)>,
    Vec<(&'a Dictionary, bool)>,
);

/// The pivot language between `s` and `t` (English first, then others by
/// code) with the dictionaries of each hop, if any.
fn pivot_for<'a>(dicts: &'a [Dictionary], s: &str, t: &str) -> Option<Hops<'a>> {
    let mut pivots: Vec<&str> = dicts
        .iter()
        .flat_map(|d| [d.from.as_str(), d.to.as_str()])
        .filter(|&p| p != s && p != t)
        .collect();
    pivots.sort_by_key(|&p| (p != "en", p));
    pivots.dedup();
    pivots.into_iter().find_map(|p| {
        let (first, second) = (linking(dicts, s, p), linking(dicts, p, t));
        (!first.is_empty() && !second.is_empty()).then_some((p, first, second))
    })
}

/// The dictionaries [`system_lexicon`] reads for the pair `src` → `tgt`
/// (none when no dictionary serves it).
pub fn dictionaries_for<'a>(
    dicts: &'a [Dictionary],
    src: &Lang,
    tgt: &Lang,
) -> Vec<&'a Dictionary> {
    let (s, t) = (canonical_code(src.code()), canonical_code(tgt.code()));
    let direct = linking(dicts, &s, &t);
    if !direct.is_empty() {
        return direct.into_iter().map(|(d, _)| d).collect();
    }
    pivot_for(dicts, &s, &t)
        .map(|(_, first, second)| first.into_iter().chain(second).map(|(d, _)| d).collect())
        .unwrap_or_default()
}

/// The lexicon that `dicts` give the pair `src` → `tgt`: the entries of
/// every dictionary between the two languages (those written the other
/// way round swapped), else, when none links them, the composition
/// through a third language (English first, then others by code) with
/// dictionaries on both hops (see [`pivot::compose`]). `None` when no
/// dictionary serves the pair.
pub fn system_lexicon(
    dicts: &[Dictionary],
    src: &Lang,
    tgt: &Lang,
) -> Result<Option<SystemLexicon>> {
    let (s, t) = (canonical_code(src.code()), canonical_code(tgt.code()));
    let direct = linking(dicts, &s, &t);
    if !direct.is_empty() {
        let mut entries = Vec::new();
        for (d, swap) in &direct {
            let lex = d.lexicon()?;
            entries.extend(if *swap { lex.swapped() } else { lex }.entries);
        }
        return Ok(Some(SystemLexicon {
            lexicon: UserLexicon { entries },
            used: direct.iter().map(|(d, _)| d.name.clone()).collect(),
            pivot: None,
        }));
    }
    if let Some((p, first, second)) = pivot_for(dicts, &s, &t) {
        let pivot_lang = Lang::parse(p)?;
        let hop = |list: &[(&Dictionary, bool)]| -> Result<pivot::Hop> {
            let mut hop = pivot::Hop::default();
            for (d, swap) in list {
                let senses = d.senses()?;
                if *swap {
                    hop.add_reversed(&senses);
                } else {
                    hop.add(&senses);
                }
            }
            Ok(hop)
        };
        let (h1, h2) = (hop(&first)?, hop(&second)?);
        let lexicon = pivot::compose(&h1, &h2, &pivot_lang, &pivot::PivotParams::default());
        return Ok(Some(SystemLexicon {
            lexicon,
            used: first
                .iter()
                .chain(&second)
                .map(|(d, _)| d.name.clone())
                .collect(),
            pivot: Some(p.to_string()),
        }));
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_say_languages_and_format() {
        assert_eq!(
            recognise("freedict-ara-eng"),
            Some(("ar".into(), "en".into(), DictFormat::FreeDict))
        );
        assert_eq!(
            recognise("freedict-deu-fra"),
            Some(("de".into(), "fr".into(), DictFormat::FreeDict))
        );
        assert_eq!(
            recognise("mueller7"),
            Some(("en".into(), "ru".into(), DictFormat::Mueller))
        );
        for other in [
            "freedict-eng",
            "freedict-eng-eng",
            "jargon",
            "freedict-EN-ru",
            "gcide",
        ] {
            assert_eq!(recognise(other), None, "{other}");
        }
        assert_eq!(canonical_code("deu"), "de");
        assert_eq!(canonical_code("xyz"), "xyz");
    }

    /// Writes an uncompressed dictd dictionary of one-line FreeDict
    /// definitions.
    fn write(dir: &Path, name: &str, entries: &[(&str, &str)]) {
        let (mut data, mut index) = (String::new(), String::new());
        let b64 = |n: usize| {
            let d = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
            format!("{}{}", d[n / 64] as char, d[n % 64] as char)
        };
        for (head, tr) in entries {
            let def = format!("{head}\n{tr}\n");
            index += &format!("{head}\t{}\t{}\n", b64(data.len()), b64(def.len()));
            data += &def;
        }
        std::fs::write(dir.join(format!("{name}.index")), index).unwrap();
        std::fs::write(dir.join(format!("{name}.dict")), data).unwrap();
    }

    #[test]
    fn a_dictionary_serves_both_directions_and_the_first_folder_wins() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        write(a.path(), "freedict-eng-ara", &[("book", "كتاب")]);
        write(b.path(), "freedict-eng-ara", &[("house", "بيت")]);
        write(b.path(), "notadict", &[("x", "y")]);
        let dicts = discover(&[a.path().to_path_buf(), b.path().to_path_buf()]);
        assert_eq!(dicts.len(), 1);
        assert_eq!(dicts[0].index, a.path().join("freedict-eng-ara.index"));
        assert_eq!(dicts[0].headwords().unwrap(), 1);
        let lex = system_lexicon(&dicts, &Lang::Ar, &Lang::En)
            .unwrap()
            .unwrap();
        assert_eq!(lex.pivot, None);
        assert_eq!(
            (
                lex.lexicon.entries[0].source.as_str(),
                lex.lexicon.entries[0].target.as_str()
            ),
            ("كتاب", "book")
        );
        assert!(system_lexicon(&dicts, &Lang::Ar, &Lang::Ru)
            .unwrap()
            .is_none());
        assert!(discover(&[b.path().join("missing")]).is_empty());
    }
}
