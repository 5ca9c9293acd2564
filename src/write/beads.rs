//! The alignment itself, in the gold format of the evaluation corpora.
//!
//! One bead a line: the 0-based source and target sentence ids in
//! brackets, then the score with four decimals, e.g. `[0]:[0, 1]:0.9731`,
//! `[3]:[]:0.0000`. Every bead is written, 1-0 and 0-1 included, so the file
//! can be scored against a gold file with [`crate::eval`], which reads the
//! optional score and ignores it.
//!
//! Sentence ids are local to a document and the format has no document
//! marker, so a file holds one document: the CLI writes one file per
//! document. The writer itself writes whatever beads it is given, one after
//! the other.

use super::{format_score, DocAlignment, WriteStats};
use crate::align::Bead;
use std::fmt::Write as _;
use std::io;
use std::ops::Range;

/// Writes beads, one a line.
#[derive(Debug)]
pub struct BeadsWriter<W: io::Write> {
    wtr: W,
    stats: WriteStats,
}

impl<W: io::Write> BeadsWriter<W> {
    /// A writer with nothing written yet (the format has no header).
    pub fn new(wtr: W) -> BeadsWriter<W> {
        BeadsWriter {
            wtr,
            stats: WriteStats::default(),
        }
    }

    /// Writes the beads of one document; its text is not needed.
    pub fn write_doc(&mut self, doc: &DocAlignment<'_>) -> io::Result<()> {
        self.write_beads(doc.beads)
    }

    /// Writes beads as they are, in order.
    pub fn write_beads(&mut self, beads: &[Bead]) -> io::Result<()> {
        let mut out = String::new();
        for bead in beads {
            push_ids(&mut out, &bead.src);
            out.push(':');
            push_ids(&mut out, &bead.tgt);
            out.push(':');
            out.push_str(&format_score(bead.score));
            out.push('\n');
        }
        self.wtr.write_all(out.as_bytes())?;
        self.stats.units += beads.len();
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

fn push_ids(out: &mut String, ids: &Range<usize>) {
    out.push('[');
    for (k, id) in ids.clone().enumerate() {
        if k > 0 {
            out.push_str(", ");
        }
        // Writing into a String cannot fail.
        let _ = write!(out, "{id}");
    }
    out.push(']');
}

super::doc_writer!(BeadsWriter);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::testdata::example;

    #[test]
    fn matches_golden_file() {
        let ex = example();
        let mut w = BeadsWriter::new(Vec::new());
        w.write_doc(&ex.doc()).unwrap();
        let (out, stats) = w.finish().unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            include_str!("../../tests/data/golden/expected.beads")
        );
        assert_eq!(stats.units, 5);
        assert_eq!(stats.skipped_empty, 0);
    }

    #[test]
    fn reads_back_as_gold() {
        let ex = example();
        let mut w = BeadsWriter::new(Vec::new());
        w.write_beads(&ex.beads).unwrap();
        let (out, _) = w.finish().unwrap();
        let gold = crate::eval::parse_beads(&String::from_utf8(out).unwrap()).unwrap();
        let want: Vec<crate::eval::GoldBead> = ex.beads.iter().map(Into::into).collect();
        assert_eq!(gold, want);
    }
}
