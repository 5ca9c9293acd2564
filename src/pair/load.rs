//! Reading articles (a folder of text files, or JSONL), reading pair lists,
//! and scoring pairs against gold ones.

use super::Article;
use crate::error::{Error, ErrorKind, Result};
use crate::eval::Prf;
use crate::input::{article_from_bytes, decode, html, read_text, Format, ReadOptions};
use crate::lang::{detect, Lang, Script};
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::Path;

/// A file left out of a run, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Skipped {
    /// The article's id (its file name).
    pub id: String,
    /// Why, for a report: the error's message without the file name.
    pub reason: String,
    /// The error, naming the file, for a run that must stop (`--strict`).
    pub error: Error,
}

impl Skipped {
    /// A skipped file from the error that stopped its reading.
    pub fn new(id: &str, path: &Path, err: Error) -> Skipped {
        let reason = Error::clone(&err).without_path().to_string();
        Skipped {
            id: id.to_string(),
            reason,
            error: err.with_path(path),
        }
    }
}

/// How an article was read: its id, format and encoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadInfo {
    /// The article's id.
    pub id: String,
    /// The format it was read as.
    pub format: Format,
    /// The encoding its bytes were decoded with.
    pub encoding: &'static crate::input::Encoding,
}

/// The articles of a folder, the files left out, and how each was read.
#[derive(Debug, Default)]
pub struct LoadedDir {
    /// The articles read, sorted by file name.
    pub articles: Vec<Article>,
    /// How each article was read, in the same order.
    pub read: Vec<ReadInfo>,
    /// Files that could not be used, sorted by file name.
    pub skipped: Vec<Skipped>,
}

/// Reads every file of a folder as one article, sorted by file name (byte
/// order), skipping hidden files (`.name`) and subfolders. The first file
/// that cannot be used is an error naming it; [`load_dir_lenient`] skips
/// such files instead.
pub fn load_dir(dir: &Path, lang: Option<&Lang>) -> Result<Vec<Article>> {
    let loaded = load_dir_lenient(dir, lang, &ReadOptions::default())?;
    match loaded.skipped.into_iter().next() {
        Some(s) => Err(s.error),
        None => Ok(loaded.articles),
    }
}

/// Reads every file of a folder as one article (any format
/// [`crate::input::read_article`] reads), sorted by file name (byte
/// order), skipping hidden files (`.name`) and subfolders.
///
/// The id of an article is its file name, and a name starting with a
/// date (`YYYY-MM-DD`, as `2024-03-05-budget.txt`) gives the article that
/// date. With `lang` given (the folder's
/// language), every article has that language, and one whose script
/// plainly says another (an Arabic article in `en/`) is skipped; otherwise
/// each one's language is detected from its script. A file that cannot be
/// read (unreadable, empty, binary, undecodable, undecidable language) is
/// skipped too and listed with the reason; only a folder that cannot be
/// listed is an error.
pub fn load_dir_lenient(dir: &Path, lang: Option<&Lang>, opts: &ReadOptions) -> Result<LoadedDir> {
    load_dir_with(dir, lang, opts, true)
}

/// [`load_dir_lenient`], but every text is dropped as soon as its file
/// is read and checked (the articles come back with empty texts): what a
/// pass that reads the texts again a batch at a time needs to know of a
/// folder first (which files, in which language, which are skipped).
pub fn load_dir_listing(dir: &Path, lang: Option<&Lang>, opts: &ReadOptions) -> Result<LoadedDir> {
    load_dir_with(dir, lang, opts, false)
}

/// The text of the article in a file, read as [`load_dir_lenient`] reads
/// it but without any language check.
pub fn article_text(path: &Path, opts: &ReadOptions) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(&e).with_path(path))?;
    Ok(article_from_bytes(&bytes, Some(path), opts)
        .map_err(|e| e.with_path(path))?
        .text)
}

