//! `mizan build` with what `align` has, and the rules CAT tools apply on
//! import (issue 13).

use crate::util::{corpus, run_bad_input, run_ok, shared, Workdir};
use std::process::Command;

/// SRX rules that never break a paragraph.
const NO_BREAK_SRX: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<srx xmlns="http://www.lisa.org/srx20" version="2.0">
  <header segmentsubflows="yes" cascade="yes"/>
  <body>
    <languagerules>
      <languagerule languagerulename="Default">
        <rule break="no"><beforebreak>.</beforebreak><afterbreak>.</afterbreak></rule>
      </languagerule>
    </languagerules>
    <maprules>
      <languagemap languagepattern=".*" languagerulename="Default"/>
    </maprules>
  </body>
</srx>
"#;

fn build(wd: &Workdir, out: &str, extra: &[&str]) -> std::process::Output {
    run_ok(
        wd.mizan()
            .args(["build", "-q", "-o", out])
            .arg(corpus(""))
            .args(extra),
    )
}

fn read(wd: &Workdir, rel: &str) -> String {
    std::fs::read_to_string(wd.path(rel)).unwrap()
}

fn shapes(wd: &Workdir, tmx: &str) -> serde_json::Value {
    let out = run_ok(wd.mizan().args(["tmx", "stats", "--json", tmx]));
    serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()["shapes"].clone()
}

#[test]
fn issue13_build_splits_as_told() {
    let wd = Workdir::new();
    wd.write("nobreak.srx", NO_BREAK_SRX);
    build(&wd, "rules", &[]);
    build(&wd, "srx", &["--srx", "nobreak.srx"]);
    build(&wd, "lines", &["--presegmented"]);
    // One segment a paragraph either way: every 1-1 unit's Arabic text is
    // a whole line of an article, and there are fewer units than with
    // sentence splitting (paragraphs of several sentences).
    let mut paragraphs = std::collections::HashSet::new();
    for e in std::fs::read_dir(corpus("ar")).unwrap() {
        let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
        paragraphs.extend(text.lines().map(|l| l.trim().to_string()));
    }
    let rules = read(&wd, "rules/ar-en.tsv").lines().count();
    for dir in ["srx", "lines"] {
        let tsv = read(&wd, &format!("{dir}/ar-en.tsv"));
        assert!(tsv.lines().count() < rules, "{dir}");
        let mut whole = 0;
        for row in tsv.lines().skip(1) {
            let f: Vec<&str> = row.split('\t').collect();
            if f[1] == "1-1" {
                assert!(paragraphs.contains(f[3]), "{dir}: {}", f[3]);
                whole += 1;
            }
        }
        assert!(whole > 10, "{dir}");
    }
    let err = run_bad_input(
        wd.mizan()
            .args(["build", "-o", "x", "--presegmented", "--srx", "nobreak.srx"])
            .arg(corpus("")),
    );
    assert!(err.contains("--srx"), "{err}");
    let err = run_bad_input(
        wd.mizan()
            .args(["build", "-o", "x", "--srx", "missing.srx"])
            .arg(corpus("")),
    );
    assert!(err.contains("missing.srx"), "{err}");
}

#[test]
fn issue13_build_aligns_and_pairs_as_told() {
    let wd = Workdir::new();
    build(&wd, "default", &[]);
    build(
        &wd,
        "plain",
        &["--no-anchors", "--no-lexicon", "--passes", "1"],
    );
    assert_ne!(
        read(&wd, "default/ar-en.tsv"),
        read(&wd, "plain/ar-en.tsv"),
        "length alone aligns differently from anchors and lexicon"
    );
    // A threshold no pair reaches leaves every article unpaired.
    let out = wd
        .mizan()
        .args(["build", "-q", "-o", "none", "--threshold", "1000"])
        .arg(corpus(""))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no translation unit"));
    let err = run_bad_input(
        wd.mizan()
            .args(["build", "-o", "x", "--threshold=-1"])
            .arg(corpus("")),
    );
    assert!(err.contains("--threshold"), "{err}");
}

