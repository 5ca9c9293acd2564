//! Tables of translation units: TSV and CSV.
//!
//! Both have a header row `document, bead, score, source, target` and one
//! row per bead whose two sides are non-blank; the score has four decimals
//! and the bead is its shape (`1-2`).
//!
//! The two differ in how they keep a field from breaking the columns:
//!
//! - CSV quotes a field when it must (`QuoteStyle::Necessary`: it holds a
//!   comma or a double quote; inner quotes are doubled), as RFC 4180
//!   readers expect.
//! - TSV never quotes. People read TSV with `cut`, `awk` and `paste`, and
//!   the project's own gold tables (`gold.ar-en.tsv`) are plain TSV with
//!   literal quotes in the text, so a quoted field would not compare equal.
//!   Instead a tab inside a text becomes a space; line breaks already are
//!   spaces (see the `write` module), so no field can hold a delimiter and
//!   every row is one line. A reader that treats `"` as a quote character
//!   must be told not to (`quoting=csv.QUOTE_NONE` in Python).

use super::{format_score, units, DocAlignment, Unit, WriteStats};
use std::io;

/// The two table formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableFormat {
    /// Tab-separated, never quoted; tabs in text become spaces.
    Tsv,
    /// Comma-separated, quoted where necessary.
    Csv,
}

/// Writes translation units as TSV or CSV rows.
#[derive(Debug)]
pub struct TableWriter<W: io::Write> {
    wtr: ::csv::Writer<W>,
    format: TableFormat,
    stats: WriteStats,
}

impl<W: io::Write> TableWriter<W> {
    /// Writes the header row.
    pub fn new(wtr: W, format: TableFormat) -> io::Result<TableWriter<W>> {
        let mut builder = ::csv::WriterBuilder::new();
        builder.terminator(::csv::Terminator::Any(b'\n'));
        match format {
            TableFormat::Tsv => builder
                .delimiter(b'\t')
                .quote_style(::csv::QuoteStyle::Never),
            TableFormat::Csv => builder
                .delimiter(b',')
                .quote_style(::csv::QuoteStyle::Necessary),
        };
        let mut wtr = builder.from_writer(wtr);
        wtr.write_record(["document", "bead", "score", "source", "target"])
            .map_err(io_error)?;
        Ok(TableWriter {
            wtr,
            format,
            stats: WriteStats::default(),
        })
    }

    /// Writes the rows of one document.
    ///
    /// Fails with `InvalidInput`, before writing any row of the document,
    /// if a bead points outside the document's sentences.
    pub fn write_doc(&mut self, doc: &DocAlignment<'_>) -> io::Result<()> {
        let (name, name_removed) = super::clean_text(doc.name);
        let name = self.field(name);
        let mut rows = Vec::new();
        let (units, stats) = units(doc, self.stats, name_removed)?;
        for Unit { bead, src, tgt } in units {
            rows.push([
                bead.shape_label(),
                format_score(bead.score),
                self.field(src.text),
                self.field(tgt.text),
            ]);
        }
        for [shape, score, src, tgt] in &rows {
            self.wtr
                .write_record([name.as_str(), shape, score, src, tgt])
                .map_err(io_error)?;
        }
        self.stats = stats;
        Ok(())
    }

    fn field(&self, text: String) -> String {
        match self.format {
            TableFormat::Tsv if text.contains('\t') => text.replace('\t', " "),
            _ => text,
        }
    }

    /// What has been written so far.
    pub fn stats(&self) -> WriteStats {
        self.stats
    }

    /// Flushes and returns the inner writer with the counts.
    pub fn finish(self) -> io::Result<(W, WriteStats)> {
        let stats = self.stats;
        let wtr = self.wtr.into_inner().map_err(|e| e.into_error())?;
        Ok((wtr, stats))
    }
}

/// The csv crate's error as an I/O error, keeping the underlying one (so a
/// closed pipe stays `BrokenPipe`: `mizan align -f tsv | head` succeeds).
fn io_error(e: ::csv::Error) -> io::Error {
    match e.into_kind() {
        ::csv::ErrorKind::Io(io) => io,
        other => io::Error::other(format!("{other:?}")),
    }
}

super::doc_writer!(TableWriter);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::testdata::{example, one_to_one};

    fn table(format: TableFormat, docs: &[DocAlignment<'_>]) -> (String, WriteStats) {
        let mut w = TableWriter::new(Vec::new(), format).unwrap();
        for doc in docs {
            w.write_doc(doc).unwrap();
        }
        let (out, stats) = w.finish().unwrap();
        (String::from_utf8(out).unwrap(), stats)
    }

    #[test]
    fn tsv_matches_golden_file() {
        let ex = example();
        let (out, stats) = table(TableFormat::Tsv, &[ex.doc()]);
        assert_eq!(out, include_str!("../../tests/data/golden/expected.tsv"));
        assert_eq!(
            stats,
            WriteStats {
                units: 3,
                skipped_empty: 2,
                forbidden_removed: 1
            }
        );
    }

    #[test]
    fn csv_matches_golden_file() {
        let ex = example();
        let (out, _) = table(TableFormat::Csv, &[ex.doc()]);
        assert_eq!(out, include_str!("../../tests/data/golden/expected.csv"));
    }

    #[test]
    fn csv_reads_back() {
        let ex = example();
        let (out, _) = table(TableFormat::Csv, &[ex.doc()]);
        let mut rdr = ::csv::Reader::from_reader(out.as_bytes());
        let rows: Vec<::csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
        assert_eq!(rows.len(), 3);
        assert_eq!(&rows[2][3], "قال:\t\"السعر < 5 دولارات\".");
    }

    #[test]
    fn tsv_rows_stay_one_line_of_five_fields() {
        let src = vec!["a\tb\nc".to_string(), "\"q\"".to_string()];
        let tgt = vec!["x\r\ny".to_string(), "z".to_string()];
        let beads = one_to_one(2);
        let doc = DocAlignment {
            name: "n\tm",
            src: &src,
            tgt: &tgt,
            beads: &beads,
        };
        let (out, _) = table(TableFormat::Tsv, &[doc]);
        assert_eq!(
            out,
            "document\tbead\tscore\tsource\ttarget\n\
             n m\t1-1\t1.0000\ta b c\tx y\n\
             n m\t1-1\t1.0000\t\"q\"\tz\n"
        );
    }
}
