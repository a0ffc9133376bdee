//! Knative `serving.knative.dev/v1` Services (what `gcloud run services describe
//! --format=export|yaml|json` prints, and Console copies in API field order), and
//! `ServiceList`s of them, to the normalized model.

use super::model::Text;
use super::model::{Annotation, Container, EnvVar, Format, SecretRef, Service};
use super::read::Cx;
use super::tree::Node;
use crate::compile::Ingress;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::{Span, Spanned};

pub const INGRESS: &str = "run.googleapis.com/ingress";
pub const URLS: &str = "run.googleapis.com/urls";
pub const CLOUDSQL: &str = "run.googleapis.com/cloudsql-instances";
pub const SECRETS: &str = "run.googleapis.com/secrets";
pub const LOCATION: &str = "cloud.googleapis.com/location";

pub(super) fn read(cx: &mut Cx, root: &Node) -> Option<Vec<Service>> {
    let api = root.get("apiVersion");
    let kind = root.get("kind");
    let api_text = api.and_then(Node::as_str).unwrap_or("");
    let kind_text = kind.and_then(Node::as_str).unwrap_or("");
    if api_text == "serving.knative.dev/v1" && kind_text == "Service" {
        return service(cx, root).map(|s| vec![s]);
    }
    if matches!(kind_text, "ServiceList" | "List") {
        let items = cx.opt_list(root, "items");
        let mut out = Vec::new();
        for item in items {
            if item.get("kind").and_then(Node::as_str) == Some("Service") {
                out.extend(service(cx, item));
            } else {
                cx.unexpected(
                    item.span,
                    "a list item that is not a Service",
                    "a service list holds `kind: Service` items",
                );
            }
        }
        return Some(out);
    }
    let at = kind.or(api).map_or(root.span, |n| n.span);
    let what = match (api_text, kind_text) {
        ("v1", "Service") => {
            "a Kubernetes Service (networking), not a Cloud Run service".to_owned()
        }
        (_, "") => format!("`apiVersion: {api_text}` without a `kind`"),
        (a, k) => format!("`kind: {k}` (`apiVersion: {a}`) is not a Cloud Run service"),
    };
    cx.error(
        Diagnostic::error(Code::UnrecognizedFile, what)
            .with_primary(at, "not `serving.knative.dev/v1` `Service`")
            .with_help("parity reads Cloud Run services: `apiVersion: serving.knative.dev/v1`, `kind: Service`"),
    );
    None
}

fn service(cx: &mut Cx, root: &Node) -> Option<Service> {
    let Some(metadata) = root.get("metadata") else {
        cx.unexpected(
            root.span,
            "the service has no `metadata`",
            "a Cloud Run service needs `metadata.name`",
        );
        return None;
    };
    let name = cx.string(metadata, "name", "a Cloud Run service")?;
    let project = metadata
        .get("namespace")
        .and_then(|n| n.scalar_text().map(|t| Spanned::new(Text::from(t), n.span)));
    let labels = cx.string_map(metadata, "labels");
    let region = labels
        .iter()
        .find(|(k, _)| k.node == LOCATION)
        .map(|(_, v)| v.clone());
    let annotations: Vec<Annotation> = cx
        .string_map(metadata, "annotations")
        .into_iter()
        .map(|(name, value)| Annotation::new(name, value))
        .collect();
    let template = root.path(&["spec", "template"]);
    let template_annotations: Vec<Annotation> = template
        .and_then(|t| t.get("metadata"))
        .map(|m| cx.string_map(m, "annotations"))
        .unwrap_or_default()
        .into_iter()
        .map(|(name, value)| Annotation::new(name, value))
        .collect();
    let spec = template.and_then(|t| t.get("spec"));
    let containers_node = spec.and_then(|s| s.get("containers"));
    let Some(containers_list) = containers_node
        .and_then(Node::as_seq)
        .filter(|l| !l.is_empty())
    else {
        // Point at the deepest key that exists on the way to `containers`.
        let at = template
            .and_then(|t| t.entry("spec"))
            .and_then(|(k, spec)| {
                spec.entry("containers")
                    .map(|(c, _)| c.span)
                    .or(Some(k.span))
            })
            .or_else(|| {
                root.get("spec")
                    .and_then(|s| s.entry("template"))
                    .map(|(k, _)| k.span)
            })
            .or_else(|| root.entry("spec").map(|(k, _)| k.span))
            .unwrap_or(name.span);
        cx.error(
            Diagnostic::error(
                Code::ServiceWithoutContainers,
                format!("service `{}` declares no containers", name.node),
            )
            .with_primary(at, "expected `spec.template.spec.containers`")
            .with_help("a Cloud Run service runs at least one container; export it again with `gcloud run services describe SERVICE --format=export`"),
        );
        return None;
    };
    let aliases = secret_aliases(&template_annotations);
    let own_project = project.as_ref().map(|p| p.node.clone());
    let mut containers = Vec::new();
    let mut other_values = Vec::new();
    for c in containers_list {
        if let Some(image) = c
            .get("image")
            .and_then(|n| n.as_str().map(|s| Spanned::new(Text::from(s), n.span)))
        {
            other_values.push(image);
        }
        let env = env_list(cx, c, &aliases, own_project.as_deref());
        containers.push(Container {
            name: c
                .get("name")
                .and_then(|n| n.as_str().map(|s| Spanned::new(Text::from(s), n.span))),
            env,
        });
    }
    let service_account = spec.and_then(|s| cx.opt_string(s, "serviceAccountName"));
    let ingress = match annotations.iter().find(|a| a.name.node == INGRESS) {
        Some(a) => Ingress::parse(a.value().node).map(|i| Spanned::new(i, a.value().span)),
        // Cloud Run's default when the annotation is absent.
        None => Some(Spanned::new(Ingress::All, name.span)),
    };
    let mut urls = Vec::new();
    for key in [&["status", "url"][..], &["status", "address", "url"][..]] {
        if let Some(n) = root.path(key)
            && let Some(s) = n.as_str()
            && !urls.iter().any(|u: &Spanned<Text>| u.node == s)
        {
            urls.push(Spanned::new(Text::from(s), n.span));
        }
    }
    if let Some(a) = annotations.iter().find(|a| a.name.node == URLS) {
        for url in json_string_list(a.value().node) {
            if !urls.iter().any(|u| u.node == url) {
                urls.push(Spanned::new(Text::from(url), a.value().span));
            }
        }
    }
    let cloudsql = template_annotations
        .iter()
        .filter(|a| a.name.node == CLOUDSQL)
        .flat_map(|a| comma_items(a.value()))
        .collect();
    Some(Service {
        name,
        file: cx.file,
        format: Format::Knative,
        project,
        region,
        containers,
        annotations,
        template_annotations,
        service_account,
        ingress,
        knows_ingress: true,
        urls,
        cloudsql,
        other_values,
    })
}

