//! Sharded pairing: each shard scores the candidates of its share of the
//! source articles, and one merge pass over every shard's edges makes the
//! one-to-one assignment.
//!
//! The merge gives exactly the pairs of [`super::pair_articles`] over the
//! same articles and configuration, because every number a score is made
//! of is computed as a single run computes it:
//!
//! - a shard profiles the whole collection, so its key weights (inverse
//!   document frequencies over both sides) and its inverted index are a
//!   single run's; it then looks for candidates, and measures their anchor
//!   overlap, only for its own source articles;
//! - the collection's length ratio needs every source's candidates, so the
//!   shards write the overlaps and the merge computes the ratio;
//! - which candidates get the sentence-alignment check depends on that
//!   ratio, so a shard checks every candidate that could be checked
//!   whatever the ratio (those whose overlap reaches the threshold: the
//!   priors never raise a score) and writes the result;
//! - the merge scores, keeps the best candidates of each source and runs
//!   the assignment over all edges at once, which needs every edge of a
//!   target article.
//!
//! Blocking ([`super::PairConfig::block_days`]) is part of the
//! configuration: a sharded run equals a single run with the same
//! blocking, and a single run with blocking equals one without it when
//! the blocking keeps every candidate the index proposes (see
//! docs/SCALING.md).

use super::counts::Counts;
use super::index::candidates;
use super::profile::Collection;
use super::score::{date_days, edges, expected_ratio, may_check, metas, overlaps, share_of, Meta};
use super::{assign, finish, Article, PairConfig, Pairing};
use crate::error::{Error, Result};
use rayon::prelude::*;

mod counted;
mod file;

pub use counted::CountedShard;
pub use file::read_edges;

/// One of `n` shards, `k` counting from 1 (`--shard 2/3`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// Which shard, from 1 to `n`.
    pub k: u32,
    /// How many shards.
    pub n: u32,
    /// With a span of days, a dated source falls in the shard of its
    /// day divided by the span (modulo `n`), so that a shard holds runs
    /// of consecutive days; undated sources, and every source without a
    /// span, fall by the hash of their id.
    pub days: Option<u32>,
}

impl Shard {
    /// Reads `K/N`, with 1 <= K <= N.
    pub fn parse(s: &str) -> Result<Shard> {
        let bad = || {
            Error::config(format!(
                "bad shard '{s}': expected K/N with 1 <= K <= N, as 2/8"
            ))
        };
        let (k, n) = s.trim().split_once('/').ok_or_else(bad)?;
        let k: u32 = k.trim().parse().map_err(|_| bad())?;
        let n: u32 = n.trim().parse().map_err(|_| bad())?;
        if k == 0 || k > n {
            return Err(bad());
        }
        Ok(Shard { k, n, days: None })
    }

    /// Whether this shard holds the source article with this id and
    /// date (`YYYY-MM-DD`, if any).
    pub fn holds(&self, id: &str, date: Option<&str>) -> bool {
        self.holds_day(id, date.and_then(date_days))
    }

    /// [`Shard::holds`] with the date as a day since 1970-01-01.
    pub fn holds_day(&self, id: &str, day: Option<i64>) -> bool {
        match (self.days, day) {
            (Some(span), Some(d)) => {
                let run = d.div_euclid(i64::from(span.max(1)));
                run.rem_euclid(i64::from(self.n.max(1))) as u32 + 1 == self.k
            }
            _ => shard_of(id, self.n) == self.k,
        }
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.k, self.n)
    }
}

/// The shard (from 1 to `n`) an article id falls in: its 64-bit FNV-1a
/// hash, mixed by MurmurHash3's 64-bit finaliser, modulo `n`. A fixed
/// hash rather than the standard library's, which is seeded at random in
/// every process: the share of an article must be the same in every
/// shard, on every machine, in every release. The finaliser because the
/// low bits of FNV-1a depend only on the low bits of the bytes, so that
/// `n` = 4 would split names by the last bits of their characters alone.
/// `n` = 0 counts as 1.
pub fn shard_of(id: &str, n: u32) -> u32 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in id.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    (h % u64::from(n.max(1))) as u32 + 1
}

