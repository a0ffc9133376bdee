//! The compiled contract: declared environments and services, rules with stable ids and
//! resolved scopes, and waivers. This is what the checker, `doc` and the editor read.

use std::fmt::Write as _;

use jiff::civil::Date;

use super::RuleKind;
use super::matcher::Matcher;
use crate::diagnostic::Severity;
use crate::source::{FileId, Span, Spanned};
use crate::syntax::ast::{KeyKind, RefCategory, Shape};

/// A compiled contract (possibly from several files joined by `use`).
#[derive(Debug, Default)]
pub struct Contract {
    /// The root file first, then included files in the order they were first used.
    pub files: Vec<FileId>,
    pub title: Option<Spanned<String>>,
    pub updated: Option<Spanned<Date>>,
    pub owner: Option<Spanned<String>>,
    pub envs: Vec<EnvDef>,
    pub services: Vec<ServiceDef>,
    pub rules: Vec<Rule>,
    pub waivers: Vec<WaiverDef>,
}

/// `env NAME { … }`
#[derive(Debug, Clone)]
pub struct EnvDef {
    pub name: String,
    pub span: Span,
    pub docs: Vec<String>,
    pub project: Option<Spanned<String>>,
    pub number: Option<Spanned<u64>>,
    pub regions: Vec<Spanned<String>>,
    pub domains: Vec<Spanned<String>>,
}

/// A service named by one or more `service NAME { … }` blocks.
#[derive(Debug, Clone)]
pub struct ServiceDef {
    pub name: String,
    /// The Cloud Run service name (`named "…"`, or the name itself).
    pub deployed: String,
    /// Where `named "…"` was first given (a block without it takes the others' name).
    pub named: Option<Span>,
    /// The name in each block header.
    pub spans: Vec<Span>,
    pub docs: Vec<String>,
}

/// Index into [`Contract::envs`].
pub type EnvIndex = usize;
/// Index into [`Contract::services`].
pub type ServiceIndex = usize;

/// Which environments a rule applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnvScope {
    /// Every declared environment; every environment found in the snapshots when the
    /// contract declares none.
    All,
    /// These declared environments (sorted, no repeats).
    Only(Vec<EnvIndex>),
}

impl EnvScope {
    pub fn contains(&self, env: EnvIndex) -> bool {
        match self {
            EnvScope::All => true,
            EnvScope::Only(list) => list.contains(&env),
        }
    }

    pub fn overlaps(&self, other: &EnvScope) -> bool {
        match (self, other) {
            (EnvScope::Only(a), EnvScope::Only(b)) => a.iter().any(|e| b.contains(e)),
            _ => true,
        }
    }
}

/// `when KEY is SHAPE…`: the rule applies only where the condition holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    pub key: String,
    pub shapes: Vec<Shape>,
    pub span: Span,
}

/// Normalized Cloud Run ingress setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ingress {
    All,
    Internal,
    InternalAndCloudLoadBalancing,
}

impl Ingress {
    /// Reads the v1 annotation value or the v2 enum name.
    pub fn parse(value: &str) -> Option<Ingress> {
        match value {
            "all" | "INGRESS_TRAFFIC_ALL" => Some(Ingress::All),
            "internal" | "INGRESS_TRAFFIC_INTERNAL_ONLY" => Some(Ingress::Internal),
            "internal-and-cloud-load-balancing" | "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER" => {
                Some(Ingress::InternalAndCloudLoadBalancing)
            }
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Ingress::All => "all",
            Ingress::Internal => "internal",
            Ingress::InternalAndCloudLoadBalancing => "internal-and-cloud-load-balancing",
        }
    }
}

/// What value `expect K = …` compares with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExpectedValue {
    Literal(String),
    /// The environment's project id.
    Project,
}

/// The service account a `require role` names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Account {
    /// The value of this key.
    Key(String),
    Email(String),
}

