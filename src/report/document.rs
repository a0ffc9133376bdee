//! `parity doc`: the contract as a Markdown document in the spirit of the hand-written
//! original: the title and date, the rules grouped as the contract groups them, doc
//! comments as prose, required keys as lists marked "(secret ref)".

use std::fmt::Write as _;

use crate::compile::{Check, Compiled, Contract, Rule};
use crate::source::Span;
use crate::syntax::ast::{Block, Item, KeyKind, Stmt};

/// Renders the whole contract (the root file and the files it includes, in order).
pub fn render(compiled: &Compiled) -> String {
    let contract = &compiled.contract;
    let mut out = String::new();
    let title = contract
        .title
        .as_ref()
        .map_or("Runtime parity contract", |t| t.node.as_str());
    let _ = writeln!(out, "# {title}\n");
    if let Some(updated) = &contract.updated {
        let _ = writeln!(out, "Last updated: {} (UTC)\n", updated.node);
    }
    if let Some(owner) = &contract.owner {
        let _ = writeln!(out, "Owner: {}\n", owner.node);
    }
    if !contract.envs.is_empty() {
        out.push_str("## Environments\n\n| environment | project | number | regions | domains |\n|---|---|---|---|---|\n");
        for e in &contract.envs {
            let list = |v: &[crate::source::Spanned<String>]| {
                v.iter()
                    .map(|s| format!("`{}`", s.node))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} | {} |",
                e.name,
                e.project
                    .as_ref()
                    .map_or(String::new(), |p| format!("`{}`", p.node)),
                e.number
                    .as_ref()
                    .map_or(String::new(), |n| format!("`{}`", n.node)),
                list(&e.regions),
                list(&e.domains)
            );
        }
        out.push('\n');
    }
    let mut doc = Doc { contract, out };
    for (_, parsed) in &compiled.parsed {
        doc.items(&parsed.ast.items, 0);
    }
    let mut out = doc.out;
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

struct Doc<'a> {
    contract: &'a Contract,
    out: String,
}

