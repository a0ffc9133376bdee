//! The canonical layout of a contract (`parity fmt`): two-space indentation, one statement
//! per line, single spaces between tokens, at most one blank line where the source had
//! one or more. Comments and doc comments stay where they were relative to statements.
//!
//! INVARIANT: the output lowers to an [`Ast`] equal to the input's, and formatting the
//! output again changes nothing (tested over every fixture).

use std::fmt::Write as _;

use super::ast::{
    AccountRef, Ast, Block, ContractDecl, ContractProp, EnvDecl, EnvProp, Expected, Item, KeyKind,
    Member, ParityMode, Pattern, RuleBody, RuleStmt, Scope, Shape, Stmt, Waiver,
};
use super::lower::Comment;
use crate::source::Spanned;

const INDENT: &str = "  ";
/// Declarations with properties stay on one line while they fit in this width.
const ONE_LINE_WIDTH: usize = 100;

/// Formats a file that parsed without syntax errors. `text` is the source the tree and
/// comments were read from (used only to keep blank lines).
pub fn format(ast: &Ast, comments: &[Comment], text: &str) -> String {
    let mut f = Formatter {
        out: String::new(),
        comments,
        next: 0,
        text,
        last_end: None,
    };
    f.items(&ast.items, &ast.dangling_docs, 0, text.len());
    f.comments_before(text.len() + 1, 0);
    let mut out = f.out;
    while out.ends_with("\n\n") {
        out.pop();
    }
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

struct Formatter<'a> {
    out: String,
    comments: &'a [Comment],
    next: usize,
    text: &'a str,
    /// End offset (in the source) of the last thing written; `None` at the start of a block.
    last_end: Option<usize>,
}

