//! Counts per bin (class scores, ticket resolution times), with an optional vertical marker such as a pass mark.
//! Plotters draws the count axis and its grid and the bars; bin-edge labels and counts are placed over them.

use plotters::prelude::{Color, RGBColor, Rectangle};

use super::svg::{self, Anchor, Axes, Document, Font, Stroke};
use super::{ChartError, ReferenceLine, style};

const HEIGHT_OF_PLOT: f64 = 240.0;
const AXIS_AREA: f64 = 52.0;
const VALUE_AXIS_AREA: f64 = 64.0;
/// The bars' colour as plotters wants it; the same as the first series colour.
const BAR: RGBColor = RGBColor(0x0b, 0x4f, 0x8a);

/// Input for [`histogram`].
#[derive(Debug, Clone, PartialEq)]
pub struct HistogramInput {
    /// Prefix for the SVG ids (`{id}-title`, …): unique within the page.
    pub id: String,
    pub title: String,
    /// `counts.len() + 1` finite, strictly increasing edges: bin `i` runs from `bin_edges[i]` to `bin_edges[i + 1]`.
    pub bin_edges: Vec<f64>,
    pub counts: Vec<u64>,
    pub x_label: String,
    pub y_label: String,
    /// A vertical line at a value, e.g. the pass mark; clamped into the binned range.
    pub marker: Option<ReferenceLine>,
}

/// Draws `input` as a histogram; see [`HistogramInput`].
pub fn histogram(input: &HistogramInput) -> Result<String, ChartError> {
    svg::check_id(&input.id)?;
    if input.counts.is_empty() {
        return Ok(svg::no_data(&input.id, &input.title, &input.title));
    }
    check_edges(input)?;
    let edges = &input.bin_edges;
    let (first, last) = (edges[0], edges[edges.len() - 1]);
    let marker = input.marker.as_ref().filter(|m| m.value.is_finite());
    let top = style::TITLE_HEIGHT + 16.0;
    let height = top + HEIGHT_OF_PLOT + AXIS_AREA;
    let highest = input.counts.iter().copied().max().unwrap_or(0) as f64;
    // Room above the tallest bar for its count; at least 0..5 so small counts get whole-number ticks.
    let y_top = (highest * 1.12).max(5.0);

    let axes = Axes {
        x_range: (first, last),
        y_range: (0.0, y_top),
        top,
        right: 24.0,
        bottom: AXIS_AREA,
        left: VALUE_AXIS_AREA,
        x_desc: &input.x_label,
        y_desc: &input.y_label,
        x_ticks: 0,
        y_ticks: 6,
    };
    let (plot, frame) = svg::plot(style::WIDTH, height, |root| {
        let frame = svg::axes(root, &axes)?;
        // Bars through plotters too, in pixel space: the frame maps data to pixels.
        let bars = input.counts.iter().enumerate().map(|(bin, count)| {
            let left = frame.x(edges[bin]).round() as i32;
            let right = frame.x(edges[bin + 1]).round() as i32;
            let top = frame.y(*count as f64).round() as i32;
            Rectangle::new([(left, top), (right, frame.bottom as i32)], BAR.filled())
        });
        for bar in bars {
            root.draw(&bar)?;
        }
        let gaps = input.counts.iter().enumerate().skip(1).map(|(bin, _)| {
            let x = frame.x(edges[bin]).round() as i32;
            Rectangle::new([(x, frame.top as i32), (x + 1, frame.bottom as i32 - 1)], RGBColor(255, 255, 255).filled())
        });
        for gap in gaps {
            root.draw(&gap)?;
        }
        Ok(frame)
    })?;

    let mut doc = Document::new(&input.id, style::WIDTH, height, &input.title, describe(input, marker));
    doc.body.raw(&plot);

    if let Some(marker) = marker {
        let x = frame.x(marker.value);
        doc.body.line((x, frame.top - 4.0), (x, frame.bottom), Stroke::new(style::REFERENCE, 2.0).dashed(Some("6 3")));
        let label = format!("{} {}", svg::truncate(&marker.label, 30), svg::num(marker.value.clamp(first, last)));
        let on_right = x < frame.left + frame.width() * 0.7;
        let (anchor, text_x) = if on_right { (Anchor::Start, x + 5.0) } else { (Anchor::End, x - 5.0) };
        let font = Font::new(style::SMALL_SIZE).anchor(anchor).bold().fill(style::REFERENCE).halo();
        doc.body.text(text_x, frame.top + 6.0, &label, font);
    }
    let count_font = Font::new(style::SMALL_SIZE).anchor(Anchor::Middle).halo();
    let widest = input.counts.iter().map(|c| svg::text_width(&c.to_string(), count_font.size)).fold(0.0, f64::max);
    let counts_fit = frame.width() / input.counts.len() as f64 >= widest + 2.0;
    for (bin, count) in input.counts.iter().enumerate() {
        if counts_fit && *count > 0 {
            let x = (frame.x(edges[bin]) + frame.x(edges[bin + 1])) / 2.0;
            doc.body.text(x, frame.y(*count as f64) - 4.0, &count.to_string(), count_font);
        }
    }

    // Edge labels, thinned so that they never overlap.
    let labels: Vec<String> = edges.iter().map(|edge| svg::truncate(&svg::num(*edge), 10)).collect();
    let widest = labels.iter().map(|l| svg::text_width(l, style::SMALL_SIZE)).fold(0.0, f64::max);
    let slot = frame.width() / input.counts.len() as f64;
    let step = ((widest + 8.0) / slot).ceil().max(1.0) as usize;
    for (index, (edge, label)) in edges.iter().zip(&labels).enumerate() {
        if index % step == 0 {
            let x = frame.x(*edge);
            doc.body.line((x, frame.bottom), (x, frame.bottom + 5.0), Stroke::new(style::AXIS, 1.0));
            doc.body.text(x, frame.bottom + 18.0, label, Font::new(style::SMALL_SIZE).anchor(Anchor::Middle));
        }
    }

    Ok(doc.finish())
}

