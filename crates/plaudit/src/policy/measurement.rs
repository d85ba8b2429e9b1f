//! The `[measurement]` table: how program measurement attributes revenue and scores KPIs
//! (see docs/measurement.md).

use serde::{Deserialize, Serialize};

use crate::error::{ErrorCode, FieldError};
use crate::macros::string_enum;

string_enum! {
    /// How the amount of a won deal is split among the advocates who touched it.
    pub enum AttributionModel {
        /// Each advocate weighs 1, or the unsolicited weight when any of its touches was
        /// unsolicited (the default).
        Linear => "linear",
        /// Everything to the advocate of the earliest counting touch.
        FirstTouch => "first_touch",
        /// Everything to the advocate of the latest counting touch.
        LastTouch => "last_touch",
        /// A touch weighs `2^(-(closed_on - on) / half_life_days)`, summed per advocate.
        TimeDecay => "time_decay",
    }
}

string_enum! {
    /// The KPIs measurement reports, by their stable names.
    pub enum KpiName {
        /// Influenced opportunities / all, created in the period.
        InfluencedShare => "influenced_share",
        /// Amount of won influenced deals closed in the period (per currency).
        InfluencedRevenue => "influenced_revenue",
        /// Amount with a referral source / all amount, created in the period (per currency).
        ReferralPipelineShare => "referral_pipeline_share",
        /// Win rate of influenced deals closed in the period.
        WinRateWith => "win_rate_with",
        /// Win rate of deals closed in the period without influence.
        WinRateWithout => "win_rate_without",
        /// `win_rate_with / win_rate_without - 1`.
        WinRateLift => "win_rate_lift",
        /// Win rate of deals with a counting reference call.
        ReferenceCloseRate => "reference_close_rate",
        /// `1 - median cycle with / median cycle without`.
        CycleReduction => "cycle_reduction",
        /// Completed reference calls dated in the period (roster).
        ReferencesProvided => "references_provided",
        /// Accepted asks / asks with a known outcome, dated in the period (roster).
        ResponseRate => "response_rate",
        /// Completed unsolicited activities / completed activities (roster).
        UnsolicitedShare => "unsolicited_share",
        /// Base advocates with no annual capacity left on `as_of` / base (roster).
        AtCapShare => "at_cap_share",
        /// Share of the window's reference calls given by the busiest 5% (roster).
        Concentration => "concentration",
    }
}

string_enum! {
    /// Which side of the target is good.
    pub enum Direction {
        /// The value should be at least the target.
        AtLeast => "at_least",
        /// The value should be at most the target.
        AtMost => "at_most",
    }
}

/// One scorecard line: a KPI, its target and how far short of it is still `watch`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ScorecardTarget {
    /// The KPI scored.
    pub kpi: KpiName,
    /// The target value (a share as a fraction, money in major units of
    /// `measurement.currency`).
    pub target: f64,
    /// Whether the value should be at least or at most the target. Default: `at_least`.
    #[serde(default = "default_direction")]
    pub direction: Direction,
    /// Short of the target by at most `band x |target|` is `watch`. Default: 0.1.
    #[serde(default = "default_band")]
    pub band: f64,
    /// Weight in the composite. Default: 1.
    #[serde(default = "default_weight")]
    pub weight: f64,
}

fn default_direction() -> Direction {
    Direction::AtLeast
}
fn default_band() -> f64 {
    0.1
}
fn default_weight() -> f64 {
    1.0
}

impl ScorecardTarget {
    /// A line with the default direction (`at_least`), band and weight.
    pub fn at_least(kpi: KpiName, target: f64) -> Self {
        ScorecardTarget {
            kpi,
            target,
            direction: Direction::AtLeast,
            band: default_band(),
            weight: default_weight(),
        }
    }
}

