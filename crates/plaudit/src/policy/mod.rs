//! The policy (docs/rules.md#policy): every number and list the rules use, with the documented defaults, loadable
//! from TOML or JSON (one schema), validated on load, published as a JSON Schema and
//! fingerprinted.
//!
//! Every key is optional; an absent key takes its default. Unknown keys are errors (a typo in
//! a rule must never pass silently). `examples/policy.toml` lists every key with its source.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::PolicyError;
use crate::input::records::{ActivityKind, ConsentPurpose, Influence, ReferenceFrequency, Tier};

mod kinds;
mod load;
mod measurement;

pub use kinds::{Commitment, KindRule, KindTable};
pub(crate) use measurement::is_currency;
pub use measurement::{AttributionModel, Direction, KpiName, MeasurementPolicy, ScorecardTarget};

/// The supported policy document version.
pub const POLICY_VERSION: u32 = 1;

/// A complete policy. `Policy::default()` is the documented defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct Policy {
    /// Document version; only `1` is supported.
    pub version: u32,
    /// Eligibility gates (docs/rules.md#eligibility-and-readiness).
    pub eligibility: EligibilityPolicy,
    /// Readiness score weights and scales (docs/rules.md#eligibility-and-readiness).
    pub readiness: ReadinessPolicy,
    /// Lifecycle thresholds (docs/rules.md#lifecycle).
    pub lifecycle: LifecyclePolicy,
    /// The annual cap, gaps, response fatigue and the soft lock (docs/rules.md#fatigue-and-tiers, #soft-lock).
    pub fatigue: FatiguePolicy,
    /// One row per activity kind (docs/rules.md#records, activity-kinds table).
    pub kinds: KindTable,
    /// Consent model (docs/rules.md#consent-and-compliance).
    pub consent: ConsentPolicy,
    /// Incentives, disruptions, approvals, publicity and profile freshness (docs/rules.md#consent-and-compliance, #rules-beyond-the-seeds).
    pub compliance: CompliancePolicy,
    /// Tier thresholds, grace and population shares (docs/rules.md#fatigue-and-tiers).
    pub tiers: TierPolicy,
    /// Match score weights, diversity and the account cap (docs/rules.md#matching-and-ranking, #account-cap).
    pub matching: MatchingPolicy,
    /// Region of each country (docs/rules.md#matching-and-ranking); default UN M49: AMER, EMEA, APAC.
    pub regions: BTreeMap<String, Vec<String>>,
    /// Program measurement: currency, attribution model, lookback, half life, scorecard.
    pub measurement: MeasurementPolicy,
}

/// Eligibility gates (docs/rules.md#eligibility-and-readiness).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct EligibilityPolicy {
    /// `health_score >= min_health_score`. Seed: 80.
    pub min_health_score: f64,
    /// Whole months of tenure required. Seed: 12.
    pub min_tenure_months: u32,
    /// `nps >= promoter_min_nps` is a promoter. Seed: 9.
    pub promoter_min_nps: u8,
    /// An NPS older than this many days counts as missing. Default: 365.
    pub nps_max_age_days: u32,
    /// Require `has_measurable_outcome`. Seed: true.
    pub require_measurable_outcome: bool,
    /// Review asks skip the NPS gate (no review gating, docs/rules.md#no-review-gating). Default: true.
    pub review_sentiment_neutral: bool,
}

impl Default for EligibilityPolicy {
    fn default() -> Self {
        EligibilityPolicy {
            min_health_score: 80.0,
            min_tenure_months: 12,
            promoter_min_nps: 9,
            nps_max_age_days: 365,
            require_measurable_outcome: true,
            review_sentiment_neutral: true,
        }
    }
}

/// Readiness score (docs/rules.md#eligibility-and-readiness): weighted mean of components in 0..=1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct ReadinessPolicy {
    /// Component weights. Default: health 0.30, nps 0.25, tenure 0.10, engagement 0.15,
    /// outcome 0.10, influence 0.10.
    pub weights: ReadinessWeights,
    /// Tenure scores 1 at this many months. Default: 36.
    pub tenure_full_months: u32,
    /// Engagements counted over this many days. Default: 60.
    pub engagement_window_days: u32,
    /// Engagement scores 1 at this many events in the window. Default: 6.
    pub engagement_full_count: u32,
    /// Score of each influence level. Default: follower 0.25, practitioner 0.5, leader 0.75,
    /// thought_leader 1.
    pub influence_scores: InfluenceScores,
}

