//! One snapshot file to its content: recognized by content (and, for IAM policies and
//! dotenv files, by name), parsed with positions, and checked for shape. Pure: the text
//! comes in, a value and diagnostics come out.

use super::model::{FileContent, Text};
use super::tree::{Key, Node, Value};
use super::{dotenv, extras, iam, json, knative, run_v2, template, yaml};
use crate::diagnostic::{Code, Diagnostic};
use crate::source::{FileId, Span, Spanned};

/// What reading one file gave: its content (if it could be read) and the problems found.
#[derive(Debug, Default)]
pub struct FileRead {
    pub content: Option<FileContent>,
    pub diagnostics: Vec<Diagnostic>,
    /// The file is documentation (Markdown, text) and holds no snapshot data.
    pub ignored: bool,
}

impl FileRead {
    /// A snapshot file no reader could read (not a documentation file): its
    /// secret-looking lines are masked by their shape alone.
    pub fn is_unparsed(&self) -> bool {
        self.content.is_none() && !self.ignored
    }
}

/// Reads one file. `path` is its path inside the environment folder, with `/` separators
/// (`backend.yaml`, `service-accounts/sa@p.iam.gserviceaccount.com.iam.json`).
pub fn read_file(file: FileId, path: &str, text: &str) -> FileRead {
    let mut cx = Cx {
        file,
        diagnostics: Vec::new(),
    };
    let base = path.rsplit('/').next().unwrap_or(path);
    let lower = base.to_ascii_lowercase();
    if lower.ends_with(".md") || lower.ends_with(".txt") {
        return FileRead {
            ignored: true,
            ..FileRead::default()
        };
    }
    if dotenv::is_dotenv_name(&lower) {
        let content = dotenv::read(&mut cx, base, text);
        return cx.finish(content);
    }
    let is_json = lower.ends_with(".json");
    let is_yaml = lower.ends_with(".yaml") || lower.ends_with(".yml");
    if !is_json && !is_yaml {
        cx.error(
            Diagnostic::error(
                Code::UnrecognizedFile,
                format!("`{path}` is not a snapshot file"),
            )
            .with_primary(Span::new(file, 0..0), "not read")
            .with_help(TRIED),
        );
        return cx.finish(None);
    }
    if let Some(templates) = template::find(file, text) {
        cx.diagnostics.extend(templates);
        return cx.finish(None);
    }
    let parsed = if is_json {
        json::parse(file, text)
    } else {
        yaml::parse(file, text)
    };
    let root = match parsed {
        Ok(root) => root,
        Err(e) => {
            let what = if is_json { "JSON" } else { "YAML" };
            cx.error(
                Diagnostic::error(
                    Code::MalformedFile,
                    format!("invalid {what}: {}", e.message),
                )
                .with_primary(e.span, e.message)
                .with_help(format!(
                    "fix the {what} syntax; `parity` reads the file as it is, without guessing"
                )),
            );
            return cx.finish(None);
        }
    };
    if let Some((first, again)) = duplicate_key(&root) {
        cx.error(
            Diagnostic::error(
                Code::DuplicateKey,
                format!("`{}` is given twice in one object", again.text),
            )
            .with_primary(again.span, "given again here")
            .with_secondary(first.span, "first given here")
            .with_help("a reader would keep only one of them; remove the other"),
        );
        return cx.finish(None);
    }
    let content = recognize(&mut cx, path, base, &root);
    // The model outlives the check; the tree goes before the model's lists are copied
    // into blocks of their own length (in `finish`).
    drop(root);
    cx.finish(content)
}

const TRIED: &str = "snapshot folders hold Knative Service exports (`gcloud run services describe \
SERVICE --format=export`), Cloud Run v2 Service JSON, IAM policies (`SERVICE.iam.json`, \
`service-accounts/EMAIL.iam.json`), dotenv files (`SERVICE.env`), `probes.json` and \
`secret-shapes.json`";

fn recognize(cx: &mut Cx, path: &str, base: &str, root: &Node) -> Option<FileContent> {
    if root.as_map().is_none() {
        cx.error(
            Diagnostic::error(
                Code::UnrecognizedFile,
                format!(
                    "`{path}` holds {}, not a snapshot document",
                    root.kind_name()
                ),
            )
            .with_primary(root.span, "not a mapping")
            .with_help(TRIED),
        );
        return None;
    }
    let lower = base.to_ascii_lowercase();
    // A recorded API response (`{"headers": …, "body": …}`): read its body.
    if root.get("headers").is_some()
        && let Some(body) = root.get("body")
        && body.as_map().is_some()
    {
        return recognize(cx, path, base, body);
    }
    if let Some(stem) = iam_stem(base) {
        let policy = iam::read(cx, root);
        return Some({
            if path.starts_with("service-accounts/") {
                FileContent::AccountPolicy {
                    email: stem.to_owned(),
                    policy,
                }
            } else {
                FileContent::ServicePolicy {
                    service: stem.to_owned(),
                    policy,
                }
            }
        });
    }
    if root.get("apiVersion").is_some() || root.get("kind").is_some() {
        return knative::read(cx, root).map(FileContent::Services);
    }
    if root
        .get("name")
        .and_then(Node::as_str)
        .is_some_and(run_v2::is_service_name)
        || root.get("services").is_some()
    {
        return run_v2::read(cx, root).map(FileContent::Services);
    }
    if root.get("probes").is_some() || lower == "probes.json" {
        return extras::probes(cx, root).map(FileContent::Probes);
    }
    if lower == "secret-shapes.json"
        || (root.get("secrets").is_some() && root.get("version").is_some())
    {
        return extras::secret_shapes(cx, root).map(FileContent::SecretShapes);
    }
    if is_policy(root) {
        cx.error(
            Diagnostic::error(
                Code::UnrecognizedFile,
                format!("`{path}` is an IAM policy, but its name does not say whose"),
            )
            .with_primary(root.span, "an IAM policy")
            .with_help("name a service's policy `SERVICE.iam.json` and a service account's `service-accounts/EMAIL.iam.json`"),
        );
        return None;
    }
    cx.error(
        Diagnostic::error(
            Code::UnrecognizedFile,
            format!("`{path}` is of no known kind"),
        )
        .with_primary(root.span, "not recognized")
        .with_help(TRIED),
    );
    None
}

