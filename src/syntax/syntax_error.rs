//! Syntax errors in human words: pest's "expected rule" lists become phrases such as
//! "expected an environment key such as `DATABASE_URL`", never a grammar rule name.

use pest::Parser;
use pest::error::{ErrorVariant, InputLocation};
use pest::set_error_detail;

use super::grammar::{ParityParser, Rule, keyword_text, keywords};
use crate::diagnostic::{Code, Diagnostic, did_you_mean};
use crate::source::{FileId, Span};

/// Keywords that start a statement; when many are expected, the message says "a statement".
const STATEMENT_WORDS: &[&str] = &[
    "allow", "contract", "deny", "env", "expect", "forbid", "in", "parity", "require", "rule",
    "service", "use", "waive", "warn", "when",
];

/// Literal tokens worth naming in "expected …" (others are parts of words or comments).
const PUNCTUATION: &[&str] = &[";", "{", "}", ",", "=", "!=", ":"];

/// Explains a statement that recovery swallowed, by parsing it again on its own.
pub(super) fn from_recovered(
    file: FileId,
    text: &str,
    start: usize,
    slice: &str,
) -> Option<Diagnostic> {
    let lead = leading_trivia(slice);
    let body = &slice[lead..];
    let at = start + lead;
    if body.starts_with('}') {
        return Some(
            Diagnostic::error(Code::SyntaxError, "unmatched `}`")
                .with_primary(Span::new(file, at..at + 1), "no block is open here")
                .with_help("remove it, or add the `{` that it closes"),
        );
    }
    if body.starts_with('{') && !balanced(body) {
        return Some(
            Diagnostic::error(Code::SyntaxError, "this `{` is never closed")
                .with_primary(Span::new(file, at..at + 1), "opened here")
                .with_help("add a `}` after the last statement of the block"),
        );
    }
    set_error_detail(true);
    let result = ParityParser::parse(Rule::probe, slice);
    set_error_detail(false);
    if let Err(error) = result {
        let end = start + slice.len();
        let rest = text.get(end..).unwrap_or("");
        let at_end = matches!(error.location, InputLocation::Pos(p) if p >= slice.len());
        if at_end && rest.trim_start().starts_with('{') && !balanced(rest) {
            // The header of a block that is never closed: the next recovery reports the `{`.
            return None;
        }
        return Some(from_pest(file, text, start, &error));
    }
    // The statement parses on its own: it is a top-level statement inside a block.
    let word = body.split_whitespace().next().unwrap_or("");
    let end = at + word.len();
    Some(
        Diagnostic::error(
            Code::SyntaxError,
            format!("`{word}` is not allowed inside a block"),
        )
        .with_primary(Span::new(file, at..end), "only at the top level of a file")
        .with_help("move this statement out of the `{ … }` block"),
    )
}

/// Turns a pest error at `offset` into `text` into a diagnostic.
pub(super) fn from_pest(
    file: FileId,
    text: &str,
    offset: usize,
    error: &pest::error::Error<Rule>,
) -> Diagnostic {
    let pos = offset
        + match error.location {
            InputLocation::Pos(p) | InputLocation::Span((p, _)) => p,
        };
    let pos = pos.min(text.len());
    if let Some(d) = string_problem(file, text, pos) {
        return d;
    }
    let mut expected: Vec<Option<String>> = Vec::new();
    match &error.variant {
        ErrorVariant::ParsingError { positives, .. } => {
            for rule in positives {
                for p in phrases(*rule) {
                    push_unique(&mut expected, Some(p));
                }
            }
        }
        ErrorVariant::CustomError { message } => {
            return Diagnostic::error(Code::SyntaxError, message.clone())
                .with_primary(Span::new(file, pos..pos), "here");
        }
    }
    if let Some(attempts) = error.parse_attempts() {
        for token in attempts.expected_tokens() {
            let token = token.to_string();
            let quoted = format!("`{token}`");
            let named_already = expected.iter().flatten().any(|e| e.contains(&quoted));
            if !named_already
                && (PUNCTUATION.contains(&token.as_str()) || keywords().contains(&token.as_str()))
            {
                push_unique(&mut expected, Some(quoted));
            }
        }
    }
    let expected: Vec<String> = expected.into_iter().flatten().collect();
    let statement_words = expected
        .iter()
        .filter(|e| STATEMENT_WORDS.iter().any(|w| **e == format!("`{w}`")))
        .count();
    let found = found_token(text, pos);
    let found_text = found.map_or_else(
        || "end of file".to_owned(),
        |(s, e)| format!("`{}`", &text[s..e]),
    );
    let span = found.map_or(Span::new(file, pos..pos), |(s, e)| Span::new(file, s..e));

    let (message, label) = if statement_words >= 4 {
        (
            format!("expected a statement, found {found_text}"),
            "not a statement".to_owned(),
        )
    } else if expected.is_empty() {
        (format!("unexpected {found_text}"), "unexpected".to_owned())
    } else {
        let list = join_or(&expected);
        let label = if list.len() > 60 {
            "not valid here".to_owned()
        } else {
            format!("expected {list}")
        };
        (format!("expected {list}, found {found_text}"), label)
    };
    let mut diagnostic = Diagnostic::error(Code::SyntaxError, message).with_primary(span, label);
    let word = found.map(|(s, e)| &text[s..e]);
    let help = if let Some(word) = word
        && let Some(suggestion) = did_you_mean(word, keywords())
        && (statement_words >= 4
            || expected
                .iter()
                .any(|e| e.contains(&format!("`{suggestion}`"))))
    {
        Some(format!("did you mean `{suggestion}`?"))
    } else if statement_words >= 4 {
        Some(
            "a statement starts with `require`, `forbid`, `expect`, `deny`, `allow`, `parity`, \
             `warn`, `rule`, `service`, `in`, `when`, `waive`, `env`, `contract` or `use`"
                .to_owned(),
        )
    } else if expected.iter().any(|e| e == "`;`") && starts_line(text, pos) {
        Some("end each statement with `;`".to_owned())
    } else {
        None
    };
    if let Some(help) = help {
        diagnostic = diagnostic.with_help(help);
    }
    diagnostic
}

