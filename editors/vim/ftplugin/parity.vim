" Filetype plugin for parity contracts (*.parity).

if exists('b:did_ftplugin')
  finish
endif
let b:did_ftplugin = 1

let s:cpo_save = &cpo
set cpo&vim

" `#` comments (`##` for doc comments), the layout of `parity fmt`: two spaces per block.
setlocal commentstring=#\ %s
setlocal comments=:##,:#
setlocal formatoptions-=t formatoptions+=croql
setlocal expandtab shiftwidth=2 softtabstop=2
" Names such as `jualuma-api` are one word for `*`, `w` and completion.
setlocal iskeyword+=-
" `gf` and `[i` follow `use "common.parity";`.
setlocal suffixesadd+=.parity
let &l:include = '^\s*use\s\+"\zs[^"]\+\ze"'

let b:undo_ftplugin = 'setlocal commentstring< comments< formatoptions< expandtab<'
      \ . ' shiftwidth< softtabstop< iskeyword< suffixesadd< include<'
      \ . ' | silent! delcommand -buffer ParityFmt'

" :ParityFmt rewrites the buffer in the canonical layout with `parity fmt -` (the binary
" is g:parity_path, default `parity`). On a syntax error the buffer is left as it was.
command! -buffer -bar ParityFmt call s:ParityFmt()

if !exists('*s:ParityFmt')
  function! s:ParityFmt() abort
    let l:bin = get(g:, 'parity_path', 'parity')
    let l:out = systemlist(shellescape(l:bin) . ' fmt -', getline(1, '$'))
    if v:shell_error != 0
      echohl ErrorMsg
      echo 'parity fmt: ' . join(l:out[-3:], ' | ')
      echohl None
      return
    endif
    if l:out ==# getline(1, '$')
      return
    endif
    let l:view = winsaveview()
    silent keepjumps call setline(1, l:out)
    if line('$') > len(l:out)
      silent keepjumps execute (len(l:out) + 1) . ',$delete _'
    endif
    call winrestview(l:view)
  endfunction
endif

let &cpo = s:cpo_save
unlet s:cpo_save
