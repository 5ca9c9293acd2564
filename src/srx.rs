//! SRX 2.0 segmentation rules.
//!
//! An SRX file names rule sets (`<languagerule>`) and maps language codes
//! to them (`<languagemap>`). At every position between two characters the
//! rules of the chosen sets are tried in order; the first rule whose
//! `beforebreak` expression matches text ending there and whose
//! `afterbreak` expression matches text starting there decides, break or
//! no break. Where no rule matches there is no break.
//!
//! Expressions use the Java/ICU syntax of SRX; the common subset that the
//! `fancy-regex` crate understands (classes such as `\p{Lu}` and `\s`,
//! lookahead and fixed-length lookbehind, backreferences) works.

use crate::error::{Error, Result};
use fancy_regex::Regex;
use quick_xml::events::Event;
use quick_xml::Reader;
use std::collections::HashMap;
use std::path::Path;

/// A parsed SRX document: its rule sets and language maps.
#[derive(Debug, Clone)]
pub struct SrxDocument {
    cascade: bool,
    sets: Vec<(String, Vec<SrxRule>)>,
    maps: Vec<LanguageMap>,
}

#[derive(Debug, Clone)]
struct LanguageMap {
    pattern: Regex,
    set: usize,
}

/// One compiled rule.
#[derive(Debug, Clone)]
struct SrxRule {
    is_break: bool,
    /// `(?:before)(?=after)`: a match ends exactly at a position where both
    /// sides match. The non-capturing wrapper keeps the rule's own groups
    /// (and backreferences to them) numbered as written, and only the end
    /// of the whole match is used, so groups cannot move the position.
    combined: Regex,
}

/// The rules an SRX document gives for one language, ready to segment.
#[derive(Debug, Clone)]
pub struct SrxRules {
    rules: Vec<SrxRule>,
}

impl SrxDocument {
    /// Reads and parses an SRX file; errors carry the path and line.
    pub fn load(path: &Path) -> Result<SrxDocument> {
        let text = crate::input::read_text(path)?;
        SrxDocument::parse(&text).map_err(|e| e.with_path(path))
    }

