//! Token classes for editors (LSP semantic tokens), read from the same pest parse as
//! everything else: what the grammar calls a keyword is highlighted as one.

use pest::Parser;

use super::grammar::{ParityParser, Rule, is_keyword};

/// What a token is, for highlighting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenClass {
    Keyword,
    Comment,
    DocComment,
    String,
    Regex,
    Number,
    /// An environment key such as `DATABASE_URL`.
    Key,
    /// An environment or service name.
    Name,
    /// A rule id in a waiver or `rule` label.
    RuleId,
    /// `allUsers`, `allAuthenticatedUsers`.
    Member,
    /// A shape (`url`, `service_account_email`, …).
    Shape,
}

/// The classified tokens of `text`, in order, as byte ranges. Statements that do not
/// parse contribute nothing.
pub fn highlights(text: &str) -> Vec<(std::ops::Range<usize>, TokenClass)> {
    let Ok(pairs) = ParityParser::parse(Rule::file, text) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut in_shape = false;
    for pair in pairs.flatten() {
        let span = pair.as_span();
        let range = span.start()..span.end();
        let rule = pair.as_rule();
        let class = match rule {
            Rule::COMMENT => Some(TokenClass::Comment),
            Rule::doc_comment => Some(TokenClass::DocComment),
            Rule::string => Some(TokenClass::String),
            Rule::regex => Some(TokenClass::Regex),
            Rule::date | Rule::integer => Some(TokenClass::Number),
            Rule::key => Some(TokenClass::Key),
            Rule::name => Some(TokenClass::Name),
            Rule::bare_rule_id => Some(TokenClass::RuleId),
            Rule::well_known_member => Some(TokenClass::Member),
            Rule::shape => {
                in_shape = true;
                Some(TokenClass::Shape)
            }
            r if is_keyword(r) => {
                if in_shape {
                    in_shape = false;
                    None
                } else {
                    Some(TokenClass::Keyword)
                }
            }
            _ => None,
        };
        if let Some(class) = class {
            out.push((range, class));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_keys_names_and_literals_are_classified() {
        let text = "## doc\nrequire key DB secret in stage; # c\nexpect X is url;\n";
        let got: Vec<(&str, TokenClass)> = highlights(text)
            .into_iter()
            .map(|(r, c)| (&text[r], c))
            .collect();
        assert_eq!(
            got,
            [
                ("## doc", TokenClass::DocComment),
                ("require", TokenClass::Keyword),
                ("key", TokenClass::Keyword),
                ("DB", TokenClass::Key),
                ("secret", TokenClass::Keyword),
                ("in", TokenClass::Keyword),
                ("stage", TokenClass::Name),
                ("# c", TokenClass::Comment),
                ("expect", TokenClass::Keyword),
                ("X", TokenClass::Key),
                ("is", TokenClass::Keyword),
                ("url", TokenClass::Shape),
            ]
        );
    }
}
