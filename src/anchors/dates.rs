//! Month and weekday names (lists in `data/anchors/`).
//!
//! Arabic words are looked up with their clitic prefixes stripped
//! (`بأكتوبر`, `وفي` is a word of its own); Levantine months are two words
//! (`تشرين الأول`), and `الأول`/`الثاني` alone are ordinary words, so a
//! two-word form only counts when both words are there. Latin-script names
//! must be capitalised ("may" is a verb). Forms that are also ordinary
//! words need a number, another month name or a context word next to them.

use super::lexicon::{arabic_readings, lexicon, Readings};
use super::tokens::{Tok, TokKind};
use super::AnchorKind;
use crate::lang::Script;

/// Reads a month or weekday name starting at token `i` (a word): its kind,
/// key and the number of tokens it spans.
pub(crate) fn read(toks: &[Tok], i: usize) -> Option<(AnchorKind, String, usize)> {
    let t = &toks[i];
    if t.script == Some(Script::Latin) && !t.cap {
        return None;
    }
    let readings = readings(t);
    let lex = lexicon();
    for (k, r) in readings.iter().enumerate() {
        let Some(forms) = lex.months.get(*r) else {
            continue;
        };
        // Two-word forms first, so that "كانون الثاني" is not cut short.
        let mut forms: Vec<_> = forms.iter().collect();
        forms.sort_by_key(|f| f.second.is_none());
        for f in forms {
            let used = match &f.second {
                Some(second) => match toks.get(i + 1) {
                    Some(n) if n.kind == TokKind::Word && n.norm == second => 2,
                    _ => continue,
                },
                None => 1,
            };
            // A stripped "ب" ("بمارس", "in March") only goes with a noun.
            let with_b = k > 0 && t.norm.strip_suffix(*r).is_some_and(|p| p.contains('ب'));
            if f.ambiguous && !with_b && !in_context(toks, i, used) {
                continue;
            }
            return Some((AnchorKind::Date, f.month.to_string(), used));
        }
    }
    for r in readings.iter() {
        if let Some(d) = lex.weekdays.get(*r) {
            return Some((AnchorKind::Weekday, d.to_string(), 1));
        }
    }
    None
}

fn readings<'a>(t: &Tok<'a>) -> Readings<'a> {
    if t.script == Some(Script::Arabic) {
        arabic_readings(t.norm)
    } else {
        Readings::one(t.norm)
    }
}

/// Whether a month name is certain (not ambiguous) in any reading.
fn is_sure_month(t: &Tok) -> bool {
    t.kind == TokKind::Word
        && readings(t).iter().any(|r| {
            lexicon()
                .months
                .get(*r)
                .is_some_and(|fs| fs.iter().any(|f| !f.ambiguous))
        })
}

/// A number, context word or sure month name next to the tokens
/// `i..i + used`, looking past one `/` (as in "آذار/مارس").
fn in_context(toks: &[Tok], i: usize, used: usize) -> bool {
    let lex = lexicon();
    let good = |t: &Tok| {
        t.kind == TokKind::Num
            || (t.kind == TokKind::Word
                && (readings(t).iter().any(|r| lex.month_context.contains(*r)) || is_sure_month(t)))
    };
    let before = i.checked_sub(1).and_then(|p| toks.get(p));
    let after = toks.get(i + used);
    let slash_before = before
        .filter(|t| t.norm == "/")
        .and_then(|_| i.checked_sub(2))
        .and_then(|p| toks.get(p));
    // Past a "/" or, after an abbreviation, a "." ("Oct. 25").
    let slash_after = after
        .filter(|t| t.norm == "/" || t.norm == ".")
        .and_then(|_| toks.get(i + used + 1));
    [before, after, slash_before, slash_after]
        .into_iter()
        .flatten()
        .any(good)
}
