//! TMX 1.4b output, valid against the LISA `tmx14.dtd`.
//!
//! The layout is fixed (two spaces of indentation, one attribute order,
//! `\n` line ends) so that two runs over the same input with the same
//! creation date give byte-identical files that diff well.

use super::{format_score, unit_texts, DocAlignment, WriteStats};
use crate::error::{Error, ErrorKind, Result};
use std::io;
use std::time::{SystemTime, UNIX_EPOCH};

/// What [`TmxWriter::finish`] reports.
pub type TmxStats = WriteStats;

/// Options of a TMX file: the language tags of both sides and the creation
/// date written into the header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TmxOptions {
    src_tag: String,
    tgt_tag: String,
    creation_date: String,
}

impl TmxOptions {
    /// Checks and keeps the options. `src_tag` and `tgt_tag` are BCP-47
    /// tags (`ar`, `en`, `ru`, `ar-SA`); `creation_date` is a TMX date,
    /// `YYYYMMDDThhmmssZ` in UTC, as made by [`creation_date`] or
    /// [`creation_date_from_env`].
    pub fn new(src_tag: &str, tgt_tag: &str, creation_date: &str) -> Result<TmxOptions> {
        check_tag(src_tag)?;
        check_tag(tgt_tag)?;
        if !is_tmx_date(creation_date) {
            return Err(Error::config(format!(
                "'{creation_date}' is not a TMX date such as 20240131T235959Z"
            )));
        }
        Ok(TmxOptions {
            src_tag: src_tag.to_string(),
            tgt_tag: tgt_tag.to_string(),
            creation_date: creation_date.to_string(),
        })
    }

    /// The source language tag, written as the header's `srclang`.
    pub fn src_tag(&self) -> &str {
        &self.src_tag
    }

    /// The target language tag.
    pub fn tgt_tag(&self) -> &str {
        &self.tgt_tag
    }

    /// The creation date written into the header.
    pub fn creation_date(&self) -> &str {
        &self.creation_date
    }
}

/// Checks that `tag` is a well-formed BCP-47 tag as far as TMX readers
/// care: subtags of 1 to 8 ASCII letters or digits joined by `-`, the first
/// one 2 to 8 letters (a language), or `x`/`i` for private and
/// grandfathered tags. The registry itself is not consulted.
fn check_tag(tag: &str) -> Result<()> {
    let bad = |why: &str| {
        Err(Error::new(ErrorKind::BadLanguage(format!(
            "'{tag}' is not a BCP-47 language tag ({why})"
        ))))
    };
    let mut subtags = tag.split('-');
    let first = subtags.next().unwrap_or("");
    let rest: Vec<&str> = subtags.collect();
    if tag.contains('_') {
        return bad("subtags are joined with '-', not '_'");
    }
    let first_ok = if first.eq_ignore_ascii_case("x") || first.eq_ignore_ascii_case("i") {
        !rest.is_empty()
    } else {
        (2..=8).contains(&first.len()) && first.bytes().all(|b| b.is_ascii_alphabetic())
    };
    if !first_ok {
        return bad("it must start with a language code such as ar, en or ru");
    }
    if rest
        .iter()
        .any(|s| !(1..=8).contains(&s.len()) || !s.bytes().all(|b| b.is_ascii_alphanumeric()))
    {
        return bad("subtags are 1 to 8 letters or digits");
    }
    Ok(())
}

fn is_tmx_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 16
        && b[..8].iter().all(u8::is_ascii_digit)
        && b[8] == b'T'
        && b[9..15].iter().all(u8::is_ascii_digit)
        && b[15] == b'Z'
}

/// The TMX date (`YYYYMMDDThhmmssZ`, UTC) of a point in time.
pub fn creation_date(now: SystemTime) -> String {
    let secs = match now.duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        // Before 1970: count back, rounding down to the whole second.
        Err(e) => {
            let d = e.duration();
            let whole = i64::try_from(d.as_secs()).unwrap_or(i64::MAX);
            if d.subsec_nanos() > 0 {
                whole.saturating_add(1).saturating_neg()
            } else {
                whole.saturating_neg()
            }
        }
    };
    date_from_unix(secs)
}

