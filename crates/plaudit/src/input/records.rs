//! Input records (docs/rules.md#records): advocates, their activities, consents and disruptions, and the
//! requests sales and marketing send.
//!
//! Records are plain serde data with `snake_case` fields and ISO-8601 dates. Unknown fields
//! are ignored (CRM exports carry many columns). Parse them with [`parse_advocate`] /
//! [`parse_advocates`] to get **every** bad field reported with its path, or build them in
//! Rust and call [`Advocate::validate`].

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::ErrorCode as codes;
use crate::error::{FieldError, RecordError};
use crate::input::keys::normalize_key;
use crate::macros::{objects_only, string_enum};

string_enum! {
    /// Company size segment, ordered `smb < mid_market < enterprise` ("adjacent" = one step).
    pub enum Segment {
        /// Small business.
        Smb => "smb",
        /// Mid-market.
        MidMarket => "mid_market",
        /// Enterprise.
        Enterprise => "enterprise",
    }
}

string_enum! {
    /// Reach of an advocate, from a social follower to an industry thought leader (seed).
    pub enum Influence {
        /// Follows and shares.
        Follower => "follower",
        /// Hands-on practitioner.
        Practitioner => "practitioner",
        /// Leader in their organisation.
        Leader => "leader",
        /// Recognised voice in the industry.
        ThoughtLeader => "thought_leader",
    }
}

string_enum! {
    /// How often an advocate is willing to take reference calls (seed: respect it).
    pub enum ReferenceFrequency {
        /// At most one reference call every 30 days.
        Monthly => "monthly",
        /// At most one every 91 days (the default).
        Quarterly => "quarterly",
        /// At most one every 182 days.
        Semiannual => "semiannual",
        /// At most one every 365 days.
        Annual => "annual",
    }
}

string_enum! {
    /// The kinds of advocacy activity (docs/rules.md#records, activity-kinds table).
    pub enum ActivityKind {
        /// A call with a prospect.
        ReferenceCall => "reference_call",
        /// A published case study.
        CaseStudy => "case_study",
        /// A short quote or video testimonial.
        Testimonial => "testimonial",
        /// A review on a third-party review site.
        Review => "review",
        /// A referral of a new prospect.
        Referral => "referral",
        /// A talk at a conference or webinar.
        Speaking => "speaking",
        /// Participation in an event.
        Event => "event",
        /// A term on the customer advisory board.
        AdvisoryBoard => "advisory_board",
        /// A beta test of a new product.
        BetaTest => "beta_test",
        /// Leading in the customer community (ongoing, does not count toward the cap).
        CommunityLeadership => "community_leadership",
    }
}

