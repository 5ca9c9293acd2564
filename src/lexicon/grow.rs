//! A learned lexicon that grows from run to run (`--lexicon-update`): the
//! five-column TSV that `--lexicon-out` writes (source, target, p(t|s),
//! p(s|t), count) keeps how often each pair was linked, so the counts of
//! a new run can be added and the probabilities estimated again from all
//! runs together.

use crate::error::{Error, Result};
use rustc_hash::FxHashMap;
use std::io::Write;

/// One line of a learned lexicon.
#[derive(Debug, Clone, PartialEq)]
pub struct CountRow {
    /// Source word (a stem).
    pub source: String,
    /// Target word (a stem).
    pub target: String,
    /// p(target | source).
    pub p_ts: f32,
    /// p(source | target).
    pub p_st: f32,
    /// How often the pair was linked (0 when not known: a four-column
    /// file, or a pair only the user's lexicon gave).
    pub count: f32,
}

/// Parses a learned lexicon (four or five columns; `#` comments and blank
/// lines allowed). Errors carry the 1-based line.
pub fn parse_counts(text: &str) -> Result<Vec<CountRow>> {
    let mut rows = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let err = |msg: String| Error::parse(msg).at_line(n + 1);
        let f: Vec<&str> = line.split('\t').collect();
        if !(4..=5).contains(&f.len()) {
            return Err(err(format!(
                "expected the four or five columns of --lexicon-out (source, target, p(t|s), \
                 p(s|t), count), found {} field{}",
                f.len(),
                if f.len() == 1 { "" } else { "s" }
            )));
        }
        let num = |w: &str| match w.trim().parse::<f32>() {
            Ok(x) if x.is_finite() && x >= 0.0 => Ok(x),
            _ => Err(err(format!("'{}' is not a non-negative number", w.trim()))),
        };
        let (source, target) = (f[0].trim(), f[1].trim());
        if source.is_empty() || target.is_empty() {
            return Err(err("empty source or target".to_string()));
        }
        rows.push(CountRow {
            source: source.to_string(),
            target: target.to_string(),
            p_ts: num(f[2])?,
            p_st: num(f[3])?,
            count: f.get(4).map_or(Ok(0.0), |c| num(c))?,
        });
    }
    Ok(rows)
}

/// Adds the counts of `new` to those of `old` pair by pair and estimates
/// both probabilities of every counted pair again from the sums: p(t|s)
/// is the pair's count over all counts of s, p(s|t) over all counts of t.
/// Pairs without a count on either side keep the probabilities they came
/// with (those of `new` when both have the pair). Sorted as
/// `--lexicon-out` writes them: by source, then p(t|s) descending, then by
/// target.
pub fn merge_counts(old: Vec<CountRow>, new: Vec<CountRow>) -> Vec<CountRow> {
    let mut at: FxHashMap<(String, String), usize> = FxHashMap::default();
    let mut rows: Vec<CountRow> = Vec::new();
    for r in old.into_iter().chain(new) {
        match at.get(&(r.source.clone(), r.target.clone())) {
            Some(&i) => {
                let row = &mut rows[i];
                row.count += r.count;
                row.p_ts = r.p_ts;
                row.p_st = r.p_st;
            }
            None => {
                at.insert((r.source.clone(), r.target.clone()), rows.len());
                rows.push(r);
            }
        }
    }
    let mut src_total: FxHashMap<&str, f64> = FxHashMap::default();
    let mut tgt_total: FxHashMap<&str, f64> = FxHashMap::default();
    for r in &rows {
        *src_total.entry(&r.source).or_insert(0.0) += r.count as f64;
        *tgt_total.entry(&r.target).or_insert(0.0) += r.count as f64;
    }
    let probs: Vec<Option<(f32, f32)>> = rows
        .iter()
        .map(|r| {
            (r.count > 0.0).then(|| {
                let c = r.count as f64;
                (
                    (c / src_total[r.source.as_str()]) as f32,
                    (c / tgt_total[r.target.as_str()]) as f32,
                )
            })
        })
        .collect();
    for (r, p) in rows.iter_mut().zip(probs) {
        if let Some((p_ts, p_st)) = p {
            r.p_ts = p_ts;
            r.p_st = p_st;
        }
    }
    rows.sort_by(|a, b| {
        a.source
            .cmp(&b.source)
            .then(b.p_ts.total_cmp(&a.p_ts))
            .then_with(|| a.target.cmp(&b.target))
    });
    rows
}

/// Writes rows in `--lexicon-out`'s five-column format.
pub fn write_counts<W: Write>(mut out: W, rows: &[CountRow]) -> Result<()> {
    for r in rows {
        writeln!(
            out,
            "{}\t{}\t{:.4}\t{:.4}\t{:.2}",
            r.source, r.target, r.p_ts, r.p_st, r.count
        )
        .map_err(|e| Error::io(&e))?;
    }
    out.flush().map_err(|e| Error::io(&e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(s: &str, t: &str, p: f32, q: f32, c: f32) -> CountRow {
        CountRow {
            source: s.into(),
            target: t.into(),
            p_ts: p,
            p_st: q,
            count: c,
        }
    }

    #[test]
    fn counts_add_up_and_probabilities_follow_them() {
        let old = vec![
            row("كتاب", "book", 1.0, 1.0, 3.0),
            row("بيت", "house", 0.9, 0.9, 0.0),
        ];
        let new = vec![
            row("كتاب", "book", 0.5, 1.0, 1.0),
            row("كتاب", "volume", 0.5, 1.0, 4.0),
        ];
        let merged = merge_counts(old, new);
        let get = |s: &str, t: &str| {
            merged
                .iter()
                .find(|r| r.source == s && r.target == t)
                .unwrap()
        };
        let book = get("كتاب", "book");
        assert_eq!(book.count, 4.0);
        assert!((book.p_ts - 0.5).abs() < 1e-6);
        assert!((book.p_st - 1.0).abs() < 1e-6);
        assert!((get("كتاب", "volume").p_ts - 0.5).abs() < 1e-6);
        // No count: the probabilities stay as written.
        assert_eq!(get("بيت", "house").p_ts, 0.9);
        assert_eq!(merged[0].source, "بيت");
    }

    #[test]
    fn files_round_trip_and_bad_lines_are_named() {
        let text = "# learned\nكتاب\tbook\t0.5000\t1.0000\t4.00\nبيت\thouse\t0.9\t0.9\n";
        let rows = parse_counts(text).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].count, 0.0);
        let mut out = Vec::new();
        write_counts(&mut out, &rows).unwrap();
        assert_eq!(
            parse_counts(&String::from_utf8(out).unwrap()).unwrap(),
            rows
        );
        let e = parse_counts("a\tb\t0.5\n").unwrap_err();
        assert_eq!(e.position(), Some(crate::error::Position::Line(1)));
        assert!(parse_counts("a\tb\t0.5\t0.5\t-1\n").is_err());
    }
}
