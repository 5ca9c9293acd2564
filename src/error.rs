//! The library's one error type.
//!
//! Every error carries a [`ErrorKind`] and, where it is known, the path of
//! the file it concerns and a position inside it (a 1-based line, or a byte
//! offset for encoding errors). The binary prints errors with `{}` and maps
//! every kind to exit code 2 (bad input), except I/O failures while writing.

use std::fmt;
use std::path::{Path, PathBuf};

/// What went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The file could not be read or written (missing, permission, ...).
    Io(String),
    /// The file is not valid UTF-8; the byte offset is in the position.
    InvalidUtf8,
    /// The file holds no text (empty or only whitespace).
    Empty,
    /// The text encoding could not be decided, or the bytes are not valid
    /// in the encoding given or detected; the message says which.
    Encoding(String),
    /// The file is not text: binary data, an image, a PDF, an archive
    /// that is no office document; the message says what was found.
    Binary(String),
    /// The file looks like a format mizan reads (HTML, .docx, .odt) but
    /// cannot be read as one (a broken archive, malformed XML).
    Format(String),
    /// The language could not be decided from the text's script.
    UndecidableLanguage(String),
    /// The text's script contradicts the language it should be in (an
    /// Arabic article in the English folder).
    LanguageMismatch(String),
    /// A language code or tag given by the user is not usable.
    BadLanguage(String),
    /// A line of an input file has the wrong format (gold beads, lexicon,
    /// SRX rules, ...).
    Parse(String),
    /// An option or combination of options is invalid.
    Config(String),
    /// A text is not the one a review was made from (`mizan apply`).
    Changed(String),
}

/// Where in a file an error was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    /// 1-based line number.
    Line(usize),
    /// 0-based byte offset.
    Byte(usize),
}

/// The error type of every fallible function in the library.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    path: Option<PathBuf>,
    position: Option<Position>,
}

/// Shorthand for results of this library.
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// An error of the given kind, with no file context yet.
    pub fn new(kind: ErrorKind) -> Error {
        Error {
            kind,
            path: None,
            position: None,
        }
    }

    /// A parse error with a message.
    pub fn parse(msg: impl Into<String>) -> Error {
        Error::new(ErrorKind::Parse(msg.into()))
    }

    /// A configuration error with a message.
    pub fn config(msg: impl Into<String>) -> Error {
        Error::new(ErrorKind::Config(msg.into()))
    }

    /// An I/O error, keeping its message.
    pub fn io(err: &std::io::Error) -> Error {
        Error::new(ErrorKind::Io(err.to_string()))
    }

    /// Attaches the path of the file concerned.
    pub fn with_path(mut self, path: impl AsRef<Path>) -> Error {
        self.path = Some(path.as_ref().to_path_buf());
        self
    }

    /// The same error without the file's path (for a report that names
    /// the file in a column of its own).
    pub fn without_path(mut self) -> Error {
        self.path = None;
        self
    }

    /// Attaches a 1-based line number.
    pub fn at_line(mut self, line: usize) -> Error {
        self.position = Some(Position::Line(line));
        self
    }

    /// Attaches a 0-based byte offset.
    pub fn at_byte(mut self, offset: usize) -> Error {
        self.position = Some(Position::Byte(offset));
        self
    }

    /// The kind of error.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// The file concerned, if known.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The position in the file, if known.
    pub fn position(&self) -> Option<Position> {
        self.position
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(path) = &self.path {
            write!(f, "{}", path.display())?;
            match self.position {
                Some(Position::Line(n)) => write!(f, ":{n}")?,
                Some(Position::Byte(n)) => write!(f, " (byte {n})")?,
                None => {}
            }
            write!(f, ": ")?;
        } else {
            match self.position {
                Some(Position::Line(n)) => write!(f, "line {n}: ")?,
                Some(Position::Byte(n)) => write!(f, "byte {n}: ")?,
                None => {}
            }
        }
        match &self.kind {
            ErrorKind::Io(msg) => write!(f, "{msg}"),
            ErrorKind::InvalidUtf8 => write!(f, "invalid UTF-8"),
            ErrorKind::Empty => write!(f, "file holds no text"),
            ErrorKind::Encoding(msg) => write!(f, "{msg}"),
            ErrorKind::Binary(msg) => write!(f, "not a text article: {msg}"),
            ErrorKind::Format(msg) => write!(f, "{msg}"),
            ErrorKind::UndecidableLanguage(msg) => {
                write!(
                    f,
                    "cannot tell the language: {msg}; give it with --src-lang/--tgt-lang or --lang"
                )
            }
            ErrorKind::LanguageMismatch(msg) => write!(f, "wrong language: {msg}"),
            ErrorKind::BadLanguage(msg) => write!(f, "bad language: {msg}"),
            ErrorKind::Parse(msg) => write!(f, "{msg}"),
            ErrorKind::Config(msg) => write!(f, "{msg}"),
            ErrorKind::Changed(msg) => write!(f, "{msg}"),
        }
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_and_position() {
        let e = Error::new(ErrorKind::InvalidUtf8)
            .with_path("a.txt")
            .at_byte(17);
        assert_eq!(e.to_string(), "a.txt (byte 17): invalid UTF-8");
        let e = Error::parse("expected ':'").with_path("g.gold").at_line(3);
        assert_eq!(e.to_string(), "g.gold:3: expected ':'");
        let e = Error::config("no such format");
        assert_eq!(e.to_string(), "no such format");
    }
}
