//! Contract × snapshot → findings. Every rule is evaluated for every environment and
//! service it applies to; each instance ends as pass, fail, unknown or waived.
//!
//! INVARIANT: fail-closed. Data the checker could not see makes an instance unknown,
//! never pass, and the unknown finding says which file or flag would supply it.
//! INVARIANT: no message holds a secret value; values go through [`Redactor::show`].

mod finding;
mod iam;
mod parity;
mod projects;
mod references;
mod service_rules;
pub mod shapes;
mod waivers;

pub use finding::{Finding, Outcome};

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use std::sync::Arc;

use crate::compile::{Contract, EnvScope, Rule};
use crate::diagnostic::redact::Redactor;
use crate::diagnostic::{Code, Diagnostic};
use crate::snapshot::{Environment, Service, Snapshot};
use crate::source::Span;
use crate::syntax::ast::RefCategory;

use projects::Projects;

/// What checking produced: one finding per rule instance (in contract order, then
/// environment, then service) and diagnostics about the check itself (unused waivers,
/// snapshot folders no rule reads).
#[derive(Debug, Default)]
pub struct CheckResult {
    pub findings: Vec<Finding>,
    pub diagnostics: Vec<Diagnostic>,
    /// Passing instances counted but not kept as findings, by environment (see
    /// [`check_counting_passes`]); empty when every pass is in `findings`.
    pub passes_not_kept: Vec<(String, usize)>,
}

impl CheckResult {
    /// How many passes are counted in `passes_not_kept`.
    pub fn counted_passes(&self) -> usize {
        self.passes_not_kept.iter().map(|(_, n)| n).sum()
    }
}

/// The verdict of one instance before it becomes a [`Finding`].
pub(crate) enum Verdict {
    Pass(String),
    Fail {
        code: Code,
        message: String,
        help: Option<String>,
        at: Option<Span>,
        related: Vec<(Span, String)>,
    },
    Unknown {
        message: String,
        help: String,
        at: Option<Span>,
    },
    /// The rule does not apply here (a `when` condition is false).
    Skip,
}

impl Verdict {
    pub(crate) fn fail(
        code: Code,
        message: impl Into<String>,
        at: Span,
        help: impl Into<String>,
    ) -> Self {
        Verdict::Fail {
            code,
            message: message.into(),
            help: Some(help.into()),
            at: Some(at),
            related: Vec::new(),
        }
    }

    pub(crate) fn unknown(
        message: impl Into<String>,
        help: impl Into<String>,
        at: Option<Span>,
    ) -> Self {
        Verdict::Unknown {
            message: message.into(),
            help: help.into(),
            at,
        }
    }
}

/// Checks `contract` against `snapshot`.
pub fn check(contract: &Contract, snapshot: &Snapshot, redactor: &Redactor) -> CheckResult {
    run(contract, snapshot, redactor, true)
}

/// Checks like [`check`], but counts passing instances (by environment, in
/// `passes_not_kept`) instead of keeping them: for outputs that show only their number. A
/// fleet's passes are nearly all its findings.
pub fn check_counting_passes(
    contract: &Contract,
    snapshot: &Snapshot,
    redactor: &Redactor,
) -> CheckResult {
    run(contract, snapshot, redactor, false)
}

fn run(
    contract: &Contract,
    snapshot: &Snapshot,
    redactor: &Redactor,
    keep_passes: bool,
) -> CheckResult {
    let mut checker = Checker {
        keep_passes,
        passes: Vec::new(),
        contract,
        snapshot,
        redactor,
        projects: Projects::learn(contract, snapshot),
        findings: Vec::new(),
        texts: HashSet::new(),
        last_message: None,
        others: RefCell::new(HashMap::new()),
    };
    if keep_passes {
        // At most one finding per rule and service, reserved at once: a fleet's findings
        // are not copied each time the list doubles (with both copies alive), and pages
        // reserved beyond the end are never touched, so they cost no memory.
        let services: usize = snapshot.envs.iter().map(|e| e.services.len().max(1)).sum();
        let most = contract.rules.len().saturating_mul(services).min(1 << 22);
        checker.findings.reserve_exact(most);
    }
    for (index, rule) in contract.rules.iter().enumerate() {
        checker.rule(index, rule);
    }
    let mut result = CheckResult {
        findings: checker.findings,
        diagnostics: Vec::new(),
        passes_not_kept: checker.passes,
    };
    waivers::apply(contract, &mut result);
    unused_folders(contract, snapshot, &mut result.diagnostics);
    result
}

