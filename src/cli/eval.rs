//! `mizan eval` and `mizan eval-segments`: scoring against gold.

use super::args::{EvalArgs, EvalSegmentsArgs};
use super::config::{doc_name, list_files};
use super::Outcome;
use anyhow::{bail, Context, Result};
use mizan::input::ReadOptions;
use mizan::segment::Segmenter;
use mizan::{eval, input, lang, Lang};
use std::io::Write;
use std::path::{Path, PathBuf};

pub fn eval(args: EvalArgs) -> Result<Outcome> {
    if args.gold.len() != args.test.len() {
        bail!(
            "give --gold and --test the same number of times ({} and {})",
            args.gold.len(),
            args.test.len()
        );
    }
    let mut scored = Vec::new();
    for (g, t) in args.gold.iter().zip(&args.test) {
        for (gold, test) in eval_files(g, t)? {
            scored.push((eval::read_beads(&gold)?, eval::read_scored_beads(&test)?));
        }
    }
    let pairs: Vec<_> = scored
        .iter()
        .map(|(g, t)| (g.clone(), t.iter().map(|(b, _)| b.clone()).collect()))
        .collect();
    let scores = eval::score_strict_lax(&pairs);
    let calibration = mizan::confidence::eval::measure(&scored);
    let mut out = std::io::stdout().lock();
    if args.json {
        let mut json = serde_json::to_value(scores)?;
        json["calibration"] = serde_json::to_value(&calibration)?;
        serde_json::to_writer(&mut out, &json)?;
        writeln!(out)?;
    } else {
        writeln!(out, "documents\t{}", pairs.len())?;
        writeln!(out, "gold links\t{}", scores.gold_beads)?;
        writeln!(out, "test links\t{}", scores.test_beads)?;
        writeln!(out, "\tprecision\trecall\tF1")?;
        for (name, p) in [("strict", scores.strict), ("lax", scores.lax)] {
            writeln!(
                out,
                "{name}\t{:.4}\t{:.4}\t{:.4}",
                p.precision, p.recall, p.f1
            )?;
        }
        if calibration.units > 0 {
            let c = &calibration;
            writeln!(out, "scored units\t{} ({} correct)", c.units, c.correct)?;
            writeln!(out, "calibration error (ECE)\t{:.4}", c.ece)?;
            writeln!(out, "ROC AUC\t{:.4}", c.auc)?;
            writeln!(
                out,
                "correct among scored >= 0.9\t{:.4}",
                c.precision_at_review
            )?;
            writeln!(out, "correct units scored >= 0.9\t{:.4}", c.kept_at_review)?;
        }
    }
    Ok(Outcome::Complete)
}

/// Gold and test files to compare: two files, or each `*.gold` of a folder
/// with the file of the same stem in the test folder.
fn eval_files(gold: &Path, test: &Path) -> Result<Vec<(PathBuf, PathBuf)>> {
    if !gold.is_dir() {
        if test.is_dir() {
            bail!(
                "{}: is a folder, but the gold {} is a file",
                test.display(),
                gold.display()
            );
        }
        return Ok(vec![(gold.to_path_buf(), test.to_path_buf())]);
    }
    if !test.is_dir() {
        bail!(
            "{}: is a file, but the gold {} is a folder",
            test.display(),
            gold.display()
        );
    }
    let golds: Vec<PathBuf> = list_files(gold)?
        .into_values()
        .filter(|p| p.extension().is_some_and(|e| e == "gold"))
        .collect();
    if golds.is_empty() {
        bail!("{}: holds no *.gold files", gold.display());
    }
    let mut out = Vec::with_capacity(golds.len());
    for g in golds {
        let stem = doc_name(&g);
        let candidate = ["beads", "gold", "txt"]
            .iter()
            .map(|ext| test.join(format!("{stem}.{ext}")))
            .find(|p| p.is_file());
        match candidate {
            Some(t) => out.push((g, t)),
            None => bail!(
                "{}: no test file {stem}.beads for gold {}",
                test.display(),
                g.display()
            ),
        }
    }
    Ok(out)
}

pub fn eval_segments(args: EvalSegmentsArgs) -> Result<Outcome> {
    let lang = match args.lang.as_deref() {
        Some(code) => Lang::parse(code)?,
        None => detect_folder_lang(&args.articles)?,
    };
    let seg = match &args.srx {
        Some(rules) => Segmenter::from_srx(rules, &lang)?,
        None => Segmenter::new(&lang),
    };
    let score =
        mizan::segment_eval::score_segmentation(&args.articles, &args.gold, args.column, &seg)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        let json = serde_json::json!({
            "lang": lang.code(),
            "precision": score.prf.precision,
            "recall": score.prf.recall,
            "f1": score.prf.f1,
            "documents": score.docs,
            "gold_boundaries": score.gold_boundaries,
            "found": score.found,
            "correct": score.correct,
        });
        writeln!(out, "{json}")?;
    } else {
        writeln!(out, "language\t{lang}")?;
        writeln!(out, "documents\t{}", score.docs)?;
        writeln!(out, "gold boundaries\t{}", score.gold_boundaries)?;
        writeln!(out, "found\t{}", score.found)?;
        writeln!(out, "precision\t{:.4}", score.prf.precision)?;
        writeln!(out, "recall\t{:.4}", score.prf.recall)?;
        writeln!(out, "F1\t{:.4}", score.prf.f1)?;
    }
    for doc in &score.mismatched_docs {
        eprintln!("mizan: warning: {doc}: gold sentences do not cover the whole article");
    }
    Ok(Outcome::Complete)
}

/// The language of the first article (by name) in a folder.
fn detect_folder_lang(dir: &Path) -> Result<Lang> {
    let files = list_files(dir)?;
    let first = files
        .values()
        .next()
        .with_context(|| format!("{}: holds no articles", dir.display()))?;
    let text = input::read_article(first, &ReadOptions::default())?.text;
    Ok(lang::detect(&text).map_err(|e| e.with_path(first))?)
}
