//! A figure over periods as inline SVG: a line with a marker and its value at each
//! period, the target drawn as a dashed line with its label. No script; it prints as
//! drawn. The page puts a table of every figure beside it, and each point's value is
//! text, so neither colour nor position carries meaning alone.

use std::fmt::Write as _;

use crate::render::escape_html;

/// One point: its axis label, the year label under the first point of a year, its
/// value (none for a gap) and the text shown beside it.
pub struct Point {
    pub label: String,
    pub year: Option<String>,
    pub value: Option<f64>,
    pub text: String,
}

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 300.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 24.0;
const TOP: f64 = 24.0;
const BOTTOM: f64 = 76.0;

/// A line chart of `points`; `max` is the top of the scale (100 for a percentage),
/// `target` the target's value and its label.
pub fn line(
    id: &str,
    title: &str,
    description: &str,
    points: &[Point],
    max: f64,
    target: Option<(f64, String)>,
) -> String {
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let n = points.len().max(1);
    let plot = Plot {
        top: nice_top(max.max(target.as_ref().map_or(0.0, |t| t.0))),
        plot_w,
        plot_h,
        n,
        step: plot_w / n as f64,
    };
    let mut svg = format!(
        r#"<svg class="chart chart-line" role="img" aria-labelledby="{id}-title {id}-desc" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" xmlns="http://www.w3.org/2000/svg"><title id="{id}-title">{title}</title><desc id="{id}-desc">{description}</desc>"#,
        id = escape_html(id),
        title = escape_html(title),
        description = escape_html(description),
    );
    scale(&mut svg, &plot);
    if let Some((t, label)) = &target {
        target_line(&mut svg, &plot, *t, label);
    }
    series(&mut svg, &plot, points);
    points_and_labels(&mut svg, &plot, points);
    let _ = write!(
        svg,
        r#"<line class="chart-axis" x1="{LEFT}" y1="{y}" x2="{x2}" y2="{y}"/></svg>"#,
        y = TOP + plot_h,
        x2 = WIDTH - RIGHT,
    );
    svg
}

/// Where a chart's values and periods are drawn: the top of its scale, the size of
/// its plot, and the width given to each of its `n` periods.
struct Plot {
    top: f64,
    plot_w: f64,
    plot_h: f64,
    n: usize,
    step: f64,
}

impl Plot {
    /// The height a value is drawn at, held within the plot.
    fn y_of(&self, v: f64) -> f64 {
        TOP + self.plot_h - (v / self.top).clamp(0.0, 1.0) * self.plot_h
    }

    /// The middle of period `i`.
    fn x_of(&self, i: usize) -> f64 {
        LEFT + self.step * (i as f64 + 0.5)
    }
}

/// The scale: 0, half and the top, with faint lines across.
fn scale(svg: &mut String, plot: &Plot) {
    let top = plot.top;
    for v in [0.0, top / 2.0, top] {
        let y = plot.y_of(v);
        let _ = write!(
            svg,
            r#"<line class="chart-grid" x1="{LEFT}" y1="{y:.1}" x2="{x2}" y2="{y:.1}"/><text class="chart-scale" x="{lx}" y="{ty:.1}" text-anchor="end">{label}</text>"#,
            x2 = WIDTH - RIGHT,
            lx = LEFT - 6.0,
            ty = y + 5.0,
            label = escape_html(&scale_text(v)),
        );
    }
}

/// The target, a dashed line across at `t`, with `label` in a key.
fn target_line(svg: &mut String, plot: &Plot, t: f64, label: &str) {
    let y = plot.y_of(t);
    let _ = write!(
        svg,
        // Its label is a key below the chart, clear of the points.
        r#"<line class="chart-target" x1="{LEFT}" y1="{y:.1}" x2="{x2}" y2="{y:.1}"/><line class="chart-target" x1="{kx:.1}" y1="{ky:.1}" x2="{kx2:.1}" y2="{ky:.1}"/><text class="chart-target-label" x="{x2}" y="{ty:.1}" text-anchor="end">{label}</text>"#,
        x2 = WIDTH - RIGHT,
        kx = WIDTH - RIGHT - label.chars().count() as f64 * 7.5 - 40.0,
        kx2 = WIDTH - RIGHT - label.chars().count() as f64 * 7.5 - 8.0,
        ky = HEIGHT - 10.0,
        ty = HEIGHT - 5.0,
        label = escape_html(label),
    );
}

