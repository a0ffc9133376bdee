//! Finding and reading snapshot folders: one folder per environment, every file in it
//! (and in `service-accounts/`) read through `snapshot::read_file`.

use std::ops::Range;
use std::path::{Path, PathBuf};

use super::Io;
use crate::diagnostic::redact::{Redactor, credential_ranges, line_ranges};
use crate::diagnostic::{Code, Diagnostic};
use crate::report::human;
use crate::snapshot::{self, EnvValue, FileContent, ReadFile, Snapshot};
use crate::source::{FileId, Fingerprint, SourceMap, Span};

/// The largest snapshot file read.
pub(super) const MAX_FILE_BYTES: u64 = 16 << 20;
/// The most files read from one environment folder.
pub(super) const MAX_FILES: usize = 20_000;

/// Snapshots read from disk, with every problem found.
pub(super) struct Loaded {
    pub snapshot: Snapshot,
    pub diagnostics: Vec<Diagnostic>,
    /// Every snapshot file that could be read, parsed or not (a file that could not be
    /// read keeps its reserved id in the source map, with no text, and is not here).
    pub files: Vec<FileId>,
    /// The files no reader could read (their secret-looking lines are masked by shape).
    pub unparsed: Vec<FileId>,
}

impl Loaded {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// The environments to read: each folder of `snapshots`, then `NAME=PATH` mappings (which
/// win over a folder of the same name).
pub(super) fn env_dirs(
    snapshots: Option<&Path>,
    mappings: &[String],
) -> Result<Vec<(String, PathBuf)>, String> {
    let mut out: Vec<(String, PathBuf)> = Vec::new();
    if let Some(dir) = snapshots {
        let entries =
            std::fs::read_dir(dir).map_err(|e| format!("cannot read `{}`: {e}", dir.display()))?;
        let mut folders: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect();
        folders.sort();
        for path in folders {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if name.starts_with('.') {
                continue;
            }
            out.push((name, path));
        }
        if out.is_empty() {
            return Err(format!(
                "`{}` holds no environment folder (one folder per environment, such as `stage/`)",
                dir.display()
            ));
        }
    }
    for mapping in mappings {
        let Some((name, path)) = mapping.split_once('=') else {
            return Err(format!("`--env {mapping}` is not `NAME=PATH`"));
        };
        if name.is_empty() || path.is_empty() {
            return Err(format!("`--env {mapping}` is not `NAME=PATH`"));
        }
        out.retain(|(n, _)| n != name);
        out.push((name.to_owned(), PathBuf::from(path)));
    }
    Ok(out)
}

/// Reads every environment folder into `sources` and one [`Snapshot`]. Every file gets
/// its masked ranges (see [`masked_ranges`]) as it is read, before anything can be shown:
/// no caller can forget it. The texts themselves are not kept (see [`SourceMap::settle`]).
pub(super) fn load(
    sources: &mut SourceMap,
    dirs: &[(String, PathBuf)],
    redactor: &Redactor,
) -> Loaded {
    read_dirs(sources, dirs, redactor)
}

/// Reads one snapshot file as a one-file environment (for `snapshot show FILE`), masked
/// like [`load`].
pub(super) fn load_file(sources: &mut SourceMap, path: &Path, redactor: &Redactor) -> Loaded {
    read_single(sources, path, redactor)
}

/// Prints the diagnostics of a load, for the commands that stop on any error.
pub(super) fn print_diagnostics(io: &mut Io<'_>, sources: &SourceMap, loaded: &Loaded) {
    let style = human::Style {
        color: io.color_for(true),
        width: 100,
    };
    for d in &loaded.diagnostics {
        io.err(&human::render(d, sources, style));
    }
}

fn read_dirs(sources: &mut SourceMap, dirs: &[(String, PathBuf)], redactor: &Redactor) -> Loaded {
    let mut loaded = Loaded {
        snapshot: Snapshot::default(),
        diagnostics: Vec::new(),
        files: Vec::new(),
        unparsed: Vec::new(),
    };
    for (name, dir) in dirs {
        let shown_dir = dir.display().to_string();
        let mut files = Vec::new();
        if !dir.is_dir() {
            loaded.diagnostics.push(Diagnostic::error(
                Code::UnreadableFile,
                format!("cannot read the snapshot folder `{shown_dir}` of `{name}`: not a folder"),
            ));
            continue;
        }
        let mut paths = Vec::new();
        walk(dir, dir, &mut paths, &mut loaded.diagnostics);
        if paths.len() > MAX_FILES {
            loaded.diagnostics.push(Diagnostic::error(
                Code::UnreadableFile,
                format!("`{shown_dir}` holds more than {MAX_FILES} files"),
            ));
            continue;
        }
        sources.reserve_room(paths.len());
        let to_read: Vec<Pending> = paths
            .into_iter()
            .map(|(path, rel)| Pending {
                file: sources.reserve(path.display().to_string(), path.clone()),
                path,
                rel,
            })
            .collect();
        for (pending, result) in to_read.iter().zip(parse_all(&to_read, redactor)) {
            let read = match result {
                Ok(read) => read,
                Err(reason) => {
                    loaded.diagnostics.push(Diagnostic::error(
                        Code::UnreadableFile,
                        format!("cannot read `{}`: {reason}", pending.path.display()),
                    ));
                    continue;
                }
            };
            let read = settle(sources, &mut loaded, pending.file, read);
            loaded.diagnostics.extend(read.diagnostics);
            if let Some(content) = read.content {
                files.push(ReadFile {
                    file: pending.file,
                    path: pending.rel.clone(),
                    content,
                });
            }
        }
        let incomplete = loaded.diagnostics.iter().any(Diagnostic::is_error);
        let env = snapshot::assemble(name, &shown_dir, files, incomplete, &mut loaded.diagnostics);
        loaded.snapshot.envs.push(env);
    }
    loaded
}

/// A snapshot file to read: its reserved id, its path, and its path in the folder.
struct Pending {
    file: FileId,
    path: PathBuf,
    rel: String,
}

/// One file read, parsed and masked; its text already let go.
struct Parsed {
    read: snapshot::FileRead,
    fingerprint: Fingerprint,
    masked: Vec<Range<usize>>,
}

/// Reads, parses and masks one file (pure but for reading it: text in, value out).
fn read_one(file: FileId, path: &Path, rel: &str, redactor: &Redactor) -> Result<Parsed, String> {
    let text = read_text(path)?;
    let read = snapshot::read_file(file, rel, &text);
    let masked = masked_ranges(file, &text, &read, redactor);
    Ok(Parsed {
        read,
        fingerprint: Fingerprint::of(&text),
        masked,
    })
}

/// Records a file read in the source map and the load; gives back what the reader found.
fn settle(
    sources: &mut SourceMap,
    loaded: &mut Loaded,
    file: FileId,
    parsed: Parsed,
) -> snapshot::FileRead {
    sources.settle(file, parsed.fingerprint, parsed.masked);
    loaded.files.push(file);
    if parsed.read.is_unparsed() {
        loaded.unparsed.push(file);
    }
    parsed.read
}

/// Reads and parses files on every core, results in order. Each worker holds one text at
/// a time, so a fleet's texts are never all in memory at once.
fn parse_all(files: &[Pending], redactor: &Redactor) -> Vec<Result<Parsed, String>> {
    let one = |p: &Pending| read_one(p.file, &p.path, &p.rel, redactor);
    let workers = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    if workers < 2 || files.len() < 64 {
        return files.iter().map(one).collect();
    }
    let chunk = files.len().div_ceil(workers);
    let mut parts = files.chunks(chunk);
    // The calling thread reads the first part itself: one thread fewer to start.
    let first = parts.next().unwrap_or_default();
    std::thread::scope(|scope| {
        let handles: Vec<_> = parts
            .map(|part| scope.spawn(move || part.iter().map(one).collect::<Vec<_>>()))
            .collect();
        let mut out: Vec<_> = first.iter().map(one).collect();
        for h in handles {
            out.extend(
                h.join().unwrap_or_else(|_| {
                    panic!("a snapshot reader panicked: a bug, never bad input")
                }),
            );
        }
        out
    })
}

fn read_single(sources: &mut SourceMap, path: &Path, redactor: &Redactor) -> Loaded {
    let mut loaded = Loaded {
        snapshot: Snapshot::default(),
        diagnostics: Vec::new(),
        files: Vec::new(),
        unparsed: Vec::new(),
    };
    let rel = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let file = sources.reserve(path.display().to_string(), path.to_owned());
    let read = match read_one(file, path, &rel, redactor) {
        Ok(read) => read,
        Err(reason) => {
            loaded.diagnostics.push(Diagnostic::error(
                Code::UnreadableFile,
                format!("cannot read `{}`: {reason}", path.display()),
            ));
            return loaded;
        }
    };
    let read = settle(sources, &mut loaded, file, read);
    loaded.diagnostics.extend(read.diagnostics);
    let incomplete = read.content.is_none();
    let files: Vec<ReadFile> = read
        .content
        .into_iter()
        .map(|content| ReadFile {
            file,
            path: rel.clone(),
            content,
        })
        .collect();
    let dir = path
        .parent()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    let env = snapshot::assemble("snapshot", &dir, files, incomplete, &mut loaded.diagnostics);
    loaded.snapshot.envs.push(env);
    loaded
}

/// Every file under `dir` (sorted), as `(path, path relative to root with '/')`. Hidden
/// files are skipped, except dotenv files (`.env`, `.env.local`).
fn walk(
    root: &Path,
    dir: &Path,
    out: &mut Vec<(PathBuf, String)>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            diagnostics.push(Diagnostic::error(
                Code::UnreadableFile,
                format!("cannot read `{}`: {e}", dir.display()),
            ));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') && !name.to_ascii_lowercase().starts_with(".env") {
            continue;
        }
        if path.is_dir() {
            walk(root, &path, out, diagnostics);
        } else {
            let rel = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            out.push((path, rel));
        }
    }
}

