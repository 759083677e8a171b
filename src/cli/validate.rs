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
        if quiz::is_quiz_file(path) {
            let loaded = quiz::load(path)?;
            eprint!("{}", loaded.render());
            match &loaded.quiz {
                Some(q) => println!("OK {}: {}", path.display(), q.summary()),
                None => {
                    let errors = loaded.errors();
                    failed.push(format!("{}: {errors} error{}", path.display(), if errors == 1 { "" } else { "s" }));
                }
            }
            continue;
        }
        let loaded = questionnaire::load(path)?;
        eprint!("{}", loaded.render());
        match &loaded.questionnaire {
            Some(q) => println!("OK {}: {}", path.display(), q.summary()),
            None => {
                let errors = loaded.errors();
                failed.push(format!("{}: {errors} error{}", path.display(), if errors == 1 { "" } else { "s" }));
            }
        }
    }
    if failed.is_empty() { Ok(()) } else { Err(Failure::input(format!("FAILED {}", failed.join(", ")))) }
}
