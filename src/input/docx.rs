//! Word documents (`.docx`): the paragraphs of `word/document.xml`.
//! Text runs (`w:t`) make the text, `w:tab` a tab, and a line break
//! (`w:br`, `w:cr`) ends a paragraph as a line end does in a text file.
//! Deleted text, field codes, headers, footers and notes are not read.

use super::xml::{local_name, next_event, Collector};
use crate::error::Result;
use quick_xml::events::Event;
use quick_xml::Reader;

/// The main part of a Word document.
pub const MAIN_PART: &str = "word/document.xml";

/// The paragraphs of a `.docx` file's bytes.
pub fn paragraphs(bytes: &[u8]) -> Result<Vec<String>> {
    let xml = super::zip_entry(bytes, MAIN_PART)?;
    from_xml(&xml)
}

/// The paragraphs of `word/document.xml`.
pub fn from_xml(xml: &[u8]) -> Result<Vec<String>> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut out = Collector::default();
    // Depth inside `w:t` elements: only their text is document text.
    let mut in_text = 0usize;
    // Depth inside `mc:Fallback`: Word writes a text box twice, for new and
    // old readers, and the copy for old ones would repeat its text.
    let mut fallback = 0usize;
    loop {
        let event = next_event(&mut reader, &mut buf, MAIN_PART)?;
        match event {
            Event::Start(e) if fallback > 0 || e.name().as_ref() == b"mc:Fallback" => {
                fallback += 1;
            }
            Event::End(_) if fallback > 0 => fallback -= 1,
            Event::Start(e) => match local_name(e.name().as_ref()) {
                b"t" => in_text += 1,
                b"p" => out.end_paragraph(),
                _ => {}
            },
            Event::End(e) => match local_name(e.name().as_ref()) {
                b"t" => in_text = in_text.saturating_sub(1),
                b"p" => out.end_paragraph(),
                _ => {}
            },
            Event::Empty(e) if fallback == 0 => match local_name(e.name().as_ref()) {
                b"tab" => out.push_str("\t"),
                b"br" | b"cr" | b"p" => out.end_paragraph(),
                _ => {}
            },
            Event::Text(_) | Event::GeneralRef(_) | Event::CData(_)
                if in_text > 0 && fallback == 0 =>
            {
                out.push_content(&event)?
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(out.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_from_document_xml() {
        let xml = br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t>Qatar &amp; Russia</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">First </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>part</w:t></w:r><w:r><w:tab/><w:t>tab.</w:t></w:r></w:p>
<w:p/>
<w:p><w:r><w:t>Line one</w:t><w:br/><w:t>line two</w:t></w:r><w:del><w:r><w:delText>gone</w:delText></w:r></w:del></w:p>
<w:p><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:t>&#1602;&#1591;&#1585;</w:t></w:r></w:p>
<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>Box</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>Box</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>
</w:body></w:document>"#;
        assert_eq!(
            from_xml(xml).unwrap(),
            [
                "Qatar & Russia",
                "First part\ttab.",
                "Line one",
                "line two",
                "قطر",
                "Box"
            ]
        );
        assert!(from_xml(b"<w:p><w:t>a</w:x>").is_err());
    }
}
