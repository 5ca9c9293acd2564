//! `build --shard`: the edges files of a shard of a corpus, one per
//! language, instead of memories; `build --counts-out`, the counts pass
//! that lets a shard (`--counts`) read only its block of the corpus.

use super::args::BuildArgs;
use super::build::one_line;
use super::config::list_files;
use super::outdir::OutDir;
use super::output::Sink;
use super::pair::{lexicon_fingerprint, same_lexicon};
use super::Outcome;
use anyhow::{bail, Context, Result};
use mizan::build::{language_folder, Corpus};
use mizan::input::ReadOptions;
use mizan::pair::{
    count_collection_indexed, count_streamed, load_jsonl_keeping, load_named, read_anchor_index,
    read_counts, shard_edges, Article, ArticleCount, CountedShard, Counts, PairConfig, Shard,
    ShardEdges, WordLexicon,
};
use mizan::Lang;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashSet};
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

/// The files of the corpus skipped on the Arabic side or in `lang`, as an
/// edges file and a counts file carry them.
fn skipped_of(corpus: &Corpus, lang: &Lang) -> Vec<(String, String, String)> {
    corpus
        .skipped
        .iter()
        .filter(|(l, _)| *l == Lang::Ar || l == lang)
        .map(|(l, s)| (l.code().to_string(), s.id.clone(), one_line(&s.reason)))
        .collect()
}

/// Writes `text` as the output folder's file `name`.
fn write_out(out: &mut OutDir, name: &str, text: &[u8]) -> Result<()> {
    let mut sink = Sink::open(Some(&out.file(name)))?;
    sink.write_all(text)?;
    sink.commit()
        .with_context(|| format!("{}: cannot write", out.final_path(name).display()))?;
    Ok(())
}

/// `build --shard`: one language's scored candidates for the shard's
/// Arabic articles, as `ar-LANG.edges`.
pub fn write_build_edges(
    out: &mut OutDir,
    corpus: &Corpus,
    lang: &Lang,
    others: &[Article],
    cfg: &PairConfig,
    shard: Shard,
) -> Result<()> {
    let mut edges = shard_edges(&corpus.ar, others, cfg, shard);
    edges.skipped = skipped_of(corpus, lang);
    write_edges(out, lang, &edges, "")
}

fn write_edges(out: &mut OutDir, lang: &Lang, edges: &ShardEdges, note: &str) -> Result<()> {
    let mut text = Vec::new();
    edges.write(&mut text)?;
    write_out(out, &format!("ar-{}.edges", lang.code()), &text)?;
    let n_cands: usize = edges.src.iter().map(|s| s.cands.len()).sum();
    eprintln!(
        "mizan: ar-{lang}, shard {}: {} of {} Arabic articles, {n_cands} candidate pairs{note}",
        edges.shard,
        edges.src.len(),
        edges.n_src
    );
    Ok(())
}

/// `build --counts-out`: one language's counts (`ar-LANG.counts`) and
/// anchor index (`ar-LANG.anchor-index`).
pub fn write_build_counts(
    out: &mut OutDir,
    corpus: &Corpus,
    lang: &Lang,
    others: &[Article],
    cfg: &PairConfig,
    lexicon: Option<&Path>,
    (path, read): (&Path, &ReadOptions),
) -> Result<()> {
    let (mut counts, mut index) = if path.is_dir() {
        // The corpus was listed without its texts: they are read here a
        // batch at a time.
        let folders = [
            language_folder(path, &Lang::Ar)?,
            language_folder(path, lang)?,
        ];
        let load = |side: usize, batch: &[Article]| {
            batch
                .par_iter()
                .map(|a| {
                    let mut art = load_named(&folders[side], &a.id, &a.lang, read)?;
                    art.date.clone_from(&a.date);
                    Ok(art)
                })
                .collect()
        };
        let (c, i) = count_streamed(&corpus.ar, others, cfg, true, &load)?;
        (c, i.unwrap_or_default())
    } else {
        count_collection_indexed(&corpus.ar, others, cfg)
    };
    counts.skipped = skipped_of(corpus, lang);
    counts.lexicon = lexicon_fingerprint(lexicon)?;
    index.counts = counts.fingerprint();
    let mut text = Vec::new();
    counts.write(&mut text)?;
    write_out(out, &format!("ar-{}.counts", lang.code()), &text)?;
    let mut text = Vec::new();
    index.write(&counts, &mut text)?;
    write_out(out, &format!("ar-{}.anchor-index", lang.code()), &text)?;
    eprintln!(
        "mizan: ar-{lang}: counts of {} Arabic and {} {lang} articles, {} keys",
        counts.src.len(),
        counts.tgt.len(),
        counts.keys.len()
    );
    Ok(())
}

