//! `mizan build`: from a corpus of articles to translation memories.

mod progress;
mod summary;

use super::align::write_lexicon;
use super::args::{BuildArgs, BuildFormat};
use super::build_out::{
    extra_files, keep_short, long_summary, write_extra, write_memory, write_review,
    write_trilingual, Extra,
};
use super::config::parse_lang_tags;
use super::config::read_options;
use super::outdir::OutDir;
use super::output::{resolve_partly, Sink};
use super::Outcome;
use anyhow::{bail, Context, Result};
use mizan::align::Bead;
use mizan::build::{build_language, doc_name, load_corpus_lenient, BuildConfig, Segmentation};
use mizan::confidence;
use mizan::corpus::LexiconConfig;
use mizan::lexicon;
use mizan::pair::{read_pairs_tsv, Shard, WordLexicon};
use mizan::write::{self, DocAlignment};
use mizan::Lang;
use progress::Bars;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use summary::{input_summary, summarise};

/// Most worker threads a run starts. Work is CPU-bound, so threads beyond
/// the cores gain nothing, and starting a hundred thousand of them hangs
/// the machine; 256 covers the largest servers.
const MAX_THREADS: usize = 256;

pub(crate) fn set_threads(threads: Option<usize>) -> Result<()> {
    if let Some(mut n) = threads {
        if n == 0 {
            bail!("--threads must be at least 1");
        }
        if n > MAX_THREADS {
            eprintln!(
                "mizan: warning: --threads {n} is more than {MAX_THREADS}; using {MAX_THREADS}"
            );
            n = MAX_THREADS;
        }
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
            .context("cannot start the worker threads")?;
    }
    Ok(())
}

