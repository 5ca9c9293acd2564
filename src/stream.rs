//! The JSON-lines stream contract (`mizan align --jsonl`): one record a
//! line in, one result a line out, so that mizan can run as a worker under
//! an engine (Spark's `RDD.pipe`, GNU parallel, a Slurm array).
//!
//! A record is `{"id": .., "src": .., "tgt": ..}` with optional
//! `"src_lang"`, `"tgt_lang"` (detected from the script when missing),
//! `"presegmented": true` (then `src` and `tgt` are arrays of segments;
//! otherwise texts, split into sentences) and `"date"` (kept, not used).
//! The result is `{"id": .., "src_lang": .., "tgt_lang": .., "src_segments":
//! [..], "tgt_segments": [..], "links": [..]}` (and `"date"` when given)
//! where each link has `src` and `tgt` (segment numbers), `score`,
//! `checks`, `source` and `target` (the texts), every segment in exactly
//! one link; or `{"id": .., "error": {"kind": .., "message": ..}}`. A bad
//! record never stops the stream.
//!
//! Each record is aligned on its own, as one document pair: no lexicon is
//! learned across records (that would need the whole stream); a lexicon
//! learned in a first pass over a corpus (`--lexicon-out`) can be given to
//! every worker instead (`--lexicon`). The system's dictionaries serve
//! each record's language pair, as in `mizan align`.

use crate::align::Bead;
use crate::aligner::{AlignConfig, Side};
use crate::corpus::{align_corpus, LexiconConfig};
use crate::lang::{self, Lang};
use crate::lexicon::cache::system_tokens;
use crate::lexicon::Dictionary;
use crate::segment::{segment_text, Segmenter};
use crate::write::jsonl::rounded;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::rc::Rc;
use std::sync::{Arc, Mutex};

/// One input record.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Record {
    id: Value,
    #[serde(default)]
    src_lang: Option<String>,
    #[serde(default)]
    tgt_lang: Option<String>,
    src: Texts,
    tgt: Texts,
    #[serde(default)]
    presegmented: bool,
    #[serde(default)]
    date: Option<String>,
}

/// A side of a record: a text, or its segments.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Texts {
    Text(String),
    Segments(Vec<String>),
}

/// One link of a result.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct Link {
    /// Source segment numbers (0-based).
    pub src: Vec<usize>,
    /// Target segment numbers.
    pub tgt: Vec<usize>,
    /// Calibrated score.
    pub score: f64,
    /// Review flags.
    pub checks: Vec<String>,
    /// The source segments, joined with a space.
    pub source: String,
    /// The target segments, joined with a space.
    pub target: String,
}

/// A result line: the links of a record, or its error.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct Output {
    /// The record's `id`, as given (`null` when the line could not be read).
    pub id: Value,
    /// The source language.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub src_lang: Option<String>,
    /// The target language.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub tgt_lang: Option<String>,
    /// The record's date, as given.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub date: Option<String>,
    /// The source segments (as given, or the sentences found).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub src_segments: Option<Vec<String>>,
    /// The target segments.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub tgt_segments: Option<Vec<String>>,
    /// The links, in order.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub links: Option<Vec<Link>>,
    /// `true` when the search stopped at its size limit with the best path
    /// still on the band's edge (`--band-limit`): the sides are so unlike
    /// that the links cannot be trusted. Left out otherwise.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub band_limited: bool,
    /// What went wrong.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub error: Option<RecordError>,
}

/// Why a record has no links.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct RecordError {
    /// `json` (not a JSON object of the documented form), `language` (a
    /// language code or the text's script), `empty` (a side without
    /// text), or `dictionary` (a dictionary for the pair cannot be read).
    pub kind: String,
    /// A message for people.
    pub message: String,
}

/// How every record of a stream is aligned.
#[derive(Debug, Default)]
pub struct StreamConfig {
    /// The aligner's settings.
    pub align: AlignConfig,
    /// The lexicon settings and the user's lexicon; the system
    /// dictionaries' part is added per language pair.
    pub lexicon: LexiconConfig,
    /// The system's bilingual dictionaries (none with `--no-dict`).
    pub dictionaries: Vec<Dictionary>,
    /// Where the dictionaries' lexicons are cached (see
    /// [`crate::lexicon::cache`]); none by default.
    pub dict_cache: Option<std::path::PathBuf>,
    /// The lexicon settings of each language pair met so far, with the
    /// dictionaries' entries for it: read once per pair and stream.
    by_pair: Mutex<Vec<PairLexicon>>,
}

