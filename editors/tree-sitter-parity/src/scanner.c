// External scanner of tree-sitter-parity: the tokens whose end depends on the
// character after them, as in grammar/parity.pest, which a tree-sitter regex
// cannot look at.
//
// - `date` and `integer` are followed by no identifier character
//   (pest `!ident_char`): `until 2027-01-31because` and `status 401in` are errors.
// - `_regex_end` is the closing `/` of a regex; the flag `i` after it (or nothing)
//   is followed by no identifier character: `/x/in stage` is an error.
// - `rule_id` is a bare rule id: a run of characters but whitespace, `;`, `,`,
//   `{`, `}`, `"` and `#`, where a `:` is part of the id unless whitespace or the
//   end of the file follows it (`rule x:y: …` labels the id `x:y`).
//
// Everything else, comments and strings included, is lexed by the generated lexer.

#include "tree_sitter/parser.h"

#include <stdbool.h>
#include <stdint.h>

enum TokenType {
  RULE_ID,
  DATE,
  INTEGER,
  REGEX_END,
  ERROR_SENTINEL,  // valid only while tree-sitter recovers from an error
};

// pest `WHITESPACE`
static bool is_whitespace(int32_t c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0xFEFF;
}

static bool is_digit(int32_t c) { return c >= '0' && c <= '9'; }

// pest `ident_char`
static bool is_ident_char(int32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_' || c == '-';
}

static void advance(TSLexer *lexer) { lexer->advance(lexer, false); }

// Consumes up to `max + 1` digits and returns how many it consumed.
static unsigned digits(TSLexer *lexer, unsigned max) {
  unsigned n = 0;
  while (n <= max && is_digit(lexer->lookahead)) {
    advance(lexer);
    n++;
  }
  return n;
}

// `YYYY-MM-DD` or a number of at most eighteen digits, then no identifier character.
static bool scan_number_or_date(TSLexer *lexer, const bool *valid_symbols) {
  unsigned n = digits(lexer, 18);
  if (n == 4 && lexer->lookahead == '-' && valid_symbols[DATE]) {
    advance(lexer);
    if (digits(lexer, 2) != 2 || lexer->lookahead != '-') return false;
    advance(lexer);
    if (digits(lexer, 2) != 2 || is_ident_char(lexer->lookahead)) return false;
    lexer->result_symbol = DATE;
    return true;
  }
  if (n < 1 || n > 18 || !valid_symbols[INTEGER] || is_ident_char(lexer->lookahead)) return false;
  lexer->result_symbol = INTEGER;
  return true;
}

// The closing `/` of a regex: `i` or no flag, then no identifier character. The
// token is only the `/`; the flag is the next token (`regex_flags`).
static bool scan_regex_end(TSLexer *lexer) {
  if (lexer->lookahead != '/') return false;
  advance(lexer);
  lexer->mark_end(lexer);
  if (lexer->lookahead == 'i') advance(lexer);
  if (is_ident_char(lexer->lookahead)) return false;
  lexer->result_symbol = REGEX_END;
  return true;
}

// pest `bare_rule_id`
static bool scan_rule_id(TSLexer *lexer) {
  bool any = false;
  for (;;) {
    int32_t c = lexer->lookahead;
    if (lexer->eof(lexer) || is_whitespace(c) || c == ';' || c == ',' || c == '{' || c == '}' ||
        c == '"' || c == '#') {
      break;
    }
    if (c == ':') {
      lexer->mark_end(lexer);
      advance(lexer);
      if (lexer->eof(lexer) || is_whitespace(lexer->lookahead)) {
        // The `:` ends the id (as in a `rule ID:` label); the token ends before it.
        if (!any) return false;
        lexer->result_symbol = RULE_ID;
        return true;
      }
      any = true;
      continue;
    }
    advance(lexer);
    any = true;
  }
  if (!any) return false;
  lexer->mark_end(lexer);
  lexer->result_symbol = RULE_ID;
  return true;
}

void *tree_sitter_parity_external_scanner_create(void) { return NULL; }

void tree_sitter_parity_external_scanner_destroy(void *payload) { (void)payload; }

unsigned tree_sitter_parity_external_scanner_serialize(void *payload, char *buffer) {
  (void)payload;
  (void)buffer;
  return 0;
}

void tree_sitter_parity_external_scanner_deserialize(void *payload, const char *buffer, unsigned length) {
  (void)payload;
  (void)buffer;
  (void)length;
}

bool tree_sitter_parity_external_scanner_scan(void *payload, TSLexer *lexer, const bool *valid_symbols) {
  (void)payload;
  bool recovering = valid_symbols[ERROR_SENTINEL];

  // Immediately after the pattern of a regex: no whitespace is skipped.
  if (valid_symbols[REGEX_END] && !recovering) return scan_regex_end(lexer);

  while (is_whitespace(lexer->lookahead)) lexer->advance(lexer, true);

  if ((valid_symbols[DATE] || valid_symbols[INTEGER]) && is_digit(lexer->lookahead)) {
    return scan_number_or_date(lexer, valid_symbols);
  }
  if (valid_symbols[RULE_ID] && !recovering) return scan_rule_id(lexer);
  return false;
}
