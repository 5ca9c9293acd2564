//! Numbers written as words: "thirty-two", "тридцать два", "اثنان
//! وثلاثون", "three million". A translator writes a number in digits in
//! one language and in words in the other as often as not; read as
//! values, both give the same anchor instead of a number that seems to be
//! missing on one side.

use super::lexicon::{arabic_readings, is_percent_word, lexicon, Scale};
use super::numbers::Dec;
use super::tokens::{Tok, TokKind};
use super::{Anchor, AnchorKind};
use crate::lang::Script;

/// The value of one number word (`data/anchors/number_words.txt`), with
/// Arabic clitics (و, ب, ال...) stripped.
fn word_value(t: &Tok) -> Option<u64> {
    if t.kind != TokKind::Word {
        return None;
    }
    let words = &lexicon().number_words;
    if t.script == Some(Script::Arabic) {
        arabic_readings(t.norm)
            .iter()
            .find_map(|r| words.get(*r).copied())
    } else {
        words.get(t.norm).copied()
    }
}

/// Reads the number words starting at token `i`, pushes their value as a
/// number anchor and returns how many tokens they took (0 when token `i`
/// is no number word, or the words add up to 1).
pub(crate) fn read(toks: &[Tok], i: usize, sentence: &str, out: &mut Vec<Anchor>) -> usize {
    let Some(first) = word_value(&toks[i]) else {
        return 0;
    };
    let (mut total, mut current) = (0u64, 0u64);
    let add = |v: u64, current: &mut u64| {
        // "two hundred" multiplies; "сто двадцать", "двести" add up.
        if v == 100 && (1..10).contains(current) {
            *current *= 100;
        } else {
            *current += v;
        }
    };
    add(first, &mut current);
    let mut end = i + 1;
    let mut words = 1;
    loop {
        let mut j = end;
        // "thirty-two" and "hundred and five".
        if let Some(t) = toks.get(j) {
            let joins = (t.kind == TokKind::Punct && t.norm == "-" && toks[j - 1].touches(t))
                || (t.kind == TokKind::Word && t.norm == "and");
            if joins {
                j += 1;
            }
        }
        let Some(t) = toks.get(j) else { break };
        if is_percent_word(t.norm) {
            break;
        }
        if let Some(v) = word_value(t) {
            add(v, &mut current);
            end = j + 1;
            words += 1;
            continue;
        }
        if let Some(Scale { pow: Some(p), .. }) = lexicon().scales.get(t.norm) {
            if let Some(scale) = 10u64.checked_pow(*p) {
                total = total.saturating_add(current.max(1).saturating_mul(scale));
                current = 0;
                end = j + 1;
                words += 1;
                continue;
            }
        }
        break;
    }
    let value = total.saturating_add(current);
    if value <= 1 && words == 1 {
        return 0;
    }
    let surface = &sentence[toks[i].start..toks[end - 1].end];
    out.push(Anchor::new(
        AnchorKind::Number,
        Dec::from_int(value).key(),
        surface,
    ));
    end - i
}
