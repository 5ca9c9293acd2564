//! Issue 17: articles as web pages, office documents and Markdown, in any
//! encoding mizan can tell; one bad file never sinks a run; sanity checks
//! with clear messages. The HTML, .docx, .odt, Markdown and legacy-encoded
//! articles are made from the example corpus's plain-text ones (forms.rs).

use crate::forms::{
    article_text, legacy_encoding, utf16, variant, write_folder, write_reference, zip, DOCS,
};
use crate::util::{corpus, root, run_bad_input, run_ok, Workdir};
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn align_tsv(wd: &Workdir, src: &Path, tgt: &Path) -> String {
    let out = run_ok(wd.mizan().args(["align", "-f", "tsv"]).arg(src).arg(tgt));
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// Done when: HTML, docx, odt, Markdown and legacy-encoded (and UTF-16)
/// versions of the example articles give the same alignments, text for
/// text, as the plain-text ones.
#[test]
fn issue17_every_format_and_encoding_aligns_like_plain_text() {
    let wd = Workdir::new();
    for other in ["en", "ru"] {
        for form in [
            "html",
            "docx",
            "odt",
            "md",
            "legacy",
            "legacy2",
            "utf16le",
            "utf16be-bom",
            "html-legacy",
        ] {
            let dir = format!("{form}-{other}");
            let want = align_tsv(
                &wd,
                &write_reference(&wd, &format!("ref-{dir}"), "ar", form),
                &write_reference(&wd, &format!("ref-{dir}"), other, form),
            );
            assert!(want.lines().count() > 40, "{want}");
            if legacy_encoding(form, other).is_none() && legacy_encoding(form, "ar").is_none() {
                assert_eq!(want, align_tsv(&wd, &corpus("ar"), &corpus(other)));
            }
            let ar = write_folder(&wd, &dir, "ar", form);
            let ot = write_folder(&wd, &dir, other, form);
            let got = align_tsv(&wd, &ar, &ot);
            assert!(
                got == want,
                "{form} ar-{other} differs from plain text:\n{got}\n---- want:\n{want}"
            );
            for bad in [
                "<p>",
                "Home",
                "Copyright",
                "Share on",
                "Photo: Agency",
                "Advertisement",
            ] {
                assert!(!got.contains(bad), "{form}: {bad} in the output");
            }
        }
    }
}

/// A build over a corpus whose folders hold web pages, Word documents and
/// legacy-encoded text writes the same translation memories as the
/// plain-text corpus (aligned/), and its summary names the formats and
/// encodings.
#[test]
fn issue17_build_reads_mixed_formats_like_plain_text() {
    let wd = Workdir::new();
    write_folder(&wd, "mixed", "ar", "docx");
    write_folder(&wd, "mixed", "en", "html");
    write_folder(&wd, "mixed", "ru", "utf16be-bom");
    let out = run_ok(
        wd.mizan()
            .args(["build", "mixed", "-o", "out", "--quiet", "--verbose"]),
    );
    for name in ["ar-en.tmx", "ar-ru.tmx", "ar-en.tsv", "ar-ru.tsv"] {
        let want = std::fs::read_to_string(root().join("aligned").join(name)).unwrap();
        let got = std::fs::read_to_string(wd.path("out").join(name)).unwrap();
        assert!(want == got, "{name} differs from aligned/{name}");
    }
    let summary = std::fs::read_to_string(wd.path("out/summary.txt")).unwrap();
    assert!(
        summary.contains("ar 4 articles (docx 4; UTF-8 4)")
            && summary.contains("en 4 articles (html 4; UTF-8 4)")
            && summary.contains("ru 4 articles (txt 4; UTF-16BE 4)"),
        "{summary}"
    );
    // --quiet hides progress only: the summary is still printed.
    let err = stderr(&out);
    assert!(err.contains("ar-en: 4 article pairs"), "{err}");
    assert!(
        err.contains("ru/egypt-inflation.txt: txt, UTF-16BE"),
        "{err}"
    );
}

/// An HTML article's tags, navigation and footer never reach the
/// translation units (they did, scored 0.92-1.0).
#[test]
fn issue17_html_article_is_its_body_not_its_markup() {
    let wd = Workdir::new();
    let (name, ar) = variant("html", "ar", "qatar-russia-military");
    wd.write(&format!("ar/{name}"), ar);
    let (name, en) = variant("html", "en", "qatar-russia-military");
    wd.write(&format!("en/{name}"), en);
    let out = run_ok(
        wd.mizan()
            .args(["align", "ar/qatar-russia-military.html"])
            .arg("en/qatar-russia-military.html")
            .arg("--verbose"),
    );
    let tmx = String::from_utf8(out.stdout.clone()).unwrap();
    assert!(tmx.contains("Shoigu"), "{tmx}");
    for bad in [
        "&lt;p&gt;",
        "<p>",
        "Copyright",
        "Home",
        "Read more",
        "Advertisement",
    ] {
        assert!(!tmx.contains(bad), "{bad} in\n{tmx}");
    }
    let err = stderr(&out);
    assert!(
        err.contains("qatar-russia-military.html: html, UTF-8"),
        "{err}"
    );
}

/// UTF-16 without a byte order mark is told by its NUL bytes (it was read
/// as UTF-8 with 890 control characters removed); with one, and
/// Windows-1256, it is read (they were "invalid UTF-8 (byte 0)"); the
/// encoding is reported with --verbose.
#[test]
fn issue17_utf16_and_windows_1256_are_read_and_reported() {
    let wd = Workdir::new();
    let doc = "egypt-inflation";
    let want = align_tsv(
        &wd,
        &corpus(&format!("ar/{doc}.txt")),
        &corpus(&format!("en/{doc}.txt")),
    );
    let text = std::fs::read_to_string(corpus(&format!("ar/{doc}.txt"))).unwrap();
    // Windows-1256 lacks some of the article's characters (Arabic-Indic
    // digits): the same text in UTF-8 and in Windows-1256.
    let ascii_digits = article_text("legacy", "ar", doc);
    let (w1256, _, lossy) = encoding_rs::WINDOWS_1256.encode(&ascii_digits);
    assert!(!lossy);
    let plain = wd.write(&format!("plain/{doc}.txt"), &ascii_digits);
    let want_1256 = align_tsv(&wd, &plain, &corpus(&format!("en/{doc}.txt")));
    for (name, bytes, enc) in [
        ("le", utf16(&text, false, false), "UTF-16LE"),
        ("le-bom", utf16(&text, false, true), "UTF-16LE"),
        ("be", utf16(&text, true, false), "UTF-16BE"),
        ("w1256", w1256.into_owned(), "windows-1256"),
    ] {
        let want = if name == "w1256" { &want_1256 } else { &want };
        let path = wd.write(&format!("{name}/{doc}.txt"), bytes);
        let out = run_ok(
            wd.mizan()
                .args(["align", "-f", "tsv", "--verbose"])
                .arg(&path)
                .arg(corpus(&format!("en/{doc}.txt"))),
        );
        let got = String::from_utf8(out.stdout.clone()).unwrap();
        assert!(got == *want, "{name}:\n{got}");
        let err = stderr(&out);
        assert!(
            err.contains(&format!("{name}/{doc}.txt: txt, {enc}, language ar")),
            "{err}"
        );
        assert!(!err.contains("control character"), "{err}");
    }
}

/// A file whose encoding cannot be told is an error naming the file and
/// suggesting --encoding or iconv; --encoding reads it.
#[test]
fn issue17_undecidable_encoding_names_file_and_suggests_encoding() {
    let wd = Workdir::new();
    // Bytes that read as no script in any 8-bit encoding.
    let noise: Vec<u8> = (0..600u32)
        .map(|i| 0x80 + ((i * 37 + i / 7) % 128) as u8)
        .collect();
    wd.write("noise.txt", noise);
    let err = run_bad_input(
        wd.mizan()
            .args(["align", "noise.txt"])
            .arg(corpus("en/egypt-inflation.txt")),
    );
    assert!(err.contains("noise.txt"), "{err}");
    assert!(err.contains("--encoding") && err.contains("iconv"), "{err}");
    // Russian in KOI8-R given explicitly is read as such.
    let text = std::fs::read_to_string(corpus("ru/egypt-inflation.txt")).unwrap();
    let (koi, _, _) = encoding_rs::KOI8_R.encode(&text);
    wd.write("koi.txt", &koi);
    let out = run_ok(
        wd.mizan()
            .args(["segment", "koi.txt", "--encoding", "koi8-r", "--verbose"]),
    );
    let sentences = String::from_utf8(out.stdout.clone()).unwrap();
    assert!(sentences.contains("Египет"), "{sentences}");
    assert!(stderr(&out).contains("KOI8-R"), "{}", stderr(&out));
    let err = run_bad_input(
        wd.mizan()
            .args(["segment", "koi.txt", "--encoding", "nope"]),
    );
    assert!(err.contains("--encoding nope"), "{err}");
}

/// A copy of the example corpus with bad files in it.
fn corpus_with_bad_files(wd: &Workdir) -> PathBuf {
    for lang in ["ar", "en", "ru"] {
        for doc in DOCS {
            let name = format!("{lang}/{doc}.txt");
            wd.write(
                &format!("corpus/{name}"),
                std::fs::read(corpus(&name)).unwrap(),
            );
        }
    }
    // A .docx that is no Word document, a PDF, an empty file, binary
    // data, and an Arabic article in the English folder.
    wd.write(
        "corpus/ar/report.docx",
        zip(&[("other.txt", "not a document".into())]),
    );
    wd.write(
        "corpus/en/scan.pdf",
        b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj\n",
    );
    wd.write("corpus/ru/empty.txt", "\n  \n");
    wd.write("corpus/ru/data.bin", [0u8, 1, 2, 3, 0, 0, 0, 9, 8, 7, 0, 0]);
    wd.write(
        "corpus/en/misplaced.txt",
        std::fs::read(corpus("ar/egypt-inflation.txt")).unwrap(),
    );
    wd.path("corpus")
}

/// One bad file never sinks a build: each is skipped with a warning,
/// listed with its reason in unpaired.tsv and the summary, the outputs are
/// those of the good files, and exit code 3 says files were skipped;
/// --strict makes any of them fatal, with nothing written.
#[test]
fn issue17_bad_files_are_skipped_in_build_unless_strict() {
    let wd = Workdir::new();
    corpus_with_bad_files(&wd);
    let out = wd
        .mizan()
        .args(["build", "corpus", "-o", "out"])
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(3), "{err}");
    for name in [
        "report.docx",
        "scan.pdf",
        "empty.txt",
        "data.bin",
        "misplaced.txt",
    ] {
        assert!(err.contains(&format!("/{name}: ")), "{name}: {err}");
    }
    let unpaired = std::fs::read_to_string(wd.path("out/unpaired.tsv")).unwrap();
    for line in [
        "ar\treport.docx\tskipped: not a text article: a ZIP archive that is neither a .docx nor an .odt document",
        "en\tscan.pdf\tskipped: not a text article: a PDF document",
        "ru\tempty.txt\tskipped: file holds no text",
        "ru\tdata.bin\tskipped: not a text article: binary data",
        "en\tmisplaced.txt\tskipped: wrong language: written in Arabic script, not in Latin (en)",
    ] {
        assert!(unpaired.contains(line), "{line} not in\n{unpaired}");
    }
    let summary = std::fs::read_to_string(wd.path("out/summary.txt")).unwrap();
    assert!(summary.contains("5 file(s) skipped"), "{summary}");
    assert!(
        summary.contains("skipped en/misplaced.txt: wrong language"),
        "{summary}"
    );
    for name in ["ar-en.tmx", "ar-ru.tmx"] {
        let want = std::fs::read_to_string(root().join("aligned").join(name)).unwrap();
        let got = std::fs::read_to_string(wd.path("out").join(name)).unwrap();
        assert!(want == got, "{name} differs from aligned/{name}");
    }
    let err = run_bad_input(
        wd.mizan()
            .args(["build", "corpus", "-o", "strict", "--strict"]),
    );
    assert!(
        err.contains("report.docx") || err.contains("scan.pdf"),
        "{err}"
    );
    assert!(!wd.path("strict").exists());
}