pub fn build(args: BuildArgs) -> Result<Outcome> {
    set_threads(args.threads)?;
    let min_score = super::config::min_score(args.min_score)?;
    args.cat.check()?;
    let segmentation = segmentation(&args)?;
    let tags = parse_lang_tags(&args.lang_tag)?;
    let tag = |l: &Lang| {
        tags.get(l.code())
            .cloned()
            .unwrap_or_else(|| l.code().to_string())
    };
    if args.output.is_file() {
        bail!(
            "{}: is a file; give a folder for the output",
            args.output.display()
        );
    }
    refuse_output_in_corpus(&args.corpus, &args.output)?;
    if let Some(dir) = &args.lexicon_update {
        super::build_out::prepare_lexicon_dir(dir, &args.corpus, &args.output)?;
    }
    // Made first: an output folder that cannot be written fails before the
    // work, and nothing reaches the real folder until every file is done.
    let mut out = OutDir::open(&args.output)?;
    let read = read_options(args.read.encoding.as_deref())?;
    if let Some(done) = super::shard::counted_shard(&args, &mut out, &read)? {
        out.commit()?;
        return Ok(done);
    }
    // A counts pass reads the texts of a folder corpus again, a batch at
    // a time; the listing holds none.
    let mut corpus = match args.align.counts_out {
        true => mizan::build::load_corpus_listing(&args.corpus, &read)?,
        false => load_corpus_lenient(&args.corpus, &read)?,
    };
    if args.read.verbose {
        for (lang, r) in &corpus.read {
            eprintln!(
                "mizan: {lang}/{}: {}, {}",
                r.id,
                r.format,
                r.encoding.name()
            );
        }
    }
    for (_, s) in &corpus.skipped {
        if args.strict {
            return Err(s.error.clone()).context(format!(
                "{} file(s) cannot be used; without --strict they would be skipped",
                corpus.skipped.len()
            ));
        }
        eprintln!("mizan: warning: {}; skipped", s.error);
    }
    corpus.check(&args.corpus)?;
    // A language folder left empty gets no output of its own (no empty
    // translation memory), and the run says so.
    let mut empty_langs = Vec::new();
    corpus.others.retain(|(lang, v)| {
        if v.is_empty() {
            eprintln!(
                "mizan: warning: {}: no {lang} articles; no ar-{lang} output",
                args.corpus.display()
            );
            empty_langs.push(lang.clone());
        }
        !v.is_empty()
    });
    let given = match &args.pairs {
        Some(p) => Some(read_pairs_tsv(p)?),
        None => None,
    };
    let user = match &args.lexicon {
        Some(path) => Some(lexicon::read_user_lexicon(path)?),
        None => None,
    };
    let dicts = super::dicts::system_dicts(&args.dicts)?;
    let dict_cache = super::dicts::dict_cache(&args.dicts);
    let mut cfg = BuildConfig {
        segmentation,
        lexicon: LexiconConfig {
            learn: !args.no_lexicon,
            rounds: usize::from(args.lexicon_rounds),
            user,
            counts: args.lexicon_out || args.lexicon_update.is_some(),
            ..LexiconConfig::default()
        },
        align: super::config::align_config(&args.align.method),
        ..BuildConfig::default()
    };
    cfg.pair = super::shard::pair_options(&args)?;
    let shard = args.align.shard.as_deref().map(Shard::parse).transpose()?;
    let bars = Bars::new(args.quiet);
    let mut builds = Vec::new();
    for (lang, others) in &corpus.others {
        // A given pair may name its counterpart with its folder (`en/x.txt`).
        let given_here: Option<Vec<(String, String)>> = given.as_ref().map(|list| {
            let prefix = format!("{}/", lang.code());
            // A pair naming a skipped file is left out with it.
            let skipped =
                |l: &Lang, id: &str| corpus.skipped.iter().any(|(sl, s)| sl == l && s.id == id);
            list.iter()
                .map(|(a, o)| (a.clone(), o.strip_prefix(&prefix).unwrap_or(o).to_string()))
                .filter(|(a, o)| !skipped(&Lang::Ar, a) && !skipped(lang, o))
                .collect()
        });
        // The user's word list, turned to read from Arabic, also helps to
        // find which articles are pairs.
        let mut cfg = cfg.clone();
        if let Some(user) = &cfg.lexicon.user {
            let words = WordLexicon::from_user(&user.clone().oriented(&Lang::Ar, lang));
            cfg.pair.lexicon = Some(Arc::new(words));
        }
        if let Some(shard) = shard {
            super::shard::write_build_edges(&mut out, &corpus, lang, others, &cfg.pair, shard)?;
            continue;
        }
        if args.align.counts_out {
            let lexicon = args.lexicon.as_deref();
            let input = (args.corpus.as_path(), &read);
            super::shard::write_build_counts(
                &mut out, &corpus, lang, others, &cfg.pair, lexicon, input,
            )?;
            continue;
        }
        // The system's dictionaries help the alignment; pairing keeps to
        // the user's list (its figures were measured without them).
        cfg.lexicon.dictionary = super::dicts::dictionary_lexicon(
            &dicts,
            &Lang::Ar,
            lang,
            dict_cache.as_deref(),
            args.read.verbose,
        )?;
        // The growing lexicon of the pair helps the alignment only, like
        // the dictionaries: its stems are not the pairing's words.
        if let Some(dir) = &args.lexicon_update {
            let path = super::build_out::grown_lexicon(dir, lang);
            if path.exists() {
                let grown = lexicon::read_user_lexicon(&path)?;
                cfg.lexicon
                    .user
                    .get_or_insert_with(Default::default)
                    .entries
                    .extend(grown.entries);
            }
        }
        let b = build_language(&corpus.ar, lang, others, given_here.as_deref(), &cfg, &bars)?;
        builds.push((b, others));
    }
    if shard.is_some() || args.align.counts_out {
        out.commit()?;
        return Ok(Outcome::from_skips(
            corpus.skipped.len() + empty_langs.len(),
        ));
    }
    let date = write::creation_date_from_env()?;
    let mut summary = String::new();
    let mut units = 0;
    let mut pairs_tsv = String::new();
    let mut unpaired_tsv = String::new();
    for (b, others) in &builds {
        let name = format!("ar-{}", b.lang.code());
        let mut review = confidence::Summary::default();
        let beads: Vec<Vec<Bead>> = b
            .docs
            .iter()
            .map(|d| review.keep(&d.beads, min_score))
            .collect();
        let docs: Vec<DocAlignment> = b
            .docs
            .iter()
            .zip(&beads)
            .map(|(d, beads)| DocAlignment {
                name: doc_name(&corpus.ar[d.src].id),
                src: &d.src_sentences,
                tgt: &d.tgt_sentences,
                beads,
            })
            .collect();
        // Units too long for CAT tools are left out of every format.
        let (kept, long) = keep_short(&docs, args.cat.max_seg_len)?;
        let docs: Vec<DocAlignment> = docs
            .iter()
            .zip(&kept)
            .map(|(d, beads)| DocAlignment { beads, ..*d })
            .collect();
        // Errors name the file as the user will find it, not its place in
        // the temporary folder.
        let named = |file: &str| format!("{}: cannot write", args.output.join(file).display());
        let (src_tag, tgt_tag) = (tag(&Lang::Ar), tag(&b.lang));
        let opts = args.cat.tmx_options(&src_tag, &tgt_tag, &date)?;
        let page = format!("review-{name}.html");
        // The memory, the other formats and the review page are written
        // side by side, each one core's work, and listed in this order
        // once written; the review page, the longest, starts first (on
        // 10,017 pairs one core wrote it alone for 0.7 s after the rest
        // was done; issue 16).
        let extra = Extra {
            name: &name,
            docs: &docs,
            units: None,
            src: (&Lang::Ar, &src_tag),
            tgt: (&b.lang, &tgt_tag),
        };
        let (formats, shared) = (&args.align.format, &out);
        let keep = formats.contains(&BuildFormat::Xliff);
        let (paged, (written, tables)) = rayon::join(
            || write_review(shared, &page, &args, (&corpus.ar, others), b),
            || {
                rayon::join(
                    || write_memory(shared, &name, &docs, opts, (&args.cat, keep)),
                    || write_extra(shared, formats, &extra),
                )
            },
        );
        let (tus, stats, tmx_files) = written?;
        tables?;
        write_extra(
            &out,
            formats,
            &Extra {
                units: Some(&tus),
                ..extra
            },
        )?;
        for file in tmx_files.iter().chain(&extra_files(formats, &extra)) {
            out.file(file);
        }
        if !long.is_empty() {
            eprintln!(
                "mizan: warning: {name}: {} unit(s) with a side over {} characters left out (listed in summary.txt; --max-seg-len 0 keeps them)",
                long.len(),
                args.cat.max_seg_len
            );
        }
        out.file(&page);
        paged.with_context(|| named(&page))?;
        if args.lexicon_out {
            let file = format!("{name}.lexicon.tsv");
            write_lexicon(&out.file(&file), b.lexicon.as_ref(), &out.final_path(&file))
                .with_context(|| named(&file))?;
        }
        if stats.forbidden_removed > 0 {
            eprintln!(
                "mizan: warning: {name}: removed {} control character(s) that XML does not allow",
                stats.forbidden_removed
            );
        }
        for d in &b.docs {
            if d.band_limited {
                warn_band_limited(
                    &format!(
                        "{} and {}/{}",
                        corpus.ar[d.src].id,
                        b.lang.code(),
                        others[d.tgt].id
                    ),
                    cfg.align.search.band_limit,
                );
            }
            pairs_tsv.push_str(&format!(
                "{}\t{}/{}\t{:.4}\n",
                corpus.ar[d.src].id,
                b.lang.code(),
                others[d.tgt].id,
                d.pair_score
            ));
        }
        for &i in &b.unpaired_src {
            unpaired_tsv.push_str(&format!(
                "ar\t{}\tno counterpart in {}\n",
                corpus.ar[i].id,
                b.lang.code()
            ));
        }
        for &j in &b.unpaired_tgt {
            unpaired_tsv.push_str(&format!(
                "{}\t{}\tno Arabic counterpart\n",
                b.lang.code(),
                others[j].id
            ));
        }
        summary.push_str(&summarise(&name, b, &stats));
        summary.push_str(&format!("{name}: {review}\n"));
        summary.push_str(&long_summary(&name, &long, args.cat.max_seg_len));
        units += stats.units;
    }
    if args.cat.multilingual {
        match builds.as_slice() {
            [(a, _), (b, _), ..] => {
                let tags = [tag(&Lang::Ar), tag(&a.lang), tag(&b.lang)];
                let tags = [tags[0].as_str(), tags[1].as_str(), tags[2].as_str()];
                summary.push_str(&write_trilingual(
                    &mut out,
                    &corpus.ar,
                    [a, b],
                    tags,
                    &date,
                    &args.cat,
                )?);
            }
            _ => eprintln!(
                "mizan: warning: --multilingual needs articles in two languages besides Arabic; no trilingual memory written"
            ),
        }
    }
    for (lang, s) in &corpus.skipped {
        unpaired_tsv.push_str(&format!(
            "{lang}\t{}\tskipped: {}\n",
            s.id,
            one_line(&s.reason)
        ));
    }
    summary.push_str(&input_summary(&corpus, &empty_langs));
    for (file, text) in [
        ("pairs.tsv", &pairs_tsv),
        ("unpaired.tsv", &unpaired_tsv),
        ("summary.txt", &summary),
    ] {
        write_file(&out.file(file), text)
            .with_context(|| format!("{}: cannot write", out.final_path(file).display()))?;
    }
    eprint!("{summary}");
    if units == 0 {
        bail!(
            "{}: no translation unit to write (no article pairs, or no sentence linked); the folder is left as it was",
            args.output.display()
        );
    }
    let done = out.commit()?;
    // Only once the memories are in place: a failed build teaches the
    // lexicons nothing.
    if let Some(dir) = &args.lexicon_update {
        for (b, _) in &builds {
            super::align::update_lexicon(
                &super::build_out::grown_lexicon(dir, &b.lang),
                b.lexicon.as_ref(),
            )?;
        }
    }
    for path in &done.removed {
        eprintln!(
            "mizan: removed {} (made by the previous run, not by this one)",
            path.display()
        );
    }
    for path in &done.unknown {
        eprintln!(
            "mizan: warning: {}: not made by this run (left from an earlier one?); remove it if it is stale",
            path.display()
        );
    }
    let outcome = Outcome::from_skips(corpus.skipped.len() + empty_langs.len());
    // The process ends with the build: handing the articles and the
    // alignments back to the allocator piece by piece took a quarter of a
    // second of one core at the end of a 10,000-pair build (issue 16), and
    // the system takes the memory back at once.
    std::mem::forget(builds);
    std::mem::forget(corpus);
    Ok(outcome)
}

