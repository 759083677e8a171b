//! Charts for the report: pure functions that turn plain data into inline SVG text, one function per chart kind.
//! Same input, same bytes; every user string escaped; a `<title>`/`<desc>` text alternative; readable in grey.
//!
//! Numeric axes and their grids come from plotters' SVG backend (`svg::plot`); the data marks, labels, legends
//! and the two charts plotters has no notion of (radar, heat map) are drawn from primitives in pixel space, so
//! that patterns, dash styles and marker shapes can carry the meaning in grey-scale print as well as colour.
//! Odd input never panics: non-finite values count as missing, values out of range are clamped, long labels
//! end in an ellipsis, and an input with nothing to draw gives a titled "No data" chart.

mod bars_with_targets;
mod grouped_bars;
mod heat_map;
mod histogram;
mod line_trend;
mod radar;
mod style;
mod svg;

pub use bars_with_targets::{BarWithTarget, BarsWithTargetsInput, bars_with_targets};
pub use grouped_bars::{GroupedBarsInput, grouped_bars};
pub use heat_map::{HeatMapInput, HeatMapRow, heat_map};
pub use histogram::{HistogramInput, histogram};
pub use line_trend::{LineTrendInput, line_trend};
pub use radar::{RadarInput, radar};
pub use svg::escape;

/// One named run of values, aligned with the chart's axes or categories; a non-finite value means "missing".
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub values: Vec<f64>,
}

impl Series {
    pub fn new(name: impl Into<String>, values: Vec<f64>) -> Self {
        Self { name: name.into(), values }
    }
}

/// A labelled reference value drawn across a chart: a target line, a pass mark.
#[derive(Debug, Clone, PartialEq)]
pub struct ReferenceLine {
    pub value: f64,
    pub label: String,
}

/// Why a chart could not be drawn. Empty data is not an error: it gives a "No data" chart.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChartError {
    #[error("chart id {0:?} cannot prefix SVG ids: use an ASCII letter followed by letters, digits, '-' or '_'")]
    InvalidId(String),
    #[error("a radar chart needs at least 3 axes, found {0}")]
    TooFewAxes(usize),
    /// A series (or heat-map row) named `name` does not have one value per axis, period, category or column.
    #[error("{name:?} has {found} values, expected one per {per} ({expected})")]
    LengthMismatch { name: String, per: &'static str, expected: usize, found: usize },
    #[error("histogram bin edges {0}")]
    InvalidBins(String),
    #[error("drawing the chart failed: {0}")]
    Draw(String),
}

#[cfg(test)]
mod tests;
