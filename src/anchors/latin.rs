//! Latin-script tokens: URLs, e-mail addresses, hashtags and handles (one
//! whitespace chunk each), and compounds of Latin letters with digits and
//! inner `- . _ & '` (`NATO`, `Il-96`, `F-16`, `bbc.com`, `AT&T`).
//!
//! Keys are lower case, so `NATO` in an Arabic sentence matches `NATO` or
//! `Nato` in the English one.

use super::tokens::{Building, NChar};
use crate::lang::{char_script, Script};

/// Punctuation that may wrap a URL, address or hashtag without being part
/// of it.
fn is_wrapper(c: char) -> bool {
    matches!(
        c,
        '(' | ')'
            | '['
            | ']'
            | '"'
            | '\''
            | '«'
            | '»'
            | '“'
            | '”'
            | '„'
            | '.'
            | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '،'
            | '؛'
            | '؟'
    )
}

/// The chunk as a single Latin token when it is a URL, e-mail address,
/// hashtag or @handle: records it in `out` and says whether it did.
pub(crate) fn special_chunk(chunk: &[NChar], out: &mut Building) -> bool {
    let mut a = 0;
    let mut b = chunk.len();
    while a < b && is_wrapper(chunk[a].c) {
        a += 1;
    }
    while b > a && is_wrapper(chunk[b - 1].c) {
        b -= 1;
    }
    if a >= b {
        return false;
    }
    let part = &chunk[a..b];
    // Every form below starts with `h`, `w` or `#` or holds an `@`: most
    // chunks are none of them, and need no text of their own.
    if !matches!(part[0].c, 'h' | 'w' | '#') && !part.iter().any(|n| n.c == '@') {
        return false;
    }
    let text: String = part.iter().map(|n| n.c).collect();
    let mut surface_ok = |key: &str| {
        let key = out.push(key.chars());
        out.latin(key, part[0].start, part[part.len() - 1].end, true);
        true
    };
    for scheme in ["https://", "http://", "www."] {
        if let Some(rest) = text.strip_prefix(scheme) {
            let rest = rest.strip_prefix("www.").unwrap_or(rest);
            let rest = rest.trim_end_matches('/');
            if rest.contains('.') && rest.chars().next().is_some_and(|c| c.is_alphanumeric()) {
                return surface_ok(rest);
            }
            return false;
        }
    }
    if let Some((user, domain)) = text.split_once('@') {
        if !user.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && text.chars().all(|c| c.is_ascii_graphic())
        {
            return surface_ok(&text);
        }
        if user.is_empty() && is_handle(domain) {
            return surface_ok(&text);
        }
        return false;
    }
    if let Some(tag) = text.strip_prefix('#') {
        if is_handle(tag) {
            return surface_ok(&text);
        }
    }
    false
}

fn is_handle(s: &str) -> bool {
    s.chars().any(char::is_alphabetic) && s.chars().all(|c| c.is_alphanumeric() || c == '_')
}

fn is_latin_letter(c: char) -> bool {
    char_script(c) == Some(Script::Latin)
}

fn is_inner(c: char) -> bool {
    matches!(c, '-' | '.' | '_' | '&' | '\'' | '’')
}

/// Appends the Latin compounds of a chunk: maximal runs of Latin letters,
/// digits and inner joiners, holding at least one Latin letter.
pub(crate) fn compounds(chunk: &[NChar], out: &mut Building) {
    let mut i = 0;
    while i < chunk.len() {
        let c = chunk[i].c;
        if !(is_latin_letter(c) || c.is_ascii_digit()) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < chunk.len() {
            let c = chunk[j].c;
            let alnum = |c: char| is_latin_letter(c) || c.is_ascii_digit();
            let inner_ok = is_inner(c) && chunk.get(j + 1).is_some_and(|n| alnum(n.c));
            if alnum(c) || inner_ok {
                j += 1;
            } else {
                break;
            }
        }
        let run = &chunk[i..j];
        i = j;
        // A possessive "'s" is not part of the token.
        let run = match run {
            [head @ .., q, s] if matches!(q.c, '\'' | '’') && s.c == 's' => head,
            _ => run,
        };
        let letters = run.iter().filter(|n| is_latin_letter(n.c)).count();
        if letters == 0 {
            continue;
        }
        // "25th", "5m", "2bn": a number with a suffix, read as a number.
        if run[0].c.is_ascii_digit() && !run.iter().any(|n| n.upper) {
            continue;
        }
        let key = out.push(run.iter().map(|n| n.c));
        let uppers = run
            .iter()
            .filter(|n| n.upper && is_latin_letter(n.c))
            .count();
        let inner_upper = run.iter().skip(1).any(|n| n.upper && is_latin_letter(n.c));
        let has_digit = run.iter().any(|n| n.c.is_ascii_digit());
        let has_dot = run.iter().any(|n| matches!(n.c, '.' | '&'));
        let strong = (uppers >= 2 && letters >= 2) || inner_upper || has_digit || has_dot;
        out.latin(key, run[0].start, run[run.len() - 1].end, strong);
    }
}
