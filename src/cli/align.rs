//! `mizan align`: one pair of documents, or two lists of them.

use super::args::{AlignArgs, Format, MemoryArgs};
use super::config::{parse_lang_tags, AlignJob, DocPair};
use super::load::{load_pair, LoadOptions, Splitters};
use super::output::{check_writable, refuse_input_as_output, Sink};
use super::Outcome;
use anyhow::{bail, Context, Result};
use mizan::align::Bead;
use mizan::aligner::{is_lopsided, Side};
use mizan::confidence;
use mizan::corpus::{align_corpus, CorpusAlignment, LearnedLexicon, LexiconConfig};
use mizan::lexicon::{self, grow, Lexicon};
use mizan::review::{self, Review, ReviewDoc};
use mizan::tokenize::Vocab;
use mizan::write::explain::write_explanation;
use mizan::write::html::write_review_page;
use mizan::write::{
    self, write_docs, BeadsWriter, DocAlignment, JsonlWriter, MosesWriter, TableFormat,
    TableWriter, TmxOptions, TmxWriter, WriteStats,
};
use mizan::Lang;
use std::path::{Path, PathBuf};

pub fn align(args: AlignArgs) -> Result<Outcome> {
    if args.jsonl {
        return super::stream::run(args);
    }
    let job = AlignJob::from_args(args)?;
    for p in &job.unpaired {
        eprintln!(
            "mizan: warning: {}: no namesake in the other folder, skipped",
            p.display()
        );
    }
    check_outputs(&job)?;
    let cfg = job.align.clone();
    // Read everything before aligning, and align everything before opening
    // the output, so bad input leaves no file behind.
    let mut loaded = Vec::with_capacity(job.docs.len());
    let mut kept = Vec::with_capacity(job.docs.len());
    let mut skipped = 0;
    let mut splitters = Splitters::new(job.srx.as_deref());
    let src_opts = LoadOptions {
        read: &job.read,
        verbose: job.verbose,
        lang_flag: "--src-lang",
    };
    let tgt_opts = LoadOptions {
        lang_flag: "--tgt-lang",
        ..src_opts
    };
    for doc in &job.docs {
        let sp = (!job.presegmented).then_some(&mut splitters);
        let pair = load_pair(
            (&doc.src, job.src_lang.as_ref(), &src_opts),
            (&doc.tgt, job.tgt_lang.as_ref(), &tgt_opts),
            sp,
        );
        match pair {
            Ok(p) => {
                loaded.push(p);
                kept.push(doc);
            }
            // In a folder, one bad file costs its pair, not the run.
            Err(e) if job.folders && !job.strict => {
                eprintln!("mizan: warning: {e:#}; the pair {} is skipped", doc.name);
                skipped += 1;
            }
            Err(e) => return Err(e),
        }
    }
    if loaded.is_empty() {
        bail!("no document pair could be read ({skipped} skipped)");
    }
    let outcome = Outcome::from_skips(skipped);
    let src_lang = same_lang(
        loaded.iter().zip(&kept).map(|(d, p)| (&d.0.lang, &p.src)),
        "source",
    )?;
    let tgt_lang = same_lang(
        loaded.iter().zip(&kept).map(|(d, p)| (&d.1.lang, &p.tgt)),
        "target",
    )?;
    if src_lang == tgt_lang && !job.allow_same_language {
        bail!(
            "{}: both sides are in the same language ({src_lang}); this usually means the wrong file or folder was given. \
             Give --src-lang/--tgt-lang if detection is wrong, or --allow-same-language to align them anyway",
            kept[0].tgt.display()
        );
    }
    let mut user = match &job.lexicon {
        Some(path) => Some(lexicon::read_user_lexicon(path)?),
        None => None,
    };
    if let Some(path) = job.lexicon_update.as_deref().filter(|p| p.exists()) {
        let grown = lexicon::read_user_lexicon(path)?;
        user.get_or_insert_with(Default::default)
            .entries
            .extend(grown.entries);
    }
    let dicts = super::dicts::system_dicts(&job.dicts)?;
    let cache = super::dicts::dict_cache(&job.dicts);
    let dictionary = super::dicts::dictionary_lexicon(
        &dicts,
        src_lang,
        tgt_lang,
        cache.as_deref(),
        job.verbose,
    )?;
    let lex_cfg = LexiconConfig {
        learn: !job.no_lexicon,
        rounds: job.lexicon_rounds,
        user,
        dictionary,
        // A feature dump is for fitting the confidence model, which needs
        // the lexical support features whether the shipped model uses
        // them or not.
        counts: job.lexicon_out.is_some()
            || job.lexicon_update.is_some()
            || job.dump_features.is_some(),
        every_feature: job.dump_features.is_some(),
        ..LexiconConfig::default()
    };
    let sides: Vec<(Side, Side)> = loaded
        .iter()
        .map(|(s, t)| {
            (
                Side {
                    sentences: &s.sentences,
                    lang: &s.lang,
                },
                Side {
                    sentences: &t.sentences,
                    lang: &t.lang,
                },
            )
        })
        .collect();
    let result = align_corpus(&sides, &cfg, &lex_cfg);
    for ((pair, (s, t)), a) in kept.iter().zip(&loaded).zip(&result.alignments) {
        let (n, m) = (s.sentences.len(), t.sentences.len());
        if is_lopsided(n, m) {
            eprintln!(
                "mizan: warning: {}: {n} source against {m} target segments; the documents are not translations of each other as a whole, so links below confidence 0.5 are left out",
                pair.name
            );
        }
        if a.band_limited {
            super::build::warn_band_limited(&pair.name, cfg.search.band_limit);
        }
    }
    if let Some(path) = &job.lexicon_out {
        write_lexicon(path, result.lexicon.as_ref(), path)?;
    }
    if let Some(path) = &job.lexicon_update {
        update_lexicon(path, result.lexicon.as_ref())?;
    }
    if let Some(path) = &job.dump_features {
        write_features(path, &kept, &result)?;
    }
    let mut summary = confidence::Summary::default();
    let beads: Vec<Vec<Bead>> = result
        .alignments
        .iter()
        .map(|a| summary.keep(&a.beads, job.min_score.filter(|_| !job.explain)))
        .collect();
    let docs: Vec<DocAlignment> = kept
        .iter()
        .zip(&loaded)
        .zip(&beads)
        .map(|((pair, (s, t)), b)| DocAlignment {
            name: &pair.name,
            src: &s.sentences,
            tgt: &t.sentences,
            beads: b,
        })
        .collect();
    if !job.explain {
        eprintln!("mizan: {summary}");
    }
    if job.explain {
        let mut sink = Sink::open(job.output.as_deref())?;
        for (k, doc) in docs.iter().enumerate() {
            write_explanation(&mut sink, doc, &result.explain(k, &cfg))?;
        }
        sink.commit()?;
        return Ok(outcome);
    }
    if job.format == Format::Html {
        let review_docs = kept
            .iter()
            .zip(&loaded)
            .zip(&result.alignments)
            .enumerate()
            .map(|(k, ((pair, (s, t)), a))| {
                ReviewDoc::new(
                    &pair.name,
                    (
                        pair.src.display().to_string(),
                        pair.tgt.display().to_string(),
                    ),
                    &s.sentences,
                    &t.sentences,
                    &a.beads,
                    result.anchors.get(k).map_or(&[], Vec::as_slice),
                )
            })
            .collect();
        let source = review::Source::Align {
            presegmented: job.presegmented,
            srx: job.srx.as_ref().map(|p| p.display().to_string()),
            encoding: job.encoding.clone(),
        };
        let review = Review::new(src_lang, tgt_lang, source, review_docs);
        let mut sink = Sink::open(job.output.as_deref())?;
        write_review_page(
            &mut sink,
            &review,
            &format!("mizan review: {src_lang}-{tgt_lang}"),
        )?;
        sink.commit()?;
        return Ok(outcome);
    }
    let tags = |l: &Lang| job.tag(l);
    let out = Output {
        format: job.format,
        path: job.output.as_deref(),
        tag: &tags,
    };
    write_output(&out, &docs, src_lang, tgt_lang)?;
    Ok(outcome)
}

