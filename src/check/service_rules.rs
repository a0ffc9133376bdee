//! Rules about one service's own configuration: keys and their kinds, values, shapes,
//! secret projects, annotations, ingress, and the recorded direct-URL probe.

use super::{Checker, Verdict, shapes};
use crate::compile::{Check, ExpectedValue, Ingress, Rule};
use crate::diagnostic::Code;
use crate::snapshot::{EnvValue, EnvVar, Environment, Format, Service};
use crate::source::Span;
use crate::syntax::ast::KeyKind;

pub(super) fn check(c: &Checker<'_>, rule: &Rule, env: &Environment, s: &Service) -> Verdict {
    let svc = &s.name.node;
    match &rule.check {
        Check::RequireKey { key, kind } => require_key(s, key, *kind),
        Check::ForbidKey { key } => match s.var(key) {
            Some(var) => Verdict::fail(
                Code::ForbiddenKey,
                format!("`{svc}` sets `{key}`, which the contract forbids"),
                var.name.span,
                format!("remove it: `gcloud run services update {svc} --remove-env-vars {key}`"),
            ),
            None => Verdict::Pass(format!("`{svc}` does not set `{key}`")),
        },
        Check::ExpectValue {
            key,
            negated,
            value,
        } => {
            let expected = match value {
                ExpectedValue::Literal(v) => v.clone(),
                ExpectedValue::Project => match c.projects.id(&env.name) {
                    Some(id) => id.to_owned(),
                    None => {
                        return Verdict::unknown(
                            format!("the project id of `{}` is not known", env.name),
                            format!("declare it: `env {} {{ project \"…\"; }}`", env.name),
                            s.var(key).map(EnvVar::value_span),
                        );
                    }
                },
            };
            with_literal(c, s, key, |value, span| {
                let equal = value == expected;
                if equal == *negated {
                    let shown = c.redactor.quoted(key, value);
                    // The expected value is the contract's own text, shown there anyway.
                    let want = format!("`{expected}`");
                    let message = if *negated {
                        format!("`{key}` is {shown}, which the contract rules out")
                    } else {
                        format!("`{key}` is {shown}, the contract expects {want}")
                    };
                    Verdict::fail(
                        Code::UnexpectedValue,
                        message,
                        span,
                        "set the value the contract expects, or change the contract if the value is right",
                    )
                } else {
                    Verdict::Pass(format!("`{key}` is as expected"))
                }
            })
        }
        Check::ExpectMatch { key, each, matcher } => with_literal(c, s, key, |value, span| {
            if *each {
                let items = shapes::list_items(value);
                if items.is_empty() {
                    return Verdict::fail(
                        Code::UnexpectedValue,
                        format!("`{key}` is empty, so no item matches `{}`", matcher.text()),
                        span,
                        "list the values, separated by commas or as a JSON array",
                    );
                }
                match items.iter().find(|i| !matcher.is_match(i)) {
                    None => Verdict::Pass(format!(
                        "every item of `{key}` matches `{}`",
                        matcher.text()
                    )),
                    Some(bad) => Verdict::fail(
                        Code::UnexpectedValue,
                        format!(
                            "`{key}` has the item {}, which does not match `{}`",
                            c.redactor.quoted(key, bad),
                            matcher.text()
                        ),
                        span,
                        "remove or correct that item",
                    ),
                }
            } else if matcher.is_match(value) {
                Verdict::Pass(format!("`{key}` matches `{}`", matcher.text()))
            } else {
                Verdict::fail(
                    Code::UnexpectedValue,
                    format!(
                        "`{key}` is {}, which does not match `{}`",
                        c.redactor.quoted(key, value),
                        matcher.text()
                    ),
                    span,
                    "set a value that matches, or change the pattern if the value is right",
                )
            }
        }),
        Check::ExpectOneOf { key, values } => with_literal(c, s, key, |value, span| {
            if values.iter().any(|v| v == value) {
                Verdict::Pass(format!("`{key}` is one of the allowed values"))
            } else {
                Verdict::fail(
                    Code::UnexpectedValue,
                    format!(
                        "`{key}` is {}, not one of `{}`",
                        c.redactor.quoted(key, value),
                        values.join("`, `")
                    ),
                    span,
                    "use one of the listed values",
                )
            }
        }),
        Check::ExpectShape {
            key,
            shapes: wanted,
        } => {
            let names: Vec<&str> = wanted.iter().map(|s| s.as_str()).collect();
            let names = names.join(" or ");
            let Some(var) = s.var(key) else {
                return Verdict::Pass(format!("`{key}` is not set; nothing to check"));
            };
            match var.value() {
                EnvValue::Literal(v) => {
                    if wanted.iter().any(|sh| shapes::has_shape(v.node, *sh)) {
                        Verdict::Pass(format!("`{key}` is {names}"))
                    } else {
                        Verdict::fail(
                            Code::UnexpectedValue,
                            format!("`{key}` is {}, not {names}", shapes::describe(v.node)),
                            v.span,
                            format!("set `{key}` to a value that is {names}"),
                        )
                    }
                }
                EnvValue::Secret(secret) => match env
                    .shape_of(secret)
                    .or_else(|| c.projects.shape_of(env, secret))
                    .and_then(|r| r.shape)
                {
                    Some(recorded) if wanted.contains(&recorded) => {
                        Verdict::Pass(format!("the secret of `{key}` is {names}"))
                    }
                    Some(recorded) => Verdict::fail(
                        Code::UnexpectedValue,
                        format!(
                            "the secret of `{key}` holds {}, not {names}",
                            recorded.as_str()
                        ),
                        var.value_span(),
                        format!(
                            "store a value that is {names} in the secret `{}`",
                            secret.secret
                        ),
                    ),
                    None => Verdict::unknown(
                        format!("`{key}` is a secret reference whose shape is not recorded"),
                        "record secret shapes with `parity fetch --resolve-secret-shapes` (secret-shapes.json); payloads are never stored",
                        Some(var.value_span()),
                    ),
                },
            }
        }
        Check::ExpectSecretProject { key, project } => {
            secret_project(c, s, key.as_deref(), project)
        }
        Check::RequireAnnotation {
            template,
            name,
            value,
            or_absent,
        } => {
            if s.format == Format::Dotenv {
                return no_annotations(s);
            }
            let what = if *template {
                "template annotation"
            } else {
                "annotation"
            };
            match (s.annotation(*template, name), value) {
                (None, _) if *or_absent => Verdict::Pass(format!("{what} `{name}` is absent")),
                (None, _) => Verdict::fail(
                    Code::AnnotationMismatch,
                    format!("`{svc}` has no {what} `{name}`"),
                    s.name.span,
                    format!("set it: `{name}: {}`", value.as_deref().unwrap_or("…")),
                ),
                (Some(_), None) => Verdict::Pass(format!("{what} `{name}` is set")),
                (Some(a), Some(want)) => {
                    if annotation_equal(a.value().node, want) {
                        Verdict::Pass(format!("{what} `{name}` is `{want}`"))
                    } else {
                        Verdict::fail(
                            Code::AnnotationMismatch,
                            format!(
                                "{what} `{name}` is {}, the contract requires `{want}`",
                                c.redactor.quoted(name, a.value().node)
                            ),
                            a.value().span,
                            annotation_help(s, name, want),
                        )
                    }
                }
            }
        }
        Check::ForbidAnnotation { template, name } => {
            if s.format == Format::Dotenv {
                return no_annotations(s);
            }
            match s.annotation(*template, name) {
                Some(a) => Verdict::fail(
                    Code::AnnotationMismatch,
                    format!("`{svc}` sets the forbidden annotation `{name}`"),
                    a.name.span,
                    "remove the annotation",
                ),
                None => Verdict::Pass(format!("`{name}` is not set")),
            }
        }
        Check::RequireIngress { ingress } => require_ingress(s, *ingress),
        Check::ExpectDirectStatus { statuses } => direct_status(env, s, statuses),
        Check::Parity { .. }
        | Check::DenyReference { .. }
        | Check::DenyInvoker { .. }
        | Check::AllowHumanInvokers { .. }
        | Check::RequireRole { .. } => Verdict::Skip,
    }
}

