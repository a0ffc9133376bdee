//! GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=…::message`) and
//! the Markdown job summary.

use std::fmt::Write as _;

use super::findings::{Checked, Counts, place};
use crate::check::Outcome;
use crate::diagnostic::Severity;
use crate::source::SourceMap;

/// Escapes a workflow-command message (`%`, CR, LF).
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow-command property (also `:` and `,`).
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// One line per failed (or unknown) instance.
pub fn annotations(checked: &[Checked<'_>], sources: &SourceMap) -> String {
    let mut out = String::new();
    for c in checked {
        for f in &c.result.findings {
            let command = match (f.outcome, f.severity) {
                (Outcome::Fail, Severity::Error) => "error",
                (Outcome::Fail, Severity::Warning) => "warning",
                (Outcome::Unknown, _) => "notice",
                _ => continue,
            };
            let rule = &c.contract.rules[f.rule()];
            let span = f.at.unwrap_or(rule.span);
            let at = sources.start(span);
            let end = sources.end(span);
            let title = format!("{} ({})", rule.id, place(f).replace('`', ""));
            let mut message = f.message.to_string();
            if f.outcome == Outcome::Unknown {
                message = format!("unknown: {message}");
            }
            if let Some(help) = f.help() {
                message = format!("{message}\nhelp: {help}");
            }
            let _ = writeln!(
                out,
                "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                escape_property(&sources.get(span.file).name),
                at.line,
                at.column,
                end.line,
                end.column.max(at.column),
                escape_property(&title),
                escape_data(&message)
            );
        }
    }
    out
}

/// The Markdown summary for `$GITHUB_STEP_SUMMARY`.
pub fn summary(checked: &[Checked<'_>]) -> String {
    let mut out = String::from(
        "## parity check\n\n| contract | rules | passed | failed | unknown | waived | warnings |\n|---|---|---|---|---|---|---|\n",
    );
    for c in checked {
        let n = Counts::of_result(&c.result);
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} | {} | {} |",
            c.path,
            c.contract.rules.len(),
            n.passed,
            n.failed,
            n.unknown,
            n.waived,
            n.warnings
        );
    }
    let failing: Vec<String> = checked
        .iter()
        .flat_map(|c| {
            c.result
                .findings
                .iter()
                .filter(|f| matches!(f.outcome, Outcome::Fail | Outcome::Unknown))
                .map(move |f| {
                    let rule = &c.contract.rules[f.rule()];
                    format!(
                        "| {} | `{}` | {} | {} |",
                        f.outcome.as_str(),
                        rule.id,
                        place(f).replace('`', ""),
                        f.message.replace('|', "\\|")
                    )
                })
        })
        .collect();
    if !failing.is_empty() {
        out.push_str("\n| outcome | rule | where | message |\n|---|---|---|---|\n");
        for line in failing {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

/// Input problems (nothing was checked) as workflow commands.
pub fn diagnostics(list: &[crate::diagnostic::Diagnostic], sources: &SourceMap) -> String {
    let mut out = String::new();
    for d in list {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message = format!("{message}\nhelp: {help}");
        }
        let location = d.primary_span().map_or_else(String::new, |span| {
            let at = sources.start(span);
            format!(
                "file={},line={},col={},",
                escape_property(&sources.get(span.file).name),
                at.line,
                at.column
            )
        });
        let _ = writeln!(
            out,
            "::{command} {location}title={}::{}",
            escape_property(d.code.as_str()),
            escape_data(&message)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_command_values_are_escaped() {
        assert_eq!(escape_data("a%b\nc"), "a%25b%0Ac");
        assert_eq!(escape_property("x:y,z"), "x%3Ay%2Cz");
    }
}
