//! Sentence segmentation.
//!
//! The built-in rules end a sentence at a terminator (`.` `!` `?` `…` `؟`
//! `۔`, runs of them such as `...` or `?!`) together with the closing
//! quotes and brackets right after it, when whitespace follows. Periods
//! inside numbers, URLs, e-mail addresses and acronyms have no whitespace
//! after them and never end a sentence; initials, listed abbreviations and
//! periods before a lower-case word do not either. Abbreviation lists live
//! in `data/abbreviations/{en,ru,ar}.txt`, embedded in the binary. An SRX
//! file can replace the built-in rules ([`Segmenter::from_srx`]).

mod rules;

use crate::error::Result;
use crate::input;
use crate::lang::Lang;
use crate::srx::SrxRules;
use std::path::Path;

/// Splits paragraphs into sentences, with built-in or SRX rules.
#[derive(Debug, Clone)]
pub struct Segmenter {
    engine: Engine,
}

#[derive(Debug, Clone)]
enum Engine {
    Rules(rules::Rules),
    Srx(SrxRules),
}

impl Segmenter {
    /// The built-in rules for a language: Arabic, English and Russian have
    /// abbreviation lists; other languages get the generic rules of their
    /// script.
    pub fn new(lang: &Lang) -> Segmenter {
        Segmenter {
            engine: Engine::Rules(rules::Rules::new(lang)),
        }
    }

    /// Rules for `lang` from an SRX 2.0 file, chosen by its map rules.
    ///
    /// Fails with a parse error (path and line) on malformed XML or a bad
    /// regular expression, and with a configuration error when no language
    /// map of the file matches the language code.
    pub fn from_srx(path: &Path, lang: &Lang) -> Result<Segmenter> {
        let rules = SrxRules::load(path, lang.code())?;
        Ok(Segmenter {
            engine: Engine::Srx(rules),
        })
    }

    /// Splits one paragraph into sentences, each an exact substring of the
    /// paragraph, trimmed and non-empty, in order.
    pub fn split<'a>(&self, paragraph: &'a str) -> Vec<&'a str> {
        let ends = match &self.engine {
            Engine::Rules(r) => r.boundaries(paragraph),
            Engine::Srx(s) => s.boundaries(paragraph),
        };
        let mut out = Vec::with_capacity(ends.len() + 1);
        let mut start = 0;
        for end in ends.into_iter().chain(std::iter::once(paragraph.len())) {
            if end <= start || !paragraph.is_char_boundary(end) {
                continue;
            }
            let piece = paragraph[start..end].trim();
            if !piece.is_empty() {
                out.push(piece);
            }
            start = end;
        }
        out
    }
}

impl Segmenter {
    /// How many sentences [`Segmenter::split`] finds in `paragraph`, at
    /// least 1. A line that the built-in rules cannot split anywhere (see
    /// [`rules::cannot_split`]) counts 1 without the rules being run: the
    /// lines of a segmented article are counted again for the sentence
    /// balance, and running the rules on each was 4% of a build (issue 16).
    pub fn count(&self, paragraph: &str) -> usize {
        match &self.engine {
            Engine::Rules(_) if rules::cannot_split(paragraph) => 1,
            _ => self.split(paragraph).len().max(1),
        }
    }
}

/// Splits a whole text into sentences: every non-blank line is a paragraph
/// (see [`input::paragraphs`]) and paragraph ends are hard boundaries.
pub fn segment_text(text: &str, seg: &Segmenter) -> Vec<String> {
    input::paragraphs(text)
        .iter()
        .flat_map(|p| {
            seg.split(&p.text)
                .into_iter()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

#[cfg(test)]
mod tests;
