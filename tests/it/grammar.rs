//! The tricky tokens of the grammar, asserted on the syntax tree.

use parity::source::FileId;
use parity::syntax::ast::{Expected, Member, Pattern, RuleBody, Stmt};
use parity::syntax::parse;

/// The rule bodies of a text that must parse without diagnostics.
fn bodies(text: &str) -> Vec<RuleBody> {
    let parsed = parse(FileId(0), text);
    assert!(
        parsed.diagnostics.is_empty(),
        "{text}: {:?}",
        parsed.diagnostics
    );
    parsed
        .ast
        .items
        .into_iter()
        .filter_map(|i| match i.stmt.node {
            Stmt::Rule(r) => Some(r.body.node),
            _ => None,
        })
        .collect()
}

fn errors(text: &str) -> Vec<String> {
    parse(FileId(0), text)
        .diagnostics
        .into_iter()
        .map(|d| d.message)
        .collect()
}

#[test]
fn the_two_statements_of_the_brief_parse_as_written() {
    let b = bodies("require key DATABASE_URL secret;\ndeny invoker allUsers in stage;\n");
    assert!(
        matches!(&b[0], RuleBody::RequireKey { key, kind: Some(_) } if key.node == "DATABASE_URL")
    );
    assert!(
        matches!(&b[1], RuleBody::DenyInvoker { members } if members[0].node == Member::AllUsers)
    );
}

#[test]
fn members_are_bare_well_known_words_or_quoted_strings() {
    let b = bodies(
        "deny invoker allUsers, allAuthenticatedUsers, \"serviceAccount:x@p.iam.gserviceaccount.com\";",
    );
    let RuleBody::DenyInvoker { members } = &b[0] else {
        panic!("not deny invoker: {b:?}")
    };
    let list: Vec<&str> = members.iter().map(|m| m.node.as_iam()).collect();
    assert_eq!(
        list,
        [
            "allUsers",
            "allAuthenticatedUsers",
            "serviceAccount:x@p.iam.gserviceaccount.com"
        ]
    );
}

#[test]
fn a_bare_member_must_be_a_whole_word() {
    assert!(!errors("deny invoker allUsersX;").is_empty());
}

#[test]
fn regex_literals_may_contain_escaped_slashes() {
    let b = bodies(r"expect URL matches /^https:\/\/[a-z]+\/api$/i;");
    let RuleBody::ExpectMatches {
        pattern: Pattern::Regex {
            source,
            case_insensitive,
        },
        ..
    } = &b[0]
    else {
        panic!("not a regex: {b:?}")
    };
    assert_eq!(source.node, r"^https:\/\/[a-z]+\/api$");
    assert!(case_insensitive);
}

