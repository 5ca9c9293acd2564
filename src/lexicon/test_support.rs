//! Synthetic parallel text for unit tests: the lexicon's, its scorer's and
//! bound's, and the confidence's support, which all train a lexicon on the
//! same kind of made-up corpus and each wrote its generator out again.

/// Sentence pairs as the lexicon trains on them: source and target ids.
pub(crate) type Pairs = Vec<(Vec<u32>, Vec<u32>)>;

/// `n` monotone synthetic sentence pairs of `words` words a side, the
/// source words drawn from `0..vocab` by a generator seeded with `seed`:
/// source word `w` translates as `w + 1000`, in the same position.
pub(crate) fn monotone(seed: u64, n: usize, words: usize, vocab: usize) -> Pairs {
    let mut rng = crate::rng::XorShift::new(seed);
    (0..n)
        .map(|_| {
            let src: Vec<u32> = (0..words).map(|_| rng.below(vocab) as u32).collect();
            let tgt = src.iter().map(|w| w + 1000).collect();
            (src, tgt)
        })
        .collect()
}

/// The source sentences and the target sentences of `pairs`: the two
/// sides of a document to score.
pub(crate) fn sides<'a>(
    pairs: impl IntoIterator<Item = &'a (Vec<u32>, Vec<u32>)>,
) -> (Vec<Vec<u32>>, Vec<Vec<u32>>) {
    pairs.into_iter().cloned().unzip()
}
