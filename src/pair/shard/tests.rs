use super::*;
use crate::lang::Lang;
use crate::pair::{pair_articles, synthetic_collection};

#[test]
fn shard_assignment_table() {
    // FNV-1a 64 of the id's bytes (of "" and "a": 0xcbf29ce484222325
    // and 0xaf63dc4c8601ec8c), MurmurHash3's fmix64, modulo n, plus one;
    // the values were computed independently in Python. Fixed values: a
    // change here moves articles between the shards of existing runs.
    let table: [(&str, u32, u32); 11] = [
        ("", 1, 1),
        ("anything", 1, 1),
        ("", 3, 3),
        ("a", 2, 2),
        ("a", 3, 3),
        ("abcnews.306776.txt", 3, 1),
        ("bbc.381679.txt", 3, 3),
        ("02631c0ae9.txt", 3, 3),
        ("02631c0ae9.txt", 7, 3),
        ("ar000000.txt", 4, 1),
        ("ar000001.txt", 4, 3),
    ];
    for (id, n, want) in table {
        assert_eq!(shard_of(id, n), want, "{id:?} of {n}");
    }
    // n = 0 is read as one shard, not a division by zero.
    assert_eq!(shard_of("x", 0), 1);
    // Every shard gets some of a few hundred ids, none most of them.
    let mut count = [0usize; 4];
    for i in 0..400 {
        count[shard_of(&format!("doc{i}.txt"), 4) as usize - 1] += 1;
    }
    assert!(count.iter().all(|&c| (60..=140).contains(&c)), "{count:?}");
}

#[test]
fn shard_parse_table() {
    let ok = [("1/1", (1, 1)), ("2/3", (2, 3)), (" 3 / 3 ", (3, 3))];
    for (s, (k, n)) in ok {
        assert_eq!(Shard::parse(s).unwrap(), Shard { k, n, days: None }, "{s}");
    }
    for s in ["0/3", "4/3", "3", "a/b", "1/0", "", "-1/2", "1/2/3"] {
        assert!(Shard::parse(s).is_err(), "{s} should be refused");
    }
    assert!(
        Shard {
            k: 2,
            n: 5,
            days: None
        }
        .to_string()
            == "2/5"
    );
}

fn through_file(e: &ShardEdges) -> ShardEdges {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("e.tsv");
    let mut buf = Vec::new();
    e.write(&mut buf).unwrap();
    std::fs::write(&path, &buf).unwrap();
    read_edges(&path).unwrap()
}

fn sharded(src: &[Article], tgt: &[Article], cfg: &PairConfig, n: u32) -> Merged {
    let parts: Vec<ShardEdges> = (1..=n)
        .rev()
        .map(|k| through_file(&shard_edges(src, tgt, cfg, Shard { k, n, days: None })))
        .collect();
    merge_edges(&parts).unwrap()
}

#[test]
fn sharded_pairing_equals_one_run() {
    let (ar, en, _) = synthetic_collection(120, 7);
    let cfg = PairConfig::default();
    let one = pair_articles(&ar, &en, &cfg);
    assert!(one.pairs.len() > 80, "{}", one.pairs.len());
    for n in [1, 2, 5] {
        let m = sharded(&ar, &en, &cfg, n);
        assert_eq!(m.pairing, one, "{n} shards");
        let ids: Vec<&str> = ar.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(m.src_ids, ids);
    }
}

#[test]
fn sharded_pairing_with_date_blocks_equals_one_run_with_them() {
    let (mut ar, mut en, truth) = synthetic_collection(80, 11);
    // A day per true pair, its counterpart a day later; the rest spread.
    for (i, &(a, e)) in truth.iter().enumerate() {
        let d = 1 + (i % 28);
        ar[a].date = Some(format!("2024-02-{d:02}"));
        en[e].date = Some(format!("2024-02-{:02}", d + 1));
    }
    let cfg = PairConfig {
        block_days: Some(2),
        ..PairConfig::default()
    };
    let one = pair_articles(&ar, &en, &cfg);
    let m = sharded(&ar, &en, &cfg, 3);
    assert_eq!(m.pairing, one);
    // The blocks keep every true pair here.
    for &(a, e) in &truth {
        assert!(one.pairs.iter().any(|p| p.0 == a && p.1 == e), "{a} {e}");
    }
    // A window of 0 days cuts the true pairs (a day apart) off.
    let cut = PairConfig {
        block_days: Some(0),
        ..PairConfig::default()
    };
    let p = pair_articles(&ar, &en, &cut);
    assert!(p.pairs.len() < truth.len() / 4, "{}", p.pairs.len());
    assert_eq!(sharded(&ar, &en, &cut, 2).pairing, p);
}