/// What a rule checks, with everything resolved (patterns compiled, names to indices).
#[derive(Debug, Clone)]
pub enum Check {
    RequireKey {
        key: String,
        kind: Option<KeyKind>,
    },
    ForbidKey {
        key: String,
    },
    Parity {
        envs: Vec<EnvIndex>,
        values: bool,
        except: Vec<String>,
    },
    DenyReference {
        to: EnvIndex,
        categories: Vec<RefCategory>,
    },
    ExpectValue {
        key: String,
        negated: bool,
        value: ExpectedValue,
    },
    ExpectMatch {
        key: String,
        each: bool,
        matcher: Matcher,
    },
    ExpectOneOf {
        key: String,
        values: Vec<String>,
    },
    ExpectShape {
        key: String,
        shapes: Vec<Shape>,
    },
    ExpectSecretProject {
        key: Option<String>,
        project: String,
    },
    RequireAnnotation {
        template: bool,
        name: String,
        value: Option<String>,
        or_absent: bool,
    },
    ForbidAnnotation {
        template: bool,
        name: String,
    },
    RequireIngress {
        ingress: Ingress,
    },
    DenyInvoker {
        member: String,
    },
    AllowHumanInvokers {
        members: Vec<String>,
    },
    RequireRole {
        role: String,
        account: Account,
    },
    ExpectDirectStatus {
        statuses: Vec<u16>,
    },
}

impl Check {
    pub fn kind(&self) -> RuleKind {
        match self {
            Check::RequireKey { .. } => RuleKind::RequireKey,
            Check::ForbidKey { .. } => RuleKind::ForbidKey,
            Check::Parity { .. } => RuleKind::Parity,
            Check::DenyReference { .. } => RuleKind::DenyReference,
            Check::ExpectValue { .. } => RuleKind::ExpectValue,
            Check::ExpectMatch { each: false, .. } => RuleKind::ExpectMatch,
            Check::ExpectMatch { each: true, .. } => RuleKind::ExpectEachMatch,
            Check::ExpectOneOf { .. } => RuleKind::ExpectOneOf,
            Check::ExpectShape { .. } => RuleKind::ExpectShape,
            Check::ExpectSecretProject { .. } => RuleKind::ExpectSecretProject,
            Check::RequireAnnotation { .. } => RuleKind::RequireAnnotation,
            Check::ForbidAnnotation { .. } => RuleKind::ForbidAnnotation,
            Check::RequireIngress { .. } => RuleKind::RequireIngress,
            Check::DenyInvoker { .. } => RuleKind::DenyInvoker,
            Check::AllowHumanInvokers { .. } => RuleKind::AllowHumanInvokers,
            Check::RequireRole { .. } => RuleKind::RequireRole,
            Check::ExpectDirectStatus { .. } => RuleKind::ExpectDirectStatus,
        }
    }

    /// The env key the rule is about, if any.
    pub fn key(&self) -> Option<&str> {
        match self {
            Check::RequireKey { key, .. }
            | Check::ForbidKey { key }
            | Check::ExpectValue { key, .. }
            | Check::ExpectMatch { key, .. }
            | Check::ExpectOneOf { key, .. }
            | Check::ExpectShape { key, .. }
            | Check::RequireRole {
                account: Account::Key(key),
                ..
            } => Some(key),
            Check::ExpectSecretProject { key, .. } => key.as_deref(),
            _ => None,
        }
    }
}

/// One rule: a statement (or one member of a statement's list) with its resolved scope.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Stable id: `KIND/SERVICE/SUBJECT` (or as given with `rule ID:`).
    pub id: String,
    pub check: Check,
    pub severity: Severity,
    /// `None`: every service found in the snapshot of each environment in scope.
    pub service: Option<ServiceIndex>,
    pub envs: EnvScope,
    pub conditions: Vec<Condition>,
    /// The whole statement.
    pub span: Span,
    /// The most specific part of the statement (the key, the member, …).
    pub subject_span: Span,
    pub docs: Vec<String>,
}

impl Rule {
    pub fn kind(&self) -> RuleKind {
        self.check.kind()
    }

    /// One line saying what the rule requires, for reports and hover (with its `when`
    /// conditions).
    pub fn meaning(&self, contract: &Contract) -> String {
        let mut s = self.base_meaning(contract);
        for c in &self.conditions {
            let shapes: Vec<&str> = c.shapes.iter().map(|s| s.as_str()).collect();
            let _ = write!(s, ", when `{}` is {}", c.key, shapes.join(" or "));
        }
        s
    }