impl ActivityKind {
    /// Index of the kind in [`ActivityKind::ALL`], for per-kind tables.
    pub const fn index(self) -> usize {
        self as usize
    }
    /// Bit of the kind in a kind set (`u16`).
    pub const fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

string_enum! {
    /// Status of an activity record.
    pub enum ActivityStatus {
        /// Done.
        Completed => "completed",
        /// Booked for its date.
        Scheduled => "scheduled",
        /// The advocate said no.
        Declined => "declined",
        /// The advocate never answered.
        NoResponse => "no_response",
        /// Called off.
        Cancelled => "cancelled",
        /// Asked and not yet answered (docs/rules.md#soft-lock, the soft lock).
        Requested => "requested",
    }
}

impl ActivityStatus {
    /// Completed or scheduled: the rows that caps, gaps and topics count (docs/rules.md#fatigue-and-tiers).
    #[inline]
    pub const fn is_booked(self) -> bool {
        matches!(self, ActivityStatus::Completed | ActivityStatus::Scheduled)
    }
}

string_enum! {
    /// What a consent is for (docs/rules.md#consent-and-compliance).
    pub enum ConsentPurpose {
        /// Taking part in the advocacy program at all.
        Program => "program",
        /// Being contacted by prospects for reference calls.
        ReferenceContact => "reference_contact",
        /// Public use of the advocate's name.
        PublicName => "public_name",
        /// Public use of the company logo.
        Logo => "logo",
        /// Publishing a quote.
        Quote => "quote",
        /// Recording (talks, videos).
        Recording => "recording",
    }
}

impl ConsentPurpose {
    /// Bit of the purpose in a purpose set (`u8`).
    pub const fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

string_enum! {
    /// Whether a consent record grants or withdraws.
    pub enum ConsentStatus {
        /// Consent given.
        Granted => "granted",
        /// Consent withdrawn.
        Withdrawn => "withdrawn",
    }
}

string_enum! {
    /// Kind of incentive offered for an activity.
    pub enum IncentiveKind {
        /// A gift card (monetary).
        GiftCard => "gift_card",
        /// Cash (monetary).
        Cash => "cash",
        /// Branded goods.
        Swag => "swag",
        /// A donation to a charity of the advocate's choice.
        Donation => "donation",
        /// An experience (event pass, dinner).
        Experience => "experience",
        /// Early access to new features.
        EarlyAccess => "early_access",
        /// Public recognition.
        Recognition => "recognition",
    }
}

impl IncentiveKind {
    /// Monetary incentives are not allowed in regulated industries (docs/rules.md#consent-and-compliance).
    pub const fn is_monetary(self) -> bool {
        matches!(self, IncentiveKind::GiftCard | IncentiveKind::Cash)
    }
}

string_enum! {
    /// Participation tier (docs/rules.md#fatigue-and-tiers), ordered `community < silver < gold < platinum`.
    pub enum Tier {
        /// Self-service.
        Community => "community",
        /// 1-2 activities a year, automated touch.
        Silver => "silver",
        /// 2-4 a year, standard touch.
        Gold => "gold",
        /// 4-6 a year with a high-commitment one, high touch.
        Platinum => "platinum",
    }
}

/// Kind of a disruption on the customer's side. Unknown kinds read as `other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum DisruptionKind {
    /// Moving to a new product or version.
    ProductMigration,
    /// An open support escalation.
    Escalation,
    /// A reorganisation.
    Reorg,
    /// A renewal negotiation.
    Renewal,
    /// Anything else.
    #[serde(other)]
    Other,
}

/// An incentive offered with an ask or given for an activity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(remote = "Self")]
#[cfg_attr(feature = "schema", schemars(rename = "Incentive"))]
pub struct Incentive {
    /// What is offered.
    pub kind: IncentiveKind,
    /// Its value in `currency` (0 for non-monetary rewards without a price).
    #[serde(default)]
    pub value: f64,
    /// ISO 4217 currency code, e.g. `USD`.
    #[serde(default)]
    pub currency: Option<String>,
}

/// One activity in an advocate's history or calendar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(remote = "Self")]
#[cfg_attr(feature = "schema", schemars(rename = "Activity"))]
pub struct Activity {
    /// What kind of activity.
    pub kind: ActivityKind,
    /// When it happened or is booked.
    #[serde(with = "crate::input::dates::req")]
    #[cfg_attr(feature = "schema", schemars(with = "NaiveDate"))]
    pub date: NaiveDate,
    /// Its status.
    pub status: ActivityStatus,
    /// `false` for unprompted advocacy, which is worth more (seed). Defaults to `true`.
    #[serde(default = "default_true")]
    pub solicited: bool,
    /// Topic (testimonials may not repeat a topic within a window).
    #[serde(default)]
    pub topic: Option<String>,
    /// The request this activity answers, if any.
    #[serde(default)]
    pub request_id: Option<String>,
    /// The incentive given, if any.
    #[serde(default)]
    pub incentive: Option<Incentive>,
    /// The outreach variant this ask was sent with (a string key), for A/B tests of
    /// outreach (see docs/measurement.md, *Experiments*).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
}

/// One consent record. The latest record per purpose wins (docs/rules.md#latest-consent).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(remote = "Self")]
#[cfg_attr(feature = "schema", schemars(rename = "Consent"))]
pub struct Consent {
    /// What the consent is for.
    pub purpose: ConsentPurpose,
    /// Granted or withdrawn.
    pub status: ConsentStatus,
    /// When it was recorded.
    #[serde(with = "crate::input::dates::req")]
    #[cfg_attr(feature = "schema", schemars(with = "NaiveDate"))]
    pub on: NaiveDate,
    /// A grant stops being valid on this date.
    #[serde(default, with = "crate::input::dates::opt")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<NaiveDate>"))]
    pub expires: Option<NaiveDate>,
}

/// A period in which the customer must not be asked (plus a buffer after it ends).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(remote = "Self")]
#[cfg_attr(feature = "schema", schemars(rename = "Disruption"))]
pub struct Disruption {
    /// What is going on.
    pub kind: DisruptionKind,
    /// First day.
    #[serde(with = "crate::input::dates::req")]
    #[cfg_attr(feature = "schema", schemars(with = "NaiveDate"))]
    pub from: NaiveDate,
    /// Last day; open-ended when absent.
    #[serde(default, with = "crate::input::dates::opt")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<NaiveDate>"))]
    pub to: Option<NaiveDate>,
}

/// What an advocate is willing to do.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(remote = "Self")]
#[cfg_attr(feature = "schema", schemars(rename = "Preferences"))]
#[serde(default)]
pub struct Preferences {
    /// Kinds the advocate is willing to do; absent means every kind but `speaking`.
    pub activities: Option<Vec<ActivityKind>>,
    /// Comfortable with public participation.
    pub public: bool,
    /// How often they take reference calls; absent means the policy default (quarterly).
    pub reference_frequency: Option<ReferenceFrequency>,
}

impl Preferences {
    /// Whether the advocate is willing to do `kind` (docs/rules.md#matching-and-ranking `not_willing`).
    pub fn willing(&self, kind: ActivityKind) -> bool {
        match &self.activities {
            Some(list) => list.contains(&kind),
            None => kind != ActivityKind::Speaking,
        }
    }
}

/// A customer who may advocate (docs/rules.md#records).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(remote = "Self")]
#[cfg_attr(feature = "schema", schemars(rename = "Advocate"))]
pub struct Advocate {
    /// Unique within a roster, 1..=128 characters.
    pub id: String,
    /// The customer company.
    #[serde(default)]
    pub account_id: String,
    /// Industry key, normalized to lowercase `snake_case`.
    #[serde(default)]
    pub industry: String,
    /// Company size segment.
    #[serde(default)]
    pub segment: Option<Segment>,
    /// ISO 3166-1 alpha-2 country code (normalized to upper case).
    #[serde(default)]
    pub country: String,
    /// ISO 639-1 language codes (normalized to lower case).
    #[serde(default)]
    pub languages: Vec<String>,
    /// Product keys.
    #[serde(default)]
    pub products: Vec<String>,
    /// Use-case keys.
    #[serde(default)]
    pub use_cases: Vec<String>,
    /// Persona key, e.g. `vp_customer_success`.
    #[serde(default)]
    pub persona: Option<String>,
    /// Reach, from follower to thought leader.
    #[serde(default)]
    pub influence: Option<Influence>,
    /// Customer since; tenure is computed as of `as_of`.
    #[serde(with = "crate::input::dates::req")]
    #[cfg_attr(feature = "schema", schemars(with = "NaiveDate"))]
    pub customer_since: NaiveDate,
    /// Objective account health, 0..=100.
    pub health_score: f64,
    /// Net promoter score, 0..=10.
    #[serde(default)]
    pub nps: Option<i64>,
    /// When the NPS was given (absent: taken at face value).
    #[serde(default, with = "crate::input::dates::opt")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<NaiveDate>"))]
    pub nps_on: Option<NaiveDate>,
    /// A clear, articulable result (seed).
    #[serde(default)]
    pub has_measurable_outcome: bool,
    /// What the advocate is willing to do.
    #[serde(default)]
    pub preferences: Preferences,
    /// Consent records.
    #[serde(default)]
    pub consents: Vec<Consent>,
    /// History and bookings.
    #[serde(default)]
    pub activities: Vec<Activity>,
    /// Engagement dates: logins, community posts, event attendance.
    #[serde(default, with = "crate::input::dates::list")]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<NaiveDate>"))]
    pub engagements: Vec<NaiveDate>,
    /// Disruption windows.
    #[serde(default)]
    pub disruptions: Vec<Disruption>,
    /// An erasure ("forget me") request is pending.
    #[serde(default)]
    pub erasure_requested: bool,
    /// The tier the program currently holds, for demotion grace.
    #[serde(default)]
    pub current_tier: Option<Tier>,
    /// Since when `current_tier` is held.
    #[serde(default, with = "crate::input::dates::opt")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<NaiveDate>"))]
    pub tier_since: Option<NaiveDate>,
    /// The customer's contract forbids name or logo use (docs/rules.md#publicity-clause).
    #[serde(default)]
    pub publicity_restricted: bool,
    /// When the profile was last confirmed (docs/rules.md#profile-freshness-and-leavers).
    #[serde(default, with = "crate::input::dates::opt")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<NaiveDate>"))]
    pub verified_on: Option<NaiveDate>,
    /// The advocate left the customer company (docs/rules.md#profile-freshness-and-leavers).
    #[serde(default)]
    pub left_company: bool,
}

/// The prospect a request is for (docs/rules.md#records, Request).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(remote = "Self")]
#[cfg_attr(feature = "schema", schemars(rename = "Prospect"))]
#[serde(default)]
pub struct Prospect {
    /// The prospect's company; an advocate of the same account is excluded.
    pub account_id: Option<String>,
    /// Industry key (normalized).
    pub industry: String,
    /// Company size segment.
    pub segment: Option<Segment>,
    /// ISO 3166-1 alpha-2 country code.
    pub country: Option<String>,
    /// Product keys the prospect is evaluating.
    pub products: Vec<String>,
    /// Use-case keys.
    pub use_cases: Vec<String>,
    /// ISO 639-1 language of the conversation.
    pub language: Option<String>,
}

/// A reference request from sales or marketing (docs/rules.md#records, Request).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(remote = "Self")]
#[cfg_attr(feature = "schema", schemars(rename = "Request"))]
pub struct Request {
    /// Request id.
    pub id: String,
    /// What is asked for.
    pub kind: ActivityKind,
    /// When the request was made.
    #[serde(with = "crate::input::dates::req")]
    #[cfg_attr(feature = "schema", schemars(with = "NaiveDate"))]
    pub requested_on: NaiveDate,
    /// When it is needed by.
    #[serde(with = "crate::input::dates::req")]
    #[cfg_attr(feature = "schema", schemars(with = "NaiveDate"))]
    pub needed_by: NaiveDate,
    /// Who it is for.
    #[serde(default)]
    pub prospect: Prospect,
    /// How many advocates are wanted, 1..=10. Default 1.
    #[serde(default = "default_count")]
    pub count: u32,
    /// Accounts that must not be used.
    #[serde(default)]
    pub exclude_accounts: Vec<String>,
    /// Only advocates speaking `prospect.language` match.
    #[serde(default)]
    pub language_required: bool,
    /// Lowest acceptable tier.
    #[serde(default)]
    pub min_tier: Option<Tier>,
    /// The incentive offered.
    #[serde(default)]
    pub incentive: Option<Incentive>,
    /// Free text, at most 2,000 characters.
    #[serde(default)]
    pub notes: Option<String>,
    /// Value of the deal the request supports.
    #[serde(default)]
    pub deal_value: Option<f64>,
}

/// Most advocates one request may ask for.
pub const MAX_REQUEST_COUNT: u32 = 10;
/// Longest accepted request notes.
pub const MAX_NOTES_CHARS: usize = 2000;

fn default_count() -> u32 {
    1
}

impl Request {
    /// Normalizes key fields (industry, products, use cases, country, language, accounts).
    pub fn normalize(&mut self) {
        trim_in_place(&mut self.id);
        let p = &mut self.prospect;
        p.industry = normalize_key(&p.industry);
        for k in p.products.iter_mut().chain(p.use_cases.iter_mut()) {
            *k = normalize_key(k);
        }
        if let Some(c) = &mut p.country {
            *c = c.trim().to_ascii_uppercase();
        }
        if let Some(l) = &mut p.language {
            *l = l.trim().to_ascii_lowercase();
        }
        if let Some(a) = &mut p.account_id {
            trim_in_place(a);
        }
        for a in &mut self.exclude_accounts {
            trim_in_place(a);
        }
    }

