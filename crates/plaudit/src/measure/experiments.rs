//! Outreach experiments: response rate per outreach variant, with its Wilson interval (see
//! docs/measurement.md, *Experiments*).

use std::collections::BTreeMap;

use serde::Serialize;

/// The 95% normal quantile used by the Wilson interval.
pub const WILSON_Z: f64 = 1.959963984540054;

/// One outreach variant.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct VariantResult {
    /// The variant key.
    pub variant: String,
    /// Asks dated in the period with a known outcome.
    pub asks: u64,
    /// Of those, scheduled or completed.
    pub accepted: u64,
    /// `accepted / asks`; `null` without known asks.
    pub response_rate: Option<f64>,
    /// Lower bound of the 95% Wilson score interval.
    pub low: Option<f64>,
    /// Upper bound.
    pub high: Option<f64>,
}

/// The 95% Wilson score interval of `k` successes in `n` trials (no continuity correction,
/// clamped to [0, 1]); `None` when `n` is 0.
pub fn wilson(k: u64, n: u64) -> Option<(f64, f64)> {
    if n == 0 {
        return None;
    }
    #[allow(clippy::cast_precision_loss)]
    let (k, n) = (k as f64, n as f64);
    let p = k / n;
    let z2 = WILSON_Z * WILSON_Z;
    let denom = 1.0 + z2 / n;
    let center = (p + z2 / (2.0 * n)) / denom;
    let half = WILSON_Z * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / denom;
    Some(((center - half).max(0.0), (center + half).min(1.0)))
}

/// Asks per variant: `(known, accepted)`.
#[derive(Debug, Default)]
pub(crate) struct ExperimentAcc {
    by_variant: BTreeMap<String, (u64, u64)>,
}

impl ExperimentAcc {
    /// An ask dated in the period with this variant; `outcome` is `Some(accepted)` when known.
    pub(crate) fn add(&mut self, variant: &str, outcome: Option<bool>) {
        let e = match self.by_variant.get_mut(variant) {
            Some(e) => e,
            None => self.by_variant.entry(variant.to_owned()).or_default(),
        };
        if let Some(acc) = outcome {
            e.0 += 1;
            e.1 += u64::from(acc);
        }
    }

    pub(crate) fn finish(self) -> Vec<VariantResult> {
        self.by_variant
            .into_iter()
            .map(|(variant, (asks, accepted))| {
                let bounds = wilson(accepted, asks);
                #[allow(clippy::cast_precision_loss)]
                let response_rate = (asks > 0).then(|| accepted as f64 / asks as f64);
                VariantResult {
                    variant,
                    asks,
                    accepted,
                    response_rate,
                    low: bounds.map(|b| b.0),
                    high: bounds.map(|b| b.1),
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_bounds_match_hand_computed_values() {
        // 8 of 10: p = 0.8, z^2 = 3.8414588..., centre 0.7170, half 0.2266 (textbook values
        // 0.4902 .. 0.9433).
        let (lo, hi) = wilson(8, 10).unwrap();
        assert!((lo - 0.490_162).abs() < 1e-5, "{lo}");
        assert!((hi - 0.943_318).abs() < 1e-5, "{hi}");
        // All or nothing stays inside [0, 1].
        let (lo, hi) = wilson(0, 5).unwrap();
        assert_eq!(lo, 0.0);
        assert!((hi - 0.434_482).abs() < 1e-5, "{hi}");
        let (lo, hi) = wilson(5, 5).unwrap();
        assert!((lo - 0.565_518).abs() < 1e-5, "{lo}");
        assert_eq!(hi, 1.0);
        assert_eq!(wilson(0, 0), None);
    }

    #[test]
    fn a_variant_without_known_asks_keeps_its_row() {
        let mut e = ExperimentAcc::default();
        e.add("b", None);
        e.add("a", Some(true));
        e.add("a", Some(false));
        let rows = e.finish();
        assert_eq!(rows.len(), 2);
        assert_eq!(
            (rows[0].variant.as_str(), rows[0].asks, rows[0].accepted),
            ("a", 2, 1)
        );
        assert_eq!(rows[0].response_rate, Some(0.5));
        assert_eq!(rows[1].variant, "b");
        assert_eq!(
            (rows[1].response_rate, rows[1].low, rows[1].high),
            (None, None, None)
        );
    }
}
