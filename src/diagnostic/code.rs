//! Every diagnostic code, with its one-line summary and its documentation
//! (`docs/codes/CODE.md`, printed by `parity explain CODE`).

/// The step of the pipeline that reports a code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Phase {
    /// Reading a contract (syntax) or compiling it (meaning).
    Contract,
    /// Reading snapshot files.
    Snapshot,
    /// Checking a contract against snapshots: findings.
    Check,
}

macro_rules! codes {
    ($($phase:ident $variant:ident => $name:literal, $summary:literal;)*) => {
        /// A stable, kebab-case name for a kind of problem.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($variant,)*
        }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The code as users see it, e.g. `unknown-environment`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }

            /// One line saying what the code means.
            pub fn summary(self) -> &'static str {
                match self {
                    $(Code::$variant => $summary,)*
                }
            }

            pub fn phase(self) -> Phase {
                match self {
                    $(Code::$variant => Phase::$phase,)*
                }
            }

            /// The full documentation: what, why, example.
            pub fn doc(self) -> &'static str {
                match self {
                    $(Code::$variant => include_str!(concat!("../../docs/codes/", $name, ".md")),)*
                }
            }
        }
    };
}

codes! {
    Contract UnreadableFile => "unreadable-file", "an input file cannot be read";
    Contract SyntaxError => "syntax-error", "the text does not follow the contract grammar";
    Contract UnknownEnvironment => "unknown-environment", "a statement names an environment that is not declared";
    Contract UnknownService => "unknown-service", "a waiver names a service that no service block declares";
    Contract UnknownRuleId => "unknown-rule-id", "a waiver names a rule id that no rule has";
    Contract DuplicateEnvironment => "duplicate-environment", "an environment is declared twice";
    Contract DuplicateProperty => "duplicate-property", "a property is given twice in one declaration";
    Contract DuplicateRule => "duplicate-rule", "the same rule is stated twice for overlapping scopes";
    Contract ContradictoryRules => "contradictory-rules", "two rules for the same scope cannot both hold";
    Contract InvalidRegex => "invalid-regex", "a regular expression does not compile";
    Contract InvalidGlob => "invalid-glob", "a glob pattern is malformed";
    Contract InvalidDate => "invalid-date", "a date is not a calendar date";
    Contract WaiverWithoutReason => "waiver-without-reason", "a waiver does not say why";
    Contract ExpiredWaiver => "expired-waiver", "a waiver's `until` date has passed";
    Contract MissingInclude => "missing-include", "a `use` names a file that cannot be read";
    Contract IncludeCycle => "include-cycle", "contract files include each other in a cycle";
    Contract ParityNeedsTwoEnvironments => "parity-needs-two-environments", "a `parity` statement names fewer than two environments";
    Contract RepeatedName => "repeated-name", "the same environment is named twice in one list";
    Contract ScopeOutsideBlock => "scope-outside-block", "a nested `in` names an environment outside its block";
    Contract ScopeNotAllowed => "scope-not-allowed", "an `in` suffix on a statement that names its own environments";
    Contract InvalidMember => "invalid-member", "an IAM member is not of a known form";
    Contract InvalidIngress => "invalid-ingress", "an ingress setting Cloud Run does not have";
    Contract InvalidStatus => "invalid-status", "an HTTP status outside 100 to 599";
    Contract NestedService => "nested-service", "a service block inside a service or `when` block";
    Contract ConflictingServiceName => "conflicting-service-name", "blocks of one service give different deployed names";
    Contract SelfReference => "self-reference", "`deny reference` names the environment it is scoped to";
    Contract DanglingDocComment => "dangling-doc-comment", "a `##` doc comment with no statement after it";
    Contract DuplicateRuleId => "duplicate-rule-id", "two statements are given the same explicit rule id";
    Snapshot MalformedFile => "malformed-file", "a snapshot file is not valid YAML, JSON or dotenv";
    Snapshot UnrecognizedFile => "unrecognized-file", "a file in a snapshot folder is of no known kind";
    Snapshot UnrenderedTemplate => "unrendered-template", "a snapshot file still holds template placeholders";
    Snapshot UnexpectedField => "unexpected-field", "a field of a snapshot file has the wrong type or is missing";
    Snapshot ServiceWithoutContainers => "service-without-containers", "a service declares no containers";
    Snapshot EnvWithoutValue => "env-without-value", "an env entry has neither a value nor a secret reference";
    Snapshot DuplicateService => "duplicate-service", "the same service appears twice in one environment";
    Snapshot DuplicateKey => "duplicate-key", "a key appears twice in one JSON object or dotenv file";
    Snapshot EmptySnapshot => "empty-snapshot", "a snapshot folder holds no service";
    Snapshot UnusedSnapshot => "unused-snapshot", "a snapshot folder or IAM policy file that no rule reads";
    Check MissingRequiredKey => "missing-required-key", "a required key is not set";
    Check WrongKeyKind => "wrong-key-kind", "a key is plain where a secret reference is required, or the reverse";
    Check ForbiddenKey => "forbidden-key", "a forbidden key is set";
    Check MissingService => "missing-service", "a service the contract names is not deployed in an environment";
    Check ParityMismatch => "parity-mismatch", "environments differ in key shape or values";
    Check CrossEnvironmentReference => "cross-environment-reference", "a value names another environment's domain, database, secret or project";
    Check UnexpectedValue => "unexpected-value", "a value is not what the contract expects";
    Check SecretFromWrongProject => "secret-from-wrong-project", "a secret reference resolves to another project";
    Check AnnotationMismatch => "annotation-mismatch", "an annotation is missing, has another value, or is forbidden";
    Check IngressMismatch => "ingress-mismatch", "a service's ingress setting differs from the contract";
    Check PublicInvoker => "public-invoker", "a denied member (such as `allUsers`) may invoke a service";
    Check UnapprovedInvoker => "unapproved-invoker", "a person or group outside the allowed list may invoke a service";
    Check MissingRole => "missing-role", "the runtime service account lacks a required role";
    Check DirectUrlReachable => "direct-url-reachable", "a direct `*.run.app` URL answered a status the contract does not allow";
    Check MissingData => "missing-data", "the snapshots lack what a rule needs, so its outcome is unknown";
    Check UnusedWaiver => "unused-waiver", "a waiver matched no failing or unknown rule instance";
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
