//! What `mizan build` writes for each language pair, under the rules CAT
//! tools apply on import: the TMX (UTF-8 or UTF-16, plain or gzip, whole
//! or in parts, with or without per-unit dates), segments too long for
//! Trados left out and reported, and the extra formats asked for.

use super::align::write_moses;
use super::args::BuildFormat;
use super::args::{BuildArgs, CatArgs};
use super::outdir::OutDir;
use super::output::{resolve_partly, Sink};
use super::tmx::{encoding, write_tmx_stream, write_tmx_units};
use anyhow::{bail, Context, Result};
use mizan::align::Bead;
use mizan::build::{doc_name, LanguageBuild};
use mizan::pair::Article;
use mizan::review::{self, Review, ReviewDoc};
use mizan::tmx::convert::pair_rows;
use mizan::tmx::multilingual::{trilingual_units, PairSide, TriCounts, MAX_RUN};
use mizan::tmx::xliff::write_xliff;
use mizan::tmx::{Tu, TuWriterOptions};
use mizan::write::html::write_review_page;
use mizan::write::{
    limit_unit_length, write_docs, DocAlignment, JsonlWriter, LongUnit, TableFormat, TableWriter,
    TmxOptions, TmxWriter, WriteStats,
};
use mizan::Lang;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Trados Studio refuses segments longer than this on TMX import.
pub const TRADOS_MAX_SEGMENT: usize = 2000;

impl CatArgs {
    /// Checks the combinations clap cannot.
    pub fn check(&self) -> Result<()> {
        if self.split_every == Some(0) {
            bail!("--split-every must be at least 1");
        }
        if let Some(id) = &self.creation_id {
            if id.trim().is_empty() || id.chars().any(char::is_control) {
                bail!("--creation-id must be a name without control characters");
            }
        }
        Ok(())
    }

    /// The options of a TMX file with these rules.
    pub fn tmx_options(&self, src: &str, tgt: &str, date: &str) -> Result<TmxOptions> {
        Ok(TmxOptions::new(src, tgt, date)?
            .with_encoding(encoding(self.tmx_encoding))
            .with_unit_info(self.unit_dates, self.creation_id.as_deref()))
    }

    /// The names of the TMX files of a memory of `units` units named
    /// `name` (`ar-en`): one, or one per part.
    pub fn tmx_names(&self, name: &str, units: usize) -> Vec<String> {
        let ext = if self.gzip { "tmx.gz" } else { "tmx" };
        match self.split_every {
            Some(n) if units > n => {
                let parts = units.div_ceil(n);
                let width = parts.to_string().len().max(3);
                (1..=parts)
                    .map(|k| format!("{name}.{k:0width$}.{ext}"))
                    .collect()
            }
            _ => vec![format!("{name}.{ext}")],
        }
    }
}

/// Units left out for their length, with their document's name.
pub type LongUnits = Vec<(String, LongUnit)>;

/// The beads of each document without the units over `max` characters
/// (all of them when `max` is 0), and the units left out with their
/// document's name.
pub fn keep_short(docs: &[DocAlignment], max: usize) -> Result<(Vec<Vec<Bead>>, LongUnits)> {
    let mut kept = Vec::with_capacity(docs.len());
    let mut long = Vec::new();
    for d in docs {
        if max == 0 {
            kept.push(d.beads.to_vec());
            continue;
        }
        let (k, l) = limit_unit_length(d, max)?;
        kept.push(k);
        long.extend(l.into_iter().map(|u| (d.name.to_string(), u)));
    }
    Ok((kept, long))
}

/// The summary's lines about units left out for their length.
pub fn long_summary(name: &str, long: &[(String, LongUnit)], max: usize) -> String {
    if long.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "{name}: {} unit(s) left out for a side over {max} characters (--max-seg-len; Trados's limit is {TRADOS_MAX_SEGMENT}):\n",
        long.len()
    );
    for (doc, u) in long {
        out.push_str(&format!(
            "{name}: left out {doc} link {}: {} and {} characters\n",
            u.bead + 1,
            u.src_chars,
            u.tgt_chars
        ));
    }
    out
}