/// Where and how `align` and `apply` write their result.
pub(crate) struct Output<'a> {
    pub format: Format,
    pub path: Option<&'a Path>,
    /// The language tag written into a TMX for a language.
    pub tag: &'a dyn Fn(&Lang) -> String,
}

/// The output path of `apply` or `collect` (`None` for standard output);
/// html is refused, since those write memories.
pub(crate) fn memory_path(out: &MemoryArgs) -> Result<Option<&Path>> {
    if out.format == Format::Html {
        bail!("this writes a memory: give -f tmx, tsv, csv, jsonl, beads or moses");
    }
    Ok(out.output.as_deref().filter(|p| p.as_os_str() != "-"))
}

/// Writes the memory of `apply` or `collect`.
pub(crate) fn write_memory(
    out: &MemoryArgs,
    docs: &[DocAlignment],
    src_lang: &Lang,
    tgt_lang: &Lang,
) -> Result<()> {
    let tags = parse_lang_tags(&out.lang_tag)?;
    let tag = |l: &Lang| {
        tags.get(l.code())
            .cloned()
            .unwrap_or_else(|| l.code().to_string())
    };
    let target = Output {
        format: out.format,
        path: memory_path(out)?,
        tag: &tag,
    };
    write_output(&target, docs, src_lang, tgt_lang)
}

