//! Choosing units of a memory: by score, link shape, language, document
//! or prop.

use super::{lang_matches, Tu};

/// Which units to keep; every condition given must hold.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    /// Lowest `x-mizan-score` kept; units without a score are left out.
    pub min_score: Option<f64>,
    /// Highest `x-mizan-score` kept; units without a score are left out.
    pub max_score: Option<f64>,
    /// Link shapes (`x-mizan-bead`, e.g. `1-1`) kept.
    pub shapes: Vec<String>,
    /// Languages kept: other variants are removed, and a unit without a
    /// variant in each of these languages is left out (so `ar` and `en`
    /// make a bilingual memory of a trilingual one).
    pub langs: Vec<String>,
    /// Documents (`x-mizan-document`) kept.
    pub documents: Vec<String>,
    /// Props (type, value) a unit must have.
    pub props: Vec<(String, String)>,
}

/// Why units were left out, by condition (a unit is counted under the
/// first condition it fails).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilterReport {
    /// Units read.
    pub read: usize,
    /// Left out for their score, or for having none.
    pub score: usize,
    /// Left out for their shape.
    pub shape: usize,
    /// Left out for lacking a language.
    pub lang: usize,
    /// Left out for their document.
    pub document: usize,
    /// Left out for lacking a prop.
    pub prop: usize,
    /// Units kept.
    pub kept: usize,
}

impl Filter {
    /// The unit as it is kept (with only the chosen languages), or which
    /// condition it fails.
    fn apply(&self, tu: &Tu, report: &mut FilterReport) -> Option<Tu> {
        if self.min_score.is_some() || self.max_score.is_some() {
            let ok = tu.score().is_some_and(|s| {
                self.min_score.map_or(true, |m| s >= m) && self.max_score.map_or(true, |m| s <= m)
            });
            if !ok {
                report.score += 1;
                return None;
            }
        }
        if !self.shapes.is_empty()
            && !tu
                .prop("x-mizan-bead")
                .is_some_and(|b| self.shapes.iter().any(|s| s == b.trim()))
        {
            report.shape += 1;
            return None;
        }
        if !self.documents.is_empty()
            && !tu
                .prop("x-mizan-document")
                .is_some_and(|d| self.documents.iter().any(|x| x == d))
        {
            report.document += 1;
            return None;
        }
        if !self
            .props
            .iter()
            .all(|(k, v)| tu.props.iter().any(|(pk, pv)| pk == k && pv == v))
        {
            report.prop += 1;
            return None;
        }
        let mut tu = tu.clone();
        if !self.langs.is_empty() {
            if !self.langs.iter().all(|l| tu.text(l).is_some()) {
                report.lang += 1;
                return None;
            }
            tu.tuvs
                .retain(|t| self.langs.iter().any(|l| lang_matches(&t.lang, l)));
        }
        Some(tu)
    }

    /// The units that pass, in order, and what was left out.
    pub fn run<'a>(&self, units: impl IntoIterator<Item = &'a Tu>) -> (Vec<Tu>, FilterReport) {
        let mut report = FilterReport::default();
        let mut out = Vec::new();
        for tu in units {
            report.read += 1;
            if let Some(tu) = self.apply(tu, &mut report) {
                out.push(tu);
            }
        }
        report.kept = out.len();
        (out, report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tmx::stats::tests::unit;
    use crate::tmx::Tuv;

    #[test]
    fn each_condition() {
        let mut tri = unit("ج", "c", "0.8", "d2");
        tri.tuvs.push(Tuv {
            lang: "ru-RU".into(),
            text: "в".into(),
        });
        tri.set_prop("x-mizan-bead", "1-2");
        let units = [
            unit("أ", "a", "0.9", "d1"),
            unit("ب", "b", "0.2", "d1"),
            unit("د", "d", "n/a", "d2"),
            tri,
        ];
        let f = Filter {
            min_score: Some(0.5),
            ..Filter::default()
        };
        let (out, r) = f.run(&units);
        assert_eq!(out.len(), 2);
        assert_eq!((r.read, r.score, r.kept), (4, 2, 2));
        let f = Filter {
            max_score: Some(0.5),
            ..Filter::default()
        };
        assert_eq!(f.run(&units).0[0].text("ar"), Some("ب"));
        let f = Filter {
            shapes: vec!["1-2".into()],
            ..Filter::default()
        };
        assert_eq!(f.run(&units).1.shape, 3);
        let f = Filter {
            documents: vec!["d2".into()],
            ..Filter::default()
        };
        assert_eq!(f.run(&units).0.len(), 2);
        let f = Filter {
            props: vec![("x-mizan-document".into(), "d1".into())],
            ..Filter::default()
        };
        assert_eq!(f.run(&units).1.prop, 2);
        let f = Filter {
            langs: vec!["ar".into(), "ru".into()],
            ..Filter::default()
        };
        let (out, r) = f.run(&units);
        assert_eq!(r.lang, 3);
        assert_eq!(out[0].tuvs.len(), 2);
        assert_eq!(out[0].text("ru"), Some("в"));
        assert_eq!(out[0].text("en"), None);
    }
}
