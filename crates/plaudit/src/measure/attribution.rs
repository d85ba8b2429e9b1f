//! Splitting a won deal's amount among the advocates who touched it, exactly in minor units
//! (see docs/measurement.md, *Attribution*).

use crate::input::dates::Day;
use crate::policy::AttributionModel;

/// A counting touch of one deal.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Counted<'a> {
    pub advocate: &'a str,
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

/// The credits of one deal: `(advocate, units)` for every distinct advocate of `touches`,
/// in byte order of the ids, adding up to `units` exactly. `touches` must not be empty.
pub(crate) fn split<'a>(
    model: AttributionModel,
    units: i64,
    touches: &[Counted<'a>],
    closed: Day,
    unsolicited: (f64, Option<(i128, i128)>),
    half_life_days: u32,
) -> Vec<(&'a str, i64)> {
    let mut ids: Vec<&'a str> = touches.iter().map(|t| t.advocate).collect();
    ids.sort_unstable();
    ids.dedup();
    let pos = |id: &str| ids.binary_search(&id).unwrap_or(0);
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
                    by_day.then_with(|| x.advocate.cmp(y.advocate))
                })
                .map_or(0, |t| pos(t.advocate));
            ids.iter()
                .enumerate()
                .map(|(i, &id)| (id, if i == winner { units } else { 0 }))
                .collect()
        }
        AttributionModel::Linear => {
            let mut unsolicited_any = vec![false; ids.len()];
            for t in touches {
                if !t.solicited {
                    if let Some(u) = unsolicited_any.get_mut(pos(t.advocate)) {
                        *u = true;
                    }
                }
            }
            match unsolicited.1 {
                Some((p, q)) => {
                    let weights: Vec<i128> = unsolicited_any
                        .iter()
                        .map(|&u| if u { p } else { q })
                        .collect();
                    zip(&ids, exact_split(units, &weights))
                }
                None => {
                    let weights: Vec<f64> = unsolicited_any
                        .iter()
                        .map(|&u| if u { unsolicited.0 } else { 1.0 })
                        .collect();
                    zip(&ids, float_split(units, &weights))
                }
            }
        }
        AttributionModel::TimeDecay => {
            let mut weights = vec![0.0f64; ids.len()];
            let h = f64::from(half_life_days.max(1));
            for t in touches {
                if let Some(w) = weights.get_mut(pos(t.advocate)) {
                    *w += (-f64::from(closed - t.on) / h).exp2();
                }
            }
            zip(&ids, float_split(units, &weights))
        }
    }
}

fn zip<'a>(ids: &[&'a str], credits: Vec<i64>) -> Vec<(&'a str, i64)> {
    ids.iter().copied().zip(credits).collect()
}

/// `floor(units x w / W)` each, and the units left over one each to the largest remainders
/// (ties: the earlier, that is the smaller id). All-zero weights split equally.
pub(crate) fn exact_split(units: i64, weights: &[i128]) -> Vec<i64> {
    let total: i128 = weights.iter().sum();
    if total <= 0 {
        return exact_split(units, &vec![1; weights.len()]);
    }
    let u = i128::from(units);
    let mut shares = Vec::with_capacity(weights.len());
    let mut rems = Vec::with_capacity(weights.len());
    for &w in weights {
        shares.push(i64::try_from(u * w / total).unwrap_or(0));
        rems.push(u * w % total);
    }
    let left = units - shares.iter().sum::<i64>();
    hand_out(&mut shares, left, |i, j| rems[i] > rems[j]);
    shares
}

/// The same with floating weights: a quotient within 1e-9 of an integer is that integer,
/// and remainders within 1e-9 tie.
pub(crate) fn float_split(units: i64, weights: &[f64]) -> Vec<i64> {
    let total: f64 = weights.iter().sum();
    if !(total > 0.0 && total.is_finite()) {
        return exact_split(units, &vec![1; weights.len()]);
    }
    #[allow(clippy::cast_precision_loss)]
    let u = units as f64;
    let mut shares = Vec::with_capacity(weights.len());
    let mut rems = Vec::with_capacity(weights.len());
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
    hand_out(&mut shares, left, |i, j| rems[i] > rems[j] + SLACK);
    shares
}

/// Hands out `left` units (or takes them back when negative, which only floating error
/// could cause), one each, in order of `beats` (a strict "larger remainder"; otherwise the
/// earlier index wins).
fn hand_out(shares: &mut [i64], mut left: i64, beats: impl Fn(usize, usize) -> bool) {
    let n = shares.len();
    if n == 0 {
        return;
    }
    let mut given = vec![false; n];
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
