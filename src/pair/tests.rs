use super::*;
use std::path::{Path, PathBuf};

/// The dev sets: `MIZAN_PAIR_DEV` or the shared corpora folder.
fn dev_root() -> PathBuf {
    std::env::var_os("MIZAN_PAIR_DEV")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/work/shared/corpora/ntrex-dev"))
}

fn run_dev(set: &Path, other: &str, cfg: &PairConfig, verbose: bool) -> crate::eval::Prf {
    let ar = load_dir(&set.join("ar"), Some(&Lang::Ar)).unwrap();
    let ot = load_dir(&set.join(other), Some(&Lang::parse(other).unwrap())).unwrap();
    let gold = read_pairs_tsv(&set.join(format!("gold.ar-{other}.tsv"))).unwrap();
    let t0 = std::time::Instant::now();
    let p = pair_articles(&ar, &ot, cfg);
    let el = t0.elapsed();
    let pred: Vec<(String, String)> = p
        .pairs
        .iter()
        .map(|&(s, t, _)| (ar[s].id.clone(), ot[t].id.clone()))
        .collect();
    let prf = score_pairs(&pred, &gold);
    eprintln!(
        "{} ar-{other}: P {:.4} R {:.4} ({} pred, {} gold) {:?}",
        set.display(),
        prf.precision,
        prf.recall,
        pred.len(),
        gold.len(),
        el
    );
    if verbose {
        let coll = profile::Collection::build(&ar, &ot, cfg);
        let si = |id: &str| ar.iter().position(|a| a.id == id);
        let ti = |id: &str| ot.iter().position(|a| a.id == id);
        let gold_of: std::collections::HashMap<&str, &str> =
            gold.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        for &(s, t, sc) in &p.pairs {
            let g = gold_of.get(ar[s].id.as_str()).copied();
            if g != Some(ot[t].id.as_str()) {
                let pp = score::parts(&coll, &ar, &ot, s, t);
                eprintln!(
                    "  WRONG {} -> {} score {sc:.3} parts {pp:?}",
                    ar[s].id, ot[t].id
                );
                if let Some(g) = g.and_then(ti) {
                    let gp = score::parts(&coll, &ar, &ot, s, g);
                    eprintln!("     gold {} parts {gp:?}", ot[g].id);
                }
            }
        }
        for (a, b) in &gold {
            if !pred.contains(&(a.clone(), b.clone())) {
                if let (Some(s), Some(t)) = (si(a), ti(b)) {
                    let gp = score::parts(&coll, &ar, &ot, s, t);
                    let got = p.pairs.iter().find(|x| x.0 == s);
                    eprintln!("  MISSED {a} -> {b} parts {gp:?}; got {got:?}");
                }
            }
        }
    }
    prf
}

/// Measures precision and recall on the ntrex-dev pairing sets:
/// `cargo test --release pair::tests::dev -- --ignored --nocapture`.
#[test]
#[ignore]
fn dev() {
    let root = dev_root();
    let verbose = std::env::var_os("MIZAN_PAIR_VERBOSE").is_some();
    let mut cfg = PairConfig::default();
    let env = |k: &str| std::env::var(k).ok().and_then(|v| v.parse::<f64>().ok());
    if let Some(t) = env("MIZAN_PAIR_THRESHOLD") {
        cfg.threshold = t;
    }
    if let Some(s) = env("MIZAN_PAIR_SIGMA") {
        cfg.length_sigma = s;
    }
    for set in ["pairing", "pairing-hard"] {
        for other in ["en", "ru"] {
            run_dev(&root.join(set), other, &cfg, verbose);
        }
    }
}

fn art(id: &str, lang: Lang, text: &str) -> Article {
    Article {
        id: id.to_string(),
        lang,
        text: text.to_string(),
        date: None,
    }
}

fn ids(p: &Pairing, src: &[Article], tgt: &[Article]) -> Vec<(String, String)> {
    p.pairs
        .iter()
        .map(|&(s, t, _)| (src[s].id.clone(), tgt[t].id.clone()))
        .collect()
}

