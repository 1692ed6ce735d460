//! Charts drawn at build time as inline SVG: no script, no web font, prints as
//! drawn. Every chart is an image with a title and a description, and the page puts
//! a data table beside it; bars carry their value as text and an outline, so
//! neither colour nor a light fill carries meaning alone.

use std::fmt::Write as _;

use crate::render::escape_html;

/// One bar: what it is, how long, the text at its end, and its colour class.
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub text: String,
    pub class: String,
}

// Narrow enough that a phone shows the text near its size (the SVG scales to fit).
/// Room for the bars and the value after them; the label column is sized to fit.
const PLOT: f64 = 280.0;
/// Labels are cut beyond this many characters.
const MAX_LABEL: usize = 24;
const ROW: f64 = 32.0;
const BAR: f64 = 20.0;

/// A horizontal bar chart; `max` is the length of a full bar.
pub fn bars(id: &str, title: &str, description: &str, bars: &[Bar], max: f64) -> String {
    let height = ROW * bars.len() as f64 + 10.0;
    let label = label_width(bars.iter().map(|b| b.label.as_str()));
    let area = PLOT - 80.0;
    // The value after the longest bar must fit too: "95.8 Mostly met" needs more than
    // the 80 units a count does.
    let value = bars
        .iter()
        .map(|b| b.text.chars().count() as f64 * 8.5 + 10.0)
        .fold(80.0, f64::max);
    let mut svg = open(id, title, description, label + area + value, height);
    for (i, bar) in bars.iter().enumerate() {
        let y = 5.0 + ROW * i as f64;
        let length = if max > 0.0 {
            (bar.value / max).clamp(0.0, 1.0) * area
        } else {
            0.0
        };
        let _ = write!(
            svg,
            r#"<text class="chart-label" x="{lx}" y="{ty}" text-anchor="end">{label}</text><rect class="chart-bar {class}" x="{x}" y="{y}" width="{w:.1}" height="{BAR}"/><text class="chart-value" x="{vx:.1}" y="{ty}">{text}</text>"#,
            lx = label - 8.0,
            ty = y + BAR / 2.0 + 6.0,
            label = escape_html(&truncate(&bar.label, MAX_LABEL)),
            class = escape_html(&bar.class),
            x = label,
            w = length.max(if bar.value > 0.0 { 2.0 } else { 0.0 }),
            vx = label + length + 6.0,
            text = escape_html(&bar.text),
        );
    }
    let _ = write!(
        svg,
        r#"<line class="chart-axis" x1="{label}" y1="0" x2="{label}" y2="{height}"/></svg>"#
    );
    svg
}

/// One stacked row: a label and its segments (share in per cent, colour class).
pub struct Stack {
    pub label: String,
    pub segments: Vec<(f64, String)>,
}

/// Rows of 100% stacked bars, worst grade on the left; segments wide enough to
/// hold their percentage show it.
pub fn stacks(id: &str, title: &str, description: &str, rows: &[Stack]) -> String {
    let height = ROW * rows.len() as f64 + 10.0;
    let label = label_width(rows.iter().map(|r| r.label.as_str()));
    let area = PLOT - 10.0;
    let mut svg = open(id, title, description, label + PLOT, height);
    for (i, row) in rows.iter().enumerate() {
        let y = 5.0 + ROW * i as f64;
        let _ = write!(
            svg,
            r#"<text class="chart-label" x="{lx}" y="{ty}" text-anchor="end">{label}</text>"#,
            lx = label - 8.0,
            ty = y + BAR / 2.0 + 6.0,
            label = escape_html(&truncate(&row.label, MAX_LABEL)),
        );
        let mut x = label;
        for (share, class) in &row.segments {
            let w = share / 100.0 * area;
            if w <= 0.0 {
                continue;
            }
            let _ = write!(
                svg,
                r#"<rect class="chart-bar {class}" x="{x:.1}" y="{y}" width="{w:.1}" height="{BAR}"/>"#,
                class = escape_html(class),
            );
            if w >= 40.0 {
                let _ = write!(
                    svg,
                    r#"<text class="chart-segment {class}" x="{cx:.1}" y="{ty}" text-anchor="middle">{p}</text>"#,
                    class = escape_html(class),
                    cx = x + w / 2.0,
                    ty = y + BAR / 2.0 + 6.0,
                    p = escape_html(&super::share_text(*share)),
                );
            }
            x += w;
        }
    }
    svg.push_str("</svg>");
    svg
}

