//! The default policy's facts the generator shapes histories with (caps, gaps, lead times,
//! effort), read once from `plaudit::Policy::default()` so the data follows the engine.

use std::sync::OnceLock;

use plaudit::policy::Commitment;
use plaudit::{ActivityKind, Policy, ReferenceFrequency};

/// What the generator needs to know of one kind.
#[derive(Debug, Clone, Copy)]
pub(crate) struct KindFacts {
    pub public: bool,
    pub counts: bool,
    pub high: bool,
    pub cap: Option<u32>,
    pub gap: i32,
    pub lead: i32,
    pub effort: f64,
}

#[derive(Debug)]
pub(crate) struct Rules {
    kinds: Vec<KindFacts>,
    pub annual_cap: usize,
    pub window: i32,
    gaps: [i32; 4],
}

impl Rules {
    pub(crate) fn kind(&self, kind: ActivityKind) -> KindFacts {
        self.kinds.get(kind.index()).copied().unwrap_or(KindFacts {
            public: false,
            counts: true,
            high: false,
            cap: None,
            gap: 0,
            lead: 0,
            effort: 1.0,
        })
    }

    /// The reference-call gap for a stated frequency (the policy default when absent).
    pub(crate) fn reference_gap(&self, f: Option<ReferenceFrequency>) -> i32 {
        match f.unwrap_or(ReferenceFrequency::Quarterly) {
            ReferenceFrequency::Monthly => self.gaps[0],
            ReferenceFrequency::Quarterly => self.gaps[1],
            ReferenceFrequency::Semiannual => self.gaps[2],
            ReferenceFrequency::Annual => self.gaps[3],
        }
    }
}

fn days(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX / 4)
}

pub(crate) fn rules() -> &'static Rules {
    static RULES: OnceLock<Rules> = OnceLock::new();
    RULES.get_or_init(|| {
        let p = Policy::default();
        let kinds = ActivityKind::ALL
            .iter()
            .map(|&k| {
                let r = p.kinds.get(k);
                KindFacts {
                    public: r.public,
                    counts: r.counts_toward_cap,
                    high: r.commitment == Commitment::High,
                    cap: r.cap,
                    gap: days(r.min_gap_days),
                    lead: days(r.lead_time_days),
                    effort: r.effort_hours,
                }
            })
            .collect();
        let g = &p.fatigue.reference_call_gap_days;
        Rules {
            kinds,
            annual_cap: p.fatigue.annual_cap as usize,
            window: days(p.fatigue.window_days),
            gaps: [
                days(g.monthly),
                days(g.quarterly),
                days(g.semiannual),
                days(g.annual),
            ],
        }
    })
}