/// Small Arabic and English stories sharing numbers and Latin names.
fn story(id: &str, lang: Lang, n: u32, name: &str) -> Article {
    let text = match lang {
        Lang::Ar => format!(
            "قالت شركة {name} إن أرباحها بلغت {n} مليون دولار في عام 2017.\n\
             وأضافت أن عدد موظفيها وصل إلى {} موظف في {} فرعا.\n\
             ولم تذكر الشركة تفاصيل أخرى عن خططها.",
            n + 7,
            n % 50 + 3
        ),
        _ => format!(
            "The company {name} said its profit reached {n} million dollars in 2017.\n\
             It added that its staff reached {} employees in {} branches.\n\
             The company gave no other details of its plans.",
            n + 7,
            n % 50 + 3
        ),
    };
    art(id, lang, &text)
}

#[test]
fn pairs_stories_and_leaves_orphans_on_both_sides() {
    let src = vec![
        story("a1", Lang::Ar, 4512, "Zentrova"),
        story("a2", Lang::Ar, 8871, "Quillmark"),
        story("a3", Lang::Ar, 1293, "Brightwex"), // no counterpart
    ];
    let tgt = vec![
        story("e2", Lang::En, 8871, "Quillmark"),
        story("e9", Lang::En, 6650, "Ostrelia"), // no counterpart
        story("e1", Lang::En, 4512, "Zentrova"),
    ];
    let p = pair_articles(&src, &tgt, &PairConfig::default());
    assert_eq!(
        ids(&p, &src, &tgt),
        [("a1".into(), "e1".into()), ("a2".into(), "e2".into())]
    );
    assert_eq!(p.unpaired_src, [2]);
    assert_eq!(p.unpaired_tgt, [1]);
    assert!(p.pairs.iter().all(|x| x.2 > 0.0 && x.2 <= 1.0));
}

#[test]
fn two_sources_compete_for_one_target() {
    // Both Arabic articles share the name; only one has the numbers.
    let src = vec![
        story("a-other", Lang::Ar, 3301, "Zentrova"),
        story("a-true", Lang::Ar, 4512, "Zentrova"),
    ];
    let tgt = vec![story("e", Lang::En, 4512, "Zentrova")];
    let p = pair_articles(&src, &tgt, &PairConfig::default());
    assert_eq!(ids(&p, &src, &tgt), [("a-true".into(), "e".into())]);
    assert_eq!(p.unpaired_src, [0]);
    assert!(p.unpaired_tgt.is_empty());
}

#[test]
fn empty_sides_leave_everything_unpaired() {
    let src = vec![story("a1", Lang::Ar, 4512, "Zentrova")];
    let cfg = PairConfig::default();
    let p = pair_articles(&src, &[], &cfg);
    assert!(p.pairs.is_empty());
    assert_eq!(p.unpaired_src, [0]);
    let p = pair_articles(&[], &src, &cfg);
    assert_eq!(p.unpaired_tgt, [0]);
    assert_eq!(pair_articles(&[], &[], &cfg), Pairing::default());
}

#[test]
fn odd_articles_do_not_panic() {
    let src = vec![
        art("a", Lang::Ar, ""),
        art("b", Lang::Ar, "\n\n   \n"),
        art("c", Lang::Ar, "؟؟؟ !!! ..."),
        art("d", Lang::Ar, &"٣".repeat(5000)),
    ];
    let tgt = vec![
        art("x", Lang::En, ""),
        art("y", Lang::En, "3333 3333"),
        art("z", Lang::En, "..."),
    ];
    let p = pair_articles(&src, &tgt, &PairConfig::default());
    assert_eq!(p.pairs.len() + p.unpaired_src.len(), src.len());
    assert_eq!(p.pairs.len() + p.unpaired_tgt.len(), tgt.len());
}

#[test]
fn deterministic_whatever_the_threads() {
    let (ar, en, _) = synthetic_collection(150, 7);
    let cfg = PairConfig::default();
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap()
        .install(|| pair_articles(&ar, &en, &cfg));
    let two = rayon::ThreadPoolBuilder::new()
        .num_threads(3)
        .build()
        .unwrap()
        .install(|| pair_articles(&ar, &en, &cfg));
    assert_eq!(one, two);
    assert_eq!(one, pair_articles(&ar, &en, &cfg));
}