impl<'a> Doc<'a> {
    fn rules_at(&self, span: Span) -> Vec<&'a Rule> {
        let contract: &'a Contract = self.contract;
        contract.rules.iter().filter(|r| r.span == span).collect()
    }

    fn prose(&mut self, docs: &[crate::source::Spanned<String>]) {
        if docs.is_empty() {
            return;
        }
        let text: Vec<&str> = docs.iter().map(|d| d.node.as_str()).collect();
        let _ = writeln!(self.out, "{}\n", text.join("\n"));
    }

    fn items(&mut self, items: &[Item], depth: usize) {
        for item in items {
            match &item.stmt.node {
                Stmt::Service(s) => {
                    let mut title = format!("Service `{}`", s.name.node);
                    if let Some(named) = &s.named {
                        let _ = write!(title, " (deployed as `{}`)", named.node);
                    }
                    if let Some(scope) = &s.scope {
                        let _ = write!(title, " in {}", envs(&scope.envs));
                    }
                    self.section(&item.docs, &title, &s.body, depth);
                }
                Stmt::Scope(s) => {
                    let title = format!("In {}", envs(&s.scope.envs));
                    self.section(&item.docs, &title, &s.body, depth);
                }
                Stmt::When(w) => {
                    let shapes: Vec<&str> = w.shapes.iter().map(|s| s.node.as_str()).collect();
                    let title = format!("When `{}` is {}", w.key.node, shapes.join(" or "));
                    self.section(&item.docs, &title, &w.body, depth);
                }
                Stmt::Rule(_) => {
                    if depth == 0 {
                        self.prose(&item.docs);
                    }
                    self.rule_lines(item, depth);
                    if depth == 0 {
                        self.out.push('\n');
                    }
                }
                Stmt::Waive(w) => {
                    self.prose(&item.docs);
                    let indent = "  ".repeat(depth);
                    let reason = w.reason.as_ref().map_or("", |r| r.node.as_str());
                    let _ = writeln!(
                        self.out,
                        "{indent}- Exception: `{}` is waived until {}: {reason}",
                        w.rule.node, w.until.node
                    );
                    if depth == 0 {
                        self.out.push('\n');
                    }
                }
                Stmt::Contract(_) | Stmt::Env(_) | Stmt::Use(_) | Stmt::Error => {}
            }
        }
    }

    fn section(
        &mut self,
        docs: &[crate::source::Spanned<String>],
        title: &str,
        body: &Block,
        depth: usize,
    ) {
        if depth == 0 {
            // The doc comment heads the section, as the seed's `## Backend Required Keys (Stage)`.
            match heading(docs) {
                Some((head, prose)) => {
                    let _ = writeln!(self.out, "## {head}\n");
                    let _ = writeln!(self.out, "_{title}_\n");
                    if !prose.is_empty() {
                        let _ = writeln!(self.out, "{prose}\n");
                    }
                }
                None => {
                    let _ = writeln!(self.out, "## {title}\n");
                    self.prose(docs);
                }
            }
            self.items(&body.items, depth + 1);
            self.out.push('\n');
        } else {
            let indent = "  ".repeat(depth - 1);
            let docs: Vec<&str> = docs.iter().map(|d| d.node.as_str()).collect();
            let note = if docs.is_empty() {
                String::new()
            } else {
                format!(" ({})", docs.join(" "))
            };
            let _ = writeln!(self.out, "{indent}- {title}:{note}");
            self.items(&body.items, depth + 1);
        }
    }

    fn rule_lines(&mut self, item: &Item, depth: usize) {
        let indent = "  ".repeat(depth.saturating_sub(1));
        let rules = self.rules_at(item.stmt.span);
        let inline_docs: Vec<&str> = item.docs.iter().map(|d| d.node.as_str()).collect();
        for rule in rules {
            let is_key_list = matches!(rule.check, Check::RequireKey { .. });
            let mut line = match &rule.check {
                Check::RequireKey { key, kind } => match kind {
                    Some(KeyKind::Secret) => format!("`{key}` (secret ref)"),
                    Some(KeyKind::Plain) => format!("`{key}` (plain value)"),
                    None => format!("`{key}`"),
                },
                Check::RequireIngress { ingress } => format!(
                    "Ingress (`run.googleapis.com/ingress`) is `{}`",
                    ingress.as_str()
                ),
                _ => capitalize(&rule.base_meaning(self.contract)),
            };
            if let crate::compile::EnvScope::Only(list) = &rule.envs
                && depth == 0
            {
                let names: Vec<String> = list
                    .iter()
                    .filter_map(|i| self.contract.envs.get(*i))
                    .map(|e| format!("`{}`", e.name))
                    .collect();
                if !names.is_empty() && !matches!(rule.check, Check::Parity { .. }) {
                    let _ = write!(line, " in {}", names.join(", "));
                }
            }
            if rule.severity == crate::diagnostic::Severity::Warning {
                line.push_str(" (preferred: a warning, not required)");
            }
            if !is_key_list {
                line.push('.');
            }
            if depth > 0 && !inline_docs.is_empty() {
                let _ = write!(line, " {}", inline_docs.join(" "));
            }
            let _ = writeln!(self.out, "{indent}- {line}");
        }
    }
}

fn envs(list: &[crate::source::Spanned<String>]) -> String {
    list.iter()
        .map(|e| format!("`{}`", e.node))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A meaning as the start of a sentence.
fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect::<String>(),
        None => String::new(),
    }
}

/// A section's heading and prose from its doc comments: the words before a `:` (or a
/// short comment whole) head the section, the rest is prose.
fn heading(docs: &[crate::source::Spanned<String>]) -> Option<(String, String)> {
    let joined = docs
        .iter()
        .map(|d| d.node.trim())
        .collect::<Vec<_>>()
        .join(" ");
    if joined.is_empty() {
        return None;
    }
    if let Some((head, rest)) = joined.split_once(": ")
        && head.len() <= 60
    {
        return Some((head.to_owned(), capitalize(rest.trim())));
    }
    if joined.len() <= 80 {
        return Some((joined.trim_end_matches('.').to_owned(), String::new()));
    }
    None
}
