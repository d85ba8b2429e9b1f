//! What comes in: the records and their parsing (every problem with its path), dates,
//! countries and languages, normalized keys, rounding, and request validation.

pub(crate) mod ask;
pub mod dates;
pub mod geo;
pub(crate) mod keys;
pub(crate) mod numbers;
pub(crate) mod parse;
pub mod records;
pub(crate) mod trace;
pub(crate) mod validate;
