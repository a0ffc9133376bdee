//! The integration tests: fixture folders under `tests/fixtures/` (each with its reviewed
//! insta output) and behaviour tests, one module per area.

mod it;