#[test]
fn synthetic_collection_is_paired_well() {
    let (ar, en, gold) = synthetic_collection(200, 11);
    let p = pair_articles(&ar, &en, &PairConfig::default());
    let pred: Vec<(String, String)> = ids(&p, &ar, &en);
    let gold: Vec<(String, String)> = gold
        .iter()
        .map(|&(s, t)| (ar[s].id.clone(), en[t].id.clone()))
        .collect();
    let prf = score_pairs(&pred, &gold);
    assert!(prf.precision >= 0.99 && prf.recall >= 0.99, "{prf:?}");
}

/// A pairing configuration whose lexicon is a word list: each Arabic word
/// (as written; normalised here) translates to its target word.
fn with_dictionary(entries: &[(&str, &str)]) -> PairConfig {
    let dict: Vec<(String, String)> = entries
        .iter()
        .map(|(a, b)| (crate::normalize::normalize(a), b.to_string()))
        .collect();
    let lex = move |w: &str| -> Vec<(String, f64)> {
        dict.iter()
            .filter(|(a, _)| a == w)
            .map(|(_, b)| (b.clone(), 1.0))
            .collect()
    };
    PairConfig {
        lexicon: Some(std::sync::Arc::new(lex)),
        ..PairConfig::default()
    }
}

#[test]
fn lexicon_hook_adds_evidence() {
    // Without anchors, only the lexicon ties the articles.
    let src = vec![
        art("a1", Lang::Ar, "القط يأكل السمك في البيت"),
        art("a2", Lang::Ar, "الكلب يركض في الحديقة الكبيرة"),
    ];
    let tgt = vec![
        art("e2", Lang::En, "the dog runs in the big garden"),
        art("e1", Lang::En, "the cat eats fish at home"),
    ];
    let dict: Vec<(&str, &str)> = vec![
        ("القط", "cat"),
        ("يأكل", "eats"),
        ("السمك", "fish"),
        ("البيت", "home"),
        ("الكلب", "dog"),
        ("يركض", "runs"),
        ("الحديقه", "garden"),
        ("الكبيره", "big"),
    ];
    let p = pair_articles(&src, &tgt, &with_dictionary(&dict));
    assert_eq!(
        ids(&p, &src, &tgt),
        [("a1".into(), "e1".into()), ("a2".into(), "e2".into())]
    );
    // And without it, nothing ties them.
    assert!(pair_articles(&src, &tgt, &PairConfig::default())
        .pairs
        .is_empty());
}

#[test]
fn lexicon_targets_match_inflected_words_by_stem() {
    // The lexicon gives base forms and stems (as --lexicon-out writes
    // them); the articles use inflected words.
    let src = vec![
        art("a1", Lang::Ar, "القطط تأكل الأسماك في البيوت"),
        art("a2", Lang::Ar, "الكلاب تركض في الحدائق"),
    ];
    let tgt = vec![
        art("e2", Lang::En, "the dogs were running in gardens"),
        art("e1", Lang::En, "the cats are eating fishes in houses"),
    ];
    let dict = [
        ("القطط", "cat"),
        ("تأكل", "eat"),
        ("الأسماك", "fish"),
        ("البيوت", "hous"),
        ("الكلاب", "dog"),
        ("تركض", "run"),
        ("الحدائق", "garden"),
    ];
    let p = pair_articles(&src, &tgt, &with_dictionary(&dict));
    assert_eq!(
        ids(&p, &src, &tgt),
        [("a1".into(), "e1".into()), ("a2".into(), "e2".into())]
    );
}

#[test]
fn chain_weight_table() {
    for (matches, want) in [
        (vec![], 0.0),
        (vec![(0, 0, 1.0)], 1.0),
        // In order: all count.
        (vec![(0, 0, 1.0), (1, 1, 2.0), (2, 2, 0.5)], 3.5),
        // Crossing: the heavier side of the cross wins.
        (vec![(0, 1, 1.0), (1, 0, 2.0)], 2.0),
        // Several matches in one sentence pair all count.
        (vec![(0, 0, 1.0), (0, 0, 1.0), (1, 1, 1.0)], 3.0),
        // A 1-2 bead: one source sentence, two target sentences.
        (vec![(0, 0, 1.0), (0, 1, 1.0), (1, 2, 1.0)], 3.0),
        // Negative and NaN weights count 0.
        (vec![(0, 0, -1.0), (1, 1, f64::NAN), (2, 2, 1.0)], 1.0),
        // The second half of a story against the first: reversed order.
        (
            vec![(0, 3, 1.0), (1, 2, 1.0), (2, 1, 1.0), (3, 0, 1.5)],
            1.5,
        ),
    ] {
        assert_eq!(chain_weight(&matches), want, "{matches:?}");
    }
}