#[test]
fn strings_decode_their_escapes() {
    let b = bodies(r#"expect NOTE = "say \"hi\" \\ then\n\tgo";"#);
    let RuleBody::ExpectEq {
        value: Expected::Literal(v),
        ..
    } = &b[0]
    else {
        panic!("not a literal: {b:?}")
    };
    assert_eq!(v.node, "say \"hi\" \\ then\n\tgo");
}

#[test]
fn an_unknown_escape_is_a_syntax_error() {
    let errs = errors(r#"expect NOTE = "bad \q escape";"#);
    assert_eq!(errs.len(), 1, "{errs:?}");
}

#[test]
fn keys_may_start_with_a_keyword() {
    let b = bodies(
        "require key requireX;\nexpect env_NAME = \"x\";\nforbid key secret;\nexpect secrets_DIR = \"d\";\n",
    );
    let keys: Vec<&str> = b
        .iter()
        .map(|body| match body {
            RuleBody::RequireKey { key, .. }
            | RuleBody::ForbidKey { key }
            | RuleBody::ExpectEq { key, .. } => key.node.as_str(),
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    assert_eq!(keys, ["requireX", "env_NAME", "secret", "secrets_DIR"]);
}

#[test]
fn a_statement_may_start_with_a_keyword_lookalike_key() {
    // `expect secret …` is a statement about secrets, unless a key named `secret` follows.
    let b = bodies("expect secret = \"x\";\nexpect secret DB from project \"p\";\n");
    assert!(matches!(&b[0], RuleBody::ExpectEq { key, .. } if key.node == "secret"));
    assert!(matches!(&b[1], RuleBody::ExpectSecretProject { key: Some(k), .. } if k.node == "DB"));
}

#[test]
fn comments_at_end_of_file_without_newline_are_fine() {
    assert!(errors("env dev; # trailing").is_empty());
    assert!(errors("env dev;\n# last line").is_empty());
    assert!(errors("# only a comment").is_empty());
    assert!(errors("").is_empty());
}

#[test]
fn doc_comments_attach_to_the_next_statement() {
    let parsed = parse(FileId(0), "## first line\n## second line\nenv dev;\n");
    let docs: Vec<&str> = parsed.ast.items[0]
        .docs
        .iter()
        .map(|d| d.node.as_str())
        .collect();
    assert_eq!(docs, ["first line", "second line"]);
}

#[test]
fn a_doc_comment_at_the_end_of_a_file_is_kept_as_dangling() {
    let parsed = parse(FileId(0), "env dev;\n## nothing follows\n");
    assert!(parsed.diagnostics.is_empty());
    assert_eq!(parsed.ast.dangling_docs.len(), 1);
}

#[test]
fn dates_and_long_project_numbers_parse() {
    let parsed = parse(
        FileId(0),
        "env prod { number 331919709696; }\nwaive x until 2027-01-31 because \"r\";\n",
    );
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
}

#[test]
fn rule_ids_may_contain_colons_and_slashes() {
    let parsed = parse(
        FileId(0),
        "waive deny-invoker/*/user:bob@x.com until 2027-01-31 because \"r\";\nrule a:b: forbid key X;\n",
    );
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    let Stmt::Waive(w) = &parsed.ast.items[0].stmt.node else {
        panic!("not a waiver")
    };
    assert_eq!(w.rule.node, "deny-invoker/*/user:bob@x.com");
    let Stmt::Rule(r) = &parsed.ast.items[1].stmt.node else {
        panic!("not a rule")
    };
    assert_eq!(r.id.as_ref().map(|i| i.node.as_str()), Some("a:b"));
}

#[test]
fn three_mistakes_give_three_diagnostics_and_the_rest_still_parses() {
    let text =
        "requir key A;\nrequire key B;\nforbid key ;\nservice x { expect C = ; require key D; }\n";
    let parsed = parse(FileId(0), text);
    assert_eq!(parsed.diagnostics.len(), 3, "{:?}", parsed.diagnostics);
    let good = parsed
        .ast
        .items
        .iter()
        .filter(|i| !matches!(i.stmt.node, Stmt::Error))
        .count();
    assert_eq!(
        good, 2,
        "`require key B;` and the service block still parse"
    );
}

#[test]
fn syntax_errors_speak_in_words_not_rule_names() {
    for text in [
        "require key ;",
        "deny invoker ;",
        "expect X matches 3;",
        "waive x until soon;",
        "env ;",
        "service {",
    ] {
        for message in errors(text) {
            for rule_name in [
                "key_kind",
                "name_list",
                "rule_ref",
                "str_body",
                "EOI",
                "top_item",
            ] {
                assert!(
                    !message.contains(rule_name),
                    "{text}: `{message}` names a grammar rule"
                );
            }
        }
    }
}

#[test]
fn a_missing_semicolon_is_reported_with_its_position() {
    let parsed = parse(FileId(0), "require key A\nrequire key B;\n");
    assert_eq!(parsed.diagnostics.len(), 1);
    let d = &parsed.diagnostics[0];
    assert!(d.message.contains("`;`"), "{}", d.message);
    assert_eq!(d.help.as_deref(), Some("end each statement with `;`"));
}