/// The same in `pair` and folder `align`.
#[test]
fn issue17_bad_files_are_skipped_in_pair_and_folder_align() {
    let wd = Workdir::new();
    corpus_with_bad_files(&wd);
    let out = wd
        .mizan()
        .args([
            "pair",
            "corpus/ar",
            "corpus/en",
            "--unpaired",
            "unpaired.tsv",
        ])
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(3), "{err}");
    let pairs = String::from_utf8(out.stdout.clone()).unwrap();
    assert_eq!(pairs.lines().count(), 4, "{pairs}");
    let unpaired = std::fs::read_to_string(wd.path("unpaired.tsv")).unwrap();
    assert!(
        unpaired.contains("ar\treport.docx\tskipped: "),
        "{unpaired}"
    );
    assert!(unpaired.contains("en\tscan.pdf\tskipped: "), "{unpaired}");
    let err = run_bad_input(
        wd.mizan()
            .args(["pair", "corpus/ar", "corpus/en", "--strict"]),
    );
    assert!(err.contains("report.docx"), "{err}");

    // Folder align pairs files by name: a bad one costs its pair only.
    wd.write(
        "a/x.txt",
        std::fs::read(corpus("ar/egypt-inflation.txt")).unwrap(),
    );
    wd.write(
        "b/x.txt",
        std::fs::read(corpus("en/egypt-inflation.txt")).unwrap(),
    );
    wd.write("a/y.txt", b"%PDF-1.4\n");
    wd.write(
        "b/y.txt",
        std::fs::read(corpus("en/cairo-film-festival.txt")).unwrap(),
    );
    let out = wd
        .mizan()
        .args(["align", "a", "b", "-f", "tsv", "-o", "out.tsv"])
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(err.contains("y.txt") && err.contains("PDF"), "{err}");
    let tsv = std::fs::read_to_string(wd.path("out.tsv")).unwrap();
    assert!(tsv.lines().skip(1).all(|l| l.starts_with("x\t")), "{tsv}");
    let err = run_bad_input(
        wd.mizan()
            .args(["align", "a", "b", "-o", "strict.tmx", "--strict"]),
    );
    assert!(err.contains("y.txt"), "{err}");
    assert!(!wd.path("strict.tmx").exists());
}

