//! ISO-8601 calendar dates (`YYYY-MM-DD`) on the wire, and day arithmetic.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serializer, de::Error as _};

/// A date as a day number (days from 0001-01-01 = 1, chrono's `num_days_from_ce`), the
/// representation every rule works on.
pub type Day = i32;

/// The day number of a date.
#[inline]
pub fn day(d: NaiveDate) -> Day {
    d.num_days_from_ce()
}

/// The date of a day number (saturating at chrono's range).
#[inline]
pub fn date(d: Day) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(d).unwrap_or(if d < 0 {
        NaiveDate::MIN
    } else {
        NaiveDate::MAX
    })
}

/// Parses exactly `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    let b = s.as_bytes();
    let shape_ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if shape_ok {
        if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            return Ok(d);
        }
    }
    Err(format!("expected a date `YYYY-MM-DD`, got `{}`", clip(s)))
}

/// Shortens user input quoted in messages.
pub(crate) fn clip(s: &str) -> std::borrow::Cow<'_, str> {
    const MAX: usize = 64;
    if s.chars().count() <= MAX {
        std::borrow::Cow::Borrowed(s)
    } else {
        let cut: String = s.chars().take(MAX).collect();
        std::borrow::Cow::Owned(format!("{cut}…"))
    }
}

fn de_date<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    let s = std::borrow::Cow::<str>::deserialize(d)?;
    parse_date(&s).map_err(D::Error::custom)
}

fn ser_date<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&d.format("%Y-%m-%d"))
}

/// serde for a required date.
pub(crate) mod req {
    use super::*;
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        de_date(d)
    }
    pub fn serialize<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        ser_date(d, s)
    }
}

/// serde for an optional date (`null` or absent is `None`).
pub(crate) mod opt {
    use super::*;
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        match Option::<std::borrow::Cow<'de, str>>::deserialize(d)? {
            None => Ok(None),
            Some(s) => parse_date(&s).map(Some).map_err(D::Error::custom),
        }
    }
    pub fn serialize<S: Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.collect_str(&d.format("%Y-%m-%d")),
            None => s.serialize_none(),
        }
    }
}

/// serde for a list of dates.
pub(crate) mod list {
    use super::*;
    use serde::ser::SerializeSeq;

    struct One(NaiveDate);
    impl<'de> Deserialize<'de> for One {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            de_date(d).map(One)
        }
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<NaiveDate>, D::Error> {
        Ok(Vec::<One>::deserialize(d)?
            .into_iter()
            .map(|o| o.0)
            .collect())
    }
    pub fn serialize<S: Serializer>(v: &[NaiveDate], s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(v.len()))?;
        for d in v {
            seq.serialize_element(&d.format("%Y-%m-%d").to_string())?;
        }
        seq.end()
    }
}