    /// Checks the record's own fields (ranges, codes, lengths), appending problems under
    /// `path`. Rules that depend on the policy (lead times) are in request validation.
    pub fn validate_into(&self, path: &str, errors: &mut Vec<FieldError>) {
        let p = |field: &str| join(path, field);
        if self.needed_by < self.requested_on {
            errors.push(FieldError::new(
                p("needed_by"),
                codes::InvalidRange,
                format!(
                    "{} is before `requested_on` ({})",
                    self.needed_by, self.requested_on
                ),
            ));
        }
        if !(1..=MAX_REQUEST_COUNT).contains(&self.count) {
            errors.push(FieldError::new(
                p("count"),
                codes::OutOfRange,
                format!("{} is out of range 1..={MAX_REQUEST_COUNT}", self.count),
            ));
        }
        if let Some(c) = &self.prospect.country {
            if !crate::input::geo::is_country(c) {
                errors.push(FieldError::new(
                    p("prospect.country"),
                    codes::InvalidCountry,
                    format!("`{c}` is not an ISO 3166-1 alpha-2 country code"),
                ));
            }
        }
        if let Some(l) = &self.prospect.language {
            if !crate::input::geo::is_language(l) {
                errors.push(FieldError::new(
                    p("prospect.language"),
                    codes::InvalidLanguage,
                    format!("`{l}` is not an ISO 639-1 language code"),
                ));
            }
        }
        if let Some(n) = &self.notes {
            let len = n.chars().count();
            if len > MAX_NOTES_CHARS {
                errors.push(FieldError::new(
                    p("notes"),
                    codes::TooLong,
                    format!("{len} characters is longer than {MAX_NOTES_CHARS}"),
                ));
            }
        }
        if let Some(inc) = &self.incentive {
            inc.validate_into(&p("incentive"), errors);
        }
        if let Some(v) = self.deal_value {
            if !(v.is_finite() && v >= 0.0) {
                errors.push(FieldError::new(
                    p("deal_value"),
                    codes::OutOfRange,
                    format!("{v} must be a finite number >= 0"),
                ));
            }
        }
    }
}

/// Parses a request from JSON text, normalizes and validates it, reporting every problem.
pub fn parse_request(json: &str) -> Result<Request, RecordError> {
    let (r, mut errors) = crate::input::parse::from_json_str_lenient::<Request>(json, "");
    match r {
        Some(mut r) => {
            r.normalize();
            let mut more = Vec::new();
            r.validate_into("", &mut more);
            merge_errors(&mut errors, more);
            RecordError::from_errors(errors)?;
            Ok(r)
        }
        None => Err(RecordError { errors }),
    }
}

fn default_true() -> bool {
    true
}

/// Longest accepted id.
pub const MAX_ID_CHARS: usize = 128;
/// Longest accepted key or free-text field (other than request notes).
pub const MAX_KEY_CHARS: usize = 256;
/// Most activities, consents, engagements or disruptions accepted per advocate.
pub const MAX_HISTORY_ITEMS: usize = 10_000;
/// Most languages, products or use cases accepted per advocate or request.
pub const MAX_LIST_ITEMS: usize = 256;

impl Advocate {
    /// A minimal advocate: the given id, customer since `customer_since`, health 0, nothing else.
    /// Convenient in tests and examples; fill the rest with struct update syntax.
    pub fn new(id: impl Into<String>, customer_since: NaiveDate) -> Self {
        Advocate {
            id: id.into(),
            account_id: String::new(),
            industry: String::new(),
            segment: None,
            country: String::new(),
            languages: Vec::new(),
            products: Vec::new(),
            use_cases: Vec::new(),
            persona: None,
            influence: None,
            customer_since,
            health_score: 0.0,
            nps: None,
            nps_on: None,
            has_measurable_outcome: false,
            preferences: Preferences::default(),
            consents: Vec::new(),
            activities: Vec::new(),
            engagements: Vec::new(),
            disruptions: Vec::new(),
            erasure_requested: false,
            current_tier: None,
            tier_since: None,
            publicity_restricted: false,
            verified_on: None,
            left_company: false,
        }
    }

