"""What the distributed front ends (:mod:`plaudit.spark`, :mod:`plaudit.dask`) share: the
engine argument, the long tables' names and the batches of one partition as one."""

from __future__ import annotations

from typing import Any, Iterable, Optional, Union

from ._engine import Engine, PolicyLike

LONG_TABLES = ("activities", "engagements", "consents", "disruptions")
"""The long tables, in the order :meth:`plaudit.Engine.evaluate_table` takes them."""


def engine_arg(policy: Union[PolicyLike, Engine]) -> Engine:
    """An engine from an engine or a policy (``None``: the defaults)."""
    return policy if isinstance(policy, Engine) else Engine(policy)


def concat(batches: Iterable[Any]) -> Optional[Any]:
    """The batches of one partition as one RecordBatch (``None`` when there is none)."""
    import pyarrow as pa

    batches = list(batches)
    if not batches:
        return None
    return pa.concat_batches(batches) if len(batches) > 1 else batches[0]
