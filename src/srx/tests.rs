use super::*;
use crate::error::{ErrorKind, Position};
use crate::lang::Lang;
use crate::segment::Segmenter;
use proptest::prelude::*;
use std::path::PathBuf;

fn basic() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/srx/basic.srx")
}

fn split_with(rules: &SrxRules, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    for b in rules.boundaries(text).into_iter().chain([text.len()]) {
        out.push(text[start..b].to_string());
        start = b;
    }
    out
}

fn doc(rules: &str, cascade: &str) -> String {
    format!(
        r#"<?xml version="1.0"?>
<srx version="2.0"><header cascade="{cascade}"/><body><languagerules>
{rules}
</languagerules><maprules>
<languagemap languagepattern="en.*" languagerulename="A"/>
<languagemap languagepattern=".*" languagerulename="B"/>
</maprules></body></srx>"#
    )
}

#[test]
fn basic_file_segments_english_russian_and_others() {
    let path = basic();
    for (lang, input, want) in [
        ("en", "Mr. Smith came. He left.", "Mr. Smith came.|He left."),
        (
            "en",
            "Dr. J. F. Kennedy spoke! Fine?",
            "Dr. J. F. Kennedy spoke!|Fine?",
        ),
        (
            "en",
            "He said \"no.\" Then he left.",
            "He said \"no.\"|Then he left.",
        ),
        (
            "en",
            "It rose 3.5 percent. Visit www.x.com now.",
            "It rose 3.5 percent.|Visit www.x.com now.",
        ),
        ("en", "\"Why?\" she asked.", "\"Why?\" she asked."),
        (
            "ru",
            "Он живёт в г. Москва. Всё.",
            "Он живёт в г. Москва.|Всё.",
        ),
        ("ru", "Mr. Smith came.", "Mr.|Smith came."),
        (
            "ar",
            "هل تريدون رؤيته؟ قال ذلك.",
            "هل تريدون رؤيته؟|قال ذلك.",
        ),
        ("ar", "قال: «لا!» ثم غادر.", "قال: «لا!»|ثم غادر."),
    ] {
        let seg = Segmenter::from_srx(&path, &Lang::parse(lang).unwrap()).unwrap();
        assert_eq!(seg.split(input).join("|"), want, "{lang}: {input}");
    }
}

#[test]
fn line_feed_rule_and_trimming() {
    let seg = Segmenter::from_srx(&basic(), &Lang::En).unwrap();
    assert_eq!(seg.split("  One two\nthree.  "), ["One two", "three."]);
    assert!(seg.split("   ").is_empty());
}

#[test]
fn cascade_chooses_rule_sets() {
    let rules = r#"<languagerule languagerulename="A">
  <rule break="no"><beforebreak>\.</beforebreak><afterbreak>\s</afterbreak></rule>
</languagerule>
<languagerule languagerulename="B">
  <rule break="yes"><beforebreak>[.!]</beforebreak><afterbreak>\s</afterbreak></rule>
</languagerule>"#;
    let text = "A. B! C. D";
    let cascading = SrxDocument::parse(&doc(rules, "yes")).unwrap();
    let en = cascading.rules_for("en-GB").unwrap();
    assert_eq!(split_with(&en, text), ["A. B!", " C. D"]);
    let de = cascading.rules_for("de").unwrap();
    assert_eq!(split_with(&de, text), ["A.", " B!", " C.", " D"]);
    let first_only = SrxDocument::parse(&doc(rules, "no")).unwrap();
    let en = first_only.rules_for("EN").unwrap();
    assert_eq!(split_with(&en, text), [text]);
}

#[test]
fn capture_groups_do_not_move_the_break() {
    // The groups capture only part of the before text; the break is still
    // at the end of the whole match, and backreferences keep working.
    let rules = r#"<languagerule languagerulename="A">
  <rule break="yes"><beforebreak>(\w)(\w)\2\.</beforebreak><afterbreak>(\s)</afterbreak></rule>
</languagerule><languagerule languagerulename="B"/>"#;
    let d = SrxDocument::parse(&doc(rules, "yes")).unwrap();
    let r = d.rules_for("en").unwrap();
    assert_eq!(split_with(&r, "a bcc. d ee. f"), ["a bcc.", " d ee. f"]);
}

