//! Writers for aligned documents. Every writer is generic over
//! `io::Write`, so tests write into a `Vec<u8>`.
//!
//! The writers do not buffer: wrap files in an `io::BufWriter`. Each writer
//! has a `finish` method that flushes, hands the inner writer back and
//! reports [`WriteStats`]; output is only complete after `finish` (TMX needs
//! its closing tags).
//!
//! The formats that write translation units (TMX, TSV/CSV, JSON lines,
//! Moses) share one rule for the text of a side: the side's sentences,
//! each trimmed of surrounding whitespace, joined with a single space;
//! characters that XML 1.0 forbids (C0 controls other than tab, line feed
//! and carriage return; U+FFFE; U+FFFF) removed and counted; line breaks
//! turned into spaces, because one unit is one line in every format. TMX,
//! TSV/CSV and Moses skip beads with an empty or blank side; the beads and
//! JSON lines formats keep every bead, since they record the alignment
//! itself rather than a translation memory.

pub mod beads;
pub mod csv;
mod date;
pub mod explain;
pub mod html;
pub mod jsonl;
pub mod moses;
pub mod tmx;

pub use self::beads::BeadsWriter;
pub use self::csv::{TableFormat, TableWriter};
pub use self::date::{creation_date, creation_date_from_env};
pub use self::jsonl::JsonlWriter;
pub use self::moses::MosesWriter;
pub use self::tmx::{TmxOptions, TmxStats, TmxWriter};

use crate::align::Bead;
use std::io;

/// One aligned document, as the writers see it.
#[derive(Debug, Clone, Copy)]
pub struct DocAlignment<'a> {
    /// The document's name (file stem), written into TMX props and CSV rows.
    pub name: &'a str,
    /// Source sentences, exactly as they appeared in the input.
    pub src: &'a [String],
    /// Target sentences, exactly as they appeared in the input.
    pub tgt: &'a [String],
    /// The beads, in order, covering every sentence of both sides once.
    pub beads: &'a [Bead],
}

/// What a writer wrote, so the CLI can warn about skipped beads and
/// removed characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WriteStats {
    /// Units (TMX `<tu>`s, rows, lines, beads) written.
    pub units: usize,
    /// Beads not written because one side was empty or blank.
    pub skipped_empty: usize,
    /// Characters removed because XML 1.0 forbids them.
    pub forbidden_removed: usize,
}

/// A writer of aligned documents in one format, so that callers can write
/// any format the same way (see [`write_docs`]).
pub trait DocWriter {
    /// Writes one document's units.
    fn write_doc(&mut self, doc: &DocAlignment<'_>) -> io::Result<()>;
    /// Completes the output (closing tags, flushing) and reports the counts.
    fn finish_doc_writer(self) -> io::Result<WriteStats>;
}

/// Writes every document with `writer` and completes the output.
pub fn write_docs<D: DocWriter>(
    mut writer: D,
    docs: &[DocAlignment<'_>],
) -> io::Result<WriteStats> {
    for d in docs {
        writer.write_doc(d)?;
    }
    writer.finish_doc_writer()
}

/// Implements [`DocWriter`] for a writer type with inherent `write_doc`
/// and `finish` methods.
macro_rules! doc_writer {
    ($ty:ident) => {
        impl<W: io::Write> $crate::write::DocWriter for $ty<W> {
            fn write_doc(&mut self, doc: &$crate::write::DocAlignment<'_>) -> io::Result<()> {
                $ty::write_doc(self, doc)
            }
            fn finish_doc_writer(self) -> io::Result<$crate::write::WriteStats> {
                Ok(self.finish()?.1)
            }
        }
    };
}
pub(crate) use doc_writer;

/// Whether XML 1.0 forbids `c` anywhere in a document. Lone surrogates
/// cannot occur in a Rust `char`, so only the C0 controls and the two
/// noncharacters at the end of the BMP remain.
pub(crate) fn is_forbidden_in_xml(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}

/// Removes forbidden characters and turns each line break (CRLF, CR or LF)
/// into one space. Returns the cleaned text and the number of characters
/// removed. Forbidden characters go first, so that a control character
/// between CR and LF does not make the pair count as two breaks.
pub(crate) fn clean_text(text: &str) -> (String, usize) {
    // Every forbidden character and line break is a byte below 0x20 or
    // starts with 0xEF (U+FFFE, U+FFFF), so most text is copied whole:
    // char by char it was 3% of a build's instructions (issue 16).
    // Tested 32 bytes at a time without an early exit, so that the
    // compiler can test them together (byte by byte, the scan was half of
    // this function's cost).
    let needs_work = text
        .as_bytes()
        .chunks(32)
        .any(|c| c.iter().fold(false, |a, &b| a | (b < 0x20) | (b == 0xEF)));
    if !needs_work {
        return (text.to_string(), 0);
    }
    let mut out = String::with_capacity(text.len());
    let mut removed = 0;
    let mut after_cr = false;
    for c in text.chars() {
        if is_forbidden_in_xml(c) {
            removed += 1;
            continue;
        }
        match c {
            '\r' => {
                out.push(' ');
                after_cr = true;
                continue;
            }
            '\n' if after_cr => {}
            '\n' => out.push(' '),
            _ => out.push(c),
        }
        after_cr = false;
    }
    (out, removed)
}

/// The text of one side of a bead, cleaned (see the module docs).
pub(crate) struct SideText {
    /// The joined, cleaned text; empty for an empty side.
    pub text: String,
    /// Forbidden characters removed from it.
    pub removed: usize,
}

impl SideText {
    /// Whether the side holds nothing a translation memory can use.
    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
}

/// Joins the sentences `range` of `sents`. A range that does not fit the
/// document is the caller's bug, but the library must not panic on it, so
/// it becomes an `InvalidInput` error naming the document.
pub(crate) fn side_text(
    doc: &DocAlignment<'_>,
    sents: &[String],
    range: &std::ops::Range<usize>,
    side: &str,
) -> io::Result<SideText> {
    let Some(slice) = sents.get(range.clone()) else {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "document '{}': bead {}..{} is outside the {} {} sentences",
                doc.name,
                range.start,
                range.end,
                sents.len(),
                side
            ),
        ));
    };
    let mut joined = String::new();
    let mut removed = 0;
    for sent in slice {
        let (clean, n) = clean_text(sent);
        removed += n;
        // Trimming after cleaning, so that a break at the end of a sentence
        // does not leave a space behind.
        let clean = clean.trim();
        if clean.is_empty() {
            continue;
        }
        if !joined.is_empty() {
            joined.push(' ');
        }
        joined.push_str(clean);
    }
    Ok(SideText {
        text: joined,
        removed,
    })
}

