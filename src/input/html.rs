//! Web pages: the article body found by a readability-style extractor
//! (`dom_smoothie`, after Mozilla's Readability), then its blocks
//! (paragraphs, headings, list items, table cells) as paragraphs.
//! Navigation, scripts, styles, forms, figures and their captions are left
//! out; entities are decoded by the HTML parser; runs of HTML white space
//! become one space.

use dom_query::{Document, NodeRef};
use encoding_rs::Encoding;

/// Elements whose content is never article text.
const SKIPPED: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "aside",
    "figure",
    "figcaption",
    "form",
    "button",
    "select",
    "option",
    "textarea",
    "iframe",
    "svg",
    "math",
    "canvas",
    "object",
    "embed",
    "audio",
    "video",
    "picture",
    "img",
    "head",
    "title",
    "menu",
    "dialog",
    "label",
];

/// Elements that start and end a paragraph.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "td",
    "th",
    "caption",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "address",
    "hr",
    "center",
    "details",
    "summary",
    "body",
    "html",
];

/// The paragraphs of a web page's article body, in order.
///
/// The extractor picks the element holding the article; when it finds
/// none (a page of a few lines), the whole body is read with the same
/// rules. The page's first `<h1>` (or its `<title>` when it has no `<h1>`)
/// comes first when the extracted body does not already hold it, since the
/// extractor leaves out a heading that repeats the title.
pub fn paragraphs(html: &str) -> Vec<String> {
    let page = Document::from(html);
    let cfg = dom_smoothie::Config::default();
    let (mut out, title) =
        match dom_smoothie::Readability::new(html, None, Some(cfg)).and_then(|mut r| r.parse()) {
            Ok(article) => (
                blocks(&Document::from(article.content.to_string()).root()),
                Some(collapse(&article.title)).filter(|t| !t.is_empty()),
            ),
            Err(_) => (Vec::new(), None),
        };
    // The extractor's title has the site's name taken off `<title>`.
    let heading = first_text(&page, "h1")
        .or(title)
        .or_else(|| first_text(&page, "title"));
    if out.is_empty() {
        out = blocks(&page.root());
    }
    if let Some(h) = heading {
        if !out.iter().take(3).any(|p| *p == h) {
            out.insert(0, h);
        }
    }
    out
}

/// The encoding a page declares in its first kilobyte (`<meta
/// charset=...>` or `content="text/html; charset=..."`), if any. A page
/// that says UTF-16 while its bytes are ASCII-compatible means UTF-8, as
/// browsers read it.
pub fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head: Vec<u8> = bytes
        .iter()
        .take(1024)
        .map(|b| b.to_ascii_lowercase())
        .collect();
    let at = head.windows(8).position(|w| w == b"charset=")? + 8;
    let rest = &head[at..];
    let rest = rest
        .strip_prefix(b"\"")
        .or(rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let end = rest
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || b"-_:.".contains(b)))
        .unwrap_or(rest.len());
    let enc = Encoding::for_label(&rest[..end])?;
    Some(
        if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
            encoding_rs::UTF_8
        } else {
            enc
        },
    )
}

/// Whether text looks like an HTML page or fragment: its first tag (after
/// white space, an XML declaration or comments) is one that only HTML has.
pub fn looks_like_html(text: &str) -> bool {
    let mut rest = text.trim_start_matches(['\u{FEFF}', ' ', '\t', '\r', '\n']);
    loop {
        if let Some(r) = rest.strip_prefix("<?") {
            rest = r.split_once("?>").map_or("", |x| x.1).trim_start();
        } else if let Some(r) = rest.strip_prefix("<!--") {
            rest = r.split_once("-->").map_or("", |x| x.1).trim_start();
        } else {
            break;
        }
    }
    let Some(tag) = rest.strip_prefix('<') else {
        return false;
    };
    let name: String = tag
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '!')
        .collect::<String>()
        .to_ascii_lowercase();
    matches!(
        name.as_str(),
        "!doctype"
            | "html"
            | "head"
            | "body"
            | "meta"
            | "title"
            | "article"
            | "main"
            | "div"
            | "p"
            | "h1"
            | "h2"
            | "section"
            | "header"
            | "nav"
    ) && (name != "!doctype"
        || tag[8..]
            .trim_start()
            .to_ascii_lowercase()
            .starts_with("html"))
}

/// Whether text holds anything like a tag (`<p`, `</`, `<!--`).
pub fn has_tags(text: &str) -> bool {
    text.as_bytes()
        .windows(2)
        .any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'/' || w[1] == b'!'))
}

