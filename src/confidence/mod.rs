//! Calibrated confidence: turns the aligner's posterior probability of a
//! link into the probability that the link is a correct translation unit,
//! and names what a reviewer should check in it.
//!
//! The posterior says how sure the cost model is of a link *given the
//! model*; it saturates (most links of a news article score 1.0 to four
//! decimals) and it is overconfident where the model is wrong. A unit is
//! correct when its source side is one or more whole sentences and its
//! target side exactly their translation: both sides are the union of a
//! run of gold links (a merge of two correct links is still correct; a
//! link that cuts a translation in two is not). The probability of that
//! is estimated by logistic models over what the aligner knows of each
//! link ([`bead_features`]), one for runs with lexical evidence and one
//! for runs without ([`Calibrator`]), fitted on the dev sets by
//! `scripts/fit-confidence.py`; their weights are data
//! (`data/confidence/model.tsv`), read at compile time.
//!
//! Links with an empty side are not units; their score stays the
//! posterior probability that the sentence has no counterpart.

pub mod eval;
mod features;
mod numbers;

mod foreign;
mod support;

pub use features::{bead_features, FeatureInput, FEATURES};
pub use foreign::{foreign_scores, DocFrequency};
pub use numbers::TextNumbers;
pub use support::{lexical_support, Support, SupportInput, SupportTable};

use crate::align::{Bead, Checks};
use std::sync::OnceLock;

/// The weights of the logistic model, as fitted (see the file's header).
const MODEL: &str = include_str!("../../data/confidence/model.tsv");

/// The highest calibrated score: a score of exactly 1 is kept for links a
/// person approved (`mizan apply`), so that a reviewed memory can be told
/// from a machine one by its scores alone.
pub const MAX_SCORE: f64 = 0.9999;

/// A logistic model: `p = 1 / (1 + exp(-(bias + w . x)))`.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// The intercept.
    pub bias: f64,
    /// One weight per feature, in the order of [`FEATURES`].
    pub weights: Vec<f64>,
}

/// The shipped calibration: one model for links scored with lexical
/// evidence (a learned or given lexicon) and one for links scored without,
/// since the two kinds of run err in different ways.
#[derive(Debug, Clone, PartialEq)]
pub struct Calibrator {
    /// For runs with a lexicon.
    pub lexicon: Model,
    /// For runs without one.
    pub plain: Model,
}

impl Calibrator {
    /// The calibration shipped with mizan.
    pub fn shipped() -> &'static Calibrator {
        static SHIPPED: OnceLock<Calibrator> = OnceLock::new();
        // The file is part of the source; a test parses it, so a broken
        // file fails the build's tests, never a user's run.
        SHIPPED.get_or_init(|| Calibrator::parse(MODEL).expect("data/confidence/model.tsv parses"))
    }

    /// Whether either model weighs the lexical support features
    /// (`src_support`, `tgt_support`): a run then counts its lexicon's
    /// links to work them out ([`lexical_support`]).
    pub fn uses_support(&self) -> bool {
        [
            self.lexicon.weights.as_slice(),
            self.plain.weights.as_slice(),
        ]
        .iter()
        .any(|w| {
            [features::SRC_SUPPORT, features::SRC_SUPPORT + 1]
                .iter()
                .any(|&i| w.get(i).is_some_and(|&x| x != 0.0))
        })
    }

    /// Whether the model for runs with a lexicon (`lexical`) or without
    /// weighs `merge_gain` or `merge_cost_gain`: each link's cost grown by
    /// a sentence on either side, four more bead costs a link, is then
    /// worked out (see [`crate::aligner::Rivals`]).
    pub fn uses_merge(&self, lexical: bool) -> bool {
        let model = if lexical { &self.lexicon } else { &self.plain };
        features::MERGE_GAINS
            .iter()
            .any(|&i| model.weights.get(i).is_some_and(|&x| x != 0.0))
    }

    /// Whether either model weighs `foreign_share`: a corpus run then
    /// scores each link again without its document's own words
    /// ([`foreign_scores`]).
    pub fn uses_foreign(&self) -> bool {
        [&self.lexicon, &self.plain].iter().any(|m| {
            m.weights
                .get(features::FOREIGN_SHARE)
                .is_some_and(|&x| x != 0.0)
        })
    }

    /// Reads `feature<TAB>weight with lexicon<TAB>weight without` lines
    /// (`bias` for the intercepts; `#` starts a comment). Every feature of
    /// [`FEATURES`] must be given.
    pub fn parse(text: &str) -> Result<Calibrator, String> {
        Ok(Calibrator {
            lexicon: Model::parse_column(text, 1)?,
            plain: Model::parse_column(text, 2)?,
        })
    }

    /// The calibrated probability for one link's features, by the model
    /// that fits its run.
    pub fn probability(&self, x: &[f64]) -> f64 {
        if x.get(features::HAS_LEXICON).is_some_and(|&v| v > 0.5) {
            self.lexicon.probability(x)
        } else {
            self.plain.probability(x)
        }
    }
}

