//! The system dictionaries' lexicon of a language pair, as the aligner's
//! tokens, and a cache of it on disk.
//!
//! Reading the dictionaries (decompressing, parsing each definition,
//! composing the pivot) and tokenising their 100,000 to 200,000 entries
//! took 0.6 s (ar-en) and 1.1 s (ar-ru) of every run, more than aligning
//! one article pair. The result depends only on the dictionary files and
//! on mizan itself, so it is kept in a file under `$XDG_CACHE_HOME/mizan`
//! (or `~/.cache/mizan`), named for the language pair and checked against
//! a key that names every dictionary used (path, size, modification
//! time), mizan's version and the program file itself. A file that does
//! not match the key, or fails its checksum, is ignored and written
//! again; writing goes through
//! a temporary file renamed into place, so a reader never sees half a
//! file. `MIZAN_DICT_CACHE` names another folder, or turns the cache off
//! when empty or `off`.

use super::dicts::{Dictionary, SystemLexicon};
use super::io::UserLexicon;
use super::WeightedPair;
use crate::lang::Lang;
use crate::tokenize::{tokens, Vocab};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Environment variable naming the cache folder; empty or `off`: no
/// cache.
pub const CACHE_VAR: &str = "MIZAN_DICT_CACHE";

/// Raised whenever the layout of a cache file changes. (What it holds
/// changes with the program, which the key names.)
const FORMAT: u32 = 1;

/// First bytes of a cache file.
const MAGIC: &[u8; 8] = b"MIZANDC\0";

/// A lexicon's entries as the aligner's tokens (normalised, stemmed: see
/// [`crate::tokenize::tokens`]), with their weights; entries without a
/// token on a side are left out.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TokenLexicon {
    /// (source tokens, target tokens, weight).
    pub entries: Vec<(Vec<String>, Vec<String>, f32)>,
    /// A line for messages (see [`SystemLexicon::describe`]).
    pub description: String,
}

impl TokenLexicon {
    /// Tokenises the entries of `lex`, read from `src` to `tgt`.
    pub fn new(lex: &UserLexicon, src: &Lang, tgt: &Lang, description: String) -> TokenLexicon {
        let entries = lex
            .entries
            .iter()
            .filter_map(|e| {
                let s = tokens(&e.source, src);
                let t = tokens(&e.target, tgt);
                (!s.is_empty() && !t.is_empty()).then_some((s, t, e.weight))
            })
            .collect();
        TokenLexicon {
            entries,
            description,
        }
    }

    /// The entries that hold a word of the text on either side (ids
    /// below `src_known` or `tgt_known`), as training pairs; their other
    /// words are interned. The others cannot change a translation the
    /// score looks up, and left in they only slow the training down.
    pub fn to_pairs(
        &self,
        src_vocab: &mut Vocab,
        tgt_vocab: &mut Vocab,
        src_known: u32,
        tgt_known: u32,
    ) -> Vec<WeightedPair> {
        let known = |v: &Vocab, words: &[String], limit: u32| {
            words.iter().any(|w| v.get(w).is_some_and(|id| id < limit))
        };
        let mut out = Vec::new();
        for (s, t, w) in &self.entries {
            if known(src_vocab, s, src_known) || known(tgt_vocab, t, tgt_known) {
                let s = s.iter().map(|x| src_vocab.intern(x)).collect();
                let t = t.iter().map(|x| tgt_vocab.intern(x)).collect();
                out.push((s, t, *w));
            }
        }
        out
    }
}

/// The cache folder: `MIZAN_DICT_CACHE` when set (none when empty or
/// `off`), else `$XDG_CACHE_HOME/mizan`, else `$HOME/.cache/mizan`.
pub fn cache_dir() -> Option<PathBuf> {
    if let Some(v) = std::env::var_os(CACHE_VAR) {
        return (!v.is_empty() && v != "off").then(|| PathBuf::from(v));
    }
    let xdg = std::env::var_os("XDG_CACHE_HOME").filter(|v| !v.is_empty());
    match xdg {
        Some(x) => Some(PathBuf::from(x).join("mizan")),
        None => std::env::var_os("HOME")
            .filter(|v| !v.is_empty())
            .map(|h| PathBuf::from(h).join(".cache").join("mizan")),
    }
}

