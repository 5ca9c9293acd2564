//! Output that never destroys anything: a regular file is written under a
//! temporary name beside its destination and renamed only on success; a
//! device or a FIFO is written in place (renaming over `/dev/null` would
//! replace the device with a file); a symbolic link stays a link and its
//! target gets the new content. Output naming one of the inputs is refused
//! before any work.

use anyhow::{bail, Context, Result};
use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Where output goes.
pub enum Sink {
    /// Standard output.
    Stdout(BufWriter<io::Stdout>),
    /// A file: a temporary one renamed to `dest` by [`Sink::commit`], or,
    /// with `tmp` `None`, `dest` itself opened in place (a device, a FIFO).
    File {
        tmp: Option<PathBuf>,
        dest: PathBuf,
        file: Option<BufWriter<File>>,
        done: bool,
    },
}

/// How a destination is to be written.
enum Target {
    /// Write a temporary file and rename it to this path (the destination,
    /// or the file a symbolic link points to).
    Replace(PathBuf),
    /// Open and write in place: not a regular file.
    InPlace,
}

/// What the destination is: a regular file (or none yet) is replaced, a
/// symbolic link is followed to the file it names, anything else (a
/// device, a FIFO, a socket, a link to one or a dangling link) is opened
/// in place.
fn target(dest: &Path) -> Result<Target> {
    match std::fs::metadata(dest) {
        Ok(m) if m.is_dir() => bail!(
            "{}: is a folder; give a file name for the output",
            dest.display()
        ),
        Ok(m) if m.is_file() => {
            let real = std::fs::canonicalize(dest)
                .with_context(|| format!("{}: cannot resolve", dest.display()))?;
            Ok(Target::Replace(real))
        }
        Ok(_) => Ok(Target::InPlace),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if std::fs::symlink_metadata(dest).is_ok() {
                Ok(Target::InPlace)
            } else {
                Ok(Target::Replace(dest.to_path_buf()))
            }
        }
        Err(e) => Err(e).with_context(|| format!("{}: cannot write", dest.display())),
    }
}

/// The folder a file is in (`.` for a bare name).
pub fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The temporary name for `dest` in this process: hidden, beside it.
fn tmp_name(dest: &Path) -> PathBuf {
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    folder_of(dest).join(format!(".{name}.mizan-{}.tmp", std::process::id()))
}

/// Checks, before the work starts, that `dest` can be written: for a file
/// to be replaced, a temporary file is made beside it and removed again; a
/// device or a FIFO is only opened when written (opening a FIFO waits for
/// its reader).
pub fn check_writable(dest: &Path) -> Result<()> {
    let Target::Replace(real) = target(dest)? else {
        return Ok(());
    };
    let tmp = tmp_name(&real);
    File::create(&tmp).with_context(|| format!("{}: cannot create", dest.display()))?;
    let _ = std::fs::remove_file(&tmp);
    Ok(())
}

impl Sink {
    /// Opens the sink: standard output for `None`, else the destination as
    /// [`target`] decides. A temporary file goes in the destination's
    /// folder, so the final rename cannot cross file systems; it is created
    /// here, so an unwritable folder fails before the work.
    pub fn open(dest: Option<&Path>) -> Result<Sink> {
        let Some(dest) = dest else {
            return Ok(Sink::Stdout(BufWriter::new(io::stdout())));
        };
        match target(dest)? {
            Target::InPlace => {
                let file = OpenOptions::new()
                    .write(true)
                    .create(true)
                    .truncate(true)
                    .open(dest)
                    .with_context(|| format!("{}: cannot open for writing", dest.display()))?;
                Ok(Sink::File {
                    tmp: None,
                    dest: dest.to_path_buf(),
                    file: Some(BufWriter::new(file)),
                    done: false,
                })
            }
            Target::Replace(real) => {
                remove_stale_temps(&real);
                let tmp = tmp_name(&real);
                let file = File::create(&tmp)
                    .with_context(|| format!("{}: cannot create", dest.display()))?;
                // A file replaced keeps its permissions.
                if let Ok(m) = std::fs::metadata(&real) {
                    let _ = std::fs::set_permissions(&tmp, m.permissions());
                }
                Ok(Sink::File {
                    tmp: Some(tmp),
                    dest: real,
                    file: Some(BufWriter::new(file)),
                    done: false,
                })
            }
        }
    }

