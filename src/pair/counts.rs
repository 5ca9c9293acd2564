//! The counts pass of sharded pairing: the statistics a shard's scores
//! need of the whole collection, so that a shard reads only its own
//! source articles and the target articles it can be compared with.
//!
//! A score depends on the collection through the key weights (document
//! frequencies over both sides), the target document frequencies (keys
//! too common are not indexed), the order of the key ids (sums over a
//! key set run in id order, and float sums depend on their order), the
//! Latin keys of the non-Latin side (which make words of the other side
//! anchors), and every article's length and date (which the merge
//! needs). The counts file holds exactly these, written in one pass that
//! profiles a batch of articles at a time and keeps only the counts.
//!
//! ```text
//! mizan-counts  1
//! langs  SOURCE_LANGUAGE  TARGET_LANGUAGE
//! lexicon  FINGERPRINT      (only when a lexicon's translations were counted)
//! src    ID  LEN  DATE|-        (every source article, in index order)
//! tgt    ID  LEN  DATE|-        (every target article, in index order)
//! skip   SIDE  ID  REASON       (files the pass skipped)
//! key    DF_SRC  DF_TGT  KEY    (in id order: as a single run meets them)
//! end    N_SRC  N_TGT  N_KEYS   (so that a file cut short is refused)
//! ```

use super::block::AnchorIndex;
#[cfg(test)]
use super::profile::Collection;
use super::Article;
use super::Lexicon;
use crate::error::{Error, Result};
use crate::input::read_text;
use crate::lang::Lang;
use std::io::Write;
use std::path::Path;

mod counter;
mod profiles;

pub use counter::Counter;

#[cfg(test)]
use profiles::build_counted;
pub(super) use profiles::CountedProfiles;

const MAGIC: &str = "mizan-counts";
const VERSION: &str = "1";

/// Articles profiled at once by the counts pass: enough to keep every
/// core busy, few enough that their profiles weigh nothing.
const BATCH: usize = 512;

/// What the counts pass knows of one article.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleCount {
    /// Its id.
    pub id: String,
    /// Its length in characters as the length model counts them.
    pub len: u32,
    /// Its date, if any.
    pub date: Option<String>,
}

/// The collection-wide statistics of a pairing run.
#[derive(Debug, Clone, PartialEq)]
pub struct Counts {
    /// The source side's language.
    pub src_lang: Lang,
    /// The target side's language.
    pub tgt_lang: Lang,
    /// Every source article, in index order.
    pub src: Vec<ArticleCount>,
    /// Every target article, in index order.
    pub tgt: Vec<ArticleCount>,
    /// Files skipped, `(side, id, reason)`.
    pub skipped: Vec<(String, String, String)>,
    /// Every key in id order, with its document frequency on each side.
    pub keys: Vec<(String, u32, u32)>,
    /// The fingerprint ([`fingerprint`]) of the lexicon file whose
    /// translations were counted, if any: a shard must use the same.
    pub lexicon: Option<u64>,
}

/// Profiles both sides a batch at a time, in the order a single run
/// does, and keeps only the counts. Both sides must be non-empty.
pub fn count_collection(src: &[Article], tgt: &[Article]) -> Counts {
    count_both(src, tgt, None, false).0
}

/// [`count_collection`] with the translations of `cfg`'s lexicon, if
/// any, counted as a single run with that lexicon counts them.
pub fn count_collection_with(src: &[Article], tgt: &[Article], cfg: &super::PairConfig) -> Counts {
    count_both(src, tgt, cfg.lexicon.as_deref(), false).0
}

/// [`count_collection_with`], and the anchor index of the target side
/// (the postings of the keys an index of `cfg` holds and a source holds
/// too), for shards blocked by the rarest anchors.
pub fn count_collection_indexed(
    src: &[Article],
    tgt: &[Article],
    cfg: &super::PairConfig,
) -> (Counts, AnchorIndex) {
    let (counts, pairs) = count_both(src, tgt, cfg.lexicon.as_deref(), true);
    let cap = super::index::df_cap(counts.tgt.len(), cfg);
    let index = AnchorIndex::from_pairs(&counts, pairs, cap);
    (counts, index)
}

fn count_both(
    src: &[Article],
    tgt: &[Article],
    lexicon: Option<&dyn Lexicon>,
    index: bool,
) -> (Counts, Vec<(u32, u32)>) {
    let same = |_: usize, batch: &[Article]| Ok(batch.to_vec());
    match count_loaded(src, tgt, lexicon, index, &same) {
        Ok(c) => c,
        // `same` never fails.
        Err(_) => unreachable!(),
    }
}