/// Program measurement (see docs/measurement.md).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct MeasurementPolicy {
    /// The currency of opportunities without one, and the one the scorecard and the
    /// per-advocate order use (ISO 4217, upper case). Default: `USD`.
    pub currency: String,
    /// How won amounts are split among advocates. Default: `linear`.
    pub attribution: AttributionModel,
    /// A touch counts from this many days before the opportunity was created. Default: 90.
    pub attribution_lookback_days: u32,
    /// Half life of a touch's weight in `time_decay`. Default: 30.
    pub half_life_days: u32,
    /// The KPIs scored, with targets. Default: influenced_share >= 0.8,
    /// referral_pipeline_share >= 0.2, win_rate_lift >= 0.15, reference_close_rate >= 0.9,
    /// cycle_reduction >= 0.2.
    pub scorecard: Vec<ScorecardTarget>,
}

impl Default for MeasurementPolicy {
    fn default() -> Self {
        MeasurementPolicy {
            currency: "USD".to_owned(),
            attribution: AttributionModel::Linear,
            attribution_lookback_days: 90,
            half_life_days: 30,
            scorecard: vec![
                ScorecardTarget::at_least(KpiName::InfluencedShare, 0.8),
                ScorecardTarget::at_least(KpiName::ReferralPipelineShare, 0.2),
                ScorecardTarget::at_least(KpiName::WinRateLift, 0.15),
                ScorecardTarget::at_least(KpiName::ReferenceCloseRate, 0.9),
                ScorecardTarget::at_least(KpiName::CycleReduction, 0.2),
            ],
        }
    }
}

/// Whether `code` is written as an ISO 4217 code: three upper-case ASCII letters.
pub(crate) fn is_currency(code: &str) -> bool {
    code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())
}

/// Range and cross-field checks of the table, every problem with its key path.
pub(super) fn check(m: &MeasurementPolicy, errors: &mut Vec<FieldError>) {
    if !is_currency(&m.currency) {
        errors.push(FieldError::new(
            "measurement.currency",
            ErrorCode::InvalidCurrency,
            format!(
                "`{}` is not an ISO 4217 code (three upper-case letters)",
                m.currency
            ),
        ));
    }
    if m.attribution_lookback_days > 3660 {
        errors.push(FieldError::new(
            "measurement.attribution_lookback_days",
            ErrorCode::OutOfRange,
            format!("{} must be at most 3660", m.attribution_lookback_days),
        ));
    }
    if !(1..=3660).contains(&m.half_life_days) {
        errors.push(FieldError::new(
            "measurement.half_life_days",
            ErrorCode::OutOfRange,
            format!("{} is out of range 1..=3660", m.half_life_days),
        ));
    }
    let mut sum = 0.0;
    for (i, t) in m.scorecard.iter().enumerate() {
        let p = |f: &str| format!("measurement.scorecard[{i}].{f}");
        if let Some(first) = m.scorecard.iter().position(|x| x.kpi == t.kpi) {
            if first < i {
                errors.push(FieldError::new(
                    p("kpi"),
                    ErrorCode::DuplicateId,
                    format!(
                        "`{}` is already scored by measurement.scorecard[{first}]",
                        t.kpi
                    ),
                ));
            }
        }
        if !t.target.is_finite() {
            errors.push(FieldError::new(
                p("target"),
                ErrorCode::OutOfRange,
                format!("{} must be a finite number", t.target),
            ));
        }
        if !(t.band.is_finite() && t.band >= 0.0) {
            errors.push(FieldError::new(
                p("band"),
                ErrorCode::OutOfRange,
                format!("{} must be a finite number >= 0", t.band),
            ));
        }
        if t.weight.is_finite() && t.weight >= 0.0 {
            sum += t.weight;
        } else {
            errors.push(FieldError::new(
                p("weight"),
                ErrorCode::OutOfRange,
                format!("{} must be a finite number >= 0", t.weight),
            ));
        }
    }
    if !m.scorecard.is_empty() && sum <= 0.0 {
        errors.push(FieldError::new(
            "measurement.scorecard",
            ErrorCode::InvalidRange,
            "the weights must sum to more than 0",
        ));
    }
}
