//! From back-pointers to beads.

use super::band::Band;
use super::dp::{Lattice, NO_BACK};
use super::shape::Shape;
use std::ops::Range;

/// A link of the best path: a source run and a target run.
pub type Link = (Range<usize>, Range<usize>);

/// The best path as a list of (source run, target run), in order, and
/// whether it runs along an inner edge of the band (so a wider band might
/// find a better one).
pub fn traceback(lattice: &Lattice, shapes: &[Shape]) -> (Vec<Link>, bool) {
    follow(&lattice.band, &lattice.back, shapes)
}

/// [`traceback`] from back-pointers over `band` (indexed like it), as a
/// search from the start leaves them.
pub fn follow(band: &Band, back: &[u8], shapes: &[Shape]) -> (Vec<Link>, bool) {
    let (mut i, mut j) = (band.n(), band.m());
    let mut links = Vec::new();
    let mut touches = false;
    while i > 0 || j > 0 {
        touches |= band.on_inner_edge(i, j);
        let Some(idx) = band.index(i, j) else {
            break;
        };
        let k = back[idx];
        if k == NO_BACK {
            // The end is unreachable inside this band; the caller widens it.
            return (Vec::new(), true);
        }
        let s = shapes[k as usize];
        links.push((i - s.src..i, j - s.tgt..j));
        i -= s.src;
        j -= s.tgt;
    }
    links.reverse();
    (links, touches)
}
