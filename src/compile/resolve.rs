//! Walks the syntax trees: collects declarations, then turns every rule statement into
//! [`Rule`]s with resolved environments, service, conditions and a stable id.

use jiff::civil::Date;

use super::contract::{
    Account, Check, Condition, Contract, EnvDef, EnvIndex, EnvScope, ExpectedValue, Ingress, Rule,
    ServiceDef, ServiceIndex, WaiverDef,
};
use super::matcher::Matcher;
use crate::diagnostic::{Code, Diagnostic, Severity, did_you_mean};
use crate::source::{FileId, Span, Spanned};
use crate::syntax::Parsed;
use crate::syntax::ast::{
    AccountRef, Block, ContractProp, EnvDecl, EnvProp, Expected, Ident, Item, Member, ParityMode,
    Pattern, RuleBody, RuleStmt, Scope, Stmt, Waiver,
};

const INGRESS_VALUES: [&str; 3] = ["all", "internal", "internal-and-cloud-load-balancing"];
const MEMBER_PREFIXES: [&str; 6] = [
    "user:",
    "group:",
    "serviceAccount:",
    "domain:",
    "principal:",
    "principalSet:",
];
const HUMAN_PREFIXES: [&str; 3] = ["user:", "group:", "domain:"];

pub(super) fn resolve(parsed: &[(FileId, Parsed)], diagnostics: &mut Vec<Diagnostic>) -> Contract {
    let mut r = Resolver {
        contract: Contract {
            files: parsed.iter().map(|(f, _)| *f).collect(),
            ..Contract::default()
        },
        diagnostics,
    };
    for (_, p) in parsed {
        r.declarations(&p.ast.items);
        for doc in &p.ast.dangling_docs {
            r.dangling_doc(doc);
        }
    }
    for (_, p) in parsed {
        r.services(&p.ast.items);
    }
    for (_, p) in parsed {
        let ctx = Ctx::default();
        r.items(&p.ast.items, &ctx);
    }
    r.contract
}

/// Where a statement stands: which environments and service, under which conditions.
#[derive(Clone, Default)]
struct Ctx {
    /// `None`: every environment.
    envs: Option<Vec<EnvIndex>>,
    service: Option<ServiceIndex>,
    conditions: Vec<Condition>,
    in_when: bool,
}

struct Resolver<'d> {
    contract: Contract,
    diagnostics: &'d mut Vec<Diagnostic>,
}

/// Parses a `YYYY-MM-DD` the grammar accepted; `None` when it is no calendar date.
pub(super) fn date(text: &Spanned<String>, diagnostics: &mut Vec<Diagnostic>) -> Option<Date> {
    if let Ok(date) = text.node.parse::<Date>() {
        return Some(date);
    }
    diagnostics.push(
        Diagnostic::error(
            Code::InvalidDate,
            format!("`{}` is not a calendar date", text.node),
        )
        .with_primary(text.span, "no such day")
        .with_help("write a real date as `YYYY-MM-DD`, such as `2027-01-31`"),
    );
    None
}

