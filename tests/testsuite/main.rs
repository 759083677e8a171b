//! End-to-end tests of the `itil-assess` binary: one module per command, fixtures in `tests/fixtures/`.

mod quiz;
mod score;
mod shipped;
mod support;
mod validate;
