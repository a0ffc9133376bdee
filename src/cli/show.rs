//! `parity snapshot show DIR|FILE`: the normalized model, as the checker sees it, with
//! secret values redacted.

use std::fmt::Write as _;

use serde::Serialize;

use super::args::{ShowFormat, SnapshotShowArgs, SnapshotStatsArgs};
use super::snapshots;
use super::{Exit, Io};
use crate::diagnostic::redact::Redactor;
use crate::snapshot::{EnvValue, Environment, IamPolicy, Service};
use crate::source::SourceMap;

pub(super) fn run(args: &SnapshotShowArgs, io: &mut Io<'_>) -> Exit {
    let path = &args.path;
    let (name, dir) = if path.is_dir() {
        let name = path.file_name().map_or_else(
            || "snapshot".to_owned(),
            |n| n.to_string_lossy().into_owned(),
        );
        (name, path.clone())
    } else {
        // One file: read its folder, then keep only that file's content.
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| ".".into(), std::path::Path::to_path_buf);
        ("snapshot".to_owned(), dir)
    };
    let mut sources = SourceMap::new();
    let redactor = Redactor::default();
    let mut loaded = if path.is_dir() {
        snapshots::load(&mut sources, &[(name, dir)], &redactor)
    } else {
        snapshots::load_file(&mut sources, path, &redactor)
    };
    if !path.is_dir() {
        // A single file need not hold a service.
        loaded
            .diagnostics
            .retain(|d| d.code != crate::diagnostic::Code::EmptySnapshot);
    }
    if loaded.has_errors() {
        snapshots::print_diagnostics(io, &sources, &loaded);
        return Exit::Error;
    }
    let views: Vec<EnvView> = loaded
        .snapshot
        .envs
        .iter()
        .map(|e| EnvView::new(e, &sources, &redactor))
        .collect();
    match args.format {
        ShowFormat::Json => {
            let mut text = serde_json::to_string_pretty(&views).unwrap_or_default();
            text.push('\n');
            io.out(&text);
        }
        ShowFormat::Human => {
            for v in &views {
                io.out(&v.human());
            }
        }
    }
    Exit::Ok
}

#[derive(Serialize)]
struct VarView {
    name: String,
    kind: &'static str,
    /// The literal value (redacted when secret), or the secret resource.
    value: String,
    version: Option<String>,
    line: u32,
}

#[derive(Serialize)]
struct ServiceView {
    name: String,
    file: String,
    format: &'static str,
    project: Option<String>,
    region: Option<String>,
    service_account: Option<String>,
    ingress: Option<&'static str>,
    urls: Vec<String>,
    cloudsql: Vec<String>,
    env: Vec<VarView>,
    annotations: Vec<(String, String)>,
    template_annotations: Vec<(String, String)>,
    invokers: Option<Vec<String>>,
}

#[derive(Serialize)]
struct PolicyView {
    email: String,
    bindings: Vec<(String, Vec<String>)>,
}

#[derive(Serialize)]
struct EnvView {
    name: String,
    dir: String,
    services: Vec<ServiceView>,
    service_accounts: Vec<PolicyView>,
    probes: Option<Vec<(String, String)>>,
}

fn bindings(p: &IamPolicy) -> Vec<(String, Vec<String>)> {
    p.bindings
        .iter()
        .map(|b| {
            (
                b.role.node.to_string(),
                b.members.iter().map(|m| m.node.to_string()).collect(),
            )
        })
        .collect()
}

impl ServiceView {
    fn new(s: &Service, env: &Environment, sources: &SourceMap, redactor: &Redactor) -> Self {
        let annotations = |list: &[crate::snapshot::Annotation]| -> Vec<(String, String)> {
            list.iter()
                .map(|a| {
                    (
                        a.name.node.to_string(),
                        redactor.show(&a.name.node, a.value().node),
                    )
                })
                .collect()
        };
        ServiceView {
            name: s.name.node.to_string(),
            file: sources.get(s.file).name.clone(),
            format: s.format.as_str(),
            project: s.project.as_ref().map(|p| p.node.to_string()),
            region: s.region.as_ref().map(|p| p.node.to_string()),
            service_account: s.service_account.as_ref().map(|p| p.node.to_string()),
            ingress: s.ingress.as_ref().map(|i| i.node.as_str()),
            urls: s.urls.iter().map(|u| u.node.to_string()).collect(),
            cloudsql: s.cloudsql.iter().map(|u| u.node.to_string()).collect(),
            env: s
                .env()
                .map(|v| {
                    let line = sources.start(v.name.span).line;
                    match v.value() {
                        EnvValue::Literal(l) => VarView {
                            name: v.name.node.to_string(),
                            kind: "plain",
                            value: redactor.show(&v.name.node, l.node),
                            version: None,
                            line,
                        },
                        EnvValue::Secret(r) => VarView {
                            name: v.name.node.to_string(),
                            kind: "secret",
                            value: r.resource(),
                            version: r.version.as_ref().map(ToString::to_string),
                            line,
                        },
                    }
                })
                .collect(),
            annotations: annotations(&s.annotations),
            template_annotations: annotations(&s.template_annotations),
            invokers: env.service_policy(&s.name.node).map(|p| {
                p.members_of("roles/run.invoker")
                    .map(|m| m.node.to_string())
                    .collect()
            }),
        }
    }
}