/// How to set an annotation: for a v2 file, the first-class field it comes from.
fn annotation_help(s: &Service, name: &str, want: &str) -> String {
    let field = match name {
        "run.googleapis.com/invoker-iam-disabled" => Some("invokerIamDisabled"),
        "run.googleapis.com/default-url-disabled" => Some("defaultUriDisabled"),
        "run.googleapis.com/iap-enabled" => Some("iapEnabled"),
        "run.googleapis.com/ingress" => Some("ingress"),
        _ => None,
    };
    match (s.format, field) {
        (Format::RunV2, Some(field)) => {
            format!("set `{field}` to `{want}` (the v2 field behind `{name}`)")
        }
        _ => format!("set `{name}: '{want}'`"),
    }
}

fn annotation_equal(actual: &str, wanted: &str) -> bool {
    let bools = ["true", "false"];
    if bools.iter().any(|b| b.eq_ignore_ascii_case(actual))
        && bools.iter().any(|b| b.eq_ignore_ascii_case(wanted))
    {
        actual.eq_ignore_ascii_case(wanted)
    } else {
        actual == wanted
    }
}

fn no_annotations(s: &Service) -> Verdict {
    Verdict::unknown(
        format!(
            "`{}` comes from a dotenv file, which holds no annotations",
            s.name.node
        ),
        "export the service (`gcloud run services describe SERVICE --format=export`) instead of, or beside, its .env file",
        None,
    )
}

