//! The command line: one args struct per subcommand, each run by the file named after it.
//!
//! Nothing below this module sees clap: commands turn what the user typed into plain values and call the library.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::error::Failure;

pub(crate) use tickets::load_mapping;

mod compare;
mod quiz;
mod register;
mod report;
mod score;
mod template;
mod templates;
mod tickets;
mod validate;

#[derive(Debug, Parser)]
#[command(name = "itil-assess", version, about = "Measure IT service management maturity against ITIL guidance")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check questionnaires: syntax, meaning, and every reference between them.
    Validate(validate::ValidateArgs),
    /// Write a blank answer sheet (XLSX, CSV or TOML) for a questionnaire.
    Template(template::TemplateArgs),
    /// Score answers against a questionnaire: levels, indices, gaps and recommendations.
    Score(score::ScoreArgs),
    /// Render the HTML report: from answers, or from a saved result document with --result.
    Report(report::ReportArgs),
    /// Compare assessments over time: deltas, improvements, regressions, and a trend report.
    Compare(compare::CompareArgs),
    /// Keep the improvement register: raise items from a result, close the ones now met.
    Register(register::RegisterArgs),
    /// Work with the report templates.
    Templates(templates::TemplatesArgs),
    /// Certification practice: take a quiz in the terminal, or grade a class with item analysis.
    Quiz(quiz::QuizArgs),
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
        Command::Validate(args) => validate::run(args),
        Command::Template(args) => template::run(args),
        Command::Score(args) => score::run(args),
        Command::Report(args) => report::run(args),
        Command::Templates(args) => templates::run(args),
        Command::Compare(args) => compare::run(args),
        Command::Register(args) => register::run(args),
        Command::Quiz(args) => quiz::run(args),
        Command::Tickets(args) => tickets::run(args),
    }
}
