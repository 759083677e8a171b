//! `itil-assess score QUESTIONNAIRE ANSWERS...`: score the answers and print or save the result document.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::error::Failure;
use crate::results::{Assessment, ResultDocument, render_csv, render_table};
use crate::{answers, output, questionnaire, scoring, targets};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScoreFormat {
    Table,
    Json,
    Csv,
}

/// Ticket exports to set beside the self-assessment (shared by `score` and `report`).
#[derive(Debug, Clone, Default, Args)]
pub struct TicketArgs {
    /// Ticket exports (CSV, XLSX, XLS, ODS from ServiceNow, Jira, …): their KPIs are set against ITIL guidance
    /// and against the self-assessment. Repeat for several files.
    #[arg(long = "tickets", value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Mapping for the ticket files: a built-in profile or a mapping TOML (default: detected from each header).
    #[arg(long = "ticket-mapping", value_name = "NAME|FILE")]
    pub mapping: Option<String>,
}

#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// The questionnaire (a file or a folder).
    pub questionnaire: PathBuf,
    /// Answer files (TOML, CSV, XLSX, XLS, ODS) or folders of them.
    #[arg(required = true, value_name = "ANSWERS")]
    pub answers: Vec<PathBuf>,
    /// Per-process targets and importance for this engagement (TOML).
    #[arg(long, value_name = "FILE")]
    pub targets: Option<PathBuf>,
    /// Also write the result document (JSON) to this file.
    #[arg(long, value_name = "OUT")]
    pub json: Option<PathBuf>,
    /// What to print on standard output.
    #[arg(long, value_enum, default_value_t = ScoreFormat::Table)]
    pub format: ScoreFormat,
    /// Score the valid answers and report each invalid value or unknown id as a warning.
    #[arg(long)]
    pub skip_invalid: bool,
    /// A label for this assessment (e.g. "Baseline 2026").
    #[arg(long)]
    pub label: Option<String>,
    /// The assessment date (default: the latest respondent date).
    #[arg(long)]
    pub date: Option<String>,
    #[command(flatten)]
    pub tickets: TicketArgs,
}

/// Load, read, score: the result document of a run (shared by `score` and `report`).
pub fn result_document(
    questionnaire: &std::path::Path,
    answer_paths: &[PathBuf],
    targets_path: Option<&std::path::Path>,
    skip_invalid: bool,
    assessment: Assessment,
    tickets: &TicketArgs,
) -> Result<ResultDocument, Failure> {
    let q = questionnaire::load_valid(questionnaire)?;
    let targets = match targets_path {
        Some(path) => targets::read(&q, path)?,
        None => scoring::Targets::of(&q),
    };
    let responses = answers::read(&q, answer_paths, skip_invalid)?;
    for warning in &responses.warnings {
        eprintln!("warning: skipped {warning}");
    }
    let scores = scoring::score(&q, &responses.responses, &targets);
    let mut doc = ResultDocument::build(&q, &responses, &scores, assessment);
    if !tickets.files.is_empty() {
        let imports = crate::results::tickets::import(&tickets.files, tickets.mapping.as_deref(), skip_invalid)?;
        let indices = doc.processes.iter().map(|p| (p.id.clone(), p.index)).collect();
        let guidance = crate::tickets::Guidance::builtin();
        doc.tickets = Some(crate::results::tickets::evidence(&imports, &guidance, &indices));
    }
    Ok(doc)
}

pub fn run(args: ScoreArgs) -> Result<(), Failure> {
    let assessment = Assessment { label: args.label, date: args.date };
    let doc = result_document(
        &args.questionnaire,
        &args.answers,
        args.targets.as_deref(),
        args.skip_invalid,
        assessment,
        &args.tickets,
    )?;
    if let Some(path) = &args.json {
        output::write_atomically_with(path, |w| doc.write_json(w))?;
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 20, stdout);
    let written = match args.format {
        ScoreFormat::Table => out.write_all(render_table(&doc).as_bytes()),
        ScoreFormat::Json => doc.write_json(&mut out),
        ScoreFormat::Csv => out.write_all(render_csv(&doc).as_bytes()),
    };
    written.and_then(|()| out.flush()).map_err(|e| Failure::other(format!("cannot write to standard output: {e}")))?;
    Ok(())
}
