//! The edges file a shard writes and the merge reads: tab-separated
//! lines, each led by its kind.
//!
//! ```text
//! mizan-edges  1
//! shard        K  N  [DAYS]    (DAYS: shards cut by runs of days)
//! config       THRESHOLD  ALIGN_CHECK  LENGTH_SIGMA  LENGTH_RATIO|-  DATE_WINDOW
//! anchors      B           (only with an anchor block of B keys)
//! sources      N_SRC
//! lang         TARGET_LANGUAGE
//! tgt          ID  LEN  DAY|-            (every target article, in index order)
//! skip         SIDE  ID  REASON          (files the run skipped)
//! src          INDEX  ID  LEN  DAY|-     (this shard's source articles)
//! cand         TARGET_INDEX  OVERLAP  SHARE|-   (the source's candidates, in order)
//! end          N_SRC_LINES  N_CAND_LINES  (so that a file cut short is refused)
//! ```
//!
//! Numbers are written as Rust prints them, the shortest text that reads
//! back as the same number, so that the merge computes with exactly the
//! shard's values.

use super::{Candidate, EdgeConfig, Shard, ShardEdges, SourceEdges, TargetMeta};
use crate::error::{Error, Result};
use crate::input::read_text;
use std::io::Write;
use std::path::Path;

const MAGIC: &str = "mizan-edges";
const VERSION: &str = "1";

fn opt<T: std::fmt::Display>(x: Option<T>) -> String {
    x.map_or_else(|| "-".to_string(), |v| v.to_string())
}

/// An id goes into one column: a tab or a line break would cut it.
fn check_id(id: &str) -> Result<&str> {
    if id.contains(['\t', '\n', '\r']) {
        return Err(Error::config(format!(
            "article id {id:?} holds a tab or a line break; it cannot go into an edges file"
        )));
    }
    Ok(id)
}

impl ShardEdges {
    /// Writes the edges file. An article id holding a tab or a line
    /// break is an error (before anything is written).
    pub fn write<W: Write>(&self, mut w: W) -> Result<()> {
        for t in &self.tgt {
            check_id(&t.id)?;
        }
        for s in &self.src {
            check_id(&s.id)?;
        }
        for (side, id, _) in &self.skipped {
            check_id(side)?;
            check_id(id)?;
        }
        let io = |e: std::io::Error| Error::io(&e);
        let c = &self.cfg;
        writeln!(w, "{MAGIC}\t{VERSION}").map_err(io)?;
        match self.shard.days {
            None => writeln!(w, "shard\t{}\t{}", self.shard.k, self.shard.n),
            Some(d) => writeln!(w, "shard\t{}\t{}\t{d}", self.shard.k, self.shard.n),
        }
        .map_err(io)?;
        writeln!(
            w,
            "config\t{}\t{}\t{}\t{}\t{}",
            c.threshold,
            c.align_check,
            c.length_sigma,
            opt(c.length_ratio),
            c.date_window
        )
        .map_err(io)?;
        if let Some(b) = c.block_anchors {
            writeln!(w, "anchors\t{b}").map_err(io)?;
        }
        writeln!(w, "sources\t{}", self.n_src).map_err(io)?;
        writeln!(w, "lang\t{}", self.tgt_lang).map_err(io)?;
        for t in &self.tgt {
            writeln!(w, "tgt\t{}\t{}\t{}", t.id, t.len, opt(t.day)).map_err(io)?;
        }
        for (side, id, reason) in &self.skipped {
            let reason = reason.replace(['\t', '\n', '\r'], " ");
            writeln!(w, "skip\t{side}\t{id}\t{reason}").map_err(io)?;
        }
        let mut n_cands = 0;
        for s in &self.src {
            writeln!(w, "src\t{}\t{}\t{}\t{}", s.index, s.id, s.len, opt(s.day)).map_err(io)?;
            for c in &s.cands {
                writeln!(w, "cand\t{}\t{}\t{}", c.tgt, c.overlap, opt(c.share)).map_err(io)?;
                n_cands += 1;
            }
        }
        writeln!(w, "end\t{}\t{n_cands}", self.src.len()).map_err(io)?;
        w.flush().map_err(io)
    }
}

