//! The scorecard: each KPI against its target, a status that triggers action, and a
//! weighted composite (see docs/measurement.md, *Scorecard*).

use serde::{Deserialize, Serialize};

use crate::macros::string_enum;
use crate::policy::{Direction, KpiName, ScorecardTarget};

/// Slack of the status comparisons.
const SLACK: f64 = 1e-9;

string_enum! {
    /// Where a KPI stands against its target.
    pub enum Status {
        /// The target is reached.
        Met => "met",
        /// Short of it by at most `band x |target|`.
        Watch => "watch",
        /// Short by more: act.
        Breach => "breach",
        /// The KPI has no value (an empty denominator, no roster, no deal in the currency).
        NoData => "no_data",
    }
}

/// One scorecard line.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ScoreLine {
    /// The KPI.
    pub kpi: KpiName,
    /// Its value (money in major units of `measurement.currency`).
    pub value: Option<f64>,
    /// The target.
    pub target: f64,
    /// Which side of the target is good.
    pub direction: Direction,
    /// The watch band, as a fraction of `|target|`.
    pub band: f64,
    /// Weight in the composite.
    pub weight: f64,
    /// Met, watch, breach or no data.
    pub status: Status,
    /// 1 when met; else `min(|v|, |t|) / max(|v|, |t|)` (0 when either is 0 or their signs
    /// differ); `null` without data.
    pub attainment: Option<f64>,
}

/// The scorecard.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Scorecard {
    /// One line per configured KPI, in policy order.
    pub lines: Vec<ScoreLine>,
    /// `100 x sum(weight x attainment) / sum(weight)` over lines with data; `null` when
    /// none has data (or their weights sum to 0).
    pub composite: Option<f64>,
}

/// The status of `value` against a target.
pub fn status(value: Option<f64>, target: f64, direction: Direction, band: f64) -> Status {
    let Some(v) = value else {
        return Status::NoData;
    };
    let allowed = band * target.abs();
    // How far short of the target the value is (negative or 0 when reached).
    let short = match direction {
        Direction::AtLeast => target - v,
        Direction::AtMost => v - target,
    };
    if short <= SLACK {
        Status::Met
    } else if short <= allowed + SLACK {
        Status::Watch
    } else {
        Status::Breach
    }
}

/// Attainment of a line with data.
pub fn attainment(status: Status, value: f64, target: f64) -> f64 {
    if status == Status::Met {
        return 1.0;
    }
    if value == 0.0 || target == 0.0 || (value < 0.0) != (target < 0.0) {
        return 0.0;
    }
    let (v, t) = (value.abs(), target.abs());
    v.min(t) / v.max(t)
}

pub(crate) fn score(
    targets: &[ScorecardTarget],
    value: impl Fn(KpiName) -> Option<f64>,
) -> Scorecard {
    let mut sum = 0.0;
    let mut weights = 0.0;
    let lines: Vec<ScoreLine> = targets
        .iter()
        .map(|t| {
            let v = value(t.kpi);
            let st = status(v, t.target, t.direction, t.band);
            let att = v.map(|v| attainment(st, v, t.target));
            if let Some(a) = att {
                sum += t.weight * a;
                weights += t.weight;
            }
            ScoreLine {
                kpi: t.kpi,
                value: v,
                target: t.target,
                direction: t.direction,
                band: t.band,
                weight: t.weight,
                status: st,
                attainment: att,
            }
        })
        .collect();
    Scorecard {
        lines,
        composite: (weights > 0.0).then(|| 100.0 * sum / weights),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Direction::{AtLeast, AtMost};

    #[test]
    fn statuses_at_the_band_edge() {
        // Target 0.8, band 0.1: watch down to 0.72 inclusive.
        assert_eq!(status(Some(0.8), 0.8, AtLeast, 0.1), Status::Met);
        assert_eq!(status(Some(0.8 - 1e-12), 0.8, AtLeast, 0.1), Status::Met);
        assert_eq!(status(Some(0.79), 0.8, AtLeast, 0.1), Status::Watch);
        assert_eq!(status(Some(0.72), 0.8, AtLeast, 0.1), Status::Watch);
        assert_eq!(status(Some(0.7199), 0.8, AtLeast, 0.1), Status::Breach);
        assert_eq!(status(None, 0.8, AtLeast, 0.1), Status::NoData);
        // At most 0.5, band 0.2: watch up to 0.6.
        assert_eq!(status(Some(0.5), 0.5, AtMost, 0.2), Status::Met);
        assert_eq!(status(Some(0.6), 0.5, AtMost, 0.2), Status::Watch);
        assert_eq!(status(Some(0.6001), 0.5, AtMost, 0.2), Status::Breach);
        // A zero band: anything short is a breach.
        assert_eq!(status(Some(0.79), 0.8, AtLeast, 0.0), Status::Breach);
    }

    #[test]
    fn attainment_rules() {
        assert_eq!(attainment(Status::Met, 2.0, 1.0), 1.0);
        assert_eq!(attainment(Status::Watch, 0.72, 0.8), 0.72 / 0.8);
        // At most: over the target, the ratio is still smaller over larger.
        assert_eq!(attainment(Status::Breach, 0.8, 0.5), 0.5 / 0.8);
        assert_eq!(attainment(Status::Breach, 0.0, 0.2), 0.0);
        assert_eq!(attainment(Status::Breach, -0.1, 0.2), 0.0);
        assert_eq!(attainment(Status::Breach, 0.3, 0.0), 0.0);
        assert_eq!(attainment(Status::Breach, -0.1, -0.4), 0.25);
    }

    #[test]
    fn the_composite_skips_lines_without_data() {
        let t = |kpi, target, weight| ScorecardTarget {
            weight,
            ..ScorecardTarget::at_least(kpi, target)
        };
        let targets = [
            t(KpiName::InfluencedShare, 0.8, 1.0),
            t(KpiName::WinRateLift, 0.2, 3.0),
            t(KpiName::CycleReduction, 0.2, 1.0),
        ];
        let s = score(&targets, |k| match k {
            KpiName::InfluencedShare => Some(0.9),
            KpiName::WinRateLift => Some(0.1),
            _ => None,
        });
        assert_eq!(s.lines[0].status, Status::Met);
        assert_eq!(s.lines[1].status, Status::Breach);
        assert_eq!(s.lines[2].status, Status::NoData);
        assert_eq!(s.composite, Some(100.0 * (1.0 + 3.0 * 0.5) / 4.0));
        assert_eq!(score(&targets, |_| None).composite, None);
    }
}
