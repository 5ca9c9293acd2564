//! Arguments turned into validated jobs: paths checked, documents paired,
//! languages and language tags resolved.

use super::args::{AlignArgs, DictArgs, Format, MethodArgs};
use anyhow::{bail, Context, Result};
use mizan::align::SearchParams;
use mizan::aligner::AlignConfig;
use mizan::input::{parse_encoding, ReadOptions};
use mizan::Lang;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One source/target document pair to align.
#[derive(Debug, Clone)]
pub struct DocPair {
    /// Document name (the source file's stem).
    pub name: String,
    /// Source file.
    pub src: PathBuf,
    /// Target file.
    pub tgt: PathBuf,
}

/// A validated `mizan align` run.
#[derive(Debug)]
pub struct AlignJob {
    pub docs: Vec<DocPair>,
    pub output: Option<PathBuf>,
    pub format: Format,
    pub presegmented: bool,
    pub src_lang: Option<Lang>,
    pub tgt_lang: Option<Lang>,
    pub lang_tags: BTreeMap<String, String>,
    pub srx: Option<PathBuf>,
    /// How to align (`--no-anchors`, `--passes`, `--band-limit`).
    pub align: AlignConfig,
    pub explain: bool,
    pub min_score: Option<f64>,
    pub dump_features: Option<PathBuf>,
    pub no_lexicon: bool,
    pub lexicon_rounds: usize,
    pub lexicon: Option<PathBuf>,
    pub lexicon_out: Option<PathBuf>,
    pub lexicon_update: Option<PathBuf>,
    /// Which system dictionaries to use.
    pub dicts: DictArgs,
    /// Source files without a namesake on the target side, and the other
    /// way round (folder mode only).
    pub unpaired: Vec<PathBuf>,
    /// Two folders were given (so a bad file is skipped, not fatal).
    pub folders: bool,
    /// How to read the articles.
    pub read: ReadOptions,
    /// `--encoding` as given, for the review page to record.
    pub encoding: Option<String>,
    pub verbose: bool,
    pub strict: bool,
    pub allow_same_language: bool,
}

impl AlignJob {
    pub fn from_args(args: AlignArgs) -> Result<AlignJob> {
        let (Some(src), Some(tgt)) = (&args.src, &args.tgt) else {
            bail!("give the source and the target (files or folders), or --jsonl for stream mode");
        };
        let (docs, unpaired) = pair_inputs(src, tgt)?;
        let read = read_options(args.read.encoding.as_deref())?;
        let encoding = args.read.encoding.clone();
        let src_lang = args.src_lang.as_deref().map(Lang::parse).transpose()?;
        let tgt_lang = args.tgt_lang.as_deref().map(Lang::parse).transpose()?;
        let lang_tags = parse_lang_tags(&args.lang_tag)?;
        let output = args.output.filter(|p| p.as_os_str() != "-");
        if let Some(out) = &output {
            if out.is_dir() {
                bail!(
                    "{}: is a folder; give a file name for the output",
                    out.display()
                );
            }
        }
        if let Some(srx) = &args.method.srx {
            if args.presegmented {
                bail!("--srx has no effect with --presegmented; leave one out");
            }
            if !srx.is_file() {
                bail!("{}: no such file (given with --srx)", srx.display());
            }
        }
        let align = align_config(&args.method);
        Ok(AlignJob {
            docs,
            output,
            format: args.format,
            presegmented: args.presegmented,
            src_lang,
            tgt_lang,
            lang_tags,
            srx: args.method.srx,
            align,
            explain: args.explain,
            min_score: min_score(args.min_score)?,
            dump_features: args.dump_features,
            no_lexicon: args.no_lexicon,
            lexicon_rounds: usize::from(args.lexicon_rounds),
            lexicon: args.lexicon,
            lexicon_out: args.lexicon_out,
            lexicon_update: args.lexicon_update,
            dicts: args.dicts,
            unpaired,
            folders: src.is_dir(),
            read,
            encoding,
            verbose: args.read.verbose,
            strict: args.strict,
            allow_same_language: args.allow_same_language,
        })
    }

    /// The TMX language tag for a language: the user's choice, or the code.
    pub fn tag(&self, lang: &Lang) -> String {
        self.lang_tags
            .get(lang.code())
            .cloned()
            .unwrap_or_else(|| lang.code().to_string())
    }
}

/// The alignment settings of `align`, `build` and the stream.
pub fn align_config(method: &MethodArgs) -> AlignConfig {
    AlignConfig {
        anchors: !method.no_anchors,
        passes: usize::from(method.passes),
        search: SearchParams {
            band_limit: method.band_limit.map(|c| c as usize),
            ..SearchParams::default()
        },
        ..AlignConfig::default()
    }
}