/// Reads an edges file that [`ShardEdges::write`] wrote. Anything else
/// fails as a parse error naming the file and line.
pub fn read_edges(path: &Path) -> Result<ShardEdges> {
    let text = read_text(path)?;
    let mut lines = text.lines().enumerate();
    let err = |i: usize, msg: String| Error::parse(msg).with_path(path).at_line(i + 1);
    match lines.next() {
        Some((_, l)) if l == format!("{MAGIC}\t{VERSION}") => {}
        _ => {
            return Err(err(
                0,
                format!("not an edges file of this mizan (the first line is not '{MAGIC}<TAB>{VERSION}'); `mizan pair --shard K/N --edges-out FILE` writes one"),
            ))
        }
    }
    let mut shard = None;
    let mut cfg = None;
    let mut n_src = None;
    let mut tgt_lang = None;
    let mut tgt = Vec::new();
    let mut skipped = Vec::new();
    let mut src: Vec<SourceEdges> = Vec::new();
    let mut end = false;
    for (i, line) in lines {
        if end {
            return Err(err(i, "a line after the 'end' line".into()));
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let bad = |what: &str| err(i, format!("bad {what} line: '{line}'"));
        let num = |s: &str, what: &str| -> Result<f64> { s.parse::<f64>().map_err(|_| bad(what)) };
        let int = |s: &str, what: &str| -> Result<u64> { s.parse::<u64>().map_err(|_| bad(what)) };
        let day = |s: &str, what: &str| -> Result<Option<i64>> {
            if s == "-" {
                Ok(None)
            } else {
                s.parse::<i64>().map(Some).map_err(|_| bad(what))
            }
        };
        match cols.as_slice() {
            ["shard", k, n, days @ ..] if days.len() <= 1 => {
                let mut s = Shard::parse(&format!("{k}/{n}")).map_err(|_| bad("shard"))?;
                if let Some(d) = days.first() {
                    s.days = Some(int(d, "shard")? as u32).filter(|&d| d > 0);
                    if s.days.is_none() {
                        return Err(bad("shard"));
                    }
                }
                shard = Some(s);
            }
            ["config", t, a, sigma, ratio, window] => {
                cfg = Some(EdgeConfig {
                    threshold: num(t, "config")?,
                    align_check: int(a, "config")? as usize,
                    length_sigma: num(sigma, "config")?,
                    length_ratio: if *ratio == "-" {
                        None
                    } else {
                        Some(num(ratio, "config")?)
                    },
                    date_window: num(window, "config")?,
                    block_anchors: None,
                })
            }
            ["anchors", b] => {
                let b = int(b, "anchors")? as usize;
                match &mut cfg {
                    Some(c) if b > 0 && c.block_anchors.is_none() => c.block_anchors = Some(b),
                    _ => return Err(bad("anchors")),
                }
            }
            ["sources", n] => n_src = Some(int(n, "sources")? as usize),
            ["lang", l] => tgt_lang = Some(l.to_string()),
            ["tgt", id, len, d] => tgt.push(TargetMeta {
                id: id.to_string(),
                len: u32::try_from(int(len, "tgt")?).map_err(|_| bad("tgt"))?,
                day: day(d, "tgt")?,
            }),
            ["skip", side, id, reason] => {
                skipped.push((side.to_string(), id.to_string(), reason.to_string()))
            }
            ["src", index, id, len, d] => src.push(SourceEdges {
                index: int(index, "src")? as usize,
                id: id.to_string(),
                len: u32::try_from(int(len, "src")?).map_err(|_| bad("src"))?,
                day: day(d, "src")?,
                cands: Vec::new(),
            }),
            ["cand", t, overlap, share] => {
                let c = Candidate {
                    tgt: u32::try_from(int(t, "cand")?).map_err(|_| bad("cand"))?,
                    overlap: overlap.parse::<f32>().map_err(|_| bad("cand"))?,
                    share: if *share == "-" {
                        None
                    } else {
                        Some(num(share, "cand")?)
                    },
                };
                src.last_mut()
                    .ok_or_else(|| err(i, "a 'cand' line before any 'src' line".into()))?
                    .cands
                    .push(c);
            }
            ["end", n_s, n_c] => {
                let n_cands: usize = src.iter().map(|s| s.cands.len()).sum();
                if int(n_s, "end")? != src.len() as u64 || int(n_c, "end")? != n_cands as u64 {
                    return Err(err(
                        i,
                        "the 'end' line counts other lines than the file holds".into(),
                    ));
                }
                end = true;
            }
            _ => return Err(bad("unknown")),
        }
    }
    if !end {
        return Err(Error::parse("no 'end' line: the file is cut short").with_path(path));
    }
    let missing = |what: &str| {
        Error::parse(format!("no '{what}' line: the file is cut short")).with_path(path)
    };
    Ok(ShardEdges {
        shard: shard.ok_or_else(|| missing("shard"))?,
        cfg: cfg.ok_or_else(|| missing("config"))?,
        n_src: n_src.ok_or_else(|| missing("sources"))?,
        tgt,
        src,
        tgt_lang: tgt_lang.ok_or_else(|| missing("lang"))?,
        skipped,
    })
}
