"""Scores a customer base kept as Parquet files with Spark, and writes the scores as Parquet.

    spark-submit examples/spark_score.py DATA_DIR OUT_DIR --as-of 2026-03-01 [--policy policy.toml]

``DATA_DIR`` holds ``advocates.parquet`` (one row per advocate, with ``id`` and the record
fields as columns) and, when present, ``activities.parquet``, ``engagements.parquet``,
``consents.parquet`` and ``disruptions.parquet`` (one row per record, with ``advocate_id``).
Each may be a single file or a directory of part files, on any file system Spark reads
(``s3a://``, ``abfss://``, ``hdfs://``...). ``OUT_DIR`` receives one row per advocate with
the columns of ``plaudit.Engine.evaluate_table``.

On a cluster, the workers need the ``plaudit`` wheel and nothing else (the engine and its
policy travel with the job): install it on every node, or ship it with the job, e.g.

    spark-submit --master yarn \\
      --conf spark.pyspark.python=./env/bin/python \\
      --archives plaudit-env.tar.gz#env \\
      examples/spark_score.py s3a://lake/crm s3a://lake/scores --as-of 2026-03-01

where ``plaudit-env.tar.gz`` is a packed virtual environment (``venv-pack`` or
``conda-pack``) holding ``plaudit[spark]``. ``--local`` runs on this machine (``local[2]``)
without ``spark-submit``.
"""

from __future__ import annotations

import argparse
import os
import pathlib
from typing import TYPE_CHECKING, Optional

import plaudit
import plaudit.spark

if TYPE_CHECKING:
    from pyspark.sql import DataFrame


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", help="directory of the input Parquet tables")
    parser.add_argument("out", help="directory for the scores (Parquet)")
    parser.add_argument("--as-of", required=True, help="the date decisions are made on")
    parser.add_argument("--policy", help="a policy file (TOML or JSON); default policy if absent")
    parser.add_argument("--local", action="store_true", help="run in local mode (local[2])")
    args = parser.parse_args()

    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("plaudit-score")
    if args.local:
        builder = (
            builder.master("local[2]")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "4")
        )
    spark = builder.getOrCreate()

    def table(name: str) -> Optional["DataFrame"]:
        path = os.path.join(args.data, f"{name}.parquet")
        local = "://" not in path
        if local and not pathlib.Path(path).exists():
            return None
        return spark.read.parquet(path)

    engine = plaudit.Engine.from_file(args.policy) if args.policy else plaudit.Engine()
    advocates = table("advocates")
    if advocates is None:
        parser.error(f"no advocates.parquet in {args.data}")
    scores = plaudit.spark.evaluate(
        advocates,
        table("activities"),
        table("engagements"),
        table("consents"),
        table("disruptions"),
        as_of=args.as_of,
        policy=engine,
    )
    scores.write.mode("overwrite").parquet(args.out)
    spark.stop()


if __name__ == "__main__":
    main()
