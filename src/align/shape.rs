//! Bead shapes, kept as data: the DP and the traceback know nothing of
//! particular shapes, only of this list.

/// A bead shape: how many source and target sentences one link takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Shape {
    /// Number of source sentences.
    pub src: usize,
    /// Number of target sentences.
    pub tgt: usize,
}

impl Shape {
    /// A shape of `src` source and `tgt` target sentences.
    pub const fn new(src: usize, tgt: usize) -> Shape {
        Shape { src, tgt }
    }
}

/// The shapes mizan searches by default: 1-1, 1-0, 0-1, 2-1, 1-2, 2-2,
/// 1-3, 3-1, 1-4 and 4-1.
pub const DEFAULT_SHAPES: [Shape; 10] = [
    Shape::new(1, 1),
    Shape::new(1, 0),
    Shape::new(0, 1),
    Shape::new(2, 1),
    Shape::new(1, 2),
    Shape::new(2, 2),
    Shape::new(1, 3),
    Shape::new(3, 1),
    Shape::new(1, 4),
    Shape::new(4, 1),
];

/// Shapes the lexicon passes may search besides [`DEFAULT_SHAPES`], when
/// the first pass found links of five or more sentences more often than
/// the default priors expect: textberg-dev has 2-3, 3-2, 3-3 and 1-5 links
/// (13 in 381), news has almost none. With their priors scaled by
/// [`ShapePriors::estimate`], adding them raised strict F1 on textberg-dev
/// by 0.02 and left ntrex-dev within 0.003.
pub const WIDE_SHAPES: [Shape; 5] = [
    Shape::new(2, 3),
    Shape::new(3, 2),
    Shape::new(3, 3),
    Shape::new(1, 5),
    Shape::new(5, 1),
];

/// Prior probability of a shape.
///
/// 1-1, 1-0/0-1, 2-1/1-2 and 2-2 are Gale and Church's (1993, table 5)
/// estimates from the Canadian Hansards: 0.89, 0.0099, 0.089 and 0.011,
/// split evenly between the two directions of the asymmetric shapes.
/// Gale and Church searched no 1-3 or 3-1 beads; we give them a tenth of a
/// 2-1 bead's mass, which is roughly how often translators of news merge
/// three sentences compared to two.
pub fn prior(shape: Shape) -> f64 {
    match (shape.src, shape.tgt) {
        (1, 1) => 0.89,
        (1, 0) | (0, 1) => 0.0099 / 2.0,
        (2, 1) | (1, 2) => 0.089 / 2.0,
        (2, 2) => 0.011,
        (1, 3) | (3, 1) => 0.0089 / 2.0,
        // News translators rarely split one sentence into four, but
        // literary and technical ones do (textberg-dev has seven 1-4 and
        // 1-5 links in 422). With 1-4 and 4-1 searched at this prior,
        // strict F1 rose by 0.016 on textberg-dev and by up to 0.004 on
        // ntrex-dev; adding 2-3 and 3-2 to the first pass as well cost
        // 0.014 on the abridged ar-ru set, so they wait for the second.
        (1, 4) | (4, 1) => 0.002,
        // Searched only in the lexicon pass ([`WIDE_SHAPES`]), and there
        // scaled by how often the first pass linked four or more sentences.
        (2, 3) | (3, 2) | (3, 3) | (1, 5) | (5, 1) => 0.001,
        // Shapes outside the default list get the smallest prior above.
        _ => 0.0099 / 2.0,
    }
}

/// Largest side a [`ShapePriors`] table holds; larger shapes keep
/// [`prior`].
const TABLE: usize = 6;

/// Priors of the linking shapes (both sides non-empty) re-estimated from
/// an earlier pass's beads, for corpora whose translators merge and split
/// sentences more (or less) often than Gale and Church's Hansards.
///
/// Shapes are pooled by size (1-1; 2-1 and 1-2; four sentences; five or
/// more), so that a shape the earlier pass did not search still follows
/// its class. Each class's share of the linking beads is its count in the
/// earlier pass smoothed towards its default share by `pseudo` beads (a
/// Dirichlet prior), so a handful of beads cannot swing it; every shape of
/// the class is scaled by the same factor. Skip shapes (1-0, 0-1) are left
/// to the skip costs, which are fitted apart.
#[derive(Debug, Clone, PartialEq)]
pub struct ShapePriors {
    table: [[f64; TABLE + 1]; TABLE + 1],
}

