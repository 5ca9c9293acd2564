//! A memory's units as tables (TSV, CSV), Moses parallel text or JSON
//! lines, for one language pair. XLIFF 2.0 is in [`super::xliff`].
//!
//! Columns and keys follow mizan's own writers (see [`crate::write`]):
//! `document, bead, score, source, target`, from the props
//! `x-mizan-document`, `x-mizan-bead` and `x-mizan-score` (empty when a
//! unit lacks them). Line breaks inside a text become spaces, as one unit
//! is one line in every format, and a TSV text's tabs become spaces.
//! Units without a non-blank variant in both languages are left out.

use super::Tu;
use crate::write::clean_text;
use std::io;

/// One unit of a language pair, ready to write.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PairRow {
    /// `x-mizan-document`, or empty.
    pub document: String,
    /// `x-mizan-bead`, or empty.
    pub bead: String,
    /// `x-mizan-score`, as written in the memory, or empty.
    pub score: String,
    /// The source text.
    pub source: String,
    /// The target text.
    pub target: String,
}

/// The units that have non-blank text in both `src` and `tgt`, as rows
/// (texts with line breaks turned into spaces), and how many were left out.
pub fn pair_rows<'a>(
    units: impl IntoIterator<Item = &'a Tu>,
    src: &str,
    tgt: &str,
) -> (Vec<PairRow>, usize) {
    let mut out = Vec::new();
    let mut left_out = 0;
    for tu in units {
        let (Some(s), Some(t)) = (tu.text(src), tu.text(tgt)) else {
            left_out += 1;
            continue;
        };
        let (s, t) = (clean_text(s).0, clean_text(t).0);
        if s.trim().is_empty() || t.trim().is_empty() {
            left_out += 1;
            continue;
        }
        let prop = |k: &str| tu.prop(k).unwrap_or("").to_string();
        out.push(PairRow {
            document: clean_text(&prop("x-mizan-document")).0,
            bead: prop("x-mizan-bead"),
            score: prop("x-mizan-score"),
            source: s,
            target: t,
        });
    }
    (out, left_out)
}

/// Writes rows as TSV (never quoted, tabs in text made spaces) or CSV
/// (quoted where needed), with a header row.
pub fn write_table<W: io::Write>(mut w: W, rows: &[PairRow], csv: bool) -> io::Result<W> {
    if csv {
        let mut wtr = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::Any(b'\n'))
            .from_writer(&mut w);
        let io_err = |e: ::csv::Error| match e.into_kind() {
            ::csv::ErrorKind::Io(io) => io,
            other => io::Error::other(format!("{other:?}")),
        };
        wtr.write_record(["document", "bead", "score", "source", "target"])
            .map_err(io_err)?;
        for r in rows {
            wtr.write_record([&r.document, &r.bead, &r.score, &r.source, &r.target])
                .map_err(io_err)?;
        }
        wtr.flush()?;
    } else {
        let mut out = String::from("document\tbead\tscore\tsource\ttarget\n");
        for r in rows {
            let fields = [&r.document, &r.bead, &r.score, &r.source, &r.target];
            let fields: Vec<String> = fields.iter().map(|f| f.replace('\t', " ")).collect();
            out.push_str(&fields.join("\t"));
            out.push('\n');
        }
        w.write_all(out.as_bytes())?;
    }
    w.flush()?;
    Ok(w)
}

/// Writes rows as JSON lines (`document`, `bead`, `score`, `source`,
/// `target`; the score a number when it is one).
pub fn write_jsonl<W: io::Write>(mut w: W, rows: &[PairRow]) -> io::Result<W> {
    let mut out = Vec::new();
    for r in rows {
        let score = match r.score.trim().parse::<f64>() {
            Ok(s) if s.is_finite() => serde_json::json!(s),
            _ => serde_json::Value::Null,
        };
        let v = serde_json::json!({
            "document": r.document,
            "bead": r.bead,
            "score": score,
            "source": r.source,
            "target": r.target,
        });
        serde_json::to_writer(&mut out, &v)?;
        out.push(b'\n');
    }
    w.write_all(&out)?;
    w.flush()?;
    Ok(w)
}

/// Writes rows as Moses parallel text: the sources to `src`, the targets
/// to `tgt`, one a line.
pub fn write_moses<S: io::Write, T: io::Write>(
    mut src: S,
    mut tgt: T,
    rows: &[PairRow],
) -> io::Result<(S, T)> {
    let (mut a, mut b) = (String::new(), String::new());
    for r in rows {
        a.push_str(&r.source);
        a.push('\n');
        b.push_str(&r.target);
        b.push('\n');
    }
    src.write_all(a.as_bytes())?;
    tgt.write_all(b.as_bytes())?;
    src.flush()?;
    tgt.flush()?;
    Ok((src, tgt))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tmx::stats::tests::unit;

    #[test]
    fn rows_and_formats() {
        let units = [
            unit("أ\nب", "a\tb", "0.9000", "d,1"),
            unit("ج", " ", "0.5", "d2"),
            unit("د", "\"d\"", "x", "d2"),
        ];
        let (rows, left) = pair_rows(&units, "ar", "en");
        assert_eq!(left, 1);
        assert_eq!(rows[0].source, "أ ب");
        let tsv = String::from_utf8(write_table(Vec::new(), &rows, false).unwrap()).unwrap();
        assert_eq!(
            tsv,
            "document\tbead\tscore\tsource\ttarget\nd,1\t1-1\t0.9000\tأ ب\ta b\nd2\t1-1\tx\tد\t\"d\"\n"
        );
        let csv = String::from_utf8(write_table(Vec::new(), &rows, true).unwrap()).unwrap();
        assert!(csv.contains("\"d,1\",1-1,0.9000,أ ب,a\tb\n"), "{csv}");
        assert!(csv.contains(",\"\"\"d\"\"\"\n"), "{csv}");
        let jsonl = String::from_utf8(write_jsonl(Vec::new(), &rows).unwrap()).unwrap();
        assert!(
            jsonl.starts_with("{\"bead\":\"1-1\",\"document\":\"d,1\",\"score\":0.9,"),
            "{jsonl}"
        );
        assert!(jsonl.contains("\"score\":null"));
        let (a, b) = write_moses(Vec::new(), Vec::new(), &rows).unwrap();
        assert_eq!(String::from_utf8(a).unwrap(), "أ ب\nد\n");
        assert_eq!(String::from_utf8(b).unwrap(), "a\tb\n\"d\"\n");
    }
}
