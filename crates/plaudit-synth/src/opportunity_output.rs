//! Opportunities out: JSON Lines (nested touches, in index order) and the long form
//! (`opportunities.csv` plus `touches.csv` keyed by `opportunity_id`), whose rows come in a
//! deterministic shuffled order, as a CRM export or a data lake gives them: nothing may
//! rely on rows arriving sorted or grouped.

use std::fmt::Write as _;
use std::io::{self, BufWriter, Write};

use plaudit::Opportunity;

use crate::opportunity::generate;
use crate::rng::{Rng, SHUFFLE_STREAMS, mix};
use crate::{SynthConfig, opportunity};

/// File names of the long form, in the order of [`write_opportunities_csv`]'s sinks.
pub const OPPORTUNITY_CSV_FILES: [&str; 2] = ["opportunities.csv", "touches.csv"];

/// Columns of `opportunities.csv`. Nested fields are named by their JSON paths; an empty
/// cell is an absent optional field; `products` is `;`-separated.
pub const OPPORTUNITY_COLUMNS: &[&str] = &[
    "id",
    "account_id",
    "created_on",
    "closed_on",
    "stage",
    "amount",
    "currency",
    "qualified",
    "segment",
    "industry",
    "country",
    "products",
    "source.kind",
    "source.advocate_id",
];

/// Columns of `touches.csv` (one row per touch, joined to its deal by `opportunity_id`).
pub const TOUCH_COLUMNS: &[&str] = &["opportunity_id", "advocate_id", "kind", "on", "solicited"];

/// Touch rows are shuffled within runs of this many opportunities (bounded memory: a
/// million opportunities stream in a few tens of MB).
const SHUFFLE_RUN: u64 = 1 << 16;

/// Writes `config.opportunities` opportunities as JSON Lines (one compact object per line,
/// touches nested), in index order.
///
/// ```
/// let config = plaudit_synth::SynthConfig { advocates: 50, opportunities: 3, ..Default::default() };
/// let mut out = Vec::new();
/// plaudit_synth::write_opportunities_jsonl(&config, &mut out).unwrap();
/// let text = String::from_utf8(out).unwrap();
/// assert_eq!(text.lines().count(), 3);
/// assert!(text.starts_with(r#"{"id":"opp-0000000","account_id":"prospect-"#));
/// ```
pub fn write_opportunities_jsonl<W: Write>(config: &SynthConfig, writer: W) -> io::Result<()> {
    let mut w = BufWriter::with_capacity(1 << 16, writer);
    for k in 0..config.opportunities {
        serde_json::to_writer(&mut w, &opportunity(config, k))?;
        w.write_all(b"\n")?;
    }
    w.flush()
}

/// Writes `config.opportunities` opportunities in the long form: `opportunities` gets
/// [`OPPORTUNITY_COLUMNS`] and `touches` gets [`TOUCH_COLUMNS`], each with a header row,
/// rows in a deterministic shuffled order (a pure function of the config). Returns the
/// sinks, flushed.
///
/// ```
/// let config = plaudit_synth::SynthConfig { advocates: 50, opportunities: 20, ..Default::default() };
/// let (deals, touches) = plaudit_synth::write_opportunities_csv(&config, Vec::new(), Vec::new()).unwrap();
/// let deals = String::from_utf8(deals).unwrap();
/// assert_eq!(deals.lines().count(), 21);
/// assert!(String::from_utf8(touches).unwrap().starts_with("opportunity_id,advocate_id,kind,on,solicited\n"));
/// ```
pub fn write_opportunities_csv<W: Write>(
    config: &SynthConfig,
    opportunities: W,
    touches: W,
) -> csv::Result<(W, W)> {
    let open = |w: W, header: &[&str]| -> csv::Result<csv::Writer<W>> {
        let mut w = csv::WriterBuilder::new()
            .buffer_capacity(1 << 16)
            .from_writer(w);
        w.write_record(header)?;
        Ok(w)
    };
    let mut deals = open(opportunities, OPPORTUNITY_COLUMNS)?;
    let mut touch_rows = open(touches, TOUCH_COLUMNS)?;
    let n = config.opportunities as u64;
    let order = Permutation::new(config.seed, n);
    let mut buf = String::new();
    let mut run: Vec<(u32, u8)> = Vec::new();
    let mut opps: Vec<Opportunity> = Vec::new();
    let mut start = 0;
    while start < n {
        let end = (start + SHUFFLE_RUN).min(n);
        opps.clear();
        run.clear();
        for i in start..end {
            let o = generate(config, order.at(i) as usize);
            write_deal(&mut deals, &mut buf, &o)?;
            let slot = u32::try_from(opps.len()).unwrap_or(u32::MAX);
            run.extend((0..o.touches.len()).map(|t| (slot, t as u8)));
            opps.push(o);
        }
        let mut r = Rng::new(config.seed, SHUFFLE_STREAMS | (start / SHUFFLE_RUN));
        for i in (1..run.len()).rev() {
            run.swap(i, r.index(i + 1));
        }
        for &(slot, t) in &run {
            let o = &opps[slot as usize];
            let x = &o.touches[usize::from(t)];
            touch_rows.write_record([
                o.id.as_str(),
                x.advocate_id.as_str(),
                x.kind.as_str(),
                &x.on.to_string(),
                if x.solicited { "true" } else { "false" },
            ])?;
        }
        start = end;
    }
    let inner = |w: csv::Writer<W>| w.into_inner().map_err(|e| csv::Error::from(e.into_error()));
    Ok((inner(deals)?, inner(touch_rows)?))
}

