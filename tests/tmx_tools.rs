//! `mizan tmx stats|merge|filter|convert` on memories mizan built and on
//! memories written by other tools (issue 13).

use crate::util::{corpus, run_bad_input, run_ok, Workdir};

/// A TMX 1.1 file as an older tool writes it: `lang` instead of
/// `xml:lang`, inline codes, no mizan props, UTF-16 with a BOM.
const OTHER_TOOL: &str = r#"<?xml version="1.0" encoding="UTF-16"?>
<tmx version="1.1">
<header srclang="AR" creationtool="other" segtype="sentence" o-tmf="x" adminlang="en" datatype="rtf"/>
<body>
<tu><tuv lang="AR"><seg>مرحبا <bpt i="1">{\b </bpt>بكم<ept i="1">}</ept></seg></tuv><tuv lang="EN-GB"><seg>Welcome <bpt i="1">{\b </bpt>all<ept i="1">}</ept></seg></tuv></tu>
<tu><tuv lang="AR"><seg>شكرا</seg></tuv><tuv lang="EN-GB"><seg>Thanks</seg></tuv></tu>
</body>
</tmx>
"#;

fn utf16le_with_bom(s: &str) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    for u in s.encode_utf16() {
        out.extend(u.to_le_bytes());
    }
    out
}

fn built(wd: &Workdir) {
    run_ok(
        wd.mizan()
            .args(["build", "-q", "-o", "out"])
            .arg(corpus("")),
    );
}

fn stdout(out: std::process::Output) -> String {
    String::from_utf8(out.stdout).unwrap()
}

fn stat(wd: &Workdir, file: &str, key: &str) -> serde_json::Value {
    let out = run_ok(wd.mizan().args(["tmx", "stats", "--json", file]));
    let v: serde_json::Value = serde_json::from_str(&stdout(out)).unwrap();
    v[key].clone()
}

#[test]
fn issue13_stats_reads_other_tools_memories() {
    let wd = Workdir::new();
    wd.write("other.tmx", utf16le_with_bom(OTHER_TOOL));
    let out = run_ok(wd.mizan().args(["tmx", "stats", "other.tmx"]));
    let text = stdout(out);
    assert!(text.contains("units: 2\n"), "{text}");
    assert!(
        text.contains("variants by language: AR 2, EN-GB 2"),
        "{text}"
    );
    let out = run_ok(
        wd.mizan()
            .args(["tmx", "convert", "other.tmx", "-f", "tsv"]),
    );
    let tsv = stdout(out);
    assert!(tsv.contains("\tمرحبا بكم\tWelcome all\n"), "{tsv}");
    let out =
        run_ok(
            wd.mizan()
                .args(["tmx", "convert", "other.tmx", "-f", "tsv", "--keep-inline"]),
        );
    assert!(stdout(out).contains("\tWelcome {\\b all}\n"));
}

#[test]
fn issue13_merge_removes_duplicates_and_counts_them() {
    let wd = Workdir::new();
    built(&wd);
    let units = stat(&wd, "out/ar-en.tmx", "units").as_u64().unwrap();
    assert!(units > 20);
    let out = run_ok(wd.mizan().args([
        "tmx",
        "merge",
        "out/ar-en.tmx",
        "out/ar-en.tmx",
        "-o",
        "merged.tmx.gz",
    ]));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("{units} exact duplicates removed")),
        "{err}"
    );
    let gz = std::fs::read(wd.path("merged.tmx.gz")).unwrap();
    assert_eq!(&gz[..2], &[0x1f, 0x8b]);
    assert_eq!(stat(&wd, "merged.tmx.gz", "units").as_u64(), Some(units));
    assert_eq!(stat(&wd, "merged.tmx.gz", "duplicates").as_u64(), Some(0));
    assert_eq!(
        stat(&wd, "merged.tmx.gz", "props")["x-mizan-count"].as_u64(),
        Some(units)
    );
    let tsv = stdout(run_ok(wd.mizan().args([
        "tmx",
        "convert",
        "merged.tmx.gz",
        "-f",
        "tsv",
    ])));
    let orig = stdout(run_ok(wd.mizan().args([
        "tmx",
        "convert",
        "out/ar-en.tmx",
        "-f",
        "tsv",
    ])));
    assert_eq!(tsv, orig);
    // Memories in different source languages need --src-lang.
    wd.write(
        "other.tmx",
        utf16le_with_bom(&OTHER_TOOL.replace("AR", "EN-GB")),
    );
    let err = run_bad_input(wd.mizan().args([
        "tmx",
        "merge",
        "out/ar-en.tmx",
        "other.tmx",
        "-o",
        "x.tmx",
    ]));
    assert!(err.contains("give --src-lang"), "{err}");
    assert!(!wd.path("x.tmx").exists());
}

