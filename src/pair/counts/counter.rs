//! The counts pass itself: articles go through it a batch at a time, and
//! only the counts stay.

use super::ArticleCount;
use super::Counts;
use crate::lang::{Lang, Script};
use crate::pair::profile::{
    intern, latin_set, read_doc, sentence_ranges, Extra, Interner, LexiconWords,
};
use crate::pair::{Article, Lexicon};
use crate::segment::Segmenter;
use rayon::prelude::*;

/// The counts pass over batches of articles: every batch of the side
/// read first ([`Counter::src_first`]), then [`Counter::next_side`], then
/// every batch of the other side, each side in index order. Only the
/// counts stay; the batches can go as soon as they are added.
pub struct Counter {
    langs: [Lang; 2],
    interner: Interner,
    df: Vec<[u32; 2]>,
    arts: [Vec<ArticleCount>; 2],
    /// Which side is being read (0 source, 1 target).
    which: usize,
    latin: Option<std::collections::HashSet<String>>,
    seg: Segmenter,
    /// `(key id, target index)` of every distinct key of every target,
    /// when the anchor index is wanted.
    pairs: Option<Vec<(u32, u32)>>,
    src_first: bool,
    /// The lexicon passes: the caches, and how many articles of the
    /// side being read they have seen.
    words: LexiconWords,
    lex_seen: usize,
}

impl Counter {
    /// A counts pass of a source side in `s_lang` against a target side
    /// in `t_lang`; with `index`, it also collects the target side's
    /// postings for an anchor index.
    pub fn new(s_lang: Lang, t_lang: Lang, index: bool) -> Counter {
        let (s_latin, t_latin) = (
            s_lang.script() == Script::Latin,
            t_lang.script() == Script::Latin,
        );
        // As in `Collection::build`: the side not in Latin script first.
        let which = if !s_latin || t_latin { 0 } else { 1 };
        let seg = Segmenter::new(if which == 0 { &s_lang } else { &t_lang });
        Counter {
            langs: [s_lang, t_lang],
            interner: Interner::default(),
            df: Vec::new(),
            arts: [Vec::new(), Vec::new()],
            which,
            latin: None,
            seg,
            pairs: index.then(Vec::new),
            src_first: which == 0,
            words: LexiconWords::default(),
            lex_seen: 0,
        }
    }

    /// Whether the source side is read first.
    pub fn src_first(&self) -> bool {
        self.src_first
    }

    /// Counts the next articles of the side being read.
    pub fn add(&mut self, batch: &[Article]) {
        let which = self.which;
        let lang = &self.langs[which];
        let (seg, set) = (&self.seg, self.latin.as_ref());
        let raw: Vec<_> = batch
            .par_iter()
            .map(|a| read_doc(&a.text, lang, seg, set))
            .collect();
        for (a, r) in batch.iter().zip(raw) {
            self.arts[which].push(ArticleCount {
                id: a.id.clone(),
                len: r.len,
                date: a.date.clone(),
            });
            let mut keys = intern(r, &mut self.interner).flat;
            keys.sort_unstable();
            keys.dedup();
            self.df.resize(self.interner.ids.len(), [0, 0]);
            let t = self.arts[which].len() as u32 - 1;
            for &k in &keys {
                self.df[k as usize][which] += 1;
                if which == 1 {
                    if let Some(p) = &mut self.pairs {
                        p.push((k, t));
                    }
                }
            }
        }
    }

    /// Counts the translations of the next source articles (in index
    /// order) by `lex`: after both sides' anchors, as a single run adds a
    /// lexicon's evidence after reading both sides; then every target
    /// article goes through [`Counter::add_lexicon_tgt`].
    pub fn add_lexicon_src(&mut self, lex: &dyn Lexicon, batch: &[Article]) {
        let seg = Segmenter::new(&self.langs[0]);
        let sents: Vec<_> = batch
            .par_iter()
            .map(|a| sentence_ranges(&a.text, &seg))
            .collect();
        for (a, sents) in batch.iter().zip(sents) {
            let extra = self.words.src(lex, &a.text, &sents, &mut self.interner);
            self.count_extra(extra, 0);
        }
    }

    /// Counts the target articles' words that the source articles'
    /// translations name, in index order, after every source article's.
    pub fn add_lexicon_tgt(&mut self, batch: &[Article]) {
        let seg = Segmenter::new(&self.langs[1]);
        let sents: Vec<_> = batch
            .par_iter()
            .map(|a| sentence_ranges(&a.text, &seg))
            .collect();
        for (a, sents) in batch.iter().zip(sents) {
            let extra = self
                .words
                .tgt(&a.text, &self.langs[1], &sents, &self.interner);
            self.count_extra(extra, 1);
        }
    }

    fn count_extra(&mut self, extra: Extra, side: usize) {
        let mut keys: Vec<u32> = extra.into_iter().flat_map(|e| e.1).collect();
        keys.sort_unstable();
        keys.dedup();
        self.df.resize(self.interner.ids.len(), [0, 0]);
        for &k in &keys {
            self.df[k as usize][side] += 1;
            if side == 1 {
                if let Some(p) = &mut self.pairs {
                    p.push((k, self.lex_seen as u32));
                }
            }
        }
        if side == 1 {
            self.lex_seen += 1;
        }
    }

    /// Ends the first side: what follows is the other side's.
    pub fn next_side(&mut self) {
        let (s_latin, t_latin) = (
            self.langs[0].script() == Script::Latin,
            self.langs[1].script() == Script::Latin,
        );
        let second_latin = if self.which == 0 { t_latin } else { s_latin };
        let first_latin = if self.which == 0 { s_latin } else { t_latin };
        self.latin = (second_latin && !first_latin).then(|| latin_set(self.interner.ids.keys()));
        self.which = 1 - self.which;
        self.seg = Segmenter::new(&self.langs[self.which]);
    }

    /// The counts, and the target side's `(key id, target index)` pairs
    /// when the index was wanted (empty otherwise).
    pub fn finish(self) -> (Counts, Vec<(u32, u32)>) {
        let mut keys: Vec<(String, u32, u32)> =
            vec![(String::new(), 0, 0); self.interner.ids.len()];
        for (k, id) in self.interner.ids {
            let [a, b] = self.df[id as usize];
            keys[id as usize] = (k, a, b);
        }
        let [s_lang, t_lang] = self.langs;
        let [src, tgt] = self.arts;
        let counts = Counts {
            src,
            tgt,
            src_lang: s_lang,
            tgt_lang: t_lang,
            skipped: Vec::new(),
            keys,
            lexicon: None,
        };
        (counts, self.pairs.unwrap_or_default())
    }
}