impl Formatter<'_> {
    /// Starts a new line for something that starts at `start` in the source, keeping one
    /// blank line if the source had any since the last thing written.
    fn line(&mut self, start: usize, depth: usize) {
        if let Some(end) = self.last_end {
            let gap = self.text.get(end..start).unwrap_or("");
            if gap.matches('\n').count() >= 2 {
                self.out.push('\n');
            }
        }
        for _ in 0..depth {
            self.out.push_str(INDENT);
        }
    }

    /// Writes every comment that starts before `offset`, each on its own line.
    fn comments_before(&mut self, offset: usize, depth: usize) {
        while let Some(c) = self.comments.get(self.next) {
            if c.span.start as usize >= offset {
                break;
            }
            self.line(c.span.start as usize, depth);
            self.out.push_str(&c.text);
            self.out.push('\n');
            self.last_end = Some(c.span.end as usize);
            self.next += 1;
        }
    }

    /// Ends the current line, with the comment that follows `end` on the same source line.
    fn end_line(&mut self, end: usize) {
        self.last_end = Some(end);
        if let Some(c) = self.comments.get(self.next) {
            let gap = self.text.get(end..c.span.start as usize).unwrap_or("\n");
            if gap.chars().all(|ch| ch == ' ' || ch == '\t') {
                self.out.push(' ');
                self.out.push_str(&c.text);
                self.last_end = Some(c.span.end as usize);
                self.next += 1;
            }
        }
        self.out.push('\n');
    }

    fn items(&mut self, items: &[Item], dangling: &[Spanned<String>], depth: usize, end: usize) {
        for item in items {
            self.item(item, depth);
        }
        for doc in dangling {
            self.comments_before(doc.span.start as usize, depth);
            self.line(doc.span.start as usize, depth);
            self.out.push_str(&doc_line(&doc.node));
            self.end_line(doc.span.end as usize);
        }
        self.comments_before(end, depth);
    }

    fn item(&mut self, item: &Item, depth: usize) {
        for doc in &item.docs {
            self.comments_before(doc.span.start as usize, depth);
            self.line(doc.span.start as usize, depth);
            self.out.push_str(&doc_line(&doc.node));
            self.end_line(doc.span.end as usize);
        }
        let span = item.stmt.span;
        let (start, end) = (span.start as usize, span.end as usize);
        match &item.stmt.node {
            Stmt::Service(s) => {
                let mut head = format!("service {}", s.name.node);
                if let Some(named) = &s.named {
                    let _ = write!(head, " named {}", quote(&named.node));
                }
                push_scope(&mut head, s.scope.as_ref());
                self.block(&head, &s.body, start, depth);
            }
            Stmt::Scope(s) => {
                let mut head = String::new();
                push_scope(&mut head, Some(&s.scope));
                self.block(head.trim_start(), &s.body, start, depth);
            }
            Stmt::When(w) => {
                let head = format!("when {} is {}", w.key.node, shapes(&w.shapes));
                self.block(&head, &w.body, start, depth);
            }
            Stmt::Env(e) if self.has_comment_in(start, end) => self.env_multiline(e, start, depth),
            Stmt::Contract(c) if self.has_comment_in(start, end) => {
                self.contract_multiline(c, start, depth);
            }
            other => {
                // Comments inside a one-line statement move before it.
                self.comments_before(end, depth);
                self.line(start, depth);
                let line = match other {
                    Stmt::Env(e) => env_line(e),
                    Stmt::Contract(c) => contract_line(c),
                    Stmt::Use(path) => format!("use {};", quote(&path.node)),
                    Stmt::Waive(w) => waiver_line(w),
                    Stmt::Rule(r) => rule_line(r),
                    // Files with syntax errors are not formatted; keep the text if asked.
                    _ => self.text.get(start..end).unwrap_or("").to_owned(),
                };
                if line.len() > ONE_LINE_WIDTH {
                    match other {
                        Stmt::Env(e) if !e.props.is_empty() => {
                            self.undo_line_start();
                            self.env_multiline(e, start, depth);
                            return;
                        }
                        Stmt::Contract(c) if !c.props.is_empty() => {
                            self.undo_line_start();
                            self.contract_multiline(c, start, depth);
                            return;
                        }
                        _ => {}
                    }
                }
                self.out.push_str(&line);
                self.end_line(end);
            }
        }
    }

    fn undo_line_start(&mut self) {
        while self.out.ends_with(INDENT) {
            self.out.truncate(self.out.len() - INDENT.len());
        }
        while self.out.ends_with("\n\n") {
            self.out.pop();
        }
    }

    fn has_comment_in(&self, start: usize, end: usize) -> bool {
        self.comments
            .get(self.next..)
            .unwrap_or_default()
            .iter()
            .any(|c| (c.span.start as usize) > start && (c.span.start as usize) < end)
    }

    fn block(&mut self, head: &str, body: &Block, start: usize, depth: usize) {
        self.comments_before(start, depth);
        self.line(start, depth);
        let end = body.end.span.start as usize;
        let empty = body.items.is_empty()
            && body.dangling_docs.is_empty()
            && !self.has_comment_in(start, end);
        if empty {
            let _ = write!(self.out, "{head} {{}}");
            self.end_line(body.end.span.end as usize);
            return;
        }
        let _ = write!(self.out, "{head} {{");
        // A comment on the header line stays there.
        let brace = self
            .text
            .get(start..end)
            .and_then(|s| s.find('{'))
            .map_or(start, |i| start + i + 1);
        self.end_line(brace);
        self.last_end = None;
        self.items(&body.items, &body.dangling_docs, depth + 1, end);
        for _ in 0..depth {
            self.out.push_str(INDENT);
        }
        self.out.push('}');
        self.end_line(body.end.span.end as usize);
    }

    fn env_multiline(&mut self, e: &EnvDecl, start: usize, depth: usize) {
        let props: Vec<(usize, usize, String)> = e
            .props
            .iter()
            .map(|p| {
                (
                    p.span.start as usize,
                    p.span.end as usize,
                    env_prop(&p.node),
                )
            })
            .collect();
        self.prop_block(&format!("env {}", e.name.node), &props, start, depth);
    }

    fn contract_multiline(&mut self, c: &ContractDecl, start: usize, depth: usize) {
        let props: Vec<(usize, usize, String)> = c
            .props
            .iter()
            .map(|p| {
                (
                    p.span.start as usize,
                    p.span.end as usize,
                    contract_prop(&p.node),
                )
            })
            .collect();
        self.prop_block(
            &format!("contract {}", quote(&c.title.node)),
            &props,
            start,
            depth,
        );
    }

    fn prop_block(
        &mut self,
        head: &str,
        props: &[(usize, usize, String)],
        start: usize,
        depth: usize,
    ) {
        self.comments_before(start, depth);
        self.line(start, depth);
        let _ = write!(self.out, "{head} {{");
        let brace = self
            .text
            .get(start..)
            .and_then(|s| s.find('{'))
            .map_or(start, |i| start + i + 1);
        self.end_line(brace);
        self.last_end = None;
        let mut end = brace;
        for (p_start, p_end, line) in props {
            self.comments_before(*p_start, depth + 1);
            self.line(*p_start, depth + 1);
            self.out.push_str(line);
            self.end_line(*p_end);
            end = *p_end;
        }
        let close = self
            .text
            .get(end..)
            .and_then(|s| s.find('}'))
            .map_or(end, |i| end + i);
        self.comments_before(close, depth + 1);
        for _ in 0..depth {
            self.out.push_str(INDENT);
        }
        self.out.push('}');
        self.end_line(close + 1);
    }
}

