" Indent plugin for parity contracts: one `shiftwidth` per open `{`, as `parity fmt`.

if exists('b:did_indent')
  finish
endif
let b:did_indent = 1

setlocal autoindent
setlocal indentexpr=GetParityIndent(v:lnum)
setlocal indentkeys=0{,0},!^F,o,O
let b:undo_indent = 'setlocal autoindent< indentexpr< indentkeys<'

if exists('*GetParityIndent')
  finish
endif

" A line without its strings, regular expressions and comment.
function! s:Code(line) abort
  let l:s = substitute(a:line, '"\%(\\.\|[^"\\]\)*"\=', '""', 'g')
  let l:s = substitute(l:s, '\%([A-Za-z0-9_*/-]\)\@1<!/\%(\\.\|[^/\\]\)\+/', '//', 'g')
  return substitute(l:s, '#.*$', '', '')
endfunction

function! GetParityIndent(lnum) abort
  let l:prev = prevnonblank(a:lnum - 1)
  if l:prev == 0
    return 0
  endif
  let l:code = s:Code(getline(l:prev))
  let l:opens = len(substitute(l:code, '[^{]', '', 'g'))
  let l:closes = len(substitute(l:code, '[^}]', '', 'g'))
  " A `}` that starts the previous line was already taken off that line's own indent.
  if l:code =~# '^\s*}'
    let l:closes -= 1
  endif
  let l:ind = indent(l:prev) + shiftwidth() * (l:opens - l:closes)
  if getline(a:lnum) =~# '^\s*}'
    let l:ind -= shiftwidth()
  endif
  return max([l:ind, 0])
endfunction
