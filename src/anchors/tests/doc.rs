//! Anchors of a document pair: similarity, IDF weights, unmatched
//! numbers, lookups and caps.

use super::super::*;
use super::{name_keys, strings};

#[test]
fn doc_similarity_prefers_the_right_pair() {
    let src = strings(&[
        "وصل شويغو إلى الدوحة يوم الأربعاء 25 أكتوبر 2017.",
        "وقال إن 1,000 جندي شاركوا في المناورات.",
        "وناقش الوضع في سورية وليبيا.",
    ]);
    let tgt = strings(&[
        "Shoigu arrived in Doha on Wednesday, October 25, 2017.",
        "He said 1,000 soldiers took part in the exercises.",
        "He discussed the situation in Syria and Libya.",
    ]);
    let doc = DocAnchors::new(&src, &Lang::Ar, &tgt, &Lang::En);
    for i in 0..3 {
        let right = doc.similarity(i..i + 1, i..i + 1);
        assert!(right.matched > 0, "{i}");
        for j in (0..3).filter(|&j| j != i) {
            let wrong = doc.similarity(i..i + 1, j..j + 1);
            assert!(right.matched_weight > wrong.matched_weight, "{i} vs {j}");
            assert!(
                right.unmatched_weight < wrong.unmatched_weight,
                "{i} vs {j}"
            );
        }
    }
    // A 2-2 bead holds the matches of both 1-1 beads.
    let two = doc.similarity(0..2, 0..2);
    let sum = doc.similarity(0..1, 0..1).matched + doc.similarity(1..2, 1..2).matched;
    assert_eq!(two.matched, sum);
    // explain lists what similarity counts, with surfaces.
    let ex = doc.explain(1..2, 1..2);
    assert_eq!(ex.len(), doc.similarity(1..2, 1..2).matched);
    assert!(ex
        .iter()
        .any(|m| m.src.surface == "1,000" && m.tgt.surface == "1,000"));
    let total: f64 = ex.iter().map(|m| m.weight).sum();
    assert!((total - doc.similarity(1..2, 1..2).matched_weight).abs() < 1e-9);
    // Empty and out-of-range beads do not panic.
    assert_eq!(doc.similarity(0..0, 0..0), AnchorScore::default());
    assert_eq!(doc.similarity(7..9, 5..12).matched, 0);
    assert!(doc.similarity(1..2, 0..0).unmatched_weight > 0.0);
    #[allow(clippy::reversed_empty_ranges)]
    let reversed = doc.similarity(2..1, 3..0);
    assert_eq!(reversed.matched, 0);
}

#[test]
fn frequent_anchors_weigh_less() {
    let src = strings(&["قطر 5", "قطر 6", "قطر 7", "بوتين 8"]);
    let tgt = strings(&["Qatar 5", "Qatar 6", "Qatar 7", "Putin 8"]);
    let doc = DocAnchors::new(&src, &Lang::Ar, &tgt, &Lang::En);
    let qatar = doc
        .explain(0..1, 0..1)
        .into_iter()
        .find(|m| m.src.kind == AnchorKind::Name)
        .unwrap();
    let putin = doc
        .explain(3..4, 3..4)
        .into_iter()
        .find(|m| m.src.kind == AnchorKind::Name)
        .unwrap();
    assert!(qatar.weight < putin.weight);
    assert!((putin.weight - 1.0).abs() < 1e-9);
}

#[test]
fn unmatched_numbers_count_against() {
    let src = strings(&["قتل 12 شخصا", "وأصيب 40 آخرون"]);
    let tgt = strings(&["12 people were killed", "and 40 injured", "at 9"]);
    let doc = DocAnchors::new(&src, &Lang::Ar, &tgt, &Lang::En);
    let good = doc.similarity(0..1, 0..1);
    let bad = doc.similarity(0..1, 1..2);
    assert_eq!(good.unmatched_weight, 0.0);
    assert!(bad.unmatched_weight > 0.0 && bad.matched == 0);
    // A number with no partner anywhere counts half.
    let orphan = doc.similarity(0..0, 2..3).unmatched_weight;
    let paired = doc.similarity(0..0, 1..2).unmatched_weight;
    assert!(orphan > 0.0 && orphan < paired);
}

