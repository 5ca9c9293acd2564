//! Scoring a candidate pair: ordered anchor overlap, length, date, and a
//! sentence-alignment check of the best few.

use super::profile::{Collection, Profile};
use super::{Article, PairConfig};
use crate::aligner::{align_sentences, AlignConfig, Side};
use rayon::prelude::*;

/// The weight of the heaviest chain of matches `(i, j, w)` in which both
/// `i` and `j` never decrease (a weighted longest common subsequence over
/// sentence positions; several matches between the same two sentences all
/// fit, since word order inside a sentence changes in translation).
/// Matches with a negative or NaN weight count 0.
pub fn chain_weight(matches: &[(usize, usize, f64)]) -> f64 {
    best_chain(matches).0
}

/// The heaviest chain of [`chain_weight`] and the indices (into `matches`)
/// of its members, in chain order.
pub(crate) fn best_chain(matches: &[(usize, usize, f64)]) -> (f64, Vec<usize>) {
    let w = |k: usize| {
        let x = matches[k].2;
        if x > 0.0 {
            x
        } else {
            0.0
        }
    };
    let mut order: Vec<usize> = (0..matches.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&matches[a], &matches[b]);
        x.0.cmp(&y.0).then(x.1.cmp(&y.1)).then(a.cmp(&b))
    });
    // Compress the target positions, then a Fenwick tree of prefix maxima
    // holding (chain weight, last member).
    let mut js: Vec<usize> = matches.iter().map(|x| x.1).collect();
    js.sort_unstable();
    js.dedup();
    let mut tree: Vec<(f64, usize)> = vec![(0.0, usize::MAX); js.len() + 1];
    let mut parent = vec![usize::MAX; matches.len()];
    let mut best = (0.0f64, usize::MAX);
    for &k in &order {
        let pos = js.partition_point(|&x| x < matches[k].1) + 1;
        // Best chain ending at a target position <= this one.
        let mut q = (0.0f64, usize::MAX);
        let mut p = pos;
        while p > 0 {
            if tree[p].0 > q.0 {
                q = tree[p];
            }
            p &= p - 1;
        }
        parent[k] = q.1;
        let v = (q.0 + w(k), k);
        if v.0 > best.0 {
            best = v;
        }
        let mut p = pos;
        while p < tree.len() {
            if tree[p].0 < v.0 {
                tree[p] = v;
            }
            p += p & p.wrapping_neg();
        }
    }
    let mut members = Vec::new();
    let mut cur = best.1;
    while cur != usize::MAX {
        members.push(cur);
        cur = parent[cur];
    }
    members.reverse();
    (best.0, members)
}

/// How well a pair's length ratio fits: `exp(-d² / 2σ²)` where `d` is the
/// log of the pair's target/source length ratio over the expected one.
/// A half article paired with a whole one is off by about ln 2 = 0.69,
/// which at the default σ = 0.2 gives 0.002; true pairs of ntrex-dev lie
/// within ±0.22 of the collection's ratio (prior >= 0.55). Empty sides give
/// 0.
pub fn length_prior(src_len: usize, tgt_len: usize, expected_ratio: f64, sigma: f64) -> f64 {
    if src_len == 0 || tgt_len == 0 || expected_ratio <= 0.0 || sigma <= 0.0 {
        return 0.0;
    }
    let d = (tgt_len as f64 / src_len as f64 / expected_ratio).ln();
    (-d * d / (2.0 * sigma * sigma)).exp()
}

/// The date prior of a pair whose articles are `days` apart: 1 within the
/// window (translations of news appear the same day or a day or two
/// later), then falling as `sqrt((window + 1) / (days + 1))`: a week
/// apart keeps 0.6 of the score, a month apart 0.3 (with the default
/// window of 2 days). Gentle on purpose: dates in feeds are often the
/// crawl date, and strong anchor evidence should still win over them.
pub fn date_prior(days: f64, window: f64) -> f64 {
    let d = days.abs();
    let window = window.max(0.0);
    if d <= window {
        1.0
    } else {
        ((window + 1.0) / (d + 1.0)).sqrt()
    }
}

