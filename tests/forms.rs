//! The example corpus's articles in other forms, made here: web pages,
//! Word and OpenDocument files, Markdown, UTF-16 and legacy encodings.

use crate::util::{corpus, Workdir};
use std::io::Write;
use std::path::PathBuf;

pub const DOCS: [&str; 4] = [
    "cairo-film-festival",
    "egypt-inflation",
    "jordan-meteor-shower",
    "qatar-russia-military",
];

pub fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A news page as a site serves it: the article between navigation, a
/// script, a photo with its caption, a share box and a footer.
pub fn html_page(paras: &[String], charset: &str) -> String {
    let title = xml_escape(&paras[0]);
    let mut body = String::new();
    for (k, p) in paras[1..].iter().enumerate() {
        body.push_str(&format!("<p>{}</p>\n", xml_escape(p)));
        if k == 1 {
            body.push_str(
                "<figure><img src=\"photo.jpg\" alt=\"\"><figcaption>Photo: Agency</figcaption></figure>\n",
            );
        }
    }
    format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"{charset}\"><title>{title} | Example News</title>\n\
         <script>window.ads = \"<p>Advertisement</p>\";</script><style>p {{ margin: 0 }}</style></head>\n\
         <body><header><nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/world\">World</a></li>\
         <li><a href=\"/sport\">Sport</a></li></ul></nav></header>\n\
         <main><article><h1>{title}</h1>\n{body}</article>\n\
         <aside class=\"share\"><a href=\"#\">Share on Facebook</a> <a href=\"#\">Read more</a></aside></main>\n\
         <footer><p>Copyright 2026 Example News. All rights reserved.</p></footer></body></html>\n"
    )
}

/// A ZIP archive of the given members, stored uncompressed.
pub fn zip(members: &[(&str, String)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, body) in members {
        w.start_file(*name, opts).unwrap();
        w.write_all(body.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

pub fn docx(paras: &[String]) -> Vec<u8> {
    let mut body = String::new();
    for (k, p) in paras.iter().enumerate() {
        // Runs split mid-paragraph, as Word writes them after an edit.
        let cut = p
            .char_indices()
            .nth(p.chars().count() / 2)
            .map_or(0, |c| c.0);
        let style = if k == 0 {
            "<w:pPr><w:pStyle w:val=\"Title\"/></w:pPr>"
        } else {
            ""
        };
        body.push_str(&format!(
            "<w:p>{style}<w:r><w:t xml:space=\"preserve\">{}</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
            xml_escape(&p[..cut]),
            xml_escape(&p[cut..])
        ));
    }
    zip(&[
        (
            "[Content_Types].xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
             <Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>"
                .to_string(),
        ),
        (
            "word/document.xml",
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
                 <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}\
                 <w:sectPr/></w:body></w:document>"
            ),
        ),
    ])
}

pub fn odt(paras: &[String]) -> Vec<u8> {
    let mut body = String::new();
    for (k, p) in paras.iter().enumerate() {
        let tag = if k == 0 { "text:h" } else { "text:p" };
        body.push_str(&format!("<{tag}>{}</{tag}>", xml_escape(p)));
    }
    zip(&[
        ("mimetype", "application/vnd.oasis.opendocument.text".into()),
        (
            "content.xml",
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
                 <office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
                 xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"><office:body><office:text>{body}\
                 </office:text></office:body></office:document-content>"
            ),
        ),
    ])
}

pub fn markdown(paras: &[String]) -> String {
    let escape = |p: &str| {
        let mut s = String::new();
        for c in p.chars() {
            if "\\*_`[]".contains(c) {
                s.push('\\');
            }
            s.push(c);
        }
        if s.starts_with(['+', '-', '#', '>']) {
            s.insert(0, '\\');
        }
        s
    };
    let mut out = format!("# {}\n", escape(&paras[0]));
    for p in &paras[1..] {
        out.push_str(&format!("\n{}\n", escape(p)));
    }
    out
}

pub fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let units = bom.then_some(0xFEFF).into_iter().chain(text.encode_utf16());
    for u in units {
        out.extend(if big_endian {
            u.to_be_bytes()
        } else {
            u.to_le_bytes()
        });
    }
    out
}

