//! [`Finding`]: the outcome of one rule instance (rule × environment × service).

use std::sync::Arc;

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
///
/// A fleet check makes one per rule, environment and service (49,000 at N = 1,000, nearly
/// all passes), so the names and messages they repeat are shared ([`Arc<str>`], one copy
/// per distinct text) and the rarely set fields (help, related places, waiver) live in one
/// box that passes do without: a finding is 96 bytes.
#[derive(Clone, Debug)]
pub struct Finding {
    /// Index into `Contract::rules` ([`Finding::rule`]).
    rule: u32,
    pub env: Option<Arc<str>>,
    pub service: Option<Arc<str>>,
    pub key: Option<Arc<str>>,
    pub outcome: Outcome,
    /// What went wrong (for fail and unknown; the rule kind's code for pass).
    pub code: Code,
    /// One line; never holds a secret value.
    pub message: Arc<str>,
    /// The most specific place in a snapshot file.
    pub at: Option<Span>,
    /// The rule's severity (`warn` rules report warnings).
    pub severity: Severity,
    detail: Option<Box<Detail>>,
}

/// What only some findings have.
#[derive(Clone, Debug, Default)]
struct Detail {
    help: Option<String>,
    /// Other places worth showing (the other environment's line, where a token comes from).
    related: Vec<(Span, String)>,
    /// Index into `Contract::waivers` for a waived instance.
    waiver: Option<usize>,
}

impl Finding {
    /// A finding of `rule` with nothing but its outcome and message.
    pub fn new(rule: usize, outcome: Outcome, code: Code, message: Arc<str>) -> Self {
        Finding {
            rule: u32::try_from(rule).unwrap_or(u32::MAX),
            env: None,
            service: None,
            key: None,
            outcome,
            code,
            message,
            at: None,
            severity: Severity::Error,
            detail: None,
        }
    }

    /// Index into `Contract::rules`.
    pub fn rule(&self) -> usize {
        self.rule as usize
    }

    pub fn help(&self) -> Option<&str> {
        self.detail.as_ref().and_then(|d| d.help.as_deref())
    }

    /// Other places worth showing (the other environment's line, where a token comes from).
    pub fn related(&self) -> &[(Span, String)] {
        self.detail.as_ref().map_or(&[], |d| &d.related)
    }

    /// Index into `Contract::waivers` for a waived instance.
    pub fn waiver(&self) -> Option<usize> {
        self.detail.as_ref().and_then(|d| d.waiver)
    }

    #[must_use]
    pub fn with_help(mut self, help: Option<String>) -> Self {
        if help.is_some() {
            self.detail.get_or_insert_default().help = help;
        }
        self
    }

    #[must_use]
    pub fn with_related(mut self, related: Vec<(Span, String)>) -> Self {
        if !related.is_empty() {
            self.detail.get_or_insert_default().related = related;
        }
        self
    }

    /// Marks the finding waived by `Contract::waivers[waiver]`.
    pub fn waive(&mut self, waiver: usize) {
        self.outcome = Outcome::Waived;
        self.detail.get_or_insert_default().waiver = Some(waiver);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_finding_stays_small() {
        // A fleet check holds one per rule, environment and service.
        assert!(
            std::mem::size_of::<Finding>() <= 96,
            "{}",
            std::mem::size_of::<Finding>()
        );
        let f = Finding::new(3, Outcome::Pass, Code::ForbiddenKey, Arc::from("ok"));
        assert_eq!(
            (f.rule(), f.help(), f.related().len(), f.waiver()),
            (3, None, 0, None)
        );
        let mut f = f.with_help(Some("do this".to_owned()));
        f.waive(2);
        assert_eq!(
            (f.help(), f.waiver(), f.outcome),
            (Some("do this"), Some(2), Outcome::Waived)
        );
    }
}
