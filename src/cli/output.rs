//! Output that appears whole or not at all: a file is written under a
//! temporary name beside its destination and renamed only on success.

use anyhow::{Context, Result};
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Where output goes.
pub enum Sink {
    /// Standard output.
    Stdout(BufWriter<io::Stdout>),
    /// A temporary file to be renamed to `dest` by [`Sink::commit`].
    File {
        tmp: PathBuf,
        dest: PathBuf,
        file: Option<BufWriter<File>>,
        done: bool,
    },
}

impl Sink {
    /// Opens the sink: standard output for `None`, else a temporary file
    /// in the destination's folder (so the final rename cannot cross file
    /// systems).
    pub fn open(dest: Option<&Path>) -> Result<Sink> {
        let Some(dest) = dest else {
            return Ok(Sink::Stdout(BufWriter::new(io::stdout())));
        };
        let dir = match dest.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tmp = dir.join(format!(".{name}.mizan-{}.tmp", std::process::id()));
        let file =
            File::create(&tmp).with_context(|| format!("{}: cannot create", dest.display()))?;
        Ok(Sink::File {
            tmp,
            dest: dest.to_path_buf(),
            file: Some(BufWriter::new(file)),
            done: false,
        })
    }

    /// Flushes and, for a file, moves it into place.
    pub fn commit(mut self) -> Result<()> {
        match &mut self {
            Sink::Stdout(w) => w.flush().context("cannot write to standard output"),
            Sink::File {
                tmp,
                dest,
                file,
                done,
            } => {
                let Some(file) = file.take() else {
                    return Ok(());
                };
                let result = file
                    .into_inner()
                    .map_err(|e| e.into_error())
                    .and_then(|f| f.sync_all())
                    .and_then(|_| std::fs::rename(&*tmp, &*dest));
                if let Err(e) = result {
                    return Err(e).with_context(|| format!("{}: cannot write", dest.display()));
                }
                *done = true;
                Ok(())
            }
        }
    }
}

impl Drop for Sink {
    // A sink dropped without commit (an error on the way) leaves nothing
    // behind.
    fn drop(&mut self) {
        if let Sink::File {
            tmp, done: false, ..
        } = self
        {
            let _ = std::fs::remove_file(tmp);
        }
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Sink::Stdout(w) => w.write(buf),
            Sink::File { file, .. } => file.as_mut().map_or(Ok(0), |f| f.write(buf)),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Stdout(w) => w.flush(),
            Sink::File { file, .. } => file.as_mut().map_or(Ok(()), |f| f.flush()),
        }
    }
}
