//! Tests of the banded search: it covers both sides, finds merges and
//! long omissions, stops at its size limit, agrees with the full search,
//! and its pruned posterior keeps the confidences. Apart from the search
//! itself, which they outgrew.

use super::*;
use crate::cost::{LengthCost, LengthParams};
use proptest::prelude::*;
use std::ops::Range;

fn check_cover(beads: &[Bead], n: usize, m: usize) {
    let (mut i, mut j) = (0, 0);
    for b in beads {
        assert_eq!(b.src.start, i);
        assert_eq!(b.tgt.start, j);
        assert!(!(b.src.is_empty() && b.tgt.is_empty()));
        assert!((0.0..=1.0).contains(&b.score));
        i = b.src.end;
        j = b.tgt.end;
    }
    assert_eq!((i, j), (n, m));
}

#[test]
fn equal_lengths_align_one_to_one() {
    let lens = [30, 80, 45, 120, 60, 10, 95];
    let cost = LengthCost::new(&lens, &lens, &LengthParams::default());
    let beads = align(lens.len(), lens.len(), &cost, &SearchParams::default());
    assert_eq!(beads.len(), lens.len());
    for (k, b) in beads.iter().enumerate() {
        assert_eq!((b.src.clone(), b.tgt.clone()), (k..k + 1, k..k + 1));
        assert!(b.score > 0.5, "{b:?}");
    }
}

#[test]
fn finds_a_merge() {
    let src = [50, 40, 42, 70];
    let tgt = [50, 82, 70];
    let cost = LengthCost::new(&src, &tgt, &LengthParams::default());
    let beads = align(4, 3, &cost, &SearchParams::default());
    let got: Vec<_> = beads
        .iter()
        .map(|b| (b.src.clone(), b.tgt.clone()))
        .collect();
    assert_eq!(got, [(0..1, 0..1), (1..3, 1..2), (3..4, 2..3)]);
}

#[test]
fn empty_sides() {
    let cost = LengthCost::new(&[], &[10, 20], &LengthParams::default());
    let beads = align(0, 2, &cost, &SearchParams::default());
    check_cover(&beads, 0, 2);
    assert_eq!(beads.len(), 2);
    let cost = LengthCost::new(&[], &[], &LengthParams::default());
    assert!(align(0, 0, &cost, &SearchParams::default()).is_empty());
}

/// A cost that knows the true path: beads on it are free, all others
/// dear. Whatever the band, the search must end on the planted path.
struct Planted(Vec<(Range<usize>, Range<usize>)>);

impl BeadCost for Planted {
    fn cost(&self, src: Range<usize>, tgt: Range<usize>) -> f64 {
        if self.0.contains(&(src, tgt)) {
            0.0
        } else {
            5.0
        }
    }
}

/// [`Planted`] for long paths.
struct PlantedSet(std::collections::HashSet<(Range<usize>, Range<usize>)>);

impl BeadCost for PlantedSet {
    fn cost(&self, src: Range<usize>, tgt: Range<usize>) -> f64 {
        if self.0.contains(&(src, tgt)) {
            0.0
        } else {
            5.0
        }
    }
}

#[test]
fn widens_for_a_long_omission() {
    // The target lacks 40 sentences in the middle: the true path leaves
    // a narrow band around the diagonal and is found only by widening.
    let mut path: Vec<_> = (0..40).map(|k| (k..k + 1, k..k + 1)).collect();
    path.extend((40..80).map(|k| (k..k + 1, 40..40)));
    path.extend((80..120).map(|k| (k..k + 1, k - 40..k - 39)));
    let cost = Planted(path.clone());
    let params = SearchParams {
        initial_band: 2,
        ..Default::default()
    };
    let beads = align(120, 80, &cost, &params);
    let got: Vec<_> = beads
        .iter()
        .map(|b| (b.src.clone(), b.tgt.clone()))
        .collect();
    assert_eq!(got, path);
}

/// Issue 16: a path far off the guide widens the band only up to the
/// limit, and the search says it stopped there.
#[test]
fn issue16_band_stops_at_its_limit() {
    // The true path skips the first 60 source sentences, then runs
    // 1-1: 60 rows off the diagonal guide.
    let mut path: Vec<_> = (0..60).map(|k| (k..k + 1, 0..0)).collect();
    path.extend((60..200).map(|k| (k..k + 1, k - 60..k - 59)));
    let cost = Planted(path.clone());
    let params = SearchParams {
        initial_band: 2,
        ..Default::default()
    };
    let guide = [(0, 0), (200, 140)];
    let free = search_band(200, 140, &cost, &params, &guide, usize::MAX);
    assert!(!free.limited);
    assert_eq!(free.links, path);
    // Room for a band of half-width 16 but not 32: it stops there.
    let cells = Band::around_path(200, 140, &guide, 16).cells();
    let capped = search_band(200, 140, &cost, &params, &guide, cells);
    assert!(capped.limited);
    assert!(capped.lattice.band().cells() <= cells);
    let covered: usize = capped.links.iter().map(|(s, _)| s.len()).sum();
    assert_eq!(covered, 200);
    assert!(max_band_cells(100_000, 100_000) < 100_000 * 100_000 / 40);
}

