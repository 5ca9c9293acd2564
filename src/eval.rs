//! Scoring alignments against gold beads (Text+Berg definitions).
//!
//! Gold and test alignments are lists of [`GoldBead`]s, read from files in
//! the corpora's format (`[0]:[0, 1]`, `[2]:[]`, optionally followed by
//! `:score`) with [`parse_beads`] or [`read_beads`], or converted from the
//! aligner's [`Bead`]s.
//!
//! [`score_strict_lax`] follows the definitions of the evaluation used with
//! Bleualign on Text+Berg and of vecalign's `score.py`:
//!
//! - **Precision** is computed over the test beads with at least one
//!   non-empty side (so 1-0 and 0-1 beads count), against all gold beads.
//! - **Recall** is computed over the gold beads with both sides non-empty,
//!   against the test beads with both sides non-empty. Deletions and
//!   insertions are left out of recall because a missed 1-0 bead costs
//!   nothing in a translation memory, while a wrong one proposed still
//!   costs precision.
//! - **Strict**: a bead is correct if an identical bead is on the other
//!   side.
//! - **Lax**: a bead is correct if it is strictly correct, or if some bead
//!   on the other side overlaps it on both sides (shares at least one
//!   source and one target sentence). A 1-0 or 0-1 bead can only be lax
//!   correct by being strictly correct, since it has no side to overlap.
//!
//! As in `score.py`, each side's ids are taken as a set (sorted, duplicates
//! dropped) and repeated beads of one file count once.

use crate::align::Bead;
use crate::error::{Error, ErrorKind, Result};
use std::collections::{BTreeSet, HashSet};
use std::path::Path;

/// Precision, recall and F1 of one comparison.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
pub struct Prf {
    /// Correct items over items proposed.
    pub precision: f64,
    /// Correct items over items in the gold.
    pub recall: f64,
    /// Harmonic mean of precision and recall (0 when both are 0).
    pub f1: f64,
}

impl Prf {
    /// Builds the figures from counts; an empty denominator gives 0.
    pub fn from_counts(correct_p: usize, proposed: usize, correct_r: usize, gold: usize) -> Prf {
        let precision = if proposed == 0 {
            0.0
        } else {
            correct_p as f64 / proposed as f64
        };
        let recall = if gold == 0 {
            0.0
        } else {
            correct_r as f64 / gold as f64
        };
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Prf {
            precision,
            recall,
            f1,
        }
    }
}

/// One bead of a gold or test alignment: 0-based sentence ids of each side.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GoldBead {
    /// Source sentence ids.
    pub src: Vec<usize>,
    /// Target sentence ids.
    pub tgt: Vec<usize>,
}

impl From<&Bead> for GoldBead {
    fn from(bead: &Bead) -> GoldBead {
        GoldBead {
            src: bead.src.clone().collect(),
            tgt: bead.tgt.clone().collect(),
        }
    }
}

/// Parses a bead file: one bead a line, `[i, j]:[k]` with `[]` for an
/// empty side, optionally followed by `:score` (checked to be a number,
/// then ignored). Whitespace around the parts is allowed and blank lines
/// are skipped. Errors carry the 1-based line; the caller adds the path.
pub fn parse_beads(text: &str) -> Result<Vec<GoldBead>> {
    Ok(parse_scored_beads(text)?
        .into_iter()
        .map(|(b, _)| b)
        .collect())
}

/// [`parse_beads`], keeping each bead's score (`None` where the line has
/// none, as in gold files).
pub fn parse_scored_beads(text: &str) -> Result<Vec<(GoldBead, Option<f64>)>> {
    // A byte order mark from a Windows editor is not part of the first bead.
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut beads = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let bead = parse_line(line).map_err(|msg| Error::parse(msg).at_line(i + 1))?;
        beads.push(bead);
    }
    Ok(beads)
}

/// Reads and parses a bead file, naming the file in errors.
pub fn read_beads(path: &Path) -> Result<Vec<GoldBead>> {
    Ok(read_scored_beads(path)?
        .into_iter()
        .map(|(b, _)| b)
        .collect())
}

