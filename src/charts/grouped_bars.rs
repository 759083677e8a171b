//! Vertical bars per category, one bar per series side by side (e.g. SLA met % by priority, this year and last).
//! Series differ by fill pattern as well as colour; plotters draws the value axis and its grid.

use super::svg::{self, Anchor, Axes, Document, Font, Stroke};
use super::{ChartError, Series, style};

const HEIGHT_OF_PLOT: f64 = 250.0;
const AXIS_AREA: f64 = 64.0;
const VALUE_AXIS_AREA: f64 = 64.0;

/// Input for [`grouped_bars`].
#[derive(Debug, Clone, PartialEq)]
pub struct GroupedBarsInput {
    /// Prefix for the SVG ids (`{id}-title`, …): unique within the page.
    pub id: String,
    pub title: String,
    /// Left to right; every series has one value per category.
    pub categories: Vec<String>,
    pub series: Vec<Series>,
    pub x_label: String,
    pub y_label: String,
    /// Top of the value axis, e.g. `Some(100.0)` for percentages; `None` fits the data. The axis starts at zero
    /// and negative values are drawn as zero.
    pub y_max: Option<f64>,
    /// Decimals of printed values, and a unit printed after them (e.g. "%"; may be empty).
    pub decimals: usize,
    pub unit: String,
}

/// Draws `input` as grouped vertical bars; see [`GroupedBarsInput`].
pub fn grouped_bars(input: &GroupedBarsInput) -> Result<String, ChartError> {
    svg::check_id(&input.id)?;
    if input.categories.is_empty() || input.series.is_empty() {
        return Ok(svg::no_data(&input.id, &input.title, &input.title));
    }
    for series in &input.series {
        if series.values.len() != input.categories.len() {
            return Err(ChartError::LengthMismatch {
                name: series.name.clone(),
                per: "category",
                expected: input.categories.len(),
                found: series.values.len(),
            });
        }
    }

    let names: Vec<String> = input.series.iter().map(|s| s.name.clone()).collect();
    let show_legend = names.len() > 1;
    let legend_top = style::TITLE_HEIGHT + 10.0;
    let legend_height = if show_legend { svg::legend_height(style::WIDTH - 32.0, &names) } else { 0.0 };
    let top = legend_top + legend_height + 14.0;
    let height = top + HEIGHT_OF_PLOT + AXIS_AREA;
    let y_max = value_max(input);

    let axes = Axes {
        x_range: (0.0, input.categories.len() as f64),
        y_range: (0.0, y_max),
        top,
        right: 24.0,
        bottom: AXIS_AREA,
        left: VALUE_AXIS_AREA,
        x_desc: &input.x_label,
        y_desc: &input.y_label,
        x_ticks: 0,
        y_ticks: 6,
    };
    let (grid, frame) = svg::plot(style::WIDTH, height, |root| svg::axes(root, &axes))?;

    let mut doc = Document::new(&input.id, style::WIDTH, height, &input.title, describe(input));
    let fills: Vec<String> = (0..input.series.len())
        .map(|index| {
            let look = style::series(index);
            match svg::pattern_def(&input.id, index, look.pattern, look.colour) {
                Some((pattern_id, def)) => {
                    doc.defs.push_str(&def);
                    format!("url(#{pattern_id})")
                }
                None => look.colour.to_string(),
            }
        })
        .collect();
    doc.body.raw(&grid);
    if show_legend {
        svg::legend(&mut doc.body, 16.0, legend_top, style::WIDTH - 32.0, &names, |fragment, index, x, y| {
            let edge = Stroke::new(style::series(index).colour, 1.0);
            fragment.rect(x + 3.0, y - 7.0, 20.0, 14.0, &fills[index], Some(edge));
        });
    }

    let slot = frame.width() / input.categories.len() as f64;
    let group_width = slot * 0.8;
    let bar_width = group_width / input.series.len() as f64;
    let value_font = Font::new(style::SMALL_SIZE).anchor(Anchor::Middle).halo();
    let values_fit = bar_width
        >= 6.0
            + svg::text_width(&format!("{}{}", svg::value(y_max, input.decimals), input.unit), value_font.size) * 0.8;
    for (category, _) in input.categories.iter().enumerate() {
        let group_left = frame.left + slot * category as f64 + (slot - group_width) / 2.0;
        for (index, series) in input.series.iter().enumerate() {
            let value = series.values[category];
            let x = group_left + bar_width * index as f64;
            if !value.is_finite() {
                let font = Font::new(style::SMALL_SIZE).anchor(Anchor::Middle).fill(style::MUTED_TEXT);
                doc.body.text(x + bar_width / 2.0, frame.bottom - 4.0, "–", font);
                continue;
            }
            let y = frame.y(value);
            let edge = Stroke::new(style::series(index).colour, 1.0);
            doc.body.rect(x + 1.0, y, bar_width - 2.0, frame.bottom - y, &fills[index], Some(edge));
            if values_fit {
                let text = format!("{}{}", svg::value(value, input.decimals), input.unit);
                doc.body.text(x + bar_width / 2.0, y - 4.0, &svg::truncate(&text, 10), value_font);
            }
        }
    }

    // Category labels under the axis, wrapped onto two lines within their slot.
    let label_font = Font::new(style::LABEL_SIZE).anchor(Anchor::Middle);
    for (category, label) in input.categories.iter().enumerate() {
        let x = frame.left + slot * (category as f64 + 0.5);
        let lines = svg::wrap(label, slot - 6.0, label_font.size, 2);
        doc.body.text_lines(x, frame.bottom + 16.0, &lines, label_font.size + 2.0, label_font);
    }
    Ok(doc.finish())
}

fn value_max(input: &GroupedBarsInput) -> f64 {
    if let Some(max) = input.y_max.filter(|m| m.is_finite() && *m > 0.0) {
        return max;
    }
    let highest =
        input.series.iter().flat_map(|s| s.values.iter().copied()).filter(|v| v.is_finite()).fold(0.0_f64, f64::max);
    if highest > 0.0 { highest * 1.12 } else { 1.0 }
}

/// "Bar chart of SLA met (%) by Priority. P1: 2024 82.0%, 2025 91.5%; …."
fn describe(input: &GroupedBarsInput) -> String {
    let categories: Vec<String> = input
        .categories
        .iter()
        .enumerate()
        .map(|(category, label)| {
            let values: Vec<String> = input
                .series
                .iter()
                .map(|series| {
                    let value = series.values[category];
                    let text = if value.is_finite() {
                        format!("{}{}", svg::value(value, input.decimals), input.unit.trim())
                    } else {
                        "no data".to_string()
                    };
                    format!("{} {}", series.name.trim(), text)
                })
                .collect();
            format!("{}: {}", label.trim(), values.join(", "))
        })
        .collect();
    let what = match (input.y_label.trim(), input.x_label.trim()) {
        ("", "") => "Bar chart".to_string(),
        (y, "") => format!("Bar chart of {y}"),
        ("", x) => format!("Bar chart by {x}"),
        (y, x) => format!("Bar chart of {y} by {x}"),
    };
    format!("{what}. {}.", categories.join("; "))
}
