//! Precision of the Arabic-Russian lexicon that the system's dictionaries
//! give through English, on a labelled sample (lines
//! `arabic<TAB>russian, russian, ...<TAB>document`, `#` comments). Prints
//! JSON. The quality script runs it on `tests/data/pivot/dev_sample.tsv`:
//!
//! ```text
//! cargo run --release --example pivot_sample -- tests/data/pivot/dev_sample.tsv
//! ```
//!
//! The sample's words are text words (with clitics and inflection); a
//! lexicon entry is proposed for one when their tokens (normalised,
//! stemmed: `mizan::tokenize`) are the same, as the aligner matches them.
//! A proposed Russian word is right when one of its tokens is a token of
//! a labelled translation.

use mizan::lexicon::{discover, search_path, system_lexicon};
use mizan::tokenize::tokens;
use mizan::Lang;
use std::collections::{HashMap, HashSet};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: pivot_sample FILE")?;
    let text = mizan::input::read_text(std::path::Path::new(&path))?;
    let dicts = discover(&search_path(&[]));
    let system =
        system_lexicon(&dicts, &Lang::Ar, &Lang::Ru)?.ok_or("no dictionary serves ar-ru")?;
    // Arabic tokens -> Russian tokens with their heaviest weight.
    let mut lex: HashMap<Vec<String>, HashMap<String, f32>> = HashMap::new();
    for e in &system.lexicon.entries {
        let s = tokens(&e.source, &Lang::Ar);
        if s.is_empty() {
            continue;
        }
        let t = tokens(&e.target, &Lang::Ru).join(" ");
        if t.is_empty() {
            continue;
        }
        let w = lex.entry(s).or_default().entry(t).or_insert(0.0);
        *w = w.max(e.weight);
    }
    let (mut words, mut proposed, mut right, mut best_right, mut with_any, mut covered) =
        (0usize, 0usize, 0usize, 0usize, 0usize, 0usize);
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let mut f = line.split('\t');
        let (Some(ar), Some(ru)) = (f.next(), f.next()) else {
            return Err(format!("{path}:{}: expected arabic<TAB>russian, ...", n + 1).into());
        };
        words += 1;
        let labels: HashSet<String> = ru.split(',').flat_map(|r| tokens(r, &Lang::Ru)).collect();
        let Some(cands) = lex.get(&tokens(ar, &Lang::Ar)) else {
            continue;
        };
        let is_right = |t: &str| t.split(' ').any(|x| labels.contains(x));
        let mut any = false;
        for t in cands.keys() {
            proposed += 1;
            if is_right(t) {
                right += 1;
                any = true;
            }
        }
        if let Some((best, _)) = cands
            .iter()
            .max_by(|a, b| a.1.total_cmp(b.1).then_with(|| b.0.cmp(a.0)))
        {
            with_any += 1;
            best_right += usize::from(is_right(best));
        }
        covered += usize::from(any);
    }
    let share = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    println!(
        "{}",
        serde_json::json!({
            "words": words,
            "proposed": proposed,
            "precision": share(right, proposed),
            "top1_precision": share(best_right, with_any),
            "recall": share(covered, words),
            "dictionaries": system.describe(),
        })
    );
    Ok(())
}
