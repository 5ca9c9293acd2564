//! Reading articles: any format mizan knows (plain text, Markdown, HTML,
//! `.docx`, `.odt`) in any encoding it can tell, turned into one text
//! with a paragraph a line, by [`read_article`] (a file) or
//! [`article_from_bytes`]. Each format is a file of this module, so a new
//! format is one new file; nothing downstream changes.
//!
//! Other text files (gold alignments, lists, rules) are read with
//! [`read_text`]: UTF-8 only, with a clear error.

pub mod docx;
pub mod encoding;
pub mod html;
pub mod md;
pub mod odt;
pub mod txt;
mod xml;

use crate::error::{Error, ErrorKind, Result};
use std::fmt;
use std::io::Read;
use std::path::Path;

pub use encoding::parse_encoding;
pub use encoding_rs::Encoding;

/// One paragraph of an article: its text exactly as in the file (without
/// the surrounding whitespace) and the 1-based line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// The text, trimmed of leading and trailing whitespace.
    pub text: String,
    /// 1-based line number in the file.
    pub line: usize,
}

/// The formats an article may come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    /// Plain text, a paragraph a line.
    Text,
    /// Markdown.
    Markdown,
    /// An HTML page or fragment.
    Html,
    /// A Word document (Office Open XML).
    Docx,
    /// An OpenDocument text.
    Odt,
}

impl Format {
    /// The usual file extension, as a short name.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Docx => "docx",
            Format::Odt => "odt",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How to read articles.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadOptions {
    /// The encoding of text files (plain text, Markdown, HTML), when the
    /// user gave it; detected otherwise. A byte order mark still wins.
    pub encoding: Option<&'static Encoding>,
}

/// An article as read: its text, one paragraph a line, and how it was
/// read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleText {
    /// The text: for plain text, the file's lines (line ends made LF); for
    /// the other formats, one paragraph a line.
    pub text: String,
    /// The format it was read as.
    pub format: Format,
    /// The encoding its bytes were decoded with (UTF-8 for the office
    /// formats, whose XML is UTF-8).
    pub encoding: &'static Encoding,
}

impl ArticleText {
    /// Format and encoding, for messages: `html, windows-1256`.
    pub fn describe(&self) -> String {
        format!("{}, {}", self.format, self.encoding.name())
    }
}

/// Reads an article from a file. Errors name the file.
pub fn read_article(path: &Path, opts: &ReadOptions) -> Result<ArticleText> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(&e).with_path(path))?;
    article_from_bytes(&bytes, Some(path), opts).map_err(|e| e.with_path(path))
}

/// Reads an article from bytes. The format comes from the content (a ZIP
/// archive holding a Word or OpenDocument text, an HTML page, other binary
/// data) and, for what the content cannot tell (Markdown), from the name's
/// extension.
///
/// Fails with [`ErrorKind::Empty`] when there is no text, with
/// [`ErrorKind::Binary`] for data that is not text, [`ErrorKind::Format`]
/// for a broken document, and with the errors of
/// [`encoding::decode`].
pub fn article_from_bytes(
    bytes: &[u8],
    name: Option<&Path>,
    opts: &ReadOptions,
) -> Result<ArticleText> {
    let ext = name
        .and_then(|p| p.extension())
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::new(ErrorKind::Empty));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        let (format, paras) = if has_zip_entry(bytes, docx::MAIN_PART) {
            (Format::Docx, docx::paragraphs(bytes)?)
        } else if has_zip_entry(bytes, odt::MAIN_PART) {
            (Format::Odt, odt::paragraphs(bytes)?)
        } else {
            return Err(Error::new(ErrorKind::Binary(
                "a ZIP archive that is neither a .docx nor an .odt document".into(),
            )));
        };
        return from_paragraphs(paras, format, encoding_rs::UTF_8);
    }
    if let Some(what) = binary_kind(bytes) {
        return Err(Error::new(ErrorKind::Binary(what.into())));
    }
    let html_name = matches!(ext.as_str(), "html" | "htm" | "xhtml" | "shtml");
    let html_bytes = html_name
        || html::looks_like_html(&String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]));
    // A page's own declaration counts unless its bytes are valid UTF-8
    // (pages that say windows-1256 and are UTF-8 are common).
    let given = opts.encoding.or_else(|| {
        (html_bytes && std::str::from_utf8(bytes).is_err())
            .then(|| html::meta_charset(bytes))
            .flatten()
    });
    let (text, enc) = encoding::decode(bytes, given)?;
    encoding::check_not_binary(&text)?;
    // CRLF and lone CR become LF for every text format, not only plain
    // text: a Markdown file saved on Windows, or a stray CR inside a line,
    // kept CRs inside paragraphs (found by the `article` fuzz target).
    let text = txt::normalize_line_ends(text);
    if text.trim().is_empty() {
        return Err(Error::new(ErrorKind::Empty));
    }
    // A page named .html but holding no tag at all is plain text.
    if html::looks_like_html(&text) || (html_name && html::has_tags(&text)) {
        return from_paragraphs(html::paragraphs(&text), Format::Html, enc);
    }
    if matches!(ext.as_str(), "md" | "markdown" | "mdown" | "mkd") {
        return from_paragraphs(md::paragraphs(&text), Format::Markdown, enc);
    }
    Ok(ArticleText {
        text,
        format: Format::Text,
        encoding: enc,
    })
}