#[test]
fn length_prior_table() {
    let close = |a: f64, b: f64| (a - b).abs() < 1e-3;
    for (s, t, ratio, sigma, want) in [
        (1000, 1000, 1.0, 0.2, 1.0),
        (1000, 1100, 1.1, 0.2, 1.0),
        // Half an article against a whole one.
        (1000, 500, 1.0, 0.2, 0.0025),
        (1000, 2000, 1.0, 0.2, 0.0025),
        (1000, 1200, 1.0, 0.2, 0.660),
        (0, 100, 1.0, 0.2, 0.0),
        (100, 0, 1.0, 0.2, 0.0),
        (100, 100, 0.0, 0.2, 0.0),
        (100, 100, 1.0, 0.0, 0.0),
    ] {
        let got = length_prior(s, t, ratio, sigma);
        assert!(close(got, want), "{s} {t} {ratio} {sigma}: {got}");
    }
}

#[test]
fn date_table() {
    assert_eq!(date_days("1970-01-01"), Some(0));
    assert_eq!(date_days("2000-03-01"), Some(11017));
    assert_eq!(date_days("2024-02-29T10:00:00Z"), Some(19782));
    for bad in [
        "",
        "2023-02-29",
        "2024-13-01",
        "24-01-01",
        "2024/01/01",
        "abcd-ef-gh",
    ] {
        assert_eq!(date_days(bad), None, "{bad}");
    }
    assert_eq!(date_prior(0.0, 2.0), 1.0);
    assert_eq!(date_prior(-2.0, 2.0), 1.0);
    assert!((date_prior(8.0, 2.0) - (3.0f64 / 9.0).sqrt()).abs() < 1e-12);
    assert!(date_prior(30.0, 2.0) < date_prior(7.0, 2.0));
}

#[test]
fn dates_weigh_in_as_a_prior() {
    let mut src = vec![story("a1", Lang::Ar, 4512, "Zentrova")];
    let mut tgt = vec![
        story("e-old", Lang::En, 4512, "Zentrova"),
        story("e-new", Lang::En, 4512, "Zentrova"),
    ];
    src[0].date = Some("2018-05-02".into());
    tgt[0].date = Some("2016-01-10".into());
    tgt[1].date = Some("2018-05-03".into());
    let p = pair_articles(&src, &tgt, &PairConfig::default());
    assert_eq!(ids(&p, &src, &tgt), [("a1".into(), "e-new".into())]);
}

#[test]
fn score_pairs_counts_sets() {
    let p = |a: &str, b: &str| (a.to_string(), b.to_string());
    let gold = vec![p("a", "x"), p("b", "y"), p("c", "z")];
    let pred = vec![p("a", "x"), p("b", "z"), p("a", "x")];
    let prf = score_pairs(&pred, &gold);
    assert_eq!(prf.precision, 0.5);
    assert!((prf.recall - 1.0 / 3.0).abs() < 1e-12);
    assert_eq!(score_pairs(&[], &[]).f1, 0.0);
}

