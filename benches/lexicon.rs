//! Speed of IBM Model 1 training (both directions) on 100,000 synthetic
//! sentence pairs, and of the lexical bead score (figures in
//! BENCHMARKS-lexicon.md; peak memory from examples/lexicon_train_bench.rs).

use criterion::{criterion_group, criterion_main, Criterion};
use mizan::lexicon::{Lexicon, TrainParams};
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
    g.finish();
}

criterion_group!(benches, train, score);
criterion_main!(benches);
