//! Beads: the links of an alignment.

use std::ops::Range;

/// One link of an alignment: a run of source sentences paired with a run of
/// target sentences. Either side may be empty (a 1-0 or 0-1 bead), never
/// both.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Bead {
    /// Source sentence indices (0-based, half-open).
    pub src: Range<usize>,
    /// Target sentence indices (0-based, half-open).
    pub tgt: Range<usize>,
    /// Confidence in [0, 1]: the aligner's posterior probability, which
    /// [`crate::confidence`] turns into the calibrated probability that the
    /// link is a correct unit.
    pub score: f64,
    /// What a reviewer should check in this link (found by
    /// [`crate::confidence`]; empty before it runs).
    pub checks: Checks,
    /// Whether a person approved or corrected the link (`mizan apply`);
    /// such a link scores 1.
    pub reviewed: bool,
}

/// A link's source and target ranges.
pub type LinkRanges = (Range<usize>, Range<usize>);

/// The source and target ranges of links given as lists of segment
/// numbers (as review files and stream results hold them), checked to
/// cover segments `0..n` and `0..m` once each and in order. The message
/// of an error names the link (1-based).
pub fn ranges_from_ids<'a>(
    links: impl Iterator<Item = (&'a [usize], &'a [usize])>,
    n: usize,
    m: usize,
) -> Result<Vec<LinkRanges>, String> {
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    for (k, (src, tgt)) in links.enumerate() {
        let run =
            |ids: &[usize], start: usize| ids.iter().enumerate().all(|(d, &x)| x == start + d);
        if src.is_empty() && tgt.is_empty() {
            return Err(format!("link {}: has no segment on either side", k + 1));
        }
        if !run(src, i) || !run(tgt, j) {
            return Err(format!(
                "link {}: expected the next segments (source {i}, target {j}) in order, found source {src:?} and target {tgt:?}",
                k + 1
            ));
        }
        let (s0, t0) = (i, j);
        i += src.len();
        j += tgt.len();
        if i > n || j > m {
            return Err(format!(
                "link {}: points past the end of the document",
                k + 1
            ));
        }
        out.push((s0..i, t0..j));
    }
    if (i, j) != (n, m) {
        return Err(format!(
            "the links stop at source {i} and target {j} of {n} and {m} segments"
        ));
    }
    Ok(out)
}

/// Reasons a reviewer should look at a link: a small set of flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Checks(u8);

impl Checks {
    /// No flag.
    pub const NONE: Checks = Checks(0);
    /// A number on one side is missing from the other.
    pub const NUMBERS: Checks = Checks(1);
    /// A name on one side has its counterpart elsewhere in the document,
    /// not in this link.
    pub const NAME: Checks = Checks(2);
    /// The two sides' lengths are far more uneven than the document's
    /// usual ratio.
    pub const LENGTH: Checks = Checks(4);

    /// Every flag, with the label written in TMX props and reports.
    pub const ALL: [(Checks, &'static str); 3] = [
        (Checks::NUMBERS, "numbers"),
        (Checks::NAME, "name"),
        (Checks::LENGTH, "length"),
    ];

    /// Whether every flag of `other` is set.
    pub fn contains(self, other: Checks) -> bool {
        self.0 & other.0 == other.0
    }

    /// Sets the flags of `other`.
    pub fn insert(&mut self, other: Checks) {
        self.0 |= other.0;
    }

    /// Whether no flag is set.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The labels of the flags set, in a fixed order.
    pub fn labels(self) -> Vec<&'static str> {
        Checks::ALL
            .iter()
            .filter(|(c, _)| self.contains(*c))
            .map(|(_, l)| *l)
            .collect()
    }

    /// Parses a list of labels separated by commas (as [`Checks::labels`]
    /// joins them); `None` names the first unknown label.
    pub fn parse(text: &str) -> Result<Checks, String> {
        let mut out = Checks::NONE;
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            match Checks::ALL.iter().find(|(_, l)| *l == part) {
                Some((c, _)) => out.insert(*c),
                None => return Err(part.to_string()),
            }
        }
        Ok(out)
    }
}

impl Bead {
    /// The bead's shape as (source count, target count), e.g. (1, 2).
    pub fn shape(&self) -> (usize, usize) {
        (self.src.len(), self.tgt.len())
    }

    /// The shape written as in TMX props and reports, e.g. `1-2`.
    pub fn shape_label(&self) -> String {
        let (s, t) = self.shape();
        format!("{s}-{t}")
    }
}
