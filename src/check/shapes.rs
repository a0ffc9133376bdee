//! Value shapes (`expect K is url`, `when K is service_account_email`), and the hosts of
//! URL-like values.

use crate::syntax::ast::Shape;

/// Whether `value` has `shape`.
pub fn has_shape(value: &str, shape: Shape) -> bool {
    let v = value.trim();
    match shape {
        Shape::Url => url::Url::parse(v).is_ok_and(|u| u.has_host()),
        Shape::HttpsUrl => url::Url::parse(v).is_ok_and(|u| u.scheme() == "https" && u.has_host()),
        Shape::Host => is_host(v),
        Shape::Email => is_email(v),
        Shape::ServiceAccountEmail => is_service_account_email(v),
        Shape::ServiceAccountJson => is_service_account_json(v),
        Shape::Json => serde_json::from_str::<serde_json::Value>(v).is_ok(),
        Shape::Int => v.parse::<i64>().is_ok(),
        Shape::Bool => v.eq_ignore_ascii_case("true") || v.eq_ignore_ascii_case("false"),
    }
}

fn is_host(v: &str) -> bool {
    !v.is_empty()
        && v.len() <= 253
        && v.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}

fn is_email(v: &str) -> bool {
    let Some((local, domain)) = v.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !local.chars().any(|c| c.is_whitespace() || c == '@')
        && domain.contains('.')
        && is_host(domain)
}

/// `…@PROJECT.iam.gserviceaccount.com`, `…@developer.gserviceaccount.com`,
/// `…@appspot.gserviceaccount.com`.
pub fn is_service_account_email(v: &str) -> bool {
    is_email(v) && {
        let lower = v.to_ascii_lowercase();
        lower.ends_with(".iam.gserviceaccount.com")
            || lower.ends_with("@developer.gserviceaccount.com")
            || lower.ends_with("@appspot.gserviceaccount.com")
    }
}

fn is_service_account_json(v: &str) -> bool {
    let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(v) else {
        return false;
    };
    map.get("type").and_then(serde_json::Value::as_str) == Some("service_account")
        && map.contains_key("client_email")
        && map.contains_key("private_key")
}

/// The shapes in the order they are tried, the most specific first.
const ORDER: [Shape; 9] = [
    Shape::ServiceAccountJson,
    Shape::ServiceAccountEmail,
    Shape::HttpsUrl,
    Shape::Url,
    Shape::Email,
    Shape::Int,
    Shape::Bool,
    Shape::Json,
    Shape::Host,
];

/// The most specific shape `value` has, if any.
pub fn first_shape(value: &str) -> Option<Shape> {
    ORDER.into_iter().find(|s| has_shape(value, *s))
}

/// The most specific shape of `value`, for messages.
pub fn describe(value: &str) -> &'static str {
    if let Some(shape) = first_shape(value) {
        return shape.as_str();
    }
    if value.is_empty() {
        "empty"
    } else {
        "text of no listed shape"
    }
}

/// The items of a list value: a JSON array of strings, or comma-separated (trimmed, empty
/// items dropped).
pub fn list_items(value: &str) -> Vec<String> {
    if let Ok(items) = serde_json::from_str::<Vec<String>>(value.trim()) {
        return items;
    }
    value
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The hosts named by URL-like parts of a value (`https://a.example/x, postgres://u@db:5432`).
pub fn url_hosts(value: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in value.split(|c: char| c == ',' || c.is_whitespace() || c == '"' || c == '\'') {
        if !part.contains("://") {
            continue;
        }
        if let Ok(u) = url::Url::parse(part.trim())
            && let Some(host) = u.host_str()
        {
            let host = host
                .trim_start_matches('[')
                .trim_end_matches(']')
                .to_ascii_lowercase();
            if !host.is_empty() && !out.contains(&host) {
                out.push(host);
            }
        }
    }
    out
}

/// Schemes of database connection strings.
pub fn is_database_url(value: &str) -> bool {
    let lower = value.trim().to_ascii_lowercase();
    [
        "postgres://",
        "postgresql://",
        "postgresql+",
        "mysql://",
        "mysql+",
        "mariadb://",
        "mongodb://",
        "mongodb+srv://",
        "redis://",
        "rediss://",
        "sqlserver://",
        "jdbc:",
    ]
    .iter()
    .any(|s| lower.starts_with(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_account_emails_are_recognized() {
        assert!(has_shape(
            "gmail@jualuma-stage.iam.gserviceaccount.com",
            Shape::ServiceAccountEmail
        ));
        assert!(has_shape(
            "123-compute@developer.gserviceaccount.com",
            Shape::ServiceAccountEmail
        ));
        assert!(!has_shape("ops@jualuma.com", Shape::ServiceAccountEmail));
        assert!(has_shape("ops@jualuma.com", Shape::Email));
    }

    #[test]
    fn urls_need_a_host_and_https_urls_https() {
        assert!(has_shape("https://a.run.app", Shape::HttpsUrl));
        assert!(!has_shape("http://a.run.app", Shape::HttpsUrl));
        assert!(has_shape("postgres://db:5432/x", Shape::Url));
        assert!(!has_shape("not a url", Shape::Url));
    }

    #[test]
    fn service_account_json_needs_type_email_and_key() {
        let json = r#"{"type":"service_account","client_email":"a@p.iam.gserviceaccount.com","private_key":"x"}"#;
        assert!(has_shape(json, Shape::ServiceAccountJson));
        assert!(!has_shape(
            r#"{"type":"authorized_user"}"#,
            Shape::ServiceAccountJson
        ));
    }

    #[test]
    fn list_items_read_json_arrays_and_commas() {
        assert_eq!(
            list_items(r#"["https://a", "https://b"]"#),
            ["https://a", "https://b"]
        );
        assert_eq!(
            list_items("https://a, https://b,,"),
            ["https://a", "https://b"]
        );
    }

    #[test]
    fn hosts_come_from_every_url_in_a_value() {
        assert_eq!(
            url_hosts("https://App.Example.com/x,postgres://u:p@db.internal:5432/app"),
            ["app.example.com", "db.internal"]
        );
    }
}