#[test]
fn latin_tokens_found_in_english_by_lookup() {
    let src = strings(&["نشر على facebook وموقع bbc.com", "قال حلف NATO"]);
    let tgt = strings(&["He posted on Facebook and bbc.com", "Nato said"]);
    let doc = DocAnchors::new(&src, &Lang::Ar, &tgt, &Lang::En);
    let ex = doc.explain(0..1, 0..1);
    assert!(ex
        .iter()
        .any(|m| m.src.kind == AnchorKind::Latin && m.tgt.surface == "Facebook"));
    assert!(ex
        .iter()
        .any(|m| m.src.kind == AnchorKind::Latin && m.tgt.surface == "bbc.com"));
    let ex = doc.explain(1..2, 1..2);
    assert!(ex
        .iter()
        .any(|m| m.src.kind == AnchorKind::Latin && m.tgt.surface == "Nato"));
    // The lookup runs the other way round too, and between two non-Latin
    // sides every Latin token counts.
    let doc = DocAnchors::new(&tgt, &Lang::En, &src, &Lang::Ar);
    assert!(doc.similarity(0..1, 0..1).matched >= 2);
    let ru = strings(&["Он написал в facebook", "Альянс NATO"]);
    let doc = DocAnchors::new(&src, &Lang::Ar, &ru, &Lang::Ru);
    assert!(doc
        .explain(0..1, 0..1)
        .iter()
        .any(|m| m.tgt.surface == "facebook"));
    assert!(doc
        .explain(1..2, 1..2)
        .iter()
        .any(|m| m.tgt.surface == "NATO"));
}

#[test]
fn names_match_across_russian_cases_and_arabic_clitics() {
    let src = strings(&["بالدوحة ولقطر وسورية", "بوتين"]);
    let tgt = strings(&["в Дохе, Катара и Сирией", "с Путиным"]);
    let doc = DocAnchors::new(&src, &Lang::Ar, &tgt, &Lang::Ru);
    assert_eq!(doc.similarity(0..1, 0..1).matched, 3);
    assert_eq!(doc.similarity(1..2, 1..2).matched, 1);
    assert_eq!(doc.similarity(0..1, 1..2).matched, 0);
}

#[test]
fn cognates_are_capped_at_the_rarest_per_sentence() {
    let words = [
        "glacier", "mountain", "summit", "valley", "crampon", "piolet", "moraine", "serac",
        "couloir", "bivouac", "cornice", "arete",
    ];
    // The first sentence shares all twelve words; "glacier" and
    // "mountain" also stand in three more sentences of its side.
    let mut src = vec![words.join(" ")];
    for _ in 0..3 {
        src.push("glacier mountain".to_string());
    }
    let tgt = [words.join(" ")];
    let doc = DocAnchors::new(
        &strings(&src.iter().map(String::as_str).collect::<Vec<_>>()),
        &Lang::Other("de".into()),
        &strings(&tgt.iter().map(String::as_str).collect::<Vec<_>>()),
        &Lang::Other("fr".into()),
    );
    let (s_found, t_found) = (doc.src_anchors(0), doc.tgt_anchors(0));
    let cognates: Vec<&str> = s_found
        .iter()
        .filter(|a| a.kind == AnchorKind::Cognate)
        .map(|a| a.surface.as_str())
        .collect();
    assert_eq!(cognates.len(), 8, "{cognates:?}");
    assert!(!cognates.contains(&"glacier") && !cognates.contains(&"mountain"));
    // The target sentence has no frequent words: its first eight stay.
    let t: Vec<&str> = t_found.iter().map(|a| a.surface.as_str()).collect();
    assert_eq!(t, words[..8]);
}

#[test]
fn latin_names_in_russian_text_match_arabic_transliterations() {
    // Band, brand and company names stay in Latin script in Russian news
    // and are transliterated in Arabic.
    let src = strings(&["شهد فنانون مثل فوجيس وكومون عودة جديدة", "قالت شركة نيلسن"]);
    let tgt = strings(&[
        "Такие артисты, как The Fugees и Common, вернулись",
        "По данным Nielsen",
    ]);
    let doc = DocAnchors::new(&src, &Lang::Ar, &tgt, &Lang::Ru);
    assert_eq!(doc.similarity(0..1, 0..1).matched, 2);
    assert_eq!(doc.similarity(1..2, 1..2).matched, 1);
    assert_eq!(doc.similarity(0..1, 1..2).matched, 0);
    // "The" is an English function word, not a name.
    assert!(!name_keys("The Fugees", &Lang::Ru).is_empty());
    assert_eq!(name_keys("The", &Lang::Ru), Vec::<String>::new());
}