/// Writes aligned documents in any format but html.
pub(crate) fn write_output(
    out: &Output<'_>,
    docs: &[DocAlignment],
    src_lang: &Lang,
    tgt_lang: &Lang,
) -> Result<()> {
    if out.format == Format::Beads && docs.len() > 1 {
        return write_bead_files(docs, out.path);
    }
    if out.format == Format::Moses {
        let Some(prefix) = out.path else {
            bail!("-f moses writes two files: give their common prefix with -o (e.g. -o corpus for corpus.ar and corpus.en)");
        };
        let stats = write_moses(prefix, docs, src_lang, tgt_lang, true)?;
        warn_stats(&stats);
        return Ok(());
    }
    let mut sink = Sink::open(out.path)?;
    let stats = match out.format {
        Format::Tmx => {
            let date = write::creation_date_from_env()?;
            let opts = TmxOptions::new(&(out.tag)(src_lang), &(out.tag)(tgt_lang), &date)?;
            write_docs(TmxWriter::new(&mut sink, opts)?, docs)?
        }
        Format::Tsv => write_docs(TableWriter::new(&mut sink, TableFormat::Tsv)?, docs)?,
        Format::Csv => write_docs(TableWriter::new(&mut sink, TableFormat::Csv)?, docs)?,
        Format::Jsonl => write_docs(JsonlWriter::new(&mut sink), docs)?,
        Format::Beads => write_docs(BeadsWriter::new(&mut sink), docs)?,
        Format::Moses | Format::Html => unreachable!("written elsewhere"),
    };
    no_units_is_an_error(&stats)?;
    sink.commit()?;
    warn_stats(&stats);
    Ok(())
}

/// A run that links no sentence pair made no translation memory: that is
/// worth a non-zero exit rather than an empty file and silence. Nothing is
/// committed (a regular output file is not even created).
fn no_units_is_an_error(stats: &WriteStats) -> Result<()> {
    if stats.units == 0 {
        bail!(
            "no translation unit to write: no sentence was linked with a counterpart{}",
            if stats.skipped_empty > 0 {
                " (every link had an empty side)"
            } else {
                ""
            }
        );
    }
    Ok(())
}

/// Before any work: no output may be one of the inputs, and every output
/// must be writable.
fn check_outputs(job: &AlignJob) -> Result<()> {
    let mut inputs: Vec<&Path> = Vec::new();
    for d in &job.docs {
        inputs.push(&d.src);
        inputs.push(&d.tgt);
    }
    inputs.extend(job.lexicon.as_deref());
    inputs.extend(job.srx.as_deref());
    for out in [
        job.output.as_deref(),
        job.lexicon_out.as_deref(),
        job.lexicon_update.as_deref(),
    ] {
        refuse_input_as_output(out, inputs.iter().copied())?;
    }
    for out in [job.lexicon_out.as_deref(), job.lexicon_update.as_deref()]
        .into_iter()
        .flatten()
    {
        check_writable(out)?;
    }
    match job.output.as_deref() {
        // Several bead files go into a folder, made when written.
        Some(_) if job.format == Format::Beads && job.docs.len() > 1 && !job.explain => Ok(()),
        Some(out) => check_writable(out),
        None => Ok(()),
    }
}

/// Writes Moses parallel text to `PREFIX.<src code>` and
/// `PREFIX.<tgt code>` (`.src` and `.tgt` when both codes are the same).
/// Both files appear only once both are complete; with `require_units`,
/// not at all when there is no unit to write.
pub(crate) fn write_moses(
    prefix: &Path,
    docs: &[DocAlignment],
    src_lang: &Lang,
    tgt_lang: &Lang,
    require_units: bool,
) -> Result<WriteStats> {
    let (a, b) = if src_lang.code() == tgt_lang.code() {
        ("src", "tgt")
    } else {
        (src_lang.code(), tgt_lang.code())
    };
    let with_ext = |ext: &str| {
        let mut name = prefix.as_os_str().to_owned();
        name.push(format!(".{ext}"));
        PathBuf::from(name)
    };
    let mut src = Sink::open(Some(&with_ext(a)))?;
    let mut tgt = Sink::open(Some(&with_ext(b)))?;
    let mut writer = MosesWriter::new(&mut src, &mut tgt);
    for d in docs {
        writer.write_doc(d)?;
    }
    let (_, _, stats) = writer.finish()?;
    if require_units {
        no_units_is_an_error(&stats)?;
    }
    src.commit()?;
    tgt.commit()?;
    Ok(stats)
}