#[test]
fn issue13_build_formats_and_lang_tags() {
    let wd = Workdir::new();
    build(
        &wd,
        "out",
        &["--format", "csv,jsonl,xliff", "--lang-tag", "en=en-GB"],
    );
    let mut names: Vec<String> = std::fs::read_dir(wd.path("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("ar-en"))
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["ar-en.csv", "ar-en.jsonl", "ar-en.tmx", "ar-en.xlf"]
    );
    assert!(read(&wd, "out/ar-en.tmx").contains("<tuv xml:lang=\"en-GB\">"));
    assert!(read(&wd, "out/ar-en.xlf").contains("trgLang=\"en-GB\""));
    build(&wd, "tmx-only", &["--format", "tmx"]);
    assert!(!wd.path("tmx-only/ar-en.tsv").exists());
    assert!(wd.path("tmx-only/ar-ru.tmx").exists());
}

#[test]
fn issue13_cat_tool_rules() {
    let wd = Workdir::new();
    build(&wd, "plain", &[]);
    let out = build(
        &wd,
        "cat",
        &[
            "--tmx-encoding",
            "utf-16",
            "--gzip",
            "--split-every",
            "20",
            "--unit-dates",
            "--creation-id",
            "mizan-test",
        ],
    );
    assert!(out.stderr.is_empty() || String::from_utf8_lossy(&out.stderr).contains("ar-en:"));
    let units = read(&wd, "plain/ar-en.tsv").lines().count() - 1;
    let parts = units.div_ceil(20);
    let mut total = String::new();
    for k in 1..=parts {
        let gz = wd.path(&format!("cat/ar-en.{k:03}.tmx.gz"));
        let plain = wd.path(&format!("part{k}.tmx"));
        let unzipped = Command::new("gzip").arg("-dc").arg(&gz).output().unwrap();
        assert!(unzipped.status.success());
        assert_eq!(&unzipped.stdout[..4], &[0xFF, 0xFE, b'<', 0]);
        std::fs::write(&plain, &unzipped.stdout).unwrap();
        std::fs::copy(shared("tmx14.dtd"), wd.path("tmx14.dtd")).unwrap();
        let lint = Command::new("xmllint")
            .args(["--noout", "--dtdvalid"])
            .arg(shared("tmx14.dtd"))
            .arg(&plain)
            .output()
            .expect("xmllint is needed: apt-get install -y libxml2-utils");
        assert!(
            lint.status.success(),
            "{}",
            String::from_utf8_lossy(&lint.stderr)
        );
        let tsv = run_ok(wd.mizan().args(["tmx", "convert", "-f", "tsv"]).arg(&gz)).stdout;
        let tsv = String::from_utf8(tsv).unwrap();
        total.push_str(if k == 1 {
            &tsv
        } else {
            tsv.split_once('\n').unwrap().1
        });
        let text: String = char::decode_utf16(
            unzipped.stdout[2..]
                .chunks(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]])),
        )
        .map(|c| c.unwrap())
        .collect();
        assert!(text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-16\"?>"));
        assert!(text.contains(
            "creationid=\"mizan-test\" creationdate=\"20261129T000000Z\" changedate=\"20261129T000000Z\""
        ));
    }
    assert!(!wd
        .path(&format!("cat/ar-en.{:03}.tmx.gz", parts + 1))
        .exists());
    assert_eq!(total, read(&wd, "plain/ar-en.tsv"));
    // Multi-sentence units say so.
    let tmx = read(&wd, "plain/ar-en.tmx");
    let blocks = tmx.matches("segtype=\"block\"").count();
    let sh = shapes(&wd, "plain/ar-en.tmx");
    let multi: u64 = sh
        .as_object()
        .unwrap()
        .iter()
        .filter(|(k, _)| k.as_str() != "1-1")
        .map(|(_, v)| v.as_u64().unwrap())
        .sum();
    assert_eq!(blocks as u64, multi);
    let err = run_bad_input(
        wd.mizan()
            .args(["build", "-o", "x", "--split-every", "0"])
            .arg(corpus("")),
    );
    assert!(err.contains("--split-every"), "{err}");
    let err = run_bad_input(
        wd.mizan()
            .args(["build", "-o", "x", "--lang-tag", "en=en_GB"])
            .arg(corpus("")),
    );
    assert!(err.contains("en_GB"), "{err}");
}

#[test]
fn issue13_long_segments_are_reported_not_silently_dropped() {
    let wd = Workdir::new();
    build(&wd, "all", &["--max-seg-len", "0"]);
    let out = build(&wd, "short", &["--max-seg-len", "300"]);
    let err = String::from_utf8_lossy(&out.stderr);
    let summary = read(&wd, "short/summary.txt");
    let line = summary
        .lines()
        .find(|l| l.starts_with("ar-en:") && l.contains("over 300 characters"))
        .unwrap_or_else(|| panic!("{summary}"));
    let n: usize = line["ar-en: ".len()..]
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(n > 0);
    assert!(
        err.contains(&format!("ar-en: {n} unit(s) with a side over 300")),
        "{err}"
    );
    let all = read(&wd, "all/ar-en.tsv").lines().count();
    let short = read(&wd, "short/ar-en.tsv").lines().count();
    assert_eq!(all, short + n);
    for row in read(&wd, "short/ar-en.tsv").lines() {
        for text in row.split('\t').skip(3) {
            assert!(text.chars().count() <= 300);
        }
    }
    // The default is Trados's 2,000, which no unit of the example reaches.
    build(&wd, "default", &[]);
    assert_eq!(read(&wd, "default/ar-en.tsv"), read(&wd, "all/ar-en.tsv"));
}

