//! Names across scripts: required pairs, skeletons, common words, and the
//! seed article.

use super::super::names::words_match;
use super::super::*;
use super::name_keys;

#[test]
fn required_name_pairs_match() {
    let groups: [&[&str]; 6] = [
        &["شويغو", "Shoigu", "Шойгу"],
        &[
            "بوتين",
            "Putin",
            "Путин",
            "Путина",
            "Путиным",
            "لبوتين",
            "وبوتين",
        ],
        &[
            "الدوحة",
            "Doha",
            "Доха",
            "Доху",
            "Дохе",
            "بالدوحة",
            "والدوحة",
        ],
        &[
            "قطر",
            "Qatar",
            "Катар",
            "Катара",
            "Катаре",
            "Катаром",
            "لقطر",
            "وقطر",
            "بقطر",
        ],
        &[
            "سورية",
            "سوريا",
            "Syria",
            "Сирия",
            "Сирии",
            "وسورية",
            "بسوريا",
        ],
        &["ليبيا", "Libya", "Ливия", "Ливии", "وليبيا", "لليبيا"],
    ];
    for g in groups {
        for a in g {
            for b in g {
                assert!(words_match(a, b), "{a} ~ {b}");
            }
        }
    }
    for (a, b) in [
        ("تميم", "Tamim"),
        ("تميم", "Тамим"),
        ("فلاديمير", "Vladimir"),
        ("فلاديمير", "Владимир"),
        ("سيرغي", "Sergei"),
        ("سيرغي", "Сергей"),
        ("روسيا", "Russia"),
        ("روسيا", "Россия"),
        ("خالد", "Khalid"),
        ("خالد", "Халид"),
        ("ترامب", "Trump"),
        ("ترامب", "Трампом"),
        ("واشنطن", "Washington"),
        ("أمريكية", "American"),
        ("تشرشل", "Churchill"),
        ("تشرشل", "Черчилль"),
        ("جونسون", "Johnson"),
        ("جونسون", "Джонсон"),
        ("ويلنج", "Wheeling"),
    ] {
        assert!(words_match(a, b), "{a} ~ {b}");
    }
    // Known miss: a two-class name Arabic writes without its vowel letter
    // (غزة = Gaza) looks like a common word and is not matched.
    assert!(!words_match("غزة", "Gaza"));
}

#[test]
fn skeletons_of_seed_names() {
    for (word, want) in [
        ("شويغو", "CaG"),
        ("الدوحة", "DaH"),
        ("قطر", "KTR"),
        ("بوتين", "BaTaN|aTaN"),
        ("سورية", "SaR"),
        ("ليبيا", "LaB"),
        ("تميم", "TMaM"),
        ("Shoigu", "CaG"),
        ("Шойгу", "CaG"),
        ("Путиным", "BaTaNaM|BaTaN"),
    ] {
        assert_eq!(
            name_keys(word, &crate::lang::detect(&word.repeat(10)).unwrap()),
            vec![want],
            "{word}"
        );
    }
    // العطية reduces to one class: too short to match anything.
    assert!(name_keys("العطية", &Lang::Ar).is_empty());
    assert_eq!(names::skeleton("عطيه"), "aT");
    assert_eq!(names::skeleton("attiyah"), "aT");
    // Accented Latin letters count as their base letters.
    for (accented, plain) in [("Jérôme", "Jerome"), ("Müller", "Muller"), ("Peña", "Pena")] {
        assert_eq!(
            names::skeleton(accented),
            names::skeleton(plain),
            "{accented}"
        );
    }
}

#[test]
fn common_words_do_not_match_names() {
    let mut bad = Vec::new();
    for (a, b) in [
        ("قال", "Cole"),
        ("كان", "Kane"),
        ("وكان", "Kane"),
        ("بعد", "Bader"),
        ("فريق", "Patrick"),
        ("رأيهم", "Graham"),
        ("البارات", "Формат"),
        ("برنامج", "Wearing"),
        ("الوزير", "Vasser"),
        ("الدفاع", "Duff"),
        ("الأمن", "Amin"),
        ("قطر", "Trump"),
        ("بوتين", "Boeing"),
        ("سورية", "Serbia"),
        ("ليبيا", "Lebanon"),
        ("الدوحة", "Dubai"),
        ("شويغو", "Chicago"),
    ] {
        if words_match(a, b) {
            bad.push(format!("{a} ~ {b}"));
        }
    }
    assert!(bad.is_empty(), "{bad:?}");
    // Known limit: words with the same consonants do match (العسكري,
    // "military", has the skeleton of Oscar); IDF and the other anchors of
    // the bead have to outweigh such matches.
    assert!(words_match("العسكري", "Oscar"));
    assert!(words_match("التعاون", "Tanya"));
    assert!(words_match("الزيارة", "Zara"));
    // Stop words are no names, with or without "and".
    assert!(name_keys("قال وقال وكان", &Lang::Ar).is_empty());
    assert!(name_keys("The In However", &Lang::En).is_empty());
    assert!(name_keys("В На Однако", &Lang::Ru).is_empty());
    // Lower-case Latin and Cyrillic words are no names.
    assert!(name_keys("the minister said", &Lang::En).is_empty());
    assert!(name_keys("министр сказал", &Lang::Ru).is_empty());
}

const SEED: &str = include_str!("../../../tests/data/names/seed_lines.txt");

#[test]
fn seed_article() {
    let lines: Vec<&str> = SEED.lines().collect();
    let all: Vec<Anchor> = lines.iter().flat_map(|l| extract(l, &Lang::Ar)).collect();
    let has = |kind: AnchorKind, surface: &str| {
        all.iter().any(|a| a.kind == kind && a.surface == surface)
    };
    for name in [
        "شويغو",
        "الدوحة",
        "قطر",
        "بوتين",
        "سورية",
        "ليبيا",
        "تميم",
        "لقطر",
        "لبوتين",
    ] {
        assert!(has(AnchorKind::Name, name), "{name}");
    }
    assert!(has(AnchorKind::Number, "25"));
    assert!(has(AnchorKind::Number, "2017"));
    assert!(all
        .iter()
        .any(|a| a.kind == AnchorKind::Date && a.key == "10" && a.surface == "أكتوبر"));
    let en = [
        "Shoigu arrived in Doha, Qatar, on October 25, 2017.",
        "Putin, Syria and Libya; Emir Tamim.",
    ];
    let ru = [
        "Шойгу прибыл в Доху (Катар) 25 октября 2017 года.",
        "Путина, Сирии и Ливии; эмир Тамим.",
    ];
    for tgt in [&en[..], &ru[..]] {
        let tl = if tgt == &en[..] { Lang::En } else { Lang::Ru };
        let src: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
        let tgt: Vec<String> = tgt.iter().map(|s| s.to_string()).collect();
        let doc = DocAnchors::new(&src, &Lang::Ar, &tgt, &tl);
        let ms = doc.explain(0..src.len(), 0..2);
        for want in [
            "Shoigu|Шойгу",
            "Doha|Доху",
            "Qatar|Катар",
            "Putin|Путина",
            "Syria|Сирии",
            "Libya|Ливии",
            "Tamim|Тамим",
            "2017",
            "25",
        ] {
            assert!(
                ms.iter()
                    .any(|m| want.split('|').any(|w| m.tgt.surface == w)),
                "{want} not matched in {tl}: {ms:#?}"
            );
        }
        assert!(ms
            .iter()
            .any(|m| m.src.kind == AnchorKind::Date && m.tgt.kind == AnchorKind::Date));
    }
}
