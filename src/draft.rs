//! `parity init`: a draft contract from what is deployed. Everything it writes holds for
//! the snapshots it was drafted from, so they check clean against it; comments mark what
//! was inferred, to be reviewed into what *must* hold.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use crate::snapshot::{EnvVar, Environment, Format, Snapshot};
use crate::syntax::quote;

const INVOKER: &str = "roles/run.invoker";
const HUMAN: [&str; 3] = ["user:", "group:", "domain:"];
const INVOKER_IAM_DISABLED: &str = "run.googleapis.com/invoker-iam-disabled";

/// Whether a name can be written bare in a contract (an environment or service name).
pub fn is_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

fn kind(v: &EnvVar) -> &'static str {
    if v.is_secret() { "secret" } else { "plain" }
}

/// The draft, unformatted (the caller formats and validates it).
pub fn draft(snapshot: &Snapshot, source: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Drafted by `parity init` from {source}.\n# Every rule below holds for those snapshots today: it describes what is deployed, not\n# what must be. Review each one, keep what the team agrees on, and tighten the rest.\n"
    );
    let _ = writeln!(out, "contract \"Runtime parity contract\";\n");
    for env in &snapshot.envs {
        let _ = writeln!(out, "{}", env_decl(env));
    }
    out.push('\n');
    let services: BTreeSet<&str> = snapshot
        .envs
        .iter()
        .flat_map(|e| e.services.iter().map(|s| s.name.node.as_str()))
        .collect();
    for svc in services {
        service_block(&mut out, snapshot, svc);
    }
    for env in &snapshot.envs {
        posture(&mut out, env);
    }
    out
}

fn env_decl(env: &Environment) -> String {
    let mut props = Vec::new();
    let projects: BTreeSet<&str> = env
        .services
        .iter()
        .filter_map(|s| s.project.as_ref().map(|p| p.node.as_str()))
        .collect();
    if let Some(id) = projects
        .iter()
        .find(|p| !p.bytes().all(|b| b.is_ascii_digit()))
    {
        props.push(format!("project {};", quote(id)));
    }
    if let Some(number) = projects
        .iter()
        .find(|p| p.bytes().all(|b| b.is_ascii_digit()) && p.len() <= 18)
    {
        props.push(format!("number {number};"));
    }
    let regions: BTreeSet<&str> = env
        .services
        .iter()
        .filter_map(|s| s.region.as_ref().map(|r| r.node.as_str()))
        .collect();
    if !regions.is_empty() {
        let list: Vec<String> = regions.iter().map(|r| quote(r)).collect();
        props.push(format!("region {};", list.join(", ")));
    }
    if props.is_empty() {
        format!("env {};", env.name)
    } else {
        format!(
            "env {} {{ {} }} # inferred from {}",
            env.name,
            props.join(" "),
            env.dir
        )
    }
}

