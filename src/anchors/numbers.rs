//! Numbers as values.
//!
//! Digits are already ASCII (normalisation folds Arabic-Indic and Persian
//! digits, `٫` to `.` and `٬` to `,`, and NFKC turns no-break and thin
//! spaces into plain spaces). What is left is deciding what a separator
//! means:
//!
//! * a space groups thousands when it stands between a 1–3 digit number and
//!   exactly three digits (`1 000`, `12 500 000`);
//! * with both `,` and `.` in a number, the last one is the decimal mark
//!   (`1,234.5`, `1.234,5`);
//! * several commas (or several dots) followed by three digits each group
//!   thousands (`1,000,000`, `1.000.000`);
//! * one comma followed by exactly three digits groups thousands in English
//!   and Arabic (`1,000`), but is a decimal comma in Russian, where
//!   thousands are grouped with spaces and `1,500` reads as one and a half;
//!   a leading `0,` is always decimal; any other single comma or dot is a
//!   decimal mark (`3,5` = `3.5`);
//! * `dd.mm.yyyy` is a date and `hh:mm` a time of day.
//!
//! Values are kept as an exact decimal (integer mantissa and a count of
//! fraction digits) so that `5.2 million`, `5,2 млн` and `5200000` give the
//! same key.

use super::lexicon::{arabic_readings, lexicon, Scale};
use super::tokens::{Tok, TokKind};
use super::{Anchor, AnchorKind};
use crate::lang::Lang;

/// An exact non-negative decimal: `mant / 10^frac`, with no trailing zero
/// in the fraction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Dec {
    mant: u128,
    frac: u32,
}

impl Dec {
    fn new(int: &str, frac: &str) -> Option<Dec> {
        let digits = int.len() + frac.len();
        if digits == 0 || digits > 38 {
            return None;
        }
        let mut mant: u128 = 0;
        for b in int.bytes().chain(frac.bytes()) {
            if !b.is_ascii_digit() {
                return None;
            }
            mant = mant * 10 + u128::from(b - b'0');
        }
        Some(
            Dec {
                mant,
                frac: u32::try_from(frac.len()).ok()?,
            }
            .trimmed(),
        )
    }

    /// An integer.
    pub(crate) fn from_int(v: u64) -> Dec {
        Dec {
            mant: u128::from(v),
            frac: 0,
        }
    }

    fn trimmed(mut self) -> Dec {
        while self.frac > 0 && self.mant % 10 == 0 {
            self.mant /= 10;
            self.frac -= 1;
        }
        if self.mant == 0 {
            self.frac = 0;
        }
        self
    }

    /// Multiplied by `10^pow`, if that fits.
    fn scaled(self, pow: u32) -> Option<Dec> {
        if self.frac >= pow {
            return Some(Dec {
                mant: self.mant,
                frac: self.frac - pow,
            });
        }
        let factor = 10u128.checked_pow(pow - self.frac)?;
        Some(Dec {
            mant: self.mant.checked_mul(factor)?,
            frac: 0,
        })
    }

    /// The canonical key: plain decimal notation, no exponent.
    pub(crate) fn key(self) -> String {
        let digits = self.mant.to_string();
        let frac = self.frac as usize;
        if frac == 0 {
            return digits;
        }
        let padded = if digits.len() <= frac {
            format!("{}{}", "0".repeat(frac + 1 - digits.len()), digits)
        } else {
            digits
        };
        let (int, fr) = padded.split_at(padded.len() - frac);
        format!("{int}.{fr}")
    }
}

/// What a run of digits and separators stands for.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Reading {
    /// One value.
    Value(Dec),
    /// A time of day, `h:mm`.
    Time(String),
    /// A `dd.mm.yyyy` date.
    Date { day: Dec, month: u8, year: Dec },
    /// Separate values (a separator that fits no rule).
    Many(Vec<Dec>),
}

