mod corpus;
mod explain;
mod fixtures;
mod fmt;
mod grammar;
mod reports;
mod secrets;
mod support;
