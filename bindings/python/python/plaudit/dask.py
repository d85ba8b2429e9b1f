"""Plaudit over Dask DataFrames: the same answers as one process, lighter to install than
Spark (``pip install plaudit[dask]``).

Every function takes the long tables of :meth:`plaudit.Engine.evaluate_table` as Dask
DataFrames: ``advocates`` (one row per advocate, an ``id`` column), and ``activities``,
``engagements``, ``consents`` and ``disruptions`` (one row per record, joined by
``advocate_id``). Every table is shuffled on the same key (the advocate id; for :func:`rank`
and :func:`coverage` the account, so that each partition holds whole accounts) into the same
number of partitions, so partition ``i`` of every table holds the same advocates; each
partition is then scored as Arrow tables by the engine (``map_partitions``). Records may also
come already nested: a column of ``advocates`` named like a long table holding a list per
advocate (of structs; of dates for engagements) goes to the engine's nested door as it is.

- :func:`evaluate` returns a Dask DataFrame with the columns of ``evaluate_table`` (Arrow
  dtypes).
- :func:`rank`, :func:`assign_tiers` and :func:`coverage` return the same result objects as
  :meth:`plaudit.Engine.rank`, ``assign_tiers`` and ``coverage`` over the whole roster; for
  ``rank`` only each partition's best candidates and counts reach the client.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Optional, Sequence, Union

from ._engine import DateLike, Engine, PolicyLike
from ._parts import LONG_TABLES, engine_arg
from ._results import Portfolio, Ranking, TierAssignment
from ._roster import Roster

if TYPE_CHECKING:  # pragma: no cover
    import dask.dataframe

__all__ = ["assign_tiers", "coverage", "evaluate", "rank"]

KEY = "__plaudit_key"


def _long(*tables: Any) -> Dict[str, Any]:
    return {k: v for k, v in zip(LONG_TABLES, tables) if v is not None}


def _aligned(
    advocates: "dask.dataframe.DataFrame",
    long: Mapping[str, "dask.dataframe.DataFrame"],
    by_account: bool,
    npartitions: Optional[int],
) -> List["dask.dataframe.DataFrame"]:
    """Every table shuffled on one key into the same partitions: the advocate id, or the
    account (whole accounts per partition). Long rows take their advocate's account by a
    join; rows of an unknown advocate keep their own id as key, so the engine still sees
    (and reports) them."""
    n = npartitions or max([advocates.npartitions, *(d.npartitions for d in long.values())])
    if not long and not by_account and npartitions is None:
        # Advocates alone (records nested in them, or none): any split will do.
        return [advocates.assign(**{KEY: ""})]
    if by_account and "account_id" in advocates.columns:
        adv = advocates.assign(**{KEY: advocates["account_id"].fillna("")})
        accounts = adv[["id", KEY]].rename(columns={"id": "advocate_id"})
        tables = [
            d.merge(accounts, on="advocate_id", how="left").assign(
                **{KEY: lambda x: x[KEY].fillna("\0" + x["advocate_id"].astype(str))}
            )
            for d in long.values()
        ]
    else:
        adv = advocates.assign(**{KEY: advocates["id"].astype(str)})
        tables = [d.assign(**{KEY: d["advocate_id"].astype(str)}) for d in long.values()]
    return [t.shuffle(on=KEY, npartitions=n) for t in [adv, *tables]]


def _arrow(frames: Sequence[Any], names: Sequence[str]) -> Dict[str, Any]:
    """One partition of every table as pyarrow tables (without the key)."""
    import pyarrow as pa

    out = {}
    for name, df in zip(["advocates", *names], frames):
        out[name] = pa.Table.from_pandas(df.drop(columns=[KEY]), preserve_index=False)
    return out


def _run(
    advocates: Any, long: Mapping[str, Any], by_account: bool, npartitions: Optional[int],
    fn: Any, meta: Any,
) -> Any:
    import dask.dataframe as dd

    frames = _aligned(advocates, long, by_account, npartitions)
    return dd.map_partitions(fn, *frames, meta=meta, align_dataframes=False)


def _texts(
    advocates: Any, long: Mapping[str, Any], by_account: bool, npartitions: Optional[int],
    part: Any,
) -> List[str]:
    """``part`` (pyarrow tables of one partition -> JSON text) on every partition; the
    texts reach the client."""
    import pandas as pd

    names = list(long)

    def each(*frames: Any) -> Any:
        return pd.DataFrame({"part": [part(_arrow(frames, names))]})

    out = _run(advocates, long, by_account, npartitions, each,
               pd.DataFrame({"part": pd.Series([], dtype=object)}))
    return list(out.compute()["part"])


def evaluate(
    advocates: "dask.dataframe.DataFrame",
    activities: Optional["dask.dataframe.DataFrame"] = None,
    engagements: Optional["dask.dataframe.DataFrame"] = None,
    consents: Optional["dask.dataframe.DataFrame"] = None,
    disruptions: Optional["dask.dataframe.DataFrame"] = None,
    *,
    as_of: DateLike,
    policy: Union[PolicyLike, Engine] = None,
    threads: int = 1,
    unknown_ids: str = "error",
    npartitions: Optional[int] = None,
) -> "dask.dataframe.DataFrame":
    """Scores every advocate: a Dask DataFrame with the columns of
    :meth:`plaudit.Engine.evaluate_table` (Arrow dtypes), one row per advocate. ``threads``
    is the engine's threads per partition task."""
    import pandas as pd
    import pyarrow as pa

    engine = engine_arg(policy)
    long = _long(activities, engagements, consents, disruptions)
    names = list(long)
    id_type = pa.Schema.from_pandas(advocates._meta, preserve_index=False).field("id").type
    empty = engine.evaluate_table(pa.table({"id": pa.array([], type=id_type)}), as_of=as_of)
    meta = empty.to_pandas(types_mapper=pd.ArrowDtype)

    def score(*frames: Any) -> Any:
        t = _arrow(frames, names)
        out = engine.evaluate_table(
            t.pop("advocates"), **t, as_of=as_of, threads=threads, unknown_ids=unknown_ids
        )
        return out.to_pandas(types_mapper=pd.ArrowDtype)

    return _run(advocates, long, False, npartitions, score, meta)