/// A string literal at `pos` with an unknown escape or without its closing quote.
fn string_problem(file: FileId, text: &str, pos: usize) -> Option<Diagnostic> {
    let rest = text.get(pos..)?;
    if !rest.starts_with('"') {
        return None;
    }
    let mut chars = rest.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return None,
            '\\' => match chars.next() {
                Some((_, '"' | '\\' | 'n' | 't')) => {}
                Some((j, other)) => {
                    let span = Span::new(file, pos + i..pos + j + other.len_utf8());
                    return Some(
                        Diagnostic::error(
                            Code::SyntaxError,
                            format!("unknown escape `\\{other}` in a string"),
                        )
                        .with_primary(span, "unknown escape")
                        .with_help("strings know `\\\"`, `\\\\`, `\\n` and `\\t`; write `\\\\` for a backslash"),
                    );
                }
                None => break,
            },
            '\n' => break,
            _ => {}
        }
    }
    Some(
        Diagnostic::error(Code::SyntaxError, "this string is never closed")
            .with_primary(Span::new(file, pos..pos + 1), "opened here")
            .with_help("end the string with `\"` on the same line"),
    )
}

fn push_unique(list: &mut Vec<Option<String>>, item: Option<String>) {
    if item.is_some() && !list.contains(&item) {
        list.push(item);
    }
}

