//! The vocabularies: countries, industries, segments, products, use cases, personas, and the
//! relative weights that give the data its skew. Every key is already normalized (lowercase
//! `snake_case`), so generated records are unchanged by `Advocate::normalize`.

use plaudit::{ActivityKind, Influence, ReferenceFrequency, Segment};

/// A country: ISO 3166-1 code, relative weight, first ISO 639-1 language, ISO 4217 currency.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Country {
    pub code: &'static str,
    pub language: &'static str,
    pub currency: &'static str,
}

const fn c(code: &'static str, language: &'static str, currency: &'static str) -> Country {
    Country {
        code,
        language,
        currency,
    }
}

/// A B2B software vendor's customer base: North America first, then Europe (about a third
/// of accounts are in opt-in consent countries), APAC and LATAM.
pub(crate) const COUNTRIES: &[(Country, u32)] = &[
    (c("US", "en", "USD"), 360),
    (c("CA", "en", "CAD"), 45),
    (c("GB", "en", "GBP"), 80),
    (c("DE", "de", "EUR"), 65),
    (c("FR", "fr", "EUR"), 45),
    (c("NL", "nl", "EUR"), 30),
    (c("SE", "sv", "SEK"), 18),
    (c("ES", "es", "EUR"), 20),
    (c("IT", "it", "EUR"), 18),
    (c("IE", "en", "EUR"), 14),
    (c("CH", "de", "CHF"), 14),
    (c("PL", "pl", "PLN"), 10),
    (c("DK", "da", "DKK"), 10),
    (c("NO", "no", "NOK"), 8),
    (c("FI", "fi", "EUR"), 6),
    (c("AT", "de", "EUR"), 9),
    (c("BE", "nl", "EUR"), 10),
    (c("AU", "en", "AUD"), 40),
    (c("NZ", "en", "NZD"), 8),
    (c("JP", "ja", "JPY"), 28),
    (c("SG", "en", "SGD"), 18),
    (c("IN", "en", "INR"), 30),
    (c("KR", "ko", "KRW"), 10),
    (c("BR", "pt", "BRL"), 28),
    (c("MX", "es", "MXN"), 18),
    (c("AR", "es", "ARS"), 5),
    (c("CL", "es", "CLP"), 5),
    (c("ZA", "en", "ZAR"), 9),
    (c("AE", "ar", "AED"), 9),
    (c("IL", "he", "ILS"), 8),
];

/// Second languages (besides English) some advocates list.
pub(crate) const EXTRA_LANGUAGES: &[(&str, u32)] = &[
    ("es", 30),
    ("fr", 25),
    ("de", 20),
    ("pt", 10),
    ("it", 8),
    ("ja", 7),
];

/// Fifteen industries; `healthcare`, `financial_services`, `pharma` and `public_sector` are
/// the default policy's regulated ones.
pub(crate) const INDUSTRIES: &[(&str, u32)] = &[
    ("software", 180),
    ("financial_services", 120),
    ("healthcare", 90),
    ("manufacturing", 90),
    ("retail", 80),
    ("professional_services", 60),
    ("telecommunications", 50),
    ("insurance", 50),
    ("education", 50),
    ("logistics", 45),
    ("media", 40),
    ("public_sector", 40),
    ("pharma", 35),
    ("energy", 35),
    ("hospitality", 35),
];

/// The default policy's regulated industries (no monetary incentives).
pub(crate) const REGULATED: &[&str] = &[
    "healthcare",
    "financial_services",
    "pharma",
    "public_sector",
];

pub(crate) const SEGMENTS: &[(Segment, u32)] = &[
    (Segment::Enterprise, 30),
    (Segment::MidMarket, 40),
    (Segment::Smb, 30),
];