    /// What the rule requires, without its `when` conditions.
    pub fn base_meaning(&self, contract: &Contract) -> String {
        let env_name = |i: &EnvIndex| contract.envs.get(*i).map_or("?", |e| e.name.as_str());
        match &self.check {
            Check::RequireKey { key, kind } => match kind {
                Some(KeyKind::Secret) => format!("`{key}` is set from a secret reference"),
                Some(KeyKind::Plain) => format!("`{key}` is set to a plain value"),
                None => format!("`{key}` is set"),
            },
            Check::ForbidKey { key } => format!("`{key}` is not set"),
            Check::Parity {
                envs,
                values,
                except,
            } => {
                let names: Vec<&str> = envs.iter().map(env_name).collect();
                let mut s = if *values {
                    format!(
                        "{} have the same keys, kinds and values",
                        names.join(" and ")
                    )
                } else {
                    format!("{} have the same keys and key kinds", names.join(" and "))
                };
                if !except.is_empty() {
                    let _ = write!(s, " (except `{}`)", except.join("`, `"));
                }
                s
            }
            Check::DenyReference { to, categories } => {
                let what: Vec<&str> = if categories.is_empty() {
                    RefCategory::ALL.iter().map(|c| c.as_str()).collect()
                } else {
                    categories.iter().map(|c| c.as_str()).collect()
                };
                format!(
                    "nothing references the {} of `{}`",
                    join_and(&what),
                    env_name(to)
                )
            }
            Check::ExpectValue {
                key,
                negated,
                value,
            } => {
                let v = match value {
                    ExpectedValue::Literal(v) => format!("`{v}`"),
                    ExpectedValue::Project => "the environment's project id".to_owned(),
                };
                if *negated {
                    format!("`{key}` is not {v}")
                } else {
                    format!("`{key}` is {v}")
                }
            }
            Check::ExpectMatch { key, each, matcher } => {
                if *each {
                    format!("every item of `{key}` matches `{}`", matcher.text())
                } else {
                    format!("`{key}` matches `{}`", matcher.text())
                }
            }
            Check::ExpectOneOf { key, values } => {
                format!("`{key}` is one of `{}`", values.join("`, `"))
            }
            Check::ExpectShape { key, shapes } => {
                let names: Vec<&str> = shapes.iter().map(|s| s.as_str()).collect();
                format!("`{key}` is {}", names.join(" or "))
            }
            Check::ExpectSecretProject { key, project } => match key {
                Some(key) => format!("the secret of `{key}` is stored in project `{project}`"),
                None => format!("every secret reference resolves to project `{project}`"),
            },
            Check::RequireAnnotation {
                template,
                name,
                value,
                or_absent,
            } => {
                let what = if *template {
                    "template annotation"
                } else {
                    "annotation"
                };
                match (value, or_absent) {
                    (None, _) => format!("{what} `{name}` is set"),
                    (Some(v), false) => format!("{what} `{name}` is `{v}`"),
                    (Some(v), true) => format!("{what} `{name}` is `{v}` or absent"),
                }
            }
            Check::ForbidAnnotation { template, name } => {
                let what = if *template {
                    "template annotation"
                } else {
                    "annotation"
                };
                format!("{what} `{name}` is not set")
            }
            Check::RequireIngress { ingress } => format!("ingress is `{}`", ingress.as_str()),
            Check::DenyInvoker { member } => {
                format!("`{member}` does not hold `roles/run.invoker`")
            }
            Check::AllowHumanInvokers { members } => {
                format!("the only human invokers are `{}`", members.join("`, `"))
            }
            Check::RequireRole { role, account } => match account {
                Account::Key(key) => format!(
                    "the runtime service account holds `{role}` on the service account in `{key}`"
                ),
                Account::Email(email) => {
                    format!("the runtime service account holds `{role}` on `{email}`")
                }
            },
            Check::ExpectDirectStatus { statuses } => {
                let list: Vec<String> = statuses.iter().map(u16::to_string).collect();
                format!("the direct `*.run.app` URL answers {}", list.join(", "))
            }
        }
    }
}

fn join_and(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// `waive RULE [for service S] [in ENV…] until DATE because "…";`
#[derive(Debug, Clone)]
pub struct WaiverDef {
    pub rule: Spanned<String>,
    pub service: Option<ServiceIndex>,
    pub envs: EnvScope,
    pub until: Option<Spanned<Date>>,
    pub reason: String,
    pub span: Span,
}
