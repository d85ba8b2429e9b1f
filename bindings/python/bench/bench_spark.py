"""plaudit.spark against one process, end to end on the same Parquet files.

    python bindings/python/bench/bench_spark.py --advocates 1000000 [--dir /tmp/plaudit-spark]
    plaudit generate -n 10000000 --nested -o /tmp/h22/nested.parquet
    python bindings/python/bench/bench_spark.py --advocates 10000000 \
        --nested /tmp/h22/nested.parquet --plaudit target/release/plaudit

Long format (default): writes a synthetic base (``synth.generate``) as Parquet once, then
times one process (read the four tables with pyarrow, ``Engine.evaluate_table`` on every
core, write Parquet) against ``plaudit.spark.evaluate`` in local mode (``local[N]``, N =
cores: read, nest, score, write Parquet).

With ``--nested PATH`` (one advocates table with the history nested, as ``plaudit generate
--nested`` writes it) the single process is the CLI, ``plaudit evaluate PATH -o ...``, and
Spark reads the same file with nothing to group or join.

Every run reports wall time, CPU time (the CLI's through its rusage; Spark's over the whole
process tree: this driver, the JVM and its Python workers, read from /proc) and the load
average seen during the run (the machine may be shared: the CPU ratio is the fairer
overhead figure under load). Then ``plaudit.spark.rank`` of one request, and the bytes of
the partial rankings that reach the driver (sum and largest).
"""

from __future__ import annotations

import argparse
import os
import pathlib
import resource
import shutil
import subprocess
import sys
import threading
import time
from typing import Any, List, Tuple

import pyarrow.parquet as pq

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import synth  # noqa: E402

import plaudit  # noqa: E402
import plaudit.spark as ps  # noqa: E402

TABLES = ("advocates", "activities", "engagements", "consents")
class Load:
    """The 1-minute load average sampled every 5 s while a run lasts (min-max)."""

    def __init__(self) -> None:
        self.seen = [os.getloadavg()[0]]
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self.done.wait(5):
            self.seen.append(os.getloadavg()[0])

    def __enter__(self) -> "Load":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.done.set()
        self.thread.join()
        self.seen.append(os.getloadavg()[0])

    def __str__(self) -> str:
        return f"load {min(self.seen):.1f}-{max(self.seen):.1f}"


def tree_cpu() -> float:
    """CPU seconds of this process and every descendant (the JVM, its Python workers),
    alive or already reaped by their parent."""
    tick = os.sysconf("SC_CLK_TCK")
    stats = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                text = pathlib.Path(f"/proc/{d}/stat").read_text()
            except OSError:
                continue
            f = text[text.rindex(")") + 2:].split()
            # ppid, utime, stime, cutime, cstime
            stats[int(d)] = (int(f[1]), sum(int(x) for x in f[11:15]))
    mine, frontier = {os.getpid()}, [os.getpid()]
    while frontier:
        parent = frontier.pop()
        for pid, (ppid, _) in stats.items():
            if ppid == parent and pid not in mine:
                mine.add(pid)
                frontier.append(pid)
    return sum(stats[p][1] for p in mine if p in stats) / tick


