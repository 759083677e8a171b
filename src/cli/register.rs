//! `itil-assess register RESULT.json [--register FILE] -o FILE`: raise, refresh and close the items of an
//! improvement register from a result document.

use std::path::PathBuf;

use clap::Args;

use crate::error::Failure;
use crate::register::{self, RegisterFormat};
use crate::results::ResultDocument;

#[derive(Debug, Args)]
pub struct RegisterArgs {
    /// The result document of an assessment (from `score --json`).
    pub result: PathBuf,
    /// An existing register to update (CSV, XLSX or TOML); may be the output file itself.
    #[arg(long, value_name = "FILE")]
    pub register: Option<PathBuf>,
    /// Where to write the register; its extension (.csv, .xlsx, .toml) gives the format.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// The date items are raised and closed on (default: the result's assessment date).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
}

pub fn run(args: RegisterArgs) -> Result<(), Failure> {
    let format = RegisterFormat::of(&args.output)?;
    let shown = args.result.display().to_string();
    let text =
        std::fs::read_to_string(&args.result).map_err(|e| Failure::input(format!("{shown}: cannot read: {e}")))?;
    let doc = ResultDocument::from_json(&shown, &text)?;
    let date = register::assessment_date(args.date.as_deref(), &doc, &shown)?;
    // Read the whole register before anything is written: a register that cannot be read is never replaced.
    let mut table = match &args.register {
        Some(path) => register::read(path)?,
        None => register::empty(),
    };
    let summary = register::update(&mut table, &doc, date);
    let bytes = register::render(&table, format)?;
    crate::output::write_atomically(&args.output, &bytes)?;
    let mut line = format!("wrote {}: {} new", args.output.display(), summary.added.len());
    if !summary.reopened.is_empty() {
        line += &format!(" (reopened: {})", summary.reopened.join(", "));
    }
    line += &format!(", {} done", summary.completed.len());
    if !summary.completed.is_empty() {
        line += &format!(" ({})", summary.completed.join(", "));
    }
    line += &format!(", {} open", summary.open);
    eprintln!("{line}");
    Ok(())
}
