//! The `itil-assess` binary: parse the command line, run the command, turn the outcome into an exit code.

use std::process::ExitCode;

fn main() -> ExitCode {
    itil_assess::cli::main()
}