/// Writes the TMX file(s) of one memory into the output folder and
/// returns its units, its counts and its files, for the caller to list
/// (see [`OutDir::file`]) in their order among the others.
/// Without `keep`, the units come back only when they were held anyway
/// (a memory split in parts).
pub fn write_memory(
    out: &OutDir,
    name: &str,
    docs: &[DocAlignment],
    opts: TmxOptions,
    (cat, keep): (&CatArgs, bool),
) -> Result<(Vec<Tu>, WriteStats, Vec<String>)> {
    let header = opts.header();
    let mut units = Vec::new();
    let mut w = TmxWriter::new(std::io::sink(), opts)?;
    if cat.split_every.is_none() && !keep {
        // One file, and no other output needs the units: each document's
        // are written as they are made. Held all at once, the units of
        // 10,017 article pairs were part of a build's peak memory, and
        // the kernel's clearing of their pages a cost of its own (issue
        // 16).
        let files = cat.tmx_names(name, 0);
        let file = &files[0];
        write_tmx_stream(
            &out.unlisted(file),
            docs.iter().map(|d| w.doc_units(d)),
            &header,
        )
        .with_context(|| format!("{}: cannot write", out.final_path(file).display()))?;
        return Ok((units, w.stats(), files));
    }
    for d in docs {
        units.extend(w.doc_units(d)?);
    }
    let stats = w.stats();
    let files = write_units(out, name, &units, &header, cat)?;
    Ok((units, stats, files))
}

/// Writes units as the TMX file(s) of memory `name`, and returns the
/// files, not yet listed.
pub fn write_units(
    out: &OutDir,
    name: &str,
    units: &[Tu],
    header: &mizan::tmx::TuWriterOptions,
    cat: &CatArgs,
) -> Result<Vec<String>> {
    let names = cat.tmx_names(name, units.len());
    let per = cat.split_every.unwrap_or(units.len()).max(1);
    let mut chunks: Vec<&[Tu]> = units.chunks(per).collect();
    chunks.resize(names.len(), &[]);
    for (file, chunk) in names.iter().zip(chunks) {
        write_tmx_units(Some(&out.unlisted(file)), chunk, header)
            .with_context(|| format!("{}: cannot write", out.final_path(file).display()))?;
    }
    Ok(names)
}

/// The extra outputs of one language pair.
#[derive(Clone, Copy)]
pub struct Extra<'a> {
    pub name: &'a str,
    pub docs: &'a [DocAlignment<'a>],
    /// The memory's units, once it is written (see [`write_extra`]).
    pub units: Option<&'a [Tu]>,
    pub src: (&'a Lang, &'a str),
    pub tgt: (&'a Lang, &'a str),
}

/// Writes one file of the output folder with `write`, without listing
/// it; errors name the file's final place.
fn write_file_with(
    out: &OutDir,
    file: &str,
    write: impl FnOnce(&mut Sink) -> std::io::Result<()>,
) -> Result<()> {
    let shown = out.final_path(file);
    let res = Sink::open(Some(&out.unlisted(file))).and_then(|mut sink| {
        write(&mut sink)?;
        sink.commit()
    });
    res.with_context(|| format!("{}: cannot write", shown.display()))
}

/// The files one format asked for besides the TMX writes, in the order
/// they are listed (none for the TMX, which is written apart).
fn format_files(format: BuildFormat, x: &Extra) -> Vec<String> {
    let name = x.name;
    match format {
        BuildFormat::Tmx => Vec::new(),
        BuildFormat::Tsv => vec![format!("{name}.tsv")],
        BuildFormat::Csv => vec![format!("{name}.csv")],
        BuildFormat::Jsonl => vec![format!("{name}.jsonl")],
        BuildFormat::Moses => vec![
            format!("{name}.{}", x.src.0.code()),
            format!("{name}.{}", x.tgt.0.code()),
        ],
        BuildFormat::Xliff => vec![format!("{name}.xlf")],
    }
}