fn require_key(s: &Service, key: &str, kind: Option<KeyKind>) -> Verdict {
    let svc = &s.name.node;
    let Some(var) = s.var(key) else {
        let how = match kind {
            Some(KeyKind::Secret) => format!("--update-secrets {key}=SECRET_ID:latest"),
            _ => format!("--update-env-vars {key}=VALUE"),
        };
        return Verdict::fail(
            Code::MissingRequiredKey,
            format!("`{svc}` does not set `{key}`"),
            s.name.span,
            format!("add it: `gcloud run services update {svc} {how}`"),
        );
    };
    match (kind, var.is_secret()) {
        (Some(KeyKind::Secret), false) => Verdict::fail(
            Code::WrongKeyKind,
            format!("`{key}` is a plain value; the contract requires a secret reference"),
            var.value_span(),
            format!(
                "store the value in Secret Manager and reference it: `gcloud run services update {svc} --update-secrets {key}=SECRET_ID:latest`"
            ),
        ),
        (Some(KeyKind::Plain), true) => Verdict::fail(
            Code::WrongKeyKind,
            format!("`{key}` is a secret reference; the contract requires a plain value"),
            var.value_span(),
            format!(
                "set it as a plain variable: `gcloud run services update {svc} --update-env-vars {key}=VALUE`"
            ),
        ),
        (Some(KeyKind::Secret), true) => Verdict::Pass(format!("`{key}` is a secret reference")),
        (Some(KeyKind::Plain), false) => Verdict::Pass(format!("`{key}` is a plain value")),
        (None, _) => Verdict::Pass(format!("`{key}` is set")),
    }
}

/// Runs `f` on the literal value of `key`; passes when the key is absent (`require key`
/// decides whether it must be set) and is unknown for a secret reference.
fn with_literal(
    c: &Checker<'_>,
    s: &Service,
    key: &str,
    f: impl FnOnce(&str, Span) -> Verdict,
) -> Verdict {
    let _ = c;
    match s.var(key) {
        None => Verdict::Pass(format!("`{key}` is not set; nothing to check")),
        Some(var) => match var.value() {
            EnvValue::Literal(v) => f(v.node, v.span),
            EnvValue::Secret(_) => Verdict::unknown(
                format!("`{key}` is a secret reference; its value is never read"),
                "check secret values where they are stored, or make the key plain if it is not secret",
                Some(var.value_span()),
            ),
        },
    }
}