/// Days since 1970-01-01 of a date written `YYYY-MM-DD` (anything after the
/// tenth character, such as `T12:00:00Z`, is ignored); `None` when it is
/// not such a date.
pub fn date_days(date: &str) -> Option<i64> {
    let d = date.trim().get(..10)?;
    let b = d.as_bytes();
    if b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let s = &d[r];
        s.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| s.parse().ok())
            .flatten()
    };
    let (y, m, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if !(1..=12).contains(&m) || day < 1 || day > days_in_month(y, m) {
        return None;
    }
    // Days from civil date (proleptic Gregorian), counting years from March
    // so that the leap day comes last.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The anchor evidence of one candidate pair.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Evidence {
    /// `2 * chain / (total_s + total_t)`, where `chain` is the weight of
    /// the heaviest order-keeping chain of shared anchors.
    pub overlap: f32,
}

/// Matches the anchor occurrences of two articles one to one, each source
/// occurrence in document order taking the earliest unused target
/// occurrence that shares a key, and weighs the heaviest chain of them.
pub(crate) fn evidence(coll: &Collection, s: &Profile, t: &Profile) -> Evidence {
    // Target occurrences by key: (key, occurrence) sorted.
    let mut by_key: Vec<(u32, u32)> = Vec::with_capacity(t.flat.len());
    for (oi, o) in t.occs.iter().enumerate() {
        for &k in t.ids(o) {
            if coll.weight[k as usize] > 0.0 {
                by_key.push((k, oi as u32));
            }
        }
    }
    by_key.sort_unstable();
    let mut used = vec![false; t.occs.len()];
    let mut matches: Vec<(usize, usize, f64)> = Vec::new();
    // Per match: how many of its two ends are soft (see `Occ::soft`).
    let mut soft_ends: Vec<u8> = Vec::new();
    for o in &s.occs {
        let mut pick: Option<(u32, u32)> = None;
        for &k in s.ids(o) {
            let w = coll.weight[k as usize];
            if w <= 0.0 {
                continue;
            }
            let from = by_key.partition_point(|x| x.0 < k);
            let hit = by_key[from..]
                .iter()
                .take_while(|x| x.0 == k)
                .find(|x| !used[x.1 as usize]);
            if let Some(&(k, oi)) = hit {
                if pick.map_or(true, |(_, p)| oi < p) {
                    pick = Some((k, oi));
                }
            }
        }
        if let Some((k, oi)) = pick {
            used[oi as usize] = true;
            let to = &t.occs[oi as usize];
            let w = coll.weight[k as usize] * (o.factor + to.factor) / 2.0;
            matches.push((o.sent as usize, to.sent as usize, f64::from(w)));
            soft_ends.push(u8::from(o.soft) + u8::from(to.soft));
        }
    }
    let (chain, members) = best_chain(&matches);
    let chain = chain as f32;
    // Soft occurrences enter the denominator only where they matched.
    let soft: f32 = members
        .iter()
        .map(|&k| matches[k].2 as f32 * f32::from(soft_ends[k]))
        .sum();
    let denom = s.total_w + t.total_w + soft;
    Evidence {
        // Rounding (and a target anchor whose key weighs more than the
        // source reading that matched it) can push the ratio a hair over 1.
        overlap: if denom > 0.0 {
            (2.0 * chain / denom).min(1.0)
        } else {
            0.0
        },
    }
}

/// What scoring needs of an article besides its anchors: its length as
/// the length model counts it and its day, if dated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Meta {
    pub len: u32,
    pub day: Option<i64>,
}

impl Meta {
    pub fn of(p: &Profile) -> Meta {
        Meta {
            len: p.len,
            day: p.day,
        }
    }
}

