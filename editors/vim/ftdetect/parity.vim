" *.parity files are parity contracts.
autocmd BufRead,BufNewFile *.parity setfiletype parity
