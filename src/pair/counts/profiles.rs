//! Profiles of some articles of a counted collection: what a shard
//! profiles of its own articles and of the targets it needs, with the
//! key ids and weights of the whole collection from the counts.

use super::Counts;
use crate::error::{Error, Result};
use crate::lang::Script;
use crate::pair::profile::{
    idf, intern, key_sets, latin_set, number_ids, push_extra, read_doc, weigh, Collection,
    Interner, LexiconWords, Profile,
};
use crate::pair::Lexicon;
use crate::segment::Segmenter;
use rayon::prelude::*;
use std::sync::Arc;

/// Profiles the articles marked in `load_src` and `load_tgt` (the others
/// may have empty texts and get empty profiles, which match nothing)
/// with the weights of the whole collection from `counts`. An article
/// whose length or keys the counts do not know was changed since the
/// counts pass: an error naming it.
#[cfg(test)]
pub(in crate::pair) fn build_counted(
    src: &[crate::pair::Article],
    tgt: &[crate::pair::Article],
    load_src: &[bool],
    load_tgt: &[bool],
    counts: &Counts,
) -> Result<Collection> {
    let mut p = CountedProfiles::new(counts, None);
    let sp = p.side(src, load_src, 0)?;
    let tp = p.side(tgt, load_tgt, 1)?;
    Ok(p.collection(sp, tp))
}

/// Profiles of some articles of a counted collection, keyed by the
/// counts' key ids: a side at a time, then weighed as one collection.
pub(in crate::pair) struct CountedProfiles<'a> {
    counts: &'a Counts,
    interner: Interner,
    sets: [Option<std::collections::HashSet<String>>; 2],
    lexicon: Option<Arc<dyn Lexicon>>,
    words: LexiconWords,
}

impl<'a> CountedProfiles<'a> {
    /// With `lexicon`, the articles also get its evidence, keyed as the
    /// counts pass keyed it (it must have counted the same lexicon).
    pub(in crate::pair) fn new(
        counts: &'a Counts,
        lexicon: Option<Arc<dyn Lexicon>>,
    ) -> CountedProfiles<'a> {
        let mut interner = Interner::default();
        for (i, (k, _, _)) in counts.keys.iter().enumerate() {
            interner.ids.insert(k.clone(), i as u32);
        }
        let (s_latin, t_latin) = (
            counts.src_lang.script() == Script::Latin,
            counts.tgt_lang.script() == Script::Latin,
        );
        let latin = |which: usize| {
            latin_set(
                counts
                    .keys
                    .iter()
                    .filter(move |k| if which == 0 { k.1 > 0 } else { k.2 > 0 })
                    .map(|k| &k.0),
            )
        };
        let sets = if !s_latin || t_latin {
            [None, (t_latin && !s_latin).then(|| latin(0))]
        } else {
            [Some(latin(1)), None]
        };
        CountedProfiles {
            counts,
            interner,
            sets,
            lexicon,
            words: LexiconWords::default(),
        }
    }

    /// Profiles the articles of one side (0 source, 1 target) marked in
    /// `load`; the others get empty profiles.
    pub(in crate::pair) fn side(
        &mut self,
        arts: &[crate::pair::Article],
        load: &[bool],
        which: usize,
    ) -> Result<Vec<Profile>> {
        let (meta, lang) = if which == 0 {
            (&self.counts.src, &self.counts.src_lang)
        } else {
            (&self.counts.tgt, &self.counts.tgt_lang)
        };
        let n_ids = self.counts.keys.len();
        let seg = Segmenter::new(lang);
        let set = self.sets[which].as_ref();
        let raw: Vec<_> = arts
            .par_iter()
            .zip(load)
            .map(|(a, &l)| l.then(|| read_doc(&a.text, lang, &seg, set)))
            .collect();
        let mut out = Vec::with_capacity(raw.len());
        for (i, r) in raw.into_iter().enumerate() {
            let mut p = match r {
                Some(r) => intern(r, &mut self.interner),
                None => Profile::default(),
            };
            if let (Some(lex), true) = (&self.lexicon, load[i]) {
                let a = &arts[i];
                let extra = if which == 0 {
                    self.words
                        .src(lex.as_ref(), &a.text, &p.sents, &mut self.interner)
                } else {
                    self.words.tgt(&a.text, lang, &p.sents, &self.interner)
                };
                push_extra(&mut p, extra);
            }
            let changed = load[i] && meta.get(i).map_or(true, |m| m.len != p.len);
            if changed || self.interner.ids.len() > n_ids {
                return Err(Error::config(format!(
                    "article '{}' is not as the counts pass read it; run the counts pass again",
                    arts[i].id
                )));
            }
            p.day = arts[i]
                .date
                .as_deref()
                .and_then(crate::pair::score::date_days);
            out.push(p);
        }
        Ok(out)
    }

    /// Every key's weight, from the counts.
    pub(in crate::pair) fn weights(&self) -> Vec<f32> {
        let counts = self.counts;
        let n_ids = counts.keys.len();
        let df_src: Vec<u32> = counts.keys.iter().map(|k| k.1).collect();
        let df_tgt: Vec<u32> = counts.keys.iter().map(|k| k.2).collect();
        let kinds: Vec<(u32, bool)> = counts
            .keys
            .iter()
            .enumerate()
            .map(|(i, k)| (i as u32, k.0.starts_with("n:")))
            .collect();
        let number = number_ids(&kinds, n_ids);
        idf(
            &df_src,
            &df_tgt,
            &number,
            counts.src.len() + counts.tgt.len(),
        )
    }

    /// Both sides' profiles weighed by the counts.
    pub(in crate::pair) fn collection(
        &self,
        mut sp: Vec<Profile>,
        mut tp: Vec<Profile>,
    ) -> Collection {
        let counts = self.counts;
        let n_ids = counts.keys.len();
        key_sets(&mut sp, n_ids);
        key_sets(&mut tp, n_ids);
        let df_tgt: Vec<u32> = counts.keys.iter().map(|k| k.2).collect();
        let weight = self.weights();
        weigh(&mut sp, &weight);
        weigh(&mut tp, &weight);
        Collection {
            src: sp,
            tgt: tp,
            weight,
            df_tgt,
        }
    }
}
