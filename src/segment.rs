//! Sentence segmentation (placeholder until the segmenter lands).

use crate::lang::Lang;

/// Splits paragraphs into sentences.
#[derive(Debug, Clone)]
pub struct Segmenter {
    _lang: Lang,
}

impl Segmenter {
    /// The built-in rules for a language.
    pub fn new(lang: &Lang) -> Segmenter {
        Segmenter {
            _lang: lang.clone(),
        }
    }

    /// Splits one paragraph into sentences, each an exact substring of the
    /// paragraph, trimmed.
    pub fn split<'a>(&self, paragraph: &'a str) -> Vec<&'a str> {
        vec![paragraph.trim()]
    }
}

/// Splits a text into paragraphs and those into sentences.
pub fn segment_text(text: &str, seg: &Segmenter) -> Vec<String> {
    crate::input::paragraphs(text)
        .iter()
        .flat_map(|p| {
            seg.split(&p.text)
                .into_iter()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

impl Segmenter {
    /// Rules from an SRX file.
    pub fn from_srx(_path: &std::path::Path, lang: &Lang) -> crate::Result<Segmenter> {
        Ok(Segmenter::new(lang))
    }
}
