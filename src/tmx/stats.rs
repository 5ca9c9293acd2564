//! What a memory holds: units, languages, props, duplicates.

use super::{lang_matches, source_lang, Tmx, Tu};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Counts of one memory (or several read together).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Stats {
    /// Translation units.
    pub units: usize,
    /// The source language the counts of sources refer to.
    pub source_lang: String,
    /// Variants by language tag.
    pub languages: BTreeMap<String, usize>,
    /// Units by their number of variants (2 for bilingual, 3 for
    /// trilingual units).
    pub variants_per_unit: BTreeMap<usize, usize>,
    /// Props by type, counting each prop.
    pub props: BTreeMap<String, usize>,
    /// Units by `x-mizan-bead` shape.
    pub shapes: BTreeMap<String, usize>,
    /// Distinct `x-mizan-document` values.
    pub documents: usize,
    /// Units with an `x-mizan-score` that is a number.
    pub scored: usize,
    /// Mean `x-mizan-score` of the units that have one.
    pub mean_score: Option<f64>,
    /// Units identical (same texts in the same languages) to an earlier
    /// unit.
    pub duplicates: usize,
    /// Source texts with more than one distinct translation.
    pub conflicting_sources: usize,
    /// Variants whose text is empty or blank.
    pub empty_segments: usize,
    /// Units whose tuv languages are not all different.
    pub repeated_language: usize,
    /// Language tags (srclang or a variant's) that are not BCP-47 tags.
    pub bad_tags: Vec<String>,
    /// Units without a variant in the source language.
    pub without_source: usize,
}

/// The key under which two units are exact duplicates: their variants'
/// languages (without regard to case) and texts, in a fixed order.
pub fn duplicate_key(tu: &Tu) -> Vec<(String, String)> {
    let mut key: Vec<(String, String)> = tu
        .tuvs
        .iter()
        .map(|t| (t.lang.to_ascii_lowercase(), t.text.clone()))
        .collect();
    key.sort();
    key
}

/// The source text of a unit and the rest of it (its translations), for
/// finding sources translated in more than one way.
pub fn source_and_rest(tu: &Tu, src: &str) -> Option<(String, Vec<(String, String)>)> {
    let text = tu.text(src)?.to_string();
    let mut rest: Vec<(String, String)> = tu
        .tuvs
        .iter()
        .filter(|t| !lang_matches(&t.lang, src))
        .map(|t| (t.lang.to_ascii_lowercase(), t.text.clone()))
        .collect();
    rest.sort();
    Some((text, rest))
}

/// Counts a memory.
pub fn stats(tmx: &Tmx) -> Stats {
    let src = source_lang(tmx).unwrap_or_default();
    let mut s = Stats {
        units: tmx.units.len(),
        source_lang: src.clone(),
        ..Stats::default()
    };
    let mut seen = HashSet::new();
    // By source text and target languages, the distinct translations.
    type Translations = HashSet<Vec<(String, String)>>;
    let mut translations: HashMap<(String, Vec<String>), Translations> = HashMap::new();
    let mut docs = HashSet::new();
    let mut score_sum = 0.0;
    for tu in &tmx.units {
        let mut langs = HashSet::new();
        for t in &tu.tuvs {
            *s.languages.entry(t.lang.clone()).or_default() += 1;
            if t.text.trim().is_empty() {
                s.empty_segments += 1;
            }
            langs.insert(t.lang.to_ascii_lowercase());
        }
        if langs.len() < tu.tuvs.len() {
            s.repeated_language += 1;
        }
        *s.variants_per_unit.entry(tu.tuvs.len()).or_default() += 1;
        for (k, _) in &tu.props {
            *s.props.entry(k.clone()).or_default() += 1;
        }
        if let Some(shape) = tu.prop("x-mizan-bead") {
            *s.shapes.entry(shape.to_string()).or_default() += 1;
        }
        if let Some(d) = tu.prop("x-mizan-document") {
            docs.insert(d.to_string());
        }
        if let Some(score) = tu.score() {
            s.scored += 1;
            score_sum += score;
        }
        if !seen.insert(duplicate_key(tu)) {
            s.duplicates += 1;
        }
        if let Some((text, rest)) = source_and_rest(tu, &src) {
            // Translations into the same set of languages are compared.
            let langs: Vec<String> = rest.iter().map(|(l, _)| l.clone()).collect();
            translations.entry((text, langs)).or_default().insert(rest);
        }
    }
    s.documents = docs.len();
    for tag in std::iter::once(&tmx.srclang).chain(s.languages.keys()) {
        if !tag.is_empty()
            && tag != "*all*"
            && crate::write::tmx::check_tag(tag).is_err()
            && !s.bad_tags.contains(tag)
        {
            s.bad_tags.push(tag.clone());
        }
    }
    s.without_source = tmx
        .units
        .iter()
        .filter(|u| !src.is_empty() && u.text(&src).is_none())
        .count();
    s.mean_score = (s.scored > 0).then(|| score_sum / s.scored as f64);
    s.conflicting_sources = translations.values().filter(|v| v.len() > 1).count();
    s
}