/// The creation date for a new file: `SOURCE_DATE_EPOCH` (integer seconds
/// since 1970, see reproducible-builds.org) when it is set, so that builds
/// of a translation memory can be reproduced byte for byte, else now.
///
/// A set but malformed value (not an integer, empty, or beyond year 9999)
/// is a configuration error rather than silently ignored, because the user
/// who sets it relies on it.
pub fn creation_date_from_env() -> Result<String> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) => date_from_epoch_var(&v),
        Err(std::env::VarError::NotPresent) => Ok(creation_date(SystemTime::now())),
        Err(std::env::VarError::NotUnicode(_)) => Err(Error::config(
            "SOURCE_DATE_EPOCH must be an integer number of seconds, but is not even UTF-8",
        )),
    }
}

/// Seconds of 9999-12-31T23:59:59Z, the last instant TMX's four-digit
/// year can hold.
const MAX_TMX_SECS: i64 = 253_402_300_799;
/// Seconds of 0000-01-01T00:00:00Z (proleptic Gregorian).
const MIN_TMX_SECS: i64 = -62_167_219_200;

fn date_from_epoch_var(value: &str) -> Result<String> {
    let bad = || {
        Error::config(format!(
            "SOURCE_DATE_EPOCH must be an integer number of seconds since 1970-01-01, not '{value}'"
        ))
    };
    // Only plain decimal digits with an optional minus, as `date +%s` prints;
    // i64::from_str would also take a leading '+'.
    let digits = value.strip_prefix('-').unwrap_or(value);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let secs: i64 = value.parse().map_err(|_| bad())?;
    if !(MIN_TMX_SECS..=MAX_TMX_SECS).contains(&secs) {
        return Err(bad());
    }
    Ok(date_from_unix(secs))
}

fn date_from_unix(secs: i64) -> String {
    let secs = secs.clamp(MIN_TMX_SECS, MAX_TMX_SECS);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}{m:02}{d:02}T{:02}{:02}{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// The proleptic Gregorian (year, month, day) of a count of days since
/// 1970-01-01.
///
/// The calendar repeats every 400 years (146 097 days), so the day is
/// placed in a 400-year era first. Within the era, years are counted from
/// March: that puts the leap day at the end of the year, so the length of
/// a year only depends on whether the *next* February has 29 days, and
/// months March..February have the lengths 31 30 31 30 31 31 30 31 30 31 31
/// 28/29, which the linear formula `(153 * m + 2) / 5` reproduces for the
/// day of the year at which month `m` (0 = March) starts.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    // Day 0 of the computation is 0000-03-01; 1970-01-01 is 719 468 days on.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // [0, 146096]
                                     // Years of the era: every 4th year is a leap year, except every 100th,
                                     // except the 400th (the era's last day, doe = 146096).
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11], 0 = March
    let d = doy - (153 * mp + 2) / 5 + 1; // [1, 31]
    let m = if mp < 10 { mp + 3 } else { mp - 9 }; // [1, 12]
    let y = yoe + era * 400 + i64::from(m <= 2);
    // Both are in range by construction; the fallbacks are never taken.
    (
        y,
        u32::try_from(m).unwrap_or(1),
        u32::try_from(d).unwrap_or(1),
    )
}

/// Writes aligned documents as one TMX 1.4b file.
///
/// Each bead with two non-blank sides becomes a `<tu>` with a `tuid`
/// running from 1 across the whole file, three props (`x-mizan-score`,
/// `x-mizan-bead`, `x-mizan-document`) and two `<tuv>`s, source first.
/// Call [`finish`](TmxWriter::finish) to close the file.
///
/// ```
/// use mizan::align::Bead;
/// use mizan::write::{DocAlignment, TmxOptions, TmxWriter};
///
/// let src = vec!["مرحبا.".to_string(), "".to_string()];
/// let tgt = vec!["Hello.".to_string()];
/// let beads = [
///     Bead { src: 0..1, tgt: 0..1, score: 0.97314 },
///     Bead { src: 1..2, tgt: 1..1, score: 0.0 },
/// ];
/// let doc = DocAlignment { name: "greeting", src: &src, tgt: &tgt, beads: &beads };
/// let opts = TmxOptions::new("ar", "en", "20181001T120000Z")?;
/// let mut tmx = TmxWriter::new(Vec::new(), opts)?;
/// tmx.write_doc(&doc)?;
/// let (bytes, stats) = tmx.finish()?;
/// let xml = String::from_utf8(bytes)?;
/// assert!(xml.contains(r#"<prop type="x-mizan-score">0.9731</prop>"#));
/// assert!(xml.contains(r#"<tuv xml:lang="ar"><seg>مرحبا.</seg></tuv>"#));
/// assert_eq!((stats.units, stats.skipped_empty), (1, 1));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct TmxWriter<W: io::Write> {
    wtr: W,
    opts: TmxOptions,
    stats: WriteStats,
}

