//! Moses-style parallel text: a source file and a target file whose lines
//! correspond, one line per bead with two non-blank sides (the texts
//! cleaned as described in the `write` module, so a text never spans
//! lines). No document boundaries are kept; that is what the format is.

use super::{units, DocAlignment, Unit, WriteStats};
use std::io;

/// Writes the source and target sides of translation units to two writers
/// (the `.src` and `.tgt` files, or `corpus.ar` and `corpus.en`).
#[derive(Debug)]
pub struct MosesWriter<S: io::Write, T: io::Write> {
    src: S,
    tgt: T,
    stats: WriteStats,
}

impl<S: io::Write, T: io::Write> MosesWriter<S, T> {
    /// A writer with nothing written yet.
    pub fn new(src: S, tgt: T) -> MosesWriter<S, T> {
        MosesWriter {
            src,
            tgt,
            stats: WriteStats::default(),
        }
    }

    /// Writes one line to each side per translation unit of the document.
    ///
    /// Fails with `InvalidInput`, before writing any line of the document,
    /// if a bead points outside the document's sentences.
    pub fn write_doc(&mut self, doc: &DocAlignment<'_>) -> io::Result<()> {
        let (mut src_out, mut tgt_out) = (String::new(), String::new());
        let (units, stats) = units(doc, self.stats, 0)?;
        for Unit { src, tgt, .. } in units {
            src_out.push_str(&src.text);
            src_out.push('\n');
            tgt_out.push_str(&tgt.text);
            tgt_out.push('\n');
        }
        // If the second write fails the files are out of step, but the
        // error ends the run anyway.
        self.src.write_all(src_out.as_bytes())?;
        self.tgt.write_all(tgt_out.as_bytes())?;
        self.stats = stats;
        Ok(())
    }

    /// What has been written so far.
    pub fn stats(&self) -> WriteStats {
        self.stats
    }

    /// Flushes and returns both writers with the counts.
    pub fn finish(mut self) -> io::Result<(S, T, WriteStats)> {
        self.src.flush()?;
        self.tgt.flush()?;
        Ok((self.src, self.tgt, self.stats))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::testdata::example;

    #[test]
    fn parallel_lines() {
        let ex = example();
        let mut w = MosesWriter::new(Vec::new(), Vec::new());
        w.write_doc(&ex.doc()).unwrap();
        let (src, tgt, stats) = w.finish().unwrap();
        let (src, tgt) = (
            String::from_utf8(src).unwrap(),
            String::from_utf8(tgt).unwrap(),
        );
        assert_eq!(
            src,
            "قطر وروسيا توقّعان اتفاقية للتعاون العسكري.\n\
             وصل شويغو إلى الدوحة والتقى الأمير & وزير الدفاع.\n\
             قال:\t\"السعر < 5 دولارات\".\n"
        );
        assert_eq!(
            tgt,
            "Qatar and Russia sign a military cooperation deal.\n\
             Shoigu arrived in Doha. He met the Emir & the country's defence minister.\n\
             He said: \"the price is < $5 > $4\".\n"
        );
        assert_eq!(
            stats,
            WriteStats {
                units: 3,
                skipped_empty: 2,
                forbidden_removed: 1
            }
        );
    }
}
