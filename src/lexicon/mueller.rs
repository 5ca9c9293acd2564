//! Mueller's English-Russian dictionary (Debian's `mueller7-dict`, dictd
//! format): the translations of an entry, sense by sense.
//!
//! An entry is the headword on a line of its own, then indented lines: a
//! transcription in brackets (`[bʊk]`), part-of-speech groups numbered
//! `1.`, `2.` with abbreviations such as `_n.` `_v.` `_a.`, senses numbered
//! `1)`, `2)`, and in each sense the translations separated by `,` and
//! `;`, then examples: an English phrase followed by its Russian
//! rendering (`organs of government органы государственного управления`).
//! Long senses wrap onto unnumbered lines. Only the translations are
//! kept: a part that holds a Latin letter is an example (or a cross
//! reference), and everything after it in the sense is examples too.

use crate::lang::{char_script, Script};

/// Longest translation kept, in words: longer ones are explanations
/// ("избранный, но ещё не вступивший в должность президент").
const MAX_WORDS: usize = 3;

/// The senses of a Mueller definition, each a list of Russian
/// translations in the dictionary's order. Senses without a translation
/// (only examples, or a reference to another entry) are left out.
pub fn senses(text: &str) -> Vec<Vec<String>> {
    let mut raw: Vec<String> = Vec::new();
    let mut lines = text.lines();
    // The first line is the headword.
    lines.next();
    for line in lines {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let (numbered, rest) = strip_number(line);
        if numbered || raw.is_empty() {
            raw.push(rest.to_string());
        } else if let Some(last) = raw.last_mut() {
            // A wrapped line, or a line that carries on after the
            // transcription or part of speech.
            last.push(' ');
            last.push_str(rest);
        }
    }
    // A transcription or part-of-speech line followed by numbered
    // senses holds no translation of its own; the parts below find that.
    raw.iter()
        .map(|s| sense_translations(s))
        .filter(|t| !t.is_empty())
        .collect()
}

/// Removes a leading `1.` or `1)` (and any number of them, as in
/// `1. _n. 1) ...`); says whether there was one.
fn strip_number(line: &str) -> (bool, &str) {
    let mut rest = line;
    let mut found = false;
    loop {
        let digits = rest.bytes().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 || digits > 2 {
            return (found, rest);
        }
        match rest.as_bytes().get(digits) {
            Some(b'.') | Some(b')') => {
                found = true;
                rest = rest[digits + 1..].trim_start();
            }
            _ => return (found, rest),
        }
    }
}

/// The translations of one sense (see the module documentation).
fn sense_translations(sense: &str) -> Vec<String> {
    let text = strip_brackets(sense);
    let mut out: Vec<String> = Vec::new();
    'parts: for part in text.split(';') {
        for cand in part.split(',') {
            let words: Vec<&str> = cand
                .split_whitespace()
                // Abbreviations: parts of speech (`_n.`), labels (`_разг.`).
                .filter(|w| !w.starts_with('_'))
                .collect();
            if words.is_empty() {
                continue;
            }
            if words
                .iter()
                .any(|w| w.chars().any(|c| char_script(c) == Some(Script::Latin)))
            {
                // An example or a cross reference: the rest of the sense
                // is examples.
                break 'parts;
            }
            let cand = words.join(" ");
            let cand = cand.trim_matches(|c: char| !c.is_alphabetic());
            let cyrillic = cand
                .chars()
                .any(|c| char_script(c) == Some(Script::Cyrillic));
            if !cyrillic || words.len() > MAX_WORDS || cand.contains(['=', '~']) {
                continue;
            }
            if !out.iter().any(|o| o == cand) {
                out.push(cand.to_string());
            }
        }
    }
    out
}

/// The text without `[...]` and `(...)` parts (transcriptions, notes).
fn strip_brackets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '[' | '(' => depth += 1,
            ']' | ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn senses_keep_translations_and_drop_the_rest() {
        let text = "book\n   [bʊk]\n   1. _n.\n      1) книга, литературное произведение\n      \
                    2) (the B.) Библия\n      3) том; книга\n      4) a book of stamps\n   2. _v.\n      \
                    1) заказывать (билет); to book a seat заказать место\n";
        assert_eq!(
            senses(text),
            vec![
                vec!["книга".to_string(), "литературное произведение".to_string()],
                vec!["Библия".to_string()],
                vec!["том".to_string(), "книга".to_string()],
                vec!["заказывать".to_string()],
            ]
        );
    }

    #[test]
    fn one_line_entries_and_wrapped_senses() {
        assert_eq!(
            senses("attain\n   [ɜ↗tɛɪn] _v. достигнуть, добиться\n"),
            vec![vec!["достигнуть".to_string(), "добиться".to_string()]]
        );
        let text = "government\n   [↗gʌvnmɜnt] _n.\n   1) правительство; organs of government \
                    органы\n   государственного управления\n   5) _грам. управление\n";
        assert_eq!(
            senses(text),
            vec![
                vec!["правительство".to_string()],
                vec!["управление".to_string()]
            ]
        );
    }

    #[test]
    fn explanations_and_references_are_not_translations() {
        let text = "president-elect\n   [x] _n. избранный, но ещё не вступивший в должность\n   \
                    президент\n";
        // "избранный" stays; the long explanation does not.
        assert_eq!(senses(text), vec![vec!["избранный".to_string()]]);
        assert!(senses("went\n   [went] _p. от go\n").is_empty());
        assert!(senses("x\n   = y\n").is_empty());
    }
}
