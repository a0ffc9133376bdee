" Vim syntax file
" Language:    parity contracts (*.parity)
" Source:      grammar/parity.pest is the one source of truth. Every `kw_*` rule of it
"              is in a `syn keyword` line below (tests/it/editors.rs and
"              editors/vscode/test/keywords.js check it).

if exists('b:current_syntax')
  finish
endif

let s:cpo_save = &cpo
set cpo&vim

syn case match
" Keywords are whole words of [A-Za-z0-9_-]: `requireX`, `in_use` and `stage-in` are a
" key or a name, not a keyword followed by more text.
syn iskeyword @,48-57,_,-

" ---------------------------------------------------------------------------
" Keywords. Those that name what follows them (a key, an environment, a service, a
" rule id) are split off so that the next word gets its own group.

" Statements and block headers.
syn keyword parityStatement contract use warn require forbid deny allow until because
syn keyword parityStatementEnv env nextgroup=parityEnvName skipwhite
syn keyword parityStatementService service nextgroup=parityServiceName skipwhite
syn keyword parityStatementIn in nextgroup=parityEnvList skipwhite
syn keyword parityStatementParity parity nextgroup=parityEnvList skipwhite
syn keyword parityStatementWhen when nextgroup=parityKeyName skipwhite
syn keyword parityStatementExpect expect nextgroup=parityExpectKey skipwhite
syn keyword parityStatementRule waive rule nextgroup=parityRuleId,parityRuleIdString skipwhite

" The other words of statements.
syn keyword parityKeyword absent annotation databases domain domains each for from human
syn keyword parityKeyword ingress invoker invokers is keys matches named number of one
syn keyword parityKeyword or owner plain project projects reference region role runtime
syn keyword parityKeyword secrets status template updated values
syn keyword parityKeywordKey key account nextgroup=parityKeyName skipwhite
syn keyword parityKeywordExcept except nextgroup=parityKeyList skipwhite
syn keyword parityKeywordTo to nextgroup=parityEnvName skipwhite
syn keyword parityKeywordSecret secret nextgroup=paritySecretKey skipwhite
syn keyword parityKeywordDirect direct nextgroup=parityDirectUrl skipwhite
" `on service account KEY` of `require role`: there `service` is not a block header.
syn keyword parityKeywordOn on nextgroup=parityOnService skipwhite
syn keyword parityOnService contained service nextgroup=parityOnAccount skipwhite
syn keyword parityOnAccount contained account nextgroup=parityKeyName skipwhite
" `url` after `direct` is a keyword, elsewhere a shape.
syn keyword parityDirectUrl contained url

" Value shapes (`expect K is …`, `when K is …`).
syn keyword parityShape https_url url host email service_account_email service_account_json
syn keyword parityShape json int bool

" The well-known IAM members.
syn keyword parityMember allUsers allAuthenticatedUsers

" ---------------------------------------------------------------------------
" Names, keys and rule ids after their keyword.

