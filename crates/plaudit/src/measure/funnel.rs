//! The participation funnel: from the base to repeat advocates, to find the drop-off points
//! (see docs/measurement.md, *Funnel*).

use serde::Serialize;

use crate::macros::string_enum;
use serde::Deserialize;

string_enum! {
    /// A step of the funnel.
    pub enum FunnelStepName {
        /// Not erased, opted out, inactive or gone from the company.
        Base => "base",
        /// ... and passes the eligibility gates.
        Eligible => "eligible",
        /// ... and holds a tier or has completed an activity.
        Enrolled => "enrolled",
        /// ... and completed a counted activity in the window ending at `as_of`.
        Active => "active",
        /// ... and at least two.
        Repeat => "repeat",
    }
}

/// One step: its count and its conversion from the step before.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FunnelStep {
    /// The step.
    pub step: FunnelStepName,
    /// Advocates at this step (each step is a subset of the one before).
    pub count: u64,
    /// `count / previous count`; `null` for `base` and when the previous count is 0.
    pub conversion: Option<f64>,
}

/// Counts per step, in step order.
#[derive(Debug, Default)]
pub(crate) struct FunnelAcc {
    counts: [u64; 5],
}

impl FunnelAcc {
    /// Adds a base advocate that reached `depth` steps past the base (0..=4).
    pub(crate) fn add(&mut self, depth: usize) {
        for c in self.counts.iter_mut().take(depth + 1) {
            *c += 1;
        }
    }

    pub(crate) fn finish(&self) -> Vec<FunnelStep> {
        let mut prev: Option<u64> = None;
        FunnelStepName::ALL
            .iter()
            .zip(self.counts)
            .map(|(&step, count)| {
                #[allow(clippy::cast_precision_loss)]
                let conversion = prev.filter(|&p| p > 0).map(|p| count as f64 / p as f64);
                prev = Some(count);
                FunnelStep {
                    step,
                    count,
                    conversion,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_are_from_the_step_before() {
        let mut f = FunnelAcc::default();
        f.add(0);
        f.add(4);
        f.add(2);
        f.add(1);
        let steps = f.finish();
        let counts: Vec<u64> = steps.iter().map(|s| s.count).collect();
        assert_eq!(counts, [4, 3, 2, 1, 1]);
        assert_eq!(steps[0].conversion, None);
        assert_eq!(steps[1].conversion, Some(0.75));
        assert_eq!(steps[4].conversion, Some(1.0));
        let empty = FunnelAcc::default().finish();
        assert!(empty.iter().all(|s| s.conversion.is_none()));
    }
}
