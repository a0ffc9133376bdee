//! Who may invoke a service (`deny invoker`, `allow human invokers`) and what the runtime
//! service account may do (`require role … for runtime on service account …`).

use super::{Checker, Verdict, shapes};
use crate::compile::{Account, Check, Rule};
use crate::diagnostic::Code;
use crate::snapshot::{EnvValue, Environment, Service};
use crate::source::Span;

const INVOKER: &str = "roles/run.invoker";
const HUMAN: [&str; 3] = ["user:", "group:", "domain:"];

pub(super) fn check(c: &Checker<'_>, rule: &Rule, env: &Environment, s: &Service) -> Verdict {
    let svc = &s.name.node;
    match &rule.check {
        Check::DenyInvoker { member } => {
            let Some(policy) = env.service_policy(svc) else {
                return missing_policy(env, svc);
            };
            match policy.members_of(INVOKER).find(|m| m.node == *member) {
                Some(m) => Verdict::fail(
                    Code::PublicInvoker,
                    format!("`{member}` may invoke `{svc}` (`{INVOKER}`)"),
                    m.span,
                    format!(
                        "`gcloud run services remove-iam-policy-binding {svc} --member={member} --role={INVOKER}`"
                    ),
                ),
                None => Verdict::Pass(format!("`{member}` does not hold `{INVOKER}`")),
            }
        }
        Check::AllowHumanInvokers { members } => {
            let Some(policy) = env.service_policy(svc) else {
                return missing_policy(env, svc);
            };
            let stranger = policy.members_of(INVOKER).find(|m| {
                HUMAN.iter().any(|p| m.node.starts_with(p))
                    && !members.iter().any(|a| a.eq_ignore_ascii_case(&m.node))
            });
            match stranger {
                Some(m) => Verdict::fail(
                    Code::UnapprovedInvoker,
                    format!(
                        "`{}` may invoke `{svc}` but is not an allowed human invoker",
                        m.node
                    ),
                    m.span,
                    format!(
                        "remove the binding (`gcloud run services remove-iam-policy-binding {svc} --member={} --role={INVOKER}`) or add the member to the contract",
                        m.node
                    ),
                ),
                None => Verdict::Pass("every human invoker is allowed".to_owned()),
            }
        }
        Check::RequireRole { role, account } => require_role(c, env, s, role, account),
        _ => Verdict::Skip,
    }
}

fn missing_policy(env: &Environment, svc: &str) -> Verdict {
    Verdict::unknown(
        format!("there is no IAM policy of `{svc}` in `{}`", env.dir),
        format!(
            "export it: `gcloud run services get-iam-policy {svc} --format=json > {}/{svc}.iam.json`",
            env.dir
        ),
        None,
    )
}

fn require_role(
    c: &Checker<'_>,
    env: &Environment,
    s: &Service,
    role: &str,
    account: &Account,
) -> Verdict {
    let svc = &s.name.node;
    let runtime = match &s.service_account {
        Some(sa) => sa.node.to_string(),
        None => match s
            .project
            .as_ref()
            .filter(|p| p.node.bytes().all(|b| b.is_ascii_digit()))
        {
            Some(number) => format!("{}-compute@developer.gserviceaccount.com", number.node),
            None => {
                return Verdict::unknown(
                    format!("the runtime service account of `{svc}` is not known"),
                    "export the service with `--format=export` (it names `serviceAccountName`)",
                    None,
                );
            }
        },
    };
    let (target, at): (String, Option<Span>) = match account {
        Account::Email(e) => (e.clone(), None),
        Account::Key(key) => match s.var(key) {
            None => {
                return Verdict::fail(
                    Code::MissingRequiredKey,
                    format!("`{svc}` does not set `{key}`, which names the service account"),
                    s.name.span,
                    format!("set `{key}` to the service account's email"),
                );
            }
            Some(var) => match var.value() {
                EnvValue::Literal(v) if shapes::is_service_account_email(v.node) => {
                    (v.node.to_string(), Some(v.span))
                }
                EnvValue::Literal(v) => {
                    return Verdict::fail(
                        Code::UnexpectedValue,
                        format!(
                            "`{key}` is {}, not a service account email",
                            shapes::describe(v.node)
                        ),
                        v.span,
                        format!(
                            "set `{key}` to the email of the service account, such as `sender@PROJECT.iam.gserviceaccount.com`"
                        ),
                    );
                }
                EnvValue::Secret(secret) => match env
                    .shape_of(secret)
                    .or_else(|| c.projects.shape_of(env, secret))
                    .and_then(|r| r.email.clone())
                {
                    Some(email) => (email, Some(var.value_span())),
                    None => {
                        return Verdict::unknown(
                            format!(
                                "`{key}` is a secret reference; the service account it names is not recorded"
                            ),
                            "record it with `parity fetch --resolve-secret-shapes` (secret-shapes.json keeps the email, never a payload)",
                            Some(var.value_span()),
                        );
                    }
                },
            },
        },
    };
    let Some(policy) = env.account_policy(&target) else {
        return Verdict::unknown(
            format!(
                "there is no IAM policy of the service account `{target}` in `{}`",
                env.dir
            ),
            format!(
                "export it: `gcloud iam service-accounts get-iam-policy {target} --format=json > {}/service-accounts/{target}.iam.json`",
                env.dir
            ),
            at,
        );
    };
    let member = format!("serviceAccount:{runtime}");
    if policy
        .members_of(role)
        .any(|m| m.node.eq_ignore_ascii_case(&member))
    {
        return Verdict::Pass(format!("`{runtime}` holds `{role}` on `{target}`"));
    }
    let at = policy
        .bindings
        .iter()
        .find(|b| b.role.node == role)
        .map_or(Span::new(policy.file, 0..0), |b| b.role.span);
    Verdict::fail(
        Code::MissingRole,
        format!(
            "`{runtime}` (the runtime service account of `{svc}`) does not hold `{role}` on `{target}`"
        ),
        at,
        format!(
            "`gcloud iam service-accounts add-iam-policy-binding {target} --member={member} --role={role}`"
        ),
    )
}
