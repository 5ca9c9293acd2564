//! User lexicons: tab-separated word lists and dictd dictionaries (such
//! as Debian's FreeDict packages).

use super::WeightedPair;
use crate::error::{Error, Result};
use crate::lang::{char_script, Lang};
use crate::normalize::normalize;
use crate::tokenize::Vocab;
use flate2::read::MultiGzDecoder;
use std::io::Read;
use std::path::{Path, PathBuf};

/// One entry of a user lexicon: a source word or phrase, a translation,
/// and how much evidence it is worth (1 = as much as one sentence pair).
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Source word or phrase, as written in the file.
    pub source: String,
    /// Target word or phrase, as written in the file.
    pub target: String,
    /// Weight, positive.
    pub weight: f32,
}

/// The entries of a user lexicon, in file order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UserLexicon {
    /// The entries.
    pub entries: Vec<Entry>,
}

/// Reads a user lexicon. Files named `*.index`, `*.dict` or `*.dict.dz`,
/// or a path that such files extend (`freedict-ara-eng`), are read as a
/// dictd dictionary (the `.index` file plus `.dict.dz` or `.dict`); any
/// other file as TSV: `source<TAB>target[<TAB>weight]` a line, weight 1 if
/// left out, `#` comment lines and blank lines allowed. The four-column
/// TSV that `--lexicon-out` writes (`source, target, p(t|s), p(s|t)`) is
/// read too (and the five-column one with counts, the fifth column
/// ignored), with the larger probability as the weight, so a lexicon
/// learned from one corpus can serve another run.
pub fn read_user_lexicon(path: &Path) -> Result<UserLexicon> {
    if let Some((index, dict)) = dictd_files(path) {
        // A dictionary mizan knows by name is read with its format's
        // parser (Mueller's senses are not FreeDict's lines).
        if let Some(d) = super::dicts::Dictionary::from_path(&index, &dict) {
            return d.lexicon();
        }
        return read_dictd(&index, &dict);
    }
    let text = std::fs::read(path).map_err(|e| Error::io(&e).with_path(path))?;
    let text = String::from_utf8(text).map_err(|e| {
        Error::new(crate::error::ErrorKind::InvalidUtf8)
            .with_path(path)
            .at_byte(e.utf8_error().valid_up_to())
    })?;
    parse_tsv(&text).map_err(|e| e.with_path(path))
}

/// The index and dictionary files of a dictd dictionary named by `path`.
pub fn dictd_files(path: &Path) -> Option<(PathBuf, PathBuf)> {
    let s = path.to_str()?;
    let base = [".index", ".dict.dz", ".dict"]
        .iter()
        .find_map(|ext| s.strip_suffix(ext))
        .map(str::to_string)
        .or_else(|| {
            let idx = PathBuf::from(format!("{s}.index"));
            (!path.is_file() && idx.is_file()).then(|| s.to_string())
        })?;
    let index = PathBuf::from(format!("{base}.index"));
    let dz = PathBuf::from(format!("{base}.dict.dz"));
    let dict = if dz.is_file() {
        dz
    } else {
        PathBuf::from(format!("{base}.dict"))
    };
    Some((index, dict))
}

/// Lines of a learned lexicon (`--lexicon-out`, four columns) whose
/// probabilities are both below this are skipped: after five EM iterations
/// most words' true translations hold well over 0.1, and the long tail
/// under it pairs words that merely co-occurred.
pub const LEARNED_MIN: f32 = 0.1;

/// Parses TSV lexicon text; errors carry the 1-based line, not the path.
pub fn parse_tsv(text: &str) -> Result<UserLexicon> {
    let mut entries = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let err = |msg: String| Error::parse(msg).at_line(n + 1);
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() < 2 || fields.len() > 5 {
            return Err(err(format!(
                "expected 'source<TAB>target', 'source<TAB>target<TAB>weight' or the four or five \
                 columns of --lexicon-out, found {} field{}",
                fields.len(),
                if fields.len() == 1 { "" } else { "s" }
            )));
        }
        let (source, target) = (fields[0].trim(), fields[1].trim());
        if source.is_empty() || target.is_empty() {
            return Err(err("empty source or target".to_string()));
        }
        let number = |w: &str, zero_ok: bool| match w.trim().parse::<f32>() {
            Ok(x) if x.is_finite() && (x > 0.0 || (zero_ok && x == 0.0)) => Ok(x),
            _ => Err(err(format!(
                "{} '{}' is not a {} number",
                if zero_ok { "probability" } else { "weight" },
                w.trim(),
                if zero_ok { "non-negative" } else { "positive" }
            ))),
        };
        let weight = match fields.len() {
            2 => 1.0,
            3 => number(fields[2], false)?,
            // A learned lexicon (`--lexicon-out`): the better of the two
            // directions' probabilities. Pairs below LEARNED_MIN both
            // ways are EM's leftovers, not translations.
            _ => {
                if let Some(c) = fields.get(4) {
                    number(c, true)?;
                }
                let p = number(fields[2], true)?.max(number(fields[3], true)?);
                if p < LEARNED_MIN {
                    continue;
                }
                p
            }
        };
        entries.push(Entry {
            source: source.to_string(),
            target: target.to_string(),
            weight,
        });
    }
    Ok(UserLexicon { entries })
}