/// Snapshot folders of environments the contract does not declare (when it declares any).
fn unused_folders(contract: &Contract, snapshot: &Snapshot, diagnostics: &mut Vec<Diagnostic>) {
    if contract.envs.is_empty() {
        return;
    }
    for env in &snapshot.envs {
        if !contract.envs.iter().any(|e| e.name == env.name) {
            let mut d = Diagnostic::warning(
                Code::UnusedSnapshot,
                format!(
                    "snapshot folder `{}` is not an environment of the contract",
                    env.dir
                ),
            )
            .with_help(format!(
                "declare it with `env {};`, map it with `--env NAME={}`, or leave it out",
                env.name, env.dir
            ));
            if let Some(file) = env.files.first() {
                d = d.with_primary(Span::new(*file, 0..0), "not checked");
            }
            diagnostics.push(d);
        }
    }
}

pub(crate) struct Checker<'a> {
    pub contract: &'a Contract,
    pub snapshot: &'a Snapshot,
    pub redactor: &'a Redactor,
    pub projects: Projects,
    pub findings: Vec<Finding>,
    /// Whether passing instances become findings, or are only counted in `passes`.
    keep_passes: bool,
    passes: Vec<(String, usize)>,
    /// The names findings share (see [`Checker::shared`]).
    texts: HashSet<Arc<str>>,
    /// The last message made, with its rule (see [`Checker::message`]).
    last_message: Option<(usize, Arc<str>)>,
    /// `deny reference` tokens per (source, target, categories), computed once.
    pub others: RefCell<HashMap<OthersKey, Rc<references::Others>>>,
}

/// (source environment, target environment, categories) of a `deny reference`.
type OthersKey = (String, String, Vec<RefCategory>);

