//! The program report: one self-contained HTML page a program manager opens in a browser —
//! the scorecard with status colours, KPI breakdowns, the funnel, the tier mix against its
//! share targets, coverage gaps, concentration and the top attributed advocates — with
//! charts as inline SVG. No script, no font, no stylesheet or image from the network; it
//! prints (`@media print`) and reads on a phone.
//!
//! Input is the measurement as JSON (what `plaudit measure --format json` prints) and,
//! optionally, the portfolio (tier mix, coverage, concentration) as JSON; field names are
//! read in [`adapter`] only. Every number shown is a `<span data-kpi="path"
//! data-value="json">` whose path leads to the value in those documents, so a browser test
//! can check the page against the JSON.

mod adapter;
mod html;
mod svg;

use std::fmt::Write as _;

use serde_json::Value;

use adapter::Docs;
use html::{Format, esc, figure, status_style};
use svg::Bar;

/// How many attributed advocates the report lists.
const TOP_ADVOCATES: usize = 10;

/// Renders the report. `portfolio` is the serialized `plaudit::Portfolio` (tier mix,
/// coverage, concentration); without it those sections are left out.
pub fn render(title: &str, measurement: &Value, portfolio: Option<&Value>) -> String {
    let d = Docs {
        measurement,
        portfolio,
    };
    let currency = d.text(adapter::CURRENCY).unwrap_or("USD").to_owned();
    let mut body = String::new();
    header(&mut body, &d, title);
    scorecard(&mut body, &d, &currency);
    kpis(&mut body, &d, &currency);
    breakdowns(&mut body, &d, &currency);
    funnel(&mut body, &d);
    tier_mix(&mut body, &d);
    coverage(&mut body, &d);
    concentration(&mut body, &d);
    advocates(&mut body, &d, &currency);
    experiments(&mut body, &d);
    warnings(&mut body, &d);
    let mut page = String::with_capacity(body.len() + 4096);
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n{body}</main>\n</body>\n</html>\n",
        esc(title)
    );
    page
}