/// Both sides of a bead as text, or `None` when either side is empty or
/// blank and the bead makes no translation unit.
fn unit_texts(doc: &DocAlignment<'_>, bead: &Bead) -> io::Result<Option<(SideText, SideText)>> {
    let src = side_text(doc, doc.src, &bead.src, "source")?;
    let tgt = side_text(doc, doc.tgt, &bead.tgt, "target")?;
    if src.is_blank() || tgt.is_blank() {
        return Ok(None);
    }
    Ok(Some((src, tgt)))
}

/// A translation unit: a bead with two non-blank sides, and their texts.
pub(crate) struct Unit<'a> {
    pub bead: &'a Bead,
    pub src: SideText,
    pub tgt: SideText,
}

/// The translation units of a document, in order, and `stats` with them
/// counted: units, beads skipped for an empty or blank side, and removed
/// characters (with `removed_per_unit` more for each unit, for text such
/// as a document name written with every unit). Fails with
/// `InvalidInput` if a bead points outside the document's sentences, so a
/// writer that collects the units first writes nothing of a bad document.
pub(crate) fn units<'a>(
    doc: &DocAlignment<'a>,
    mut stats: WriteStats,
    removed_per_unit: usize,
) -> io::Result<(Vec<Unit<'a>>, WriteStats)> {
    let mut out = Vec::new();
    for bead in doc.beads {
        let Some((src, tgt)) = unit_texts(doc, bead)? else {
            stats.skipped_empty += 1;
            continue;
        };
        stats.units += 1;
        stats.forbidden_removed += src.removed + tgt.removed + removed_per_unit;
        out.push(Unit { bead, src, tgt });
    }
    Ok((out, stats))
}

/// A translation unit left out for a side longer than a limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LongUnit {
    /// The bead's index in the document.
    pub bead: usize,
    /// The source side's length in characters (Unicode scalar values).
    pub src_chars: usize,
    /// The target side's length in characters.
    pub tgt_chars: usize,
}

/// The beads of `doc` whose sides, as written (joined and cleaned), are
/// both at most `max` characters long, and the units left out. Beads with
/// an empty side are kept (they make no unit anyway). CAT tools refuse or
/// cut longer segments on import (Trados: 2,000 characters), so a memory
/// meant for them leaves such units out and says so.
pub fn limit_unit_length(
    doc: &DocAlignment<'_>,
    max: usize,
) -> io::Result<(Vec<Bead>, Vec<LongUnit>)> {
    let mut kept = Vec::with_capacity(doc.beads.len());
    let mut long = Vec::new();
    for (k, bead) in doc.beads.iter().enumerate() {
        if let Some((src, tgt)) = unit_texts(doc, bead)? {
            let (s, t) = (src.text.chars().count(), tgt.text.chars().count());
            if s > max || t > max {
                long.push(LongUnit {
                    bead: k,
                    src_chars: s,
                    tgt_chars: t,
                });
                continue;
            }
        }
        kept.push(bead.clone());
    }
    Ok((kept, long))
}

/// A score with four decimals. Negative zero would print as `-0.0000`, and
/// a score is never negative in meaning, so it is folded into zero.
pub(crate) fn format_score(score: f64) -> String {
    let score = if score == 0.0 { 0.0 } else { score };
    format!("{score:.4}")
}

#[cfg(test)]
pub(crate) mod testdata {
    //! The small fixed example behind the golden files in
    //! `tests/data/golden/`.

    use super::DocAlignment;
    use crate::align::{Bead, Checks};

