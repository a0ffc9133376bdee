//! Reading contract files from disk for the compiler (`use "…"` is resolved relative to
//! the including file).

use std::path::{Path, PathBuf};

use crate::compile::Loader;
use crate::source::{FileId, SourceMap};

/// The largest contract file read, to keep a stray `use "/dev/zero"` harmless.
pub(super) const MAX_CONTRACT_BYTES: u64 = 16 << 20;

/// Reads a file as UTF-8 text, with a short reason on failure.
pub(super) fn read_text(path: &Path) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| reason(&e))?;
    if meta.is_dir() {
        return Err("is a directory".to_owned());
    }
    if meta.len() > MAX_CONTRACT_BYTES {
        return Err(format!("larger than {} MiB", MAX_CONTRACT_BYTES >> 20));
    }
    let bytes = std::fs::read(path).map_err(|e| reason(&e))?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

fn reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => e.to_string(),
    }
}

/// Loads included files from disk. Files are keyed by their canonical path, so one file
/// included twice (by different relative paths) is one [`FileId`].
#[derive(Default)]
pub(super) struct FsLoader {
    /// `(canonical path, file id)` of every file added.
    known: Vec<(PathBuf, FileId)>,
    /// The path each file id was read from.
    paths: Vec<(FileId, PathBuf)>,
}

impl FsLoader {
    /// Adds the root contract; the error is a short reason.
    pub(super) fn root(&mut self, sources: &mut SourceMap, path: &Path) -> Result<FileId, String> {
        let text = read_text(path)?;
        let id = sources.add(path.display().to_string(), text);
        let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        self.known.push((canonical, id));
        self.paths.push((id, path.to_path_buf()));
        Ok(id)
    }
}

impl Loader for FsLoader {
    fn load(
        &mut self,
        sources: &mut SourceMap,
        from: FileId,
        path: &str,
    ) -> Result<FileId, String> {
        let base = self
            .paths
            .iter()
            .find(|(f, _)| *f == from)
            .and_then(|(_, p)| p.parent())
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let full = base.join(path);
        let canonical = std::fs::canonicalize(&full).map_err(|e| reason(&e))?;
        if let Some((_, id)) = self.known.iter().find(|(p, _)| *p == canonical) {
            return Ok(*id);
        }
        let text = read_text(&full)?;
        let id = sources.add(full.display().to_string(), text);
        self.known.push((canonical, id));
        self.paths.push((id, full));
        Ok(id)
    }
}
