use super::io::{decode_b64, definition_translations, parse_tsv, read_dictd};
use super::test_support::sides;
use super::*;
use crate::lang::Lang;
use std::path::Path;

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/lexicon")
        .join(name)
}

/// A small synthetic parallel corpus: source word `w` translates as
/// target word `w + 1000`, each sentence pair has five words on each
/// side, the target side shuffled, plus one noise word per side.
fn synthetic(n: usize) -> Vec<(Vec<u32>, Vec<u32>)> {
    let mut rng = crate::rng::XorShift::new(0x2545_F491_4F6C_DD1D);
    let mut next = move |k: usize| rng.below(k) as u32;
    (0..n)
        .map(|_| {
            let mut src: Vec<u32> = (0..5).map(|_| next(60)).collect();
            let mut tgt: Vec<u32> = src.iter().map(|w| w + 1000).collect();
            tgt.rotate_left(next(5) as usize);
            src.push(500 + next(40));
            tgt.push(2000 + next(40));
            (src, tgt)
        })
        .collect()
}

#[test]
fn learns_synthetic_translations() {
    let pairs = synthetic(2000);
    let lex = Lexicon::train(&pairs, &[], &TrainParams::default());
    assert!(!lex.is_empty());
    let mut right = 0;
    for e in 0..60u32 {
        let best = lex
            .forward()
            .row_of(e)
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|x| x.0);
        if best == Some(e + 1000) {
            right += 1;
        }
        let back = lex
            .backward()
            .row_of(e + 1000)
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|x| x.0);
        assert_eq!(back, Some(e), "backward best for {}", e + 1000);
    }
    assert_eq!(right, 60);
}

#[test]
fn bead_score_separates_translations_from_unrelated_pairs() {
    let pairs = synthetic(2000);
    // The synthetic targets are shuffled, so no diagonal prior here (see
    // score::tests for the prior).
    let params = TrainParams {
        diagonal: 0.0,
        ..TrainParams::default()
    };
    let lex = Lexicon::train(&pairs[..1500], &[], &params);
    let held = &pairs[1500..];
    let (mut good, mut bad) = (0.0, 0.0);
    for i in 0..held.len() {
        let (s, t) = (&held[i].0, &held[i].1);
        let other = &held[(i + 7) % held.len()].1;
        let g = lex.bead_score(&[s], &[t]);
        let b = lex.bead_score(&[s], &[other]);
        assert!(g > b, "pair {i}: {g} <= {b}");
        good += g;
        bad += b;
    }
    let n = held.len() as f64;
    let (good, bad) = (good / n, bad / n);
    assert!(good > 1.0, "mean on translations {good}");
    assert!(bad.abs() < 0.3, "mean on unrelated pairs {bad}");
    // A 2-2 bead given as two sentences a side equals the concatenation.
    let (a, b) = (&held[0], &held[1]);
    let split = lex.bead_score(&[&a.0, &b.0], &[&a.1, &b.1]);
    let src: Vec<u32> = a.0.iter().chain(&b.0).copied().collect();
    let tgt: Vec<u32> = a.1.iter().chain(&b.1).copied().collect();
    assert!((split - lex.bead_score(&[&src], &[&tgt])).abs() < 1e-12);
    // Empty sides and unknown tokens carry no evidence.
    assert_eq!(lex.bead_score(&[&a.0], &[]), 0.0);
    assert_eq!(lex.bead_score(&[], &[&a.1]), 0.0);
    assert_eq!(lex.bead_score(&[&[90_000]], &[&[90_001]]), 0.0);
}

/// Issue 16: a corpus that repeats itself (an article pasted twice,
/// boilerplate) must not calibrate the score on real translations: pair
/// `i` with pair `i + n/2` is one whenever the text is repeated an even
/// number of times, which turned the offset positive and the score of
/// true translations negative.
#[test]
fn issue16_calibration_on_a_repeated_corpus() {
    let params = TrainParams {
        diagonal: 0.0,
        ..TrainParams::default()
    };
    let once = synthetic(500);
    let repeated: Vec<_> = (0..4).flat_map(|_| once.iter().cloned()).collect();
    let single = Lexicon::train(&once, &[], &params);
    let lex = Lexicon::train(&repeated, &[], &params);
    let held = synthetic(600).split_off(500);
    let mean = |lex: &Lexicon, shift: usize| {
        let n = held.len();
        (0..n)
            .map(|i| lex.bead_score(&[&held[i].0], &[&held[(i + shift) % n].1]))
            .sum::<f64>()
            / n as f64
    };
    let (good, bad) = (mean(&lex, 0), mean(&lex, 7));
    assert!(good > 1.0, "mean on translations {good}");
    assert!(bad.abs() < 0.3, "mean on unrelated pairs {bad}");
    // Repetition adds no information: the offsets stay where one copy
    // puts them.
    assert!((lex.fwd_offset - single.fwd_offset).abs() < 0.1);
    assert!((lex.bwd_offset - single.bwd_offset).abs() < 0.1);
}

