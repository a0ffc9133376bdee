//! Lowering: pest pairs to the typed [`Ast`]. One function per grammar rule, named like
//! the rule.
//!
//! INVARIANT: this is the only module that walks pest `Pairs`, and the only code that may
//! panic on a grammar/lowering mismatch (through [`mismatch`]). It makes no semantic
//! checks: those belong to `compile`.

use pest::Parser;
use pest::iterators::Pair;

use super::ast::{
    AccountRef, Ast, Block, ContractDecl, ContractProp, EnvDecl, EnvProp, Expected, Ident, Item,
    KeyKind, Member, ParityMode, Pattern, RefCategory, RuleBody, RuleStmt, Scope, ScopeBlock,
    ServiceBlock, Shape, Stmt, Waiver, WhenBlock,
};
use super::grammar::{ParityParser, Rule, is_keyword};
use super::syntax_error;
use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Span, Spanned};

/// An ordinary `#` comment, kept for the formatter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    pub span: Span,
    pub text: String,
}

/// The result of parsing one file: the tree (with `Stmt::Error` where a statement did not
/// parse), the ordinary comments, and the syntax diagnostics.
#[derive(Debug)]
pub struct Parsed {
    pub ast: Ast,
    pub comments: Vec<Comment>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses one contract file. Never fails: syntax errors become diagnostics, and every
/// statement that parses is in the tree.
pub fn parse(file: FileId, text: &str) -> Parsed {
    let mut lower = Lower {
        file,
        text,
        diagnostics: Vec::new(),
    };
    match ParityParser::parse(Rule::file, text) {
        Ok(mut pairs) => {
            let Some(root) = pairs.next() else {
                mismatch("file produced no pair")
            };
            let comments = root
                .clone()
                .into_inner()
                .flatten()
                .filter(|p| p.as_rule() == Rule::COMMENT)
                .map(|p| Comment {
                    span: lower.span(&p),
                    text: p.as_str().trim_end().to_owned(),
                })
                .collect();
            let ast = lower.file(root);
            Parsed {
                ast,
                comments,
                diagnostics: lower.diagnostics,
            }
        }
        Err(error) => {
            // Recovery makes this rare (a parser limit, an unbalanced brace at the end).
            lower
                .diagnostics
                .push(syntax_error::from_pest(file, text, 0, &error));
            Parsed {
                ast: Ast {
                    items: Vec::new(),
                    dangling_docs: Vec::new(),
                },
                comments: Vec::new(),
                diagnostics: lower.diagnostics,
            }
        }
    }
}

/// Reports a disagreement between the grammar and this lowering: a bug, never bad input.
fn mismatch(what: &str) -> ! {
    panic!("grammar/parity.pest and src/syntax/lower.rs disagree: {what}")
}

struct Lower<'t> {
    file: FileId,
    text: &'t str,
    diagnostics: Vec<Diagnostic>,
}

/// The pairs under `pair` that carry meaning: comments and keywords are skipped.
fn children(pair: Pair<'_, Rule>) -> impl Iterator<Item = Pair<'_, Rule>> {
    pair.into_inner()
        .filter(|p| p.as_rule() != Rule::COMMENT && !is_keyword(p.as_rule()))
}

/// The next meaningful child, which the grammar guarantees.
fn next<'i>(it: &mut impl Iterator<Item = Pair<'i, Rule>>, rule: Rule) -> Pair<'i, Rule> {
    match it.next() {
        Some(p) if p.as_rule() == rule => p,
        Some(p) => mismatch(&format!("expected {rule:?}, found {:?}", p.as_rule())),
        None => mismatch(&format!("expected {rule:?}, found nothing")),
    }
}

/// The next child if it is of `rule`.
fn optional<'i>(
    it: &mut std::iter::Peekable<impl Iterator<Item = Pair<'i, Rule>>>,
    rule: Rule,
) -> Option<Pair<'i, Rule>> {
    it.next_if(|p| p.as_rule() == rule)
}

/// The single keyword inside a wrapper rule such as `key_kind` or `shape`.
fn inner_keyword(pair: Pair<'_, Rule>) -> Rule {
    match pair.into_inner().next() {
        Some(p) => p.as_rule(),
        None => mismatch("keyword wrapper without a keyword"),
    }
}

