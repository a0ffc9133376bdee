//! `parity A, B [on keys|values [except …]]`: the same services, with the same keys of the
//! same kinds (and the same literal values), in each environment.

use std::collections::BTreeSet;

use super::{Checker, Verdict};
use crate::compile::{EnvIndex, Rule};
use crate::diagnostic::Code;
use crate::snapshot::{EnvValue, EnvVar, Environment, Service};
use crate::source::Span;

pub(super) fn check(
    c: &mut Checker<'_>,
    index: usize,
    rule: &Rule,
    envs: &[EnvIndex],
    values: bool,
    except: &[String],
) {
    let names: Vec<String> = envs
        .iter()
        .filter_map(|i| c.contract.envs.get(*i))
        .map(|e| e.name.clone())
        .collect();
    let Some((first, others)) = names.split_first() else {
        return;
    };
    for other in others {
        let (Some(left), Some(right)) = (c.snapshot.env(first), c.snapshot.env(other)) else {
            let missing = if c.snapshot.env(first).is_none() {
                first
            } else {
                other
            };
            c.push(
                index,
                rule,
                other,
                None,
                Verdict::unknown(
                    format!("there is no snapshot of `{missing}` to compare"),
                    format!("add a `{missing}` folder to --snapshots, or map one with `--env {missing}=PATH`"),
                    None,
                ),
            );
            continue;
        };
        let services: Vec<String> = match rule.service {
            Some(i) => vec![c.contract.services[i].deployed.clone()],
            None => left
                .services
                .iter()
                .chain(&right.services)
                .map(|s| s.name.node.to_string())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect(),
        };
        for svc in services {
            let verdict = match (left.service(&svc), right.service(&svc)) {
                (Some(x), Some(y)) => compare(c, (left, x), (right, y), values, except),
                (Some(x), None) => only_in(&svc, left, right, x),
                (None, Some(y)) => only_in(&svc, right, left, y),
                (None, None) => Verdict::Fail {
                    code: Code::MissingService,
                    message: format!(
                        "service `{svc}` is deployed in neither `{first}` nor `{other}`"
                    ),
                    help: Some("deploy it, or export it into both snapshot folders".to_owned()),
                    at: None,
                    related: Vec::new(),
                },
            };
            c.push(index, rule, other, Some(&svc), verdict);
        }
    }
}

fn only_in(svc: &str, here: &Environment, there: &Environment, s: &Service) -> Verdict {
    Verdict::fail(
        Code::ParityMismatch,
        format!(
            "service `{svc}` is deployed in `{}` but not in `{}`",
            here.name, there.name
        ),
        s.name.span,
        format!(
            "deploy `{svc}` to `{}` as well, or export it into `{}`",
            there.name, there.dir
        ),
    )
}

/// A difference: what it is, where, and the other environment's side.
type Difference = (String, Span, Option<(Span, String)>);

fn kind(v: &EnvVar) -> &'static str {
    if v.is_secret() {
        "a secret reference"
    } else {
        "a plain value"
    }
}

#[expect(
    clippy::many_single_char_names,
    reason = "a/b are the two environments, x/y their services, as in the messages"
)]
fn compare(
    c: &Checker<'_>,
    (a, x): (&Environment, &Service),
    (b, y): (&Environment, &Service),
    values: bool,
    except: &[String],
) -> Verdict {
    let keys: BTreeSet<&str> = x
        .env()
        .chain(y.env())
        .map(|v| v.name.node.as_str())
        .filter(|k| !except.iter().any(|e| e == k))
        .collect();
    let mut diffs: Vec<Difference> = Vec::new();
    for key in keys {
        match (x.var(key), y.var(key)) {
            (Some(vx), None) => diffs.push((
                format!("`{key}` is set in `{}` but not in `{}`", a.name, b.name),
                vx.name.span,
                None,
            )),
            (None, Some(vy)) => diffs.push((
                format!("`{key}` is set in `{}` but not in `{}`", b.name, a.name),
                vy.name.span,
                None,
            )),
            (Some(vx), Some(vy)) if vx.is_secret() != vy.is_secret() => diffs.push((
                format!(
                    "`{key}` is {} in `{}` but {} in `{}`",
                    kind(vx),
                    a.name,
                    kind(vy),
                    b.name
                ),
                vy.value_span(),
                Some((vx.value_span(), format!("{} in `{}`", kind(vx), a.name))),
            )),
            (Some(vx), Some(vy)) if values => match (vx.value(), vy.value()) {
                (EnvValue::Literal(lx), EnvValue::Literal(ly)) if lx.node != ly.node => {
                    let what = if c.redactor.hides_key(key)
                        || crate::diagnostic::redact::Redactor::hides_value(lx.node)
                        || crate::diagnostic::redact::Redactor::hides_value(ly.node)
                    {
                        format!(
                            "`{key}` has different values in `{}` and `{}` (values hidden)",
                            a.name, b.name
                        )
                    } else {
                        format!(
                            "`{key}` is {} in `{}` but {} in `{}`",
                            c.redactor.quoted(key, lx.node),
                            a.name,
                            c.redactor.quoted(key, ly.node),
                            b.name
                        )
                    };
                    diffs.push((
                        what,
                        ly.span,
                        Some((lx.span, format!("the value in `{}`", a.name))),
                    ));
                }
                (EnvValue::Secret(sx), EnvValue::Secret(sy))
                    if sx.secret != sy.secret || sx.version != sy.version =>
                {
                    diffs.push((
                        format!(
                            "`{key}` references another secret in `{}` than in `{}`",
                            b.name, a.name
                        ),
                        sy.name.span,
                        Some((sx.name.span, format!("the secret in `{}`", a.name))),
                    ));
                }
                _ => {}
            },
            _ => {}
        }
    }
    let svc = &y.name.node;
    let Some((first, at, related)) = diffs.first().cloned() else {
        let what = if values {
            "keys, kinds and values"
        } else {
            "keys and kinds"
        };
        return Verdict::Pass(format!(
            "`{svc}` has the same {what} in `{}` and `{}`",
            a.name, b.name
        ));
    };
    let more = match diffs.len() - 1 {
        0 => String::new(),
        1 => " (and 1 more difference)".to_owned(),
        n => format!(" (and {n} more differences)"),
    };
    Verdict::Fail {
        code: Code::ParityMismatch,
        message: format!("`{svc}` differs between `{}` and `{}`: {first}{more}", a.name, b.name),
        help: Some("make the key shape the same in both environments, or list the key after `except` if the difference is approved".to_owned()),
        at: Some(at),
        related: related.into_iter().collect(),
    }
}
