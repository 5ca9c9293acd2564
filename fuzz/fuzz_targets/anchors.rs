//! Anchor extraction: numbers, dates, names and Latin tokens out of any
//! sentence in any of the three languages, and the document-level anchor
//! matching over two arbitrary sides.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mizan::anchors::{extract, DocAnchors};
use mizan::Lang;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let langs = [Lang::Ar, Lang::En, Lang::Ru];
    for lang in &langs {
        let _ = extract(&text, lang);
    }
    // Lines before a form feed are the source side, after it the target.
    let (a, b) = text.split_once('\u{c}').unwrap_or((&text, ""));
    let src: Vec<String> = a.split('\n').map(str::to_string).collect();
    let tgt: Vec<String> = b.split('\n').map(str::to_string).collect();
    let tgt_lang = if data.len() % 2 == 0 {
        Lang::En
    } else {
        Lang::Ru
    };
    let doc = DocAnchors::new(&src, &Lang::Ar, &tgt, &tgt_lang);
    for i in 0..src.len() {
        let hi = (i + 2).min(src.len());
        for j in 0..tgt.len() {
            let s = doc.similarity(i..hi, j..j + 1);
            assert!(s.matched_weight.is_finite() && s.matched_weight >= 0.0);
            assert!(s.unmatched_weight.is_finite() && s.unmatched_weight >= 0.0);
            let _ = doc.explain(i..hi, j..j + 1);
        }
    }
});