/// [`read_beads`], keeping each bead's score.
pub fn read_scored_beads(path: &Path) -> Result<Vec<(GoldBead, Option<f64>)>> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(&e).with_path(path))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        Error::new(ErrorKind::InvalidUtf8)
            .with_path(path)
            .at_byte(e.utf8_error().valid_up_to())
    })?;
    parse_scored_beads(&text).map_err(|e| e.with_path(path))
}

fn parse_line(line: &str) -> std::result::Result<(GoldBead, Option<f64>), String> {
    let (src, rest) = parse_ids(line, "source")?;
    let rest = rest
        .trim_start()
        .strip_prefix(':')
        .ok_or_else(|| format!("expected ':' after the source ids in '{line}'"))?;
    let (tgt, rest) = parse_ids(rest.trim_start(), "target")?;
    let rest = rest.trim();
    let mut value = None;
    if !rest.is_empty() {
        let score = rest
            .strip_prefix(':')
            .ok_or_else(|| format!("unexpected '{rest}' after the target ids"))?
            .trim();
        match score.parse::<f64>() {
            Ok(v) if v.is_finite() => value = Some(v),
            _ => return Err(format!("'{score}' is not a score")),
        }
    }
    if src.is_empty() && tgt.is_empty() {
        return Err("a bead needs a sentence on at least one side, not '[]:[]'".to_string());
    }
    Ok((GoldBead { src, tgt }, value))
}

/// Parses `[i, j, ...]` at the start of `s`; returns the ids and the rest.
fn parse_ids<'a>(s: &'a str, side: &str) -> std::result::Result<(Vec<usize>, &'a str), String> {
    let inner = s
        .strip_prefix('[')
        .ok_or_else(|| format!("expected '[' to open the {side} ids in '{s}'"))?;
    // Stopping at the next bracket or colon as well makes `[0:[1]` a
    // missing ']' rather than a strange sentence id.
    let close = match inner.find([']', '[', ':']) {
        Some(i) if inner[i..].starts_with(']') => i,
        _ => return Err(format!("missing ']' after the {side} ids")),
    };
    let (list, rest) = (inner[..close].trim(), &inner[close + 1..]);
    let mut ids = Vec::new();
    if !list.is_empty() {
        for item in list.split(',') {
            let item = item.trim();
            // usize::from_str would accept "+3"; a gold file never has it.
            if item.is_empty() || !item.bytes().all(|b| b.is_ascii_digit()) {
                return Err(format!(
                    "'{item}' is not a sentence id among the {side} ids"
                ));
            }
            ids.push(
                item.parse()
                    .map_err(|_| format!("sentence id '{item}' is too large"))?,
            );
        }
    }
    Ok((ids, rest))
}

/// Strict and lax figures over a set of documents, with the sizes of the
/// sets they were computed over.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
pub struct Scores {
    /// Identical beads.
    pub strict: Prf,
    /// Beads overlapping on both sides.
    pub lax: Prf,
    /// Gold beads that count for recall (both sides non-empty).
    pub gold_beads: usize,
    /// Test beads that count for precision (at least one side non-empty).
    pub test_beads: usize,
}

/// Scores test alignments against gold ones. Each pair is `(gold, test)`
/// for one document; counts are pooled over all documents before dividing
/// (a micro average), so long documents weigh more, as in `score.py`.
/// See the module docs for the definitions.
pub fn score_strict_lax(pairs: &[(Vec<GoldBead>, Vec<GoldBead>)]) -> Scores {
    let (mut p, mut r) = (Matches::default(), Matches::default());
    for (gold, test) in pairs {
        let gold_any = normalise(gold, |b| !b.src.is_empty() || !b.tgt.is_empty());
        let test_any = normalise(test, |b| !b.src.is_empty() || !b.tgt.is_empty());
        p.add(&match_beads(&gold_any, &test_any));
        // Recall is precision with the roles swapped and the 1-0 and 0-1
        // beads left out on both sides.
        let gold_both = normalise(gold, |b| !b.src.is_empty() && !b.tgt.is_empty());
        let test_both = normalise(test, |b| !b.src.is_empty() && !b.tgt.is_empty());
        r.add(&match_beads(&test_both, &gold_both));
    }
    Scores {
        strict: Prf::from_counts(p.strict, p.total, r.strict, r.total),
        lax: Prf::from_counts(p.lax, p.total, r.lax, r.total),
        gold_beads: r.total,
        test_beads: p.total,
    }
}

