//! `use "file";`: parses the root file and every file it includes, once each, in the
//! order they are first used, reporting missing files and cycles.

use crate::diagnostic::{Code, Diagnostic};
use crate::source::{FileId, SourceMap};
use crate::syntax::ast::Stmt;
use crate::syntax::{Parsed, parse};

use super::Loader;

pub(super) fn load_all(
    sources: &mut SourceMap,
    root: FileId,
    loader: &mut dyn Loader,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(FileId, Parsed)> {
    let mut done = Vec::new();
    let mut stack = Vec::new();
    visit(sources, root, loader, diagnostics, &mut stack, &mut done);
    done
}

fn visit(
    sources: &mut SourceMap,
    file: FileId,
    loader: &mut dyn Loader,
    diagnostics: &mut Vec<Diagnostic>,
    stack: &mut Vec<FileId>,
    done: &mut Vec<(FileId, Parsed)>,
) {
    let parsed = parse(file, sources.get(file).text());
    diagnostics.extend(parsed.diagnostics.iter().cloned());
    let uses: Vec<_> = parsed
        .ast
        .items
        .iter()
        .filter_map(|item| match &item.stmt.node {
            Stmt::Use(path) => Some(path.clone()),
            _ => None,
        })
        .collect();
    done.push((file, parsed));
    stack.push(file);
    for path in uses {
        match loader.load(sources, file, &path.node) {
            Err(reason) => diagnostics.push(
                Diagnostic::error(
                    Code::MissingInclude,
                    format!("cannot read `{}`: {reason}", path.node),
                )
                .with_primary(path.span, "included here")
                .with_help("the path is relative to the file that contains the `use`"),
            ),
            Ok(included) if stack.contains(&included) => {
                let chain: Vec<&str> = stack
                    .iter()
                    .chain(std::iter::once(&included))
                    .map(|f| sources.get(*f).name.as_str())
                    .collect();
                diagnostics.push(
                    Diagnostic::error(
                        Code::IncludeCycle,
                        format!("`{}` includes itself: {}", path.node, chain.join(" → ")),
                    )
                    .with_primary(path.span, "this `use` closes the cycle")
                    .with_help("remove one of the `use` statements in the cycle"),
                );
            }
            Ok(included) if done.iter().any(|(f, _)| *f == included) => {}
            Ok(included) => visit(sources, included, loader, diagnostics, stack, done),
        }
    }
    stack.pop();
}
