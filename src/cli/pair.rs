//! `mizan pair`: for each Arabic article of a folder, its counterpart in
//! a folder of another language, or none.

use super::args::{PairArgs, PairMergeArgs};
use super::build::{one_line, set_threads, write_file};
use super::config::{list_files, read_options};
use super::output::{refuse_input_as_output, Sink};
use super::Outcome;
use anyhow::{bail, Context, Result};
use mizan::lexicon;
use mizan::pair::{
    article_text, check_script, count_streamed, fingerprint, load_dir_lenient, load_dir_listing,
    load_named, merge_edges, pair_articles, read_anchor_index, read_counts, read_edges,
    shard_edges, Article, ArticleCount, CountedShard, Counts, LoadedDir, PairConfig, Shard,
    Skipped, WordLexicon,
};
use mizan::{ErrorKind, Lang};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

pub fn pair(args: PairArgs) -> Result<Outcome> {
    set_threads(args.threads)?;
    let output = args.output.as_deref().filter(|p| p.as_os_str() != "-");
    let shard = match (&args.shard.shard, &args.shard.edges_out) {
        (Some(s), _) => Some(Shard::parse(s)?),
        (None, Some(_)) => Some(Shard {
            k: 1,
            n: 1,
            days: None,
        }),
        (None, None) => None,
    }
    .map(|s| Shard {
        days: args.shard.shard_days,
        ..s
    });
    let mut inputs = list_files(&args.ar_dir).unwrap_or_default();
    inputs.extend(
        list_files(&args.other_dir)
            .unwrap_or_default()
            .into_iter()
            .map(|(n, p)| (format!("other/{n}"), p)),
    );
    let inputs: Vec<&std::path::Path> = inputs
        .values()
        .map(|p| p.as_path())
        .chain(args.lexicon.as_deref())
        .collect();
    for out in [
        output,
        args.unpaired.as_deref(),
        args.shard.edges_out.as_deref(),
        args.shard.counts_out.as_deref(),
        args.shard.anchor_index_out.as_deref(),
    ] {
        refuse_input_as_output(out, inputs.iter().copied())?;
    }
    if let (Some(shard), Some(counts), Some(edges)) =
        (shard, &args.shard.counts, &args.shard.edges_out)
    {
        return pair_counted(&args, shard, counts, edges);
    }
    let read = read_options(args.read.encoding.as_deref())?;
    // The counts pass reads the texts again a batch at a time: here it
    // only lists the folders, holding no text.
    let streaming = args.shard.counts_out.is_some();
    let load = if streaming {
        load_dir_listing
    } else {
        load_dir_lenient
    };
    let ar_dir = load(&args.ar_dir, Some(&Lang::Ar), &read)?;
    let other_dir = load(&args.other_dir, None, &read)?;
    // Arabic articles go first: a first folder whose files are mostly in
    // another script was given the wrong way round.
    let wrong_script = ar_dir
        .skipped
        .iter()
        .filter(|s| matches!(s.error.kind(), ErrorKind::LanguageMismatch(_)))
        .count();
    if wrong_script > ar_dir.articles.len() {
        bail!(
            "{}: the first folder must hold the Arabic articles, but {wrong_script} of its files are not in Arabic script; \
             give the Arabic folder first: mizan pair AR_DIR OTHER_DIR",
            args.ar_dir.display()
        );
    }
    let mut other_dir = other_dir;
    let majority = majority_lang(&other_dir);
    if majority == Some(Lang::Ar) {
        bail!(
            "{}: the second folder holds Arabic articles; give the Arabic folder first and its counterparts second",
            args.other_dir.display()
        );
    }
    // The other folder is in one language: articles in another script
    // than most of them are misplaced, and skipped like unreadable files.
    if let Some(lang) = &majority {
        let (keep, odd): (Vec<_>, Vec<_>) = std::mem::take(&mut other_dir.articles)
            .into_iter()
            .zip(std::mem::take(&mut other_dir.read))
            .partition(|(a, _)| a.lang.script() == lang.script());
        for (a, _) in odd {
            let text = match streaming {
                true => article_text(&args.other_dir.join(&a.id), &read)?,
                false => a.text,
            };
            let err = check_script(&text, lang)
                .err()
                .unwrap_or_else(|| mizan::Error::config(format!("in {}, not {lang}", a.lang)));
            other_dir
                .skipped
                .push(Skipped::new(&a.id, &args.other_dir.join(&a.id), err));
        }
        (other_dir.articles, other_dir.read) = keep.into_iter().unzip();
        other_dir.skipped.sort_by(|a, b| a.id.cmp(&b.id));
    }
    let mut skipped: Vec<(&str, &Skipped)> = Vec::new();
    for (side, dir) in [("ar", &ar_dir), ("other", &other_dir)] {
        report_read(dir, side, args.read.verbose);
        for s in &dir.skipped {
            if args.strict {
                return Err(s.error.clone()).context(format!(
                    "{} file(s) cannot be used; without --strict they would be skipped",
                    ar_dir.skipped.len() + other_dir.skipped.len()
                ));
            }
            eprintln!("mizan: warning: {}; skipped", s.error);
            skipped.push((side, s));
        }
    }
    let (ar, other) = (&ar_dir.articles, &other_dir.articles);
    if ar.is_empty() {
        eprintln!("mizan: warning: {}: no articles", args.ar_dir.display());
    }
    if other.is_empty() {
        eprintln!("mizan: warning: {}: no articles", args.other_dir.display());
    }
    let mut langs: BTreeMap<&Lang, usize> = BTreeMap::new();
    for a in other {
        *langs.entry(&a.lang).or_default() += 1;
    }
    if langs.len() > 1 {
        bail!(
            "{}: the articles must all be in one language other than Arabic (found {})",
            args.other_dir.display(),
            langs
                .keys()
                .map(|l| l.code())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let mut cfg = PairConfig::default();
    if let Some(path) = &args.lexicon {
        let user = lexicon::read_user_lexicon(path)?;
        let other_lang = other.first().map_or(Lang::En, |a| a.lang.clone());
        let words = WordLexicon::from_user(&user.oriented(&Lang::Ar, &other_lang));
        cfg.lexicon = Some(Arc::new(words));
    }
    set_threshold(&mut cfg, &args)?;
    let other_code = other.first().map_or("other", |a| a.lang.code());
    let skipped: Vec<(String, String, String)> = skipped
        .iter()
        .map(|(side, s)| {
            let side = if *side == "ar" { "ar" } else { other_code };
            (side.to_string(), s.id.clone(), one_line(&s.reason))
        })
        .collect();
    if let Some(path) = &args.shard.counts_out {
        if ar.is_empty() || other.is_empty() {
            bail!("--counts-out needs articles on both sides");
        }
        let load_batch = |side: usize, batch: &[Article]| {
            let dir = if side == 0 {
                &args.ar_dir
            } else {
                &args.other_dir
            };
            batch
                .par_iter()
                .map(|a| load_named(dir, &a.id, &a.lang, &read))
                .collect()
        };
        let indexed = args.shard.anchor_index_out.is_some();
        let (mut counts, index) = count_streamed(ar, other, &cfg, indexed, &load_batch)?;
        counts.skipped = skipped;
        counts.lexicon = lexicon_fingerprint(args.lexicon.as_deref())?;
        let mut text = Vec::new();
        counts.write(&mut text)?;
        let mut sink = Sink::open(Some(path))?;
        sink.write_all(&text)?;
        sink.commit()?;
        if let (Some(mut index), Some(path)) = (index, &args.shard.anchor_index_out) {
            // The skipped files are part of the counts file it names.
            index.counts = counts.fingerprint();
            let mut text = Vec::new();
            index.write(&counts, &mut text)?;
            let mut sink = Sink::open(Some(path))?;
            sink.write_all(&text)?;
            sink.commit()?;
            let n: usize = index.post.values().map(Vec::len).sum();
            eprintln!(
                "mizan: anchor index of {} keys, {n} postings",
                index.post.len()
            );
        }
        eprintln!(
            "mizan: counts of {} Arabic and {} {other_code} articles, {} keys",
            ar.len(),
            other.len(),
            counts.keys.len()
        );
        return Ok(Outcome::from_skips(counts.skipped.len()));
    }
    if let (Some(shard), Some(path)) = (shard, &args.shard.edges_out) {
        let mut edges = shard_edges(ar, other, &cfg, shard);
        edges.skipped = skipped;
        let mut text = Vec::new();
        edges.write(&mut text)?;
        let mut sink = Sink::open(Some(path))?;
        sink.write_all(&text)?;
        sink.commit()?;
        let n_cands: usize = edges.src.iter().map(|s| s.cands.len()).sum();
        eprintln!(
            "mizan: shard {shard}: {} of {} Arabic articles, {n_cands} candidate pairs",
            edges.src.len(),
            ar.len()
        );
        return Ok(Outcome::from_skips(edges.skipped.len()));
    }
    let p = pair_articles(ar, other, &cfg);
    let pairs: Vec<(&str, &str, f64)> = p
        .pairs
        .iter()
        .map(|&(i, j, score)| (ar[i].id.as_str(), other[j].id.as_str(), score))
        .collect();
    let unpaired_src: Vec<&str> = p.unpaired_src.iter().map(|&i| ar[i].id.as_str()).collect();
    let unpaired_tgt: Vec<&str> = p
        .unpaired_tgt
        .iter()
        .map(|&j| other[j].id.as_str())
        .collect();
    let report = Report {
        pairs: &pairs,
        unpaired_src: &unpaired_src,
        unpaired_tgt: &unpaired_tgt,
        tgt_lang: other_code,
        skipped: &skipped,
    };
    report.write(output, args.unpaired.as_deref())?;
    Ok(Outcome::from_skips(skipped.len()))
}

/// The threshold and blocking options of `mizan pair`.
fn set_threshold(cfg: &mut PairConfig, args: &PairArgs) -> Result<()> {
    if let Some(t) = args.threshold {
        if !(0.0..=1e6).contains(&t) {
            bail!("--threshold must be a non-negative number");
        }
        cfg.threshold = t;
    }
    cfg.block_days = args.shard.date_block;
    cfg.block_anchors = args.shard.anchor_block.map(|b| b as usize);
    Ok(())
}

/// `mizan pair --shard K/N --counts FILE`: one shard that reads only its
/// own Arabic articles and the other side's articles it may be compared
/// with, taking the rest from the counts file.
fn pair_counted(args: &PairArgs, shard: Shard, counts: &Path, edges: &Path) -> Result<Outcome> {
    let mut inputs = vec![counts];
    inputs.extend(args.shard.anchor_index.as_deref());
    refuse_input_as_output(Some(edges), inputs)?;
    let counts_path = counts;
    let counts = read_counts(counts)?;
    same_lexicon(&counts, counts_path, args.lexicon.as_deref())?;
    // Listing a folder reads no article: a file added or removed since
    // the counts pass would change every weight, so it is caught here.
    for (dir, ar_side) in [(&args.ar_dir, true), (&args.other_dir, false)] {
        let arts = if ar_side { &counts.src } else { &counts.tgt };
        let counted = arts.iter().map(|a| a.id.clone()).chain(
            counts
                .skipped
                .iter()
                .filter(|s| (s.0 == "ar") == ar_side)
                .map(|s| s.1.clone()),
        );
        super::shard::check_folder(dir, counted.collect(), Some(counts_path))?;
    }
    let read = read_options(args.read.encoding.as_deref())?;
    let mut cfg = PairConfig::default();
    set_threshold(&mut cfg, args)?;
    if let Some(path) = &args.lexicon {
        let user = lexicon::read_user_lexicon(path)?;
        let words = WordLexicon::from_user(&user.oriented(&Lang::Ar, &counts.tgt_lang));
        cfg.lexicon = Some(Arc::new(words));
    }
    let load_src: Vec<bool> = counts
        .src
        .iter()
        .map(|a| shard.holds(&a.id, a.date.as_deref()))
        .collect();
    let load = |dir: &Path, list: &[ArticleCount], lang: &Lang, mask: &[bool]| {
        super::shard::load_listed(dir, list, lang, mask, &read)
    };
    let ar = load(&args.ar_dir, &counts.src, &counts.src_lang, &load_src)?;
    // The shard's own articles first: their rarest anchors say which of
    // the other side's articles it needs.
    let part = CountedShard::new(&ar, &cfg, shard, &counts)?;
    let index = match &args.shard.anchor_index {
        Some(path) => Some(read_anchor_index(path, &counts, &part.block_keys())?),
        None => None,
    };
    let load_tgt =
        part.targets_needed(index.as_ref())
            .with_context(|| match &args.shard.anchor_index {
                Some(p) => format!("{}", p.display()),
                None => String::new(),
            })?;
    drop(index);
    let other = load(&args.other_dir, &counts.tgt, &counts.tgt_lang, &load_tgt)?;
    let edges_data = part.edges(&ar, &other, &load_tgt)?;
    let mut text = Vec::new();
    edges_data.write(&mut text)?;
    let mut sink = Sink::open(Some(edges))?;
    sink.write_all(&text)?;
    sink.commit()?;
    let n_cands: usize = edges_data.src.iter().map(|s| s.cands.len()).sum();
    let n_read = load_tgt.iter().filter(|&&m| m).count();
    eprintln!(
        "mizan: shard {shard}: {} of {} Arabic articles, {n_cands} candidate pairs; read {n_read} of {} {} articles",
        edges_data.src.len(),
        ar.len(),
        other.len(),
        counts.tgt_lang.code()
    );
    Ok(Outcome::from_skips(edges_data.skipped.len()))
}

/// The fingerprint of a lexicon file, for a counts pass to record.
pub(crate) fn lexicon_fingerprint(path: Option<&Path>) -> Result<Option<u64>> {
    path.map(|p| {
        std::fs::read(p)
            .with_context(|| format!("{}: cannot read", p.display()))
            .map(|b| fingerprint(&b))
    })
    .transpose()
}

/// A shard must use the lexicon its counts pass counted, or none when
/// it counted none: other translations would change the keys and the
/// weights.
pub(crate) fn same_lexicon(counts: &Counts, path: &Path, lexicon: Option<&Path>) -> Result<()> {
    match (counts.lexicon, lexicon_fingerprint(lexicon)?) {
        (None, None) => Ok(()),
        (Some(a), Some(b)) if a == b => Ok(()),
        (None, Some(_)) => bail!(
            "{}: the counts pass was run without a lexicon; run it again with --lexicon, or leave --lexicon out",
            path.display()
        ),
        (Some(_), None) => bail!(
            "{}: the counts pass counted a lexicon; give the shard the same --lexicon",
            path.display()
        ),
        (Some(_), Some(_)) => bail!(
            "{}: the counts pass counted another lexicon than {}; give the shard the same --lexicon",
            path.display(),
            lexicon.map_or(String::new(), |p| p.display().to_string())
        ),
    }
}

/// `mizan pair-merge`: the pairs of a sharded run, from its edges files.
pub fn pair_merge(args: PairMergeArgs) -> Result<Outcome> {
    let output = args.output.as_deref().filter(|p| p.as_os_str() != "-");
    for out in [output, args.unpaired.as_deref()] {
        refuse_input_as_output(out, args.edges.iter().map(|p| p.as_path()))?;
    }
    let mut parts = Vec::new();
    for path in &args.edges {
        parts.push(read_edges(path)?);
    }
    let merged = merge_edges(&parts).context("the edges files do not make one run")?;
    let first = &parts[0];
    let tgt = |j: usize| first.tgt[j].id.as_str();
    let p = &merged.pairing;
    let pairs: Vec<(&str, &str, f64)> = p
        .pairs
        .iter()
        .map(|&(i, j, score)| (merged.src_ids[i].as_str(), tgt(j), score))
        .collect();
    let unpaired_src: Vec<&str> = p
        .unpaired_src
        .iter()
        .map(|&i| merged.src_ids[i].as_str())
        .collect();
    let unpaired_tgt: Vec<&str> = p.unpaired_tgt.iter().map(|&j| tgt(j)).collect();
    let tgt_lang = if first.tgt_lang.is_empty() {
        "other"
    } else {
        first.tgt_lang.as_str()
    };
    let report = Report {
        pairs: &pairs,
        unpaired_src: &unpaired_src,
        unpaired_tgt: &unpaired_tgt,
        tgt_lang,
        skipped: &first.skipped,
    };
    report.write(output, args.unpaired.as_deref())?;
    Ok(Outcome::from_skips(first.skipped.len()))
}

/// What `pair` and `pair-merge` report: the pairs, the articles left
/// unpaired and the files skipped (`(side, id, reason)`).
struct Report<'a> {
    pairs: &'a [(&'a str, &'a str, f64)],
    unpaired_src: &'a [&'a str],
    unpaired_tgt: &'a [&'a str],
    tgt_lang: &'a str,
    skipped: &'a [(String, String, String)],
}

