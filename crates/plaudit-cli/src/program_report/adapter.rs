//! The one place that knows the field names of the measurement JSON (what `plaudit measure
//! --format json` prints) and of the portfolio JSON. Every figure on the page is read
//! through a path here, and the same path is written on the page (`data-kpi`), so a test
//! can look every shown number up in the JSON.

use serde_json::Value;

/// Paths starting with this prefix are read from the portfolio document; every other path
/// from the measurement.
pub const PORTFOLIO: &str = "portfolio";

/// Top-level fields of the measurement.
pub const PERIOD_FROM: &str = "period.from";
pub const PERIOD_TO: &str = "period.to";
pub const PERIOD_AS_OF: &str = "period.as_of";
pub const CURRENCY: &str = "currency";
pub const ATTRIBUTION: &str = "attribution";
pub const POLICY: &str = "policy";
pub const SCORECARD_LINES: &str = "scorecard.lines";
pub const COMPOSITE: &str = "scorecard.composite";
pub const KPIS: &str = "kpis";
pub const ROSTER_KPIS: &str = "kpis.roster";
pub const BREAKDOWNS: &str = "breakdowns";
pub const FUNNEL: &str = "funnel";
pub const PER_ADVOCATE: &str = "per_advocate";
pub const EXPERIMENTS: &str = "experiments";
pub const WARNINGS: &str = "warnings";

/// Fields of the portfolio.
pub const TIER_MIX: &str = "portfolio.tier_mix";
pub const COVERAGE: &str = "portfolio.coverage";
pub const PORTFOLIO_CONCENTRATION: &str = "portfolio.concentration";

/// The two documents a report is drawn from.
#[derive(Debug, Clone, Copy)]
pub struct Docs<'a> {
    pub measurement: &'a Value,
    pub portfolio: Option<&'a Value>,
}

impl<'a> Docs<'a> {
    /// The value at a dotted path (`kpis.win_rate_with.value`, `breakdowns[0].rows`,
    /// `portfolio.tier_mix[2].share`); keys containing dots are not supported (none do).
    pub fn get(&self, path: &str) -> Option<&'a Value> {
        let (mut node, rest) = match path.strip_prefix(PORTFOLIO) {
            Some(rest) if rest.is_empty() || rest.starts_with('.') => {
                (self.portfolio?, rest.trim_start_matches('.'))
            }
            _ => (self.measurement, path),
        };
        if rest.is_empty() {
            return Some(node);
        }
        for part in rest.split('.') {
            let (key, indices) = match part.find('[') {
                Some(i) => (&part[..i], &part[i..]),
                None => (part, ""),
            };
            if !key.is_empty() {
                node = node.get(key)?;
            }
            for index in indices.split('[').filter(|s| !s.is_empty()) {
                let i: usize = index.trim_end_matches(']').parse().ok()?;
                node = node.get(i)?;
            }
        }
        Some(node)
    }

    /// The array at `path` (empty when absent or not an array).
    pub fn items(&self, path: &str) -> &'a [Value] {
        self.get(path)
            .and_then(Value::as_array)
            .map_or(&[], Vec::as_slice)
    }

    /// The string at `path`.
    pub fn text(&self, path: &str) -> Option<&'a str> {
        self.get(path).and_then(Value::as_str)
    }

    /// The number at `path` (`None` for null, absent or not a number).
    pub fn number(&self, path: &str) -> Option<f64> {
        self.get(path).and_then(Value::as_f64)
    }

    /// The keys of the object at `path`, in document order.
    pub fn keys(&self, path: &str) -> Vec<&'a str> {
        self.get(path)
            .and_then(Value::as_object)
            .map(|o| o.keys().map(String::as_str).collect())
            .unwrap_or_default()
    }
}

/// How a KPI's value reads.
pub fn kpi_format(kpi: &str) -> super::html::Format {
    use super::html::Format;
    match kpi {
        "influenced_revenue" => Format::Money,
        "references_provided" => Format::Count,
        _ => Format::Percent,
    }
}

/// A KPI's name for people.
pub fn kpi_label(kpi: &str) -> String {
    match kpi {
        "influenced_share" => "Influenced share of deals".to_owned(),
        "influenced_revenue" => "Influenced revenue".to_owned(),
        "referral_pipeline_share" => "Pipeline from referrals".to_owned(),
        "win_rate_with" => "Win rate with advocacy".to_owned(),
        "win_rate_without" => "Win rate without".to_owned(),
        "win_rate_lift" => "Win-rate lift".to_owned(),
        "reference_close_rate" => "Reference close rate".to_owned(),
        "cycle_reduction" => "Sales-cycle reduction".to_owned(),
        "references_provided" => "References provided".to_owned(),
        "response_rate" => "Response rate".to_owned(),
        "unsolicited_share" => "Unsolicited advocacy".to_owned(),
        "at_cap_share" => "Advocates at their cap".to_owned(),
        "concentration" => "Concentration on the busiest 5%".to_owned(),
        other => other.replace('_', " "),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_reach_both_documents() {
        let m = json!({"a": {"b": [1, {"c": 2.5}]}, "portfolio": "not this"});
        let p = json!({"tier_mix": [{"share": 0.25}]});
        let docs = Docs {
            measurement: &m,
            portfolio: Some(&p),
        };
        assert_eq!(docs.number("a.b[1].c"), Some(2.5));
        assert_eq!(docs.number("a.b[0]"), Some(1.0));
        assert_eq!(docs.number("portfolio.tier_mix[0].share"), Some(0.25));
        assert_eq!(docs.get("a.b[7]"), None);
        assert_eq!(docs.get("a.x"), None);
        let without = Docs {
            measurement: &m,
            portfolio: None,
        };
        assert_eq!(without.get("portfolio.tier_mix"), None);
    }
}