/// The legacy encoding a form uses for a language: Arabic in
/// Windows-1256 or ISO-8859-6, Russian in Windows-1251 or KOI8-R, English
/// in Windows-1252.
pub fn legacy_encoding(form: &str, lang: &str) -> Option<&'static encoding_rs::Encoding> {
    let second = form == "legacy2";
    match (form, lang) {
        ("legacy" | "legacy2" | "html-legacy", "ar") if second => Some(encoding_rs::ISO_8859_6),
        ("legacy" | "legacy2" | "html-legacy", "ar") => Some(encoding_rs::WINDOWS_1256),
        ("legacy" | "legacy2" | "html-legacy", "ru") if second => Some(encoding_rs::KOI8_R),
        ("legacy" | "legacy2" | "html-legacy", "ru") => Some(encoding_rs::WINDOWS_1251),
        ("legacy" | "html-legacy", "en") => Some(encoding_rs::WINDOWS_1252),
        _ => None,
    }
}

/// The example article's text as a legacy encoding can hold it: 8-bit
/// encodings lack some characters the articles use (Windows-1256 has no
/// Arabic-Indic digits, KOI8-R no guillemets), so those are written as a
/// writer in that encoding would (ASCII digits, straight quotes, hyphens)
/// and anything else it lacks is left out. Plain text and the legacy file
/// then hold the same text.
pub fn article_text(form: &str, lang: &str, doc: &str) -> String {
    let text = std::fs::read_to_string(corpus(&format!("{lang}/{doc}.txt"))).unwrap();
    let Some(enc) = legacy_encoding(form, lang) else {
        return text;
    };
    let fits = |c: char| !enc.encode(&c.to_string()).2;
    text.chars()
        .filter_map(|c| {
            if fits(c) {
                return Some(c);
            }
            match c {
                '\u{0660}'..='\u{0669}' => char::from_digit(c as u32 - 0x0660, 10),
                '«' | '»' | '“' | '”' | '„' => Some('"'),
                '–' | '—' => Some('-'),
                '،' => Some(','),
                _ => None,
            }
            .filter(|&r| fits(r))
        })
        .collect()
}

/// The example article in one of the forms below, with its file name.
pub fn variant(form: &str, lang: &str, doc: &str) -> (String, Vec<u8>) {
    let text = article_text(form, lang, doc);
    let paras: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    let legacy = |enc: &'static encoding_rs::Encoding| {
        let (bytes, _, lossy) = enc.encode(&text);
        assert!(!lossy, "{doc} in {}", enc.name());
        bytes.into_owned()
    };
    match form {
        "html" => (
            format!("{doc}.html"),
            html_page(&paras, "utf-8").into_bytes(),
        ),
        "docx" => (format!("{doc}.docx"), docx(&paras)),
        "odt" => (format!("{doc}.odt"), odt(&paras)),
        "md" => (format!("{doc}.md"), markdown(&paras).into_bytes()),
        "utf16le" => (format!("{doc}.txt"), utf16(&text, false, false)),
        "utf16be-bom" => (format!("{doc}.txt"), utf16(&text, true, true)),
        "legacy" | "legacy2" => {
            let enc = legacy_encoding(form, lang).unwrap_or(encoding_rs::UTF_8);
            (format!("{doc}.txt"), legacy(enc))
        }
        // The page's own declaration of a legacy encoding.
        "html-legacy" => {
            let enc = legacy_encoding(form, lang).unwrap_or(encoding_rs::UTF_8);
            let page = html_page(&paras, enc.name());
            let (bytes, _, lossy) = enc.encode(&page);
            assert!(!lossy);
            (format!("{doc}.htm"), bytes.into_owned())
        }
        _ => unreachable!("{form}"),
    }
}

/// Writes the example corpus's `lang` folder in a form into `dir/lang`.
pub fn write_folder(wd: &Workdir, dir: &str, lang: &str, form: &str) -> PathBuf {
    for doc in DOCS {
        let (name, bytes) = variant(form, lang, doc);
        wd.write(&format!("{dir}/{lang}/{name}"), bytes);
    }
    wd.path(&format!("{dir}/{lang}"))
}

/// Writes the plain UTF-8 text the form holds into `dir/lang`.
pub fn write_reference(wd: &Workdir, dir: &str, lang: &str, form: &str) -> PathBuf {
    for doc in DOCS {
        let text = article_text(form, lang, doc);
        wd.write(&format!("{dir}/{lang}/{doc}.txt"), text);
    }
    wd.path(&format!("{dir}/{lang}"))
}