impl Default for ReadinessPolicy {
    fn default() -> Self {
        ReadinessPolicy {
            weights: ReadinessWeights::default(),
            tenure_full_months: 36,
            engagement_window_days: 60,
            engagement_full_count: 6,
            influence_scores: InfluenceScores::default(),
        }
    }
}

/// Readiness component weights.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default)]
#[allow(missing_docs)]
pub struct ReadinessWeights {
    pub health: f64,
    pub nps: f64,
    pub tenure: f64,
    pub engagement: f64,
    pub outcome: f64,
    pub influence: f64,
}

impl Default for ReadinessWeights {
    fn default() -> Self {
        ReadinessWeights {
            health: 0.30,
            nps: 0.25,
            tenure: 0.10,
            engagement: 0.15,
            outcome: 0.10,
            influence: 0.10,
        }
    }
}

impl ReadinessWeights {
    /// `(name, weight)` pairs in component order.
    pub fn pairs(&self) -> [(&'static str, f64); 6] {
        [
            ("health", self.health),
            ("nps", self.nps),
            ("tenure", self.tenure),
            ("engagement", self.engagement),
            ("outcome", self.outcome),
            ("influence", self.influence),
        ]
    }
}

/// Score of each influence level, each in 0..=1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default)]
#[allow(missing_docs)]
pub struct InfluenceScores {
    pub follower: f64,
    pub practitioner: f64,
    pub leader: f64,
    pub thought_leader: f64,
}

impl Default for InfluenceScores {
    fn default() -> Self {
        InfluenceScores {
            follower: 0.25,
            practitioner: 0.5,
            leader: 0.75,
            thought_leader: 1.0,
        }
    }
}

impl InfluenceScores {
    /// The score of a level.
    pub fn of(&self, level: Influence) -> f64 {
        match level {
            Influence::Follower => self.follower,
            Influence::Practitioner => self.practitioner,
            Influence::Leader => self.leader,
            Influence::ThoughtLeader => self.thought_leader,
        }
    }
}

/// Lifecycle thresholds (docs/rules.md#lifecycle, #inactivity-5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct LifecyclePolicy {
    /// `inactive` when the latest touch is this many days old or more. Seed: 365.
    pub archive_after_days: u32,
    /// Length of the recent and the prior engagement windows. Seed: 60.
    pub at_risk_window_days: u32,
    /// `at_risk` when recent engagement fell by at least this fraction of prior. Seed: 0.5.
    pub at_risk_drop: f64,
    /// ... and the prior window held at least this many events. Default: 2.
    pub at_risk_min_prior: u32,
}

impl Default for LifecyclePolicy {
    fn default() -> Self {
        LifecyclePolicy {
            archive_after_days: 365,
            at_risk_window_days: 60,
            at_risk_drop: 0.5,
            at_risk_min_prior: 2,
        }
    }
}

/// Fatigue rules (docs/rules.md#fatigue-and-tiers, #soft-lock).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct FatiguePolicy {
    /// Length of a window ("a year"). Seed: 365.
    pub window_days: u32,
    /// Counted activities allowed in any window. Seed: 6.
    pub annual_cap: u32,
    /// Reference-call gap by the advocate's stated frequency, in days. Seed: monthly 30,
    /// quarterly 91, semiannual 182, annual 365.
    pub reference_call_gap_days: FrequencyGaps,
    /// The frequency assumed when an advocate states none. Seed: quarterly.
    pub default_reference_frequency: ReferenceFrequency,
    /// Response fatigue looks at this many latest asks. Seed: 3.
    pub response_lookback: u32,
    /// ... and triggers when at least this many were declined or unanswered. Seed: 2.
    pub response_declines: u32,
    /// ... then the advocate rests this many days from the latest of them. Seed: 90.
    pub response_rest_days: u32,
    /// A `requested` ask younger than this blocks other asks, and ages into `no_response`
    /// at this age (docs/rules.md#soft-lock). Default: 14.
    pub request_lock_days: u32,
}

impl Default for FatiguePolicy {
    fn default() -> Self {
        FatiguePolicy {
            window_days: 365,
            annual_cap: 6,
            reference_call_gap_days: FrequencyGaps::default(),
            default_reference_frequency: ReferenceFrequency::Quarterly,
            response_lookback: 3,
            response_declines: 2,
            response_rest_days: 90,
            request_lock_days: 14,
        }
    }
}