fn read_text(path: &Path) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(format!("larger than {} MiB", MAX_FILE_BYTES >> 20));
    }
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// The byte ranges of one file that must never be shown: values of secret keys, URL
/// passwords and private keys wherever they stand (comments, fields no reader keeps), and
/// for a file no reader could read, every secret-looking line.
fn masked_ranges(
    file: FileId,
    text: &str,
    read: &snapshot::FileRead,
    redactor: &Redactor,
) -> Vec<Range<usize>> {
    let mut out = credential_ranges(text);
    if read.is_unparsed() {
        out.extend(line_ranges(text, redactor));
    }
    let Some(FileContent::Services(services)) = &read.content else {
        return out;
    };
    let mut value = |name: &str, span: Span| {
        if span.file != file {
            return;
        }
        let start = span.start as usize;
        let raw = text.get(span.range()).unwrap_or("");
        out.extend(
            redactor
                .ranges(name, raw)
                .into_iter()
                .map(|r| start + r.start..start + r.end),
        );
    };
    for s in services {
        for var in s.env() {
            if let EnvValue::Literal(v) = var.value() {
                value(&var.name.node, v.span);
            }
        }
        for a in s.annotations.iter().chain(&s.template_annotations) {
            value(&a.name.node, a.value().span);
        }
    }
    out
}
