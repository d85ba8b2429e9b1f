//! ISO-8601 calendar dates (`YYYY-MM-DD`) on the wire, and day arithmetic.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serializer, de::Error as _};

/// A date as a day number (days from 0001-01-01 = 1, chrono's `num_days_from_ce`), the
/// representation every rule works on.
pub type Day = i32;

/// The day number of a date.
#[inline]
pub fn day(d: NaiveDate) -> Day {
    // Every rule converts dates in its inner loops: years 1900..=2155 read their first day
    // from a table (a load and an add instead of chrono's divisions), others are computed.
    match YEAR_BEFORE.get(d.year().wrapping_sub(FIRST_TABLED_YEAR) as u32 as usize) {
        Some(&before) => before + d.ordinal() as Day,
        None => d.num_days_from_ce(),
    }
}

const FIRST_TABLED_YEAR: i32 = 1900;

/// The day number of the last day of the year before each year from 1900 on.
static YEAR_BEFORE: [Day; 256] = {
    let mut t = [0; 256];
    let mut i = 0;
    while i < 256 {
        let y = FIRST_TABLED_YEAR + i as i32 - 1;
        t[i] = y * 365 + y / 4 - y / 100 + y / 400;
        i += 1;
    }
    t
};

/// 9999-12-31, the last day a date on the wire can name (`YYYY-MM-DD`).
pub(crate) const LAST_DAY: Day = 3_652_059;

/// A computed next date, when it is one the wire can name: past 9999-12-31 none is (every
/// binding reads dates in years 1..=9999).
#[inline]
pub(crate) fn next_date(d: Day) -> Option<NaiveDate> {
    (d <= LAST_DAY).then(|| date(d))
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

/// Parses exactly `YYYY-MM-DD`, years 1..=9999.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    let b = s.as_bytes();
    let shape_ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if shape_ok {
        // Digits only, checked above: no overflow, no sign. (By hand rather than chrono's
        // `parse_from_str`, whose format machinery is a large share of the .wasm.)
        let num = |r: std::ops::Range<usize>| {
            b.get(r)
                .unwrap_or_default()
                .iter()
                .fold(0u32, |n, c| n * 10 + u32::from(c - b'0'))
        };
        // Years 1..=9999: year 0 exists for chrono but not for Python or JS calendars, and
        // every door must read the same dates.
        let year = i32::try_from(num(0..4)).unwrap_or(0);
        if year >= 1 {
            if let Some(d) = NaiveDate::from_ymd_opt(year, num(5..7), num(8..10)) {
                return Ok(d);
            }
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

/// A date as `YYYY-MM-DD`, exactly as chrono's `%Y-%m-%d` writes it (years outside
/// 0..=9999 carry a sign), without chrono's format machinery.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Iso(pub NaiveDate);

impl std::fmt::Display for Iso {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (y, m, d) = (self.0.year(), self.0.month(), self.0.day());
        if (0..=9999).contains(&y) {
            write!(f, "{y:04}-{m:02}-{d:02}")
        } else {
            write!(f, "{y:+05}-{m:02}-{d:02}")
        }
    }
}

fn ser_date<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&Iso(*d))
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
            Some(d) => s.collect_str(&Iso(*d)),
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
            seq.serialize_element(&Iso(*d).to_string())?;
        }
        seq.end()
    }
}

#[cfg(test)]
mod iso_tests {
    use super::*;

    #[test]
    fn day_numbers_are_chronos() {
        let mut d = NaiveDate::from_ymd_opt(1801, 1, 1).unwrap_or_default();
        let end = NaiveDate::from_ymd_opt(2300, 12, 31).unwrap_or_default();
        while d <= end {
            assert_eq!(day(d), d.num_days_from_ce(), "{d}");
            d = d.succ_opt().unwrap_or(end);
            if d == end {
                break;
            }
        }
        for d in [NaiveDate::MIN, NaiveDate::MAX, NaiveDate::default(), end] {
            assert_eq!(day(d), d.num_days_from_ce(), "{d}");
        }
    }

    #[test]
    fn iso_writes_and_parse_reads_exactly_what_chrono_does() {
        let mut d = NaiveDate::from_ymd_opt(1895, 1, 1).unwrap_or_default();
        let end = NaiveDate::from_ymd_opt(2105, 12, 31).unwrap_or_default();
        while d <= end {
            let text = Iso(d).to_string();
            assert_eq!(text, d.format("%Y-%m-%d").to_string());
            assert_eq!(parse_date(&text), Ok(d));
            d += chrono::Duration::days(1);
        }
        for d in [
            NaiveDate::MIN,
            NaiveDate::MAX,
            NaiveDate::from_ymd_opt(0, 2, 29).unwrap_or_default(),
        ] {
            assert_eq!(Iso(d).to_string(), d.format("%Y-%m-%d").to_string());
        }
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-01-32",
            "0000-00-00",
            "2026-1-01",
        ] {
            assert!(parse_date(bad).is_err(), "{bad}");
            assert!(
                NaiveDate::parse_from_str(bad, "%Y-%m-%d").is_err() || bad.len() != 10,
                "{bad}"
            );
        }
        // Chrono reads year 0; no other door can, so it is not a date here.
        assert!(NaiveDate::parse_from_str("0000-01-01", "%Y-%m-%d").is_ok());
        assert!(parse_date("0000-01-01").is_err());
        assert!(parse_date("0001-01-01").is_ok());
        assert!(parse_date("9999-12-31").is_ok());
        assert_eq!(
            day(NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or_default()),
            LAST_DAY
        );
    }
}
