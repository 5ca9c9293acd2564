//! The command line as a user meets it.

use crate::eqnice;
use crate::util::{corpus, root, run_bad_input, run_ok, shared, Workdir};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[test]
fn align_writes_tmx_valid_against_the_dtd() {
    let wd = Workdir::new();
    run_ok(
        wd.mizan()
            .args(["align", "-o", "out.tmx"])
            .arg(corpus("ar/qatar-russia-military.txt"))
            .arg(corpus("en/qatar-russia-military.txt")),
    );
    let tmx = std::fs::read_to_string(wd.path("out.tmx")).unwrap();
    assert!(tmx.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    assert!(tmx.contains("srclang=\"ar\""));
    assert!(tmx.contains("creationdate=\"20261129T000000Z\""));
    assert!(tmx.contains("<tuv xml:lang=\"en\"><seg>"));
    assert!(tmx.contains("Shoigu"));
    let dtd = shared("tmx14.dtd");
    assert!(dtd.is_file(), "{} is missing", dtd.display());
    let out = Command::new("xmllint")
        .args(["--noout", "--dtdvalid"])
        .arg(&dtd)
        .arg(wd.path("out.tmx"))
        .output()
        .expect("xmllint is needed for this test: apt-get install -y libxml2-utils");
    assert!(
        out.status.success(),
        "xmllint: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn lang_tags_are_configurable() {
    let wd = Workdir::new();
    let out = run_ok(
        wd.mizan()
            .args(["align", "--lang-tag", "ar=ar-SA", "--lang-tag", "ru=ru-RU"])
            .arg(corpus("ar/egypt-inflation.txt"))
            .arg(corpus("ru/egypt-inflation.txt")),
    );
    let tmx = String::from_utf8(out.stdout).unwrap();
    assert!(tmx.contains("srclang=\"ar-SA\""));
    assert!(tmx.contains("<tuv xml:lang=\"ru-RU\">"));
    let err = run_bad_input(
        wd.mizan()
            .args(["align", "--lang-tag", "ar_SA"])
            .arg(corpus("ar/egypt-inflation.txt"))
            .arg(corpus("ru/egypt-inflation.txt")),
    );
    assert!(err.contains("LANG=TAG"), "{err}");
}

#[test]
fn tmx_is_reproducible_byte_for_byte() {
    let wd = Workdir::new();
    let args = |o: &str| {
        vec![
            "align".to_string(),
            corpus("ar/jordan-meteor-shower.txt").display().to_string(),
            corpus("ru/jordan-meteor-shower.txt").display().to_string(),
            "-o".into(),
            o.into(),
        ]
    };
    run_ok(wd.mizan().args(args("a.tmx")));
    run_ok(wd.mizan().args(args("b.tmx")));
    assert_eq!(
        std::fs::read(wd.path("a.tmx")).unwrap(),
        std::fs::read(wd.path("b.tmx")).unwrap()
    );
}

#[test]
fn beads_cover_every_segment_once() {
    let wd = Workdir::new();
    let src = wd.write("a.src", "واحد\nاثنان ثلاثة\nأربعة\n\nخمسة\n");
    let tgt = wd.write("a.tgt", "one\ntwo\nthree\nfour\n");
    let out = run_ok(
        wd.mizan()
            .args(["align", "--presegmented", "-f", "beads"])
            .arg(&src)
            .arg(&tgt),
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let (mut s, mut t) = (Vec::new(), Vec::new());
    for line in text.lines() {
        let (src_ids, rest) = line.split_once("]:[").unwrap();
        let (tgt_ids, score) = rest.split_once("]:").unwrap();
        let ids = |x: &str| -> Vec<usize> {
            x.trim_start_matches('[')
                .split(", ")
                .filter(|v| !v.is_empty())
                .map(|v| v.parse().unwrap())
                .collect()
        };
        s.extend(ids(src_ids));
        t.extend(ids(tgt_ids));
        let score: f64 = score.parse().unwrap();
        assert!((0.0..=1.0).contains(&score));
    }
    assert_eq!(s, (0..5).collect::<Vec<_>>());
    assert_eq!(t, (0..4).collect::<Vec<_>>());
}

#[test]
fn tsv_and_csv_have_the_documented_columns() {
    let wd = Workdir::new();
    for (fmt, header) in [
        ("tsv", "document\tbead\tscore\tsource\ttarget"),
        ("csv", "document,bead,score,source,target"),
    ] {
        let out = run_ok(
            wd.mizan()
                .args(["align", "-f", fmt])
                .arg(corpus("ar/egypt-inflation.txt"))
                .arg(corpus("en/egypt-inflation.txt")),
        );
        let text = String::from_utf8(out.stdout).unwrap();
        eqnice!(header, text.lines().next().unwrap());
        assert!(text.lines().count() > 5);
        assert!(text.contains("egypt-inflation"));
    }
}

#[test]
fn moses_writes_two_parallel_files() {
    let wd = Workdir::new();
    run_ok(
        wd.mizan()
            .args(["align", "-f", "moses", "-o", "corpus"])
            .arg(corpus("ar/egypt-inflation.txt"))
            .arg(corpus("ru/egypt-inflation.txt")),
    );
    let ar = std::fs::read_to_string(wd.path("corpus.ar")).unwrap();
    let ru = std::fs::read_to_string(wd.path("corpus.ru")).unwrap();
    assert!(ar.lines().count() > 5);
    assert_eq!(ar.lines().count(), ru.lines().count());
    // Line by line the same units as the TSV output.
    let tsv = run_ok(
        wd.mizan()
            .args(["align", "-f", "tsv"])
            .arg(corpus("ar/egypt-inflation.txt"))
            .arg(corpus("ru/egypt-inflation.txt")),
    );
    let tsv = String::from_utf8(tsv.stdout).unwrap();
    let rows: Vec<(&str, &str)> = tsv
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f[3], f[4])
        })
        .collect();
    let lines: Vec<(&str, &str)> = ar.lines().zip(ru.lines()).collect();
    assert_eq!(rows, lines);
    // Two files cannot go to standard output.
    let err = run_bad_input(
        wd.mizan()
            .args(["align", "-f", "moses"])
            .arg(corpus("ar/egypt-inflation.txt"))
            .arg(corpus("ru/egypt-inflation.txt")),
    );
    assert!(err.contains("-o"), "{err}");
}

