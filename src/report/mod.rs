//! The HTML report: a consultant's deliverable in one self-contained file.
//!
//! The result document becomes a view model (`view`), which tera templates lay out. The default templates are
//! compiled in; a `--templates` folder replaces them file by file, and `templates export` writes them out.
//! Tera 2 is used (not 1.x) for its stricter autoescaping of `.html` templates and its `include` of partials.

pub mod tickets;
pub mod trend;
pub mod view;

use std::path::{Path, PathBuf};

use crate::error::Failure;
use crate::results::ResultDocument;

/// The default templates, by name: compiled into the binary.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("report.html", include_str!("../../report-templates/report.html")),
    ("report.css", include_str!("../../report-templates/report.css")),
    ("head.html", include_str!("../../report-templates/head.html")),
    ("sections/cover.html", include_str!("../../report-templates/sections/cover.html")),
    ("sections/summary.html", include_str!("../../report-templates/sections/summary.html")),
    ("sections/method.html", include_str!("../../report-templates/sections/method.html")),
    ("sections/overview.html", include_str!("../../report-templates/sections/overview.html")),
    ("sections/stages.html", include_str!("../../report-templates/sections/stages.html")),
    ("sections/heatmap.html", include_str!("../../report-templates/sections/heatmap.html")),
    ("sections/roadmap.html", include_str!("../../report-templates/sections/roadmap.html")),
    ("sections/recommendation.html", include_str!("../../report-templates/sections/recommendation.html")),
    ("sections/disagreements.html", include_str!("../../report-templates/sections/disagreements.html")),
    ("sections/tickets.html", include_str!("../../report-templates/sections/tickets.html")),
    ("sections/trend.html", include_str!("../../report-templates/sections/trend.html")),
    ("sections/appendix.html", include_str!("../../report-templates/sections/appendix.html")),
    ("trend.html", include_str!("../../report-templates/trend.html")),
    ("class-report.html", include_str!("../../report-templates/class-report.html")),
];

/// What the person running the report says about the engagement.
#[derive(Debug, Clone, Default)]
pub struct ReportOptions {
    pub title: Option<String>,
    pub client: Option<String>,
    pub assessor: Option<String>,
    pub date: Option<String>,
    /// A folder whose files replace the default templates of the same name.
    pub templates: Option<PathBuf>,
}

/// The default templates, with the user's files in place of those they replace.
pub(crate) fn templates(overrides: Option<&Path>) -> Result<tera::Tera, Failure> {
    let mut sources: Vec<(String, String)> = TEMPLATES.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect();
    if let Some(dir) = overrides {
        if !dir.is_dir() {
            return Err(Failure::input(format!("{}: not a folder of templates", dir.display())));
        }
        for (name, text) in sources.iter_mut() {
            let path = dir.join(name.as_str());
            if path.is_file() {
                *text = std::fs::read_to_string(&path)
                    .map_err(|e| Failure::input(format!("{}: cannot read: {e}", path.display())))?;
            }
        }
    }
    let mut tera = tera::Tera::default();
    tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        .map_err(|e| Failure::input(format!("report templates: {}", error_chain(&e))))?;
    Ok(tera)
}

pub(crate) fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(e) = source {
        text.push_str(": ");
        text.push_str(&e.to_string());
        source = e.source();
    }
    text
}

/// Render the report for a result document (and earlier assessments for the trend section).
pub fn render(doc: &ResultDocument, history: &[ResultDocument], options: &ReportOptions) -> Result<String, Failure> {
    let tera = templates(options.templates.as_deref())?;
    let report = view::build(doc, history, options);
    let mut context = tera::Context::new();
    context.insert("report", &report);
    tera.render("report.html", &context).map_err(|e| Failure::input(format!("report templates: {}", error_chain(&e))))
}

/// Render the trend report of a comparison: the same templates and styles as the main report.
pub fn render_trend(comparison: &crate::compare::Comparison, options: &ReportOptions) -> Result<String, Failure> {
    let tera = templates(options.templates.as_deref())?;
    let view = trend::for_comparison(comparison, options.title.clone(), options.client.clone());
    let mut context = tera::Context::new();
    context.insert("report", &view);
    tera.render("trend.html", &context).map_err(|e| Failure::input(format!("report templates: {}", error_chain(&e))))
}

/// Write the default templates into a folder, for editing; existing files are left alone unless `force`.
pub fn export_templates(dir: &Path, force: bool) -> Result<Vec<PathBuf>, Failure> {
    let mut written = Vec::new();
    for (name, text) in TEMPLATES {
        let path = dir.join(name);
        if path.exists() && !force {
            return Err(Failure::input(format!("{}: already exists (use --force to overwrite)", path.display())));
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Failure::other(format!("{}: cannot create: {e}", parent.display())))?;
        }
        crate::output::write_atomically(&path, text.as_bytes())?;
        written.push(path);
    }
    Ok(written)
}