#[test]
fn jsonl_loading_and_errors() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.jsonl");
    std::fs::write(
        &good,
        "{\"id\":\"1\",\"lang\":\"ar\",\"title\":\"عنوان\",\"date\":\"2018-01-02\",\"text\":\"نص\"}\n\n\
         {\"id\":\"2\",\"lang\":\"en\",\"text\":\"Text\"}\n",
    )
    .unwrap();
    let a = load_jsonl(&good).unwrap();
    assert_eq!(a.len(), 2);
    assert_eq!(a[0].text, "عنوان\nنص");
    assert_eq!(a[0].date.as_deref(), Some("2018-01-02"));
    assert_eq!(a[1].lang, Lang::En);
    for (body, line) in [
        ("{\"id\":\"1\",\"lang\":\"ar\",\"text\":\"x\"}\nnot json\n", 2),
        ("{\"id\":\"1\",\"lang\":\"english\",\"text\":\"x\"}\n", 1),
        ("\n{\"id\":\"1\",\"lang\":\"ar\"}\n", 2),
        ("{\"id\":\"1\",\"lang\":\"ar\",\"text\":\"  \"}\n", 1),
        (
            "{\"id\":\"1\",\"lang\":\"ar\",\"text\":\"x\"}\n{\"id\":\"1\",\"lang\":\"ar\",\"text\":\"y\"}\n",
            2,
        ),
    ] {
        let f = dir.path().join("bad.jsonl");
        std::fs::write(&f, body).unwrap();
        let e = load_jsonl(&f).unwrap_err();
        assert_eq!(e.path(), Some(f.as_path()), "{body}");
        assert_eq!(
            e.position(),
            Some(crate::error::Position::Line(line)),
            "{body}"
        );
        assert!(e.to_string().starts_with(&format!("{}:{line}: ", f.display())));
    }
    let missing = dir.path().join("missing.jsonl");
    assert_eq!(
        load_jsonl(&missing).unwrap_err().path(),
        Some(missing.as_path())
    );
}

#[test]
fn dir_loading_sorts_and_names_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("b.txt"), "Second article text here.").unwrap();
    std::fs::write(dir.path().join("a.txt"), "First article text here.").unwrap();
    std::fs::write(dir.path().join(".hidden"), "x").unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    let a = load_dir(dir.path(), None).unwrap();
    let got: Vec<_> = a.iter().map(|x| (x.id.as_str(), x.lang.clone())).collect();
    assert_eq!(got, [("a.txt", Lang::En), ("b.txt", Lang::En)]);
    std::fs::write(dir.path().join("c.txt"), b"%PDF-1.4 binary").unwrap();
    std::fs::write(dir.path().join("d.txt"), "Статья на русском языке.").unwrap();
    let e = load_dir(dir.path(), Some(&Lang::En)).unwrap_err();
    assert_eq!(e.path(), Some(dir.path().join("c.txt").as_path()));
    let lenient = load_dir_lenient(
        dir.path(),
        Some(&Lang::En),
        &crate::input::ReadOptions::default(),
    )
    .unwrap();
    assert_eq!(lenient.articles.len(), 2);
    let skipped: Vec<_> = lenient.skipped.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(skipped, ["c.txt", "d.txt"]);
    assert!(
        lenient.skipped[0].reason.contains("PDF"),
        "{:?}",
        lenient.skipped[0]
    );
    assert!(
        lenient.skipped[1].reason.contains("Cyrillic"),
        "{:?}",
        lenient.skipped[1]
    );
}

#[test]
fn pairs_tsv_reading() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("g.tsv");
    std::fs::write(&f, "# gold\na.txt\tb.txt\n\nc.txt\td.txt\t0.9\n").unwrap();
    assert_eq!(
        read_pairs_tsv(&f).unwrap(),
        [
            ("a.txt".to_string(), "b.txt".to_string()),
            ("c.txt".to_string(), "d.txt".to_string())
        ]
    );
    std::fs::write(&f, "a.txt\tb.txt\nlonely\n").unwrap();
    let e = read_pairs_tsv(&f).unwrap_err();
    assert_eq!(e.position(), Some(crate::error::Position::Line(2)));
}

#[test]
fn word_lexicon_from_a_user_list() {
    let user =
        crate::lexicon::io::parse_tsv("كتاب\tbook\nمدينة\tcity, town\t0.5\nغير مهم\tmulti word\n")
            .unwrap();
    let lex = WordLexicon::from_user(&user);
    assert_eq!(lex.len(), 2);
    let mut out = Vec::new();
    lex.translate(&crate::normalize::normalize("والكتاب"), &mut out);
    assert_eq!(out, [("book".to_string(), 1.0)]);
    out.clear();
    lex.translate(&crate::normalize::normalize("المدينة"), &mut out);
    assert_eq!(out, [("city".to_string(), 0.5), ("town".to_string(), 0.5)]);
    out.clear();
    lex.translate("unknown", &mut out);
    assert!(out.is_empty());
}
