//! The `itil-assess` binary: parse the command line, run the command, turn the outcome into an exit code.

use std::process::ExitCode;

// mimalloc: the default allocator's arena lock serialises the threads that parse large answer sheets.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    itil_assess::cli::main()
}