#[test]
fn issue13_merge_conflict_policies() {
    let wd = Workdir::new();
    let tmx = |en: &str, score: &str| {
        format!(
            r#"<tmx version="1.4"><header srclang="ar"/><body><tu><prop type="x-mizan-score">{score}</prop><tuv xml:lang="ar"><seg>نعم</seg></tuv><tuv xml:lang="en"><seg>{en}</seg></tuv></tu></body></tmx>"#
        )
    };
    wd.write("a.tmx", tmx("Yes", "0.4"));
    wd.write("b.tmx", tmx("Yes.", "0.9"));
    for (policy, want) in [
        ("keep-all", vec!["Yes", "Yes."]),
        ("first", vec!["Yes"]),
        ("last", vec!["Yes."]),
        ("best-score", vec!["Yes."]),
    ] {
        run_ok(wd.mizan().args([
            "tmx",
            "merge",
            "a.tmx",
            "b.tmx",
            "--conflicts",
            policy,
            "-o",
            "m.tmx",
        ]));
        let out = stdout(run_ok(
            wd.mizan().args(["tmx", "convert", "m.tmx", "-f", "jsonl"]),
        ));
        let got: Vec<String> = out
            .lines()
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).unwrap()["target"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        assert_eq!(got, want, "{policy}");
    }
}

#[test]
fn issue13_filter_by_score_shape_document_prop_and_language() {
    let wd = Workdir::new();
    built(&wd);
    let all = stat(&wd, "out/ar-en.tmx", "units").as_u64().unwrap();
    run_ok(wd.mizan().args([
        "tmx",
        "filter",
        "out/ar-en.tmx",
        "--bead",
        "1-1",
        "-o",
        "one.tmx",
    ]));
    let shapes = stat(&wd, "one.tmx", "shapes");
    assert_eq!(shapes.as_object().unwrap().len(), 1, "{shapes}");
    let ones = shapes["1-1"].as_u64().unwrap();
    assert!(ones < all);
    run_ok(wd.mizan().args([
        "tmx",
        "filter",
        "out/ar-en.tmx",
        "--min-score",
        "0.99",
        "--tmx-encoding",
        "utf-16",
        "-o",
        "sure.tmx",
    ]));
    let bytes = std::fs::read(wd.path("sure.tmx")).unwrap();
    assert_eq!(&bytes[..4], &[0xFF, 0xFE, b'<', 0]);
    let tsv = stdout(run_ok(
        wd.mizan().args(["tmx", "convert", "sure.tmx", "-f", "tsv"]),
    ));
    for line in tsv.lines().skip(1) {
        let score: f64 = line.split('\t').nth(2).unwrap().parse().unwrap();
        assert!(score >= 0.99, "{line}");
    }
    let doc = "qatar-russia-military";
    run_ok(wd.mizan().args([
        "tmx",
        "filter",
        "out/ar-en.tmx",
        "--document",
        doc,
        "-o",
        "doc.tmx",
    ]));
    run_ok(wd.mizan().args([
        "tmx",
        "filter",
        "out/ar-en.tmx",
        "--prop",
        &format!("x-mizan-document={doc}"),
        "-o",
        "prop.tmx",
    ]));
    assert_eq!(
        std::fs::read(wd.path("doc.tmx")).unwrap(),
        std::fs::read(wd.path("prop.tmx")).unwrap()
    );
    assert_eq!(stat(&wd, "doc.tmx", "documents").as_u64(), Some(1));
    run_ok(wd.mizan().args([
        "tmx",
        "filter",
        "out/ar-en.tmx",
        "--lang",
        "en",
        "--lang",
        "xx",
        "-o",
        "none.tmx",
    ]));
    assert_eq!(stat(&wd, "none.tmx", "units").as_u64(), Some(0));
    let err = run_bad_input(wd.mizan().args([
        "tmx",
        "filter",
        "out/ar-en.tmx",
        "--prop",
        "novalue",
        "-o",
        "p.tmx",
    ]));
    assert!(err.contains("TYPE=VALUE"), "{err}");
}

