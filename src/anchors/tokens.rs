//! Tokenising a sentence for anchor extraction.
//!
//! The sentence is split at whitespace into chunks; a chunk that is a URL,
//! e-mail address or hashtag becomes one Latin token, the others are split
//! into words (letter runs of one script), numbers (digit runs with inner
//! `.`, `,` or `:`) and single punctuation marks. Every character is
//! normalised on its own (see [`crate::normalize::normalize`]) so that each
//! token keeps the byte range of its surface in the original text.
//!
//! The normalised texts of all tokens of a sentence share one buffer that
//! the caller owns: a `String` per token was, with the anchors themselves,
//! most of the page faults of anchor extraction (issue 16).

use super::latin;
use crate::lang::{char_script, Script};
use crate::normalize::{is_letter, normalize_char};

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokKind {
    Word,
    Num,
    Punct,
}

/// One token: its normalised text and where it stands in the original.
#[derive(Debug, Clone)]
pub(crate) struct Tok<'a> {
    pub kind: TokKind,
    pub norm: &'a str,
    /// Byte range of the surface in the original sentence.
    pub start: usize,
    pub end: usize,
    /// Index of the whitespace-separated chunk the token is in.
    pub chunk: usize,
    /// The first letter is upper case in the original.
    pub cap: bool,
    /// Script of a word's letters (None for numbers, punctuation and
    /// letters of other scripts).
    pub script: Option<Script>,
}

impl Tok<'_> {
    /// Whether `next` follows this token directly, with no space between.
    pub fn touches(&self, next: &Tok<'_>) -> bool {
        self.chunk == next.chunk && self.end == next.start
    }
}

/// A Latin-script token (or URL, e-mail, hashtag) for Latin anchors.
#[derive(Debug, Clone)]
pub(crate) struct LatinTok<'a> {
    pub key: &'a str,
    /// Where `key` stands in the buffer of normalised texts.
    pub key_at: std::ops::Range<usize>,
    pub start: usize,
    pub end: usize,
    /// Distinctive even in Latin-script text (acronym, inner capital,
    /// digits, dots, URL, e-mail, hashtag).
    pub strong: bool,
}

/// A normalised character and the original character it came from.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NChar {
    pub c: char,
    pub upper: bool,
    pub start: usize,
    pub end: usize,
}

pub(crate) struct Tokens<'a> {
    pub toks: Vec<Tok<'a>>,
    pub latin: Vec<LatinTok<'a>>,
}

/// A token while the buffer still grows: its normalised text as a range of
/// the buffer.
struct Raw<T> {
    norm: std::ops::Range<usize>,
    rest: T,
}

/// What [`flush_chunk`] appends to: the shared buffer of normalised texts
/// and the tokens found so far.
#[derive(Default)]
pub(crate) struct Building {
    compounds: bool,
    buf: String,
    toks: Vec<Raw<Tok<'static>>>,
    latin: Vec<Raw<LatinTok<'static>>>,
}

impl Building {
    /// Appends `chars` (the normalised characters) to the buffer and returns
    /// their range.
    pub(crate) fn push(&mut self, chars: impl Iterator<Item = char>) -> std::ops::Range<usize> {
        let start = self.buf.len();
        self.buf.extend(chars);
        start..self.buf.len()
    }

    /// Records a Latin token whose key is `key` (a range of the buffer).
    pub(crate) fn latin(
        &mut self,
        key: std::ops::Range<usize>,
        start: usize,
        end: usize,
        strong: bool,
    ) {
        self.latin.push(Raw {
            norm: key,
            rest: LatinTok {
                key: "",
                key_at: 0..0,
                start,
                end,
                strong,
            },
        });
    }
}

