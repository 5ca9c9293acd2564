//! Reviews: an alignment as a translator checks it in the HTML review page
//! ([`crate::write::html`]), and the corrections the page exports.
//!
//! One JSON format serves both ways: the page embeds a [`Review`] and
//! exports the same structure with the links corrected; `mizan apply`
//! reads it back, checks that the texts it was made from have not changed
//! (each document carries a hash of its segments), checks that the links
//! still cover every segment once and in order, and writes the memory.

use crate::align::{ranges_from_ids, Bead, Checks};
use crate::anchors::AnchorMatch;
use crate::error::{Error, ErrorKind, Result};
use crate::lang::Lang;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The `format` field of a review file.
pub const FORMAT: &str = "mizan-review";
/// The version of the review format this mizan writes and reads.
pub const VERSION: u32 = 1;

/// A review: documents with their segments and links.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Review {
    /// Always [`FORMAT`].
    pub format: String,
    /// Always [`VERSION`].
    pub version: u32,
    /// Source language code.
    pub src_lang: String,
    /// Target language code.
    pub tgt_lang: String,
    /// How the texts were read, so that `mizan apply` can read them again.
    pub source: Source,
    /// The documents.
    pub docs: Vec<ReviewDoc>,
}

/// Where the texts of a review came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "made_by", rename_all = "lowercase")]
pub enum Source {
    /// `mizan align` on files: each document names its two files.
    Align {
        /// Whether the files held one segment a line.
        presegmented: bool,
        /// The SRX rules file used for segmentation, if any.
        srx: Option<String>,
        /// The encoding given with `--encoding`, if any.
        encoding: Option<String>,
    },
    /// `mizan build` on a corpus: each document names its two articles.
    Build {
        /// The corpus folder or JSONL file.
        corpus: String,
        /// Whether the articles held one segment a line.
        #[serde(default)]
        presegmented: bool,
        /// The SRX rules file used for segmentation, if any.
        #[serde(default)]
        srx: Option<String>,
        /// The encoding given with `--encoding`, if any.
        encoding: Option<String>,
    },
}

/// One document pair under review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewDoc {
    /// The document's name, as in the memory's `x-mizan-document`.
    pub name: String,
    /// The source file (align) or article id (build).
    pub src_file: String,
    /// The target file (align) or article id (build).
    pub tgt_file: String,
    /// [`text_hash`] of the source segments.
    pub src_hash: String,
    /// [`text_hash`] of the target segments.
    pub tgt_hash: String,
    /// Source segments, as read.
    pub src: Vec<String>,
    /// Target segments, as read.
    pub tgt: Vec<String>,
    /// The links, in order.
    pub links: Vec<ReviewLink>,
}

/// One link under review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewLink {
    /// Source segment ids (consecutive; empty for a 0-1 link).
    pub src: Vec<usize>,
    /// Target segment ids.
    pub tgt: Vec<usize>,
    /// The calibrated score (1 once a person approved or corrected it).
    pub score: f64,
    /// Review flags (`numbers`, `name`, `length`).
    #[serde(default)]
    pub checks: Vec<String>,
    /// Whether a person approved or corrected the link.
    #[serde(default)]
    pub reviewed: bool,
    /// Anchors that tie the two sides: (source segment, its text, target
    /// segment, its text), for highlighting.
    #[serde(default)]
    pub anchors: Vec<(usize, String, usize, String)>,
}

/// A hash of a document's segments: FNV-1a (64 bits) over each segment
/// followed by a line feed, in hexadecimal. It detects texts changed
/// since a review was made, not deliberate forgeries.
pub fn text_hash(segments: &[String]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for s in segments {
        for b in s.bytes().chain(std::iter::once(b'\n')) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

impl ReviewLink {
    /// A link from a bead, with the anchors that tie its two sides.
    pub fn from_bead(b: &Bead, anchors: &[AnchorMatch]) -> ReviewLink {
        ReviewLink {
            src: b.src.clone().collect(),
            tgt: b.tgt.clone().collect(),
            score: b.score,
            checks: b.checks.labels().iter().map(|s| s.to_string()).collect(),
            reviewed: b.reviewed,
            anchors: anchors
                .iter()
                .map(|m| {
                    (
                        m.src_sentence,
                        m.src.surface.clone(),
                        m.tgt_sentence,
                        m.tgt.surface.clone(),
                    )
                })
                .collect(),
        }
    }
}

impl ReviewDoc {
    /// A document under review: its segments, their hashes and its links.
    pub fn new(
        name: &str,
        (src_file, tgt_file): (String, String),
        src: &[String],
        tgt: &[String],
        beads: &[Bead],
        anchors: &[Vec<AnchorMatch>],
    ) -> ReviewDoc {
        ReviewDoc {
            name: name.to_string(),
            src_file,
            tgt_file,
            src_hash: text_hash(src),
            tgt_hash: text_hash(tgt),
            src: src.to_vec(),
            tgt: tgt.to_vec(),
            links: beads
                .iter()
                .enumerate()
                .map(|(k, b)| ReviewLink::from_bead(b, anchors.get(k).map_or(&[], Vec::as_slice)))
                .collect(),
        }
    }
}

impl Review {
    /// A review of this mizan's format and version.
    pub fn new(src_lang: &Lang, tgt_lang: &Lang, source: Source, docs: Vec<ReviewDoc>) -> Review {
        Review {
            format: FORMAT.to_string(),
            version: VERSION,
            src_lang: src_lang.code().to_string(),
            tgt_lang: tgt_lang.code().to_string(),
            source,
            docs,
        }
    }

    /// Parses a review file, naming `path` in errors.
    pub fn read(path: &Path) -> Result<Review> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(&e).with_path(path))?;
        let review: Review = serde_json::from_str(&text).map_err(|e| {
            Error::parse(format!("not a review file: {e}"))
                .with_path(path)
                .at_line(e.line())
        })?;
        if review.format != FORMAT || review.version != VERSION {
            return Err(Error::parse(format!(
                "not a review file of this mizan (format {:?} version {}, expected {FORMAT:?} version {VERSION})",
                review.format, review.version
            ))
            .with_path(path));
        }
        Ok(review)
    }
}

