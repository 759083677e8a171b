//! `itil-assess validate PATH...`: check questionnaires and print every problem with its place.

use std::path::PathBuf;

use clap::Args;

use crate::error::Failure;
use crate::questionnaire;
use crate::quiz;

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Questionnaire files or folders.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

pub fn run(args: ValidateArgs) -> Result<(), Failure> {
    let mut failed = Vec::new();
    for path in &args.paths {
        // A quiz file has its own checks; everything else is a maturity questionnaire (a file or a folder).
        let (rendered, summary, errors) = if quiz::is_quiz_file(path) {
            let loaded = quiz::load(path)?;
            (loaded.render(), loaded.value.as_ref().map(quiz::Quiz::summary), loaded.errors())
        } else {
            let loaded = questionnaire::load(path)?;
            (loaded.render(), loaded.value.as_ref().map(questionnaire::Questionnaire::summary), loaded.errors())
        };
        eprint!("{rendered}");
        match summary {
            Some(summary) => println!("OK {}: {summary}", path.display()),
            None => failed.push(format!("{}: {errors} error{}", path.display(), if errors == 1 { "" } else { "s" })),
        }
    }
    if failed.is_empty() { Ok(()) } else { Err(Failure::input(format!("FAILED {}", failed.join(", ")))) }
}