/// Size classes of [`ShapePriors`].
const CLASSES: usize = 4;

fn size_class(s: Shape) -> usize {
    (s.src + s.tgt).clamp(2, CLASSES + 1) - 2
}

fn linking(s: Shape) -> bool {
    s.src > 0 && s.tgt > 0
}

impl ShapePriors {
    /// Priors from the shapes of an earlier pass's beads, which searched
    /// `searched`.
    pub fn estimate(
        searched: &[Shape],
        found: impl IntoIterator<Item = Shape>,
        pseudo: f64,
    ) -> ShapePriors {
        let mut default = [0.0f64; CLASSES];
        for &s in searched.iter().filter(|&&s| linking(s)) {
            default[size_class(s)] += prior(s);
        }
        let mass: f64 = default.iter().sum();
        let mut counts = [0.0f64; CLASSES];
        let mut n = 0.0;
        for s in found {
            if linking(s) && searched.contains(&s) {
                counts[size_class(s)] += 1.0;
                n += 1.0;
            }
        }
        let mut factor = [1.0f64; CLASSES];
        for k in 0..CLASSES {
            if default[k] > 0.0 && n + pseudo > 0.0 {
                let share = default[k] / mass;
                factor[k] = (counts[k] + pseudo * share) / ((n + pseudo) * share);
            }
        }
        let mut table = [[0.0f64; TABLE + 1]; TABLE + 1];
        for (a, row) in table.iter_mut().enumerate() {
            for (b, p) in row.iter_mut().enumerate() {
                let s = Shape::new(a, b);
                *p = prior(s);
                if linking(s) {
                    *p *= factor[size_class(s)];
                }
            }
        }
        ShapePriors { table }
    }

    /// The prior of a shape.
    pub fn get(&self, shape: Shape) -> f64 {
        self.table
            .get(shape.src)
            .and_then(|row| row.get(shape.tgt))
            .copied()
            .unwrap_or_else(|| prior(shape))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn priors_follow_the_counts_of_each_size() {
        let searched = DEFAULT_SHAPES;
        // A pass that merged a lot: half of its links are 2-1 or 1-2.
        let found = (0..100)
            .map(|i| match i % 4 {
                0 => Shape::new(2, 1),
                1 => Shape::new(1, 2),
                _ => Shape::new(1, 1),
            })
            .chain([Shape::new(1, 0); 10]);
        let p = ShapePriors::estimate(&searched, found, 100.0);
        assert!(p.get(Shape::new(2, 1)) > prior(Shape::new(2, 1)));
        assert!(p.get(Shape::new(1, 1)) < prior(Shape::new(1, 1)));
        // No four-sentence link was found: those shapes become rarer.
        assert!(p.get(Shape::new(2, 2)) < prior(Shape::new(2, 2)));
        assert!(p.get(Shape::new(1, 3)) < prior(Shape::new(1, 3)));
        // Skips keep their prior.
        assert_eq!(p.get(Shape::new(1, 0)), prior(Shape::new(1, 0)));
        // Counts matching the default shares change nothing.
        let p = ShapePriors::estimate(&searched, std::iter::empty(), 100.0);
        for s in searched.iter().chain(&WIDE_SHAPES) {
            assert!((p.get(*s) - prior(*s)).abs() < 1e-12, "{s:?}");
        }
    }

    #[test]
    fn unsearched_shapes_follow_their_size_class() {
        // Many 1-4 links (size five) lift 2-3, which was not searched.
        let found = (0..200).map(|i| {
            if i % 10 == 0 {
                Shape::new(1, 4)
            } else {
                Shape::new(1, 1)
            }
        });
        let p = ShapePriors::estimate(&DEFAULT_SHAPES, found, 100.0);
        assert!(p.get(Shape::new(2, 3)) > 5.0 * prior(Shape::new(2, 3)));
        assert!(p.get(Shape::new(9, 9)) == prior(Shape::new(9, 9)));
    }
}
