//! Aligning two lists of sentences: measures them, builds the bead cost
//! and runs the search. This is the library's main entry point for one
//! document pair.

use crate::align::{self, Bead, SearchParams};
use crate::cost::{LengthCost, LengthParams};
use crate::lang::Lang;
use crate::normalize::match_len;

/// Everything that steers the alignment of one document pair.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AlignConfig {
    /// The length model.
    pub length: LengthParams,
    /// The search.
    pub search: SearchParams,
}

/// One side of a document pair: its sentences and language.
#[derive(Debug, Clone, Copy)]
pub struct Side<'a> {
    /// The sentences, exactly as in the input.
    pub sentences: &'a [String],
    /// The language.
    pub lang: &'a Lang,
}

/// Aligns the sentences of a document with those of its translation.
///
/// Every sentence of both sides ends up in exactly one bead, in order;
/// sentences without counterpart get 1-0 or 0-1 beads.
pub fn align_sentences(src: Side<'_>, tgt: Side<'_>, cfg: &AlignConfig) -> Vec<Bead> {
    let src_len: Vec<usize> = src.sentences.iter().map(|s| match_len(s)).collect();
    let tgt_len: Vec<usize> = tgt.sentences.iter().map(|s| match_len(s)).collect();
    align_lengths(&src_len, &tgt_len, cfg)
}

/// Aligns two sides given only their sentence lengths (in characters), with
/// the coarse-to-fine search that [`align_sentences`] uses.
pub fn align_lengths(src_len: &[usize], tgt_len: &[usize], cfg: &AlignConfig) -> Vec<Bead> {
    let cost = LengthCost::new(src_len, tgt_len, &cfg.length);
    let (guide, block) = align::coarse::guide(src_len, tgt_len, &cfg.length);
    let search = SearchParams {
        initial_band: cfg.search.initial_band.max(2 * block),
        ..cfg.search.clone()
    };
    align::align_guided(src_len.len(), tgt_len.len(), &cost, &search, &guide)
}