fn load_dir_with(
    dir: &Path,
    lang: Option<&Lang>,
    opts: &ReadOptions,
    keep_text: bool,
) -> Result<LoadedDir> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(&e).with_path(dir))?;
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(&e).with_path(dir))?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || !path.is_file() {
            continue;
        }
        files.push((name, path));
    }
    files.sort();
    // Read and decoded on every core, kept in the files' order: reading
    // 20,000 files one at a time kept a corpus build on one core for half
    // a second (issue 16).
    let load_all = || -> Vec<Result<Loaded>> {
        files
            .par_iter()
            .map(|(_, path)| {
                // A listing keeps no text, and must not hold them all at once.
                load_article(path, lang, opts).map(|((l, text), format, encoding)| {
                    (
                        (l, if keep_text { text } else { String::new() }),
                        format,
                        encoding,
                    )
                })
            })
            .collect()
    };
    let loaded = match reading_pool(files.len()) {
        Some(pool) => pool.install(load_all),
        None => load_all(),
    };
    let mut out = LoadedDir::default();
    for ((id, path), loaded) in files.into_iter().zip(loaded) {
        match loaded {
            Ok((article, format, encoding)) => {
                out.read.push(ReadInfo {
                    id: id.clone(),
                    format,
                    encoding,
                });
                out.articles.push(Article {
                    date: date_of_name(&id),
                    id,
                    lang: article.0,
                    text: article.1,
                });
            }
            Err(e) => out.skipped.push(Skipped::new(&id, &path, e)),
        }
    }
    Ok(out)
}

/// Reads one file of a folder as [`load_dir_lenient`] reads it, in the
/// language given: what a shard reads of the articles a counts pass
/// listed.
pub fn load_named(dir: &Path, id: &str, lang: &Lang, opts: &ReadOptions) -> Result<Article> {
    let path = dir.join(id);
    let ((lang, text), _, _) =
        load_article(&path, Some(lang), opts).map_err(|e| e.with_path(&path))?;
    Ok(Article {
        id: id.to_string(),
        lang,
        text,
        date: date_of_name(id),
    })
}

/// The date a file name starts with (`2024-03-05-budget.txt`), if any: a
/// folder has no other place for an article's date.
pub fn date_of_name(name: &str) -> Option<String> {
    let d = name.get(..10)?;
    super::date_days(d).map(|_| d.to_string())
}

type Loaded = ((Lang, String), Format, &'static crate::input::Encoding);

/// Threads that read a folder's files for each worker thread: a file not
/// in the page cache keeps its thread waiting on the disk, and with one
/// thread a core the cores waited too. Reading the 20,034 files (95 MB)
/// of a 10,017-pair build from this project's virtual disk, page cache
/// dropped, took 1.14-1.33 s with both threads busy about half of it, and
/// 0.65-0.83 s with 4 readers a thread (2: about 0.9 s; 8 and 16 no
/// better than 4); from the page cache, 0.3 s either way (issue 16).
const READERS_PER_THREAD: usize = 4;

/// Folders with fewer files than this are read on the worker threads.
const READING_POOL_MIN_FILES: usize = 256;

/// A pool of [`READERS_PER_THREAD`] threads per worker thread for reading
/// `files` files, `None` for a few files or where no thread can be
/// started (the workers read them then).
fn reading_pool(files: usize) -> Option<rayon::ThreadPool> {
    if files < READING_POOL_MIN_FILES {
        return None;
    }
    rayon::ThreadPoolBuilder::new()
        .num_threads(READERS_PER_THREAD * rayon::current_num_threads())
        .build()
        .ok()
}

fn load_article(path: &Path, lang: Option<&Lang>, opts: &ReadOptions) -> Result<Loaded> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(&e))?;
    let a = article_from_bytes(&bytes, Some(path), opts)?;
    let lang = match lang {
        Some(l) => {
            check_script(&a.text, l)?;
            l.clone()
        }
        None => detect(&a.text)?,
    };
    Ok(((lang, a.text), a.format, a.encoding))
}

/// Fails when a text's script plainly contradicts its language (Arabic
/// script for `en`); a text whose script cannot be told passes.
pub fn check_script(text: &str, lang: &Lang) -> Result<()> {
    match detect(text) {
        Ok(found) if found.script() != lang.script() => {
            Err(Error::new(ErrorKind::LanguageMismatch(format!(
                "written in {} script, not in {} ({lang})",
                script_name(found.script()),
                script_name(lang.script())
            ))))
        }
        _ => Ok(()),
    }
}

fn script_name(s: Script) -> &'static str {
    match s {
        Script::Arabic => "Arabic",
        Script::Cyrillic => "Cyrillic",
        Script::Latin => "Latin",
    }
}