/// A rule as the phrases a user reads; empty for rules not worth naming.
fn phrases(rule: Rule) -> Vec<String> {
    let words = |list: &[&str]| list.iter().map(|w| format!("`{w}`")).collect();
    if let Some(word) = keyword_text(rule) {
        return vec![format!("`{word}`")];
    }
    let text = match rule {
        // A statement that fails on its first word is reported by its rule; name the word.
        Rule::contract_decl => return words(&["contract"]),
        Rule::env_decl => return words(&["env"]),
        Rule::use_decl => return words(&["use"]),
        Rule::service_block => return words(&["service"]),
        Rule::scope_block | Rule::scope_suffix => return words(&["in"]),
        Rule::when_block => return words(&["when"]),
        Rule::waiver => return words(&["waive"]),
        Rule::rule_stmt => {
            return words(&[
                "rule", "warn", "require", "forbid", "parity", "deny", "allow", "expect",
            ]);
        }
        Rule::rule_label => return words(&["rule"]),
        Rule::warn_flag => return words(&["warn"]),
        Rule::require_key
        | Rule::require_annotation
        | Rule::require_ingress
        | Rule::require_role => {
            return words(&["require"]);
        }
        Rule::forbid_key | Rule::forbid_annotation => return words(&["forbid"]),
        Rule::parity_rule => return words(&["parity"]),
        Rule::deny_reference | Rule::deny_invoker => return words(&["deny"]),
        Rule::allow_invokers => return words(&["allow"]),
        Rule::expect_secrets | Rule::expect_secret | Rule::expect_direct | Rule::expect_key => {
            return words(&["expect"]);
        }
        Rule::key_kind => return words(&["secret", "plain"]),
        Rule::parity_mode => return words(&["keys", "values"]),
        Rule::parity_on => return words(&["on"]),
        Rule::parity_except => return words(&["except"]),
        Rule::ref_category | Rule::ref_categories => {
            return words(&["domains", "databases", "secrets", "projects"]);
        }
        Rule::named_clause => return words(&["named"]),
        Rule::waiver_service => return words(&["for"]),
        Rule::waiver_reason => return words(&["because"]),
        Rule::template_flag => return words(&["template"]),
        Rule::absent_flag => return words(&["or"]),
        Rule::annotation_value | Rule::expect_eq | Rule::expect_eq_project => return words(&["="]),
        Rule::expect_ne => return words(&["!="]),
        Rule::expect_matches => return words(&["matches"]),
        Rule::expect_each => return words(&["each"]),
        Rule::expect_one_of => return words(&["one"]),
        Rule::expect_is => return words(&["is"]),
        Rule::block | Rule::env_body | Rule::contract_body => return words(&["{"]),
        Rule::block_end => return words(&["}"]),
        Rule::updated_prop => return words(&["updated"]),
        Rule::owner_prop => return words(&["owner"]),
        Rule::project_prop => return words(&["project"]),
        Rule::number_prop => return words(&["number"]),
        Rule::region_prop => return words(&["region"]),
        Rule::domain_prop => return words(&["domain"]),
        Rule::key | Rule::key_list => "an environment key such as `DATABASE_URL`",
        Rule::name | Rule::name_list => "a name such as `stage` or `backend`",
        Rule::string | Rule::string_list | Rule::str_body => "a quoted string",
        Rule::str_escape => "an escape (`\\\"`, `\\\\`, `\\n` or `\\t`)",
        Rule::regex | Rule::regex_body => "a regular expression such as `/^pk_test_/`",
        Rule::regex_flags => "the flag `i` or the end of the regular expression",
        Rule::date => "a date such as `2027-01-31`",
        Rule::integer | Rule::status_list => "a number (at most 18 digits)",
        Rule::member | Rule::member_list | Rule::well_known_member => {
            "an IAM member such as `allUsers` or `\"user:ops@example.com\"`"
        }
        Rule::rule_ref | Rule::bare_rule_id => {
            "a rule id such as `require-key/backend/DATABASE_URL`"
        }
        Rule::shape | Rule::shape_list => {
            "a shape (`url`, `https_url`, `host`, `email`, `service_account_email`, \
             `service_account_json`, `json`, `int` or `bool`)"
        }
        Rule::account_ref => "an environment key or a quoted service account email",
        Rule::EOI => "end of file",
        _ => return Vec::new(),
    };
    vec![text.to_owned()]
}

/// The word or character at `pos`, as a byte range; `None` at the end of the text.
fn found_token(text: &str, pos: usize) -> Option<(usize, usize)> {
    let rest = text.get(pos..)?;
    let first = rest.chars().next()?;
    let is_word = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
    let len = if is_word(first) {
        rest.find(|c: char| !is_word(c)).unwrap_or(rest.len())
    } else if first == '"' {
        rest[1..]
            .find(['"', '\n'])
            .map_or(rest.len(), |i| (i + 2).min(rest.len()))
    } else {
        first.len_utf8()
    };
    Some((pos, pos + len))
}

/// Whether only whitespace stands between the previous token and `pos`, across a line
/// break (the usual sign of a missing `;`).
fn starts_line(text: &str, pos: usize) -> bool {
    let before = &text[..pos];
    let trimmed = before.trim_end();
    before[trimmed.len()..].contains('\n') || pos >= text.len()
}

fn join_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// The length of the whitespace and comments at the start of `s`.
fn leading_trivia(s: &str) -> usize {
    let mut i = 0;
    loop {
        let rest = &s[i..];
        let trimmed = rest.trim_start();
        i += rest.len() - trimmed.len();
        if trimmed.starts_with('#') {
            i += trimmed.find('\n').unwrap_or(trimmed.len());
        } else {
            return i;
        }
    }
}

/// Whether the braces of `s` (outside strings and comments) balance.
fn balanced(s: &str) -> bool {
    let mut depth = 0i64;
    let mut in_string = false;
    let mut in_comment = false;
    let mut escaped = false;
    for c in s.chars() {
        if in_comment {
            in_comment = c != '\n';
        } else if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' || c == '\n' {
                in_string = false;
            }
        } else {
            match c {
                '"' => in_string = true,
                '#' => in_comment = true,
                '{' => depth += 1,
                '}' => depth -= 1,
                _ => {}
            }
        }
    }
    depth == 0
}