#[test]
fn overlapping_matches_are_all_found() {
    // Every match of `\w+\.` overlaps the previous search's text; a
    // one-pass search with skipping would lose breaks.
    let rules = r#"<languagerule languagerulename="A">
  <rule break="yes"><beforebreak>\w+\.</beforebreak><afterbreak>\w</afterbreak></rule>
</languagerule><languagerule languagerulename="B"/>"#;
    let d = SrxDocument::parse(&doc(rules, "yes")).unwrap();
    let r = d.rules_for("en").unwrap();
    assert_eq!(split_with(&r, "a.b.c"), ["a.", "b.", "c"]);
}

#[test]
fn first_matching_rule_decides() {
    let rules = r#"<languagerule languagerulename="A">
  <rule break="yes"><beforebreak>x\.</beforebreak><afterbreak>\s</afterbreak></rule>
  <rule break="no"><beforebreak>\.</beforebreak><afterbreak>\s</afterbreak></rule>
  <rule break="yes"><beforebreak>\.</beforebreak><afterbreak>\s</afterbreak></rule>
</languagerule><languagerule languagerulename="B"/>"#;
    let d = SrxDocument::parse(&doc(rules, "yes")).unwrap();
    let r = d.rules_for("en").unwrap();
    assert_eq!(split_with(&r, "ax. b. c"), ["ax.", " b. c"]);
}

#[test]
fn entities_cdata_and_lookarounds() {
    let rules = r#"<languagerule languagerulename="A">
  <rule break="yes"><beforebreak><![CDATA[(?<![A-Z])[.&]]]></beforebreak><afterbreak>&#x20;</afterbreak></rule>
</languagerule><languagerule languagerulename="B"/>"#;
    let d = SrxDocument::parse(&doc(rules, "yes")).unwrap();
    let r = d.rules_for("en").unwrap();
    assert_eq!(split_with(&r, "a. B. c& d"), ["a.", " B. c&", " d"]);
}

#[test]
fn errors_name_path_and_line() {
    let bad_xml = "<srx>\n<body>\n<languagerules>\n</body>\n</srx>";
    let e = SrxDocument::parse(bad_xml).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Parse(_)), "{e}");
    assert!(
        matches!(e.position(), Some(Position::Line(n)) if n >= 3),
        "{e}"
    );

    let bad_regex = doc(
        "<languagerule languagerulename=\"A\">\n\n<rule break=\"yes\">\n<beforebreak>([a-</beforebreak><afterbreak>\\s</afterbreak></rule>\n</languagerule><languagerule languagerulename=\"B\"/>",
        "yes",
    );
    let e = SrxDocument::parse(&bad_regex).unwrap_err();
    assert!(e.to_string().contains("beforebreak"), "{e}");
    assert_eq!(e.position(), Some(Position::Line(5)), "{e}");

    let bad_break = doc("<languagerule languagerulename=\"A\"><rule break=\"maybe\"/></languagerule><languagerule languagerulename=\"B\"/>", "yes");
    assert!(SrxDocument::parse(&bad_break).is_err());

    let unknown = doc("<languagerule languagerulename=\"A\"/>", "yes");
    let e = SrxDocument::parse(&unknown).unwrap_err();
    assert!(e.to_string().contains("'B'"), "{e}");

    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("x.srx");
    std::fs::write(&p, bad_xml).unwrap();
    let e = Segmenter::from_srx(&p, &Lang::En).unwrap_err();
    assert_eq!(e.path(), Some(p.as_path()));

    let only_en = "<srx><header cascade=\"no\"/><body><languagerules><languagerule languagerulename=\"A\"/></languagerules><maprules><languagemap languagepattern=\"en\" languagerulename=\"A\"/></maprules></body></srx>";
    std::fs::write(&p, only_en).unwrap();
    assert!(Segmenter::from_srx(&p, &Lang::En).is_ok());
    let e = Segmenter::from_srx(&p, &Lang::Ru).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Config(_)), "{e}");
}