    /// Normalizes the fields the rules treat as keys: `industry`, `products`, `use_cases`, `persona`
    /// and testimonial topics to lowercase `snake_case`; `country` to upper case;
    /// `languages` to lower case; ids and account ids are trimmed.
    pub fn normalize(&mut self) {
        // Each field is rewritten only when normalizing changes it (no allocation for
        // already-normal records, the common case in batch scoring).
        trim_in_place(&mut self.id);
        trim_in_place(&mut self.account_id);
        normalize_key_in_place(&mut self.industry);
        if self.country.bytes().any(|b| !b.is_ascii_uppercase()) {
            self.country = self.country.trim().to_ascii_uppercase();
        }
        for l in &mut self.languages {
            if l.bytes().any(|b| !b.is_ascii_lowercase()) {
                *l = l.trim().to_ascii_lowercase();
            }
        }
        for p in self.products.iter_mut().chain(self.use_cases.iter_mut()) {
            normalize_key_in_place(p);
        }
        if let Some(p) = &mut self.persona {
            normalize_key_in_place(p);
        }
        for a in &mut self.activities {
            if let Some(t) = &mut a.topic {
                normalize_key_in_place(t);
            }
        }
    }

    /// Checks every field against docs/rules.md#records and appends each problem, with its path under
    /// `path` (e.g. `advocates[3]`), to `errors`. Call after [`Advocate::normalize`].
    pub fn validate_into(&self, path: &str, errors: &mut Vec<FieldError>) {
        let p = |field: &str| join(path, field);
        let id_len = self.id.chars().count();
        if id_len == 0 {
            errors.push(FieldError::new(
                p("id"),
                codes::Required,
                "must not be empty",
            ));
        } else if id_len > MAX_ID_CHARS {
            errors.push(FieldError::new(
                p("id"),
                codes::TooLong,
                format!("{id_len} characters is longer than {MAX_ID_CHARS}"),
            ));
        }
        check_len(&self.account_id, || p("account_id"), errors);
        for (name, n, max) in [
            ("languages", self.languages.len(), MAX_LIST_ITEMS),
            ("products", self.products.len(), MAX_LIST_ITEMS),
            ("use_cases", self.use_cases.len(), MAX_LIST_ITEMS),
            ("consents", self.consents.len(), MAX_HISTORY_ITEMS),
            ("activities", self.activities.len(), MAX_HISTORY_ITEMS),
            ("engagements", self.engagements.len(), MAX_HISTORY_ITEMS),
            ("disruptions", self.disruptions.len(), MAX_HISTORY_ITEMS),
        ] {
            if n > max {
                errors.push(FieldError::new(
                    p(name),
                    codes::TooMany,
                    format!("{n} items is more than {max}"),
                ));
            }
        }
        check_len(&self.industry, || p("industry"), errors);
        if !self.country.is_empty() && !crate::input::geo::is_country(&self.country) {
            errors.push(FieldError::new(
                p("country"),
                codes::InvalidCountry,
                format!(
                    "`{}` is not an ISO 3166-1 alpha-2 country code",
                    self.country
                ),
            ));
        }
        for (i, l) in self.languages.iter().enumerate() {
            if !crate::input::geo::is_language(l) {
                errors.push(FieldError::new(
                    format!("{}[{i}]", p("languages")),
                    codes::InvalidLanguage,
                    format!("`{l}` is not an ISO 639-1 language code"),
                ));
            }
        }
        for (name, list) in [("products", &self.products), ("use_cases", &self.use_cases)] {
            for (i, k) in list.iter().enumerate() {
                let kp = || format!("{}[{i}]", p(name));
                if k.is_empty() {
                    errors.push(FieldError::new(kp(), codes::Required, "must not be empty"));
                } else {
                    check_len(k, kp, errors);
                }
            }
        }
        if !(self.health_score.is_finite() && (0.0..=100.0).contains(&self.health_score)) {
            errors.push(FieldError::new(
                p("health_score"),
                codes::OutOfRange,
                format!("{} is out of range 0..=100", self.health_score),
            ));
        }
        if let Some(n) = self.nps {
            if !(0..=10).contains(&n) {
                errors.push(FieldError::new(
                    p("nps"),
                    codes::OutOfRange,
                    format!("{n} is out of range 0..=10"),
                ));
            }
        }
        for (i, c) in self.consents.iter().enumerate() {
            if let Some(exp) = c.expires {
                if exp <= c.on {
                    errors.push(FieldError::new(
                        format!("{}[{i}].expires", p("consents")),
                        codes::InvalidRange,
                        format!("{exp} is not after `on` ({})", c.on),
                    ));
                }
            }
        }
        for (i, a) in self.activities.iter().enumerate() {
            // Paths are built only when there is something to check (the hot batch path
            // validates millions of activities).
            let ap = || format!("{}[{i}]", p("activities"));
            if let Some(t) = &a.topic {
                check_len(t, || join(&ap(), "topic"), errors);
            }
            if let Some(inc) = &a.incentive {
                inc.validate_into(&join(&ap(), "incentive"), errors);
            }
            if let Some(v) = &a.variant {
                check_len(v, || join(&ap(), "variant"), errors);
            }
        }
        for (i, d) in self.disruptions.iter().enumerate() {
            if let Some(to) = d.to {
                if to < d.from {
                    errors.push(FieldError::new(
                        format!("{}[{i}].to", p("disruptions")),
                        codes::InvalidRange,
                        format!("{to} is before `from` ({})", d.from),
                    ));
                }
            }
        }
        if self.tier_since.is_some() && self.current_tier.is_none() {
            errors.push(FieldError::new(
                p("tier_since"),
                codes::InvalidRange,
                "is set without `current_tier`",
            ));
        }
    }

