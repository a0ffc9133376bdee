//! Writing a snapshot folder atomically: everything goes to a temporary folder beside the
//! target, which then replaces it in two renames. On any failure the previous folder is
//! left as it was.

use std::path::{Path, PathBuf};

use super::error::FetchError;

/// A folder being written.
pub struct Staging {
    pub dir: PathBuf,
    target: PathBuf,
    done: bool,
}

impl Staging {
    pub fn new(target: &Path) -> Result<Staging, FetchError> {
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)
            .map_err(|e| FetchError::Write(format!("cannot create `{}`: {e}", parent.display())))?;
        let name = target.file_name().map_or_else(
            || "snapshot".to_owned(),
            |n| n.to_string_lossy().into_owned(),
        );
        let dir = parent.join(format!(".{name}.parity-fetch-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("service-accounts"))
            .map_err(|e| FetchError::Write(format!("cannot create `{}`: {e}", dir.display())))?;
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
            done: false,
        })
    }

    /// Writes one file (pretty JSON ends with a newline).
    pub fn write(&self, relative: &str, text: &str) -> Result<(), FetchError> {
        let path = self.dir.join(relative);
        std::fs::write(&path, text)
            .map_err(|e| FetchError::Write(format!("cannot write `{}`: {e}", path.display())))
    }

    /// Replaces the target with the staged folder.
    pub fn commit(mut self) -> Result<(), FetchError> {
        let sa = self.dir.join("service-accounts");
        if std::fs::read_dir(&sa).is_ok_and(|mut d| d.next().is_none()) {
            let _ = std::fs::remove_dir(&sa);
        }
        let old = self.target.with_file_name(format!(
            ".{}.parity-old-{}",
            self.target
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            std::process::id()
        ));
        let had_old = self.target.exists();
        if had_old {
            std::fs::rename(&self.target, &old).map_err(|e| {
                FetchError::Write(format!(
                    "cannot move `{}` aside: {e}",
                    self.target.display()
                ))
            })?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.target) {
            if had_old {
                let _ = std::fs::rename(&old, &self.target);
            }
            return Err(FetchError::Write(format!(
                "cannot put the new snapshot in place at `{}`: {e}",
                self.target.display()
            )));
        }
        if had_old {
            let _ = std::fs::remove_dir_all(&old);
        }
        self.done = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}
