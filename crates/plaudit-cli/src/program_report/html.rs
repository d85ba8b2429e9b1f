//! Escaping, number formatting and the tagged number element every figure goes through.

use std::fmt::Write as _;

use serde_json::Value;

/// Escapes text for HTML content and attribute values. `/` is escaped too, so no user
/// string can ever form `//` or a closing tag on the page.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '/' => out.push_str("&#47;"),
            c => out.push(c),
        }
    }
    out
}

/// How a number reads on the page (written as `data-format`, so a test can read it back).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A ratio shown as a percentage, one decimal (`0.586` → `58.6%`).
    Percent,
    /// Minor units shown as major units with two decimals and thousands separators
    /// (`123456` → `1,234.56`).
    Money,
    /// A whole count with thousands separators.
    Count,
    /// One decimal (the composite score, median days).
    Decimal,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Percent => "percent",
            Format::Money => "money",
            Format::Count => "count",
            Format::Decimal => "decimal",
        }
    }

    /// The text of `x`.
    pub fn show(self, x: f64) -> String {
        match self {
            Format::Percent => format!("{:.1}%", x * 100.0),
            Format::Decimal => format!("{x:.1}"),
            Format::Count => group(&format!("{x:.0}")),
            Format::Money => {
                let negative = x < 0.0;
                let units = x.abs().round();
                let whole = (units / 100.0).trunc();
                let cents = units - whole * 100.0;
                let sign = if negative { "-" } else { "" };
                format!("{sign}{}.{cents:02.0}", group(&format!("{whole:.0}")))
            }
        }
    }
}

/// `1234567` → `1,234,567`.
fn group(digits: &str) -> String {
    let (sign, digits) = digits.strip_prefix('-').map_or(("", digits), |d| ("-", d));
    let mut out = String::from(sign);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A figure read from the documents at `path`: `<span class="num" data-kpi="path"
/// data-value="<the JSON value>" data-format="...">text</span>`; a null or absent value
/// reads "no data".
pub fn figure(path: &str, value: Option<&Value>, format: Format) -> String {
    let number = value.and_then(Value::as_f64);
    let json = match (value, number) {
        (Some(v), Some(_)) => v.to_string(),
        _ => "null".to_owned(),
    };
    let text = number.map_or_else(|| "no data".to_owned(), |x| format.show(x));
    let class = if number.is_some() {
        "num"
    } else {
        "num nodata"
    };
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<span class="{class}" data-kpi="{}" data-value="{}" data-format="{}">{}</span>"#,
        esc(path),
        esc(&json),
        format.name(),
        esc(&text)
    );
    out
}

/// A scorecard status's colour (text and bars), and its label.
pub fn status_style(status: &str) -> (&'static str, &'static str) {
    match status {
        "met" => ("#1a7f37", "met"),
        "watch" => ("#9a6700", "watch"),
        "breach" => ("#cf222e", "breach"),
        _ => ("#6e7781", "no data"),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde_json::json;

    #[test]
    fn escaping_covers_markup_quotes_and_slashes() {
        assert_eq!(
            esc(r#"<script>alert("x's")</script> & http://evil"#),
            "&lt;script&gt;alert(&quot;x&#39;s&quot;)&lt;&#47;script&gt; &amp; http:&#47;&#47;evil"
        );
        assert_eq!(esc("adv-0000042 Zoë"), "adv-0000042 Zoë");
    }

    #[test]
    fn formats() {
        assert_eq!(Format::Percent.show(0.5864), "58.6%");
        assert_eq!(Format::Percent.show(1.675), "167.5%");
        assert_eq!(Format::Percent.show(-0.25), "-25.0%");
        assert_eq!(Format::Money.show(123_456_789.0), "1,234,567.89");
        assert_eq!(Format::Money.show(5.0), "0.05");
        assert_eq!(Format::Money.show(-100_000.0), "-1,000.00");
        assert_eq!(Format::Count.show(1_234.0), "1,234");
        assert_eq!(Format::Count.show(12.0), "12");
        assert_eq!(Format::Decimal.show(72.44), "72.4");
    }

    #[test]
    fn a_null_figure_reads_no_data() {
        let html = figure("kpis.win_rate_lift", Some(&json!(null)), Format::Percent);
        assert!(html.contains(">no data</span>"), "{html}");
        assert!(html.contains(r#"data-value="null""#));
        assert!(html.contains("nodata"));
        let absent = figure("kpis.x", None, Format::Count);
        assert!(absent.contains(">no data<"));
    }

    #[test]
    fn a_figure_carries_its_path_and_exact_value() {
        let html = figure(
            "kpis.influenced_share.value",
            Some(&json!(0.1)),
            Format::Percent,
        );
        assert_eq!(
            html,
            r#"<span class="num" data-kpi="kpis.influenced_share.value" data-value="0.1" data-format="percent">10.0%</span>"#
        );
    }

    #[test]
    fn statuses_map_to_colours() {
        assert_eq!(status_style("met").0, "#1a7f37");
        assert_eq!(status_style("watch").0, "#9a6700");
        assert_eq!(status_style("breach").0, "#cf222e");
        assert_eq!(status_style("no_data"), ("#6e7781", "no data"));
        let all = ["met", "watch", "breach", "no_data"].map(|s| status_style(s).0);
        for (i, a) in all.iter().enumerate() {
            assert!(all[i + 1..].iter().all(|b| b != a), "distinct colours");
        }
    }
}
