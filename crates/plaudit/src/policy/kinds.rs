//! The activity-kinds table (docs/rules.md#records): one rule row per kind. A policy may override any
//! field of any row; the rest of the row keeps the kind's own defaults.

use serde::{Deserialize, Deserializer, Serialize};

use crate::input::records::{ActivityKind, ConsentPurpose};
use crate::macros::string_enum;

string_enum! {
    /// How much an activity asks of the advocate; weights participation points.
    pub enum Commitment {
        /// Low effort.
        Low => "low",
        /// Moderate effort.
        Moderate => "moderate",
        /// High effort (case studies, talks, events, advisory boards).
        High => "high",
    }
}

/// The rules of one activity kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct KindRule {
    /// Effort in hours (seed), for the fair-value check.
    pub effort_hours: f64,
    /// Public kinds need `preferences.public` and carry disclosures when incentivized.
    pub public: bool,
    /// Commitment level.
    pub commitment: Commitment,
    /// Whether the kind counts toward the annual cap.
    pub counts_toward_cap: bool,
    /// Per-window cap of this kind, if any.
    pub cap: Option<u32>,
    /// Minimum days between two counted activities of this kind (for reference calls the
    /// larger of this and the advocate's frequency gap).
    pub min_gap_days: u32,
    /// Consents needed, valid on the activity date.
    pub consents: Vec<ConsentPurpose>,
    /// Minimum days between the request and `needed_by`.
    pub lead_time_days: u32,
    /// Approvals needed before publishing (output, not a block).
    pub approvals: Vec<String>,
}

/// Overrides of one row: every field optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[allow(missing_docs)]
pub struct KindRuleDoc {
    pub effort_hours: Option<f64>,
    pub public: Option<bool>,
    pub commitment: Option<Commitment>,
    pub counts_toward_cap: Option<bool>,
    /// `0` removes the cap.
    pub cap: Option<u32>,
    pub min_gap_days: Option<u32>,
    pub consents: Option<Vec<ConsentPurpose>>,
    pub lead_time_days: Option<u32>,
    pub approvals: Option<Vec<String>>,
}

impl KindRuleDoc {
    fn apply(self, r: &mut KindRule) {
        if let Some(v) = self.effort_hours {
            r.effort_hours = v;
        }
        if let Some(v) = self.public {
            r.public = v;
        }
        if let Some(v) = self.commitment {
            r.commitment = v;
        }
        if let Some(v) = self.counts_toward_cap {
            r.counts_toward_cap = v;
        }
        if let Some(v) = self.cap {
            r.cap = (v > 0).then_some(v);
        }
        if let Some(v) = self.min_gap_days {
            r.min_gap_days = v;
        }
        if let Some(v) = self.consents {
            r.consents = v;
        }
        if let Some(v) = self.lead_time_days {
            r.lead_time_days = v;
        }
        if let Some(v) = self.approvals {
            r.approvals = v;
        }
    }
}

macro_rules! kind_table {
    ($($field:ident => $variant:ident),+ $(,)?) => {
        /// One rule row per activity kind.
        #[derive(Debug, Clone, PartialEq, Serialize)]
        #[allow(missing_docs)]
        pub struct KindTable { $(pub $field: KindRule),+ }

        /// The policy document's view of the table: each row a partial override.
        #[derive(Debug, Default, Deserialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
                #[allow(missing_docs)]
        pub struct KindTableDoc { $(#[serde(default)] pub $field: Option<KindRuleDoc>),+ }

        impl KindTable {
            /// The row of a kind.
            pub fn get(&self, kind: ActivityKind) -> &KindRule {
                match kind { $(ActivityKind::$variant => &self.$field),+ }
            }

            /// The row of a kind, to edit.
            pub fn get_mut(&mut self, kind: ActivityKind) -> &mut KindRule {
                match kind { $(ActivityKind::$variant => &mut self.$field),+ }
            }
        }

        impl<'de> Deserialize<'de> for KindTable {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let doc = KindTableDoc::deserialize(d)?;
                let mut t = KindTable::default();
                $(if let Some(o) = doc.$field { o.apply(&mut t.$field); })+
                Ok(t)
            }
        }
    };
}

kind_table! {
    reference_call => ReferenceCall,
    case_study => CaseStudy,
    testimonial => Testimonial,
    review => Review,
    referral => Referral,
    speaking => Speaking,
    event => Event,
    advisory_board => AdvisoryBoard,
    beta_test => BetaTest,
    community_leadership => CommunityLeadership,
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for KindTable {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "KindTable".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        KindTableDoc::json_schema(generator)
    }
}

fn row(
    effort_hours: f64,
    public: bool,
    commitment: Commitment,
    cap: Option<u32>,
    min_gap_days: u32,
    consents: &[ConsentPurpose],
    lead_time_days: u32,
) -> KindRule {
    KindRule {
        effort_hours,
        public,
        commitment,
        counts_toward_cap: true,
        cap,
        min_gap_days,
        consents: consents.to_vec(),
        lead_time_days,
        approvals: Vec::new(),
    }
}

impl Default for KindTable {
    /// The docs/rules.md#records table (seed values).
    fn default() -> Self {
        use Commitment::*;
        use ConsentPurpose::*;
        let approved = |mut r: KindRule| {
            r.approvals = ["customer", "legal", "pr"].map(str::to_owned).to_vec();
            r
        };
        let mut community = row(0.0, true, Low, None, 0, &[Program, PublicName], 0);
        community.counts_toward_cap = false;
        KindTable {
            reference_call: row(
                0.75,
                false,
                Moderate,
                None,
                0,
                &[Program, ReferenceContact],
                3,
            ),
            case_study: approved(row(
                3.0,
                true,
                High,
                Some(1),
                365,
                &[Program, PublicName, Logo, Quote],
                30,
            )),
            testimonial: approved(row(
                0.5,
                true,
                Low,
                Some(3),
                60,
                &[Program, PublicName, Quote],
                7,
            )),
            review: row(0.5, true, Low, Some(1), 365, &[Program], 7),
            referral: row(0.5, false, Low, None, 0, &[Program], 0),
            speaking: approved(row(
                5.0,
                true,
                High,
                Some(4),
                30,
                &[Program, PublicName, Recording],
                30,
            )),
            event: row(8.0, true, High, None, 0, &[Program, PublicName], 21),
            advisory_board: row(10.0, false, High, Some(1), 365, &[Program], 30),
            beta_test: row(4.0, false, Moderate, None, 0, &[Program], 7),
            community_leadership: community,
        }
    }
}
