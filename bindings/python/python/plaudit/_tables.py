"""Accepting any Arrow-compatible table.

pyarrow Tables and RecordBatches, polars DataFrames, pandas DataFrames (2.2+) and DuckDB
relations all export the Arrow PyCapsule stream interface (``__arrow_c_stream__``), which the
engine reads without copying. Older pandas goes through pyarrow; a list of dicts or a dict of
columns is accepted for convenience.
"""

from __future__ import annotations

from typing import Any, Optional


def arrow_input(obj: Any, name: str) -> Optional[Any]:
    """``obj`` as something exporting ``__arrow_c_stream__`` (``None`` stays ``None``)."""
    if obj is None or hasattr(obj, "__arrow_c_stream__"):
        return obj
    module = type(obj).__module__ or ""
    if module.startswith("pandas"):
        import pyarrow as pa

        return pa.Table.from_pandas(obj, preserve_index=False)
    if module.startswith("duckdb") and hasattr(obj, "arrow"):
        return obj.arrow()
    if isinstance(obj, (list, tuple)) and all(isinstance(r, dict) for r in obj):
        import pyarrow as pa

        return pa.Table.from_pylist(list(obj))
    if isinstance(obj, dict):
        import pyarrow as pa

        return pa.table(obj)
    # Let the engine report what it got, as a RecordError naming the argument.
    return obj
