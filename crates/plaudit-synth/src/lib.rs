//! # plaudit-synth
//!
//! One deterministic, seeded generator of realistic customer-advocacy data, shared by
//! Plaudit's benches, tests, command-line tool (`plaudit generate`) and demo.
//!
//! - **Deterministic and portable**: the same [`SynthConfig`] gives the same records, byte
//!   for byte, on every platform and build (x86, ARM, wasm; debug or release). Each
//!   advocate comes from its own ChaCha8 stream, numbered by its index.
//! - **Random access**: [`advocate`] is a pure function of the config and the index, so
//!   generation streams, parallelizes and resumes anywhere. Advocate `i` does not depend on
//!   how many advocates are generated.
//! - **Realistic skew** with the default policy: about a third of advocates pass
//!   eligibility; most have 0-3 activities in the last year while a few are at the annual
//!   cap; some are fading (`at_risk`) or dormant (`inactive`); about 1.3 advocates per
//!   account; a third of accounts in opt-in consent countries. The crate README lists
//!   the measured distributions.
//!
//! ```
//! use plaudit_synth::{SynthConfig, advocate, advocates, requests};
//!
//! let config = SynthConfig { advocates: 100, seed: 7, ..SynthConfig::default() };
//! let all: Vec<plaudit::Advocate> = advocates(&config).collect();
//! assert_eq!(all.len(), 100);
//! assert_eq!(all[42], advocate(&config, 42)); // random access equals iteration
//! assert!(all.iter().all(|a| a.validate().is_ok()));
//!
//! let engine = plaudit::Engine::default();
//! let eligible = all.iter().filter(|a| engine.eligibility(a, config.as_of).eligible).count();
//! assert!((15..=55).contains(&eligible));
//!
//! let asks = requests(&config, 3);
//! assert_eq!(asks.len(), 3);
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

use chrono::NaiveDate;
use plaudit::{Advocate, Opportunity, Request};

mod account;
mod opportunity;
mod opportunity_output;
mod output;
mod person;
mod request;
mod rng;
mod rules;
mod vocab;

pub use output::{
    ACTIVITY_COLUMNS, ADVOCATE_COLUMNS, CONSENT_COLUMNS, CSV_FILES, CsvSinks, CsvWriter,
    DISRUPTION_COLUMNS, ENGAGEMENT_COLUMNS, RowOrder, shuffled_order, write_csv, write_csv_dir,
    write_csv_dir_ordered, write_jsonl, write_requests_jsonl,
};

pub use opportunity::{CREATED_SPAN_DAYS, LOOKBACK_DAYS};
pub use opportunity_output::{
    OPPORTUNITY_COLUMNS, OPPORTUNITY_CSV_FILES, TOUCH_COLUMNS, write_opportunities_csv,
    write_opportunities_jsonl,
};

/// What to generate. Build it with struct update syntax over [`SynthConfig::default`] or
/// with [`SynthConfig::new`]; every knob has a sensible default.
///
/// Every field takes part in the output: two configs that differ in any field may give
/// different records (except `advocates`, `requests` and `opportunities`, which only say
/// how many; opportunities do depend on `advocates`, since their touches name roster
/// advocates).
#[derive(Debug, Clone, PartialEq)]
pub struct SynthConfig {
    /// How many advocates [`advocates`] yields (indices `0..advocates`).
    pub advocates: usize,
    /// The seed: same seed, same data.
    pub seed: u64,
    /// The date the data is "as of": histories end around it (with future bookings after
    /// it), and eligibility and lifecycle shares are calibrated for it.
    pub as_of: NaiveDate,
    /// Target share of advocates passing eligibility (docs/rules.md#eligibility-gates, default policy) as of
    /// `as_of`. Default `1/3`. Shares above about 0.6 are capped for the busiest advocates.
    pub eligible_share: f64,
    /// Target mean number of activity records per advocate (all statuses, past and
    /// booked). Default 4.
    pub mean_activities: f64,
    /// Target mean number of engagement dates per advocate. Default 8.
    pub mean_engagements: f64,
    /// How far back histories go, in days. Default 1095 (three years).
    pub history_days: i32,
    /// How many requests [`write_requests_jsonl`] writes (the demo's sample). Default 8.
    pub requests: usize,
    /// How many opportunities [`opportunities`] yields and the opportunity writers write.
    /// Default 2,000: twice the default roster, about what a program of that size
    /// touches in eighteen months ([`SynthConfig::new`] also takes twice the advocates).
    pub opportunities: usize,
}