/// How the articles are split: `--presegmented`, `--srx FILE`, or mizan's
/// rules.
fn segmentation(args: &BuildArgs) -> Result<Segmentation> {
    match (&args.align.method.srx, args.align.presegmented) {
        (Some(_), true) => bail!("--srx has no effect with --presegmented; leave one out"),
        (Some(srx), false) if !srx.is_file() => {
            bail!("{}: no such file (given with --srx)", srx.display())
        }
        (Some(srx), false) => Ok(Segmentation::Srx(srx.clone())),
        (None, true) => Ok(Segmentation::Lines),
        (None, false) => Ok(Segmentation::Rules),
    }
}

/// Refuses an output folder inside one of the corpus's language folders
/// (`build X -o X/en`), or one that would become a language folder
/// (`build X -o X/out`: any two- or three-letter folder is read as a
/// language): the next build would read its own TMX and TSV files as
/// articles.
pub(crate) fn refuse_output_in_corpus(corpus: &Path, output: &Path) -> Result<()> {
    if !corpus.is_dir() {
        return Ok(());
    }
    let corpus = resolve_partly(corpus);
    let output = resolve_partly(output);
    let Ok(rel) = output.strip_prefix(&corpus) else {
        return Ok(());
    };
    if let Some(first) = rel.components().next() {
        let name = first.as_os_str().to_string_lossy();
        if Lang::parse(&name).is_ok() {
            bail!(
                "{}: is inside the corpus's {name}/ folder, so the next build would read its output as articles; give a folder outside {}",
                output.display(),
                corpus.display()
            );
        }
    }
    Ok(())
}

/// Says that the search for a document pair stopped at its size limit
/// (`--band-limit`, or the default's cells a row).
pub(crate) fn warn_band_limited(what: &str, band_limit: Option<usize>) {
    eprintln!(
        "mizan: warning: {what}: the two sides differ so much that the search stopped at its \
         limit of {} cells a row on average (--band-limit); the alignment is the best inside \
         that limit. Check that the files are translations of each other",
        band_limit.unwrap_or(mizan::align::BAND_CELLS_PER_ROW)
    );
}

/// Tabs and line ends out of a reason, so that it stays one TSV field.
pub(crate) fn one_line(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

pub(crate) fn write_file(path: &Path, text: &str) -> Result<()> {
    let mut sink = Sink::open(Some(path))?;
    sink.write_all(text.as_bytes())?;
    sink.commit()
}