#[test]
fn unrelated_partners_differ_in_both_texts() {
    let pairs = vec![
        (vec![1, 2, 3, 4], vec![11, 12, 13, 14]),
        (vec![1, 2, 3, 5], vec![21, 22, 23, 24]),
        (vec![6, 7, 8, 9], vec![11, 12, 13, 15]),
        (vec![6, 7, 8, 0], vec![31, 32, 33, 34]),
    ];
    assert!(!unrelated(&pairs, 0, 0));
    // Same source words (3 of 4): a near-copy of the source.
    assert!(!unrelated(&pairs, 0, 1));
    // Same target words: pair 2's target is nearly pair 0's translation.
    assert!(!unrelated(&pairs, 0, 2));
    assert!(unrelated(&pairs, 0, 3));
    assert_eq!(overlap(&[], &[]), 1.0);
    assert_eq!(overlap(&[1, 1, 2], &[2, 3]), 0.5);
}

#[test]
fn doc_scorer_matches_bead_score() {
    let pairs = synthetic(1200);
    let lex = Lexicon::train(&pairs[..1000], &[], &TrainParams::default());
    let (src, mut tgt) = sides(&pairs[1000..1040]);
    tgt[3].clear();
    let scorer = DocScorer::new(&lex, &src, &tgt);
    for (a, b) in [(0, 0), (5, 5), (10, 12), (3, 3), (20, 19)] {
        for (da, db) in [
            (1, 1),
            (1, 2),
            (2, 1),
            (2, 2),
            (3, 1),
            (1, 3),
            (3, 3),
            (0, 1),
            (1, 0),
        ] {
            let want = lex.bead_score(
                &src[a..a + da].iter().map(Vec::as_slice).collect::<Vec<_>>(),
                &tgt[b..b + db].iter().map(Vec::as_slice).collect::<Vec<_>>(),
            );
            // Twice: computed, then from the cache.
            for _ in 0..2 {
                let got = scorer.score(a..a + da, b..b + db);
                assert!(
                    (got - want).abs() < 1e-4,
                    "{a}+{da}, {b}+{db}: {got} vs {want}"
                );
            }
        }
    }
    assert_eq!(scorer.score(39..41, 0..1), 0.0);
    let empty = Lexicon::empty();
    assert_eq!(DocScorer::new(&empty, &src, &tgt).score(0..1, 0..1), 0.0);
}

#[test]
fn too_little_data_gives_the_empty_lexicon() {
    let pairs = synthetic(5);
    let lex = Lexicon::train(&pairs, &[], &TrainParams::default());
    assert!(lex.is_empty());
    assert_eq!(lex.bead_score(&[&pairs[0].0], &[&pairs[0].1]), 0.0);
    let none: &[(Vec<u32>, Vec<u32>)] = &[];
    assert!(Lexicon::train(none, &[], &TrainParams::default()).is_empty());
    assert!(Lexicon::empty().is_empty());
    let mut out = Vec::new();
    Lexicon::empty()
        .write_tsv(&mut out, &Vocab::new(), &Vocab::new(), &Default::default())
        .unwrap();
    assert!(out.is_empty());
}

