//! [`Finding`]: the outcome of one rule instance (rule × environment × service).

use crate::diagnostic::{Code, Severity};
use crate::source::Span;

/// How a rule instance ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Outcome {
    Pass,
    Fail,
    /// The snapshots did not hold what the rule needs. Never counts as pass.
    Unknown,
    /// Failed or unknown, and covered by a waiver.
    Waived,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Pass => "pass",
            Outcome::Fail => "fail",
            Outcome::Unknown => "unknown",
            Outcome::Waived => "waived",
        }
    }
}

/// One rule instance.
#[derive(Clone, Debug)]
pub struct Finding {
    /// Index into `Contract::rules`.
    pub rule: usize,
    pub env: Option<String>,
    pub service: Option<String>,
    pub key: Option<String>,
    pub outcome: Outcome,
    /// What went wrong (for fail and unknown; the rule kind's code for pass).
    pub code: Code,
    /// One line; never holds a secret value.
    pub message: String,
    pub help: Option<String>,
    /// The most specific place in a snapshot file.
    pub at: Option<Span>,
    /// Other places worth showing (the other environment's line, where a token comes from).
    pub related: Vec<(Span, String)>,
    /// Index into `Contract::waivers` for a waived instance.
    pub waiver: Option<usize>,
    /// The rule's severity (`warn` rules report warnings).
    pub severity: Severity,
}
