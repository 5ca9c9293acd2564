//! Sentence splitting: every sentence is a trimmed, non-empty piece of
//! the text, and the pieces come in text order without overlap.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mizan::segment::Segmenter;
use mizan::Lang;

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let lang = match which % 4 {
        0 => Lang::Ar,
        1 => Lang::En,
        2 => Lang::Ru,
        _ => Lang::parse("fr").expect("a valid code"),
    };
    let seg = Segmenter::new(&lang);
    for line in text.split('\n') {
        let mut from = 0;
        for s in seg.split(line) {
            assert!(!s.is_empty());
            assert_eq!(s, s.trim());
            // Each sentence borrows from the line: find its offset.
            let at = s.as_ptr() as usize - line.as_ptr() as usize;
            assert!(at >= from, "sentences overlap or go back");
            from = at + s.len();
        }
    }
    let _ = mizan::segment::segment_text(&text, &seg);
});