fn doc_line(text: &str) -> String {
    if text.is_empty() {
        "##".to_owned()
    } else {
        format!("## {text}")
    }
}

fn push_scope(out: &mut String, scope: Option<&Scope>) {
    if let Some(scope) = scope {
        let _ = write!(out, " in {}", idents(&scope.envs));
    }
}

fn idents(list: &[Spanned<String>]) -> String {
    list.iter()
        .map(|i| i.node.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn strings(list: &[Spanned<String>]) -> String {
    list.iter()
        .map(|s| quote(&s.node))
        .collect::<Vec<_>>()
        .join(", ")
}

fn shapes(list: &[Spanned<Shape>]) -> String {
    list.iter()
        .map(|s| s.node.as_str())
        .collect::<Vec<_>>()
        .join(" or ")
}

fn members(list: &[Spanned<Member>]) -> String {
    list.iter()
        .map(|m| match &m.node {
            Member::Quoted(s) => quote(s),
            other => other.as_iam().to_owned(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A string literal with the escapes the grammar knows.
pub(crate) fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            other => out.push(other),
        }
    }
    out.push('"');
    out
}

/// A rule id, bare when the grammar allows it.
fn rule_id(id: &str) -> String {
    let bare = !id.is_empty()
        && !id
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, ';' | ',' | '{' | '}' | '"' | '#'))
        && !id.ends_with(':');
    if bare { id.to_owned() } else { quote(id) }
}

fn env_prop(p: &EnvProp) -> String {
    match p {
        EnvProp::Project(s) => format!("project {};", quote(&s.node)),
        EnvProp::Number(n) => format!("number {};", n.node),
        EnvProp::Region(list) => format!("region {};", strings(list)),
        EnvProp::Domain(list) => format!("domain {};", strings(list)),
    }
}

fn contract_prop(p: &ContractProp) -> String {
    match p {
        ContractProp::Updated(d) => format!("updated {};", d.node),
        ContractProp::Owner(o) => format!("owner {};", quote(&o.node)),
    }
}

fn env_line(e: &EnvDecl) -> String {
    if e.short && e.props.is_empty() {
        return format!("env {};", e.name.node);
    }
    let props: Vec<String> = e.props.iter().map(|p| env_prop(&p.node)).collect();
    if props.is_empty() {
        format!("env {} {{}}", e.name.node)
    } else {
        format!("env {} {{ {} }}", e.name.node, props.join(" "))
    }
}

fn contract_line(c: &ContractDecl) -> String {
    let title = quote(&c.title.node);
    let props: Vec<String> = c.props.iter().map(|p| contract_prop(&p.node)).collect();
    if props.is_empty() {
        format!("contract {title};")
    } else {
        format!("contract {title} {{ {} }}", props.join(" "))
    }
}

fn waiver_line(w: &Waiver) -> String {
    let mut line = format!("waive {}", rule_id(&w.rule.node));
    if let Some(service) = &w.service {
        let _ = write!(line, " for service {}", service.node);
    }
    push_scope(&mut line, w.scope.as_ref());
    let _ = write!(line, " until {}", w.until.node);
    if let Some(reason) = &w.reason {
        let _ = write!(line, " because {}", quote(&reason.node));
    }
    line.push(';');
    line
}

fn rule_line(r: &RuleStmt) -> String {
    let mut line = String::new();
    if let Some(id) = &r.id {
        let _ = write!(line, "rule {}: ", rule_id(&id.node));
    }
    if r.warn {
        line.push_str("warn ");
    }
    line.push_str(&rule_body(&r.body.node));
    push_scope(&mut line, r.scope.as_ref());
    line.push(';');
    line
}

/// The canonical text of a rule body, without `;` (also used in hover and `doc`).
pub(crate) fn rule_body(body: &RuleBody) -> String {
    match body {
        RuleBody::RequireKey { key, kind } => {
            let kind = match kind.as_ref().map(|k| k.node) {
                Some(KeyKind::Secret) => " secret",
                Some(KeyKind::Plain) => " plain",
                None => "",
            };
            format!("require key {}{kind}", key.node)
        }
        RuleBody::ForbidKey { key } => format!("forbid key {}", key.node),
        RuleBody::Parity {
            envs,
            mode,
            except,
            explicit_mode,
        } => {
            let mut s = format!("parity {}", idents(envs));
            if *explicit_mode || !except.is_empty() {
                s.push_str(match mode {
                    ParityMode::Keys => " on keys",
                    ParityMode::Values => " on values",
                });
            }
            if !except.is_empty() {
                let _ = write!(s, " except {}", idents(except));
            }
            s
        }
        RuleBody::DenyReference { to, categories } => {
            let mut s = format!("deny reference to {}", to.node);
            if !categories.is_empty() {
                let list: Vec<&str> = categories.iter().map(|c| c.node.as_str()).collect();
                let _ = write!(s, " {}", list.join(", "));
            }
            s
        }
        RuleBody::ExpectEq {
            key,
            negated,
            value,
        } => {
            let op = if *negated { "!=" } else { "=" };
            let value = match value {
                Expected::Literal(s) => quote(&s.node),
                Expected::Project(_) => "project".to_owned(),
            };
            format!("expect {} {op} {value}", key.node)
        }
        RuleBody::ExpectMatches { key, each, pattern } => {
            let each = if *each { "each " } else { "" };
            format!(
                "expect {} {each}matches {}",
                key.node,
                pattern_text(pattern)
            )
        }
        RuleBody::ExpectOneOf { key, values } => {
            format!("expect {} one of {}", key.node, strings(values))
        }
        RuleBody::ExpectShape { key, shapes: list } => {
            format!("expect {} is {}", key.node, shapes(list))
        }
        RuleBody::ExpectSecretProject { key, project } => match key {
            None => format!("expect secrets from project {}", quote(&project.node)),
            Some(key) => format!(
                "expect secret {} from project {}",
                key.node,
                quote(&project.node)
            ),
        },
        RuleBody::RequireAnnotation {
            template,
            name,
            value,
            or_absent,
        } => {
            let template = if *template { "template " } else { "" };
            let mut s = format!("require {template}annotation {}", quote(&name.node));
            if let Some(value) = value {
                let _ = write!(s, " = {}", quote(&value.node));
                if *or_absent {
                    s.push_str(" or absent");
                }
            }
            s
        }
        RuleBody::ForbidAnnotation { template, name } => {
            let template = if *template { "template " } else { "" };
            format!("forbid {template}annotation {}", quote(&name.node))
        }
        RuleBody::RequireIngress { value } => format!("require ingress {}", quote(&value.node)),
        RuleBody::DenyInvoker { members: list } => format!("deny invoker {}", members(list)),
        RuleBody::AllowHumanInvokers { members: list } => {
            format!("allow human invokers {}", members(list))
        }
        RuleBody::RequireRole { role, account } => {
            let account = match account {
                AccountRef::Key(k) => k.node.clone(),
                AccountRef::Email(e) => quote(&e.node),
            };
            format!(
                "require role {} for runtime on service account {account}",
                quote(&role.node)
            )
        }
        RuleBody::ExpectDirectStatus { statuses } => {
            let list: Vec<String> = statuses.iter().map(|s| s.node.to_string()).collect();
            format!("expect direct url status {}", list.join(", "))
        }
    }
}

fn pattern_text(p: &Pattern) -> String {
    match p {
        Pattern::Glob(s) => quote(&s.node),
        Pattern::Regex {
            source,
            case_insensitive,
        } => format!(
            "/{}/{}",
            source.node,
            if *case_insensitive { "i" } else { "" }
        ),
    }
}
