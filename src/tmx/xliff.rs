//! XLIFF 2.0 (bilingual) from a memory's units, for tools that import
//! XLIFF better than TMX.
//!
//! One `<file>` per document (`x-mizan-document`, in order of first
//! appearance; `original` names it), one `<unit>` per translation unit
//! with one `<segment state="translated">` holding `<source>` and
//! `<target>`. The score, shape and count props go into the unit's
//! metadata (the XLIFF 2.0 Metadata module, `mda:`), which tools that do
//! not know it must keep and may ignore.

use super::convert::PairRow;
use crate::tmx::write::{push_attr, push_escaped};
use std::io;

const MDA: &str = "urn:oasis:names:tc:xliff:metadata:2.0";

/// Writes `rows` as one XLIFF 2.0 document from `src` to `tgt` (BCP-47
/// tags).
pub fn write_xliff<W: io::Write>(
    mut w: W,
    rows: &[PairRow],
    src: &str,
    tgt: &str,
) -> io::Result<W> {
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\"");
    out.push_str(&format!(" xmlns:mda=\"{MDA}\" version=\"2.0\""));
    push_attr(&mut out, "srcLang", src);
    push_attr(&mut out, "trgLang", tgt);
    out.push_str(">\n");
    // Documents in order of first appearance, each with its rows.
    let mut docs: Vec<(&str, Vec<&PairRow>)> = Vec::new();
    for r in rows {
        match docs.iter_mut().find(|(d, _)| *d == r.document) {
            Some((_, v)) => v.push(r),
            None => docs.push((&r.document, vec![r])),
        }
    }
    for (k, (doc, rows)) in docs.iter().enumerate() {
        out.push_str(&format!("  <file id=\"f{}\"", k + 1));
        if !doc.is_empty() {
            push_attr(&mut out, "original", doc);
        }
        out.push_str(">\n");
        for (i, r) in rows.iter().enumerate() {
            out.push_str(&format!("    <unit id=\"u{}\">\n", i + 1));
            let meta: Vec<(&str, &str)> = [("x-mizan-score", &r.score), ("x-mizan-bead", &r.bead)]
                .into_iter()
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, v)| (k, v.as_str()))
                .collect();
            if !meta.is_empty() {
                out.push_str("      <mda:metadata><mda:metaGroup category=\"mizan\">");
                for (kind, value) in meta {
                    out.push_str("<mda:meta");
                    push_attr(&mut out, "type", kind);
                    out.push('>');
                    push_escaped(&mut out, value, false);
                    out.push_str("</mda:meta>");
                }
                out.push_str("</mda:metaGroup></mda:metadata>\n");
            }
            out.push_str("      <segment state=\"translated\">\n        <source>");
            push_escaped(&mut out, &r.source, false);
            out.push_str("</source>\n        <target>");
            push_escaped(&mut out, &r.target, false);
            out.push_str("</target>\n      </segment>\n    </unit>\n");
        }
        out.push_str("  </file>\n");
    }
    out.push_str("</xliff>\n");
    w.write_all(out.as_bytes())?;
    w.flush()?;
    Ok(w)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tmx::convert::pair_rows;
    use crate::tmx::stats::tests::unit;
    use quick_xml::events::Event;

    #[test]
    fn files_by_document_and_text_kept() {
        let units = [
            unit("أ & ب", "a <b>", "0.9000", "d1"),
            unit("ج", "c", "0.5000", "d2"),
            unit("د", "d", "0.7000", "d1"),
        ];
        let (rows, _) = pair_rows(&units, "ar", "en");
        let out = write_xliff(Vec::new(), &rows, "ar", "en-GB").unwrap();
        let xml = String::from_utf8(out).unwrap();
        assert!(xml.contains("srcLang=\"ar\" trgLang=\"en-GB\""), "{xml}");
        assert!(xml.contains("<file id=\"f2\" original=\"d2\">"), "{xml}");
        // Read back with a parser: every source and target, in file order.
        let mut reader = quick_xml::Reader::from_str(&xml);
        let (mut texts, mut cur, mut files) = (Vec::new(), None::<String>, 0);
        loop {
            match reader.read_event().unwrap() {
                Event::Start(e) if matches!(e.name().as_ref(), b"source" | b"target") => {
                    cur = Some(String::new())
                }
                Event::Start(e) if e.name().as_ref() == b"file" => files += 1,
                Event::Text(t) if cur.is_some() => {
                    cur.as_mut().unwrap().push_str(&t.decode().unwrap())
                }
                Event::GeneralRef(r) if cur.is_some() => {
                    let name = r.decode().unwrap();
                    let s = quick_xml::escape::resolve_predefined_entity(&name).unwrap();
                    cur.as_mut().unwrap().push_str(s);
                }
                Event::End(e) if matches!(e.name().as_ref(), b"source" | b"target") => {
                    texts.push(cur.take().unwrap())
                }
                Event::Eof => break,
                _ => {}
            }
        }
        assert_eq!(files, 2);
        assert_eq!(texts, ["أ & ب", "a <b>", "د", "d", "ج", "c"]);
    }
}
