//! A deterministic synthetic parallel corpus for the lexicon benchmarks:
//! source words drawn from a Zipf distribution over a 30,000-word
//! vocabulary, each translated by a fixed "dictionary" word (80 %) or an
//! alternative (20 %), 10 % of translations dropped, one noise word in ten
//! added, the target side locally reordered.

use mizan::rng::XorShift;

/// Cumulative Zipf weights `1 / (rank + 2.7)` over `n` words.
fn zipf(n: usize) -> Vec<f64> {
    let mut acc = 0.0;
    let mut cum: Vec<f64> = (0..n)
        .map(|r| {
            acc += 1.0 / (r as f64 + 2.7);
            acc
        })
        .collect();
    for c in &mut cum {
        *c /= acc;
    }
    cum
}

fn draw(cum: &[f64], rng: &mut XorShift) -> u32 {
    let u = rng.unit();
    cum.partition_point(|&c| c < u).min(cum.len() - 1) as u32
}

pub const SRC_VOCAB: usize = 30_000;
const NOISE_VOCAB: usize = 5_000;

/// `n` sentence pairs of 20–30 source tokens. Target ids: word `w`'s main
/// translation is `w`, its alternative `SRC_VOCAB + w`, noise words come
/// after `2 * SRC_VOCAB`.
pub fn corpus(n: usize) -> Vec<(Vec<u32>, Vec<u32>)> {
    let mut rng = XorShift::new(0x9E37_79B9_7F4A_7C15);
    let src_cum = zipf(SRC_VOCAB);
    let noise_cum = zipf(NOISE_VOCAB);
    (0..n)
        .map(|_| {
            let len = 20 + rng.below(11);
            let src: Vec<u32> = (0..len).map(|_| draw(&src_cum, &mut rng)).collect();
            let mut tgt = Vec::with_capacity(len + 4);
            for &w in &src {
                let r = rng.below(100);
                if r < 10 {
                    continue;
                }
                tgt.push(if r < 82 { w } else { SRC_VOCAB as u32 + w });
                if rng.below(10) == 0 {
                    tgt.push(2 * SRC_VOCAB as u32 + draw(&noise_cum, &mut rng));
                }
            }
            for i in 1..tgt.len() {
                if rng.below(3) == 0 {
                    tgt.swap(i - 1, i);
                }
            }
            (src, tgt)
        })
        .collect()
}

/// The beads a DP asks about on a document of `n` sentence pairs: every
/// bead up to 3-3 ending in each cell of a band `half_width` cells to
/// either side of the diagonal.
#[allow(dead_code)] // each includer uses a different part of this file
pub fn dp_beads(
    n: usize,
    half_width: usize,
) -> Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> {
    let mut beads = Vec::new();
    for i in 0..=n {
        for j in i.saturating_sub(half_width)..=(i + half_width).min(n) {
            for a in 0..=3usize.min(i) {
                for b in 0..=3usize.min(j) {
                    if a + b > 0 {
                        beads.push((i - a..i, j - b..j));
                    }
                }
            }
        }
    }
    beads
}
