//! Human output: miette's graphical report. A label in another file than the primary
//! one becomes a related report with its own source, since miette shows one source per
//! report.

use std::fmt;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
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
    source: Option<Excerpt>,
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
            .map(|l| match source(sources, l.span.file, &[l]) {
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
        let (source, labels) = match primary_file.map(|f| (f, source(sources, f, &here))) {
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

/// The lines of `file` around `labels` to draw, or `None` when the file changed on disk
/// after it was read.
fn source(sources: &SourceMap, file: FileId, labels: &[&Label]) -> Option<Excerpt> {
    let f = sources.get(file);
    if !f.is_available() {
        return None;
    }
    let text = f.shown_text();
    let index = f.line_index();
    let lo = labels
        .iter()
        .map(|l| l.span.start as usize)
        .min()
        .unwrap_or(0);
    let hi = labels
        .iter()
        .map(|l| l.span.end as usize)
        .max()
        .unwrap_or(0);
    // miette counts a lone `\r` as a line break too; the line index does not. Such a file
    // (rare) is handed over whole, so line numbers stay miette's own.
    let (start, end, lines_before) = if index.has_lone_cr() {
        (0, text.len(), 0)
    } else {
        let first = index.line_of(lo).saturating_sub(EXCERPT_MARGIN);
        let after = index.line_of(hi) + EXCERPT_MARGIN + 1;
        let end = if after < index.line_count() {
            index.line_start(after)
        } else {
            text.len()
        };
        (index.line_start(first), end, first)
    };
    Some(Excerpt {
        name: f.name.clone(),
        text: text.get(start..end).unwrap_or_default().to_owned(),
        offset: start,
        lines_before,
    })
}

/// Lines of margin an excerpt keeps around its labels: more than the one line of context
/// miette draws (and the line it reads past it), so it never reaches an excerpt's edge.
const EXCERPT_MARGIN: usize = 4;

/// The part of a file a report draws, starting at a line boundary. miette finds lines by
/// scanning its source from the first byte, so a whole file per finding made a report
/// quadratic in one large file with a finding per service (a fleet's `probes.json`); an
/// excerpt is scanned instead, and line numbers are shifted back to the file's.
#[derive(Debug)]
struct Excerpt {
    name: String,
    text: String,
    /// Byte offset of `text` in the file.
    offset: usize,
    /// Line breaks in the file before `offset`.
    lines_before: usize,
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let local = span
            .offset()
            .checked_sub(self.offset)
            .ok_or(MietteError::OutOfBounds)?;
        let inner = self.text.as_bytes().read_span(
            &SourceSpan::new(local.into(), span.len()),
            context_lines_before,
            context_lines_after,
        )?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            SourceSpan::new(
                (inner.span().offset() + self.offset).into(),
                inner.span().len(),
            ),
            inner.line() + self.lines_before,
            inner.column(),
            inner.line_count() + self.lines_before,
        )))
    }
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

    /// `report` drawn from whole files, as miette would draw it without excerpts.
    fn whole_files(mut report: Report, sources: &SourceMap, file: FileId) -> Report {
        if let Some(src) = &mut report.source {
            src.text = sources.get(file).shown_text().to_owned();
            src.offset = 0;
            src.lines_before = 0;
        }
        report.related = report
            .related
            .into_iter()
            .map(|r| whole_files(r, sources, file))
            .collect();
        report
    }

    fn draw(report: &Report) -> String {
        let mut out = String::new();
        GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
            .with_width(100)
            .render_report(&mut out, report)
            .unwrap_or_else(|e| panic!("render: {e}"));
        out
    }

    #[test]
    fn excerpts_draw_what_whole_files_draw() {
        let mut lines: Vec<String> = (0..60).map(|i| format!("  key_{i}: välue {i}")).collect();
        lines[30] = "  multi: |".to_owned();
        for (name, sep, tail) in [
            ("lf.yaml", "\n", "\n"),
            ("crlf.yaml", "\r\n", "\r\n"),
            ("no-newline.yaml", "\n", ""),
            ("lone-cr.yaml", "\r", "\n"),
            // One old Mac line break early on: miette counts a line the index does not.
            ("one-lone-cr.yaml", "\n", "\n"),
        ] {
            let mut text = format!("{}{tail}", lines.join(sep));
            if name == "one-lone-cr.yaml" {
                text = text.replacen('\n', "\r", 1);
            }
            let mut sources = SourceMap::new();
            let file = sources.add(name, text.clone());
            let at = |needle: &str| {
                let start = text.find(needle).unwrap_or_else(|| panic!("{needle}"));
                start..start + needle.len()
            };
            let last = text.trim_end().len();
            for (primary, secondary) in [
                (at("key_0"), None),
                (at("välue 45"), Some(at("key_3:"))),
                (at("key_59: välue 59"), None),
                (last - 1..last, Some(at("multi"))),
                (at("key_29"), Some(at("key_31"))),
                (at("key_10: välue 10").start..at("key_12").end, None),
            ] {
                let mut d = Diagnostic::error(Code::MissingRequiredKey, "a finding")
                    .with_primary(Span::new(file, primary.clone()), "here");
                if let Some(r) = secondary {
                    d = d.with_secondary(Span::new(file, r), "and there");
                }
                let excerpt = draw(&Report::new(&d, &sources));
                let whole = draw(&whole_files(Report::new(&d, &sources), &sources, file));
                assert_eq!(excerpt, whole, "{name} at {primary:?}");
                assert!(excerpt.contains("here"), "{excerpt}");
            }
        }
    }
}