impl Resolver<'_> {
    fn error(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    fn dangling_doc(&mut self, doc: &Spanned<String>) {
        self.error(
            Diagnostic::warning(
                Code::DanglingDocComment,
                "doc comment is not followed by a statement",
            )
            .with_primary(doc.span, "documents nothing")
            .with_help("use `#` for a comment that documents no statement"),
        );
    }

    // --- declarations -------------------------------------------------------------

    fn declarations(&mut self, items: &[Item]) {
        for item in items {
            match &item.stmt.node {
                Stmt::Contract(c) => {
                    if let Some(prev) = &self.contract.title {
                        let prev = prev.span;
                        self.error(
                            Diagnostic::error(
                                Code::DuplicateProperty,
                                "the contract header is given twice",
                            )
                            .with_primary(c.title.span, "second header")
                            .with_secondary(prev, "first header")
                            .with_help("keep one `contract` header"),
                        );
                        continue;
                    }
                    self.contract.title = Some(c.title.clone());
                    self.contract_props(&c.props);
                }
                Stmt::Env(e) => self.env(e, &item.docs),
                _ => {}
            }
        }
    }

    fn contract_props(&mut self, props: &[Spanned<ContractProp>]) {
        let mut seen: Vec<(&str, Span)> = Vec::new();
        for prop in props {
            let name = match &prop.node {
                ContractProp::Updated(_) => "updated",
                ContractProp::Owner(_) => "owner",
            };
            if let Some((_, first)) = seen.iter().find(|(n, _)| *n == name) {
                let first = *first;
                self.duplicate_property(name, prop.span, first);
                continue;
            }
            seen.push((name, prop.span));
            match &prop.node {
                ContractProp::Updated(d) => {
                    if let Some(date) = date(d, self.diagnostics) {
                        self.contract.updated = Some(Spanned::new(date, d.span));
                    }
                }
                ContractProp::Owner(o) => self.contract.owner = Some(o.clone()),
            }
        }
    }

    fn duplicate_property(&mut self, name: &str, span: Span, first: Span) {
        self.error(
            Diagnostic::error(Code::DuplicateProperty, format!("`{name}` is given twice"))
                .with_primary(span, "given again here")
                .with_secondary(first, "first given here")
                .with_help(format!(
                    "keep one `{name}`; list several values in it with commas"
                )),
        );
    }

    fn env(&mut self, e: &EnvDecl, docs: &[Spanned<String>]) {
        if let Some(prev) = self.contract.envs.iter().find(|d| d.name == e.name.node) {
            let prev = prev.span;
            self.error(
                Diagnostic::error(
                    Code::DuplicateEnvironment,
                    format!("environment `{}` is declared twice", e.name.node),
                )
                .with_primary(e.name.span, "declared again here")
                .with_secondary(prev, "first declared here")
                .with_help("merge the two declarations into one `env` block"),
            );
            return;
        }
        let mut def = EnvDef {
            name: e.name.node.clone(),
            span: e.name.span,
            docs: docs.iter().map(|d| d.node.clone()).collect(),
            project: None,
            number: None,
            regions: Vec::new(),
            domains: Vec::new(),
        };
        let mut seen: Vec<(&str, Span)> = Vec::new();
        for prop in &e.props {
            let name = match &prop.node {
                EnvProp::Project(_) => "project",
                EnvProp::Number(_) => "number",
                EnvProp::Region(_) => "region",
                EnvProp::Domain(_) => "domain",
            };
            if let Some((_, first)) = seen.iter().find(|(n, _)| *n == name) {
                let first = *first;
                self.duplicate_property(name, prop.span, first);
                continue;
            }
            seen.push((name, prop.span));
            match &prop.node {
                EnvProp::Project(p) => def.project = Some(p.clone()),
                EnvProp::Number(n) => def.number = Some(*n),
                EnvProp::Region(list) => def.regions.clone_from(list),
                EnvProp::Domain(list) => def.domains.clone_from(list),
            }
        }
        self.contract.envs.push(def);
    }

    /// Registers every service block (at any depth) so later statements can name them.
    fn services(&mut self, items: &[Item]) {
        for item in items {
            match &item.stmt.node {
                Stmt::Service(s) => {
                    let docs = item.docs.iter().map(|d| d.node.clone());
                    let found = self
                        .contract
                        .services
                        .iter()
                        .position(|d| d.name == s.name.node);
                    let Some(index) = found else {
                        self.contract.services.push(ServiceDef {
                            name: s.name.node.clone(),
                            deployed: s.named.as_ref().map_or(&s.name.node, |n| &n.node).clone(),
                            named: s.named.as_ref().map(|n| n.span),
                            spans: vec![s.name.span],
                            docs: docs.collect(),
                        });
                        self.services(&s.body.items);
                        continue;
                    };
                    let def = &mut self.contract.services[index];
                    def.spans.push(s.name.span);
                    def.docs.extend(docs);
                    match (&s.named, def.named) {
                        (Some(named), None) => {
                            def.deployed.clone_from(&named.node);
                            def.named = Some(named.span);
                        }
                        (Some(named), Some(first)) if named.node != def.deployed => {
                            let before = def.deployed.clone();
                            self.error(
                                Diagnostic::error(
                                    Code::ConflictingServiceName,
                                    format!(
                                        "service `{}` is deployed as `{before}` in one block and `{}` in another",
                                        s.name.node, named.node
                                    ),
                                )
                                .with_primary(named.span, "this block's deployed name")
                                .with_secondary(first, "the first deployed name")
                                .with_help("a service has one deployed name; give the same `named \"…\"` or leave it out of all but one block"),
                            );
                        }
                        _ => {}
                    }
                    self.services(&s.body.items);
                }
                Stmt::Scope(s) => self.services(&s.body.items),
                Stmt::When(w) => self.services(&w.body.items),
                _ => {}
            }
        }
    }

    // --- statements ---------------------------------------------------------------

    fn items(&mut self, items: &[Item], ctx: &Ctx) {
        for item in items {
            self.item(item, ctx);
        }
    }

    fn block(&mut self, block: &Block, ctx: &Ctx) {
        self.items(&block.items, ctx);
        for doc in &block.dangling_docs {
            self.dangling_doc(doc);
        }
    }

    fn item(&mut self, item: &Item, ctx: &Ctx) {
        let span = item.stmt.span;
        match &item.stmt.node {
            Stmt::Contract(_) | Stmt::Env(_) | Stmt::Use(_) | Stmt::Error => {}
            Stmt::Service(s) => {
                if ctx.service.is_some() || ctx.in_when {
                    let inside = if ctx.in_when {
                        "a `when`"
                    } else {
                        "another service"
                    };
                    self.error(
                        Diagnostic::error(
                            Code::NestedService,
                            format!("service block `{}` inside {inside} block", s.name.node),
                        )
                        .with_primary(s.name.span, "nested here")
                        .with_help("move the service block to the top level or into an `in` block"),
                    );
                    return;
                }
                let index = self
                    .contract
                    .services
                    .iter()
                    .position(|d| d.name == s.name.node);
                let inner = Ctx {
                    envs: self.narrow(ctx.envs.as_ref(), s.scope.as_ref()),
                    service: index,
                    ..ctx.clone()
                };
                self.block(&s.body, &inner);
            }
            Stmt::Scope(s) => {
                let inner = Ctx {
                    envs: self.narrow(ctx.envs.as_ref(), Some(&s.scope)),
                    ..ctx.clone()
                };
                self.block(&s.body, &inner);
            }
            Stmt::When(w) => {
                let mut inner = ctx.clone();
                inner.in_when = true;
                inner.conditions.push(Condition {
                    key: w.key.node.clone(),
                    shapes: w.shapes.iter().map(|s| s.node).collect(),
                    span: w
                        .key
                        .span
                        .to(w.shapes.last().map_or(w.key.span, |s| s.span)),
                });
                self.block(&w.body, &inner);
            }
            Stmt::Waive(w) => self.waiver(w, span, ctx),
            Stmt::Rule(r) => self.rule(r, span, &item.docs, ctx),
        }
    }

    /// Resolves `in ENV, …` within the enclosing block's environments.
    fn narrow(
        &mut self,
        outer: Option<&Vec<EnvIndex>>,
        scope: Option<&Scope>,
    ) -> Option<Vec<EnvIndex>> {
        let Some(scope) = scope else {
            return outer.cloned();
        };
        let mut list = self.env_list(&scope.envs);
        if let Some(outer) = outer {
            let outside: Vec<&Ident> = scope
                .envs
                .iter()
                .filter(|n| self.env_index(&n.node).is_some_and(|i| !outer.contains(&i)))
                .collect();
            for name in outside {
                let allowed: Vec<String> = outer
                    .iter()
                    .filter_map(|i| self.contract.envs.get(*i))
                    .map(|e| format!("`{}`", e.name))
                    .collect();
                let d = Diagnostic::error(
                    Code::ScopeOutsideBlock,
                    format!(
                        "`{}` is outside the enclosing block's environments",
                        name.node
                    ),
                )
                .with_primary(name.span, "not in the enclosing block")
                .with_help(format!(
                    "the enclosing block is limited to {}; a nested `in` can only narrow it",
                    allowed.join(", ")
                ));
                self.diagnostics.push(d);
            }
            list.retain(|i| outer.contains(i));
        }
        Some(list)
    }

    fn env_index(&self, name: &str) -> Option<EnvIndex> {
        self.contract.envs.iter().position(|e| e.name == name)
    }

    /// Resolves a list of environment names, reporting unknown and repeated ones.
    fn env_list(&mut self, names: &[Ident]) -> Vec<EnvIndex> {
        let mut out = Vec::new();
        for (i, name) in names.iter().enumerate() {
            if let Some(first) = names[..i].iter().find(|n| n.node == name.node) {
                self.error(
                    Diagnostic::error(
                        Code::RepeatedName,
                        format!("`{}` is named twice in this list", name.node),
                    )
                    .with_primary(name.span, "again here")
                    .with_secondary(first.span, "first here")
                    .with_help("name each environment once"),
                );
                continue;
            }
            if let Some(index) = self.resolve_env(name) {
                out.push(index);
            }
        }
        out.sort_unstable();
        out
    }

    fn resolve_env(&mut self, name: &Ident) -> Option<EnvIndex> {
        if let Some(index) = self.env_index(&name.node) {
            return Some(index);
        }
        let names: Vec<&str> = self.contract.envs.iter().map(|e| e.name.as_str()).collect();
        let help = match did_you_mean(&name.node, names.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None if names.is_empty() => {
                format!("declare it first: `env {} {{ project \"…\"; }}`", name.node)
            }
            None => format!(
                "the declared environments are `{}`; declare it with `env {};`",
                names.join("`, `"),
                name.node
            ),
        };
        let d = Diagnostic::error(
            Code::UnknownEnvironment,
            format!("unknown environment `{}`", name.node),
        )
        .with_primary(name.span, "not declared")
        .with_help(help);
        self.diagnostics.push(d);
        None
    }

    fn rule(&mut self, r: &RuleStmt, span: Span, docs: &[Spanned<String>], ctx: &Ctx) {
        let severity = if r.warn {
            Severity::Warning
        } else {
            Severity::Error
        };
        let mut envs = self.narrow(ctx.envs.as_ref(), r.scope.as_ref());
        let body_span = r.body.span;
        let compiled: Vec<(Check, Span, String)> = match &r.body.node {
            RuleBody::Parity {
                envs: names,
                mode,
                except,
                ..
            } => {
                if let Some(scope) = &r.scope {
                    self.error(
                        Diagnostic::error(
                            Code::ScopeNotAllowed,
                            "`parity` names its environments itself and takes no `in`",
                        )
                        .with_primary(scope.span.span, "remove this `in`")
                        .with_help("list the environments to compare after `parity`"),
                    );
                }
                let list = self.env_list(names);
                if let Some(outer) = &ctx.envs {
                    for name in names {
                        if self
                            .env_index(&name.node)
                            .is_some_and(|i| !outer.contains(&i))
                        {
                            self.error(
                                Diagnostic::error(
                                    Code::ScopeOutsideBlock,
                                    format!("`{}` is outside the enclosing block's environments", name.node),
                                )
                                .with_primary(name.span, "not in the enclosing block")
                                .with_help("move the `parity` statement out of the `in` block, or compare environments of the block"),
                            );
                        }
                    }
                }
                if names.len() < 2 {
                    self.error(
                        Diagnostic::error(
                            Code::ParityNeedsTwoEnvironments,
                            "`parity` needs at least two environments",
                        )
                        .with_primary(body_span, "compares nothing")
                        .with_help("name the environments to compare: `parity stage, prod;`"),
                    );
                    return;
                }
                if list.len() < names.len() {
                    return;
                }
                envs = Some(list.clone());
                let subject = names
                    .iter()
                    .map(|n| n.node.as_str())
                    .collect::<Vec<_>>()
                    .join("+");
                vec![(
                    Check::Parity {
                        envs: list,
                        values: *mode == ParityMode::Values,
                        except: except.iter().map(|k| k.node.clone()).collect(),
                    },
                    body_span,
                    subject,
                )]
            }
            RuleBody::DenyReference { to, categories } => {
                let Some(target) = self.resolve_env(to) else {
                    return;
                };
                let explicit = r.scope.is_some() || ctx.envs.is_some();
                if explicit && envs.as_ref().is_some_and(|l| l.contains(&target)) {
                    self.error(
                        Diagnostic::error(
                            Code::SelfReference,
                            format!("`deny reference to {}` is scoped to `{}` itself", to.node, to.node),
                        )
                        .with_primary(to.span, "the environment it is scoped to")
                        .with_help(
                            "an environment may always name its own domains and project; scope the rule to the others, such as `… in stage`",
                        ),
                    );
                    return;
                }
                let all: Vec<EnvIndex> = (0..self.contract.envs.len()).collect();
                let mut list = envs.unwrap_or(all);
                list.retain(|i| *i != target);
                if list.is_empty() {
                    self.error(
                        Diagnostic::error(
                            Code::SelfReference,
                            format!("`deny reference to {}` applies to no other environment", to.node),
                        )
                        .with_primary(to.span, "the only environment in scope")
                        .with_help("declare the environments that must not reference it, or scope the rule with `in`"),
                    );
                    return;
                }
                envs = Some(list);
                let mut cats: Vec<_> = categories.iter().map(|c| c.node).collect();
                cats.sort_unstable();
                cats.dedup();
                vec![(
                    Check::DenyReference {
                        to: target,
                        categories: cats,
                    },
                    to.span,
                    to.node.clone(),
                )]
            }
            body => match self.check(body, body_span) {
                Some(list) => list,
                None => return,
            },
        };
        let scope = match envs {
            None => EnvScope::All,
            Some(list) => EnvScope::Only(list),
        };
        let service_name = ctx
            .service
            .and_then(|i| self.contract.services.get(i))
            .map_or("*", |s| s.name.as_str())
            .to_owned();
        for (check, subject_span, subject) in compiled {
            let id = match &r.id {
                Some(id) => id.node.clone(),
                None if subject.is_empty() => format!("{}/{service_name}", check.kind().as_str()),
                None => format!("{}/{service_name}/{subject}", check.kind().as_str()),
            };
            self.contract.rules.push(Rule {
                id,
                check,
                severity,
                service: ctx.service,
                envs: scope.clone(),
                conditions: ctx.conditions.clone(),
                span,
                subject_span,
                docs: docs.iter().map(|d| d.node.clone()).collect(),
            });
        }
        if let Some(id) = &r.id {
            self.explicit_id(id, span);
        }
    }

    fn waiver(&mut self, w: &Waiver, span: Span, ctx: &Ctx) {
        let service = match &w.service {
            None => ctx.service,
            Some(name) => {
                let found = self
                    .contract
                    .services
                    .iter()
                    .position(|s| s.name == name.node);
                if found.is_none() {
                    let names: Vec<&str> = self
                        .contract
                        .services
                        .iter()
                        .map(|s| s.name.as_str())
                        .collect();
                    let help = match did_you_mean(&name.node, names.iter().copied()) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!(
                            "a waiver names a service of a `service` block; declare it with `service {} {{}}`",
                            name.node
                        ),
                    };
                    self.error(
                        Diagnostic::error(
                            Code::UnknownService,
                            format!("unknown service `{}`", name.node),
                        )
                        .with_primary(name.span, "no service block has this name")
                        .with_help(help),
                    );
                    return;
                }
                found
            }
        };
        let envs = match self.narrow(ctx.envs.as_ref(), w.scope.as_ref()) {
            None => EnvScope::All,
            Some(list) => EnvScope::Only(list),
        };
        let reason = w
            .reason
            .as_ref()
            .map(|r| r.node.trim().to_owned())
            .unwrap_or_default();
        if reason.is_empty() {
            let at = w.reason.as_ref().map_or(w.until.span, |r| r.span);
            self.error(
                Diagnostic::error(Code::WaiverWithoutReason, "waiver without a reason")
                    .with_primary(at, "say why the rule is waived")
                    .with_help("add `because \"…\"` with the reason and who agreed to it"),
            );
        }
        let until = date(&w.until, self.diagnostics).map(|d| Spanned::new(d, w.until.span));
        self.contract.waivers.push(WaiverDef {
            rule: w.rule.clone(),
            service,
            envs,
            until,
            reason,
            span,
        });
    }

    fn explicit_id(&mut self, id: &Spanned<String>, span: Span) {
        let clash = self
            .contract
            .rules
            .iter()
            .find(|rule| rule.id == id.node && rule.span != span)
            .map(|rule| rule.span);
        if let Some(first) = clash {
            self.error(
                Diagnostic::error(
                    Code::DuplicateRuleId,
                    format!("rule id `{}` is already used", id.node),
                )
                .with_primary(id.span, "used again here")
                .with_secondary(first, "first used here")
                .with_help("give each statement its own id"),
            );
        }
    }

    /// Compiles the bodies that need no environment resolution. Each result is a check,
    /// the span of its subject, and the subject part of its id.
    fn check(&mut self, body: &RuleBody, body_span: Span) -> Option<Vec<(Check, Span, String)>> {
        let one =
            |check: Check, span: Span, subject: &str| Some(vec![(check, span, subject.to_owned())]);
        match body {
            RuleBody::RequireKey { key, kind } => one(
                Check::RequireKey {
                    key: key.node.clone(),
                    kind: kind.as_ref().map(|k| k.node),
                },
                key.span,
                &key.node,
            ),
            RuleBody::ForbidKey { key } => one(
                Check::ForbidKey {
                    key: key.node.clone(),
                },
                key.span,
                &key.node,
            ),
            RuleBody::ExpectEq {
                key,
                negated,
                value,
            } => one(
                Check::ExpectValue {
                    key: key.node.clone(),
                    negated: *negated,
                    value: match value {
                        Expected::Literal(s) => ExpectedValue::Literal(s.node.clone()),
                        Expected::Project(_) => ExpectedValue::Project,
                    },
                },
                key.span,
                &key.node,
            ),
            RuleBody::ExpectMatches { key, each, pattern } => {
                let matcher = self.matcher(pattern)?;
                one(
                    Check::ExpectMatch {
                        key: key.node.clone(),
                        each: *each,
                        matcher,
                    },
                    key.span,
                    &key.node,
                )
            }
            RuleBody::ExpectOneOf { key, values } => one(
                Check::ExpectOneOf {
                    key: key.node.clone(),
                    values: values.iter().map(|v| v.node.clone()).collect(),
                },
                key.span,
                &key.node,
            ),
            RuleBody::ExpectShape { key, shapes } => one(
                Check::ExpectShape {
                    key: key.node.clone(),
                    shapes: shapes.iter().map(|s| s.node).collect(),
                },
                key.span,
                &key.node,
            ),
            RuleBody::ExpectSecretProject { key, project } => one(
                Check::ExpectSecretProject {
                    key: key.as_ref().map(|k| k.node.clone()),
                    project: project.node.clone(),
                },
                key.as_ref().map_or(project.span, |k| k.span),
                key.as_ref().map_or("", |k| k.node.as_str()),
            ),
            RuleBody::RequireAnnotation {
                template,
                name,
                value,
                or_absent,
            } => one(
                Check::RequireAnnotation {
                    template: *template,
                    name: name.node.clone(),
                    value: value.as_ref().map(|v| v.node.clone()),
                    or_absent: *or_absent,
                },
                name.span,
                &annotation_subject(*template, &name.node),
            ),
            RuleBody::ForbidAnnotation { template, name } => one(
                Check::ForbidAnnotation {
                    template: *template,
                    name: name.node.clone(),
                },
                name.span,
                &annotation_subject(*template, &name.node),
            ),
            RuleBody::RequireIngress { value } => {
                let Some(ingress) = Ingress::parse(&value.node) else {
                    let help = match did_you_mean(&value.node, INGRESS_VALUES) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => "Cloud Run's ingress settings are `all`, `internal` and `internal-and-cloud-load-balancing`".to_owned(),
                    };
                    self.error(
                        Diagnostic::error(
                            Code::InvalidIngress,
                            format!("`{}` is not a Cloud Run ingress setting", value.node),
                        )
                        .with_primary(value.span, "unknown ingress")
                        .with_help(help),
                    );
                    return None;
                };
                one(Check::RequireIngress { ingress }, value.span, "")
            }
            RuleBody::DenyInvoker { members } => {
                let mut out = Vec::new();
                for m in members {
                    if let Some(member) = self.member(m, false) {
                        out.push((
                            Check::DenyInvoker {
                                member: member.clone(),
                            },
                            m.span,
                            member,
                        ));
                    }
                }
                (out.len() == members.len()).then_some(out)
            }
            RuleBody::AllowHumanInvokers { members } => {
                let list: Vec<String> = members
                    .iter()
                    .filter_map(|m| self.member(m, true))
                    .collect();
                if list.len() < members.len() {
                    return None;
                }
                one(Check::AllowHumanInvokers { members: list }, body_span, "")
            }
            RuleBody::RequireRole { role, account } => one(
                Check::RequireRole {
                    role: role.node.clone(),
                    account: match account {
                        AccountRef::Key(k) => Account::Key(k.node.clone()),
                        AccountRef::Email(e) => Account::Email(e.node.clone()),
                    },
                },
                role.span,
                &role.node,
            ),
            RuleBody::ExpectDirectStatus { statuses } => {
                let mut list = Vec::new();
                for s in statuses {
                    match u16::try_from(s.node) {
                        Ok(code) if (100..=599).contains(&code) => list.push(code),
                        _ => self.error(
                            Diagnostic::error(
                                Code::InvalidStatus,
                                format!("`{}` is not an HTTP status", s.node),
                            )
                            .with_primary(s.span, "outside 100 to 599")
                            .with_help("a blocked direct URL usually answers 401, 403 or 404"),
                        ),
                    }
                }
                if list.len() < statuses.len() {
                    return None;
                }
                one(Check::ExpectDirectStatus { statuses: list }, body_span, "")
            }
            RuleBody::Parity { .. } | RuleBody::DenyReference { .. } => None,
        }
    }

    fn matcher(&mut self, pattern: &Pattern) -> Option<Matcher> {
        let (result, code, what) = match pattern {
            Pattern::Glob(s) => (Matcher::glob(&s.node), Code::InvalidGlob, "glob"),
            Pattern::Regex {
                source,
                case_insensitive,
            } => (
                Matcher::regex(&source.node, *case_insensitive),
                Code::InvalidRegex,
                "regular expression",
            ),
        };
        match result {
            Ok(m) => Some(m),
            Err(reason) => {
                let help = if code == Code::InvalidRegex {
                    "regular expressions use Rust `regex` syntax; write `\\/` for a slash"
                } else {
                    "`*` matches within a path segment, `**` across `/`, `?` one character, `[ab]` a set, `{a,b}` alternatives"
                };
                self.error(
                    Diagnostic::error(code, format!("invalid {what}: {reason}"))
                        .with_primary(pattern.span(), reason)
                        .with_help(help),
                );
                None
            }
        }
    }

    fn member(&mut self, m: &Spanned<Member>, human_only: bool) -> Option<String> {
        let text = m.node.as_iam();
        let valid = match &m.node {
            Member::AllUsers | Member::AllAuthenticatedUsers => !human_only,
            Member::Quoted(s) => {
                let prefixes: &[&str] = if human_only {
                    &HUMAN_PREFIXES
                } else {
                    &MEMBER_PREFIXES
                };
                prefixes
                    .iter()
                    .any(|p| s.strip_prefix(p).is_some_and(|rest| !rest.is_empty()))
                    || (!human_only && matches!(s.as_str(), "allUsers" | "allAuthenticatedUsers"))
            }
        };
        if valid {
            return Some(text.to_owned());
        }
        let (message, help) = if human_only {
            (
                format!("`{text}` is not a person or group"),
                "`allow human invokers` takes `\"user:…\"`, `\"group:…\"` and `\"domain:…\"` members; service accounts are never limited by it".to_owned(),
            )
        } else {
            (
                format!("`{text}` is not an IAM member"),
                "write `allUsers`, `allAuthenticatedUsers`, or a quoted `\"user:…\"`, `\"group:…\"`, `\"serviceAccount:…\"`, `\"domain:…\"`, `\"principal:…\"` or `\"principalSet:…\"`".to_owned(),
            )
        };
        self.error(
            Diagnostic::error(Code::InvalidMember, message)
                .with_primary(m.span, "not a valid member here")
                .with_help(help),
        );
        None
    }
}

fn annotation_subject(template: bool, name: &str) -> String {
    if template {
        format!("template:{name}")
    } else {
        name.to_owned()
    }
}
