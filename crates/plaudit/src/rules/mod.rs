//! What the rules decide for one advocate (docs/rules.md): eligibility and readiness,
//! lifecycle, consent, compliance, capacity (the annual and per-kind caps and gaps), tiers,
//! and the two calls built on them, `check` and `evaluate`. Every rule reads an advocate
//! through [`facts::Facts`], so one implementation serves a parsed record and a packed
//! roster row.

pub(crate) mod capacity;
pub mod check;
pub(crate) mod compliance;
pub mod consent;
pub(crate) mod eligibility;
pub(crate) mod evaluate;
pub(crate) mod facts;
pub(crate) mod kind_map;
pub(crate) mod lifecycle;
pub(crate) mod scratch;
pub(crate) mod tiers;
pub(crate) mod window;
