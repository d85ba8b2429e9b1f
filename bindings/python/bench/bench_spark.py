"""plaudit.spark against one process, end to end on the same Parquet files.

    python bindings/python/bench/bench_spark.py --advocates 1000000 [--dir /tmp/plaudit-spark]

Writes a synthetic base (``synth.generate``, long format) as Parquet once, then times:

- one process: read the four tables (pyarrow), ``Engine.evaluate_table`` on every core,
  write the scores as Parquet;
- ``plaudit.spark.evaluate`` in local mode (``local[N]``, N = cores): read, nest, score,
  write Parquet;
- ``plaudit.spark.rank`` of one request, and the bytes of the partial rankings that reach
  the driver.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import shutil
import sys
import time

import pyarrow.parquet as pq

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import synth  # noqa: E402

import plaudit  # noqa: E402
import plaudit.spark as ps  # noqa: E402

TABLES = ("advocates", "activities", "engagements", "consents")
REQUEST = {"id": "q", "kind": "reference_call", "requested_on": "2026-03-01",
           "needed_by": "2026-05-01", "prospect": {"industry": "software"}, "count": 10}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--advocates", type=int, default=1_000_000)
    ap.add_argument("--dir", default="/tmp/plaudit-spark-bench")
    ap.add_argument("--skip-single", action="store_true")
    args = ap.parse_args()
    cores = os.cpu_count() or 1
    data = pathlib.Path(args.dir) / f"n{args.advocates}"
    if not (data / "consents.parquet").exists():
        t = time.perf_counter()
        base = synth.generate(args.advocates, seed=42)
        data.mkdir(parents=True, exist_ok=True)
        for name in TABLES:
            pq.write_table(getattr(base, name), data / f"{name}.parquet")
        del base
        print(f"generated and wrote {args.advocates:,} advocates: {time.perf_counter() - t:.1f} s")

    engine = plaudit.Engine()
    out1 = data / "scores-single.parquet"
    if not args.skip_single:
        t = time.perf_counter()
        tables = [pq.read_table(data / f"{name}.parquet") for name in TABLES]
        scores = engine.evaluate_table(*tables, as_of=synth.AS_OF)
        pq.write_table(scores, out1)
        single = time.perf_counter() - t
        del tables, scores
        print(f"one process, read + evaluate_table + write: {single:.2f} s "
              f"({args.advocates / single / cores:,.0f} advocates/s/core)")

    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = (
        SparkSession.builder.master(f"local[{cores}]")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "8g")
        .config("spark.sql.shuffle.partitions", str(max(cores * 4, args.advocates // 250_000)))
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    frames = [spark.read.parquet(str(data / f"{name}.parquet")) for name in TABLES]
    out2 = data / "scores-spark"
    shutil.rmtree(out2, ignore_errors=True)
    t = time.perf_counter()
    ps.evaluate(*frames, as_of=synth.AS_OF, policy=engine).write.parquet(str(out2))
    spark_s = time.perf_counter() - t
    print(f"plaudit.spark.evaluate, read + nest + score + write: {spark_s:.2f} s "
          f"({args.advocates / spark_s / cores:,.0f} advocates/s/core)")
    if not args.skip_single:
        print(f"ratio spark / one process: {spark_s / single:.2f}x")

    # What reaches the driver for rank: the partial texts.
    sizes = []
    real = ps._texts

    def counted(df, run):
        texts = real(df, run)
        sizes.extend(len(x.encode()) for x in texts)
        return texts

    ps._texts = counted
    t = time.perf_counter()
    r = ps.rank(REQUEST, *frames, as_of=synth.AS_OF, policy=engine)
    rank_s = time.perf_counter() - t
    ps._texts = real
    print(f"plaudit.spark.rank, one request: {rank_s:.2f} s; {len(sizes)} partials, "
          f"{sum(sizes):,} bytes to the driver (largest {max(sizes):,}); "
          f"{len(r.matches)} matches of {r.summary['matched']:,}")
    spark.stop()


if __name__ == "__main__":
    main()
