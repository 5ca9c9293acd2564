//! TMX writer then an XML parser: what is written is well-formed and
//! parses back to the same segments (each sentence trimmed, with the
//! characters XML forbids removed and line breaks as spaces, as the
//! writer documents), and the document name comes back the same way.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mizan::align::Bead;
use mizan::write::{write_docs, DocAlignment, TmxOptions, TmxWriter};
use quick_xml::events::Event;
use quick_xml::Reader;

/// What the writer promises to make of one sentence.
fn expected(s: &str) -> String {
    clean(s).trim().to_string()
}

/// Forbidden characters removed, line breaks as spaces.
fn clean(s: &str) -> String {
    let mut out = String::new();
    let mut after_cr = false;
    for c in s.chars() {
        let forbidden = matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}');
        if forbidden {
            continue;
        }
        match c {
            '\r' => {
                out.push(' ');
                after_cr = true;
                continue;
            }
            '\n' if after_cr => {}
            '\n' => out.push(' '),
            _ => out.push(c),
        }
        after_cr = false;
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // Fields split on U+001E (record separator): the name, then source and
    // target sentences alternating.
    let mut fields = text.split('\u{1e}');
    let name = fields.next().unwrap_or("").to_string();
    let rest: Vec<&str> = fields.collect();
    let src: Vec<String> = rest.iter().step_by(2).map(|s| s.to_string()).collect();
    let tgt: Vec<String> = rest
        .iter()
        .skip(1)
        .step_by(2)
        .map(|s| s.to_string())
        .collect();
    let n = src.len().min(tgt.len());
    let beads: Vec<Bead> = (0..n)
        .map(|k| Bead {
            src: k..k + 1,
            tgt: k..k + 1,
            score: 0.5,
            ..Default::default()
        })
        .chain((n < src.len()).then(|| Bead {
            src: n..src.len(),
            tgt: n..n,
            score: 0.0,
            ..Default::default()
        }))
        .collect();
    let doc = DocAlignment {
        name: &name,
        src: &src,
        tgt: &tgt,
        beads: &beads,
    };
    let opts = TmxOptions::new("ar", "en", "20240101T000000Z").expect("valid options");
    let mut bytes = Vec::new();
    let stats = write_docs(TmxWriter::new(&mut bytes, opts).expect("in memory"), &[doc])
        .expect("in memory");
    let xml = std::str::from_utf8(&bytes).expect("the writer writes UTF-8");

    let want: Vec<(String, String)> = (0..n)
        .map(|k| (expected(&src[k]), expected(&tgt[k])))
        .filter(|(a, b)| !a.is_empty() && !b.is_empty())
        .collect();
    assert_eq!(stats.units, want.len());

    let mut reader = Reader::from_str(xml);
    let mut segs = Vec::new();
    let mut props = Vec::new();
    let mut in_text: Option<&'static str> = None;
    let mut cur = String::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) if e.name().as_ref() == b"seg" => {
                in_text = Some("seg");
                cur.clear();
            }
            Event::Start(e) if e.name().as_ref() == b"prop" => {
                let is_doc = e
                    .attributes()
                    .flatten()
                    .any(|a| a.value.as_ref() == b"x-mizan-document");
                in_text = is_doc.then_some("prop");
                cur.clear();
            }
            Event::Text(t) if in_text.is_some() => {
                cur.push_str(&t.decode().expect("UTF-8"));
            }
            Event::GeneralRef(r) if in_text.is_some() => {
                let name = r.decode().expect("UTF-8");
                let c = match name.as_ref() {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    other => {
                        let code = other
                            .strip_prefix("#x")
                            .map(|h| u32::from_str_radix(h, 16))
                            .or_else(|| other.strip_prefix('#').map(|d| d.parse()))
                            .expect("only predefined or character references")
                            .expect("a number");
                        char::from_u32(code).expect("a character")
                    }
                };
                cur.push(c);
            }
            Event::CData(c) if in_text.is_some() => {
                cur.push_str(std::str::from_utf8(&c).expect("UTF-8"));
            }
            Event::End(_) if in_text.is_some() => match in_text.take() {
                Some("seg") => segs.push(std::mem::take(&mut cur)),
                _ => props.push(std::mem::take(&mut cur)),
            },
            Event::Eof => break,
            _ => {}
        }
    }
    let got: Vec<(String, String)> = segs
        .chunks(2)
        .map(|p| (p[0].clone(), p.get(1).cloned().unwrap_or_default()))
        .collect();
    assert_eq!(got, want);
    assert_eq!(props.len(), want.len());
    for p in &props {
        assert_eq!(*p, clean(&name));
    }
});
