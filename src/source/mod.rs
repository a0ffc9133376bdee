//! Every input text the tool reads (contracts, snapshot files, fetched bodies) lives in
//! one [`SourceMap`], addressed by [`FileId`]; a [`Span`] is a byte range in one of them.
//! Diagnostics carry spans only, and renderers turn them into lines and columns here.

mod line_index;
pub mod mask;
mod source_map;
mod span;

pub use line_index::{LineCol, LineIndex};
pub use source_map::{Fingerprint, SourceFile, SourceMap};
pub use span::{FileId, Span, Spanned};
