"""Benchmark: program measurement of 1M opportunities with ~3M touches, from Arrow tables.

    python bench/bench_measure.py                    # 1M opportunities, touches shuffled
    python bench/bench_measure.py --opportunities 100000 --repeat 3
    python bench/bench_measure.py --keep DIR         # the Parquet files kept in DIR

The deals (an opportunities table and a long touches table in random order, as a CRM
exports them) are written once as Parquet under a temporary directory. ``Engine.measure``
reads the pyarrow tables through the table door and measures (attribution, KPIs,
breakdowns); the same attribution and opportunity KPIs are computed by hand-written DuckDB
SQL over the same Parquet files, and the two results are asserted identical (credits per
advocate and per deal, the KPI counts and money, the medians). Best of ``--repeat`` each.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import tempfile
import time

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

import plaudit

AS_OF = dt.date(2026, 3, 31)
PERIOD = (dt.date(2025, 4, 1), dt.date(2026, 3, 31))
EPOCH = dt.date(1970, 1, 1)
AS_OF_DAYS = (AS_OF - EPOCH).days
LOOKBACK = 90
KINDS = ["reference_call", "case_study", "review", "testimonial", "referral", "event"]
KIND_P = [0.35, 0.25, 0.15, 0.1, 0.1, 0.05]
SEGMENTS = ["smb", "mid_market", "enterprise"]
INDUSTRIES = ["software", "finance", "healthcare", "retail", "manufacturing", "education"]
COUNTRIES = ["US", "GB", "DE", "FR", "JP", "BR", "IN", "CA"]
SOURCES = ["referral", "inbound", "outbound", "partner", "event", "other"]
SOURCE_P = [0.2, 0.33, 0.29, 0.12, 0.05, 0.01]


def _ids(prefix: str, idx: np.ndarray) -> pa.Array:
    s = pc.utf8_lpad(pc.cast(pa.array(idx), pa.string()), width=7, padding="0")
    return pc.binary_join_element_wise(prefix, s, "")


def _pick(rng, values, p, n) -> pa.Array:
    return pa.array(np.array(values, dtype=object)[rng.choice(len(values), size=n, p=p)], pa.string())


def generate(n: int, seed: int) -> tuple[pa.Table, pa.Table]:
    """``n`` deals (open, won, lost; some closing after ``AS_OF``, some unqualified) and
    their touches (about three per deal, from a skewed pool of advocates), shuffled."""
    rng = np.random.default_rng(seed)
    created = AS_OF_DAYS - rng.integers(0, 540, n)
    cycle = rng.integers(5, 200, n)
    stage_code = rng.choice(3, size=n, p=[0.25, 0.3, 0.45])  # open, won, lost
    closed = created + cycle
    has_close = stage_code != 0
    stage = pa.array(np.array(["open", "won", "lost"], dtype=object)[stage_code], pa.string())
    cents = rng.integers(100_000, 20_000_000, n)
    amount = cents / 100.0
    advocates = 200_000
    source = _pick(rng, SOURCES, SOURCE_P, n)
    referrer = rng.integers(0, advocates, n)
    has_referrer = (pc.equal(source, "referral").to_numpy(zero_copy_only=False)) & (rng.random(n) < 0.8)
    opps = pa.table({
        "id": _ids("opp-", np.arange(n)),
        "created_on": pa.array(created.astype(np.int32), pa.date32()),
        "closed_on": pa.array(closed.astype(np.int32), pa.date32(), mask=~has_close),
        "stage": stage,
        "amount": pa.array(amount),
        "qualified": pa.array(rng.random(n) < 0.97),
        "segment": _pick(rng, SEGMENTS, [0.5, 0.3, 0.2], n),
        "industry": _pick(rng, INDUSTRIES, None, n),
        "country": _pick(rng, COUNTRIES, None, n),
        "source_kind": source,
        "source_advocate_id": pa.array(
            np.where(has_referrer, np.char.add("adv-", np.char.zfill(referrer.astype(str), 7)), None),
            pa.string(),
        ),
    })
    # Touches: 60% of deals touched, 1 to 9 touches each (about 3M for 1M deals).
    touched = rng.random(n) < 0.6
    per = np.where(touched, rng.integers(1, 10, n), 0)
    owner = np.repeat(np.arange(n), per)
    m = len(owner)
    # A skewed pool: a few advocates carry many deals.
    adv = (advocates * rng.random(m) ** 2).astype(np.int64)
    on = created[owner] - 100 + (rng.random(m) * (cycle[owner] + 130)).astype(np.int64)
    touches = pa.table({
        "opportunity_id": _ids("opp-", owner),
        "advocate_id": _ids("adv-", adv),
        "kind": _pick(rng, KINDS, KIND_P, m),
        "on": pa.array(on.astype(np.int32), pa.date32()),
        "solicited": pa.array(rng.random(m) < 0.85),
    })
    order = rng.permutation(m)
    return opps, touches.take(pa.array(order))


SQL = """
WITH params AS (
  SELECT DATE '{from_}' AS p_from, DATE '{to}' AS p_to, DATE '{as_of}' AS as_of
),
deals AS (
  SELECT o.id, o.created_on, o.stage, CAST(round(o.amount * 100) AS BIGINT) AS units,
         o.segment, o.source_kind, o.source_advocate_id,
         CASE WHEN o.closed_on <= p.as_of THEN o.closed_on END AS closed,
         coalesce(CASE WHEN o.closed_on <= p.as_of THEN o.closed_on END, p.as_of) AS end_day,
         o.created_on BETWEEN p.p_from AND p.p_to AS created_in,
         coalesce(o.closed_on <= p.as_of AND o.closed_on BETWEEN p.p_from AND p.p_to, false) AS closed_in
  FROM read_parquet('{opps}') o, params p
  WHERE o.qualified
),
scoped AS (
  SELECT *, stage = 'won' AND closed IS NOT NULL AS won FROM deals WHERE created_in OR closed_in
),
counting AS (
  SELECT t.opportunity_id AS id, t.advocate_id, t.kind, t.solicited
  FROM read_parquet('{touches}') t JOIN scoped d ON d.id = t.opportunity_id
  WHERE t."on" BETWEEN d.created_on - INTERVAL {lookback} DAY AND d.end_day
  UNION ALL
  SELECT id, source_advocate_id, 'referral', true FROM scoped
  WHERE source_kind = 'referral' AND source_advocate_id IS NOT NULL AND created_on <= end_day
),
per_adv AS (
  SELECT id, advocate_id, CASE WHEN bool_and(solicited) THEN 10 ELSE 15 END AS w
  FROM counting GROUP BY id, advocate_id
),
flags AS (
  SELECT id, bool_or(kind = 'reference_call') AS reference FROM counting GROUP BY id
),
weighted AS (
  SELECT a.id, a.advocate_id, a.w, d.units, d.won AND d.closed_in AS attributed,
         sum(a.w) OVER (PARTITION BY a.id) AS total_w
  FROM per_adv a JOIN scoped d USING (id)
),
floors AS (
  SELECT *, CASE WHEN attributed THEN (units * w) // total_w ELSE 0 END AS base,
         CASE WHEN attributed THEN (units * w) % total_w ELSE 0 END AS rem
  FROM weighted
),
ranked AS (
  SELECT *, units - sum(base) OVER (PARTITION BY id) AS left_over,
         row_number() OVER (PARTITION BY id ORDER BY rem DESC, advocate_id) AS k
  FROM floors
)
SELECT id, advocate_id, base + CASE WHEN attributed AND k <= left_over THEN 1 ELSE 0 END AS units
FROM ranked
"""

KPI_SQL = """
WITH d AS (
  SELECT s.*, f.id IS NOT NULL AS influenced, coalesce(f.reference, false) AS reference
  FROM scoped s LEFT JOIN flags f USING (id)
)
SELECT
  count(*) FILTER (WHERE created_in) AS created,
  count(*) FILTER (WHERE created_in AND influenced) AS created_influenced,
  coalesce(sum(units) FILTER (WHERE closed_in AND won AND influenced), 0) AS revenue,
  count(*) FILTER (WHERE closed_in AND influenced AND won) AS won_with,
  count(*) FILTER (WHERE closed_in AND influenced AND NOT won) AS lost_with,
  count(*) FILTER (WHERE closed_in AND NOT influenced AND won) AS won_without,
  count(*) FILTER (WHERE closed_in AND NOT influenced AND NOT won) AS lost_without,
  count(*) FILTER (WHERE closed_in AND reference AND won) AS ref_won,
  count(*) FILTER (WHERE closed_in AND reference AND NOT won) AS ref_lost,
  median(closed - created_on) FILTER (WHERE closed_in AND won AND influenced) AS median_with,
  median(closed - created_on) FILTER (WHERE closed_in AND won AND NOT influenced) AS median_without,
  coalesce(sum(units) FILTER (WHERE created_in AND source_kind = 'referral'), 0) AS referral_part,
  coalesce(sum(units) FILTER (WHERE created_in), 0) AS pipeline
