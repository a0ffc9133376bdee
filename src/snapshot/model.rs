//! The normalized snapshot model: what the checker sees, whatever format the files were.
//! Every value keeps the span it was read from.

use crate::compile::Ingress;

/// A string of the model: names, values, members. A fleet's model holds hundreds of
/// thousands of them, most shorter than 24 bytes (key names, `latest`, project ids), which
/// `CompactString` keeps inline instead of in a heap block of their own.
pub type Text = compact_str::CompactString;
use crate::source::{FileId, Span, Spanned};
use crate::syntax::ast::Shape;

/// Which format a file was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `serving.knative.dev/v1` Service, as YAML (gcloud export or describe) or JSON.
    Knative,
    /// Cloud Run Admin API v2 Service JSON.
    RunV2,
    /// A dotenv file (`KEY=value` lines).
    Dotenv,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Knative => "knative",
            Format::RunV2 => "run-v2",
            Format::Dotenv => "dotenv",
        }
    }
}

/// A reference to a Secret Manager secret, as written and as resolved.
#[derive(Debug, Clone)]
pub struct SecretRef {
    /// The name as written: a secret id, an alias, or `projects/P/secrets/S`.
    pub name: Spanned<Text>,
    /// The version (`latest`, `3`, …) when given. No span: nothing points at it, and a
    /// fleet has tens of thousands of secret references.
    pub version: Option<Text>,
    /// The project the secret lives in (id or number), when known.
    pub project: Option<Text>,
    /// The secret id in that project.
    pub secret: Text,
}

impl SecretRef {
    /// `projects/P/secrets/S` when the project is known, else the secret id.
    pub fn resource(&self) -> String {
        match &self.project {
            Some(p) => format!("projects/{p}/secrets/{}", self.secret),
            None => self.secret.to_string(),
        }
    }
}

/// The value of an environment variable, as the model hands it out.
#[derive(Debug, Clone, Copy)]
pub enum EnvValue<'a> {
    /// A literal; the span covers the value as written (empty for `value:` with nothing).
    Literal(Spanned<&'a Text>),
    Secret(&'a SecretRef),
}

/// A byte range in the file of the name it is kept beside: 8 bytes where a [`Span`]
/// (which names its file) takes 12 and, next to a `Spanned<Text>`, pads to 16. A fleet's
/// model holds hundreds of thousands of name-value pairs.
#[derive(Debug, Clone, Copy)]
struct At {
    start: u32,
    end: u32,
}

impl At {
    fn of(span: Span, beside: Span) -> At {
        debug_assert_eq!(
            span.file, beside.file,
            "a value is read from its name's file"
        );
        At {
            start: span.start,
            end: span.end,
        }
    }

    fn in_file_of(self, name: Span) -> Span {
        Span {
            file: name.file,
            start: self.start,
            end: self.end,
        }
    }
}

/// How a value is kept (see [`EnvValue`] for how it is handed out).
#[derive(Debug, Clone)]
enum Stored {
    Literal(Text),
    Secret(Box<SecretRef>),
}

/// An environment variable: 72 bytes (the value's span is kept without its file, which is
/// the name's).
#[derive(Debug, Clone)]
pub struct EnvVar {
    pub name: Spanned<Text>,
    value: Stored,
    value_at: At,
}

impl EnvVar {
    /// A variable with a literal value read from the same file as its name.
    pub fn literal(name: Spanned<Text>, value: Spanned<Text>) -> Self {
        let value_at = At::of(value.span, name.span);
        Self {
            name,
            value: Stored::Literal(value.node),
            value_at,
        }
    }

    /// A variable that takes its value from a secret.
    pub fn secret(name: Spanned<Text>, secret: SecretRef) -> Self {
        let value_at = At::of(secret.name.span, name.span);
        Self {
            name,
            value: Stored::Secret(Box::new(secret)),
            value_at,
        }
    }

    pub fn value(&self) -> EnvValue<'_> {
        match &self.value {
            Stored::Literal(text) => EnvValue::Literal(Spanned::new(text, self.value_span())),
            Stored::Secret(secret) => EnvValue::Secret(secret),
        }
    }

    pub fn is_secret(&self) -> bool {
        matches!(self.value, Stored::Secret(_))
    }

    /// The most specific span of the value (the literal, or the secret name).
    pub fn value_span(&self) -> Span {
        self.value_at.in_file_of(self.name.span)
    }
}

