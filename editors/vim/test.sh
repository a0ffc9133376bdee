#!/usr/bin/env bash
# Tests the Vim integration: syntax groups against the assertions of the VS Code grammar
# test (test/syntax.vim), indentation (test/indent.parity reindented from column 0 comes
# back as written) and the ftdetect/ftplugin settings. Works from any directory.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
command -v vim >/dev/null || { echo "vim is not installed" >&2; exit 1; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
vim_() { vim -u NONE -i NONE -N -n -e -s --cmd "set rtp^=$here" --cmd 'filetype plugin indent on' --cmd 'syntax on' "$@" </dev/null; }

echo "== syntax"
PARITY_VIM_TEST_OUT="$tmp/syntax.out" vim -u NONE -i NONE -N -n -e -s -S test/syntax.vim </dev/null || true
cat "$tmp/syntax.out"
grep -q ', 0 failed$' "$tmp/syntax.out"

echo "== indent"
sed 's/^[[:space:]]*//' test/indent.parity >"$tmp/flat.parity"
vim_ -c 'normal! gg=G' -c "w! $tmp/indented.parity" -c 'qa!' "$tmp/flat.parity"
diff -u test/indent.parity "$tmp/indented.parity"
echo "ok - test/indent.parity"

echo "== ftdetect and ftplugin"
vim_ -c "redir! > $tmp/opts.out" -c 'silent setlocal filetype? commentstring? shiftwidth? softtabstop? expandtab?' \
     -c 'redir END' -c 'qa!' "$tmp/flat.parity"
tr -s ' \n' '\n' <"$tmp/opts.out" | grep -v '^$' >"$tmp/opts"
printf '%s\n' filetype=parity 'commentstring=#' '%s' shiftwidth=2 softtabstop=2 expandtab | diff -u - "$tmp/opts"
echo "ok - filetype=parity, commentstring=# %s, 2-space indentation"
