"""The same batch job written by hand in DuckDB SQL and in polars, for the benchmark and as
an independent oracle in the tests: eligibility gates, readiness and lifecycle (docs/rules.md#eligibility-and-readiness, #lifecycle, #precise-points) with the default policy.

Both return a pyarrow Table with the columns and order of ``Engine.evaluate_table``:
``id, eligible, reasons, readiness, lifecycle, tenure_months`` (erased advocates carry only
their id, their lifecycle and ``["erased"]`` as their reasons). The arithmetic follows the
core's order of operations so results are identical, not merely close.
"""

from __future__ import annotations

import calendar
import datetime as dt

import pyarrow as pa

# Default policy (docs/rules.md#eligibility-and-readiness, #lifecycle).
MIN_HEALTH = 80.0
MIN_TENURE = 12
PROMOTER = 9
NPS_MAX_AGE = 365
WEIGHTS = (0.30, 0.25, 0.10, 0.15, 0.10, 0.10)  # health, nps, tenure, engagement, outcome, influence
TOTAL = 0.0
for _w in WEIGHTS:
    TOTAL += _w
TENURE_FULL = 36.0
ENGAGEMENT_FULL = 6.0
WINDOW = 60
ARCHIVE_AFTER = 365
INFLUENCE = {"follower": 0.25, "practitioner": 0.5, "leader": 0.75, "thought_leader": 1.0}

SCHEMA = pa.schema([
    ("id", pa.string()),
    ("eligible", pa.bool_()),
    ("reasons", pa.list_(pa.string())),
    ("readiness", pa.float64()),
    ("lifecycle", pa.string()),
    ("tenure_months", pa.int32()),
])


def _tenure_parts(as_of: dt.date):
    """Whole months from ``since``: the calendar difference, one less when the day of
    ``since`` (clamped to the length of ``as_of``'s month) is after ``as_of``'s day."""
    dim = calendar.monthrange(as_of.year, as_of.month)[1]
    return as_of.year * 12 + as_of.month, dim, as_of.day


