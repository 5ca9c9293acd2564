use super::*;
use std::path::{Path, PathBuf};

/// The dev sets: `MIZAN_PAIR_DEV` or the shared corpora folder.
fn dev_root() -> PathBuf {
    std::env::var_os("MIZAN_PAIR_DEV")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/work/shared/corpora/ntrex-dev"))
}

fn run_dev(set: &Path, other: &str, cfg: &PairConfig, verbose: bool) -> crate::eval::Prf {
    let ar = load_dir(&set.join("ar"), Some(&Lang::Ar)).unwrap();
    let ot = load_dir(&set.join(other), Some(&Lang::parse(other).unwrap())).unwrap();
    let gold = read_pairs_tsv(&set.join(format!("gold.ar-{other}.tsv"))).unwrap();
    let t0 = std::time::Instant::now();
    let p = pair_articles(&ar, &ot, cfg);
    let el = t0.elapsed();
    let pred: Vec<(String, String)> = p
        .pairs
        .iter()
        .map(|&(s, t, _)| (ar[s].id.clone(), ot[t].id.clone()))
        .collect();
    let prf = score_pairs(&pred, &gold);
    eprintln!(
        "{} ar-{other}: P {:.4} R {:.4} ({} pred, {} gold) {:?}",
        set.display(),
        prf.precision,
        prf.recall,
        pred.len(),
        gold.len(),
        el
    );
    if verbose {
        let coll = profile::Collection::build(&ar, &ot, cfg);
        let si = |id: &str| ar.iter().position(|a| a.id == id);
        let ti = |id: &str| ot.iter().position(|a| a.id == id);
        let gold_of: std::collections::HashMap<&str, &str> =
            gold.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        for &(s, t, sc) in &p.pairs {
            let g = gold_of.get(ar[s].id.as_str()).copied();
            if g != Some(ot[t].id.as_str()) {
                let pp = score::parts(&coll, &ar, &ot, s, t);
                eprintln!(
                    "  WRONG {} -> {} score {sc:.3} parts {pp:?}",
                    ar[s].id, ot[t].id
                );
                if let Some(g) = g.and_then(ti) {
                    let gp = score::parts(&coll, &ar, &ot, s, g);
                    eprintln!("     gold {} parts {gp:?}", ot[g].id);
                }
            }
        }
        for (a, b) in &gold {
            if !pred.contains(&(a.clone(), b.clone())) {
                if let (Some(s), Some(t)) = (si(a), ti(b)) {
                    let gp = score::parts(&coll, &ar, &ot, s, t);
                    let got = p.pairs.iter().find(|x| x.0 == s);
                    eprintln!("  MISSED {a} -> {b} parts {gp:?}; got {got:?}");
                }
            }
        }
    }
    prf
}

/// Measures precision and recall on the ntrex-dev pairing sets:
/// `cargo test --release pair::tests::dev -- --ignored --nocapture`.
#[test]
#[ignore]
fn dev() {
    let root = dev_root();
    let verbose = std::env::var_os("MIZAN_PAIR_VERBOSE").is_some();
    let cfg = PairConfig::default();
    for set in ["pairing", "pairing-hard"] {
        for other in ["en", "ru"] {
            run_dev(&root.join(set), other, &cfg, verbose);
        }
    }
}

/// Dumps candidate features for offline analysis:
/// `MIZAN_PAIR_DUMP=file cargo test --release pair::tests::dump -- --ignored`.
#[test]
#[ignore]
fn dump() {
    use std::io::Write;
    let root = dev_root();
    let out = std::env::var("MIZAN_PAIR_DUMP").unwrap_or_else(|_| "/tmp/pair-dump.tsv".into());
    let mut f = std::fs::File::create(out).unwrap();
    let cfg = PairConfig::default();
    writeln!(
        f,
        "set\tother\ts\tt\trank\tcheap\tchain\ttot_s\ttot_t\tlen_s\tlen_t\tshare\tgold"
    )
    .unwrap();
    for set in ["pairing", "pairing-hard"] {
        for other in ["en", "ru"] {
            let dir = root.join(set);
            let ar = load_dir(&dir.join("ar"), Some(&Lang::Ar)).unwrap();
            let ot = load_dir(&dir.join(other), Some(&Lang::parse(other).unwrap())).unwrap();
            let gold = read_pairs_tsv(&dir.join(format!("gold.ar-{other}.tsv"))).unwrap();
            let coll = profile::Collection::build(&ar, &ot, &cfg);
            let cands = index::candidates(&coll, &cfg);
            for (s, c) in cands.iter().enumerate() {
                for (rank, &(t, cheap)) in c.iter().enumerate() {
                    let t = t as usize;
                    let e = score::evidence(&coll, &coll.src[s], &coll.tgt[t]);
                    let (_, _, share) = score::parts(&coll, &ar, &ot, s, t);
                    let g = gold.contains(&(ar[s].id.clone(), ot[t].id.clone()));
                    writeln!(
                        f,
                        "{set}\t{other}\t{}\t{}\t{rank}\t{cheap}\t{}\t{}\t{}\t{}\t{}\t{share}\t{}",
                        ar[s].id,
                        ot[t].id,
                        e.chain,
                        coll.src[s].total_w,
                        coll.tgt[t].total_w,
                        coll.src[s].len,
                        coll.tgt[t].len,
                        g as u8
                    )
                    .unwrap();
                }
            }
            // Gold pairs missing from the candidates.
            for (a, b) in &gold {
                let s = ar.iter().position(|x| &x.id == a).unwrap();
                let t = ot.iter().position(|x| &x.id == b).unwrap();
                if !cands[s].iter().any(|x| x.0 as usize == t) {
                    eprintln!("{set} {other}: gold {a} {b} not among candidates");
                }
            }
        }
    }
}

/// Prints the anchors of one pair: `MIZAN_PAIR_SHOW=set:other:ar:tgt`.
#[test]
#[ignore]
fn show() {
    let spec = std::env::var("MIZAN_PAIR_SHOW").unwrap();
    let v: Vec<&str> = spec.split(':').collect();
    let dir = dev_root().join(v[0]);
    let ar = load_dir(&dir.join("ar"), Some(&Lang::Ar)).unwrap();
    let ot = load_dir(&dir.join(v[1]), Some(&Lang::parse(v[1]).unwrap())).unwrap();
    let cfg = PairConfig::default();
    let coll = profile::Collection::build(&ar, &ot, &cfg);
    let s = ar.iter().position(|a| a.id == v[2]).unwrap();
    let t = ot.iter().position(|a| a.id == v[3]).unwrap();
    let tkeys: std::collections::HashSet<u32> = coll.tgt[t].keys.iter().copied().collect();
    let skeys: std::collections::HashSet<u32> = coll.src[s].keys.iter().copied().collect();
    for (p, other, name) in [(&coll.src[s], &tkeys, "SRC"), (&coll.tgt[t], &skeys, "TGT")] {
        eprintln!("{name} total {:.2} len {}", p.total_w, p.len);
        for (o, w) in p.occs.iter().zip(&p.occ_w) {
            let ids = p.ids(o);
            let names: Vec<String> = ids
                .iter()
                .map(|&k| format!("{}:{:.2}", coll.debug_key(k), coll.weight[k as usize]))
                .collect();
            let hit = ids.iter().any(|k| other.contains(k));
            eprintln!(
                "  s{} w{:.2} {} {:?}",
                o.sent,
                w,
                if hit { "HIT" } else { "   " },
                names
            );
        }
    }
}