/// What a cached lexicon must have been made from: mizan's version, the
/// format, the pair, and each dictionary's files with their sizes and
/// modification times. `None` when a file cannot be examined.
fn cache_key(dicts: &[&Dictionary], src: &str, tgt: &str) -> Option<String> {
    let mut key = format!(
        "mizan {} format {FORMAT}\n{src}-{tgt}\n",
        env!("CARGO_PKG_VERSION")
    );
    // The program itself too: the version stays the same between the
    // builds of a development, whose pivot or tokenizer may differ.
    if let Some(exe) = std::env::current_exe().ok().and_then(|p| file_id(&p)) {
        key += &format!("program {exe}\n");
    }
    for d in dicts {
        for path in [&d.index, &d.dict] {
            key += &file_id(path)?;
            key.push('\n');
        }
    }
    Some(key)
}

/// A file's full path, size and modification time, as a line of a key.
fn file_id(path: &Path) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    let mtime = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    let full = std::fs::canonicalize(path).ok()?;
    Some(format!(
        "{}\t{}\t{}.{:09}",
        full.display(),
        meta.len(),
        mtime.as_secs(),
        mtime.subsec_nanos()
    ))
}

/// FNV-1a, 64 bits: enough to tell a damaged file from a whole one.
fn checksum(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(&(s.len() as u32).to_le_bytes());
    out.extend_from_slice(s.as_bytes());
}

fn put_words(out: &mut Vec<u8>, words: &[String]) {
    out.extend_from_slice(&(words.len() as u32).to_le_bytes());
    for w in words {
        put_str(out, w);
    }
}

/// The bytes of a cache file holding `lex` under `key`.
pub fn encode(key: &str, lex: &TokenLexicon) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC);
    put_str(&mut out, key);
    put_str(&mut out, &lex.description);
    out.extend_from_slice(&(lex.entries.len() as u64).to_le_bytes());
    for (s, t, w) in &lex.entries {
        put_words(&mut out, s);
        put_words(&mut out, t);
        out.extend_from_slice(&w.to_le_bytes());
    }
    let sum = checksum(&out);
    out.extend_from_slice(&sum.to_le_bytes());
    out
}

/// A reader over a cache file's bytes that fails (with `None`) at the
/// first thing out of place.
struct Reader<'a> {
    bytes: &'a [u8],
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        if n > self.bytes.len() {
            return None;
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Some(head)
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn string(&mut self) -> Option<String> {
        let n = self.u32()? as usize;
        String::from_utf8(self.take(n)?.to_vec()).ok()
    }

    fn words(&mut self) -> Option<Vec<String>> {
        let n = self.u32()? as usize;
        // Each word takes at least its 4-byte length: a count past what
        // is left is damage, not a reason to reserve gigabytes.
        if n > self.bytes.len() / 4 {
            return None;
        }
        (0..n).map(|_| self.string()).collect()
    }
}

/// The lexicon in a cache file's bytes if they are whole and were made
/// under `key`.
pub fn decode(bytes: &[u8], key: &str) -> Option<TokenLexicon> {
    let body_len = bytes.len().checked_sub(8)?;
    let (body, sum) = bytes.split_at(body_len);
    if u64::from_le_bytes(sum.try_into().ok()?) != checksum(body) {
        return None;
    }
    let mut r = Reader { bytes: body };
    if r.take(MAGIC.len())? != MAGIC || r.string()? != key {
        return None;
    }
    let description = r.string()?;
    let n = u64::from_le_bytes(r.take(8)?.try_into().ok()?) as usize;
    if n > r.bytes.len() / 12 {
        return None;
    }
    let mut entries = Vec::with_capacity(n);
    for _ in 0..n {
        let s = r.words()?;
        let t = r.words()?;
        let w = f32::from_le_bytes(r.take(4)?.try_into().ok()?);
        entries.push((s, t, w));
    }
    r.bytes.is_empty().then_some(TokenLexicon {
        entries,
        description,
    })
}