/// How many of some beads are correct against reference beads.
#[derive(Debug, Default, PartialEq)]
struct Matches {
    strict: usize,
    lax: usize,
    total: usize,
}

impl Matches {
    fn add(&mut self, other: &Matches) {
        self.strict += other.strict;
        self.lax += other.lax;
        self.total += other.total;
    }
}

/// The beads that `keep` accepts, each side sorted and deduplicated, and
/// repeated beads dropped.
fn normalise(beads: &[GoldBead], keep: impl Fn(&GoldBead) -> bool) -> BTreeSet<GoldBead> {
    beads
        .iter()
        .filter(|b| keep(b))
        .map(|b| {
            let mut b = b.clone();
            b.src.sort_unstable();
            b.src.dedup();
            b.tgt.sort_unstable();
            b.tgt.dedup();
            b
        })
        .collect()
}

/// Counts the beads of `proposed` that are strictly and laxly correct
/// against `reference`.
fn match_beads(reference: &BTreeSet<GoldBead>, proposed: &BTreeSet<GoldBead>) -> Matches {
    // Two beads overlap on both sides exactly when they share a
    // (source, target) pair of their cross products, so the reference is
    // reduced to the set of its linked sentence pairs.
    let links: HashSet<(usize, usize)> = reference
        .iter()
        .flat_map(|b| {
            b.src
                .iter()
                .flat_map(|&s| b.tgt.iter().map(move |&t| (s, t)))
        })
        .collect();
    let mut m = Matches {
        total: proposed.len(),
        ..Matches::default()
    };
    for bead in proposed {
        if reference.contains(bead) {
            m.strict += 1;
            m.lax += 1;
        } else if bead
            .src
            .iter()
            .any(|&s| bead.tgt.iter().any(|&t| links.contains(&(s, t))))
        {
            m.lax += 1;
        }
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(src: &[usize], tgt: &[usize]) -> GoldBead {
        GoldBead {
            src: src.to_vec(),
            tgt: tgt.to_vec(),
        }
    }

    #[test]
    fn parses_the_corpus_format() {
        let text = "[0]:[0, 1]\n[1, 2]:[2]\n\n[]:[16]\n[3]:[]\n[4]:[5]:0.9731\n  [ 5 ,6 ] : [ 6 ] : 1 \r\n";
        assert_eq!(
            parse_beads(text).unwrap(),
            vec![
                b(&[0], &[0, 1]),
                b(&[1, 2], &[2]),
                b(&[], &[16]),
                b(&[3], &[]),
                b(&[4], &[5]),
                b(&[5, 6], &[6]),
            ]
        );
        assert_eq!(
            parse_beads("\u{FEFF}[0]:[0]\n").unwrap(),
            vec![b(&[0], &[0])]
        );
        assert_eq!(parse_beads("").unwrap(), vec![]);
    }

    #[test]
    fn parse_errors_name_the_line() {
        for (text, line, words) in [
            ("[0]:[0]\n0:[1]", 2, "expected '['"),
            ("[0]:[0]\n\n[1]-[1]", 3, "expected ':'"),
            ("[0:[0]", 1, "missing ']'"),
            ("[0]:[0", 1, "missing ']'"),
            ("[a]:[0]", 1, "'a' is not a sentence id"),
            ("[0,]:[0]", 1, "'' is not a sentence id"),
            ("[+1]:[0]", 1, "'+1'"),
            ("[0]:[0]:high", 1, "'high' is not a score"),
            ("[0]:[0]:", 1, "'' is not a score"),
            ("[0]:[0] x", 1, "unexpected 'x'"),
            ("[]:[]", 1, "at least one side"),
            ("[99999999999999999999999]:[0]", 1, "too large"),
        ] {
            let err = parse_beads(text).unwrap_err();
            assert_eq!(
                err.position(),
                Some(crate::error::Position::Line(line)),
                "{text}"
            );
            assert!(err.to_string().contains(words), "{text}: {err}");
        }
    }

    #[test]
    fn read_beads_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.gold");
        std::fs::write(&path, "[0]:[0]\n[1]:x\n").unwrap();
        let err = read_beads(&path).unwrap_err();
        assert!(
            err.to_string()
                .starts_with(&format!("{}:2: ", path.display())),
            "{err}"
        );
        std::fs::write(&path, b"[0]:[0]\n\xff").unwrap();
        let err = read_beads(&path).unwrap_err();
        assert_eq!(err.kind(), &ErrorKind::InvalidUtf8);
        assert_eq!(err.position(), Some(crate::error::Position::Byte(8)));
        let err = read_beads(&dir.path().join("missing.gold")).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Io(_)));
        assert_eq!(err.path(), Some(dir.path().join("missing.gold").as_path()));
        std::fs::write(&path, "[0]:[0]\n[]:[1]\n").unwrap();
        assert_eq!(
            read_beads(&path).unwrap(),
            vec![b(&[0], &[0]), b(&[], &[1])]
        );
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    fn assert_prf(got: Prf, p: f64, r: f64, f: f64, what: &str) {
        assert!(
            close(got.precision, p) && close(got.recall, r) && close(got.f1, f),
            "{what}: got {got:?}, want P={p} R={r} F={f}"
        );
    }

    #[test]
    fn scores_by_hand() {
        // Each case: gold, test, strict (P, R, F), lax (P, R, F), worked out
        // by hand in the comments.
        struct Case {
            name: &'static str,
            docs: Vec<(Vec<GoldBead>, Vec<GoldBead>)>,
            strict: (f64, f64, f64),
            lax: (f64, f64, f64),
            gold_beads: usize,
            test_beads: usize,
        }
        let cases = vec![
            Case {
                name: "identical",
                docs: vec![(
                    vec![b(&[0], &[0]), b(&[1], &[]), b(&[2], &[1, 2])],
                    vec![b(&[0], &[0]), b(&[1], &[]), b(&[2], &[1, 2])],
                )],
                // 3 of 3 test beads; recall over the 2 gold beads with two
                // sides.
                strict: (1.0, 1.0, 1.0),
                lax: (1.0, 1.0, 1.0),
                gold_beads: 2,
                test_beads: 3,
            },
            Case {
                name: "mixed",
                docs: vec![(
                    vec![
                        b(&[0], &[0]),
                        b(&[1], &[1, 2]),
                        b(&[2], &[]),
                        b(&[3, 4], &[3]),
                    ],
                    vec![
                        b(&[0], &[0]),
                        b(&[1], &[1]),
                        b(&[], &[2]),
                        b(&[2], &[]),
                        b(&[3], &[3]),
                        b(&[4], &[]),
                    ],
                )],
                // Precision over 6 test beads. Strict: [0]:[0] and [2]:[]
                // -> 2/6. Lax adds [1]:[1] (overlaps [1]:[1,2]) and [3]:[3]
                // (overlaps [3,4]:[3]); []:[2] and [4]:[] have no side to
                // overlap -> 4/6.
                // Recall over 3 gold beads with two sides, against the 3
                // test beads with two sides. Strict: [0]:[0] -> 1/3. Lax:
                // all three -> 3/3. Lax F1 = 2 * 2/3 * 1 / (5/3) = 0.8.
                strict: (2.0 / 6.0, 1.0 / 3.0, 1.0 / 3.0),
                lax: (4.0 / 6.0, 1.0, 0.8),
                gold_beads: 3,
                test_beads: 6,
            },
            Case {
                name: "pooled over documents",
                docs: vec![
                    (
                        vec![b(&[0], &[0]), b(&[1], &[1])],
                        vec![b(&[0], &[0]), b(&[1], &[1])],
                    ),
                    (vec![b(&[0], &[0, 1])], vec![b(&[0], &[0]), b(&[], &[1])]),
                ],
                // Precision: doc 1 gives 2/2 both ways; doc 2 gives 0/2
                // strict, 1/2 lax ([0]:[0]) -> 2/4 and 3/4.
                // Recall: doc 1 2/2; doc 2 0/1 strict, 1/1 lax -> 2/3, 3/3.
                // Strict F1 = 2 * 1/2 * 2/3 / (7/6) = 4/7.
                // Lax F1 = 2 * 3/4 * 1 / (7/4) = 6/7.
                strict: (0.5, 2.0 / 3.0, 4.0 / 7.0),
                lax: (0.75, 1.0, 6.0 / 7.0),
                gold_beads: 3,
                test_beads: 4,
            },
            Case {
                name: "ids do not leak between documents",
                docs: vec![(vec![b(&[0], &[1])], vec![]), (vec![], vec![b(&[0], &[1])])],
                strict: (0.0, 0.0, 0.0),
                lax: (0.0, 0.0, 0.0),
                gold_beads: 1,
                test_beads: 1,
            },
            Case {
                name: "overlap must be with one bead",
                // [0]:[1] shares its source with one gold bead and its
                // target with the other, but no bead links 0 to 1.
                docs: vec![(
                    vec![b(&[0], &[0]), b(&[1], &[1])],
                    vec![b(&[0], &[1]), b(&[1], &[0])],
                )],
                strict: (0.0, 0.0, 0.0),
                lax: (0.0, 0.0, 0.0),
                gold_beads: 2,
                test_beads: 2,
            },
            Case {
                name: "one wide bead",
                // [0,1]:[0,1] overlaps both gold beads: lax P 1/1; both
                // gold beads are found laxly: lax R 2/2.
                docs: vec![(
                    vec![b(&[0], &[0]), b(&[1], &[1])],
                    vec![b(&[0, 1], &[0, 1])],
                )],
                strict: (0.0, 0.0, 0.0),
                lax: (1.0, 1.0, 1.0),
                gold_beads: 2,
                test_beads: 1,
            },
            Case {
                name: "duplicates and order count once",
                // The test repeats [0]:[0] and writes [1, 2] as [2, 1]:
                // 2 distinct test beads, both strictly correct.
                docs: vec![(
                    vec![b(&[0], &[0]), b(&[1, 2], &[1])],
                    vec![b(&[0], &[0]), b(&[0], &[0]), b(&[2, 1], &[1])],
                )],
                strict: (1.0, 1.0, 1.0),
                lax: (1.0, 1.0, 1.0),
                gold_beads: 2,
                test_beads: 2,
            },
            Case {
                name: "empty test",
                docs: vec![(vec![b(&[0], &[0])], vec![])],
                strict: (0.0, 0.0, 0.0),
                lax: (0.0, 0.0, 0.0),
                gold_beads: 1,
                test_beads: 0,
            },
            Case {
                name: "only deletions",
                // A wrong 1-0 costs precision; gold 1-0s are not in recall.
                docs: vec![(
                    vec![b(&[0], &[]), b(&[1], &[0])],
                    vec![b(&[0], &[0]), b(&[1], &[])],
                )],
                strict: (0.0, 0.0, 0.0),
                lax: (0.0, 0.0, 0.0),
                gold_beads: 1,
                test_beads: 2,
            },
        ];
        for c in cases {
            let s = score_strict_lax(&c.docs);
            assert_prf(s.strict, c.strict.0, c.strict.1, c.strict.2, c.name);
            assert_prf(s.lax, c.lax.0, c.lax.1, c.lax.2, c.name);
            assert_eq!(
                (s.gold_beads, s.test_beads),
                (c.gold_beads, c.test_beads),
                "{}",
                c.name
            );
        }
    }

    #[test]
    fn beads_convert() {
        let bead = Bead {
            src: 1..3,
            tgt: 4..4,
            score: 0.5,
            ..Default::default()
        };
        assert_eq!(GoldBead::from(&bead), b(&[1, 2], &[]));
    }

    #[test]
    fn corpus_gold_files_parse_and_score_perfectly_against_themselves() {
        let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpora"));
        // The corpora live outside the repository; where they are not
        // checked out the parser is still covered by the tests above.
        if !root.is_dir() {
            return;
        }
        let mut files = vec![root.join("textberg-dev/dev.defr")];
        for pair in ["ar-en", "ar-ru"] {
            let dir = root.join("ntrex-dev/align").join(pair);
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_some_and(|e| e == "gold") {
                    files.push(path);
                }
            }
        }
        assert!(files.len() > 100, "{} files", files.len());
        let mut docs = Vec::new();
        for path in &files {
            let gold = read_beads(path).unwrap();
            assert!(!gold.is_empty(), "{}", path.display());
            docs.push((gold.clone(), gold));
        }
        let s = score_strict_lax(&docs);
        assert_prf(s.strict, 1.0, 1.0, 1.0, "self");
        assert_prf(s.lax, 1.0, 1.0, 1.0, "self");
    }
}