/// The line, broken where a period has no figure.
fn series(svg: &mut String, plot: &Plot, points: &[Point]) {
    let mut path = String::new();
    let mut pen_down = false;
    for (i, p) in points.iter().enumerate() {
        match p.value {
            Some(v) => {
                let _ = write!(
                    path,
                    "{}{:.1} {:.1} ",
                    if pen_down { "L" } else { "M" },
                    plot.x_of(i),
                    plot.y_of(v)
                );
                pen_down = true;
            }
            None => pen_down = false,
        }
    }
    if !path.is_empty() {
        let _ = write!(
            svg,
            r#"<path class="chart-series" d="{}"/>"#,
            path.trim_end()
        );
    }
}

/// Each point's marker and value, and the axis labels of periods and years under them.
fn points_and_labels(svg: &mut String, plot: &Plot, points: &[Point]) {
    let n = plot.n;
    // Only as many axis labels as fit: every second or third where periods crowd.
    let every = (n as f64 * 34.0 / plot.plot_w).ceil().max(1.0) as usize;
    for (i, p) in points.iter().enumerate() {
        let x = plot.x_of(i);
        if let Some(v) = p.value {
            let y = plot.y_of(v);
            let _ = write!(
                svg,
                r#"<circle class="chart-point" cx="{x:.1}" cy="{y:.1}" r="4"/>"#
            );
            if n <= 16 {
                let _ = write!(
                    svg,
                    r#"<text class="chart-point-label" x="{x:.1}" y="{ty:.1}" text-anchor="middle">{text}</text>"#,
                    ty = y - 9.0,
                    text = escape_html(&p.text),
                );
            }
        }
        if i % every == 0 {
            let _ = write!(
                svg,
                r#"<text class="chart-scale" x="{x:.1}" y="{ty}" text-anchor="middle">{label}</text>"#,
                ty = HEIGHT - BOTTOM + 20.0,
                label = escape_html(&p.label),
            );
        }
        if let Some(year) = &p.year {
            let _ = write!(
                svg,
                r#"<text class="chart-year" x="{lx:.1}" y="{ty}">{year}</text>"#,
                lx = x - plot.step / 2.0 + 2.0,
                ty = HEIGHT - BOTTOM + 42.0,
                year = escape_html(year),
            );
        }
    }
}

/// A round top for the scale, at or above `max`: 100 stays 100, 37 becomes 40.
fn nice_top(max: f64) -> f64 {
    if max <= 0.0 || !max.is_finite() {
        return 1.0;
    }
    let magnitude = 10f64.powf(max.log10().floor());
    for step in [1.0, 2.0, 2.5, 5.0, 10.0] {
        let top = step * magnitude;
        if top >= max {
            return top;
        }
    }
    10.0 * magnitude
}

fn scale_text(v: f64) -> String {
    if v.fract().abs() < 1e-9 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(label: &str, value: Option<f64>) -> Point {
        Point {
            label: label.into(),
            year: None,
            value,
            text: value.map_or(String::new(), |v| format!("{v}%")),
        }
    }

    #[test]
    fn a_gap_breaks_the_line_and_the_target_is_labelled() {
        let svg = line(
            "c",
            "IHA <20 days>",
            "d",
            &[
                point("Q1", Some(80.0)),
                point("Q2", None),
                point("Q3", Some(90.0)),
                point("Q4", Some(95.0)),
            ],
            100.0,
            Some((95.0, "Target 95%".into())),
        );
        assert!(svg.contains("IHA &lt;20 days&gt;"));
        let d = svg.split("class=\"chart-series\" d=\"").nth(1).unwrap();
        assert_eq!(d.matches('M').count(), 2, "{svg}");
        assert!(svg.contains(">Target 95%</text>"));
        assert!(svg.contains(">90%</text>"));
    }

    #[test]
    fn the_scale_tops_out_at_a_round_number() {
        assert_eq!(nice_top(100.0), 100.0);
        assert_eq!(nice_top(37.0), 50.0);
        assert_eq!(nice_top(7.0), 10.0);
        assert_eq!(nice_top(0.0), 1.0);
        assert_eq!(nice_top(1_234.0), 2_000.0);
    }
}
