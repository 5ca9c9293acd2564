//! A build's output folder, all or nothing: every file of a run is written
//! into a hidden temporary folder and moved into place only when all are
//! complete, so a killed or failed build leaves the earlier output as it
//! was. A manifest (`.mizan-manifest`, one file name a line) says which
//! files the last run made, so that the next run removes those it does not
//! make again (an old `ar-ru.tmx` when this run makes only `ar-en`) instead
//! of leaving them as if they were part of it.

use super::output::{folder_of, process_alive, tmp_pid};
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// The manifest's name inside the output folder.
pub const MANIFEST: &str = ".mizan-manifest";

/// Prefix of the temporary folder's name inside an existing output folder.
const TMP_PREFIX: &str = ".mizan-build-";

/// The output folder of one build.
pub struct OutDir {
    dest: PathBuf,
    tmp: PathBuf,
    /// The destination did not exist: the whole temporary folder becomes
    /// it in one rename.
    fresh: bool,
    files: Vec<String>,
    done: bool,
}

/// What [`OutDir::commit`] did besides moving the new files in.
#[derive(Debug, Default)]
pub struct Committed {
    /// Files of the previous run that this run did not make, removed.
    pub removed: Vec<PathBuf>,
    /// Files that look like an earlier run's output (by their names) but
    /// are in no manifest, so were left alone.
    pub unknown: Vec<PathBuf>,
}

impl OutDir {
    /// Creates the temporary folder: inside `dest` when it exists (the same
    /// file system even if `dest` is a mount point), else beside it. This
    /// is also the check that the output can be written at all, made before
    /// the work starts. Temporary folders of killed runs are removed.
    pub fn open(dest: &Path) -> Result<OutDir> {
        let fresh = !dest.exists();
        let (home, prefix) = if fresh {
            let parent = folder_of(dest);
            std::fs::create_dir_all(&parent)
                .with_context(|| format!("{}: cannot create folder", parent.display()))?;
            let name = dest
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            (parent, format!(".{name}.mizan-build-"))
        } else {
            (dest.to_path_buf(), TMP_PREFIX.to_string())
        };
        remove_stale(&home, &prefix);
        let tmp = home.join(format!("{prefix}{}.tmp", std::process::id()));
        let _ = std::fs::remove_dir_all(&tmp);
        std::fs::create_dir(&tmp)
            .with_context(|| format!("{}: cannot write into this folder", home.display()))?;
        Ok(OutDir {
            dest: dest.to_path_buf(),
            tmp,
            fresh,
            files: Vec::new(),
            done: false,
        })
    }

    /// Where to write the file `name` of this run (in the temporary folder).
    pub fn file(&mut self, name: &str) -> PathBuf {
        if !self.files.iter().any(|f| f == name) {
            self.files.push(name.to_string());
        }
        self.tmp.join(name)
    }

    /// Where to write the file `name` of this run, without listing it yet:
    /// for a file written beside others, listed with [`OutDir::file`] in
    /// the order the files are meant to be listed.
    pub fn unlisted(&self, name: &str) -> PathBuf {
        self.tmp.join(name)
    }

    /// A path prefix in the temporary folder for files a writer names
    /// itself (Moses' `PREFIX.ar`); list those with [`OutDir::file`].
    pub fn prefix(&self, name: &str) -> PathBuf {
        self.tmp.join(name)
    }

    /// The final place of `name`, for messages.
    pub fn final_path(&self, name: &str) -> PathBuf {
        self.dest.join(name)
    }

