//! Every diagnostic code, with its one-line summary and its documentation
//! (`docs/codes/CODE.md`, printed by `parity explain CODE`).

macro_rules! codes {
    ($($variant:ident => $name:literal, $summary:literal;)*) => {
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
    UnreadableFile => "unreadable-file", "an input file cannot be read";
    SyntaxError => "syntax-error", "the text does not follow the contract grammar";
    UnknownEnvironment => "unknown-environment", "a statement names an environment that is not declared";
    UnknownService => "unknown-service", "a waiver names a service that no service block declares";
    UnknownRuleId => "unknown-rule-id", "a waiver names a rule id that no rule has";
    DuplicateEnvironment => "duplicate-environment", "an environment is declared twice";
    DuplicateProperty => "duplicate-property", "a property is given twice in one declaration";
    DuplicateRule => "duplicate-rule", "the same rule is stated twice for overlapping scopes";
    ContradictoryRules => "contradictory-rules", "two rules for the same scope cannot both hold";
    InvalidRegex => "invalid-regex", "a regular expression does not compile";
    InvalidGlob => "invalid-glob", "a glob pattern is malformed";
    InvalidDate => "invalid-date", "a date is not a calendar date";
    WaiverWithoutReason => "waiver-without-reason", "a waiver does not say why";
    ExpiredWaiver => "expired-waiver", "a waiver's `until` date has passed";
    MissingInclude => "missing-include", "a `use` names a file that cannot be read";
    IncludeCycle => "include-cycle", "contract files include each other in a cycle";
    ParityNeedsTwoEnvironments => "parity-needs-two-environments", "a `parity` statement names fewer than two environments";
    RepeatedName => "repeated-name", "the same environment is named twice in one list";
    ScopeOutsideBlock => "scope-outside-block", "a nested `in` names an environment outside its block";
    ScopeNotAllowed => "scope-not-allowed", "an `in` suffix on a statement that names its own environments";
    InvalidMember => "invalid-member", "an IAM member is not of a known form";
    InvalidIngress => "invalid-ingress", "an ingress setting Cloud Run does not have";
    InvalidStatus => "invalid-status", "an HTTP status outside 100 to 599";
    NestedService => "nested-service", "a service block inside a service or `when` block";
    ConflictingServiceName => "conflicting-service-name", "blocks of one service give different deployed names";
    SelfReference => "self-reference", "`deny reference` names the environment it is scoped to";
    DanglingDocComment => "dangling-doc-comment", "a `##` doc comment with no statement after it";
    DuplicateRuleId => "duplicate-rule-id", "two statements are given the same explicit rule id";
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