/// Whether a document is an IAM policy: nothing but `version`, `etag`, `bindings` and
/// `auditConfigs`.
fn is_policy(root: &Node) -> bool {
    root.as_map().is_some_and(|entries| {
        !entries.is_empty()
            && entries.iter().all(|(k, _)| {
                matches!(
                    k.text.as_str(),
                    "version" | "etag" | "bindings" | "auditConfigs"
                )
            })
    })
}

/// `backend` of `backend.iam.json`, `backend.iam.yaml` or `backend.iam.yml`.
fn iam_stem(base: &str) -> Option<&str> {
    [".iam.json", ".iam.yaml", ".iam.yml"]
        .iter()
        .find_map(|suffix| base.strip_suffix(suffix))
}

/// The first key given twice in one mapping, anywhere in the tree.
fn duplicate_key(node: &Node) -> Option<(&Key, &Key)> {
    match &node.value {
        Value::Map(entries) => {
            for (i, (k, _)) in entries.iter().enumerate() {
                if let Some((first, _)) = entries[..i].iter().find(|(f, _)| f.text == k.text) {
                    return Some((first, k));
                }
            }
            entries.iter().find_map(|(_, v)| duplicate_key(v))
        }
        Value::Seq(items) => items.iter().find_map(duplicate_key),
        _ => None,
    }
}

/// The reading context: the file and the diagnostics found so far.
pub(super) struct Cx {
    pub file: FileId,
    pub diagnostics: Vec<Diagnostic>,
}

impl Cx {
    pub fn error(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    fn finish(self, content: Option<FileContent>) -> FileRead {
        let has_errors = self.diagnostics.iter().any(Diagnostic::is_error);
        FileRead {
            // Every model list in a block of its length: the model lives for the check.
            content: if has_errors {
                None
            } else {
                content.map(FileContent::fit)
            },
            diagnostics: self.diagnostics,
            ignored: false,
        }
    }

    /// Reports a field of the wrong type or a missing one.
    pub fn unexpected(&mut self, span: Span, message: impl Into<String>, help: impl Into<String>) {
        self.error(
            Diagnostic::error(Code::UnexpectedField, message)
                .with_primary(span, "here")
                .with_help(help),
        );
    }

    /// A required string field.
    pub fn string(&mut self, parent: &Node, key: &str, what: &str) -> Option<Spanned<Text>> {
        match parent.get(key) {
            Some(node) => match node.as_str() {
                Some(s) => Some(Spanned::new(Text::from(s), node.span)),
                None => {
                    self.unexpected(
                        node.span,
                        format!("`{key}` is {}, {what} must be a string", node.kind_name()),
                        format!("write `{key}` as a quoted string"),
                    );
                    None
                }
            },
            None => {
                self.unexpected(
                    parent.span,
                    format!("`{key}` is missing"),
                    format!("{what} needs `{key}`"),
                );
                None
            }
        }
    }

    /// An optional string field; a non-string is reported.
    pub fn opt_string(&mut self, parent: &Node, key: &str) -> Option<Spanned<Text>> {
        let node = parent.get(key)?;
        if node.is_null() {
            return None;
        }
        match node.as_str() {
            Some(s) => Some(Spanned::new(Text::from(s), node.span)),
            None => {
                self.unexpected(
                    node.span,
                    format!("`{key}` is {}, not a string", node.kind_name()),
                    format!("write `{key}` as a quoted string"),
                );
                None
            }
        }
    }

    /// An optional list field; a non-list is reported.
    pub fn opt_list<'n>(&mut self, parent: &'n Node, key: &str) -> &'n [Node] {
        match parent.get(key) {
            None => &[],
            Some(node) if node.is_null() => &[],
            Some(node) => match node.as_seq() {
                Some(items) => items,
                None => {
                    self.unexpected(
                        node.span,
                        format!("`{key}` is {}, not a list", node.kind_name()),
                        format!("write `{key}` as a list"),
                    );
                    &[]
                }
            },
        }
    }

    /// An annotation-like map of strings (`key: value`); non-string values are taken as
    /// their text.
    pub fn string_map(&mut self, parent: &Node, key: &str) -> Vec<(Spanned<Text>, Spanned<Text>)> {
        let Some(node) = parent.get(key) else {
            return Vec::new();
        };
        if node.is_null() {
            return Vec::new();
        }
        let Some(entries) = node.as_map() else {
            self.unexpected(
                node.span,
                format!("`{key}` is {}, not a mapping", node.kind_name()),
                format!("write `{key}` as `name: value` pairs"),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (k, v) in entries {
            let text = match v.scalar_text() {
                Some(t) => Text::from(t),
                None if v.is_null() => Text::default(),
                None => {
                    self.unexpected(
                        v.span,
                        format!("`{}` is {}, not a string", k.text, v.kind_name()),
                        "annotation and label values are strings",
                    );
                    continue;
                }
            };
            out.push((
                Spanned::new(Text::from(k.text.as_str()), k.span),
                Spanned::new(text, v.span),
            ));
        }
        out
    }
}