impl Model {
    /// Reads the weights in column `col` (1 or 2) of a calibration file
    /// (see [`Calibrator::parse`]).
    pub fn parse_column(text: &str, col: usize) -> Result<Model, String> {
        let mut bias = None;
        let mut weights: Vec<Option<f64>> = vec![None; FEATURES.len()];
        for (k, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() != 3 {
                return Err(format!(
                    "line {}: expected feature<TAB>weight<TAB>weight",
                    k + 1
                ));
            }
            let (name, value) = (cols[0], cols[col]);
            let value: f64 = value
                .trim()
                .parse()
                .map_err(|_| format!("line {}: {value:?} is not a number", k + 1))?;
            if !value.is_finite() {
                return Err(format!("line {}: weight is not finite", k + 1));
            }
            if name == "bias" {
                bias = Some(value);
            } else if let Some(i) = FEATURES.iter().position(|f| *f == name) {
                weights[i] = Some(value);
            } else {
                return Err(format!("line {}: unknown feature {name:?}", k + 1));
            }
        }
        let bias = bias.ok_or("no bias")?;
        let weights = weights
            .into_iter()
            .zip(FEATURES)
            .map(|(w, name)| w.ok_or(format!("no weight for {name}")))
            .collect::<Result<Vec<f64>, String>>()?;
        Ok(Model { bias, weights })
    }

    /// The calibrated probability for one link's features, at most
    /// [`MAX_SCORE`].
    pub fn probability(&self, x: &[f64]) -> f64 {
        let z = self.bias + self.weights.iter().zip(x).map(|(w, v)| w * v).sum::<f64>();
        let p = 1.0 / (1.0 + (-z).exp());
        if p.is_finite() {
            p.clamp(0.0, MAX_SCORE)
        } else {
            0.0
        }
    }
}

/// How far a link's length ratio may stray from the document's, as a
/// factor, before it is flagged: twice or half the usual ratio. Of the
/// correct units of the dev sets about 1% stray that far.
pub const LENGTH_FLAG_FACTOR: f64 = 2.0;

/// Target-side Latin tokens whose counterpart stands elsewhere in the
/// source document that flag a link. One fires on 18% of the correct
/// units of ntrex-dev align ar-en (acronyms such as "U.S." that the
/// Arabic writes out) and on a quarter of the wrong ones; two fire on 4%
/// of the correct units.
pub const NAME_FLAG_COUNT: f64 = 2.0;

/// The flags of one link, from its features.
pub fn checks(x: &[f64]) -> Checks {
    let mut c = Checks::NONE;
    if x[features::NUMBERS_DIFFER] > 0.0 {
        c.insert(Checks::NUMBERS);
    }
    if x[features::NAMES_ELSEWHERE] >= NAME_FLAG_COUNT {
        c.insert(Checks::NAME);
    }
    if x[features::RATIO_DEVIATION] > LENGTH_FLAG_FACTOR.ln() {
        c.insert(Checks::LENGTH);
    }
    c
}

