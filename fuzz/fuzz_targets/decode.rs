//! Input decoding: any bytes either decode to text or fail with an error
//! (never a panic), and decoded text splits into paragraphs and lines whose
//! text is found in it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mizan::input;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = input::decode(data) else {
        return;
    };
    assert!(!text.contains('\r'), "line ends are normalised");
    for p in input::paragraphs(&text) {
        assert!(!p.text.is_empty());
        assert!(text.contains(&p.text));
    }
    for l in input::lines(&text) {
        assert!(text.contains(&l));
    }
    let _ = mizan::lang::detect(&text);
});
