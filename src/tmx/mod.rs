//! Translation memories as data: a TMX reader, a writer of translation
//! units, and the tools built on them (statistics, merging, filtering,
//! conversion to tables, Moses text, JSON lines and XLIFF 2.0).
//!
//! [`crate::write`] turns aligned documents into units; this module reads
//! TMX files that mizan or any other tool wrote and works on their units.

pub mod bcp47;
pub mod convert;
pub mod filter;
pub mod merge;
pub mod multilingual;
pub mod reader;
pub mod stats;
pub mod write;
pub mod xliff;

pub use self::reader::{read_tmx, read_tmx_file, Inline, ReadOptions};
pub use self::write::{TmxEncoding, TuWriter, TuWriterOptions};

/// A translation memory read from a TMX file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tmx {
    /// The TMX version of the root element (`1.4`, `1.1`, ...).
    pub version: String,
    /// The header's `srclang` (`*all*` when any language may be the
    /// source); empty when the header has none.
    pub srclang: String,
    /// The header's other attributes, in file order.
    pub header: Vec<(String, String)>,
    /// The translation units, in file order.
    pub units: Vec<Tu>,
}

/// A translation unit: its attributes, its props and its variants.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tu {
    /// Attributes of `<tu>` in file order (`tuid`, `creationdate`, ...).
    pub attrs: Vec<(String, String)>,
    /// `<prop type="...">value</prop>` pairs, in file order.
    pub props: Vec<(String, String)>,
    /// The language variants, in file order.
    pub tuvs: Vec<Tuv>,
}

/// One language variant of a unit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Tuv {
    /// The language tag (`xml:lang`, or `lang` in TMX 1.1 and 1.2).
    pub lang: String,
    /// The text of `<seg>`, with inline codes handled as the reader was
    /// told (see [`Inline`]).
    pub text: String,
}

impl Tu {
    /// The value of the first prop of this type.
    pub fn prop(&self, kind: &str) -> Option<&str> {
        self.props
            .iter()
            .find(|(k, _)| k == kind)
            .map(|(_, v)| v.as_str())
    }

    /// The value of an attribute of `<tu>`.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Sets an attribute, replacing its value if it is there.
    pub fn set_attr(&mut self, name: &str, value: &str) {
        match self.attrs.iter_mut().find(|(k, _)| k == name) {
            Some(a) => a.1 = value.to_string(),
            None => self.attrs.push((name.to_string(), value.to_string())),
        }
    }

    /// Sets a prop, replacing the first of its type if it is there.
    pub fn set_prop(&mut self, kind: &str, value: &str) {
        match self.props.iter_mut().find(|(k, _)| k == kind) {
            Some(p) => p.1 = value.to_string(),
            None => self.props.push((kind.to_string(), value.to_string())),
        }
    }

    /// The text of the variant in `lang` (compared without regard to
    /// case, and `ar` matching `ar-SA`), if the unit has one.
    pub fn text(&self, lang: &str) -> Option<&str> {
        self.tuvs
            .iter()
            .find(|t| lang_matches(&t.lang, lang))
            .map(|t| t.text.as_str())
    }

    /// mizan's confidence (`x-mizan-score`), if the unit carries one that
    /// is a number.
    pub fn score(&self) -> Option<f64> {
        self.prop("x-mizan-score")?.trim().parse().ok()
    }
}

/// Whether the tag `tag` is the language `want`: equal without regard to
/// case, or `want` is a prefix of it up to a `-` (`ar` matches `ar-SA`).
pub fn lang_matches(tag: &str, want: &str) -> bool {
    tag.eq_ignore_ascii_case(want)
        || (tag.len() > want.len()
            && tag.as_bytes()[want.len()] == b'-'
            && tag[..want.len()].eq_ignore_ascii_case(want))
}

/// The source language of a memory: its header's `srclang`, or when that
/// is missing or `*all*`, the language of the first variant of the first
/// unit.
pub fn source_lang(tmx: &Tmx) -> Option<String> {
    if !tmx.srclang.is_empty() && tmx.srclang != "*all*" {
        return Some(tmx.srclang.clone());
    }
    tmx.units
        .iter()
        .find_map(|u| u.tuvs.first())
        .map(|t| t.lang.clone())
}

/// The languages of a memory's variants, in order of first appearance.
pub fn languages(tmx: &Tmx) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for u in &tmx.units {
        for t in &u.tuvs {
            if !out.iter().any(|l| l.eq_ignore_ascii_case(&t.lang)) {
                out.push(t.lang.clone());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_prefixes() {
        assert!(lang_matches("ar", "ar"));
        assert!(lang_matches("ar-SA", "ar"));
        assert!(lang_matches("EN-gb", "en-GB"));
        assert!(!lang_matches("ar", "ar-SA"));
        assert!(!lang_matches("arb", "ar"));
        assert!(!lang_matches("en", "ru"));
    }

    #[test]
    fn props_and_attrs() {
        let mut tu = Tu::default();
        tu.set_prop("x-mizan-score", "0.5");
        tu.set_prop("x-mizan-score", "0.75");
        tu.set_attr("tuid", "3");
        assert_eq!(tu.props.len(), 1);
        assert_eq!(tu.score(), Some(0.75));
        assert_eq!(tu.attr("tuid"), Some("3"));
        tu.set_prop("x-mizan-score", "n/a");
        assert_eq!(tu.score(), None);
    }
}