/// A target article as the merge needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetMeta {
    /// Its id.
    pub id: String,
    /// Its length in characters as the length model counts them.
    pub len: u32,
    /// Its day (days since 1970-01-01), if dated.
    pub day: Option<i64>,
}

/// One candidate of a source article.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    /// The target's index.
    pub tgt: u32,
    /// The anchor overlap of the pair, in [0, 1].
    pub overlap: f32,
    /// The aligned share of the pair's characters, where the pair may be
    /// checked by a sentence alignment.
    pub share: Option<f64>,
}

/// A source article of a shard, with its candidates in the order the
/// index gave them.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceEdges {
    /// Its index among all source articles.
    pub index: usize,
    /// Its id.
    pub id: String,
    /// Its length in characters as the length model counts them.
    pub len: u32,
    /// Its day, if dated.
    pub day: Option<i64>,
    /// Its candidates.
    pub cands: Vec<Candidate>,
}

/// What one shard writes: its source articles' scored candidates, and
/// what every shard knows alike (the configuration, the number of source
/// articles, every target article).
#[derive(Debug, Clone, PartialEq)]
pub struct ShardEdges {
    /// Which shard.
    pub shard: Shard,
    /// The configuration the scores were made with (its numbers; a
    /// lexicon, if any, has already counted in the overlaps).
    pub cfg: EdgeConfig,
    /// How many source articles the collection holds.
    pub n_src: usize,
    /// Every target article.
    pub tgt: Vec<TargetMeta>,
    /// This shard's source articles, ascending by index.
    pub src: Vec<SourceEdges>,
    /// The target side's language code, for reports.
    pub tgt_lang: String,
    /// Files the caller skipped, `(side, id, reason)`, carried through to
    /// the merge's report.
    pub skipped: Vec<(String, String, String)>,
}

/// The numbers of a [`PairConfig`] that the merge needs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EdgeConfig {
    /// [`PairConfig::threshold`].
    pub threshold: f64,
    /// [`PairConfig::align_check`].
    pub align_check: usize,
    /// [`PairConfig::length_sigma`].
    pub length_sigma: f64,
    /// [`PairConfig::length_ratio`].
    pub length_ratio: Option<f64>,
    /// [`PairConfig::date_window`].
    pub date_window: f64,
    /// [`PairConfig::block_anchors`]: not needed by the merge, but shards
    /// blocked by other numbers of keys do not make one run.
    pub block_anchors: Option<usize>,
}

impl EdgeConfig {
    fn of(cfg: &PairConfig) -> EdgeConfig {
        EdgeConfig {
            threshold: cfg.threshold,
            align_check: cfg.align_check,
            length_sigma: cfg.length_sigma,
            length_ratio: cfg.length_ratio,
            date_window: cfg.date_window,
            block_anchors: cfg.block_anchors,
        }
    }

    fn pair_config(&self) -> PairConfig {
        PairConfig {
            threshold: self.threshold,
            align_check: self.align_check,
            length_sigma: self.length_sigma,
            length_ratio: self.length_ratio,
            date_window: self.date_window,
            ..PairConfig::default()
        }
    }
}

/// Scores the candidates of the source articles that fall in `shard`.
/// `tgt_lang` and `skipped` are carried into the result for the merge's
/// report.
pub fn shard_edges(src: &[Article], tgt: &[Article], cfg: &PairConfig, shard: Shard) -> ShardEdges {
    let only: Vec<bool> = src
        .iter()
        .map(|a| shard.holds(&a.id, a.date.as_deref()))
        .collect();
    let mut out = ShardEdges {
        shard,
        cfg: EdgeConfig::of(cfg),
        n_src: src.len(),
        tgt: Vec::new(),
        src: Vec::new(),
        tgt_lang: tgt
            .first()
            .map_or(String::new(), |a| a.lang.code().to_string()),
        skipped: Vec::new(),
    };
    if src.is_empty() || tgt.is_empty() {
        // Nothing can pair; the lengths and days are never used.
        out.tgt = tgt.iter().map(|a| TargetMeta::bare(&a.id)).collect();
        out.src = (0..src.len())
            .filter(|&s| only[s])
            .map(|s| SourceEdges {
                index: s,
                id: src[s].id.clone(),
                len: 0,
                day: None,
                cands: Vec::new(),
            })
            .collect();
        return out;
    }
    let coll = Collection::build(src, tgt, cfg);
    let (sm, tm) = metas(&coll);
    fill(&mut out, &coll, src, tgt, cfg, &only, &sm, &tm);
    out
}