#[test]
fn folders_align_files_by_name_and_warn_about_the_rest() {
    let wd = Workdir::new();
    let ar = std::fs::read(corpus("ar/egypt-inflation.txt")).unwrap();
    let en = std::fs::read(corpus("en/egypt-inflation.txt")).unwrap();
    wd.write("ar/story.txt", &ar);
    wd.write("ar/lonely.txt", &ar);
    wd.write("en/story.txt", &en);
    let out = run_ok(wd.mizan().args(["align", "ar", "en", "-f", "tsv"]));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("lonely.txt"), "{stderr}");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.lines().skip(1).all(|l| l.starts_with("story\t")));
}

#[test]
fn missing_file_is_bad_input() {
    let wd = Workdir::new();
    let err = run_bad_input(
        wd.mizan()
            .args(["align", "nope.txt", "nope2.txt", "-o", "out.tmx"]),
    );
    assert!(err.contains("nope.txt"), "{err}");
    assert_eq!(wd.files(), Vec::<String>::new());
}

#[test]
fn invalid_utf8_names_file_and_byte_and_writes_nothing() {
    let wd = Workdir::new();
    wd.write(
        "good.txt",
        "Qatar and Russia sign a military cooperation deal.\n",
    );
    wd.write("bad.txt", b"\xD9\x82\xD8\xB7\xD8\xB1 \xFF\xFE text\n");
    let err = run_bad_input(
        wd.mizan()
            .args(["align", "bad.txt", "good.txt", "-o", "out.tmx"]),
    );
    assert!(err.contains("bad.txt (byte 7): invalid UTF-8"), "{err}");
    assert_eq!(wd.files(), ["bad.txt", "good.txt"]);
}

#[test]
fn empty_file_is_bad_input() {
    let wd = Workdir::new();
    wd.write("empty.txt", "  \n\n");
    wd.write(
        "good.txt",
        "Qatar and Russia sign a military cooperation deal.\n",
    );
    let err = run_bad_input(wd.mizan().args([
        "align",
        "good.txt",
        "empty.txt",
        "-o",
        "out.tsv",
        "-f",
        "tsv",
    ]));
    assert!(err.contains("empty.txt: file holds no text"), "{err}");
    assert_eq!(wd.files(), ["empty.txt", "good.txt"]);
}

