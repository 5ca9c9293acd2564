//! Scoring sentence segmentation against gold sentences.
//!
//! A gold file is tab-separated, `doc<TAB>sentence<TAB>sentence...`, one
//! row a sentence (or aligned group of sentences) in document order; the
//! chosen column of a document's rows are that document's gold sentences.
//! Both the gold sentences and the segmenter's output over the article are
//! turned into sets of boundary positions, counted in Unicode scalar values
//! in the text with all whitespace removed (the end of the text is not a
//! boundary), and precision, recall and F1 are pooled over documents.

use crate::error::{Error, Result};
use crate::eval::Prf;
use crate::segment::{segment_text, Segmenter};
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

/// The result of [`score_segmentation`].
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
pub struct SegScore {
    /// Boundary precision, recall and F1, pooled over documents.
    pub prf: Prf,
    /// Documents scored.
    pub docs: usize,
    /// Gold boundaries.
    pub gold_boundaries: usize,
    /// Boundaries the segmenter proposed (inside the scored spans).
    pub found: usize,
    /// Proposed boundaries that are gold boundaries.
    pub correct: usize,
    /// Documents whose gold sentences do not spell out the whole article
    /// (ignoring whitespace); only the spans the gold covers are scored.
    pub mismatched_docs: Vec<String>,
    /// Gold sentences not found in their article (skipped).
    pub unmatched_sentences: usize,
}

/// Scores `seg` on the articles in `articles_dir` (one `DOC.txt` per
/// document named in the gold file) against column `column` (0-based; 0 is
/// the document name) of the gold file `gold_tsv`.
///
/// Gold sentences are located in the article in order; one that is not
/// where the previous one ended is searched for further on, and skipped if
/// absent. Only the stretches of text the gold sentences cover are scored,
/// and such documents are listed in [`SegScore::mismatched_docs`].
pub fn score_segmentation(
    articles_dir: &Path,
    gold_tsv: &Path,
    column: usize,
    seg: &Segmenter,
) -> Result<SegScore> {
    if column == 0 {
        return Err(Error::config(
            "column 0 holds document names, not sentences",
        ));
    }
    let gold_text = crate::input::read_text(gold_tsv)?;
    let mut order: Vec<String> = Vec::new();
    let mut gold: HashMap<String, Vec<String>> = HashMap::new();
    for (i, line) in gold_text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let sentence = fields.get(column).ok_or_else(|| {
            Error::parse(format!(
                "expected at least {} tab-separated fields",
                column + 1
            ))
            .with_path(gold_tsv)
            .at_line(i + 1)
        })?;
        let doc = fields[0].trim();
        if doc.is_empty() || doc.contains(['/', '\\']) || doc.starts_with('.') {
            return Err(Error::parse(format!("bad document name '{doc}'"))
                .with_path(gold_tsv)
                .at_line(i + 1));
        }
        if !gold.contains_key(doc) {
            order.push(doc.to_string());
        }
        gold.entry(doc.to_string())
            .or_default()
            .push(sentence.to_string());
    }

    let mut score = SegScore::default();
    let (mut correct, mut found, mut gold_n) = (0, 0, 0);
    for doc in &order {
        let path = articles_dir.join(format!("{doc}.txt"));
        let article =
            crate::input::read_article(&path, &crate::input::ReadOptions::default())?.text;
        let flat: Vec<char> = article.chars().filter(|c| !c.is_whitespace()).collect();
        let sentences: Vec<Vec<char>> = gold[doc]
            .iter()
            .map(|s| s.chars().filter(|c| !c.is_whitespace()).collect())
            .filter(|s: &Vec<char>| !s.is_empty())
            .collect();

        // Spans the gold covers, as (start, end) in `flat`.
        let mut spans: Vec<(usize, usize)> = Vec::new();
        let mut cursor = 0;
        for s in &sentences {
            match find_from(&flat, s, cursor) {
                Some(start) => {
                    spans.push((start, start + s.len()));
                    cursor = start + s.len();
                }
                None => score.unmatched_sentences += 1,
            }
        }
        let exact = spans.first().map(|s| s.0) == Some(0)
            && spans.last().map(|s| s.1) == Some(flat.len())
            && spans.windows(2).all(|w| w[0].1 == w[1].0);
        if !exact {
            score.mismatched_docs.push(doc.clone());
        }
        let gold_set: BTreeSet<usize> = spans
            .iter()
            .map(|s| s.1)
            .filter(|&e| e < flat.len())
            .collect();

        let mut sys_set = BTreeSet::new();
        let mut pos = 0;
        for s in segment_text(&article, seg) {
            pos += s.chars().filter(|c| !c.is_whitespace()).count();
            if pos < flat.len() {
                sys_set.insert(pos);
            }
        }
        // In a mismatched document only boundaries inside or at the end of
        // a covered span can be judged.
        let sys_set: BTreeSet<usize> = sys_set
            .into_iter()
            .filter(|&b| exact || spans.iter().any(|&(s, e)| s < b && b <= e))
            .collect();

        correct += sys_set.intersection(&gold_set).count();
        found += sys_set.len();
        gold_n += gold_set.len();
        score.docs += 1;
    }
    score.prf = Prf::from_counts(correct, found, correct, gold_n);
    score.correct = correct;
    score.found = found;
    score.gold_boundaries = gold_n;
    Ok(score)
}

/// First index at or after `from` where `needle` occurs in `hay`.
fn find_from(hay: &[char], needle: &[char], from: usize) -> Option<usize> {
    if needle.len() > hay.len() {
        return None;
    }
    (from..=hay.len() - needle.len()).find(|&i| hay[i..i + needle.len()] == *needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    #[test]
    fn scores_boundaries_and_handles_mismatches() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("d1.txt"),
            "Title here\n\nOne two. Three four! Five.\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("d2.txt"), "A b. C d.\n").unwrap();
        let gold = dir.path().join("gold.tsv");
        std::fs::write(
            &gold,
            "d1\tTitle here\td1\nd1\tOne two. Three four!\tx\nd1\tFive.\tx\n\
             d2\tA b.\tx\nd2\tmissing\tx\n",
        )
        .unwrap();
        let seg = Segmenter::new(&Lang::En);
        let s = score_segmentation(dir.path(), &gold, 1, &seg).unwrap();
        assert_eq!(s.docs, 2);
        // d1: gold {9, 26}, system {9, 16, 26}. d2: the second gold
        // sentence is missing, so only "Ab." is covered and scored.
        assert_eq!(s.gold_boundaries, 3);
        assert_eq!(s.found, 4);
        assert_eq!(s.correct, 3);
        assert_eq!(s.unmatched_sentences, 1);
        assert_eq!(s.mismatched_docs, ["d2"]);
        assert!((s.prf.recall - 1.0).abs() < 1e-9);
        assert!((s.prf.precision - 0.75).abs() < 1e-9);

        let e = score_segmentation(dir.path(), &gold, 5, &seg).unwrap_err();
        assert_eq!(e.position(), Some(crate::error::Position::Line(1)));
    }
}
