//! The text of `summary.txt` (also printed on standard error): what each
//! language pair gave, and what was read of the input. Apart from the
//! build's steps, as it only reports on them.

use super::one_line;
use mizan::build::{Corpus, LanguageBuild};
use mizan::write::WriteStats;
use mizan::Lang;
use std::collections::BTreeMap;

/// The summary's account of the input: articles by language with their
/// formats and encodings, languages without articles, files skipped.
pub(super) fn input_summary(corpus: &Corpus, empty: &[Lang]) -> String {
    /// Articles of one language, by format and by encoding.
    #[derive(Default)]
    struct Tally {
        n: usize,
        formats: BTreeMap<String, usize>,
        encodings: BTreeMap<&'static str, usize>,
    }
    let mut by_lang: BTreeMap<&Lang, Tally> = BTreeMap::new();
    for (lang, r) in &corpus.read {
        let t = by_lang.entry(lang).or_default();
        t.n += 1;
        *t.formats.entry(r.format.to_string()).or_default() += 1;
        *t.encodings.entry(r.encoding.name()).or_default() += 1;
    }
    let list = |m: Vec<(String, usize)>| {
        m.into_iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut out = String::new();
    if !by_lang.is_empty() {
        let parts: Vec<String> = by_lang
            .iter()
            .map(|(lang, t)| {
                format!(
                    "{lang} {} articles ({}; {})",
                    t.n,
                    list(t.formats.iter().map(|(k, v)| (k.clone(), *v)).collect()),
                    list(
                        t.encodings
                            .iter()
                            .map(|(k, v)| (k.to_string(), *v))
                            .collect()
                    )
                )
            })
            .collect();
        out.push_str(&format!("input: {}\n", parts.join("; ")));
    }
    for lang in empty {
        out.push_str(&format!(
            "input: no {lang} articles, so no ar-{lang} output\n"
        ));
    }
    if !corpus.skipped.is_empty() {
        out.push_str(&format!(
            "input: {} file(s) skipped (listed in unpaired.tsv):\n",
            corpus.skipped.len()
        ));
        for (lang, s) in &corpus.skipped {
            out.push_str(&format!(
                "input: skipped {lang}/{}: {}\n",
                s.id,
                one_line(&s.reason)
            ));
        }
    }
    out
}

/// The lines of the summary for one language pair: its article pairs,
/// units, links by shape and what was left out.
pub(super) fn summarise(name: &str, b: &LanguageBuild, stats: &WriteStats) -> String {
    let s = b.summary();
    let shapes: Vec<String> = s.shapes.iter().map(|(k, v)| format!("{k} {v}")).collect();
    format!(
        "{name}: {} article pairs, {} Arabic and {} {} articles without counterpart\n\
         {name}: {} translation units written (mean confidence {:.3}); links by shape: {}\n\
         {name}: sentences left out for lack of a counterpart: {} Arabic, {} {}; \
         links skipped for blank text: {}; lexicon learned: {}\n",
        s.pairs,
        s.unpaired_src,
        s.unpaired_tgt,
        b.lang,
        stats.units,
        s.mean_confidence,
        shapes.join(", "),
        s.src_without_counterpart,
        s.tgt_without_counterpart,
        b.lang,
        stats
            .skipped_empty
            .saturating_sub(s.links_without_counterpart),
        if b.lexicon_used {
            "yes"
        } else {
            "no (too few confident links)"
        },
    )
}
