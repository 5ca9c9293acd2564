//! Issue 12: calibrated scores, flags, `--min-score`, and calibration in
//! `mizan eval`.

use crate::util::{corpus, run_bad_input, run_ok, Workdir};

fn jsonl_units(text: &str) -> Vec<serde_json::Value> {
    text.lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| {
            !v["src_ids"].as_array().unwrap().is_empty()
                && !v["tgt_ids"].as_array().unwrap().is_empty()
        })
        .collect()
}

fn align_jsonl(wd: &Workdir, extra: &[&str]) -> (Vec<serde_json::Value>, String) {
    let out = run_ok(
        wd.mizan()
            .args(["align", "-f", "jsonl"])
            .args(extra)
            .arg(corpus("ar"))
            .arg(corpus("en")),
    );
    (
        jsonl_units(&String::from_utf8(out.stdout).unwrap()),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn issue12_min_score_leaves_out_units_below_it() {
    let wd = Workdir::new();
    let (all, stderr) = align_jsonl(&wd, &[]);
    assert!(stderr.contains("units to review"), "{stderr}");
    let mut scores: Vec<f64> = all.iter().map(|v| v["score"].as_f64().unwrap()).collect();
    // No machine score is 1: that is kept for links a person approved.
    assert!(
        scores.iter().all(|&s| (0.0..1.0).contains(&s)),
        "{scores:?}"
    );
    scores.sort_by(f64::total_cmp);
    // A cut halfway between two written scores well apart, so that their
    // rounding to four decimals cannot put a unit on the wrong side.
    let k = (1..scores.len())
        .rev()
        .find(|&k| scores[k] - scores[k - 1] > 0.001)
        .expect("scores spread out");
    let cut = (scores[k] + scores[k - 1]) / 2.0;
    let want = scores.iter().filter(|&&s| s >= cut).count();
    assert!(want < all.len(), "the cut must leave something out");
    let (kept, stderr) = align_jsonl(&wd, &["--min-score", &cut.to_string()]);
    assert_eq!(kept.len(), want);
    assert!(kept.iter().all(|v| v["score"].as_f64().unwrap() >= cut));
    let dropped = all.len() - want;
    assert!(
        stderr.contains(&format!("{dropped} left out by --min-score")),
        "{stderr}"
    );
    let err = run_bad_input(
        wd.mizan()
            .args(["align", "--min-score", "1.5"])
            .arg(corpus("ar"))
            .arg(corpus("en")),
    );
    assert!(err.contains("--min-score 1.5"), "{err}");
}

#[test]
fn issue12_build_summary_names_units_to_review() {
    let wd = Workdir::new();
    run_ok(
        wd.mizan()
            .args(["build", "--quiet", "--min-score", "0.5"])
            .arg(corpus(""))
            .args(["-o", "out"]),
    );
    let summary = std::fs::read_to_string(wd.path("out/summary.txt")).unwrap();
    for pair in ["ar-en", "ar-ru"] {
        assert!(
            summary
                .lines()
                .any(|l| l.starts_with(&format!("{pair}: ")) && l.contains("units to review")),
            "{summary}"
        );
    }
    let tmx = std::fs::read_to_string(wd.path("out/ar-en.tmx")).unwrap();
    for score in tmx
        .lines()
        .filter_map(|l| l.trim().strip_prefix("<prop type=\"x-mizan-score\">"))
    {
        let s: f64 = score.trim_end_matches("</prop>").parse().unwrap();
        assert!((0.5..1.0).contains(&s), "{s}");
    }
}

#[test]
fn issue12_eval_reports_calibration() {
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
            .arg(&test),
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let c = &v["calibration"];
    // Units: [0]:[0] (0.9, correct), [1]:[1] (0.5, cuts a 2-1 link),
    // [3]:[3] (0.9, correct). ECE = (|1.8 - 2| + |0.5 - 0|) / 3.
    assert_eq!(c["units"], 3);
    assert_eq!(c["correct"], 2);
    assert!((c["ece"].as_f64().unwrap() - 0.7 / 3.0).abs() < 1e-9, "{c}");
    assert_eq!(c["auc"], 1.0);
    assert_eq!(c["precision_at_review"], 1.0);
    assert_eq!(c["bins"].as_array().unwrap().len(), 10);
    let out = run_ok(
        wd.mizan()
            .args(["eval", "--gold"])
            .arg(&gold)
            .arg("--test")
            .arg(&test),
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("calibration error (ECE)\t0.2333"), "{text}");
}

/// The review file a page embeds (the page exports the same structure).
fn embedded_review(page: &str) -> serde_json::Value {
    let start = page
        .find("<script id=\"mizan-data\" type=\"application/json\">")
        .expect("data element");
    let rest = &page[start..];
    let body = &rest[rest.find('>').unwrap() + 1..rest.find("</script>").unwrap()];
    serde_json::from_str(&body.replace("<\\/", "</")).unwrap()
}

#[test]
fn issue12_apply_writes_the_reviewed_memory_and_refuses_changed_texts() {
    let wd = Workdir::new();
    for lang in ["ar", "en"] {
        let text =
            std::fs::read_to_string(corpus(&format!("{lang}/qatar-russia-military.txt"))).unwrap();
        wd.write(&format!("{lang}.txt"), text);
    }
    run_ok(
        wd.mizan()
            .args(["align", "-f", "html", "ar.txt", "en.txt", "-o", "page.html"]),
    );
    run_ok(
        wd.mizan()
            .args(["align", "ar.txt", "en.txt", "-o", "plain.tmx"]),
    );
    let page = std::fs::read_to_string(wd.path("page.html")).unwrap();
    let mut review = embedded_review(&page);
    // As the page would after a click on "approve" for the first link.
    review["docs"][0]["links"][0]["reviewed"] = true.into();
    wd.write("corrections.json", review.to_string());
    run_ok(
        wd.mizan()
            .args(["apply", "corrections.json", "-o", "reviewed.tmx"]),
    );
    let plain = std::fs::read_to_string(wd.path("plain.tmx")).unwrap();
    let reviewed = std::fs::read_to_string(wd.path("reviewed.tmx")).unwrap();
    assert_eq!(
        plain.matches("<tu ").count(),
        reviewed.matches("<tu ").count()
    );
    assert_eq!(reviewed.matches("x-mizan-reviewed").count(), 1);
    let first = reviewed.split("</tu>").next().unwrap();
    assert!(
        first.contains("<prop type=\"x-mizan-score\">1.0000</prop>"),
        "{first}"
    );
    assert!(
        first.contains("<prop type=\"x-mizan-reviewed\">yes</prop>"),
        "{first}"
    );
    // A link that no longer covers the text in order is an error.
    let mut bad = review.clone();
    bad["docs"][0]["links"][1]["src"] = serde_json::json!([5]);
    wd.write("bad.json", bad.to_string());
    let err = run_bad_input(wd.mizan().args(["apply", "bad.json", "-o", "x.tmx"]));
    assert!(err.contains("link 2: expected the next segments"), "{err}");
    // Texts changed since the review: a clear error, nothing written.
    let en = std::fs::read_to_string(wd.path("en.txt")).unwrap();
    wd.write("en.txt", en.replacen("Qatar", "Katar", 1));
    let err = run_bad_input(
        wd.mizan()
            .args(["apply", "corrections.json", "-o", "changed.tmx"]),
    );
    assert!(
        err.contains("target text (en.txt) is not the one reviewed"),
        "{err}"
    );
    assert!(!wd.path("changed.tmx").exists());
}

#[test]
fn issue12_build_writes_review_pages_that_apply_reads() {
    let wd = Workdir::new();
    // apply splits the articles again as the build did, lines included.
    for (k, how) in [&[][..], &["--presegmented"]].iter().enumerate() {
        let out = format!("out{k}");
        run_ok(
            wd.mizan()
                .arg("build")
                .arg(corpus(""))
                .args(["-o", &out])
                .args(*how),
        );
        for pair in ["ar-en", "ar-ru"] {
            let page =
                std::fs::read_to_string(wd.path(&format!("{out}/review-{pair}.html"))).unwrap();
            let review = embedded_review(&page);
            assert_eq!(review["source"]["made_by"], "build");
            assert_eq!(review["docs"].as_array().unwrap().len(), 4);
            wd.write("r.json", review.to_string());
            run_ok(
                wd.mizan()
                    .args(["apply", "r.json", "-f", "tsv", "-o", "r.tsv"]),
            );
            let tsv = std::fs::read_to_string(wd.path("r.tsv")).unwrap();
            let built = std::fs::read_to_string(wd.path(&format!("{out}/{pair}.tsv"))).unwrap();
            assert_eq!(tsv, built, "{how:?}");
        }
    }
}

/// The review page in headless Chromium: tests/browser/review_page.py
/// clicks a merge, a split, a skip and an approval, exports, applies and
/// validates the TMX. CI installs chromium and chromium-driver and sets
/// MIZAN_CI=1, so there it cannot be skipped.
#[test]
fn issue12_review_page_in_headless_chromium() {
    if !crate::util::have_tool(
        "chromedriver",
        "apt-get install -y chromium chromium-driver",
    ) {
        return;
    }
    let wd = Workdir::new();
    let out = std::process::Command::new("python3")
        .arg(crate::util::root().join("tests/browser/review_page.py"))
        .arg(env!("CARGO_BIN_EXE_mizan"))
        .arg(wd.path("browser"))
        .env("SOURCE_DATE_EPOCH", "1795910400")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `--dump-features` writes what `scripts/fit-confidence.py` fits the
/// shipped models on: one row per unit with every feature the model file
/// names, in order.
#[test]
fn issue12_dump_features_has_every_feature_of_the_model() {
    let wd = Workdir::new();
    let dump = wd.path("features.tsv");
    run_ok(
        wd.mizan()
            .args(["align", "-f", "beads", "-o"])
            .arg(wd.path("out.beads"))
            .arg("--dump-features")
            .arg(&dump)
            .arg(corpus("ar"))
            .arg(corpus("en")),
    );
    let text = std::fs::read_to_string(&dump).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    assert_eq!(header[..3], ["doc", "src", "tgt"]);
    assert_eq!(header[3..], mizan::confidence::FEATURES);
    let col = |name: &str| 3 + header[3..].iter().position(|h| *h == name).unwrap();
    let (mut rows, mut self_taught) = (0, 0);
    for line in lines {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), header.len(), "{line}");
        let x: Vec<f64> = cols[3..].iter().map(|v| v.parse().unwrap()).collect();
        assert!(x.iter().all(|v| v.is_finite()), "{line}");
        let value = |name: &str| x[col(name) - 3];
        for share in [
            "src_support",
            "tgt_support",
            "doc_skip_share",
            "doc_doubt_share",
            "foreign_share",
        ] {
            assert!((0.0..=1.0).contains(&value(share)), "{share}: {line}");
        }
        assert!(
            (0.0..=5.0).contains(&value("punctuation_differs")),
            "{line}"
        );
        assert!(value("merge_cost_gain") >= 0.0, "{line}");
        // A run of several documents tells a link's own document's words
        // from the others' even when the shipped model does not weigh it.
        self_taught += usize::from(value("foreign_share") < 1.0);
        rows += 1;
    }
    assert!(rows > 10, "{text}");
    assert!(self_taught > 0, "{text}");
}
