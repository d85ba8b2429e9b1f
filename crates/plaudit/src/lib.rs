//! # Plaudit
//!
//! A pure, deterministic rules engine for **customer advocacy programs**: who may advocate
//! (eligibility and readiness), whether the relationship is healthy (lifecycle), how often
//! anyone may be asked (the fatigue cap, per-kind caps and gaps), what consent and compliance
//! require, and which advocate fits a request. Every decision is explained with stable
//! [reason codes](Reason) and carries the [policy fingerprint](Policy::fingerprint).
//!
//! The core holds no data, reads no clock and does no I/O: callers pass records and an
//! `as_of` date. The same decisions are available from Python and WebAssembly.
//!
//! ```
//! use chrono::NaiveDate;
//! use plaudit::{Engine, LifecycleState, Policy};
//!
//! let policy = Policy::from_toml("[eligibility]\nmin_health_score = 70\n").unwrap();
//! let engine = Engine::new(policy).unwrap();
//! let advocate = plaudit::parse_advocate(r#"{
//!     "id": "adv-42", "account_id": "acme", "industry": "Financial Services",
//!     "customer_since": "2023-05-01", "health_score": 75, "nps": 9, "nps_on": "2026-01-10",
//!     "has_measurable_outcome": true, "influence": "leader",
//!     "engagements": ["2026-02-20", "2026-02-27"],
//!     "consents": [{"purpose": "program", "status": "granted", "on": "2023-06-01"}]
//! }"#).unwrap();
//! assert_eq!(advocate.industry, "financial_services");
//!
//! let as_of: NaiveDate = "2026-03-01".parse().unwrap();
//! let e = engine.eligibility(&advocate, as_of);
//! assert!(e.eligible);
//! assert_eq!(e.tenure_months, 34);
//! assert_eq!(engine.lifecycle(&advocate, as_of).state, LifecycleState::Active);
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod macros;

mod engine;
pub mod error;
mod measure;
pub mod policy;
pub mod reasons;

mod input;
mod population;
mod rules;

pub use input::{dates, geo, records};
pub use rules::{check, consent};

pub use engine::Engine;
pub use error::{ErrorCode, FieldError, PolicyError, RecordError};
pub use input::ask::parse_ask;
pub use input::keys::normalize_key;
pub use input::parse::{MAX_REPORTED_ERRORS, parse_json};
pub use input::validate::{Issue, RequestValidation};
pub use measure::{
    AdvocateAttribution, AdvocateNumbers, AdvocateRow, Breakdown, BreakdownRow, Columns,
    CompactMeasurement, ConcentrationKpi, Credit, CycleReduction, Dimension, FunnelStep,
    FunnelStepName, Kpis, MAX_AMOUNT, MAX_TOUCHES, MeasureWarning, MeasureWarningCode, Measurement,
    Money, MoneyShare, NumberedTouch, Opportunity, OpportunityAttribution, OpportunityKpis,
    OpportunityRef, OpportunityRow, Period, Rate, RosterKpis, ScoreLine, Scorecard, Source,
    SourceKind, Stage, Status, Touch, TouchRef, VariantResult, WILSON_Z, attainment,
    check_opportunities, parse_opportunities, status, wilson,
};
pub use policy::Policy;
pub use population::matching::{Exclusion, Match, MatchComponents, RankSummary, Ranking};
pub use population::partial::{PartialPortfolio, PartialRanking, TierCounts, TierRow};
pub use population::portfolio::{
    Concentration, CoverageTarget, EnrollmentCandidate, LifecycleCounts, Portfolio, TargetCoverage,
};
pub use population::roster::{MAX_ROSTER, Roster, RosterJobs};
pub use reasons::{Reason, ReasonSet, Severity};
pub use records::{
    Activity, ActivityKind, ActivityStatus, Advocate, Consent, ConsentPurpose, ConsentStatus,
    Disruption, DisruptionKind, Incentive, IncentiveKind, Influence, Preferences, Prospect,
    ReferenceFrequency, Request, Segment, Tier, parse_advocate, parse_advocates, parse_request,
};
pub use rules::eligibility::{Eligibility, Readiness, ReadinessComponents, tenure_months};
pub use rules::evaluate::{Capacity, Evaluation, Evaluator, NextDate};
pub use rules::kind_map::KindMap;
pub use rules::lifecycle::{Lifecycle, LifecycleState};
pub use rules::tiers::{AssignedTier, TierAssignment, TierMix, TierStatus};

/// The README's Rust examples, run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;

/// A seeded xorshift generator for the unit tests' random cases: `next(n)` is in `0..n`.
#[cfg(test)]
pub(crate) fn test_rng(seed: u64) -> impl FnMut(u64) -> u64 {
    let mut state = seed;
    move |n| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % n
    }
}
