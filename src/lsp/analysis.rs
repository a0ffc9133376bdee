//! What the language server knows about one document: the compiled contract with its
//! sources, and the answers to editor questions, in byte offsets. The protocol layer
//! (`server.rs`) turns these into LSP types and UTF-16 positions.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::compile::{self, Compiled, DeclarationKind, Loader, Options, RuleKind};
use crate::diagnostic::Diagnostic;
use crate::source::{FileId, SourceMap, Span};
use crate::syntax::{self, TokenClass};

/// Reads `use`d files from disk, relative to the document.
struct DiskLoader {
    base: Option<PathBuf>,
    paths: Vec<(FileId, PathBuf)>,
}

impl Loader for DiskLoader {
    fn load(
        &mut self,
        sources: &mut SourceMap,
        from: FileId,
        path: &str,
    ) -> Result<FileId, String> {
        let dir = self
            .paths
            .iter()
            .find(|(f, _)| *f == from)
            .and_then(|(_, p)| p.parent().map(Path::to_path_buf))
            .or_else(|| self.base.clone())
            .ok_or_else(|| "the document is not saved in a folder".to_owned())?;
        let full = dir.join(path);
        let canonical = std::fs::canonicalize(&full).map_err(|_| "no such file".to_owned())?;
        if let Some((id, _)) = self.paths.iter().find(|(_, p)| *p == canonical) {
            return Ok(*id);
        }
        let text = std::fs::read_to_string(&canonical).map_err(|e| e.to_string())?;
        let id = sources.add(full.display().to_string(), text);
        self.paths.push((id, canonical));
        Ok(id)
    }
}

/// One analysed document.
pub struct Analysis {
    pub sources: SourceMap,
    pub root: FileId,
    pub compiled: Compiled,
    /// The files the root file includes, with their paths.
    pub files: Vec<(FileId, PathBuf)>,
}

impl Analysis {
    /// Compiles `text` (the document at `path`, if saved).
    pub fn new(text: &str, path: Option<&Path>, today: jiff::civil::Date) -> Analysis {
        let mut sources = SourceMap::new();
        let name = path.map_or_else(|| "untitled.parity".to_owned(), |p| p.display().to_string());
        let root = sources.add(name, text);
        let canonical = path.and_then(|p| std::fs::canonicalize(p).ok());
        let mut loader = DiskLoader {
            base: path.and_then(|p| p.parent().map(Path::to_path_buf)),
            paths: canonical.into_iter().map(|p| (root, p)).collect(),
        };
        let compiled = compile::compile(
            &mut sources,
            root,
            &mut loader,
            &Options { today: Some(today) },
        );
        Analysis {
            sources,
            root,
            compiled,
            files: loader.paths,
        }
    }

    pub fn text(&self) -> &str {
        self.sources.get(self.root).text()
    }

    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.compiled.diagnostics
    }

    /// The path of a file other than the root.
    pub fn path_of(&self, file: FileId) -> Option<&Path> {
        self.files
            .iter()
            .find(|(f, _)| *f == file)
            .map(|(_, p)| p.as_path())
    }

    /// The classified token under `offset` in the root file.
    pub fn token_at(&self, offset: usize) -> Option<(std::ops::Range<usize>, TokenClass)> {
        syntax::highlights(self.text())
            .into_iter()
            .find(|(r, _)| r.start <= offset && offset <= r.end && r.start < r.end)
    }

    /// Markdown for the hover at `offset`.
    pub fn hover(&self, offset: usize) -> Option<(Span, String)> {
        let (range, class) = self.token_at(offset)?;
        let span = Span::new(self.root, range.clone());
        let word = self.text().get(range)?;
        let contract = &self.compiled.contract;
        let rule = contract
            .rules
            .iter()
            .filter(|r| {
                r.span.file == self.root
                    && (r.span.start as usize) <= offset
                    && offset <= r.span.end as usize
            })
            .min_by_key(|r| r.span.len());
        match class {
            TokenClass::Keyword => {
                if let Some(kind) = declaration(word, rule.is_some()) {
                    return Some((span, kind.doc().to_owned()));
                }
                let rule = rule?;
                Some((span, rule_hover(rule, contract, rule.kind())))
            }
            TokenClass::Name => {
                if let Some(env) = contract.envs.iter().find(|e| e.name == word) {
                    let mut text = format!("**environment `{}`**", env.name);
                    if let Some(p) = &env.project {
                        let _ = write!(text, "\n\nproject `{}`", p.node);
                    }
                    if let Some(n) = &env.number {
                        let _ = write!(text, ", number `{}`", n.node);
                    }
                    for d in &env.docs {
                        let _ = write!(text, "\n\n{d}");
                    }
                    return Some((span, text));
                }
                let service = contract.services.iter().find(|s| s.name == word)?;
                let rules = contract
                    .rules
                    .iter()
                    .filter(|r| {
                        r.service
                            .is_some_and(|i| contract.services[i].name == service.name)
                    })
                    .count();
                Some((
                    span,
                    format!(
                        "**service `{}`** (deployed as `{}`): {rules} rules",
                        service.name, service.deployed
                    ),
                ))
            }
            _ => {
                let rule = rule?;
                Some((span, rule_hover(rule, contract, rule.kind())))
            }
        }
    }

    /// Where the name or rule id under `offset` is declared.
    pub fn definition(&self, offset: usize) -> Option<Span> {
        let (range, class) = self.token_at(offset)?;
        let word = self.text().get(range)?;
        let contract = &self.compiled.contract;
        match class {
            TokenClass::Name => contract
                .envs
                .iter()
                .find(|e| e.name == word)
                .map(|e| e.span)
                .or_else(|| {
                    contract
                        .services
                        .iter()
                        .find(|s| s.name == word)
                        .and_then(|s| s.spans.first().copied())
                }),
            TokenClass::RuleId => contract.rules.iter().find(|r| r.id == word).map(|r| r.span),
            _ => None,
        }
    }
}

/// The declaration a keyword introduces (`in` is a scope unless it ends a rule).
fn declaration(word: &str, inside_rule: bool) -> Option<DeclarationKind> {
    Some(match word {
        "contract" => DeclarationKind::Contract,
        "env" => DeclarationKind::Env,
        "service" if !inside_rule => DeclarationKind::Service,
        "use" => DeclarationKind::Use,
        "in" if !inside_rule => DeclarationKind::Scope,
        "when" => DeclarationKind::When,
        "warn" => DeclarationKind::Warn,
        "waive" => DeclarationKind::Waive,
        "rule" => DeclarationKind::RuleLabel,
        _ => return None,
    })
}

fn rule_hover(rule: &compile::Rule, contract: &compile::Contract, kind: RuleKind) -> String {
    let mut text = format!("**`{}`**: {}\n\n", rule.id, rule.meaning(contract));
    for d in &rule.docs {
        text.push_str(d);
        text.push_str("\n\n");
    }
    text.push_str("---\n\n");
    text.push_str(kind.doc());
    text
}
