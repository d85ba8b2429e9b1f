//! Tiers for a whole roster (docs/rules.md#fatigue-and-tiers): every advocate's individual
//! tier with its grace, then the population shares and their cascade, which only a whole
//! roster can apply.

use chrono::NaiveDate;

use crate::population::roster::Roster;
use crate::rules::facts::Scalars;
use crate::rules::tiers::{
    AssignedTier, ShareEntry, TierAssignment, apply_shares, tier_index, tier_mix, tier_status,
    touch,
};

pub(crate) fn assign(engine: &crate::Engine, roster: &Roster, as_of: NaiveDate) -> TierAssignment {
    let policy = engine.policy();
    let mut out: Vec<AssignedTier> = Vec::with_capacity(roster.len());
    let mut entries: Vec<ShareEntry<'_>> = Vec::new();
    let mut entry_of: Vec<usize> = Vec::new();
    for (_, a) in roster.in_id_order() {
        let lc = engine.lifecycle(a, as_of).state;
        if lc == crate::LifecycleState::Erased {
            out.push(AssignedTier::erased(a.id.clone()));
            continue;
        }
        let st = tier_status(policy, a, &Scalars::of(a), as_of);
        let in_base = !lc.excludes();
        if in_base {
            entry_of.push(out.len());
            entries.push(ShareEntry {
                id: &a.id,
                tier: st.tier,
                points: st.points,
                tier_since: a.tier_since,
                demoted: false,
            });
        }
        out.push(AssignedTier {
            id: a.id.clone(),
            lifecycle: lc,
            tier: Some(st.tier),
            computed: Some(st.computed),
            points: Some(st.points),
            in_base: Some(in_base),
            in_grace: Some(st.in_grace),
            over_share: Some(false),
            touch: Some(st.touch),
        });
    }
    let fell = apply_shares(policy, &mut entries);
    for (e, &k) in entries.iter().zip(&entry_of) {
        if let Some(o) = out.get_mut(k) {
            if e.demoted {
                o.tier = Some(e.tier);
                o.over_share = Some(true);
                o.touch = Some(touch(policy, e.tier));
            }
        }
    }
    let n = entries.len();
    let mut counts = [0usize; 4];
    for e in &entries {
        if let Some(c) = counts.get_mut(tier_index(e.tier)) {
            *c += 1;
        }
    }
    let mix = tier_mix(policy, counts, n, fell);
    TierAssignment {
        policy: engine.fingerprint().to_owned(),
        base: u32::try_from(n).unwrap_or(u32::MAX),
        shares_enforced: n >= policy.tiers.quota_min_roster as usize,
        mix,
        advocates: out,
    }
}

impl crate::Engine {
    /// Tiers for a whole roster: per-advocate tiers with grace, then the population shares
    /// and their cascade when the base is at least `quota_min_roster` (docs/rules.md#fatigue-and-tiers).
    pub fn assign_tiers(&self, roster: &Roster, as_of: NaiveDate) -> TierAssignment {
        assign(self, roster, as_of)
    }
}