/// Reads a number token's text (digits with inner `.`, `,`, `:`).
pub(crate) fn parse(s: &str, lang: &Lang) -> Reading {
    let mut groups: Vec<&str> = Vec::new();
    let mut seps: Vec<char> = Vec::new();
    let mut start = 0;
    for (pos, c) in s.char_indices() {
        if !c.is_ascii_digit() {
            groups.push(&s[start..pos]);
            seps.push(c);
            start = pos + c.len_utf8();
        }
    }
    groups.push(&s[start..]);
    let separate = || Reading::Many(groups.iter().filter_map(|g| Dec::new(g, "")).collect());
    if seps.is_empty() {
        return Dec::new(s, "").map_or_else(separate, Reading::Value);
    }
    if seps.contains(&':') {
        if let ([h, m], [':']) = (groups.as_slice(), seps.as_slice()) {
            if h.len() <= 2 && m.len() == 2 {
                return clock(h, m);
            }
        }
        return separate();
    }
    if let ([d, m, y], ['.', '.']) = (groups.as_slice(), seps.as_slice()) {
        if let Some(date) = day_month_year(d, m, y) {
            return date;
        }
    }
    let last = seps[seps.len() - 1];
    let mixed = seps.iter().any(|&c| c != last);
    let all_three = |from: usize, to: usize| groups[from..to].iter().all(|g| g.len() == 3);
    let lead_ok = groups[0].len() <= 3 && !groups[0].is_empty();
    let n = groups.len();
    let value = if mixed {
        // Thousands separators up to the last separator, which is decimal.
        if lead_ok && all_three(1, n - 1) && seps[..seps.len() - 1].iter().all(|&c| c == seps[0]) {
            Dec::new(&groups[..n - 1].concat(), groups[n - 1])
        } else {
            None
        }
    } else if seps.len() >= 2 {
        if lead_ok && all_three(1, n) {
            Dec::new(&groups.concat(), "")
        } else {
            None
        }
    } else {
        let thousands =
            last == ',' && groups[1].len() == 3 && lead_ok && groups[0] != "0" && *lang != Lang::Ru;
        if thousands {
            Dec::new(&groups.concat(), "")
        } else {
            Dec::new(groups[0], groups[1])
        }
    };
    value.map_or_else(separate, Reading::Value)
}

/// `h.mm` next to a time word (`4.40 صباحًا`, `الساعة 4.40`, `4.40 утра`)
/// is the time `4:40`, as others write it, not the value 4.4.
fn dotted_time(toks: &[Tok], i: usize, text: &str) -> Option<Reading> {
    let (h, m) = text.split_once('.')?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 || !pure_digits(h) || !pure_digits(m) {
        return None;
    }
    let (hour, minute): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    if hour > 24 || minute > 59 {
        return None;
    }
    let lex = lexicon();
    let word_in = |t: Option<&Tok>, set: &rustc_hash::FxHashSet<String>| {
        t.is_some_and(|t| {
            t.kind == TokKind::Word && arabic_readings(t.norm).iter().any(|r| set.contains(*r))
        })
    };
    let before = i.checked_sub(1).and_then(|p| toks.get(p));
    if !word_in(toks.get(i + 1), &lex.time_after) && !word_in(before, &lex.time_before) {
        return None;
    }
    Some(clock(h, m))
}

/// The time of day `h:mm`, without a leading zero in the hour.
fn clock(h: &str, m: &str) -> Reading {
    let h = h.trim_start_matches('0');
    Reading::Time(format!("{}:{m}", if h.is_empty() { "0" } else { h }))
}

/// The date of day, month and year digit groups (`dd`, `mm`, `yy` or
/// `yyyy`), when the day and month are valid.
fn day_month_year(d: &str, m: &str, y: &str) -> Option<Reading> {
    if d.len() > 2 || m.len() > 2 || !(y.len() == 4 || y.len() == 2) {
        return None;
    }
    let day: u32 = d.parse().ok()?;
    let month: u8 = m.parse().ok()?;
    if !(1..=31).contains(&day) || !(1..=12).contains(&month) {
        return None;
    }
    Some(Reading::Date {
        day: Dec::new(d, "")?,
        month,
        year: Dec::new(y, "")?,
    })
}

