//! `parity fmt [--check] FILE…`: the canonical layout, written atomically.

use std::path::Path;

use super::args::FmtArgs;
use super::loader::read_text;
use super::{Exit, Io};
use crate::report::human;
use crate::source::SourceMap;
use crate::syntax;

pub(super) fn run(args: &FmtArgs, io: &mut Io<'_>) -> Exit {
    let mut exit = Exit::Ok;
    let mut sources = SourceMap::new();
    for path in &args.files {
        let from_stdin = path.as_os_str() == "-";
        let text = if from_stdin {
            let mut text = String::new();
            match io.stdin.read_to_string(&mut text) {
                Ok(_) => Ok(text),
                Err(e) => Err(e.to_string()),
            }
        } else {
            read_text(path)
        };
        let text = match text {
            Ok(t) => t,
            Err(reason) => {
                io.err(&format!(
                    "error[unreadable-file]: cannot read `{}`: {reason}\n",
                    path.display()
                ));
                exit = exit.max(Exit::Error);
                continue;
            }
        };
        let name = if from_stdin {
            "<stdin>".to_owned()
        } else {
            path.display().to_string()
        };
        let file = sources.add(name.clone(), text.clone());
        let parsed = syntax::parse(file, &text);
        if parsed
            .diagnostics
            .iter()
            .any(crate::diagnostic::Diagnostic::is_error)
        {
            let style = human::Style {
                color: io.color_for(true),
                width: 100,
            };
            for d in &parsed.diagnostics {
                io.err(&human::render(d, &sources, style));
            }
            io.err(&format!("{name}: not formatted, it has syntax errors\n"));
            exit = exit.max(Exit::Error);
            continue;
        }
        let formatted = syntax::format(&parsed.ast, &parsed.comments, &text);
        if from_stdin {
            io.out(&formatted);
        } else if formatted != text {
            if args.check {
                io.out(&format!("would reformat {name}\n"));
                exit = exit.max(Exit::Failed);
            } else if let Err(reason) = write_atomic(path, &formatted) {
                io.err(&format!("error: cannot write `{name}`: {reason}\n"));
                exit = exit.max(Exit::Error);
            }
        }
    }
    exit
}

/// Writes `text` to a temporary file beside `path` and renames it into place, so a
/// failure never leaves a half-written contract. Keeps the file's permissions.
pub(super) fn write_atomic(path: &Path, text: &str) -> Result<(), String> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.parity-{}.tmp", std::process::id()));
    let result = (|| {
        std::fs::write(&tmp, text)?;
        if let Ok(meta) = std::fs::metadata(path) {
            std::fs::set_permissions(&tmp, meta.permissions())?;
        }
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(|e| e.to_string())
}
