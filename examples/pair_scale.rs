//! Pairs a synthetic collection of N articles a side and prints the time
//! of each step; run under `/usr/bin/time -v` for peak memory:
//!
//! ```text
//! cargo build --release --example pair_scale
//! /usr/bin/time -v target/release/examples/pair_scale 20000
//! ```

use mizan::pair::{pair_articles, score_pairs, synthetic_collection, PairConfig};
use std::time::Instant;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(5000);
    let t0 = Instant::now();
    let (ar, en, gold) = synthetic_collection(n, 0x5EED);
    let gen = t0.elapsed();
    let t1 = Instant::now();
    let p = pair_articles(&ar, &en, &PairConfig::default());
    let pairing = t1.elapsed();
    let pred: Vec<(String, String)> = p
        .pairs
        .iter()
        .map(|&(s, t, _)| (ar[s].id.clone(), en[t].id.clone()))
        .collect();
    let gold: Vec<(String, String)> = gold
        .iter()
        .map(|&(s, t)| (ar[s].id.clone(), en[t].id.clone()))
        .collect();
    let prf = score_pairs(&pred, &gold);
    println!(
        "n={n} src={} tgt={} generate={:.2}s pair={:.2}s pairs={} P={:.4} R={:.4} threads={}",
        ar.len(),
        en.len(),
        gen.as_secs_f64(),
        pairing.as_secs_f64(),
        p.pairs.len(),
        prf.precision,
        prf.recall,
        rayon::current_num_threads()
    );
}
