//! `parity init --snapshots DIR [--output FILE]`: draft, format and validate a contract
//! from what is deployed.

use super::args::InitArgs;
use super::fmt::write_atomic;
use super::{Exit, Io, snapshots};
use crate::compile::{self, NoIncludes, Options};
use crate::diagnostic::redact::Redactor;
use crate::report::human;
use crate::source::SourceMap;
use crate::{draft, syntax};

pub(super) fn run(args: &InitArgs, io: &mut Io<'_>) -> Exit {
    let style = human::Style {
        color: io.color_for(true),
        width: 100,
    };
    if args.snapshots.is_none() && args.envs.is_empty() {
        io.err("error: say where the snapshots are: `--snapshots DIR` or `--env NAME=PATH`\n");
        return Exit::Error;
    }
    if let Some(path) = &args.output
        && path.exists()
    {
        io.err(&format!(
            "error: `{}` exists; `parity init` does not overwrite a contract\n",
            path.display()
        ));
        return Exit::Error;
    }
    let dirs = match snapshots::env_dirs(args.snapshots.as_deref(), &args.envs) {
        Ok(d) => d,
        Err(message) => {
            io.err(&format!("error: {message}\n"));
            return Exit::Error;
        }
    };
    if let Some((bad, _)) = dirs.iter().find(|(n, _)| !draft::is_name(n)) {
        io.err(&format!(
            "error: `{bad}` cannot be an environment name (letters, digits, `-` and `_`, starting with a letter); map the folder with `--env NAME=PATH`\n"
        ));
        return Exit::Error;
    }
    let mut sources = SourceMap::new();
    let loaded = snapshots::load(&mut sources, &dirs, &Redactor::default());
    if loaded.has_errors() {
        snapshots::print_diagnostics(io, &sources, &loaded);
        io.err("no contract was drafted: the snapshots have errors\n");
        return Exit::Error;
    }
    let source = args.snapshots.as_ref().map_or_else(
        || "the snapshot folders given".to_owned(),
        |d| format!("`{}`", d.display()),
    );
    let text = draft::draft(&loaded.snapshot, &source);
    // Format it, and make sure it compiles: a draft that does not is a bug, never written.
    let mut check_sources = SourceMap::new();
    let file = check_sources.add("draft.parity", text.clone());
    let parsed = syntax::parse(file, &text);
    let formatted = syntax::format(&parsed.ast, &parsed.comments, &text);
    let file = check_sources.add("draft.parity", formatted.clone());
    let compiled = compile::compile(
        &mut check_sources,
        file,
        &mut NoIncludes,
        &Options {
            today: Some(io.today),
        },
    );
    if compiled.has_errors() || !parsed.diagnostics.is_empty() {
        for d in parsed.diagnostics.iter().chain(&compiled.diagnostics) {
            io.err(&human::render(d, &check_sources, style));
        }
        io.err("error: the draft does not compile (a bug in `parity init`)\n");
        return Exit::Error;
    }
    match &args.output {
        None => io.out(&formatted),
        Some(path) => {
            if let Err(reason) = write_atomic(path, &formatted) {
                io.err(&format!(
                    "error: cannot write `{}`: {reason}\n",
                    path.display()
                ));
                return Exit::Error;
            }
            io.err(&format!(
                "wrote {} ({} rules); review it before relying on it\n",
                path.display(),
                compiled.contract.rules.len()
            ));
        }
    }
    Exit::Ok
}
