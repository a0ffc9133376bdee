//! Snapshot files to the normalized model: one reader per format (Knative YAML/JSON, Cloud
//! Run v2 JSON, IAM policies, dotenv, probes, secret shapes), a format-neutral tree with
//! spans in between, and the assembly of one environment's files.
//!
//! INVARIANT: no IO. The CLI walks folders and hands each file's text to [`read_file`].

mod dotenv;
mod extras;
mod iam;
mod json;
mod knative;
pub mod model;
mod read;
mod run_v2;
mod template;
pub mod tree;
mod yaml;

pub use model::{
    Annotation, Binding, Container, EnvValue, EnvVar, Environment, FileContent, Format, IamPolicy,
    Probe, SecretRef, SecretShape, Service, Snapshot,
};
pub use read::{FileRead, read_file};

/// The v1 annotation that holds the ingress setting.
pub const INGRESS_ANNOTATION: &str = knative::INGRESS;

use crate::diagnostic::{Code, Diagnostic};
use crate::source::FileId;

/// One file of an environment folder, read.
pub struct ReadFile {
    pub file: FileId,
    pub path: String,
    pub content: FileContent,
}

/// Puts one environment's files together, reporting services given twice and files that
/// name services the folder does not hold. `incomplete`: some file of the folder could
/// not be read (so an empty result is not worth a second error).
pub fn assemble(
    name: &str,
    dir: &str,
    files: Vec<ReadFile>,
    incomplete: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> Environment {
    let mut env = Environment {
        name: name.to_owned(),
        dir: dir.to_owned(),
        ..Environment::default()
    };
    let mut policies = Vec::new();
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for f in files {
        env.files.push(f.file);
        match f.content {
            FileContent::Services(list) => {
                for s in list {
                    if let Some(first) = seen
                        .get(s.name.node.as_str())
                        .and_then(|i| env.services.get(*i))
                    {
                        diagnostics.push(
                            Diagnostic::error(
                                Code::DuplicateService,
                                format!("service `{}` appears twice in `{dir}`", s.name.node),
                            )
                            .with_primary(s.name.span, "again here")
                            .with_secondary(first.name.span, "first here")
                            .with_help("keep one file per service in each environment folder"),
                        );
                        continue;
                    }
                    seen.insert(s.name.node.to_string(), env.services.len());
                    env.services.push(s);
                }
            }
            FileContent::ServicePolicy { service, policy } => {
                policies.push((f.path, service, policy));
            }
            FileContent::AccountPolicy { email, policy } => {
                env.account_policies.push((email, policy));
            }
            FileContent::Probes(p) => env.probes.get_or_insert_with(Vec::new).extend(p),
            FileContent::SecretShapes(s) => env.secret_shapes.extend(s),
        }
    }
    for (path, service, policy) in policies {
        if !seen.contains_key(&service) {
            diagnostics.push(
                Diagnostic::warning(
                    Code::UnusedSnapshot,
                    format!(
                        "`{path}` is the IAM policy of `{service}`, which `{dir}` does not hold"
                    ),
                )
                .with_primary(
                    crate::source::Span::new(policy.file, 0..0),
                    "not read by any rule",
                )
                .with_help(format!(
                    "add the service's export (`{service}.yaml`) or remove the policy"
                )),
            );
        }
        env.service_policies.push((service, policy));
    }
    env.index();
    if env.services.is_empty() && !incomplete {
        diagnostics.push(
            Diagnostic::error(Code::EmptySnapshot, format!("`{dir}` holds no service"))
                .with_help("export each service: `gcloud run services describe SERVICE --region R --format=export > SERVICE.yaml`"),
        );
    }
    env
}
