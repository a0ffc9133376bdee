//! Renderers of the one diagnostic model and of check findings: human (miette), JSON,
//! SARIF, JUnit and GitHub workflow commands.
//!
//! INVARIANT: only `human` knows miette. Every renderer prints source text through
//! [`SourceFile::shown_text`](crate::source::SourceFile::shown_text), the redacted copy.

pub mod document;
pub mod findings;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;
