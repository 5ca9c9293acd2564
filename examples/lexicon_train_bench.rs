//! Trains the lexicon on 100,000 synthetic sentence pairs (the corpus of
//! `benches/lexicon.rs`) and reports time, table sizes, bead-score speed
//! and peak memory (VmHWM). Run with
//! `cargo run --release --example lexicon_train_bench [PAIRS]`.

#[path = "../benches/lexicon_corpus.rs"]
mod lexicon_corpus;

use mizan::lexicon::{Lexicon, TrainParams};
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
}