/// `dd/mm/yyyy` (or `dd/mm/yy`) written with slashes and no spaces, as
/// Arabic and European news date things: a date, and the tokens it takes.
/// Anything that is not a valid day and month (`24/7`, `2017/2018`, a
/// fraction) is left to be read as separate numbers.
fn slash_date(toks: &[Tok], i: usize) -> Option<(Reading, usize)> {
    let parts = toks.get(i..i + 5)?;
    let joined = parts.windows(2).all(|w| w[0].touches(&w[1]));
    let slash = |t: &Tok| t.kind == TokKind::Punct && t.norm == "/";
    let digits = |t: &Tok| t.kind == TokKind::Num && pure_digits(t.norm);
    if !joined || !slash(&parts[1]) || !slash(&parts[3]) {
        return None;
    }
    if !(digits(&parts[0]) && digits(&parts[2]) && digits(&parts[4])) {
        return None;
    }
    let date = day_month_year(parts[0].norm, parts[2].norm, parts[4].norm)?;
    Some((date, 5))
}

fn pure_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Reads the number at token `i` with what belongs to it (thousands groups
/// after spaces, a scale word, a percent word), pushes its anchors and
/// returns how many tokens it used.
pub(crate) fn read(
    toks: &[Tok],
    i: usize,
    lang: &Lang,
    sentence: &str,
    out: &mut Vec<Anchor>,
) -> usize {
    let mut text = toks[i].norm.to_string();
    let mut used = 1;
    // "1 000 000": the first group has 1-3 digits, each next one exactly 3
    // and first in the next whitespace chunk (the one before it is then the
    // last of its chunk: nothing but spaces between).
    if pure_digits(&text) && text.len() <= 3 {
        while let Some(n) = toks.get(i + used) {
            let prev = &toks[i + used - 1];
            let head = n.norm.bytes().take_while(u8::is_ascii_digit).count();
            if n.kind != TokKind::Num
                || n.chunk != prev.chunk + 1
                || head != 3
                || !pure_digits(&text)
            {
                break;
            }
            text.push_str(n.norm);
            used += 1;
        }
    }
    let mut reading = parse(&text, lang);
    if let Some(time) = dotted_time(toks, i, &text) {
        reading = time;
    }
    if used == 1 {
        if let Some((date, n)) = slash_date(toks, i) {
            reading = date;
            used = n;
        }
    }
    let mut percent = None;
    if let (Reading::Value(v), Some(next)) = (&reading, toks.get(i + used)) {
        let touching = toks[i + used - 1].touches(next);
        if next.kind == TokKind::Word {
            match lexicon().scales.get(next.norm) {
                Some(Scale {
                    pow: Some(p),
                    attached_only,
                }) if touching || !attached_only => {
                    if let Some(scaled) = v.scaled(*p) {
                        reading = Reading::Value(scaled);
                        used += 1;
                    }
                }
                Some(Scale { pow: None, .. }) => {
                    percent = Some(i + used);
                    used += 1;
                }
                _ => {}
            }
        }
    }
    let last = percent.map_or(i + used - 1, |p| p - 1);
    let surface = &sentence[toks[i].start..toks[last].end];
    match reading {
        Reading::Value(v) => out.push(Anchor::new(AnchorKind::Number, v.key(), surface)),
        Reading::Time(t) => out.push(Anchor::new(AnchorKind::Number, t, surface)),
        Reading::Date { day, month, year } => {
            out.push(Anchor::new(AnchorKind::Number, day.key(), surface));
            out.push(Anchor::new(AnchorKind::Date, month.to_string(), surface));
            out.push(Anchor::new(AnchorKind::Number, year.key(), surface));
        }
        Reading::Many(vs) => {
            for v in vs {
                out.push(Anchor::new(AnchorKind::Number, v.key(), surface));
            }
        }
    }
    if let Some(p) = percent {
        let t = &toks[p];
        out.push(Anchor::new(
            AnchorKind::Punct,
            "%",
            &sentence[t.start..t.end],
        ));
    }
    used
}