fn from_paragraphs(
    paras: Vec<String>,
    format: Format,
    encoding: &'static Encoding,
) -> Result<ArticleText> {
    if paras.is_empty() {
        return Err(Error::new(ErrorKind::Empty));
    }
    let mut text = paras.join("\n");
    text.push('\n');
    Ok(ArticleText {
        text,
        format,
        encoding,
    })
}

/// What a file is, by its first bytes, when that is binary data mizan
/// does not read.
fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (
            b"%PDF",
            "a PDF document; convert it to text first (e.g. pdftotext)",
        ),
        (
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
            "an old Word (.doc) or other OLE document; save it as .docx",
        ),
        (b"{\\rtf", "an RTF document; save it as .docx or text"),
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"\x1F\x8B", "gzip-compressed data"),
        (b"BZh", "bzip2-compressed data"),
        (b"\x7FELF", "a program"),
        (b"7z\xBC\xAF", "a 7-Zip archive"),
        (b"Rar!", "a RAR archive"),
        (b"PK\x05\x06", "an empty ZIP archive"),
    ];
    MAGIC
        .iter()
        .find(|(m, _)| bytes.starts_with(m))
        .map(|(_, what)| *what)
}

/// The largest part of an office document mizan reads: far above any
/// article, and a guard against a ZIP bomb.
const MAX_PART_BYTES: u64 = 256 << 20;

fn has_zip_entry(bytes: &[u8], name: &str) -> bool {
    zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map(|z| z.index_for_name(name).is_some())
        .unwrap_or(false)
}

/// The bytes of one member of a ZIP archive.
fn zip_entry(bytes: &[u8], name: &str) -> Result<Vec<u8>> {
    let bad = |msg: String| Error::new(ErrorKind::Format(msg));
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| bad(format!("broken ZIP archive: {e}")))?;
    let entry = archive
        .by_name(name)
        .map_err(|e| bad(format!("{name}: cannot read from the archive: {e}")))?;
    let mut out = Vec::new();
    entry
        .take(MAX_PART_BYTES)
        .read_to_end(&mut out)
        .map_err(|e| bad(format!("{name}: cannot unpack: {e}")))?;
    Ok(out)
}

