//! Splitting a won deal's amount among the advocates who touched it, exactly in minor units
//! (see docs/measurement.md, *Attribution*).

use crate::input::dates::Day;
use crate::policy::AttributionModel;

/// A counting touch of one deal.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Counted {
    /// The advocate's rank in the byte order of the ids: ranks compare as the ids do.
    pub advocate: u32,
    pub on: Day,
    pub solicited: bool,
    pub kind: crate::input::records::ActivityKind,
}

/// Slack of the `time_decay` comparisons: a quotient this close to an integer is that
/// integer, and remainders this close tie.
const SLACK: f64 = 1e-9;

/// The unsolicited weight as an exact fraction `p / q` (from its shortest decimal form), or
/// `None` when it has too many digits to multiply exactly.
pub(crate) fn exact_weight(w: f64) -> Option<(i128, i128)> {
    if !(w.is_finite() && w >= 0.0) {
        return None;
    }
    let text = format!("{w}");
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    if int.len() + frac.len() > 18 {
        return None;
    }
    let p: i128 = format!("{int}{frac}").parse().ok()?;
    let q = 10i128.checked_pow(u32::try_from(frac.len()).ok()?)?;
    Some((p, q))
}

/// Buffers reused from deal to deal, so that splitting a million deals allocates nothing
/// once they have grown.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    ids: Vec<u32>,
    unsolicited: Vec<bool>,
    exact: Vec<i128>,
    floats: Vec<f64>,
    shares: Vec<i64>,
    exact_rems: Vec<i128>,
    float_rems: Vec<f64>,
    given: Vec<bool>,
}

/// The distinct advocates of `touches` in byte order of their ids, into `ids`.
fn distinct(touches: &[Counted], ids: &mut Vec<u32>) {
    ids.clear();
    ids.extend(touches.iter().map(|t| t.advocate));
    ids.sort_unstable();
    ids.dedup();
}

/// Every distinct advocate of `touches` credited 0, in byte order of the ids, into `out`
/// (a deal that was not won in the period).
pub(crate) fn zero_into(touches: &[Counted], s: &mut Scratch, out: &mut Vec<(u32, i64)>) {
    distinct(touches, &mut s.ids);
    out.clear();
    out.extend(s.ids.iter().map(|&id| (id, 0)));
}

/// The credits of one deal into `out`: `(advocate, units)` for every distinct advocate of
/// `touches`, in byte order of the ids, adding up to `units` exactly. `touches` must not be
/// empty.
#[allow(clippy::too_many_arguments)]
pub(crate) fn split_into(
    model: AttributionModel,
    units: i64,
    touches: &[Counted],
    closed: Day,
    unsolicited: (f64, Option<(i128, i128)>),
    half_life_days: u32,
    s: &mut Scratch,
    out: &mut Vec<(u32, i64)>,
) {
    distinct(touches, &mut s.ids);
    let ids = &s.ids;
    let pos = |id: u32| ids.binary_search(&id).unwrap_or(0);
    out.clear();
    match model {
        AttributionModel::FirstTouch | AttributionModel::LastTouch => {
            let first = model == AttributionModel::FirstTouch;
            let winner = touches
                .iter()
                .min_by(|x, y| {
                    let by_day = if first {
                        x.on.cmp(&y.on)
                    } else {
                        y.on.cmp(&x.on)
                    };
                    by_day.then_with(|| x.advocate.cmp(&y.advocate))
                })
                .map_or(0, |t| pos(t.advocate));
            out.extend(
                ids.iter()
                    .enumerate()
                    .map(|(i, &id)| (id, if i == winner { units } else { 0 })),
            );
            return;
        }
        AttributionModel::Linear => {
            s.unsolicited.clear();
            s.unsolicited.resize(ids.len(), false);
            for t in touches {
                if !t.solicited {
                    if let Some(u) = s.unsolicited.get_mut(pos(t.advocate)) {
                        *u = true;
                    }
                }
            }
            match unsolicited.1 {
                Some((p, q)) => {
                    s.exact.clear();
                    s.exact
                        .extend(s.unsolicited.iter().map(|&u| if u { p } else { q }));
                    exact_split_into(
                        units,
                        &s.exact,
                        &mut s.shares,
                        &mut s.exact_rems,
                        &mut s.given,
                    );
                }
                None => {
                    s.floats.clear();
                    s.floats.extend(
                        s.unsolicited
                            .iter()
                            .map(|&u| if u { unsolicited.0 } else { 1.0 }),
                    );
                    float_split_into(
                        units,
                        &s.floats,
                        &mut s.shares,
                        &mut s.float_rems,
                        &mut s.given,
                    );
                }
            }
        }
        AttributionModel::TimeDecay => {
            s.floats.clear();
            s.floats.resize(ids.len(), 0.0);
            let h = f64::from(half_life_days.max(1));
            for t in touches {
                if let Some(w) = s.floats.get_mut(pos(t.advocate)) {
                    *w += (-f64::from(closed - t.on) / h).exp2();
                }
            }
            float_split_into(
                units,
                &s.floats,
                &mut s.shares,
                &mut s.float_rems,
                &mut s.given,
            );
        }
    }
    out.extend(s.ids.iter().copied().zip(s.shares.iter().copied()));
}