impl EnvView {
    fn new(e: &Environment, sources: &SourceMap, redactor: &Redactor) -> Self {
        EnvView {
            name: e.name.clone(),
            dir: e.dir.clone(),
            services: e
                .services
                .iter()
                .map(|s| ServiceView::new(s, e, sources, redactor))
                .collect(),
            service_accounts: e
                .account_policies
                .iter()
                .map(|(email, p)| PolicyView {
                    email: email.clone(),
                    bindings: bindings(p),
                })
                .collect(),
            probes: e.probes.as_ref().map(|list| {
                list.iter()
                    .map(|p| {
                        let result = match (&p.status, &p.error) {
                            (Some(s), _) => s.node.to_string(),
                            (None, Some(e)) => format!("no status: {}", e.node),
                            (None, None) => "no status".to_owned(),
                        };
                        (p.service.node.to_string(), result)
                    })
                    .collect()
            }),
        }
    }

    fn human(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "environment `{}` ({})", self.name, self.dir);
        for s in &self.services {
            let _ = writeln!(out, "\nservice `{}` ({}, {})", s.name, s.format, s.file);
            let opt = |o: &Option<String>| o.clone().unwrap_or_else(|| "-".to_owned());
            let _ = writeln!(
                out,
                "  project: {}  region: {}",
                opt(&s.project),
                opt(&s.region)
            );
            let _ = writeln!(
                out,
                "  runtime service account: {}",
                opt(&s.service_account)
            );
            let _ = writeln!(out, "  ingress: {}", s.ingress.unwrap_or("-"));
            for u in &s.urls {
                let _ = writeln!(out, "  url: {u}");
            }
            for c in &s.cloudsql {
                let _ = writeln!(out, "  cloud sql: {c}");
            }
            let _ = writeln!(out, "  env:");
            for v in &s.env {
                match v.kind {
                    "secret" => {
                        let version = v.version.as_deref().unwrap_or("-");
                        let _ = writeln!(
                            out,
                            "    {} <- secret {} (version {version})",
                            v.name, v.value
                        );
                    }
                    _ if v.value == "(redacted)" => {
                        let _ = writeln!(out, "    {} = (redacted)", v.name);
                    }
                    _ => {
                        let _ = writeln!(out, "    {} = {:?}", v.name, v.value);
                    }
                }
            }
            for (title, list) in [
                ("annotations", &s.annotations),
                ("template annotations", &s.template_annotations),
            ] {
                if !list.is_empty() {
                    let _ = writeln!(out, "  {title}:");
                    for (k, v) in list {
                        let _ = writeln!(out, "    {k}: {v}");
                    }
                }
            }
            match &s.invokers {
                Some(list) => {
                    let _ = writeln!(
                        out,
                        "  invokers (roles/run.invoker): {}",
                        if list.is_empty() {
                            "none".to_owned()
                        } else {
                            list.join(", ")
                        }
                    );
                }
                None => {
                    let _ = writeln!(out, "  invokers: unknown (no {}.iam.json)", s.name);
                }
            }
        }
        for p in &self.service_accounts {
            let _ = writeln!(out, "\nservice account `{}`", p.email);
            for (role, members) in &p.bindings {
                let _ = writeln!(out, "  {role}: {}", members.join(", "));
            }
        }
        if let Some(probes) = &self.probes {
            let _ = writeln!(out, "\nprobes:");
            for (svc, result) in probes {
                let _ = writeln!(out, "  {svc}: {result}");
            }
        }
        out
    }
}

/// `parity snapshot stats DIR`: read every environment folder as `check` does, print the
/// counts.
pub(super) fn stats(args: &SnapshotStatsArgs, io: &mut Io<'_>) -> Exit {
    let dirs = match snapshots::env_dirs(Some(&args.snapshots), &[]) {
        Ok(d) => d,
        Err(message) => {
            io.err(&format!("error: {message}\n"));
            return Exit::Error;
        }
    };
    let mut sources = SourceMap::new();
    let loaded = snapshots::load(&mut sources, &dirs, &Redactor::default());
    if loaded.has_errors() {
        snapshots::print_diagnostics(io, &sources, &loaded);
        return Exit::Error;
    }
    let bytes: usize = loaded.files.iter().map(|f| sources.get(*f).len()).sum();
    let mut out = String::new();
    for env in &loaded.snapshot.envs {
        let vars: usize = env.services.iter().map(|s| s.env().count()).sum();
        let _ = writeln!(
            out,
            "{}: {} services, {} env vars, {} service policies, {} files",
            env.name,
            env.services.len(),
            vars,
            env.service_policies.len(),
            env.files.len()
        );
    }
    let _ = writeln!(out, "total: {} files, {bytes} bytes", loaded.files.len());
    io.out(&out);
    Exit::Ok
}