/// Tokenises `sentence`; the tokens' normalised texts live in `buf`, which
/// is cleared first (one buffer may serve many sentences). Latin compounds
/// (`NATO`, `F-16`) are only looked for when `compounds` is set: they are
/// Latin anchors and nothing else, while URLs, addresses and hashtags are
/// always recognised, since they take the place of a chunk's tokens.
pub(crate) fn tokenize<'a>(sentence: &str, buf: &'a mut String, compounds: bool) -> Tokens<'a> {
    let mut b = Building {
        compounds,
        buf: std::mem::take(buf),
        ..Building::default()
    };
    b.buf.clear();
    let mut chunk_no = 0;
    let mut chunk: Vec<NChar> = Vec::new();
    let mut folded = String::new();
    for (pos, ch) in sentence.char_indices() {
        let end = pos + ch.len_utf8();
        folded.clear();
        normalize_char(ch, &mut folded);
        // NFKC turns no-break and thin spaces into plain spaces.
        let is_space = ch.is_whitespace() || folded.chars().all(char::is_whitespace);
        if is_space && !folded.is_empty() {
            if !chunk.is_empty() {
                flush_chunk(&chunk, chunk_no, &mut b);
                chunk.clear();
                chunk_no += 1;
            }
            continue;
        }
        let upper = ch.is_uppercase();
        for c in folded.chars() {
            chunk.push(NChar {
                c,
                upper,
                start: pos,
                end,
            });
        }
    }
    if !chunk.is_empty() {
        flush_chunk(&chunk, chunk_no, &mut b);
    }
    *buf = b.buf;
    let text: &'a str = buf;
    Tokens {
        toks: b
            .toks
            .into_iter()
            .map(|r| Tok {
                norm: &text[r.norm],
                ..r.rest
            })
            .collect(),
        latin: b
            .latin
            .into_iter()
            .map(|r| LatinTok {
                key: &text[r.norm.clone()],
                key_at: r.norm,
                ..r.rest
            })
            .collect(),
    }
}

fn flush_chunk(chunk: &[NChar], chunk_no: usize, out: &mut Building) {
    if latin::special_chunk(chunk, out) {
        return;
    }
    if out.compounds {
        latin::compounds(chunk, out);
    }
    let mut i = 0;
    while i < chunk.len() {
        let c = chunk[i].c;
        if c.is_ascii_digit() {
            let mut j = i + 1;
            loop {
                while j < chunk.len() && chunk[j].c.is_ascii_digit() {
                    j += 1;
                }
                if j + 1 < chunk.len()
                    && matches!(chunk[j].c, '.' | ',' | ':')
                    && chunk[j + 1].c.is_ascii_digit()
                {
                    j += 1;
                    continue;
                }
                break;
            }
            make_tok(TokKind::Num, &chunk[i..j], chunk_no, None, out);
            i = j;
        } else if is_letter(c) {
            let script = char_script(c);
            let mut j = i + 1;
            while j < chunk.len() && is_word_char(chunk[j].c) && char_script(chunk[j].c) == script {
                j += 1;
            }
            make_tok(TokKind::Word, &chunk[i..j], chunk_no, script, out);
            i = j;
        } else if is_mark(c) {
            // A combining mark with no letter before it: not a token.
            i += 1;
        } else {
            make_tok(TokKind::Punct, &chunk[i..i + 1], chunk_no, None, out);
            i += 1;
        }
    }
}

fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}')
}

fn is_word_char(c: char) -> bool {
    is_letter(c) || is_mark(c)
}

fn make_tok(
    kind: TokKind,
    chars: &[NChar],
    chunk: usize,
    script: Option<Script>,
    out: &mut Building,
) {
    let norm = out.push(chars.iter().map(|n| n.c).filter(|c| !is_mark(*c)));
    let first = chars.first();
    let last = chars.last();
    out.toks.push(Raw {
        norm,
        rest: Tok {
            kind,
            norm: "",
            start: first.map_or(0, |n| n.start),
            end: last.map_or(0, |n| n.end),
            chunk,
            cap: first.is_some_and(|n| n.upper),
            script,
        },
    });
}
