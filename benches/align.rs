//! Speed of the banded alignment search on synthetic document pairs of
//! 1,000 to 20,000 sentences a side (figures in BENCHMARKS.md).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use mizan::aligner::{align_lengths, AlignConfig};
use mizan::rng::XorShift;

/// Source sentence lengths and a translation's: 1-1 with length noise,
/// with a merge, a split or an omission every few sentences, as in news.
fn synthetic(n: usize) -> (Vec<usize>, Vec<usize>) {
    let mut rng = XorShift::new(0x9E37_79B9_7F4A_7C15);
    let mut src = Vec::with_capacity(n);
    let mut tgt = Vec::with_capacity(n);
    while src.len() < n {
        let len = 20 + rng.below(180);
        let out = len * (100 + rng.below(50)) / 100;
        match rng.below(20) {
            0 => src.push(len),
            1 => {
                src.push(len / 2);
                src.push(len - len / 2);
                tgt.push(out);
            }
            2 => {
                src.push(len);
                tgt.push(out / 2);
                tgt.push(out - out / 2);
            }
            _ => {
                src.push(len);
                tgt.push(out);
            }
        }
    }
    (src, tgt)
}

fn bench_align(c: &mut Criterion) {
    let mut group = c.benchmark_group("length_align");
    group.sample_size(10);
    for n in [1_000, 5_000, 20_000] {
        let (src, tgt) = synthetic(n);
        let cfg = AlignConfig::default();
        group.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, _| {
            b.iter(|| align_lengths(&src, &tgt, &cfg))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_align);
criterion_main!(benches);