/// Reads a whole file as UTF-8 text (for files other than articles: gold
/// alignments, lists, rules).
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
    let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let text = match std::str::from_utf8(&bytes[bom..]) {
        Ok(s) => s,
        Err(e) => {
            return Err(Error::new(ErrorKind::InvalidUtf8).at_byte(bom + e.valid_up_to()));
        }
    };
    if text.trim().is_empty() {
        return Err(Error::new(ErrorKind::Empty));
    }
    Ok(txt::normalize_line_ends(text.to_string()))
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

    /// Found by the `article` fuzz target (fuzz/regressions/article): a
    /// Markdown or HTML file kept its CRs inside paragraphs.
    #[test]
    fn line_ends_are_lf_in_every_format() {
        let opts = ReadOptions::default();
        for (bytes, name) in [
            (&b"# Title\r\n\r\nOne line\rand another.\r\n"[..], "a.md"),
            (
                b"<html><body><h1>Title</h1>\r\n<p>One\r line.</p></body></html>",
                "a.html",
            ),
            (b"Title\r\n\r\nOne\rline.", "a.txt"),
        ] {
            let a = article_from_bytes(bytes, Some(Path::new(name)), &opts).unwrap();
            assert!(!a.text.contains('\r'), "{name}: {:?}", a.text);
        }
        let crash = include_bytes!("../../fuzz/regressions/article/crash-1692b6e2");
        let a = article_from_bytes(&crash[1..], Some(Path::new("a.md")), &opts).unwrap();
        assert!(!a.text.contains('\r'), "{:?}", a.text);
    }

    fn zip_of(name: &str, body: &str) -> Vec<u8> {
        use std::io::Write;
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        w.start_file(name, opts).unwrap();
        w.write_all(body.as_bytes()).unwrap();
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn format_comes_from_content_and_name() {
        let opts = ReadOptions::default();
        let read =
            |bytes: &[u8], name: &str| article_from_bytes(bytes, Some(Path::new(name)), &opts);
        let docx = zip_of(
            docx::MAIN_PART,
            "<w:document><w:body><w:p><w:r><w:t>Hello there.</w:t></w:r></w:p></w:body></w:document>",
        );
        // A Word document is one whatever its name says.
        for name in ["a.docx", "a.txt", "noext"] {
            let a = read(&docx, name).unwrap();
            assert_eq!(
                (a.text.as_str(), a.format),
                ("Hello there.\n", Format::Docx)
            );
        }
        let odt = zip_of(
            odt::MAIN_PART,
            "<office:text><text:p>Odt text.</text:p></office:text>",
        );
        assert_eq!(read(&odt, "a.docx").unwrap().format, Format::Odt);
        let page = b"<!DOCTYPE html><html><body><p>Para one.</p><p>Para two.</p></body></html>";
        let a = read(page, "a.txt").unwrap();
        assert_eq!(
            (a.text.as_str(), a.format),
            ("Para one.\nPara two.\n", Format::Html)
        );
        assert_eq!(
            read(b"# Title\n\nBody *text*.\n", "a.md").unwrap().text,
            "Title\nBody text.\n"
        );
        assert_eq!(read(b"# Title\n", "a.txt").unwrap().format, Format::Text);
        let plain = read(b"Line one.\nLine two.\n", "a.html").unwrap();
        assert_eq!(
            (plain.text.as_str(), plain.format),
            ("Line one.\nLine two.\n", Format::Text)
        );
        assert_eq!(
            read(b"Line <b>one</b>.", "a.htm").unwrap().format,
            Format::Html
        );
        for (bytes, kind) in [
            (&b"%PDF-1.7 ..."[..], "PDF"),
            (&b"\x89PNG\r\n\x1a\n"[..], "PNG"),
            (&zip_of("x.txt", "x")[..], "ZIP"),
        ] {
            let e = read(bytes, "a.txt").unwrap_err();
            assert!(
                matches!(e.kind(), ErrorKind::Binary(m) if m.contains(kind)),
                "{e}"
            );
        }
        let e = read(&zip_of(docx::MAIN_PART, "<w:p><w:t>x</w:p>"), "a.docx").unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::Format(_)), "{e}");
        assert_eq!(
            read(b" \n ", "a.html").unwrap_err().kind(),
            &ErrorKind::Empty
        );
        assert_eq!(
            read(b"<html><body></body></html>", "a.html")
                .unwrap_err()
                .kind(),
            &ErrorKind::Empty
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
        /// Whatever the bytes, reading gives text or an error, never a
        /// panic, under any name.
        #[test]
        fn reading_never_panics(
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400),
            ext in proptest::sample::select(vec!["txt", "html", "md", "docx", "odt"]),
            prefix in proptest::sample::select(vec![&b""[..], b"<html><p>", b"PK\x03\x04", b"\xFF\xFE", b"# "]),
        ) {
            let mut all = prefix.to_vec();
            all.extend(bytes);
            let name = format!("a.{ext}");
            let _ = article_from_bytes(&all, Some(Path::new(&name)), &ReadOptions::default());
        }
    }

    #[test]
    fn paragraphs_keep_line_numbers() {
        let p = paragraphs("Title\n\nFirst para.  \n  Second.\n\n\nThird.\n");
        let got: Vec<_> = p.iter().map(|p| (p.text.as_str(), p.line)).collect();
        assert_eq!(
            got,
            [
                ("Title", 1),
                ("First para.", 3),
                ("Second.", 4),
                ("Third.", 7)
            ]
        );
    }

    #[test]
    fn lines_keep_positions() {
        assert_eq!(lines("a\n\nb\n"), ["a", "", "b"]);
        assert_eq!(lines("a\nb"), ["a", "b"]);
    }
}
