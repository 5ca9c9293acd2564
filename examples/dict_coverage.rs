//! The share of a text's content words that find an entry in the system
//! dictionaries' lexicon for a language pair, matched on whole normalised
//! words ("before": a dictionary looked up as written) and on the tokens
//! the aligner uses ("after": normalised and stemmed on both sides, see
//! `mizan::tokenize`). Prints JSON. The quality script runs it on the
//! ntrex-dev align sets:
//!
//! ```text
//! cargo run --release --example dict_coverage -- ar ru FOLDER/*.src -- FOLDER/*.tgt
//! ```
//!
//! Source files come before `--`, target files after it; function words,
//! numbers and one-letter words are not content words (as in the
//! tokenizer).

use mizan::lexicon::{discover, search_path, system_lexicon};
use mizan::normalize::normalize;
use mizan::tokenize::tokens;
use mizan::Lang;
use std::collections::HashSet;

/// Whole normalised words of a text that the tokenizer keeps (it drops
/// function words, numbers, one-letter words), with their tokens.
fn content_words(text: &str, lang: &Lang) -> Vec<(String, Vec<String>)> {
    normalize(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter_map(|w| {
            let t = tokens(w, lang);
            (!t.is_empty()).then(|| (w.to_string(), t))
        })
        .collect()
}

/// Coverage of `files` by the words (`whole`) and tokens (`stems`) of one
/// side of the lexicon: (before, after, content words).
fn coverage(
    files: &[String],
    lang: &Lang,
    whole: &HashSet<String>,
    stems: &HashSet<String>,
) -> Result<(f64, f64, usize), Box<dyn std::error::Error>> {
    let (mut before, mut after, mut n) = (0usize, 0usize, 0usize);
    for f in files {
        let text = mizan::input::read_text(std::path::Path::new(f))?;
        for (w, t) in content_words(&text, lang) {
            n += 1;
            before += usize::from(whole.contains(&w));
            after += usize::from(t.iter().all(|x| stems.contains(x)));
        }
    }
    let share = |k: usize| if n == 0 { 0.0 } else { k as f64 / n as f64 };
    Ok((share(before), share(after), n))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: dict_coverage SRC_LANG TGT_LANG SRC_FILE... -- TGT_FILE...";
    let (Some(src), Some(tgt)) = (args.first(), args.get(1)) else {
        return Err(usage.into());
    };
    let (src, tgt) = (Lang::parse(src)?, Lang::parse(tgt)?);
    let rest = &args[2..];
    let split = rest.iter().position(|a| a == "--").ok_or(usage)?;
    let (src_files, tgt_files) = (&rest[..split], &rest[split + 1..]);
    let dicts = discover(&search_path(&[]));
    let Some(system) = system_lexicon(&dicts, &src, &tgt)? else {
        return Err(format!("no dictionary serves {src}-{tgt}").into());
    };
    let side = |get: &dyn Fn(&mizan::lexicon::Entry) -> &str, lang: &Lang| {
        let mut whole = HashSet::new();
        let mut stems = HashSet::new();
        for e in &system.lexicon.entries {
            let text = get(e);
            for w in normalize(text).split(|c: char| !c.is_alphanumeric()) {
                whole.insert(w.to_string());
            }
            stems.extend(tokens(text, lang));
        }
        (whole, stems)
    };
    let (sw, ss) = side(&|e| e.source.as_str(), &src);
    let (tw, ts) = side(&|e| e.target.as_str(), &tgt);
    let (sb, sa, sn) = coverage(src_files, &src, &sw, &ss)?;
    let (tb, ta, tn) = coverage(tgt_files, &tgt, &tw, &ts)?;
    println!(
        "{}",
        serde_json::json!({
            "dictionaries": system.describe(),
            "src": {"before": sb, "after": sa, "words": sn},
            "tgt": {"before": tb, "after": ta, "words": tn},
        })
    );
    Ok(())
}