/// The files of the formats asked for besides the TMX, in the order
/// they are listed.
pub fn extra_files(formats: &[BuildFormat], x: &Extra) -> Vec<String> {
    formats.iter().flat_map(|&f| format_files(f, x)).collect()
}

/// Writes the formats asked for besides the TMX, without listing them
/// (see [`extra_files`]). Only the XLIFF is made from the memory's units:
/// it is written when `x.units` holds them, and the others when it does
/// not, so that those are written while the memory is (issue 16).
pub fn write_extra(out: &OutDir, formats: &[BuildFormat], x: &Extra) -> Result<()> {
    for &f in formats {
        // The first file of the format: the one written, or for Moses the
        // one an error names.
        let Some(file) = format_files(f, x).into_iter().next() else {
            continue;
        };
        match (f, x.units) {
            (BuildFormat::Tsv, None) => write_file_with(out, &file, |w| {
                write_docs(TableWriter::new(w, TableFormat::Tsv)?, x.docs).map(drop)
            })?,
            (BuildFormat::Csv, None) => write_file_with(out, &file, |w| {
                write_docs(TableWriter::new(w, TableFormat::Csv)?, x.docs).map(drop)
            })?,
            (BuildFormat::Jsonl, None) => write_file_with(out, &file, |w| {
                write_docs(JsonlWriter::new(w), x.docs).map(drop)
            })?,
            (BuildFormat::Moses, None) => {
                write_moses(&out.prefix(x.name), x.docs, x.src.0, x.tgt.0, false).with_context(
                    || format!("{}: cannot write", out.final_path(&file).display()),
                )?;
            }
            (BuildFormat::Xliff, Some(units)) => {
                let (rows, _) = pair_rows(units, x.src.1, x.tgt.1);
                write_file_with(out, &file, |w| {
                    write_xliff(w, &rows, x.src.1, x.tgt.1).map(drop)
                })?
            }
            _ => {}
        }
    }
    Ok(())
}

/// Writes the review page `page` of one language pair, without listing
/// it; `ar` and `others` are the corpus's articles of its two languages.
pub fn write_review(
    out: &OutDir,
    page: &str,
    args: &BuildArgs,
    (ar, others): (&[Article], &[Article]),
    b: &LanguageBuild,
) -> Result<()> {
    let source = review::Source::Build {
        corpus: args.corpus.display().to_string(),
        presegmented: args.align.presegmented,
        srx: args
            .align
            .method
            .srx
            .as_ref()
            .map(|p| p.display().to_string()),
        encoding: args.read.encoding.clone(),
    };
    // Each document's part on every core (a tenth of a second of the
    // build's end on 10,000 pairs).
    let docs = b
        .docs
        .par_iter()
        .map(|d| {
            ReviewDoc::new(
                doc_name(&ar[d.src].id),
                (ar[d.src].id.clone(), others[d.tgt].id.clone()),
                &d.src_sentences,
                &d.tgt_sentences,
                &d.beads,
                &d.anchors,
            )
        })
        .collect();
    let review = Review::new(&Lang::Ar, &b.lang, source, docs);
    let mut sink = Sink::open(Some(&out.unlisted(page)))?;
    let title = format!("mizan review: ar-{}", b.lang.code());
    write_review_page(&mut sink, &review, &title)?;
    sink.commit()
}