/// Reference-call gap per stated frequency, in days.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default)]
#[allow(missing_docs)]
pub struct FrequencyGaps {
    pub monthly: u32,
    pub quarterly: u32,
    pub semiannual: u32,
    pub annual: u32,
}

impl Default for FrequencyGaps {
    fn default() -> Self {
        FrequencyGaps {
            monthly: 30,
            quarterly: 91,
            semiannual: 182,
            annual: 365,
        }
    }
}

impl FrequencyGaps {
    /// The gap for a frequency.
    pub fn of(&self, f: ReferenceFrequency) -> u32 {
        match f {
            ReferenceFrequency::Monthly => self.monthly,
            ReferenceFrequency::Quarterly => self.quarterly,
            ReferenceFrequency::Semiannual => self.semiannual,
            ReferenceFrequency::Annual => self.annual,
        }
    }
}

/// Consent model (docs/rules.md#consent-and-compliance).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct ConsentPolicy {
    /// Countries whose law needs an explicit `program` grant (opt-in). Default: EU-27, IS,
    /// LI, NO, GB, CH. Elsewhere `program` is presumed unless withdrawn.
    pub opt_in_countries: Vec<String>,
    /// Purposes that always need an explicit grant. Default: `reference_contact`,
    /// `public_name`, `logo`, `quote`, `recording`.
    pub explicit_purposes: Vec<ConsentPurpose>,
}

impl Default for ConsentPolicy {
    fn default() -> Self {
        ConsentPolicy {
            opt_in_countries: crate::input::geo::codes(crate::input::geo::OPT_IN)
                .map(str::to_owned)
                .collect(),
            explicit_purposes: vec![
                ConsentPurpose::ReferenceContact,
                ConsentPurpose::PublicName,
                ConsentPurpose::Logo,
                ConsentPurpose::Quote,
                ConsentPurpose::Recording,
            ],
        }
    }
}

/// Incentives, disruptions, approvals and profile rules (docs/rules.md#consent-and-compliance, #rules-beyond-the-seeds).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct CompliancePolicy {
    /// Industries where monetary incentives are forbidden and `compliance` approves.
    /// Default: healthcare, financial_services, pharma, public_sector.
    pub regulated_industries: Vec<String>,
    /// Whether reviews may carry an incentive (review-site terms). Default: false.
    pub review_incentives_allowed: bool,
    /// Highest incentive value per country (ISO alpha-2 -> value). Default: empty.
    pub incentive_limits: BTreeMap<String, f64>,
    /// An incentive below this value per effort hour warns. Seed: 25.
    pub fair_value_per_hour: f64,
    /// Days after a disruption ends during which no ask is made. Default: 14.
    pub disruption_buffer_days: u32,
    /// Approval added for regulated industries on kinds that need approvals. Default:
    /// `compliance`.
    pub regulated_approval: String,
    /// A profile not verified for more than this many days warns `profile_stale`
    /// (docs/rules.md#profile-freshness-and-leavers). Default: 365.
    pub stale_after_days: u32,
}

impl Default for CompliancePolicy {
    fn default() -> Self {
        CompliancePolicy {
            regulated_industries: [
                "financial_services",
                "healthcare",
                "pharma",
                "public_sector",
            ]
            .map(str::to_owned)
            .to_vec(),
            review_incentives_allowed: false,
            incentive_limits: BTreeMap::new(),
            fair_value_per_hour: 25.0,
            disruption_buffer_days: 14,
            regulated_approval: "compliance".to_owned(),
            stale_after_days: 365,
        }
    }
}

/// Tier rules (docs/rules.md#fatigue-and-tiers).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct TierPolicy {
    /// Days of demotion grace. Default: 90.
    pub demotion_grace_days: u32,
    /// Shares are enforced when the base holds at least this many advocates. Default: 100.
    pub quota_min_roster: u32,
    /// Platinum. Seed: 4+ a year with a high-commitment one; 3-5% of the base.
    pub platinum: TierRule,
    /// Gold. Seed: 2+ a year; 15-20%.
    pub gold: TierRule,
    /// Silver. Seed: 1+ a year; 30-40%.
    pub silver: TierRule,
    /// Participation points per commitment level. Default: low 1, moderate 2, high 3.
    pub commitment_points: CommitmentPoints,
    /// Points multiplier for unsolicited activities. Seed: 1.5.
    pub unsolicited_multiplier: f64,
}