    /// Checks every field (see [`Advocate::validate_into`]) and returns all problems.
    pub fn validate(&self) -> Result<(), RecordError> {
        let mut errors = Vec::new();
        self.validate_into("", &mut errors);
        RecordError::from_errors(errors)
    }
}

impl Incentive {
    /// Checks the value and currency, appending problems under `path`.
    pub fn validate_into(&self, path: &str, errors: &mut Vec<FieldError>) {
        if !(self.value.is_finite() && self.value >= 0.0) {
            errors.push(FieldError::new(
                join(path, "value"),
                codes::OutOfRange,
                format!("{} must be a finite number >= 0", self.value),
            ));
        }
        if let Some(c) = &self.currency {
            if !(c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase())) {
                errors.push(FieldError::new(
                    join(path, "currency"),
                    codes::InvalidCurrency,
                    format!("`{c}` is not an ISO 4217 code (three upper-case letters)"),
                ));
            }
        }
    }
}

fn normalize_key_in_place(s: &mut String) {
    if !crate::input::keys::is_normal(s) {
        *s = normalize_key(s);
    }
}

fn trim_in_place(s: &mut String) {
    let t = s.trim();
    if t.len() != s.len() {
        *s = t.to_owned();
    }
}

fn check_len(s: &str, path: impl FnOnce() -> String, errors: &mut Vec<FieldError>) {
    if s.len() <= MAX_KEY_CHARS {
        return; // at most as many characters as bytes
    }
    let n = s.chars().count();
    if n > MAX_KEY_CHARS {
        errors.push(FieldError::new(
            path(),
            codes::TooLong,
            format!("{n} characters is longer than {MAX_KEY_CHARS}"),
        ));
    }
}

