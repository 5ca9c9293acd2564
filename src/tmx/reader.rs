//! Reading TMX 1.1 to 1.4b.
//!
//! The bytes may be UTF-8 (with or without a byte order mark), UTF-16 with
//! a byte order mark (little- or big-endian, as memoQ and Trados write),
//! or UTF-16 without one when the first character `<` shows the order; a
//! gzip-compressed file (`.tmx.gz`) is unpacked first. A variant's
//! language is `xml:lang` (TMX 1.3 and 1.4) or `lang` (1.1 and 1.2).
//!
//! Inline markup inside `<seg>`: `<bpt>`, `<ept>`, `<ph>` and `<it>` hold
//! the native codes of the original format (`<b>`, `{\b`), not text, so
//! by default their content is skipped; [`Inline::Keep`] keeps it as text.
//! `<hi>` and `<ut>`'s neighbours are text: the text inside `<hi>` is
//! always kept (its tags are dropped), and `<ut>` is handled as a code.

use super::{Tmx, Tu, Tuv};
use crate::error::{Error, ErrorKind, Result};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::io::Read;
use std::path::Path;

/// What to do with the content of inline codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Inline {
    /// Leave out the content of `<bpt>`, `<ept>`, `<ph>`, `<it>` and
    /// `<ut>` (native codes); keep the text inside `<hi>` and `<sub>`
    /// outside codes.
    #[default]
    Skip,
    /// Keep the content of every inline element as text.
    Keep,
}

/// How to read a TMX file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReadOptions {
    /// What to do with inline codes.
    pub inline: Inline,
}

/// Reads a TMX file (see the module docs for the encodings); errors name
/// the file and the line.
pub fn read_tmx_file(path: &Path, opts: &ReadOptions) -> Result<Tmx> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(&e).with_path(path))?;
    read_tmx(&bytes, opts).map_err(|e| e.with_path(path))
}

/// Reads a TMX document from its bytes.
pub fn read_tmx(bytes: &[u8], opts: &ReadOptions) -> Result<Tmx> {
    let unpacked;
    let bytes = if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(bytes)
            .read_to_end(&mut out)
            .map_err(|e| format_error(format!("cannot unpack the gzip data: {e}")))?;
        unpacked = out;
        &unpacked[..]
    } else {
        bytes
    };
    let text = decode(bytes)?;
    parse(&text, opts)
}

/// The text of the file: UTF-8 or UTF-16 by its byte order mark (or the
/// order of the bytes of its first `<`).
fn decode(bytes: &[u8]) -> Result<String> {
    let utf16 = if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[b'<', 0]) {
        Some(encoding_rs::UTF_16LE)
    } else if bytes.starts_with(&[0xFE, 0xFF]) || bytes.starts_with(&[0, b'<']) {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    };
    if let Some(enc) = utf16 {
        let (text, had_errors) = enc.decode_with_bom_removal(bytes);
        if had_errors {
            return Err(Error::new(ErrorKind::Encoding(format!(
                "the file is {} but holds bytes that are not",
                enc.name()
            ))));
        }
        return Ok(text.into_owned());
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => Err(Error::new(ErrorKind::InvalidUtf8).at_byte(e.valid_up_to())),
    }
}

fn format_error(msg: String) -> Error {
    Error::new(ErrorKind::Format(msg))
}

/// The 1-based line of a byte offset of `text`.
fn line_of(text: &str, pos: usize) -> usize {
    let pos = pos.min(text.len());
    1 + text.as_bytes()[..pos]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

/// Where the parser is.
#[derive(Default)]
struct State {
    tmx: Tmx,
    seen_root: bool,
    in_header: bool,
    tu: Option<Tu>,
    tuv_lang: Option<String>,
    /// The text of the `<seg>` being read.
    seg: Option<String>,
    /// Open inline code elements whose content is being skipped.
    skip_depth: usize,
    /// The prop being read: its type and text.
    prop: Option<(String, String)>,
    /// The number of `<tuv>`s with a `<seg>` seen in the current `<tu>`.
    line: usize,
}

fn parse(text: &str, opts: &ReadOptions) -> Result<Tmx> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().trim_text(false);
    let mut st = State::default();
    loop {
        let start = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|e| {
            format_error(format!("malformed XML: {e}"))
                .at_line(line_of(text, reader.buffer_position() as usize))
        })?;
        st.line = line_of(text, start);
        let at = st.line;
        let res = match event {
            Event::Start(e) => open(&mut st, &e, opts, false),
            Event::Empty(e) => {
                open(&mut st, &e, opts, true).and_then(|()| close(&mut st, e.name().as_ref()))
            }
            Event::End(e) => close(&mut st, e.name().as_ref()),
            Event::Text(t) => {
                let s = t
                    .decode()
                    .map_err(|e| format_error(format!("bad text: {e}")))?;
                push_text(&mut st, &s);
                Ok(())
            }
            Event::CData(t) => {
                let s = String::from_utf8_lossy(&t).into_owned();
                push_text(&mut st, &s);
                Ok(())
            }
            Event::GeneralRef(r) => {
                let s = match r
                    .resolve_char_ref()
                    .map_err(|e| format_error(format!("bad character reference: {e}")))?
                {
                    Some(c) => c.to_string(),
                    None => {
                        let name = r
                            .decode()
                            .map_err(|e| format_error(format!("bad reference: {e}")))?;
                        match quick_xml::escape::resolve_predefined_entity(&name) {
                            Some(s) => s.to_string(),
                            None => {
                                return Err(
                                    format_error(format!("unknown entity &{name};")).at_line(at)
                                )
                            }
                        }
                    }
                };
                push_text(&mut st, &s);
                Ok(())
            }
            Event::Eof => break,
            _ => Ok(()),
        };
        res.map_err(|e| e.at_line(at))?;
    }
    if !st.seen_root {
        return Err(format_error(
            "no <tmx> element: this is not a TMX file".into(),
        ));
    }
    if st.tu.is_some() || st.seg.is_some() {
        return Err(format_error("the file ends inside a <tu>".into()).at_line(st.line));
    }
    Ok(st.tmx)
}

