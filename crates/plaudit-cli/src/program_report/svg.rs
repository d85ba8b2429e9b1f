//! Charts as inline SVG: horizontal bars that scale with the page (a `viewBox`, width
//! 100%), print in colour or grey, and need no script, font or network.

use std::fmt::Write as _;

use super::html::esc;

/// One bar.
#[derive(Debug, Clone)]
pub struct Bar {
    /// Label on the left (plain text; escaped here).
    pub label: String,
    /// Length, in the chart's units (clamped to `0..=max`).
    pub value: f64,
    /// Fill colour.
    pub colour: &'static str,
    /// Text at the bar's end (plain text; escaped here).
    pub text: String,
    /// A target drawn as a vertical tick.
    pub marker: Option<f64>,
    /// A target range drawn behind the bar.
    pub band: Option<(f64, f64)>,
}

const WIDTH: f64 = 640.0;
const LABEL: f64 = 200.0;
const PLOT: f64 = 340.0;
const ROW: f64 = 26.0;

/// A horizontal bar chart, `max` being the full length. `title` names it for screen
/// readers.
pub fn bars(title: &str, bars: &[Bar], max: f64) -> String {
    let max = if max > 0.0 { max } else { 1.0 };
    let height = ROW * bars.len() as f64 + 8.0;
    let x = |v: f64| LABEL + PLOT * (v / max).clamp(0.0, 1.0);
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" aria-label="{}" preserveAspectRatio="xMinYMin meet">"#,
        esc(title)
    );
    for (i, b) in bars.iter().enumerate() {
        let y = 4.0 + ROW * i as f64;
        let _ = write!(
            s,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end" class="lbl">{}</text>"#,
            LABEL - 8.0,
            y + 15.0,
            esc(&truncate(&b.label, 28))
        );
        let _ = write!(
            s,
            r##"<rect x="{LABEL}" y="{:.1}" width="{PLOT}" height="16" fill="#eef1f4"/>"##,
            y + 2.0
        );
        if let Some((lo, hi)) = b.band {
            let _ = write!(
                s,
                r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="20" fill="#d0d7de" opacity="0.8"/>"##,
                x(lo),
                y,
                (x(hi) - x(lo)).max(1.0)
            );
        }
        let _ = write!(
            s,
            r#"<rect x="{LABEL}" y="{:.1}" width="{:.1}" height="16" fill="{}"/>"#,
            y + 2.0,
            x(b.value) - LABEL,
            b.colour
        );
        if let Some(m) = b.marker {
            let _ = write!(
                s,
                r##"<line x1="{0:.1}" x2="{0:.1}" y1="{1:.1}" y2="{2:.1}" stroke="#24292f" stroke-width="2"/>"##,
                x(m),
                y,
                y + 20.0
            );
        }
        let _ = write!(
            s,
            r#"<text x="{:.1}" y="{:.1}" class="val">{}</text>"#,
            LABEL + PLOT + 8.0,
            y + 15.0,
            esc(&b.text)
        );
    }
    s.push_str("</svg>");
    s
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_clamp_and_escape() {
        let svg = bars(
            "t<>",
            &[
                Bar {
                    label: "<b>".to_owned(),
                    value: 0.5,
                    colour: "#000",
                    text: "50%".to_owned(),
                    marker: Some(0.8),
                    band: None,
                },
                Bar {
                    label: "over".to_owned(),
                    value: 7.0,
                    colour: "#000",
                    text: String::new(),
                    marker: None,
                    band: Some((0.1, 0.3)),
                },
            ],
            1.0,
        );
        assert!(
            svg.contains(r##"width="170.0" height="16" fill="#000""##),
            "{svg}"
        );
        assert!(
            svg.contains(r##"width="340.0" height="16" fill="#000""##),
            "clamped"
        );
        assert!(svg.contains("&lt;b&gt;") && svg.contains(r#"aria-label="t&lt;&gt;""#));
        assert!(!svg.contains("<b>"));
        assert!(!svg.contains("http") && !svg.contains("//"));
    }
}
