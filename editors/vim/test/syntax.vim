" Checks editors/vim/syntax/parity.vim against the assertions of the VS Code grammar
" test (editors/vscode/test/syntax.test.parity): each TextMate scope there stands for a
" Vim highlight group here (see s:groups). Run by editors/vim/test.sh:
"   vim -u NONE -i NONE -N -n -e -s -S test/syntax.vim
" Writes one line per failure and a summary to $PARITY_VIM_TEST_OUT.

set nocompatible
let s:here = expand('<sfile>:p:h')
let &runtimepath = fnamemodify(s:here, ':h') . ',' . &runtimepath
filetype plugin indent on
syntax on

" The most specific scope first: the first scope of an assertion found here decides.
let s:groups = [
      \ ['invalid.illegal.escape.parity', ['Error']],
      \ ['invalid.illegal.flag.regexp.parity', ['Error']],
      \ ['constant.character.escape.parity', ['SpecialChar']],
      \ ['storage.modifier.flag.regexp.parity', ['Special']],
      \ ['markup.inline.raw.parity', ['Special']],
      \ ['entity.name.label.rule-id.parity', ['Label']],
      \ ['comment.line.documentation.parity', ['SpecialComment']],
      \ ['comment.line.number-sign.parity', ['Comment']],
      \ ['string.regexp.parity', ['String', 'SpecialChar']],
      \ ['string.quoted.double.parity', ['String']],
      \ ['keyword.control.parity', ['Statement']],
      \ ['keyword.other.parity', ['Keyword']],
      \ ['keyword.operator.comparison.parity', ['Operator']],
      \ ['variable.other.key.parity', ['Identifier']],
      \ ['entity.name.type.environment.parity', ['Structure']],
      \ ['entity.name.type.service.parity', ['Function']],
      \ ['constant.numeric.date.parity', ['Constant']],
      \ ['constant.numeric.integer.parity', ['Number']],
      \ ['support.type.shape.parity', ['Type']],
      \ ['constant.language.member.parity', ['Constant']],
      \ ['punctuation.terminator.statement.parity', ['Delimiter']],
      \ ['punctuation.separator.comma.parity', ['Delimiter']],
      \ ['punctuation.section.block.begin.parity', ['Delimiter']],
      \ ['punctuation.section.block.end.parity', ['Delimiter']],
      \ ['punctuation.separator.label.parity', ['Delimiter']],
      \ ]

function! s:Expected(scopes) abort
  for [l:scope, l:names] in s:groups
    if index(a:scopes, l:scope) >= 0
      return l:names
    endif
  endfor
  return []
endfunction

" The standard group a parity group links to (following parity* links only: without a
" colour scheme the standard groups link on, e.g. String to Constant).
function! s:Standard(name) abort
  let l:name = a:name
  while l:name =~# '^parity'
    let l:info = hlget(l:name)
    if empty(l:info) || !has_key(l:info[0], 'linksto')
      break
    endif
    let l:name = l:info[0].linksto
  endwhile
  return l:name
endfunction

let s:test = fnamemodify(s:here, ':h:h') . '/vscode/test/syntax.test.parity'
let s:lines = readfile(s:test)[1:]
let s:source = []
let s:assertions = []  " [source line index, from, to, required groups, excluded groups]
for s:line in s:lines
  let s:m = matchlist(s:line, '^#\(\s*\)\(\^\+\)\s*\(.*\)$')
  let s:l = matchlist(s:line, '^#\s*<\(\~*\)\(-\+\)\s*\(.*\)$')
  if !empty(s:m) && !empty(s:source)
    let s:from = 1 + len(s:m[1])
    let s:to = s:from + len(s:m[2])
    let s:spec = s:m[3]
  elseif !empty(s:l) && !empty(s:source)
    let s:from = len(s:l[1])
    let s:to = s:from + len(s:l[2])
    let s:spec = s:l[3]
  else
    call add(s:source, s:line)
    continue
  endif
  let s:parts = split(s:spec, '\s*-\s\+', 1)
  let s:required = split(get(s:parts, 0, ''))
  let s:excluded = split(get(s:parts, 1, ''))
  call add(s:assertions, [len(s:source) - 1, s:from, s:to, s:required, s:excluded])
endfor

enew
call setline(1, s:source)
setfiletype parity
syntax sync fromstart

let s:failures = []
let s:checked = 0
for [s:lnum0, s:from, s:to, s:required, s:excluded] in s:assertions
  let s:want = s:Expected(s:required)
  let s:ban = []
  for s:scope in s:excluded
    let s:ban += s:Expected([s:scope])
  endfor
  call filter(s:ban, 'index(s:want, v:val) < 0')
  if empty(s:want) && empty(s:ban)
    continue
  endif
  let s:checked += 1
  for s:col in range(s:from + 1, s:to)
    let s:id = synID(s:lnum0 + 1, s:col, 1)
    let s:got = s:Standard(synIDattr(s:id, 'name'))
    let s:bad = (!empty(s:want) && index(s:want, s:got) < 0) || index(s:ban, s:got) >= 0
    if s:bad
      call add(s:failures, printf('line %d col %d %s: got %s (%s), want %s%s', s:lnum0 + 1, s:col,
            \ string(strpart(getline(s:lnum0 + 1), s:from, s:to - s:from)), s:got, synIDattr(s:id, 'name'),
            \ join(s:want, '|'), empty(s:ban) ? '' : ' not ' . join(s:ban, '|')))
      break
    endif
  endfor
endfor

call add(s:failures, printf('%d passed, %d failed', s:checked - len(s:failures), len(s:failures)))
call writefile(s:failures, $PARITY_VIM_TEST_OUT)
qall!