    pub struct Example {
        pub src: Vec<String>,
        pub tgt: Vec<String>,
        pub beads: Vec<Bead>,
    }

    impl Example {
        pub fn doc(&self) -> DocAlignment<'_> {
            DocAlignment {
                name: "rt.com.91337",
                src: &self.src,
                tgt: &self.tgt,
                beads: &self.beads,
            }
        }
    }

    fn bead(src: std::ops::Range<usize>, tgt: std::ops::Range<usize>, score: f64) -> Bead {
        Bead {
            src,
            tgt,
            score,
            ..Default::default()
        }
    }

    /// `n` 1-1 beads down the diagonal, each with confidence 1.
    pub fn one_to_one(n: usize) -> Vec<Bead> {
        (0..n).map(|i| bead(i..i + 1, i..i + 1, 1.0)).collect()
    }

    pub fn example() -> Example {
        let src = [
            "قطر وروسيا توقّعان اتفاقية للتعاون العسكري.",
            "وصل شويغو إلى الدوحة والتقى الأمير & وزير الدفاع.",
            "هذه الجملة بلا ترجمة.",
            "قال:\t\"السعر < 5 دولارات\"\u{1}.",
        ];
        let tgt = [
            "Qatar and Russia sign a military cooperation deal.",
            "Shoigu arrived in Doha.",
            "He met the Emir & the country's defence minister.",
            "He said: \"the price is < $5 > $4\".",
            "An English line with no Arabic counterpart.",
        ];
        Example {
            src: src.iter().map(|s| s.to_string()).collect(),
            tgt: tgt.iter().map(|s| s.to_string()).collect(),
            beads: vec![
                bead(0..1, 0..1, 0.97314),
                bead(1..2, 1..3, 0.8123),
                bead(2..3, 3..3, 0.0),
                Bead {
                    checks: Checks::NUMBERS,
                    ..bead(3..4, 3..4, 0.5)
                },
                bead(4..4, 4..5, 0.0),
            ],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_text_folds_breaks_and_drops_forbidden() {
        assert_eq!(clean_text("a\r\nb"), ("a b".to_string(), 0));
        // Text with nothing to clean comes back whole.
        assert_eq!(
            clean_text("نص, текст \u{FFFD}"),
            ("نص, текст \u{FFFD}".to_string(), 0)
        );
        assert_eq!(clean_text("\u{FFFF}\u{FFFD}"), ("\u{FFFD}".to_string(), 1));
        // A character to clean past the first 32 bytes is found too.
        let long = format!("{}\u{1}b", "a".repeat(40));
        assert_eq!(clean_text(&long), (format!("{}b", "a".repeat(40)), 1));
        assert_eq!(clean_text("a\rb\nc"), ("a b c".to_string(), 0));
        assert_eq!(clean_text("a\r\u{1}\nb"), ("a b".to_string(), 1));
        assert_eq!(clean_text("a\n\nb"), ("a  b".to_string(), 0));
        assert_eq!(
            clean_text("x\u{0}\u{B}\u{FFFE}\u{FFFF}\ty"),
            ("x\ty".to_string(), 4)
        );
        // C1 controls and other noncharacters are allowed in XML 1.0.
        assert_eq!(
            clean_text("\u{85}\u{FDD0}"),
            ("\u{85}\u{FDD0}".to_string(), 0)
        );
    }

    #[test]
    fn side_text_joins_trimmed_sentences() {
        let src = vec![" a \n".to_string(), "\u{1}".to_string(), "b".to_string()];
        let tgt: Vec<String> = vec![];
        let doc = DocAlignment {
            name: "d",
            src: &src,
            tgt: &tgt,
            beads: &[],
        };
        let side = side_text(&doc, &src, &(0..3), "source").unwrap();
        assert_eq!(side.text, "a b");
        assert_eq!(side.removed, 1);
        let err = side_text(&doc, &src, &(2..4), "source").err().unwrap();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
        #[allow(clippy::reversed_empty_ranges)]
        let backwards = 2..1;
        assert!(side_text(&doc, &src, &backwards, "source").is_err());
    }

    #[test]
    fn long_units_are_left_out_and_listed() {
        let src = vec!["أ".repeat(5), "ب".to_string(), "ج".to_string()];
        let tgt = vec!["a".to_string(), "bb".to_string(), "c".repeat(6)];
        let beads = testdata::one_to_one(3);
        let doc = DocAlignment {
            name: "d",
            src: &src,
            tgt: &tgt,
            beads: &beads,
        };
        let (kept, long) = limit_unit_length(&doc, 5).unwrap();
        assert_eq!(kept, beads[..2].to_vec());
        assert_eq!(
            long,
            [LongUnit {
                bead: 2,
                src_chars: 1,
                tgt_chars: 6
            }]
        );
        assert_eq!(limit_unit_length(&doc, 4).unwrap().0.len(), 1);
    }

    #[test]
    fn scores_have_four_decimals() {
        assert_eq!(format_score(0.97314), "0.9731");
        assert_eq!(format_score(0.97316), "0.9732");
        assert_eq!(format_score(1.0), "1.0000");
        assert_eq!(format_score(-0.0), "0.0000");
    }
}