/// Issue 16: `--band-limit` replaces the default rule (no whole matrix
/// for short pairs) and also bounds the early passes.
#[test]
fn issue16_a_band_limit_replaces_the_default_rule() {
    let default = SearchParams::default();
    let capped = SearchParams {
        band_limit: Some(40),
        ..Default::default()
    };
    for (n, m) in [(10, 12), (1_999, 2_000), (20_000, 20_300)] {
        assert_eq!(default.band_cells(n, m), max_band_cells(n, m));
        assert_eq!(default.early_band_cells(n, m), max_early_band_cells(n, m));
        assert_eq!(capped.band_cells(n, m), 40 * (n + m + 2));
        assert!(capped.early_band_cells(n, m) <= capped.band_cells(n, m));
    }
    assert_eq!(max_band_cells(10, 12), 4 << 20);
    assert_eq!(capped.early_band_cells(20_000, 20_300), 0);
}

/// Issue 16: a long pair whose target lost its last 400 sentences,
/// under a guide that follows the true path for 7,400 sentences and
/// then heads straight for the corner, up to 134 cells off the path
/// (as an anchor chain does through a lost tail that shares anchors
/// by chance). The band widens only near where the path meets its
/// edge, on that side, finds the planted path, and holds far fewer
/// cells than a band as wide everywhere; rows far from the
/// lost tail keep the first band.
#[test]
fn issue16_a_long_pair_widens_only_near_the_edge() {
    let (n, kept) = (8_000, 7_600);
    let mut path: Vec<_> = (0..kept).map(|k| (k..k + 1, k..k + 1)).collect();
    path.extend((kept..n).map(|k| (k..k + 1, kept..kept)));
    let cost = PlantedSet(path.iter().cloned().collect());
    let params = SearchParams::default();
    let guide = [(0, 0), (7_400, 7_400), (n, kept)];
    let found = search_band(n, kept, &cost, &params, &guide, usize::MAX);
    assert!(!found.limited);
    assert_eq!(found.links, path);
    let band = found.lattice.band();
    let widest = (0..=n)
        .map(|i| band.row(i).1 - band.row(i).0)
        .max()
        .unwrap();
    let even = Band::around_path(n, kept, &guide, widest / 2);
    let first = Band::around_path(n, kept, &guide, params.initial_band);
    assert_eq!(band.row(1_000), first.row(1_000));
    assert!(
        band.cells() * 10 < even.cells() * 6,
        "{} of {}",
        band.cells(),
        even.cells()
    );
}

/// Issue 16: a long pair whose path runs along one row for 600 target
/// segments, off the band's edge (a lexicon round that moves the last
/// source segment to a near-duplicate far along the target's unmatched
/// tail). That row widens, and the rows before it only within
/// [`ROW_RUN_REACH`]: widening them as for a path drifting over many rows
/// took the band over the whole pair.
#[test]
fn issue16_a_run_along_one_row_widens_little_before_it() {
    let (n, m) = (3_000, 3_600);
    let mut path: Vec<_> = (0..n - 1).map(|k| (k..k + 1, k..k + 1)).collect();
    path.extend((n - 1..m - 1).map(|j| (n - 1..n - 1, j..j + 1)));
    path.push((n - 1..n, m - 1..m));
    let cost = PlantedSet(path.iter().cloned().collect());
    let params = SearchParams::default();
    // The path of the round before: the unmatched tail along the last row.
    let guide = [(0, 0), (n, n), (n, m)];
    let found = search_band(n, m, &cost, &params, &guide, usize::MAX);
    assert!(!found.limited);
    assert_eq!(found.links, path);
    let band = found.lattice.band();
    let first = Band::around_path(n, m, &guide, params.initial_band);
    for i in (0..n - 1 - ROW_RUN_REACH).step_by(97) {
        assert_eq!(band.row(i), first.row(i), "row {i}");
    }
    let widest = (0..=n)
        .map(|i| band.row(i).1 - band.row(i).0)
        .max()
        .unwrap();
    let even = Band::around_path(n, m, &guide, widest / 2);
    assert!(
        band.cells() * 5 < even.cells(),
        "{} of {}",
        band.cells(),
        even.cells()
    );
}

