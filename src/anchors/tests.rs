//! Table-driven tests of anchor extraction and matching.

use super::*;

fn show(s: &str, lang: &Lang) -> Vec<(AnchorKind, String, String)> {
    extract(s, lang)
        .into_iter()
        .map(|a| (a.kind, a.key, a.surface))
        .collect()
}

#[test]
#[ignore]
fn dump() {
    for (s, l) in [
        ("ووصل شويغو إلى الدوحة في وقت سابق اليوم، في إطار زيارة رسمية لقطر هي الأولى من نوعها في 25 أكتوبر 2017.", Lang::Ar),
        ("Russian Defence Minister Sergei Shoigu arrived in Doha on Oct. 25, 2017, and met Putin's envoy at 10:15 with 1,000 people (NATO) 3.5% and $5m https://www.bbc.com/news #Qatar a@b.com", Lang::En),
        ("Шойгу прибыл в Доху 25 октября 2017 года с 1 000 человек, 3,5 млн рублей, Путиным, Катаре, в среду — NATO?", Lang::Ru),
        ("في كانون الثاني وبتشرين الأول، ومارس الضغط، في مارس 2017 يوم الاثنين والسبت ٢٠١٧ و١٬٠٠٠ و٣٫٥٪ و5 ملايين", Lang::Ar),
    ] {
        println!("{s}");
        for a in show(s, &l) {
            println!("  {a:?}");
        }
    }
}

/// Gold beads of a `.gold` file: `[i, j]:[k]` per line.
fn read_gold(text: &str) -> Vec<(Vec<usize>, Vec<usize>)> {
    let nums = |s: &str| -> Vec<usize> {
        s.trim()
            .trim_start_matches('[')
            .trim_end_matches(']')
            .split(',')
            .filter_map(|x| x.trim().parse().ok())
            .collect()
    };
    text.lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(a, b)| (nums(a), nums(b)))
        .collect()
}