    /// Parses SRX text; errors carry the line.
    pub fn parse(src: &str) -> Result<SrxDocument> {
        let mut reader = Reader::from_str(src);
        let mut doc = SrxDocument {
            cascade: true,
            sets: Vec::new(),
            maps: Vec::new(),
        };
        let mut pending_maps: Vec<(String, String, usize)> = Vec::new();
        let mut current_set: Option<(String, Vec<SrxRule>)> = None;
        // The rule being read: break flag, before, after, line.
        let mut rule: Option<(bool, String, String, usize)> = None;
        #[derive(PartialEq)]
        enum Field {
            None,
            Before,
            After,
        }
        let mut field = Field::None;

        loop {
            let event = reader.read_event().map_err(|e| {
                Error::parse(format!("malformed SRX: {e}"))
                    .at_line(line_at(src, reader.error_position()))
            })?;
            let line = line_at(src, reader.buffer_position());
            let attr = |e: &quick_xml::events::BytesStart<'_>,
                        name: &str|
             -> Result<Option<String>> {
                for a in e.attributes() {
                    let a = a.map_err(|err| {
                        Error::parse(format!("malformed SRX attribute: {err}")).at_line(line)
                    })?;
                    if a.key.local_name().as_ref() == name.as_bytes() {
                        let v = a.unescape_value().map_err(|err| {
                            Error::parse(format!("malformed SRX attribute: {err}")).at_line(line)
                        })?;
                        return Ok(Some(v.into_owned()));
                    }
                }
                Ok(None)
            };
            match event {
                Event::Start(ref e) | Event::Empty(ref e) => {
                    let empty = matches!(event, Event::Empty(_));
                    match e.local_name().as_ref() {
                        b"header" => {
                            if let Some(v) = attr(e, "cascade")? {
                                doc.cascade = yes_no(&v, "cascade", line)?;
                            }
                        }
                        b"languagerule" => {
                            let name = attr(e, "languagerulename")?.ok_or_else(|| {
                                Error::parse("<languagerule> without languagerulename")
                                    .at_line(line)
                            })?;
                            if empty {
                                doc.sets.push((name, Vec::new()));
                            } else {
                                current_set = Some((name, Vec::new()));
                            }
                        }
                        b"rule" => {
                            let is_break = match attr(e, "break")? {
                                Some(v) => yes_no(&v, "break", line)?,
                                None => true,
                            };
                            if current_set.is_none() {
                                return Err(
                                    Error::parse("<rule> outside <languagerule>").at_line(line)
                                );
                            }
                            if empty {
                                // No expressions at all: both sides match
                                // everywhere, as the definition says.
                                if let Some((_, rules)) = current_set.as_mut() {
                                    rules.push(compile_rule(is_break, "", "", line)?);
                                }
                            } else {
                                rule = Some((is_break, String::new(), String::new(), line));
                            }
                        }
                        b"beforebreak" if !empty => field = Field::Before,
                        b"afterbreak" if !empty => field = Field::After,
                        b"languagemap" => {
                            let pattern = attr(e, "languagepattern")?.ok_or_else(|| {
                                Error::parse("<languagemap> without languagepattern").at_line(line)
                            })?;
                            let name = attr(e, "languagerulename")?.ok_or_else(|| {
                                Error::parse("<languagemap> without languagerulename").at_line(line)
                            })?;
                            pending_maps.push((pattern, name, line));
                        }
                        _ => {}
                    }
                }
                Event::End(ref e) => match e.local_name().as_ref() {
                    b"beforebreak" | b"afterbreak" => field = Field::None,
                    b"rule" => {
                        if let (Some((is_break, before, after, rline)), Some((_, rules))) =
                            (rule.take(), current_set.as_mut())
                        {
                            rules.push(compile_rule(is_break, &before, &after, rline)?);
                        }
                    }
                    b"languagerule" => {
                        if let Some(set) = current_set.take() {
                            doc.sets.push(set);
                        }
                    }
                    _ => {}
                },
                Event::Text(ref t) if field != Field::None => {
                    let s = t.decode().map_err(|err| {
                        Error::parse(format!("malformed SRX text: {err}")).at_line(line)
                    })?;
                    push_field(&mut rule, field == Field::Before, &s);
                }
                Event::CData(ref t) if field != Field::None => {
                    let s = t.decode().map_err(|err| {
                        Error::parse(format!("malformed SRX text: {err}")).at_line(line)
                    })?;
                    push_field(&mut rule, field == Field::Before, &s);
                }
                Event::GeneralRef(ref r) if field != Field::None => {
                    let s = resolve_ref(r).map_err(|m| Error::parse(m).at_line(line))?;
                    push_field(&mut rule, field == Field::Before, &s);
                }
                Event::Eof => break,
                _ => {}
            }
        }

        for (pattern, name, line) in pending_maps {
            let set = doc
                .sets
                .iter()
                .position(|(n, _)| *n == name)
                .ok_or_else(|| {
                    Error::parse(format!("<languagemap> names unknown languagerule '{name}'"))
                        .at_line(line)
                })?;
            // Java's `matches()`: the whole code must match. Codes are
            // compared without regard to case (`EN.*` matches `en`).
            let pattern = Regex::new(&format!("(?i)^(?:{pattern})$")).map_err(|e| {
                Error::parse(format!("bad languagepattern '{pattern}': {e}")).at_line(line)
            })?;
            doc.maps.push(LanguageMap { pattern, set });
        }
        Ok(doc)
    }

    /// The rules for a language code: with `cascade="yes"` those of every
    /// matching language map in map order, otherwise those of the first.
    /// `None` when no map matches.
    pub fn rules_for(&self, code: &str) -> Option<SrxRules> {
        let mut rules = Vec::new();
        let mut any = false;
        for m in &self.maps {
            if m.pattern.is_match(code).unwrap_or(false) {
                any = true;
                rules.extend(self.sets[m.set].1.iter().cloned());
                if !self.cascade {
                    break;
                }
            }
        }
        any.then_some(SrxRules { rules })
    }
}