/// `ALIAS:projects/P/secrets/S,…` of the `run.googleapis.com/secrets` annotation.
fn secret_aliases(annotations: &[Annotation]) -> Vec<(String, String, String)> {
    let Some(a) = annotations.iter().find(|a| a.name.node == SECRETS) else {
        return Vec::new();
    };
    a.value()
        .node
        .split(',')
        .filter_map(|item| {
            let (alias, target) = item.trim().split_once(':')?;
            let (project, secret) = parse_resource(target)?;
            Some((alias.to_owned(), project, secret))
        })
        .collect()
}

/// `projects/P/secrets/S[/versions/V]` to `(P, S)`.
pub fn parse_resource(text: &str) -> Option<(String, String)> {
    let rest = text.strip_prefix("projects/")?;
    let (project, rest) = rest.split_once("/secrets/")?;
    let secret = rest.split('/').next()?;
    let secret = secret.split(':').next()?;
    (!project.is_empty() && !secret.is_empty()).then(|| (project.to_owned(), secret.to_owned()))
}

fn env_list(
    cx: &mut Cx,
    container: &Node,
    aliases: &[(String, String, String)],
    own: Option<&str>,
) -> Vec<EnvVar> {
    let mut out = Vec::new();
    for entry in cx.opt_list(container, "env") {
        let Some(name) = cx.string(entry, "name", "an env entry") else {
            continue;
        };
        if let Some(value) = entry.get("value") {
            let text = value.scalar_text().unwrap_or_default();
            if !value.is_null() && value.scalar_text().is_none() {
                cx.unexpected(
                    value.span,
                    format!("the value of `{}` is {}", name.node, value.kind_name()),
                    "an env value is a string",
                );
                continue;
            }
            let span = if value.is_null() {
                Span::new(
                    cx.file,
                    value.span.start as usize..value.span.start as usize,
                )
            } else {
                value.span
            };
            out.push(EnvVar::literal(name, Spanned::new(Text::from(text), span)));
            continue;
        }
        let Some(from) = entry.get("valueFrom") else {
            cx.error(
                Diagnostic::error(Code::EnvWithoutValue, format!("`{}` has neither a value nor a secret reference", name.node))
                    .with_primary(name.span, "no `value` or `valueFrom`")
                    .with_help("give it `value: \"…\"` (use `value: \"\"` for empty), or `valueFrom.secretKeyRef`"),
            );
            continue;
        };
        let Some(secret) = from.get("secretKeyRef") else {
            let what = from
                .as_map()
                .and_then(|m| m.first())
                .map_or("nothing".to_owned(), |(k, _)| format!("`{}`", k.text));
            cx.unexpected(
                from.span,
                format!(
                    "`{}` takes its value from {what}, which Cloud Run does not support",
                    name.node
                ),
                "on Cloud Run, `valueFrom` takes a `secretKeyRef`",
            );
            continue;
        };
        let Some(secret_name) = cx.string(secret, "name", "a secret reference") else {
            continue;
        };
        let version = secret
            .get("key")
            .and_then(|k| k.scalar_text().map(Text::from));
        let (project, id) =
            if let Some((_, p, s)) = aliases.iter().find(|(a, _, _)| *a == secret_name.node) {
                (Some(Text::from(p.as_str())), Text::from(s.as_str()))
            } else if let Some((p, s)) = parse_resource(&secret_name.node) {
                (Some(Text::from(p)), Text::from(s))
            } else {
                (own.map(Text::from), secret_name.node.clone())
            };
        out.push(EnvVar::secret(
            name,
            SecretRef {
                name: secret_name,
                version,
                project,
                secret: id,
            },
        ));
    }
    out
}

/// The strings of a JSON array held in a string (`'["https://a","https://b"]'`).
fn json_string_list(text: &str) -> Vec<String> {
    serde_json::from_str::<Vec<String>>(text).unwrap_or_default()
}

/// The comma-separated items of a value, each with the span of the whole value.
fn comma_items(value: Spanned<&Text>) -> Vec<Spanned<Text>> {
    value
        .node
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| Spanned::new(Text::from(s), value.span))
        .collect()
}
