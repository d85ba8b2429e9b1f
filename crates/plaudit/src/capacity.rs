//! Capacity (SPEC §5, §12.2): the annual cap, per-kind caps, minimum gaps, testimonial
//! topics, response fatigue, the soft lock and disruption windows, as intervals of blocked
//! days, so that a check and the next available date come from the same computation.

use crate::check::Scratch;
use crate::dates::Day;
use crate::facts::{Facts, Scalars};
use crate::policy::Policy;
use crate::reasons::Reason;
use crate::records::{ActivityKind, ActivityStatus};
use crate::window;

/// Far enough to mean "never" (open-ended disruptions).
pub(crate) const FOREVER: Day = i32::MAX / 2;

/// A blocked interval of days (inclusive) and the reason it blocks.
pub(crate) type Block = (Day, Day, Reason);

/// The intervals that do not depend on the kind asked, computed once per advocate and
/// `as_of`: the annual cap's (over the sorted counted days), response fatigue and the soft
/// lock, and disruption windows with their buffer. [`blocks`] reads them.
pub(crate) fn shared(policy: &Policy, a: &impl Facts, as_of: Day, scratch: &mut Scratch) {
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
    window::counted_days_into(policy, a, all);
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
}

/// Every interval of days on which an ask of `kind` (with `topic`) is blocked by something
/// time lifts, into `scratch.blocks`. [`shared`] must have run for the same advocate and
/// `as_of`.
pub(crate) fn blocks(
    policy: &Policy,
    a: &impl Facts,
    s: &Scalars,
    kind: ActivityKind,
    topic: Option<&str>,
    scratch: &mut Scratch,
) {
    let w = i32::try_from(policy.fatigue.window_days).unwrap_or(365);
    let rule = policy.kind(kind);
    let Scratch {
        blocks: out,
        same,
        topic: same_topic,
        cap_blocks,
        shared,
        ..
    } = scratch;
    out.clear();
    same.clear();
    same_topic.clear();
    // Gaps and kind caps count the kind's completed and scheduled rows, whether or not the
    // kind counts toward the annual cap; topics, only counted testimonials.
    let topic = topic.filter(|_| kind == ActivityKind::Testimonial && rule.counts_toward_cap);
    for x in a.activities() {
        if x.kind != kind
            || !matches!(
                x.status,
                ActivityStatus::Completed | ActivityStatus::Scheduled
            )
        {
            continue;
        }
        let d = x.day;
        same.push(d);
        if topic.is_some() && x.topic == topic {
            same_topic.push(d);
        }
    }
    for v in [&mut *same, &mut *same_topic] {
        if !v.is_sorted() {
            v.sort_unstable();
        }
    }
    if rule.counts_toward_cap {
        out.extend_from_slice(cap_blocks);
    }
    if let Some(cap) = rule.cap {
        out.extend(window::blocked(same, w, cap).map(|(s, e)| (s, e, Reason::KindCapReached)));
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
        out.extend(
            same.iter()
                .map(|&d| (d - gap + 1, d + gap - 1, Reason::TooSoon)),
        );
    }
    out.extend(
        window::blocked(same_topic, w, 1).map(|(s, e)| (s, e, Reason::TestimonialTopicRepeat)),
    );
    out.extend_from_slice(shared);
}

/// Response fatigue and the soft lock. Asks are every activity row dated on or before
/// `as_of` except cancelled ones; a `requested` ask older than `request_lock_days` counts as
/// `no_response`, a younger one locks out other asks until it is that old.
fn response_fatigue(
    policy: &Policy,
    a: &impl Facts,
    as_of: Day,
    asks: &mut Vec<(Day, bool)>,
    out: &mut Vec<Block>,
) {
    let f = &policy.fatigue;
    let lock = i32::try_from(f.request_lock_days).unwrap_or(FOREVER);
    asks.clear();
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
        asks.push((d, bad));
    }
    if asks.is_empty() {
        return;
    }
    // The last `n` asks in (day, declined) order: a selection, not a sort.
    let n = f.response_lookback as usize;
    let k = asks.len().saturating_sub(n);
    if k > 0 {
        if n <= 8 {
            // Small lookbacks (the default is 3): keep the greatest `n` in one pass.
            let mut top = [(i32::MIN, false); 8];
            let top = &mut top[..n];
            for &x in asks.iter() {
                if let Some(min) = top.iter_mut().min() {
                    if x > *min {
                        *min = x;
                    }
                }
            }
            asks.clear();
            asks.extend_from_slice(top);
        } else {
            asks.select_nth_unstable(k);
            asks.drain(..k);
        }
    }
    let last = &asks[..];
    let bad = last.iter().filter(|x| x.1).count();
    if bad >= f.response_declines as usize {
        if let Some(latest) = last.iter().filter(|x| x.1).map(|x| x.0).max() {
            let rest = i32::try_from(f.response_rest_days).unwrap_or(FOREVER);
            if rest > 0 {
                out.push((i32::MIN / 2, latest + rest - 1, Reason::DecliningRequests));
            }
        }
    }
}

/// The first day `>= from` outside every block; `None` when that is "never". `blocks` must
/// be sorted by start.
pub(crate) fn next_free(blocks: &[Block], from: Day) -> Option<Day> {
    let mut d = from;
    for &(s, e, _) in blocks.iter() {
        if s > d {
            break;
        }
        if e >= d {
            d = e.checked_add(1)?;
        }
    }
    (d < FOREVER).then_some(d)
}
