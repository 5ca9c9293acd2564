//! OpenDocument text (`.odt`): the paragraphs and headings (`text:p`,
//! `text:h`) of `content.xml`. `text:s` stands for spaces, `text:tab` for a
//! tab, and `text:line-break` ends a paragraph as a line end does in a
//! text file. Notes and annotations are not read.

use super::xml::{local_name, next_event, Collector};
use crate::error::Result;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// The part holding an OpenDocument's body.
pub const MAIN_PART: &str = "content.xml";

/// The paragraphs of an `.odt` file's bytes.
pub fn paragraphs(bytes: &[u8]) -> Result<Vec<String>> {
    let xml = super::zip_entry(bytes, MAIN_PART)?;
    from_xml(&xml)
}

/// Elements whose text is not part of the running text.
fn skipped(name: &[u8]) -> bool {
    matches!(
        name,
        b"note" | b"annotation" | b"tracked-changes" | b"sequence-decls" | b"variable-decls"
    )
}

/// The paragraphs of `content.xml`.
pub fn from_xml(xml: &[u8]) -> Result<Vec<String>> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut out = Collector::default();
    // Depth inside paragraphs and headings, and inside skipped elements.
    let mut in_para = 0usize;
    let mut skip = 0usize;
    loop {
        let event = next_event(&mut reader, &mut buf, MAIN_PART)?;
        match event {
            Event::Start(e) => {
                let name = local_name(e.name().as_ref()).to_vec();
                if skip > 0 || skipped(&name) {
                    skip += 1;
                } else if name == b"p" || name == b"h" {
                    out.end_paragraph();
                    in_para += 1;
                }
            }
            Event::End(e) => {
                let name = local_name(e.name().as_ref()).to_vec();
                if skip > 0 {
                    skip -= 1;
                } else if name == b"p" || name == b"h" {
                    out.end_paragraph();
                    in_para = in_para.saturating_sub(1);
                }
            }
            Event::Empty(e) if skip == 0 => match local_name(e.name().as_ref()) {
                b"s" if in_para > 0 => out.push_str(&" ".repeat(space_count(&e))),
                b"tab" if in_para > 0 => out.push_str("\t"),
                b"line-break" | b"p" | b"h" => out.end_paragraph(),
                _ => {}
            },
            Event::Text(_) | Event::GeneralRef(_) | Event::CData(_) if in_para > 0 && skip == 0 => {
                out.push_content(&event)?
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(out.finish())
}

/// `text:c` of a `text:s` element: how many spaces it stands for (1 when
/// left out; capped, as no real document needs more).
fn space_count(e: &BytesStart) -> usize {
    e.attributes()
        .flatten()
        .find(|a| local_name(a.key.as_ref()) == b"c")
        .and_then(|a| std::str::from_utf8(&a.value).ok()?.trim().parse().ok())
        .unwrap_or(1usize)
        .clamp(1, 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_from_content_xml() {
        let xml = br#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">
<office:body><office:text><text:sequence-decls><text:sequence-decl text:name="Figure"/></text:sequence-decls>
<text:h text:outline-level="1">Qatar &amp; Russia</text:h>
<text:p>First<text:s text:c="2"/><text:span>part</text:span><text:tab/>tab.<text:note><text:note-body><text:p>A footnote</text:p></text:note-body></text:note></text:p>
<text:p/>
<text:p>Line one<text:line-break/>line two</text:p>
</office:text></office:body></office:document-content>"#;
        assert_eq!(
            from_xml(xml).unwrap(),
            [
                "Qatar & Russia",
                "First  part\ttab.",
                "Line one",
                "line two"
            ]
        );
    }
}