/// The pairing options of `mizan build`.
pub fn pair_options(args: &BuildArgs) -> Result<PairConfig> {
    let mut cfg = PairConfig::default();
    if let Some(t) = args.align.threshold {
        if !(0.0..=1e6).contains(&t) {
            bail!("--threshold must be a non-negative number");
        }
        cfg.threshold = t;
    }
    cfg.block_days = args.align.date_block;
    cfg.block_anchors = args.align.anchor_block.map(|b| b as usize);
    Ok(cfg)
}

/// `build --shard K/N --counts DIR`, when given: the shard's edges
/// files, and the outcome (the output folder is the caller's to commit).
pub fn counted_shard(
    args: &BuildArgs,
    out: &mut OutDir,
    read: &ReadOptions,
) -> Result<Option<Outcome>> {
    let (Some(dir), Some(shard)) = (&args.align.counts, &args.align.shard) else {
        return Ok(None);
    };
    let cfg = pair_options(args)?;
    let shard = Shard::parse(shard)?;
    let skips = build_counted(
        &args.corpus,
        dir,
        out,
        read,
        &cfg,
        shard,
        args.lexicon.as_deref(),
    )?;
    Ok(Some(Outcome::from_skips(skips)))
}

/// `build --shard K/N --counts DIR`: every language's edges of the shard,
/// reading only the shard's Arabic articles and each language's articles
/// within its blocks. Returns how many files the counts pass skipped.
fn build_counted(
    corpus: &Path,
    dir: &Path,
    out: &mut OutDir,
    read: &ReadOptions,
    cfg: &PairConfig,
    shard: Shard,
    lexicon: Option<&Path>,
) -> Result<usize> {
    let user = match lexicon {
        Some(path) => Some(mizan::lexicon::read_user_lexicon(path)?),
        None => None,
    };
    let mut all: Vec<(Lang, Counts)> = Vec::new();
    for (name, path) in list_files(dir)? {
        let Some(code) = name
            .strip_prefix("ar-")
            .and_then(|n| n.strip_suffix(".counts"))
        else {
            continue;
        };
        let lang = Lang::parse(code).with_context(|| format!("{}", path.display()))?;
        let counts = read_counts(&path)?;
        same_lexicon(&counts, &path, lexicon)?;
        all.push((lang, counts));
    }
    all.sort_by(|a, b| a.0.cmp(&b.0));
    let Some((_, first)) = all.first() else {
        bail!(
            "{}: no counts files (ar-LANG.counts); `mizan build CORPUS -o DIR --counts-out` writes them",
            dir.display()
        );
    };
    let ar_ids: Vec<&str> = first.src.iter().map(|a| a.id.as_str()).collect();
    for (lang, c) in &all {
        if c.src
            .iter()
            .map(|a| a.id.as_str())
            .ne(ar_ids.iter().copied())
        {
            bail!(
                "{}: ar-{lang}.counts counts other Arabic articles than the other counts files; write them in one counts pass",
                dir.display()
            );
        }
    }
    let in_shard: HashSet<&str> = first
        .src
        .iter()
        .filter(|a| shard.holds(&a.id, a.date.as_deref()))
        .map(|a| a.id.as_str())
        .collect();
    let jsonl = corpus.is_file();
    if !jsonl {
        check_listing(corpus, &all)?;
    }
    // The shard's own Arabic articles first: with the counts, they say
    // which articles of each language the shard needs.
    let ar_mask: Vec<bool> = ar_ids.iter().map(|id| in_shard.contains(id)).collect();
    let ar = if jsonl {
        let lines = load_jsonl_keeping(corpus, &|a| {
            a.lang == Lang::Ar && in_shard.contains(a.id.as_str())
        })?;
        by_counts(corpus, lines, &Lang::Ar, &first.src)?
    } else {
        load_side(corpus, &Lang::Ar, first, true, &ar_mask, read)?
    };
    let mut parts = Vec::new();
    for (lang, counts) in &all {
        // The user's word list, turned to read from Arabic, as in a build.
        let mut cfg = cfg.clone();
        if let Some(user) = &user {
            let words = WordLexicon::from_user(&user.clone().oriented(&Lang::Ar, lang));
            cfg.lexicon = Some(Arc::new(words));
        }
        let part = CountedShard::new(&ar, &cfg, shard, counts)?;
        let index_path = dir.join(format!("ar-{}.anchor-index", lang.code()));
        let index = match cfg.block_anchors {
            Some(_) if index_path.is_file() => {
                Some(read_anchor_index(&index_path, counts, &part.block_keys())?)
            }
            _ => None,
        };
        let need = part
            .targets_needed(index.as_ref())
            .with_context(|| format!("{}", index_path.display()))?;
        parts.push((lang, counts, part, need));
    }
    let wanted: HashSet<(&Lang, &str)> = parts
        .iter()
        .flat_map(|(lang, counts, _, need)| {
            counts
                .tgt
                .iter()
                .zip(need)
                .filter(|(_, &n)| n)
                .map(move |(a, _)| (*lang, a.id.as_str()))
        })
        .collect();
    let mut jsonl_lines = if jsonl {
        Some(load_jsonl_keeping(corpus, &|a| {
            wanted.contains(&(&a.lang, a.id.as_str()))
        })?)
    } else {
        None
    };
    let mut skipped: BTreeSet<(String, String)> = BTreeSet::new();
    for (lang, counts, part, need) in parts {
        let others = match &mut jsonl_lines {
            Some(lines) => {
                let mine = lines.iter().filter(|a| a.lang == *lang).cloned().collect();
                by_counts(corpus, mine, lang, &counts.tgt)?
            }
            None => load_side(corpus, lang, counts, false, &need, read)?,
        };
        for (side, id, reason) in &counts.skipped {
            if skipped.insert((side.clone(), id.clone())) {
                eprintln!("mizan: warning: {side}/{id}: {reason}; skipped");
            }
        }
        let edges = part.edges(&ar, &others, &need)?;
        let n_read = need.iter().filter(|&&n| n).count();
        let note = format!("; read {n_read} of {} {lang} articles", others.len());
        write_edges(out, lang, &edges, &note)?;
    }
    Ok(skipped.len())
}