#[test]
fn merge_refuses_parts_that_do_not_make_a_run() {
    let (ar, en, _) = synthetic_collection(20, 3);
    let cfg = PairConfig::default();
    let part = |k, n| shard_edges(&ar, &en, &cfg, Shard { k, n, days: None });
    let msg = |parts: &[ShardEdges]| merge_edges(parts).unwrap_err().to_string();
    assert!(msg(&[part(1, 2)]).contains("shard 2/2 is missing"));
    assert!(msg(&[part(1, 2), part(1, 2)]).contains("twice"));
    assert!(msg(&[part(1, 2), part(2, 3)]).contains("one of 3 shards"));
    let other = PairConfig {
        threshold: 0.3,
        ..PairConfig::default()
    };
    let odd = shard_edges(
        &ar,
        &en,
        &other,
        Shard {
            k: 2,
            n: 2,
            days: None,
        },
    );
    assert!(msg(&[part(1, 2), odd]).contains("different"));
    assert!(msg(&[]).contains("no edges"));
    let mut zero = part(1, 2);
    zero.shard.k = 0;
    assert!(msg(&[zero]).contains("no such shard: 0/2"));
    // A source moved to a shard it does not hash to.
    let (mut a, mut b) = (part(1, 2), part(2, 2));
    if let Some(s) = b.src.pop() {
        a.src.push(s);
    }
    assert!(msg(&[a, b]).contains("does not belong"));
}

#[test]
fn empty_sides_merge_to_all_unpaired() {
    let (ar, _, _) = synthetic_collection(10, 5);
    let cfg = PairConfig::default();
    let m = sharded(&ar, &[], &cfg, 2);
    assert_eq!(m.pairing, pair_articles(&ar, &[], &cfg));
    let en = vec![Article {
        id: "x".into(),
        lang: Lang::En,
        text: "Hello 2024.".into(),
        date: None,
    }];
    assert_eq!(
        sharded(&[], &en, &cfg, 3).pairing,
        pair_articles(&[], &en, &cfg)
    );
}

#[test]
fn edges_file_round_trips_and_refuses_damage() {
    let (ar, en, _) = synthetic_collection(15, 9);
    let mut e = shard_edges(
        &ar,
        &en,
        &PairConfig::default(),
        Shard {
            k: 1,
            n: 2,
            days: None,
        },
    );
    e.skipped
        .push(("en".into(), "bad.txt".into(), "empty\tfile".into()));
    let back = through_file(&e);
    e.skipped[0].2 = "empty file".into();
    assert_eq!(back, e);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("e.tsv");
    let mut buf = Vec::new();
    e.write(&mut buf).unwrap();
    let text = String::from_utf8(buf).unwrap();
    // Cut short: the last line (the count) missing, or a candidate lost.
    let lines: Vec<&str> = text.lines().collect();
    std::fs::write(&path, lines[..lines.len() - 1].join("\n")).unwrap();
    let err = read_edges(&path).unwrap_err().to_string();
    assert!(err.contains("cut short"), "{err}");
    let cand = lines.iter().position(|l| l.starts_with("cand\t")).unwrap();
    let mut fewer = lines.clone();
    fewer.remove(cand);
    std::fs::write(&path, fewer.join("\n")).unwrap();
    let err = read_edges(&path).unwrap_err().to_string();
    assert!(err.contains(&format!(":{}", lines.len() - 1)), "{err}");
    std::fs::write(&path, "ar\ten\t0.5\n").unwrap();
    let err = read_edges(&path).unwrap_err().to_string();
    assert!(
        err.contains("not an edges file") && err.contains(":1"),
        "{err}"
    );
    // An id that would break its column.
    e.src[0].id = "a\tb".into();
    assert!(e.write(Vec::new()).is_err());
}

#[test]
fn shards_cut_by_days_hold_runs_of_days() {
    let s = |k| Shard {
        k,
        n: 3,
        days: Some(10),
    };
    // Days 0 to 9 since 1970-01-01 fall in shard 1, 10 to 19 in 2,
    // 20 to 29 in 3, 30 to 39 in 1 again; days before 1970 count down.
    for (date, k) in [
        ("1970-01-01", 1),
        ("1970-01-10", 1),
        ("1970-01-11", 2),
        ("1970-01-21", 3),
        ("1970-01-31", 1),
        ("1969-12-31", 3),
    ] {
        assert!(s(k).holds("x.txt", Some(date)), "{date}");
        assert!(!s(k % 3 + 1).holds("x.txt", Some(date)), "{date}");
    }
    // Undated articles go by the hash.
    assert!(s(shard_of("x.txt", 3)).holds("x.txt", None));
    // The span goes through the edges file, and a merge refuses parts
    // cut by other spans.
    let mut dated = synthetic_collection(12, 4).0;
    for (i, a) in dated.iter_mut().enumerate() {
        a.date = Some(format!("2024-01-{:02}", 1 + i));
    }
    let en = synthetic_collection(12, 4).1;
    let cfg = PairConfig::default();
    let parts: Vec<ShardEdges> = (1..=3)
        .map(|k| through_file(&shard_edges(&dated, &en, &cfg, s(k))))
        .collect();
    assert!(parts.iter().all(|p| p.shard.days == Some(10)));
    assert_eq!(
        merge_edges(&parts).unwrap().pairing,
        pair_articles(&dated, &en, &cfg)
    );
    let mut mixed = parts.clone();
    mixed[0] = through_file(&shard_edges(
        &dated,
        &en,
        &cfg,
        Shard { days: None, ..s(1) },
    ));
    assert!(merge_edges(&mixed).is_err());
}