/// Reads a dictd dictionary: every index line `headword<TAB>offset<TAB>
/// length` (numbers in dictd's base 64) names a definition in the
/// dictionary file (gzip-compressed when named `.dz`: dictzip files are
/// gzip files with an extra header field, which a plain gzip decoder
/// skips). Headwords starting with `00-database` or `00database` hold the
/// dictionary's metadata and are skipped; see [`definition_translations`]
/// for what is taken from a definition. Every entry gets weight 1.
pub fn read_dictd(index: &Path, dict: &Path) -> Result<UserLexicon> {
    let mut entries = Vec::new();
    for (head, text) in dictd_definitions(index, dict)? {
        for target in definition_translations(&head, &text) {
            entries.push(Entry {
                source: head.clone(),
                target,
                weight: 1.0,
            });
        }
    }
    Ok(UserLexicon { entries })
}

/// The (headword, definition text) pairs of a dictd dictionary, in index
/// order, without the `00-database` metadata entries (see
/// [`read_dictd`]).
pub fn dictd_definitions(index: &Path, dict: &Path) -> Result<Vec<(String, String)>> {
    let index_text = std::fs::read(index).map_err(|e| Error::io(&e).with_path(index))?;
    let index_text = String::from_utf8_lossy(&index_text);
    let raw = std::fs::read(dict).map_err(|e| Error::io(&e).with_path(dict))?;
    let data = if dict.extension().is_some_and(|e| e == "dz") {
        let mut out = Vec::new();
        MultiGzDecoder::new(&raw[..])
            .read_to_end(&mut out)
            .map_err(|e| Error::parse(format!("not a gzip file: {e}")).with_path(dict))?;
        out
    } else {
        raw
    };
    let mut out = Vec::new();
    for (n, line) in index_text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let err = |msg: String| Error::parse(msg).with_path(index).at_line(n + 1);
        let mut fields = line.split('\t');
        let (Some(head), Some(off), Some(len)) = (fields.next(), fields.next(), fields.next())
        else {
            return Err(err(
                "expected 'headword<TAB>offset<TAB>length' (a dictd index)".to_string(),
            ));
        };
        let (Some(off), Some(len)) = (decode_b64(off), decode_b64(len)) else {
            return Err(err(format!(
                "offset '{off}' or length '{len}' is not a dictd base-64 number"
            )));
        };
        let head = head.trim();
        if is_metadata(head) {
            continue;
        }
        let Some(bytes) = off
            .checked_add(len)
            .and_then(|end| data.get(off as usize..end as usize))
        else {
            return Err(err(format!(
                "definition at {off}+{len} lies beyond the end of {} ({} bytes)",
                dict.display(),
                data.len()
            )));
        };
        out.push((
            head.to_string(),
            String::from_utf8_lossy(bytes).into_owned(),
        ));
    }
    Ok(out)
}

/// Whether an index headword names dictd metadata rather than a word.
pub fn is_metadata(head: &str) -> bool {
    head.starts_with("00-database") || head.starts_with("00database")
}

/// A number in dictd's base 64: digits `A-Z a-z 0-9 + /` worth 0..63, most
/// significant first. `None` for other characters, an empty string, or a
/// value past `u64`.
pub fn decode_b64(s: &str) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    let mut v: u64 = 0;
    for b in s.bytes() {
        let d = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        v = v.checked_mul(64)?.checked_add(d as u64)?;
    }
    Some(v)
}

/// Longest translation kept, in words: longer ones are explanations
/// ("a person who ..."), not translations.
const MAX_PHRASE_WORDS: usize = 4;

