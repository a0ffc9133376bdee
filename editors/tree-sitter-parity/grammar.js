/**
 * @file Tree-sitter grammar for the `parity` contract language.
 * @license MIT OR Apache-2.0
 *
 * The source of truth is grammar/parity.pest at the repository root; this file
 * follows its rules (names in comments) so that editors see the same syntax as
 * `parity validate`. Differences, all on text that is already a syntax error or
 * borders on one, are listed in README.md.
 */

/// <reference types="tree-sitter-cli/dsl" />
// @ts-check

/** `rule (, rule)*` */
function commaSep1(rule) {
  return seq(rule, repeat(seq(',', rule)));
}

// pest `WHITESPACE`: exactly these characters (not every Unicode space).
const WHITESPACE = /[ \t\r\n\uFEFF]/;

module.exports = grammar({
  name: 'parity',

  // pest `WHITESPACE` and `COMMENT`. Doc comments are not extras: as in pest they
  // stand only between statements (see `source_file` and `block`).
  extras: $ => [WHITESPACE, $.comment],

  // Keywords are whole words: `requireX`, `env_NAME` and `in_use` are keys, and a
  // keyword is only taken as one where the grammar expects it (`require key secret;`).
  word: $ => $.key,

  // Tokens whose end depends on the character after them (pest `!ident_char`, and
  // a `:` in a bare rule id): see src/scanner.c.
  externals: $ => [
    $.rule_id, // pest `bare_rule_id`
    $.date, // `YYYY-MM-DD`
    $.integer, // at most eighteen digits
    $._regex_end, // the closing `/` of a regex
    $._error_sentinel, // valid only during error recovery
  ],

  rules: {
    // pest `file`: (doc_comment* statement)* doc_comment*
    source_file: $ => repeat(choice($.doc_comment, $._top_statement)),

    // pest `COMMENT`: `#` to the end of the line, but never `##`. A comment that
    // is only `#` takes its line break (there is no look-ahead in a token).
    comment: _ => token(choice(
      seq('#', /[^#\r\n]/, /[^\r\n]*/),
      seq('#', /\r?\n|\r/),
    )),

    // pest `doc_comment`: `##` to the end of the line.
    doc_comment: _ => token(seq('##', /[^\r\n]*/)),

    _top_statement: $ => choice(
      $.contract_declaration,
      $.env_declaration,
      $.use_declaration,
      $._block_statement,
    ),

    _block_statement: $ => choice(
      $.service_block,
      $.scope_block,
      $.when_block,
      $.waiver,
      $.rule_statement,
    ),

    // pest `block`: `{ statements }`
    block: $ => seq('{', repeat(choice($.doc_comment, $._block_statement)), '}'),

    // ------------------------------------------------------------------------
    // Declarations

    // `contract "Title" { updated 2026-02-27; owner "team"; }` or `contract "Title";`
    contract_declaration: $ => seq(
      'contract',
      field('title', $.string),
      choice(field('body', $.contract_body), ';'),
    ),
    contract_body: $ => seq('{', repeat(choice($.updated_property, $.owner_property)), '}'),
    updated_property: $ => seq('updated', field('date', $.date), ';'),
    owner_property: $ => seq('owner', field('owner', $.string), ';'),

    // `env prod { project "p"; number 123; region "r", …; domain "d", …; }` or `env dev;`
    env_declaration: $ => seq(
      'env',
      field('name', $.name),
      choice(field('body', $.env_body), ';'),
    ),
    env_body: $ => seq('{', repeat(choice(
      $.project_property,
      $.number_property,
      $.region_property,
      $.domain_property,
    )), '}'),
    project_property: $ => seq('project', field('project', $.string), ';'),
    number_property: $ => seq('number', field('number', $.integer), ';'),
    region_property: $ => seq('region', commaSep1(field('region', $.string)), ';'),
    domain_property: $ => seq('domain', commaSep1(field('domain', $.string)), ';'),

    // `use "common.parity";`
    use_declaration: $ => seq('use', field('path', $.string), ';'),

    // `service backend [named "deployed-name"] [in stage, …] { … }`
    service_block: $ => seq(
      'service',
      field('name', $.name),
      optional(field('named', $.named_clause)),
      optional(field('scope', $.scope)),
      field('body', $.block),
    ),
    named_clause: $ => seq('named', field('deployed_name', $.string)),

    // `in dev, stage { … }`
    scope_block: $ => seq(field('scope', $.scope), field('body', $.block)),

    // `when KEY is SHAPE [or SHAPE …] { … }`
    when_block: $ => seq(
      'when',
      field('key', $.key),
      'is',
      $._shape_list,
      field('body', $.block),
    ),

    // pest `scope_suffix`: `in ENV[, ENV …]`
    scope: $ => seq('in', commaSep1(field('env', $.name))),

    // `waive RULE-ID [for service S] [in ENV, …] until DATE [because "reason"];`
    waiver: $ => seq(
      'waive',
      field('rule', $._rule_ref),
      optional(seq('for', 'service', field('service', $.name))),
      optional(field('scope', $.scope)),
      'until',
      field('until', $.date),
      optional(seq('because', field('reason', $.string))),
      ';',
    ),

    // ------------------------------------------------------------------------
    // Rule statements: `[rule ID:] [warn] BODY [in ENV, …];`

    rule_statement: $ => seq(
      optional(field('label', $.rule_label)),
      optional(field('warn', $.warn_flag)),
      field('body', $._rule_body),
      optional(field('scope', $.scope)),
      ';',
    ),
    rule_label: $ => seq('rule', field('id', $._rule_ref), ':'),
    // `prec` keeps the keyword an anonymous child (a rule that is only a string
    // would become a named token, and queries could not name "warn").
    warn_flag: _ => prec(0, 'warn'),

    _rule_body: $ => choice(
      $.require_key,
      $.require_annotation,
      $.require_ingress,
      $.require_role,
      $.forbid_key,
      $.forbid_annotation,
      $.parity_rule,
      $.deny_reference,
      $.deny_invoker,
      $.allow_human_invokers,
      $.expect_secrets,
      $.expect_secret,
      $.expect_direct_status,
      $.expect_key,
    ),

    // `require key K [secret | plain]`
    require_key: $ => seq('require', 'key', field('key', $.key), optional(field('kind', $.key_kind))),
    key_kind: _ => choice('secret', 'plain'),

    // `forbid key K`
    forbid_key: $ => seq('forbid', 'key', field('key', $.key)),

    // `parity stage, prod [on keys | values [except K, …]]`
    parity_rule: $ => seq(
      'parity',
      commaSep1(field('env', $.name)),
      optional(seq(
        'on',
        field('mode', $.parity_mode),
        optional(field('except', $.parity_except)),
      )),
    ),
    parity_mode: _ => choice('keys', 'values'),
    parity_except: $ => seq('except', commaSep1(field('key', $.key))),

    // `deny reference to prod [domains, databases, secrets, projects]`
    deny_reference: $ => seq(
      'deny', 'reference', 'to',
      field('env', $.name),
      optional(commaSep1(field('category', $.ref_category))),
    ),
    ref_category: _ => choice('domains', 'databases', 'secrets', 'projects'),

    // `deny invoker allUsers, "user:bob@x.com", …`
    deny_invoker: $ => seq('deny', 'invoker', $._member_list),

    // `allow human invokers "user:a@x", …`
    allow_human_invokers: $ => seq('allow', 'human', 'invokers', $._member_list),

    // `require [template] annotation "k" [= "v" [or absent]]`
    require_annotation: $ => seq(
      'require',
      optional(field('template', $.template_flag)),
      'annotation',
      field('annotation', $.string),
      optional(field('value', $.annotation_value)),
    ),
    annotation_value: $ => seq('=', field('value', $.string), optional(field('absent', $.absent_flag))),
    absent_flag: _ => seq('or', 'absent'),
    template_flag: _ => prec(0, 'template'),

    // `forbid [template] annotation "k"`
    forbid_annotation: $ => seq(
      'forbid',
      optional(field('template', $.template_flag)),
      'annotation',
      field('annotation', $.string),
    ),

    // `require ingress "internal-and-cloud-load-balancing"`
    require_ingress: $ => seq('require', 'ingress', field('ingress', $.string)),

    // `require role "roles/x" for runtime on service account (K | "email")`
    require_role: $ => seq(
      'require', 'role',
      field('role', $.string),
      'for', 'runtime', 'on', 'service', 'account',
      field('account', choice($.string, $.key)),
    ),

    // `expect secrets from project "p"`
    expect_secrets: $ => seq('expect', 'secrets', 'from', 'project', field('project', $.string)),

    // `expect secret K from project "p"`
    expect_secret: $ => seq(
      'expect',
      'secret',
      // The words that start an expectation are keys here, as in pest:
      // `expect secret is from project "p";` (while `expect secret is url;` expects
      // the key `secret`, see `expect_key`).
      field('key', choice(
        $.key,
        alias('matches', $.key),
        alias('each', $.key),
        alias('one', $.key),
        alias('is', $.key),
      )),
      'from',
      'project',
      field('project', $.string),
    ),

    // `expect direct url status 401, 403, 404`
    expect_direct_status: $ => seq('expect', 'direct', 'url', 'status', commaSep1(field('status', $.integer))),

    // `expect K = "v" | != "v" | = project | [each] matches P | one of "a", … | is SHAPE [or SHAPE …]`
    expect_key: $ => seq(
      'expect',
      // As in pest, `expect secrets = "x";` expects the key `secrets`: the words
      // that can follow `expect` are keys when an expectation follows them.
      field('key', choice(
        $.key,
        alias('secrets', $.key),
        alias('secret', $.key),
        alias('direct', $.key),
      )),
      field('expectation', choice(
        $.expect_eq,
        $.expect_ne,
        $.expect_eq_project,
        $.expect_matches,
        $.expect_each_matches,
        $.expect_one_of,
        $.expect_is,
      )),
    ),
    expect_eq: $ => seq('=', field('value', $.string)),
    expect_ne: $ => seq('!=', field('value', $.string)),
    expect_eq_project: _ => seq('=', 'project'),
    expect_matches: $ => seq('matches', field('pattern', $._pattern)),
    expect_each_matches: $ => seq('each', 'matches', field('pattern', $._pattern)),
    expect_one_of: $ => seq('one', 'of', commaSep1(field('value', $.string))),
    expect_is: $ => seq('is', $._shape_list),

    _pattern: $ => choice($.string, $.regex),

    // `SHAPE [or SHAPE …]`
    _shape_list: $ => seq(field('shape', $.shape), repeat(seq('or', field('shape', $.shape)))),
    shape: _ => choice(
      'https_url',
      'url',
      'host',
      'email',
      'service_account_email',
      'service_account_json',
      'json',
      'int',
      'bool',
    ),

    // ------------------------------------------------------------------------
    // Lists and tokens

    _member_list: $ => commaSep1(field('member', choice($.well_known_member, $.string))),

    // `allUsers` or `allAuthenticatedUsers`; a quoted member is a `string`.
    well_known_member: _ => choice('allUsers', 'allAuthenticatedUsers'),

    // An environment key: `[A-Za-z_][A-Za-z0-9_]*`. Also the `word` token.
    key: _ => /[A-Za-z_][A-Za-z0-9_]*/,

    // An environment or service name: `[A-Za-z][A-Za-z0-9_-]*`.
    name: _ => /[A-Za-z][A-Za-z0-9_-]*/,

    // pest `rule_ref`: quoted, or bare (`require-key/backend/DATABASE_URL`,
    // `deny-invoker/*/user:bob@x.com`); `rule_id` is lexed by src/scanner.c.
    _rule_ref: $ => choice($.string, $.rule_id),

    // `"…"` with the escapes `\"`, `\\`, `\n` and `\t`, on one line.
    string: $ => seq(
      '"',
      repeat(choice(
        token.immediate(prec(1, /[^"\\\r\n]+/)),
        $.escape_sequence,
      )),
      token.immediate('"'),
    ),
    escape_sequence: _ => token.immediate(/\\["\\nt]/),

    // `/…/` or `/…/i`; `\/` stands for `/`. The closing `/` is lexed by src/scanner.c,
    // which also checks that no identifier character follows the regex.
    regex: $ => seq(
      '/',
      field('pattern', $.regex_pattern),
      $._regex_end,
      optional(field('flags', $.regex_flags)),
    ),
    regex_pattern: _ => token.immediate(prec(1, /(\\[^\r\n]|[^/\\\r\n])+/)),
    regex_flags: _ => token.immediate(/i/),
  },
});