/// The articles of a JSONL corpus in one language, checked against the
/// counts pass's list (the same ids in the same order).
fn by_counts(
    corpus: &Path,
    lines: Vec<Article>,
    lang: &Lang,
    list: &[mizan::pair::ArticleCount],
) -> Result<Vec<Article>> {
    let mine: Vec<Article> = lines.into_iter().filter(|a| a.lang == *lang).collect();
    if mine.len() != list.len() || mine.iter().zip(list).any(|(a, c)| a.id != c.id) {
        bail!(
            "{}: the {lang} articles are not those the counts pass read; run the counts pass again",
            corpus.display()
        );
    }
    Ok(mine
        .into_iter()
        .zip(list)
        .map(|(mut a, c)| {
            a.date.clone_from(&c.date);
            a
        })
        .collect())
}

/// Every language folder of the corpus against the counts: a file added
/// or removed since the counts pass would change every weight.
fn check_listing(corpus: &Path, all: &[(Lang, Counts)]) -> Result<()> {
    let mut sides: Vec<(Lang, &Counts, bool)> = vec![(Lang::Ar, &all[0].1, true)];
    sides.extend(all.iter().map(|(l, c)| (l.clone(), c, false)));
    for (lang, counts, ar_side) in sides {
        let folder = language_folder(corpus, &lang)?;
        let arts = if ar_side { &counts.src } else { &counts.tgt };
        let counted = arts.iter().map(|a| a.id.clone()).chain(
            counts
                .skipped
                .iter()
                .filter(|s| s.0 == lang.code())
                .map(|s| s.1.clone()),
        );
        check_folder(&folder, counted.collect(), None)?;
    }
    Ok(())
}

/// The files of `folder` against the articles a counts pass saw there
/// (`counted`, the files it skipped included): a file added or removed
/// since would change every weight. `counts` names the counts file in
/// the error.
pub(super) fn check_folder(
    folder: &Path,
    counted: BTreeSet<String>,
    counts: Option<&Path>,
) -> Result<()> {
    let listed: BTreeSet<String> = list_files(folder)?.into_keys().collect();
    if let Some(name) = listed.symmetric_difference(&counted).next() {
        let what = if listed.contains(name) {
            "is in the folder, but the counts pass did not see it"
        } else {
            "was counted, but is no longer in the folder"
        };
        let from = counts.map_or(String::new(), |p| format!(" ({})", p.display()));
        bail!(
            "{}: '{name}' {what}{from}; run the counts pass again",
            folder.display()
        );
    }
    Ok(())
}

/// One side of a folder corpus in the counts' order: the articles marked
/// in `mask` read from their files, the others left empty.
fn load_side(
    corpus: &Path,
    lang: &Lang,
    counts: &Counts,
    ar_side: bool,
    mask: &[bool],
    read: &ReadOptions,
) -> Result<Vec<Article>> {
    let folder = language_folder(corpus, lang)?;
    let list = if ar_side { &counts.src } else { &counts.tgt };
    load_listed(&folder, list, lang, mask, read)
}

/// The articles of `list` (a counts file's, in its order) from `folder`:
/// those marked in `mask` read from their files, the others left empty,
/// each with the date the counts pass found.
pub(super) fn load_listed(
    folder: &Path,
    list: &[ArticleCount],
    lang: &Lang,
    mask: &[bool],
    read: &ReadOptions,
) -> Result<Vec<Article>> {
    list.iter()
        .zip(mask)
        .map(|(a, &m)| {
            let mut art = if m {
                load_named(folder, &a.id, lang, read)
                    .context("a file the counts pass read cannot be read now")?
            } else {
                Article {
                    id: a.id.clone(),
                    lang: lang.clone(),
                    text: String::new(),
                    date: None,
                }
            };
            art.date.clone_from(&a.date);
            Ok(art)
        })
        .collect()
}
