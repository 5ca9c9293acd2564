//! Markdown: headings, paragraphs, list items and quotes as paragraphs,
//! with the markup taken off. The lines of one paragraph (wrapped text)
//! are joined with a space; code blocks, rules, images and a front matter
//! block are left out; a link keeps its text.

/// The paragraphs of a Markdown text.
pub fn paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur: Vec<String> = Vec::new();
    let mut lines = text.lines().peekable();
    // A front matter block (`---` ... `---` at the very top) is metadata.
    if lines.peek().is_some_and(|l| l.trim_end() == "---") {
        lines.next();
        for l in lines.by_ref() {
            if matches!(l.trim_end(), "---" | "...") {
                break;
            }
        }
    }
    let mut fence: Option<&str> = None;
    for raw in lines {
        let line = raw.trim();
        if let Some(f) = fence {
            if line.starts_with(f) {
                fence = None;
            }
            continue;
        }
        if line.starts_with("```") || line.starts_with("~~~") {
            flush(&mut cur, &mut out);
            fence = Some(&line[..3]);
            continue;
        }
        if line.is_empty() {
            flush(&mut cur, &mut out);
            continue;
        }
        // Indented code (four spaces or a tab) outside a paragraph.
        if cur.is_empty() && (raw.starts_with("    ") || raw.starts_with('\t')) {
            continue;
        }
        if is_rule(line) {
            // `text` underlined with `===` or `---` is a heading.
            flush(&mut cur, &mut out);
            continue;
        }
        let (block, rest) = block_marker(line);
        if block {
            flush(&mut cur, &mut out);
        }
        let rest = rest.trim();
        if !rest.is_empty() {
            cur.push(inline(rest));
        }
        if block && line.starts_with('#') {
            flush(&mut cur, &mut out);
        }
    }
    flush(&mut cur, &mut out);
    out
}

fn flush(cur: &mut Vec<String>, out: &mut Vec<String>) {
    let p = cur.join(" ");
    let p = p.trim();
    if !p.is_empty() {
        out.push(p.to_string());
    }
    cur.clear();
}

/// A thematic break or a setext underline: three or more of one of
/// `-`, `*`, `_`, `=`, with nothing else but spaces.
fn is_rule(line: &str) -> bool {
    let mut chars = line.chars().filter(|c| !c.is_whitespace());
    let Some(first) = chars.next() else {
        return false;
    };
    matches!(first, '-' | '*' | '_' | '=')
        && line.chars().filter(|&c| c == first).count() >= 3
        && chars.all(|c| c == first)
}

/// Whether a line starts a block of its own (heading, list item, quote),
/// and the line without its marker.
fn block_marker(line: &str) -> (bool, &str) {
    let mut line = line;
    let mut block = false;
    while let Some(r) = line.strip_prefix('>') {
        line = r.trim_start();
        block = true;
    }
    let hashes = line.chars().take_while(|&c| c == '#').count();
    if (1..=6).contains(&hashes) && line[hashes..].starts_with([' ', '\t'])
        || line.len() == hashes && hashes > 0
    {
        let rest = line[hashes..].trim().trim_end_matches('#').trim_end();
        return (true, rest);
    }
    for m in ["- ", "* ", "+ "] {
        if let Some(r) = line.strip_prefix(m) {
            return (true, r);
        }
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if (1..=9).contains(&digits) {
        let r = &line[digits..];
        if let Some(r) = r.strip_prefix(". ").or_else(|| r.strip_prefix(") ")) {
            return (true, r);
        }
    }
    (block, line)
}

/// Inline markup off: images dropped, links to their text, emphasis and
/// code marks removed, backslash escapes resolved.
fn inline(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if i + 1 < chars.len() && chars[i + 1].is_ascii_punctuation() => {
                out.push(chars[i + 1]);
                i += 2;
                continue;
            }
            '!' if chars.get(i + 1) == Some(&'[') => {
                if let Some((_, end)) = link_at(&chars, i + 1) {
                    i = end;
                    continue;
                }
            }
            '[' => {
                if let Some((text, end)) = link_at(&chars, i) {
                    out.push_str(&inline(&text));
                    i = end;
                    continue;
                }
            }
            '`' => {
                i += 1;
                continue;
            }
            '*' | '_' => {
                // An emphasis mark touches a word on one side only; an
                // underscore inside a word (snake_case) or a lone `*`
                // between spaces is text.
                let prev = i.checked_sub(1).map(|k| chars[k]);
                let next = chars.get(i + 1).copied();
                let word = |x: Option<char>| x.is_some_and(|x| x.is_alphanumeric());
                let mark = |x: Option<char>| x == Some(c);
                let inside = word(prev) && word(next);
                let spaced = !word(prev) && !mark(prev) && !word(next) && !mark(next);
                if !(spaced || inside && c == '_') {
                    i += 1;
                    continue;
                }
            }
            _ => {}
        }
        out.push(c);
        i += 1;
    }
    out
}

/// A link `[text](target)` starting at `start`: its text and the index
/// after it.
fn link_at(chars: &[char], start: usize) -> Option<(String, usize)> {
    let mut depth = 0;
    let mut close = None;
    for (k, &c) in chars.iter().enumerate().skip(start) {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    close = Some(k);
                    break;
                }
            }
            _ => {}
        }
    }
    let close = close?;
    if chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let end = chars[close + 1..].iter().position(|&c| c == ')')? + close + 1;
    Some((chars[start + 1..close].iter().collect(), end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_comes_off() {
        let md = "---\ntitle: x\n---\n# Qatar and *Russia* sign\n\nFirst line\nwrapped on.\n\n\
                  ```\ncode();\n```\n\n- item **one**\n- item [two](http://x.org/a_b)\n\n\
                  ![photo](a.jpg)\n\n> quoted snake_case 3 * 4\n\nSetext\n------\n\n## Talks ##\n";
        assert_eq!(
            paragraphs(md),
            [
                "Qatar and Russia sign",
                "First line wrapped on.",
                "item one",
                "item two",
                "quoted snake_case 3 * 4",
                "Setext",
                "Talks"
            ]
        );
    }
}
