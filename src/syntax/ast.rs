//! The syntax tree of one contract file, as written (nothing resolved yet).
//!
//! INVARIANT: spans never take part in `==` (see [`Spanned`]), so the formatter's output
//! must lower to a tree equal to its input's.

use crate::source::{Span, Spanned};

pub type Ident = Spanned<String>;

/// One parsed file.
#[derive(Clone, Debug, PartialEq)]
pub struct Ast {
    pub items: Vec<Item>,
    /// `##` comments at the end of the file that no statement follows.
    pub dangling_docs: Vec<Spanned<String>>,
}

/// A statement with its doc comments.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub docs: Vec<Spanned<String>>,
    pub stmt: Spanned<Stmt>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Stmt {
    Contract(ContractDecl),
    Env(EnvDecl),
    Use(Spanned<String>),
    Service(ServiceBlock),
    Scope(ScopeBlock),
    When(WhenBlock),
    Waive(Waiver),
    Rule(RuleStmt),
    /// A statement that did not parse; its diagnostic was already reported.
    Error,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ContractDecl {
    pub title: Spanned<String>,
    pub props: Vec<Spanned<ContractProp>>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ContractProp {
    Updated(Spanned<String>),
    Owner(Spanned<String>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct EnvDecl {
    pub name: Ident,
    pub props: Vec<Spanned<EnvProp>>,
    /// `env x;` rather than `env x { … }`.
    pub short: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum EnvProp {
    Project(Spanned<String>),
    Number(Spanned<u64>),
    Region(Vec<Spanned<String>>),
    Domain(Vec<Spanned<String>>),
}

/// `{ … }` with its items.
#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    pub items: Vec<Item>,
    pub dangling_docs: Vec<Spanned<String>>,
    /// The closing `}`.
    pub end: Spanned<()>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ServiceBlock {
    pub name: Ident,
    pub named: Option<Spanned<String>>,
    pub scope: Option<Scope>,
    pub body: Block,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ScopeBlock {
    pub scope: Scope,
    pub body: Block,
}

#[derive(Clone, Debug, PartialEq)]
pub struct WhenBlock {
    pub key: Ident,
    pub shapes: Vec<Spanned<Shape>>,
    pub body: Block,
}

/// `in ENV, …`
#[derive(Clone, Debug, PartialEq)]
pub struct Scope {
    pub envs: Vec<Ident>,
    pub span: Spanned<()>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Waiver {
    pub rule: Spanned<String>,
    pub service: Option<Ident>,
    pub scope: Option<Scope>,
    pub until: Spanned<String>,
    pub reason: Option<Spanned<String>>,
}

/// `[rule ID:] [warn] BODY [in ENV…];`
#[derive(Clone, Debug, PartialEq)]
pub struct RuleStmt {
    pub id: Option<Spanned<String>>,
    pub warn: bool,
    pub body: Spanned<RuleBody>,
    pub scope: Option<Scope>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyKind {
    Secret,
    Plain,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ParityMode {
    Keys,
    Values,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RefCategory {
    Domains,
    Databases,
    Secrets,
    Projects,
}

impl RefCategory {
    pub const ALL: [RefCategory; 4] = [
        RefCategory::Domains,
        RefCategory::Databases,
        RefCategory::Secrets,
        RefCategory::Projects,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RefCategory::Domains => "domains",
            RefCategory::Databases => "databases",
            RefCategory::Secrets => "secrets",
            RefCategory::Projects => "projects",
        }
    }
}

/// A value shape for `expect K is …` and `when K is …`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Shape {
    Url,
    HttpsUrl,
    Host,
    Email,
    ServiceAccountEmail,
    ServiceAccountJson,
    Json,
    Int,
    Bool,
}

impl Shape {
    pub const ALL: [Shape; 9] = [
        Shape::Url,
        Shape::HttpsUrl,
        Shape::Host,
        Shape::Email,
        Shape::ServiceAccountEmail,
        Shape::ServiceAccountJson,
        Shape::Json,
        Shape::Int,
        Shape::Bool,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Shape::Url => "url",
            Shape::HttpsUrl => "https_url",
            Shape::Host => "host",
            Shape::Email => "email",
            Shape::ServiceAccountEmail => "service_account_email",
            Shape::ServiceAccountJson => "service_account_json",
            Shape::Json => "json",
            Shape::Int => "int",
            Shape::Bool => "bool",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Pattern {
    /// A glob in a string: `"https://*.run.app"`.
    Glob(Spanned<String>),
    /// `/source/flags` as written (`\/` not yet unescaped).
    Regex {
        source: Spanned<String>,
        case_insensitive: bool,
    },
}

impl Pattern {
    pub fn span(&self) -> Span {
        match self {
            Pattern::Glob(s) | Pattern::Regex { source: s, .. } => s.span,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Expected {
    Literal(Spanned<String>),
    Project(Spanned<()>),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Member {
    AllUsers,
    AllAuthenticatedUsers,
    Quoted(String),
}

impl Member {
    /// The member as IAM writes it.
    pub fn as_iam(&self) -> &str {
        match self {
            Member::AllUsers => "allUsers",
            Member::AllAuthenticatedUsers => "allAuthenticatedUsers",
            Member::Quoted(s) => s,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum AccountRef {
    Key(Ident),
    Email(Spanned<String>),
}

#[derive(Clone, Debug, PartialEq)]
pub enum RuleBody {
    RequireKey {
        key: Ident,
        kind: Option<Spanned<KeyKind>>,
    },
    ForbidKey {
        key: Ident,
    },
    Parity {
        envs: Vec<Ident>,
        mode: ParityMode,
        except: Vec<Ident>,
        /// Whether `on keys|values` was written (kept for the formatter).
        explicit_mode: bool,
    },
    DenyReference {
        to: Ident,
        categories: Vec<Spanned<RefCategory>>,
    },
    ExpectEq {
        key: Ident,
        negated: bool,
        value: Expected,
    },
    ExpectMatches {
        key: Ident,
        each: bool,
        pattern: Pattern,
    },
    ExpectOneOf {
        key: Ident,
        values: Vec<Spanned<String>>,
    },
    ExpectShape {
        key: Ident,
        shapes: Vec<Spanned<Shape>>,
    },
    ExpectSecretProject {
        key: Option<Ident>,
        project: Spanned<String>,
    },
    RequireAnnotation {
        template: bool,
        name: Spanned<String>,
        value: Option<Spanned<String>>,
        or_absent: bool,
    },
    ForbidAnnotation {
        template: bool,
        name: Spanned<String>,
    },
    RequireIngress {
        value: Spanned<String>,
    },
    DenyInvoker {
        members: Vec<Spanned<Member>>,
    },
    AllowHumanInvokers {
        members: Vec<Spanned<Member>>,
    },
    RequireRole {
        role: Spanned<String>,
        account: AccountRef,
    },
    ExpectDirectStatus {
        statuses: Vec<Spanned<u32>>,
    },
}