/// Writes `ar-en-ru.tmx` (Arabic and the first two other languages) from
/// the two pairs' alignments, and returns its summary lines.
pub fn write_trilingual(
    out: &mut OutDir,
    ar: &[mizan::pair::Article],
    builds: [&LanguageBuild; 2],
    tags: [&str; 3],
    date: &str,
    cat: &CatArgs,
) -> Result<String> {
    let name = format!("ar-{}-{}", builds[0].lang.code(), builds[1].lang.code());
    let mut units = Vec::new();
    let mut counts = TriCounts::default();
    let mut unpaired = 0;
    for d in &builds[0].docs {
        let Some(e) = builds[1].docs.iter().find(|e| e.src == d.src) else {
            unpaired += 1;
            continue;
        };
        if d.src_sentences != e.src_sentences {
            counts.mismatched_docs += 1;
            continue;
        }
        let (u, c) = trilingual_units(
            doc_name(&ar[d.src].id),
            tags[0],
            &d.src_sentences,
            PairSide {
                tag: tags[1],
                sentences: &d.tgt_sentences,
                beads: &d.beads,
            },
            PairSide {
                tag: tags[2],
                sentences: &e.tgt_sentences,
                beads: &e.beads,
            },
        );
        units.extend(u);
        counts.add(c);
    }
    unpaired += builds[1]
        .docs
        .iter()
        .filter(|e| !builds[0].docs.iter().any(|d| d.src == e.src))
        .count();
    let before = units.len();
    if cat.max_seg_len > 0 {
        units.retain(|u| {
            u.tuvs
                .iter()
                .all(|t| t.text.chars().count() <= cat.max_seg_len)
        });
    }
    let long = before - units.len();
    for (k, u) in units.iter_mut().enumerate() {
        let mut attrs = vec![("tuid".to_string(), (k + 1).to_string())];
        attrs.append(&mut u.attrs);
        u.attrs = attrs;
        if let Some(id) = &cat.creation_id {
            u.set_attr("creationid", id);
        }
        if cat.unit_dates {
            u.set_attr("creationdate", date);
            u.set_attr("changedate", date);
        }
    }
    let header = TuWriterOptions {
        srclang: tags[0].to_string(),
        creation_date: date.to_string(),
        encoding: encoding(cat.tmx_encoding),
    };
    for file in write_units(out, &name, &units, &header, cat)? {
        out.file(&file);
    }
    let mut summary = format!(
        "{name}: {} trilingual units written ({} with the same Arabic boundaries in both pairs, {} over the smallest common run); {} Arabic runs stay bilingual (a sentence without counterpart in a pair, or a run over {MAX_RUN} segments)\n",
        units.len(),
        counts.same,
        counts.merged,
        counts.bilingual,
    );
    if long > 0 {
        summary.push_str(&format!(
            "{name}: {long} unit(s) left out for a side over {} characters (--max-seg-len)\n",
            cat.max_seg_len
        ));
    }
    if unpaired > 0 || counts.mismatched_docs > 0 {
        summary.push_str(&format!(
            "{name}: {unpaired} Arabic article(s) paired in only one language; {} split differently in the two pairs\n",
            counts.mismatched_docs
        ));
    }
    Ok(summary)
}

/// The growing lexicon of the pair Arabic-`lang` in the folder of `build
/// --lexicon-update DIR`: `DIR/ar-en.lexicon.tsv`, named as
/// `--lexicon-out` names its files.
pub(crate) fn grown_lexicon(dir: &Path, lang: &Lang) -> PathBuf {
    dir.join(format!("ar-{}.lexicon.tsv", lang.code()))
}

/// Before any work: the folder of `build --lexicon-update DIR` is made
/// when missing, and must be neither a file, nor the output folder (whose
/// files the build replaces), nor inside a language folder of the corpus
/// (where the next build would read its files as articles).
pub(crate) fn prepare_lexicon_dir(dir: &Path, corpus: &Path, output: &Path) -> Result<()> {
    if dir.is_file() {
        bail!(
            "{}: is a file; --lexicon-update takes a folder (one lexicon per language pair)",
            dir.display()
        );
    }
    if resolve_partly(dir) == resolve_partly(output) {
        bail!(
            "{}: is the output folder; give --lexicon-update a folder of its own, which builds keep from run to run",
            dir.display()
        );
    }
    super::build::refuse_output_in_corpus(corpus, dir)?;
    std::fs::create_dir_all(dir)
        .with_context(|| format!("{}: cannot make the folder", dir.display()))
}
