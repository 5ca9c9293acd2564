//! Regression tests, named after the issue they come from.

use crate::util::{corpus, run_ok, Workdir};

/// Issue 2: the seed article and its translations, which leave out one
/// sentence each, must align with the titles paired and every sentence
/// of both sides in exactly one link.
#[test]
fn r2_seed_article_aligns_with_its_translations() {
    let wd = Workdir::new();
    for lang in ["en", "ru"] {
        let out = run_ok(
            wd.mizan()
                .args(["align", "-f", "jsonl"])
                .arg(corpus("ar/qatar-russia-military.txt"))
                .arg(corpus(&format!("{lang}/qatar-russia-military.txt"))),
        );
        let text = String::from_utf8(out.stdout).unwrap();
        let first: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
        assert_eq!(first["src_ids"], serde_json::json!([0]), "{lang}: {first}");
        assert_eq!(first["tgt_ids"], serde_json::json!([0]), "{lang}: {first}");
        let mut skipped = 0;
        for line in text.lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            if v["tgt_ids"].as_array().unwrap().is_empty() {
                skipped += 1;
            }
        }
        assert!(
            skipped >= 1,
            "{lang}: the left-out sentence must be a 1-0 link"
        );
    }
}
