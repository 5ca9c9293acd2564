//! The review page: one self-contained HTML file (no network, no external
//! script or font) that shows an alignment side by side and lets a
//! translator correct it.
//!
//! The page embeds the [`Review`] as JSON and renders it with a small
//! script (`review/page.js`): one row per link with its shape, calibrated
//! score and flags, the anchors that tie the two sides highlighted, the
//! source in its own direction (Arabic right to left), segments without
//! counterpart in their place, and an overview of the path per document.
//! Corrections (approve, merge, split, no counterpart, move a boundary)
//! are exported as a review file for `mizan apply`.

use crate::review::Review;
use std::io::{self, Write};

const CSS: &str = include_str!("review/page.css");
const JS: &str = include_str!("review/page.js");

/// Writes the review page for `review`, titled `title`.
pub fn write_review_page<W: io::Write>(w: &mut W, review: &Review, title: &str) -> io::Result<()> {
    let mut head = String::with_capacity(CSS.len() + 2048);
    head.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    head.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    head.push_str("<meta name=\"generator\" content=\"mizan\">\n");
    head.push_str(&format!("<title>{}</title>\n", escape(title)));
    head.push_str("<style>\n");
    head.push_str(CSS);
    head.push_str("</style>\n</head>\n<body>\n<header>\n");
    head.push_str(&format!("<h1>{}</h1>\n", escape(title)));
    head.push_str(concat!(
        "<select id=\"doc-nav\" aria-label=\"document\"></select>\n",
        "<label><input type=\"checkbox\" id=\"only-doubtful\"> only links to review</label>\n",
        "<label>below <input type=\"number\" id=\"threshold\" value=\"0.9\" min=\"0\" max=\"1\" step=\"0.05\" style=\"width:4.5em\"></label>\n",
        "<button type=\"button\" id=\"next-doubtful\">next to review ↓</button>\n",
        "<button type=\"button\" id=\"export\">export corrections</button>\n",
        "<span id=\"counts\"></span>\n</header>\n<main>\n",
        "<noscript><p>This review page needs JavaScript to show the alignment.</p></noscript>\n",
        "<textarea id=\"export-json\" readonly aria-label=\"exported corrections\"></textarea>\n",
        "<div id=\"docs\"></div>\n</main>\n",
    ));
    head.push_str("<script id=\"mizan-data\" type=\"application/json\">");
    // The data is written as it is serialised: a build's page holds some
    // 80 MB of it, which the JSON string, its escaped copy and the page
    // copied three times over, on the one core left writing at the end
    // of a build (issue 16).
    let mut w = io::BufWriter::with_capacity(1 << 16, w);
    w.write_all(head.as_bytes())?;
    let mut data = ScriptSafe {
        inner: &mut w,
        after_lt: false,
    };
    serde_json::to_writer(&mut data, review).map_err(io::Error::other)?;
    w.write_all(b"</script>\n<script>\n")?;
    w.write_all(JS.as_bytes())?;
    w.write_all(b"</script>\n</body>\n</html>\n")?;
    w.flush()
}

/// Passes bytes on with every `</` written `<\/`: inside a script
/// element only `</` can end it early, and `<\/` is the same string to
/// JSON. Remembers a `<` that ended the last write, as the `/` may start
/// the next.
struct ScriptSafe<'a, W: io::Write> {
    inner: &'a mut W,
    after_lt: bool,
}

impl<W: io::Write> io::Write for ScriptSafe<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut start = 0;
        for (k, &b) in buf.iter().enumerate() {
            if b == b'/' && self.after_lt {
                self.inner.write_all(&buf[start..k])?;
                self.inner.write_all(b"\\")?;
                start = k;
            }
            self.after_lt = b == b'<';
        }
        self.inner.write_all(&buf[start..])?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::{text_hash, ReviewDoc, ReviewLink, Source, FORMAT, VERSION};

    fn review() -> Review {
        let src = vec!["قال: </script><b>لا</b>".to_string()];
        let tgt = vec!["He said: no".to_string()];
        Review {
            format: FORMAT.into(),
            version: VERSION,
            src_lang: "ar".into(),
            tgt_lang: "en".into(),
            source: Source::Align {
                presegmented: true,
                srx: None,
                encoding: None,
            },
            docs: vec![ReviewDoc {
                name: "d & <e>".into(),
                src_file: "a".into(),
                tgt_file: "b".into(),
                src_hash: text_hash(&src),
                tgt_hash: text_hash(&tgt),
                src,
                tgt,
                links: vec![ReviewLink {
                    src: vec![0],
                    tgt: vec![0],
                    score: 0.95,
                    checks: vec![],
                    reviewed: false,
                    anchors: vec![],
                }],
            }],
        }
    }

    #[test]
    fn page_is_self_contained_and_embeds_the_review_safely() {
        let mut out = Vec::new();
        write_review_page(&mut out, &review(), "ar-en <review>").unwrap();
        let html = String::from_utf8(out).unwrap();
        assert!(html.contains("<title>ar-en &lt;review&gt;</title>"));
        // No network: nothing is fetched from elsewhere.
        for bad in ["src=\"http", "href=\"http", "@import", "url(http"] {
            assert!(!html.contains(bad), "{bad}");
        }
        // The text's "</script>" cannot close the data element early.
        let start = html.find("<script id=\"mizan-data\"").unwrap();
        let end = start + html[start..].find("</script>").unwrap();
        let data = &html[start + html[start..].find('>').unwrap() + 1..end];
        let back: Review = serde_json::from_str(data).unwrap();
        assert_eq!(back, review());
        // Written as it is serialised, the data is the JSON with every
        // "</" escaped, as a string replace of the whole JSON gives it.
        let json = serde_json::to_string(&review()).unwrap();
        assert_eq!(data, json.replace("</", "<\\/"));
    }

    /// A "<" at the end of one write and a "/" at the start of the next
    /// are escaped as one "</".
    #[test]
    fn script_safe_escapes_across_writes() {
        let cases: [&[&str]; 4] = [
            &["a<", "/b"],
            &["a</b</", "c"],
            &["<", "/", "<", "x/"],
            &["", "</", ""],
        ];
        for parts in cases {
            let mut out = Vec::new();
            let mut w = ScriptSafe {
                inner: &mut out,
                after_lt: false,
            };
            for p in parts {
                w.write_all(p.as_bytes()).unwrap();
            }
            let whole = parts.concat();
            assert_eq!(String::from_utf8(out).unwrap(), whole.replace("</", "<\\/"));
        }
    }
}