#[derive(Debug, Clone)]
pub struct Container {
    pub name: Option<Spanned<Text>>,
    pub env: Vec<EnvVar>,
}

/// `key: value` of an annotation map, with spans (72 bytes, like [`EnvVar`]).
#[derive(Debug, Clone)]
pub struct Annotation {
    pub name: Spanned<Text>,
    value: Text,
    value_at: At,
}

impl Annotation {
    /// An annotation whose value is read from the same file as its name.
    pub fn new(name: Spanned<Text>, value: Spanned<Text>) -> Self {
        let value_at = At::of(value.span, name.span);
        Self {
            name,
            value: value.node,
            value_at,
        }
    }

    pub fn value(&self) -> Spanned<&Text> {
        Spanned::new(&self.value, self.value_at.in_file_of(self.name.span))
    }
}

/// One deployed service in one environment.
#[derive(Debug, Clone)]
pub struct Service {
    pub name: Spanned<Text>,
    pub file: FileId,
    pub format: Format,
    /// The project as the file names it (a v1 namespace is usually the number).
    pub project: Option<Spanned<Text>>,
    pub region: Option<Spanned<Text>>,
    pub containers: Vec<Container>,
    /// Service-level annotations (v2 first-class fields are mapped to their v1 names).
    pub annotations: Vec<Annotation>,
    /// Revision template annotations.
    pub template_annotations: Vec<Annotation>,
    pub service_account: Option<Spanned<Text>>,
    /// Ingress, with the span it came from; `None` when the file cannot tell.
    pub ingress: Option<Spanned<Ingress>>,
    /// Whether the file can tell the ingress at all (a dotenv file cannot).
    pub knows_ingress: bool,
    pub urls: Vec<Spanned<Text>>,
    /// Cloud SQL instances (`PROJECT:REGION:INSTANCE`).
    pub cloudsql: Vec<Spanned<Text>>,
    /// Everything else worth scanning for references to other environments: image, VPC
    /// connector, and similar plain strings.
    pub other_values: Vec<Spanned<Text>>,
}

/// `v` in a block of exactly its length. `shrink_to_fit` is not enough: mimalloc keeps a
/// block that is no more than half unused, and a fleet's model is mostly such lists.
pub(crate) fn exact<T>(v: Vec<T>) -> Vec<T> {
    if v.capacity() == v.len() {
        return v;
    }
    let mut out = Vec::with_capacity(v.len());
    out.extend(v);
    out
}

impl Service {
    /// The same service with every list in a block of its length (see [`exact`]): the
    /// readers grow lists as they go, and the model lives for the whole check.
    #[must_use]
    pub(crate) fn fit(mut self) -> Self {
        for c in &mut self.containers {
            c.env = exact(std::mem::take(&mut c.env));
        }
        self.containers = exact(self.containers);
        self.annotations = exact(self.annotations);
        self.template_annotations = exact(self.template_annotations);
        self.urls = exact(self.urls);
        self.cloudsql = exact(self.cloudsql);
        self.other_values = exact(self.other_values);
        self
    }

    /// Every env var of every container.
    pub fn env(&self) -> impl Iterator<Item = &EnvVar> {
        self.containers.iter().flat_map(|c| c.env.iter())
    }

    /// The first env var named `key`.
    pub fn var(&self, key: &str) -> Option<&EnvVar> {
        self.env().find(|v| v.name.node == key)
    }

    pub fn annotation(&self, template: bool, name: &str) -> Option<&Annotation> {
        let list = if template {
            &self.template_annotations
        } else {
            &self.annotations
        };
        list.iter().find(|a| a.name.node == name)
    }
}