#[test]
fn trains_from_confident_one_to_one_beads() {
    let pairs = synthetic(300);
    let (src, tgt) = sides(&pairs);
    let mut beads: Vec<Bead> = (0..300)
        .map(|i| Bead {
            src: i..i + 1,
            tgt: i..i + 1,
            score: if i % 3 == 0 { 0.5 } else { 0.95 },
            ..Default::default()
        })
        .collect();
    // A 2-1 bead and one pointing past the end are never used.
    beads.push(Bead {
        src: 0..2,
        tgt: 0..1,
        score: 1.0,
        ..Default::default()
    });
    beads.push(Bead {
        src: 400..401,
        tgt: 0..1,
        score: 1.0,
        ..Default::default()
    });
    let doc = AlignedDoc {
        src: &src,
        tgt: &tgt,
        beads: &beads,
    };
    assert_eq!(
        confident_pairs(&[doc], DEFAULT_MIN_CONFIDENCE).len(),
        200,
        "two thirds of the 1-1 beads are confident"
    );
    let lex = train_from_beads(&[doc], DEFAULT_MIN_CONFIDENCE, &[], &TrainParams::default());
    assert_eq!(lex.training_pairs(), 200);
    assert!(lex.forward().prob(3, 1003) > 0.5);
}

#[test]
fn user_entries_are_prior_evidence() {
    // Ten dictionary entries alone make a usable lexicon ...
    let user: Vec<WeightedPair> = (0..10).map(|i| (vec![i], vec![100 + i], 1.0)).collect();
    let none: &[(Vec<u32>, Vec<u32>)] = &[];
    let lex = Lexicon::train(none, &user, &TrainParams::default());
    assert!(lex.forward().prob(4, 104) > 0.5);
    assert!(lex.bead_score(&[&[4, 5]], &[&[104, 105]]) > 0.0);
    // ... and they steer an ambiguous corpus: 0 and 1 always co-occur
    // with 100 and 101; the dictionary says 0 is 101.
    let pairs: Vec<(Vec<u32>, Vec<u32>)> = (0..20).map(|_| (vec![0, 1], vec![100, 101])).collect();
    let user = vec![
        (vec![0], vec![101], 5.0),
        // Weights that are not positive numbers are ignored.
        (vec![1], vec![101], f32::INFINITY),
        (vec![1], vec![101], f32::NAN),
        (vec![1], vec![101], -3.0),
    ];
    let lex = Lexicon::train(&pairs, &user, &TrainParams::default());
    assert!(lex.forward().prob(0, 101) > lex.forward().prob(0, 100));
    assert!(lex.forward().prob(1, 100) > lex.forward().prob(1, 101));
}

#[test]
fn writes_tsv_sorted_with_four_decimals() {
    let mut sv = Vocab::new();
    let mut tv = Vocab::new();
    let ar = Lang::Ar;
    let en = Lang::En;
    let corpus = [
        ("الكتاب", "the book"),
        ("البيت", "the house"),
        ("كتاب جديد", "a new book"),
        ("بيت جديد", "new house"),
        ("بيت قديم", "an old house"),
    ];
    let pairs: Vec<(Vec<u32>, Vec<u32>)> = corpus
        .iter()
        .cycle()
        .take(20)
        .map(|(a, e)| (sv.sentence_ids(a, &ar), tv.sentence_ids(e, &en)))
        .collect();
    let lex = Lexicon::train(&pairs, &[], &TrainParams::default());
    let mut out = Vec::new();
    lex.write_tsv(&mut out, &sv, &tv, &Default::default())
        .unwrap();
    let text = String::from_utf8(out).unwrap();
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
    assert!(!rows.is_empty());
    for r in &rows {
        assert_eq!(r.len(), 5, "{r:?}");
        for p in &r[2..4] {
            let (_, dec) = p.split_once('.').unwrap();
            assert_eq!(dec.len(), 4, "{p}");
        }
    }
    for w in rows.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        assert!(a[0] <= b[0]);
        if a[0] == b[0] {
            assert!(a[2].parse::<f32>().unwrap() >= b[2].parse::<f32>().unwrap());
        }
    }
    let first_book = rows.iter().find(|r| r[0] == "كتاب").unwrap();
    assert_eq!(first_book[1], "book");
    let first_house = rows.iter().find(|r| r[0] == "بيت").unwrap();
    assert_eq!(first_house[1], "hous");
}

#[test]
fn reads_tsv_lexicons() {
    let lex = read_user_lexicon(&fixture("tiny.tsv")).unwrap();
    assert_eq!(lex.entries.len(), 3);
    assert_eq!(lex.entries[1].source, "الدوحة");
    assert_eq!(lex.entries[1].target, "Doha");
    assert_eq!(lex.entries[1].weight, 2.5);
    assert_eq!(lex.entries[0].weight, 1.0);
    let mut sv = Vocab::new();
    let mut tv = Vocab::new();
    let pairs = lex.to_pairs(&Lang::Ar, &Lang::En, &mut sv, &mut tv);
    assert_eq!(pairs.len(), 3);
    assert_eq!(sv.word(pairs[1].0[0]), Some("دوح"));
    assert_eq!(tv.word(pairs[1].1[0]), Some("doha"));
    assert_eq!(pairs[2].0.len(), 2);
    assert_eq!(pairs[2].2, 0.5);
}