/// [`shard_edges`] with the statistics of the whole collection from a
/// counts pass: only the source articles of the shard and the target
/// articles marked in `load_tgt` are profiled (the others may have empty
/// texts). The result is [`shard_edges`]'s over the whole collection when
/// `load_tgt` marks every target a source of the shard may be compared
/// with (see [`CountedShard::targets_needed`]).
pub fn shard_edges_counted(
    src: &[Article],
    tgt: &[Article],
    cfg: &PairConfig,
    shard: Shard,
    counts: &Counts,
    load_tgt: &[bool],
) -> Result<ShardEdges> {
    CountedShard::new(src, cfg, shard, counts)?.edges(src, tgt, load_tgt)
}

/// Which target articles a shard's sources may be compared with under
/// date blocking of `block_days`: those dated within that many days of
/// a dated source of the shard, and the undated ones; every one when a
/// source of the shard is undated. Without blocking, every one.
pub fn targets_needed(counts: &Counts, shard: Shard, block_days: Option<u32>) -> Vec<bool> {
    let Some(w) = block_days else {
        return vec![true; counts.tgt.len()];
    };
    let mut days = Vec::new();
    for a in counts
        .src
        .iter()
        .filter(|a| shard.holds(&a.id, a.date.as_deref()))
    {
        match a.date.as_deref().and_then(date_days) {
            Some(d) => days.push(d),
            None => return vec![true; counts.tgt.len()],
        }
    }
    days.sort_unstable();
    counts
        .tgt
        .iter()
        .map(|t| match t.date.as_deref().and_then(date_days) {
            None => true,
            Some(d) => {
                let i = days.partition_point(|&x| x < d - i64::from(w));
                days.get(i).is_some_and(|&x| x <= d + i64::from(w))
            }
        })
        .collect()
}

/// Scores the candidates of the shard's sources into `out`, with the
/// lengths and days of every article from `sm` and `tm`.
#[allow(clippy::too_many_arguments)]
fn fill(
    out: &mut ShardEdges,
    coll: &Collection,
    src: &[Article],
    tgt: &[Article],
    cfg: &PairConfig,
    only: &[bool],
    sm: &[Meta],
    tm: &[Meta],
) {
    let cands = candidates(coll, cfg, Some(only));
    let scored = overlaps(coll, &cands);
    out.tgt = tm
        .iter()
        .zip(tgt)
        .map(|(m, a)| TargetMeta {
            id: a.id.clone(),
            len: m.len,
            day: m.day,
        })
        .collect();
    out.src = (0..src.len())
        .into_par_iter()
        .filter(|&s| only[s])
        .map(|s| SourceEdges {
            index: s,
            id: src[s].id.clone(),
            len: sm[s].len,
            day: sm[s].day,
            cands: scored[s]
                .iter()
                .map(|&(t, overlap)| Candidate {
                    tgt: t,
                    overlap,
                    share: may_check(overlap, cfg).then(|| share_of(coll, src, tgt, s, t as usize)),
                })
                .collect(),
        })
        .collect();
}

impl TargetMeta {
    fn bare(id: &str) -> TargetMeta {
        TargetMeta {
            id: id.to_string(),
            len: 0,
            day: None,
        }
    }
}

/// The result of a merge: the pairing, and the ids of all source
/// articles by index (the targets' are in any part's `tgt`).
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    /// The pairs and the articles left unpaired, by index.
    pub pairing: Pairing,
    /// The source articles' ids.
    pub src_ids: Vec<String>,
}

