//! The integration tests: fixture folders under `tests/fixtures/` (each with its reviewed
//! insta output) and behaviour tests, one module per area.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a panic in a test is a failing test"
)]

mod it;