/// Writes the learned lexicon as TSV; with no lexicon learned (too little
/// data), the file holds only the header, and a warning says why.
pub(crate) fn write_lexicon(
    path: &Path,
    learned: Option<&LearnedLexicon>,
    shown: &Path,
) -> Result<()> {
    let mut sink = Sink::open(Some(path))?;
    match learned {
        Some(l) => l
            .lexicon
            .write_tsv(&mut sink, &l.src_vocab, &l.tgt_vocab, &l.counts)?,
        None => {
            eprintln!(
                "mizan: warning: {}: too few confident links to learn a lexicon; the file lists none",
                shown.display()
            );
            Lexicon::empty().write_tsv(
                &mut sink,
                &Vocab::new(),
                &Vocab::new(),
                &Default::default(),
            )?;
        }
    }
    sink.commit()
}

/// Adds this run's learned counts to the lexicon file at `path` (made
/// when missing) and writes it back in one piece.
pub(crate) fn update_lexicon(path: &Path, learned: Option<&LearnedLexicon>) -> Result<()> {
    let old = match std::fs::read(path) {
        Ok(bytes) => {
            let text = String::from_utf8(bytes)
                .with_context(|| format!("{}: not UTF-8 text", path.display()))?;
            grow::parse_counts(&text).with_context(|| path.display().to_string())?
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(e).with_context(|| format!("{}: cannot read", path.display())),
    };
    let mut new = Vec::new();
    if let Some(l) = learned {
        let mut buf = Vec::new();
        l.lexicon
            .write_tsv(&mut buf, &l.src_vocab, &l.tgt_vocab, &l.counts)?;
        new = grow::parse_counts(&String::from_utf8_lossy(&buf))?;
    } else {
        eprintln!(
            "mizan: warning: {}: too few confident links to learn from; the lexicon is unchanged",
            path.display()
        );
    }
    let rows = grow::merge_counts(old, new.into_iter().filter(|r| r.count > 0.0).collect());
    let mut sink = Sink::open(Some(path))?;
    grow::write_counts(&mut sink, &rows)?;
    sink.commit()
}

/// All documents of one side must be in one language: a TMX file has one
/// source language.
fn same_lang<'a>(
    mut langs: impl Iterator<Item = (&'a Lang, &'a PathBuf)>,
    side: &str,
) -> Result<&'a Lang> {
    let (first, _) = langs.next().context("no documents to align")?;
    for (l, path) in langs {
        if l != first {
            bail!(
                "{}: {side} documents are in different languages ({first} and {l}); give --{}-lang",
                path.display(),
                if side == "source" { "src" } else { "tgt" }
            );
        }
    }
    Ok(first)
}

/// Bead files are per document (sentence numbers start at 0 in each), so
/// several documents go into a folder, one `NAME.beads` each.
fn write_bead_files(docs: &[DocAlignment], dir: Option<&Path>) -> Result<()> {
    let Some(dir) = dir else {
        bail!("--format beads with several documents writes one file each: give a folder with -o");
    };
    std::fs::create_dir_all(dir)
        .with_context(|| format!("{}: cannot create folder", dir.display()))?;
    for d in docs {
        let mut sink = Sink::open(Some(&dir.join(format!("{}.beads", d.name))))?;
        write_docs(BeadsWriter::new(&mut sink), std::slice::from_ref(d))?;
        sink.commit()?;
    }
    Ok(())
}

fn warn_stats(stats: &WriteStats) {
    if stats.forbidden_removed > 0 {
        eprintln!(
            "mizan: warning: removed {} control character(s) that XML does not allow",
            stats.forbidden_removed
        );
    }
}

/// Writes the confidence model's features of every unit, one a line:
/// document, source ids, target ids, then one column per feature (header
/// first), for scripts/fit-confidence.py.
fn write_features(path: &Path, pairs: &[&DocPair], run: &CorpusAlignment) -> Result<()> {
    let mut out = String::from("doc\tsrc\ttgt");
    for f in confidence::FEATURES {
        out.push('\t');
        out.push_str(f);
    }
    out.push('\n');
    let ids = |r: &std::ops::Range<usize>| {
        r.clone()
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(",")
    };
    for (k, (pair, a)) in pairs.iter().zip(&run.alignments).enumerate() {
        for (b, x) in a.beads.iter().zip(run.features(k)) {
            let Some(x) = x else { continue };
            out.push_str(&format!("{}\t{}\t{}", pair.name, ids(&b.src), ids(&b.tgt)));
            for v in x {
                out.push_str(&format!("\t{v:.6}"));
            }
            out.push('\n');
        }
    }
    std::fs::write(path, out).with_context(|| format!("cannot write {}", path.display()))
}
