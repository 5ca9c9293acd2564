//! `mizan tmx ...`: tools for translation memories, one file per
//! subcommand; the work is in the library's `tmx` module.

pub mod args;
mod convert;
mod filter;
mod merge;
mod stats;

use super::output::Sink;
use super::Outcome;
use anyhow::{bail, Context, Result};
use args::{OutEncoding, TmxCommand, TmxReadArgs};
use mizan::tmx::{self, Inline, Tmx, TmxEncoding, Tu, TuWriter, TuWriterOptions};
use std::io::Write;
use std::path::Path;

pub fn tmx(cmd: TmxCommand) -> Result<Outcome> {
    match cmd {
        TmxCommand::Stats(a) => stats::stats(a),
        TmxCommand::Merge(a) => merge::merge(a),
        TmxCommand::Filter(a) => filter::filter(a),
        TmxCommand::Convert(a) => convert::convert(a),
    }
}

/// Reads TMX files, each error naming its file and line.
pub(crate) fn read_all(files: &[impl AsRef<Path>], read: &TmxReadArgs) -> Result<Vec<Tmx>> {
    let opts = tmx::ReadOptions {
        inline: if read.keep_inline {
            Inline::Keep
        } else {
            Inline::Skip
        },
    };
    files
        .iter()
        .map(|f| Ok(tmx::read_tmx_file(f.as_ref(), &opts)?))
        .collect()
}

pub(crate) fn encoding(e: OutEncoding) -> TmxEncoding {
    match e {
        OutEncoding::Utf8 => TmxEncoding::Utf8,
        OutEncoding::Utf16 => TmxEncoding::Utf16Le,
    }
}

/// Whether a file name asks for gzip compression.
pub(crate) fn is_gzip(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"))
}

/// Writes units as one TMX file (standard output for `None`; gzip when
/// the name ends in `.gz`); the file appears only when complete.
pub(crate) fn write_tmx_units(
    path: Option<&Path>,
    units: &[Tu],
    opts: &TuWriterOptions,
) -> Result<()> {
    let without = units
        .iter()
        .filter(|u| opts.srclang != "*all*" && u.text(&opts.srclang).is_none())
        .count();
    if without > 0 {
        eprintln!(
            "mizan: warning: {without} unit(s) have no variant in the source language {}",
            opts.srclang
        );
    }
    write_tmx_file(path, opts, |tw| {
        for tu in units {
            tw.write_tu(tu)?;
        }
        Ok(())
    })
}

/// Writes a memory's units as one TMX file (gzip when the name ends in
/// `.gz`) as they are made, a document's at a time, so that they are
/// never all held at once; the file appears only when complete.
pub(crate) fn write_tmx_stream(
    path: &Path,
    docs: impl Iterator<Item = std::io::Result<Vec<Tu>>>,
    opts: &TuWriterOptions,
) -> Result<()> {
    write_tmx_file(Some(path), opts, |tw| {
        for units in docs {
            for tu in &units? {
                tw.write_tu(tu)?;
            }
        }
        Ok(())
    })
}

/// Writes one TMX file whose units `fill` writes (standard output for
/// `None`; gzip when the name ends in `.gz`); the file appears only when
/// complete.
fn write_tmx_file(
    path: Option<&Path>,
    opts: &TuWriterOptions,
    fill: impl FnOnce(&mut TuWriter<&mut dyn Write>) -> Result<()>,
) -> Result<()> {
    let mut sink = Sink::open(path)?;
    if path.is_some_and(is_gzip) {
        let mut gz = flate2::write::GzEncoder::new(&mut sink, flate2::Compression::default());
        write_through(&mut gz, opts, fill)?;
        gz.finish()?;
    } else {
        write_through(&mut sink, opts, fill)?;
    }
    sink.commit()
}

fn write_through(
    w: &mut dyn Write,
    opts: &TuWriterOptions,
    fill: impl FnOnce(&mut TuWriter<&mut dyn Write>) -> Result<()>,
) -> Result<()> {
    let mut tw = TuWriter::new(w, opts)?;
    fill(&mut tw)?;
    tw.finish()?;
    Ok(())
}

/// The header's srclang for a memory made of `memories`: `given`, else
/// theirs, which must agree.
pub(crate) fn common_srclang(
    memories: &[Tmx],
    files: &[impl AsRef<Path>],
    given: Option<&str>,
) -> Result<String> {
    if let Some(g) = given {
        mizan::write::tmx::check_tag(g)?;
        return Ok(g.to_string());
    }
    let mut found: Option<(String, &Path)> = None;
    for (m, f) in memories.iter().zip(files) {
        let Some(lang) = tmx::source_lang(m) else {
            continue;
        };
        match &found {
            Some((l, first)) if !l.eq_ignore_ascii_case(&lang) => bail!(
                "{}: source language {lang}, but {} has {l}; give --src-lang",
                f.as_ref().display(),
                first.display()
            ),
            Some(_) => {}
            None => found = Some((lang, f.as_ref())),
        }
    }
    found
        .map(|(l, _)| l)
        .context("no source language: the files have no srclang and no units")
}

/// The creation date for a new memory's header (honouring
/// `SOURCE_DATE_EPOCH`).
pub(crate) fn header(srclang: String, enc: OutEncoding) -> Result<TuWriterOptions> {
    if let Err(e) = mizan::write::tmx::check_tag(&srclang) {
        eprintln!("mizan: warning: srclang {e}");
    }
    Ok(TuWriterOptions {
        srclang,
        creation_date: mizan::write::creation_date_from_env()?,
        encoding: encoding(enc),
    })
}