/// Sanity checks: both sides in one language is an error unless allowed;
/// a language flag against the script warns; `pair` with a first folder
/// that is not Arabic is an error.
#[test]
fn issue17_same_language_wrong_flag_and_swapped_pair_folders() {
    let wd = Workdir::new();
    let ar = corpus("ar/egypt-inflation.txt");
    let err = run_bad_input(
        wd.mizan()
            .arg("align")
            .arg(&ar)
            .arg(&ar)
            .args(["-o", "x.tmx"]),
    );
    assert!(
        err.contains("same language (ar)") && err.contains("--allow-same-language"),
        "{err}"
    );
    assert!(!wd.path("x.tmx").exists());
    let out = run_ok(
        wd.mizan()
            .arg("align")
            .arg(&ar)
            .arg(&ar)
            .arg("--allow-same-language"),
    );
    assert!(String::from_utf8(out.stdout.clone())
        .unwrap()
        .contains("<tuv xml:lang=\"ar\">"));

    let out = run_ok(
        wd.mizan()
            .args(["align", "--src-lang", "en", "-f", "tsv"])
            .arg(&ar)
            .arg(corpus("ru/egypt-inflation.txt")),
    );
    let err = stderr(&out);
    assert!(
        err.contains("warning") && err.contains("--src-lang") && err.contains("Arabic script"),
        "{err}"
    );

    let err = run_bad_input(wd.mizan().arg("pair").arg(corpus("en")).arg(corpus("ru")));
    assert!(err.contains("must hold the Arabic articles"), "{err}");
}