/// A language pair and its lexicon settings.
type PairLexicon = ((Lang, Lang), Arc<LexiconConfig>);

impl StreamConfig {
    /// A stream's settings.
    pub fn new(align: AlignConfig, lexicon: LexiconConfig, dictionaries: Vec<Dictionary>) -> Self {
        StreamConfig {
            align,
            lexicon,
            dictionaries,
            dict_cache: None,
            by_pair: Mutex::new(Vec::new()),
        }
    }

    /// The lexicon settings for records of `src` → `tgt`.
    fn lexicon_for(&self, src: &Lang, tgt: &Lang) -> Result<Arc<LexiconConfig>, Failure> {
        let key = (src.clone(), tgt.clone());
        // A poisoned lock only means another record's thread panicked;
        // the list it guards is still whole.
        let mut made = self.by_pair.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, cfg)) = made.iter().find(|(k, _)| *k == key) {
            return Ok(Arc::clone(cfg));
        }
        let dictionary = system_tokens(&self.dictionaries, src, tgt, self.dict_cache.as_deref())
            .map_err(|e| ("dictionary", e.to_string()))?
            .map(Arc::new);
        let cfg = Arc::new(LexiconConfig {
            dictionary,
            ..self.lexicon.clone()
        });
        made.push((key, Arc::clone(&cfg)));
        Ok(cfg)
    }
}

impl Output {
    fn failed(id: Value, kind: &str, message: String) -> Output {
        Output {
            id,
            src_lang: None,
            tgt_lang: None,
            date: None,
            src_segments: None,
            tgt_segments: None,
            links: None,
            band_limited: false,
            error: Some(RecordError {
                kind: kind.to_string(),
                message,
            }),
        }
    }

    /// Whether the record failed.
    pub fn is_error(&self) -> bool {
        self.error.is_some()
    }
}

/// Aligns the record on one input line (`line_no` 1-based, for messages).
pub fn align_line(line: &str, line_no: usize, cfg: &StreamConfig) -> Output {
    let value: Value = match serde_json::from_str(line) {
        Ok(v) => v,
        Err(e) => {
            return Output::failed(
                Value::Null,
                "json",
                format!("line {line_no}: not JSON: {e}"),
            )
        }
    };
    let id = value.get("id").cloned().unwrap_or(Value::Null);
    let record: Record = match serde_json::from_value(value) {
        Ok(r) => r,
        Err(e) => {
            return Output::failed(
                id,
                "json",
                format!("line {line_no}: not a record of the documented form: {e}"),
            )
        }
    };
    match align_record(record, cfg) {
        Ok(out) => out,
        Err((kind, message)) => Output::failed(id, kind, format!("line {line_no}: {message}")),
    }
}

