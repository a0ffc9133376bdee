//! Finding and reading snapshot folders: one folder per environment, every file in it
//! (and in `service-accounts/`) read through `snapshot::read_file`.

use std::path::{Path, PathBuf};

use super::Io;
use crate::diagnostic::redact::{Redactor, credential_ranges, line_ranges};
use crate::diagnostic::{Code, Diagnostic};
use crate::report::human;
use crate::snapshot::{self, EnvValue, ReadFile, Snapshot};
use crate::source::SourceMap;

/// The largest snapshot file read.
pub(super) const MAX_FILE_BYTES: u64 = 16 << 20;
/// The most files read from one environment folder.
pub(super) const MAX_FILES: usize = 20_000;

/// Snapshots read from disk, with every problem found.
pub(super) struct Loaded {
    pub snapshot: Snapshot,
    pub diagnostics: Vec<Diagnostic>,
    /// Every snapshot file added to the source map, read or not.
    pub files: Vec<crate::source::FileId>,
    /// The files no reader could read (their secret-looking lines are masked by shape).
    pub unparsed: Vec<crate::source::FileId>,
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

/// Reads every environment folder into `sources` and one [`Snapshot`], and gives every
/// file its redacted copy (see [`redact`]) before anything can be shown: no caller can
/// forget it.
pub(super) fn load(
    sources: &mut SourceMap,
    dirs: &[(String, PathBuf)],
    redactor: &Redactor,
) -> Loaded {
    let loaded = read_dirs(sources, dirs);
    redact(sources, &loaded, redactor);
    loaded
}

/// Reads one snapshot file as a one-file environment (for `snapshot show FILE`), redacted
/// like [`load`].
pub(super) fn load_file(sources: &mut SourceMap, path: &Path, redactor: &Redactor) -> Loaded {
    let loaded = read_single(sources, path);
    redact(sources, &loaded, redactor);
    loaded
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

fn read_dirs(sources: &mut SourceMap, dirs: &[(String, PathBuf)]) -> Loaded {
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
        let mut to_read: Vec<(crate::source::FileId, String)> = Vec::new();
        for (path, rel) in paths {
            let shown = path.display().to_string();
            let text = match read_text(&path) {
                Ok(t) => t,
                Err(reason) => {
                    loaded.diagnostics.push(Diagnostic::error(
                        Code::UnreadableFile,
                        format!("cannot read `{shown}`: {reason}"),
                    ));
                    continue;
                }
            };
            let file = sources.add(shown, text);
            loaded.files.push(file);
            to_read.push((file, rel));
        }
        for ((file, rel), read) in to_read.iter().zip(parse_all(sources, &to_read)) {
            loaded.diagnostics.extend(read.diagnostics);
            match read.content {
                Some(content) => files.push(ReadFile {
                    file: *file,
                    path: rel.clone(),
                    content,
                }),
                None if !read.ignored => loaded.unparsed.push(*file),
                None => {}
            }
        }
        let incomplete = loaded.diagnostics.iter().any(Diagnostic::is_error);
        let env = snapshot::assemble(name, &shown_dir, files, incomplete, &mut loaded.diagnostics);
        loaded.snapshot.envs.push(env);
    }
    loaded
}

/// Parses files on every core (reading is pure: text in, value out), results in order.
fn parse_all(
    sources: &SourceMap,
    files: &[(crate::source::FileId, String)],
) -> Vec<snapshot::FileRead> {
    let workers = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    if workers < 2 || files.len() < 64 {
        return files
            .iter()
            .map(|(f, rel)| snapshot::read_file(*f, rel, &sources.get(*f).text))
            .collect();
    }
    let chunk = files.len().div_ceil(workers);
    std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|(f, rel)| snapshot::read_file(*f, rel, &sources.get(*f).text))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join().unwrap_or_else(|_| {
                    panic!("a snapshot reader panicked: a bug, never bad input")
                })
            })
            .collect()
    })
}

fn read_single(sources: &mut SourceMap, path: &Path) -> Loaded {
    let mut loaded = Loaded {
        snapshot: Snapshot::default(),
        diagnostics: Vec::new(),
        files: Vec::new(),
        unparsed: Vec::new(),
    };
    let shown = path.display().to_string();
    let text = match read_text(path) {
        Ok(t) => t,
        Err(reason) => {
            loaded.diagnostics.push(Diagnostic::error(
                Code::UnreadableFile,
                format!("cannot read `{shown}`: {reason}"),
            ));
            return loaded;
        }
    };
    let rel = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let file = sources.add(shown.clone(), text);
    loaded.files.push(file);
    let read = snapshot::read_file(file, &rel, &sources.get(file).text);
    loaded.diagnostics.extend(read.diagnostics);
    if read.content.is_none() && !read.ignored {
        loaded.unparsed.push(file);
    }
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

/// Gives every snapshot file a redacted copy to be shown in reports: values of secret keys
/// masked, and URL passwords and private keys wherever they stand.
fn redact(sources: &mut SourceMap, loaded: &Loaded, redactor: &Redactor) {
    let snapshot = &loaded.snapshot;
    let mut ranges: std::collections::HashMap<crate::source::FileId, Vec<std::ops::Range<usize>>> =
        std::collections::HashMap::new();
    for env in &snapshot.envs {
        for s in &env.services {
            for var in s.env() {
                if let EnvValue::Literal(v) = &var.value {
                    let raw = sources.text(v.span);
                    for r in redactor.ranges(&var.name.node, raw) {
                        let start = v.span.start as usize;
                        ranges
                            .entry(v.span.file)
                            .or_default()
                            .push(start + r.start..start + r.end);
                    }
                }
            }
            for a in s.annotations.iter().chain(&s.template_annotations) {
                let raw = sources.text(a.value.span);
                let start = a.value.span.start as usize;
                for r in redactor.ranges(&a.name.node, raw) {
                    ranges
                        .entry(a.value.span.file)
                        .or_default()
                        .push(start + r.start..start + r.end);
                }
            }
        }
    }
    let unparsed: std::collections::HashSet<_> = loaded.unparsed.iter().copied().collect();
    for &file in &loaded.files {
        let text = &sources.get(file).text;
        // URL passwords anywhere in the file (comments, fields no reader keeps), and
        // secret-looking lines (for files that could not be parsed).
        let mut file_ranges: Vec<std::ops::Range<usize>> = credential_ranges(text);
        if unparsed.contains(&file) {
            file_ranges.extend(line_ranges(text, redactor));
        }
        file_ranges.extend(ranges.remove(&file).unwrap_or_default());
        if !file_ranges.is_empty() {
            sources.mask(file, file_ranges);
        }
    }
}
