//! Capacity (docs/rules.md#fatigue-and-tiers, #soft-lock): the annual cap, per-kind caps, minimum gaps, testimonial
//! topics, response fatigue, the soft lock and disruption windows, as intervals of blocked
//! days, so that a check and the next available date come from the same computation.

use crate::input::dates::Day;
use crate::input::records::{ActivityKind, ActivityStatus};
use crate::policy::Policy;
use crate::reasons::{Reason, ReasonSet};
use crate::rules::facts::{Facts, Scalars};
use crate::rules::scratch::Scratch;
use crate::rules::window::{self, Block, FOREVER};

/// The intervals that do not depend on the kind asked, computed once per advocate and
/// `as_of`: the annual cap's (over the sorted counted days), response fatigue and the soft
/// lock, and disruption windows with their buffer (sorted by start). [`blocks`] reads them.
pub(crate) fn shared(policy: &Policy, a: &impl Facts, as_of: Day, scratch: &mut Scratch) {
    window::counted_days_into(policy, a, &mut scratch.all);
    shared_from_counted(policy, a, as_of, scratch);
}

/// [`shared`] with the counted days already in `scratch.all` (by [`bucket`]).
pub(crate) fn shared_from_counted(
    policy: &Policy,
    a: &impl Facts,
    as_of: Day,
    scratch: &mut Scratch,
) {
    let w = i32::try_from(policy.fatigue.window_days).unwrap_or(365);
    let Scratch {
        all,
        cap_blocks,
        shared,
        asks,
        ..
    } = scratch;
    cap_blocks.clear();
    shared.clear();
    cap_blocks.extend(
        window::blocked(all, w, policy.fatigue.annual_cap)
            .map(|(s, e)| (s, e, Reason::AnnualCapReached)),
    );
    response_fatigue(policy, a, as_of, asks, shared);
    let buffer = i32::try_from(policy.compliance.disruption_buffer_days).unwrap_or(FOREVER);
    for (from, to) in a.disruptions() {
        let end = to.map_or(FOREVER, |t| t.saturating_add(buffer));
        shared.push((from, end, Reason::DisruptionWindow));
    }
    if !shared.is_sorted_by_key(|b| b.0) {
        shared.sort_unstable_by_key(|b| b.0);
    }
}

/// The last day of the disruption windows (with their buffer) that overlap `[from, until]`,
/// if any ([`FOREVER`] for an open-ended one). `rank` and coverage exclude such an advocate
/// for the whole request, so no match is offered on a free day around a migration or an
/// escalation.
pub(crate) fn disruption_overlap(
    policy: &Policy,
    a: &impl Facts,
    from: Day,
    until: Day,
) -> Option<Day> {
    let buffer = i32::try_from(policy.compliance.disruption_buffer_days).unwrap_or(FOREVER);
    a.disruptions()
        .map(|(start, to)| (start, to.map_or(FOREVER, |t| t.saturating_add(buffer))))
        .filter(|&(start, end)| start <= until && from <= end)
        .map(|(_, end)| end)
        .max()
}

/// Every interval of days on which an ask of `kind` (with `topic`) is blocked by something
/// time lifts, as sorted lists in `scratch` ([`Scratch::lists`]). [`shared`] must have run
/// for the same advocate and `as_of`.
pub(crate) fn blocks(
    policy: &Policy,
    a: &impl Facts,
    s: &Scalars,
    kind: ActivityKind,
    topic: Option<&str>,
    scratch: &mut Scratch,
) {
    let rule = policy.kind(kind);
    let Scratch {
        topic: same_topic,
        same,
        ..
    } = scratch;
    // Gaps and kind caps count the kind's completed and scheduled rows, whether or not the
    // kind counts toward the annual cap; topics, only counted testimonials.
    let topic = topic.filter(|_| kind == ActivityKind::Testimonial && rule.counts_toward_cap);
    same.clear();
    same_topic.clear();
    for x in a.activities() {
        if x.kind != kind || !x.status.is_booked() {
            continue;
        }
        same.push(x.day);
        if topic.is_some() && x.topic == topic {
            same_topic.push(x.day);
        }
    }
    for v in [&mut *same, &mut *same_topic] {
        if !v.is_sorted() {
            v.sort_unstable();
        }
    }
    let (same, same_topic) = (std::mem::take(same), std::mem::take(same_topic));
    kind_blocks(policy, s, kind, &same, &same_topic, scratch);
    (scratch.same, scratch.topic) = (same, same_topic);
}