def duckdb_job(con, advocates, activities, engagements, consents, as_of: dt.date) -> pa.Table:
    """The job as one DuckDB SQL query over Arrow tables."""
    ym, dim, day = _tenure_parts(as_of)
    w = [repr(float(x)) for x in WEIGHTS]
    infl = " ".join(f"WHEN '{k}' THEN {v!r}" for k, v in INFLUENCE.items())
    con.register("advocates", advocates)
    con.register("activities", activities)
    con.register("engagements", engagements)
    con.register("consents", consents)
    sql = f"""
    WITH ev AS (
        SELECT advocate_id, "date" AS d FROM engagements WHERE "date" <= DATE '{as_of}'
        UNION ALL
        SELECT advocate_id, "date" FROM activities
        WHERE status = 'completed' AND "date" <= DATE '{as_of}'
    ),
    ec AS (
        SELECT advocate_id,
               count(*) FILTER (WHERE d > DATE '{as_of}' - {WINDOW}) AS recent,
               count(*) FILTER (WHERE d <= DATE '{as_of}' - {WINDOW}
                                  AND d > DATE '{as_of}' - {2 * WINDOW}) AS prior,
               max(d) AS latest_ev
        FROM ev GROUP BY advocate_id
    ),
    cs AS (
        SELECT advocate_id,
               max("on") FILTER (WHERE status = 'granted') AS latest_grant,
               -- latest program record, a withdrawal winning a same-day tie
               max(CASE WHEN purpose = 'program'
                        THEN (("on" - DATE '1970-01-01') * 2 + (status = 'withdrawn')::INT) END)
                   AS program_key
        FROM consents WHERE "on" <= DATE '{as_of}' GROUP BY advocate_id
    ),
    base AS (
        SELECT a.id,
               coalesce(a.erasure_requested, false) AS erased,
               a.health_score AS h,
               {ym} - (year(a.customer_since) * 12 + month(a.customer_since))
                 - CASE WHEN least(day(a.customer_since), {dim}) > {day} THEN 1 ELSE 0 END AS m,
               CASE WHEN a.nps IS NOT NULL AND (a.nps_on IS NULL OR
                         (DATE '{as_of}' - a.nps_on) BETWEEN 0 AND {NPS_MAX_AGE})
                    THEN a.nps END AS nps,
               coalesce(a.has_measurable_outcome, false) AS outcome,
               CASE a.influence {infl} ELSE 0.0 END AS infl,
               coalesce(ec.recent, 0) AS recent,
               coalesce(ec.prior, 0) AS prior,
               greatest(ec.latest_ev, cs.latest_grant) AS latest,
               coalesce(cs.program_key % 2 = 1, false) AS opted_out
        FROM advocates a
        LEFT JOIN ec ON ec.advocate_id = a.id
        LEFT JOIN cs ON cs.advocate_id = a.id
    ),
    scored AS (
        SELECT *,
               list_filter([
                   CASE WHEN NOT (h >= {MIN_HEALTH}) THEN 'health_below_minimum' END,
                   CASE WHEN NOT outcome THEN 'no_measurable_outcome' END,
                   CASE WHEN nps IS NOT NULL AND nps < {PROMOTER} THEN 'not_promoter' END,
                   CASE WHEN nps IS NULL THEN 'nps_missing' END,
                   CASE WHEN m < {MIN_TENURE} THEN 'tenure_below_minimum' END
               ], lambda x: x IS NOT NULL) AS reasons,
               ((((({w[0]} * least(greatest(h / 100.0, 0.0), 1.0)
                    + {w[1]} * coalesce(least(greatest(nps / 10.0, 0.0), 1.0), 0.0))
                    + {w[2]} * least(greatest(m, 0) / {TENURE_FULL}, 1.0))
                    + {w[3]} * least(recent / {ENGAGEMENT_FULL}, 1.0))
                    + {w[4]} * CASE WHEN outcome THEN 1.0 ELSE 0.0 END)
                    + {w[5]} * infl) AS weighted
        FROM base
    )
    SELECT id,
           CASE WHEN erased THEN NULL ELSE len(reasons) = 0 END AS eligible,
           CASE WHEN erased THEN ['erased'] ELSE reasons END AS reasons,
           CASE WHEN erased THEN NULL
                ELSE round(100.0 * weighted / {TOTAL!r} * 100.0) / 100.0 END AS readiness,
           CASE WHEN erased THEN 'erased'
                WHEN opted_out THEN 'opted_out'
                WHEN latest IS NOT NULL AND DATE '{as_of}' - latest >= {ARCHIVE_AFTER} THEN 'inactive'
                WHEN prior >= 2 AND 2 * recent <= prior THEN 'at_risk'
                ELSE 'active' END AS lifecycle,
           CASE WHEN erased THEN NULL ELSE m::INTEGER END AS tenure_months
    FROM scored
    ORDER BY id
    """
    out = con.sql(sql).arrow()
    if hasattr(out, "read_all"):  # duckdb >= 1.4 returns a RecordBatchReader
        out = out.read_all()
    return out.cast(SCHEMA)