#[test]
fn malformed_tsv_names_file_and_line() {
    let path = fixture("bad-weight.tsv");
    let err = read_user_lexicon(&path).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("bad-weight.tsv:2:"), "{msg}");
    assert!(msg.contains("'many'"), "{msg}");
    let err = read_user_lexicon(&fixture("bad-fields.tsv")).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("bad-fields.tsv:3:"), "{msg}");
    assert!(msg.contains("found 1 field"), "{msg}");
    for bad in [
        "a\t\tb",
        "\tb",
        "a\tb\t-1",
        "a\tb\tNaN",
        "a\tb\t1\tx",
        "a\tb\t0.5\t-0.1",
        "a\tb\t1\t2\t3\t4",
        "a\tb\t0.5\t0.5\t-1",
    ] {
        let e = parse_tsv(bad).unwrap_err();
        assert_eq!(e.position(), Some(crate::error::Position::Line(1)), "{bad}");
    }
    let err = read_user_lexicon(&fixture("missing.tsv")).unwrap_err();
    assert!(err.to_string().contains("missing.tsv"));
}

#[test]
fn reads_its_own_learned_lexicon() {
    // What --lexicon-out writes: stems, p(t|s), p(s|t).
    let text =
        "دوح\tdoha\t0.8123\t0.6000\nدوح\tamong\t0.0543\t0.0283\nقطر\tqatar\t0.0000\t0.4000\n";
    let lex = parse_tsv(text).unwrap();
    let got: Vec<(&str, &str, f32)> = lex
        .entries
        .iter()
        .map(|e| (e.source.as_str(), e.target.as_str(), e.weight))
        .collect();
    assert_eq!(got, [("دوح", "doha", 0.8123), ("قطر", "qatar", 0.4)]);
    // Written and read back: the same pairs, weak ones left out.
    let mut sv = Vocab::new();
    let mut tv = Vocab::new();
    let pairs = lex.to_pairs(&Lang::Ar, &Lang::En, &mut sv, &mut tv);
    assert_eq!(pairs.len(), 2);
    assert_eq!(tv.word(pairs[0].1[0]), Some("doha"));
}

#[test]
fn decodes_dictd_base64() {
    assert_eq!(decode_b64("A"), Some(0));
    assert_eq!(decode_b64("B"), Some(1));
    assert_eq!(decode_b64("/"), Some(63));
    assert_eq!(decode_b64("BA"), Some(64));
    assert_eq!(decode_b64("G30"), Some(6 * 4096 + 55 * 64 + 52));
    assert_eq!(decode_b64(""), None);
    assert_eq!(decode_b64("A="), None);
    assert_eq!(decode_b64("//////////////"), None);
}

#[test]
fn reads_dictd_plain_and_dictzip() {
    let want = [
        ("كتاب", "book"),
        ("كتاب", "letter"),
        ("كتاب", "writing"),
        ("وزير", "minister"),
        ("وزير", "vizier"),
        ("الدوحة", "Doha"),
        ("طويل", "long"),
    ];
    for path in ["tiny.index", "tiny.dict", "tiny", "tiny2.dict.dz", "tiny2"] {
        let lex = read_user_lexicon(&fixture(path)).unwrap();
        let got: Vec<(&str, &str)> = lex
            .entries
            .iter()
            .map(|e| (e.source.as_str(), e.target.as_str()))
            .collect();
        assert_eq!(got, want, "{path}");
    }
}

#[test]
fn malformed_dictd_names_file_and_line() {
    let err = read_user_lexicon(&fixture("bad.index")).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("bad.index:2:"), "{msg}");
    assert!(msg.contains("base-64"), "{msg}");
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("d.index");
    let dict = dir.path().join("d.dict");
    std::fs::write(&index, "a\tA\tB\nb\tA\tz\n").unwrap();
    std::fs::write(&dict, "a\nx\n").unwrap();
    let msg = read_dictd(&index, &dict).unwrap_err().to_string();
    assert!(
        msg.contains("d.index:2:") && msg.contains("beyond the end"),
        "{msg}"
    );
    std::fs::write(&index, "just a headword\n").unwrap();
    let msg = read_dictd(&index, &dict).unwrap_err().to_string();
    assert!(msg.contains("d.index:1:"), "{msg}");
    let dz = dir.path().join("e.dict.dz");
    std::fs::write(dir.path().join("e.index"), "a\tA\tB\n").unwrap();
    std::fs::write(&dz, "not gzip").unwrap();
    let msg = read_user_lexicon(&dz).unwrap_err().to_string();
    assert!(msg.contains("e.dict.dz") && msg.contains("gzip"), "{msg}");
}

