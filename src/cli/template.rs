//! `itil-assess template QUESTIONNAIRE --format xlsx|csv|toml -o FILE`: a blank answer sheet.

use std::path::PathBuf;

use clap::Args;

use crate::answers::{TemplateFormat, write_template};
use crate::error::Failure;
use crate::questionnaire;

#[derive(Debug, Args)]
pub struct TemplateArgs {
    /// The questionnaire (a file or a folder).
    pub questionnaire: PathBuf,
    /// The sheet's format (default: from the output file's extension).
    #[arg(long, value_enum)]
    pub format: Option<TemplateFormat>,
    /// Where to write the sheet.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
}

pub fn run(args: TemplateArgs) -> Result<(), Failure> {
    let format = match args.format {
        Some(f) => f,
        None => match args.output.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
            Some("xlsx") => TemplateFormat::Xlsx,
            Some("csv") => TemplateFormat::Csv,
            Some("toml") => TemplateFormat::Toml,
            _ => {
                return Err(Failure::input(format!(
                    "{}: cannot tell the format from the extension; give --format xlsx, csv or toml",
                    args.output.display()
                )));
            }
        },
    };
    let q = questionnaire::load_valid(&args.questionnaire)?;
    write_template(&q, format, &args.output)?;
    eprintln!("wrote {} ({} questions)", args.output.display(), q.questions.len());
    Ok(())
}
