//! Sanity check of the lexicon on a development set with gold beads:
//! trains Model 1 on the gold 1-1 beads of half the documents, prints the
//! top translations of the most frequent source stems, and compares the
//! bead score of held-out gold 1-1 beads with that of neighbouring
//! sentences paired wrongly.
//!
//! `cargo run --release --example lexicon_dev -- DIR SRC_LANG TGT_LANG [USER_LEXICON]`
//! where DIR holds `DOC.src`, `DOC.tgt`, `DOC.gold` (`[i, j]:[k]` a line),
//! or `-- --files SRC TGT GOLD SRC_LANG TGT_LANG` for one document.

use mizan::align::Bead;
use mizan::eval::parse_beads;
use mizan::lexicon::{
    read_user_lexicon, train_from_beads, AlignedDoc, Lexicon, TrainParams, DEFAULT_MIN_CONFIDENCE,
};
use mizan::tokenize::Vocab;
use mizan::Lang;
use std::path::{Path, PathBuf};
use std::time::Instant;

struct Doc {
    src: Vec<Vec<u32>>,
    tgt: Vec<Vec<u32>>,
    beads: Vec<Bead>,
}

fn lines(p: &Path) -> Vec<String> {
    std::fs::read_to_string(p)
        .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        .lines()
        .map(str::to_string)
        .collect()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (triples, sl, tl, user) = if args.first().map(String::as_str) == Some("--files") {
        let t = vec![(
            PathBuf::from(&args[1]),
            PathBuf::from(&args[2]),
            PathBuf::from(&args[3]),
        )];
        (t, &args[4], &args[5], args.get(6))
    } else {
        let dir = Path::new(&args[0]);
        let mut t: Vec<_> = std::fs::read_dir(dir)
            .expect("a directory")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "gold"))
            .map(|g| (g.with_extension("src"), g.with_extension("tgt"), g))
            .collect();
        t.sort();
        (t, &args[1], &args[2], args.get(3))
    };
    let (sl, tl) = (Lang::parse(sl).unwrap(), Lang::parse(tl).unwrap());
    let (mut sv, mut tv) = (Vocab::new(), Vocab::new());
    let mut docs = Vec::new();
    for (s, t, g) in &triples {
        let src: Vec<Vec<u32>> = lines(s).iter().map(|l| sv.sentence_ids(l, &sl)).collect();
        let tgt: Vec<Vec<u32>> = lines(t).iter().map(|l| tv.sentence_ids(l, &tl)).collect();
        let gold = parse_beads(&std::fs::read_to_string(g).unwrap()).unwrap();
        let beads = gold
            .iter()
            .filter(|b| b.src.len() == 1 && b.tgt.len() == 1)
            .map(|b| Bead {
                src: b.src[0]..b.src[0] + 1,
                tgt: b.tgt[0]..b.tgt[0] + 1,
                score: 1.0,
                ..Default::default()
            })
            .collect();
        docs.push(Doc { src, tgt, beads });
    }
    let user_pairs = user.map_or_else(Vec::new, |p| {
        read_user_lexicon(Path::new(p))
            .unwrap()
            .oriented(&sl, &tl)
            .to_pairs(&sl, &tl, &mut sv, &mut tv)
    });
    let params = TrainParams::default();

    // All documents: the table to look at.
    let t = Instant::now();
    let all: Vec<AlignedDoc> = docs
        .iter()
        .map(|d| AlignedDoc {
            src: &d.src,
            tgt: &d.tgt,
            beads: &d.beads,
        })
        .collect();
    let lex = train_from_beads(&all, DEFAULT_MIN_CONFIDENCE, &user_pairs, &params);
    println!(
        "{} documents, {} training pairs (+{} user entries), trained in {:.2?}: {} + {} entries",
        docs.len(),
        lex.training_pairs() - user_pairs.len(),
        user_pairs.len(),
        t.elapsed(),
        lex.forward().entries(),
        lex.backward().entries()
    );
    let mut freq = vec![0usize; sv.len()];
    for d in &docs {
        for s in &d.src {
            for &w in s {
                freq[w as usize] += 1;
            }
        }
    }
    let mut by_freq: Vec<u32> = (0..sv.len() as u32).collect();
    by_freq.sort_by_key(|&w| std::cmp::Reverse(freq[w as usize]));
    for &e in by_freq.iter().take(25) {
        let mut row: Vec<(u32, f32)> = lex.forward().row_of(e).collect();
        row.sort_by(|a, b| b.1.total_cmp(&a.1));
        let best: Vec<String> = row
            .iter()
            .take(3)
            .map(|(f, p)| format!("{} {:.2}", tv.word(*f).unwrap_or("?"), p))
            .collect();
        println!(
            "  {} ({}): {}",
            sv.word(e).unwrap_or("?"),
            freq[e as usize],
            best.join(", ")
        );
    }

    // Held out: train on even documents, score odd ones (or, for one
    // document, the first half of its beads against the second).
    let (train, test): (Vec<&Doc>, Vec<&Doc>) = if docs.len() > 1 {
        (
            docs.iter().step_by(2).collect(),
            docs.iter().skip(1).step_by(2).collect(),
        )
    } else {
        (vec![&docs[0]], vec![&docs[0]])
    };
    let half = docs.len() == 1;
    let train_docs: Vec<AlignedDoc> = train
        .iter()
        .map(|d| AlignedDoc {
            src: &d.src,
            tgt: &d.tgt,
            beads: if half {
                &d.beads[..d.beads.len() / 2]
            } else {
                &d.beads
            },
        })
        .collect();
    let lex: Lexicon = train_from_beads(&train_docs, DEFAULT_MIN_CONFIDENCE, &user_pairs, &params);
    let (mut good, mut bad, mut n, mut wins) = (0.0, 0.0, 0usize, 0usize);
    for d in &test {
        let beads = if half {
            &d.beads[d.beads.len() / 2..]
        } else {
            &d.beads[..]
        };
        for w in beads.windows(2) {
            let (s, t, t2) = (
                &d.src[w[0].src.start],
                &d.tgt[w[0].tgt.start],
                &d.tgt[w[1].tgt.start],
            );
            let g = lex.bead_score(&[s], &[t]);
            let b = lex.bead_score(&[s], &[t2]);
            good += g;
            bad += b;
            n += 1;
            if g > b {
                wins += 1;
            }
        }
    }
    println!(
        "held out: {n} gold 1-1 beads; mean score {:.3} on gold, {:.3} on the next sentence's target; gold higher in {:.1} %",
        good / n as f64,
        bad / n as f64,
        100.0 * wins as f64 / n as f64
    );
}
