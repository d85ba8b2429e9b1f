//! Sliding 365-day windows over sorted day lists (docs/rules.md#fatigue-and-tiers): the arithmetic behind the annual
//! cap, per-kind caps and the account cap.
//!
//! An activity on day `d` is in the window ending at `E` when `E - W < d <= E`. An ask on
//! `D` is allowed when **every** window containing `D` (those ending at `D ..= D + W - 1`)
//! already holds at most `cap - 1` days. A window holds `cap` days exactly when some `cap`
//! consecutive sorted days `d_i ..= d_{i+cap-1}` lie within `W - 1` days of each other; the
//! asks such a run blocks are `d_{i+cap-1} - W + 1 ..= d_i + W - 1`. So the blocked dates are
//! a union of intervals computed in one pass, and the next allowed date is the first gap.

use crate::input::dates::Day;
use crate::reasons::Reason;

/// Far enough to mean "never" (open-ended disruptions).
pub(crate) const FOREVER: Day = i32::MAX / 2;

/// A blocked interval of days (inclusive) and the reason it blocks.
pub(crate) type Block = (Day, Day, Reason);

/// The intervals of days (inclusive) on which an ask is blocked by `cap` within `window`.
/// `days` must be sorted. Intervals come out sorted by start.
pub(crate) fn blocked(
    days: &[Day],
    window: i32,
    cap: u32,
) -> impl Iterator<Item = (Day, Day)> + '_ {
    let cap = cap.max(1) as usize;
    let w = window.max(1);
    days.windows(cap).filter_map(move |run| {
        let (first, last) = (*run.first()?, *run.last()?);
        (last - first < w).then(|| (last.saturating_sub(w - 1), first.saturating_add(w - 1)))
    })
}

/// The first day `>= from` not blocked by `cap` within `window`; `None` never happens for a
/// finite list, but is kept for overflow safety.
pub(crate) fn next_allowed(days: &[Day], from: Day, window: i32, cap: u32) -> Option<Day> {
    let mut d = from;
    for (start, end) in blocked(days, window, cap) {
        if start > d {
            break;
        }
        if end >= d {
            d = end.checked_add(1)?;
        }
    }
    Some(d)
}

/// The fullest window containing `d`: the largest count of `days` in `(E - W, E]` over
/// `E` in `d ..= d + W - 1`.
pub(crate) fn load(days: &[Day], d: Day, window: i32) -> u32 {
    let w = window.max(1);
    // Candidates for E: d itself and every day in [d, d + w - 1] (counts rise only there).
    let lo = days.partition_point(|&x| x <= d - w);
    let mut best = 0usize;
    let mut left = lo;
    let first_e = days.partition_point(|&x| x < d);
    let ends = std::iter::once(d).chain(
        days.get(first_e..)
            .unwrap_or(&[])
            .iter()
            .copied()
            .take_while(move |&x| x < d + w),
    );
    for e in ends {
        while days.get(left).is_some_and(|&x| x <= e - w) {
            left += 1;
        }
        let right = days.partition_point(|&x| x <= e);
        best = best.max(right.saturating_sub(left));
    }
    u32::try_from(best).unwrap_or(u32::MAX)
}

/// Days of `days` in the window ending at `end`.
pub(crate) fn count_in(days: &[Day], end: Day, window: i32) -> u32 {
    let lo = days.partition_point(|&x| x <= end - window);
    let hi = days.partition_point(|&x| x <= end);
    u32::try_from(hi.saturating_sub(lo)).unwrap_or(u32::MAX)
}

/// Whether an activity counts toward the annual cap: completed or scheduled, of a kind that
/// counts (docs/rules.md#fatigue-and-tiers, #counted-activities-and-high-commitment).
#[inline]
pub(crate) fn is_counted(policy: &crate::Policy, a: &crate::rules::facts::Act<'_>) -> bool {
    a.status.is_booked() && policy.kind(a.kind).counts_toward_cap
}

/// The advocate's counted activity days, sorted, into `out`.
pub(crate) fn counted_days_into(
    policy: &crate::Policy,
    a: &impl crate::rules::facts::Facts,
    out: &mut Vec<Day>,
) {
    out.clear();
    out.extend(
        a.activities()
            .filter(|x| is_counted(policy, x))
            .map(|x| x.day),
    );
    // Histories usually come in date order: then this is sorted already.
    if !out.is_sorted() {
        out.sort_unstable();
    }
}

/// Rotation (docs/rules.md#matching-and-ranking): `0.5 x remaining annual capacity at d / cap + 0.5 x min(1, days since
/// the last counted activity on or before d / freshness_full_days)`; never used scores 1 on
/// the second half.
pub(crate) fn freshness(policy: &crate::Policy, counted: &[Day], d: Day) -> f64 {
    let w = i32::try_from(policy.fatigue.window_days).unwrap_or(365);
    let cap = policy.fatigue.annual_cap.max(1);
    let remaining = cap.saturating_sub(load(counted, d, w));
    let last = counted.iter().copied().filter(|&x| x <= d).max();
    let rest = match last {
        None => 1.0,
        Some(l) => {
            (f64::from(d - l) / f64::from(policy.matching.freshness_full_days.max(1))).min(1.0)
        }
    };
    0.5 * f64::from(remaining) / f64::from(cap) + 0.5 * rest
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Brute force: every window containing `d` holds at most `cap - 1`.
    fn allowed_slow(days: &[Day], d: Day, w: i32, cap: u32) -> bool {
        (d..d + w).all(|e| days.iter().filter(|&&x| e - w < x && x <= e).count() < cap as usize)
    }

    #[test]
    fn one_per_window_blocks_a_year_each_way() {
        assert_eq!(next_allowed(&[100], 0, 365, 1), Some(465));
        assert_eq!(next_allowed(&[100], 465, 365, 1), Some(465));
        assert!(!allowed_slow(&[100], -264, 365, 1));
        assert!(allowed_slow(&[100], -265, 365, 1));
        assert_eq!(next_allowed(&[100], -300, 365, 1), Some(-300));
    }

    #[test]
    fn matches_brute_force() {
        let lists: [&[Day]; 5] = [
            &[],
            &[0, 10, 20, 30, 40, 50],
            &[0, 0, 364, 365, 700],
            &[5, 100, 200, 300, 360, 400, 420],
            &[1, 2, 3],
        ];
        for days in lists {
            for cap in 1..=4 {
                for from in (-400..800).step_by(11) {
                    let slow = (from..).find(|&d| allowed_slow(days, d, 365, cap)).unwrap();
                    assert_eq!(
                        next_allowed(days, from, 365, cap),
                        Some(slow),
                        "{days:?} cap {cap} from {from}"
                    );
                }
                for d in (-400..800).step_by(29) {
                    let slow = (d..d + 365)
                        .map(|e| days.iter().filter(|&&x| e - 365 < x && x <= e).count())
                        .max()
                        .unwrap_or(0);
                    assert_eq!(load(days, d, 365) as usize, slow, "{days:?} load at {d}");
                }
            }
        }
    }
}
