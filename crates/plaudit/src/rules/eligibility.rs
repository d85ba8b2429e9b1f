//! Eligibility (docs/rules.md#eligibility-and-readiness): the hard gates, and the readiness score with its components.

use chrono::NaiveDate;
#[cfg(test)]
use chrono::{Datelike, Months};
use serde::{Deserialize, Serialize};

use crate::input::dates::{Day, day};
use crate::input::numbers::round_to;
use crate::input::records::ActivityKind;
use crate::policy::Policy;
use crate::reasons::{Reason, ReasonSet};
use crate::rules::facts::{Facts, Scalars, Ymd};

/// Whether an advocate may advocate at all, and how ready they are.
///
/// An erased advocate is not eligible, its only reason is `erased`, and nothing else is
/// computed: its tenure and readiness are zero and are not serialized (the serialized form
/// is `{"eligible": false, "reasons": ["erased"]}`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Eligibility {
    /// No gate failed.
    pub eligible: bool,
    /// Every failed gate, in code order.
    pub reasons: ReasonSet,
    /// Whole months from `customer_since` to `as_of` (negative before it); absent when erased.
    #[serde(default)]
    pub tenure_months: i32,
    /// The NPS used: absent when missing, stale or dated after `as_of`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nps: Option<i64>,
    /// The readiness score and its components; absent when erased.
    #[serde(default)]
    pub readiness: Readiness,
}

impl Serialize for Eligibility {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        // Erased means erased: nothing about the person is written, not even a zero.
        let erased = self.reasons.contains(Reason::Erased);
        let n = if erased {
            2
        } else {
            4 + usize::from(self.nps.is_some())
        };
        let mut st = s.serialize_struct("Eligibility", n)?;
        st.serialize_field("eligible", &self.eligible)?;
        st.serialize_field("reasons", &self.reasons)?;
        if !erased {
            st.serialize_field("tenure_months", &self.tenure_months)?;
            if let Some(nps) = self.nps {
                st.serialize_field("nps", &nps)?;
            }
            st.serialize_field("readiness", &self.readiness)?;
        }
        st.end()
    }
}

impl Eligibility {
    /// The verdict on an erased advocate: `erased` alone, nothing computed.
    pub(crate) fn erased() -> Self {
        Eligibility {
            eligible: false,
            reasons: [Reason::Erased].into_iter().collect(),
            tenure_months: 0,
            nps: None,
            readiness: Readiness::default(),
        }
    }
}

/// The readiness score (0..=100, two decimals) and each component (0..=1, four decimals).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Readiness {
    /// `100 x` the weighted mean of the components.
    pub score: f64,
    /// Each component in 0..=1.
    pub components: ReadinessComponents,
}

/// Readiness components, each in 0..=1 (docs/rules.md#eligibility-and-readiness).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ReadinessComponents {
    /// `health_score / 100`.
    pub health: f64,
    /// `nps / 10`; 0 when missing or stale.
    pub nps: f64,
    /// `min(1, months / tenure_full_months)`; 0 before `customer_since`.
    pub tenure: f64,
    /// `min(1, engagement events in the last 60 days / 6)`.
    pub engagement: f64,
    /// 1 with a measurable outcome, else 0.
    pub outcome: f64,
    /// The influence level's score; 0 when unknown.
    pub influence: f64,
}

/// Whole months from `since` to `as_of`: the largest `m` with `since + m months <= as_of`,
/// month ends clamping as chrono's `checked_add_months` does (docs/rules.md#fatigue-and-tiers); negative before
/// `since` (docs/rules.md#tenure-months).
///
/// ```
/// use chrono::NaiveDate;
/// let d = |s: &str| s.parse::<NaiveDate>().unwrap();
/// assert_eq!(plaudit::tenure_months(d("2025-01-31"), d("2026-01-30")), 11);
/// assert_eq!(plaudit::tenure_months(d("2025-01-31"), d("2026-01-31")), 12);
/// assert_eq!(plaudit::tenure_months(d("2025-01-31"), d("2025-02-28")), 1);
/// assert_eq!(plaudit::tenure_months(d("2025-03-01"), d("2025-02-28")), -1);
/// ```
pub fn tenure_months(since: NaiveDate, as_of: NaiveDate) -> i32 {
    crate::rules::facts::months_between(Ymd::of(since), Ymd::of(as_of))
}

/// [`tenure_months`] by chrono's month arithmetic: the reference the fast one is tested
/// against.
#[cfg(test)]
pub(crate) fn tenure_months_slow(since: NaiveDate, as_of: NaiveDate) -> i32 {
    let mut m = (as_of.year() - since.year()) * 12 + (as_of.month() as i32 - since.month() as i32);
    // The calendar difference is exact or one too many; step down until `since + m <= as_of`.
    for _ in 0..3 {
        match add_months(since, m) {
            Some(d) if d <= as_of => return m,
            _ => m -= 1,
        }
    }
    m
}

