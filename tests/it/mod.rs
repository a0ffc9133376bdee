mod corpus;
mod editors;
mod explain;
#[cfg(feature = "fetch")]
mod fetch;
mod fixtures;
mod fmt;
mod grammar;
mod limits;
#[cfg(feature = "lsp")]
mod lsp;
mod properties;
mod reports;
mod secrets;
mod support;
mod workflow;