/// Every position, every rule, directly from the definition; only valid
/// for rules without lookarounds that reach across the position.
fn naive(rules: &[(bool, &str, &str)], text: &str) -> Vec<usize> {
    let compiled: Vec<(bool, Regex, Regex)> = rules
        .iter()
        .map(|&(b, before, after)| {
            (
                b,
                Regex::new(&format!("(?:{before})\\z")).unwrap(),
                Regex::new(&format!("\\A(?:{after})")).unwrap(),
            )
        })
        .collect();
    (1..text.len())
        .filter(|&p| text.is_char_boundary(p))
        .filter(|&p| {
            compiled
                .iter()
                .find(|(_, b, a)| {
                    b.is_match(&text[..p]).unwrap() && a.is_match(&text[p..]).unwrap()
                })
                .is_some_and(|(brk, _, _)| *brk)
        })
        .collect()
}

proptest! {
    #[test]
    fn matches_the_definition(text in "[ab. xé\n]{0,30}") {
        let rules = [
            (false, r"\ba\.", r"\s"),
            (true, r"[.]+", r"\s+[a-z]"),
            (false, r"b+\.", r"\s"),
            (true, r"\.", r"\s"),
            (true, r"\n", r""),
            (true, r"(b)a\1", r"x"),
        ];
        let xml: String = rules
            .iter()
            .map(|(b, before, after)| format!(
                "<rule break=\"{}\"><beforebreak>{before}</beforebreak><afterbreak>{after}</afterbreak></rule>",
                if *b { "yes" } else { "no" }
            ))
            .collect();
        let d = SrxDocument::parse(&doc(
            &format!("<languagerule languagerulename=\"A\">{xml}</languagerule><languagerule languagerulename=\"B\"/>"),
            "no",
        )).unwrap();
        let r = d.rules_for("en").unwrap();
        prop_assert_eq!(r.boundaries(&text), naive(&rules, &text));
    }

    #[test]
    fn srx_split_keeps_invariants(s in any::<String>()) {
        let seg = Segmenter::from_srx(&basic(), &Lang::En).unwrap();
        let pieces = seg.split(&s);
        let squash = |t: &str| t.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        prop_assert!(pieces.iter().all(|p| !p.is_empty() && p.trim() == *p));
        prop_assert_eq!(squash(&pieces.concat()), squash(&s));
    }
}

#[test]
fn long_paragraphs_stay_fast() {
    let seg = Segmenter::from_srx(&basic(), &Lang::En).unwrap();
    let many = "Go on. ".repeat(20_000);
    assert_eq!(seg.split(&many).len(), 20_000);
}

#[test]
fn a_rule_without_expressions_matches_everywhere() {
    let rules = r#"<languagerule languagerulename="A">
  <rule break="no"><beforebreak>a</beforebreak></rule>
  <rule break="yes"/>
</languagerule><languagerule languagerulename="B"/>"#;
    let d = SrxDocument::parse(&doc(rules, "yes")).unwrap();
    let r = d.rules_for("en").unwrap();
    assert_eq!(split_with(&r, "xaé"), ["x", "aé"]);
}

#[test]
fn java_style_escapes_and_classes() {
    let rules = r#"<languagerule languagerulename="A">
  <rule break="yes"><beforebreak>[\u2026\u002E]</beforebreak><afterbreak>\s[\p{Lu}&amp;&amp;[^X]]</afterbreak></rule>
</languagerule><languagerule languagerulename="B"/>"#;
    let d = SrxDocument::parse(&doc(rules, "yes")).unwrap();
    let r = d.rules_for("en").unwrap();
    assert_eq!(split_with(&r, "a… B. X. Я"), ["a…", " B. X.", " Я"]);
}
