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
use std::io;

const CSS: &str = include_str!("review/page.css");
const JS: &str = include_str!("review/page.js");

/// Writes the review page for `review`, titled `title`.
pub fn write_review_page<W: io::Write>(w: &mut W, review: &Review, title: &str) -> io::Result<()> {
    let json = serde_json::to_string(review).map_err(io::Error::other)?;
    let mut out = String::with_capacity(json.len() + CSS.len() + JS.len() + 2048);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<meta name=\"generator\" content=\"mizan\">\n");
    out.push_str(&format!("<title>{}</title>\n", escape(title)));
    out.push_str("<style>\n");
    out.push_str(CSS);
    out.push_str("</style>\n</head>\n<body>\n<header>\n");
    out.push_str(&format!("<h1>{}</h1>\n", escape(title)));
    out.push_str(concat!(
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
    out.push_str("<script id=\"mizan-data\" type=\"application/json\">");
    // Inside a script element only "</" can end it early; "<\/" is the
    // same string to JSON.
    out.push_str(&json.replace("</", "<\\/"));
    out.push_str("</script>\n<script>\n");
    out.push_str(JS);
    out.push_str("</script>\n</body>\n</html>\n");
    w.write_all(out.as_bytes())
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
    }
}
