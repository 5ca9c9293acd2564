//! Running the subcommands.

use super::args::{AlignArgs, Format, SegmentArgs};
use super::config::AlignJob;
use super::output::Sink;
use anyhow::Result;
use mizan::aligner::{align_sentences, AlignConfig, Side};
use mizan::segment::Segmenter;
use mizan::write::DocAlignment;
use mizan::{input, lang, Lang};
use std::io::Write;
use std::path::Path;

/// A document read, its language decided and its sentences found.
pub struct Loaded {
    pub lang: Lang,
    pub sentences: Vec<String>,
}

/// Reads one document: the text, its language (given or detected) and its
/// segments (lines when presegmented, else sentences).
pub fn load(
    path: &Path,
    lang: Option<&Lang>,
    presegmented: bool,
    srx: Option<&Path>,
) -> Result<Loaded> {
    let text = input::read_text(path)?;
    let lang = match lang {
        Some(l) => l.clone(),
        None => lang::detect(&text).map_err(|e| e.with_path(path))?,
    };
    let sentences = if presegmented {
        input::lines(&text)
    } else {
        let seg = match srx {
            Some(rules) => Segmenter::from_srx(rules, &lang)?,
            None => Segmenter::new(&lang),
        };
        mizan::segment::segment_text(&text, &seg)
    };
    Ok(Loaded { lang, sentences })
}

pub fn align(args: AlignArgs) -> Result<()> {
    let job = AlignJob::from_args(args)?;
    for p in &job.unpaired {
        eprintln!(
            "mizan: warning: {}: no namesake in the other folder, skipped",
            p.display()
        );
    }
    let cfg = AlignConfig::default();
    // Read and align everything before opening the output, so bad input
    // leaves no file behind.
    let mut done = Vec::with_capacity(job.docs.len());
    for doc in &job.docs {
        let src = load(
            &doc.src,
            job.src_lang.as_ref(),
            job.presegmented,
            job.srx.as_deref(),
        )?;
        let tgt = load(
            &doc.tgt,
            job.tgt_lang.as_ref(),
            job.presegmented,
            job.srx.as_deref(),
        )?;
        let beads = align_sentences(
            Side {
                sentences: &src.sentences,
                lang: &src.lang,
            },
            Side {
                sentences: &tgt.sentences,
                lang: &tgt.lang,
            },
            &cfg,
        );
        done.push((doc.name.clone(), src, tgt, beads));
    }
    let mut sink = Sink::open(job.output.as_deref())?;
    match job.format {
        Format::Beads => {
            for (_, _, _, beads) in &done {
                for b in beads {
                    let ids = |r: std::ops::Range<usize>| {
                        r.map(|i| i.to_string()).collect::<Vec<_>>().join(", ")
                    };
                    writeln!(
                        sink,
                        "[{}]:[{}]:{:.4}",
                        ids(b.src.clone()),
                        ids(b.tgt.clone()),
                        b.score
                    )?;
                }
            }
        }
        _ => {
            let _docs: Vec<DocAlignment> = done
                .iter()
                .map(|(name, s, t, b)| DocAlignment {
                    name,
                    src: &s.sentences,
                    tgt: &t.sentences,
                    beads: b,
                })
                .collect();
            let _ = job.tag(&done[0].1.lang);
            anyhow::bail!("format not ready");
        }
    }
    sink.commit()
}

pub fn segment(args: SegmentArgs) -> Result<()> {
    let lang = args.lang.as_deref().map(Lang::parse).transpose()?;
    let doc = load(&args.file, lang.as_ref(), false, args.srx.as_deref())?;
    let mut sink = Sink::open(args.output.as_deref().filter(|p| p.as_os_str() != "-"))?;
    for s in &doc.sentences {
        writeln!(sink, "{s}")?;
    }
    sink.commit()
}

pub fn eval(_args: super::args::EvalArgs) -> Result<()> {
    anyhow::bail!("not ready")
}