/// The counts pass over articles whose texts are read a batch at a time:
/// `src` and `tgt` list the articles (their texts may be empty), and
/// `load(side, batch)` (side 0 the source, 1 the target) gives a batch's
/// articles with their texts, in the same order. Only one batch of texts
/// is held at a time; the lexicon, if any, reads every batch a second
/// time. Both sides must be non-empty.
pub fn count_streamed(
    src: &[Article],
    tgt: &[Article],
    cfg: &super::PairConfig,
    index: bool,
    load: &Load<'_>,
) -> Result<(Counts, Option<AnchorIndex>)> {
    let (counts, pairs) = count_loaded(src, tgt, cfg.lexicon.as_deref(), index, load)?;
    let index = index.then(|| {
        let cap = super::index::df_cap(counts.tgt.len(), cfg);
        AnchorIndex::from_pairs(&counts, pairs, cap)
    });
    Ok((counts, index))
}

/// How [`count_streamed`] reads a batch's texts.
pub type Load<'a> = dyn Fn(usize, &[Article]) -> Result<Vec<Article>> + Sync + 'a;

fn count_loaded(
    src: &[Article],
    tgt: &[Article],
    lexicon: Option<&dyn Lexicon>,
    index: bool,
    load: &Load<'_>,
) -> Result<(Counts, Vec<(u32, u32)>)> {
    let mut c = Counter::new(src[0].lang.clone(), tgt[0].lang.clone(), index);
    let sides = if c.src_first() { [0, 1] } else { [1, 0] };
    let side = |s: usize| if s == 0 { src } else { tgt };
    for (i, &s) in sides.iter().enumerate() {
        if i == 1 {
            c.next_side();
        }
        for batch in side(s).chunks(BATCH) {
            c.add(&load(s, batch)?);
        }
    }
    if let Some(lex) = lexicon {
        for batch in src.chunks(BATCH) {
            c.add_lexicon_src(lex, &load(0, batch)?);
        }
        for batch in tgt.chunks(BATCH) {
            c.add_lexicon_tgt(&load(1, batch)?);
        }
    }
    Ok(c.finish())
}

fn column(what: &str, s: &str) -> Result<()> {
    if s.contains(['\t', '\n', '\r']) {
        return Err(Error::config(format!(
            "{what} {s:?} holds a tab or a line break; it cannot go into a counts file"
        )));
    }
    Ok(())
}

/// A 64-bit FNV-1a hash of some bytes (a lexicon file's), to tell a
/// counts pass's inputs from others.
pub fn fingerprint(bytes: &[u8]) -> u64 {
    let mut h = Fnv(0xcbf2_9ce4_8422_2325);
    let _ = h.write(bytes);
    h.0
}

/// FNV-1a, 64 bits, over the bytes written through it.
struct Fnv(u64);

impl Write for Fnv {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        for &b in buf {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Counts {
    /// A 64-bit FNV-1a hash of the counts file these counts write, so
    /// that a file made from them (an anchor index) names the counts it
    /// goes with; 0 for counts that cannot be written.
    pub fn fingerprint(&self) -> u64 {
        let mut h = Fnv(0xcbf2_9ce4_8422_2325);
        match self.write(&mut h) {
            Ok(()) => h.0,
            Err(_) => 0,
        }
    }

