//! `mizan tmx convert`: a memory's units as tables, JSON lines, Moses
//! text or XLIFF 2.0.

use super::args::{ConvertArgs, ConvertFormat};
use super::read_all;
use crate::cli::output::Sink;
use crate::cli::Outcome;
use anyhow::{bail, Context, Result};
use mizan::tmx::convert::{pair_rows, write_jsonl, write_moses, write_table};
use mizan::tmx::{lang_matches, languages, source_lang, xliff::write_xliff};
use std::path::PathBuf;

pub fn convert(args: ConvertArgs) -> Result<Outcome> {
    let files = [&args.file];
    let tmx = read_all(&files, &args.read)?.remove(0);
    let src = match args.src_lang {
        Some(s) => s,
        None => source_lang(&tmx)
            .with_context(|| format!("{}: no srclang and no units", args.file.display()))?,
    };
    let tgt = match args.tgt_lang {
        Some(t) => t,
        None => {
            let others: Vec<String> = languages(&tmx)
                .into_iter()
                .filter(|l| !lang_matches(l, &src))
                .collect();
            if others.len() > 1 {
                eprintln!(
                    "mizan: warning: {}: languages {} besides {src}; converting to {} (give --tgt-lang for another)",
                    args.file.display(),
                    others.join(", "),
                    others[0]
                );
            }
            others
                .into_iter()
                .next()
                .with_context(|| format!("{}: no language besides {src}", args.file.display()))?
        }
    };
    let (rows, left_out) = pair_rows(&tmx.units, &src, &tgt);
    if left_out > 0 {
        eprintln!("mizan: {left_out} unit(s) without text in both {src} and {tgt} left out");
    }
    if args.format == ConvertFormat::Moses {
        let Some(prefix) = &args.output else {
            bail!("-f moses writes two files: give their common prefix with -o");
        };
        let with_ext = |l: &str| {
            let mut name = prefix.as_os_str().to_owned();
            name.push(format!(".{l}"));
            PathBuf::from(name)
        };
        let (a, b) = if src.eq_ignore_ascii_case(&tgt) {
            ("src".to_string(), "tgt".to_string())
        } else {
            (src.clone(), tgt.clone())
        };
        let mut s = Sink::open(Some(&with_ext(&a)))?;
        let mut t = Sink::open(Some(&with_ext(&b)))?;
        write_moses(&mut s, &mut t, &rows)?;
        s.commit()?;
        t.commit()?;
        return Ok(Outcome::Complete);
    }
    let mut sink = Sink::open(args.output.as_deref())?;
    match args.format {
        ConvertFormat::Tsv => drop(write_table(&mut sink, &rows, false)?),
        ConvertFormat::Csv => drop(write_table(&mut sink, &rows, true)?),
        ConvertFormat::Jsonl => drop(write_jsonl(&mut sink, &rows)?),
        ConvertFormat::Xliff => drop(write_xliff(&mut sink, &rows, &src, &tgt)?),
        ConvertFormat::Moses => unreachable!("written above"),
    }
    sink.commit()?;
    Ok(Outcome::Complete)
}
