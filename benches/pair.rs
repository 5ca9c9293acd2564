//! Speed of document pairing on synthetic collections (figures in
//! BENCHMARKS-pair.md; 20,000 a side is measured with
//! `examples/pair_scale.rs`, which is too slow for criterion's repeats).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use mizan::pair::{pair_articles, synthetic_collection, PairConfig};

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("pair");
    g.sample_size(10);
    for n in [500, 1000, 2000] {
        let (ar, en, _) = synthetic_collection(n, 0x5EED);
        let cfg = PairConfig::default();
        g.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, _| {
            b.iter(|| pair_articles(&ar, &en, &cfg))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
