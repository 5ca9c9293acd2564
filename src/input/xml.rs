//! What the office formats share: gathering text runs into paragraphs
//! from quick-xml events.

use crate::error::{Error, ErrorKind, Result};
use quick_xml::events::{BytesRef, BytesText, Event};
use quick_xml::Reader;

/// The next event of a document part (named `part` in the error, with the
/// byte where the XML broke).
pub fn next_event<'b>(
    reader: &mut Reader<&[u8]>,
    buf: &'b mut Vec<u8>,
    part: &str,
) -> Result<Event<'b>> {
    reader.read_event_into(buf).map_err(|e| {
        Error::new(ErrorKind::Format(format!(
            "{part}: malformed XML at byte {}: {e}",
            reader.buffer_position()
        )))
    })
}

/// The part of a qualified name after its prefix (`w:t` → `t`).
pub fn local_name(name: &[u8]) -> &[u8] {
    name.rsplit(|&b| b == b':').next().unwrap_or(name)
}

/// Paragraphs being gathered: text is added to the current one, and a
/// paragraph end keeps it if it holds more than white space.
#[derive(Debug, Default)]
pub struct Collector {
    cur: String,
    out: Vec<String>,
}

impl Collector {
    /// Adds text to the current paragraph; a line end inside it (which a
    /// document's XML may hold) is a space, as a paragraph is one line.
    pub fn push_str(&mut self, s: &str) {
        for c in s.chars() {
            self.cur
                .push(if matches!(c, '\n' | '\r') { ' ' } else { c });
        }
    }

    /// Adds a text event, decoded.
    pub fn push_text(&mut self, t: &BytesText) -> Result<()> {
        let s = t.decode().map_err(|e| bad(format!("bad text: {e}")))?;
        self.push_str(&s);
        Ok(())
    }

    /// Adds a character or entity reference (`&#1602;`, `&amp;`).
    pub fn push_ref(&mut self, r: &BytesRef) -> Result<()> {
        if let Some(c) = r
            .resolve_char_ref()
            .map_err(|e| bad(format!("bad character reference: {e}")))?
        {
            self.cur.push(c);
            return Ok(());
        }
        let name = r.decode().map_err(|e| bad(format!("bad reference: {e}")))?;
        let s = match name.as_ref() {
            "amp" => "&",
            "lt" => "<",
            "gt" => ">",
            "quot" => "\"",
            "apos" => "'",
            other => return Err(bad(format!("unknown entity &{other};"))),
        };
        self.cur.push_str(s);
        Ok(())
    }

    /// Adds the text of a text, reference or CDATA event; other events
    /// add nothing.
    pub fn push_content(&mut self, event: &Event) -> Result<()> {
        match event {
            Event::Text(t) => self.push_text(t),
            Event::GeneralRef(r) => self.push_ref(r),
            Event::CData(t) => {
                self.push_str(&String::from_utf8_lossy(t));
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// Ends the current paragraph.
    pub fn end_paragraph(&mut self) {
        let t = self.cur.trim();
        if !t.is_empty() {
            self.out.push(t.to_string());
        }
        self.cur.clear();
    }

    /// The paragraphs gathered.
    pub fn finish(mut self) -> Vec<String> {
        self.end_paragraph();
        self.out
    }
}

fn bad(msg: String) -> Error {
    Error::new(ErrorKind::Format(msg))
}
