//! Sharded pairing (issue 14): `mizan pair --shard K/N --edges-out` and
//! `mizan pair-merge` against one `mizan pair` run.

use crate::util::{run_ok, shared, Workdir};
use std::path::{Path, PathBuf};
use std::process::Output;

fn pairing_set() -> PathBuf {
    let dir = shared("corpora/ntrex-dev/pairing");
    assert!(
        dir.is_dir(),
        "the ntrex-dev corpus is missing beside the repository (../shared)"
    );
    dir
}

/// One run's pairs, unpaired list and standard error.
fn single(
    wd: &Workdir,
    ar: &Path,
    other: &Path,
    extra: &[&str],
    tag: &str,
) -> (String, String, String) {
    let (pairs, unpaired) = (format!("{tag}.tsv"), format!("{tag}.unpaired"));
    let out = run_ok(
        wd.mizan()
            .arg("pair")
            .args([ar, other])
            .args(["-o", &pairs, "--unpaired", &unpaired])
            .args(extra),
    );
    (
        std::fs::read_to_string(wd.path(&pairs)).unwrap(),
        std::fs::read_to_string(wd.path(&unpaired)).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The same through `n` shards and a merge (edges files given in reverse
/// order: the merge must not depend on it).
fn sharded(
    wd: &Workdir,
    ar: &Path,
    other: &Path,
    extra: &[&str],
    n: u32,
    tag: &str,
) -> (String, String, String) {
    let mut files = Vec::new();
    for k in 1..=n {
        let file = format!("{tag}-{k}.edges");
        let out = run_ok(
            wd.mizan()
                .arg("pair")
                .args([ar, other])
                .args(["--shard", &format!("{k}/{n}"), "--edges-out", &file])
                .args(extra),
        );
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(&format!("shard {k}/{n}: ")), "{err}");
        wd.write(&format!("{tag}-{k}.err"), &err);
        files.push(file);
    }
    files.reverse();
    let (pairs, unpaired) = (format!("{tag}.tsv"), format!("{tag}.unpaired"));
    let out = run_ok(wd.mizan().arg("pair-merge").args(&files).args([
        "-o",
        &pairs,
        "--unpaired",
        &unpaired,
    ]));
    (
        std::fs::read_to_string(wd.path(&pairs)).unwrap(),
        std::fs::read_to_string(wd.path(&unpaired)).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn issue14_three_shards_give_the_pairs_of_one_run() {
    let set = pairing_set();
    let wd = Workdir::new();
    for other in ["en", "ru"] {
        let (ar, ot) = (set.join("ar"), set.join(other));
        let one = single(&wd, &ar, &ot, &[], &format!("one-{other}"));
        let three = sharded(&wd, &ar, &ot, &[], 3, &format!("three-{other}"));
        assert!(one.0.lines().count() >= 40, "{}", one.0);
        assert!(one == three, "ar-{other}: 3 shards differ from one run");
    }
}

/// A copy of the ar-en pairing set whose file names carry made-up dates:
/// each true pair a day apart, the dates of different pairs spread over
/// two months, the articles without counterpart on days of their own.
fn dated_copy(wd: &Workdir, set: &Path) {
    let gold = std::fs::read_to_string(set.join("gold.ar-en.tsv")).unwrap();
    let mut day_of: std::collections::HashMap<(String, String), u32> = Default::default();
    for (i, line) in gold.lines().enumerate() {
        let (a, e) = line.split_once('\t').unwrap();
        let d = (i as u32 * 7) % 58;
        day_of.insert(("ar".into(), a.into()), d);
        day_of.insert(("en".into(), e.into()), d + 1);
    }
    for side in ["ar", "en"] {
        let mut names: Vec<String> = std::fs::read_dir(set.join(side))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        for (i, name) in names.iter().enumerate() {
            let d = day_of
                .get(&(side.to_string(), name.clone()))
                .copied()
                .unwrap_or((i as u32 * 13) % 59);
            let date = format!("2024-{:02}-{:02}", 1 + d / 30, 1 + d % 30);
            let text = std::fs::read(set.join(side).join(name)).unwrap();
            wd.write(&format!("dated/{side}/{date}-{name}"), text);
        }
    }
}

fn undated(list: &str) -> String {
    list.lines()
        .map(|l| {
            l.split('\t')
                .map(|c| {
                    if c.len() > 11 && c.as_bytes()[10] == b'-' {
                        &c[11..]
                    } else {
                        c
                    }
                })
                .collect::<Vec<_>>()
                .join("\t")
        })
        .map(|l| l + "\n")
        .collect()
}

#[test]
fn issue14_date_blocked_shards_give_the_pairs_of_one_blocked_run() {
    let set = pairing_set();
    let wd = Workdir::new();
    dated_copy(&wd, &set);
    let (ar, en) = (wd.path("dated/ar"), wd.path("dated/en"));
    let block = ["--date-block", "2"];
    let one = single(&wd, &ar, &en, &block, "one");
    let three = sharded(&wd, &ar, &en, &block, 3, "three");
    assert!(one == three, "3 date-blocked shards differ from one run");
    // The blocks keep every true pair, so the pairs are those found
    // without dates at all.
    let plain = single(&wd, &set.join("ar"), &set.join("en"), &[], "plain");
    let pairs_of = |tsv: &str| -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = undated(tsv)
            .lines()
            .map(|l| {
                let c: Vec<&str> = l.split('\t').collect();
                (c[0].to_string(), c[1].to_string())
            })
            .collect();
        v.sort();
        v
    };
    assert_eq!(pairs_of(&one.0), pairs_of(&plain.0));
    // A block too narrow for the pairs (a day apart) loses them.
    let none = single(&wd, &ar, &en, &["--date-block", "0"], "none");
    assert!(
        none.0.lines().count() < one.0.lines().count() / 4,
        "{}",
        none.0
    );
}

/// How many of the other side's articles a shard read, and of how many,
/// from its summary line ("read 7 of 30 en articles").
fn read_of(err: &str) -> (usize, usize) {
    let rest = &err[err.find("; read ").expect(err) + 7..];
    let words: Vec<&str> = rest.split_whitespace().collect();
    (words[0].parse().unwrap(), words[2].parse().unwrap())
}

#[test]
fn issue14_counts_pass_shards_read_only_their_block() {
    let set = pairing_set();
    let wd = Workdir::new();
    dated_copy(&wd, &set);
    let (ar, en) = (wd.path("dated/ar"), wd.path("dated/en"));
    let n_en = std::fs::read_dir(&en).unwrap().count();
    let one = single(&wd, &ar, &en, &["--date-block", "2"], "one");
    let out = run_ok(
        wd.mizan()
            .arg("pair")
            .args([&ar, &en])
            .args(["--counts-out", "c.counts"]),
    );
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains(&format!("{n_en} en articles")), "{err}");
    let counted = ["--date-block", "2", "--counts", "c.counts"];
    let three = sharded(&wd, &ar, &en, &counted, 3, "three");
    assert!(one == three, "3 counted shards differ from one blocked run");
    for k in 1..=3 {
        let err = std::fs::read_to_string(wd.path(&format!("three-{k}.err"))).unwrap();
        let (read, of) = read_of(&err);
        assert_eq!(of, n_en, "{err}");
        // Shards are drawn by a hash of the file name, so each one holds
        // dates from the whole two months: its blocks cover most days,
        // but not the days none of its articles are near.
        assert!(read > 0 && read < n_en, "{err}");
    }
    // Shards cut by runs of ten days read only the days near theirs.
    let by_days = [&counted[..], &["--shard-days", "10"]].concat();
    let cut = sharded(&wd, &ar, &en, &by_days, 3, "days");
    assert!(
        one == cut,
        "3 shards cut by days differ from one blocked run"
    );
    let reads = |tag: &str| -> Vec<usize> {
        (1..=3)
            .map(|k| {
                let err = std::fs::read_to_string(wd.path(&format!("{tag}-{k}.err"))).unwrap();
                read_of(&err).0
            })
            .collect()
    };
    let (by_hash, by_day) = (reads("three"), reads("days"));
    assert!(
        by_day.iter().all(|&r| r > 0 && r * 3 < n_en * 2),
        "{by_day:?} of {n_en}"
    );
    assert!(
        by_day.iter().sum::<usize>() < by_hash.iter().sum::<usize>(),
        "{by_day:?} {by_hash:?}"
    );
    // Without blocking a shard reads the other side whole, and the
    // counts still give the pairs of one run.
    let plain = single(&wd, &ar, &en, &[], "plain");
    let two = sharded(&wd, &ar, &en, &["--counts", "c.counts"], 2, "two");
    assert!(plain == two, "2 counted shards differ from one run");
    let err = std::fs::read_to_string(wd.path("two-1.err")).unwrap();
    assert_eq!(read_of(&err), (n_en, n_en), "{err}");
    // A counts file of other articles is refused, naming the article.
    wd.write("dated/ar/2024-03-01-extra.txt", "زار أوباما برلين في 2015.");
    let out = wd
        .mizan()
        .arg("pair")
        .args([&ar, &en])
        .args(["--shard", "1/1", "--edges-out", "x.edges"])
        .args(counted)
        .output()
        .unwrap();
    let err = fails(out);
    assert!(
        err.contains("2024-03-01-extra.txt") && err.contains("counts pass again"),
        "{err}"
    );
}

fn fails(out: Output) -> String {
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{err}");
    err
}

#[test]
fn issue14_pair_merge_refuses_an_incomplete_or_mixed_set_of_shards() {
    let set = pairing_set();
    let wd = Workdir::new();
    let (ar, en, ru) = (set.join("ar"), set.join("en"), set.join("ru"));
    for (k, other, file) in [(1, &en, "a1"), (2, &en, "a2"), (2, &ru, "b2")] {
        run_ok(wd.mizan().arg("pair").args([&ar, other]).args([
            "--shard",
            &format!("{k}/2"),
            "--edges-out",
            file,
        ]));
    }
    let merge = |files: &[&str]| {
        wd.mizan()
            .arg("pair-merge")
            .args(files)
            .args(["-o", "p.tsv"])
            .output()
            .unwrap()
    };
    let err = fails(merge(&["a1"]));
    assert!(err.contains("shard 2/2 is missing"), "{err}");
    let err = fails(merge(&["a1", "b2"]));
    assert!(
        err.contains("different articles or with different options"),
        "{err}"
    );
    let err = fails(merge(&["a1", "a1"]));
    assert!(err.contains("twice"), "{err}");
    assert!(
        !wd.path("p.tsv").exists(),
        "nothing is written on a refusal"
    );
    // A damaged file is named with its line.
    let text = std::fs::read_to_string(wd.path("a2")).unwrap();
    wd.write("cut", text.replacen("cand\t", "cand\tx", 1));
    let err = fails(merge(&["a1", "cut"]));
    assert!(
        err.contains("cut:") && err.contains("bad cand line"),
        "{err}"
    );
    // --shard needs somewhere to write, and a shard writes no pairs.
    let out = wd
        .mizan()
        .arg("pair")
        .args([&ar, &en])
        .args(["--shard", "1/2"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = wd
        .mizan()
        .arg("pair")
        .args([&ar, &en])
        .args(["--shard", "1/2", "--edges-out", "e", "-o", "p.tsv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = fails(
        wd.mizan()
            .arg("pair")
            .args([&ar, &en])
            .args(["--shard", "3/2", "--edges-out", "e"])
            .output()
            .unwrap(),
    );
    assert!(err.contains("bad shard '3/2'"), "{err}");
}

/// The ntrex-dev articles as a JSONL corpus with made-up dates, as
/// examples/spark/make_corpus.py writes it.
fn dated_jsonl(wd: &Workdir) -> PathBuf {
    let out = std::process::Command::new("python3")
        .arg(crate::util::root().join("examples/spark/make_corpus.py"))
        .arg(shared("corpora/ntrex-dev/articles"))
        .arg(wd.path("corpus.jsonl"))
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    wd.path("corpus.jsonl")
}

#[test]
fn issue14_build_shards_give_the_pairs_of_one_build() {
    let wd = Workdir::new();
    let corpus = dated_jsonl(&wd);
    let block = ["--date-block", "3", "-q"];
    run_ok(
        wd.mizan()
            .arg("build")
            .arg(&corpus)
            .args(["-o", "one"])
            .args(block),
    );
    for k in 1..=3 {
        run_ok(
            wd.mizan()
                .arg("build")
                .arg(&corpus)
                .args(["-o", &format!("s{k}"), "--shard", &format!("{k}/3")])
                .args(block),
        );
        // A shard writes its edges and nothing else (but the output
        // folder's hidden record of what it made).
        let mut files: Vec<String> = std::fs::read_dir(wd.path(&format!("s{k}")))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|f| !f.starts_with('.'))
            .collect();
        files.sort();
        assert_eq!(files, ["ar-en.edges", "ar-ru.edges"]);
    }
    let built = std::fs::read_to_string(wd.path("one/pairs.tsv")).unwrap();
    for lang in ["en", "ru"] {
        let edges: Vec<String> = (1..=3).map(|k| format!("s{k}/ar-{lang}.edges")).collect();
        let out = run_ok(wd.mizan().arg("pair-merge").args(&edges));
        let merged = String::from_utf8(out.stdout).unwrap();
        let want: String = built
            .lines()
            .filter_map(|l| l.split_once(&format!("\t{lang}/")))
            .map(|(a, rest)| format!("{a}\t{rest}\n"))
            .collect();
        assert_eq!(merged.lines().count(), 63, "{merged}");
        assert_eq!(merged, want, "ar-{lang}");
    }
}

#[test]
fn issue14_anchor_blocked_shards_read_only_their_rare_anchors_holders() {
    let set = pairing_set();
    let wd = Workdir::new();
    for other in ["en", "ru"] {
        let (ar, ot) = (set.join("ar"), set.join(other));
        let n_other = std::fs::read_dir(&ot).unwrap().count();
        let (counts, index) = (format!("{other}.counts"), format!("{other}.index"));
        let out = run_ok(wd.mizan().arg("pair").args([&ar, &ot]).args([
            "--counts-out",
            &counts,
            "--anchor-index-out",
            &index,
        ]));
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains("anchor index of "), "{err}");
        // Two blocking keys: each shard reads only the holders of its
        // articles' two rarest anchors, and the merge is one blocked run.
        let block = ["--anchor-block", "2"];
        let one = single(&wd, &ar, &ot, &block, &format!("one-{other}"));
        let counted = [&block[..], &["--counts", &counts, "--anchor-index", &index]].concat();
        let tag = format!("three-{other}");
        let three = sharded(&wd, &ar, &ot, &counted, 3, &tag);
        assert!(
            one == three,
            "ar-{other}: 3 anchor-blocked shards differ from one blocked run"
        );
        let mut total = 0;
        for k in 1..=3 {
            let err = std::fs::read_to_string(wd.path(&format!("{tag}-{k}.err"))).unwrap();
            let (read, of) = read_of(&err);
            assert_eq!(of, n_other, "{err}");
            assert!(read > 0 && read * 5 < n_other * 3, "{err}");
            total += read;
        }
        assert!(total < n_other * 3 / 2, "{total} of 3 x {n_other}");
        // Without the index a shard reads the other side whole, and
        // still merges to the blocked run's pairs.
        let tag = format!("noindex-{other}");
        let counted = [&block[..], &["--counts", &counts]].concat();
        assert!(one == sharded(&wd, &ar, &ot, &counted, 2, &tag));
        let err = std::fs::read_to_string(wd.path(&format!("{tag}-1.err"))).unwrap();
        assert_eq!(read_of(&err), (n_other, n_other), "{err}");
        // Eight blocking keys keep every pair of the unblocked run here.
        let plain = single(&wd, &ar, &ot, &[], &format!("plain-{other}"));
        let wide = single(
            &wd,
            &ar,
            &ot,
            &["--anchor-block", "8"],
            &format!("wide-{other}"),
        );
        assert!(plain == wide, "ar-{other}: 8 blocking keys lose pairs");
    }
    // An index written with other counts, or cut short, is refused by
    // name.
    let (ar, en) = (set.join("ar"), set.join("en"));
    let shard = |index: &str| {
        wd.mizan()
            .arg("pair")
            .args([&ar, &en])
            .args(["--shard", "1/2", "--edges-out", "x.edges"])
            .args(["--counts", "en.counts", "--anchor-block", "2"])
            .args(["--anchor-index", index])
            .output()
            .unwrap()
    };
    let err = fails(shard("ru.index"));
    assert!(
        err.contains("ru.index") && err.contains("another counts file"),
        "{err}"
    );
    // Shards blocked by other numbers of keys do not merge.
    run_ok(
        wd.mizan()
            .arg("pair")
            .args([&ar, &en])
            .args(["--shard", "2/3", "--edges-out", "b3.edges"])
            .args(["--counts", "en.counts", "--anchor-block", "3"]),
    );
    let err = fails(
        wd.mizan()
            .args([
                "pair-merge",
                "three-en-1.edges",
                "b3.edges",
                "three-en-3.edges",
            ])
            .output()
            .unwrap(),
    );
    assert!(err.contains("different options"), "{err}");
    let text = std::fs::read_to_string(wd.path("en.index")).unwrap();
    wd.write("cut.index", &text[..text.rfind("end").unwrap()]);
    let err = fails(shard("cut.index"));
    assert!(
        err.contains("cut.index") && err.contains("cut short"),
        "{err}"
    );
    assert!(!wd.path("x.edges").exists());
}

/// Each language's pairs of a build's `pairs.tsv`, as `pair-merge`
/// writes them.
fn built_pairs(wd: &Workdir, dir: &str, lang: &str) -> String {
    std::fs::read_to_string(wd.path(&format!("{dir}/pairs.tsv")))
        .unwrap()
        .lines()
        .filter_map(|l| l.split_once(&format!("\t{lang}/")))
        .map(|(a, rest)| format!("{a}\t{rest}\n"))
        .collect()
}

/// A counts pass into `counts`, then `n` build shards with `--counts`,
/// each checked to read fewer than all of each language's articles; the
/// merged pairs of each language.
fn counted_build(
    wd: &Workdir,
    corpus: &Path,
    counting: &[&str],
    block: &[&str],
    n: u32,
) -> Vec<String> {
    run_ok(
        wd.mizan()
            .arg("build")
            .arg(corpus)
            .args(["-o", "counts", "--counts-out", "-q"])
            .args(counting),
    );
    for k in 1..=n {
        let out = run_ok(
            wd.mizan()
                .arg("build")
                .arg(corpus)
                .args(["-o", &format!("c{k}"), "--shard", &format!("{k}/{n}")])
                .args(["--counts", "counts"])
                .args(block),
        );
        let err = String::from_utf8(out.stderr).unwrap();
        for line in err.lines().filter(|l| l.contains("; read ")) {
            let (read, of) = read_of(line);
            assert!(read > 0 && read < of, "{line}");
        }
        assert_eq!(err.matches("; read ").count(), 2, "{err}");
    }
    ["en", "ru"]
        .iter()
        .map(|lang| {
            let edges: Vec<String> = (1..=n).map(|k| format!("c{k}/ar-{lang}.edges")).collect();
            String::from_utf8(run_ok(wd.mizan().arg("pair-merge").args(&edges)).stdout).unwrap()
        })
        .collect()
}

#[test]
fn issue14_counted_build_shards_give_the_pairs_of_one_build() {
    // A JSONL corpus with dates, blocked by dates and anchors.
    let wd = Workdir::new();
    let corpus = dated_jsonl(&wd);
    let block = ["--date-block", "3", "--anchor-block", "3", "-q"];
    run_ok(
        wd.mizan()
            .arg("build")
            .arg(&corpus)
            .args(["-o", "one", "--no-lexicon"])
            .args(block),
    );
    let merged = counted_build(&wd, &corpus, &[], &block, 3);
    for (lang, m) in ["en", "ru"].iter().zip(&merged) {
        assert!(m.lines().count() >= 55, "{m}");
        assert_eq!(*m, built_pairs(&wd, "one", lang), "ar-{lang}");
    }
    // A folder corpus without dates, blocked by anchors alone.
    let wd = Workdir::new();
    let src = shared("corpora/ntrex-dev/articles");
    for lang in ["ar", "en", "ru"] {
        for e in std::fs::read_dir(src.join(lang)).unwrap() {
            let e = e.unwrap();
            let name = e.file_name().to_string_lossy().into_owned();
            wd.write(
                &format!("corpus/{lang}/{name}"),
                std::fs::read(e.path()).unwrap(),
            );
        }
    }
    let corpus = wd.path("corpus");
    let block = ["--anchor-block", "2", "-q"];
    run_ok(
        wd.mizan()
            .arg("build")
            .arg(&corpus)
            .args(["-o", "one", "--no-lexicon"])
            .args(block),
    );
    let merged = counted_build(&wd, &corpus, &[], &block, 2);
    for (lang, m) in ["en", "ru"].iter().zip(&merged) {
        assert!(m.lines().count() >= 55, "{m}");
        assert_eq!(*m, built_pairs(&wd, "one", lang), "ar-{lang}");
    }
    // A file added since the counts pass is refused by name.
    wd.write("corpus/en/extra.txt", "Obama visited Berlin in 2015.");
    let out = wd
        .mizan()
        .arg("build")
        .arg(&corpus)
        .args(["-o", "x", "--shard", "1/2", "--counts", "counts"])
        .args(block)
        .output()
        .unwrap();
    let err = fails(out);
    assert!(
        err.contains("extra.txt") && err.contains("counts pass again"),
        "{err}"
    );
    assert!(!wd.path("x/ar-en.edges").exists());
}

/// A small Arabic-English word list of news words, for pairing evidence
/// beyond anchors.
const NEWS_WORDS: &str = "حكومة\tgovernment\nرئيس\tpresident\nوزير\tminister\nاقتصاد\teconomy\n\
شركة\tcompany\nسوق\tmarket\nأسعار\tprices\nمليون\tmillion\nمليار\tbillion\nدولار\tdollar\n\
العالم\tworld\nصحة\thealth\nتعليم\teducation\nمياه\twater\nطاقة\tenergy\nنفط\toil\n\
انتخابات\telections\nمدينة\tcity\nجامعة\tuniversity\nمستشفى\thospital\n";

#[test]
fn issue14_counted_shards_with_a_lexicon_give_the_pairs_of_one_run() {
    let set = pairing_set();
    let wd = Workdir::new();
    wd.write("lex.tsv", NEWS_WORDS);
    let (ar, en) = (set.join("ar"), set.join("en"));
    let lex = ["--lexicon", "lex.tsv"];
    let plain = single(&wd, &ar, &en, &[], "plain");
    let one = single(&wd, &ar, &en, &lex, "one");
    // The word list changes the scores: its evidence is counted.
    assert_ne!(plain.0, one.0);
    let out = run_ok(wd.mizan().arg("pair").args([&ar, &en]).args(lex).args([
        "--counts-out",
        "c.counts",
        "--anchor-index-out",
        "c.index",
    ]));
    assert!(out.status.success());
    let counts = std::fs::read_to_string(wd.path("c.counts")).unwrap();
    assert!(
        counts.contains("\nlexicon\t") && counts.contains("\tx:"),
        "{counts}"
    );
    let counted = [&lex[..], &["--counts", "c.counts"]].concat();
    assert!(one == sharded(&wd, &ar, &en, &counted, 3, "three"));
    // With the anchor block too: one blocked run with the word list.
    let block = ["--anchor-block", "2"];
    let one_blocked = single(&wd, &ar, &en, &[&lex[..], &block[..]].concat(), "oneb");
    let counted = [&counted[..], &block[..], &["--anchor-index", "c.index"]].concat();
    assert!(one_blocked == sharded(&wd, &ar, &en, &counted, 2, "two"));
    // A shard without the word list, or with another, is refused.
    let shard = |extra: &[&str]| {
        wd.mizan()
            .arg("pair")
            .args([&ar, &en])
            .args([
                "--shard",
                "1/2",
                "--edges-out",
                "x.edges",
                "--counts",
                "c.counts",
            ])
            .args(extra)
            .output()
            .unwrap()
    };
    let err = fails(shard(&[]));
    assert!(
        err.contains("c.counts") && err.contains("same --lexicon"),
        "{err}"
    );
    wd.write("other.tsv", "كتاب\tbook\n");
    let err = fails(shard(&["--lexicon", "other.tsv"]));
    assert!(err.contains("another lexicon"), "{err}");
    assert!(!wd.path("x.edges").exists());
    // The same in a build: a counted build with the word list.
    let corpus = dated_jsonl(&wd);
    let opts = [
        "--lexicon",
        "lex.tsv",
        "--no-lexicon",
        "-q",
        "--anchor-block",
        "3",
    ];
    run_ok(
        wd.mizan()
            .arg("build")
            .arg(&corpus)
            .args(["-o", "built"])
            .args(opts),
    );
    let merged = counted_build(&wd, &corpus, &lex, &opts, 2);
    for (lang, m) in ["en", "ru"].iter().zip(&merged) {
        assert_eq!(*m, built_pairs(&wd, "built", lang), "ar-{lang}");
    }
}