/// A build whose other side is empty fails and writes no empty TMX; with
/// one of two other sides empty, the other is built and exit code 3 says
/// something was left out.
#[test]
fn issue17_empty_other_side_is_no_empty_tmx() {
    let wd = Workdir::new();
    for doc in DOCS {
        let name = format!("ar/{doc}.txt");
        wd.write(&format!("c/{name}"), std::fs::read(corpus(&name)).unwrap());
        let name = format!("ru/{doc}.txt");
        wd.write(&format!("c2/{name}"), std::fs::read(corpus(&name)).unwrap());
    }
    std::fs::create_dir_all(wd.path("c/en")).unwrap();
    let err = run_bad_input(wd.mizan().args(["build", "c", "-o", "out"]));
    assert!(err.contains("no articles in another language"), "{err}");
    assert!(!wd.path("out/ar-en.tmx").exists());

    for doc in DOCS {
        let name = format!("ar/{doc}.txt");
        wd.write(&format!("c2/{name}"), std::fs::read(corpus(&name)).unwrap());
    }
    std::fs::create_dir_all(wd.path("c2/en")).unwrap();
    let out = wd
        .mizan()
        .args(["build", "c2", "-o", "out2"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("no en articles"), "{}", stderr(&out));
    assert!(wd.path("out2/ar-ru.tmx").exists());
    assert!(!wd.path("out2/ar-en.tmx").exists());
}

/// A reader that closes the pipe early is success for every format (the
/// csv crate wrapped the error: `-f tsv | head -1` exited 2).
#[test]
fn issue17_broken_pipe_is_success_for_every_format() {
    let wd = Workdir::new();
    let mut src = String::new();
    let mut tgt = String::new();
    for k in 0..3000 {
        src.push_str(&format!("الجملة رقم {k} هنا.\n"));
        tgt.push_str(&format!("Sentence number {k} is here.\n"));
    }
    wd.write("src.txt", src);
    wd.write("tgt.txt", tgt);
    for format in ["tmx", "tsv", "csv", "beads", "jsonl"] {
        let mut child = wd
            .mizan()
            .args(["align", "--presegmented", "--no-lexicon", "-f", format])
            .args(["src.txt", "tgt.txt"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The reader goes away before anything is written.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{format}: {}", stderr(&out));
    }
}

/// JSONL articles may carry a web page in `html` instead of `text`.
#[test]
fn issue17_jsonl_html_field() {
    let wd = Workdir::new();
    let mut jsonl = String::new();
    for doc in DOCS {
        for lang in ["ar", "en"] {
            let (_, page) = variant("html", lang, doc);
            let line = serde_json::json!({
                "id": format!("{lang}/{doc}.txt"),
                "lang": lang,
                "html": String::from_utf8(page).unwrap(),
            });
            jsonl.push_str(&format!("{line}\n"));
        }
    }
    wd.write("corpus.jsonl", jsonl);
    run_ok(wd.mizan().args(["build", "corpus.jsonl", "-o", "out"]));
    let want = std::fs::read_to_string(root().join("aligned/ar-en.tmx")).unwrap();
    let got = std::fs::read_to_string(wd.path("out/ar-en.tmx")).unwrap();
    assert!(want == got, "{got}");
    let both = "{\"id\":\"a\",\"lang\":\"en\",\"text\":\"x\",\"html\":\"<p>x</p>\"}\n";
    wd.write("both.jsonl", both);
    let err = run_bad_input(wd.mizan().args(["build", "both.jsonl", "-o", "o"]));
    assert!(err.contains("both \"text\" and \"html\""), "{err}");
}

/// In folder align, a file without a namesake pairs with the one file of
/// the same stem in another format (`x.txt` with `x.docx`).
#[test]
fn issue17_folder_align_pairs_formats_by_stem() {
    let wd = Workdir::new();
    let doc = "egypt-inflation";
    wd.write(
        &format!("a/{doc}.txt"),
        std::fs::read(corpus(&format!("ar/{doc}.txt"))).unwrap(),
    );
    let (name, bytes) = variant("docx", "en", doc);
    wd.write(&format!("b/{name}"), bytes);
    let out = run_ok(wd.mizan().args(["align", "a", "b", "-f", "tsv"]));
    let got = String::from_utf8(out.stdout.clone()).unwrap();
    let want = align_tsv(
        &wd,
        &corpus(&format!("ar/{doc}.txt")),
        &corpus(&format!("en/{doc}.txt")),
    );
    assert!(got == want, "{got}");
    assert!(!stderr(&out).contains("no namesake"), "{}", stderr(&out));
}
