//! Issue 18: content that must not derail an alignment. Hostile lines are
//! spliced into the English or Russian side of the ntrex-dev align dev
//! documents; the strict F1 of every other link must stay within 0.01 of
//! the unspliced run's.

use crate::util::{run_ok, shared, Workdir};
use std::collections::HashSet;
use std::path::Path;

type Link = (Vec<usize>, Vec<usize>);

/// Links of a gold or beads file (a trailing score is ignored).
fn read_links(text: &str) -> Vec<Link> {
    let ids = |s: &str| -> Vec<usize> {
        s.trim_matches(|c: char| c == '[' || c == ']' || c.is_whitespace())
            .split(',')
            .filter(|x| !x.trim().is_empty())
            .map(|x| x.trim().parse().unwrap())
            .collect()
    };
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let mut parts = l.split(':');
            (ids(parts.next().unwrap()), ids(parts.next().unwrap()))
        })
        .collect()
}

const COMMON: &str = "the of and to in a is that for it as was with be by on not he this are or his from at which but have an they you were her she there one all we their been has when who will more if no out so said what up its about into than them can only other new some could time these two may then do first any my now such like our over man me even most made after also did many before must through back years where much your way well down should because each just those people how too little state good very make world still own see men work long get here between both life being under never day same another know while last might us great old year off come since against go came right used take three";

/// What is spliced into a document's English side at target line `k` (a
/// gold link's first line, so no gold link is cut in two).
#[derive(Clone, Copy, PartialEq)]
enum Splice {
    None,
    /// One 800-word line of common English words.
    LongLine,
    /// 10,000 combining marks on one letter of line `k` (which keeps its
    /// place; its own link is not counted).
    Flood,
    /// A line of one name, 300 times.
    RepeatedName,
}

struct Doc {
    name: String,
    src: String,
    tgt: Vec<String>,
    gold: Vec<Link>,
}

fn load_docs(set: &str) -> Vec<Doc> {
    let dir = shared(&format!("corpora/ntrex-dev/align/{set}"));
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter_map(|n| n.strip_suffix(".gold").map(str::to_string))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let read =
                |ext: &str| std::fs::read_to_string(dir.join(format!("{name}.{ext}"))).unwrap();
            let tgt = read("tgt");
            Doc {
                src: read("src"),
                tgt: tgt
                    .trim_end_matches('\n')
                    .split('\n')
                    .map(str::to_string)
                    .collect(),
                gold: read_links(&read("gold")),
                name,
            }
        })
        .collect()
}

/// The gold link start nearest the middle of the target side.
fn splice_point(doc: &Doc) -> usize {
    let mid = doc.tgt.len() / 2;
    doc.gold
        .iter()
        .filter_map(|(_, t)| t.first().copied())
        .min_by_key(|&t| t.abs_diff(mid))
        .unwrap_or(mid)
}

/// Aligns every document with `splice` applied and returns the strict F1
/// of the links that do not involve the spliced line.
fn strict_f1(wd: &Workdir, docs: &[Doc], lang: &str, splice: Splice, tag: &str) -> f64 {
    let (s, t, b) = (format!("{tag}/s"), format!("{tag}/t"), format!("{tag}/b"));
    let mut spliced_at = Vec::new();
    for doc in docs {
        let k = splice_point(doc);
        let mut tgt = doc.tgt.clone();
        match splice {
            Splice::None => {}
            Splice::LongLine => {
                let words: Vec<&str> = COMMON.split(' ').cycle().take(800).collect();
                tgt.insert(k, format!("{}.", words.join(" ")));
            }
            Splice::Flood => {
                let line = &tgt[k];
                let at = line.char_indices().nth(line.chars().count() / 2).unwrap().0;
                tgt[k] = format!("{}{}{}", &line[..at], "\u{301}".repeat(10_000), &line[at..]);
            }
            Splice::RepeatedName => tgt.insert(k, vec!["Obama"; 300].join(" ")),
        }
        spliced_at.push(k);
        wd.write(&format!("{s}/{}.txt", doc.name), &doc.src);
        wd.write(&format!("{t}/{}.txt", doc.name), tgt.join("\n") + "\n");
    }
    run_ok(wd.mizan().args([
        "align",
        "--presegmented",
        "--src-lang",
        "ar",
        "--tgt-lang",
        lang,
        "-f",
        "beads",
        &s,
        &t,
        "-o",
        &b,
    ]));
    let (mut hits, mut found, mut expected) = (0, 0, 0);
    for (doc, &k) in docs.iter().zip(&spliced_at) {
        let inserted = matches!(splice, Splice::LongLine | Splice::RepeatedName);
        let test = read_links(
            &std::fs::read_to_string(wd.path(&format!("{b}/{}.beads", doc.name))).unwrap(),
        );
        // Back to the original line numbers, without the spliced line's
        // own link.
        let test: HashSet<Link> = test
            .into_iter()
            .filter(|(_, t)| splice == Splice::None || !t.contains(&k))
            .map(|(s, t)| {
                let t = t
                    .into_iter()
                    .map(|j| if inserted && j > k { j - 1 } else { j })
                    .collect();
                (s, t)
            })
            .collect();
        let gold: Vec<&Link> = doc
            .gold
            .iter()
            .filter(|(_, t)| inserted || splice == Splice::None || !t.contains(&k))
            .collect();
        hits += gold.iter().filter(|l| test.contains(**l)).count();
        found += test.len();
        expected += gold.len();
    }
    let (p, r) = (hits as f64 / found as f64, hits as f64 / expected as f64);
    2.0 * p * r / (p + r)
}

/// Splices each case into every document of a dev set and compares.
fn check_set(set: &str, lang: &str) {
    if !Path::new(&shared(&format!("corpora/ntrex-dev/align/{set}"))).is_dir() {
        panic!("the ntrex-dev corpus is missing beside the repository (../shared)");
    }
    let docs = load_docs(set);
    let wd = Workdir::new();
    let cases = [
        (Splice::None, "none"),
        (Splice::LongLine, "long"),
        (Splice::Flood, "flood"),
        (Splice::RepeatedName, "name"),
    ];
    let f1: Vec<(String, f64)> = std::thread::scope(|scope| {
        let runs: Vec<_> = cases
            .iter()
            .map(|&(splice, tag)| {
                let (wd, docs) = (&wd, &docs);
                scope.spawn(move || (tag.to_string(), strict_f1(wd, docs, lang, splice, tag)))
            })
            .collect();
        runs.into_iter().map(|r| r.join().unwrap()).collect()
    });
    let base = f1[0].1;
    assert!(base > 0.9, "unspliced strict F1 {base}");
    for (tag, f) in &f1[1..] {
        assert!(
            (base - f).abs() <= 0.01,
            "{set} {tag}: strict F1 of the other links {f:.4}, unspliced {base:.4}"
        );
    }
}

#[test]
fn issue18_spliced_hostile_lines_cost_only_their_own_link_ar_en() {
    check_set("ar-en", "en");
}

#[test]
fn issue18_spliced_hostile_lines_cost_only_their_own_link_ar_ru() {
    check_set("ar-ru", "ru");
}
