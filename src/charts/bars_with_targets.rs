//! Horizontal bars of maturity per process on the 0–5 scale, each with its target marked and its value printed.
//! Plotters draws the level axis and a grid line per level; bars, markers and labels are placed over it.

use super::svg::{self, Anchor, Axes, Document, Font, Stroke};
use super::{ChartError, style};

const MAX_LEVEL: f64 = 5.0;
const ROW_HEIGHT: f64 = 30.0;
const LABEL_COLUMN: f64 = 190.0;
const AXIS_AREA: f64 = 48.0;

/// Input for [`bars_with_targets`].
#[derive(Debug, Clone, PartialEq)]
pub struct BarsWithTargetsInput {
    /// Prefix for the SVG ids (`{id}-title`, …): unique within the page.
    pub id: String,
    pub title: String,
    /// Legend and description names, e.g. "Current" and "Target".
    pub value_name: String,
    pub target_name: String,
    /// Under the axis, e.g. "Maturity level (0–5)".
    pub axis_label: String,
    /// Top to bottom.
    pub bars: Vec<BarWithTarget>,
}

/// One process: its value and optional target, both on the 0–5 scale (clamped; non-finite means missing).
#[derive(Debug, Clone, PartialEq)]
pub struct BarWithTarget {
    pub label: String,
    pub value: f64,
    pub target: Option<f64>,
}

/// Draws `input` as horizontal bars with target markers; see [`BarsWithTargetsInput`].
pub fn bars_with_targets(input: &BarsWithTargetsInput) -> Result<String, ChartError> {
    svg::check_id(&input.id)?;
    if input.bars.is_empty() {
        return Ok(svg::no_data(&input.id, &input.title, &input.title));
    }
    let look = style::series(0);
    let has_targets = input.bars.iter().any(|bar| target(bar).is_some());
    let names = if has_targets {
        vec![input.value_name.clone(), input.target_name.clone()]
    } else {
        vec![input.value_name.clone()]
    };
    let legend_top = style::TITLE_HEIGHT + 10.0;
    let legend_height = svg::legend_height(style::WIDTH - 32.0, &names);
    let top = legend_top + legend_height + 6.0;
    let count = input.bars.len();
    let height = top + ROW_HEIGHT * count as f64 + AXIS_AREA + 8.0;

    let axes = Axes {
        x_range: (0.0, MAX_LEVEL),
        y_range: (0.0, count as f64),
        top,
        right: 44.0,
        bottom: AXIS_AREA,
        left: 16.0 + LABEL_COLUMN,
        x_desc: &input.axis_label,
        y_desc: "",
        x_ticks: MAX_LEVEL as usize + 1,
        y_ticks: 0,
    };
    let (grid, frame) = svg::plot(style::WIDTH, height, |root| svg::axes(root, &axes))?;

    let mut doc = Document::new(&input.id, style::WIDTH, height, &input.title, describe(input));
    doc.body.raw(&grid);
    svg::legend(&mut doc.body, 16.0, legend_top, style::WIDTH - 32.0, &names, |fragment, index, x, y| {
        if index == 0 {
            fragment.rect(x, y - 6.0, 26.0, 12.0, look.colour, None);
        } else {
            target_marker(fragment, x + 13.0, y, 12.0);
        }
    });

    let bar_height = (ROW_HEIGHT * 0.6).round();
    let value_font = Font::new(style::SMALL_SIZE).bold().centred().halo();
    for (index, bar) in input.bars.iter().enumerate() {
        let centre_y = frame.y(count as f64 - index as f64 - 0.5);
        doc.body.text(
            frame.left - 8.0,
            centre_y,
            &svg::fit(&bar.label, LABEL_COLUMN - 10.0, style::LABEL_SIZE),
            Font::new(style::LABEL_SIZE).anchor(Anchor::End).centred(),
        );
        let target_x = target(bar).map(|target| frame.x(target));
        match value(bar) {
            Some(value) => {
                let end = frame.x(value);
                doc.body.rect(frame.left, centre_y - bar_height / 2.0, end - frame.left, bar_height, look.colour, None);
                let text = svg::value(value, 1);
                let mut text_x = end + 5.0;
                // Move the printed value past the target marker rather than let them overlap.
                if let Some(target_x) = target_x
                    && target_x > end - 8.0
                    && target_x < text_x + svg::text_width(&text, value_font.size) + 8.0
                {
                    text_x = target_x + 9.0;
                }
                doc.body.text(text_x, centre_y, &text, value_font);
            }
            None => doc.body.text(
                frame.left + 5.0,
                centre_y,
                "no data",
                Font::new(style::SMALL_SIZE).fill(style::MUTED_TEXT).centred(),
            ),
        }
        if let Some(target_x) = target_x {
            target_marker(&mut doc.body, target_x, centre_y, bar_height + 8.0);
        }
    }
    Ok(doc.finish())
}

/// A vertical tick across the bar with a diamond on it: visible over the bar and beside it, in any print.
fn target_marker(fragment: &mut svg::Fragment, x: f64, y: f64, height: f64) {
    fragment.line((x, y - height / 2.0), (x, y + height / 2.0), Stroke::new(style::REFERENCE, 2.0));
    fragment.marker(style::Marker::Diamond, x, y, 4.5, style::REFERENCE);
}

fn value(bar: &BarWithTarget) -> Option<f64> {
    bar.value.is_finite().then(|| bar.value.clamp(0.0, MAX_LEVEL))
}

fn target(bar: &BarWithTarget) -> Option<f64> {
    bar.target.filter(|t| t.is_finite()).map(|t| t.clamp(0.0, MAX_LEVEL))
}

/// "Current and Target on a 0 to 5 scale. Incident management: Current 2.4, Target 3.0; …."
fn describe(input: &BarsWithTargetsInput) -> String {
    let bars: Vec<String> = input
        .bars
        .iter()
        .map(|bar| {
            let current = value(bar).map_or("no data".to_string(), |v| svg::value(v, 1));
            match target(bar) {
                Some(t) => format!(
                    "{}: {} {}, {} {}",
                    bar.label.trim(),
                    input.value_name.trim(),
                    current,
                    input.target_name.trim(),
                    svg::value(t, 1)
                ),
                None => format!("{}: {} {}", bar.label.trim(), input.value_name.trim(), current),
            }
        })
        .collect();
    let names = if input.bars.iter().any(|bar| target(bar).is_some()) {
        format!("{} and {}", input.value_name.trim(), input.target_name.trim())
    } else {
        input.value_name.trim().to_string()
    };
    format!("{names} on a 0 to 5 scale. {}.", bars.join("; "))
}
