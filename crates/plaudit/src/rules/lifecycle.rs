//! Lifecycle (docs/rules.md#lifecycle, #lifecycle-precedence-5): is the relationship healthy?

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::input::dates::{Day, date};
use crate::input::records::{ActivityStatus, ConsentPurpose, ConsentStatus};
use crate::macros::string_enum;
use crate::policy::Policy;
use crate::rules::facts::{Facts, Scalars};

string_enum! {
    /// Lifecycle state, by precedence `erased > opted_out > inactive > at_risk > active`.
    pub enum LifecycleState {
        /// Healthy.
        Active => "active",
        /// Engagement dropped: a warning that excludes nothing by itself.
        AtRisk => "at_risk",
        /// No touch for `archive_after_days`: recommend archiving; excluded.
        Inactive => "inactive",
        /// The `program` consent is withdrawn: excluded from everything.
        OptedOut => "opted_out",
        /// Erasure requested: excluded from everything; decisions carry only the id.
        Erased => "erased",
    }
}

impl LifecycleState {
    /// Whether the state excludes the advocate from every ask (`inactive`, `opted_out`,
    /// `erased`).
    pub const fn excludes(self) -> bool {
        matches!(
            self,
            LifecycleState::Inactive | LifecycleState::OptedOut | LifecycleState::Erased
        )
    }
}

/// The lifecycle of one advocate as of a date, with the numbers behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Lifecycle {
    /// The state.
    pub state: LifecycleState,
    /// The latest touch on or before `as_of` (engagement, completed activity or consent
    /// grant); absent for `erased` or when there is none.
    #[serde(
        default,
        with = "crate::input::dates::opt",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "schema", schemars(with = "Option<NaiveDate>"))]
    pub latest_touch: Option<NaiveDate>,
    /// Engagement events in `(as_of - 60, as_of]`.
    pub recent_engagements: u32,
    /// Engagement events in `(as_of - 120, as_of - 60]`.
    pub prior_engagements: u32,
}

impl Lifecycle {
    /// The lifecycle of an erased advocate: nothing computed.
    pub(crate) fn erased() -> Self {
        Lifecycle {
            state: LifecycleState::Erased,
            latest_touch: None,
            recent_engagements: 0,
            prior_engagements: 0,
        }
    }
}

/// Counts engagement events in `(as_of - w, as_of]` and `(as_of - 2w, as_of - w]`.
pub(crate) fn engagement_counts(a: &impl Facts, as_of: Day, w: i32) -> (u32, u32) {
    let mut c = Counts::new(as_of, w);
    each_engagement_day(a, |d| c.add(d));
    (c.recent, c.prior)
}

/// Engagement events: engagements and completed activity dates, one source after the other
/// (a chained iterator costs a branch per item in these hot loops).
#[inline]
fn each_engagement_day(a: &impl Facts, mut f: impl FnMut(Day)) {
    for d in a.engagements() {
        f(d);
    }
    for x in a.activities() {
        if x.status == ActivityStatus::Completed {
            f(x.day);
        }
    }
}

/// Engagement events counted in `(as_of - w, as_of]` and `(as_of - 2w, as_of - w]`, and the
/// latest on or before `as_of`.
struct Counts {
    as_of: Day,
    w: i32,
    recent: u32,
    prior: u32,
    /// `Day::MIN`: none yet (no date is that early).
    latest: Day,
}

impl Counts {
    fn new(as_of: Day, w: i32) -> Counts {
        Counts {
            as_of,
            w,
            recent: 0,
            prior: 0,
            latest: Day::MIN,
        }
    }

    #[inline]
    fn add(&mut self, d: Day) {
        if d > self.as_of {
            return;
        }
        self.latest = self.latest.max(d);
        let age = self.as_of - d;
        self.recent += u32::from(age < self.w);
        self.prior += u32::from(age >= self.w && age < self.w.saturating_mul(2));
    }
}

pub(crate) fn lifecycle(policy: &Policy, a: &impl Facts, s: &Scalars, as_of: Day) -> Lifecycle {
    if s.erasure_requested {
        return Lifecycle::erased();
    }
    let lp = &policy.lifecycle;
    let w = i32::try_from(lp.at_risk_window_days).unwrap_or(i32::MAX / 4);
    // One pass: the engagement counts and the latest touch.
    let mut counts = Counts::new(as_of, w);
    each_engagement_day(a, |d| counts.add(d));
    let Counts {
        recent,
        prior,
        mut latest,
        ..
    } = counts;
    for c in a.consents() {
        if c.status == ConsentStatus::Granted && c.on <= as_of {
            latest = latest.max(c.on);
        }
    }
    let latest_touch = (latest != Day::MIN).then_some(latest);
    let state = if crate::rules::consent::withdrawn(a.consents(), ConsentPurpose::Program, as_of) {
        LifecycleState::OptedOut
    } else if latest_touch
        .is_some_and(|t| i64::from(as_of) - i64::from(t) >= i64::from(lp.archive_after_days))
    {
        LifecycleState::Inactive
    } else if prior >= lp.at_risk_min_prior
        && f64::from(recent) <= f64::from(prior) * (1.0 - lp.at_risk_drop)
    {
        LifecycleState::AtRisk
    } else {
        LifecycleState::Active
    };
    Lifecycle {
        state,
        latest_touch: latest_touch.map(date),
        recent_engagements: recent,
        prior_engagements: prior,
    }
}