/// One line of a JSONL article file.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonArticle {
    id: String,
    lang: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    text: Option<String>,
    /// A web page instead of `text`: its article body is extracted.
    #[serde(default)]
    html: Option<String>,
}

/// Reads articles from a JSONL file: one object a line,
/// `{"id": .., "lang": .., "title"?: .., "date"?: .., "text": ..}`, or
/// with `"html": ..` (a web page, whose article body is extracted) instead
/// of `"text"`.
///
/// A title becomes the first paragraph of the text. Blank lines are
/// skipped. A line that is not such an object, has a bad language code, an
/// empty text or an id already seen fails as a parse error naming the file
/// and the 1-based line.
pub fn load_jsonl(path: &Path) -> Result<Vec<Article>> {
    load_jsonl_keeping(path, &|_| true)
}

/// [`load_jsonl`], but the texts of the articles `keep` refuses are
/// dropped as soon as their line is read (they come back with an empty
/// text): a build shard reads the corpus file whole, but holds only the
/// articles it works on.
pub fn load_jsonl_keeping(path: &Path, keep: &dyn Fn(&Article) -> bool) -> Result<Vec<Article>> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(&e).with_path(path))?;
    let text = match decode(&bytes) {
        Ok(t) => t,
        Err(e) if e.kind() == &ErrorKind::Empty => return Ok(Vec::new()),
        Err(e) => return Err(e.with_path(path)),
    };
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let err = |msg: String| Error::parse(msg).with_path(path).at_line(i + 1);
        let a: JsonArticle =
            serde_json::from_str(line).map_err(|e| err(format!("bad article: {e}")))?;
        let lang = Lang::parse(&a.lang).map_err(|e| err(e.to_string()))?;
        let body = match (a.text, a.html) {
            (Some(t), None) => t,
            (None, Some(h)) => html::paragraphs(&h).join("\n"),
            (Some(_), Some(_)) => {
                return Err(err(format!(
                    "article '{}' has both \"text\" and \"html\"; give one",
                    a.id
                )))
            }
            (None, None) => {
                return Err(err("bad article: missing field `text` (or `html`)".into()))
            }
        };
        if body.trim().is_empty() {
            return Err(err(format!("article '{}' has no text", a.id)));
        }
        if !seen.insert(a.id.clone()) {
            return Err(err(format!("id '{}' appears twice", a.id)));
        }
        let text = match a.title.as_deref().map(str::trim) {
            Some(t) if !t.is_empty() => format!("{t}\n{body}"),
            _ => body,
        };
        let mut article = Article {
            id: a.id,
            lang,
            text,
            date: a.date.filter(|d| !d.trim().is_empty()),
        };
        if !keep(&article) {
            article.text = String::new();
        }
        out.push(article);
    }
    Ok(out)
}

/// Reads a list of pairs, `source<TAB>target` a line (further columns,
/// such as a score, are ignored; blank lines and lines starting with `#`
/// are skipped). A line without two non-empty columns fails as a parse
/// error naming the file and line.
pub fn read_pairs_tsv(path: &Path) -> Result<Vec<(String, String)>> {
    let text = match read_text(path) {
        Ok(t) => t,
        Err(e) if e.kind() == &ErrorKind::Empty => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let mut cols = line.split('\t').map(str::trim);
        match (cols.next(), cols.next()) {
            (Some(a), Some(b)) if !a.is_empty() && !b.is_empty() => {
                out.push((a.to_string(), b.to_string()));
            }
            _ => {
                return Err(
                    Error::parse(format!("expected 'source<TAB>target', found '{line}'"))
                        .with_path(path)
                        .at_line(i + 1),
                )
            }
        }
    }
    Ok(out)
}

/// Precision (correct pairs over pairs predicted) and recall (correct
/// pairs over gold pairs) of predicted pairs. Both lists are taken as sets:
/// a pair listed twice counts once.
pub fn score_pairs(predicted: &[(String, String)], gold: &[(String, String)]) -> Prf {
    let p: HashSet<&(String, String)> = predicted.iter().collect();
    let g: HashSet<&(String, String)> = gold.iter().collect();
    let correct = p.intersection(&g).count();
    Prf::from_counts(correct, p.len(), correct, g.len())
}
