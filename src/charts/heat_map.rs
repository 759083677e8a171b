//! Heat map of achievement per process (rows) and maturity level (columns), each cell a share in [0, 1].
//! Every cell prints its percentage, the ramp runs light to dark, and unanswered cells are hatched with a dash.

use super::svg::{self, Anchor, Document, Font, Stroke};
use super::{ChartError, style};

const ROW_HEIGHT: f64 = 26.0;
const LABEL_COLUMN: f64 = 210.0;
const HEADER_HEIGHT: f64 = 24.0;
const LEGEND_HEIGHT: f64 = 44.0;
const NOT_ANSWERED_INK: &str = "#8c8c8c";

/// Input for [`heat_map`].
#[derive(Debug, Clone, PartialEq)]
pub struct HeatMapInput {
    /// Prefix for the SVG ids (`{id}-title`, …): unique within the page.
    pub id: String,
    pub title: String,
    /// Column headings, typically "Level 1" to "Level 5".
    pub columns: Vec<String>,
    pub rows: Vec<HeatMapRow>,
}

/// One row of the heat map: a label and one cell per column.
#[derive(Debug, Clone, PartialEq)]
pub struct HeatMapRow {
    pub label: String,
    /// Achievement in [0, 1] (clamped); `None` or a non-finite value means "not answered".
    pub cells: Vec<Option<f64>>,
}

/// Draws `input` as a heat map; see [`HeatMapInput`].
pub fn heat_map(input: &HeatMapInput) -> Result<String, ChartError> {
    svg::check_id(&input.id)?;
    if input.rows.is_empty() || input.columns.is_empty() {
        return Ok(svg::no_data(&input.id, &input.title, &input.title));
    }
    for row in &input.rows {
        if row.cells.len() != input.columns.len() {
            return Err(ChartError::LengthMismatch {
                name: row.label.clone(),
                per: "column",
                expected: input.columns.len(),
                found: row.cells.len(),
            });
        }
    }

    let top = style::TITLE_HEIGHT + 8.0;
    let grid_top = top + HEADER_HEIGHT;
    let height = grid_top + ROW_HEIGHT * input.rows.len() as f64 + 16.0 + LEGEND_HEIGHT;
    let mut doc = Document::new(&input.id, style::WIDTH, height, &input.title, describe(input));
    let hatch_id = format!("{}-not-answered", input.id);
    doc.defs = format!(
        "<pattern id=\"{hatch_id}\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\">\
         <rect width=\"6\" height=\"6\" fill=\"#ffffff\"/>\
         <path d=\"M-1,1 l2,-2 M0,6 l6,-6 M5,7 l2,-2\" stroke=\"{NOT_ANSWERED_INK}\" stroke-width=\"0.8\"/>\
         </pattern>\n"
    );
    let hatch = format!("url(#{hatch_id})");

    let left = 16.0 + LABEL_COLUMN;
    let column_width = (style::WIDTH - 16.0 - left) / input.columns.len() as f64;
    let header_font = Font::new(style::SMALL_SIZE).anchor(Anchor::Middle).bold().centred();
    for (column, heading) in input.columns.iter().enumerate() {
        let x = left + column_width * (column as f64 + 0.5);
        let fitted = svg::fit(heading, column_width - 4.0, header_font.size * svg::BOLD);
        doc.body.text(x, top + HEADER_HEIGHT / 2.0, &fitted, header_font);
    }

    for (index, row) in input.rows.iter().enumerate() {
        let y = grid_top + ROW_HEIGHT * index as f64;
        doc.body.text(
            left - 8.0,
            y + ROW_HEIGHT / 2.0,
            &svg::fit(&row.label, LABEL_COLUMN - 10.0, style::LABEL_SIZE),
            Font::new(style::LABEL_SIZE).anchor(Anchor::End).centred(),
        );
        for (column, cell) in row.cells.iter().enumerate() {
            let x = left + column_width * column as f64;
            let centre = (x + column_width / 2.0, y + ROW_HEIGHT / 2.0);
            let cell_stroke = Some(Stroke::new(style::BACKGROUND, 2.0));
            match share(*cell) {
                Some(share) => {
                    let (fill, ink) = style::ramp(share);
                    doc.body.rect(x, y, column_width, ROW_HEIGHT, &fill, cell_stroke);
                    let font = Font::new(style::SMALL_SIZE).anchor(Anchor::Middle).fill(ink).centred();
                    doc.body.text(centre.0, centre.1, &percent(share), font);
                }
                None => {
                    doc.body.rect(x, y, column_width, ROW_HEIGHT, &hatch, cell_stroke);
                    let font = Font::new(style::LABEL_SIZE).anchor(Anchor::Middle).bold().centred();
                    doc.body.rect(centre.0 - 7.0, centre.1 - 7.0, 14.0, 14.0, style::BACKGROUND, None);
                    doc.body.text(centre.0, centre.1, "–", font);
                }
            }
        }
    }

    // Legend: five ramp steps with their values, then the "not answered" swatch.
    let legend_y = grid_top + ROW_HEIGHT * input.rows.len() as f64 + 16.0;
    let small = Font::new(style::SMALL_SIZE).centred();
    doc.body.text(16.0, legend_y + 10.0, "Achievement:", small);
    let step_width = 44.0;
    let steps_left = 100.0;
    for step in 0..=4 {
        let share = f64::from(step) / 4.0;
        let (fill, ink) = style::ramp(share);
        let x = steps_left + step_width * f64::from(step);
        doc.body.rect(x, legend_y, step_width, 20.0, &fill, Some(Stroke::new(style::GRID, 1.0)));
        let font = Font::new(style::SMALL_SIZE - 1.0).anchor(Anchor::Middle).fill(ink).centred();
        doc.body.text(x + step_width / 2.0, legend_y + 10.0, &percent(share), font);
    }
    let na_x = steps_left + step_width * 5.0 + 24.0;
    doc.body.rect(na_x, legend_y, 28.0, 20.0, &hatch, Some(Stroke::new(style::GRID, 1.0)));
    doc.body.rect(na_x + 7.0, legend_y + 3.0, 14.0, 14.0, style::BACKGROUND, None);
    let dash_font = Font::new(style::LABEL_SIZE).anchor(Anchor::Middle).bold().centred();
    doc.body.text(na_x + 14.0, legend_y + 10.0, "–", dash_font);
    doc.body.text(na_x + 36.0, legend_y + 10.0, "not answered", small);
    Ok(doc.finish())
}

fn share(cell: Option<f64>) -> Option<f64> {
    cell.filter(|value| value.is_finite()).map(|value| value.clamp(0.0, 1.0))
}

fn percent(share: f64) -> String {
    format!("{}%", svg::value(share * 100.0, 0))
}

/// "Achievement per maturity level. Incident management: Level 1 100%, Level 2 not answered; …."
fn describe(input: &HeatMapInput) -> String {
    let rows: Vec<String> = input
        .rows
        .iter()
        .map(|row| {
            let cells: Vec<String> = input
                .columns
                .iter()
                .zip(&row.cells)
                .map(|(column, cell)| match share(*cell) {
                    Some(share) => format!("{} {}", column.trim(), percent(share)),
                    None => format!("{} not answered", column.trim()),
                })
                .collect();
            format!("{}: {}", row.label.trim(), cells.join(", "))
        })
        .collect();
    format!("Achievement per column, in percent. {}.", rows.join("; "))
}
