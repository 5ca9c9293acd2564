//! `mizan collect`: a memory from the results of `mizan align --jsonl`.

use super::align::{memory_path, write_memory};
use super::args::CollectArgs;
use super::output::refuse_input_as_output;
use super::Outcome;
use anyhow::{bail, Context, Result};
use mizan::align::{ranges_from_ids, Bead, Checks};
use mizan::stream;
use mizan::write::DocAlignment;
use mizan::Lang;
use std::io::BufRead;
use std::path::{Path, PathBuf};

/// One aligned record, ready to write.
struct Doc {
    name: String,
    src: Vec<String>,
    tgt: Vec<String>,
    beads: Vec<Bead>,
}

pub fn collect(args: CollectArgs) -> Result<Outcome> {
    let output = memory_path(&args.out)?;
    refuse_input_as_output(output, args.results.iter().map(PathBuf::as_path))?;
    let inputs: Vec<Option<&Path>> = if args.results.is_empty() {
        vec![None]
    } else {
        args.results
            .iter()
            .map(|p| (p.as_os_str() != "-").then_some(p.as_path()))
            .collect()
    };
    let mut docs = Vec::new();
    let mut langs: Option<(String, String)> = None;
    let mut failed = 0;
    for input in inputs {
        let name = input.map_or("standard input".to_string(), |p| p.display().to_string());
        let reader: Box<dyn BufRead> = match input {
            Some(p) => Box::new(std::io::BufReader::new(
                std::fs::File::open(p).with_context(|| format!("{name}: cannot open"))?,
            )),
            None => Box::new(std::io::stdin().lock()),
        };
        for (k, line) in reader.lines().enumerate() {
            let line = line.with_context(|| format!("{name}:{}", k + 1))?;
            if line.trim().is_empty() {
                continue;
            }
            let at = || format!("{name}:{}", k + 1);
            let r: stream::Output = serde_json::from_str(&line)
                .with_context(|| format!("{}: not a result of mizan align --jsonl", at()))?;
            if r.is_error() {
                failed += 1;
                continue;
            }
            if r.band_limited {
                eprintln!(
                    "mizan: warning: {}: record {}: its search stopped at the size limit \
                     (--band-limit), so its links are the best inside it; check that its two \
                     sides are translations of each other",
                    at(),
                    r.id
                );
            }
            let pair = (
                r.src_lang.clone().unwrap_or_default(),
                r.tgt_lang.clone().unwrap_or_default(),
            );
            match &langs {
                None => langs = Some(pair),
                Some(l) if *l != pair => bail!(
                    "{}: languages {}-{} after {}-{}: collect one language pair at a time",
                    at(),
                    pair.0,
                    pair.1,
                    l.0,
                    l.1
                ),
                _ => {}
            }
            docs.push(doc_of(r).with_context(at)?);
        }
    }
    let Some((src_lang, tgt_lang)) = langs else {
        bail!("no aligned record to collect ({failed} failed)");
    };
    if failed > 0 {
        eprintln!("mizan: warning: {failed} record(s) had failed and are left out");
    }
    let (src_lang, tgt_lang) = (Lang::parse(&src_lang)?, Lang::parse(&tgt_lang)?);
    let aligned: Vec<DocAlignment> = docs
        .iter()
        .map(|d| DocAlignment {
            name: &d.name,
            src: &d.src,
            tgt: &d.tgt,
            beads: &d.beads,
        })
        .collect();
    write_memory(&args.out, &aligned, &src_lang, &tgt_lang)?;
    Ok(Outcome::from_skips(failed))
}

/// The document of one result, its links checked to cover its segments
/// once and in order.
fn doc_of(r: stream::Output) -> Result<Doc> {
    let name = match &r.id {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let (Some(src), Some(tgt), Some(links)) = (r.src_segments, r.tgt_segments, r.links) else {
        bail!("a result without segments or links");
    };
    let ranges = ranges_from_ids(
        links.iter().map(|l| (l.src.as_slice(), l.tgt.as_slice())),
        src.len(),
        tgt.len(),
    )
    .map_err(|msg| anyhow::anyhow!(msg))?;
    let mut beads = Vec::with_capacity(ranges.len());
    for (k, (l, (s, t))) in links.iter().zip(ranges).enumerate() {
        let checks = Checks::parse(&l.checks.join(","))
            .map_err(|c| anyhow::anyhow!("link {}: unknown check {c:?}", k + 1))?;
        beads.push(Bead {
            src: s,
            tgt: t,
            score: l.score,
            checks,
            reviewed: false,
        });
    }
    Ok(Doc {
        name,
        src,
        tgt,
        beads,
    })
}
