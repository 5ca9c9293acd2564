//! Name matching scored on a labelled sample: lines `label<TAB>word<TAB>word`
//! (label 1 when the two words are the same name, 0 when not; `#` starts a
//! comment line). The quality script reports the figures
//! (`examples/name_sample.rs`) and a unit test holds them to a floor.

use super::names::words_match;
use crate::error::{Error, Result};

/// Counts of a labelled sample under [`words_match`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NameSampleScore {
    /// Pairs labelled as the same name.
    pub positives: usize,
    /// Pairs labelled as different words.
    pub negatives: usize,
    /// Positives the matcher matched.
    pub true_matches: usize,
    /// Negatives the matcher matched.
    pub false_matches: usize,
    /// The pairs it got wrong, as `missed A B` or `false A B`.
    pub errors: Vec<String>,
}

impl NameSampleScore {
    /// Share of the matched pairs that are the same name.
    pub fn precision(&self) -> f64 {
        self.true_matches as f64 / (self.true_matches + self.false_matches).max(1) as f64
    }

    /// Share of the negatives matched.
    pub fn false_match_rate(&self) -> f64 {
        self.false_matches as f64 / self.negatives.max(1) as f64
    }

    /// Share of the positives matched.
    pub fn recall(&self) -> f64 {
        self.true_matches as f64 / self.positives.max(1) as f64
    }
}

/// Scores [`words_match`] on a labelled sample. A line that is not
/// `0` or `1`, a tab, a word, a tab and a word is an error naming its line.
pub fn score_name_sample(text: &str) -> Result<NameSampleScore> {
    let mut score = NameSampleScore::default();
    for (n, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let (same, a, b) = match fields[..] {
            ["1", a, b] => (true, a, b),
            ["0", a, b] => (false, a, b),
            _ => {
                return Err(Error::parse("expected 0 or 1<TAB>word<TAB>word").at_line(n + 1));
            }
        };
        let matched = words_match(a, b);
        if same {
            score.positives += 1;
        } else {
            score.negatives += 1;
        }
        match (same, matched) {
            (true, true) => score.true_matches += 1,
            (false, true) => score.false_matches += 1,
            (true, false) => score.errors.push(format!("missed {a} {b}")),
            (false, false) => {}
        }
        if !same && matched {
            score.errors.push(format!("false {a} {b}"));
        }
    }
    Ok(score)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_rates() {
        let s = score_name_sample("# comment\n1\tبوتين\tPutin\n1\tشويغو\tШойгу\n0\tقمة\tKim\n\n")
            .unwrap();
        assert_eq!((s.positives, s.negatives), (2, 1));
        assert_eq!((s.true_matches, s.false_matches), (2, 0));
        assert_eq!(
            (s.precision(), s.recall(), s.false_match_rate()),
            (1.0, 1.0, 0.0)
        );
        assert!(s.errors.is_empty());
    }

    #[test]
    fn malformed_lines_name_their_line() {
        for bad in ["1\tbut one word", "yes\tبوتين\tPutin", "1\ta\tb\tc"] {
            let err = score_name_sample(&format!("# head\n1\tبوتين\tPutin\n{bad}\n")).unwrap_err();
            assert_eq!(
                err.position(),
                Some(crate::error::Position::Line(3)),
                "{bad}"
            );
        }
    }
}