impl std::fmt::Display for Stats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let list = |m: &BTreeMap<String, usize>| {
            m.iter()
                .map(|(k, v)| format!("{k} {v}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        writeln!(f, "units: {}", self.units)?;
        writeln!(f, "source language: {}", self.source_lang)?;
        writeln!(f, "variants by language: {}", list(&self.languages))?;
        let per: Vec<String> = self
            .variants_per_unit
            .iter()
            .map(|(k, v)| format!("{k}: {v}"))
            .collect();
        writeln!(f, "units by number of languages: {}", per.join(", "))?;
        writeln!(f, "props: {}", list(&self.props))?;
        if !self.shapes.is_empty() {
            writeln!(f, "links by shape: {}", list(&self.shapes))?;
        }
        if self.documents > 0 {
            writeln!(f, "documents: {}", self.documents)?;
        }
        if let Some(m) = self.mean_score {
            writeln!(f, "scored units: {} (mean score {m:.3})", self.scored)?;
        }
        writeln!(f, "exact duplicates: {}", self.duplicates)?;
        writeln!(
            f,
            "sources with more than one translation: {}",
            self.conflicting_sources
        )?;
        writeln!(f, "empty segments: {}", self.empty_segments)?;
        if !self.bad_tags.is_empty() {
            writeln!(
                f,
                "language tags that are not BCP-47: {}",
                self.bad_tags.join(", ")
            )?;
        }
        if self.without_source > 0 {
            writeln!(
                f,
                "units without a variant in the source language: {}",
                self.without_source
            )?;
        }
        if self.repeated_language > 0 {
            writeln!(
                f,
                "units with two variants in one language: {}",
                self.repeated_language
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::tmx::Tuv;

    /// A bilingual unit with a score, shape and document.
    pub fn unit(ar: &str, en: &str, score: &str, doc: &str) -> Tu {
        Tu {
            attrs: vec![],
            props: vec![
                ("x-mizan-score".into(), score.into()),
                ("x-mizan-bead".into(), "1-1".into()),
                ("x-mizan-document".into(), doc.into()),
            ],
            tuvs: vec![
                Tuv {
                    lang: "ar".into(),
                    text: ar.into(),
                },
                Tuv {
                    lang: "en".into(),
                    text: en.into(),
                },
            ],
        }
    }

    pub fn memory(units: Vec<Tu>) -> Tmx {
        Tmx {
            version: "1.4".into(),
            srclang: "ar".into(),
            header: vec![],
            units,
        }
    }

    #[test]
    fn counts_duplicates_and_conflicts() {
        let tmx = memory(vec![
            unit("أ", "a", "0.5", "d1"),
            unit("أ", "a", "0.9", "d2"),
            unit("أ", "A", "0.7", "d2"),
            unit("ب", " ", "bad", "d2"),
        ]);
        let s = stats(&tmx);
        assert_eq!(s.units, 4);
        assert_eq!(s.duplicates, 1);
        assert_eq!(s.conflicting_sources, 1);
        assert_eq!(s.documents, 2);
        assert_eq!(s.scored, 3);
        assert!((s.mean_score.unwrap() - 0.7).abs() < 1e-9);
        assert_eq!(s.languages["ar"], 4);
        assert_eq!(s.empty_segments, 1);
        assert_eq!(s.props["x-mizan-score"], 4);
        assert_eq!(s.variants_per_unit[&2], 4);
        assert_eq!(s.without_source, 0);
        assert!(s.bad_tags.is_empty());
        let mut odd = memory(vec![unit("أ", "a", "0.5", "d1")]);
        odd.srclang = "ar_SA".into();
        odd.units[0].tuvs[1].lang = "en_GB".into();
        let o = stats(&odd);
        assert_eq!(o.bad_tags, ["ar_SA", "en_GB"]);
        assert_eq!(o.without_source, 1);
        let text = s.to_string();
        assert!(text.contains("exact duplicates: 1"), "{text}");
    }
}
