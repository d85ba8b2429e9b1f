//! Accounts: which company each advocate works for, and what the company is like.
//!
//! Advocates are laid out in blocks of [`BLOCK`] seats holding [`ACCOUNTS_PER_BLOCK`]
//! accounts (1.3 advocates per account). The first 100 seats of a block give each account
//! one advocate; the other 30 go to accounts picked with a skew, so most accounts have one
//! advocate and a few have four or more. Seats are shuffled within the block by an affine
//! permutation, so neighbours in the output are mostly of different accounts. The account
//! of advocate `i` is computed in O(1) from `(seed, i)`, which keeps [`crate::advocate`]
//! random-access. An advocate's account does not depend on how many advocates are generated.

use plaudit::dates::Day;
use plaudit::{Disruption, DisruptionKind, Segment};

use crate::rng::{ACCOUNT_STREAMS, Rng, mix};
use crate::vocab::{COUNTRIES, Country, INDUSTRIES, PRODUCTS, REGULATED, SEGMENTS};

/// Advocate seats per block.
pub(crate) const BLOCK: u64 = 130;
/// Accounts per block.
pub(crate) const ACCOUNTS_PER_BLOCK: u64 = 100;

/// Multipliers coprime with 130 (= 2 x 5 x 13), for the seat permutation.
const COPRIME: [u64; 12] = [1, 3, 7, 9, 11, 17, 19, 21, 23, 27, 29, 31];

/// The account number of advocate `index`.
pub(crate) fn account_of(seed: u64, index: u64) -> u64 {
    let block = index / BLOCK;
    let pos = index % BLOCK;
    let h = mix(seed ^ mix(block.wrapping_add(0x5EED_B10C)));
    let a = COPRIME[(h % COPRIME.len() as u64) as usize];
    let c = (h >> 8) % BLOCK;
    let seat = (a * pos + c) % BLOCK;
    let local = if seat < ACCOUNTS_PER_BLOCK {
        seat
    } else {
        // Extra seats go preferentially to a few accounts: floor(100 u^3).
        let u = (mix(h ^ seat) >> 11) as f64 * (1.0 / (1u64 << 53) as f64);
        ((ACCOUNTS_PER_BLOCK as f64 * u * u * u) as u64).min(ACCOUNTS_PER_BLOCK - 1)
    };
    block * ACCOUNTS_PER_BLOCK + local
}

/// How many accounts the first `advocates` advocates can belong to (an upper bound, for
/// picking existing account ids in requests).
pub(crate) fn account_count(advocates: usize) -> u64 {
    (advocates as u64).div_ceil(BLOCK) * ACCOUNTS_PER_BLOCK
}

/// The account id of an account number.
pub(crate) fn account_id(number: u64) -> String {
    format!("acct-{number:06}")
}

/// What is shared by every advocate of one company.
#[derive(Debug, Clone)]
pub(crate) struct Account {
    pub number: u64,
    pub industry: &'static str,
    pub regulated: bool,
    pub segment: Segment,
    pub country: Country,
    /// Customer since (day number).
    pub customer_since: Day,
    /// Account health in tenths of a point (0..=1000).
    pub health_tenths: i32,
    /// Indices into [`PRODUCTS`], ascending.
    pub products: Vec<usize>,
    pub publicity_restricted: bool,
    pub disruption: Option<Disruption>,
}

impl Account {
    pub(crate) fn generate(seed: u64, number: u64, as_of: Day) -> Account {
        let mut r = Rng::new(seed, ACCOUNT_STREAMS | number);
        let industry = *r.weighted(INDUSTRIES);
        let segment = *r.weighted(SEGMENTS);
        let country = *r.weighted(COUNTRIES);
        // Tenure: about 12% of accounts are under a year old; the rest spread over 1-10 years.
        let months_ago = if r.per_mille(120) {
            r.between(1, 11)
        } else {
            12 + (108.0 * r.unit() * r.unit()) as i32
        };
        let customer_since = as_of - months_ago * 3044 / 100 - r.between(0, 27);
        // Health: most accounts 70-98, a tail of struggling ones.
        let health_tenths = if r.per_mille(220) {
            r.between(300, 790)
        } else {
            r.between(700, 990)
        };
        let mut products = Vec::with_capacity(5);
        let n = 1 + r.skewed(1.2).min(4) as usize;
        let enterprise_bonus = usize::from(segment == Segment::Enterprise && r.per_mille(500));
        for _ in 0..n + enterprise_bonus {
            let p = pick_index(&mut r, PRODUCTS);
            if !products.contains(&p) {
                products.push(p);
            }
        }
        products.sort_unstable();
        let publicity_restricted = r.per_mille(if segment == Segment::Enterprise {
            90
        } else {
            25
        });
        let disruption = r.per_mille(70).then(|| {
            let kind = *r.weighted(&[
                (DisruptionKind::ProductMigration, 30),
                (DisruptionKind::Escalation, 25),
                (DisruptionKind::Reorg, 20),
                (DisruptionKind::Renewal, 20),
                (DisruptionKind::Other, 5),
            ]);
            let from = as_of + r.between(-240, 60);
            let to = if from > as_of - 30 && r.per_mille(250) {
                None
            } else {
                Some(from + r.between(7, 120))
            };
            Disruption {
                kind,
                from: plaudit::dates::date(from),
                to: to.map(plaudit::dates::date),
            }
        });
        Account {
            number,
            industry,
            regulated: REGULATED.contains(&industry),
            segment,
            country,
            customer_since,
            health_tenths,
            products,
            publicity_restricted,
            disruption,
        }
    }
}

/// The index of a weighted pick.
pub(crate) fn pick_index<T>(r: &mut Rng, table: &[(T, u32)]) -> usize {
    let total: u32 = table.iter().map(|(_, w)| *w).sum();
    let mut x = r.below(total);
    for (i, (_, w)) in table.iter().enumerate() {
        if x < *w {
            return i;
        }
        x -= *w;
    }
    0
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn about_1_3_advocates_per_account_with_a_skew() {
        let n = 130_000u64;
        let mut counts = std::collections::HashMap::new();
        for i in 0..n {
            *counts.entry(account_of(9, i)).or_insert(0u32) += 1;
        }
        let per_account = n as f64 / counts.len() as f64;
        assert!((1.28..=1.32).contains(&per_account), "{per_account}");
        let big = counts.values().filter(|&&c| c >= 4).count();
        assert!(big > 0);
        let single = counts.values().filter(|&&c| c == 1).count();
        assert!(single * 2 > counts.len(), "most accounts have one advocate");
    }

    #[test]
    fn seats_are_a_permutation() {
        // Every account of a block gets at least its own seat.
        for block in 0..20u64 {
            let mut seen = [false; ACCOUNTS_PER_BLOCK as usize];
            for pos in 0..BLOCK {
                let a = account_of(3, block * BLOCK + pos);
                assert_eq!(a / ACCOUNTS_PER_BLOCK, block);
                seen[(a % ACCOUNTS_PER_BLOCK) as usize] = true;
            }
            assert!(seen.iter().all(|s| *s));
        }
    }
}
