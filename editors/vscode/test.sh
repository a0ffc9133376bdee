#!/usr/bin/env bash
# Builds and tests the VS Code extension: installs the locked dev tools (npm ci) when
# node_modules is missing, runs the grammar tests (npm test), the keyword check against
# grammar/parity.pest and the language-client tests, then packages /tmp/parity.vsix.
# Works from any directory; exits non-zero on the first failure.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

if [ ! -d node_modules ] || [ ! -x node_modules/.bin/vscode-tmgrammar-test ] || [ ! -x node_modules/.bin/vsce ]; then
  echo "== npm ci"
  npm ci --no-audit --no-fund
fi

echo "== npm test (TextMate grammar)"
npm test

echo "== keywords of grammar/parity.pest"
npm run --silent test:keywords

echo "== language client"
# PARITY_BIN (a built parity binary) adds a test against the real `parity lsp`; CI sets it.
if [ "${CI:-}" = true ] && [ -z "${PARITY_BIN:-}" ]; then
  echo "CI=true but PARITY_BIN is not set: the real-server client test would be skipped" >&2
  exit 1
fi
npm run --silent test:client

echo "== npm run package"
rm -f /tmp/parity.vsix
npm run package
test -s /tmp/parity.vsix

echo "== what the .vsix holds"
listing="$(npx --no-install vsce ls)"
for f in package.json extension.js language-configuration.json README.md LICENSE \
         syntaxes/parity.tmLanguage.json snippets/parity.json \
         node_modules/vscode-languageclient/node.js node_modules/vscode-jsonrpc/package.json; do
  if ! grep -qxF "$f" <<<"$listing"; then
    echo "the .vsix misses $f" >&2
    exit 1
  fi
done
if grep -qE '^(test/|test\.sh|node_modules/(@vscode/vsce|vscode-tmgrammar-test)/)' <<<"$listing"; then
  echo "the .vsix holds test or build files:" >&2
  grep -E '^(test/|test\.sh|node_modules/(@vscode/vsce|vscode-tmgrammar-test)/)' <<<"$listing" >&2
  exit 1
fi
echo "ok - /tmp/parity.vsix ($(wc -c </tmp/parity.vsix) bytes, $(wc -l <<<"$listing") files)"
