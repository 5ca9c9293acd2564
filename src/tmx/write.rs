//! Writing translation units as TMX 1.4b: the header and unit layout that
//! [`crate::write::TmxWriter`] uses for aligned documents, and
//! [`TuWriter`] for units read from other memories (merge, filter).
//!
//! The layout is fixed (two spaces of indentation, one attribute order,
//! `\n` line ends) so that two runs over the same input give the same
//! bytes.

use super::Tu;
use crate::write::is_forbidden_in_xml;
use std::io;

/// The character encoding of a TMX file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TmxEncoding {
    /// UTF-8 without a byte order mark.
    #[default]
    Utf8,
    /// UTF-16 little-endian with a byte order mark, as memoQ writes.
    Utf16Le,
}

impl TmxEncoding {
    /// The name written into the XML declaration.
    pub fn xml_name(self) -> &'static str {
        match self {
            TmxEncoding::Utf8 => "UTF-8",
            TmxEncoding::Utf16Le => "UTF-16",
        }
    }
}

/// Writes `s` in the file's encoding. Callers write whole strings, so a
/// character is never cut between two calls.
pub(crate) fn emit<W: io::Write>(w: &mut W, enc: TmxEncoding, s: &str) -> io::Result<()> {
    match enc {
        TmxEncoding::Utf8 => w.write_all(s.as_bytes()),
        TmxEncoding::Utf16Le => {
            let mut buf = Vec::with_capacity(s.len() * 2);
            for u in s.encode_utf16() {
                buf.extend_from_slice(&u.to_le_bytes());
            }
            w.write_all(&buf)
        }
    }
}

/// What goes into a TMX header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TuWriterOptions {
    /// The header's `srclang` (a language tag, or `*all*`).
    pub srclang: String,
    /// The header's `creationdate` (`YYYYMMDDThhmmssZ`).
    pub creation_date: String,
    /// The character encoding.
    pub encoding: TmxEncoding,
}

/// The XML declaration, DOCTYPE, header and the opening of the body (with
/// a byte order mark first for UTF-16).
pub(crate) fn head(opts: &TuWriterOptions) -> String {
    let mut head = String::new();
    if opts.encoding == TmxEncoding::Utf16Le {
        head.push('\u{FEFF}');
    }
    head.push_str(&format!(
        "<?xml version=\"1.0\" encoding=\"{}\"?>\n",
        opts.encoding.xml_name()
    ));
    head.push_str("<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n");
    head.push_str("<tmx version=\"1.4\">\n");
    head.push_str("  <header creationtool=\"mizan\"");
    push_attr(&mut head, "creationtoolversion", env!("CARGO_PKG_VERSION"));
    head.push_str(" segtype=\"sentence\" o-tmf=\"mizan\" adminlang=\"en\"");
    push_attr(&mut head, "srclang", &opts.srclang);
    head.push_str(" datatype=\"plaintext\"");
    push_attr(&mut head, "creationdate", &opts.creation_date);
    head.push_str("/>\n");
    head.push_str("  <body>\n");
    head
}

/// The end of the body and of the file.
pub(crate) const TAIL: &str = "  </body>\n</tmx>\n";

/// Appends one `<tu>`: its attributes, props and variants.
pub(crate) fn push_tu(out: &mut String, tu: &Tu) {
    out.push_str("    <tu");
    for (k, v) in &tu.attrs {
        push_attr(out, k, v);
    }
    out.push_str(">\n");
    for (kind, value) in &tu.props {
        out.push_str("      <prop");
        push_attr(out, "type", kind);
        out.push('>');
        push_escaped(out, value, false);
        out.push_str("</prop>\n");
    }
    for tuv in &tu.tuvs {
        out.push_str("      <tuv");
        push_attr(out, "xml:lang", &tuv.lang);
        out.push_str("><seg>");
        push_escaped(out, &tuv.text, false);
        out.push_str("</seg></tuv>\n");
    }
    out.push_str("    </tu>\n");
}

