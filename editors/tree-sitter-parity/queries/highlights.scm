; Highlights for the `parity` contract language.
; Every keyword of grammar/parity.pest (each `kw_*` rule) is listed below as a
; quoted literal. No node gets two captures, so the order of patterns does not
; matter (Neovim lets the last pattern win, Helix the first).

; Comments

(comment) @comment

(doc_comment) @comment.documentation

; Keywords

[
  "contract"
  "updated"
  "owner"
  "env"
  "project"
  "number"
  "region"
  "domain"
  "service"
  "named"
  "in"
  "when"
  "is"
  "or"
  "waive"
  "for"
  "until"
  "because"
  "rule"
  "warn"
  "require"
  "forbid"
  "key"
  "secret"
  "plain"
  "parity"
  "on"
  "keys"
  "values"
  "except"
  "deny"
  "reference"
  "to"
  "domains"
  "databases"
  "secrets"
  "projects"
  "invoker"
  "allow"
  "human"
  "invokers"
  "template"
  "annotation"
  "absent"
  "ingress"
  "role"
  "runtime"
  "account"
  "expect"
  "from"
  "direct"
  "status"
  "matches"
  "each"
  "one"
  "of"
] @keyword

"use" @keyword.import

(expect_direct_status
  "url" @keyword)

; Value shapes: `expect K is SHAPE`, `when K is SHAPE { … }`
(shape
  [
    "https_url"
    "url"
    "host"
    "email"
    "service_account_email"
    "service_account_json"
    "json"
    "int"
    "bool"
  ] @type.builtin)

; Literals

(string) @string

(escape_sequence) @string.escape

(regex) @string.regexp

(date) @string.special

(integer) @number

(well_known_member) @constant.builtin

; Names

(key) @variable

(name) @type

(rule_id) @label

; Operators and punctuation

[
  "="
  "!="
] @operator

[
  ";"
  ","
  ":"
] @punctuation.delimiter

[
  "{"
  "}"
] @punctuation.bracket