impl ReviewDoc {
    /// Checks that `src` and `tgt` are the texts the review was made from,
    /// and turns the links into beads (reviewed links score 1 and are
    /// marked). Errors name the document and the link.
    pub fn beads(&self, src: &[String], tgt: &[String]) -> Result<Vec<Bead>> {
        for (side, file, hash, segs) in [
            ("source", &self.src_file, &self.src_hash, src),
            ("target", &self.tgt_file, &self.tgt_hash, tgt),
        ] {
            if &text_hash(segs) != hash {
                return Err(Error::new(ErrorKind::Changed(format!(
                    "{}: the {side} text ({file}) is not the one reviewed: it changed since the review page was made",
                    self.name
                ))));
            }
        }
        let ranges = ranges_from_ids(
            self.links
                .iter()
                .map(|l| (l.src.as_slice(), l.tgt.as_slice())),
            src.len(),
            tgt.len(),
        )
        .map_err(|msg| Error::parse(format!("{}: {msg}", self.name)))?;
        let mut beads = Vec::with_capacity(ranges.len());
        for (k, (l, (s, t))) in self.links.iter().zip(ranges).enumerate() {
            let bad = |what: &str| Error::parse(format!("{}: link {}: {what}", self.name, k + 1));
            if !l.score.is_finite() || !(0.0..=1.0).contains(&l.score) {
                return Err(bad("score is not between 0 and 1"));
            }
            let checks = Checks::parse(&l.checks.join(","))
                .map_err(|c| bad(&format!("unknown check {c:?}")))?;
            beads.push(Bead {
                src: s,
                tgt: t,
                score: if l.reviewed { 1.0 } else { l.score },
                checks: if l.reviewed { Checks::NONE } else { checks },
                reviewed: l.reviewed,
            });
        }
        Ok(beads)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(links: Vec<(Vec<usize>, Vec<usize>, bool)>) -> ReviewDoc {
        let src: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
        let tgt: Vec<String> = ["x", "y"].iter().map(|s| s.to_string()).collect();
        ReviewDoc {
            name: "d".into(),
            src_file: "d.ar".into(),
            tgt_file: "d.en".into(),
            src_hash: text_hash(&src),
            tgt_hash: text_hash(&tgt),
            src,
            tgt,
            links: links
                .into_iter()
                .map(|(s, t, reviewed)| ReviewLink {
                    src: s,
                    tgt: t,
                    score: 0.5,
                    checks: vec!["numbers".into()],
                    reviewed,
                    anchors: Vec::new(),
                })
                .collect(),
        }
    }

    #[test]
    fn reviewed_links_score_one() {
        let d = doc(vec![(vec![0, 1], vec![0], true), (vec![2], vec![1], false)]);
        let beads = d.beads(&d.src.clone(), &d.tgt.clone()).unwrap();
        assert_eq!((beads[0].src.clone(), beads[0].tgt.clone()), (0..2, 0..1));
        assert_eq!((beads[0].score, beads[0].reviewed), (1.0, true));
        assert!(beads[0].checks.is_empty());
        assert_eq!((beads[1].score, beads[1].reviewed), (0.5, false));
        assert_eq!(beads[1].checks, Checks::NUMBERS);
    }

    #[test]
    fn bad_links_and_changed_texts_are_errors() {
        let cases = [
            (
                vec![(vec![0], vec![0], false), (vec![2], vec![1], false)],
                "link 2: expected the next segments (source 1",
            ),
            (
                vec![(vec![0, 1, 2], vec![0], false)],
                "stop at source 3 and target 1",
            ),
            (vec![(vec![], vec![], false)], "link 1: has no segment"),
            (vec![(vec![0, 1, 2, 3], vec![0, 1], false)], "past the end"),
        ];
        for (links, want) in cases {
            let d = doc(links);
            let err = d
                .beads(&d.src.clone(), &d.tgt.clone())
                .unwrap_err()
                .to_string();
            assert!(err.contains(want), "{err}");
        }
        let d = doc(vec![(vec![0, 1, 2], vec![0, 1], false)]);
        let mut changed = d.tgt.clone();
        changed[1] = "z".into();
        let err = d.beads(&d.src.clone(), &changed).unwrap_err().to_string();
        assert!(
            err.contains("target text (d.en) is not the one reviewed"),
            "{err}"
        );
    }

    #[test]
    fn hash_depends_on_segment_boundaries() {
        let a = vec!["ab".to_string(), "c".to_string()];
        let b = vec!["a".to_string(), "bc".to_string()];
        assert_ne!(text_hash(&a), text_hash(&b));
        assert_eq!(text_hash(&a), text_hash(&a.clone()));
    }
}