impl Report<'_> {
    /// Writes the pairs to `output` (standard output when `None`), the
    /// unpaired list to `unpaired` if given, and the unpaired articles on
    /// standard error.
    fn write(
        &self,
        output: Option<&std::path::Path>,
        unpaired: Option<&std::path::Path>,
    ) -> Result<()> {
        let mut out = String::new();
        for (a, b, score) in self.pairs {
            out.push_str(&format!("{a}\t{b}\t{score:.4}\n"));
        }
        let mut list = String::new();
        for id in self.unpaired_src {
            list.push_str(&format!("ar\t{id}\n"));
        }
        for id in self.unpaired_tgt {
            list.push_str(&format!("{}\t{id}\n", self.tgt_lang));
        }
        for (side, id, reason) in self.skipped {
            list.push_str(&format!("{side}\t{id}\tskipped: {reason}\n"));
        }
        let mut sink = Sink::open(output)?;
        sink.write_all(out.as_bytes())?;
        sink.commit()?;
        if let Some(path) = unpaired {
            write_file(path, &list)?;
        }
        for line in list.lines() {
            let mut cols = line.split('\t');
            let (side, file) = (cols.next().unwrap_or(""), cols.next().unwrap_or(line));
            match cols.next() {
                Some(reason) => eprintln!("mizan: unpaired ({side}): {file} ({reason})"),
                None => eprintln!("mizan: unpaired ({side}): {file}"),
            }
        }
        Ok(())
    }
}

/// The language most articles of a folder are in (the first in code order
/// on a tie).
fn majority_lang(dir: &LoadedDir) -> Option<Lang> {
    let mut n: BTreeMap<&Lang, usize> = BTreeMap::new();
    for a in &dir.articles {
        *n.entry(&a.lang).or_default() += 1;
    }
    let max = n.values().copied().max()?;
    n.into_iter()
        .find(|(_, c)| *c == max)
        .map(|(l, _)| l.clone())
}

/// With `--verbose`, how each article of a folder was read.
fn report_read(dir: &LoadedDir, side: &str, verbose: bool) {
    if !verbose {
        return;
    }
    for (r, a) in dir.read.iter().zip(&dir.articles) {
        eprintln!(
            "mizan: {side} {}: {}, {}, language {}",
            r.id,
            r.format,
            r.encoding.name(),
            a.lang
        );
    }
}