FROM d
"""


def duckdb_job(con, opps: str, touches: str):
    """Credits per (deal, advocate) and the opportunity KPIs, in SQL."""
    sql = SQL.format(from_=PERIOD[0], to=PERIOD[1], as_of=AS_OF, opps=opps, touches=touches, lookback=LOOKBACK)
    # The CTEs are shared by the credits and the KPIs: one statement each, over temp views.
    head, credits = sql.rsplit("SELECT id, advocate_id, base", 1)
    con.execute("CREATE OR REPLACE TEMP TABLE credits AS " + head + "SELECT id, advocate_id, base" + credits)
    kpis_sql = head + KPI_SQL.replace("WITH d AS (", ", d AS (", 1)
    kpis = con.sql(kpis_sql).to_arrow_table()
    per_adv = con.sql("SELECT advocate_id, sum(units) AS units FROM credits GROUP BY advocate_id").to_arrow_table()
    per_deal = con.sql("SELECT id, advocate_id, units FROM credits").to_arrow_table()
    return kpis.to_pylist()[0], per_adv, per_deal


def compare(m: plaudit.Measurement, duck) -> None:
    """The measurement and the SQL agree on every credit and KPI."""
    kpis, per_adv, per_deal = duck
    k = m.kpis
    assert k["influenced_share"]["denominator"] == kpis["created"], (k["influenced_share"], kpis)
    assert k["influenced_share"]["numerator"] == kpis["created_influenced"]
    assert k["influenced_revenue"].get("USD", {"units": 0})["units"] == kpis["revenue"]
    assert (k["win_rate_with"]["numerator"], k["win_rate_with"]["denominator"]) == (
        kpis["won_with"], kpis["won_with"] + kpis["lost_with"])
    assert (k["win_rate_without"]["numerator"], k["win_rate_without"]["denominator"]) == (
        kpis["won_without"], kpis["won_without"] + kpis["lost_without"])
    assert (k["reference_close_rate"]["numerator"], k["reference_close_rate"]["denominator"]) == (
        kpis["ref_won"], kpis["ref_won"] + kpis["ref_lost"])
    cr = k["cycle_reduction"]
    assert cr["median_with"] == kpis["median_with"] and cr["median_without"] == kpis["median_without"]
    share = k["referral_pipeline_share"]["USD"]
    assert (share["part"]["units"], share["total"]["units"]) == (kpis["referral_part"], kpis["pipeline"])
    # Per advocate: the attributed units.
    ours = {r["id"]: r["attributed_units"] or 0 for r in m.per_advocate_table().to_pylist()}
    theirs = dict(zip(per_adv.column("advocate_id").to_pylist(), per_adv.column("units").to_pylist()))
    assert {a: u for a, u in ours.items() if u} == {a: u for a, u in theirs.items() if u}
    # Per deal: every credit.
    t = m.per_opportunity_table()
    flat = pa.table({
        "id": pc.list_parent_indices(t.column("credits")),
        "credit": pc.list_flatten(t.column("credits")),
    })
    ids = t.column("id").to_pylist()
    got = sorted(
        (ids[i], c["advocate_id"], c["units"])
        for i, c in zip(flat.column("id").to_pylist(), flat.column("credit").to_pylist())
    )
    want = sorted(zip(*(per_deal.column(c).to_pylist() for c in ("id", "advocate_id", "units"))))
    assert got == want, (len(got), len(want))


def best(f, repeat: int):
    times, out = [], None
    for _ in range(repeat):
        c0, t0 = time.process_time(), time.perf_counter()
        out = f()
        times.append((time.perf_counter() - t0, time.process_time() - c0))
    return min(times), out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--opportunities", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--keep", metavar="DIR", help="write the Parquet files to DIR and keep them "
                    "(for `profile_table DIR measure`)")
    args = ap.parse_args()

    opps, touches = generate(args.opportunities, args.seed)
    print(f"{opps.num_rows:,} opportunities, {touches.num_rows:,} touches (shuffled)")
    with tempfile.TemporaryDirectory(prefix="plaudit-measure-") as tmp:
        if args.keep:
            os.makedirs(args.keep, exist_ok=True)
            tmp = args.keep
        po, pt = os.path.join(tmp, "opportunities.parquet"), os.path.join(tmp, "touches.parquet")
        pq.write_table(opps, po)
        pq.write_table(touches, pt)
        opps, touches = pq.read_table(po), pq.read_table(pt)
        engine = plaudit.Engine()

        def ours():
            return engine.measure(opps, period=PERIOD, as_of=AS_OF, touches=touches)

        con = duckdb.connect()
        (wall, cpu), m = best(ours, args.repeat)
        print(f"plaudit Engine.measure (tables in, attribution + KPIs + breakdowns): {wall:.3f} s wall, {cpu:.3f} s CPU")
        (dwall, dcpu), duck = best(lambda: duckdb_job(con, po, pt), args.repeat)
        print(f"DuckDB SQL (attribution + KPIs, from Parquet):                      {dwall:.3f} s wall, {dcpu:.3f} s CPU")
        compare(m, duck)
        print(f"identical results; DuckDB / plaudit: {dwall / wall:.2f}x wall, {dcpu / cpu:.2f}x CPU")


if __name__ == "__main__":
    main()
