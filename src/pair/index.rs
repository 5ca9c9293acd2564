//! Candidate generation: an inverted index over the target side's rarer
//! keys, so that no source article is compared with every target article.

use super::profile::Collection;
use super::PairConfig;
use rayon::prelude::*;

/// The target articles each key occurs in, for keys rare enough to index.
struct Postings {
    /// `offsets[k]..offsets[k + 1]` indexes `docs` for key `k`.
    offsets: Vec<u32>,
    docs: Vec<u32>,
}

impl Postings {
    fn build(coll: &Collection, cap: u32) -> Postings {
        let n_ids = coll.weight.len();
        let indexed = |k: u32| {
            let k = k as usize;
            coll.weight[k] > 0.0 && coll.df_tgt[k] <= cap
        };
        let mut offsets = vec![0u32; n_ids + 1];
        for p in &coll.tgt {
            for &k in &p.keys {
                if indexed(k) {
                    offsets[k as usize + 1] += 1;
                }
            }
        }
        for k in 0..n_ids {
            offsets[k + 1] += offsets[k];
        }
        let mut fill = offsets.clone();
        let mut docs = vec![0u32; offsets[n_ids] as usize];
        for (t, p) in coll.tgt.iter().enumerate() {
            for &k in &p.keys {
                if indexed(k) {
                    docs[fill[k as usize] as usize] = t as u32;
                    fill[k as usize] += 1;
                }
            }
        }
        Postings { offsets, docs }
    }

    fn get(&self, k: u32) -> &[u32] {
        let k = k as usize;
        match (self.offsets.get(k), self.offsets.get(k + 1)) {
            (Some(&a), Some(&b)) => &self.docs[a as usize..b as usize],
            _ => &[],
        }
    }
}

/// The document-frequency cap of indexed keys: a share of the target
/// collection, but never below the configured floor (in a small collection
/// every key is rare enough).
pub(super) fn df_cap(n_tgt: usize, cfg: &PairConfig) -> u32 {
    let share = (n_tgt as f64 * cfg.max_df_share).ceil() as usize;
    share.max(cfg.min_df_cap).min(u32::MAX as usize) as u32
}

/// For each source article, up to `cfg.candidates` target articles with
/// the best weighted overlap of distinct keys (Dice over key weights),
/// best first; ties go to the lower target index. With
/// [`PairConfig::block_days`], a dated source article only considers
/// targets dated within that many days of it (or undated); with
/// [`PairConfig::block_anchors`], only targets holding one of its rarest
/// keys ([`super::block_keys`]). With `only`,
/// the articles it leaves out get no candidates (another shard's).
pub(crate) fn candidates(
    coll: &Collection,
    cfg: &PairConfig,
    only: Option<&[bool]>,
) -> Vec<Vec<(u32, f32)>> {
    let cap = df_cap(coll.tgt.len(), cfg);
    let post = Postings::build(coll, cap);
    let set_w = |keys: &[u32]| -> f32 { keys.iter().map(|&k| coll.weight[k as usize]).sum() };
    let tgt_w: Vec<f32> = coll.tgt.iter().map(|p| set_w(&p.keys)).collect();
    let n_t = coll.tgt.len();
    let k_best = cfg.candidates.max(1);
    coll.src
        .par_iter()
        .enumerate()
        .map_init(
            || (vec![0f32; n_t], Vec::<u32>::new(), vec![false; n_t]),
            |(acc, touched, allow), (s, p)| {
                if only.is_some_and(|o| !o.get(s).copied().unwrap_or(false)) {
                    return Vec::new();
                }
                // The anchor block: the targets holding one of the
                // source's rarest keys, marked from those keys' postings.
                let rare = cfg.block_anchors.map(|b| {
                    let keys = super::block_keys(&p.keys, &coll.weight, &coll.df_tgt, cap, b);
                    let mut marked = Vec::new();
                    for k in keys {
                        for &t in post.get(k) {
                            if !std::mem::replace(&mut allow[t as usize], true) {
                                marked.push(t);
                            }
                        }
                    }
                    marked
                });
                let blocked = |t: u32| {
                    let dated = match (cfg.block_days, p.day, coll.tgt[t as usize].day) {
                        (Some(w), Some(a), Some(b)) => a.abs_diff(b) > u64::from(w),
                        _ => false,
                    };
                    dated || (rare.is_some() && !allow[t as usize])
                };
                for &k in &p.keys {
                    let w = coll.weight[k as usize];
                    for &t in post.get(k) {
                        if blocked(t) {
                            continue;
                        }
                        if acc[t as usize] == 0.0 {
                            touched.push(t);
                        }
                        acc[t as usize] += w;
                    }
                }
                let sw = set_w(&p.keys);
                let mut out: Vec<(u32, f32)> = touched
                    .iter()
                    .map(|&t| {
                        let shared = acc[t as usize];
                        acc[t as usize] = 0.0;
                        (
                            t,
                            2.0 * shared / (sw + tgt_w[t as usize]).max(f32::MIN_POSITIVE),
                        )
                    })
                    .collect();
                touched.clear();
                for t in rare.unwrap_or_default() {
                    allow[t as usize] = false;
                }
                out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                out.truncate(k_best);
                out
            },
        )
        .collect()
}