impl<W: io::Write> TmxWriter<W> {
    /// Writes the XML declaration, the DOCTYPE and the header.
    pub fn new(mut wtr: W, opts: TmxOptions) -> io::Result<TmxWriter<W>> {
        let mut head = String::new();
        head.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        head.push_str("<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n");
        head.push_str("<tmx version=\"1.4\">\n");
        head.push_str("  <header creationtool=\"mizan\"");
        push_attr(&mut head, "creationtoolversion", env!("CARGO_PKG_VERSION"));
        head.push_str(" segtype=\"sentence\" o-tmf=\"mizan\" adminlang=\"en\"");
        push_attr(&mut head, "srclang", &opts.src_tag);
        head.push_str(" datatype=\"plaintext\"");
        push_attr(&mut head, "creationdate", &opts.creation_date);
        head.push_str("/>\n");
        head.push_str("  <body>\n");
        wtr.write_all(head.as_bytes())?;
        Ok(TmxWriter {
            wtr,
            opts,
            stats: WriteStats::default(),
        })
    }

    /// Writes the translation units of one document.
    ///
    /// Fails with `InvalidInput`, before writing anything of the document,
    /// if a bead points outside the document's sentences.
    pub fn write_doc(&mut self, doc: &DocAlignment<'_>) -> io::Result<()> {
        // The whole document is built first, so that a bad bead leaves the
        // file without half a document in it.
        let mut out = String::new();
        let mut stats = self.stats;
        let (name, name_removed) = super::clean_text(doc.name);
        for bead in doc.beads {
            let Some((src, tgt)) = unit_texts(doc, bead)? else {
                stats.skipped_empty += 1;
                continue;
            };
            stats.units += 1;
            stats.forbidden_removed += src.removed + tgt.removed + name_removed;
            out.push_str(&format!("    <tu tuid=\"{}\">\n", stats.units));
            push_prop(&mut out, "x-mizan-score", &format_score(bead.score));
            push_prop(&mut out, "x-mizan-bead", &bead.shape_label());
            push_prop(&mut out, "x-mizan-document", &name);
            push_tuv(&mut out, &self.opts.src_tag, &src.text);
            push_tuv(&mut out, &self.opts.tgt_tag, &tgt.text);
            out.push_str("    </tu>\n");
        }
        self.wtr.write_all(out.as_bytes())?;
        self.stats = stats;
        Ok(())
    }

    /// What has been written so far.
    pub fn stats(&self) -> WriteStats {
        self.stats
    }

    /// Closes the body and the file, flushes, and returns the inner writer
    /// with the counts.
    pub fn finish(mut self) -> io::Result<(W, TmxStats)> {
        self.wtr.write_all(b"  </body>\n</tmx>\n")?;
        self.wtr.flush()?;
        Ok((self.wtr, self.stats))
    }
}

fn push_prop(out: &mut String, kind: &str, value: &str) {
    out.push_str("      <prop");
    push_attr(out, "type", kind);
    out.push('>');
    push_escaped(out, value, false);
    out.push_str("</prop>\n");
}

fn push_tuv(out: &mut String, tag: &str, text: &str) {
    out.push_str("      <tuv");
    push_attr(out, "xml:lang", tag);
    out.push_str("><seg>");
    push_escaped(out, text, false);
    out.push_str("</seg></tuv>\n");
}

fn push_attr(out: &mut String, name: &str, value: &str) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    push_escaped(out, value, true);
    out.push('"');
}

/// Escapes markup characters. `>` is escaped too, although only `]]>`
/// requires it, to keep the rule simple. In attribute values, whitespace
/// other than the space is written as a character reference, since a
/// parser would otherwise normalise it to a space.
fn push_escaped(out: &mut String, text: &str, attr: bool) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attr => out.push_str("&quot;"),
            '\t' if attr => out.push_str("&#9;"),
            '\n' if attr => out.push_str("&#10;"),
            '\r' if attr => out.push_str("&#13;"),
            _ => out.push(c),
        }
    }
}

