//! Cloud Run Admin API v2 `Service` JSON (the REST API, `parity fetch`) to the
//! normalized model. v2 has first-class fields where v1 has system annotations; they
//! are mapped to the v1 annotation names so one rule reads both.

use super::knative::{CLOUDSQL, INGRESS, parse_resource};
use super::model::Text;
use super::model::{Annotation, Container, EnvVar, Format, SecretRef, Service};
use super::read::Cx;
use super::tree::{Node, Value};
use crate::compile::Ingress;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::{Span, Spanned};

/// `projects/P/locations/R/services/S`
pub fn is_service_name(name: &str) -> bool {
    split_name(name).is_some()
}

fn split_name(name: &str) -> Option<(&str, &str, &str)> {
    let rest = name.strip_prefix("projects/")?;
    let (project, rest) = rest.split_once("/locations/")?;
    let (region, service) = rest.split_once("/services/")?;
    (!project.is_empty() && !region.is_empty() && !service.is_empty() && !service.contains('/'))
        .then_some((project, region, service))
}

pub(super) fn read(cx: &mut Cx, root: &Node) -> Option<Vec<Service>> {
    if root.get("name").is_none() && root.get("services").is_some() {
        let mut out = Vec::new();
        for item in cx.opt_list(root, "services") {
            out.extend(service(cx, item));
        }
        return Some(out);
    }
    service(cx, root).map(|s| vec![s])
}

fn boolean_annotation(root: &Node, field: &str, annotation: &str) -> Option<Annotation> {
    let (key, value) = root.entry(field)?;
    let Value::Bool(b) = value.value else {
        return None;
    };
    Some(Annotation::new(
        Spanned::new(Text::from(annotation), key.span),
        Spanned::new(Text::from(b.to_string()), value.span),
    ))
}