/// The expected target/source length ratio: the median over confident
/// candidate pairs (anchor overlap of at least one half, each the other's
/// best), else the ratio of the mean article lengths. `scored` holds each
/// source's candidates with their overlap, in candidate order (on a tie,
/// the first source and the last candidate win, as before sharding).
pub(crate) fn expected_ratio(src: &[Meta], tgt: &[Meta], scored: &[Vec<(u32, f32)>]) -> f64 {
    let mut best_src: Vec<Option<(usize, f32)>> = vec![None; tgt.len()];
    for (s, c) in scored.iter().enumerate() {
        for &(t, o) in c {
            let b = &mut best_src[t as usize];
            if b.map_or(true, |(_, x)| o > x) {
                *b = Some((s, o));
            }
        }
    }
    let mut logs: Vec<f64> = Vec::new();
    for (s, c) in scored.iter().enumerate() {
        let Some(&(t, o)) = c.iter().max_by(|a, b| a.1.total_cmp(&b.1)) else {
            continue;
        };
        let (sl, tl) = (src[s].len, tgt[t as usize].len);
        if o >= 0.5 && best_src[t as usize].map(|b| b.0) == Some(s) && sl > 0 && tl > 0 {
            logs.push((f64::from(tl) / f64::from(sl)).ln());
        }
    }
    // Five pairs make a median that one odd pair cannot move far.
    if logs.len() >= 5 {
        logs.sort_by(f64::total_cmp);
        return logs[logs.len() / 2].exp();
    }
    // Mean lengths, not totals: the sides may hold different numbers of
    // articles.
    let mean = |ms: &[Meta]| -> f64 {
        ms.iter().map(|m| f64::from(m.len)).sum::<f64>() / ms.len().max(1) as f64
    };
    let (s, t) = (mean(src), mean(tgt));
    if s > 0.0 && t > 0.0 {
        t / s
    } else {
        1.0
    }
}

/// The share of both sides' characters that a sentence alignment puts in
/// confident beads with sentences on both sides: near 1 for a translation,
/// low for two articles that merely share some names.
fn aligned_share(s: &Article, sp: &Profile, t: &Article, tp: &Profile, cfg: &AlignConfig) -> f64 {
    let sents = |a: &Article, p: &Profile| -> Vec<String> {
        p.sents
            .iter()
            .map(|r| a.text[r.start as usize..r.end as usize].to_string())
            .collect()
    };
    let (ss, ts) = (sents(s, sp), sents(t, tp));
    if ss.is_empty() || ts.is_empty() {
        return 0.0;
    }
    let al = align_sentences(
        Side {
            sentences: &ss,
            lang: &s.lang,
        },
        Side {
            sentences: &ts,
            lang: &t.lang,
        },
        cfg,
    );
    let len = |v: &[String], r: std::ops::Range<usize>| -> usize {
        v[r].iter().map(|x| x.chars().count()).sum()
    };
    let total = len(&ss, 0..ss.len()) + len(&ts, 0..ts.len());
    let good: usize = al
        .beads
        .iter()
        .filter(|b| !b.src.is_empty() && !b.tgt.is_empty() && b.score >= 0.5)
        .map(|b| len(&ss, b.src.clone()) + len(&ts, b.tgt.clone()))
        .sum();
    if total == 0 {
        0.0
    } else {
        good as f64 / total as f64
    }
}

/// The anchor evidence of each source's candidates, in candidate order.
pub(crate) fn overlaps(coll: &Collection, cands: &[Vec<(u32, f32)>]) -> Vec<Vec<(u32, f32)>> {
    cands
        .par_iter()
        .enumerate()
        .map(|(s, c)| {
            c.iter()
                .map(|&(t, _)| {
                    let e = evidence(coll, &coll.src[s], &coll.tgt[t as usize]);
                    (t, e.overlap)
                })
                .collect()
        })
        .collect()
}

