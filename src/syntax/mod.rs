//! Contract text to syntax tree: the pest parser, the lowering of its pairs into the
//! [`Ast`](ast::Ast), syntax errors in human words, and the formatter.

pub mod ast;
mod format;
mod grammar;
mod highlight;
mod lower;
mod syntax_error;

pub use format::format;
pub(crate) use format::quote;
pub use grammar::keywords;
pub use highlight::{TokenClass, highlights};
pub use lower::{Comment, Parsed, parse};
