// Every `kw_*` word of grammar/parity.pest must be highlighted by the TextMate grammar
// (as a whole alternative of a keyword or shape pattern) and used in the grammar test.
// The same check in Rust is tests/it/editors.rs; this one runs without cargo.
'use strict';

const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..', '..', '..');
const pest = fs.readFileSync(path.join(root, 'grammar', 'parity.pest'), 'utf8');
const keywords = [...pest.matchAll(/^kw_\w+\s*=\s*@\{\s*"([^"]+)"/gm)].map((m) => m[1]);
if (keywords.length < 60) {
  console.error(`found only ${keywords.length} kw_* rules in grammar/parity.pest`);
  process.exit(1);
}

const grammar = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'syntaxes', 'parity.tmLanguage.json'), 'utf8'));
const alternatives = new Set();
for (const rule of [...grammar.repository.keywords.patterns, grammar.repository.shapes]) {
  const m = /\\b\(\?:([^)]*)\)\\b/.exec(rule.match);
  if (!m) throw new Error(`not a \\b(?:…)\\b keyword list: ${rule.match}`);
  m[1].split('|').forEach((w) => alternatives.add(w));
}

const testFile = fs.readFileSync(path.join(__dirname, 'syntax.test.parity'), 'utf8');
const testWords = new Set(
  testFile
    .split('\n')
    .filter((l) => !/^#\s*(\^|<-)/.test(l))
    .flatMap((l) => l.split(/[^A-Za-z0-9_]+/)),
);

const vim = fs.readFileSync(path.join(__dirname, '..', '..', 'vim', 'syntax', 'parity.vim'), 'utf8');
const vimWords = new Set(
  vim
    .split('\n')
    .filter((l) => /^\s*syn(tax)?\s+keyword\b/.test(l))
    .flatMap((l) => l.split(/\s+/)),
);

let failed = 0;
const check = (what, set) => {
  const missing = keywords.filter((k) => !set.has(k));
  if (missing.length > 0) {
    console.error(`${what} misses ${missing.join(', ')}`);
    failed++;
  } else {
    console.log(`ok - ${what}: all ${keywords.length} keywords`);
  }
};
check('the TextMate keyword and shape patterns', alternatives);
check('test/syntax.test.parity', testWords);
check('the `syn keyword` lines of editors/vim/syntax/parity.vim', vimWords);
const extra = [...alternatives].filter((w) => !keywords.includes(w));
if (extra.length > 0) {
  console.error(`the TextMate grammar has words that are not keywords: ${extra.join(', ')}`);
  failed++;
}
process.exit(failed ? 1 : 0);