/// One binding of an IAM policy.
#[derive(Debug, Clone)]
pub struct Binding {
    pub role: Spanned<Text>,
    pub members: Vec<Spanned<Text>>,
    pub conditional: bool,
}

/// An IAM policy file.
#[derive(Debug, Clone)]
pub struct IamPolicy {
    pub file: FileId,
    pub bindings: Vec<Binding>,
}

impl IamPolicy {
    #[must_use]
    fn fit(mut self) -> Self {
        for b in &mut self.bindings {
            b.members = exact(std::mem::take(&mut b.members));
        }
        self.bindings = exact(self.bindings);
        self
    }

    /// Every member holding `role`, over all bindings of it.
    pub fn members_of<'a>(&'a self, role: &'a str) -> impl Iterator<Item = &'a Spanned<Text>> {
        self.bindings
            .iter()
            .filter(move |b| b.role.node == role)
            .flat_map(|b| b.members.iter())
    }
}

/// The result of an unauthenticated GET of a service's direct URL.
#[derive(Debug, Clone)]
pub struct Probe {
    pub service: Spanned<Text>,
    pub url: Option<Spanned<Text>>,
    pub status: Option<Spanned<u16>>,
    /// Why no status was recorded (could not connect, …).
    pub error: Option<Spanned<Text>>,
}

/// The recorded shape of a secret's payload (never the payload).
#[derive(Debug, Clone)]
pub struct SecretShape {
    pub secret: Spanned<Text>,
    pub version: Option<String>,
    pub shape: Option<Shape>,
    /// For a service-account email, the email (an identity, not a credential).
    pub email: Option<String>,
}

impl FileContent {
    /// The same content with every list in a block of its length (see [`exact`]).
    #[must_use]
    pub(crate) fn fit(self) -> Self {
        match self {
            FileContent::Services(list) => {
                FileContent::Services(exact(list.into_iter().map(Service::fit).collect()))
            }
            FileContent::ServicePolicy { service, policy } => FileContent::ServicePolicy {
                service,
                policy: policy.fit(),
            },
            FileContent::AccountPolicy { email, policy } => FileContent::AccountPolicy {
                email,
                policy: policy.fit(),
            },
            FileContent::Probes(list) => FileContent::Probes(exact(list)),
            FileContent::SecretShapes(list) => FileContent::SecretShapes(exact(list)),
        }
    }
}

/// What one file of a snapshot folder holds.
#[derive(Debug, Clone)]
pub enum FileContent {
    Services(Vec<Service>),
    /// A service's IAM policy; the service is named by the file name (`NAME.iam.json`).
    ServicePolicy {
        service: String,
        policy: IamPolicy,
    },
    /// A service account's IAM policy (`service-accounts/EMAIL.iam.json`).
    AccountPolicy {
        email: String,
        policy: IamPolicy,
    },
    Probes(Vec<Probe>),
    SecretShapes(Vec<SecretShape>),
}

/// One environment's snapshot folder, read.
#[derive(Debug, Clone, Default)]
pub struct Environment {
    pub name: String,
    /// The folder as the user named it.
    pub dir: String,
    pub services: Vec<Service>,
    /// Service IAM policies by service name.
    pub service_policies: Vec<(String, IamPolicy)>,
    /// Service-account IAM policies by email.
    pub account_policies: Vec<(String, IamPolicy)>,
    /// `None` when the folder has no `probes.json`.
    pub probes: Option<Vec<Probe>>,
    pub secret_shapes: Vec<SecretShape>,
    pub files: Vec<FileId>,
    /// Lookups by service name (built by [`Environment::index`]): no linear scans, so a
    /// check stays linear in the number of services.
    pub(crate) by_name: std::collections::HashMap<Text, usize>,
    pub(crate) policy_by_name: std::collections::HashMap<Text, usize>,
    pub(crate) probe_by_name: std::collections::HashMap<Text, usize>,
}

