"""Synthetic customer bases in the long format, generated with numpy and pyarrow.

Deterministic for a seed. Per advocate, on average: 4 activities, 8 engagements and 2.6
consent records, so 1M advocates give about 4M / 8M / 2.6M long rows. Dates spread around
``AS_OF`` so that every lifecycle state, every eligibility gate and the boundaries (NPS age
365/366, tenure around 12 months, at-risk drops) occur.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Optional

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

AS_OF = dt.date(2026, 3, 1)
EPOCH = dt.date(1970, 1, 1)
AS_OF_DAYS = (AS_OF - EPOCH).days

KINDS = ["reference_call", "case_study", "testimonial", "review", "referral", "speaking",
         "event", "advisory_board", "beta_test", "community_leadership"]
STATUSES = ["completed", "scheduled", "declined", "no_response", "cancelled", "requested"]
STATUS_P = [0.6, 0.12, 0.1, 0.1, 0.05, 0.03]
PURPOSES = ["program", "reference_contact", "public_name", "logo", "quote", "recording"]
PURPOSE_P = [0.55, 0.2, 0.1, 0.05, 0.05, 0.05]
INFLUENCES = ["follower", "practitioner", "leader", "thought_leader"]


@dataclass
class Base:
    """One synthetic customer base."""

    advocates: pa.Table
    activities: pa.Table
    engagements: pa.Table
    consents: pa.Table


def _dates(days: np.ndarray) -> pa.Array:
    return pa.array(days.astype(np.int32), type=pa.date32())


def _strings(codes: np.ndarray, values: list, mask: Optional[np.ndarray] = None) -> pa.Array:
    d = pa.DictionaryArray.from_arrays(pa.array(codes.astype(np.int32), mask=mask), pa.array(values))
    return d.cast(pa.string())


def _ids(idx: np.ndarray) -> pa.Array:
    s = pc.utf8_lpad(pc.cast(pa.array(idx), pa.string()), width=7, padding="0")
    return pc.binary_join_element_wise("adv-", s, "")


def generate(n: int, seed: int = 42, shuffle_long_rows: bool = False) -> Base:
    """A customer base of ``n`` advocates; long rows grouped by advocate in id order unless
    ``shuffle_long_rows``."""
    rng = np.random.default_rng(seed)
    ids = _ids(np.arange(n))

    since = AS_OF_DAYS - rng.integers(-60, 12 * 365, n)
    health = rng.integers(40, 101, n).astype(np.float64)
    nps = rng.integers(0, 11, n)
    nps_missing = rng.random(n) < 0.15
    nps_on = AS_OF_DAYS - rng.integers(-10, 500, n)
    nps_on_missing = rng.random(n) < 0.2
    influence = rng.integers(0, 4, n)
    influence_missing = rng.random(n) < 0.1
    advocates = pa.table({
        "id": ids,
        "account_id": _ids(rng.integers(0, max(1, n // 3), n)),
        "customer_since": _dates(since),
        "health_score": health,
        "nps": pa.array(nps, mask=nps_missing),
        "nps_on": pa.array(nps_on.astype(np.int32), type=pa.date32(), mask=nps_on_missing),
        "has_measurable_outcome": pa.array(rng.random(n) < 0.7),
        "influence": _strings(influence, INFLUENCES, influence_missing),
        "erasure_requested": pa.array(rng.random(n) < 0.005),
    })

    def owners(mean: float) -> np.ndarray:
        counts = rng.poisson(mean, n)
        return np.repeat(np.arange(n), counts)

    # Activities: over the last three years, a few booked ahead.
    a_own = owners(4.0)
    m = len(a_own)
    activities = pa.table({
        "advocate_id": ids.take(pa.array(a_own)),
        "kind": _strings(rng.integers(0, len(KINDS), m), KINDS),
        "date": _dates(AS_OF_DAYS - rng.integers(-60, 3 * 365, m)),
        "status": _strings(rng.choice(len(STATUSES), m, p=STATUS_P), STATUSES),
    })

    # Engagements: per advocate a recent rate, so some engagement drops (at risk) occur.
    e_own = owners(8.0)
    m = len(e_own)
    horizon = np.where(rng.random(n) < 0.3, 120, 500)[e_own]
    engagements = pa.table({
        "advocate_id": ids.take(pa.array(e_own)),
        "date": _dates(AS_OF_DAYS + 5 - (rng.random(m) * horizon).astype(np.int64)),
    })

    c_own = owners(2.6)
    m = len(c_own)
    consents = pa.table({
        "advocate_id": ids.take(pa.array(c_own)),
        "purpose": _strings(rng.choice(len(PURPOSES), m, p=PURPOSE_P), PURPOSES),
        "status": _strings((rng.random(m) < 0.1).astype(np.int64), ["granted", "withdrawn"]),
        "on": _dates(AS_OF_DAYS - rng.integers(-30, 5 * 365, m)),
    })

    if shuffle_long_rows:
        def shuffled(t: pa.Table) -> pa.Table:
            return t.take(pa.array(rng.permutation(t.num_rows)))
        activities, engagements, consents = map(shuffled, (activities, engagements, consents))
    return Base(advocates, activities, engagements, consents)


def nest(base: Base) -> pa.Table:
    """The advocates table with the history nested in it (the shape of a nested Parquet file
    and of DuckDB's / polars' list columns): ``activities`` and ``consents`` as lists of
    structs, ``engagements`` as a list of dates, each advocate's rows in input order."""
    n = base.advocates.num_rows

    def lists(t: pa.Table, fields: list) -> pa.Array:
        owner = pc.index_in(t["advocate_id"], value_set=base.advocates["id"]).to_numpy()
        order = np.argsort(owner, kind="stable")
        offsets = np.zeros(n + 1, dtype=np.int32)
        np.cumsum(np.bincount(owner, minlength=n), out=offsets[1:])
        t = t.take(pa.array(order))
        if len(fields) == 1:
            values = t[fields[0]].combine_chunks()
        else:
            values = pa.StructArray.from_arrays([t[f].combine_chunks() for f in fields], names=fields)
        return pa.ListArray.from_arrays(pa.array(offsets), values)

    return (base.advocates
            .append_column("activities", lists(base.activities, ["kind", "date", "status"]))
            .append_column("engagements", lists(base.engagements, ["date"]))
            .append_column("consents", lists(base.consents, ["purpose", "status", "on"])))