    /// Writes the counts file. An id or key that cannot go into a column
    /// is an error, before anything is written.
    pub fn write<W: Write>(&self, mut w: W) -> Result<()> {
        for a in self.src.iter().chain(&self.tgt) {
            column("article id", &a.id)?;
            column("date", a.date.as_deref().unwrap_or(""))?;
        }
        for (side, id, _) in &self.skipped {
            column("side", side)?;
            column("article id", id)?;
        }
        for (k, _, _) in &self.keys {
            // The key is the last column: a tab in it is kept.
            if k.contains(['\n', '\r']) || k.is_empty() {
                return Err(Error::config(format!(
                    "key {k:?} cannot go into a counts file"
                )));
            }
        }
        let io = |e: std::io::Error| Error::io(&e);
        writeln!(w, "{MAGIC}\t{VERSION}").map_err(io)?;
        writeln!(
            w,
            "langs\t{}\t{}",
            self.src_lang.code(),
            self.tgt_lang.code()
        )
        .map_err(io)?;
        if let Some(h) = self.lexicon {
            writeln!(w, "lexicon\t{h:016x}").map_err(io)?;
        }
        for (tag, arts) in [("src", &self.src), ("tgt", &self.tgt)] {
            for a in arts {
                let date = a.date.as_deref().unwrap_or("-");
                writeln!(w, "{tag}\t{}\t{}\t{date}", a.id, a.len).map_err(io)?;
            }
        }
        for (side, id, reason) in &self.skipped {
            let reason = reason.replace(['\t', '\n', '\r'], " ");
            writeln!(w, "skip\t{side}\t{id}\t{reason}").map_err(io)?;
        }
        for (k, a, b) in &self.keys {
            writeln!(w, "key\t{a}\t{b}\t{k}").map_err(io)?;
        }
        writeln!(
            w,
            "end\t{}\t{}\t{}",
            self.src.len(),
            self.tgt.len(),
            self.keys.len()
        )
        .map_err(io)?;
        w.flush().map_err(io)
    }
}

/// Reads a counts file that [`Counts::write`] wrote. Anything else fails
/// as a parse error naming the file and line.
pub fn read_counts(path: &Path) -> Result<Counts> {
    let text = read_text(path)?;
    parse_counts(&text).map_err(|(line, msg)| {
        let e = Error::parse(msg).with_path(path);
        match line {
            Some(l) => e.at_line(l),
            None => e,
        }
    })
}

type ParseResult<T> = std::result::Result<T, (Option<usize>, String)>;

fn parse_counts(text: &str) -> ParseResult<Counts> {
    let text = text.strip_suffix('\n').unwrap_or(text);
    let mut lines = text.split('\n').enumerate();
    match lines.next() {
        Some((_, l)) if l == format!("{MAGIC}\t{VERSION}") => {}
        _ => return Err((Some(1), format!(
            "not a counts file of this mizan (the first line is not '{MAGIC}<TAB>{VERSION}'); `mizan pair AR OTHER --counts-out FILE` writes one"
        ))),
    }
    let mut langs = None;
    let mut lexicon = None;
    let (mut src, mut tgt, mut skipped, mut keys) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut end = false;
    for (i, line) in lines {
        let at = Some(i + 1);
        if end {
            if line.is_empty() {
                continue;
            }
            return Err((at, "a line after the 'end' line".into()));
        }
        let bad = |what: &str| (at, format!("bad {what} line: '{line}'"));
        let int = |s: &str, what: &str| s.parse::<u32>().map_err(|_| bad(what));
        let cols: Vec<&str> = line.splitn(4, '\t').collect();
        match cols.as_slice() {
            ["langs", s, t] => {
                let l = |c: &str| Lang::parse(c).map_err(|_| bad("langs"));
                langs = Some((l(s)?, l(t)?));
            }
            ["lexicon", h] => {
                lexicon = Some(u64::from_str_radix(h, 16).map_err(|_| bad("lexicon"))?);
            }
            [tag @ ("src" | "tgt"), id, len, date] => {
                let date = match *date {
                    "-" => None,
                    d if super::date_days(d).is_some() => Some(d.to_string()),
                    _ => return Err(bad(tag)),
                };
                let a = ArticleCount {
                    id: id.to_string(),
                    len: int(len, tag)?,
                    date,
                };
                if *tag == "src" { &mut src } else { &mut tgt }.push(a);
            }
            ["skip", side, id, reason] => {
                skipped.push((side.to_string(), id.to_string(), reason.to_string()))
            }
            ["key", a, b, k] if !k.is_empty() => {
                keys.push((k.to_string(), int(a, "key")?, int(b, "key")?))
            }
            ["end", rest @ ..] => {
                let rest = rest.join("\t");
                if rest != format!("{}\t{}\t{}", src.len(), tgt.len(), keys.len()) {
                    return Err((
                        at,
                        "the 'end' line counts other lines than the file holds".into(),
                    ));
                }
                end = true;
            }
            _ => return Err(bad("unknown")),
        }
    }
    if !end {
        return Err((None, "no 'end' line: the file is cut short".into()));
    }
    let (src_lang, tgt_lang) = langs.ok_or((None, "no 'langs' line".to_string()))?;
    Ok(Counts {
        src_lang,
        tgt_lang,
        src,
        tgt,
        skipped,
        keys,
        lexicon,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn art(id: &str, lang: Lang, text: &str, date: Option<&str>) -> Article {
        Article {
            id: id.into(),
            lang,
            text: text.into(),
            date: date.map(str::to_string),
        }
    }

    fn sample() -> Counts {
        let src = vec![
            art(
                "a1",
                Lang::Ar,
                "زار أوباما برلين في 2015 مع NATO.",
                Some("2024-01-02"),
            ),
            art("a2", Lang::Ar, "بلغ العدد 345 شخصا.", None),
        ];
        let tgt = vec![
            art(
                "e1",
                Lang::En,
                "Obama visited Berlin in 2015 with NATO.",
                Some("2024-01-03"),
            ),
            art("e2", Lang::En, "The number reached 345 people.", None),
        ];
        let mut c = count_collection(&src, &tgt);
        c.skipped
            .push(("en".into(), "bad.txt".into(), "empty file".into()));
        c
    }

    #[test]
    fn counts_file_round_trips() {
        let c = sample();
        assert!(c
            .keys
            .iter()
            .any(|k| k.0 == "n:2015" && k.1 == 1 && k.2 == 1));
        let mut buf = Vec::new();
        c.write(&mut buf).unwrap();
        let back = parse_counts(std::str::from_utf8(&buf).unwrap()).unwrap();
        assert_eq!(back, c);
    }

    #[test]
    fn counted_collection_weighs_as_a_single_run() {
        let src = vec![
            art("a1", Lang::Ar, "زار أوباما برلين في 2015 مع NATO.", None),
            art("a2", Lang::Ar, "بلغ العدد 345 شخصا في 2015.", None),
        ];
        let tgt = vec![
            art(
                "e1",
                Lang::En,
                "Obama visited Berlin in 2015 with NATO.",
                None,
            ),
            art("e2", Lang::En, "The number reached 345 people.", None),
        ];
        let whole = Collection::build(&src, &tgt, &super::super::PairConfig::default());
        let counts = count_collection(&src, &tgt);
        let mut part_tgt = tgt.clone();
        part_tgt[1].text.clear();
        let part = build_counted(&src, &part_tgt, &[true, true], &[true, false], &counts).unwrap();
        assert_eq!(part.weight, whole.weight);
        assert_eq!(part.df_tgt, whole.df_tgt);
        assert_eq!(part.tgt[0].keys, whole.tgt[0].keys);
        assert_eq!(part.tgt[0].occ_w, whole.tgt[0].occ_w);
        assert!(part.tgt[1].keys.is_empty());
        // An article changed since the counts pass is refused by name.
        let mut changed = src.clone();
        changed[0].text.push_str(" 9999");
        let e = build_counted(&changed, &tgt, &[true, true], &[true, true], &counts).unwrap_err();
        assert!(e.to_string().contains("'a1'"), "{e}");
    }

    #[test]
    fn streamed_counts_read_a_batch_at_a_time() {
        let (src, tgt, _) = crate::pair::synthetic_collection(600, 3);
        let blank = |arts: &[Article]| -> Vec<Article> {
            arts.iter()
                .map(|a| Article {
                    text: String::new(),
                    ..a.clone()
                })
                .collect()
        };
        let (s0, t0) = (blank(&src), blank(&tgt));
        let calls = std::sync::Mutex::new(Vec::new());
        let load = |side: usize, batch: &[Article]| -> Result<Vec<Article>> {
            calls.lock().unwrap().push((side, batch.len()));
            let all = if side == 0 { &src } else { &tgt };
            Ok(batch
                .iter()
                .map(|b| all.iter().find(|a| a.id == b.id).unwrap().clone())
                .collect())
        };
        let cfg = super::super::PairConfig::default();
        let (counts, index) = count_streamed(&s0, &t0, &cfg, true, &load).unwrap();
        assert_eq!(counts, count_collection(&src, &tgt));
        assert_eq!(index, Some(count_collection_indexed(&src, &tgt, &cfg).1));
        let calls = calls.into_inner().unwrap();
        assert!(calls.iter().all(|&(_, n)| n <= BATCH), "{calls:?}");
        for (side, n) in [(0, src.len()), (1, tgt.len())] {
            let read: usize = calls.iter().filter(|c| c.0 == side).map(|c| c.1).sum();
            assert_eq!(read, n, "side {side}");
        }
        assert!(calls.len() >= 4, "{calls:?}");
        // A batch that cannot be read stops the pass with its error.
        let fail = |_: usize, _: &[Article]| -> Result<Vec<Article>> { Err(Error::config("gone")) };
        assert!(count_streamed(&s0, &t0, &cfg, false, &fail).is_err());
    }

    #[test]
    fn damaged_counts_files_are_refused_with_file_and_line() {
        let mut buf = Vec::new();
        sample().write(&mut buf).unwrap();
        let text = String::from_utf8(buf).unwrap();
        let dir = std::env::temp_dir().join(format!("mizan-counts-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("c.counts");
        let cut = &text[..text.rfind("end").unwrap()];
        let corrupt = text.replacen("\t1\t1\tn:2015", "\tx\t1\tn:2015", 1);
        let short_end = text.replace("end\t2\t2\t", "end\t2\t1\t");
        let bad_line = corrupt
            .lines()
            .position(|l| l.starts_with("key\tx"))
            .unwrap()
            + 1;
        for (body, want) in [
            (cut.to_string(), "cut short".to_string()),
            (corrupt, format!(":{bad_line}")),
            (short_end, "'end' line".to_string()),
            ("hello\n".to_string(), "not a counts file".to_string()),
        ] {
            std::fs::write(&path, body).unwrap();
            let e = read_counts(&path).unwrap_err().to_string();
            assert!(e.contains("c.counts"), "{e}");
            assert!(e.contains(&want), "{want}: {e}");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