impl Default for TierPolicy {
    fn default() -> Self {
        TierPolicy {
            demotion_grace_days: 90,
            quota_min_roster: 100,
            platinum: TierRule {
                min_activities: 4,
                require_high_commitment: true,
                min_share: 0.03,
                max_share: 0.05,
                touch: "high_touch".to_owned(),
            },
            gold: TierRule {
                min_activities: 2,
                require_high_commitment: false,
                min_share: 0.15,
                max_share: 0.20,
                touch: "standard".to_owned(),
            },
            silver: TierRule {
                min_activities: 1,
                require_high_commitment: false,
                min_share: 0.30,
                max_share: 0.40,
                touch: "automated".to_owned(),
            },
            commitment_points: CommitmentPoints::default(),
            unsolicited_multiplier: 1.5,
        }
    }
}

impl TierPolicy {
    /// The rule of a tier above community (`None` for community).
    pub fn rule(&self, tier: Tier) -> Option<&TierRule> {
        match tier {
            Tier::Platinum => Some(&self.platinum),
            Tier::Gold => Some(&self.gold),
            Tier::Silver => Some(&self.silver),
            Tier::Community => None,
        }
    }
}

/// One tier's threshold and population share.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct TierRule {
    /// Completed counted activities in the window.
    pub min_activities: u32,
    /// One of them must be high-commitment.
    #[serde(default)]
    pub require_high_commitment: bool,
    /// Below this share of the base is a recruiting gap.
    pub min_share: f64,
    /// No more than `floor(max_share x N)` advocates hold the tier.
    pub max_share: f64,
    /// Touch model (e.g. `high_touch`, `standard`, `automated`).
    pub touch: String,
}

impl Default for TierRule {
    fn default() -> Self {
        TierRule {
            min_activities: 1,
            require_high_commitment: false,
            min_share: 0.0,
            max_share: 1.0,
            touch: String::new(),
        }
    }
}

/// Participation points per commitment level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default)]
#[allow(missing_docs)]
pub struct CommitmentPoints {
    pub low: f64,
    pub moderate: f64,
    pub high: f64,
}

impl Default for CommitmentPoints {
    fn default() -> Self {
        CommitmentPoints {
            low: 1.0,
            moderate: 2.0,
            high: 3.0,
        }
    }
}

/// Matching and ranking (docs/rules.md#matching-and-ranking, #account-cap, #near-misses).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct MatchingPolicy {
    /// Score component weights. Default: industry 0.25, segment 0.15, region 0.15,
    /// products 0.15, use_cases 0.10, readiness 0.10, freshness 0.10.
    pub weights: MatchWeights,
    /// Industries that score as related (0.5), listed both ways or one way (symmetric).
    pub related_industries: BTreeMap<String, Vec<String>>,
    /// Freshness scores 1 this many days after the last counted activity. Default: 180.
    pub freshness_full_days: u32,
    /// At most this many advocates per account in a returned top list. Default: 1.
    pub max_per_account: u32,
    /// At most this many counted activities per account in any window (docs/rules.md#account-cap).
    /// Default: 12.
    pub account_annual_cap: u32,
    /// Return near misses when matches fall short (docs/rules.md#near-misses). Default: true.
    pub near_misses: bool,
}

impl Default for MatchingPolicy {
    fn default() -> Self {
        MatchingPolicy {
            weights: MatchWeights::default(),
            related_industries: BTreeMap::new(),
            freshness_full_days: 180,
            max_per_account: 1,
            account_annual_cap: 12,
            near_misses: true,
        }
    }
}

/// Match score component weights.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default)]
#[allow(missing_docs)]
pub struct MatchWeights {
    pub industry: f64,
    pub segment: f64,
    pub region: f64,
    pub products: f64,
    pub use_cases: f64,
    pub readiness: f64,
    pub freshness: f64,
}

impl Default for MatchWeights {
    fn default() -> Self {
        MatchWeights {
            industry: 0.25,
            segment: 0.15,
            region: 0.15,
            products: 0.15,
            use_cases: 0.10,
            readiness: 0.10,
            freshness: 0.10,
        }
    }
}

