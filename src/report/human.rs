//! Human output: miette's graphical report. A label in another file than the primary
//! one becomes a related report with its own source, since miette shows one source per
//! report.

use std::fmt;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode, SourceSpan,
};

use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::source::{FileId, SourceMap};

/// How to draw reports.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    pub color: bool,
    pub width: usize,
}

impl Style {
    /// No color, fixed width: the style of tests and of logs.
    pub fn plain() -> Self {
        Self {
            color: false,
            width: 100,
        }
    }
}

/// Renders one diagnostic as text ending in a newline.
pub fn render(diagnostic: &Diagnostic, sources: &SourceMap, style: Style) -> String {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false)
        .with_urls(false);
    let report = Report::new(diagnostic, sources);
    let mut out = String::new();
    if handler.render_report(&mut out, &report).is_err() {
        // Rendering into a String cannot fail; keep the message if it ever does.
        out = format!("{}: {}\n", diagnostic.severity.as_str(), diagnostic.message);
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// A diagnostic in the shape miette wants.
#[derive(Debug)]
struct Report {
    message: String,
    code: Option<String>,
    severity: miette::Severity,
    help: Option<String>,
    source: Option<NamedSource<String>>,
    labels: Vec<LabeledSpan>,
    related: Vec<Report>,
}

impl Report {
    fn new(d: &Diagnostic, sources: &SourceMap) -> Self {
        let severity = match d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        };
        let primary_file = d.primary_span().map(|s| s.file);
        let (here, elsewhere): (Vec<&Label>, Vec<&Label>) = d
            .labels
            .iter()
            .partition(|l| Some(l.span.file) == primary_file);
        let mut related: Vec<Report> = elsewhere
            .iter()
            .map(|l| match source(sources, l.span.file) {
                Some(src) => Report {
                    message: l.message.clone(),
                    code: None,
                    severity: miette::Severity::Advice,
                    help: None,
                    source: Some(src),
                    labels: vec![labeled(l, true)],
                    related: Vec::new(),
                },
                None => gone(sources, l.span.file, &l.message),
            })
            .collect();
        let (source, labels) = match primary_file.map(|f| (f, source(sources, f))) {
            Some((_, Some(src))) => (
                Some(src),
                here.iter().map(|l| labeled(l, l.primary)).collect(),
            ),
            Some((file, None)) => {
                related.insert(0, gone(sources, file, "here"));
                (None, Vec::new())
            }
            None => (None, Vec::new()),
        };
        Report {
            message: d.message.clone(),
            code: Some(d.code.as_str().to_owned()),
            severity,
            help: d.help.clone(),
            source,
            labels,
            related,
        }
    }
}

/// The text of `file` to draw, or `None` when it changed on disk after it was read.
fn source(sources: &SourceMap, file: FileId) -> Option<NamedSource<String>> {
    let f = sources.get(file);
    f.is_available()
        .then(|| NamedSource::new(&f.name, f.shown_text().to_owned()))
}

/// A label whose file cannot be shown any more: its name and message, no lines.
fn gone(sources: &SourceMap, file: FileId, message: &str) -> Report {
    Report {
        message: format!(
            "{message} (in `{}`, which changed on disk after it was read, so its lines are not shown)",
            sources.get(file).name
        ),
        code: None,
        severity: miette::Severity::Advice,
        help: None,
        source: None,
        labels: Vec::new(),
        related: Vec::new(),
    }
}

fn labeled(label: &Label, primary: bool) -> LabeledSpan {
    let span = SourceSpan::new((label.span.start as usize).into(), label.span.len());
    let text = (!label.message.is_empty()).then(|| label.message.clone());
    if primary {
        LabeledSpan::new_primary_with_span(text, span)
    } else {
        LabeledSpan::new_with_span(text, span)
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Report {}

impl miette::Diagnostic for Report {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.code
            .as_ref()
            .map(|c| Box::new(c) as Box<dyn fmt::Display>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            None
        } else {
            Some(Box::new(self.labels.iter().cloned()))
        }
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        if self.related.is_empty() {
            None
        } else {
            Some(Box::new(
                self.related.iter().map(|r| r as &dyn miette::Diagnostic),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Code;
    use crate::source::{Fingerprint, Span};

    #[test]
    fn a_file_changed_on_disk_is_named_not_drawn() {
        let path = std::env::temp_dir().join(format!("parity-human-{}", std::process::id()));
        std::fs::write(&path, "name: OTHER\n").unwrap_or_else(|e| panic!("write: {e}"));
        let mut sources = SourceMap::new();
        let file = sources.reserve("stage/api.yaml", path.clone());
        sources.settle(file, Fingerprint::of("name: API_KEY\n"), Vec::new());
        let d = Diagnostic::error(Code::MissingRequiredKey, "`API_KEY` is missing")
            .with_primary(Span::new(file, 6..13), "here");
        let out = render(&d, &sources, Style::plain());
        let _ = std::fs::remove_file(path);
        assert!(out.contains("`API_KEY` is missing"), "{out}");
        assert!(
            out.contains("here (in `stage/api.yaml`, which changed on disk after it was read"),
            "{out}"
        );
        assert!(!out.contains("OTHER"), "{out}");
    }
}
