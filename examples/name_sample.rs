//! Scores cross-script name matching on a labelled sample (lines
//! `label<TAB>word<TAB>word`, label 1 for the same name, `#` comments) and
//! prints precision, false-match rate and recall as JSON. The quality
//! script runs it on `tests/data/names/dev_pairs.tsv`:
//!
//! ```text
//! cargo run --release --example name_sample -- tests/data/names/dev_pairs.tsv
//! ```

use mizan::anchors::name_sample::score_name_sample;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: name_sample FILE")?;
    let text = mizan::input::read_text(std::path::Path::new(&path))?;
    let score = score_name_sample(&text).map_err(|e| e.with_path(&path))?;
    println!(
        "{}",
        serde_json::json!({
            "pairs": score.positives + score.negatives,
            "precision": score.precision(),
            "false_match_rate": score.false_match_rate(),
            "recall": score.recall(),
        })
    );
    Ok(())
}