/// Groups the advocate's completed and scheduled rows by kind (each group's days sorted,
/// into `scratch.by_kind`) and puts the counted days in `scratch.all`, in two passes over
/// the rows: for a caller that then asks every kind ([`blocks_of_kind`]).
pub(crate) fn bucket(policy: &Policy, a: &impl Facts, scratch: &mut Scratch) {
    const KINDS: usize = ActivityKind::ALL.len();
    let counting = ActivityKind::ALL
        .iter()
        .filter(|&&k| policy.kind(k).counts_toward_cap)
        .fold(0u16, |m, &k| m | 1 << k as u16);
    let Scratch {
        all,
        by_kind,
        kind_at,
        ..
    } = scratch;
    let mut at = [0u32; KINDS + 1];
    // Rows in date order (the usual case) make every group, and the counted days, sorted.
    let (mut sorted, mut last) = (true, Day::MIN);
    for x in a.activities() {
        if x.status.is_booked() {
            at[x.kind as usize + 1] += 1;
            sorted &= last <= x.day;
            last = x.day;
        }
    }
    for k in 0..KINDS {
        at[k + 1] += at[k];
    }
    *kind_at = at;
    by_kind.clear();
    by_kind.resize(at[KINDS] as usize, 0);
    all.clear();
    for x in a.activities() {
        if x.status.is_booked() {
            let k = x.kind as usize;
            by_kind[at[k] as usize] = x.day;
            at[k] += 1;
            if counting & (1 << k) != 0 {
                all.push(x.day);
            }
        }
    }
    if !sorted {
        for k in 0..KINDS {
            by_kind[kind_at[k] as usize..kind_at[k + 1] as usize].sort_unstable();
        }
        all.sort_unstable();
    }
}

/// [`blocks`] without a topic, over the rows [`bucket`] grouped.
pub(crate) fn blocks_of_kind(
    policy: &Policy,
    s: &Scalars,
    kind: ActivityKind,
    scratch: &mut Scratch,
) {
    let k = kind as usize;
    let by_kind = std::mem::take(&mut scratch.by_kind);
    let same = &by_kind[scratch.kind_at[k] as usize..scratch.kind_at[k + 1] as usize];
    kind_blocks(policy, s, kind, same, &[], scratch);
    scratch.by_kind = by_kind;
}

/// The kind's intervals from its completed and scheduled days (`same`, sorted) and those of
/// the asked testimonial topic (`same_topic`, sorted), into `scratch`'s lists.
fn kind_blocks(
    policy: &Policy,
    s: &Scalars,
    kind: ActivityKind,
    same: &[Day],
    same_topic: &[Day],
    scratch: &mut Scratch,
) {
    let w = i32::try_from(policy.fatigue.window_days).unwrap_or(365);
    let rule = policy.kind(kind);
    let Scratch {
        kind_cap,
        gaps,
        topic_blocks,
        counts,
        ..
    } = scratch;
    kind_cap.clear();
    gaps.clear();
    topic_blocks.clear();
    *counts = rule.counts_toward_cap;
    if let Some(cap) = rule.cap {
        kind_cap.extend(window::blocked(same, w, cap).map(|(s, e)| (s, e, Reason::KindCapReached)));
    }
    let mut gap = rule.min_gap_days;
    if kind == ActivityKind::ReferenceCall {
        let f = s
            .reference_frequency
            .unwrap_or(policy.fatigue.default_reference_frequency);
        gap = gap.max(policy.fatigue.reference_call_gap_days.of(f));
    }
    let gap = i32::try_from(gap).unwrap_or(FOREVER);
    if gap > 0 {
        gaps.extend(
            same.iter()
                .map(|&d| (d - gap + 1, d + gap - 1, Reason::TooSoon)),
        );
    }
    topic_blocks.extend(
        window::blocked(same_topic, w, 1).map(|(s, e)| (s, e, Reason::TestimonialTopicRepeat)),
    );
}

/// The reasons of the intervals holding `d`, over lists each sorted by start, added to
/// `reasons`.
pub(crate) fn reasons_at(lists: &[&[Block]], d: Day, reasons: &mut ReasonSet) {
    for list in lists {
        for &(s, e, r) in *list {
            if s > d {
                break;
            }
            if d <= e {
                reasons.insert(r);
            }
        }
    }
}

/// The first day `>= d` outside the intervals of one sorted list (unbounded).
fn free_from(blocks: &[Block], mut d: Day) -> Option<Day> {
    for &(s, e, _) in blocks {
        if s > d {
            break;
        }
        if e >= d {
            d = e.checked_add(1)?;
        }
    }
    Some(d)
}

/// The first day `>= from` outside every interval of `lists` (each sorted by start);
/// `None` when that is "never". Leaves every list in turn until a whole round moves no
/// further (the day only grows, by at least one interval per move); one list takes one
/// pass.
pub(crate) fn next_free(lists: &[&[Block]], from: Day) -> Option<Day> {
    let mut d = from;
    loop {
        let start = d;
        for list in lists {
            d = free_from(list, d)?;
        }
        if d == start || lists.len() <= 1 {
            break;
        }
    }
    (d < FOREVER).then_some(d)
}

