//! The one diagnostic model of the tool. Every phase reports problems as [`Diagnostic`]s;
//! renderers in `report` (miette, JSON, …) and the language server turn them into output.

mod code;
mod model;
pub mod redact;
mod suggest;

pub use code::{Code, Phase};
pub use model::{Diagnostic, Label, Severity};
pub use suggest::did_you_mean;