/// `floor(units x w / W)` each, and the units left over one each to the largest remainders
/// (ties: the earlier, that is the smaller id). All-zero weights split equally.
#[cfg(test)]
pub(crate) fn exact_split(units: i64, weights: &[i128]) -> Vec<i64> {
    let mut shares = Vec::new();
    exact_split_into(
        units,
        weights,
        &mut shares,
        &mut Vec::new(),
        &mut Vec::new(),
    );
    shares
}

/// [`exact_split`] into `shares`, with buffers for the remainders and the hand-out.
fn exact_split_into(
    units: i64,
    weights: &[i128],
    shares: &mut Vec<i64>,
    rems: &mut Vec<i128>,
    given: &mut Vec<bool>,
) {
    let total: i128 = weights.iter().sum();
    // All-zero weights weigh 1 each.
    let (total, equal) = if total <= 0 {
        (weights.len() as i128, true)
    } else {
        (total, false)
    };
    shares.clear();
    rems.clear();
    if total <= 0 {
        return;
    }
    let u = i128::from(units);
    for &w in weights {
        let w = if equal { 1 } else { w };
        shares.push(i64::try_from(u * w / total).unwrap_or(0));
        rems.push(u * w % total);
    }
    let left = units - shares.iter().sum::<i64>();
    hand_out(shares, left, given, |i, j| rems[i] > rems[j]);
}

/// The same with floating weights: a quotient within 1e-9 of an integer is that integer,
/// and remainders within 1e-9 tie.
#[cfg(test)]
pub(crate) fn float_split(units: i64, weights: &[f64]) -> Vec<i64> {
    let mut shares = Vec::new();
    float_split_into(
        units,
        weights,
        &mut shares,
        &mut Vec::new(),
        &mut Vec::new(),
    );
    shares
}

/// [`float_split`] into `shares`, with buffers for the remainders and the hand-out.
fn float_split_into(
    units: i64,
    weights: &[f64],
    shares: &mut Vec<i64>,
    rems: &mut Vec<f64>,
    given: &mut Vec<bool>,
) {
    let total: f64 = weights.iter().sum();
    if !(total > 0.0 && total.is_finite()) {
        let ones = vec![1; weights.len()];
        exact_split_into(units, &ones, shares, &mut Vec::new(), given);
        return;
    }
    #[allow(clippy::cast_precision_loss)]
    let u = units as f64;
    shares.clear();
    rems.clear();
    for &w in weights {
        let q = u * w / total;
        let near = q.round();
        let (whole, rem) = if (q - near).abs() <= SLACK {
            (near, 0.0)
        } else {
            (q.floor(), q - q.floor())
        };
        #[allow(clippy::cast_possible_truncation)]
        shares.push(whole as i64);
        rems.push(rem);
    }
    let left = units - shares.iter().sum::<i64>();
    hand_out(shares, left, given, |i, j| rems[i] > rems[j] + SLACK);
}

/// Hands out `left` units (or takes them back when negative, which only floating error
/// could cause), one each, in order of `beats` (a strict "larger remainder"; otherwise the
/// earlier index wins).
fn hand_out(
    shares: &mut [i64],
    mut left: i64,
    given: &mut Vec<bool>,
    beats: impl Fn(usize, usize) -> bool,
) {
    let n = shares.len();
    if n == 0 {
        return;
    }
    given.clear();
    given.resize(n, false);
    while left > 0 {
        let mut best: Option<usize> = None;
        for (i, &g) in given.iter().enumerate() {
            if !g && best.is_none_or(|b| beats(i, b)) {
                best = Some(i);
            }
        }
        match best {
            Some(b) => {
                given[b] = true;
                shares[b] += 1;
                left -= 1;
            }
            None => given.iter_mut().for_each(|g| *g = false),
        }
    }
    while left < 0 {
        // Take back from the last positive share (never happens with exact weights).
        match shares.iter().rposition(|&s| s > 0) {
            Some(i) => {
                shares[i] -= 1;
                left += 1;
            }
            None => break,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_weight_reads_the_decimal() {
        assert_eq!(exact_weight(1.5), Some((15, 10)));
        assert_eq!(exact_weight(1.0), Some((1, 1)));
        assert_eq!(exact_weight(0.0), Some((0, 1)));
        assert_eq!(exact_weight(f64::NAN), None);
    }

    #[test]
    fn remainders_go_to_the_largest_then_the_smaller_id() {
        // 100 / 3: 33 each, one left, remainders tie: the first (smallest id) gets it.
        assert_eq!(exact_split(100, &[1, 1, 1]), vec![34, 33, 33]);
        // 101 / 3: 33 each, two left: the first two.
        assert_eq!(exact_split(101, &[1, 1, 1]), vec![34, 34, 33]);
        // Weights 2:3 of 11: 4.4 and 6.6: the larger remainder (0.6) gets the unit.
        assert_eq!(exact_split(11, &[2, 3]), vec![4, 7]);
        assert_eq!(exact_split(7, &[0, 0]), vec![4, 3]);
    }

    #[test]
    fn near_integer_quotients_count_as_integers() {
        // Three equal float weights of 0.1: 30 / 3 = 10 each, whatever the rounding.
        assert_eq!(float_split(30, &[0.1, 0.1, 0.1]), vec![10, 10, 10]);
        // Remainders within 1e-9 tie: the first index wins.
        assert_eq!(float_split(10, &[1.0, 1.0 + 1e-12, 1.0]), vec![4, 3, 3]);
        assert_eq!(float_split(10, &[1.0, 1.01, 1.0]), vec![3, 4, 3]);
    }
}
