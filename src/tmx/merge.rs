//! Merging memories: exact duplicates removed (the unit kept counts them
//! in an `x-mizan-count` prop), and a policy for a source translated in
//! more than one way.

use super::stats::{duplicate_key, source_and_rest};
use super::{Tmx, Tu};
use std::collections::HashMap;

/// The prop that counts how many identical units a merged unit stands for.
pub const COUNT_PROP: &str = "x-mizan-count";

/// What to do when one source text has several different translations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Conflicts {
    /// Keep every translation (a CAT tool shows them all as matches).
    #[default]
    KeepAll,
    /// Keep the translation seen first (the earlier file wins).
    First,
    /// Keep the translation seen last (the later file wins).
    Last,
    /// Keep the translation with the highest `x-mizan-score` (the first of
    /// equal ones; units without a score count as 0).
    BestScore,
}

/// What a merge did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeReport {
    /// Units read from all memories.
    pub read: usize,
    /// Units left out as exact duplicates of a kept one.
    pub duplicates: usize,
    /// Source texts with more than one distinct translation.
    pub conflicting_sources: usize,
    /// Units left out by the conflict policy.
    pub dropped_by_policy: usize,
    /// Units written.
    pub written: usize,
}

/// Merges memories in order. `src` is the source language that defines a
/// conflict (two units with the same text in it and different texts in
/// the other languages). Units keep their attributes and props, except
/// that `tuid`s are numbered afresh from 1 (those of different files would
/// clash) and [`COUNT_PROP`] says how many units (earlier counts added)
/// each kept unit stands for.
pub fn merge(memories: &[Tmx], src: &str, policy: Conflicts) -> (Vec<Tu>, MergeReport) {
    let mut report = MergeReport::default();
    let mut kept: Vec<Tu> = Vec::new();
    let mut counts: Vec<u64> = Vec::new();
    let mut by_key: HashMap<Vec<(String, String)>, usize> = HashMap::new();
    for tu in memories.iter().flat_map(|m| &m.units) {
        report.read += 1;
        let n = tu
            .prop(COUNT_PROP)
            .and_then(|c| c.trim().parse::<u64>().ok())
            .unwrap_or(1)
            .max(1);
        match by_key.get(&duplicate_key(tu)) {
            Some(&k) => {
                counts[k] += n;
                report.duplicates += 1;
            }
            None => {
                by_key.insert(duplicate_key(tu), kept.len());
                kept.push(tu.clone());
                counts.push(n);
            }
        }
    }
    // Units by source text (and target languages), in order.
    let mut groups: HashMap<(String, Vec<String>), Vec<usize>> = HashMap::new();
    for (k, tu) in kept.iter().enumerate() {
        if let Some((text, rest)) = source_and_rest(tu, src) {
            let langs = rest.into_iter().map(|(l, _)| l).collect();
            groups.entry((text, langs)).or_default().push(k);
        }
    }
    let mut drop = vec![false; kept.len()];
    for members in groups.values().filter(|m| m.len() > 1) {
        report.conflicting_sources += 1;
        let keep = match policy {
            Conflicts::KeepAll => continue,
            Conflicts::First => members[0],
            Conflicts::Last => members[members.len() - 1],
            Conflicts::BestScore => {
                let mut best = members[0];
                for &k in &members[1..] {
                    if kept[k].score().unwrap_or(0.0) > kept[best].score().unwrap_or(0.0) {
                        best = k;
                    }
                }
                best
            }
        };
        for &k in members {
            if k != keep {
                drop[k] = true;
                report.dropped_by_policy += 1;
            }
        }
    }
    let mut out = Vec::with_capacity(kept.len());
    for (k, mut tu) in kept.into_iter().enumerate() {
        if drop[k] {
            continue;
        }
        if tu.attr("tuid").is_some() {
            tu.set_attr("tuid", &(out.len() + 1).to_string());
        }
        tu.set_prop(COUNT_PROP, &counts[k].to_string());
        out.push(tu);
    }
    report.written = out.len();
    (out, report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tmx::stats::tests::{memory, unit};

    fn two() -> Vec<Tmx> {
        vec![
            memory(vec![
                unit("أ", "a", "0.5", "d1"),
                unit("ب", "b", "0.5", "d1"),
            ]),
            memory(vec![
                unit("أ", "a", "0.5", "d1"),
                unit("أ", "A", "0.9", "d2"),
                unit("ج", "c", "0.1", "d2"),
            ]),
        ]
    }

    fn texts(units: &[Tu]) -> Vec<(&str, &str, &str)> {
        units
            .iter()
            .map(|u| {
                (
                    u.text("ar").unwrap(),
                    u.text("en").unwrap(),
                    u.prop(COUNT_PROP).unwrap(),
                )
            })
            .collect()
    }

    #[test]
    fn duplicates_are_counted_and_conflicts_follow_the_policy() {
        let (all, r) = merge(&two(), "ar", Conflicts::KeepAll);
        assert_eq!(
            texts(&all),
            [
                ("أ", "a", "2"),
                ("ب", "b", "1"),
                ("أ", "A", "1"),
                ("ج", "c", "1")
            ]
        );
        assert_eq!((r.read, r.duplicates, r.conflicting_sources), (5, 1, 1));
        assert_eq!((r.dropped_by_policy, r.written), (0, 4));
        let (first, r) = merge(&two(), "ar", Conflicts::First);
        assert_eq!(texts(&first)[0], ("أ", "a", "2"));
        assert_eq!((first.len(), r.dropped_by_policy), (3, 1));
        let (last, _) = merge(&two(), "ar", Conflicts::Last);
        assert!(texts(&last).contains(&("أ", "A", "1")));
        assert!(!texts(&last).contains(&("أ", "a", "2")));
        let (best, _) = merge(&two(), "ar", Conflicts::BestScore);
        assert!(texts(&best).contains(&("أ", "A", "1")));
        // Merging the merged memory again adds the counts up.
        let merged = memory(all.clone());
        let (again, r) = merge(&[merged.clone(), merged], "ar", Conflicts::KeepAll);
        assert_eq!(texts(&again)[0], ("أ", "a", "4"));
        assert_eq!(r.duplicates, 4);
    }
}