/// Target lengths made from source lengths the way translators work:
/// mostly 1-1 with noise, some merges, splits and omissions.
fn translation() -> impl Strategy<Value = (Vec<usize>, Vec<usize>)> {
    proptest::collection::vec((5usize..150, 0u8..20, 0.8f64..1.25), 0..30).prop_map(|ops| {
        let mut src = Vec::new();
        let mut tgt = Vec::new();
        for (len, op, noise) in ops {
            let out = (len as f64 * 1.2 * noise).round() as usize;
            match op {
                0 => src.push(len),
                1 => tgt.push(out),
                2 | 3 => {
                    src.push(len / 2 + 1);
                    src.push(len - len / 2);
                    tgt.push(out);
                }
                4 | 5 => {
                    src.push(len);
                    tgt.push(out / 2 + 1);
                    tgt.push(out - out / 2);
                }
                _ => {
                    src.push(len);
                    tgt.push(out);
                }
            }
        }
        (src, tgt)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn banded_agrees_with_full(
        (src, tgt) in translation(),
        w in 1usize..6,
    ) {
        let (n, m) = (src.len(), tgt.len());
        let cost = LengthCost::new(&src, &tgt, &LengthParams::default());
        let params = SearchParams { initial_band: w, ..Default::default() };
        let banded = align(n, m, &cost, &params);
        let full = align_full(n, m, &cost, &params);
        check_cover(&banded, n, m);
        check_cover(&full, n, m);
        let total = |b: &[Bead]| b.iter().map(|b| cost.cost(b.src.clone(), b.tgt.clone())).sum::<f64>();
        // The band may only lose the best path when that path leaves
        // the first band; then it finds a path at least as cheap as any
        // inside the first band, never a cheaper one than the full DP.
        let first = Band::around_diagonal(n, m, w);
        let inside = full.iter().all(|b| first.index(b.src.end, b.tgt.end).is_some());
        prop_assert!(total(&banded) >= total(&full) - 1e-6);
        if inside {
            // Ties may pick different paths; the cost must be the same.
            prop_assert!((total(&banded) - total(&full)).abs() < 1e-6);
        }
        // A band as wide as the matrix is the full search.
        let wide = SearchParams { initial_band: n.max(m) + 1, ..Default::default() };
        prop_assert!((total(&align(n, m, &cost, &wide)) - total(&full)).abs() < 1e-6);
    }

    /// Issue 16: the posterior's pruning by best-path costs leaves
    /// every confidence as the unpruned posterior gives it.
    #[test]
    fn pruned_posterior_keeps_the_confidences((src, tgt) in translation()) {
        let (n, m) = (src.len(), tgt.len());
        let cost = LengthCost::new(&src, &tgt, &LengthParams::default());
        let params = SearchParams::default();
        let found = search_band(n, m, &cost, &params, &[(0, 0), (n, m)], usize::MAX);
        let links = found.links;
        let pruned = with_confidence(n, m, links.clone(), &cost, &params.shapes, Some(&found.lattice));
        let full = with_confidence(n, m, links, &cost, &params.shapes, None);
        prop_assert_eq!(pruned.len(), full.len());
        for (a, b) in pruned.iter().zip(&full) {
            prop_assert!((a.score - b.score).abs() < 1e-9, "{:?} {:?}", a, b);
        }
    }

    /// Issue 16: the costs a posterior keeps are the bead's cost as
    /// priced on its own, bit for bit, and it keeps one for every link of
    /// the best path (whose scores read them instead of pricing again).
    #[test]
    fn issue16_a_posterior_keeps_each_beads_own_cost((src, tgt) in translation()) {
        let (n, m) = (src.len(), tgt.len());
        let cost = LengthCost::new(&src, &tgt, &LengthParams::default());
        let params = SearchParams::default();
        let found = search_band(n, m, &cost, &params, &[(0, 0), (n, m)], usize::MAX);
        let band = Band::around_path(n, m, &path_points(&found.links), POSTERIOR_BAND);
        let Lattice::Forward(lattice) = &found.lattice else {
            return Ok(());
        };
        for post in [
            dp::posterior(&band, &params.shapes, &cost, Some(lattice)),
            dp::posterior(&band, &params.shapes, &cost, None),
        ] {
            let mut checked = 0;
            for i in 0..=n {
                let (lo, hi) = band.row(i);
                for j in lo..=hi {
                    let end = band.index(i, j).expect("cell of its row");
                    for (k, s) in params.shapes.iter().enumerate() {
                        if let Some(c) = post.kept_cost(end, k) {
                            let own = cost.cost(i - s.src..i, j - s.tgt..j) as f32;
                            prop_assert_eq!(c.to_bits(), own.to_bits());
                            checked += 1;
                        }
                    }
                }
            }
            for (s, t) in &found.links {
                let end = band.index(s.end, t.end).expect("the path is in its band");
                let k = params
                    .shapes
                    .iter()
                    .position(|x| x.src == s.len() && x.tgt == t.len())
                    .expect("a link has a searched shape");
                prop_assert!(post.kept_cost(end, k).is_some(), "{:?} {:?}", s, t);
            }
            prop_assert!(checked >= found.links.len());
        }
    }

    #[test]
    fn deterministic(src in proptest::collection::vec(1usize..200, 0..30),
                     tgt in proptest::collection::vec(1usize..200, 0..30)) {
        let cost = LengthCost::new(&src, &tgt, &LengthParams::default());
        let a = align(src.len(), tgt.len(), &cost, &SearchParams::default());
        let b = align(src.len(), tgt.len(), &cost, &SearchParams::default());
        check_cover(&a, src.len(), tgt.len());
        prop_assert_eq!(a, b);
    }
}