const CSS: &str = r#"
:root{--fg:#24292f;--muted:#57606a;--line:#d0d7de;--bg:#fff;--card:#f6f8fa}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:1100px;margin:0 auto;padding:16px}
h1{font-size:1.6rem;margin:.2rem 0}
h2{font-size:1.2rem;margin:1.6rem 0 .6rem;border-bottom:1px solid var(--line);padding-bottom:.2rem}
h3{font-size:1rem;margin:1rem 0 .4rem}
.meta{color:var(--muted);font-size:.9rem}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:10px}
.card{background:var(--card);border:1px solid var(--line);border-left:6px solid var(--s,#6e7781);border-radius:6px;padding:10px 12px}
.card .k{font-size:.85rem;color:var(--muted)}
.card .v{font-size:1.5rem;font-weight:600}
.card .t{font-size:.85rem;color:var(--muted)}
.badge{display:inline-block;padding:0 8px;border-radius:10px;color:#fff;font-size:.8rem;font-weight:600}
.composite{font-size:2.4rem;font-weight:700}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{padding:4px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.scroll{overflow-x:auto}
.nodata{color:var(--muted);font-style:italic}
.note{color:var(--muted);font-size:.85rem}
.gap{color:#cf222e;font-weight:600}
svg.chart{width:100%;max-width:680px;height:auto;display:block;margin:.4rem 0}
svg .lbl,svg .val{font-size:13px;fill:var(--fg)}
section{break-inside:avoid;page-break-inside:avoid}
@media (max-width:600px){main{padding:8px}.card .v{font-size:1.25rem}th,td{padding:3px 4px}}
@media print{body{font-size:11pt}main{max-width:none;padding:0}h2{break-after:avoid}.card{border-left-width:4px}*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
"#;

fn header(out: &mut String, d: &Docs, title: &str) {
    let t = |p| esc(d.text(p).unwrap_or("?"));
    let _ = writeln!(
        out,
        "<header><h1>{}</h1><p class=\"meta\">Period {} to {}, as of {} · money in {} · attribution {} · policy {}</p></header>",
        esc(title),
        t(adapter::PERIOD_FROM),
        t(adapter::PERIOD_TO),
        t(adapter::PERIOD_AS_OF),
        t(adapter::CURRENCY),
        t(adapter::ATTRIBUTION),
        t(adapter::POLICY),
    );
}

fn scorecard(out: &mut String, d: &Docs, currency: &str) {
    out.push_str("<section id=\"scorecard\"><h2>Scorecard</h2>\n");
    let _ = write!(
        out,
        "<p>Composite <span class=\"composite\">{}</span> of 100</p>\n<div class=\"cards\">\n",
        figure(
            adapter::COMPOSITE,
            d.get(adapter::COMPOSITE),
            Format::Decimal
        )
    );
    let mut chart = Vec::new();
    for (i, line) in d.items(adapter::SCORECARD_LINES).iter().enumerate() {
        let base = format!("{}[{i}]", adapter::SCORECARD_LINES);
        let kpi = line.get("kpi").and_then(Value::as_str).unwrap_or("");
        let status = line
            .get("status")
            .and_then(Value::as_str)
            .unwrap_or("no_data");
        let (colour, label) = status_style(status);
        let format = adapter::kpi_format(kpi);
        let direction = match line.get("direction").and_then(Value::as_str) {
            Some("at_most") => "at most",
            _ => "at least",
        };
        let _ = writeln!(
            out,
            "<div class=\"card\" style=\"--s:{colour}\" data-status=\"{}\"><div class=\"k\">{}</div>\
             <div class=\"v\">{}</div><div class=\"t\"><span class=\"badge\" style=\"background:{colour}\">{label}</span> \
             target {direction} {} · attainment {}</div></div>",
            esc(status),
            esc(&adapter::kpi_label(kpi)),
            figure(&format!("{base}.value"), line.get("value"), format),
            figure(&format!("{base}.target"), line.get("target"), format),
            figure(
                &format!("{base}.attainment"),
                line.get("attainment"),
                Format::Percent
            ),
        );
        let attainment = line
            .get("attainment")
            .and_then(Value::as_f64)
            .unwrap_or(0.0);
        chart.push(Bar {
            label: adapter::kpi_label(kpi),
            value: attainment,
            colour,
            text: line
                .get("attainment")
                .and_then(Value::as_f64)
                .map_or_else(|| "no data".to_owned(), |a| Format::Percent.show(a)),
            marker: Some(1.0),
            band: None,
        });
    }
    out.push_str("</div>\n");
    if !chart.is_empty() {
        out.push_str("<h3>Attainment against target</h3>");
        out.push_str(&svg::bars("Attainment of each scorecard KPI", &chart, 1.0));
    }
    let _ = writeln!(
        out,
        "<p class=\"note\">Per-currency KPIs are scored in {}.</p></section>",
        esc(currency)
    );
}

fn kpis(out: &mut String, d: &Docs, currency: &str) {
    out.push_str("<section id=\"kpis\"><h2>Key figures</h2>\n<div class=\"cards\">\n");
    let k = adapter::KPIS;
    let card = |out: &mut String, label: &str, path: String, format: Format, note: &str| {
        let _ = writeln!(
            out,
            "<div class=\"card\"><div class=\"k\">{}</div><div class=\"v\">{}</div><div class=\"t\">{}</div></div>",
            esc(label),
            figure(&path, d.get(&path), format),
            note
        );
    };
    for cur in d.keys(&format!("{k}.influenced_revenue")) {
        card(
            out,
            &format!("Influenced revenue ({cur})"),
            format!("{k}.influenced_revenue.{cur}.units"),
            Format::Money,
            "won, influenced, closed in the period",
        );
    }
    for cur in d.keys(&format!("{k}.referral_pipeline_share")) {
        card(
            out,
            &format!("Pipeline from referrals ({cur})"),
            format!("{k}.referral_pipeline_share.{cur}.value"),
            Format::Percent,
            "created in the period",
        );
    }
    for kpi in [
        "influenced_share",
        "win_rate_with",
        "win_rate_without",
        "reference_close_rate",
    ] {
        let base = format!("{k}.{kpi}");
        let note = format!(
            "{} of {}",
            figure(
                &format!("{base}.numerator"),
                d.get(&format!("{base}.numerator")),
                Format::Count
            ),
            figure(
                &format!("{base}.denominator"),
                d.get(&format!("{base}.denominator")),
                Format::Count
            )
        );
        card(
            out,
            &adapter::kpi_label(kpi),
            format!("{base}.value"),
            Format::Percent,
            &note,
        );
    }
    card(
        out,
        "Win-rate lift",
        format!("{k}.win_rate_lift"),
        Format::Percent,
        "with advocacy against without",
    );
    let medians = format!(
        "median won cycle {} days with, {} without",
        figure(
            &format!("{k}.cycle_reduction.median_with"),
            d.get(&format!("{k}.cycle_reduction.median_with")),
            Format::Decimal
        ),
        figure(
            &format!("{k}.cycle_reduction.median_without"),
            d.get(&format!("{k}.cycle_reduction.median_without")),
            Format::Decimal
        )
    );
    card(
        out,
        "Sales-cycle reduction",
        format!("{k}.cycle_reduction.value"),
        Format::Percent,
        &medians,
    );
    let r = adapter::ROSTER_KPIS;
    if d.get(r).is_some_and(|v| !v.is_null()) {
        card(
            out,
            "References provided",
            format!("{r}.references_provided"),
            Format::Count,
            "completed reference calls in the period",
        );
        for kpi in ["response_rate", "unsolicited_share", "at_cap_share"] {
            card(
                out,
                &adapter::kpi_label(kpi),
                format!("{r}.{kpi}.value"),
                Format::Percent,
                "",
            );
        }
    }
    out.push_str("</div>\n");
    let rate = |kpi: &str| d.number(&format!("{k}.{kpi}.value"));
    let bars: Vec<Bar> = [
        ("With advocacy", "win_rate_with", "#1a7f37"),
        ("Without", "win_rate_without", "#8c959f"),
    ]
    .into_iter()
    .map(|(label, kpi, colour)| Bar {
        label: label.to_owned(),
        value: rate(kpi).unwrap_or(0.0),
        colour,
        text: rate(kpi).map_or_else(|| "no data".to_owned(), |v| Format::Percent.show(v)),
        marker: None,
        band: None,
    })
    .collect();
    out.push_str("<h3>Win rate, deals closed in the period</h3>");
    out.push_str(&svg::bars("Win rate with and without advocacy", &bars, 1.0));
    let _ = currency;
    out.push_str("</section>\n");
}

fn breakdowns(out: &mut String, d: &Docs, currency: &str) {
    let all = d.items(adapter::BREAKDOWNS);
    if all.is_empty() {
        return;
    }
    out.push_str("<section id=\"breakdowns\"><h2>Breakdowns</h2>\n");
    let target = d
        .items(adapter::SCORECARD_LINES)
        .iter()
        .find(|l| l.get("kpi").and_then(Value::as_str) == Some("influenced_share"))
        .and_then(|l| l.get("target"))
        .and_then(Value::as_f64);
    for (i, b) in all.iter().enumerate() {
        let base = format!("{}[{i}]", adapter::BREAKDOWNS);
        let dimension = b.get("dimension").and_then(Value::as_str).unwrap_or("?");
        let _ = writeln!(out, "<h3>By {}</h3>", esc(dimension));
        if b.get("adds_up").and_then(Value::as_bool) == Some(false) {
            out.push_str(
                "<p class=\"note\">A deal with several keys counts in each of their rows: these rows do not add up to the total.</p>\n",
            );
        }
        let _ = writeln!(
            out,
            "<div class=\"scroll\"><table><thead><tr><th>{}</th><th class=\"n\">Deals created</th>\
             <th class=\"n\">Influenced</th><th class=\"n\">Win rate with</th><th class=\"n\">Win rate without</th>\
             <th class=\"n\">Influenced revenue ({})</th></tr></thead><tbody>",
            esc(dimension),
            esc(currency)
        );
        let mut chart = Vec::new();
        for (j, row) in d.items(&format!("{base}.rows")).iter().enumerate() {
            let r = format!("{base}.rows[{j}].kpis");
            let key = row
                .get("key")
                .and_then(Value::as_str)
                .map_or_else(|| "(none)".to_owned(), str::to_owned);
            let cell = |p: String, f: Format| figure(&p, d.get(&p), f);
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                esc(&key),
                cell(format!("{r}.influenced_share.denominator"), Format::Count),
                cell(format!("{r}.influenced_share.value"), Format::Percent),
                cell(format!("{r}.win_rate_with.value"), Format::Percent),
                cell(format!("{r}.win_rate_without.value"), Format::Percent),
                cell(
                    format!("{r}.influenced_revenue.{currency}.units"),
                    Format::Money
                ),
            );
            let share = d.number(&format!("{r}.influenced_share.value"));
            let colour = match (share, target) {
                (Some(s), Some(t)) if s + 1e-9 >= t => "#1a7f37",
                (Some(_), _) => "#0969da",
                (None, _) => "#8c959f",
            };
            chart.push(Bar {
                label: key,
                value: share.unwrap_or(0.0),
                colour,
                text: share.map_or_else(|| "no data".to_owned(), |v| Format::Percent.show(v)),
                marker: target,
                band: None,
            });
        }
        out.push_str("</tbody></table></div>\n");
        let _ = write!(
            out,
            "{}",
            svg::bars(
                &format!("Influenced share by {dimension}, target marked"),
                &chart,
                1.0
            )
        );
    }
    out.push_str("</section>\n");
}

fn funnel(out: &mut String, d: &Docs) {
    let steps = d.items(adapter::FUNNEL);
    if steps.is_empty() {
        return;
    }
    out.push_str("<section id=\"funnel\"><h2>Participation funnel</h2>\n<div class=\"scroll\"><table><thead><tr><th>Step</th><th class=\"n\">Advocates</th><th class=\"n\">From the step before</th></tr></thead><tbody>\n");
    let mut chart = Vec::new();
    let max = steps
        .iter()
        .filter_map(|s| s.get("count").and_then(Value::as_f64))
        .fold(0.0, f64::max);
    for (i, s) in steps.iter().enumerate() {
        let base = format!("{}[{i}]", adapter::FUNNEL);
        let step = s.get("step").and_then(Value::as_str).unwrap_or("?");
        let conversion = if s.get("conversion").is_some() {
            figure(
                &format!("{base}.conversion"),
                s.get("conversion"),
                Format::Percent,
            )
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(step),
            figure(&format!("{base}.count"), s.get("count"), Format::Count),
            conversion
        );
        let count = s.get("count").and_then(Value::as_f64).unwrap_or(0.0);
        chart.push(Bar {
            label: step.to_owned(),
            value: count,
            colour: "#0969da",
            text: Format::Count.show(count),
            marker: None,
            band: None,
        });
    }
    out.push_str("</tbody></table></div>\n");
    out.push_str(&svg::bars("Advocates at each funnel step", &chart, max));
    out.push_str("</section>\n");
}

fn tier_mix(out: &mut String, d: &Docs) {
    let tiers = d.items(adapter::TIER_MIX);
    if tiers.is_empty() {
        return;
    }
    out.push_str("<section id=\"tiers\"><h2>Tier mix against share targets</h2>\n<div class=\"scroll\"><table><thead><tr><th>Tier</th><th class=\"n\">Advocates</th><th class=\"n\">Share</th><th class=\"n\">Target</th><th class=\"n\">To recruit</th></tr></thead><tbody>\n");
    let mut chart = Vec::new();
    for (i, t) in tiers.iter().enumerate() {
        let base = format!("{}[{i}]", adapter::TIER_MIX);
        let tier = t.get("tier").and_then(Value::as_str).unwrap_or("?");
        let share = t.get("share").and_then(Value::as_f64).unwrap_or(0.0);
        let lo = t.get("min_share").and_then(Value::as_f64);
        let hi = t.get("max_share").and_then(Value::as_f64);
        let target = match (lo, hi) {
            (Some(_), Some(_)) => format!(
                "{} – {}",
                figure(
                    &format!("{base}.min_share"),
                    t.get("min_share"),
                    Format::Percent
                ),
                figure(
                    &format!("{base}.max_share"),
                    t.get("max_share"),
                    Format::Percent
                )
            ),
            _ => "—".to_owned(),
        };
        let gap = t
            .get("recruiting_gap")
            .and_then(Value::as_f64)
            .unwrap_or(0.0);
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{target}</td><td class=\"n{}\">{}</td></tr>",
            esc(tier),
            figure(&format!("{base}.count"), t.get("count"), Format::Count),
            figure(&format!("{base}.share"), t.get("share"), Format::Percent),
            if gap > 0.0 { " gap" } else { "" },
            figure(
                &format!("{base}.recruiting_gap"),
                t.get("recruiting_gap"),
                Format::Count
            ),
        );
        let inside = match (lo, hi) {
            (Some(lo), Some(hi)) => share + 1e-9 >= lo && share <= hi + 1e-9,
            _ => true,
        };
        chart.push(Bar {
            label: tier.to_owned(),
            value: share,
            colour: if inside { "#1a7f37" } else { "#cf222e" },
            text: Format::Percent.show(share),
            marker: None,
            band: lo.zip(hi),
        });
    }
    out.push_str("</tbody></table></div>\n");
    let max = chart
        .iter()
        .map(|b| b.value.max(b.band.map_or(0.0, |x| x.1)))
        .fold(0.0, f64::max)
        .max(0.05);
    out.push_str(&svg::bars(
        "Share of the base per tier, target range shaded",
        &chart,
        max,
    ));
    out.push_str(
        "<p class=\"note\">Shaded: the tier's target share range. Red: outside it.</p></section>\n",
    );
}

fn coverage(out: &mut String, d: &Docs) {
    let targets = d.items(adapter::COVERAGE);
    if targets.is_empty() {
        return;
    }
    out.push_str("<section id=\"coverage\"><h2>Coverage gaps</h2>\n<div class=\"scroll\"><table><thead><tr><th>Target</th><th>Kind</th><th class=\"n\">In segment</th><th class=\"n\">Available</th><th class=\"n\">Needed</th><th class=\"n\">Gap</th></tr></thead><tbody>\n");
    for (i, c) in targets.iter().enumerate() {
        let base = format!("{}[{i}]", adapter::COVERAGE);
        let t = c.get("target");
        let field = |k: &str| t.and_then(|t| t.get(k)).and_then(Value::as_str);
        let name = field("name").map_or_else(
            || {
                ["industry", "segment", "region", "product"]
                    .iter()
                    .filter_map(|k| field(k))
                    .collect::<Vec<_>>()
                    .join(" · ")
            },
            str::to_owned,
        );
        let gap = c.get("gap").and_then(Value::as_f64).unwrap_or(0.0);
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n{}\">{}</td></tr>",
            esc(&name),
            esc(field("kind").unwrap_or("")),
            figure(
                &format!("{base}.in_segment"),
                c.get("in_segment"),
                Format::Count
            ),
            figure(
                &format!("{base}.available"),
                c.get("available"),
                Format::Count
            ),
            figure(
                &format!("{base}.target.needed"),
                t.and_then(|t| t.get("needed")),
                Format::Count
            ),
            if gap > 0.0 { " gap" } else { "" },
            figure(&format!("{base}.gap"), c.get("gap"), Format::Count),
        );
    }
    out.push_str("</tbody></table></div></section>\n");
}

fn concentration(out: &mut String, d: &Docs) {
    // The measurement's concentration when a roster was measured, else the portfolio's.
    let (base, share) = if d.get(adapter::ROSTER_KPIS).is_some_and(|v| !v.is_null()) {
        let b = format!("{}.concentration", adapter::ROSTER_KPIS);
        let v = format!("{b}.value");
        (b, v)
    } else if d.get(adapter::PORTFOLIO_CONCENTRATION).is_some() {
        let b = adapter::PORTFOLIO_CONCENTRATION.to_owned();
        let v = format!("{b}.busiest_share");
        (b, v)
    } else {
        return;
    };
    let _ = write!(
        out,
        "<section id=\"concentration\"><h2>Concentration</h2>\n<p>The busiest {} advocates (5% of the base) gave {} of {} completed reference calls in the fatigue window: {}.</p>\n",
        figure(
            &format!("{base}.busiest_advocates"),
            d.get(&format!("{base}.busiest_advocates")),
            Format::Count
        ),
        figure(
            &format!("{base}.busiest_calls"),
            d.get(&format!("{base}.busiest_calls")),
            Format::Count
        ),
        figure(
            &format!("{base}.reference_calls"),
            d.get(&format!("{base}.reference_calls")),
            Format::Count
        ),
        figure(&share, d.get(&share), Format::Percent),
    );
    let value = d.number(&share);
    out.push_str(&svg::bars(
        "Share of reference calls given by the busiest 5%",
        &[Bar {
            label: "Busiest 5%".to_owned(),
            value: value.unwrap_or(0.0),
            colour: if value.unwrap_or(0.0) > 0.5 {
                "#cf222e"
            } else {
                "#0969da"
            },
            text: value.map_or_else(|| "no data".to_owned(), |v| Format::Percent.show(v)),
            marker: Some(0.05),
            band: None,
        }],
        1.0,
    ));
    out.push_str("<p class=\"note\">The tick marks 5%: an even spread.</p></section>\n");
}

fn advocates(out: &mut String, d: &Docs, currency: &str) {
    let rows = d.items(adapter::PER_ADVOCATE);
    if rows.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "<section id=\"advocates\"><h2>Top attributed advocates</h2>\n<div class=\"scroll\"><table><thead><tr><th>Advocate</th><th class=\"n\">Attributed ({})</th><th class=\"n\">Deals influenced</th><th class=\"n\">Deals won</th><th class=\"n\">Referrals sourced</th><th class=\"n\">Referrals won</th></tr></thead><tbody>\n",
        esc(currency)
    );
    let mut chart = Vec::new();
    for (i, a) in rows.iter().take(TOP_ADVOCATES).enumerate() {
        let base = format!("{}[{i}]", adapter::PER_ADVOCATE);
        let id = a.get("id").and_then(Value::as_str).unwrap_or("?");
        if a.get("erased").and_then(Value::as_bool) == Some(true) {
            let _ = writeln!(
                out,
                "<tr><td>{} <span class=\"note\">erased</span></td><td colspan=\"5\"></td></tr>",
                esc(id)
            );
            continue;
        }
        let cell = |k: &str, f: Format| {
            let p = format!("{base}.{k}");
            figure(&p, d.get(&p), f)
        };
        let money = format!("attributed.{currency}.units");
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(id),
            cell(&money, Format::Money),
            cell("deals_influenced", Format::Count),
            cell("deals_won", Format::Count),
            cell("referrals_sourced", Format::Count),
            cell("referrals_won", Format::Count),
        );
        let units = d.number(&format!("{base}.{money}")).unwrap_or(0.0);
        chart.push(Bar {
            label: id.to_owned(),
            value: units,
            colour: "#8250df",
            text: Format::Money.show(units),
            marker: None,
            band: None,
        });
    }
    out.push_str("</tbody></table></div>\n");
    let max = chart.iter().map(|b| b.value).fold(0.0, f64::max);
    out.push_str(&svg::bars(
        &format!("Attributed amount in {currency}, top advocates"),
        &chart,
        max,
    ));
    out.push_str("<p class=\"note\">Credits of a deal add up to its amount: nothing is counted twice.</p></section>\n");
}

fn experiments(out: &mut String, d: &Docs) {
    let rows = d.items(adapter::EXPERIMENTS);
    if rows.is_empty() {
        return;
    }
    out.push_str("<section id=\"experiments\"><h2>Outreach experiments</h2>\n<div class=\"scroll\"><table><thead><tr><th>Variant</th><th class=\"n\">Asks</th><th class=\"n\">Accepted</th><th class=\"n\">Response rate</th><th class=\"n\">95% interval</th></tr></thead><tbody>\n");
    for (i, v) in rows.iter().enumerate() {
        let base = format!("{}[{i}]", adapter::EXPERIMENTS);
        let cell = |k: &str, f: Format| figure(&format!("{base}.{k}"), v.get(k), f);
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{} – {}</td></tr>",
            esc(v.get("variant").and_then(Value::as_str).unwrap_or("?")),
            cell("asks", Format::Count),
            cell("accepted", Format::Count),
            cell("response_rate", Format::Percent),
            cell("low", Format::Percent),
            cell("high", Format::Percent),
        );
    }
    out.push_str("</tbody></table></div></section>\n");
}

fn warnings(out: &mut String, d: &Docs) {
    let rows = d.items(adapter::WARNINGS);
    if rows.is_empty() {
        return;
    }
    out.push_str("<section id=\"warnings\"><h2>Warnings</h2>\n<ul>\n");
    for w in rows {
        let _ = writeln!(
            out,
            "<li><code>{}</code> {}: {}</li>",
            esc(w.get("code").and_then(Value::as_str).unwrap_or("")),
            esc(w.get("subject").and_then(Value::as_str).unwrap_or("")),
            esc(w.get("message").and_then(Value::as_str).unwrap_or("")),
        );
    }
    out.push_str("</ul></section>\n");
}

#[cfg(test)]
mod tests;
