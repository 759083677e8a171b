//! End-to-end tests of the `itil-assess` binary: one module per command, fixtures in `tests/fixtures/`.

mod compare;
mod quiz;
mod register;
mod report;
mod score;
mod shipped;
mod support;
mod validate;
