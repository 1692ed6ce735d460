//! A chart's SVG written back out as the XML Typst draws, in the web theme's colours.

use super::tree::{Element, Node};

/// The chart rules of the web theme's stylesheet, for SVG drawn without it.
const CHART_STYLE: &str = "text{font-family:'Liberation Sans';fill:#212b32}\
.chart-label,.chart-value{font-size:16px}.chart-axis{stroke:#212b32;stroke-width:1}\
.chart-bar{stroke:#212b32;stroke-width:1}.grade-red{fill:#b3202a}.grade-amber{fill:#a35a00}\
.grade-yellow{fill:#ffe14d}.grade-green{fill:#006435}.grade-blue{fill:#005eb8}\
.grade-grey,.grade-none{fill:#5f6b73}\
.chart-segment{font-size:14px;font-weight:bold;fill:#ffffff}.chart-segment.grade-yellow{fill:#212b32}\
.chart-grid{stroke:#d8dde0;stroke-width:1}\
.chart-scale,.chart-year,.chart-point-label,.chart-target-label{font-size:14px}\
.chart-year,.chart-point-label{font-weight:bold}\
.chart-point-label{paint-order:stroke;stroke:#ffffff;stroke-width:4px;stroke-linejoin:round}\
.chart-target{stroke:#212b32;stroke-width:2;stroke-dasharray:8 5}.chart-target-label{font-style:italic}\
.chart-series{fill:none;stroke:#005eb8;stroke-width:3}.chart-point{fill:#005eb8;stroke:#ffffff;stroke-width:1.5}";

/// SVG's mixed-case names, which an HTML tokenizer hands over in lower case (the
/// HTML standard's "adjust SVG attributes" and tag-name tables, as browsers apply
/// them).
const SVG_NAMES: &[&str] = &[
    "attributeName",
    "attributeType",
    "baseFrequency",
    "baseProfile",
    "calcMode",
    "clipPathUnits",
    "diffuseConstant",
    "edgeMode",
    "filterUnits",
    "glyphRef",
    "gradientTransform",
    "gradientUnits",
    "kernelMatrix",
    "kernelUnitLength",
    "keyPoints",
    "keySplines",
    "keyTimes",
    "lengthAdjust",
    "limitingConeAngle",
    "markerHeight",
    "markerUnits",
    "markerWidth",
    "maskContentUnits",
    "maskUnits",
    "numOctaves",
    "pathLength",
    "patternContentUnits",
    "patternTransform",
    "patternUnits",
    "pointsAtX",
    "pointsAtY",
    "pointsAtZ",
    "preserveAlpha",
    "preserveAspectRatio",
    "primitiveUnits",
    "refX",
    "refY",
    "repeatCount",
    "repeatDur",
    "requiredExtensions",
    "requiredFeatures",
    "specularConstant",
    "specularExponent",
    "spreadMethod",
    "startOffset",
    "stdDeviation",
    "stitchTiles",
    "surfaceScale",
    "systemLanguage",
    "tableValues",
    "targetX",
    "targetY",
    "textLength",
    "viewBox",
    "viewTarget",
    "xChannelSelector",
    "yChannelSelector",
    "zoomAndPan",
    "altGlyph",
    "altGlyphDef",
    "altGlyphItem",
    "animateColor",
    "animateMotion",
    "animateTransform",
    "clipPath",
    "feBlend",
    "feColorMatrix",
    "feComponentTransfer",
    "feComposite",
    "feConvolveMatrix",
    "feDiffuseLighting",
    "feDisplacementMap",
    "feDistantLight",
    "feDropShadow",
    "feFlood",
    "feFuncA",
    "feFuncB",
    "feFuncG",
    "feFuncR",
    "feGaussianBlur",
    "feImage",
    "feMerge",
    "feMergeNode",
    "feMorphology",
    "feOffset",
    "fePointLight",
    "feSpecularLighting",
    "feSpotLight",
    "feTile",
    "feTurbulence",
    "foreignObject",
    "glyphRef",
    "linearGradient",
    "radialGradient",
    "textPath",
];

fn svg_name(lower: &str) -> &str {
    SVG_NAMES
        .iter()
        .find(|n| n.eq_ignore_ascii_case(lower))
        .copied()
        .unwrap_or(lower)
}

/// Writes an SVG element back out as XML (the tokenizer decoded its references, so
/// text and values are escaped again), with the chart style as its first child.
pub fn write_svg(e: &Element, out: &mut String, root: bool) {
    let name = svg_name(&e.name);
    out.push('<');
    out.push_str(name);
    if root && e.attr("xmlns").is_none() {
        out.push_str(" xmlns=\"http://www.w3.org/2000/svg\"");
    }
    for (k, v) in &e.attrs {
        out.push(' ');
        out.push_str(svg_name(k));
        out.push_str("=\"");
        out.push_str(&escape(v));
        out.push('"');
    }
    out.push('>');
    if root {
        out.push_str("<style>");
        out.push_str(CHART_STYLE);
        out.push_str("</style>");
    }
    for child in &e.children {
        match child {
            Node::Text(t) => out.push_str(&escape(t)),
            Node::Element(c) => write_svg(c, out, false),
        }
    }
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

/// Text escaped for XML.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // Writing to a `String` cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, s);
    out
}
