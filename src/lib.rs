//! itil-assess: measure IT service management maturity against ITIL guidance, and report it.
//!
//! The flow, one module each: questionnaire files → [`questionnaire`] model → answers → scoring → results →
//! report. The [`cli`] module is the only one that knows about the command line.

pub mod cli;
pub mod error;
pub mod tickets;