/// Joins a field name onto a path prefix (`advocates[3]` + `nps` = `advocates[3].nps`).
pub(crate) fn join(prefix: &str, field: &str) -> String {
    if prefix.is_empty() {
        field.to_owned()
    } else {
        format!("{prefix}.{field}")
    }
}

/// Parses one advocate from JSON text, normalizes its keys and validates it, reporting
/// every bad field with its path: type errors and range errors together.
///
/// ```
/// let err = plaudit::parse_advocate(
///     r#"{"id": "a1", "customer_since": "2020-01-01", "health_score": 90, "nps": 11}"#,
/// ).unwrap_err();
/// assert_eq!(err.to_string(), "nps: 11 is out of range 0..=10");
/// ```
pub fn parse_advocate(json: &str) -> Result<Advocate, RecordError> {
    let (a, mut errors) = crate::input::parse::from_json_str_lenient::<Advocate>(json, "");
    match a {
        Some(mut a) => {
            a.normalize();
            let mut more = Vec::new();
            a.validate_into("", &mut more);
            merge_errors(&mut errors, more);
            RecordError::from_errors(errors)?;
            Ok(a)
        }
        None => Err(RecordError { errors }),
    }
}

/// Parses a JSON array of advocates (paths read `advocates[3].nps`), normalizes and
/// validates each and checks that ids are unique. Every problem is reported.
pub fn parse_advocates(json: &str) -> Result<Vec<Advocate>, RecordError> {
    let (list, mut errors) =
        crate::input::parse::from_json_str_lenient::<Vec<Advocate>>(json, "advocates");
    match list {
        Some(mut list) => {
            let mut more = Vec::new();
            for (i, a) in list.iter_mut().enumerate() {
                a.normalize();
                a.validate_into(&format!("advocates[{i}]"), &mut more);
            }
            check_unique_ids(&list, "advocates", &mut more);
            merge_errors(&mut errors, more);
            RecordError::from_errors(errors)?;
            Ok(list)
        }
        None => Err(RecordError { errors }),
    }
}