super::doc_writer!(TmxWriter);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::Bead;
    use crate::write::testdata::example;
    use std::time::Duration;

    const GOLDEN: &str = include_str!("../../tests/data/golden/expected.tmx");

    fn opts() -> TmxOptions {
        TmxOptions::new("ar", "en", "20181001T120000Z").unwrap()
    }

    fn example_tmx() -> (String, TmxStats) {
        let ex = example();
        let mut w = TmxWriter::new(Vec::new(), opts()).unwrap();
        w.write_doc(&ex.doc()).unwrap();
        let (out, stats) = w.finish().unwrap();
        let out = String::from_utf8(out).unwrap();
        // The golden file was written for version 0.1.0; the version is the
        // one thing allowed to move without regenerating it.
        let ver = format!("creationtoolversion=\"{}\"", env!("CARGO_PKG_VERSION"));
        (
            out.replacen(&ver, "creationtoolversion=\"0.1.0\"", 1),
            stats,
        )
    }

    #[test]
    fn matches_golden_file() {
        let (out, stats) = example_tmx();
        assert_eq!(out, GOLDEN);
        assert_eq!(
            stats,
            TmxStats {
                units: 3,
                skipped_empty: 2,
                forbidden_removed: 1
            }
        );
    }

    #[test]
    fn no_bom_and_reproducible() {
        let (a, _) = example_tmx();
        let (b, _) = example_tmx();
        assert_eq!(a, b);
        assert!(a.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
    }

    #[test]
    fn tuids_run_across_documents() {
        let ex = example();
        let mut w = TmxWriter::new(Vec::new(), opts()).unwrap();
        w.write_doc(&ex.doc()).unwrap();
        w.write_doc(&ex.doc()).unwrap();
        let (out, stats) = w.finish().unwrap();
        let out = String::from_utf8(out).unwrap();
        assert_eq!(stats.units, 6);
        assert!(out.contains("<tu tuid=\"6\">"));
        assert!(!out.contains("<tu tuid=\"7\">"));
    }

    #[test]
    fn empty_file_is_still_tmx() {
        let w = TmxWriter::new(Vec::new(), opts()).unwrap();
        let (out, stats) = w.finish().unwrap();
        assert_eq!(stats, TmxStats::default());
        assert!(String::from_utf8(out)
            .unwrap()
            .ends_with("  <body>\n  </body>\n</tmx>\n"));
    }

    #[test]
    fn bad_bead_fails_without_writing_half_a_document() {
        let src = vec!["a".to_string()];
        let tgt = vec!["b".to_string()];
        let beads = vec![
            Bead {
                src: 0..1,
                tgt: 0..1,
                score: 1.0,
            },
            Bead {
                src: 1..2,
                tgt: 1..2,
                score: 1.0,
            },
        ];
        let doc = DocAlignment {
            name: "d",
            src: &src,
            tgt: &tgt,
            beads: &beads,
        };
        let mut w = TmxWriter::new(Vec::new(), opts()).unwrap();
        let err = w.write_doc(&doc).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
        assert!(err.to_string().contains("document 'd'"), "{err}");
        let (out, stats) = w.finish().unwrap();
        assert_eq!(stats.units, 0);
        assert!(!String::from_utf8(out).unwrap().contains("<tu "));
    }

    #[test]
    fn attributes_and_names_are_escaped() {
        let src = vec!["a".to_string()];
        let tgt = vec!["b".to_string()];
        let beads = vec![Bead {
            src: 0..1,
            tgt: 0..1,
            score: 1.0,
        }];
        let doc = DocAlignment {
            name: "a&b<\"c\">\u{2}\nd",
            src: &src,
            tgt: &tgt,
            beads: &beads,
        };
        let mut w = TmxWriter::new(Vec::new(), opts()).unwrap();
        w.write_doc(&doc).unwrap();
        let (out, stats) = w.finish().unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(out.contains(">a&amp;b&lt;\"c\"&gt; d</prop>"), "{out}");
        assert_eq!(stats.forbidden_removed, 1);
        let mut s = String::new();
        push_attr(&mut s, "n", "\"x\"\t&\n");
        assert_eq!(s, " n=\"&quot;x&quot;&#9;&amp;&#10;\"");
    }

    #[test]
    fn language_tags() {
        for good in [
            "ar",
            "en",
            "ru",
            "ar-SA",
            "zh-Hant-TW",
            "en-US-x-twain",
            "x-klingon",
            "arb",
        ] {
            assert!(
                TmxOptions::new(good, "en", "20181001T120000Z").is_ok(),
                "{good}"
            );
        }
        for bad in [
            "",
            "*all*",
            "e",
            "ar_SA",
            "ar-",
            "ar--SA",
            "ar-toolongsubtag",
            "x",
            "ar SA",
            "1a",
        ] {
            let err = TmxOptions::new(bad, "en", "20181001T120000Z").unwrap_err();
            assert!(matches!(err.kind(), ErrorKind::BadLanguage(_)), "{bad}");
        }
        assert!(TmxOptions::new("ar", "en", "2018-10-01").is_err());
        assert!(TmxOptions::new("ar", "en", "20181001T120000").is_err());
    }

    #[test]
    fn dates() {
        let at = |s: u64| creation_date(UNIX_EPOCH + Duration::from_secs(s));
        assert_eq!(at(0), "19700101T000000Z");
        assert_eq!(at(951_782_400), "20000229T000000Z");
        assert_eq!(at(951_868_799), "20000229T235959Z");
        assert_eq!(at(951_868_800), "20000301T000000Z");
        assert_eq!(at(1_538_395_200), "20181001T120000Z");
        assert_eq!(at(4_107_542_400), "21000301T000000Z"); // 2100 is no leap year
        assert_eq!(at(4_107_456_000), "21000228T000000Z");
        assert_eq!(
            creation_date(UNIX_EPOCH - Duration::from_millis(500)),
            "19691231T235959Z"
        );
        assert_eq!(
            creation_date(UNIX_EPOCH - Duration::from_secs(86_400)),
            "19691231T000000Z"
        );
    }

    #[test]
    fn civil_from_days_agrees_with_counting_days() {
        // Walk day by day from 1600 to 2400 with a naive calendar.
        let leap = |y: i64| (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        let month_len = |y: i64, m: u32| match m {
            2 if leap(y) => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        let mut days = civil_days_of_1600();
        let (mut y, mut m, mut d) = (1600i64, 1u32, 1u32);
        while y < 2400 {
            assert_eq!(civil_from_days(days), (y, m, d), "day {days}");
            days += 1;
            d += 1;
            if d > month_len(y, m) {
                d = 1;
                m += 1;
                if m > 12 {
                    m = 1;
                    y += 1;
                }
            }
        }
    }

    /// Days from 1970-01-01 back to 1600-01-01: 370 years, 90 of them
    /// leap years (1600..1969 has 93 multiples of 4, minus 1700, 1800, 1900).
    fn civil_days_of_1600() -> i64 {
        -(370 * 365 + 90)
    }

    #[test]
    fn source_date_epoch() {
        assert_eq!(
            date_from_epoch_var("1538395200").unwrap(),
            "20181001T120000Z"
        );
        assert_eq!(date_from_epoch_var("0").unwrap(), "19700101T000000Z");
        assert_eq!(date_from_epoch_var("-1").unwrap(), "19691231T235959Z");
        assert_eq!(
            date_from_epoch_var("253402300799").unwrap(),
            "99991231T235959Z"
        );
        for bad in [
            "",
            " 1",
            "1.5",
            "+1",
            "1e9",
            "abc",
            "-",
            "253402300800",
            "99999999999999999999",
        ] {
            let err = date_from_epoch_var(bad).unwrap_err();
            assert!(matches!(err.kind(), ErrorKind::Config(_)), "{bad}");
            assert!(err.to_string().contains("SOURCE_DATE_EPOCH"), "{err}");
        }
    }

    #[test]
    fn validates_against_the_dtd() {
        let dtd = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/tmx14.dtd");
        assert!(
            std::path::Path::new(dtd).is_file(),
            "the TMX DTD is missing at {dtd}; it is needed to validate TMX output"
        );
        let (out, _) = example_tmx();
        let dir = tempfile::tempdir().unwrap();
        // The DTD beside the file keeps xmllint from warning that it cannot
        // load the DOCTYPE's system identifier.
        std::fs::copy(dtd, dir.path().join("tmx14.dtd")).unwrap();
        let file = dir.path().join("out.tmx");
        std::fs::write(&file, out).unwrap();
        let run = std::process::Command::new("xmllint")
            .arg("--noout")
            .arg("--dtdvalid")
            .arg(dtd)
            .arg(&file)
            .output();
        let run = match run {
            Ok(run) => run,
            Err(e) => panic!(
                "cannot run xmllint ({e}); install it (apt-get install libxml2-utils) \
                 so that TMX output can be validated against the DTD"
            ),
        };
        assert!(
            run.status.success() && run.stderr.is_empty(),
            "xmllint rejected the TMX output:\n{}",
            String::from_utf8_lossy(&run.stderr)
        );
    }

    /// The `<seg>` texts of a TMX file, read back with an XML parser.
    fn segs(xml: &str) -> Vec<String> {
        use quick_xml::events::Event;
        let mut reader = quick_xml::Reader::from_str(xml);
        let mut segs = Vec::new();
        let mut current: Option<String> = None;
        loop {
            match reader.read_event().expect("well-formed XML") {
                Event::Start(e) if e.name().as_ref() == b"seg" => current = Some(String::new()),
                Event::End(e) if e.name().as_ref() == b"seg" => {
                    segs.push(current.take().expect("seg was opened"));
                }
                Event::Text(t) => {
                    if let Some(cur) = current.as_mut() {
                        // Not xml_content(): it would turn U+0085 into a line
                        // feed, an XML 1.1 rule; TMX is XML 1.0.
                        cur.push_str(&t.decode().unwrap());
                    }
                }
                Event::GeneralRef(r) => {
                    // Outside a seg only the document name has references.
                    let Some(cur) = current.as_mut() else {
                        continue;
                    };
                    if let Some(c) = r.resolve_char_ref().unwrap() {
                        cur.push(c);
                    } else {
                        let name = r.decode().unwrap();
                        let text = quick_xml::escape::resolve_predefined_entity(&name)
                            .expect("only predefined entities");
                        cur.push_str(text);
                    }
                }
                Event::Start(e) if current.is_some() => {
                    panic!("markup inside a seg: {e:?}")
                }
                Event::Eof => break,
                _ => {}
            }
        }
        segs
    }

    /// What a side should read as: forbidden characters gone, line breaks
    /// spaces, surrounding whitespace trimmed (a model of the rules in the
    /// `write` module, kept independent of its code).
    fn expected_seg(text: &str) -> String {
        let kept: String = text
            .chars()
            .filter(|&c| {
                !(c < ' ' && !matches!(c, '\t' | '\n' | '\r') || c == '\u{FFFE}' || c == '\u{FFFF}')
            })
            .collect();
        kept.replace("\r\n", " ")
            .replace(['\r', '\n'], " ")
            .trim()
            .to_string()
    }

    /// Arbitrary strings, and strings dense in the characters that need
    /// care (markup, controls, breaks, the two noncharacters, Arabic).
    fn text() -> impl proptest::strategy::Strategy<Value = String> {
        proptest::prop_oneof![
            proptest::prelude::any::<String>(),
            "[\\x00-\\x1F&<>\"' aب\\u{FFFE}\\u{FFFF}\\u{85}\\r\\n\\t]{0,12}",
        ]
    }

    proptest::proptest! {
        #[test]
        fn output_is_well_formed_and_keeps_the_text(
            pairs in proptest::collection::vec(
                (text(), text()),
                0..6,
            ),
            name in text(),
        ) {
            let src: Vec<String> = pairs.iter().map(|p| p.0.clone()).collect();
            let tgt: Vec<String> = pairs.iter().map(|p| p.1.clone()).collect();
            let beads: Vec<Bead> = (0..pairs.len())
                .map(|i| Bead { src: i..i + 1, tgt: i..i + 1, score: 0.5 })
                .collect();
            let doc = DocAlignment { name: &name, src: &src, tgt: &tgt, beads: &beads };
            let mut w = TmxWriter::new(Vec::new(), opts()).unwrap();
            w.write_doc(&doc).unwrap();
            let (out, stats) = w.finish().unwrap();
            let out = String::from_utf8(out).unwrap();
            let mut want = Vec::new();
            for (s, t) in &pairs {
                let (s, t) = (expected_seg(s), expected_seg(t));
                if !s.trim().is_empty() && !t.trim().is_empty() {
                    want.push(s);
                    want.push(t);
                }
            }
            proptest::prop_assert_eq!(stats.units * 2, want.len());
            proptest::prop_assert_eq!(stats.units + stats.skipped_empty, pairs.len());
            proptest::prop_assert_eq!(segs(&out), want);
        }
    }
}
