//! Scores cross-script name matching on a labelled sample (lines
//! `label<TAB>word<TAB>word`, label 1 for the same name, `#` comments) and
//! prints precision, false-match rate and recall as JSON. The quality
//! script runs it on `tests/data/names/dev_pairs.tsv`:
//!
//! ```text
//! cargo run --release --example name_sample -- tests/data/names/dev_pairs.tsv
//! ```

use mizan::anchors::names::words_match;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: name_sample FILE")?;
    let text = mizan::input::read_text(std::path::Path::new(&path))?;
    let (mut tp, mut fp, mut pos, mut neg) = (0usize, 0usize, 0usize, 0usize);
    for (n, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        let [label, a, b] = f[..] else {
            return Err(format!("{path}:{}: expected label<TAB>word<TAB>word", n + 1).into());
        };
        let same = label == "1";
        let matched = words_match(a, b);
        if same {
            pos += 1;
        } else {
            neg += 1;
        }
        match (same, matched) {
            (true, true) => tp += 1,
            (false, true) => fp += 1,
            _ => {}
        }
    }
    println!(
        "{}",
        serde_json::json!({
            "pairs": pos + neg,
            "precision": tp as f64 / (tp + fp).max(1) as f64,
            "false_match_rate": fp as f64 / neg.max(1) as f64,
            "recall": tp as f64 / pos.max(1) as f64,
        })
    );
    Ok(())
}
