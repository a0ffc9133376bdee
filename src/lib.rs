//! `parity` turns a runtime parity contract into a program and checks it.
//!
//! The pipeline, one module per arrow, data flowing one way:
//!
//! ```text
//! contract text ──syntax::parse (pest)──▶ Ast (spans) ──compile──▶ Contract (rules)
//! snapshot files ──snapshot::read_file──▶ Snapshot (spans)
//! Contract + Snapshot ──check::check──▶ Findings (both spans)
//! Findings + diagnostics ──report──▶ human (miette) | json
//! ```
//!
//! The core (`source`, `diagnostic`, `syntax`, `compile`, `snapshot`, `check`) is pure: it takes texts already
//! in memory and returns values plus diagnostics. Files, clocks and terminals are touched
//! only by `cli`.

pub mod check;
pub mod cli;
pub mod compile;
pub mod diagnostic;
pub mod draft;
#[cfg(feature = "fetch")]
pub mod fetch;
#[cfg(feature = "lsp")]
pub mod lsp;
pub mod report;
pub mod snapshot;
pub mod source;
pub mod syntax;