impl SrxRules {
    /// Loads the rules of an SRX file for one language code.
    pub fn load(path: &Path, code: &str) -> Result<SrxRules> {
        SrxDocument::load(path)?.rules_for(code).ok_or_else(|| {
            Error::config(format!("no <languagemap> matches language '{code}'")).with_path(path)
        })
    }

    /// Byte offsets where the rules break `text`, in order, excluding 0 and
    /// the end of the text.
    ///
    /// Each rule is searched for with one combined expression rather than
    /// tried at every position; a search is restarted one character after
    /// the start of each match so that overlapping matches are found too.
    /// From any one start the engine reports one end (the one its
    /// backtracking order prefers), so a rule whose `beforebreak` could end
    /// at two positions that both satisfy `afterbreak` from the same start
    /// is seen at the preferred one only; SRX rules in practice end with a
    /// stop or an abbreviation, where this rarely matters.
    pub fn boundaries(&self, text: &str) -> Vec<usize> {
        // Position -> decision of the first rule (in order) matching there.
        let mut decided: HashMap<usize, bool> = HashMap::new();
        for rule in &self.rules {
            let mut from = 0;
            while from <= text.len() {
                let m = match rule.combined.find_from_pos(text, from) {
                    Ok(Some(m)) => m,
                    // A backtracking limit hit counts as no match: the
                    // segmenter must not fail on odd input.
                    Ok(None) | Err(_) => break,
                };
                decided.entry(m.end()).or_insert(rule.is_break);
                from = match text[m.start()..].chars().next() {
                    Some(c) => m.start() + c.len_utf8(),
                    None => break,
                };
            }
        }
        let mut out: Vec<usize> = decided
            .into_iter()
            .filter(|&(pos, brk)| brk && pos > 0 && pos < text.len())
            .map(|(pos, _)| pos)
            .collect();
        out.sort_unstable();
        out
    }
}

fn compile_rule(is_break: bool, before: &str, after: &str, line: usize) -> Result<SrxRule> {
    let bad = |which: &str, e: fancy_regex::Error| {
        Error::parse(format!("bad {which} expression: {e}")).at_line(line)
    };
    // Check each side alone first so the error names the culprit.
    Regex::new(before).map_err(|e| bad("beforebreak", e))?;
    Regex::new(after).map_err(|e| bad("afterbreak", e))?;
    let pattern = if after.is_empty() {
        format!("(?:{before})")
    } else {
        format!("(?:{before})(?={after})")
    };
    let combined = Regex::new(&pattern).map_err(|e| bad("rule", e))?;
    Ok(SrxRule { is_break, combined })
}

fn push_field(rule: &mut Option<(bool, String, String, usize)>, before: bool, s: &str) {
    if let Some((_, b, a, _)) = rule.as_mut() {
        if before {
            b.push_str(s);
        } else {
            a.push_str(s);
        }
    }
}

fn resolve_ref(r: &quick_xml::events::BytesRef<'_>) -> std::result::Result<String, String> {
    if r.is_char_ref() {
        return match r.resolve_char_ref() {
            Ok(Some(c)) => Ok(c.to_string()),
            Ok(None) | Err(_) => Err("bad character reference".into()),
        };
    }
    let name = r.decode().map_err(|e| e.to_string())?;
    quick_xml::escape::resolve_predefined_entity(&name)
        .map(str::to_string)
        .ok_or_else(|| format!("unknown entity '&{name};'"))
}

fn yes_no(v: &str, what: &str, line: usize) -> Result<bool> {
    match v.trim() {
        "yes" => Ok(true),
        "no" => Ok(false),
        other => {
            Err(Error::parse(format!("{what}=\"{other}\" is neither yes nor no")).at_line(line))
        }
    }
}

/// 1-based line of a byte offset.
fn line_at(src: &str, offset: u64) -> usize {
    let end = usize::try_from(offset).unwrap_or(usize::MAX).min(src.len());
    src.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests;