fn push_text(st: &mut State, s: &str) {
    if st.skip_depth > 0 {
        return;
    }
    if let Some(seg) = st.seg.as_mut() {
        seg.push_str(s);
    } else if let Some((_, v)) = st.prop.as_mut() {
        v.push_str(s);
    }
}

/// The attributes of an element, unescaped, in order.
fn attributes(e: &BytesStart) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    for a in e.attributes() {
        let a = a.map_err(|e| format_error(format!("bad attribute: {e}")))?;
        let key = String::from_utf8_lossy(a.key.as_ref()).into_owned();
        let value = a
            .unescape_value()
            .map_err(|e| format_error(format!("bad attribute value: {e}")))?
            .into_owned();
        out.push((key, value));
    }
    Ok(out)
}

fn get<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

const CODES: [&[u8]; 5] = [b"bpt", b"ept", b"ph", b"it", b"ut"];

fn open(st: &mut State, e: &BytesStart, opts: &ReadOptions, empty: bool) -> Result<()> {
    let name = e.name();
    let name = name.as_ref();
    if st.seg.is_some() {
        let skip = st.skip_depth > 0 || (opts.inline == Inline::Skip && CODES.contains(&name));
        if skip && !empty {
            st.skip_depth += 1;
        }
        // Other inline elements (hi, sub) and their text are kept.
        return Ok(());
    }
    match name {
        b"tmx" => {
            st.seen_root = true;
            let attrs = attributes(e)?;
            st.tmx.version = get(&attrs, "version").unwrap_or("").to_string();
        }
        b"header" => {
            let attrs = attributes(e)?;
            st.tmx.srclang = get(&attrs, "srclang").unwrap_or("").to_string();
            st.tmx.header = attrs.into_iter().filter(|(k, _)| k != "srclang").collect();
            st.in_header = !empty;
        }
        b"tu" => {
            if st.tu.is_some() {
                return Err(format_error("a <tu> inside a <tu>".into()));
            }
            st.tu = Some(Tu {
                attrs: attributes(e)?,
                ..Tu::default()
            });
        }
        b"tuv" => {
            if st.tu.is_none() {
                return Err(format_error("a <tuv> outside a <tu>".into()));
            }
            let attrs = attributes(e)?;
            let lang = get(&attrs, "xml:lang")
                .or_else(|| get(&attrs, "lang"))
                .ok_or_else(|| format_error("a <tuv> without xml:lang (or lang)".into()))?;
            st.tuv_lang = Some(lang.to_string());
        }
        b"seg" => {
            if st.tuv_lang.is_none() {
                return Err(format_error("a <seg> outside a <tuv>".into()));
            }
            st.seg = Some(String::new());
        }
        b"prop" if st.tu.is_some() && st.tuv_lang.is_none() => {
            let attrs = attributes(e)?;
            let kind = get(&attrs, "type").unwrap_or("").to_string();
            st.prop = Some((kind, String::new()));
        }
        _ => {}
    }
    Ok(())
}