    /// Moves every file into place, then removes the files the previous
    /// run's manifest lists and this run did not make.
    pub fn commit(mut self) -> Result<Committed> {
        let manifest: String = self.files.iter().map(|f| format!("{f}\n")).collect();
        std::fs::write(self.tmp.join(MANIFEST), manifest)
            .with_context(|| format!("{}: cannot write", self.final_path(MANIFEST).display()))?;
        let mut done = Committed::default();
        if self.fresh && std::fs::rename(&self.tmp, &self.dest).is_ok() {
            self.done = true;
            return Ok(done);
        }
        std::fs::create_dir_all(&self.dest)
            .with_context(|| format!("{}: cannot create folder", self.dest.display()))?;
        let old: Vec<String> = std::fs::read_to_string(self.dest.join(MANIFEST))
            .map(|s| s.lines().map(str::to_string).collect())
            .unwrap_or_default();
        // The manifest goes last: until it is in place, the old one still
        // lists the old files.
        for name in self
            .files
            .iter()
            .chain(std::iter::once(&MANIFEST.to_string()))
        {
            std::fs::rename(self.tmp.join(name), self.dest.join(name)).with_context(|| {
                format!(
                    "{}: cannot move into place",
                    self.final_path(name).display()
                )
            })?;
        }
        for name in old {
            // Only plain names: a manifest edited to say `../x` removes
            // nothing outside the folder.
            let plain = !name.is_empty() && !name.contains('/') && !name.starts_with('.');
            if plain && !self.files.contains(&name) {
                let path = self.dest.join(&name);
                if std::fs::remove_file(&path).is_ok() {
                    done.removed.push(path);
                }
            }
        }
        if let Ok(entries) = std::fs::read_dir(&self.dest) {
            let mut unknown: Vec<PathBuf> = entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| looks_like_output(n) && !self.files.contains(n))
                .map(|n| self.dest.join(n))
                .collect();
            unknown.sort();
            done.unknown = unknown;
        }
        let _ = std::fs::remove_dir_all(&self.tmp);
        self.done = true;
        Ok(done)
    }
}

impl Drop for OutDir {
    // A build that failed or panicked leaves nothing of itself.
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
}

/// Whether a file name is one a build writes (`ar-en.tmx`, `ar-ru.ru`,
/// `pairs.tsv`, ...).
fn looks_like_output(name: &str) -> bool {
    if matches!(name, "pairs.tsv" | "unpaired.tsv" | "summary.txt") {
        return true;
    }
    let Some(rest) = name.strip_prefix("ar-") else {
        return false;
    };
    let Some((lang, ext)) = rest.split_once('.') else {
        return false;
    };
    let code = |s: &str| (2..=3).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_lowercase());
    code(lang) && (matches!(ext, "tmx" | "tsv" | "lexicon.tsv") || code(ext))
}

/// Removes the temporary folders of killed runs (`PREFIX<pid>.tmp` of a
/// process no longer running) from `home`.
fn remove_stale(home: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(home) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if let Some(pid) = tmp_pid(&name, prefix) {
            let dir = e.file_type().is_ok_and(|t| t.is_dir());
            if dir && pid != std::process::id() && !process_alive(pid) {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_names() {
        for yes in [
            "ar-en.tmx",
            "ar-ru.tsv",
            "ar-en.ar",
            "ar-en.en",
            "ar-ru.lexicon.tsv",
            "pairs.tsv",
            "summary.txt",
        ] {
            assert!(looks_like_output(yes), "{yes}");
        }
        for no in ["notes.txt", "ar-en", "ar-EN.tmx", "ar-en.docx", "en-ar.tmx"] {
            assert!(!looks_like_output(no), "{no}");
        }
    }

    #[test]
    fn a_second_run_replaces_the_first_and_drops_its_extra_files() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("out");
        let mut first = OutDir::open(&dest).unwrap();
        std::fs::write(first.file("ar-en.tmx"), "1").unwrap();
        std::fs::write(first.file("ar-ru.tmx"), "1").unwrap();
        first.commit().unwrap();
        std::fs::write(dest.join("notes.txt"), "mine").unwrap();
        let mut second = OutDir::open(&dest).unwrap();
        std::fs::write(second.file("ar-en.tmx"), "2").unwrap();
        let done = second.commit().unwrap();
        assert_eq!(done.removed, vec![dest.join("ar-ru.tmx")]);
        assert_eq!(
            std::fs::read_to_string(dest.join("ar-en.tmx")).unwrap(),
            "2"
        );
        assert_eq!(
            std::fs::read_to_string(dest.join("notes.txt")).unwrap(),
            "mine"
        );
        let mut names: Vec<String> = std::fs::read_dir(&dest)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, [MANIFEST, "ar-en.tmx", "notes.txt"]);
    }

    #[test]
    fn a_run_dropped_unfinished_leaves_the_earlier_output() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("out");
        let mut first = OutDir::open(&dest).unwrap();
        std::fs::write(first.file("ar-en.tmx"), "1").unwrap();
        first.commit().unwrap();
        let mut second = OutDir::open(&dest).unwrap();
        std::fs::write(second.file("ar-en.tmx"), "2").unwrap();
        drop(second);
        assert_eq!(
            std::fs::read_to_string(dest.join("ar-en.tmx")).unwrap(),
            "1"
        );
        assert_eq!(std::fs::read_dir(&dest).unwrap().count(), 2);
    }
}
