//! `parity explain [NAME]`: the documentation of statement kinds and diagnostic codes.

use std::fmt::Write as _;

use super::args::ExplainArgs;
use super::{Exit, Io};
use crate::compile::{DeclarationKind, RuleKind};
use crate::diagnostic::{Code, did_you_mean};

pub(super) fn run(args: &ExplainArgs, io: &mut Io<'_>) -> Exit {
    let Some(name) = &args.name else {
        io.out(&list());
        return Exit::Ok;
    };
    if let Some(doc) = find(name) {
        io.out(doc);
        if !doc.ends_with('\n') {
            io.out("\n");
        }
        return Exit::Ok;
    }
    let names = all_names();
    let hint = match did_you_mean(name, names.iter().copied()) {
        Some(s) => format!("did you mean `{s}`?"),
        None => "`parity explain` lists every name".to_owned(),
    };
    io.err(&format!(
        "error: nothing is called `{name}`\n  help: {hint}\n"
    ));
    Exit::Error
}

fn find(name: &str) -> Option<&'static str> {
    RuleKind::ALL
        .iter()
        .find(|k| k.as_str() == name)
        .map(|k| k.doc())
        .or_else(|| {
            DeclarationKind::ALL
                .iter()
                .find(|k| k.as_str() == name)
                .map(|k| k.doc())
        })
        .or_else(|| {
            Code::ALL
                .iter()
                .find(|c| c.as_str() == name)
                .map(|c| c.doc())
        })
}

fn all_names() -> Vec<&'static str> {
    RuleKind::ALL
        .iter()
        .map(|k| k.as_str())
        .chain(DeclarationKind::ALL.iter().map(|k| k.as_str()))
        .chain(Code::ALL.iter().map(|c| c.as_str()))
        .collect()
}

fn list() -> String {
    let mut out = String::new();
    let mut section = |title: &str, rows: Vec<(&str, &str)>| {
        out.push_str(title);
        out.push('\n');
        let width = rows.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
        for (name, summary) in rows {
            let _ = writeln!(out, "  {name:<width$}  {summary}");
        }
        out.push('\n');
    };
    section(
        "Rules:",
        RuleKind::ALL
            .iter()
            .map(|k| (k.as_str(), k.summary()))
            .collect(),
    );
    section(
        "Declarations:",
        DeclarationKind::ALL
            .iter()
            .map(|k| (k.as_str(), k.summary()))
            .collect(),
    );
    section(
        "Diagnostics:",
        Code::ALL
            .iter()
            .map(|c| (c.as_str(), c.summary()))
            .collect(),
    );
    out.push_str("Run `parity explain NAME` for what it means, why it matters, and an example.\n");
    out
}
