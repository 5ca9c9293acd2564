//! Format extraction: any bytes, read as a `.txt`, `.html`, `.md`,
//! `.docx` or `.odt` article (the first byte picks the name; the format
//! also comes from the content), either give an article or fail with an
//! error, never a panic; an article's text is one paragraph a line, with
//! no empty line and no line end but `\n`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mizan::input::{article_from_bytes, ReadOptions};
use std::path::Path;

const NAMES: [&str; 5] = ["a.txt", "a.html", "a.md", "a.docx", "a.odt"];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let name = Path::new(NAMES[usize::from(pick) % NAMES.len()]);
    let Ok(article) = article_from_bytes(bytes, Some(name), &ReadOptions::default()) else {
        return;
    };
    assert!(!article.text.contains('\r'), "line ends are normalised");
    let _ = article.describe();
    let _ = mizan::lang::detect(&article.text);
});
