//! `parity diff ENV ENV`: the key shape of two environments side by side, per service.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::PathBuf;

use super::args::DiffArgs;
use super::snapshots;
use super::{Exit, Io};
use crate::diagnostic::redact::Redactor;
use crate::snapshot::{EnvVar, Environment};
use crate::source::SourceMap;

pub(super) fn run(args: &DiffArgs, io: &mut Io<'_>) -> Exit {
    let dir = args.snapshots.clone().or_else(|| {
        args.envs
            .is_empty()
            .then(|| PathBuf::from("contracts/snapshots"))
    });
    let dirs = match snapshots::env_dirs(dir.as_deref(), &args.envs) {
        Ok(d) => d,
        Err(message) => {
            io.err(&format!("error: {message}\n"));
            return Exit::Error;
        }
    };
    let wanted: Vec<(String, PathBuf)> = dirs
        .into_iter()
        .filter(|(n, _)| *n == args.left || *n == args.right)
        .collect();
    for name in [&args.left, &args.right] {
        if !wanted.iter().any(|(n, _)| n == name) {
            io.err(&format!("error: there is no snapshot folder of `{name}`\n"));
            return Exit::Error;
        }
    }
    let mut sources = SourceMap::new();
    let loaded = snapshots::load(&mut sources, &wanted, &Redactor::default());
    if loaded.has_errors() {
        snapshots::print_diagnostics(io, &sources, &loaded);
        return Exit::Error;
    }
    let (Some(a), Some(b)) = (
        loaded.snapshot.env(&args.left),
        loaded.snapshot.env(&args.right),
    ) else {
        return Exit::Error;
    };
    io.out(&table(a, b));
    Exit::Ok
}

fn kind(v: Option<&EnvVar>) -> &'static str {
    match v {
        None => "-",
        Some(v) if v.is_secret() => "secret",
        Some(_) => "plain",
    }
}

/// One block per service: every key with its kind in each environment; `*` marks a row
/// that differs.
#[expect(
    clippy::many_single_char_names,
    reason = "a/b are the two environments, x/y their services"
)]
fn table(a: &Environment, b: &Environment) -> String {
    let services: BTreeSet<&str> = a
        .services
        .iter()
        .chain(&b.services)
        .map(|s| s.name.node.as_str())
        .collect();
    let mut out = String::new();
    for svc in services {
        let (x, y) = (a.service(svc), b.service(svc));
        let keys: BTreeSet<&str> = x
            .into_iter()
            .chain(y)
            .flat_map(|s| s.env().map(|v| v.name.node.as_str()))
            .collect();
        let width = keys.iter().map(|k| k.len()).max().unwrap_or(3).max(3);
        let presence = match (x, y) {
            (Some(_), None) => format!(" (only in {})", a.name),
            (None, Some(_)) => format!(" (only in {})", b.name),
            _ => String::new(),
        };
        let _ = writeln!(out, "{svc}{presence}");
        let _ = writeln!(out, "  {:<width$}  {:<8}  {:<8}", "KEY", a.name, b.name);
        let mut differing = 0;
        for key in keys {
            let ka = kind(x.and_then(|s| s.var(key)));
            let kb = kind(y.and_then(|s| s.var(key)));
            let mark = if ka == kb { "" } else { "  *" };
            if ka != kb {
                differing += 1;
            }
            let _ = writeln!(out, "  {key:<width$}  {ka:<8}  {kb:<8}{mark}");
        }
        let _ = match differing {
            0 => writeln!(out, "  same key shape\n"),
            1 => writeln!(out, "  1 key differs\n"),
            n => writeln!(out, "  {n} keys differ\n"),
        };
    }
    out
}
