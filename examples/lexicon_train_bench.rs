//! Trains the lexicon on 100,000 synthetic sentence pairs (the corpus of
//! `benches/lexicon.rs`) and reports time, table sizes, bead-score speed
//! and peak memory (VmHWM). Run with
//! `cargo run --release --example lexicon_train_bench [PAIRS]`.

#[path = "../benches/lexicon_corpus.rs"]
mod lexicon_corpus;

use mizan::lexicon::{DocScorer, Lexicon, TrainParams};
use std::time::Instant;

fn vm_hwm() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM"))
                .map(|l| l.split_whitespace().skip(1).collect::<Vec<_>>().join(" "))
        })
        .unwrap_or_else(|| "unknown".into())
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let t = Instant::now();
    let pairs = lexicon_corpus::corpus(n);
    let tokens: usize = pairs.iter().map(|p| p.0.len() + p.1.len()).sum();
    println!(
        "corpus: {n} pairs, {tokens} tokens, built in {:.2?}; peak memory so far {}",
        t.elapsed(),
        vm_hwm()
    );
    let t = Instant::now();
    let iters: usize = std::env::var("ITERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    let lex = Lexicon::train(
        &pairs,
        &[],
        &TrainParams {
            iterations: iters,
            ..TrainParams::default()
        },
    );
    println!(
        "trained both directions in {:.2?}: {} + {} entries; peak memory {}",
        t.elapsed(),
        lex.forward().entries(),
        lex.backward().entries(),
        vm_hwm()
    );
    // Share of source words whose best translation is the dictionary's.
    let (mut right, mut seen) = (0, 0);
    for e in 0..lexicon_corpus::SRC_VOCAB as u32 {
        if let Some((f, _)) = lex.forward().row_of(e).max_by(|a, b| a.1.total_cmp(&b.1)) {
            seen += 1;
            if f == e {
                right += 1;
            }
        }
    }
    println!("best translation right for {right} of {seen} source words");
    let calls = 200_000;
    let t = Instant::now();
    let mut acc = 0.0;
    for i in 0..calls {
        let p = &pairs[i % pairs.len()];
        acc += lex.bead_score(&[&p.0], &[&p.1]);
    }
    let per = t.elapsed() / calls as u32;
    let t = Instant::now();
    let mut bad = 0.0;
    for i in 0..calls {
        let p = &pairs[i % pairs.len()];
        let q = &pairs[(i + 1) % pairs.len()];
        bad += lex.bead_score(&[&p.0], &[&q.1]);
    }
    println!(
        "bead_score 1-1: {per:.2?} a call ({:.2?} mismatched); mean {:.3} on translations, {:.3} on neighbours",
        t.elapsed() / calls as u32,
        acc / calls as f64,
        bad / calls as f64
    );

    // A DP's access pattern: documents of 200 sentence pairs, every bead
    // of up to 3-3 ending in each cell of a band 10 cells wide.
    let docs = 20;
    let (mut calls, mut direct, mut cached) = (0usize, 0.0f64, 0.0f64);
    let (mut t_direct, mut t_cached) = (std::time::Duration::ZERO, std::time::Duration::ZERO);
    for d in 0..docs {
        let doc = &pairs[d * 200..(d + 1) * 200];
        let src: Vec<Vec<u32>> = doc.iter().map(|p| p.0.clone()).collect();
        let tgt: Vec<Vec<u32>> = doc.iter().map(|p| p.1.clone()).collect();
        let beads = lexicon_corpus::dp_beads(200, 5);
        calls += beads.len();
        let t = Instant::now();
        for (s, g) in &beads {
            let ss: Vec<&[u32]> = src[s.clone()].iter().map(Vec::as_slice).collect();
            let tt: Vec<&[u32]> = tgt[g.clone()].iter().map(Vec::as_slice).collect();
            direct += lex.bead_score(&ss, &tt);
        }
        t_direct += t.elapsed();
        let t = Instant::now();
        let scorer = DocScorer::new(&lex, &src, &tgt);
        for (s, g) in &beads {
            cached += scorer.score(s.clone(), g.clone());
        }
        t_cached += t.elapsed();
    }
    println!(
        "DP pattern, {calls} beads (0-1 .. 3-3): bead_score {:.2?} a bead, DocScorer {:.2?} a bead (sums {direct:.1} / {cached:.1})",
        t_direct / calls as u32,
        t_cached / calls as u32
    );
}