#[test]
fn issue13_stale_outputs_of_another_form_are_removed() {
    let wd = Workdir::new();
    build(
        &wd,
        "out",
        &["--gzip", "--split-every", "10", "--format", "csv"],
    );
    assert!(wd.path("out/ar-en.001.tmx.gz").exists());
    wd.write("out/notes.txt", "mine");
    let out = build(&wd, "out", &[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("ar-en.001.tmx.gz"), "{err}");
    let mut names: Vec<String> = std::fs::read_dir(wd.path("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "ar-en.ar",
            "ar-en.en",
            "ar-en.tmx",
            "ar-en.tsv",
            "ar-ru.ar",
            "ar-ru.ru",
            "ar-ru.tmx",
            "ar-ru.tsv",
            "notes.txt",
            "pairs.tsv",
            "review-ar-en.html",
            "review-ar-ru.html",
            "summary.txt",
            "unpaired.tsv"
        ]
    );
}

#[test]
fn issue13_multilingual_memory() {
    let wd = Workdir::new();
    let out = build(&wd, "out", &["--multilingual"]);
    let err = String::from_utf8_lossy(&out.stderr);
    let line = err
        .lines()
        .find(|l| l.starts_with("ar-en-ru:"))
        .unwrap_or_else(|| panic!("{err}"));
    let n: usize = line["ar-en-ru: ".len()..]
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let same: usize = line
        .split('(')
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(n > 20 && same > 0 && same <= n, "{line}");
    let stats = run_ok(
        wd.mizan()
            .args(["tmx", "stats", "--json", "out/ar-en-ru.tmx"]),
    );
    let stats: serde_json::Value = serde_json::from_slice(&stats.stdout).unwrap();
    assert_eq!(stats["units"].as_u64(), Some(n as u64));
    assert_eq!(stats["variants_per_unit"]["3"].as_u64(), Some(n as u64));
    let lint = Command::new("xmllint")
        .args(["--noout", "--dtdvalid"])
        .arg(shared("tmx14.dtd"))
        .arg(wd.path("out/ar-en-ru.tmx"))
        .output()
        .expect("xmllint is needed: apt-get install -y libxml2-utils");
    assert!(
        lint.status.success(),
        "{}",
        String::from_utf8_lossy(&lint.stderr)
    );
    // A unit over the same boundaries in both pairs is, language by
    // language, a unit of each bilingual memory.
    let rows = |file: &str| -> std::collections::HashSet<(String, String)> {
        read(&wd, file)
            .lines()
            .skip(1)
            .map(|r| {
                let f: Vec<&str> = r.split('\t').collect();
                (f[3].to_string(), f[4].to_string())
            })
            .collect()
    };
    let (en, ru) = (rows("out/ar-en.tsv"), rows("out/ar-ru.tsv"));
    for (lang, pair) in [("en", &en), ("ru", &ru)] {
        run_ok(wd.mizan().args([
            "tmx",
            "convert",
            "out/ar-en-ru.tmx",
            "-f",
            "tsv",
            "--tgt-lang",
            lang,
            "-o",
            &format!("tri-{lang}.tsv"),
        ]));
        let tri = rows(&format!("tri-{lang}.tsv"));
        assert_eq!(tri.len(), n);
        let found = tri.iter().filter(|r| pair.contains(*r)).count();
        assert!(
            found >= same,
            "{lang}: {found} of {n} units found, {same} expected"
        );
    }
    // Without a second language besides Arabic there is no trilingual
    // memory, and the run says so.
    wd.write(
        "c/ar/a.txt",
        std::fs::read(corpus("ar/egypt-inflation.txt")).unwrap(),
    );
    wd.write(
        "c/en/a.txt",
        std::fs::read(corpus("en/egypt-inflation.txt")).unwrap(),
    );
    let out = run_ok(
        wd.mizan()
            .args(["build", "-q", "-o", "two", "--multilingual", "c"]),
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("--multilingual needs"));
    assert!(!wd.path("two/ar-en-ru.tmx").exists());
}

/// Issue 16: the memory, the other formats and the review page are
/// written side by side, and listed in the manifest in the order they
/// were listed in when written one after the other; the TMX written as
/// its units are made (no XLIFF asked for) is the one written from the
/// units held for the XLIFF.
#[test]
fn issue16_outputs_written_side_by_side_keep_their_order_and_bytes() {
    let wd = Workdir::new();
    let built = |out: &str, formats: &str| {
        run_ok(
            wd.mizan()
                .env("SOURCE_DATE_EPOCH", "1700000000")
                .args(["build", "-q", "-o", out, "--format", formats])
                .arg(corpus("")),
        )
    };
    built("held", "xliff,tsv,moses");
    built("streamed", "tsv,moses");
    for file in [
        "ar-en.tmx",
        "ar-ru.tmx",
        "ar-en.tsv",
        "ar-en.ar",
        "review-ar-ru.html",
    ] {
        assert_eq!(
            read(&wd, &format!("held/{file}")),
            read(&wd, &format!("streamed/{file}")),
            "{file}"
        );
    }
    let listed = read(&wd, "held/.mizan-manifest");
    let listed: Vec<&str> = listed.lines().collect();
    assert_eq!(
        listed[..7],
        [
            "ar-en.tmx",
            "ar-en.xlf",
            "ar-en.tsv",
            "ar-en.ar",
            "ar-en.en",
            "review-ar-en.html",
            "ar-ru.tmx"
        ]
    );
    let listed = read(&wd, "streamed/.mizan-manifest");
    assert!(listed.starts_with("ar-en.tmx\nar-en.tsv\nar-en.ar\nar-en.en\nreview-ar-en.html\n"));
}
