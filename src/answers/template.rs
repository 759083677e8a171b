//! Blank answer sheets for a questionnaire: XLSX for clients (drop-down answers, frozen header), CSV and
//! TOML for scripts. Each is read back by `score` unchanged, in the long shape.

use std::fmt::Write as _;
use std::path::Path;

use rust_xlsxwriter::{DataValidation, Format, FormatAlign, FormatBorder, Workbook};

use crate::error::Failure;
use crate::output::write_atomically;
use crate::questionnaire::Questionnaire;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TemplateFormat {
    Xlsx,
    Csv,
    Toml,
}

/// The sheet name of XLSX templates.
pub const ANSWER_SHEET: &str = "Answers";
/// Row (0-based) of the header in CSV and XLSX templates, below the respondent block.
const HEADER_ROW: u32 = 5;
const COLUMNS: [&str; 7] = ["id", "stage", "process", "level", "question", "answer", "comment"];

pub fn write_template(q: &Questionnaire, format: TemplateFormat, out: &Path) -> Result<(), Failure> {
    let bytes = match format {
        TemplateFormat::Xlsx => xlsx(q)?,
        TemplateFormat::Csv => csv(q)?.into_bytes(),
        TemplateFormat::Toml => toml(q).into_bytes(),
    };
    write_atomically(out, &bytes)
}

fn rows(q: &Questionnaire) -> impl Iterator<Item = [String; 5]> + '_ {
    q.questions.iter().map(|x| {
        let process = &q.processes[x.process];
        [x.id.clone(), q.stages[process.stage].name.clone(), process.name.clone(), x.level.to_string(), x.text.clone()]
    })
}

fn csv(q: &Questionnaire) -> Result<String, Failure> {
    let mut writer = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
    let fail = |e: csv::Error| Failure::other(format!("cannot write CSV: {e}"));
    for label in ["Respondent", "Role", "Weight", "Date"] {
        let value = if label == "Weight" { "1" } else { "" };
        writer.write_record([label, value]).map_err(fail)?;
    }
    writer.write_record(["", ""]).map_err(fail)?;
    writer.write_record(COLUMNS).map_err(fail)?;
    for row in rows(q) {
        writer.write_record(row.iter().map(String::as_str).chain(["", ""])).map_err(fail)?;
    }
    let bytes = writer.into_inner().map_err(|e| Failure::other(format!("cannot write CSV: {e}")))?;
    String::from_utf8(bytes).map_err(|e| Failure::other(format!("cannot write CSV: {e}")))
}

fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

fn toml(q: &Questionnaire) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Answers to {} {} ({}).", q.meta.title, q.meta.version, q.meta.id);
    out.push_str("# Fill in each answer between the quotes; leave it empty when you do not know, \"n/a\" when it does not apply.\n\n");
    out.push_str(
        "[respondent]\nname = \"\"\nrole = \"\"\nweight = 1\ndate = \"\"   # e.g. \"2026-03-01\"\n\n[answers]\n",
    );
    let mut last_process = usize::MAX;
    for x in &q.questions {
        if x.process != last_process {
            let process = &q.processes[x.process];
            let _ = writeln!(out, "\n# {} — {}", q.stages[process.stage].name, process.name);
            last_process = x.process;
        }
        let _ = writeln!(out, "# L{} {} ({})", x.level, x.text, x.scale.choices());
        let _ = writeln!(out, "{} = \"\"", toml_key(&x.id));
    }
    out.push_str("\n[comments]\n# question id = \"what you want the assessor to know\"\n");
    out
}

/// A bare key when the id allows it, else a quoted one.
fn toml_key(id: &str) -> String {
    if id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') { id.to_string() } else { toml_string(id) }
}

fn xlsx(q: &Questionnaire) -> Result<Vec<u8>, Failure> {
    let fail = |e: rust_xlsxwriter::XlsxError| Failure::other(format!("cannot write XLSX: {e}"));
    let mut workbook = Workbook::new();
    // A fixed creation date keeps the bytes the same for the same questionnaire.
    let properties = rust_xlsxwriter::DocProperties::new()
        .set_title(&q.meta.title)
        .set_creation_datetime(&rust_xlsxwriter::ExcelDateTime::from_ymd(2000, 1, 1).map_err(fail)?);
    workbook.set_properties(&properties);
    let sheet = workbook.add_worksheet();
    sheet.set_name(ANSWER_SHEET).map_err(fail)?;

    let bold = Format::new().set_bold();
    let header = Format::new().set_bold().set_background_color("#D9E1F2").set_border_bottom(FormatBorder::Thin);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let top = Format::new().set_align(FormatAlign::Top);
    let input =
        Format::new().set_background_color("#FFF2CC").set_border(FormatBorder::Thin).set_align(FormatAlign::Top);

    let title = format!("{} {} — answer sheet", q.meta.title, q.meta.version);
    sheet.write_string_with_format(0, 3, &title, &bold).map_err(fail)?;
    for (row, label) in ["Respondent", "Role", "Weight", "Date"].into_iter().enumerate() {
        sheet.write_string_with_format(row as u32, 0, label, &bold).map_err(fail)?;
        if label == "Weight" {
            sheet.write_number_with_format(row as u32, 1, 1.0, &input).map_err(fail)?;
        } else {
            sheet.write_blank(row as u32, 1, &input).map_err(fail)?;
        }
    }
    for (col, name) in COLUMNS.into_iter().enumerate() {
        sheet.write_string_with_format(HEADER_ROW, col as u16, name, &header).map_err(fail)?;
    }
    for (i, (row, x)) in rows(q).zip(&q.questions).enumerate() {
        let r = HEADER_ROW + 1 + i as u32;
        for (col, value) in row.iter().enumerate() {
            let format = if col == 4 { &wrap } else { &top };
            if col == 3 {
                sheet.write_number_with_format(r, col as u16, f64::from(x.level), format).map_err(fail)?;
            } else {
                sheet.write_string_with_format(r, col as u16, value, format).map_err(fail)?;
            }
        }
        sheet.write_blank(r, 5, &input).map_err(fail)?;
        sheet.write_blank(r, 6, &input).map_err(fail)?;
        let validation = DataValidation::new()
            .allow_list_strings(x.scale.options())
            .map_err(fail)?
            .set_input_title(x.scale.choices())
            .map_err(fail)?
            .set_input_message(scale_help(x.scale))
            .map_err(fail)?;
        sheet.add_data_validation(r, 5, r, 5, &validation).map_err(fail)?;
    }
    for (col, width) in [(0, 12.0), (1, 24.0), (2, 30.0), (3, 6.0), (4, 70.0), (5, 10.0), (6, 40.0)] {
        sheet.set_column_width(col, width).map_err(fail)?;
    }
    sheet.set_freeze_panes(HEADER_ROW + 1, 0).map_err(fail)?;
    workbook.save_to_buffer().map_err(fail)
}

fn scale_help(scale: crate::questionnaire::Scale) -> &'static str {
    use crate::questionnaire::Scale;
    match scale {
        Scale::YesNo => "yes or no; n/a if it does not apply; empty if you do not know",
        Scale::Nplf => "N not, P partially, L largely, F fully achieved; n/a if it does not apply",
        Scale::ZeroToFour => "0 (not at all) to 4 (fully); n/a if it does not apply",
    }
}
