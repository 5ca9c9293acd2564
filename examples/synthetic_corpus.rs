//! Writes a synthetic corpus for benchmarks: `N` Arabic articles in
//! `DIR/ar/` and their English counterparts (plus orphans on both sides)
//! in `DIR/en/`, under unrelated file names, from
//! `mizan::pair::synthetic_collection`. About 90% of the Arabic articles
//! have a counterpart.
//!
//! ```text
//! cargo run --release --example synthetic_corpus -- 11112 /tmp/corpus
//! ```

use mizan::pair::synthetic_collection;
use std::path::PathBuf;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let dir = PathBuf::from(args.next().unwrap_or_else(|| "synthetic-corpus".into()));
    let (ar, en, gold) = synthetic_collection(n, 0x5EED);
    for (sub, side) in [("ar", &ar), ("en", &en)] {
        let d = dir.join(sub);
        std::fs::create_dir_all(&d)?;
        for a in side.iter() {
            std::fs::write(
                d.join(format!("{}.txt", a.id.trim_end_matches(".txt"))),
                &a.text,
            )?;
        }
    }
    println!(
        "{} Arabic, {} English articles, {} true pairs in {}",
        ar.len(),
        en.len(),
        gold.len(),
        dir.display()
    );
    Ok(())
}
