//! Unrendered templates (`${VAR}`, `{{ .Values.x }}`, `%VAR%`, `<+env.name>`): a snapshot
//! must show what is deployed, so a file that still holds placeholders is not read.

use std::fmt::Write as _;
use std::sync::LazyLock;

use regex::Regex;

use crate::diagnostic::{Code, Diagnostic};
use crate::source::{FileId, Span};

/// At most this many placeholders are reported per file.
const MAX_REPORTED: usize = 5;

static PLACEHOLDER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"\$\{[A-Za-z_][A-Za-z0-9_]*(?::?[-=?+][^}\n]*)?\}|\{\{[^}\n]*\}\}|%[A-Z_][A-Z0-9_]*%|<\+[^>\n]*>",
    )
    .ok()
});

/// The placeholders of a YAML or JSON text (outside `#` comment lines), as diagnostics;
/// `None` when there are none.
pub fn find(file: FileId, text: &str) -> Option<Vec<Diagnostic>> {
    let regex = PLACEHOLDER.as_ref()?;
    let mut found = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if !line.trim_start().starts_with('#') {
            for m in regex.find_iter(line) {
                found.push((offset + m.start(), offset + m.end(), m.as_str().to_owned()));
            }
        }
        offset += line.len();
    }
    if found.is_empty() {
        return None;
    }
    let total = found.len();
    let mut out: Vec<Diagnostic> = found
        .into_iter()
        .take(MAX_REPORTED)
        .map(|(start, end, text)| {
            Diagnostic::error(Code::UnrenderedTemplate, format!("unrendered template `{text}`"))
                .with_primary(Span::new(file, start..end), "a placeholder, not a deployed value")
                .with_help("render the file first (envsubst, helm template, your deploy tool), or export what is deployed with `gcloud run services describe SERVICE --format=export`")
        })
        .collect();
    if total > MAX_REPORTED
        && let Some(last) = out.last_mut()
    {
        let _ = write!(
            last.message,
            " (and {} more placeholders)",
            total - MAX_REPORTED
        );
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::find;
    use crate::source::FileId;

    fn found(text: &str) -> Vec<String> {
        find(FileId(0), text)
            .unwrap_or_default()
            .into_iter()
            .map(|d| d.message)
            .collect()
    }

    #[test]
    fn each_placeholder_style_is_found() {
        let text =
            "a: ${IMAGE}\nb: '{{ .Values.tag }}'\nc: %REGION%\nd: <+env.name>\ne: ${X:-default}\n";
        assert_eq!(found(text).len(), 5);
    }

    #[test]
    fn comments_and_ordinary_dollars_are_not_placeholders() {
        assert!(found("# image: ${IMAGE}\nprice: $5\npct: 50%\nmail: a<b>c\n").is_empty());
    }
}
