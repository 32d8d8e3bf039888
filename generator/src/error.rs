//! Errors that name where they happened: the file, the line of the front matter,
//! the operation and, for schema problems, the JSON pointer inside `api`.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where in the input a problem was found.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    /// The page (or folder) the problem is in.
    pub file: PathBuf,
    /// 1-based line in the file, when known (the `api:` line for problems inside `api`).
    pub line: Option<usize>,
    /// The operation id (or page id) the problem belongs to, when known.
    pub operation: Option<String>,
    /// JSON pointer inside the `api` value, when the problem is in the operation JSON.
    pub pointer: Option<String>,
}

impl Location {
    /// A location naming only a file.
    pub fn file(file: impl AsRef<Path>) -> Self {
        Location {
            file: file.as_ref().to_path_buf(),
            ..Location::default()
        }
    }

    /// The same location at a given line.
    pub fn at_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    /// The same location for a given operation.
    pub fn with_operation(mut self, op: impl Into<String>) -> Self {
        self.operation = Some(op.into());
        self
    }

    /// The same location at a JSON pointer inside `api`.
    pub fn with_pointer(mut self, pointer: impl Into<String>) -> Self {
        self.pointer = Some(pointer.into());
        self
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(op) = &self.operation {
            write!(f, " (operation `{op}`)")?;
        }
        if let Some(ptr) = &self.pointer {
            write!(f, " at api{ptr}")?;
        }
        Ok(())
    }
}

/// Everything that can go wrong while reading docs and generating code.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The path involved.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The docs are wrong: the page cannot be used as it is.
    #[error("{location}: {message}")]
    Input {
        /// Where the problem is.
        location: Location,
        /// What is wrong, in words a docs author can act on.
        message: String,
    },
    /// A bug in the generator: generated tokens did not parse, and so on.
    #[error("internal error: {0}")]
    Internal(String),
    /// Several problems in one run, all reported together.
    #[error("{} error(s):\n{}", .0.len(), .0.iter().map(|e| format!("  {e}")).collect::<Vec<_>>().join("\n"))]
    Many(Vec<Error>),
}

impl Error {
    /// An input error at `location`.
    pub fn input(location: Location, message: impl Into<String>) -> Self {
        Error::Input {
            location,
            message: message.into(),
        }
    }

    /// An I/O error on `path`.
    pub fn io(path: impl AsRef<Path>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.as_ref().to_path_buf(),
            source,
        }
    }

    /// Folds a list of errors into one: none is `Ok`, one is itself, more is [`Error::Many`].
    pub fn collect(mut errors: Vec<Error>) -> Result<()> {
        match errors.len() {
            0 => Ok(()),
            1 => Err(errors.remove(0)),
            _ => Err(Error::Many(errors)),
        }
    }

    /// The process exit code for this error: 2 for bad input, 3 for internal errors.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Internal(_) => 3,
            Error::Many(all) if all.iter().any(|e| matches!(e, Error::Internal(_))) => 3,
            _ => 2,
        }
    }
}

/// Result with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A problem in the docs that generation worked around: the nearest sound
/// representation was generated instead, and the run goes on.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    /// Where the problem is (the first place, when it repeats).
    pub location: Location,
    /// What is wrong and what was generated instead.
    pub message: String,
    /// How many pages the same problem was found on (1 unless grouped).
    pub pages: usize,
}

impl Warning {
    /// A warning at `location`.
    pub fn new(location: Location, message: impl Into<String>) -> Self {
        Warning {
            location,
            message: message.into(),
            pages: 1,
        }
    }

    /// Folds warnings that say the same thing into one, counting their pages: a
    /// quirk the plugin repeats on 40 pages is one warning, not 40. The first place
    /// (in file order) stands for all; the result is sorted by place.
    pub fn group(warnings: impl IntoIterator<Item = Warning>) -> Vec<Warning> {
        use std::collections::{BTreeMap, BTreeSet};
        let mut by_message: BTreeMap<String, (Location, BTreeSet<PathBuf>)> = BTreeMap::new();
        for w in warnings {
            let entry = by_message
                .entry(w.message)
                .or_insert_with(|| (w.location.clone(), BTreeSet::new()));
            if w.location < entry.0 {
                entry.0 = w.location.clone();
            }
            entry.1.insert(w.location.file);
        }
        let mut out: Vec<Warning> = by_message
            .into_iter()
            .map(|(message, (location, files))| Warning {
                location,
                message,
                pages: files.len(),
            })
            .collect();
        out.sort();
        out
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)?;
        if self.pages > 1 {
            write!(f, " (and on {} more pages)", self.pages - 1)?;
        }
        Ok(())
    }
}