/// Writes `bytes` to `path` through a temporary file in the same folder,
/// renamed into place.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        name.unwrap_or_default(),
        std::process::id()
    ));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Where a pair's lexicon is cached in `dir`.
pub fn cache_file(dir: &Path, src: &Lang, tgt: &Lang) -> PathBuf {
    dir.join(format!("dict-{}-{}.bin", src.code(), tgt.code()))
}

/// The system dictionaries' lexicon of `src` → `tgt` as tokens (see
/// [`super::dicts::system_lexicon`]), from the cache in `cache` when it
/// holds one made from the same dictionaries by the same mizan, else
/// made and (when `cache` is given) stored. A cache that cannot be read
/// or written is passed over: it only saves time.
pub fn system_tokens(
    dicts: &[Dictionary],
    src: &Lang,
    tgt: &Lang,
    cache: Option<&Path>,
) -> crate::error::Result<Option<TokenLexicon>> {
    let used = super::dicts::dictionaries_for(dicts, src, tgt);
    if used.is_empty() {
        return Ok(None);
    }
    let key = cache.and_then(|_| cache_key(&used, src.code(), tgt.code()));
    let file = cache.map(|d| cache_file(d, src, tgt));
    if let (Some(key), Some(file)) = (&key, &file) {
        if let Some(lex) = std::fs::read(file).ok().and_then(|b| decode(&b, key)) {
            return Ok(Some(lex));
        }
    }
    let Some(system): Option<SystemLexicon> = super::dicts::system_lexicon(dicts, src, tgt)? else {
        return Ok(None);
    };
    let lex = TokenLexicon::new(&system.lexicon, src, tgt, system.describe());
    if let (Some(key), Some(file)) = (&key, &file) {
        let _ = write_atomically(file, &encode(key, &lex));
    }
    Ok(Some(lex))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> TokenLexicon {
        TokenLexicon {
            entries: vec![
                (vec!["كتاب".into()], vec!["книг".into()], 0.5),
                (vec!["بيت".into(), "كبير".into()], vec!["дом".into()], 1.0),
            ],
            description: "two entries".into(),
        }
    }

    #[test]
    fn a_file_reads_back_only_whole_and_under_its_key() {
        let bytes = encode("key 1", &sample());
        assert_eq!(decode(&bytes, "key 1"), Some(sample()));
        // Another key: dictionaries changed, or another version.
        assert_eq!(decode(&bytes, "key 2"), None);
        // Every truncation and every flipped byte is caught.
        for n in 0..bytes.len() {
            assert_eq!(decode(&bytes[..n], "key 1"), None, "cut at {n}");
            let mut bad = bytes.clone();
            bad[n] ^= 0x20;
            assert_eq!(decode(&bad, "key 1"), None, "byte {n} changed");
        }
    }

    #[test]
    fn only_entries_touching_the_text_become_pairs() {
        let (mut sv, mut tv) = (Vocab::new(), Vocab::new());
        sv.intern("بيت");
        let pairs = sample().to_pairs(&mut sv, &mut tv, 1, 0);
        assert_eq!(pairs.len(), 1);
        assert_eq!(pairs[0].0, vec![0, 1]);
        assert_eq!(sv.word(1), Some("كبير"));
        assert_eq!(tv.word(pairs[0].1[0]), Some("дом"));
        // The other entry's words were not interned.
        assert_eq!(sv.get("كتاب"), None);
    }
}
