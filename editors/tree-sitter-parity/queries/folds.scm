; Fold the bodies of blocks and declarations.
[
  (block)
  (contract_body)
  (env_body)
] @fold
