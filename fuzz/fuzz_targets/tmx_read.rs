//! The TMX reader on any bytes (UTF-8, UTF-16, gzip, broken XML): a memory
//! or an error, never a panic; and a memory read, written again with the
//! unit writer, reads back to the same units (less the characters XML
//! forbids, which the writer leaves out).
#![no_main]

use libfuzzer_sys::fuzz_target;
use mizan::tmx::{read_tmx, Inline, ReadOptions, TmxEncoding, TuWriter, TuWriterOptions};

fn forbidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}

fn clean(s: &str) -> String {
    s.chars().filter(|&c| !forbidden(c)).collect()
}

fuzz_target!(|data: &[u8]| {
    let keep = data.first().is_some_and(|b| b & 1 == 1);
    let opts = ReadOptions {
        inline: if keep { Inline::Keep } else { Inline::Skip },
    };
    let Ok(tmx) = read_tmx(data, &opts) else {
        return;
    };
    let enc = if keep {
        TmxEncoding::Utf16Le
    } else {
        TmxEncoding::Utf8
    };
    let header = TuWriterOptions {
        srclang: "ar".into(),
        creation_date: "20240101T000000Z".into(),
        encoding: enc,
    };
    let mut w = TuWriter::new(Vec::new(), &header).unwrap();
    for tu in &tmx.units {
        w.write_tu(tu).unwrap();
    }
    let (bytes, n) = w.finish().unwrap();
    assert_eq!(n, tmx.units.len());
    let back = read_tmx(&bytes, &ReadOptions::default()).expect("written TMX reads back");
    assert_eq!(back.units.len(), tmx.units.len());
    for (a, b) in tmx.units.iter().zip(&back.units) {
        let want: Vec<(String, String)> = a
            .tuvs
            .iter()
            .map(|t| (clean(&t.lang), clean(&t.text)))
            .collect();
        let got: Vec<(String, String)> =
            b.tuvs.iter().map(|t| (t.lang.clone(), t.text.clone())).collect();
        assert_eq!(got, want);
        let props: Vec<(String, String)> = a
            .props
            .iter()
            .map(|(k, v)| (clean(k), clean(v)))
            .collect();
        assert_eq!(b.props, props);
    }
});
