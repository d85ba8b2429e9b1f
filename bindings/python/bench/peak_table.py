"""Peak memory of ``Engine.evaluate_table`` against the size of its input tables.

    plaudit generate -n 1000000 -f parquet -o DIR        # long tables, rows shuffled
    python bench/peak_table.py DIR                       # Linux: reads /proc/self/status

Reads the tables of ``DIR`` (``advocates``, ``activities``, ``engagements``, ``consents``,
``disruptions``; Arrow IPC files ``NAME.arrow`` or Parquet ``NAME.parquet``, each combined
into one chunk so the input's size is what pyarrow holds), scores them once and prints the
process's peak resident memory (``VmHWM``) against the tables' ``nbytes``. Run it in a
fresh process: the peak is the process's own. ``PLAUDIT_TRACE=1`` prints the memory after
each phase of the table door.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os

import pyarrow as pa
import pyarrow.ipc as ipc
import pyarrow.parquet as pq

import plaudit

TABLES = ["advocates", "activities", "engagements", "consents", "disruptions"]


def status_kb(key: str) -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key):
                return int(line.split()[1])
    raise RuntimeError(f"no {key} in /proc/self/status")


def load(directory: str, name: str) -> pa.Table | None:
    arrow, parquet = os.path.join(directory, f"{name}.arrow"), os.path.join(directory, f"{name}.parquet")
    if os.path.exists(arrow):
        with pa.OSFile(arrow) as f:
            return ipc.open_file(f).read_all().combine_chunks()
    if os.path.exists(parquet):
        return pq.read_table(parquet).combine_chunks()
    return None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dir")
    ap.add_argument("--as-of", default="2026-03-01")
    args = ap.parse_args()
    tables = {name: load(args.dir, name) for name in TABLES}
    if tables["advocates"] is None:
        raise SystemExit(f"no advocates.arrow or advocates.parquet in {args.dir}")
    size = sum(t.nbytes for t in tables.values() if t is not None)
    before = status_kb("VmRSS:")
    out = plaudit.Engine().evaluate_table(
        tables["advocates"],
        tables["activities"],
        tables["engagements"],
        tables["consents"],
        tables["disruptions"],
        as_of=dt.date.fromisoformat(args.as_of),
    )
    peak = status_kb("VmHWM:")
    print(f"{out.num_rows:,} advocates; input {size / 1e9:.3f} GB of Arrow; RSS with the tables {before:,} kB")
    print(f"peak RSS {peak:,} kB = {peak * 1024 / size:.2f}x the input ({(peak - before) * 1024 / size:.2f}x over the tables)")


if __name__ == "__main__":
    main()