impl Checker<'_> {
    /// The indexed tokens of `target` that `source` must not name.
    pub(crate) fn reference_tokens(
        &self,
        source: &Environment,
        target: &Environment,
        categories: &[RefCategory],
    ) -> Rc<references::Others> {
        let key = (
            source.name.clone(),
            target.name.clone(),
            categories.to_vec(),
        );
        if let Some(found) = self.others.borrow().get(&key) {
            return found.clone();
        }
        let built = Rc::new(references::Others::new(self, source, target, categories));
        self.others.borrow_mut().insert(key, built.clone());
        built
    }

    /// The environment names a rule applies to, in declaration (or folder) order.
    fn env_names(&self, rule: &Rule) -> Vec<String> {
        match &rule.envs {
            EnvScope::All if self.contract.envs.is_empty() => {
                self.snapshot.envs.iter().map(|e| e.name.clone()).collect()
            }
            EnvScope::All => self.contract.envs.iter().map(|e| e.name.clone()).collect(),
            EnvScope::Only(list) => list
                .iter()
                .filter_map(|i| self.contract.envs.get(*i))
                .map(|e| e.name.clone())
                .collect(),
        }
    }

    fn rule(&mut self, index: usize, rule: &Rule) {
        if let crate::compile::Check::Parity {
            envs,
            values,
            except,
        } = &rule.check
        {
            parity::check(self, index, rule, envs, *values, except);
            return;
        }
        for env_name in self.env_names(rule) {
            let Some(env) = self.snapshot.env(&env_name) else {
                self.push(
                    index,
                    rule,
                    &env_name,
                    None,
                    Verdict::unknown(
                        format!("there is no snapshot of `{env_name}`"),
                        format!("add a `{env_name}` folder to --snapshots, or map one with `--env {env_name}=PATH`"),
                        None,
                    ),
                );
                continue;
            };
            let services: Vec<&Service> = match rule.service {
                Some(i) => {
                    let def = &self.contract.services[i];
                    match env.service(&def.deployed) {
                        Some(s) => vec![s],
                        None => {
                            let at = def.spans.first().copied();
                            self.push_missing_service(index, rule, env, &def.deployed, at);
                            continue;
                        }
                    }
                }
                None => env.services.iter().collect(),
            };
            for service in services {
                let verdict = match self.conditions(rule, env, service) {
                    Some(v) => v,
                    None => self.service_rule(rule, env, service),
                };
                self.push(index, rule, &env_name, Some(&service.name.node), verdict);
            }
        }
    }

    fn push_missing_service(
        &mut self,
        index: usize,
        rule: &Rule,
        env: &Environment,
        name: &str,
        _at: Option<Span>,
    ) {
        let verdict = Verdict::Fail {
            code: Code::MissingService,
            message: format!("service `{name}` is not deployed in `{}`", env.name),
            help: Some(format!(
                "deploy it, export it into `{}` (`gcloud run services describe {name} --format=export`), or scope the rule away from `{}`",
                env.dir, env.name
            )),
            at: None,
            related: Vec::new(),
        };
        self.push(index, rule, &env.name, Some(name), verdict);
    }

    /// `Some` when a `when` condition is false (skip) or cannot be decided (unknown).
    fn conditions(&self, rule: &Rule, env: &Environment, service: &Service) -> Option<Verdict> {
        for c in &rule.conditions {
            let Some(var) = service.var(&c.key) else {
                return Some(Verdict::Skip);
            };
            let shape_holds = match var.value() {
                crate::snapshot::EnvValue::Literal(v) => {
                    c.shapes.iter().any(|s| shapes::has_shape(v.node, *s))
                }
                crate::snapshot::EnvValue::Secret(secret) => {
                    match env
                        .shape_of(secret)
                        .or_else(|| self.projects.shape_of(env, secret))
                        .and_then(|s| s.shape)
                    {
                        Some(recorded) => c.shapes.contains(&recorded),
                        None => {
                            return Some(Verdict::unknown(
                                format!(
                                    "`{}` is a secret reference whose shape is not recorded, so the `when` condition cannot be decided",
                                    c.key
                                ),
                                "record secret shapes with `parity fetch --resolve-secret-shapes` (secret-shapes.json)",
                                Some(var.value_span()),
                            ));
                        }
                    }
                }
            };
            if !shape_holds {
                return Some(Verdict::Skip);
            }
        }
        None
    }

    fn service_rule(&self, rule: &Rule, env: &Environment, service: &Service) -> Verdict {
        use crate::compile::Check;
        match &rule.check {
            Check::DenyInvoker { .. }
            | Check::AllowHumanInvokers { .. }
            | Check::RequireRole { .. } => iam::check(self, rule, env, service),
            Check::DenyReference { to, categories } => {
                references::check(self, env, service, *to, categories)
            }
            _ => service_rules::check(self, rule, env, service),
        }
    }

    pub(crate) fn push(
        &mut self,
        index: usize,
        rule: &Rule,
        env: &str,
        service: Option<&str>,
        verdict: Verdict,
    ) {
        let mut finding = match verdict {
            Verdict::Skip => return,
            Verdict::Pass(_) if !self.keep_passes => {
                match self.passes.iter_mut().find(|(e, _)| e == env) {
                    Some((_, n)) => *n += 1,
                    None => self.passes.push((env.to_owned(), 1)),
                }
                return;
            }
            Verdict::Pass(message) => {
                let message = self.message(index, &message);
                Finding::new(index, Outcome::Pass, fail_code(rule), message)
            }
            Verdict::Fail {
                code,
                message,
                help,
                at,
                related,
            } => {
                let message = self.message(index, &message);
                let mut f = Finding::new(index, Outcome::Fail, code, message)
                    .with_help(help)
                    .with_related(related);
                f.at = at;
                f
            }
            Verdict::Unknown { message, help, at } => {
                let message = self.message(index, &message);
                let mut f = Finding::new(index, Outcome::Unknown, Code::MissingData, message)
                    .with_help(Some(help));
                f.at = at;
                f
            }
        };
        finding.env = Some(self.shared(env));
        finding.service = service.map(|s| self.shared(s));
        finding.key = rule.check.key().map(|k| self.shared(k));
        finding.severity = rule.severity;
        self.findings.push(finding);
    }

    /// A finding's message: the previous finding's copy when it is the same rule and the
    /// same text ("`DATABASE_URL` is a secret reference", which a rule gives service after
    /// service), a new one otherwise. Messages naming a service are each their own, so a
    /// table of every message would only grow.
    fn message(&mut self, rule: usize, text: &str) -> Arc<str> {
        if let Some((r, m)) = &self.last_message
            && *r == rule
            && **m == *text
        {
            return m.clone();
        }
        let m: Arc<str> = Arc::from(text);
        self.last_message = Some((rule, m.clone()));
        m
    }

    /// One shared copy of a name findings repeat (environments, services, keys).
    fn shared(&mut self, text: &str) -> Arc<str> {
        if let Some(found) = self.texts.get(text) {
            return found.clone();
        }
        let new: Arc<str> = Arc::from(text);
        self.texts.insert(new.clone());
        new
    }
}

/// The code a rule's failures carry (used for passing instances too, in `--all` output).
pub(crate) fn fail_code(rule: &Rule) -> Code {
    use crate::compile::Check;
    match &rule.check {
        Check::RequireKey { .. } => Code::MissingRequiredKey,
        Check::ForbidKey { .. } => Code::ForbiddenKey,
        Check::Parity { .. } => Code::ParityMismatch,
        Check::DenyReference { .. } => Code::CrossEnvironmentReference,
        Check::ExpectValue { .. }
        | Check::ExpectMatch { .. }
        | Check::ExpectOneOf { .. }
        | Check::ExpectShape { .. } => Code::UnexpectedValue,
        Check::ExpectSecretProject { .. } => Code::SecretFromWrongProject,
        Check::RequireAnnotation { .. } | Check::ForbidAnnotation { .. } => {
            Code::AnnotationMismatch
        }
        Check::RequireIngress { .. } => Code::IngressMismatch,
        Check::DenyInvoker { .. } => Code::PublicInvoker,
        Check::AllowHumanInvokers { .. } => Code::UnapprovedInvoker,
        Check::RequireRole { .. } => Code::MissingRole,
        Check::ExpectDirectStatus { .. } => Code::DirectUrlReachable,
    }
}
