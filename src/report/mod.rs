//! Renderers of the one diagnostic model: human (miette) and JSON.
//!
//! INVARIANT: only `human` knows miette. Every renderer prints source text through
//! [`SourceFile::shown_text`](crate::source::SourceFile::shown_text), the redacted copy.

pub mod human;
pub mod json;