/// Required keys (present with one kind in every environment that runs the service), and
/// parity between those environments with today's differences excepted.
fn service_block(out: &mut String, snapshot: &Snapshot, svc: &str) {
    let here: Vec<&Environment> = snapshot
        .envs
        .iter()
        .filter(|e| e.service(svc).is_some())
        .collect();
    let services: Vec<_> = here.iter().filter_map(|e| e.service(svc)).collect();
    let Some(first) = services.first() else {
        return;
    };
    let mut keys: Vec<&str> = first.env().map(|v| v.name.node.as_str()).collect();
    keys.sort_unstable();
    keys.dedup();
    let required: Vec<(&str, &str)> = keys
        .iter()
        .filter_map(|k| {
            let kinds: BTreeSet<&str> =
                services.iter().filter_map(|s| s.var(k).map(kind)).collect();
            let everywhere = services.iter().all(|s| s.var(k).is_some());
            (everywhere && kinds.len() == 1)
                .then(|| (*k, kinds.into_iter().next().unwrap_or("plain")))
        })
        .collect();
    let names: Vec<&str> = here.iter().map(|e| e.name.as_str()).collect();
    let _ = writeln!(out, "## `{svc}` runs in {}.", names.join(", "));
    let _ = writeln!(out, "service {svc} {{");
    let _ = writeln!(
        out,
        "  # inferred: set with the same kind in every environment that runs `{svc}`"
    );
    for (k, kind) in &required {
        let _ = writeln!(out, "  require key {k} {kind};");
    }
    if here.len() >= 2 {
        let mut differing: BTreeSet<&str> = BTreeSet::new();
        for s in &services[1..] {
            let all: BTreeSet<&str> = first
                .env()
                .chain(s.env())
                .map(|v| v.name.node.as_str())
                .collect();
            for k in all {
                match (first.var(k), s.var(k)) {
                    (Some(a), Some(b)) if a.is_secret() == b.is_secret() => {}
                    _ => {
                        differing.insert(k);
                    }
                }
            }
        }
        let mut line = format!("  parity {}", names.join(", "));
        if !differing.is_empty() {
            let list: Vec<&str> = differing.into_iter().collect();
            let _ = writeln!(
                out,
                "  # inferred: these keys differ in shape today; review whether they may"
            );
            let _ = write!(line, " on keys except {}", list.join(", "));
        }
        let _ = writeln!(out, "{line};");
    }
    let _ = writeln!(out, "}}\n");
}

/// The invoker posture and ingress each environment shows today.
fn posture(out: &mut String, env: &Environment) {
    let mut lines = Vec::new();
    let with_policy: Vec<_> = env
        .services
        .iter()
        .filter_map(|s| env.service_policy(&s.name.node).map(|p| (s, p)))
        .collect();
    if !with_policy.is_empty() && with_policy.len() == env.services.len() {
        for member in ["allUsers", "allAuthenticatedUsers"] {
            if !with_policy
                .iter()
                .any(|(_, p)| p.members_of(INVOKER).any(|m| m.node == member))
            {
                lines.push(format!("deny invoker {member};"));
            }
        }
        let humans: BTreeSet<String> = with_policy
            .iter()
            .flat_map(|(_, p)| p.members_of(INVOKER))
            .filter(|m| HUMAN.iter().any(|h| m.node.starts_with(h)))
            .map(|m| m.node.to_string())
            .collect();
        if !humans.is_empty() {
            let list: Vec<String> = humans.iter().map(|h| quote(h)).collect();
            lines.push(format!("allow human invokers {};", list.join(", ")));
        }
    }
    let knative: Vec<_> = env
        .services
        .iter()
        .filter(|s| s.format != Format::Dotenv)
        .collect();
    if !knative.is_empty()
        && knative.iter().all(|s| {
            s.annotation(false, INVOKER_IAM_DISABLED)
                .is_none_or(|a| a.value().node.eq_ignore_ascii_case("false"))
        })
    {
        lines.push(format!(
            "require annotation {} = \"false\" or absent;",
            quote(INVOKER_IAM_DISABLED)
        ));
    }
    let ingresses: BTreeSet<&str> = knative
        .iter()
        .map(|s| s.ingress.as_ref().map_or("?", |i| i.node.as_str()))
        .collect();
    if ingresses.len() == 1
        && let Some(i) = ingresses.first().filter(|i| **i != "?")
        && knative.iter().all(|s| s.knows_ingress)
    {
        lines.push(format!("require ingress {};", quote(i)));
    }
    if lines.is_empty() {
        return;
    }
    let _ = writeln!(out, "## Exposure of `{}` as deployed today.", env.name);
    let _ = writeln!(out, "in {} {{", env.name);
    let _ = writeln!(
        out,
        "  # inferred from the IAM policies and annotations in {}",
        env.dir
    );
    for line in lines {
        let _ = writeln!(out, "  {line}");
    }
    let _ = writeln!(out, "}}\n");
}
