//! Issue 15: dictionaries found on the system, and a lexicon that grows.

use crate::util::{run_bad_input, run_ok, shared, Workdir};
use flate2::write::GzEncoder;
use std::io::Write;
use std::path::{Path, PathBuf};

/// dictd's base 64 for an index.
fn b64(mut n: usize) -> String {
    const DIGITS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[n % 64]);
        n /= 64;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap()
}

/// Writes a dictd dictionary `name` into `dir`: the index and the
/// definitions, gzip-compressed (`.dict.dz`) when `dz`.
fn write_dictd(dir: &Path, name: &str, entries: &[(&str, &str)], dz: bool) {
    std::fs::create_dir_all(dir).unwrap();
    let mut data = String::from("00-database-short\nA test dictionary\n");
    let mut index = format!("00-database-short\t{}\t{}\n", b64(0), b64(data.len()));
    for (head, def) in entries {
        index += &format!("{head}\t{}\t{}\n", b64(data.len()), b64(def.len()));
        data += def;
    }
    std::fs::write(dir.join(format!("{name}.index")), index).unwrap();
    if dz {
        let mut gz = GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(data.as_bytes()).unwrap();
        std::fs::write(dir.join(format!("{name}.dict.dz")), gz.finish().unwrap()).unwrap();
    } else {
        std::fs::write(dir.join(format!("{name}.dict")), data).unwrap();
    }
}

/// A FreeDict Arabic-English and a Mueller English-Russian dictionary.
fn small_dicts(wd: &Workdir) -> PathBuf {
    let dir = wd.path("dicts");
    write_dictd(
        &dir,
        "freedict-ara-eng",
        &[
            ("كتاب", "كتاب /kitaːb/\n1. book\n2. letter\n"),
            ("بيت", "بيت /bajt/\nhouse\n"),
        ],
        true,
    );
    write_dictd(
        &dir,
        "mueller7",
        &[
            (
                "book",
                "book\n   [bʊk]\n   1. _n.\n      1) книга\n      2) a book of stamps\n",
            ),
            (
                "house",
                "house\n   [haʊs] _n. дом; to keep house вести хозяйство\n",
            ),
        ],
        false,
    );
    dir
}

#[test]
fn issue15_dicts_lists_dictionaries_and_the_pairs_they_serve() {
    let wd = Workdir::new();
    let dir = small_dicts(&wd);
    let out = run_ok(wd.mizan().arg("dicts").arg("--dict-dir").arg(&dir));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("freedict-ara-eng\tar-en\tFreeDict\t2\t"),
        "{text}"
    );
    assert!(text.contains("mueller7\ten-ru\tMueller\t2\t"), "{text}");
    assert!(
        text.contains("ar-ru through en: freedict-ara-eng + mueller7"),
        "{text}"
    );
    // With none to search, it says how to install some.
    let out = run_ok(wd.mizan().arg("dicts"));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("no dictionaries found"), "{text}");
    assert!(text.contains("apt-get install"), "{text}");
    let out = run_ok(
        wd.mizan()
            .args(["dicts", "--no-dict", "--dict-dir"])
            .arg(&dir),
    );
    assert!(String::from_utf8(out.stdout).unwrap().contains("--no-dict"));
}

#[test]
fn issue15_align_uses_the_pair_s_dictionaries_unless_told_not_to() {
    let wd = Workdir::new();
    let dir = small_dicts(&wd);
    let src = wd.write("a.ar.txt", "قرأت كتاب جديد.\nدخل بيت كبير.\n");
    let tgt = wd.write(
        "a.ru.txt",
        "Я прочитал новую книгу.\nОн вошёл в большой дом.\n",
    );
    let run = |extra: &[&str]| {
        let out = run_ok(
            wd.mizan()
                .args(["align", "-v", "-f", "tsv"])
                .arg(&src)
                .arg(&tgt)
                .arg("--dict-dir")
                .arg(&dir)
                .args(extra),
        );
        String::from_utf8(out.stderr).unwrap()
    };
    let err = run(&[]);
    assert!(
        err.contains(
            "ar-ru: dictionaries freedict-ara-eng + mueller7 (2 entries, composed through en)"
        ),
        "{err}"
    );
    assert!(!run(&["--no-dict"]).contains("dictionaries"));
    let err = run_bad_input(
        wd.mizan()
            .arg("align")
            .arg(&src)
            .arg(&tgt)
            .args(["--dict-dir", "no-such-folder"]),
    );
    assert!(
        err.contains("no-such-folder: no such folder (given with --dict-dir)"),
        "{err}"
    );
}