pub(crate) fn push_attr(out: &mut String, name: &str, value: &str) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    push_escaped(out, value, true);
    out.push('"');
}

/// Escapes markup characters and leaves out characters XML 1.0 forbids
/// (text from mizan's own writers has none left; text read from another
/// memory may, through character references). `>` is escaped too,
/// although only `]]>` requires it, to keep the rule simple. In attribute
/// values, whitespace other than the space is written as a character
/// reference, since a parser would otherwise normalise it to a space.
pub(crate) fn push_escaped(out: &mut String, text: &str, attr: bool) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attr => out.push_str("&quot;"),
            '\t' if attr => out.push_str("&#9;"),
            '\n' if attr => out.push_str("&#10;"),
            '\r' if attr => out.push_str("&#13;"),
            // A carriage return in text would reach readers as a line
            // feed; the reference keeps it.
            '\r' => out.push_str("&#13;"),
            c if is_forbidden_in_xml(c) => {}
            _ => out.push(c),
        }
    }
}

/// Writes translation units as one TMX 1.4b file. Call
/// [`finish`](TuWriter::finish) to close it.
#[derive(Debug)]
pub struct TuWriter<W: io::Write> {
    wtr: W,
    enc: TmxEncoding,
    units: usize,
}

impl<W: io::Write> TuWriter<W> {
    /// Writes the XML declaration, the DOCTYPE and the header.
    pub fn new(mut wtr: W, opts: &TuWriterOptions) -> io::Result<TuWriter<W>> {
        emit(&mut wtr, opts.encoding, &head(opts))?;
        Ok(TuWriter {
            wtr,
            enc: opts.encoding,
            units: 0,
        })
    }

    /// Writes one unit as it is.
    pub fn write_tu(&mut self, tu: &Tu) -> io::Result<()> {
        let mut out = String::new();
        push_tu(&mut out, tu);
        emit(&mut self.wtr, self.enc, &out)?;
        self.units += 1;
        Ok(())
    }

    /// Closes the file, flushes, and returns the inner writer with the
    /// number of units written.
    pub fn finish(mut self) -> io::Result<(W, usize)> {
        emit(&mut self.wtr, self.enc, TAIL)?;
        self.wtr.flush()?;
        Ok((self.wtr, self.units))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tmx::{read_tmx, ReadOptions, Tmx, Tuv};

    fn sample() -> Vec<Tu> {
        vec![Tu {
            attrs: vec![("tuid".into(), "7".into())],
            props: vec![("x-mizan-score".into(), "0.5000".into())],
            tuvs: vec![
                Tuv {
                    lang: "ar".into(),
                    text: "أ & ب\r\u{1}".into(),
                },
                Tuv {
                    lang: "en".into(),
                    text: "a <b>".into(),
                },
            ],
        }]
    }

    fn write(enc: TmxEncoding) -> Vec<u8> {
        let opts = TuWriterOptions {
            srclang: "ar".into(),
            creation_date: "20181001T120000Z".into(),
            encoding: enc,
        };
        let mut w = TuWriter::new(Vec::new(), &opts).unwrap();
        for tu in sample() {
            w.write_tu(&tu).unwrap();
        }
        let (out, n) = w.finish().unwrap();
        assert_eq!(n, 1);
        out
    }

    #[test]
    fn round_trips_in_both_encodings() {
        let utf8 = write(TmxEncoding::Utf8);
        let utf16 = write(TmxEncoding::Utf16Le);
        assert!(utf16.starts_with(&[0xFF, 0xFE, b'<', 0]));
        let text = String::from_utf8(utf8.clone()).unwrap();
        assert!(text.contains("<seg>أ &amp; ب&#13;</seg>"), "{text}");
        let mut want = sample();
        want[0].tuvs[0].text = "أ & ب\r".into();
        for bytes in [utf8, utf16] {
            let tmx: Tmx = read_tmx(&bytes, &ReadOptions::default()).unwrap();
            assert_eq!(tmx.srclang, "ar");
            assert_eq!(tmx.units, want);
        }
    }
}