def single_cli(
    plaudit_bin: str, nested: pathlib.Path, out: pathlib.Path, as_of: str
) -> Tuple[float, float, float, Load]:
    """``plaudit evaluate`` over the nested file: wall, CPU and peak RSS of the process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    with Load() as load:
        subprocess.run([plaudit_bin, "evaluate", str(nested), "--as-of", as_of, "-o", str(out)],
                       check=True)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return wall, cpu, after.ru_maxrss / 1024, load


REQUEST = {"id": "q", "kind": "reference_call", "requested_on": "2026-03-01",
           "needed_by": "2026-05-01", "prospect": {"industry": "software"}, "count": 10}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--advocates", type=int, default=1_000_000)
    ap.add_argument("--dir", default="/tmp/plaudit-spark-bench")
    ap.add_argument("--nested", help="a nested advocates Parquet file (plaudit generate "
                    "--nested) of --advocates advocates, instead of synthetic long tables")
    ap.add_argument("--plaudit", default="target/release/plaudit",
                    help="the CLI that scores --nested in one process")
    ap.add_argument("--batch", type=int, default=10_000,
                    help="rows per Arrow batch (spark.sql.execution.arrow.maxRecordsPerBatch)")
    ap.add_argument("--driver-memory", default="8g")
    ap.add_argument("--skip-single", action="store_true")
    ap.add_argument("--skip-rank", action="store_true")
    args = ap.parse_args()
    cores = os.cpu_count() or 1
    n = args.advocates
    engine = plaudit.Engine()
    data = pathlib.Path(args.dir) / (f"nested-n{n}" if args.nested else f"n{n}")
    data.mkdir(parents=True, exist_ok=True)
    if not args.nested and not (data / "consents.parquet").exists():
        t = time.perf_counter()
        base = synth.generate(n, seed=42)
        for name in TABLES:
            pq.write_table(getattr(base, name), data / f"{name}.parquet")
        del base
        print(f"generated and wrote {n:,} advocates: {time.perf_counter() - t:.1f} s")

    out1 = data / "scores-single.parquet"
    single = None
    if not args.skip_single and args.nested:
        wall, cpu, rss, load = single_cli(args.plaudit, pathlib.Path(args.nested), out1,
                                          synth.AS_OF.isoformat())
        single = (wall, cpu)
        print(f"one process, plaudit evaluate (read + score + write): {wall:.1f} s wall, "
              f"{cpu:.1f} s CPU, peak RSS {rss:,.0f} MB, {load}; "
              f"{n / wall / cores:,.0f} advocates/s/core, {n / cpu:,.0f} per CPU-second")
    elif not args.skip_single:
        cpu0, t = time.process_time(), time.perf_counter()
        with Load() as load:
            tables = [pq.read_table(data / f"{name}.parquet") for name in TABLES]
            scores = engine.evaluate_table(*tables, as_of=synth.AS_OF)
            pq.write_table(scores, out1)
        single = (time.perf_counter() - t, time.process_time() - cpu0)
        del tables, scores
        print(f"one process, read + evaluate_table + write: {single[0]:.2f} s wall, "
              f"{single[1]:.1f} s CPU, {load}; {n / single[0] / cores:,.0f} advocates/s/core")

    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = (
        SparkSession.builder.master(f"local[{cores}]")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", args.driver_memory)
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", str(args.batch))
        .config("spark.sql.shuffle.partitions", str(max(cores * 4, n // 250_000)))
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    if args.nested:
        frames = [spark.read.parquet(args.nested)]
    else:
        frames = [spark.read.parquet(str(data / f"{name}.parquet")) for name in TABLES]
    out2 = data / "scores-spark"
    shutil.rmtree(out2, ignore_errors=True)
    cpu0, t = tree_cpu(), time.perf_counter()
    with Load() as load:
        ps.evaluate(*frames, as_of=synth.AS_OF, policy=engine).write.parquet(str(out2))
    wall, cpu = time.perf_counter() - t, tree_cpu() - cpu0
    print(f"plaudit.spark.evaluate, read + {'' if args.nested else 'nest + '}score + write: "
          f"{wall:.1f} s wall, {cpu:.1f} s CPU (driver, JVM, Python workers), {load}; "
          f"{n / wall / cores:,.0f} advocates/s/core, {n / cpu:,.0f} per CPU-second")
    if single:
        print(f"ratio spark / one process: {wall / single[0]:.2f}x wall, "
              f"{cpu / single[1]:.2f}x CPU")

    if not args.skip_rank:
        # What reaches the driver for rank: the partial texts.
        sizes: List[int] = []
        real = ps._texts

        def counted(df: Any, run: Any) -> List[str]:
            texts = real(df, run)
            sizes.extend(len(x.encode()) for x in texts)
            return texts

        ps._texts = counted
        cpu0, t = tree_cpu(), time.perf_counter()
        with Load() as load:
            r = ps.rank(REQUEST, *frames, as_of=synth.AS_OF, policy=engine)
        wall, cpu = time.perf_counter() - t, tree_cpu() - cpu0
        ps._texts = real
        print(f"plaudit.spark.rank, one request: {wall:.1f} s wall, {cpu:.1f} s CPU, {load}; "
              f"{len(sizes)} partials, {sum(sizes):,} bytes to the driver "
              f"(largest {max(sizes):,}); {len(r.matches)} matches of "
              f"{r.summary['matched']:,}")
    spark.stop()


if __name__ == "__main__":
    main()