fn secret_project(c: &Checker<'_>, s: &Service, key: Option<&str>, project: &str) -> Verdict {
    let vars: Vec<&EnvVar> = match key {
        Some(k) => match s.var(k) {
            None => return Verdict::Pass(format!("`{k}` is not set; nothing to check")),
            Some(var) if !var.is_secret() => {
                return Verdict::fail(
                    Code::WrongKeyKind,
                    format!("`{k}` is a plain value, not a secret from project `{project}`"),
                    var.value_span(),
                    format!("store it in Secret Manager in `{project}` and reference it"),
                );
            }
            Some(var) => vec![var],
        },
        None => s.env().filter(|v| v.is_secret()).collect(),
    };
    let mut unknown = None;
    for var in &vars {
        let EnvValue::Secret(secret) = var.value() else {
            continue;
        };
        match secret
            .project
            .as_deref()
            .map(|p| (p, c.projects.same(p, project)))
        {
            Some((_, Some(true))) => {}
            Some((p, Some(false))) => {
                let owner = c
                    .projects
                    .env_of(p)
                    .map(|e| format!(" (the project of `{e}`)"))
                    .unwrap_or_default();
                return Verdict::fail(
                    Code::SecretFromWrongProject,
                    format!(
                        "`{}` references a secret in project `{p}`{owner}, not `{project}`",
                        var.name.node
                    ),
                    secret.name.span,
                    format!("create the secret in `{project}` and reference it there"),
                );
            }
            Some((p, None)) => {
                unknown.get_or_insert((
                    var,
                    format!(
                        "it is not known whether project `{p}` of `{}` is `{project}`",
                        var.name.node
                    ),
                ));
            }
            None => {
                unknown.get_or_insert((
                    var,
                    format!(
                        "the project of the secret of `{}` is not known",
                        var.name.node
                    ),
                ));
            }
        }
    }
    match unknown {
        Some((var, message)) => Verdict::unknown(
            message,
            "declare the environments' projects with both `project \"ID\";` and `number N;` so ids and numbers can be matched",
            Some(var.value_span()),
        ),
        None => Verdict::Pass(format!("every secret reference resolves to `{project}`")),
    }
}

fn require_ingress(s: &Service, want: Ingress) -> Verdict {
    let svc = &s.name.node;
    if !s.knows_ingress {
        return Verdict::unknown(
            format!("the snapshot of `{svc}` does not say its ingress"),
            "export the service with `gcloud run services describe SERVICE --format=export`, or fetch it with `parity fetch`",
            None,
        );
    }
    match &s.ingress {
        Some(i) if i.node == want => Verdict::Pass(format!("ingress is `{}`", want.as_str())),
        Some(i) => Verdict::fail(
            Code::IngressMismatch,
            format!(
                "ingress of `{svc}` is `{}`, the contract requires `{}`",
                i.node.as_str(),
                want.as_str()
            ),
            i.span,
            format!(
                "`gcloud run services update {svc} --ingress {}`",
                want.as_str()
            ),
        ),
        None => {
            let raw = s
                .annotation(false, crate::snapshot::INGRESS_ANNOTATION)
                .map(|a| (a.value().node.clone(), a.value().span));
            match raw {
                Some((value, span)) => Verdict::fail(
                    Code::IngressMismatch,
                    format!(
                        "ingress of `{svc}` is `{value}`, the contract requires `{}`",
                        want.as_str()
                    ),
                    span,
                    format!(
                        "`gcloud run services update {svc} --ingress {}`",
                        want.as_str()
                    ),
                ),
                None => Verdict::unknown(
                    format!("the ingress of `{svc}` is not set in the snapshot"),
                    "fetch the service again once a revision is serving",
                    None,
                ),
            }
        }
    }
}

fn direct_status(env: &Environment, s: &Service, statuses: &[u16]) -> Verdict {
    let svc = &s.name.node;
    let list = statuses
        .iter()
        .map(u16::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let help = format!(
        "record probes with `parity fetch --env {} --probe` (probes.json)",
        env.name
    );
    if env.probes.is_none() {
        return Verdict::unknown(
            format!(
                "`{}` has no probes.json, so the direct URL of `{svc}` was not probed",
                env.dir
            ),
            help,
            None,
        );
    }
    let Some(probe) = env.probe(svc) else {
        return Verdict::unknown(format!("probes.json has no probe of `{svc}`"), help, None);
    };
    match (&probe.status, &probe.error) {
        (Some(status), _) if statuses.contains(&status.node) => {
            Verdict::Pass(format!("the direct URL answered {}", status.node))
        }
        (Some(status), _) => Verdict::fail(
            Code::DirectUrlReachable,
            format!(
                "the direct URL of `{svc}` answered {}, the contract allows only {list}",
                status.node
            ),
            status.span,
            "block direct access: set ingress to `internal-and-cloud-load-balancing` and require authentication",
        ),
        (None, error) => Verdict::unknown(
            format!(
                "the probe of `{svc}` got no status ({})",
                error
                    .as_ref()
                    .map_or("no reason recorded", |e| e.node.as_str())
            ),
            help,
            error.as_ref().map(|e| e.span),
        ),
    }
}