/// Adds semantic problems to type problems, skipping paths that already have one (their
/// values are placeholders), and orders them by path.
pub(crate) fn merge_errors(errors: &mut Vec<FieldError>, more: Vec<FieldError>) {
    for e in more {
        if !errors
            .iter()
            .any(|x| x.path == e.path || crate::input::parse::is_within(&e.path, &x.path))
        {
            errors.push(e);
        }
    }
    errors.sort_by(|a, b| natural_cmp(&a.path, &b.path));
    errors.truncate(crate::input::parse::MAX_REPORTED_ERRORS);
}

/// Orders paths naturally: `advocates[2]` before `advocates[10]`, then by field name.
pub(crate) fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    fn chunks(s: &str) -> impl Iterator<Item = (bool, &str)> {
        let mut rest = s;
        std::iter::from_fn(move || {
            let first = rest.chars().next()?;
            let digit = first.is_ascii_digit();
            let end = rest
                .find(|c: char| c.is_ascii_digit() != digit)
                .unwrap_or(rest.len());
            let (head, tail) = rest.split_at(end);
            rest = tail;
            Some((digit, head))
        })
    }
    let mut x = chunks(a);
    let mut y = chunks(b);
    loop {
        match (x.next(), y.next()) {
            (None, None) => return std::cmp::Ordering::Equal,
            (None, Some(_)) => return std::cmp::Ordering::Less,
            (Some(_), None) => return std::cmp::Ordering::Greater,
            (Some((true, p)), Some((true, q))) => {
                let o = p.len().cmp(&q.len()).then_with(|| p.cmp(q));
                if o.is_ne() {
                    return o;
                }
            }
            (Some((_, p)), Some((_, q))) => {
                let o = p.cmp(q);
                if o.is_ne() {
                    return o;
                }
            }
        }
    }
}

/// Appends a `duplicate_id` error for every advocate whose id was already seen.
pub(crate) fn check_unique_ids(list: &[Advocate], path: &str, errors: &mut Vec<FieldError>) {
    let mut seen: rustc_hash::FxHashMap<&str, usize> =
        rustc_hash::FxHashMap::with_capacity_and_hasher(list.len(), Default::default());
    for (i, a) in list.iter().enumerate() {
        match seen.entry(a.id.as_str()) {
            std::collections::hash_map::Entry::Occupied(first) => errors.push(FieldError::new(
                format!("{path}[{i}].id"),
                codes::DuplicateId,
                format!("`{}` is already used by {path}[{}]", a.id, first.get()),
            )),
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(i);
            }
        }
    }
}

objects_only!(
    Incentive,
    Activity,
    Consent,
    Disruption,
    Preferences,
    Advocate,
    Prospect,
    Request
);