/// Wide enough for the longest label at the chart's font size (about 8.5 units a
/// character), within bounds.
fn label_width<'a>(labels: impl Iterator<Item = &'a str>) -> f64 {
    let longest = labels
        .map(|l| l.chars().count().min(MAX_LABEL))
        .max()
        .unwrap_or(0);
    (longest as f64 * 8.5 + 14.0).clamp(60.0, 220.0)
}

fn open(id: &str, title: &str, description: &str, width: f64, height: f64) -> String {
    format!(
        r#"<svg class="chart" role="img" aria-labelledby="{id}-title {id}-desc" viewBox="0 0 {width} {height}" width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg"><title id="{id}-title">{title}</title><desc id="{id}-desc">{description}</desc>"#,
        id = escape_html(id),
        title = escape_html(title),
        description = escape_html(description),
    )
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let cut: String = s.chars().take(max - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_max_and_escape_text() {
        let svg = bars(
            "c",
            "Grades <all>",
            "Counts",
            &[
                Bar {
                    label: "Not met".into(),
                    value: 5.0,
                    text: "5".into(),
                    class: "grade-red".into(),
                },
                Bar {
                    label: "Met & more".into(),
                    value: 10.0,
                    text: "10".into(),
                    class: "grade-green".into(),
                },
            ],
            10.0,
        );
        assert!(svg.contains("<title id=\"c-title\">Grades &lt;all&gt;</title>"));
        // The bar area is 280 − 80 = 200 wide.
        assert!(svg.contains("width=\"100.0\""), "{svg}");
        assert!(svg.contains("width=\"200.0\""), "{svg}");
        assert!(svg.contains("Met &amp; more"));
    }

    #[test]
    fn a_long_value_widens_the_chart_to_fit() {
        let bar = |text: &str| Bar {
            label: "Standard 1".into(),
            value: 95.8,
            text: text.into(),
            class: "grade-amber".into(),
        };
        let short = bars("c", "t", "d", &[bar("96")], 100.0);
        let long = bars("c", "t", "d", &[bar("95.8 Mostly met")], 100.0);
        let number = |svg: &str, after: &str| -> f64 {
            let at = svg.find(after).unwrap() + after.len();
            svg[at..].split([' ', '"']).next().unwrap().parse().unwrap()
        };
        for (svg, chars) in [(&short, 2.0), (&long, 15.0)] {
            let room = number(svg, "viewBox=\"0 0 ") - number(svg, "class=\"chart-value\" x=\"");
            assert!(room >= chars * 8.5, "{room} for {chars} characters: {svg}");
        }
        // A short value keeps the usual width: the label, 200 for bars, 80 after.
        assert_eq!(number(&short, "viewBox=\"0 0 "), 99.0 + 280.0, "{short}");
    }

    #[test]
    fn long_labels_are_shortened_to_fit() {
        assert_eq!(truncate("Requires improvement", 24), "Requires improvement");
        assert_eq!(
            truncate("Partially met, with a plan agreed", 24),
            "Partially met, with a p…"
        );
    }

    #[test]
    fn stacks_label_wide_segments_only() {
        let svg = stacks(
            "s",
            "T",
            "D",
            &[Stack {
                label: "2016".into(),
                segments: vec![(2.0, "grade-red".into()), (98.0, "grade-green".into())],
            }],
        );
        assert!(svg.contains(">98%</text>"));
        assert!(!svg.contains(">2%</text>"));
    }
}