/// Replaces the posterior of every link with both sides non-empty by its
/// calibrated probability and sets its flags; `features` holds one row per
/// bead (`None` for links with an empty side), as [`bead_features`] gives.
pub fn apply(beads: &mut [Bead], features: &[Option<Vec<f64>>], model: &Calibrator) {
    for (b, x) in beads.iter_mut().zip(features) {
        if let Some(x) = x {
            b.score = model.probability(x);
            b.checks = checks(x);
        }
    }
}

/// Whether a link is one a reviewer should look at: scored below `0.9`,
/// or flagged.
pub fn doubtful(bead: &Bead) -> bool {
    !bead.src.is_empty()
        && !bead.tgt.is_empty()
        && (bead.score < REVIEW_BELOW || !bead.checks.is_empty())
}

/// Links scored below this are named for review (the threshold:
/// on the dev sets, units at or above it are correct 99.5% of the time).
pub const REVIEW_BELOW: f64 = 0.9;

/// What a run's scores and flags say, for the summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    /// Links with both sides non-empty.
    pub units: usize,
    /// Units scored below [`REVIEW_BELOW`].
    pub below_review: usize,
    /// Units carrying each flag, in the order of [`Checks::ALL`].
    pub flagged: [usize; 3],
    /// Units that are scored below [`REVIEW_BELOW`] or flagged.
    pub doubtful: usize,
    /// Units left out by `--min-score`.
    pub left_out: usize,
}

impl Summary {
    /// Counts the units of `beads` (before any is left out).
    pub fn add(&mut self, beads: &[Bead]) {
        for b in beads
            .iter()
            .filter(|b| !b.src.is_empty() && !b.tgt.is_empty())
        {
            self.units += 1;
            self.below_review += usize::from(b.score < REVIEW_BELOW);
            self.doubtful += usize::from(doubtful(b));
            for (n, (c, _)) in self.flagged.iter_mut().zip(Checks::ALL) {
                *n += usize::from(b.checks.contains(c));
            }
        }
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} of {} units to review ({} scored below {REVIEW_BELOW}",
            self.doubtful, self.units, self.below_review
        )?;
        for (n, (_, label)) in self.flagged.iter().zip(Checks::ALL) {
            if *n > 0 {
                write!(f, ", {n} flagged {label}")?;
            }
        }
        write!(f, ")")?;
        if self.left_out > 0 {
            write!(f, "; {} left out by --min-score", self.left_out)?;
        }
        Ok(())
    }
}

impl Summary {
    /// Counts the units of `beads` and returns the beads a memory gets:
    /// without the units scored below `min_score` (all of them without
    /// one), those left out counted too.
    pub fn keep(&mut self, beads: &[Bead], min_score: Option<f64>) -> Vec<Bead> {
        self.add(beads);
        match min_score {
            Some(min) => {
                let (kept, dropped) = keep_at_least(beads, min);
                self.left_out += dropped;
                kept
            }
            None => beads.to_vec(),
        }
    }
}

