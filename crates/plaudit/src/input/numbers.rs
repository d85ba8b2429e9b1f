//! Rounding of the scores and shares the engine reports.

/// `x` rounded to a multiple of `1 / scale`, halves away from zero: exactly
/// `(x * scale).round() / scale`.
#[inline]
pub(crate) fn round_to(x: f64, scale: f64) -> f64 {
    round(x * scale) / scale
}

/// Exactly [`f64::round`] (halves away from zero; the sign of zero, infinities and NaN kept),
/// without the call into libm that `f64::round` compiles to on x86-64's baseline instruction
/// set (no SSE4.1): the ranking rounds five components of every match.
#[inline]
pub(crate) fn round(y: f64) -> f64 {
    // From 2^52 up every f64 is an integer; NaN and the infinities stay as they are.
    const INTEGRAL: f64 = 4_503_599_627_370_496.0;
    if y.is_nan() || y.abs() >= INTEGRAL {
        return y;
    }
    // Truncation toward zero is exact in this range, and so is the difference.
    #[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)]
    let t = y as i64 as f64;
    let f = y - t;
    if f >= 0.5 {
        t + 1.0
    } else if f <= -0.5 {
        t - 1.0
    } else {
        // -0.3 rounds to -0.0, as `f64::round` does.
        t.copysign(y)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(a: f64, b: f64) -> bool {
        a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
    }

    #[test]
    fn round_is_f64_round_at_the_edges() {
        let edges = [
            0.0,
            -0.0,
            0.5,
            -0.5,
            1.5,
            2.5,
            -2.5,
            0.49999999999999994,
            -0.49999999999999994,
            0.5000000000000001,
            4503599627370495.5,
            -4503599627370495.5,
            4503599627370496.0,
            9007199254740993.0,
            1e300,
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            -f64::MIN_POSITIVE,
            5e-324,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
        ];
        for y in edges {
            assert!(
                same(round(y), y.round()),
                "{y:e}: {} vs {}",
                round(y),
                y.round()
            );
        }
    }

    #[test]
    fn round_is_f64_round_on_random_bits_and_halves() {
        let mut next = crate::test_rng(7);
        for _ in 0..200_000 {
            let bits = next(u64::MAX) ^ (next(u64::MAX) << 32);
            let y = f64::from_bits(bits);
            assert!(same(round(y), y.round()), "{y:e}");
            // Values near halves and in the range the scores use.
            #[allow(clippy::cast_precision_loss)]
            let z = (bits % 2_000_001) as f64 / 2.0 - 500_000.0;
            for v in [z, z + f64::EPSILON * z, z - f64::EPSILON * z, z / 1e4] {
                assert!(same(round(v), v.round()), "{v:e}");
            }
            let r = (bits % 10_001) as f64 / 1e4;
            assert!(same(round_to(r, 1e4), (r * 1e4).round() / 1e4));
        }
    }
}
