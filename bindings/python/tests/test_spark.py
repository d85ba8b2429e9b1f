"""plaudit.spark gives the single-process answers: on 20k synthetic advocates, evaluate,
rank, assign_tiers and coverage through PySpark (local mode) equal the engine's own result
(after sorting by id), whatever the partitioning of the advocates and of the long tables
(parts without any advocate of an account, accounts split across the long tables'
partitions)."""

import os
import pathlib
import pickle
import subprocess
import sys

import pytest

pytest.importorskip(
    "pyspark", reason="pyspark is not installed (scripts/test-python.sh installs it)"
)
pa = pytest.importorskip("pyarrow")

import plaudit  # noqa: E402
import plaudit.spark as ps  # noqa: E402

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "bench"))
import synth  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[3]
AS_OF = synth.AS_OF
N = 20_000

REQUESTS = [
    {"id": "q-calls", "kind": "reference_call", "requested_on": "2026-03-01",
     "needed_by": "2026-05-01", "prospect": {"industry": "software"}, "count": 10},
    {"id": "q-case", "kind": "case_study", "requested_on": "2026-03-02",
     "needed_by": "2026-03-20", "count": 7},
    {"id": "q-one", "kind": "review", "requested_on": "2026-03-01",
     "needed_by": "2026-04-15", "count": 1, "exclude_accounts": ["adv-0000004"]},
]
TARGETS = [
    {"name": "calls", "kind": "reference_call", "needed": 500},
    {"name": "cases", "kind": "case_study", "needed": 20_000},
    {"name": "reviews", "kind": "review", "needed": 10},
]


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (
        SparkSession.builder.master("local[2]")
        .appName("plaudit-tests")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "3")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def base():
    return synth.generate(N, seed=5, shuffle_long_rows=True)


@pytest.fixture(scope="module")
def frames(spark, base):
    """The tables as Spark DataFrames, each split its own way (5 partitions of advocates, 3
    and 7 of the long tables: the records of one account arrive in several partitions)."""
    return (
        spark.createDataFrame(base.advocates).repartition(5),
        spark.createDataFrame(base.activities).repartition(3),
        spark.createDataFrame(base.engagements).repartition(7),
        spark.createDataFrame(base.consents),
    )


@pytest.fixture(scope="module")
def roster(base):
    return plaudit.Roster.from_tables(
        base.advocates, base.activities, base.engagements, base.consents
    )


@pytest.fixture(scope="module")
def engine():
    return plaudit.Engine()


def partitions(spark, n):
    spark.conf.set("spark.sql.shuffle.partitions", str(n))


def test_the_engine_pickles_as_its_policy():
    engine = plaudit.Engine({"fatigue": {"annual_cap": 4}, "matching": {"max_per_account": 2}})
    again = pickle.loads(pickle.dumps(engine))
    assert again.fingerprint == engine.fingerprint
    assert again.policy == engine.policy
    assert again is not engine


@pytest.mark.parametrize("shuffle", [1, 4])
def test_evaluate_equals_one_process(spark, frames, base, engine, shuffle):
    partitions(spark, shuffle)
    got = ps.evaluate(*frames, as_of=AS_OF, policy=engine).toArrow()
    want = engine.evaluate_table(
        base.advocates, base.activities, base.engagements, base.consents, as_of=AS_OF
    )
    assert got.num_rows == N
    # Spark has no unsigned integers: the counts arrive as bigint, with the same values.
    assert got.schema.names == want.schema.names
    assert got.sort_by("id").cast(want.schema).equals(want.sort_by("id"))


def test_evaluate_reads_records_already_nested(spark, frames, base, engine):
    partitions(spark, 3)
    adv, act, eng, con = frames
    nested = ps._nest(adv, {"activities": act, "engagements": eng}).drop(ps.KNOWN)
    got = ps.evaluate(nested, consents=con, as_of=AS_OF, policy=engine).toArrow()
    want = engine.evaluate_table(
        base.advocates, base.activities, base.engagements, base.consents, as_of=AS_OF
    )
    assert got.sort_by("id").cast(want.schema).equals(want.sort_by("id"))
    with pytest.raises(plaudit.RecordError, match="given both"):
        ps.evaluate(nested, act, as_of=AS_OF)