fn first_text(doc: &Document, selector: &str) -> Option<String> {
    let sel = doc.select(selector);
    let node = sel.nodes().first()?;
    let t = collapse(&node.text());
    (!t.is_empty()).then_some(t)
}

fn blocks(root: &NodeRef) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    walk(root, &mut out, &mut cur, false);
    flush(&mut cur, &mut out);
    out
}

fn walk(node: &NodeRef, out: &mut Vec<String>, cur: &mut String, in_article: bool) {
    for child in node.children_it(false) {
        if child.is_text() {
            cur.push_str(&child.text());
            continue;
        }
        if !child.is_element() {
            continue;
        }
        let name = child
            .node_name()
            .map(|n| n.to_ascii_lowercase())
            .unwrap_or_default();
        // A page's own header and footer are furniture; an article's
        // header holds its title and date.
        let furniture = !in_article && (name == "header" || name == "footer");
        if SKIPPED.contains(&name.as_str()) || furniture || hidden(&child) {
            continue;
        }
        if name == "br" {
            flush(cur, out);
            continue;
        }
        let block = BLOCKS.contains(&name.as_str());
        if block {
            flush(cur, out);
        }
        let inside = in_article || name == "article" || name == "main";
        walk(&child, out, cur, inside);
        if block {
            flush(cur, out);
        }
    }
}

fn hidden(node: &NodeRef) -> bool {
    node.has_attr("hidden")
        || node.attr("aria-hidden").is_some_and(|v| v.trim() == "true")
        || node.attr("style").is_some_and(|v| {
            let v: String = v.to_ascii_lowercase().split_whitespace().collect();
            v.contains("display:none") || v.contains("visibility:hidden")
        })
}

fn flush(cur: &mut String, out: &mut Vec<String>) {
    let t = collapse(cur);
    if !t.is_empty() {
        out.push(t);
    }
    cur.clear();
}

/// Runs of HTML white space (space, tab, line ends, form feed) as one
/// space, trimmed; other spaces, such as no-break spaces, stay.
fn collapse(s: &str) -> String {
    s.split(|c: char| c.is_ascii_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_is_extracted_without_furniture() {
        let html = r#"<!DOCTYPE html><html><head><title>Site | News</title>
            <script>var x = "<p>not text</p>";</script><style>p{}</style></head>
            <body><header><nav><a href="/">Home</a> <a href="/w">World</a></nav></header>
            <article><h1>Qatar &amp; Russia sign a deal</h1>
            <p>Qatar and Russia signed an agreement on military and technical cooperation on Wednesday, the ministry said.</p>
            <figure><img src="a.jpg"><figcaption>The visit is the first of its kind</figcaption></figure>
            <p>Shoigu arrived in Doha earlier on the day, on an official visit, the first of its kind in the history of relations between the two countries.</p>
            <h2>Talks</h2><p>The minister&#39;s talks covered &quot;regional&quot; and international issues, including the Gulf crisis.</p>
            </article><footer>© 2017 Example News. All rights reserved.</footer></body></html>"#;
        let p = paragraphs(html);
        assert_eq!(p[0], "Qatar & Russia sign a deal");
        assert!(
            p.iter().any(|x| x.starts_with("Qatar and Russia signed")),
            "{p:?}"
        );
        assert!(p.iter().any(|x| x == "Talks"), "{p:?}");
        assert!(
            p.iter()
                .any(|x| x.contains("minister's talks covered \"regional\"")),
            "{p:?}"
        );
        for bad in [
            "Home",
            "not text",
            "first of its kind</",
            "©",
            "The visit is",
        ] {
            assert!(!p.iter().any(|x| x.contains(bad)), "{bad} in {p:?}");
        }
    }

    #[test]
    fn sniffing_and_charset() {
        assert!(looks_like_html("  <!DOCTYPE html>\n<html>"));
        assert!(looks_like_html("<?xml version=\"1.0\"?><!-- x --><html>"));
        assert!(looks_like_html("<p>para</p>"));
        assert!(!looks_like_html("Title\n<p> in text"));
        assert!(!looks_like_html("<!DOCTYPE note>"));
        assert_eq!(
            meta_charset(b"<html><head><meta charset=\"windows-1256\">"),
            Some(encoding_rs::WINDOWS_1256)
        );
        assert_eq!(
            meta_charset(b"<meta http-equiv=Content-Type content='text/html; charset=KOI8-R'>"),
            Some(encoding_rs::KOI8_R)
        );
        assert_eq!(meta_charset(b"<html>"), None);
    }
}