impl Environment {
    /// Builds the lookups; call after changing `services`, `service_policies` or `probes`.
    pub fn index(&mut self) {
        self.by_name = self
            .services
            .iter()
            .enumerate()
            .map(|(i, s)| (s.name.node.clone(), i))
            .collect();
        self.policy_by_name = self
            .service_policies
            .iter()
            .enumerate()
            .map(|(i, (s, _))| (Text::from(s.as_str()), i))
            .collect();
        self.probe_by_name = self
            .probes
            .iter()
            .flatten()
            .enumerate()
            .map(|(i, p)| (p.service.node.clone(), i))
            .collect();
    }

    pub fn service(&self, name: &str) -> Option<&Service> {
        match self.by_name.get(name) {
            Some(i) => self.services.get(*i),
            None if self.by_name.len() == self.services.len() => None,
            None => self.services.iter().find(|s| s.name.node == name),
        }
    }

    pub fn service_policy(&self, service: &str) -> Option<&IamPolicy> {
        match self.policy_by_name.get(service) {
            Some(i) => self.service_policies.get(*i).map(|(_, p)| p),
            None if self.policy_by_name.len() == self.service_policies.len() => None,
            None => self
                .service_policies
                .iter()
                .find(|(s, _)| s == service)
                .map(|(_, p)| p),
        }
    }

    /// The probe of a service, when `probes.json` has one.
    pub fn probe(&self, service: &str) -> Option<&Probe> {
        let probes = self.probes.as_ref()?;
        match self.probe_by_name.get(service) {
            Some(i) => probes.get(*i),
            None if self.probe_by_name.len() == probes.len() => None,
            None => probes.iter().find(|p| p.service.node == service),
        }
    }

    pub fn account_policy(&self, email: &str) -> Option<&IamPolicy> {
        self.account_policies
            .iter()
            .find(|(e, _)| e.eq_ignore_ascii_case(email))
            .map(|(_, p)| p)
    }

    pub fn shape_of(&self, secret: &SecretRef) -> Option<&SecretShape> {
        let resource = secret.resource();
        self.secret_shapes.iter().find(|s| {
            (s.secret.node == resource || s.secret.node == secret.name.node)
                && match (&s.version, &secret.version) {
                    (Some(a), Some(b)) => a.as_str() == b.as_str(),
                    _ => true,
                }
        })
    }
}

/// Every environment of a check.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    pub envs: Vec<Environment>,
}

impl Snapshot {
    pub fn env(&self, name: &str) -> Option<&Environment> {
        self.envs.iter().find(|e| e.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_value_pairs_stay_small() {
        // The bulk of a fleet's model: a larger layout costs megabytes at N = 1,000.
        assert_eq!(size_of::<EnvVar>(), 72);
        assert_eq!(size_of::<Annotation>(), 72);
    }

    #[test]
    fn values_keep_their_spans() {
        let file = FileId(7);
        let name = Spanned::new(Text::from("K"), Span::new(file, 10..11));
        let var = EnvVar::literal(
            name.clone(),
            Spanned::new(Text::from("v"), Span::new(file, 13..16)),
        );
        let EnvValue::Literal(v) = var.value() else {
            panic!("a literal")
        };
        assert_eq!((v.node.as_str(), v.span), ("v", Span::new(file, 13..16)));
        assert_eq!(var.value_span(), Span::new(file, 13..16));
        let a = Annotation::new(name, Spanned::new(Text::from("x"), Span::new(file, 20..23)));
        assert_eq!(a.value().span, Span::new(file, 20..23));
        assert_eq!(a.value().node, "x");
    }

    #[test]
    fn exact_lists_hold_no_spare_room() {
        let mut v: Vec<u64> = Vec::with_capacity(64);
        v.extend(0..40);
        let v = exact(v);
        assert_eq!((v.len(), v.capacity()), (40, 40));
        assert_eq!(v.last(), Some(&39));
    }
}