/// Twelve products, most popular first.
pub(crate) const PRODUCTS: &[(&str, u32)] = &[
    ("analytics", 200),
    ("crm", 160),
    ("data_platform", 120),
    ("marketing_automation", 100),
    ("support_desk", 90),
    ("workflow", 80),
    ("reporting", 70),
    ("integrations", 60),
    ("billing", 50),
    ("identity", 40),
    ("ai_assistant", 40),
    ("mobile_sdk", 25),
];

/// Fifteen use cases.
pub(crate) const USE_CASES: &[(&str, u32)] = &[
    ("customer_onboarding", 120),
    ("churn_reduction", 110),
    ("revenue_forecasting", 90),
    ("self_service_support", 80),
    ("process_automation", 80),
    ("lead_scoring", 70),
    ("product_analytics", 70),
    ("cost_reduction", 60),
    ("compliance_reporting", 55),
    ("omnichannel_engagement", 50),
    ("data_migration", 45),
    ("personalization", 40),
    ("security_hardening", 35),
    ("partner_enablement", 25),
    ("field_service", 20),
];

pub(crate) const PERSONAS: &[(&str, u32)] = &[
    ("vp_customer_success", 60),
    ("head_of_marketing", 50),
    ("it_director", 60),
    ("cio", 25),
    ("cto", 20),
    ("data_engineer", 50),
    ("product_manager", 50),
    ("operations_manager", 45),
    ("revops_lead", 30),
    ("cfo", 10),
];

pub(crate) const INFLUENCE: &[(Influence, u32)] = &[
    (Influence::Follower, 35),
    (Influence::Practitioner, 40),
    (Influence::Leader, 19),
    (Influence::ThoughtLeader, 6),
];

pub(crate) const INFLUENCE_CHAMPION: &[(Influence, u32)] = &[
    (Influence::Follower, 10),
    (Influence::Practitioner, 35),
    (Influence::Leader, 35),
    (Influence::ThoughtLeader, 20),
];

pub(crate) const FREQUENCIES: &[(ReferenceFrequency, u32)] = &[
    (ReferenceFrequency::Monthly, 10),
    (ReferenceFrequency::Quarterly, 50),
    (ReferenceFrequency::Semiannual, 25),
    (ReferenceFrequency::Annual, 15),
];

/// How often each kind appears in a history (reference calls dominate).
pub(crate) const KIND_MIX: &[(ActivityKind, u32)] = &[
    (ActivityKind::ReferenceCall, 400),
    (ActivityKind::Testimonial, 100),
    (ActivityKind::Review, 100),
    (ActivityKind::Referral, 90),
    (ActivityKind::Event, 80),
    (ActivityKind::BetaTest, 60),
    (ActivityKind::CaseStudy, 50),
    (ActivityKind::CommunityLeadership, 50),
    (ActivityKind::Speaking, 40),
    (ActivityKind::AdvisoryBoard, 20),
];

/// Per mille of advocates with a preference list who list each kind (public-only kinds are
/// listed only by advocates comfortable in public).
pub(crate) const WILLING: &[(ActivityKind, u32)] = &[
    (ActivityKind::ReferenceCall, 820),
    (ActivityKind::CaseStudy, 300),
    (ActivityKind::Testimonial, 500),
    (ActivityKind::Review, 550),
    (ActivityKind::Referral, 500),
    (ActivityKind::Speaking, 150),
    (ActivityKind::Event, 350),
    (ActivityKind::AdvisoryBoard, 150),
    (ActivityKind::BetaTest, 350),
    (ActivityKind::CommunityLeadership, 200),
];

/// Kinds a request asks for.
pub(crate) const REQUEST_KINDS: &[(ActivityKind, u32)] = &[
    (ActivityKind::ReferenceCall, 55),
    (ActivityKind::CaseStudy, 12),
    (ActivityKind::Testimonial, 10),
    (ActivityKind::Speaking, 7),
    (ActivityKind::Review, 6),
    (ActivityKind::Referral, 4),
    (ActivityKind::Event, 4),
    (ActivityKind::BetaTest, 2),
];
