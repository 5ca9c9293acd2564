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

    /// The splitter of `lang`, once made by [`Splitters::for_lang`].
    fn made(&self, lang: &Lang) -> Option<&Segmenter> {
        self.made.iter().find(|(l, _)| l == lang).map(|(_, s)| s)
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
    let read = read(path, lang, opts)?;
    read.warn();
    let seg = match splitters {
        Some(sp) => Some(sp.for_lang(&read.lang)?),
        None => None,
    };
    let loaded = read.split(seg);
    read.report(&loaded);
    Ok(loaded)
}

/// [`load`] for the two documents of a pair, read side by side: on one
/// long pair, reading and checking 6.7 MB of text was 58 ms with the other
/// core idle (issue 16). A pair that loads says what [`load`] would say of
/// the source and then of the target, in that order; when the target
/// fails, the source's `--verbose` report is not printed before the error.
pub fn load_pair(
    (src, src_lang, src_opts): (&Path, Option<&Lang>, &LoadOptions),
    (tgt, tgt_lang, tgt_opts): (&Path, Option<&Lang>, &LoadOptions),
    splitters: Option<&mut Splitters>,
) -> Result<(Loaded, Loaded)> {
    let (s, t) = rayon::join(
        || read(src, src_lang, src_opts),
        || read(tgt, tgt_lang, tgt_opts),
    );
    let s = s?;
    s.warn();
    let t = t?;
    let (ss, ts) = match splitters {
        Some(sp) => {
            sp.for_lang(&s.lang)?;
            sp.for_lang(&t.lang)?;
            (sp.made(&s.lang), sp.made(&t.lang))
        }
        None => (None, None),
    };
    let (sl, tl) = rayon::join(|| s.split(ss), || t.split(ts));
    s.report(&sl);
    t.warn();
    t.report(&tl);
    Ok((sl, tl))
}

/// A document read and its language decided, before it is split.
struct Read<'a> {
    path: &'a Path,
    text: String,
    describe: String,
    lang: Lang,
    /// What the text's script says against the language given.
    warning: Option<String>,
    /// Whether the segments are reported (`--verbose`).
    verbose: bool,
}

fn read<'a>(path: &'a Path, lang: Option<&Lang>, opts: &LoadOptions) -> Result<Read<'a>> {
    let article = input::read_article(path, opts.read)?;
    let text = &article.text;
    let mut warning = None;
    let lang = match lang {
        Some(l) => {
            if let Err(e) = check_script(text, l) {
                warning = Some(format!(
                    "mizan: warning: {}: given as {l} with {}, but {}",
                    path.display(),
                    opts.lang_flag,
                    e.without_path()
                        .to_string()
                        .trim_start_matches("wrong language: ")
                ));
            }
            l.clone()
        }
        None => lang::detect(text).map_err(|e| e.with_path(path))?,
    };
    Ok(Read {
        path,
        describe: article.describe(),
        text: article.text,
        lang,
        warning,
        verbose: opts.verbose,
    })
}

impl Read<'_> {
    fn warn(&self) {
        if let Some(w) = &self.warning {
            eprintln!("{w}");
        }
    }

    /// The segments: lines without a splitter, else sentences.
    fn split(&self, splitter: Option<&Segmenter>) -> Loaded {
        let sentences = match splitter {
            None => input::lines(&self.text),
            Some(seg) => mizan::segment::segment_text(&self.text, seg),
        };
        Loaded {
            lang: self.lang.clone(),
            sentences,
        }
    }

    fn report(&self, loaded: &Loaded) {
        if self.verbose {
            eprintln!(
                "mizan: {}: {}, language {}, {} segments",
                self.path.display(),
                self.describe,
                self.lang,
                loaded.sentences.len()
            );
        }
    }
}
