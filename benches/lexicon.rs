//! Speed of IBM Model 1 training (both directions) on 100,000 synthetic
//! sentence pairs, and of the lexical bead score (figures in
//! BENCHMARKS-lexicon.md; peak memory from examples/lexicon_train_bench.rs).

use criterion::{criterion_group, criterion_main, Criterion};
use mizan::lexicon::{DocScorer, Lexicon, TrainParams};
use std::hint::black_box;
use std::time::Duration;

mod lexicon_corpus;

fn train(c: &mut Criterion) {
    let pairs = lexicon_corpus::corpus(100_000);
    let mut g = c.benchmark_group("lexicon");
    g.sample_size(10).measurement_time(Duration::from_secs(60));
    g.bench_function("train_100k_pairs_5_iter", |b| {
        b.iter(|| Lexicon::train(black_box(&pairs), &[], &TrainParams::default()))
    });
    g.finish();
}

fn score(c: &mut Criterion) {
    let pairs = lexicon_corpus::corpus(20_000);
    let lex = Lexicon::train(&pairs[..10_000], &[], &TrainParams::default());
    let held = &pairs[10_000..];
    let mut g = c.benchmark_group("lexicon");
    g.bench_function("bead_score_1_1", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % held.len();
            lex.bead_score(&[&held[i].0], &[&held[i].1])
        })
    });
    g.bench_function("bead_score_2_2", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 2) % (held.len() - 1);
            lex.bead_score(&[&held[i].0, &held[i + 1].0], &[&held[i].1, &held[i + 1].1])
        })
    });
    // A DP's access pattern on one document of 200 sentence pairs: every
    // bead up to 3-3 ending in each cell of a band 11 cells wide (32,431
    // beads), scored from scratch with a new DocScorer.
    let src: Vec<Vec<u32>> = held[..200].iter().map(|p| p.0.clone()).collect();
    let tgt: Vec<Vec<u32>> = held[..200].iter().map(|p| p.1.clone()).collect();
    let beads = lexicon_corpus::dp_beads(200, 5);
    g.bench_function(format!("doc_scorer_band_{}_beads", beads.len()), |b| {
        b.iter(|| {
            let scorer = DocScorer::new(&lex, &src, &tgt);
            beads
                .iter()
                .map(|(s, t)| scorer.score(s.clone(), t.clone()))
                .sum::<f64>()
        })
    });
    g.finish();
}

criterion_group!(benches, train, score);
criterion_main!(benches);
