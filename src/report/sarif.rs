//! SARIF 2.1.0 through serde-sarif's typed model. One run; `tool.driver.rules` holds every
//! statement kind and diagnostic code with its documentation; each result's `ruleId` is
//! the stable rule id (hierarchical under its kind, as SARIF allows), located in the
//! snapshot file with the contract rule as a related location.

use std::collections::BTreeMap;

use serde_sarif::sarif::{
    ArtifactLocation, Location, Message, MultiformatMessageString, PhysicalLocation, PropertyBag,
    Region, ReportingDescriptor, ReportingDescriptorReference, Result as SarifResult, ResultLevel,
    Run, Sarif, Suppression, Tool, ToolComponent,
};

use super::findings::Checked;
use crate::check::{Finding, Outcome};
use crate::compile::RuleKind;
use crate::diagnostic::{Code, Severity};
use crate::source::{SourceMap, Span};

/// Renders the SARIF log.
pub fn render(checked: &[Checked<'_>], sources: &SourceMap, all: bool) -> String {
    let mut descriptors: Vec<ReportingDescriptor> = RuleKind::ALL
        .iter()
        .map(|k| descriptor(k.as_str(), k.summary(), k.doc()))
        .collect();
    descriptors.extend(
        Code::ALL
            .iter()
            .map(|c| descriptor(c.as_str(), c.summary(), c.doc())),
    );
    let kind_index = |kind: RuleKind| RuleKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
    let mut results = Vec::new();
    for c in checked {
        for f in &c.result.findings {
            if f.outcome == Outcome::Pass && !all {
                continue;
            }
            let rule = &c.contract.rules[f.rule()];
            let index = kind_index(rule.kind());
            results.push(result(f, c, index, sources));
        }
    }
    log(descriptors, results)
}

/// The one-run SARIF log both reports share: parity as the tool, columns counted in
/// Unicode code points (as `location` gives them).
fn log(descriptors: Vec<ReportingDescriptor>, results: Vec<SarifResult>) -> String {
    let driver = ToolComponent::builder()
        .name("parity")
        .version(env!("CARGO_PKG_VERSION"))
        .information_uri("https://github.com/parity-contracts/parity")
        .rules(descriptors)
        .build();
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .results(results)
        .column_kind(serde_json::Value::String("unicodeCodePoints".to_owned()))
        .build();
    let log = Sarif::builder()
        .schema(serde_sarif::sarif::SCHEMA_URL)
        .version(serde_json::Value::String("2.1.0".to_owned()))
        .runs(vec![run])
        .build();
    let mut out = serde_json::to_string_pretty(&log).unwrap_or_else(|_| "{}".to_owned());
    out.push('\n');
    out
}

fn descriptor(id: &str, summary: &str, doc: &str) -> ReportingDescriptor {
    ReportingDescriptor::builder()
        .id(id)
        .short_description(MultiformatMessageString::builder().text(summary).build())
        .help(
            MultiformatMessageString::builder()
                .text(doc)
                .markdown(doc)
                .build(),
        )
        .build()
}

fn location(span: Span, sources: &SourceMap, message: Option<String>) -> Location {
    let start = sources.start(span);
    let end = sources.end(span);
    let region = Region::builder()
        .start_line(i64::from(start.line))
        .start_column(i64::from(start.column))
        .end_line(i64::from(end.line))
        .end_column(i64::from(end.column.max(start.column)))
        .build();
    let physical = PhysicalLocation::builder()
        .artifact_location(
            ArtifactLocation::builder()
                .uri(uri(&sources.get(span.file).name))
                .build(),
        )
        .region(region)
        .build();
    match message {
        Some(m) => Location::builder()
            .physical_location(physical)
            .message(Message::builder().text(m).build())
            .build(),
        None => Location::builder().physical_location(physical).build(),
    }
}

/// A relative path as a URI reference (forward slashes, spaces and `%` escaped).
fn uri(path: &str) -> String {
    let mut out = String::new();
    for c in path.replace('\\', "/").chars() {
        match c {
            ' ' => out.push_str("%20"),
            '%' => out.push_str("%25"),
            '#' => out.push_str("%23"),
            '?' => out.push_str("%3F"),
            other => out.push(other),
        }
    }
    out
}

fn result(f: &Finding, c: &Checked<'_>, index: usize, sources: &SourceMap) -> SarifResult {
    let rule = &c.contract.rules[f.rule()];
    let level = match (f.outcome, f.severity) {
        (Outcome::Unknown, _) => ResultLevel::Note,
        (Outcome::Pass, _) => ResultLevel::None,
        (_, Severity::Error) => ResultLevel::Error,
        (_, Severity::Warning) => ResultLevel::Warning,
    };
    let rule_text = format!("rule `{}`: {}", rule.id, rule.meaning(c.contract));
    let (primary, related) = match f.at {
        Some(at) => (
            location(at, sources, None),
            vec![location(rule.span, sources, Some(rule_text))],
        ),
        None => (location(rule.span, sources, Some(rule_text)), Vec::new()),
    };
    let mut related = related;
    for (span, text) in f.related() {
        related.push(location(*span, sources, Some(text.clone())));
    }
    let mut properties = BTreeMap::new();
    properties.insert(
        "outcome".to_owned(),
        serde_json::Value::String(f.outcome.as_str().to_owned()),
    );
    properties.insert(
        "code".to_owned(),
        serde_json::Value::String(f.code.as_str().to_owned()),
    );
    for (name, value) in [("env", &f.env), ("service", &f.service), ("key", &f.key)] {
        if let Some(v) = value {
            properties.insert(name.to_owned(), serde_json::Value::String(v.to_string()));
        }
    }
    let mut message = f.message.to_string();
    if let Some(help) = f.help() {
        message = format!("{message}. {help}");
    }
    let builder = SarifResult::builder()
        .rule_id(rule.id.clone())
        .rule_index(i64::try_from(index).unwrap_or(0))
        .rule(
            ReportingDescriptorReference::builder()
                .id(rule.kind().as_str())
                .index(i64::try_from(index).unwrap_or(0))
                .build(),
        )
        .level(level)
        .message(Message::builder().text(message).build())
        .locations(vec![primary])
        .properties(
            PropertyBag::builder()
                .additional_properties(properties)
                .build(),
        );
    let builder = builder.related_locations(related);
    if f.outcome == Outcome::Waived {
        let waiver = f.waiver().and_then(|i| c.contract.waivers.get(i));
        let justification = waiver.map_or_else(String::new, |w| w.reason.clone());
        let mut suppression = Suppression::builder()
            .kind(serde_json::Value::String("inSource".to_owned()))
            .status(serde_json::Value::String("accepted".to_owned()))
            .justification(justification)
            .build();
        if let Some(w) = waiver {
            suppression.location = Some(location(w.span, sources, None));
        }
        builder.suppressions(vec![suppression]).build()
    } else {
        builder.build()
    }
}

/// A SARIF log of input problems (a contract or snapshot that could not be read), when
/// nothing could be checked.
pub fn render_diagnostics(list: &[crate::diagnostic::Diagnostic], sources: &SourceMap) -> String {
    let descriptors: Vec<ReportingDescriptor> = Code::ALL
        .iter()
        .map(|c| descriptor(c.as_str(), c.summary(), c.doc()))
        .collect();
    let results: Vec<SarifResult> = list
        .iter()
        .map(|d| {
            let index = Code::ALL.iter().position(|c| *c == d.code).unwrap_or(0);
            let level = match d.severity {
                Severity::Error => ResultLevel::Error,
                Severity::Warning => ResultLevel::Warning,
            };
            let mut message = d.message.clone();
            if let Some(help) = &d.help {
                message = format!("{message}. {help}");
            }
            let builder = SarifResult::builder()
                .rule_id(d.code.as_str())
                .rule_index(i64::try_from(index).unwrap_or(0))
                .level(level)
                .message(Message::builder().text(message).build());
            match d.primary_span() {
                Some(span) => builder
                    .locations(vec![location(span, sources, None)])
                    .build(),
                None => builder.build(),
            }
        })
        .collect();
    log(descriptors, results)
}