fn service(cx: &mut Cx, root: &Node) -> Option<Service> {
    let full = cx.string(root, "name", "a Cloud Run v2 service")?;
    let Some((project, region, short)) = split_name(&full.node) else {
        cx.unexpected(
            full.span,
            format!("`{}` is not a service name", full.node),
            "v2 service names look like `projects/P/locations/R/services/S`",
        );
        return None;
    };
    let name = Spanned::new(Text::from(short), full.span);
    let project = Some(Spanned::new(Text::from(project), full.span));
    let region = Some(Spanned::new(Text::from(region), full.span));
    let mut annotations: Vec<Annotation> = cx
        .string_map(root, "annotations")
        .into_iter()
        .map(|(name, value)| Annotation::new(name, value))
        .collect();
    let ingress = match root.entry("ingress") {
        Some((key, value)) => {
            let text = value.scalar_text().unwrap_or_default();
            let parsed = match text.as_str() {
                "1" => Some(Ingress::All),
                "2" => Some(Ingress::Internal),
                "3" => Some(Ingress::InternalAndCloudLoadBalancing),
                other => Ingress::parse(other),
            };
            if let Some(i) = parsed {
                annotations.push(Annotation::new(
                    Spanned::new(Text::from(INGRESS), key.span),
                    Spanned::new(Text::from(i.as_str()), value.span),
                ));
            }
            parsed.map(|i| Spanned::new(i, value.span))
        }
        None => None,
    };
    for (field, annotation) in [
        (
            "invokerIamDisabled",
            "run.googleapis.com/invoker-iam-disabled",
        ),
        (
            "defaultUriDisabled",
            "run.googleapis.com/default-url-disabled",
        ),
        ("iapEnabled", "run.googleapis.com/iap-enabled"),
    ] {
        annotations.extend(boolean_annotation(root, field, annotation));
    }
    let Some(template) = root.get("template") else {
        cx.error(
            Diagnostic::error(Code::ServiceWithoutContainers, format!("service `{short}` has no `template`"))
                .with_primary(full.span, "expected `template.containers`")
                .with_help("fetch the whole service: `GET https://run.googleapis.com/v2/projects/P/locations/R/services/S`"),
        );
        return None;
    };
    let mut template_annotations: Vec<Annotation> = cx
        .string_map(template, "annotations")
        .into_iter()
        .map(|(name, value)| Annotation::new(name, value))
        .collect();
    let containers_node = template.get("containers");
    let Some(list) = containers_node
        .and_then(Node::as_seq)
        .filter(|l| !l.is_empty())
    else {
        cx.error(
            Diagnostic::error(
                Code::ServiceWithoutContainers,
                format!("service `{short}` declares no containers"),
            )
            .with_primary(
                containers_node.map_or(template.span, |n| n.span),
                "expected `template.containers`",
            )
            .with_help("a Cloud Run service runs at least one container"),
        );
        return None;
    };
    let mut containers = Vec::new();
    let mut other_values = Vec::new();
    for c in list {
        if let Some(image) = cx.opt_string(c, "image") {
            other_values.push(image);
        }
        let mut env = Vec::new();
        for entry in cx.opt_list(c, "env") {
            let Some(var) = cx.string(entry, "name", "an env entry") else {
                continue;
            };
            if let Some(value) = entry.get("value") {
                let span = if value.is_null() {
                    Span::new(
                        cx.file,
                        value.span.start as usize..value.span.start as usize,
                    )
                } else {
                    value.span
                };
                env.push(EnvVar::literal(
                    var,
                    Spanned::new(Text::from(value.scalar_text().unwrap_or_default()), span),
                ));
                continue;
            }
            let Some(source) = entry.path(&["valueSource", "secretKeyRef"]) else {
                // proto3 JSON omits an empty string: a bare name means an empty value.
                if entry.get("valueSource").is_none() {
                    let at = var.span.end as usize;
                    env.push(EnvVar::literal(
                        var,
                        Spanned::new(Text::default(), Span::new(cx.file, at..at)),
                    ));
                } else {
                    cx.unexpected(
                        var.span,
                        format!("`{}` has a `valueSource` without `secretKeyRef`", var.node),
                        "v2 env values come from `value` or `valueSource.secretKeyRef`",
                    );
                }
                continue;
            };
            let Some(secret) = cx.string(source, "secret", "a secret reference") else {
                continue;
            };
            let version = source
                .get("version")
                .and_then(|v| v.scalar_text().map(Text::from));
            let (p, id) = match parse_resource(&secret.node) {
                Some((p, s)) => (Some(Text::from(p)), Text::from(s)),
                None => (
                    project.as_ref().map(|p| p.node.clone()),
                    secret.node.clone(),
                ),
            };
            env.push(EnvVar::secret(
                var,
                SecretRef {
                    name: secret,
                    version,
                    project: p,
                    secret: id,
                },
            ));
        }
        containers.push(Container {
            name: cx.opt_string(c, "name"),
            env,
        });
    }
    let mut cloudsql = Vec::new();
    for volume in cx.opt_list(template, "volumes") {
        if let Some(instances) = volume
            .path(&["cloudSqlInstance", "instances"])
            .and_then(Node::as_seq)
        {
            for i in instances {
                if let Some(s) = i.as_str() {
                    cloudsql.push(Spanned::new(Text::from(s), i.span));
                }
            }
        }
    }
    if let Some(first) = cloudsql.first() {
        let joined = cloudsql
            .iter()
            .map(|c| c.node.as_str())
            .collect::<Vec<_>>()
            .join(",");
        template_annotations.push(Annotation::new(
            Spanned::new(Text::from(CLOUDSQL), first.span),
            Spanned::new(Text::from(joined), first.span),
        ));
    }
    let service_account = cx.opt_string(template, "serviceAccount");
    let mut urls = Vec::new();
    if let Some(uri) = cx.opt_string(root, "uri") {
        urls.push(uri);
    }
    for u in cx.opt_list(root, "urls") {
        if let Some(s) = u.as_str()
            && !urls.iter().any(|x: &Spanned<Text>| x.node == s)
        {
            urls.push(Spanned::new(Text::from(s), u.span));
        }
    }
    Some(Service {
        name,
        file: cx.file,
        format: Format::RunV2,
        project,
        region,
        containers,
        annotations,
        template_annotations,
        service_account,
        knows_ingress: ingress.is_some(),
        ingress,
        urls,
        cloudsql,
        other_values,
    })
}