def polars_job(advocates, activities, engagements, consents, as_of: dt.date) -> pa.Table:
    """The job as one lazy polars query over Arrow tables (conversion included)."""
    import polars as pl

    ym, dim, day = _tenure_parts(as_of)
    d = pl.lit(as_of)
    adv = pl.from_arrow(advocates).lazy()
    act = pl.from_arrow(activities).lazy()
    eng = pl.from_arrow(engagements).lazy()
    con = pl.from_arrow(consents).lazy()

    ev = pl.concat([
        eng.select("advocate_id", pl.col("date").alias("d")),
        act.filter(pl.col("status") == "completed").select("advocate_id", pl.col("date").alias("d")),
    ]).filter(pl.col("d") <= d)
    age = (d - pl.col("d")).dt.total_days()
    ec = ev.group_by("advocate_id").agg(
        (age < WINDOW).sum().alias("recent"),
        ((age >= WINDOW) & (age < 2 * WINDOW)).sum().alias("prior"),
        pl.col("d").max().alias("latest_ev"),
    )
    key = (pl.col("on") - pl.lit(dt.date(1970, 1, 1))).dt.total_days() * 2 + (
        pl.col("status") == "withdrawn").cast(pl.Int64)
    cs = con.filter(pl.col("on") <= d).group_by("advocate_id").agg(
        pl.col("on").filter(pl.col("status") == "granted").max().alias("latest_grant"),
        key.filter(pl.col("purpose") == "program").max().alias("program_key"),
    )

    since = pl.col("customer_since")
    m = (pl.lit(ym) - (since.dt.year().cast(pl.Int64) * 12 + since.dt.month().cast(pl.Int64))
         - pl.when(pl.min_horizontal(since.dt.day().cast(pl.Int64), pl.lit(dim)) > day).then(1).otherwise(0))
    nps_age = (d - pl.col("nps_on")).dt.total_days()
    nps = pl.when(pl.col("nps").is_not_null() & (pl.col("nps_on").is_null() | ((nps_age >= 0) & (nps_age <= NPS_MAX_AGE)))).then(pl.col("nps"))
    base = adv.join(ec, left_on="id", right_on="advocate_id", how="left").join(
        cs, left_on="id", right_on="advocate_id", how="left"
    ).select(
        "id",
        pl.col("erasure_requested").fill_null(False).alias("erased"),
        pl.col("health_score").alias("h"),
        m.alias("m"),
        nps.alias("nps"),
        pl.col("has_measurable_outcome").fill_null(False).alias("outcome"),
        pl.col("influence").replace_strict(INFLUENCE, default=0.0, return_dtype=pl.Float64).alias("infl"),
        pl.col("recent").fill_null(0),
        pl.col("prior").fill_null(0),
        pl.max_horizontal("latest_ev", "latest_grant").alias("latest"),
        (pl.col("program_key") % 2 == 1).fill_null(False).alias("opted_out"),
    )

    def clamp01(e: pl.Expr) -> pl.Expr:
        return pl.min_horizontal(pl.max_horizontal(e, pl.lit(0.0)), pl.lit(1.0))

    h, n, mm = pl.col("h"), pl.col("nps"), pl.col("m")
    w = WEIGHTS
    weighted = (((((w[0] * clamp01(h / 100.0)
                    + w[1] * clamp01(n / 10.0).fill_null(0.0))
                   + w[2] * pl.min_horizontal(pl.max_horizontal(mm, pl.lit(0)) / TENURE_FULL, pl.lit(1.0)))
                  + w[3] * pl.min_horizontal(pl.col("recent") / ENGAGEMENT_FULL, pl.lit(1.0)))
                 + w[4] * pl.when(pl.col("outcome")).then(1.0).otherwise(0.0))
                + w[5] * pl.col("infl"))
    score = (100.0 * weighted / TOTAL).round(2, mode="half_away_from_zero")
    reasons = pl.concat_list(
        pl.when(~(h >= MIN_HEALTH)).then(pl.lit("health_below_minimum")),
        pl.when(~pl.col("outcome")).then(pl.lit("no_measurable_outcome")),
        pl.when(n.is_not_null() & (n < PROMOTER)).then(pl.lit("not_promoter")),
        pl.when(n.is_null()).then(pl.lit("nps_missing")),
        pl.when(mm < MIN_TENURE).then(pl.lit("tenure_below_minimum")),
    ).list.drop_nulls()
    erased = pl.col("erased")
    lifecycle = (pl.when(erased).then(pl.lit("erased"))
                 .when(pl.col("opted_out")).then(pl.lit("opted_out"))
                 .when(pl.col("latest").is_not_null() & ((d - pl.col("latest")).dt.total_days() >= ARCHIVE_AFTER)).then(pl.lit("inactive"))
                 .when((pl.col("prior") >= 2) & (2 * pl.col("recent") <= pl.col("prior"))).then(pl.lit("at_risk"))
                 .otherwise(pl.lit("active")))
    out = base.with_columns(reasons.alias("reasons")).select(
        "id",
        pl.when(erased).then(None).otherwise(pl.col("reasons").list.len() == 0).alias("eligible"),
        pl.when(erased).then(pl.lit(["erased"])).otherwise(pl.col("reasons")).alias("reasons"),
        pl.when(erased).then(None).otherwise(score).alias("readiness"),
        lifecycle.alias("lifecycle"),
        pl.when(erased).then(None).otherwise(mm).cast(pl.Int32).alias("tenure_months"),
    ).sort("id").collect()
    return out.to_arrow().cast(SCHEMA)


def compare(expected: pa.Table, actual: pa.Table, what: str) -> None:
    """Asserts the two tables are identical, row by row (both sorted by id), on the columns
    the reference implementations compute (eligibility and lifecycle)."""
    expected = expected.select(SCHEMA.names).cast(SCHEMA)
    actual = actual.select(SCHEMA.names).cast(SCHEMA)
    if expected.num_rows != actual.num_rows:
        raise AssertionError(f"{what}: {actual.num_rows} rows, expected {expected.num_rows}")
    for name in SCHEMA.names:
        a = expected.column(name).combine_chunks()
        b = actual.column(name).combine_chunks()
        if not a.equals(b):
            neq = [i for i in range(len(a)) if a[i] != b[i]][:5]
            rows = [(expected.column("id")[i].as_py(), a[i].as_py(), b[i].as_py()) for i in neq]
            raise AssertionError(f"{what}: column `{name}` differs, e.g. (id, plaudit, other): {rows}")