/// Makes the one-to-one assignment over the edges of every shard. The
/// parts must be the `n` shards of one run, each once, in any order;
/// anything else (a shard missing or twice, parts of different
/// collections or configurations, a source in the wrong shard) is a
/// configuration error that says which.
pub fn merge_edges(parts: &[ShardEdges]) -> Result<Merged> {
    let Some(first) = parts.first() else {
        return Err(Error::config("no edges to merge"));
    };
    let n = first.shard.n;
    let mut seen = vec![false; n as usize];
    for p in parts {
        if p.shard.k == 0 || p.shard.k > p.shard.n {
            return Err(Error::config(format!("no such shard: {}", p.shard)));
        }
        if p.shard.n != n || p.shard.days != first.shard.days {
            return Err(Error::config(format!(
                "shard {} is one of {} shards, shard {} one of {n} (or they were cut by other --shard-days)",
                p.shard, p.shard.n, first.shard
            )));
        }
        if std::mem::replace(&mut seen[p.shard.k as usize - 1], true) {
            return Err(Error::config(format!("shard {} is given twice", p.shard)));
        }
        let same = p.cfg == first.cfg
            && p.n_src == first.n_src
            && p.tgt == first.tgt
            && p.tgt_lang == first.tgt_lang
            && p.skipped == first.skipped;
        if !same {
            return Err(Error::config(format!(
                "shards {} and {} were run on different articles or with different options",
                first.shard, p.shard
            )));
        }
    }
    if let Some(k) = seen.iter().position(|s| !s) {
        return Err(Error::config(format!("shard {}/{n} is missing", k + 1)));
    }
    let cfg = first.cfg.pair_config();
    let n_tgt = first.tgt.len();
    let mut by_index: Vec<Option<&SourceEdges>> = vec![None; first.n_src];
    for p in parts {
        for s in &p.src {
            let slot = by_index.get_mut(s.index).ok_or_else(|| {
                Error::config(format!(
                    "shard {}: source '{}' has index {}, but there are {} sources",
                    p.shard, s.id, s.index, first.n_src
                ))
            })?;
            if slot.is_some() || !p.shard.holds_day(&s.id, s.day) {
                return Err(Error::config(format!(
                    "shard {}: source '{}' does not belong to it",
                    p.shard, s.id
                )));
            }
            for c in &s.cands {
                if c.tgt as usize >= n_tgt || (may_check(c.overlap, &cfg) && c.share.is_none()) {
                    return Err(Error::config(format!(
                        "shard {}: a candidate of '{}' is incomplete",
                        p.shard, s.id
                    )));
                }
            }
            *slot = Some(s);
        }
    }
    let mut src: Vec<&SourceEdges> = Vec::with_capacity(by_index.len());
    for (i, s) in by_index.into_iter().enumerate() {
        src.push(s.ok_or_else(|| {
            Error::config(format!("source {i} is in no shard: the shards disagree"))
        })?);
    }
    let src_ids = src.iter().map(|s| s.id.clone()).collect();
    if src.is_empty() || n_tgt == 0 {
        return Ok(Merged {
            pairing: finish(Vec::new(), src.len(), n_tgt),
            src_ids,
        });
    }
    let sm: Vec<Meta> = src
        .iter()
        .map(|s| Meta {
            len: s.len,
            day: s.day,
        })
        .collect();
    let tm: Vec<Meta> = first
        .tgt
        .iter()
        .map(|t| Meta {
            len: t.len,
            day: t.day,
        })
        .collect();
    let scored: Vec<Vec<(u32, f32)>> = src
        .iter()
        .map(|s| s.cands.iter().map(|c| (c.tgt, c.overlap)).collect())
        .collect();
    let ratio = cfg
        .length_ratio
        .filter(|r| *r > 0.0)
        .unwrap_or_else(|| expected_ratio(&sm, &tm, &scored));
    let share = |s: usize, t: usize| -> f64 {
        src[s]
            .cands
            .iter()
            .find(|c| c.tgt as usize == t)
            .and_then(|c| c.share)
            .unwrap_or(0.0)
    };
    let scored_edges = edges(&sm, &tm, &scored, ratio, &cfg, share);
    let pairs = assign::assign(&scored_edges, src.len(), n_tgt, cfg.threshold);
    Ok(Merged {
        pairing: finish(pairs, src.len(), n_tgt),
        src_ids,
    })
}

#[cfg(test)]
mod tests;