proptest::proptest! {
    #[test]
    fn extract_never_panics(s in "\\PC*", lang in 0..4usize) {
        let lang = [Lang::Ar, Lang::En, Lang::Ru, Lang::Other("de".into())][lang].clone();
        let _ = extract(&s, &lang);
    }

    #[test]
    fn extract_never_panics_on_number_like_text(s in "[0-9 ,.:%٫٬٠-٩a-zA-Zа-яА-Яء-ي#@/\u{00A0}\u{2009}-]{0,40}") {
        for lang in [Lang::Ar, Lang::En, Lang::Ru] {
            for a in extract(&s, &lang) {
                proptest::prop_assert!(!a.surface.is_empty());
            }
        }
    }

    /// Issue 16: the numbers read without names are the numbers of the
    /// full extraction.
    #[test]
    fn extract_numbers_finds_what_extract_finds(s in "[0-9 ,.:%٫٬٠-٩a-zA-Zа-яА-Яء-ي#@/\u{00A0}\u{2009}-]{0,40}") {
        for lang in [Lang::Ar, Lang::En, Lang::Ru] {
            let mut all = extract(&s, &lang);
            all.retain(|a| a.kind == AnchorKind::Number);
            proptest::prop_assert_eq!(extract_numbers(&s, &lang), all);
        }
    }

    #[test]
    fn similarity_never_panics(
        src in proptest::collection::vec("\\PC{0,30}", 0..5),
        tgt in proptest::collection::vec("\\PC{0,30}", 0..5),
        a in 0..7usize, b in 0..7usize, c in 0..7usize, d in 0..7usize,
    ) {
        let doc = DocAnchors::new(&src, &Lang::Ar, &tgt, &Lang::En);
        let s = doc.similarity(a..b, c..d);
        proptest::prop_assert!(s.matched_weight >= 0.0 && s.unmatched_weight >= 0.0);
        proptest::prop_assert_eq!(doc.explain(a..b, c..d).len(), s.matched);
    }
}

/// The anchors a `DocAnchors` keeps in its compact form come back as
/// `extract` found them (an Arabic side gets nothing added), and the keys
/// by kind match them, on a real article pair.
#[test]
fn issue16_stored_anchors_come_back_unchanged() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpora/ntrex-dev/articles");
    let read = |lang: &str| -> Vec<String> {
        let text = std::fs::read_to_string(root.join(lang).join("bbc.381679.txt")).unwrap();
        text.lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_string)
            .collect()
    };
    let (ar, en) = (read("ar"), read("en"));
    let doc = DocAnchors::new(&ar, &Lang::Ar, &en, &Lang::En);
    assert_eq!((doc.src_len(), doc.tgt_len()), (ar.len(), en.len()));
    let mut seen = 0;
    for (i, s) in ar.iter().enumerate() {
        let found = extract(s, &Lang::Ar);
        assert_eq!(doc.src_anchors(i), found, "{s}");
        for kind in [AnchorKind::Number, AnchorKind::Name, AnchorKind::Punct] {
            let keys: Vec<&str> = found
                .iter()
                .filter(|a| a.kind == kind)
                .map(|a| a.key.as_str())
                .collect();
            assert_eq!(doc.src_keys(i, kind), keys);
        }
        seen += found.len();
    }
    // English anchors are extract's, then the Latin words the Arabic side
    // also has.
    for (j, s) in en.iter().enumerate() {
        let kept = doc.tgt_anchors(j);
        let found = extract(s, &Lang::En);
        assert_eq!(kept[..found.len()], found[..], "{s}");
        assert!(kept[found.len()..]
            .iter()
            .all(|a| a.kind == AnchorKind::Latin));
    }
    assert!(seen > 50, "{seen}");
    assert!(doc.src_anchors(ar.len()).is_empty());
}