impl Default for SynthConfig {
    /// 1,000 advocates, seed 42, as of 2026-03-01, the default knobs.
    fn default() -> Self {
        SynthConfig {
            advocates: 1000,
            seed: 42,
            as_of: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap_or_default(),
            eligible_share: 1.0 / 3.0,
            mean_activities: 4.0,
            mean_engagements: 8.0,
            history_days: 1095,
            requests: 8,
            opportunities: 2000,
        }
    }
}

impl SynthConfig {
    /// `advocates` advocates from `seed` as of `as_of`, with the default knobs.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// let as_of = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
    /// let config = plaudit_synth::SynthConfig::new(10, 1, as_of);
    /// assert_eq!(plaudit_synth::advocates(&config).count(), 10);
    /// ```
    pub fn new(advocates: usize, seed: u64, as_of: NaiveDate) -> Self {
        SynthConfig {
            advocates,
            seed,
            as_of,
            opportunities: advocates.saturating_mul(2),
            ..SynthConfig::default()
        }
    }
}

/// The advocate at `index`: a pure function of `config` (all but `advocates` and
/// `requests`) and `index`, valid (`Advocate::validate`), already normalized.
///
/// Ids are `adv-0000042`; account ids `acct-000031`. `index` may exceed
/// `config.advocates`.
///
/// ```
/// let config = plaudit_synth::SynthConfig::default();
/// let a = plaudit_synth::advocate(&config, 7);
/// assert_eq!(a.id, "adv-0000007");
/// assert_eq!(a, plaudit_synth::advocate(&config, 7));
/// assert!(a.validate().is_ok());
/// ```
pub fn advocate(config: &SynthConfig, index: usize) -> Advocate {
    person::generate(config, index)
}

/// The advocates `0..config.advocates`, generated lazily (constant memory).
///
/// ```
/// let config = plaudit_synth::SynthConfig { advocates: 5, ..Default::default() };
/// let ids: Vec<String> = plaudit_synth::advocates(&config).map(|a| a.id).collect();
/// assert_eq!(ids.first().map(String::as_str), Some("adv-0000000"));
/// assert_eq!(ids.len(), 5);
/// ```
pub fn advocates(config: &SynthConfig) -> impl ExactSizeIterator<Item = Advocate> + use<> {
    let config = config.clone();
    (0..config.advocates).map(move |i| advocate(&config, i))
}

/// `n` requests from sales and marketing, made in the days before `config.as_of`, each
/// needed after its kind's lead time; every one passes `Request::validate_into`. Request
/// `k` is a pure function of the config and `k` (so `requests(c, 3)` is a prefix of
/// `requests(c, 10)`). Ids are `request-00000`.
///
/// ```
/// let config = plaudit_synth::SynthConfig::default();
/// let r = plaudit_synth::requests(&config, 10);
/// assert_eq!(r.len(), 10);
/// assert_eq!(&r[..3], &plaudit_synth::requests(&config, 3)[..]);
/// let mut errors = Vec::new();
/// r.iter().for_each(|x| x.validate_into("", &mut errors));
/// assert!(errors.is_empty());
/// ```
pub fn requests(config: &SynthConfig, n: usize) -> Vec<Request> {
    (0..n).map(|k| request::generate(config, k)).collect()
}

/// Opportunity `k` (a [`plaudit::Opportunity`], the measurement input): a deal created in the [`CREATED_SPAN_DAYS`] before `config.as_of`,
/// won, lost or still open, whose touches and referral source name advocates of the roster
/// `advocates(config)` yields. A pure function of the config (all but `requests` and
/// `opportunities`) and `k`. Ids are `opp-0000042`. The roster must hold at least one
/// advocate for any touch or referral advocate to appear.
///
/// ```
/// let config = plaudit_synth::SynthConfig::default();
/// let o = plaudit_synth::opportunity(&config, 7);
/// assert_eq!(o.id, "opp-0000007");
/// assert_eq!(o, plaudit_synth::opportunity(&config, 7));
/// assert!(o.touches.iter().all(|t| t.advocate_id < "adv-0001000".to_owned()));
/// ```
pub fn opportunity(config: &SynthConfig, k: usize) -> Opportunity {
    opportunity::generate(config, k)
}

/// The opportunities `0..n` (opportunity `k` is [`opportunity`]`(config, k)`, so
/// `opportunities(c, 3)` is a prefix of `opportunities(c, 10)`).
///
/// ```
/// let config = plaudit_synth::SynthConfig::default();
/// let deals = plaudit_synth::opportunities(&config, 10);
/// assert_eq!(&deals[..3], &plaudit_synth::opportunities(&config, 3)[..]);
/// ```
pub fn opportunities(config: &SynthConfig, n: usize) -> Vec<Opportunity> {
    (0..n).map(|k| opportunity::generate(config, k)).collect()
}

/// The README's examples, run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
