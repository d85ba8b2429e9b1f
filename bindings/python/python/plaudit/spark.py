"""Plaudit over Spark DataFrames: the same answers as one process, where the data lives.

Install with ``pip install plaudit[spark]`` (PySpark 4). Every function takes the long tables
of :meth:`plaudit.Engine.evaluate_table` as Spark DataFrames: ``advocates`` (one row per
advocate, an ``id`` column), and ``activities``, ``engagements``, ``consents`` and
``disruptions`` (one row per record, joined by ``advocate_id``). Records may also come
already nested: a column of ``advocates`` named like a long table holding a list of structs
(the long table's columns without ``advocate_id``; for engagements a list of dates) is read
as that advocate's records, with no grouping or join.

Inside Spark each long table is grouped per advocate (``collect_list`` of a struct) and
joined to its advocate, so an advocate and all its records travel as one row; partitions are
then scored in Arrow batches with ``mapInArrow``, each batch read as it comes by the engine's
nested door (no regrouping in Python). The engine travels to the workers by
pickle (as its policy); workers need the ``plaudit`` wheel and nothing else, and each uses
one thread unless told otherwise (Spark already runs one task per core).

- :func:`evaluate` returns a DataFrame with the columns of ``evaluate_table``.
- :func:`rank`, :func:`assign_tiers` and :func:`coverage` return the same result objects as
  :meth:`plaudit.Engine.rank`, ``assign_tiers`` and ``coverage`` over the whole roster.
  ``rank`` and ``coverage`` repartition by ``account_id`` (the account cap and
  ``max_per_account`` look at a whole account) and send the driver only each partition's
  best candidates and counts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, Iterator, List, Mapping, Optional, Sequence, Union

from ._engine import DateLike, Engine, PolicyLike
from ._errors import RecordError
from ._parts import LONG_TABLES, concat, engine_arg
from ._results import Portfolio, Ranking, TierAssignment
from ._roster import Roster

if TYPE_CHECKING:  # pragma: no cover
    from pyspark.sql import DataFrame

__all__ = ["assign_tiers", "coverage", "evaluate", "rank"]


def _long(
    activities: Optional["DataFrame"],
    engagements: Optional["DataFrame"],
    consents: Optional["DataFrame"],
    disruptions: Optional["DataFrame"],
) -> Dict[str, "DataFrame"]:
    given = dict(zip(LONG_TABLES, (activities, engagements, consents, disruptions)))
    return {k: v for k, v in given.items() if v is not None}


KNOWN = "__plaudit_known"
"""A column set on every advocate row before the joins: a nested row without it holds
records of an advocate not in ``advocates``."""


def _nest(advocates: "DataFrame", long: Mapping[str, "DataFrame"]) -> "DataFrame":
    """One row per advocate, each long table as a list of structs. Outer joins: an advocate
    without records gets a null list, and records of an unknown advocate a row of their own
    (without ``KNOWN``), so that no extra pass over the data is needed to find them."""
    from pyspark.sql import functions as F

    out = advocates.withColumn(KNOWN, F.lit(True))
    for name, df in long.items():
        if "advocate_id" not in df.columns:
            raise RecordError(
                f"{name}.advocate_id: the column is required",
                [{"path": f"{name}.advocate_id", "code": "required",
                  "message": "the column is required"}],
            )
        fields = [c for c in df.columns if c != "advocate_id"]
        # The nested door's shape: engagements a list of dates, the others lists of
        # structs with the long table's columns (Spark's dates, longs and strings as is).
        item = F.col("date") if fields == ["date"] else F.struct(*fields)
        nested = df.groupBy("advocate_id").agg(F.collect_list(item).alias(name))
        out = out.join(nested.withColumnRenamed("advocate_id", "id"), on="id", how="full")
    return out


def _prepare(
    advocates: "DataFrame", long: Mapping[str, "DataFrame"], unknown_ids: str
) -> "DataFrame":
    if unknown_ids not in ("error", "ignore"):
        raise RecordError(
            f"unknown_ids: `{unknown_ids}` is not one of `error`, `ignore`",
            [{"path": "unknown_ids", "code": "invalid_value",
              "message": f"`{unknown_ids}` is not one of `error`, `ignore`"}],
        )
    nested = _nest(advocates, long)
    if unknown_ids == "ignore":
        nested = nested.where(nested[KNOWN].isNotNull())
    return nested


def _known(batch: Any, nested: Sequence[str]) -> Any:
    """The batch without its marker column; records of an advocate not in ``advocates``
    are errors naming the table (as in one process)."""
    import pyarrow.compute as pc

    known = batch.column(KNOWN)
    if known.null_count:
        unknown = batch.filter(pc.is_null(known))
        errors = []
        for name in nested:
            rows = unknown.filter(pc.is_valid(unknown.column(name)))
            if rows.num_rows:
                message = (f"`{rows.column('id')[0]}` is not an id in `advocates` "
                           "(unknown_ids=\"ignore\" skips such rows)")
                errors.append({"path": f"{name}.advocate_id", "code": "invalid_value",
                               "message": message})
        raise RecordError("\n".join(f"{e['path']}: {e['message']}" for e in errors), errors)
    return batch.drop_columns([KNOWN])


def _names(advocates: "DataFrame", long: Mapping[str, "DataFrame"]) -> List[str]:
    """The record columns nested per advocate: the long tables given, and the columns of
    ``advocates`` already nested per advocate (a list named ``activities``,
    ``engagements``, ``consents`` or ``disruptions``: of structs, or of dates for
    engagements; no grouping or join needed)."""
    from pyspark.sql.types import ArrayType

    names = list(long)
    for name in LONG_TABLES:
        if name not in advocates.columns:
            continue
        if not isinstance(advocates.schema[name].dataType, ArrayType):
            continue
        if name in long:
            raise RecordError(
                f"{name}: given both as a table and as a column of `advocates`",
                [{"path": name, "code": "invalid_value",
                  "message": "given both as a table and as a column of `advocates`"}],
            )
        names.append(name)
    return names


def _by_account(nested: "DataFrame") -> "DataFrame":
    # Whole accounts per partition: what rank and coverage need. Without accounts any split
    # works.
    if "account_id" in nested.columns:
        return nested.repartition("account_id")
    return nested


def _roster(batch: Any, nested: Sequence[str]) -> Roster:
    # The batch goes to the nested door as is: each advocate's records are its lists.
    return Roster.from_tables(_known(batch, nested))


def _texts(df: "DataFrame", run: Any) -> List[str]:
    """Runs ``run`` (batches -> iterator of JSON texts) on every partition; the texts reach
    the driver."""
    import pyarrow as pa

    def each(batches: Iterator[Any]) -> Iterator[Any]:
        for text in run(batches):
            yield pa.RecordBatch.from_pydict({"part": [text]})

    return [r[0] for r in df.mapInArrow(each, "part string").collect()]


def _output_schema(engine: Engine, df: "DataFrame", as_of: DateLike) -> Any:
    """The Spark schema of ``evaluate_table``'s output for these advocates (it depends only
    on the id column's type). Spark has no unsigned integers: an unsigned column becomes the
    next wider signed one (``uint32`` counts are ``bigint``), with the same values."""
    import pyarrow as pa
    from pyspark.sql.pandas.types import from_arrow_schema, to_arrow_type

    id_type = to_arrow_type(df.schema["id"].dataType)
    empty = engine.evaluate_table(pa.table({"id": pa.array([], type=id_type)}), as_of=as_of)
    wider = {pa.uint8(): pa.int16(), pa.uint16(): pa.int32(), pa.uint32(): pa.int64()}
    fields = [f.with_type(wider.get(f.type, f.type)) for f in empty.schema]
    return from_arrow_schema(pa.schema(fields))


def evaluate(
    advocates: "DataFrame",
    activities: Optional["DataFrame"] = None,
    engagements: Optional["DataFrame"] = None,
    consents: Optional["DataFrame"] = None,
    disruptions: Optional["DataFrame"] = None,
    *,
    as_of: DateLike,
    policy: Union[PolicyLike, Engine] = None,
    threads: int = 1,
    unknown_ids: str = "error",
) -> "DataFrame":
    """Scores every advocate: a DataFrame with one row per advocate and the columns (and
    types) of :meth:`plaudit.Engine.evaluate_table`. Lazy, like any DataFrame: write it or
    collect it. ``policy`` is a :class:`plaudit.Engine`, a policy dict or text, or ``None``;
    ``threads`` is the threads per Spark task."""
    from pyspark.sql.pandas.types import to_arrow_schema

    engine = engine_arg(policy)
    long = _long(activities, engagements, consents, disruptions)
    nested = _prepare(advocates, long, unknown_ids)
    names = _names(advocates, long)
    schema = _output_schema(engine, advocates, as_of)
    arrow_schema = to_arrow_schema(schema)

    def score(batches: Iterator[Any]) -> Iterator[Any]:
        for batch in batches:
            out = engine.evaluate_table(_known(batch, names), as_of=as_of, threads=threads)
            yield from out.cast(arrow_schema).to_batches()

    return nested.mapInArrow(score, schema)


def rank(
    request: Mapping[str, object],
    advocates: "DataFrame",
    activities: Optional["DataFrame"] = None,
    engagements: Optional["DataFrame"] = None,
    consents: Optional["DataFrame"] = None,
    disruptions: Optional["DataFrame"] = None,
    *,
    as_of: DateLike,
    policy: Union[PolicyLike, Engine] = None,
    exclusions: bool = False,
    unknown_ids: str = "error",
) -> Ranking:
    """Ranks every advocate for one request: exactly :meth:`plaudit.Engine.rank` over the
    whole roster. Each partition (whole accounts) sends the driver its best ``count``
    matches, its near misses and its counts; every exclusion only with
    ``exclusions=True`` (otherwise ``excluded`` is empty)."""
    engine = engine_arg(policy)
    long = _long(activities, engagements, consents, disruptions)
    nested = _by_account(_prepare(advocates, long, unknown_ids))
    names = _names(advocates, long)
    request = dict(request)

    def run(batches: Iterator[Any]) -> Iterator[str]:
        batch = concat(batches)
        if batch is not None:
            roster = _roster(batch, names)
            yield engine.rank_partial(request, roster, as_of, exclusions=exclusions)

    return engine.merge_rankings(request, _texts(nested, run))


def assign_tiers(
    advocates: "DataFrame",
    activities: Optional["DataFrame"] = None,
    engagements: Optional["DataFrame"] = None,
    consents: Optional["DataFrame"] = None,
    disruptions: Optional["DataFrame"] = None,
    *,
    as_of: DateLike,
    policy: Union[PolicyLike, Engine] = None,
    unknown_ids: str = "error",
) -> TierAssignment:
    """Tiers for the whole roster with the population shares: exactly
    :meth:`plaudit.Engine.assign_tiers`. Workers compute each advocate's tier and points;
    the share step runs on the driver over one small row per advocate."""
    engine = engine_arg(policy)
    long = _long(activities, engagements, consents, disruptions)
    nested = _prepare(advocates, long, unknown_ids)
    names = _names(advocates, long)

    def run(batches: Iterator[Any]) -> Iterator[str]:
        for batch in batches:
            yield engine.tier_rows(_roster(batch, names), as_of)

    return engine.assign_tier_rows(_texts(nested, run))


def coverage(
    advocates: "DataFrame",
    activities: Optional["DataFrame"] = None,
    engagements: Optional["DataFrame"] = None,
    consents: Optional["DataFrame"] = None,
    disruptions: Optional["DataFrame"] = None,
    *,
    targets: Sequence[Mapping[str, object]],
    as_of: DateLike,
    policy: Union[PolicyLike, Engine] = None,
    unknown_ids: str = "error",
) -> Portfolio:
    """The program at a glance: exactly :meth:`plaudit.Engine.coverage` over the whole
    roster. Each partition (whole accounts) sends counts and its enrollment candidates."""
    engine = engine_arg(policy)
    long = _long(activities, engagements, consents, disruptions)
    nested = _by_account(_prepare(advocates, long, unknown_ids))
    names = _names(advocates, long)
    targets = [dict(t) for t in targets]

    def run(batches: Iterator[Any]) -> Iterator[str]:
        batch = concat(batches)
        if batch is not None:
            yield engine.coverage_partial(_roster(batch, names), targets, as_of)

    return engine.merge_coverage(targets, _texts(nested, run))