def test_long_tables_are_nested_in_the_nested_doors_shape(frames, base):
    # What the workers hand the engine as is: each long table's columns (without
    # advocate_id) as a list of structs per advocate, engagements as a list of dates.
    from pyspark.sql.types import ArrayType, DateType, StructType

    adv, act, eng, con = frames
    nested = ps._nest(adv, {"activities": act, "engagements": eng, "consents": con})
    schema = nested.schema
    assert isinstance(schema["engagements"].dataType, ArrayType)
    assert schema["engagements"].dataType.elementType == DateType()
    for name, table in [("activities", base.activities), ("consents", base.consents)]:
        t = schema[name].dataType
        assert isinstance(t, ArrayType) and isinstance(t.elementType, StructType)
        assert t.elementType.names == [c for c in table.column_names if c != "advocate_id"]
    assert [c for c in nested.columns if c != ps.KNOWN] == [
        *base.advocates.column_names, "activities", "engagements", "consents"]


@pytest.mark.parametrize("shuffle", [1, 8])
def test_rank_equals_one_process(spark, frames, roster, engine, shuffle):
    partitions(spark, shuffle)
    found = 0
    for i, request in enumerate(REQUESTS):
        exclusions = i != 1
        got = ps.rank(request, *frames, as_of=AS_OF, policy=engine, exclusions=exclusions)
        want = engine.rank(request, roster, AS_OF).to_dict()
        if not exclusions:
            want["excluded"] = []
        assert got.to_dict() == want, request["id"]
        found += len(got.matches) + len(got.near_misses)
    assert found


def test_rank_with_a_policy_of_two_per_account(spark, frames, roster):
    partitions(spark, 8)
    policy = {"matching": {"max_per_account": 2, "account_annual_cap": 3}}
    got = ps.rank(REQUESTS[1], *frames, as_of=AS_OF, policy=policy)
    want = plaudit.Engine(policy).rank(REQUESTS[1], roster, AS_OF).to_dict()
    want["excluded"] = []
    assert got.to_dict() == want


@pytest.mark.parametrize("shuffle", [1, 5])
def test_assign_tiers_equals_one_process(spark, frames, roster, engine, shuffle):
    partitions(spark, shuffle)
    got = ps.assign_tiers(*frames, as_of=AS_OF, policy=engine)
    want = engine.assign_tiers(roster, AS_OF)
    assert got.to_dict() == want.to_dict()
    assert want.shares_enforced


@pytest.mark.parametrize("shuffle", [1, 6])
def test_coverage_equals_one_process(spark, frames, roster, engine, shuffle):
    partitions(spark, shuffle)
    got = ps.coverage(*frames, targets=TARGETS, as_of=AS_OF, policy=engine)
    assert got.to_dict() == engine.coverage(roster, TARGETS, AS_OF).to_dict()


def test_records_of_an_unknown_advocate_are_errors_or_skipped(spark, base, engine):
    partitions(spark, 2)
    small = base.advocates.slice(0, 50)
    acts = base.activities.filter(
        pa.compute.is_in(base.activities["advocate_id"], small["id"])
    )
    stray = pa.table({
        "advocate_id": ["nobody"], "kind": ["review"], "date": [AS_OF], "status": ["completed"],
    }).cast(acts.schema)
    adv = spark.createDataFrame(small)
    act = spark.createDataFrame(pa.concat_tables([acts, stray]))
    with pytest.raises(Exception, match=r"activities\.advocate_id: `nobody` is not an id"):
        ps.evaluate(adv, act, as_of=AS_OF).collect()
    got = ps.evaluate(adv, act, as_of=AS_OF, unknown_ids="ignore").toArrow()
    want = engine.evaluate_table(small, acts, as_of=AS_OF)
    assert got.sort_by("id").cast(want.schema).equals(want.sort_by("id"))


def test_the_spark_example_scores_parquet_files(tmp_path, base):
    import pyarrow.parquet as pq

    small = base.advocates.slice(0, 300)
    for name, table in [("advocates", small), ("activities", base.activities),
                        ("engagements", base.engagements), ("consents", base.consents)]:
        if name != "advocates":
            table = table.filter(pa.compute.is_in(table["advocate_id"], small["id"]))
        pq.write_table(table, tmp_path / f"{name}.parquet")
    out = tmp_path / "scores"
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable)
    subprocess.run(
        [sys.executable, str(ROOT / "examples" / "spark_score.py"), str(tmp_path), str(out),
         "--as-of", AS_OF.isoformat(), "--local"],
        check=True, env=env, timeout=600,
    )
    scores = pq.read_table(out)
    assert scores.num_rows == 300
    assert sorted(scores["id"].to_pylist()) == sorted(small["id"].to_pylist())
