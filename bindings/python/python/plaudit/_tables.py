"""Accepting any Arrow-compatible table.

pyarrow Tables and RecordBatches, polars DataFrames, pandas DataFrames (2.2+) and DuckDB
relations all export the Arrow PyCapsule stream interface (``__arrow_c_stream__``), which the
engine reads without copying. Older pandas goes through pyarrow; a list of dicts or a dict of
columns is accepted for convenience.
"""

from __future__ import annotations

import sys
from typing import Any, Mapping, Optional, Sequence, Union, cast, overload

if sys.version_info >= (3, 11):
    from typing import Protocol, runtime_checkable
else:  # pragma: no cover - older Pythons
    from typing_extensions import Protocol, runtime_checkable


@runtime_checkable
class ArrowTableLike(Protocol):
    """Anything exporting an Arrow stream through the PyCapsule interface: a pyarrow Table
    or RecordBatch, a polars or pandas (2.2+) DataFrame, a DuckDB relation..."""

    def __arrow_c_stream__(self, requested_schema: Optional[object] = None) -> object: ...


TableLike = Union[ArrowTableLike, Sequence[Mapping[str, object]], Mapping[str, Sequence[object]]]
"""A table argument: an :class:`ArrowTableLike`, a list of row dicts or a dict of columns
(an older pandas DataFrame is read through pyarrow too)."""


@overload
def arrow_input(obj: None, name: str) -> None: ...
@overload
def arrow_input(obj: object, name: str) -> ArrowTableLike: ...


def arrow_input(obj: object, name: str) -> Optional[ArrowTableLike]:
    """``obj`` as something exporting ``__arrow_c_stream__`` (``None`` stays ``None``)."""
    module = type(obj).__module__ or ""
    if module.startswith("polars") and _has_null_dtype(obj):
        # polars exports a column of dtype Null with one (empty) buffer, which the Arrow C
        # Data interface reader refuses ("doesn't expect buffer at index 0"); pyarrow reads
        # that export and writes Null arrays without buffers. The column stays all nulls:
        # absent values, as a column of None in any other dtype.
        import pyarrow as pa

        return cast(ArrowTableLike, pa.table(obj))
    if obj is None or hasattr(obj, "__arrow_c_stream__"):
        return cast(Optional[ArrowTableLike], obj)
    if module.startswith("pandas"):
        import pyarrow as pa

        return cast(ArrowTableLike, pa.Table.from_pandas(obj, preserve_index=False))
    if module.startswith("duckdb") and hasattr(obj, "arrow"):
        return cast(ArrowTableLike, obj.arrow())
    if isinstance(obj, (list, tuple)) and all(isinstance(r, dict) for r in obj):
        import pyarrow as pa

        return cast(ArrowTableLike, pa.Table.from_pylist(list(obj)))
    if isinstance(obj, dict):
        import pyarrow as pa

        return cast(ArrowTableLike, pa.table(obj))
    # Let the engine report what it got, as a RecordError naming the argument.
    return cast(ArrowTableLike, obj)


def _has_null_dtype(frame: object) -> bool:
    """Whether a polars frame has a column of dtype Null, alone or inside a list, array or
    struct (an all-empty list column is ``List(Null)``)."""
    dtypes = getattr(frame, "dtypes", None)
    return isinstance(dtypes, list) and any(_is_or_holds_null(d) for d in dtypes)


def _is_or_holds_null(dtype: Any) -> bool:
    if type(dtype).__name__ == "Null":
        return True
    inner = getattr(dtype, "inner", None)
    if inner is not None and _is_or_holds_null(inner):
        return True
    fields = getattr(dtype, "fields", None)
    return isinstance(fields, list) and any(_is_or_holds_null(f.dtype) for f in fields)


__all__ = ["ArrowTableLike", "TableLike", "arrow_input"]