#[test]
fn undecidable_language_asks_for_the_flag() {
    let wd = Workdir::new();
    wd.write("nums.txt", "2017 - 25 - 10\n");
    wd.write(
        "good.txt",
        "Qatar and Russia sign a military cooperation deal.\n",
    );
    let err = run_bad_input(wd.mizan().args(["align", "nums.txt", "good.txt"]));
    assert!(
        err.contains("nums.txt") && err.contains("--src-lang"),
        "{err}"
    );
    run_ok(
        wd.mizan()
            .args(["align", "--src-lang", "ar", "nums.txt", "good.txt"]),
    );
}

#[test]
fn segment_prints_one_sentence_a_line() {
    let wd = Workdir::new();
    wd.write(
        "a.txt",
        "Title\n\nDr. Smith arrived at 5 p.m. on Monday. He left at 3.5 km/h! Did he?\n",
    );
    let out = run_ok(wd.mizan().args(["segment", "a.txt", "--lang", "en"]));
    eqnice!(
        "Title\nDr. Smith arrived at 5 p.m. on Monday.\nHe left at 3.5 km/h!\nDid he?\n",
        String::from_utf8(out.stdout).unwrap()
    );
}

#[test]
fn eval_scores_gold_against_itself_and_a_shifted_copy() {
    let wd = Workdir::new();
    let gold = wd.write("g.gold", "[0]:[0]\n[1, 2]:[1]\n[]:[2]\n[3]:[3]\n");
    let test = wd.write(
        "t.beads",
        "[0]:[0]:0.9\n[1]:[1]:0.5\n[2]:[]:0.4\n[]:[2]:0.8\n[3]:[3]:0.9\n",
    );
    let out = run_ok(
        wd.mizan()
            .args(["eval", "--json", "--gold"])
            .arg(&gold)
            .arg("--test")
            .arg(&gold),
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["strict"]["f1"], 1.0);
    let out = run_ok(
        wd.mizan()
            .args(["eval", "--json", "--gold"])
            .arg(&gold)
            .arg("--test")
            .arg(&test),
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // Test beads with a side: 5, of which [0]:[0], []:[2], [3]:[3] are
    // exact; gold beads with both sides: 3, of which 2 are found exactly.
    assert!((v["strict"]["precision"].as_f64().unwrap() - 0.6).abs() < 1e-9);
    assert!((v["strict"]["recall"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-9);
    let bad = wd.write("bad.gold", "[0]:[0]\n[1:[1]\n");
    let err = run_bad_input(
        wd.mizan()
            .args(["eval", "--gold"])
            .arg(&bad)
            .arg("--test")
            .arg(&gold),
    );
    assert!(err.contains("bad.gold:2"), "{err}");
}

#[test]
fn broken_pipe_is_success() {
    let wd = Workdir::new();
    let mut text = String::new();
    for k in 0..20_000 {
        text.push_str(&format!("Sentence number {k} is here. "));
        if k % 10 == 9 {
            text.push('\n');
        }
    }
    wd.write("big.txt", text);
    let mut child = wd
        .mizan()
        .args(["segment", "big.txt", "--lang", "en"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert_eq!(first, "Sentence number 0 is here.\n");
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn aligned_folder_is_up_to_date() {
    let wd = Workdir::new();
    let out = wd.path("aligned");
    let status = Command::new("bash")
        .arg(root().join("scripts/build-aligned"))
        .arg(&out)
        .env("MIZAN", env!("CARGO_BIN_EXE_mizan"))
        .status()
        .unwrap();
    assert!(status.success());
    let names = |dir: &std::path::Path| {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    let built = names(&out);
    assert_eq!(
        names(&root().join("aligned")),
        built,
        "aligned/ holds other files than a build writes: run scripts/build-aligned"
    );
    assert!(built.contains(&"ar-en.tmx".to_string()) && built.contains(&"ar-ru.ru".to_string()));
    for name in built {
        let want = std::fs::read_to_string(root().join("aligned").join(&name)).unwrap_or_default();
        let got = std::fs::read_to_string(out.join(&name)).unwrap();
        assert!(
            want == got,
            "aligned/{name} is stale: run scripts/build-aligned"
        );
    }
}

#[test]
fn help_is_written_for_translators() {
    let wd = Workdir::new();
    for cmd in [
        "align",
        "build",
        "pair",
        "segment",
        "apply",
        "eval",
        "eval-segments",
    ] {
        let out = run_ok(wd.mizan().args([cmd, "--help"]));
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("Usage: mizan"), "{cmd}: {text}");
    }
    let out = run_ok(wd.mizan().args(["align", "--help"]));
    let text = String::from_utf8(out.stdout).unwrap();
    for flag in [
        "--presegmented",
        "--src-lang",
        "--lang-tag",
        "--format",
        "--srx",
    ] {
        assert!(text.contains(flag), "{flag}");
    }
}

/// Copies the example corpus into `dir/ar`, `dir/en` under new names, so
/// that file names do not tell which articles are pairs.
fn scrambled_corpus(wd: &Workdir) {
    let names = [
        "cairo-film-festival",
        "egypt-inflation",
        "jordan-meteor-shower",
        "qatar-russia-military",
    ];
    for (k, name) in names.iter().enumerate() {
        let ar = std::fs::read(corpus(&format!("ar/{name}.txt"))).unwrap();
        let en = std::fs::read(corpus(&format!("en/{name}.txt"))).unwrap();
        wd.write(&format!("c/ar/a{k}.txt"), ar);
        wd.write(&format!("c/en/e{}.txt", 3 - k), en);
    }
}

#[test]
fn pair_finds_counterparts_and_lists_orphans() {
    let wd = Workdir::new();
    scrambled_corpus(&wd);
    // An English article with no Arabic counterpart, and an Arabic one
    // with no English counterpart.
    wd.write("c/en/stray.txt", "Local council approves new parking rules\n\nThe city council voted on Tuesday to extend paid parking to three more streets near the harbour.\n");
    std::fs::remove_file(wd.path("c/en/e2.txt")).unwrap();
    let out = run_ok(
        wd.mizan()
            .args(["pair", "c/ar", "c/en", "--unpaired", "unpaired.tsv"]),
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let pairs: Vec<(String, String)> = text
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f[0].to_string(), f[1].to_string())
        })
        .collect();
    assert_eq!(
        pairs,
        [
            ("a0.txt".to_string(), "e3.txt".to_string()),
            ("a2.txt".into(), "e1.txt".into()),
            ("a3.txt".into(), "e0.txt".into())
        ]
    );
    let unpaired = std::fs::read_to_string(wd.path("unpaired.tsv")).unwrap();
    assert_eq!(unpaired, "ar\ta1.txt\nen\tstray.txt\n");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("a1.txt") && stderr.contains("stray.txt"),
        "{stderr}"
    );
}

#[test]
fn build_pairs_aligns_and_summarises() {
    let wd = Workdir::new();
    scrambled_corpus(&wd);
    run_ok(wd.mizan().args(["build", "c", "-o", "out", "--quiet"]));
    let pairs = std::fs::read_to_string(wd.path("out/pairs.tsv")).unwrap();
    assert_eq!(pairs.lines().count(), 4, "{pairs}");
    assert!(pairs.contains("a3.txt\ten/e0.txt\t"), "{pairs}");
    let tmx = std::fs::read_to_string(wd.path("out/ar-en.tmx")).unwrap();
    assert!(tmx.contains("<prop type=\"x-mizan-document\">a3</prop>"));
    let summary = std::fs::read_to_string(wd.path("out/summary.txt")).unwrap();
    assert!(
        summary
            .starts_with("ar-en: 4 article pairs, 0 Arabic and 0 en articles without counterpart"),
        "{summary}"
    );
    assert!(summary.contains("translation units written"), "{summary}");
    // Given pairs are used as they are, even a wrong one.
    wd.write("given.tsv", "a0.txt\ten/e0.txt\n");
    run_ok(wd.mizan().args([
        "build",
        "c",
        "-o",
        "out2",
        "--quiet",
        "--pairs",
        "given.tsv",
    ]));
    let pairs = std::fs::read_to_string(wd.path("out2/pairs.tsv")).unwrap();
    eqnice!("a0.txt\ten/e0.txt\t1.0000\n", pairs);
}

#[test]
fn build_writes_its_lexicon_and_reads_it_back() {
    let wd = Workdir::new();
    run_ok(
        wd.mizan()
            .arg("build")
            .arg(corpus(""))
            .args(["-o", "out", "--quiet", "--lexicon-out"]),
    );
    for name in ["ar-en", "ar-ru"] {
        let lex = std::fs::read_to_string(wd.path(&format!("out/{name}.lexicon.tsv"))).unwrap();
        assert!(
            lex.lines().count() > 100,
            "{name}: {} lines",
            lex.lines().count()
        );
        for line in lex.lines() {
            let f: Vec<&str> = line.split('\t').collect();
            assert_eq!(f.len(), 5, "{line}");
            assert!(f[2..].iter().all(|x| x.parse::<f64>().is_ok()), "{line}");
        }
    }
    // Without the flag, no lexicon files.
    run_ok(
        wd.mizan()
            .arg("build")
            .arg(corpus(""))
            .args(["-o", "plain", "--quiet"]),
    );
    assert!(!wd.path("plain/ar-en.lexicon.tsv").exists());
    // The learned lexicon serves a later run as a word list.
    let out = run_ok(
        wd.mizan()
            .arg("pair")
            .arg(corpus("ar"))
            .arg(corpus("en"))
            .arg("--lexicon")
            .arg(wd.path("out/ar-en.lexicon.tsv")),
    );
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 4);
    run_ok(
        wd.mizan()
            .args(["align", "-f", "tsv", "--lexicon"])
            .arg(wd.path("out/ar-ru.lexicon.tsv"))
            .arg(corpus("ar/egypt-inflation.txt"))
            .arg(corpus("ru/egypt-inflation.txt")),
    );
}

#[test]
fn build_reads_jsonl_and_is_thread_count_independent() {
    let wd = Workdir::new();
    let mut jsonl = String::new();
    for name in ["egypt-inflation", "jordan-meteor-shower"] {
        for lang in ["ar", "ru"] {
            let text = std::fs::read_to_string(corpus(&format!("{lang}/{name}.txt"))).unwrap();
            let line = serde_json::json!({"id": format!("{lang}-{name}"), "lang": lang, "date": "2026-09-10", "text": text});
            jsonl.push_str(&line.to_string());
            jsonl.push('\n');
        }
    }
    wd.write("corpus.jsonl", jsonl);
    run_ok(wd.mizan().args([
        "build",
        "corpus.jsonl",
        "-o",
        "one",
        "--quiet",
        "--threads",
        "1",
    ]));
    run_ok(wd.mizan().args([
        "build",
        "corpus.jsonl",
        "-o",
        "two",
        "--quiet",
        "--threads",
        "3",
    ]));
    for f in ["ar-ru.tmx", "ar-ru.tsv", "pairs.tsv", "summary.txt"] {
        let a = std::fs::read(wd.path(&format!("one/{f}"))).unwrap();
        let b = std::fs::read(wd.path(&format!("two/{f}"))).unwrap();
        assert!(a == b, "{f} differs between 1 and 3 threads");
    }
    let pairs = std::fs::read_to_string(wd.path("one/pairs.tsv")).unwrap();
    assert!(
        pairs.contains("ar-egypt-inflation\tru/ru-egypt-inflation\t"),
        "{pairs}"
    );
    // A bad line names the file and the line.
    wd.write(
        "bad.jsonl",
        "{\"id\": \"a\", \"lang\": \"ar\", \"text\": \"نص\"}\nnot json\n",
    );
    let err = run_bad_input(wd.mizan().args(["build", "bad.jsonl", "-o", "bad"]));
    assert!(err.contains("bad.jsonl:2"), "{err}");
    assert!(!wd.path("bad").exists());
}

#[test]
fn build_without_a_side_is_bad_input() {
    let wd = Workdir::new();
    wd.write(
        "c/ar/a.txt",
        std::fs::read(corpus("ar/egypt-inflation.txt")).unwrap(),
    );
    let err = run_bad_input(wd.mizan().args(["build", "c", "-o", "out"]));
    assert!(err.contains("no articles in another language"), "{err}");
    wd.write(
        "d/en/e.txt",
        std::fs::read(corpus("en/egypt-inflation.txt")).unwrap(),
    );
    let err = run_bad_input(wd.mizan().args(["build", "d", "-o", "out"]));
    assert!(err.contains("no Arabic articles"), "{err}");
}

#[test]
fn pair_with_an_empty_side_leaves_every_article_unpaired() {
    let wd = Workdir::new();
    scrambled_corpus(&wd);
    std::fs::create_dir_all(wd.path("c/ru")).unwrap();
    let out = run_ok(wd.mizan().args(["pair", "c/ar", "c/ru"]));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    for k in 0..4 {
        assert!(
            stderr.contains(&format!("unpaired (ar): a{k}.txt")),
            "{stderr}"
        );
    }
    // A user word list joins the evidence and changes nothing here.
    wd.write("lex.tsv", "قطر\tQatar\nروسيا\tRussia\n");
    let out = run_ok(
        wd.mizan()
            .args(["pair", "c/ar", "c/en", "--lexicon", "lex.tsv"]),
    );
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 4);
}