/// The beads of `beads` without the units scored below `min_score`, and
/// how many were left out. Links with an empty side are kept: they are
/// not units, and formats that write them (beads) still cover every
/// sentence that is not in a dropped unit.
pub fn keep_at_least(beads: &[Bead], min_score: f64) -> (Vec<Bead>, usize) {
    let mut out = Vec::with_capacity(beads.len());
    let mut dropped = 0;
    for b in beads {
        if !b.src.is_empty() && !b.tgt.is_empty() && b.score < min_score {
            dropped += 1;
        } else {
            out.push(b.clone());
        }
    }
    (out, dropped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_models_parse_with_every_feature() {
        let c = Calibrator::shipped();
        assert_eq!(c.lexicon.weights.len(), FEATURES.len());
        assert_eq!(c.plain.weights.len(), FEATURES.len());
        assert_eq!(
            features::MERGE_GAINS.map(|i| FEATURES[i]),
            ["merge_gain", "merge_cost_gain"]
        );
        assert_eq!(FEATURES[features::FOREIGN_SHARE], "foreign_share");
    }

    #[test]
    fn model_errors_name_the_line() {
        let cases = [
            ("bias\t1\t1\nnope\t2\t2\n", "line 2: unknown feature"),
            ("bias\tx\t0\n", "line 1: \"x\" is not a number"),
            ("bias\t1\n", "line 1: expected"),
            ("# only a comment\n", "no bias"),
        ];
        for (text, want) in cases {
            let err = Calibrator::parse(text).unwrap_err();
            assert!(err.contains(want), "{text:?}: {err}");
        }
        let mut all = String::from("bias\t0\t0\n");
        for f in FEATURES.iter().skip(1) {
            all.push_str(&format!("{f}\t0\t0\n"));
        }
        assert!(Calibrator::parse(&all).unwrap_err().contains(FEATURES[0]));
    }

    #[test]
    fn the_run_picks_the_model() {
        let model = |bias: f64| Model {
            bias,
            weights: vec![0.0; FEATURES.len()],
        };
        let c = Calibrator {
            lexicon: model(2.0),
            plain: model(-2.0),
        };
        let mut x = vec![0.0; FEATURES.len()];
        assert!(c.probability(&x) < 0.5);
        x[features::HAS_LEXICON] = 1.0;
        assert!(c.probability(&x) > 0.5);
    }

    #[test]
    fn probability_never_reaches_one() {
        let m = Model {
            bias: 100.0,
            weights: vec![0.0; FEATURES.len()],
        };
        assert_eq!(m.probability(&vec![0.0; FEATURES.len()]), MAX_SCORE);
        let m = Model {
            bias: -800.0,
            weights: vec![0.0; FEATURES.len()],
        };
        assert_eq!(m.probability(&vec![0.0; FEATURES.len()]), 0.0);
        let m = Model {
            bias: 0.0,
            weights: vec![0.0; FEATURES.len()],
        };
        assert!((m.probability(&vec![0.0; FEATURES.len()]) - 0.5).abs() < 1e-12);
    }

    fn unit(k: usize, score: f64, checks: Checks) -> Bead {
        Bead {
            src: k..k + 1,
            tgt: k..k + 1,
            score,
            checks,
            reviewed: false,
        }
    }

    #[test]
    fn min_score_leaves_out_units_only() {
        let skip = Bead {
            src: 3..4,
            tgt: 3..3,
            score: 0.1,
            ..Default::default()
        };
        let beads = [
            unit(0, 0.95, Checks::NONE),
            unit(1, 0.5, Checks::NONE),
            unit(2, 0.91, Checks::NUMBERS),
            skip.clone(),
        ];
        let (kept, dropped) = keep_at_least(&beads, 0.9);
        assert_eq!(dropped, 1);
        assert_eq!(kept, [beads[0].clone(), beads[2].clone(), skip]);
        let mut s = Summary::default();
        s.add(&beads);
        s.left_out = dropped;
        assert_eq!((s.units, s.below_review, s.doubtful), (3, 1, 2));
        assert_eq!(
            s.to_string(),
            "2 of 3 units to review (1 scored below 0.9, 1 flagged numbers); 1 left out by --min-score"
        );
    }

    #[test]
    fn checks_follow_the_features() {
        let mut x = vec![0.0; FEATURES.len()];
        assert!(checks(&x).is_empty());
        x[features::NUMBERS_DIFFER] = 1.0;
        x[features::NAMES_ELSEWHERE] = 1.0;
        x[features::RATIO_DEVIATION] = 1.0;
        let c = checks(&x);
        assert_eq!(c.labels(), ["numbers", "length"]);
        assert_eq!(Checks::parse("numbers, length"), Ok(c));
        assert_eq!(Checks::parse("numbers,bogus"), Err("bogus".to_string()));
    }
}