/// Shards with a counts pass and an anchor index, each given only the
/// texts of the target articles it says it needs (the others blank).
fn counted_anchor_shards(
    src: &[Article],
    tgt: &[Article],
    cfg: &PairConfig,
    n: u32,
) -> (Merged, Vec<usize>) {
    let dir = tempfile::tempdir().unwrap();
    let (counts, index) = crate::pair::count_collection_indexed(src, tgt, cfg);
    let path = dir.path().join("a.index");
    let mut buf = Vec::new();
    index.write(&counts, &mut buf).unwrap();
    std::fs::write(&path, &buf).unwrap();
    let mut reads = Vec::new();
    let parts: Vec<ShardEdges> = (1..=n)
        .map(|k| {
            let shard = Shard { k, n, days: None };
            let part = CountedShard::new(src, cfg, shard, &counts).unwrap();
            let index = crate::pair::read_anchor_index(&path, &counts, &part.block_keys()).unwrap();
            let need = part.targets_needed(Some(&index)).unwrap();
            reads.push(need.iter().filter(|&&x| x).count());
            let blank: Vec<Article> = tgt
                .iter()
                .zip(&need)
                .map(|(a, &m)| Article {
                    text: if m { a.text.clone() } else { String::new() },
                    ..a.clone()
                })
                .collect();
            let e = part.edges(src, &blank, &need).unwrap();
            let back = through_file(&e);
            assert_eq!(back, e);
            back
        })
        .collect();
    (merge_edges(&parts).unwrap(), reads)
}

#[test]
fn anchor_blocked_counted_shards_equal_one_blocked_run() {
    let (ar, en, _) = synthetic_collection(100, 13);
    let plain = pair_articles(&ar, &en, &PairConfig::default());
    for b in [1, 3] {
        let cfg = PairConfig {
            block_anchors: Some(b),
            ..PairConfig::default()
        };
        let one = pair_articles(&ar, &en, &cfg);
        for n in [2, 5] {
            let (m, reads) = counted_anchor_shards(&ar, &en, &cfg, n);
            assert_eq!(m.pairing, one, "{b} keys, {n} shards");
            if n == 5 {
                // A fifth of the sources needs well under all targets.
                assert!(
                    reads.iter().all(|&r| r > 0 && r * 3 < en.len() * 2),
                    "{reads:?} of {}",
                    en.len()
                );
            }
        }
        // The block loses few of the unblocked run's pairs.
        let kept = one
            .pairs
            .iter()
            .filter(|p| plain.pairs.iter().any(|q| q.0 == p.0 && q.1 == p.1))
            .count();
        assert!(
            kept * 10 >= plain.pairs.len() * 9,
            "{b}: {kept} of {}",
            plain.pairs.len()
        );
    }
    // An index of other counts is refused.
    let cfg = PairConfig {
        block_anchors: Some(2),
        ..PairConfig::default()
    };
    let (counts, _) = crate::pair::count_collection_indexed(&ar, &en, &cfg);
    let (other_counts, other) = crate::pair::count_collection_indexed(&ar[1..], &en, &cfg);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("o.index");
    let mut buf = Vec::new();
    other.write(&other_counts, &mut buf).unwrap();
    std::fs::write(&path, &buf).unwrap();
    let err = crate::pair::read_anchor_index(&path, &counts, &Default::default())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("o.index") && err.contains("another counts file"),
        "{err}"
    );
}

#[test]
fn counted_shards_with_a_lexicon_equal_one_run_with_it() {
    let (ar, en, _) = synthetic_collection(60, 17);
    // A made-up lexicon: every third Arabic word translates to an English
    // word of the collection, chosen by a hash of the Arabic word, so that
    // both sides gain evidence the anchors do not give.
    let mut vocab: Vec<String> = en
        .iter()
        .flat_map(|a| {
            a.text
                .split_whitespace()
                .map(|w| w.trim_matches('.').to_lowercase())
        })
        .filter(|w| w.len() > 3)
        .collect();
    vocab.sort();
    vocab.dedup();
    let lex = move |w: &str| -> Vec<(String, f64)> {
        let h = shard_of(w, 3 * vocab.len() as u32) as usize - 1;
        match vocab.get(h) {
            Some(t) => vec![(t.clone(), 0.8)],
            None => Vec::new(),
        }
    };
    for block in [None, Some(2)] {
        let cfg = PairConfig {
            lexicon: Some(std::sync::Arc::new(lex.clone())),
            block_anchors: block,
            ..PairConfig::default()
        };
        let one = pair_articles(&ar, &en, &cfg);
        let (m, _) = counted_anchor_shards(&ar, &en, &cfg, 3);
        assert_eq!(m.pairing, one, "block {block:?}");
        let (counts, _) = crate::pair::count_collection_indexed(&ar, &en, &cfg);
        assert!(counts.keys.iter().any(|k| k.0.starts_with("x:") && k.2 > 0));
    }
}