impl Lower<'_> {
    fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        let s = pair.as_span();
        Span::new(self.file, s.start()..s.end())
    }

    fn spanned<T>(&self, pair: &Pair<'_, Rule>, node: T) -> Spanned<T> {
        Spanned::new(node, self.span(pair))
    }

    fn file(&mut self, pair: Pair<'_, Rule>) -> Ast {
        let mut items = Vec::new();
        let mut dangling_docs = Vec::new();
        for p in children(pair) {
            match p.as_rule() {
                Rule::top_item => items.push(self.item(p)),
                Rule::recover_top => items.push(self.recover(&p)),
                Rule::dangling_docs => dangling_docs = self.dangling_docs(p),
                Rule::EOI => {}
                other => mismatch(&format!("unexpected {other:?} in file")),
            }
        }
        Ast {
            items,
            dangling_docs,
        }
    }

    fn dangling_docs(&self, pair: Pair<'_, Rule>) -> Vec<Spanned<String>> {
        children(pair).map(|p| self.doc_comment(&p)).collect()
    }

    fn doc_comment(&self, pair: &Pair<'_, Rule>) -> Spanned<String> {
        let text = pair.as_str().trim_end();
        let text = text.strip_prefix("##").unwrap_or(text);
        let text = text.strip_prefix(' ').unwrap_or(text);
        self.spanned(pair, text.to_owned())
    }

    /// `top_item` and `block_item`.
    fn item(&mut self, pair: Pair<'_, Rule>) -> Item {
        let mut docs = Vec::new();
        let mut stmt = None;
        for p in children(pair) {
            if p.as_rule() == Rule::doc_comment {
                docs.push(self.doc_comment(&p));
            } else {
                stmt = Some(self.statement(p));
            }
        }
        match stmt {
            Some(stmt) => Item { docs, stmt },
            None => mismatch("item without a statement"),
        }
    }

    fn recover(&mut self, pair: &Pair<'_, Rule>) -> Item {
        let start = pair.as_span().start();
        self.diagnostics.extend(syntax_error::from_recovered(
            self.file,
            self.text,
            start,
            pair.as_str(),
        ));
        Item {
            docs: Vec::new(),
            stmt: self.spanned(pair, Stmt::Error),
        }
    }

    fn statement(&mut self, pair: Pair<'_, Rule>) -> Spanned<Stmt> {
        let span = self.span(&pair);
        let stmt = match pair.as_rule() {
            Rule::contract_decl => Stmt::Contract(self.contract_decl(pair)),
            Rule::env_decl => Stmt::Env(self.env_decl(pair)),
            Rule::use_decl => Stmt::Use(self.use_decl(pair)),
            Rule::service_block => Stmt::Service(self.service_block(pair)),
            Rule::scope_block => Stmt::Scope(self.scope_block(pair)),
            Rule::when_block => Stmt::When(self.when_block(pair)),
            Rule::waiver => Stmt::Waive(self.waiver(pair)),
            Rule::rule_stmt => Stmt::Rule(self.rule_stmt(pair)),
            other => mismatch(&format!("unexpected statement {other:?}")),
        };
        Spanned::new(stmt, span)
    }

    fn contract_decl(&mut self, pair: Pair<'_, Rule>) -> ContractDecl {
        let mut it = children(pair);
        let title = self.string(next(&mut it, Rule::string));
        let mut props = Vec::new();
        if let Some(body) = it.next() {
            for p in children(body) {
                let span = self.span(&p);
                let prop = match p.as_rule() {
                    Rule::updated_prop => {
                        ContractProp::Updated(self.date(&next(&mut children(p), Rule::date)))
                    }
                    Rule::owner_prop => {
                        ContractProp::Owner(self.string(next(&mut children(p), Rule::string)))
                    }
                    other => mismatch(&format!("unexpected {other:?} in contract")),
                };
                props.push(Spanned::new(prop, span));
            }
        }
        ContractDecl { title, props }
    }

    fn env_decl(&mut self, pair: Pair<'_, Rule>) -> EnvDecl {
        let mut it = children(pair);
        let name = self.name(&next(&mut it, Rule::name));
        let mut props = Vec::new();
        let body = it.next();
        let short = body.is_none();
        if let Some(body) = body {
            for p in children(body) {
                let span = self.span(&p);
                let rule = p.as_rule();
                let mut inner = children(p);
                let prop = match rule {
                    Rule::project_prop => {
                        EnvProp::Project(self.string(next(&mut inner, Rule::string)))
                    }
                    Rule::number_prop => {
                        let n = next(&mut inner, Rule::integer);
                        EnvProp::Number(self.spanned(&n, Self::integer(&n)))
                    }
                    Rule::region_prop => {
                        EnvProp::Region(self.string_list(next(&mut inner, Rule::string_list)))
                    }
                    Rule::domain_prop => {
                        EnvProp::Domain(self.string_list(next(&mut inner, Rule::string_list)))
                    }
                    other => mismatch(&format!("unexpected {other:?} in env")),
                };
                props.push(Spanned::new(prop, span));
            }
        }
        EnvDecl { name, props, short }
    }

    fn use_decl(&mut self, pair: Pair<'_, Rule>) -> Spanned<String> {
        self.string(next(&mut children(pair), Rule::string))
    }

    fn service_block(&mut self, pair: Pair<'_, Rule>) -> ServiceBlock {
        let mut it = children(pair).peekable();
        let name = self.name(&next(&mut it, Rule::name));
        let named = optional(&mut it, Rule::named_clause)
            .map(|p| self.string(next(&mut children(p), Rule::string)));
        let scope = optional(&mut it, Rule::scope_suffix).map(|p| self.scope_suffix(p));
        let body = self.block(next(&mut it, Rule::block));
        ServiceBlock {
            name,
            named,
            scope,
            body,
        }
    }

    fn scope_block(&mut self, pair: Pair<'_, Rule>) -> ScopeBlock {
        let mut it = children(pair);
        let scope = self.scope_suffix(next(&mut it, Rule::scope_suffix));
        let body = self.block(next(&mut it, Rule::block));
        ScopeBlock { scope, body }
    }

    fn when_block(&mut self, pair: Pair<'_, Rule>) -> WhenBlock {
        let mut it = children(pair);
        let key = self.key(&next(&mut it, Rule::key));
        let shapes = self.shape_list(next(&mut it, Rule::shape_list));
        let body = self.block(next(&mut it, Rule::block));
        WhenBlock { key, shapes, body }
    }

    fn block(&mut self, pair: Pair<'_, Rule>) -> Block {
        let mut items = Vec::new();
        let mut dangling_docs = Vec::new();
        let mut end = None;
        for p in children(pair) {
            match p.as_rule() {
                Rule::block_item => items.push(self.item(p)),
                Rule::recover_block => items.push(self.recover(&p)),
                Rule::dangling_docs => dangling_docs = self.dangling_docs(p),
                Rule::block_end => end = Some(self.spanned(&p, ())),
                other => mismatch(&format!("unexpected {other:?} in block")),
            }
        }
        let Some(end) = end else {
            mismatch("block without its closing brace")
        };
        Block {
            items,
            dangling_docs,
            end,
        }
    }

    fn scope_suffix(&mut self, pair: Pair<'_, Rule>) -> Scope {
        let span = self.spanned(&pair, ());
        let envs = self.name_list(next(&mut children(pair), Rule::name_list));
        Scope { envs, span }
    }

    fn waiver(&mut self, pair: Pair<'_, Rule>) -> Waiver {
        let mut it = children(pair).peekable();
        let rule = self.rule_ref(next(&mut it, Rule::rule_ref));
        let service = optional(&mut it, Rule::waiver_service)
            .map(|p| self.name(&next(&mut children(p), Rule::name)));
        let scope = optional(&mut it, Rule::scope_suffix).map(|p| self.scope_suffix(p));
        let until = self.date(&next(&mut it, Rule::date));
        let reason = optional(&mut it, Rule::waiver_reason)
            .map(|p| self.string(next(&mut children(p), Rule::string)));
        Waiver {
            rule,
            service,
            scope,
            until,
            reason,
        }
    }

    fn rule_ref(&mut self, pair: Pair<'_, Rule>) -> Spanned<String> {
        match children(pair).next() {
            Some(p) if p.as_rule() == Rule::string => self.string(p),
            Some(p) if p.as_rule() == Rule::bare_rule_id => self.spanned(&p, p.as_str().to_owned()),
            _ => mismatch("rule id is neither a word nor a string"),
        }
    }

    fn rule_stmt(&mut self, pair: Pair<'_, Rule>) -> RuleStmt {
        let mut it = children(pair).peekable();
        let id = optional(&mut it, Rule::rule_label)
            .map(|p| self.rule_ref(next(&mut children(p), Rule::rule_ref)));
        let warn = optional(&mut it, Rule::warn_flag).is_some();
        let Some(body_pair) = it.next() else {
            mismatch("rule statement without a body")
        };
        let body = Spanned::new(self.rule_body(body_pair.clone()), self.span(&body_pair));
        let scope = optional(&mut it, Rule::scope_suffix).map(|p| self.scope_suffix(p));
        RuleStmt {
            id,
            warn,
            body,
            scope,
        }
    }

    fn rule_body(&mut self, pair: Pair<'_, Rule>) -> RuleBody {
        match pair.as_rule() {
            Rule::require_key => self.require_key(pair),
            Rule::forbid_key => RuleBody::ForbidKey {
                key: self.key(&next(&mut children(pair), Rule::key)),
            },
            Rule::parity_rule => self.parity_rule(pair),
            Rule::deny_reference => self.deny_reference(pair),
            Rule::deny_invoker => RuleBody::DenyInvoker {
                members: self.member_list(next(&mut children(pair), Rule::member_list)),
            },
            Rule::allow_invokers => RuleBody::AllowHumanInvokers {
                members: self.member_list(next(&mut children(pair), Rule::member_list)),
            },
            Rule::require_annotation => self.require_annotation(pair),
            Rule::forbid_annotation => self.forbid_annotation(pair),
            Rule::require_ingress => RuleBody::RequireIngress {
                value: self.string(next(&mut children(pair), Rule::string)),
            },
            Rule::require_role => self.require_role(pair),
            Rule::expect_secrets => RuleBody::ExpectSecretProject {
                key: None,
                project: self.string(next(&mut children(pair), Rule::string)),
            },
            Rule::expect_secret => {
                let mut it = children(pair);
                let key = self.key(&next(&mut it, Rule::key));
                let project = self.string(next(&mut it, Rule::string));
                RuleBody::ExpectSecretProject {
                    key: Some(key),
                    project,
                }
            }
            Rule::expect_direct => self.expect_direct(pair),
            Rule::expect_key => self.expect_key(pair),
            other => mismatch(&format!("unexpected rule body {other:?}")),
        }
    }

    fn require_key(&mut self, pair: Pair<'_, Rule>) -> RuleBody {
        let mut it = children(pair).peekable();
        let key = self.key(&next(&mut it, Rule::key));
        let kind = optional(&mut it, Rule::key_kind).map(|p| {
            let span = self.span(&p);
            let kind = match inner_keyword(p) {
                Rule::kw_secret => KeyKind::Secret,
                Rule::kw_plain => KeyKind::Plain,
                other => mismatch(&format!("unexpected key kind {other:?}")),
            };
            Spanned::new(kind, span)
        });
        RuleBody::RequireKey { key, kind }
    }

    fn parity_rule(&mut self, pair: Pair<'_, Rule>) -> RuleBody {
        let mut it = children(pair).peekable();
        let envs = self.name_list(next(&mut it, Rule::name_list));
        let mut mode = ParityMode::Keys;
        let mut except = Vec::new();
        let mut explicit_mode = false;
        if let Some(on) = optional(&mut it, Rule::parity_on) {
            explicit_mode = true;
            let mut inner = children(on).peekable();
            mode = match inner_keyword(next(&mut inner, Rule::parity_mode)) {
                Rule::kw_keys => ParityMode::Keys,
                Rule::kw_values => ParityMode::Values,
                other => mismatch(&format!("unexpected parity mode {other:?}")),
            };
            if let Some(ex) = optional(&mut inner, Rule::parity_except) {
                except = self.key_list(next(&mut children(ex), Rule::key_list));
            }
        }
        RuleBody::Parity {
            envs,
            mode,
            except,
            explicit_mode,
        }
    }

    fn deny_reference(&mut self, pair: Pair<'_, Rule>) -> RuleBody {
        let mut it = children(pair).peekable();
        let to = self.name(&next(&mut it, Rule::name));
        let categories = optional(&mut it, Rule::ref_categories)
            .map(|p| {
                children(p)
                    .map(|c| {
                        let span = self.span(&c);
                        let category = match inner_keyword(c) {
                            Rule::kw_domains => RefCategory::Domains,
                            Rule::kw_databases => RefCategory::Databases,
                            Rule::kw_secrets => RefCategory::Secrets,
                            Rule::kw_projects => RefCategory::Projects,
                            other => mismatch(&format!("unexpected category {other:?}")),
                        };
                        Spanned::new(category, span)
                    })
                    .collect()
            })
            .unwrap_or_default();
        RuleBody::DenyReference { to, categories }
    }

    fn require_annotation(&mut self, pair: Pair<'_, Rule>) -> RuleBody {
        let mut it = children(pair).peekable();
        let template = optional(&mut it, Rule::template_flag).is_some();
        let name = self.string(next(&mut it, Rule::string));
        let mut value = None;
        let mut or_absent = false;
        if let Some(v) = optional(&mut it, Rule::annotation_value) {
            let mut inner = children(v).peekable();
            value = Some(self.string(next(&mut inner, Rule::string)));
            or_absent = optional(&mut inner, Rule::absent_flag).is_some();
        }
        RuleBody::RequireAnnotation {
            template,
            name,
            value,
            or_absent,
        }
    }

    fn forbid_annotation(&mut self, pair: Pair<'_, Rule>) -> RuleBody {
        let mut it = children(pair).peekable();
        let template = optional(&mut it, Rule::template_flag).is_some();
        let name = self.string(next(&mut it, Rule::string));
        RuleBody::ForbidAnnotation { template, name }
    }

    fn require_role(&mut self, pair: Pair<'_, Rule>) -> RuleBody {
        let mut it = children(pair);
        let role = self.string(next(&mut it, Rule::string));
        let account_pair = next(&mut it, Rule::account_ref);
        let account = match children(account_pair).next() {
            Some(p) if p.as_rule() == Rule::key => AccountRef::Key(self.key(&p)),
            Some(p) if p.as_rule() == Rule::string => AccountRef::Email(self.string(p)),
            _ => mismatch("account reference is neither a key nor a string"),
        };
        RuleBody::RequireRole { role, account }
    }

    fn expect_direct(&mut self, pair: Pair<'_, Rule>) -> RuleBody {
        let list = next(&mut children(pair), Rule::status_list);
        let statuses = children(list)
            .map(|p| self.spanned(&p, u32::try_from(Self::integer(&p)).unwrap_or(u32::MAX)))
            .collect();
        RuleBody::ExpectDirectStatus { statuses }
    }

    fn expect_key(&mut self, pair: Pair<'_, Rule>) -> RuleBody {
        let mut it = children(pair);
        let key = self.key(&next(&mut it, Rule::key));
        let Some(exp) = it.next() else {
            mismatch("expect without an expectation")
        };
        let rule = exp.as_rule();
        let exp_span = self.span(&exp);
        let mut inner = children(exp);
        match rule {
            Rule::expect_eq | Rule::expect_ne => RuleBody::ExpectEq {
                key,
                negated: rule == Rule::expect_ne,
                value: Expected::Literal(self.string(next(&mut inner, Rule::string))),
            },
            Rule::expect_eq_project => RuleBody::ExpectEq {
                key,
                negated: false,
                value: Expected::Project(Spanned::new((), exp_span)),
            },
            Rule::expect_matches | Rule::expect_each => RuleBody::ExpectMatches {
                key,
                each: rule == Rule::expect_each,
                pattern: match inner.next() {
                    Some(p) => self.pattern(p),
                    None => mismatch("matches without a pattern"),
                },
            },
            Rule::expect_one_of => RuleBody::ExpectOneOf {
                key,
                values: self.string_list(next(&mut inner, Rule::string_list)),
            },
            Rule::expect_is => RuleBody::ExpectShape {
                key,
                shapes: self.shape_list(next(&mut inner, Rule::shape_list)),
            },
            other => mismatch(&format!("unexpected expectation {other:?}")),
        }
    }

    fn pattern(&mut self, pair: Pair<'_, Rule>) -> Pattern {
        match pair.as_rule() {
            Rule::string => Pattern::Glob(self.string(pair)),
            Rule::regex => {
                let mut it = children(pair);
                let body = next(&mut it, Rule::regex_body);
                let flags = next(&mut it, Rule::regex_flags);
                Pattern::Regex {
                    source: self.spanned(&body, body.as_str().to_owned()),
                    case_insensitive: flags.as_str() == "i",
                }
            }
            other => mismatch(&format!("unexpected pattern {other:?}")),
        }
    }

    fn shape_list(&mut self, pair: Pair<'_, Rule>) -> Vec<Spanned<Shape>> {
        children(pair)
            .map(|p| {
                let span = self.span(&p);
                let shape = match inner_keyword(p) {
                    Rule::kw_url => Shape::Url,
                    Rule::kw_https_url => Shape::HttpsUrl,
                    Rule::kw_host => Shape::Host,
                    Rule::kw_email => Shape::Email,
                    Rule::kw_service_account_email => Shape::ServiceAccountEmail,
                    Rule::kw_service_account_json => Shape::ServiceAccountJson,
                    Rule::kw_json => Shape::Json,
                    Rule::kw_int => Shape::Int,
                    Rule::kw_bool => Shape::Bool,
                    other => mismatch(&format!("unexpected shape {other:?}")),
                };
                Spanned::new(shape, span)
            })
            .collect()
    }

    fn member_list(&mut self, pair: Pair<'_, Rule>) -> Vec<Spanned<Member>> {
        children(pair)
            .map(|p| {
                let span = self.span(&p);
                let member = match children(p).next() {
                    Some(m) if m.as_rule() == Rule::well_known_member => match m.as_str() {
                        "allUsers" => Member::AllUsers,
                        _ => Member::AllAuthenticatedUsers,
                    },
                    Some(m) if m.as_rule() == Rule::string => Member::Quoted(self.string(m).node),
                    _ => mismatch("member is neither a word nor a string"),
                };
                Spanned::new(member, span)
            })
            .collect()
    }

    fn name_list(&mut self, pair: Pair<'_, Rule>) -> Vec<Ident> {
        children(pair).map(|p| self.name(&p)).collect()
    }

    fn key_list(&mut self, pair: Pair<'_, Rule>) -> Vec<Ident> {
        children(pair).map(|p| self.key(&p)).collect()
    }

    fn string_list(&mut self, pair: Pair<'_, Rule>) -> Vec<Spanned<String>> {
        children(pair).map(|p| self.string(p)).collect()
    }

    fn name(&self, pair: &Pair<'_, Rule>) -> Ident {
        self.spanned(pair, pair.as_str().to_owned())
    }

    fn key(&self, pair: &Pair<'_, Rule>) -> Ident {
        self.spanned(pair, pair.as_str().to_owned())
    }

    fn date(&self, pair: &Pair<'_, Rule>) -> Spanned<String> {
        self.spanned(pair, pair.as_str().to_owned())
    }

    fn integer(pair: &Pair<'_, Rule>) -> u64 {
        // The grammar allows at most eighteen digits, so this always fits.
        pair.as_str()
            .parse()
            .unwrap_or_else(|_| mismatch("integer is not a number"))
    }

    /// A string literal, unescaped. Its span covers the quotes.
    fn string(&self, pair: Pair<'_, Rule>) -> Spanned<String> {
        let span = self.span(&pair);
        let body = next(&mut children(pair), Rule::str_body);
        Spanned::new(unescape(body.as_str()), span)
    }
}

/// Decodes the escapes of a string body (the grammar allows only these four).
pub(crate) fn unescape(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}