/// Whether a candidate of this overlap may be checked by a sentence
/// alignment, whatever the length ratio turns out to be: the priors are
/// at most 1, so a score never exceeds its overlap, and a pair below the
/// threshold is never checked.
pub(crate) fn may_check(overlap: f32, cfg: &PairConfig) -> bool {
    cfg.align_check > 0 && f64::from(overlap) >= cfg.threshold
}

/// Scores every candidate: `overlap * length prior * date prior`, and for
/// the best `cfg.align_check` of each source article, times the aligned
/// share that `share(source, target)` gives (asked only where
/// [`may_check`] holds). Returns `(source, target, score)` edges.
pub(crate) fn edges<F>(
    src: &[Meta],
    tgt: &[Meta],
    scored: &[Vec<(u32, f32)>],
    ratio: f64,
    cfg: &PairConfig,
    share: F,
) -> Vec<(usize, usize, f64)>
where
    F: Fn(usize, usize) -> f64 + Sync,
{
    scored
        .par_iter()
        .enumerate()
        .map(|(s, c)| {
            let sp = src[s];
            let mut v: Vec<(usize, usize, f64)> = c
                .iter()
                .map(|&(t, overlap)| {
                    let tp = tgt[t as usize];
                    let mut score = f64::from(overlap)
                        * length_prior(sp.len as usize, tp.len as usize, ratio, cfg.length_sigma);
                    if let (Some(a), Some(b)) = (sp.day, tp.day) {
                        score *= date_prior((a - b) as f64, cfg.date_window);
                    }
                    (s, t as usize, score)
                })
                .collect();
            v.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.1.cmp(&b.1)));
            if cfg.align_check > 0 {
                // Candidates below the checked ones would keep an unchecked
                // (higher) score; they are dropped instead.
                v.truncate(cfg.align_check);
                for e in v.iter_mut() {
                    // A pair already below the threshold cannot rise above
                    // it; the alignment would be wasted.
                    if e.2 >= cfg.threshold {
                        e.2 *= share(s, e.1);
                    }
                }
            }
            v
        })
        .flatten()
        .collect()
}

/// Scores every candidate of a whole collection in one process; see
/// [`edges`].
pub(crate) fn rescore(
    coll: &Collection,
    src: &[Article],
    tgt: &[Article],
    cands: &[Vec<(u32, f32)>],
    cfg: &PairConfig,
) -> Vec<(usize, usize, f64)> {
    let scored = overlaps(coll, cands);
    let (sm, tm) = metas(coll);
    let ratio = cfg
        .length_ratio
        .filter(|r| *r > 0.0)
        .unwrap_or_else(|| expected_ratio(&sm, &tm, &scored));
    edges(&sm, &tm, &scored, ratio, cfg, |s, t| {
        share_of(coll, src, tgt, s, t)
    })
}

/// The metas of both sides of a collection.
pub(crate) fn metas(coll: &Collection) -> (Vec<Meta>, Vec<Meta>) {
    (
        coll.src.iter().map(Meta::of).collect(),
        coll.tgt.iter().map(Meta::of).collect(),
    )
}

/// The aligned share of one candidate pair, as [`edges`] uses it.
pub(crate) fn share_of(
    coll: &Collection,
    src: &[Article],
    tgt: &[Article],
    s: usize,
    t: usize,
) -> f64 {
    aligned_share(
        &src[s],
        &coll.src[s],
        &tgt[t],
        &coll.tgt[t],
        &AlignConfig::default(),
    )
}

/// For diagnostics and tests: the parts of a pair's score.
#[cfg(test)]
pub(crate) fn parts(
    coll: &Collection,
    src: &[Article],
    tgt: &[Article],
    s: usize,
    t: usize,
) -> (f32, f64, f64) {
    let e = evidence(coll, &coll.src[s], &coll.tgt[t]);
    let lr = (f64::from(coll.tgt[t].len) / f64::from(coll.src[s].len.max(1))).ln();
    let share = aligned_share(
        &src[s],
        &coll.src[s],
        &tgt[t],
        &coll.tgt[t],
        &AlignConfig::default(),
    );
    (e.overlap, lr, share)
}
