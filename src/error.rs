//! The error every command returns to the binary's edge: what to print, and which exit code it means.
//!
//! Exit code 2 is for bad input (a file the user can fix); 1 for everything else (I/O, internal failures).

use std::fmt;

/// A failure to report to the user: the text is complete and already names the file and place.
#[derive(Debug)]
pub struct Failure {
    /// Complete message, possibly several lines (one per problem).
    pub message: String,
    /// `true` when the user's input is at fault (exit 2), `false` otherwise (exit 1).
    pub bad_input: bool,
}

impl Failure {
    pub fn input(message: impl Into<String>) -> Self {
        Self { message: message.into(), bad_input: true }
    }

    pub fn other(message: impl Into<String>) -> Self {
        Self { message: message.into(), bad_input: false }
    }

    pub fn exit_code(&self) -> u8 {
        if self.bad_input { 2 } else { 1 }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Failure {}
