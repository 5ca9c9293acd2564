//! The whole aligner on arbitrary document pairs: lines before a form feed
//! are the source side, after it the target; every sentence of both sides
//! must end up in exactly one bead, in order, with a confidence in [0, 1].
#![no_main]

use libfuzzer_sys::fuzz_target;
use mizan::aligner::{AlignConfig, Side};
use mizan::corpus::{align_corpus, LexiconConfig};
use mizan::Lang;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let (a, b) = text.split_once('\u{c}').unwrap_or((&text, ""));
    let src: Vec<String> = a.split('\n').map(str::to_string).collect();
    let tgt: Vec<String> = b.split('\n').map(str::to_string).collect();
    let src_lang = Lang::Ar;
    let tgt_lang = if flags & 1 == 0 { Lang::En } else { Lang::Ru };
    let cfg = AlignConfig {
        anchors: flags & 2 == 0,
        passes: 1 + usize::from((flags >> 2) % 3),
        ..AlignConfig::default()
    };
    let lex = LexiconConfig {
        learn: flags & 16 == 0,
        ..LexiconConfig::default()
    };
    // Two documents, so the lexicon learns from more than one.
    let sides = [
        (
            Side {
                sentences: &src,
                lang: &src_lang,
            },
            Side {
                sentences: &tgt,
                lang: &tgt_lang,
            },
        ),
        (
            Side {
                sentences: &tgt,
                lang: &src_lang,
            },
            Side {
                sentences: &src,
                lang: &tgt_lang,
            },
        ),
    ];
    let result = align_corpus(&sides, &cfg, &lex);
    for ((s, t), al) in sides.iter().zip(&result.alignments) {
        let (mut i, mut j) = (0, 0);
        for bead in &al.beads {
            assert_eq!(bead.src.start, i, "source sentences in order, once");
            assert_eq!(bead.tgt.start, j, "target sentences in order, once");
            assert!(!bead.src.is_empty() || !bead.tgt.is_empty());
            assert!((0.0..=1.0).contains(&bead.score), "score {}", bead.score);
            i = bead.src.end;
            j = bead.tgt.end;
        }
        assert_eq!((i, j), (s.sentences.len(), t.sentences.len()));
    }
});