impl MatchWeights {
    /// `(name, weight)` pairs in component order.
    pub fn pairs(&self) -> [(&'static str, f64); 7] {
        [
            ("industry", self.industry),
            ("segment", self.segment),
            ("region", self.region),
            ("products", self.products),
            ("use_cases", self.use_cases),
            ("readiness", self.readiness),
            ("freshness", self.freshness),
        ]
    }
}

/// The default regions (UN M49 groupings).
pub fn default_regions() -> BTreeMap<String, Vec<String>> {
    [
        ("AMER", crate::input::geo::AMER),
        ("APAC", crate::input::geo::APAC),
        ("EMEA", crate::input::geo::EMEA),
    ]
    .into_iter()
    .map(|(r, list)| {
        (
            r.to_owned(),
            crate::input::geo::codes(list).map(str::to_owned).collect(),
        )
    })
    .collect()
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            version: POLICY_VERSION,
            eligibility: EligibilityPolicy::default(),
            readiness: ReadinessPolicy::default(),
            lifecycle: LifecyclePolicy::default(),
            fatigue: FatiguePolicy::default(),
            kinds: KindTable::default(),
            consent: ConsentPolicy::default(),
            compliance: CompliancePolicy::default(),
            tiers: TierPolicy::default(),
            matching: MatchingPolicy::default(),
            regions: default_regions(),
            measurement: MeasurementPolicy::default(),
        }
    }
}

impl Policy {
    /// Loads a policy from TOML text. Every problem is reported with its key path and its
    /// line and column.
    ///
    /// ```
    /// let p = plaudit::Policy::from_toml("[fatigue]\nannual_cap = 4\n").unwrap();
    /// assert_eq!(p.fatigue.annual_cap, 4);
    /// let err = plaudit::Policy::from_toml("[fatigue]\nanual_cap = 4\n").unwrap_err();
    /// assert_eq!(err.to_string(), "2:1: fatigue.anual_cap: unknown key");
    /// ```
    #[cfg(feature = "toml")]
    pub fn from_toml(text: &str) -> Result<Policy, PolicyError> {
        load::from_toml(text)
    }

    /// Loads a policy from JSON text (the same schema as TOML).
    pub fn from_json(text: &str) -> Result<Policy, PolicyError> {
        load::from_json(text)
    }

    /// Loads a policy from a JSON value (the same schema as TOML).
    pub fn from_value(value: serde_json::Value) -> Result<Policy, PolicyError> {
        load::from_value(value)
    }

    /// Loads from text, guessing the format: JSON when it starts with `{`, else TOML.
    #[cfg(feature = "toml")]
    pub fn from_text(text: &str) -> Result<Policy, PolicyError> {
        if text.trim_start().starts_with('{') {
            Self::from_json(text)
        } else {
            Self::from_toml(text)
        }
    }

    /// The canonical JSON of the effective policy: every key, defaults included, in a fixed
    /// order (struct fields in declaration order, maps sorted by key, numbers in their
    /// shortest round-trip form). The fingerprint hashes exactly these bytes.
    pub fn canonical_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// A stable fingerprint of the effective policy: `sha256:` and the first 16 hex digits of
    /// the SHA-256 of [`Policy::canonical_json`]. Two policies that decide alike (the same
    /// values, however written, TOML or JSON, keys in any order, defaults spelled out or
    /// not) have the same fingerprint on every platform and in every binding.
    pub fn fingerprint(&self) -> String {
        use sha2::Digest;
        let mut p = self.clone();
        p.normalize();
        let digest = sha2::Sha256::digest(p.canonical_json().as_bytes());
        let mut s = String::with_capacity(7 + 16);
        s.push_str("sha256:");
        for b in digest.iter().take(8) {
            s.push_str(&format!("{b:02x}"));
        }
        s
    }

    /// Checks ranges and cross-field sense; returns every problem.
    pub fn validate(&self) -> Result<(), PolicyError> {
        PolicyError::from_errors(load::check(self))
    }

    /// The rule row of a kind.
    pub fn kind(&self, kind: ActivityKind) -> &KindRule {
        self.kinds.get(kind)
    }

    /// The JSON Schema of the policy document (every key optional), for editors and UIs.
    #[cfg(feature = "schema")]
    pub fn json_schema() -> serde_json::Value {
        let schema = schemars::schema_for!(Policy);
        serde_json::to_value(schema).unwrap_or_default()
    }
}
