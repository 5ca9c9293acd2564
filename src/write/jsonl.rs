//! JSON lines: one object per bead, for scripts.
//!
//! Each line is an object with the keys `document`, `bead` (`1-2`),
//! `score` (a number rounded to four decimals; `null` if it is not
//! finite), `checks` (what a reviewer should look at: a list of
//! `numbers`, `name`, `length`, often empty), `src_ids` and `tgt_ids` (0-based sentence ids), `source` and
//! `target` (the texts, cleaned as described in the `write` module). Every
//! bead is written, 1-0 and 0-1 included, with `""` as the text of the
//! empty side, so the file records the whole alignment.

use super::{side_text, DocAlignment, WriteStats};
use std::io;

#[derive(serde::Serialize)]
struct Row<'a> {
    document: &'a str,
    bead: String,
    score: f64,
    checks: Vec<&'static str>,
    src_ids: Vec<usize>,
    tgt_ids: Vec<usize>,
    source: String,
    target: String,
}

/// Writes beads as JSON lines.
#[derive(Debug)]
pub struct JsonlWriter<W: io::Write> {
    wtr: W,
    stats: WriteStats,
}

impl<W: io::Write> JsonlWriter<W> {
    /// A writer with nothing written yet (the format has no header).
    pub fn new(wtr: W) -> JsonlWriter<W> {
        JsonlWriter {
            wtr,
            stats: WriteStats::default(),
        }
    }

    /// Writes one line per bead of the document.
    ///
    /// Fails with `InvalidInput`, before writing any line of the document,
    /// if a bead points outside the document's sentences.
    pub fn write_doc(&mut self, doc: &DocAlignment<'_>) -> io::Result<()> {
        let mut out = Vec::new();
        let mut stats = self.stats;
        for bead in doc.beads {
            let src = side_text(doc, doc.src, &bead.src, "source")?;
            let tgt = side_text(doc, doc.tgt, &bead.tgt, "target")?;
            stats.units += 1;
            stats.forbidden_removed += src.removed + tgt.removed;
            let row = Row {
                document: doc.name,
                bead: bead.shape_label(),
                // Rounded like the other formats' four decimals; serde_json
                // then prints the shortest form (0.5, not 0.5000).
                score: rounded(bead.score),
                checks: bead.checks.labels(),
                src_ids: bead.src.clone().collect(),
                tgt_ids: bead.tgt.clone().collect(),
                source: src.text,
                target: tgt.text,
            };
            serde_json::to_writer(&mut out, &row)?;
            out.push(b'\n');
        }
        self.wtr.write_all(&out)?;
        self.stats = stats;
        Ok(())
    }

    /// What has been written so far.
    pub fn stats(&self) -> WriteStats {
        self.stats
    }

    /// Flushes and returns the inner writer with the counts.
    pub fn finish(mut self) -> io::Result<(W, WriteStats)> {
        self.wtr.flush()?;
        Ok((self.wtr, self.stats))
    }
}

/// The score to four decimals, as the other formats write it, with
/// negative zero folded into zero.
pub(crate) fn rounded(score: f64) -> f64 {
    let r = (score * 10_000.0).round() / 10_000.0;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

super::doc_writer!(JsonlWriter);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::testdata::example;

    #[test]
    fn matches_golden_file() {
        let ex = example();
        let mut w = JsonlWriter::new(Vec::new());
        w.write_doc(&ex.doc()).unwrap();
        let (out, stats) = w.finish().unwrap();
        let out = String::from_utf8(out).unwrap();
        assert_eq!(out, include_str!("../../tests/data/golden/expected.jsonl"));
        assert_eq!(
            stats,
            WriteStats {
                units: 5,
                skipped_empty: 0,
                forbidden_removed: 1
            }
        );
        for line in out.lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            assert_eq!(v["document"], "rt.com.91337");
        }
    }

    #[test]
    fn scores_are_rounded() {
        assert_eq!(rounded(0.97314), 0.9731);
        assert_eq!(rounded(1.0), 1.0);
        assert!(rounded(-0.00001).is_sign_positive());
    }

    #[test]
    fn odd_scores_stay_valid_json() {
        let src = vec!["a".to_string()];
        let tgt = vec!["b".to_string()];
        let beads = vec![crate::align::Bead {
            src: 0..1,
            tgt: 0..1,
            score: f64::NAN,
            ..Default::default()
        }];
        let doc = DocAlignment {
            name: "d\"\n",
            src: &src,
            tgt: &tgt,
            beads: &beads,
        };
        let mut w = JsonlWriter::new(Vec::new());
        w.write_doc(&doc).unwrap();
        let (out, _) = w.finish().unwrap();
        let out = String::from_utf8(out).unwrap();
        assert_eq!(out.lines().count(), 1);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert!(v["score"].is_null());
        assert_eq!(v["document"], "d\"\n");
    }
}
