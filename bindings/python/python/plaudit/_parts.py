"""What the distributed front ends (:mod:`plaudit.spark`, :mod:`plaudit.dask`) share: the
engine argument, and the step that turns one batch of advocates with their records nested
per advocate back into the long tables :meth:`plaudit.Engine.evaluate_table` reads.

The flattening is vectorized (pyarrow compute, no Python loop over rows) and lives in
:func:`flatten` alone, so that a door reading the nested shape directly can replace it.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, Optional, Sequence, Tuple, Union

from ._engine import Engine, PolicyLike

LONG_TABLES = ("activities", "engagements", "consents", "disruptions")
"""The long tables, in the order :meth:`plaudit.Engine.evaluate_table` takes them."""


def engine_arg(policy: Union[PolicyLike, Engine]) -> Engine:
    """An engine from an engine or a policy (``None``: the defaults)."""
    return policy if isinstance(policy, Engine) else Engine(policy)


def flatten(batch: Any, nested: Sequence[str]) -> Tuple[Any, Dict[str, Any]]:
    """Splits a pyarrow RecordBatch of advocates whose ``nested`` columns are lists of
    structs (one list per advocate) into the advocates table and one long table per nested
    column, each with an ``advocate_id`` column taken from the advocate's ``id``."""
    import pyarrow as pa
    import pyarrow.compute as pc

    names = batch.schema.names
    advocates = pa.Table.from_batches([batch.select([n for n in names if n not in nested])])
    ids = batch.column("id")
    long: Dict[str, Any] = {}
    for name in nested:
        lists = batch.column(name)
        rows = pc.list_flatten(lists)
        parents = pc.list_parent_indices(lists)
        fields = [rows.type.field(i).name for i in range(rows.type.num_fields)]
        long[name] = pa.table(
            [pc.take(ids, parents), *rows.flatten()], names=["advocate_id", *fields]
        )
    return advocates, long


def concat(batches: Iterable[Any]) -> Optional[Any]:
    """The batches of one partition as one RecordBatch (``None`` when there is none)."""
    import pyarrow as pa

    batches = list(batches)
    if not batches:
        return None
    return pa.concat_batches(batches) if len(batches) > 1 else batches[0]