def _roster(t: Dict[str, Any], unknown_ids: str) -> Roster:
    return Roster.from_tables(t.pop("advocates"), **t, unknown_ids=unknown_ids)


def rank(
    request: Mapping[str, object],
    advocates: "dask.dataframe.DataFrame",
    activities: Optional["dask.dataframe.DataFrame"] = None,
    engagements: Optional["dask.dataframe.DataFrame"] = None,
    consents: Optional["dask.dataframe.DataFrame"] = None,
    disruptions: Optional["dask.dataframe.DataFrame"] = None,
    *,
    as_of: DateLike,
    policy: Union[PolicyLike, Engine] = None,
    exclusions: bool = False,
    unknown_ids: str = "error",
    npartitions: Optional[int] = None,
) -> Ranking:
    """Ranks every advocate for one request: exactly :meth:`plaudit.Engine.rank` over the
    whole roster (``excluded`` only with ``exclusions=True``)."""
    engine = engine_arg(policy)
    request = dict(request)
    long = _long(activities, engagements, consents, disruptions)
    texts = _texts(advocates, long, True, npartitions, lambda t: engine.rank_partial(
        request, _roster(t, unknown_ids), as_of, exclusions=exclusions))
    return engine.merge_rankings(request, texts)


def assign_tiers(
    advocates: "dask.dataframe.DataFrame",
    activities: Optional["dask.dataframe.DataFrame"] = None,
    engagements: Optional["dask.dataframe.DataFrame"] = None,
    consents: Optional["dask.dataframe.DataFrame"] = None,
    disruptions: Optional["dask.dataframe.DataFrame"] = None,
    *,
    as_of: DateLike,
    policy: Union[PolicyLike, Engine] = None,
    unknown_ids: str = "error",
    npartitions: Optional[int] = None,
) -> TierAssignment:
    """Tiers for the whole roster with the population shares: exactly
    :meth:`plaudit.Engine.assign_tiers` (the share step runs on the client over one small
    row per advocate)."""
    engine = engine_arg(policy)
    long = _long(activities, engagements, consents, disruptions)
    texts = _texts(advocates, long, False, npartitions,
                   lambda t: engine.tier_rows(_roster(t, unknown_ids), as_of))
    return engine.assign_tier_rows(texts)


def coverage(
    advocates: "dask.dataframe.DataFrame",
    activities: Optional["dask.dataframe.DataFrame"] = None,
    engagements: Optional["dask.dataframe.DataFrame"] = None,
    consents: Optional["dask.dataframe.DataFrame"] = None,
    disruptions: Optional["dask.dataframe.DataFrame"] = None,
    *,
    targets: Sequence[Mapping[str, object]],
    as_of: DateLike,
    policy: Union[PolicyLike, Engine] = None,
    unknown_ids: str = "error",
    npartitions: Optional[int] = None,
) -> Portfolio:
    """The program at a glance: exactly :meth:`plaudit.Engine.coverage` over the whole
    roster."""
    engine = engine_arg(policy)
    targets = [dict(t) for t in targets]
    long = _long(activities, engagements, consents, disruptions)
    texts = _texts(advocates, long, True, npartitions,
                   lambda t: engine.coverage_partial(_roster(t, unknown_ids), targets, as_of))
    return engine.merge_coverage(targets, texts)