    /// Flushes and, for a temporary file, moves it into place.
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
                let flushed = file.into_inner().map_err(|e| e.into_error());
                let result = match tmp {
                    Some(tmp) => flushed
                        .and_then(|f| f.sync_all())
                        .and_then(|_| std::fs::rename(&*tmp, &*dest)),
                    // fsync means nothing to a pipe or a device (and fails
                    // on some).
                    None => flushed.map(drop),
                };
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
            tmp: Some(tmp),
            done: false,
            ..
        } = self
        {
            let _ = std::fs::remove_file(tmp);
        }
    }
}

/// An I/O error with the destination's name in it, so a full disk says
/// which file it stopped; the kind is kept (a closed pipe is no error).
fn name_error(dest: &Path, e: io::Error) -> io::Error {
    io::Error::new(e.kind(), format!("{}: {e}", dest.display()))
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Sink::Stdout(w) => w.write(buf),
            Sink::File { file, dest, .. } => file
                .as_mut()
                .map_or(Ok(0), |f| f.write(buf))
                .map_err(|e| name_error(dest, e)),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Stdout(w) => w.flush(),
            Sink::File { file, dest, .. } => file
                .as_mut()
                .map_or(Ok(()), |f| f.flush())
                .map_err(|e| name_error(dest, e)),
        }
    }
}

/// Whether a process of this id is running. Without `/proc` (not Linux)
/// every process counts as running, so nothing of another run is touched.
pub fn process_alive(pid: u32) -> bool {
    if !Path::new("/proc/self").exists() {
        return true;
    }
    Path::new("/proc").join(pid.to_string()).exists()
}

/// The process id in a temporary name `PREFIX<pid>.tmp`, if it is one.
pub fn tmp_pid(name: &str, prefix: &str) -> Option<u32> {
    name.strip_prefix(prefix)?
        .strip_suffix(".tmp")?
        .parse()
        .ok()
}

/// Removes the temporary files a killed run left beside `dest`
/// (`.NAME.mizan-PID.tmp` of a process no longer running).
fn remove_stale_temps(dest: &Path) {
    let Some(name) = dest.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return;
    };
    let prefix = format!(".{name}.mizan-");
    let Ok(entries) = std::fs::read_dir(folder_of(dest)) else {
        return;
    };
    for e in entries.flatten() {
        let file = e.file_name().to_string_lossy().into_owned();
        if let Some(pid) = tmp_pid(&file, &prefix) {
            let regular = e.file_type().is_ok_and(|t| t.is_file());
            if regular && pid != std::process::id() && !process_alive(pid) {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
}

/// Whether two paths name the same file (same device and inode, through
/// any links).
pub fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
        _ => false,
    }
}

/// Refuses an output that is one of the inputs: writing it would destroy
/// the input. Checked before any work starts.
pub fn refuse_input_as_output<'a>(
    output: Option<&Path>,
    inputs: impl IntoIterator<Item = &'a Path>,
) -> Result<()> {
    let Some(out) = output else {
        return Ok(());
    };
    for input in inputs {
        if same_file(out, input) {
            bail!(
                "{}: is also an input ({}); give another output file",
                out.display(),
                input.display()
            );
        }
    }
    Ok(())
}

/// A path made absolute and free of links as far as it exists: the longest
/// existing ancestor canonicalised, the rest appended (so a folder still to
/// be created can be compared with existing ones).
pub fn resolve_partly(path: &Path) -> PathBuf {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .unwrap_or_else(|_| PathBuf::from("/"))
            .join(path)
    };
    let mut rest = Vec::new();
    let mut cur = abs.as_path();
    loop {
        if let Ok(c) = std::fs::canonicalize(cur) {
            let mut out = c;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return out;
        }
        match (cur.parent(), cur.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                cur = parent;
            }
            _ => return abs,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_names_carry_the_process_id() {
        let prefix = ".a.tmx.mizan-";
        assert_eq!(tmp_pid(".a.tmx.mizan-123.tmp", prefix), Some(123));
        assert_eq!(tmp_pid(".a.tmx.mizan-x.tmp", prefix), None);
        assert_eq!(tmp_pid(".b.tmx.mizan-123.tmp", prefix), None);
        assert_eq!(tmp_pid(".a.tmx.mizan-123", prefix), None);
    }

    #[test]
    fn partly_resolved_paths_keep_the_missing_tail() {
        let dir = tempfile::tempdir().unwrap();
        let real = std::fs::canonicalize(dir.path()).unwrap();
        assert_eq!(resolve_partly(&dir.path().join("x/y")), real.join("x/y"));
        assert_eq!(resolve_partly(dir.path()), real);
    }
}
