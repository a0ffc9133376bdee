//! Syntax trees to a [`Contract`]: includes joined, names resolved, scopes narrowed,
//! patterns compiled, rule ids derived, and the meaning checked (unknown names,
//! contradictions, bad dates, …). Bad input becomes diagnostics, never `Err`.
//!
//! INVARIANT: no IO here. Included files come through the [`Loader`] the caller passes,
//! and today's date through [`Options`].

mod conflicts;
mod contract;
mod includes;
mod matcher;
mod resolve;
mod rule_kind;
mod waivers;

pub use contract::{
    Account, Check, Condition, Contract, EnvDef, EnvIndex, EnvScope, ExpectedValue, Ingress, Rule,
    ServiceDef, ServiceIndex, WaiverDef,
};
pub use matcher::Matcher;
pub use rule_kind::{DeclarationKind, RuleKind};

use jiff::civil::Date;

use crate::diagnostic::Diagnostic;
use crate::source::{FileId, SourceMap};
use crate::syntax::Parsed;

/// Reads the files that `use` statements name.
pub trait Loader {
    /// Reads `path` (as written in a `use` in file `from`), adds it to `sources` and
    /// returns its id. The same file must always give the same id. The error is a short
    /// reason such as "no such file".
    fn load(&mut self, sources: &mut SourceMap, from: FileId, path: &str)
    -> Result<FileId, String>;
}

/// A loader for contracts that may not include files (the editor's unsaved buffer, tests).
pub struct NoIncludes;

impl Loader for NoIncludes {
    fn load(&mut self, _: &mut SourceMap, _: FileId, _: &str) -> Result<FileId, String> {
        Err("files cannot be included here".to_owned())
    }
}

/// What compile needs from outside.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Today's date, to find expired waivers. `None` skips that check.
    pub today: Option<Date>,
}

/// The result of compiling: the contract (with every rule that compiled), the parsed
/// files (for the formatter and the editor), and every diagnostic in source order.
#[derive(Debug)]
pub struct Compiled {
    pub contract: Contract,
    pub parsed: Vec<(FileId, Parsed)>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Compiled {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Compiles the contract whose root file is `root`.
pub fn compile(
    sources: &mut SourceMap,
    root: FileId,
    loader: &mut dyn Loader,
    options: &Options,
) -> Compiled {
    let mut diagnostics = Vec::new();
    let parsed = includes::load_all(sources, root, loader, &mut diagnostics);
    let contract = resolve::resolve(&parsed, &mut diagnostics);
    conflicts::check(&contract, &mut diagnostics);
    waivers::check(&contract, options, &mut diagnostics);
    diagnostics.sort_by_key(|d| {
        d.primary_span()
            .map(|s| (s.file, s.start, s.end))
            .unwrap_or_default()
    });
    Compiled {
        contract,
        parsed,
        diagnostics,
    }
}