#[test]
fn freedict_definitions() {
    assert_eq!(
        definition_translations(
            "الخطبة",
            "الخطبة /ʔalχˈut̪ba/\n1. Allocution\n2. Affiancing\n"
        ),
        ["Allocution", "Affiancing"]
    );
    assert_eq!(
        definition_translations(
            "American",
            "American /əmerikən/\n1. американский\n2. американец\n"
        ),
        ["американский", "американец"]
    );
    assert_eq!(
        definition_translations("x", "go <vi>; walk (slowly), run [sport]\n"),
        ["go", "walk", "run"]
    );
    assert!(definition_translations("x", "x\n\n12.\n").is_empty());
    // The index drops the shadda the headword line keeps.
    assert_eq!(
        definition_translations("عام", "عامّ /ʔalʕˈaːmm/\npublic\n"),
        ["public"]
    );
}

#[test]
fn orientation_follows_scripts() {
    let lex = parse_tsv("book\tكتاب\nhouse\tبيت\n").unwrap();
    let o = lex.clone().oriented(&Lang::Ar, &Lang::En);
    assert_eq!(o.entries[0].source, "كتاب");
    let o = lex.clone().oriented(&Lang::En, &Lang::Ar);
    assert_eq!(o.entries[0].source, "book");
    let de = Lang::parse("de").unwrap();
    let fr = Lang::parse("fr").unwrap();
    assert_eq!(lex.clone().oriented(&de, &fr), lex);
}

/// The real FreeDict Arabic–English dictionary, when installed
/// (`apt-get install dict-freedict-ara-eng`).
#[test]
fn reads_installed_freedict_if_present() {
    let path = Path::new("/usr/share/dictd/freedict-ara-eng.index");
    if !path.is_file() {
        return;
    }
    let lex = read_user_lexicon(path).unwrap();
    assert!(lex.entries.len() > 50_000, "{}", lex.entries.len());
    assert!(lex
        .entries
        .iter()
        .any(|e| e.source == "قطر" && e.target == "Qatar"));
}

/// The counts found by walking rows are those of the definition: per
/// token pair, half of each direction's link posterior, summed (a word
/// twice in a sentence counts twice), with no entry for a pair the tables
/// give nothing.
#[test]
fn expected_counts_follow_their_definition() {
    let mut pairs = synthetic(300);
    let lexicon = Lexicon::train(&pairs, &[], &TrainParams::default());
    assert!(!lexicon.is_empty());
    // Repeated words on either side, and a word the tables never saw.
    pairs.push((vec![1, 1, 2, 9999], vec![1001, 1002, 1002, 1001]));
    let counts = lexicon.expected_counts(&pairs);
    let mut want: rustc_hash::FxHashMap<(u32, u32), f64> = Default::default();
    for (s, t) in &pairs {
        for &f in t {
            let z: f64 = s.iter().map(|&e| f64::from(lexicon.fwd_prob(e, f))).sum();
            for &e in s {
                let p = f64::from(lexicon.fwd_prob(e, f));
                if p > 0.0 {
                    *want.entry((e, f)).or_default() += 0.5 * p / z;
                }
            }
        }
        for &e in s {
            let z: f64 = t.iter().map(|&f| f64::from(lexicon.bwd_prob(e, f))).sum();
            for &f in t {
                let p = f64::from(lexicon.bwd_prob(e, f));
                if p > 0.0 {
                    *want.entry((e, f)).or_default() += 0.5 * p / z;
                }
            }
        }
    }
    assert_eq!(counts.len(), want.len());
    for (k, &w) in &want {
        let got = f64::from(counts.get(k).copied().unwrap_or(-1.0));
        assert!(
            (got - w).abs() < 1e-3 * w.max(1.0),
            "{k:?}: {got} against {w}"
        );
    }
}
