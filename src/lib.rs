//! itil-assess: measure IT service management maturity against ITIL guidance, and report it.
//!
//! The flow, one module each: questionnaire files → [`questionnaire`] model → answers → scoring → results →
//! report. The [`cli`] module is the only one that knows about the command line.

pub mod answers;
pub mod charts;
pub mod cli;
pub mod compare;
pub mod diagnostic;
pub mod error;
pub mod output;
pub mod questionnaire;
pub mod quiz;
pub mod register;
pub mod report;
pub mod results;
pub mod scoring;
pub mod targets;
pub mod tickets;
pub mod toml_reader;