#[cfg(test)]
fn add_months(d: NaiveDate, m: i32) -> Option<NaiveDate> {
    if m >= 0 {
        d.checked_add_months(Months::new(m.unsigned_abs()))
    } else {
        d.checked_sub_months(Months::new(m.unsigned_abs()))
    }
}

/// The gates alone, for checks: every failed gate but the NPS gate's, then the NPS gate's
/// (reviews may skip it), without the readiness score.
pub(crate) fn gates(
    policy: &Policy,
    a: &Scalars,
    as_of: Ymd,
    today: Day,
) -> (ReasonSet, ReasonSet) {
    let ep = &policy.eligibility;
    let mut reasons = ReasonSet::EMPTY;
    if a.health.is_nan() || a.health < ep.min_health_score {
        reasons.insert(Reason::HealthBelowMinimum);
    }
    let months = crate::rules::facts::months_between(a.customer_since, as_of);
    if i64::from(months) < i64::from(ep.min_tenure_months) {
        reasons.insert(Reason::TenureBelowMinimum);
    }
    if ep.require_measurable_outcome && !a.measurable_outcome {
        reasons.insert(Reason::NoMeasurableOutcome);
    }
    let mut nps_reasons = ReasonSet::EMPTY;
    match current_nps(policy, a, today) {
        None => nps_reasons.insert(Reason::NpsMissing),
        Some(n) if n < i64::from(ep.promoter_min_nps) => nps_reasons.insert(Reason::NotPromoter),
        Some(_) => {}
    }
    (reasons, nps_reasons)
}

/// The NPS answer if it is recent enough to count.
fn current_nps(policy: &Policy, a: &Scalars, today: Day) -> Option<i64> {
    a.nps.filter(|_| match a.nps_on {
        None => true,
        Some(on) => {
            let age = i64::from(today) - i64::from(on);
            (0..=i64::from(policy.eligibility.nps_max_age_days)).contains(&age)
        }
    })
}

pub(crate) fn eligibility(
    policy: &Policy,
    a: &impl Facts,
    s: &Scalars,
    as_of: NaiveDate,
    kind: Option<ActivityKind>,
) -> Eligibility {
    let ep = &policy.eligibility;
    let rp = &policy.readiness;
    let today: Day = day(as_of);
    let mut reasons = ReasonSet::EMPTY;

    if s.health.is_nan() || s.health < ep.min_health_score {
        reasons.insert(Reason::HealthBelowMinimum);
    }
    let months = crate::rules::facts::months_between(s.customer_since, Ymd::of(as_of));
    if i64::from(months) < i64::from(ep.min_tenure_months) {
        reasons.insert(Reason::TenureBelowMinimum);
    }
    let nps = current_nps(policy, s, today);
    let nps_gate = !(ep.review_sentiment_neutral && kind == Some(ActivityKind::Review));
    if nps_gate {
        match nps {
            None => reasons.insert(Reason::NpsMissing),
            Some(n) if n < i64::from(ep.promoter_min_nps) => reasons.insert(Reason::NotPromoter),
            Some(_) => {}
        }
    }
    if ep.require_measurable_outcome && !s.measurable_outcome {
        reasons.insert(Reason::NoMeasurableOutcome);
    }

    let w = i32::try_from(rp.engagement_window_days).unwrap_or(i32::MAX / 4);
    let (recent, _) = crate::rules::lifecycle::engagement_counts(a, today, w);
    let c = ReadinessComponents {
        health: (s.health / 100.0).clamp(0.0, 1.0),
        nps: nps.map_or(0.0, |n| (n as f64 / 10.0).clamp(0.0, 1.0)),
        tenure: (f64::from(months.max(0)) / f64::from(rp.tenure_full_months.max(1))).min(1.0),
        engagement: (f64::from(recent) / f64::from(rp.engagement_full_count.max(1))).min(1.0),
        outcome: if s.measurable_outcome { 1.0 } else { 0.0 },
        influence: s.influence.map_or(0.0, |i| rp.influence_scores.of(i)),
    };
    let wt = &rp.weights;
    let pairs = [
        (wt.health, c.health),
        (wt.nps, c.nps),
        (wt.tenure, c.tenure),
        (wt.engagement, c.engagement),
        (wt.outcome, c.outcome),
        (wt.influence, c.influence),
    ];
    let total: f64 = pairs.iter().map(|(w, _)| w).sum();
    let weighted: f64 = pairs.iter().map(|(w, v)| w * v).sum();
    let score = if total > 0.0 {
        100.0 * weighted / total
    } else {
        0.0
    };
    let components = ReadinessComponents {
        health: round_to(c.health, 1e4),
        nps: round_to(c.nps, 1e4),
        tenure: round_to(c.tenure, 1e4),
        engagement: round_to(c.engagement, 1e4),
        outcome: c.outcome,
        influence: round_to(c.influence, 1e4),
    };
    Eligibility {
        eligible: reasons.is_empty(),
        reasons,
        tenure_months: months,
        nps,
        readiness: Readiness {
            score: round_to(score, 100.0),
            components,
        },
    }
}