#[test]
fn issue13_convert_to_every_format() {
    let wd = Workdir::new();
    built(&wd);
    let tsv = std::fs::read_to_string(wd.path("out/ar-ru.tsv")).unwrap();
    let got = stdout(run_ok(wd.mizan().args([
        "tmx",
        "convert",
        "out/ar-ru.tmx",
        "-f",
        "tsv",
    ])));
    // The build's own TSV and the TMX converted to TSV hold the same rows.
    assert_eq!(got, tsv);
    run_ok(
        wd.mizan()
            .args(["tmx", "convert", "out/ar-ru.tmx", "-f", "moses", "-o", "m"]),
    );
    assert_eq!(
        std::fs::read(wd.path("m.ar")).unwrap(),
        std::fs::read(wd.path("out/ar-ru.ar")).unwrap()
    );
    assert_eq!(
        std::fs::read(wd.path("m.ru")).unwrap(),
        std::fs::read(wd.path("out/ar-ru.ru")).unwrap()
    );
    let csv = stdout(run_ok(wd.mizan().args([
        "tmx",
        "convert",
        "out/ar-ru.tmx",
        "-f",
        "csv",
    ])));
    assert_eq!(csv.lines().count(), tsv.lines().count());
    let jsonl = stdout(run_ok(wd.mizan().args([
        "tmx",
        "convert",
        "out/ar-ru.tmx",
        "-f",
        "jsonl",
    ])));
    assert_eq!(jsonl.lines().count() + 1, tsv.lines().count());
    let first: serde_json::Value = serde_json::from_str(jsonl.lines().next().unwrap()).unwrap();
    assert!(first["score"].is_number());
    run_ok(wd.mizan().args([
        "tmx",
        "convert",
        "out/ar-ru.tmx",
        "-f",
        "xliff",
        "-o",
        "out.xlf",
    ]));
    let xlf = std::fs::read_to_string(wd.path("out.xlf")).unwrap();
    assert!(xlf.contains("version=\"2.0\" srcLang=\"ar\" trgLang=\"ru\""));
    assert_eq!(xlf.matches("<source>").count() + 1, tsv.lines().count());
    let out = std::process::Command::new("xmllint")
        .args(["--noout"])
        .arg(wd.path("out.xlf"))
        .output()
        .expect("xmllint is needed: apt-get install -y libxml2-utils");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = run_bad_input(
        wd.mizan()
            .args(["tmx", "convert", "out/ar-ru.tmx", "-f", "moses"]),
    );
    assert!(err.contains("-o"), "{err}");
}

#[test]
fn issue13_bad_tmx_names_file_and_line() {
    let wd = Workdir::new();
    wd.write(
        "bad.tmx",
        "<tmx version=\"1.4\"><header srclang=\"ar\"/><body>\n<tu>\n<tuv><seg>x</seg></tuv></tu></body></tmx>",
    );
    let err = run_bad_input(wd.mizan().args(["tmx", "stats", "bad.tmx"]));
    assert!(err.contains("bad.tmx:3:"), "{err}");
    assert!(err.contains("xml:lang"), "{err}");
    wd.write("bad2.tmx", "<tmx><body><tu></body>");
    let err = run_bad_input(
        wd.mizan()
            .args(["tmx", "filter", "bad2.tmx", "-o", "out.tmx"]),
    );
    assert!(err.contains("bad2.tmx:1:"), "{err}");
    assert!(!wd.path("out.tmx").exists());
}

#[test]
fn issue13_tmx_help_lists_the_tools() {
    let wd = Workdir::new();
    let text = stdout(run_ok(wd.mizan().args(["tmx", "--help"])));
    for cmd in ["stats", "merge", "filter", "convert"] {
        assert!(text.contains(cmd), "{text}");
        let help = stdout(run_ok(wd.mizan().args(["tmx", cmd, "--help"])));
        assert!(help.contains("Usage: mizan tmx"), "{help}");
    }
}

#[test]
fn issue13_merge_across_source_languages_and_review_doubtful_units() {
    let wd = Workdir::new();
    built(&wd);
    // ar-en and ar-ru share Arabic as source: one memory with both.
    run_ok(wd.mizan().args([
        "tmx",
        "merge",
        "out/ar-en.tmx",
        "out/ar-ru.tmx",
        "--tmx-encoding",
        "utf-16",
        "-o",
        "both.tmx",
    ]));
    assert_eq!(
        &std::fs::read(wd.path("both.tmx")).unwrap()[..2],
        &[0xFF, 0xFE]
    );
    let langs = stat(&wd, "both.tmx", "languages");
    assert!(langs["en"].as_u64().unwrap() > 0 && langs["ru"].as_u64().unwrap() > 0);
    // With English as the source language given, every ar-ru unit lacks it,
    // and the run says so.
    let out = run_ok(wd.mizan().args([
        "tmx",
        "merge",
        "out/ar-en.tmx",
        "out/ar-ru.tmx",
        "--src-lang",
        "en",
        "-o",
        "en.tmx",
    ]));
    let ru = stat(&wd, "out/ar-ru.tmx", "units").as_u64().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!(
            "{ru} unit(s) have no variant in the source language en"
        )),
        "{err}"
    );
    assert_eq!(stat(&wd, "en.tmx", "source_lang").as_str(), Some("en"));
    assert_eq!(stat(&wd, "en.tmx", "without_source").as_u64(), Some(ru));
    // The doubtful units, for review.
    run_ok(wd.mizan().args([
        "tmx",
        "filter",
        "out/ar-en.tmx",
        "--max-score",
        "0.99",
        "-o",
        "doubtful.tmx",
    ]));
    let tsv = stdout(run_ok(wd.mizan().args([
        "tmx",
        "convert",
        "doubtful.tmx",
        "-f",
        "tsv",
    ])));
    assert!(tsv.lines().count() > 1, "{tsv}");
    for line in tsv.lines().skip(1) {
        let score: f64 = line.split('\t').nth(2).unwrap().parse().unwrap();
        assert!(score <= 0.99, "{line}");
    }
}