syn match parityEnvName contained "\a[A-Za-z0-9_-]*"
syn match parityEnvList contained "\a[A-Za-z0-9_-]*\%(\s*,\s*\a[A-Za-z0-9_-]*\)*" contains=parityComma
" Not `service account KEY` of `require role`.
syn match parityServiceName contained "\%(account\s\+[A-Za-z_\"]\)\@!\a[A-Za-z0-9_-]*"
syn match parityKeyName contained "\h\w*"
syn match parityKeyList contained "\h\w*\%(\s*,\s*\h\w*\)*" contains=parityComma
" `expect KEY …`, but not `expect secrets`, `expect secret K` or `expect direct url`.
syn match parityExpectKey contained "\%(\%(secrets\=\|direct\)\%([A-Za-z0-9_-]\)\@!\)\@!\h\w*"
" `expect secret KEY from project …`
syn match paritySecretKey contained "\h\w*\ze\s\+from\%([A-Za-z0-9_-]\)\@!"
" A bare rule id: anything but spaces, `;`, `,`, braces, quotes, `#`, and a `:` that ends
" a `rule ID:` label.
syn match parityRuleId contained +\%([^ \t;,{}"#:]\|:\%(\s\|$\)\@!\)\++
syn region parityRuleIdString contained start=+"+ skip=+\\\\\|\\"+ end=+"+ end=+$+ oneline contains=parityEscapeError,parityEscape

" ---------------------------------------------------------------------------
" Literals

" Strings: `\"`, `\\`, `\n` and `\t` are the only escapes; any other is an error.
syn region parityString start=+"+ skip=+\\\\\|\\"+ end=+"+ end=+$+ oneline contains=parityEscapeError,parityEscape
syn match parityEscapeError contained +\\.\=+
syn match parityEscape contained +\\["\\nt]+

" Regular expressions `/…/` and `/…/i`; `\/` stands for `/`. Not inside a bare rule id.
syn match parityRegex +\%([A-Za-z0-9_*/-]\)\@1<!/\%(\\.\|[^/\\]\)\+/+ contains=parityRegexEscape,parityRegexSlash nextgroup=parityRegexFlag,parityRegexFlagError
syn match parityRegexEscape contained +\\.+
syn match parityRegexSlash contained +\\/+
syn match parityRegexFlagError contained +[A-Za-z0-9_-]\++
syn match parityRegexFlag contained +i\%([A-Za-z0-9_-]\)\@!+

" Numbers and dates `YYYY-MM-DD` (a date is not a number, a digit inside a word is neither).
syn match parityNumber +\%([A-Za-z0-9_-]\)\@1<!\d\+\%([A-Za-z0-9_-]\)\@!+
syn match parityDate +\%([A-Za-z0-9_-]\)\@1<!\d\{4}-\d\d-\d\d\%([A-Za-z0-9_-]\)\@!+

" Operators and punctuation.
syn match parityOperator +!\==+
syn match parityComma +,+
syn match parityDelimiter +[;:{}]+

" Comments: `#` to the end of the line; `##` is a doc comment of the next statement.
syn keyword parityTodo contained TODO FIXME XXX NOTE
syn match parityComment +#.*$+ contains=parityTodo,@Spell
syn match parityDocComment +##.*$+ contains=parityTodo,parityDocCode,@Spell
syn match parityDocCode contained +`[^`]*`+

syn sync minlines=20

" ---------------------------------------------------------------------------

hi def link parityStatement         Statement
hi def link parityStatementEnv      parityStatement
hi def link parityStatementService  parityStatement
hi def link parityStatementIn       parityStatement
hi def link parityStatementParity   parityStatement
hi def link parityStatementWhen     parityStatement
hi def link parityStatementExpect   parityStatement
hi def link parityStatementRule     parityStatement
hi def link parityKeyword           Keyword
hi def link parityKeywordKey        parityKeyword
hi def link parityKeywordExcept     parityKeyword
hi def link parityKeywordTo         parityKeyword
hi def link parityKeywordSecret     parityKeyword
hi def link parityKeywordDirect     parityKeyword
hi def link parityDirectUrl         parityKeyword
hi def link parityKeywordOn         parityKeyword
hi def link parityOnService         parityKeyword
hi def link parityOnAccount         parityKeyword
hi def link parityShape             Type
hi def link parityMember            Constant
hi def link parityEnvName           Structure
hi def link parityEnvList           parityEnvName
hi def link parityServiceName       Function
hi def link parityKeyName           Identifier
hi def link parityKeyList           parityKeyName
hi def link parityExpectKey         parityKeyName
hi def link paritySecretKey         parityKeyName
hi def link parityRuleId            Label
hi def link parityRuleIdString      parityRuleId
hi def link parityString            String
hi def link parityEscape            SpecialChar
hi def link parityEscapeError       Error
hi def link parityRegex             String
hi def link parityRegexEscape       SpecialChar
hi def link parityRegexSlash        SpecialChar
hi def link parityRegexFlag         Special
hi def link parityRegexFlagError    Error
hi def link parityNumber            Number
hi def link parityDate              Constant
hi def link parityOperator          Operator
hi def link parityComma             Delimiter
hi def link parityDelimiter         Delimiter
hi def link parityTodo              Todo
hi def link parityComment           Comment
hi def link parityDocComment        SpecialComment
hi def link parityDocCode           Special

let b:current_syntax = 'parity'

let &cpo = s:cpo_save
unlet s:cpo_save
