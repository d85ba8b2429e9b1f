//! Consent records (SPEC §4, §11.2): the latest record per purpose wins; on the same day a
//! withdrawal wins over a grant; a consent is valid on `D` when its latest record on or
//! before `D` is a grant that has not expired by `D`.

use crate::dates::{Day, day};
use crate::records::{Consent, ConsentPurpose, ConsentStatus};

/// The record that decides `purpose` on day `d`: the greatest `on <= d`, a withdrawal
/// winning a same-day tie. `None` when no record of the purpose is dated on or before `d`.
pub fn latest_on(consents: &[Consent], purpose: ConsentPurpose, d: Day) -> Option<&Consent> {
    let mut best: Option<(&Consent, Day)> = None;
    for c in consents {
        if c.purpose != purpose {
            continue;
        }
        let on = day(c.on);
        if on > d {
            continue;
        }
        let better = match best {
            None => true,
            Some((b, b_on)) => {
                on > b_on
                    || (on == b_on
                        && c.status == ConsentStatus::Withdrawn
                        && b.status != ConsentStatus::Withdrawn)
            }
        };
        if better {
            best = Some((c, on));
        }
    }
    best.map(|(c, _)| c)
}

/// Whether an explicit grant of `purpose` is valid on day `d`.
pub fn granted_on(consents: &[Consent], purpose: ConsentPurpose, d: Day) -> bool {
    latest_on(consents, purpose, d)
        .is_some_and(|c| c.status == ConsentStatus::Granted && c.expires.is_none_or(|e| day(e) > d))
}

/// Whether `purpose` is withdrawn on day `d` (its latest record is a withdrawal).
pub fn withdrawn_on(consents: &[Consent], purpose: ConsentPurpose, d: Day) -> bool {
    latest_on(consents, purpose, d).is_some_and(|c| c.status == ConsentStatus::Withdrawn)
}
