//! Consent records (docs/rules.md#consent-and-compliance, #latest-consent): the latest record per purpose wins; on the same day a
//! withdrawal wins over a grant; a consent is valid on `D` when its latest record on or
//! before `D` is a grant that has not expired by `D`.

use crate::input::dates::Day;
use crate::input::records::{Consent, ConsentPurpose, ConsentStatus};
use crate::rules::facts::{Cons, cons};

/// The record that decides `purpose` on day `d`: the greatest `on <= d`, a withdrawal
/// winning a same-day tie. `None` when no record of the purpose is dated on or before `d`.
pub fn latest_on(consents: &[Consent], purpose: ConsentPurpose, d: Day) -> Option<&Consent> {
    let mut best: Option<(&Consent, Cons)> = None;
    for c in consents {
        let r = cons(c);
        if decides(best.map(|b| b.1), r, purpose, d) {
            best = Some((c, r));
        }
    }
    best.map(|(c, _)| c)
}

/// Whether record `r` of the wanted purpose beats the best so far for day `d`.
#[inline]
fn decides(best: Option<Cons>, r: Cons, purpose: ConsentPurpose, d: Day) -> bool {
    if r.purpose != purpose || r.on > d {
        return false;
    }
    match best {
        None => true,
        Some(b) => {
            r.on > b.on
                || (r.on == b.on
                    && r.status == ConsentStatus::Withdrawn
                    && b.status != ConsentStatus::Withdrawn)
        }
    }
}

/// [`latest_on`] over consent records as the rules read them.
pub(crate) fn latest(
    consents: impl Iterator<Item = Cons>,
    purpose: ConsentPurpose,
    d: Day,
) -> Option<Cons> {
    let mut best = None;
    for r in consents {
        if decides(best, r, purpose, d) {
            best = Some(r);
        }
    }
    best
}

/// [`latest`] for every purpose at once (indexed by `ConsentPurpose as usize`), in one pass.
pub(crate) fn latest_all(
    consents: impl Iterator<Item = Cons>,
    d: Day,
) -> [Option<Cons>; ConsentPurpose::ALL.len()] {
    let mut best = [None; ConsentPurpose::ALL.len()];
    for r in consents {
        let slot = &mut best[r.purpose as usize];
        if decides(*slot, r, r.purpose, d) {
            *slot = Some(r);
        }
    }
    best
}

/// Whether the deciding record `c` (see [`latest`]) makes a valid grant on day `d`.
#[inline]
pub(crate) fn grants(c: Option<Cons>, d: Day) -> bool {
    c.is_some_and(|c| c.status == ConsentStatus::Granted && c.expires.is_none_or(|e| e > d))
}

/// [`granted_on`] over consent records as the rules read them.
pub(crate) fn granted(
    consents: impl Iterator<Item = Cons>,
    purpose: ConsentPurpose,
    d: Day,
) -> bool {
    grants(latest(consents, purpose, d), d)
}

/// [`withdrawn_on`] over consent records as the rules read them.
pub(crate) fn withdrawn(
    consents: impl Iterator<Item = Cons>,
    purpose: ConsentPurpose,
    d: Day,
) -> bool {
    latest(consents, purpose, d).is_some_and(|c| c.status == ConsentStatus::Withdrawn)
}

/// Whether an explicit grant of `purpose` is valid on day `d`.
pub fn granted_on(consents: &[Consent], purpose: ConsentPurpose, d: Day) -> bool {
    granted(consents.iter().map(cons), purpose, d)
}

/// Whether `purpose` is withdrawn on day `d` (its latest record is a withdrawal).
pub fn withdrawn_on(consents: &[Consent], purpose: ConsentPurpose, d: Day) -> bool {
    withdrawn(consents.iter().map(cons), purpose, d)
}
