//! `itil-assess report`: the HTML report, from answers (scored on the way) or from a saved result document.

use std::path::PathBuf;

use clap::Args;

use crate::error::Failure;
use crate::report::{self, ReportOptions};
use crate::results::{Assessment, ResultDocument};

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The questionnaire (a file or a folder); not with --result.
    #[arg(required_unless_present = "result")]
    pub questionnaire: Option<PathBuf>,
    /// Answer files or folders; not with --result.
    #[arg(value_name = "ANSWERS", required_unless_present = "result")]
    pub answers: Vec<PathBuf>,
    /// Render a saved result document (from `score --json`) instead of scoring answers.
    #[arg(long, value_name = "RESULT.json", conflicts_with_all = ["questionnaire", "answers", "targets", "skip_invalid"])]
    pub result: Option<PathBuf>,
    /// Per-process targets and importance for this engagement (TOML).
    #[arg(long, value_name = "FILE")]
    pub targets: Option<PathBuf>,
    /// Earlier result documents of the same assessment, for a trend section (oldest first).
    #[arg(long, value_name = "RESULT.json")]
    pub history: Vec<PathBuf>,
    /// The report's title.
    #[arg(long)]
    pub title: Option<String>,
    /// The client organisation.
    #[arg(long)]
    pub client: Option<String>,
    /// Who ran the assessment.
    #[arg(long)]
    pub assessor: Option<String>,
    /// The date printed on the cover (default: the assessment date).
    #[arg(long)]
    pub date: Option<String>,
    /// A label for this assessment (e.g. "Baseline 2026").
    #[arg(long)]
    pub label: Option<String>,
    /// A folder whose files replace the default templates of the same name.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Score the valid answers and list each invalid value in the report's method section.
    #[arg(long)]
    pub skip_invalid: bool,
    #[command(flatten)]
    pub tickets: super::score::TicketArgs,
    /// Where to write the HTML file.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
}

fn read_result(path: &std::path::Path) -> Result<ResultDocument, Failure> {
    let text =
        std::fs::read_to_string(path).map_err(|e| Failure::input(format!("{}: cannot read: {e}", path.display())))?;
    ResultDocument::from_json(&path.display().to_string(), &text)
}

pub fn run(args: ReportArgs) -> Result<(), Failure> {
    let doc = match (&args.result, &args.questionnaire) {
        (Some(path), _) => read_result(path)?,
        (None, Some(questionnaire)) => super::score::result_document(
            questionnaire,
            &args.answers,
            args.targets.as_deref(),
            args.skip_invalid,
            Assessment { label: args.label.clone(), date: None },
            &args.tickets,
        )?,
        (None, None) => return Err(Failure::input("give a questionnaire and answers, or --result RESULT.json")),
    };
    let mut history = Vec::new();
    for path in &args.history {
        let old = read_result(path)?;
        if old.questionnaire.id != doc.questionnaire.id
            || old.questionnaire.version.major != doc.questionnaire.version.major
        {
            return Err(Failure::input(format!(
                "{}: assessed with {} {}, which cannot be compared with {} {}",
                path.display(),
                old.questionnaire.id,
                old.questionnaire.version,
                doc.questionnaire.id,
                doc.questionnaire.version
            )));
        }
        history.push(old);
    }
    let options = ReportOptions {
        title: args.title,
        client: args.client,
        assessor: args.assessor,
        date: args.date,
        templates: args.templates,
    };
    let html = report::render(&doc, &history, &options)?;
    crate::output::write_atomically(&args.output, html.as_bytes())?;
    eprintln!("wrote {} ({} KB)", args.output.display(), html.len().div_ceil(1024));
    Ok(())
}
