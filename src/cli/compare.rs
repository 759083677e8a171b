//! `itil-assess compare RESULT.json...`: the same assessment over time — deltas, improvements and regressions.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::Args;

use crate::compare::{self, Comparison};
use crate::error::Failure;
use crate::report::{self, ReportOptions};
use crate::results::ResultDocument;

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Result documents (from `score --json`), oldest first; sorted by their dates when every one has a date.
    #[arg(required = true, num_args = 2.., value_name = "RESULT.json")]
    pub results: Vec<PathBuf>,
    /// Write the HTML trend report here.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Write the comparison as JSON here.
    #[arg(long, value_name = "OUT")]
    pub json: Option<PathBuf>,
    /// The trend report's title.
    #[arg(long)]
    pub title: Option<String>,
    /// The client organisation.
    #[arg(long)]
    pub client: Option<String>,
    /// A folder whose files replace the default templates of the same name.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

fn cell(value: Option<f64>) -> String {
    value.map_or_else(|| "–".into(), |v| format!("{v:.2}"))
}

fn signed(value: Option<f64>) -> String {
    value.map_or_else(|| "–".into(), |v| format!("{v:+.2}"))
}

/// The comparison as a terminal table.
pub fn render_table(c: &Comparison) -> String {
    let mut out = format!("{}\n", c.questionnaire);
    for (i, a) in c.assessments.iter().enumerate() {
        let _ = writeln!(out, "  {}. {} ({})", i + 1, a.name(i), a.source);
    }
    let names = c.processes.iter().map(|p| &p.series.name).chain(c.kpis.iter().map(|k| &k.name));
    let width = names.map(|n| n.chars().count()).max().unwrap_or(10).clamp(10, 44);
    let head: String = (1..=c.assessments.len()).map(|i| format!("{:>8}", format!("#{i}"))).collect();
    let _ = writeln!(out, "\n{:width$} {head}  baseline  previous  change", "Stage / process");
    let line = |out: &mut String, name: &str, s: &compare::Series| {
        let values: String = s.values.iter().map(|v| format!("{:>8}", cell(*v))).collect();
        let change = s.change().unwrap_or("");
        let name: String = name.chars().take(width).collect();
        let _ = writeln!(
            out,
            "{name:width$} {values}  {:>8}  {:>8}  {change}",
            signed(s.since_baseline),
            signed(s.since_previous)
        );
    };
    line(&mut out, "Overall", &c.overall);
    for s in &c.stages {
        line(&mut out, &s.name, s);
    }
    out.push('\n');
    for p in &c.processes {
        line(&mut out, &p.series.name, &p.series);
    }
    if !c.kpis.is_empty() {
        out.push('\n');
        for k in &c.kpis {
            line(&mut out, &k.name, k);
        }
    }
    out.push('\n');
    for sentence in &c.summary {
        let _ = writeln!(out, "{sentence}");
    }
    out
}

pub fn run(args: CompareArgs) -> Result<(), Failure> {
    let mut docs = Vec::new();
    for path in &args.results {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Failure::input(format!("{}: cannot read: {e}", path.display())))?;
        let shown = path.display().to_string();
        docs.push((shown.clone(), ResultDocument::from_json(&shown, &text)?));
    }
    let docs = compare::order(docs);
    let comparison = compare::compare(&docs)?;
    if let Some(path) = &args.json {
        let mut json = serde_json::to_string_pretty(&comparison).map_err(|e| Failure::other(e.to_string()))?;
        json.push('\n');
        crate::output::write_atomically(path, json.as_bytes())?;
    }
    if let Some(path) = &args.output {
        let options =
            ReportOptions { title: args.title, client: args.client, templates: args.templates, ..Default::default() };
        let html = report::render_trend(&comparison, &options)?;
        crate::output::write_atomically(path, html.as_bytes())?;
        eprintln!("wrote {}", path.display());
    }
    print!("{}", render_table(&comparison));
    Ok(())
}
