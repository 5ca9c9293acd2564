//! `mizan apply`: a translation memory from a reviewed alignment.

use super::align::{memory_path, write_memory};
use super::args::ApplyArgs;
use super::config::read_options;
use super::load::{load, LoadOptions, Splitters};
use super::output::refuse_input_as_output;
use super::Outcome;
use anyhow::{Context, Result};
use mizan::build::{load_corpus_lenient, split_article, Segmentation};
use mizan::review::{Review, ReviewDoc, Source};
use mizan::write::DocAlignment;
use mizan::Lang;
use std::path::{Path, PathBuf};

pub fn apply(args: ApplyArgs) -> Result<Outcome> {
    let output = memory_path(&args.out)?;
    let review = Review::read(&args.review)?;
    let src_lang = Lang::parse(&review.src_lang)?;
    let tgt_lang = Lang::parse(&review.tgt_lang)?;
    refuse_input_as_output(output, [args.review.as_path()])?;
    let texts = read_texts(&review, &src_lang, &tgt_lang)
        .with_context(|| format!("{}: cannot apply the review", args.review.display()))?;
    let mut beads = Vec::with_capacity(review.docs.len());
    for (doc, (src, tgt)) in review.docs.iter().zip(&texts) {
        beads.push(
            doc.beads(src, tgt)
                .with_context(|| format!("{}", args.review.display()))?,
        );
    }
    let docs: Vec<DocAlignment> = review
        .docs
        .iter()
        .zip(&texts)
        .zip(&beads)
        .map(|((d, (s, t)), b)| DocAlignment {
            name: &d.name,
            src: s,
            tgt: t,
            beads: b,
        })
        .collect();
    let reviewed = beads.iter().flatten().filter(|b| b.reviewed).count();
    write_memory(&args.out, &docs, &src_lang, &tgt_lang)?;
    eprintln!(
        "mizan: {} documents, {reviewed} links approved or corrected by the reviewer",
        docs.len()
    );
    Ok(Outcome::Complete)
}

type Texts = Vec<(Vec<String>, Vec<String>)>;

/// Reads every document's two texts again, as the run that made the
/// review read them.
fn read_texts(review: &Review, src_lang: &Lang, tgt_lang: &Lang) -> Result<Texts> {
    match &review.source {
        Source::Align {
            presegmented,
            srx,
            encoding,
        } => {
            let read = read_options(encoding.as_deref())?;
            let mut splitters = Splitters::new(srx.as_deref().map(Path::new));
            let opts = |flag| LoadOptions {
                read: &read,
                verbose: false,
                lang_flag: flag,
            };
            let (so, to) = (opts("--src-lang"), opts("--tgt-lang"));
            let mut out = Vec::new();
            for d in &review.docs {
                let mut sp = (!presegmented).then_some(&mut splitters);
                let s = load(
                    Path::new(&d.src_file),
                    Some(src_lang),
                    sp.as_deref_mut(),
                    &so,
                )?;
                let t = load(Path::new(&d.tgt_file), Some(tgt_lang), sp, &to)?;
                out.push((s.sentences, t.sentences));
            }
            Ok(out)
        }
        Source::Build {
            corpus,
            presegmented,
            srx,
            encoding,
        } => {
            let read = read_options(encoding.as_deref())?;
            let segmentation = match (srx, presegmented) {
                (_, true) => Segmentation::Lines,
                (Some(rules), false) => Segmentation::Srx(PathBuf::from(rules)),
                (None, false) => Segmentation::Rules,
            };
            let corpus = load_corpus_lenient(Path::new(corpus), &read)?;
            let others = corpus
                .others
                .iter()
                .find(|(l, _)| l == tgt_lang)
                .map(|(_, a)| a.as_slice())
                .unwrap_or(&[]);
            let seg_src = segmentation.splitter(src_lang)?;
            let seg_tgt = segmentation.splitter(tgt_lang)?;
            review
                .docs
                .iter()
                .map(|d: &ReviewDoc| {
                    let find = |list: &[mizan::pair::Article], id: &str| {
                        list.iter()
                            .find(|a| a.id == id)
                            .map(|a| a.text.clone())
                            .with_context(|| {
                                format!("{}: the article {id} is no longer in the corpus", d.name)
                            })
                    };
                    let s = find(&corpus.ar, &d.src_file)?;
                    let t = find(others, &d.tgt_file)?;
                    Ok((
                        split_article(&s, seg_src.as_ref()),
                        split_article(&t, seg_tgt.as_ref()),
                    ))
                })
                .collect()
        }
    }
}