/// The growing lexicon: a run over 62 ntrex-dev documents adds its counts
/// to a lexicon file; aligned alone, the 63rd document (on which the
/// length and anchors alone get half the links wrong) comes out better
/// with that lexicon than without it.
#[test]
fn issue15_grown_lexicon_helps_a_held_back_document() {
    let wd = Workdir::new();
    let dir = shared("corpora/ntrex-dev/align/ar-en");
    let held = "bbc.381679";
    for entry in std::fs::read_dir(&dir).unwrap() {
        let p = entry.unwrap().path();
        let (Some(stem), Some(ext)) = (p.file_stem(), p.extension()) else {
            continue;
        };
        let stem = stem.to_string_lossy();
        if stem == held || (ext != "src" && ext != "tgt") {
            continue;
        }
        let side = if ext == "src" { "src" } else { "tgt" };
        wd.write(&format!("{side}/{stem}.txt"), std::fs::read(&p).unwrap());
    }
    let lexicon = wd.path("agency.tsv");
    let grow = || {
        run_ok(
            wd.mizan()
                .args([
                    "align",
                    "--presegmented",
                    "-f",
                    "tsv",
                    "src",
                    "tgt",
                    "-o",
                    "out.tsv",
                ])
                .arg("--lexicon-update")
                .arg(&lexicon),
        );
        std::fs::read_to_string(&lexicon).unwrap()
    };
    let first = grow();
    let count = |text: &str, s: &str, t: &str| -> f32 {
        text.lines()
            .map(|l| l.split('\t').collect::<Vec<_>>())
            .find(|f| f[0] == s && f[1] == t)
            .map(|f| f[4].parse().unwrap())
            .unwrap_or(0.0)
    };
    // Counts add up run after run.
    let (s, t) = ("رئيس", "presid");
    let once = count(&first, s, t);
    assert!(once > 1.0, "{s} -> {t} counted {once}");
    let twice = count(&grow(), s, t);
    assert!(twice > 1.9 * once, "{once} then {twice}");
    let f1 = |extra: &[&str]| -> f64 {
        let beads = wd.path("held.beads");
        run_ok(
            wd.mizan()
                .args(["align", "--presegmented", "-f", "beads"])
                .arg(dir.join(format!("{held}.src")))
                .arg(dir.join(format!("{held}.tgt")))
                .arg("-o")
                .arg(&beads)
                .args(extra),
        );
        let out = run_ok(
            wd.mizan()
                .args(["eval", "--json", "--gold"])
                .arg(dir.join(format!("{held}.gold")))
                .arg("--test")
                .arg(&beads),
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["strict"]["f1"].as_f64().unwrap()
    };
    let without = f1(&[]);
    let with = f1(&["--lexicon", lexicon.to_str().unwrap()]);
    assert!(with > without + 0.2, "without {without}, with {with}");
}

/// `build --lexicon-update DIR` keeps one growing lexicon per language
/// pair: the first build makes `ar-en.lexicon.tsv` and
/// `ar-ru.lexicon.tsv`, the second adds its counts to them (the same
/// corpus, so the total about doubles; no pair is lost, none shrinks).
#[test]
fn issue15_build_grows_one_lexicon_per_language_pair() {
    let wd = Workdir::new();
    let build = |out: &str| {
        run_ok(wd.mizan().arg("build").arg(crate::util::corpus("")).args([
            "-o",
            out,
            "--quiet",
            "--lexicon-update",
            "lexicons",
        ]));
    };
    let read = |name: &str| -> Vec<(String, String, f32)> {
        std::fs::read_to_string(wd.path(&format!("lexicons/{name}.lexicon.tsv")))
            .unwrap()
            .lines()
            .map(|l| {
                let f: Vec<&str> = l.split('\t').collect();
                assert_eq!(f.len(), 5, "{l}");
                (f[0].to_string(), f[1].to_string(), f[4].parse().unwrap())
            })
            .collect()
    };
    build("out1");
    let first: Vec<_> = ["ar-en", "ar-ru"].iter().map(|n| read(n)).collect();
    for (name, rows) in ["ar-en", "ar-ru"].iter().zip(&first) {
        assert!(rows.len() > 100, "{name}: {} rows", rows.len());
        assert!(
            rows.iter().all(|r| r.2 > 0.0),
            "{name}: a row without count"
        );
    }
    build("out2");
    for (name, before) in ["ar-en", "ar-ru"].iter().zip(&first) {
        let after = read(name);
        let total = |rows: &[(String, String, f32)]| rows.iter().map(|r| r.2 as f64).sum::<f64>();
        let (t1, t2) = (total(before), total(&after));
        // The second build aligns with the first's lexicon, so its
        // confident links (what is counted) may differ a little.
        assert!(
            (t2 - 2.0 * t1).abs() < 0.1 * t1,
            "{name}: counts {t1} then {t2}"
        );
        assert!(after.len() >= before.len(), "{name}: rows lost");
        for (s, t, c) in before {
            let again = after
                .iter()
                .find(|r| &r.0 == s && &r.1 == t)
                .unwrap_or_else(|| panic!("{name}: {s} -> {t} lost"));
            assert!(again.2 >= *c, "{name}: {s} -> {t}: {c} then {}", again.2);
        }
    }
    // The folder must be neither the output folder nor a file.
    let err = run_bad_input(wd.mizan().arg("build").arg(crate::util::corpus("")).args([
        "-o",
        "out1",
        "--quiet",
        "--lexicon-update",
        "out1",
    ]));
    assert!(err.contains("is the output folder"), "{err}");
    wd.write("afile", "x");
    let err = run_bad_input(wd.mizan().arg("build").arg(crate::util::corpus("")).args([
        "-o",
        "out3",
        "--quiet",
        "--lexicon-update",
        "afile",
    ]));
    assert!(err.contains("takes a folder"), "{err}");
    assert!(!wd.path("out3").exists());
}

/// The dictionaries' lexicon of a pair is cached (`MIZAN_DICT_CACHE`
/// names the folder here): the next run reads it instead of the
/// dictionaries, with the same result; a damaged cache file is passed
/// over and written again; a changed dictionary makes a new one;
/// `--no-dict-cache` neither reads nor writes it.
#[test]
fn issue15_dictionary_cache_is_rebuilt_when_damaged_or_stale() {
    let wd = Workdir::new();
    let dir = small_dicts(&wd);
    let src = wd.write("a.ar.txt", "قرأت كتاب جديد.\nدخل بيت كبير.\n");
    let tgt = wd.write(
        "a.ru.txt",
        "Я прочитал новую книгу.\nОн вошёл в большой дом.\n",
    );
    let cache = wd.path("cache");
    let file = cache.join("dict-ar-ru.bin");
    let run = |extra: &[&str]| {
        let out = run_ok(
            wd.mizan()
                .env("MIZAN_DICT_CACHE", &cache)
                .args(["align", "-v", "-f", "tsv"])
                .arg(&src)
                .arg(&tgt)
                .arg("--dict-dir")
                .arg(&dir)
                .args(extra),
        );
        (
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    let (first, err) = run(&["--no-dict-cache"]);
    assert!(err.contains("(2 entries, composed through en)"), "{err}");
    assert!(!cache.exists(), "--no-dict-cache wrote a cache");
    assert_eq!(run(&[]).0, first);
    let made = std::fs::read(&file).unwrap();
    // Read from the cache: the same alignment and the same account.
    let (again, err) = run(&[]);
    assert_eq!(again, first);
    assert!(err.contains("(2 entries, composed through en)"), "{err}");
    // Damaged (cut short, or a byte changed): passed over and rewritten.
    for damaged in [made[..made.len() / 2].to_vec(), {
        let mut b = made.clone();
        let mid = b.len() / 2;
        b[mid] ^= 0x55;
        b
    }] {
        std::fs::write(&file, &damaged).unwrap();
        assert_eq!(run(&[]).0, first);
        assert_eq!(std::fs::read(&file).unwrap(), made);
    }
    // A dictionary that changes (one more headword, so another size) is
    // read again: the cache's key names it with its size.
    write_dictd(
        &dir,
        "freedict-ara-eng",
        &[
            ("كتاب", "كتاب /kitaːb/\n1. book\n2. letter\n"),
            ("بيت", "بيت /bajt/\nhouse\n"),
            ("كبير", "كبير /kabiːr/\nbig\n"),
        ],
        true,
    );
    let (_, err) = run(&[]);
    assert!(err.contains("composed through en)"), "{err}");
    assert_ne!(std::fs::read(&file).unwrap(), made, "stale cache kept");
}
