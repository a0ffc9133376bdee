; The pattern of `/…/` is Rust `regex` syntax.
((regex_pattern) @injection.content
  (#set! injection.language "regex"))

; Comments: `TODO:`, `FIXME:` and the like.
([
  (comment)
  (doc_comment)
] @injection.content
  (#set! injection.language "comment"))