/// Response fatigue and the soft lock. Asks are every activity row dated on or before
/// `as_of` except cancelled ones; a `requested` ask older than `request_lock_days` counts as
/// `no_response`, a younger one locks out other asks until it is that old.
fn response_fatigue(
    policy: &Policy,
    a: &impl Facts,
    as_of: Day,
    asks: &mut Vec<i64>,
    out: &mut Vec<Block>,
) {
    let f = &policy.fatigue;
    let lock = i32::try_from(f.request_lock_days).unwrap_or(FOREVER);
    asks.clear();
    let mut sorted = true;
    for x in a.activities() {
        let d = x.day;
        if d > as_of {
            continue;
        }
        let bad = match x.status {
            ActivityStatus::Cancelled => continue,
            ActivityStatus::Declined | ActivityStatus::NoResponse => true,
            ActivityStatus::Requested => {
                if as_of - d < lock {
                    out.push((d, d + lock - 1, Reason::PendingRequest));
                    false
                } else {
                    true
                }
            }
            ActivityStatus::Completed | ActivityStatus::Scheduled => false,
        };
        let key = ask_key(d, bad);
        sorted &= asks.last().is_none_or(|&l| l <= key);
        asks.push(key);
    }
    if asks.is_empty() {
        return;
    }
    // The last `n` asks in (day, declined) order: a selection, not a sort.
    let n = f.response_lookback as usize;
    let k = asks.len().saturating_sub(n);
    if k > 0 {
        if sorted {
            // Histories usually come in date order: the last `n` are the latest.
            asks.drain(..k);
        } else if n <= 8 {
            // Small lookbacks (the default is 3): keep the greatest `n` in one pass.
            let mut top = [i64::MIN; 8];
            let top = &mut top[..n];
            let mut min = 0;
            for &x in asks.iter() {
                if x > top[min] {
                    top[min] = x;
                    min = (0..n).fold(0, |m, i| if top[i] < top[m] { i } else { m });
                }
            }
            asks.clear();
            asks.extend_from_slice(top);
        } else {
            asks.select_nth_unstable(k);
            asks.drain(..k);
        }
    }
    let bad = asks.iter().filter(|&&x| x & 1 == 1);
    if bad.clone().count() >= f.response_declines as usize {
        if let Some(latest) = bad.max().map(|&x| x >> 1) {
            let rest = i32::try_from(f.response_rest_days).unwrap_or(FOREVER);
            if rest > 0 {
                let latest = i32::try_from(latest).unwrap_or(FOREVER);
                out.push((i32::MIN / 2, latest + rest - 1, Reason::DecliningRequests));
            }
        }
    }
}

/// An ask as one integer ordered as `(day, declined)`.
#[inline]
fn ask_key(d: Day, bad: bool) -> i64 {
    i64::from(d) << 1 | i64::from(bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Several sorted lists answer as their union sorted into one list: the same reasons
    /// on every day, the same first free day from every day.
    #[test]
    fn lists_answer_as_their_merge() {
        let reasons = [
            Reason::AnnualCapReached,
            Reason::KindCapReached,
            Reason::TooSoon,
            Reason::DisruptionWindow,
            Reason::PendingRequest,
        ];
        let mut next = crate::test_rng(0x2545_f491_4f6c_dd1d_u64);
        for _ in 0..500 {
            let mut lists: [Vec<Block>; 5] = Default::default();
            for (i, list) in lists.iter_mut().enumerate() {
                for _ in 0..next(5) {
                    let s = next(400) as Day - 50;
                    let e = if next(12) == 0 {
                        FOREVER
                    } else {
                        s + next(60) as Day
                    };
                    list.push((s, e, reasons[i]));
                }
                list.sort_unstable_by_key(|b| b.0);
            }
            let views: [&[Block]; 5] = std::array::from_fn(|i| lists[i].as_slice());
            let mut merged: Vec<Block> = lists.concat();
            merged.sort_unstable_by_key(|b| b.0);
            for d in -60..420 {
                let (mut r1, mut r2) = (ReasonSet::EMPTY, ReasonSet::EMPTY);
                reasons_at(&views, d, &mut r1);
                reasons_at(&[&merged], d, &mut r2);
                assert_eq!(r1, r2, "reasons on {d} of {lists:?}");
                // Finite intervals end before day 460: a day later than that is blocked
                // only by an open-ended one, for ever.
                let slow = (d..1000).find(|&x| !merged.iter().any(|b| b.0 <= x && x <= b.1));
                assert_eq!(
                    next_free(&views, d),
                    slow,
                    "next free from {d} of {lists:?}"
                );
                assert_eq!(next_free(&[&merged], d), slow);
            }
        }
    }
}