type Failure = (&'static str, String);

fn side(
    texts: Texts,
    lang: Option<&str>,
    presegmented: bool,
    name: &str,
) -> Result<(Lang, Vec<String>), Failure> {
    let (joined, segments) = match texts {
        Texts::Text(_) if presegmented => {
            return Err((
                "json",
                format!("{name}: \"presegmented\": true needs an array of segments, not a text"),
            ))
        }
        Texts::Text(t) => (t, None),
        Texts::Segments(_) if !presegmented => {
            return Err((
                "json",
                format!("{name}: an array of segments needs \"presegmented\": true"),
            ))
        }
        Texts::Segments(s) => (s.join("\n"), Some(s)),
    };
    if joined.trim().is_empty() {
        return Err(("empty", format!("{name}: no text")));
    }
    let lang = match lang {
        Some(code) => Lang::parse(code).map_err(|e| ("language", format!("{name}_lang: {e}")))?,
        None => lang::detect(&joined).map_err(|_| {
            (
                "language",
                format!("{name}: cannot tell the language from the script; give \"{name}_lang\""),
            )
        })?,
    };
    let segments = match segments {
        Some(s) => s,
        None => segment_text(&joined, &segmenter(&lang)),
    };
    Ok((lang, segments))
}

thread_local! {
    /// Sentence splitters by language, built once per worker thread: a
    /// splitter compiles its rules, which cost more than splitting a short
    /// record.
    static SPLITTERS: std::cell::RefCell<Vec<(Lang, Rc<Segmenter>)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

fn segmenter(lang: &Lang) -> Rc<Segmenter> {
    SPLITTERS.with(|cell| {
        let mut made = cell.borrow_mut();
        if let Some((_, s)) = made.iter().find(|(l, _)| l == lang) {
            return Rc::clone(s);
        }
        let s = Rc::new(Segmenter::new(lang));
        made.push((lang.clone(), Rc::clone(&s)));
        s
    })
}

fn align_record(r: Record, cfg: &StreamConfig) -> Result<Output, Failure> {
    let (src_lang, src) = side(r.src, r.src_lang.as_deref(), r.presegmented, "src")?;
    let (tgt_lang, tgt) = side(r.tgt, r.tgt_lang.as_deref(), r.presegmented, "tgt")?;
    let docs = [(
        Side {
            sentences: &src,
            lang: &src_lang,
        },
        Side {
            sentences: &tgt,
            lang: &tgt_lang,
        },
    )];
    let lexicon = cfg.lexicon_for(&src_lang, &tgt_lang)?;
    let run = align_corpus(&docs, &cfg.align, &lexicon);
    let beads: &[Bead] = run.alignments.first().map_or(&[], |a| a.beads.as_slice());
    let text = |all: &[String], r: &std::ops::Range<usize>| all[r.clone()].join(" ");
    let links = beads
        .iter()
        .map(|b| Link {
            src: b.src.clone().collect(),
            tgt: b.tgt.clone().collect(),
            score: rounded(b.score),
            checks: b.checks.labels().iter().map(|c| c.to_string()).collect(),
            source: text(&src, &b.src),
            target: text(&tgt, &b.tgt),
        })
        .collect();
    Ok(Output {
        id: r.id,
        src_lang: Some(src_lang.code().to_string()),
        tgt_lang: Some(tgt_lang.code().to_string()),
        date: r.date,
        src_segments: Some(src),
        tgt_segments: Some(tgt),
        links: Some(links),
        band_limited: run.alignments.first().is_some_and(|a| a.band_limited),
        error: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg() -> StreamConfig {
        let lexicon = LexiconConfig {
            learn: false,
            ..LexiconConfig::default()
        };
        StreamConfig::new(AlignConfig::default(), lexicon, Vec::new())
    }

    #[test]
    fn a_record_gets_its_links() {
        let line = r#"{"id": 7, "src": ["وصل شويغو إلى الدوحة في 2019.", "التقى الأمير."], "tgt": ["Shoigu arrived in Doha in 2019.", "He met the Emir."], "presegmented": true, "date": "2019-01-02"}"#;
        let out = align_line(line, 1, &cfg());
        assert_eq!(out.id, Value::from(7));
        assert_eq!(out.src_lang.as_deref(), Some("ar"));
        assert_eq!(out.tgt_lang.as_deref(), Some("en"));
        assert_eq!(out.date.as_deref(), Some("2019-01-02"));
        let links = out.links.unwrap();
        assert_eq!(links.len(), 2);
        assert_eq!(
            (links[0].src.clone(), links[0].tgt.clone()),
            (vec![0], vec![0])
        );
        assert_eq!(links[1].target, "He met the Emir.");
    }

    #[test]
    fn bad_records_say_why() {
        let cases = [
            ("{not json", "json", "line 3: not JSON"),
            (r#"{"id": "a", "src": "x"}"#, "json", "missing field `tgt`"),
            (
                r#"{"id": "a", "src": "نص", "tgt": "", "src_lang": "ar"}"#,
                "empty",
                "tgt: no text",
            ),
            (
                r#"{"id": "a", "src": "نص", "tgt": "text", "src_lang": "ar", "tgt_lang": "!!"}"#,
                "language",
                "tgt_lang",
            ),
            (
                r#"{"id": "a", "src": "12", "tgt": "text"}"#,
                "language",
                "give \"src_lang\"",
            ),
            (
                r#"{"id": "a", "src": ["a"], "tgt": ["b"]}"#,
                "json",
                "needs \"presegmented\": true",
            ),
            (
                r#"{"id": "a", "src": "a", "tgt": "b", "extra": 1}"#,
                "json",
                "unknown field",
            ),
        ];
        for (line, kind, msg) in cases {
            let out = align_line(line, 3, &cfg());
            let err = out.error.expect(line);
            assert_eq!(err.kind, kind, "{line}: {}", err.message);
            assert!(err.message.contains(msg), "{line}: {}", err.message);
        }
        let out = align_line(r#"{"id": "keep", "src": 1, "tgt": 2}"#, 1, &cfg());
        assert_eq!(out.id, Value::from("keep"));
    }
}