fn close(st: &mut State, name: &[u8]) -> Result<()> {
    if st.seg.is_some() && name != b"seg" {
        if st.skip_depth > 0 {
            st.skip_depth -= 1;
        }
        return Ok(());
    }
    match name {
        b"header" => st.in_header = false,
        b"seg" => {
            let text = st.seg.take().unwrap_or_default();
            let lang = st.tuv_lang.clone().unwrap_or_default();
            if let Some(tu) = st.tu.as_mut() {
                tu.tuvs.push(Tuv { lang, text });
            }
        }
        b"tuv" => st.tuv_lang = None,
        b"prop" => {
            if let (Some(p), Some(tu)) = (st.prop.take(), st.tu.as_mut()) {
                tu.props.push(p);
            }
        }
        b"tu" => {
            if let Some(tu) = st.tu.take() {
                st.tmx.units.push(tu);
            }
        }
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TMX14: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
  <header creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="ar" datatype="plaintext"/>
  <body>
    <tu tuid="1" creationdate="20240101T000000Z">
      <prop type="x-mizan-score">0.9731</prop>
      <prop type="x-mizan-document">a&amp;b</prop>
      <tuv xml:lang="ar"><seg>مرحبا &lt;بكم&gt;.</seg></tuv>
      <tuv xml:lang="en"><seg>Hello <bpt i="1">&lt;b&gt;</bpt>there<ept i="1">&lt;/b&gt;</ept> <ph>{1}</ph><hi type="x">you</hi>&#33;</seg></tuv>
    </tu>
    <tu>
      <tuv xml:lang="ar"><seg><![CDATA[a<b]]></seg></tuv>
      <tuv xml:lang="en"><seg/></tuv>
    </tu>
  </body>
</tmx>
"#;

    fn read(s: &str) -> Tmx {
        read_tmx(s.as_bytes(), &ReadOptions::default()).unwrap()
    }

    #[test]
    fn reads_units_props_and_inline_markup() {
        let tmx = read(TMX14);
        assert_eq!(tmx.version, "1.4");
        assert_eq!(tmx.srclang, "ar");
        assert_eq!(tmx.units.len(), 2);
        let u = &tmx.units[0];
        assert_eq!(u.attr("tuid"), Some("1"));
        assert_eq!(u.attr("creationdate"), Some("20240101T000000Z"));
        assert_eq!(u.score(), Some(0.9731));
        assert_eq!(u.prop("x-mizan-document"), Some("a&b"));
        assert_eq!(u.text("ar"), Some("مرحبا <بكم>."));
        assert_eq!(u.text("en"), Some("Hello there you!"));
        assert_eq!(tmx.units[1].text("ar"), Some("a<b"));
        assert_eq!(tmx.units[1].text("en"), Some(""));
        let keep = read_tmx(
            TMX14.as_bytes(),
            &ReadOptions {
                inline: Inline::Keep,
            },
        )
        .unwrap();
        assert_eq!(keep.units[0].text("en"), Some("Hello <b>there</b> {1}you!"));
    }

    #[test]
    fn old_lang_attribute_and_utf16_and_gzip() {
        let old = r#"<?xml version="1.0"?><tmx version="1.1"><header srclang="en"/><body><tu><tuv lang="EN-US"><seg>a</seg></tuv><tuv lang="RU"><seg>б</seg></tuv></tu></body></tmx>"#;
        let tmx = read(old);
        assert_eq!(tmx.units[0].text("en"), Some("a"));
        assert_eq!(tmx.units[0].text("ru"), Some("б"));
        for (bom, le) in [
            (&[0xFF, 0xFE][..], true),
            (&[0xFE, 0xFF][..], false),
            (&[][..], true),
        ] {
            let mut bytes = bom.to_vec();
            for u in TMX14.replace("UTF-8", "UTF-16").encode_utf16() {
                bytes.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
            }
            let t = read_tmx(&bytes, &ReadOptions::default()).unwrap();
            assert_eq!(t, read(TMX14));
        }
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, TMX14.as_bytes()).unwrap();
        let t = read_tmx(&gz.finish().unwrap(), &ReadOptions::default()).unwrap();
        assert_eq!(t, read(TMX14));
    }

    #[test]
    fn bad_files_name_the_line() {
        let cases = [
            (
                "<tmx><body>\n<tu><tuv xml:lang=\"ar\"><seg>a</tuv></tu>",
                "malformed",
            ),
            (
                "<tmx><body>\n<tu><tuv><seg>a</seg></tuv></tu></body></tmx>",
                "xml:lang",
            ),
            (
                "<tmx><body>\n<tu><tuv xml:lang=\"ar\"><seg>&nbsp;</seg></tuv></tu></body></tmx>",
                "entity",
            ),
            ("<html></html>", "not a TMX"),
            (
                "<tmx><body>\n<tu><tuv xml:lang=\"ar\"><seg>a",
                "ends inside",
            ),
        ];
        for (text, want) in cases {
            let err = read_tmx(text.as_bytes(), &ReadOptions::default()).unwrap_err();
            assert!(err.to_string().contains(want), "{text}: {err}");
        }
        let err = read_tmx(b"<tmx>\xff</tmx>", &ReadOptions::default()).unwrap_err();
        assert_eq!(err.kind(), &ErrorKind::InvalidUtf8);
        let err = read_tmx(
            b"<tmx><body>\n<tu><tuv><seg>a</seg></tuv></tu></body></tmx>",
            &ReadOptions::default(),
        )
        .unwrap_err();
        assert_eq!(err.position(), Some(crate::error::Position::Line(2)));
    }
}