fn check_edges(input: &HistogramInput) -> Result<(), ChartError> {
    let edges = &input.bin_edges;
    if edges.len() != input.counts.len() + 1 {
        return Err(ChartError::InvalidBins(format!(
            "must be one more than the counts: {} counts need {} edges, found {}",
            input.counts.len(),
            input.counts.len() + 1,
            edges.len()
        )));
    }
    if edges.iter().any(|e| !e.is_finite()) {
        return Err(ChartError::InvalidBins("must all be finite numbers".to_string()));
    }
    if edges.windows(2).any(|pair| pair[1] <= pair[0]) {
        return Err(ChartError::InvalidBins("must be strictly increasing".to_string()));
    }
    Ok(())
}

/// "Histogram of Students by Score (%). 0 to 10: 1; 10 to 20: 0; …. Pass mark at 60."
fn describe(input: &HistogramInput, marker: Option<&ReferenceLine>) -> String {
    let bins: Vec<String> = input
        .counts
        .iter()
        .enumerate()
        .map(|(bin, count)| {
            format!("{} to {}: {count}", svg::num(input.bin_edges[bin]), svg::num(input.bin_edges[bin + 1]))
        })
        .collect();
    let what = match (input.y_label.trim(), input.x_label.trim()) {
        ("", "") => "Histogram".to_string(),
        (y, "") => format!("Histogram of {y}"),
        ("", x) => format!("Histogram by {x}"),
        (y, x) => format!("Histogram of {y} by {x}"),
    };
    let mut text = format!("{what}. {}.", bins.join("; "));
    if let Some(marker) = marker {
        text.push_str(&format!(" {} at {}.", marker.label.trim(), svg::num(marker.value)));
    }
    text
}
