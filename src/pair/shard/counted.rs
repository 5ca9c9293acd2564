//! A shard with a counts pass: it profiles its own source articles
//! first, works out from them (and the counts, and an anchor index) which
//! target articles it needs, and profiles only those.

use super::{fill, targets_needed, EdgeConfig, Shard, ShardEdges};
use crate::error::{Error, Result};
use crate::pair::block::{block_keys, AnchorIndex};
use crate::pair::counts::{ArticleCount, CountedProfiles, Counts};
use crate::pair::index::df_cap;
use crate::pair::profile::Profile;
use crate::pair::score::{date_days, Meta};
use crate::pair::{Article, PairConfig};
use std::collections::HashSet;

/// A shard of a counted collection whose source articles are profiled.
pub struct CountedShard<'a> {
    counts: &'a Counts,
    cfg: PairConfig,
    shard: Shard,
    only: Vec<bool>,
    prof: CountedProfiles<'a>,
    sp: Vec<Profile>,
}

impl<'a> CountedShard<'a> {
    /// Profiles the shard's own articles among `src` (the others may have
    /// empty texts). `src` must be the counts' source articles, in order.
    pub fn new(
        src: &[Article],
        cfg: &PairConfig,
        shard: Shard,
        counts: &'a Counts,
    ) -> Result<CountedShard<'a>> {
        if src.len() != counts.src.len() {
            return Err(Error::config(
                "the articles are not those of the counts pass",
            ));
        }
        let only: Vec<bool> = src
            .iter()
            .map(|a| shard.holds(&a.id, a.date.as_deref()))
            .collect();
        let mut prof = CountedProfiles::new(counts, cfg.lexicon.clone());
        let sp = prof.side(src, &only, 0)?;
        Ok(CountedShard {
            counts,
            cfg: cfg.clone(),
            shard,
            only,
            prof,
            sp,
        })
    }

    /// The blocking keys of the shard's sources
    /// ([`PairConfig::block_anchors`]); none without anchor blocking.
    pub fn block_keys(&self) -> HashSet<u32> {
        let Some(b) = self.cfg.block_anchors else {
            return HashSet::new();
        };
        let weight = self.prof.weights();
        let df_tgt: Vec<u32> = self.counts.keys.iter().map(|k| k.2).collect();
        let cap = df_cap(self.counts.tgt.len(), &self.cfg);
        let mut out = HashSet::new();
        for (p, _) in self.sp.iter().zip(&self.only).filter(|(_, &o)| o) {
            let mut keys = p.flat.clone();
            keys.sort_unstable();
            keys.dedup();
            out.extend(block_keys(&keys, &weight, &df_tgt, cap, b));
        }
        out
    }

    /// Which target articles the shard's sources may be compared with:
    /// those the date block allows ([`targets_needed`]) that, under
    /// anchor blocking with an anchor `index` read for
    /// [`CountedShard::block_keys`], hold one of those keys. Without an
    /// index, anchor blocking rules no target out here (the comparison
    /// still does).
    pub fn targets_needed(&self, index: Option<&AnchorIndex>) -> Result<Vec<bool>> {
        let mut need = targets_needed(self.counts, self.shard, self.cfg.block_days);
        if let (Some(_), Some(index)) = (self.cfg.block_anchors, index) {
            let cap = df_cap(self.counts.tgt.len(), &self.cfg);
            if index.cap != cap || index.counts != self.counts.fingerprint() {
                return Err(Error::config(
                    "the anchor index was not written for these counts and options; write it again with the counts",
                ));
            }
            let held = index.holders(self.block_keys(), need.len());
            for (n, h) in need.iter_mut().zip(held) {
                *n &= h;
            }
        }
        Ok(need)
    }

    /// Profiles the targets marked in `load_tgt` and scores the shard's
    /// candidates: [`super::shard_edges`]'s result when `load_tgt` marks
    /// every target [`CountedShard::targets_needed`] does.
    pub fn edges(
        mut self,
        src: &[Article],
        tgt: &[Article],
        load_tgt: &[bool],
    ) -> Result<ShardEdges> {
        let counts = self.counts;
        if tgt.len() != counts.tgt.len() || load_tgt.len() != tgt.len() {
            return Err(Error::config(
                "the articles are not those of the counts pass",
            ));
        }
        let mut out = ShardEdges {
            shard: self.shard,
            cfg: EdgeConfig::of(&self.cfg),
            n_src: src.len(),
            tgt: Vec::new(),
            src: Vec::new(),
            tgt_lang: if tgt.is_empty() {
                String::new()
            } else {
                counts.tgt_lang.code().to_string()
            },
            skipped: counts.skipped.clone(),
        };
        if src.is_empty() || tgt.is_empty() {
            let mut plain = super::shard_edges(src, tgt, &self.cfg, self.shard);
            plain.tgt_lang = out.tgt_lang;
            plain.skipped = out.skipped;
            return Ok(plain);
        }
        let meta = |a: &ArticleCount| Meta {
            len: a.len,
            day: a.date.as_deref().and_then(date_days),
        };
        let sm: Vec<Meta> = counts.src.iter().map(meta).collect();
        let tm: Vec<Meta> = counts.tgt.iter().map(meta).collect();
        let tp = self.prof.side(tgt, load_tgt, 1)?;
        let sp = std::mem::take(&mut self.sp);
        let coll = self.prof.collection(sp, tp);
        fill(&mut out, &coll, src, tgt, &self.cfg, &self.only, &sm, &tm);
        Ok(out)
    }
}
