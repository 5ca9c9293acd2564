//! Reading one document for a subcommand: its text, language and segments.

use anyhow::Result;
use mizan::input::ReadOptions;
use mizan::pair::check_script;
use mizan::segment::Segmenter;
use mizan::{input, lang, Lang};
use std::path::Path;

/// A document read, its language decided and its sentences found.
pub struct Loaded {
    pub lang: Lang,
    pub sentences: Vec<String>,
}

/// Sentence splitters by language, each built (and its SRX file read) once
/// per run, however many documents share the language.
pub struct Splitters<'a> {
    srx: Option<&'a Path>,
    made: Vec<(Lang, Segmenter)>,
}

impl<'a> Splitters<'a> {
    pub fn new(srx: Option<&'a Path>) -> Splitters<'a> {
        Splitters {
            srx,
            made: Vec::new(),
        }
    }

    fn for_lang(&mut self, lang: &Lang) -> Result<&Segmenter> {
        let k = match self.made.iter().position(|(l, _)| l == lang) {
            Some(k) => k,
            None => {
                let seg = match self.srx {
                    Some(rules) => Segmenter::from_srx(rules, lang)?,
                    None => Segmenter::new(lang),
                };
                self.made.push((lang.clone(), seg));
                self.made.len() - 1
            }
        };
        Ok(&self.made[k].1)
    }
}

/// How to read one document and what to say about it.
pub struct LoadOptions<'a> {
    pub read: &'a ReadOptions,
    pub verbose: bool,
    /// The option that gave the language, for a warning when the text's
    /// script contradicts it (`--src-lang`).
    pub lang_flag: &'a str,
}

/// Reads one document: the text, its language (given or detected) and its
/// segments (lines when `splitters` is `None`, else sentences). A given
/// language that the text's script contradicts is kept, with a warning.
pub fn load(
    path: &Path,
    lang: Option<&Lang>,
    splitters: Option<&mut Splitters>,
    opts: &LoadOptions,
) -> Result<Loaded> {
    let article = input::read_article(path, opts.read)?;
    let text = &article.text;
    let lang = match lang {
        Some(l) => {
            if let Err(e) = check_script(text, l) {
                eprintln!(
                    "mizan: warning: {}: given as {l} with {}, but {}",
                    path.display(),
                    opts.lang_flag,
                    e.without_path()
                        .to_string()
                        .trim_start_matches("wrong language: ")
                );
            }
            l.clone()
        }
        None => lang::detect(text).map_err(|e| e.with_path(path))?,
    };
    let sentences = match splitters {
        None => input::lines(text),
        Some(sp) => mizan::segment::segment_text(text, sp.for_lang(&lang)?),
    };
    if opts.verbose {
        eprintln!(
            "mizan: {}: {}, language {lang}, {} segments",
            path.display(),
            article.describe(),
            sentences.len()
        );
    }
    Ok(Loaded { lang, sentences })
}
