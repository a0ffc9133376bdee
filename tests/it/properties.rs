//! Properties over generated input: the formatter round-trips and is idempotent on
//! generated contracts; no parser panics on arbitrary text; redaction holds on generated
//! values.

use proptest::prelude::*;

use parity::diagnostic::redact::{Redactor, credential_ranges};
use parity::snapshot::read_file;
use parity::source::mask::masked;
use parity::source::{FileId, SourceMap};
use parity::syntax::{format, parse};

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Z][A-Z0-9_]{0,12}",
        Just("requireX".to_owned()),
        Just("env_NAME".to_owned()),
        Just("secret".to_owned()),
    ]
}

fn name() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9-]{0,8}"
}

fn string() -> impl Strategy<Value = String> {
    // Any text, written with the escapes the grammar knows.
    "[a-zA-Z0-9 ._:/@*?{},é😀\"\\\\\n\t-]{0,16}".prop_map(|s| {
        let escaped: String = s
            .chars()
            .map(|c| match c {
                '"' => "\\\"".to_owned(),
                '\\' => "\\\\".to_owned(),
                '\n' => "\\n".to_owned(),
                '\t' => "\\t".to_owned(),
                other => other.to_string(),
            })
            .collect();
        format!("\"{escaped}\"")
    })
}

fn statement() -> impl Strategy<Value = String> {
    prop_oneof![
        (
            key(),
            prop_oneof![Just(""), Just(" secret"), Just(" plain")]
        )
            .prop_map(|(k, kind)| format!("require key {k}{kind};")),
        key().prop_map(|k| format!("forbid key {k};")),
        (key(), string()).prop_map(|(k, v)| format!("expect {k} = {v};")),
        (key(), string()).prop_map(|(k, v)| format!("expect {k} matches {v};")),
        key().prop_map(|k| format!("expect {k} matches /^a\\/b[0-9]+$/i;")),
        (key(), string(), string()).prop_map(|(k, a, b)| format!("expect {k} one of {a}, {b};")),
        key().prop_map(|k| format!("expect {k} is url or service_account_email;")),
        string().prop_map(|v| format!("require annotation {v} = \"false\" or absent;")),
        Just("deny invoker allUsers, \"user:ops@example.com\";".to_owned()),
        Just("expect direct url status 401, 403;".to_owned()),
        (name(), key()).prop_map(|(n, k)| format!("service {n} {{\n  require key {k}; # note\n}}")),
        (name(), string())
            .prop_map(|(n, s)| format!("waive require-key/{n}/X until 2027-01-31 because {s};")),
        key().prop_map(|k| format!("## doc 😀\nwarn expect {k} is int;")),
        name().prop_map(|n| format!(
            "# a comment\nenv {n} {{ project \"p\"; number 123456789012; }}"
        )),
    ]
}

fn spacing() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("\n".to_owned()),
        Just("\n\n".to_owned()),
        Just("  \n\n\n".to_owned()),
        Just(" # trailing\n".to_owned())
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn formatting_generated_contracts_round_trips_and_is_idempotent(
        parts in proptest::collection::vec((statement(), spacing()), 1..12)
    ) {
        let text: String = parts.iter().flat_map(|(s, sp)| [s.as_str(), sp.as_str()]).collect();
        let parsed = parse(FileId(0), &text);
        prop_assert!(parsed.diagnostics.is_empty(), "generated text must parse: {text}\n{:?}", parsed.diagnostics);
        let once = format(&parsed.ast, &parsed.comments, &text);
        let again = parse(FileId(0), &once);
        prop_assert!(again.diagnostics.is_empty(), "{once}");
        prop_assert_eq!(&parsed.ast, &again.ast);
        prop_assert_eq!(format(&again.ast, &again.comments, &once), once);
    }

    #[test]
    fn no_parser_panics_on_arbitrary_text(text in "\\PC{0,200}") {
        let _ = parse(FileId(0), &text);
        let mut sources = SourceMap::new();
        let root = sources.add("x.parity", text.clone());
        let _ = parity::compile::compile(&mut sources, root, &mut parity::compile::NoIncludes, &parity::compile::Options::default());
        for name in ["s.yaml", "s.json", "s.iam.json", "s.iam.yaml", "s.env", "probes.json", "secret-shapes.json"] {
            let read = read_file(FileId(0), name, &text);
            if read.content.is_none() && !read.ignored {
                prop_assert!(!read.diagnostics.is_empty(), "{name}: rejected without a diagnostic");
            }
        }
    }

    #[test]
    fn no_parser_panics_on_structured_noise(
        text in proptest::collection::vec(prop_oneof![
            Just("{"), Just("}"), Just("["), Just("]"), Just(":"), Just(","), Just("\""), Just("- "),
            Just("\n"), Just("  "), Just("name"), Just("env"), Just("value"), Just("&a"), Just("*a"),
            Just("apiVersion: serving.knative.dev/v1\nkind: Service\n"), Just("${X}"), Just("#"), Just("="),
        ], 0..60).prop_map(|v| v.concat())
    ) {
        for name in ["s.yaml", "s.json", "s.env", "s.iam.yaml"] {
            let _ = read_file(FileId(0), name, &text);
        }
        let _ = parse(FileId(0), &text);
    }

    #[test]
    fn secret_values_never_survive_redaction(tail in "[A-Za-z0-9+/=_.~-]{3,40}") {
        // A distinctive start, so the value cannot occur by chance elsewhere in a URL.
        let value = format!("Zq9{tail}");
        let r = Redactor::new(["DATABASE_URL".to_owned()]);
        for key in ["DATABASE_URL", "STRIPE_SECRET_KEY", "API_TOKEN", "DB_PASSWORD", "GOOGLE_CREDENTIALS"] {
            prop_assert!(!r.show(key, &value).contains(&value));
            let ranges = r.ranges(key, &value);
            prop_assert!(!masked(&value, &ranges).contains(&value));
        }
        let url = format!("postgres://app:{value}@db.internal:5432/app");
        prop_assert!(!r.show("REPORTS_URL", &url).contains(&value));
        prop_assert!(!masked(&url, &credential_ranges(&url)).contains(&value));
    }
}
