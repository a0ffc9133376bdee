//! Statement kinds, with the documentation `parity explain KIND` prints
//! (`docs/kinds/KIND.md`).

macro_rules! kinds {
    ($enum:ident { $($variant:ident => $name:literal, $summary:literal;)* }) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $enum {
            $($variant,)*
        }

        impl $enum {
            pub const ALL: &'static [$enum] = &[$($enum::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($enum::$variant => $name,)*
                }
            }

            pub fn summary(self) -> &'static str {
                match self {
                    $($enum::$variant => $summary,)*
                }
            }

            pub fn doc(self) -> &'static str {
                match self {
                    $($enum::$variant => include_str!(concat!("../../docs/kinds/", $name, ".md")),)*
                }
            }
        }
    };
}

kinds!(RuleKind {
    RequireKey => "require-key", "a key is set, optionally as a secret reference or a plain value";
    ForbidKey => "forbid-key", "a key is not set";
    Parity => "parity", "environments have the same key shape (and optionally values) per service";
    DenyReference => "deny-reference", "an environment never names another environment's domains, databases, secrets or projects";
    ExpectValue => "expect-value", "a key's value equals (or differs from) a string or the project id";
    ExpectMatch => "expect-match", "a key's value matches a glob or a regular expression";
    ExpectEachMatch => "expect-each-match", "every item of a list value matches a glob or a regular expression";
    ExpectOneOf => "expect-one-of", "a key's value is one of the listed strings";
    ExpectShape => "expect-shape", "a key's value has a shape such as `url` or `service_account_email`";
    ExpectSecretProject => "expect-secret-project", "secret references resolve to a given project's Secret Manager";
    RequireAnnotation => "require-annotation", "a service or template annotation is set (to a value)";
    ForbidAnnotation => "forbid-annotation", "a service or template annotation is not set";
    RequireIngress => "require-ingress", "the service's ingress setting";
    DenyInvoker => "deny-invoker", "a member does not hold `roles/run.invoker`";
    AllowHumanInvokers => "allow-human-invokers", "the only people and groups that may invoke a service";
    RequireRole => "require-role", "the runtime service account holds a role on another service account";
    ExpectDirectStatus => "expect-direct-status", "the direct `*.run.app` URL answers one of the listed statuses";
});

kinds!(DeclarationKind {
    Contract => "contract", "the contract's title, date and owner";
    Env => "env", "an environment and its project, number, regions and domains";
    Service => "service", "rules for one Cloud Run service";
    Use => "use", "includes another contract file";
    Scope => "scope", "`in ENV, …`: limits statements to some environments";
    When => "when", "rules that apply only where a key's value has a shape";
    Warn => "warn", "a rule whose violations are warnings";
    Waive => "waive", "a reviewed, dated exception to a rule";
    RuleLabel => "rule", "`rule ID:` gives a rule an explicit id";
});
