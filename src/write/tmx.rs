//! TMX 1.4b output, valid against the LISA `tmx14.dtd`.
//!
//! The layout is fixed (two spaces of indentation, one attribute order,
//! `\n` line ends) so that two runs over the same input with the same
//! creation date give byte-identical files that diff well.

use super::date::is_tmx_date;
use super::{format_score, units, DocAlignment, Unit, WriteStats};
use crate::error::{Error, ErrorKind, Result};
use crate::tmx::write::{emit, head, push_tu, TAIL};
use crate::tmx::{TmxEncoding, Tu, TuWriterOptions, Tuv};
use std::io;

/// What [`TmxWriter::finish`] reports.
pub type TmxStats = WriteStats;

/// Options of a TMX file: the language tags of both sides, the creation
/// date written into the header, the encoding, and what each unit says of
/// its making.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TmxOptions {
    src_tag: String,
    tgt_tag: String,
    creation_date: String,
    encoding: TmxEncoding,
    creation_id: Option<String>,
    unit_dates: bool,
}

impl TmxOptions {
    /// Checks and keeps the options. `src_tag` and `tgt_tag` are BCP-47
    /// tags (`ar`, `en`, `ru`, `ar-SA`); `creation_date` is a TMX date,
    /// `YYYYMMDDThhmmssZ` in UTC, as made by [`super::creation_date`] or
    /// [`super::creation_date_from_env`].
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
            encoding: TmxEncoding::Utf8,
            creation_id: None,
            unit_dates: false,
        })
    }

    /// The same options writing in `encoding`.
    pub fn with_encoding(mut self, encoding: TmxEncoding) -> TmxOptions {
        self.encoding = encoding;
        self
    }

    /// The same options giving every unit `creationdate` and `changedate`
    /// (the header's date) when `dates`, and `creationid` when `id` is
    /// given (Trados and memoQ show them per unit; without them the
    /// header's date applies).
    pub fn with_unit_info(mut self, dates: bool, id: Option<&str>) -> TmxOptions {
        self.unit_dates = dates;
        self.creation_id = id.map(str::to_string);
        self
    }

    /// The header these options make.
    pub fn header(&self) -> TuWriterOptions {
        TuWriterOptions {
            srclang: self.src_tag.clone(),
            creation_date: self.creation_date.clone(),
            encoding: self.encoding,
        }
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

/// Checks that `tag` is a well-formed BCP-47 tag (the grammar of RFC
/// 5646; the registry itself is not consulted): `ar`, `en-GB`,
/// `zh-Hant-TW`, `x-klingon`.
pub fn check_tag(tag: &str) -> Result<()> {
    match crate::tmx::bcp47::problem(tag) {
        None => Ok(()),
        Some(why) => Err(Error::new(ErrorKind::BadLanguage(format!(
            "'{tag}' is not a BCP-47 language tag ({why})"
        )))),
    }
}

/// Writes aligned documents as one TMX 1.4b file.
///
/// Each bead with two non-blank sides becomes a `<tu>` with a `tuid`
/// running from 1 across the whole file, three props (`x-mizan-score`,
/// `x-mizan-bead`, `x-mizan-document`), a fourth (`x-mizan-check`, the
/// flags joined by commas) when the link carries a flag, a fifth
/// (`x-mizan-reviewed`) when a person approved or corrected it, and two
/// `<tuv>`s, source first. A unit that holds more than one sentence on a
/// side says `segtype="block"` (the header says `sentence`, true of the
/// others).
/// Call [`finish`](TmxWriter::finish) to close the file.
///
/// ```
/// use mizan::align::{Bead, Checks};
/// use mizan::write::{DocAlignment, TmxOptions, TmxWriter};
///
/// let src = vec!["مرحبا.".to_string(), "".to_string()];
/// let tgt = vec!["Hello.".to_string()];
/// let beads = [
///     Bead { src: 0..1, tgt: 0..1, score: 0.97314, checks: Checks::NUMBERS, reviewed: false },
///     Bead { src: 1..2, tgt: 1..1, score: 0.0, checks: Checks::NONE, reviewed: false },
/// ];
/// let doc = DocAlignment { name: "greeting", src: &src, tgt: &tgt, beads: &beads };
/// let opts = TmxOptions::new("ar", "en", "20181001T120000Z")?;
/// let mut tmx = TmxWriter::new(Vec::new(), opts)?;
/// tmx.write_doc(&doc)?;
/// let (bytes, stats) = tmx.finish()?;
/// let xml = String::from_utf8(bytes)?;
/// assert!(xml.contains(r#"<prop type="x-mizan-score">0.9731</prop>"#));
/// assert!(xml.contains(r#"<prop type="x-mizan-check">numbers</prop>"#));
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
        emit(&mut wtr, opts.encoding, &head(&opts.header()))?;
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
        for tu in self.doc_units(doc)? {
            push_tu(&mut out, &tu);
        }
        emit(&mut self.wtr, self.opts.encoding, &out)
    }

    /// The units of one document as [`write_doc`](TmxWriter::write_doc)
    /// writes them (with `tuid`s running on from the units so far), counted
    /// in the stats as if written; for callers that spread units over
    /// several files. Fails as `write_doc` does.
    pub fn doc_units(&mut self, doc: &DocAlignment<'_>) -> io::Result<Vec<Tu>> {
        let (name, name_removed) = super::clean_text(doc.name);
        let (units, stats) = units(doc, self.stats, name_removed)?;
        let mut out = Vec::with_capacity(units.len());
        for (k, Unit { bead, src, tgt }) in units.into_iter().enumerate() {
            let mut tu = Tu::default();
            // tuids run on across documents.
            tu.set_attr("tuid", &(self.stats.units + k + 1).to_string());
            if bead.src.len() > 1 || bead.tgt.len() > 1 {
                tu.set_attr("segtype", "block");
            }
            if let Some(id) = &self.opts.creation_id {
                tu.set_attr("creationid", id);
            }
            if self.opts.unit_dates {
                tu.set_attr("creationdate", &self.opts.creation_date);
                tu.set_attr("changedate", &self.opts.creation_date);
            }
            tu.set_prop("x-mizan-score", &format_score(bead.score));
            tu.set_prop("x-mizan-bead", &bead.shape_label());
            tu.set_prop("x-mizan-document", &name);
            if !bead.checks.is_empty() {
                tu.set_prop("x-mizan-check", &bead.checks.labels().join(","));
            }
            if bead.reviewed {
                tu.set_prop("x-mizan-reviewed", "yes");
            }
            for (lang, text) in [
                (&self.opts.src_tag, src.text),
                (&self.opts.tgt_tag, tgt.text),
            ] {
                tu.tuvs.push(Tuv {
                    lang: lang.clone(),
                    text,
                });
            }
            out.push(tu);
        }
        self.stats = stats;
        Ok(out)
    }

    /// What has been written so far.
    pub fn stats(&self) -> WriteStats {
        self.stats
    }

    /// Closes the body and the file, flushes, and returns the inner writer
    /// with the counts.
    pub fn finish(mut self) -> io::Result<(W, TmxStats)> {
        emit(&mut self.wtr, self.opts.encoding, TAIL)?;
        self.wtr.flush()?;
        Ok((self.wtr, self.stats))
    }
}

super::doc_writer!(TmxWriter);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::Bead;
    use crate::write::testdata::{example, one_to_one};

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
        let beads = one_to_one(2);
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
        let beads = one_to_one(1);
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
        crate::tmx::write::push_attr(&mut s, "n", "\"x\"\t&\n");
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
                .map(|i| Bead { src: i..i + 1, tgt: i..i + 1, score: 0.5, ..Default::default()  })
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
