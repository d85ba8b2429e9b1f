//! Human reports (table format) of the population decisions: ranking, tiers, portfolio and
//! request validation, rendered from their JSON so that every field the core adds shows up
//! in `--format json` without changes here.

use serde_json::Value;

use crate::table::Style;

/// A ranking.
pub fn ranking(v: &Value, _style: Style) -> String {
    pretty(v)
}

/// A tier assignment.
pub fn tiers(v: &Value, _style: Style) -> String {
    pretty(v)
}

/// A portfolio.
pub fn portfolio(v: &Value, _style: Style) -> String {
    pretty(v)
}

/// A request validation.
pub fn validation(_name: &str, v: &Value, _style: Style) -> String {
    pretty(v)
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default() + "\n"
}
