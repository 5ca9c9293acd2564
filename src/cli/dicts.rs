//! `mizan dicts`, and the system dictionaries that `align` and `build` add
//! to the user's lexicon.

use super::args::{DictArgs, DictsArgs};
use super::Outcome;
use anyhow::{bail, Result};
use mizan::lexicon::dicts::{served_pairs, DictFormat};
use mizan::lexicon::{cache, discover, search_path, Dictionary, TokenLexicon};
use mizan::Lang;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The dictionaries `--no-dict` and `--dict-dir` leave: none with
/// `--no-dict`, else those found in the search path. A `--dict-dir` that
/// is not a folder is an error.
pub(crate) fn system_dicts(args: &DictArgs) -> Result<Vec<Dictionary>> {
    for dir in &args.dict_dir {
        if !dir.is_dir() {
            bail!("{}: no such folder (given with --dict-dir)", dir.display());
        }
    }
    if args.no_dict {
        return Ok(Vec::new());
    }
    Ok(discover(&search_path(&args.dict_dir)))
}

/// The folder the dictionaries' lexicons are cached in (see
/// [`mizan::lexicon::cache`]); none with `--no-dict-cache`.
pub(crate) fn dict_cache(args: &DictArgs) -> Option<PathBuf> {
    if args.no_dict_cache {
        return None;
    }
    cache::cache_dir()
}

/// The entries the system's dictionaries give `src` → `tgt`, if any,
/// through the cache in `cache`. With `verbose`, says which dictionaries
/// serve the pair.
pub(crate) fn dictionary_lexicon(
    dicts: &[Dictionary],
    src: &Lang,
    tgt: &Lang,
    cache: Option<&Path>,
    verbose: bool,
) -> Result<Option<Arc<TokenLexicon>>> {
    let Some(lex) = cache::system_tokens(dicts, src, tgt, cache)? else {
        return Ok(None);
    };
    if verbose {
        eprintln!("mizan: {src}-{tgt}: dictionaries {}", lex.description);
    }
    Ok(Some(Arc::new(lex)))
}

/// `mizan dicts`: what was found, where, and which language pairs it
/// serves.
pub fn dicts(args: DictsArgs) -> Result<Outcome> {
    let dirs = search_path(&args.dicts.dict_dir);
    let found = system_dicts(&args.dicts)?;
    let mut out = std::io::stdout().lock();
    let shown: Vec<String> = dirs.iter().map(|d| d.display().to_string()).collect();
    writeln!(
        out,
        "searched: {}",
        if shown.is_empty() {
            "no folder (MIZAN_DICT_PATH is empty)".to_string()
        } else {
            shown.join(", ")
        }
    )?;
    if args.dicts.no_dict || found.is_empty() {
        writeln!(
            out,
            "no dictionaries{}; on Debian or Ubuntu: apt-get install dict-freedict-ara-eng mueller7-dict",
            if args.dicts.no_dict { " (--no-dict)" } else { " found" }
        )?;
        return Ok(Outcome::Complete);
    }
    writeln!(out, "dictionary\tlanguages\tformat\tentries\tfile")?;
    for d in &found {
        let format = match d.format {
            DictFormat::FreeDict => "FreeDict",
            DictFormat::Mueller => "Mueller",
        };
        writeln!(
            out,
            "{}\t{}-{}\t{format}\t{}\t{}",
            d.name,
            d.from,
            d.to,
            d.headwords()?,
            d.index.display()
        )?;
    }
    writeln!(out, "language pairs served (both directions):")?;
    for p in served_pairs(&found) {
        let via = p
            .pivot
            .as_ref()
            .map(|v| format!(" through {v}"))
            .unwrap_or_default();
        writeln!(out, "{}-{}{via}: {}", p.a, p.b, p.dicts.join(" + "))?;
    }
    out.flush()?;
    Ok(Outcome::Complete)
}
