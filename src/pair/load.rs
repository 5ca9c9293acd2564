//! Reading articles (a folder of text files, or JSONL), reading pair lists,
//! and scoring pairs against gold ones.

use super::Article;
use crate::error::{Error, ErrorKind, Result};
use crate::eval::Prf;
use crate::input::{decode, read_text};
use crate::lang::{detect, Lang};
use std::collections::HashSet;
use std::path::Path;

/// Reads every file of a folder as one plain-text article, sorted by file
/// name (byte order), skipping hidden files (`.name`) and subfolders.
///
/// The id of an article is its file name. With `lang` given, every article
/// has that language; otherwise each one's is detected from its script.
/// Errors (unreadable, not UTF-8, empty, undecidable language) name the
/// file.
pub fn load_dir(dir: &Path, lang: Option<&Lang>) -> Result<Vec<Article>> {
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
    files
        .into_iter()
        .map(|(id, path)| {
            let text = read_text(&path)?;
            let lang = match lang {
                Some(l) => l.clone(),
                None => detect(&text).map_err(|e| e.with_path(&path))?,
            };
            Ok(Article {
                id,
                lang,
                text,
                date: None,
            })
        })
        .collect()
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
    text: String,
}

/// Reads articles from a JSONL file: one object a line,
/// `{"id": .., "lang": .., "title"?: .., "date"?: .., "text": ..}`.
///
/// A title becomes the first paragraph of the text. Blank lines are
/// skipped. A line that is not such an object, has a bad language code, an
/// empty text or an id already seen fails as a parse error naming the file
/// and the 1-based line.
pub fn load_jsonl(path: &Path) -> Result<Vec<Article>> {
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
        if a.text.trim().is_empty() {
            return Err(err(format!("article '{}' has no text", a.id)));
        }
        if !seen.insert(a.id.clone()) {
            return Err(err(format!("id '{}' appears twice", a.id)));
        }
        let text = match a.title.as_deref().map(str::trim) {
            Some(t) if !t.is_empty() => format!("{t}\n{}", a.text),
            _ => a.text,
        };
        out.push(Article {
            id: a.id,
            lang,
            text,
            date: a.date.filter(|d| !d.trim().is_empty()),
        });
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
