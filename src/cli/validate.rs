//! `parity validate CONTRACT…`: compile only, report every diagnostic.

use std::fmt::Write as _;
use std::path::Path;

use super::args::{DiagnosticFormat, ValidateArgs};
use super::loader::FsLoader;
use super::{Exit, Io};
use crate::compile::{self, Compiled, Contract, EnvScope, Options};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::report::{human, json};
use crate::source::SourceMap;

pub(super) fn run(args: &ValidateArgs, io: &mut Io<'_>) -> Exit {
    let mut sources = SourceMap::new();
    let mut all = Vec::new();
    let mut exit = Exit::Ok;
    let mut summaries = Vec::new();
    let mut rules = String::new();
    let mut unreadable = Vec::new();
    for path in &args.contracts {
        match compile_file(&mut sources, path, io.today) {
            Err(reason) => {
                exit = Exit::Error;
                unreadable.push(format!("cannot read `{}`: {reason}", path.display()));
            }
            Ok(compiled) => {
                if compiled.has_errors() {
                    exit = Exit::Error;
                }
                summaries.push(summary(path, &compiled));
                if args.rules {
                    rules.push_str(&rule_table(&compiled.contract, &sources));
                }
                all.extend(compiled.diagnostics);
            }
        }
    }
    match args.format {
        DiagnosticFormat::Json => {
            let mut report = json::diagnostics(&all, &sources);
            if !unreadable.is_empty() {
                // Read failures have no position; add them as position-less entries.
                let extra: Vec<Diagnostic> = unreadable
                    .iter()
                    .map(|m| Diagnostic::error(Code::UnreadableFile, m.clone()))
                    .collect();
                all.extend(extra);
                report = json::diagnostics(&all, &sources);
            }
            io.out(&report);
        }
        DiagnosticFormat::Human => {
            let style = human::Style {
                color: io.color_for(true),
                width: 100,
            };
            for message in &unreadable {
                io.err(&format!("error[unreadable-file]: {message}\n"));
            }
            for d in &all {
                io.err(&human::render(d, &sources, style));
            }
            for line in &summaries {
                io.err(line);
            }
            io.out(&rules);
        }
    }
    exit
}

/// Reads and compiles one contract; `Err` only when the file itself cannot be read.
pub(super) fn compile_file(
    sources: &mut SourceMap,
    path: &Path,
    today: jiff::civil::Date,
) -> Result<Compiled, String> {
    let mut loader = FsLoader::default();
    let root = loader.root(sources, path)?;
    let options = Options { today: Some(today) };
    Ok(compile::compile(sources, root, &mut loader, &options))
}

fn summary(path: &Path, compiled: &Compiled) -> String {
    let count = |s: Severity| {
        compiled
            .diagnostics
            .iter()
            .filter(|d| d.severity == s)
            .count()
    };
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    let c = &compiled.contract;
    if errors == 0 {
        let mut line = format!(
            "{}: valid, {} in {}, {}",
            path.display(),
            plural(c.rules.len(), "rule"),
            plural(c.envs.len(), "environment"),
            plural(c.services.len(), "service"),
        );
        if warnings > 0 {
            let _ = write!(line, " ({})", plural(warnings, "warning"));
        }
        line.push('\n');
        line
    } else {
        format!(
            "{}: {}, {}\n",
            path.display(),
            plural(errors, "error"),
            plural(warnings, "warning")
        )
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// `--rules`: one line per rule: id, environments, location, meaning.
fn rule_table(contract: &Contract, sources: &SourceMap) -> String {
    let mut out = String::new();
    for rule in &contract.rules {
        let envs = match &rule.envs {
            EnvScope::All => "all".to_owned(),
            EnvScope::Only(list) => list
                .iter()
                .filter_map(|i| contract.envs.get(*i))
                .map(|e| e.name.as_str())
                .collect::<Vec<_>>()
                .join(","),
        };
        let at = sources.start(rule.span);
        let warn = if rule.severity == Severity::Warning {
            " (warning)"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "{}\t{envs}\t{}:{}\t{}{warn}",
            rule.id,
            sources.get(rule.span.file).name,
            at.line,
            rule.meaning(contract)
        );
    }
    out
}
