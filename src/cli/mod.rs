//! The command line: one args struct per subcommand, each run by the file named after it.
//!
//! Nothing below this module sees clap: commands turn what the user typed into plain values and call the library.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::error::Failure;

mod tickets;

#[derive(Debug, Parser)]
#[command(name = "itil-assess", version, about = "Measure IT service management maturity against ITIL guidance")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import ITSM ticket exports and show their KPIs against ITIL guidance.
    Tickets(tickets::TicketsArgs),
}

/// Parse the command line, run the command, print any failure to stderr and map it to an exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("{failure}");
            ExitCode::from(failure.exit_code())
        }
    }
}

fn run(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        Command::Tickets(args) => tickets::run(args),
    }
}