/// Measures name matching on the dev corpus (not in the repository): name
/// matches between a source sentence and target sentences within ±3 of its
/// gold partners; a match is right when the pair is gold-linked. Run with
/// `cargo test --lib dev_name_stats -- --ignored --nocapture`.
#[test]
#[ignore]
fn dev_name_stats() {
    use std::collections::{BTreeMap, HashSet};
    let root = std::path::Path::new("/work/shared/corpora/ntrex-dev/align");
    let dump = std::env::var("MIZAN_DUMP").is_ok();
    for pair in ["ar-en", "ar-ru"] {
        let tl = if pair == "ar-en" { Lang::En } else { Lang::Ru };
        let dir = root.join(pair);
        let Ok(rd) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut docs: Vec<_> = rd
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "gold"))
            .collect();
        docs.sort();
        // kind -> (matches in linked pairs, matches in unlinked pairs)
        let mut by_kind: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        let (mut linked, mut unlinked, mut linked_hit, mut unlinked_hit) = (0, 0, 0, 0);
        for g in &docs {
            let read = |ext: &str| -> Vec<String> {
                std::fs::read_to_string(g.with_extension(ext))
                    .unwrap_or_default()
                    .lines()
                    .map(str::to_string)
                    .collect()
            };
            let (src, tgt) = (read("src"), read("tgt"));
            let gold = read_gold(&std::fs::read_to_string(g).unwrap_or_default());
            let doc = DocAnchors::new(&src, &Lang::Ar, &tgt, &tl);
            let mut links = HashSet::new();
            let mut partners: Vec<Vec<usize>> = vec![Vec::new(); src.len()];
            for (s, t) in &gold {
                for &i in s {
                    for &j in t {
                        links.insert((i, j));
                        if i < partners.len() {
                            partners[i].push(j);
                        }
                    }
                }
            }
            for (i, ps) in partners.iter().enumerate() {
                let (Some(&lo), Some(&hi)) = (ps.iter().min(), ps.iter().max()) else {
                    continue;
                };
                for j in lo.saturating_sub(3)..(hi + 4).min(tgt.len()) {
                    let gold_link = links.contains(&(i, j));
                    let ms = doc.explain(i..i + 1, j..j + 1);
                    let mut name_hit = false;
                    for m in &ms {
                        let e = by_kind.entry(m.src.kind.label()).or_default();
                        if gold_link {
                            e.0 += 1
                        } else {
                            e.1 += 1
                        }
                        if m.src.kind == AnchorKind::Name {
                            name_hit = true;
                            if dump {
                                println!(
                                    "{}\t{}\t{}\t{}\t{}",
                                    pair, gold_link as u8, m.src.surface, m.tgt.surface, m.src.key
                                );
                            }
                        }
                    }
                    if gold_link && std::env::var("MIZAN_DUMP_ALL").is_ok() {
                        for a in doc
                            .src_anchors(i)
                            .iter()
                            .filter(|a| a.kind == AnchorKind::Name)
                        {
                            for b in doc
                                .tgt_anchors(j)
                                .iter()
                                .filter(|b| b.kind == AnchorKind::Name)
                            {
                                let m = names::keys_match(&a.key, &b.key);
                                println!("ALL\t{pair}\t{}\t{}\t{}", m as u8, a.surface, b.surface);
                            }
                        }
                    }
                    if gold_link {
                        linked += 1;
                        linked_hit += name_hit as usize;
                    } else {
                        unlinked += 1;
                        unlinked_hit += name_hit as usize;
                    }
                }
            }
        }
        println!("== {pair}: {} documents", docs.len());
        for (k, (a, b)) in &by_kind {
            println!(
                "  {k:8} matches in linked pairs {a:6}, in unlinked nearby pairs {b:6}, precision {:.3}",
                *a as f64 / (a + b).max(1) as f64
            );
        }
        println!(
            "  linked pairs with a name match {linked_hit}/{linked} ({:.3}); unlinked nearby pairs with one {unlinked_hit}/{unlinked} ({:.3})",
            linked_hit as f64 / linked.max(1) as f64,
            unlinked_hit as f64 / unlinked.max(1) as f64
        );
    }
}

/// Whether two words (any scripts) match as names.
fn words_match(a: &str, b: &str) -> bool {
    let key = |w: &str| {
        let n = crate::normalize::normalize(w);
        let script = n.chars().find_map(crate::lang::char_script);
        names::name_key(&n, script)
    };
    match (key(a), key(b)) {
        (Some(x), Some(y)) => names::keys_match(&x, &y),
        _ => false,
    }
}

/// Precision, false-match rate and recall of name matching on the labelled
/// sample in `tests/data/names/dev_pairs.tsv`.
fn fixture_figures() -> (f64, f64, f64, Vec<String>) {
    let text = include_str!("../../tests/data/names/dev_pairs.tsv");
    let (mut tp, mut fp, mut pos, mut neg) = (0, 0, 0, 0);
    let mut errors = Vec::new();
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let f: Vec<&str> = line.split('\t').collect();
        let (label, a, b) = (f[0] == "1", f[1], f[2]);
        let m = words_match(a, b);
        if label {
            pos += 1;
        } else {
            neg += 1;
        }
        match (label, m) {
            (true, true) => tp += 1,
            (false, true) => fp += 1,
            _ => {}
        }
        if label != m {
            errors.push(format!(
                "{} {a} {b}",
                if label { "missed" } else { "false" }
            ));
        }
    }
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    (
        precision,
        fp as f64 / neg.max(1) as f64,
        tp as f64 / pos.max(1) as f64,
        errors,
    )
}

#[test]
fn labelled_name_sample() {
    let (precision, false_rate, recall, errors) = fixture_figures();
    println!("precision {precision:.3} false-match rate {false_rate:.3} recall {recall:.3}");
    for e in &errors {
        println!("  {e}");
    }
    assert!(precision >= 0.0, "{errors:?}");
}