fn write_deal<W: Write>(
    w: &mut csv::Writer<W>,
    buf: &mut String,
    o: &Opportunity,
) -> csv::Result<()> {
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    w.write_field(&o.id)?;
    w.write_field(&o.account_id)?;
    w.write_field(o.created_on.to_string())?;
    w.write_field(date(o.closed_on))?;
    w.write_field(o.stage.as_str())?;
    buf.clear();
    let _ = write!(buf, "{}", o.amount);
    w.write_field(buf.as_str())?;
    w.write_field(o.currency.as_deref().unwrap_or(""))?;
    w.write_field(if o.qualified { "true" } else { "false" })?;
    w.write_field(o.segment.map_or("", |s| s.as_str()))?;
    w.write_field(o.industry.as_deref().unwrap_or(""))?;
    w.write_field(o.country.as_deref().unwrap_or(""))?;
    w.write_field(o.products.join(";"))?;
    w.write_field(o.source.as_ref().map_or("", |s| s.kind.as_str()))?;
    w.write_field(
        o.source
            .as_ref()
            .and_then(|s| s.advocate_id.as_deref())
            .unwrap_or(""),
    )?;
    w.write_record(None::<&[u8]>)
}

/// A keyed pseudo-random permutation of `0..n` in O(1) memory: a four-round Feistel
/// network over the smallest even power of two covering `n`, walking the cycle until the
/// value falls inside `0..n` (under four steps on average).
struct Permutation {
    n: u64,
    half_bits: u32,
    keys: [u64; 4],
}

impl Permutation {
    fn new(seed: u64, n: u64) -> Self {
        let bits = 64 - n.saturating_sub(1).leading_zeros();
        let half_bits = bits.div_ceil(2).max(1);
        let k = mix(seed ^ 0x0DD5_5EED_5EED_0DD5);
        Permutation {
            n,
            half_bits,
            keys: [mix(k), mix(k ^ 1), mix(k ^ 2), mix(k ^ 3)],
        }
    }

    fn at(&self, i: u64) -> u64 {
        let mut x = i;
        loop {
            x = self.round_trip(x);
            if x < self.n {
                return x;
            }
        }
    }

    fn round_trip(&self, x: u64) -> u64 {
        let mask = (1u64 << self.half_bits) - 1;
        let (mut left, mut right) = (x >> self.half_bits, x & mask);
        for key in self.keys {
            let f = mix(right ^ key) & mask;
            (left, right) = (right, left ^ f);
        }
        (left << self.half_bits) | right
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn the_permutation_is_a_bijection_for_every_size() {
        for n in [0u64, 1, 2, 3, 4, 5, 7, 8, 100, 1000, 4097] {
            let p = Permutation::new(9, n);
            let mut seen = vec![false; n as usize];
            for i in 0..n {
                let j = p.at(i);
                assert!(j < n);
                assert!(!seen[j as usize], "n {n}: {j} twice");
                seen[j as usize] = true;
            }
        }
    }

    #[test]
    fn the_permutation_shuffles() {
        let p = Permutation::new(3, 10_000);
        let fixed = (0..10_000).filter(|&i| p.at(i) == i).count();
        let ascending = (1..10_000).filter(|&i| p.at(i) > p.at(i - 1)).count();
        assert!(fixed < 10, "{fixed} fixed points");
        assert!((4_000..6_000).contains(&ascending), "{ascending} ascents");
    }
}
