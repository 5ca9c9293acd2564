//! Reading input files: UTF-8 with a clear error, BOM stripped, CRLF
//! accepted, and the split into paragraphs or presegmented lines.

use crate::error::{Error, ErrorKind, Result};
use std::path::Path;

/// One paragraph of an article: its text exactly as in the file (without
/// the surrounding whitespace) and the 1-based line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// The text, trimmed of leading and trailing whitespace.
    pub text: String,
    /// 1-based line number in the file.
    pub line: usize,
}

/// Reads a whole file as text.
///
/// A UTF-8 byte order mark is dropped, CRLF and lone CR line ends become LF.
/// Invalid UTF-8 fails with the byte offset of the first bad byte; a file
/// with nothing but whitespace fails as [`ErrorKind::Empty`].
pub fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(&e).with_path(path))?;
    decode(&bytes).map_err(|e| e.with_path(path))
}

/// Decodes bytes the way [`read_text`] does (for tests and for stdin).
pub fn decode(bytes: &[u8]) -> Result<String> {
    let bom = if bytes.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
    let text = match std::str::from_utf8(&bytes[bom..]) {
        Ok(s) => s,
        Err(e) => {
            return Err(Error::new(ErrorKind::InvalidUtf8).at_byte(bom + e.valid_up_to()));
        }
    };
    if text.trim().is_empty() {
        return Err(Error::new(ErrorKind::Empty));
    }
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    };
    Ok(text)
}

/// Splits an article into paragraphs.
///
/// Every non-blank line is its own paragraph: news files put one paragraph
/// on a line, with or without blank lines between them, and the short lines
/// of a web page (dates, captions, bylines) must not run into the next
/// sentence. Paragraph ends are hard sentence boundaries.
pub fn paragraphs(text: &str) -> Vec<Paragraph> {
    text.split('\n')
        .enumerate()
        .filter_map(|(i, line)| {
            let t = line.trim();
            (!t.is_empty()).then(|| Paragraph {
                text: t.to_string(),
                line: i + 1,
            })
        })
        .collect()
}

/// Splits a presegmented file into its lines, one segment a line.
///
/// Lines keep their position, so segment `i` is line `i` of the file
/// (0-based), exactly as gold bead files count; a final newline does not
/// start another segment.
pub fn lines(text: &str) -> Vec<String> {
    let body = text.strip_suffix('\n').unwrap_or(text);
    body.split('\n').map(|l| l.trim().to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_handles_bom_crlf_and_errors() {
        assert_eq!(decode(b"\xEF\xBB\xBFa\r\nb\rc").unwrap(), "a\nb\nc");
        let e = decode(b"abc\xFFdef").unwrap_err();
        assert_eq!(e.kind(), &ErrorKind::InvalidUtf8);
        assert_eq!(e.position(), Some(crate::error::Position::Byte(3)));
        let e = decode(b"\xEF\xBB\xBFab\xC3").unwrap_err();
        assert_eq!(e.position(), Some(crate::error::Position::Byte(5)));
        assert_eq!(decode(b"").unwrap_err().kind(), &ErrorKind::Empty);
        assert_eq!(decode(b" \n\t\n").unwrap_err().kind(), &ErrorKind::Empty);
    }

    #[test]
    fn paragraphs_keep_line_numbers() {
        let p = paragraphs("Title\n\nFirst para.  \n  Second.\n\n\nThird.\n");
        let got: Vec<_> = p.iter().map(|p| (p.text.as_str(), p.line)).collect();
        assert_eq!(got, [("Title", 1), ("First para.", 3), ("Second.", 4), ("Third.", 7)]);
    }

    #[test]
    fn lines_keep_positions() {
        assert_eq!(lines("a\n\nb\n"), ["a", "", "b"]);
        assert_eq!(lines("a\nb"), ["a", "b"]);
    }
}