/// Two files make one pair; two folders pair their files by name.
fn pair_inputs(src: &Path, tgt: &Path) -> Result<(Vec<DocPair>, Vec<PathBuf>)> {
    for p in [src, tgt] {
        if !p.exists() {
            bail!("{}: no such file or folder", p.display());
        }
    }
    match (src.is_dir(), tgt.is_dir()) {
        (false, false) => Ok((
            vec![DocPair {
                name: doc_name(src),
                src: src.to_path_buf(),
                tgt: tgt.to_path_buf(),
            }],
            Vec::new(),
        )),
        (true, true) => {
            let s = list_files(src)?;
            let t = list_files(tgt)?;
            let mut docs = Vec::new();
            let mut unpaired = Vec::new();
            // A file pairs with its namesake, else with the one file of the
            // same stem (`x.html` with `x.docx`) that has no namesake.
            let mut used = std::collections::BTreeSet::new();
            for (name, path) in &s {
                let other = t.get(name).map(|p| (name.clone(), p)).or_else(|| {
                    let stem = doc_name(path);
                    let mut same = t
                        .iter()
                        .filter(|(n, p)| !s.contains_key(*n) && doc_name(p) == stem);
                    match (same.next(), same.next()) {
                        (Some((n, p)), None) => Some((n.clone(), p)),
                        _ => None,
                    }
                });
                match other {
                    Some((n, other)) if used.insert(n.clone()) => docs.push(DocPair {
                        name: doc_name(path),
                        src: path.clone(),
                        tgt: other.clone(),
                    }),
                    _ => unpaired.push(path.clone()),
                }
            }
            unpaired.extend(
                t.iter()
                    .filter(|(n, _)| !used.contains(*n))
                    .map(|(_, p)| p.clone()),
            );
            if docs.is_empty() {
                bail!(
                    "{} and {}: no file name occurs in both folders",
                    src.display(),
                    tgt.display()
                );
            }
            Ok((docs, unpaired))
        }
        _ => bail!(
            "{} and {}: give two files or two folders, not one of each",
            src.display(),
            tgt.display()
        ),
    }
}

/// Regular, non-hidden files of a folder by file name, in sorted order.
pub fn list_files(dir: &Path) -> Result<BTreeMap<String, PathBuf>> {
    let mut out = BTreeMap::new();
    for entry in
        std::fs::read_dir(dir).with_context(|| format!("{}: cannot list", dir.display()))?
    {
        let entry = entry.with_context(|| format!("{}: cannot list", dir.display()))?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_file() && !name.starts_with('.') {
            out.insert(name, path);
        }
    }
    Ok(out)
}

/// A document's name: its file name without the last extension.
pub fn doc_name(path: &Path) -> String {
    path.file_stem()
        .unwrap_or(path.as_os_str())
        .to_string_lossy()
        .into_owned()
}

/// Reading options from `--encoding`.
pub fn read_options(encoding: Option<&str>) -> Result<ReadOptions> {
    Ok(ReadOptions {
        encoding: encoding.map(parse_encoding).transpose()?,
    })
}

pub fn parse_lang_tags(specs: &[String]) -> Result<BTreeMap<String, String>> {
    let mut tags = BTreeMap::new();
    for spec in specs {
        let Some((lang, tag)) = spec.split_once('=') else {
            bail!("--lang-tag {spec}: expected LANG=TAG, e.g. ar=ar-SA");
        };
        let lang = Lang::parse(lang.trim())?;
        let tag = tag.trim();
        if let Some(why) = mizan::tmx::bcp47::problem(tag) {
            bail!(
                "--lang-tag {spec}: '{tag}' is not a language tag such as ar-SA or en-GB ({why})"
            );
        }
        tags.insert(lang.code().to_string(), tag.to_string());
    }
    Ok(tags)
}

/// Checks `--min-score`: a probability.
pub fn min_score(x: Option<f64>) -> Result<Option<f64>> {
    match x {
        Some(v) if !(0.0..=1.0).contains(&v) => {
            bail!("--min-score {v}: give a score between 0 and 1")
        }
        _ => Ok(x),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lang_tags() {
        let t = parse_lang_tags(&["ar=ar-SA".into(), "en = en-GB".into()]).unwrap();
        assert_eq!(t["ar"], "ar-SA");
        assert_eq!(t["en"], "en-GB");
        for bad in ["ar", "ar=", "ar=a", "ar=ar_SA", "xx1=ar"] {
            assert!(parse_lang_tags(&[bad.into()]).is_err(), "{bad}");
        }
    }
}
