//! Operations over many advocates: the prepared [`roster::Roster`] (interned keys, packed
//! facts in id order), its request-independent state per day, matching and ranking,
//! portfolio and coverage, and the partial steps whose merge equals the whole.

pub(crate) mod matching;
pub(crate) mod partial;
pub(crate) mod portfolio;
pub(crate) mod roster;
pub(crate) mod tier_assignment;