/// Candidate translations in a dictd definition, as FreeDict writes them:
/// the first line repeats the headword (with pronunciation and part of
/// speech) and is skipped (recognised by starting with the headword once
/// both are normalised, or by a `/.../` pronunciation); each further line is one sense, possibly
/// numbered (`2. book`), holding translations separated by `,` or `;`.
/// Notes in `<...>`, `[...]`, `(...)` and `{...}` are removed; lines that are labels (`Synonyms: ...`, `see:
/// ...`) or quoted examples are skipped, as are candidates of more than
/// four words.
pub fn definition_translations(headword: &str, text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut lines = text.lines().peekable();
    // The headword line: it starts with the headword (possibly with the
    // diacritics the index leaves out) or carries a /pronunciation/.
    let head = normalize(headword);
    if lines.peek().is_some_and(|l| {
        normalize(l.trim_start()).starts_with(&head) || l.matches('/').count() >= 2
    }) {
        lines.next();
    }
    for line in lines {
        let line = strip_notes(line);
        let mut line = line.trim();
        // Sense numbers: "1.", "2)".
        if let Some(pos) = line.find(['.', ')']) {
            let head = &line[..pos];
            if (1..=3).contains(&head.len()) && head.bytes().all(|b| b.is_ascii_digit()) {
                line = line[pos + 1..].trim();
            }
        }
        if line.is_empty() || line.starts_with(['"', '«', '“', '„', '\'']) {
            continue;
        }
        if line
            .split_whitespace()
            .next()
            .is_some_and(|w| w.ends_with(':'))
        {
            continue;
        }
        for cand in line.split([',', ';']) {
            let cand = cand.trim().trim_end_matches(['.', '!', '?']).trim();
            let words = cand.split_whitespace().count();
            if words == 0 || words > MAX_PHRASE_WORDS {
                continue;
            }
            if !cand.chars().any(|c| c.is_alphabetic()) {
                continue;
            }
            if !out.iter().any(|o| o == cand) {
                out.push(cand.to_string());
            }
        }
    }
    out
}

/// The line without bracketed notes.
fn strip_notes(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut close: Option<char> = None;
    let mut depth = 0usize;
    for c in line.chars() {
        if let Some(cl) = close {
            if c == cl {
                depth -= 1;
                if depth == 0 {
                    close = None;
                }
            } else if matches!((c, cl), ('<', '>') | ('[', ']') | ('(', ')') | ('{', '}')) {
                depth += 1;
            }
            continue;
        }
        let cl = match c {
            '<' => '>',
            '[' => ']',
            '(' => ')',
            '{' => '}',
            _ => {
                out.push(c);
                continue;
            }
        };
        close = Some(cl);
        depth = 1;
    }
    out
}

impl UserLexicon {
    /// The lexicon with source and target exchanged.
    pub fn swapped(&self) -> UserLexicon {
        UserLexicon {
            entries: self
                .entries
                .iter()
                .map(|e| Entry {
                    source: e.target.clone(),
                    target: e.source.clone(),
                    weight: e.weight,
                })
                .collect(),
        }
    }

    /// The lexicon oriented for aligning `src` with `tgt`: swapped when
    /// its source words are mostly written in the target language's
    /// script and its target words in the source language's (an eng-ara
    /// dictionary given for Arabic → English). Unchanged when both
    /// languages share a script, since then the direction cannot be told.
    pub fn oriented(self, src: &Lang, tgt: &Lang) -> UserLexicon {
        let (s, t) = (src.script(), tgt.script());
        if s == t {
            return self;
        }
        let first_script = |w: &str| w.chars().find_map(char_script);
        let (mut right, mut wrong) = (0usize, 0usize);
        for e in &self.entries {
            match (first_script(&e.source), first_script(&e.target)) {
                (Some(a), Some(b)) if a == s && b == t => right += 1,
                (Some(a), Some(b)) if a == t && b == s => wrong += 1,
                _ => {}
            }
        }
        if wrong > right {
            self.swapped()
        } else {
            self
        }
    }

    /// The entries as weighted training pairs: both sides tokenised and
    /// stemmed as the text is (see [`crate::tokenize::tokens`]) and
    /// interned in the side's vocabulary. Entries that lose all tokens on
    /// a side (function words, numbers) are left out.
    pub fn to_pairs(
        &self,
        src: &Lang,
        tgt: &Lang,
        src_vocab: &mut Vocab,
        tgt_vocab: &mut Vocab,
    ) -> Vec<WeightedPair> {
        self.entries
            .iter()
            .filter_map(|e| {
                let s = src_vocab.sentence_ids(&e.source, src);
                let t = tgt_vocab.sentence_ids(&e.target, tgt);
                (!s.is_empty() && !t.is_empty()).then_some((s, t, e.weight))
            })
            .collect()
    }
}
