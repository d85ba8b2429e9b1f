"""plaudit.dask gives the single-process answers: on 20k synthetic advocates, evaluate,
rank, assign_tiers and coverage over Dask DataFrames equal the engine's own result (after
sorting by id), whatever the partitioning of the advocates and of the long tables."""

import pathlib
import sys

import pytest

dd = pytest.importorskip(
    "dask.dataframe", reason="dask[dataframe] is not installed (scripts/test-python.sh installs it)"
)
pa = pytest.importorskip("pyarrow")
pd = pytest.importorskip("pandas")

import dask  # noqa: E402

import plaudit  # noqa: E402
import plaudit.dask as pdk  # noqa: E402

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "bench"))
import synth  # noqa: E402

AS_OF = synth.AS_OF
N = 20_000
REQUEST = {"id": "q-calls", "kind": "reference_call", "requested_on": "2026-03-01",
           "needed_by": "2026-05-01", "prospect": {"industry": "software"}, "count": 10}
TARGETS = [{"kind": "reference_call", "needed": 500}, {"kind": "review", "needed": 10}]


@pytest.fixture(scope="module", autouse=True)
def threads():
    with dask.config.set(scheduler="threads", num_workers=2):
        yield


@pytest.fixture(scope="module")
def base():
    return synth.generate(N, seed=9, shuffle_long_rows=True)


@pytest.fixture(scope="module")
def roster(base):
    return plaudit.Roster.from_tables(
        base.advocates, base.activities, base.engagements, base.consents
    )


def frames(base, splits):
    tables = (base.advocates, base.activities, base.engagements, base.consents)
    return [
        dd.from_pandas(t.to_pandas(types_mapper=pd.ArrowDtype), npartitions=n)
        for t, n in zip(tables, splits)
    ]


SPLITS = [(1, 1, 1, 1), (4, 3, 7, 2)]


@pytest.mark.parametrize("splits", SPLITS)
def test_evaluate_equals_one_process(base, splits):
    engine = plaudit.Engine()
    got = pdk.evaluate(*frames(base, splits), as_of=AS_OF, policy=engine).compute()
    got = pa.Table.from_pandas(got, preserve_index=False)
    want = engine.evaluate_table(
        base.advocates, base.activities, base.engagements, base.consents, as_of=AS_OF
    )
    assert got.num_rows == N
    assert got.sort_by("id").cast(want.schema).equals(want.sort_by("id"))


@pytest.mark.parametrize("splits", SPLITS)
@pytest.mark.parametrize("npartitions", [None, 5])
def test_rank_tiers_and_coverage_equal_one_process(base, roster, splits, npartitions):
    engine = plaudit.Engine({"matching": {"max_per_account": 2}})
    tables = frames(base, splits)
    got = pdk.rank(REQUEST, *tables, as_of=AS_OF, policy=engine, exclusions=True,
                   npartitions=npartitions)
    assert got.to_dict() == engine.rank(REQUEST, roster, AS_OF).to_dict()
    got = pdk.assign_tiers(*tables, as_of=AS_OF, policy=engine, npartitions=npartitions)
    assert got.to_dict() == engine.assign_tiers(roster, AS_OF).to_dict()
    got = pdk.coverage(*tables, targets=TARGETS, as_of=AS_OF, policy=engine,
                       npartitions=npartitions)
    assert got.to_dict() == engine.coverage(roster, TARGETS, AS_OF).to_dict()


def test_records_of_an_unknown_advocate_are_errors_or_skipped(base):
    small = base.advocates.slice(0, 40)
    acts = base.activities.filter(pa.compute.is_in(base.activities["advocate_id"], small["id"]))
    stray = pa.table({"advocate_id": ["nobody"], "kind": ["review"], "date": [AS_OF],
                      "status": ["completed"]}).cast(acts.schema)
    adv = dd.from_pandas(small.to_pandas(types_mapper=pd.ArrowDtype), npartitions=2)
    act = dd.from_pandas(pa.concat_tables([acts, stray]).to_pandas(types_mapper=pd.ArrowDtype),
                         npartitions=2)
    with pytest.raises(plaudit.RecordError, match="nobody"):
        pdk.evaluate(adv, act, as_of=AS_OF).compute()
    got = pdk.rank(REQUEST, adv, act, as_of=AS_OF, unknown_ids="ignore", exclusions=True)
    want = plaudit.Engine().rank(REQUEST, plaudit.Roster.from_tables(small, acts), AS_OF)
    assert got.to_dict() == want.to_dict()


def nested(base):
    """The advocates with their activities, engagements and consents nested per advocate
    (the nested door's shape: lists of structs, engagements a list of dates)."""
    import numpy as np

    out = base.advocates
    for name in ("activities", "engagements", "consents"):
        long = getattr(base, name)
        owner = pa.compute.index_in(long["advocate_id"], value_set=out["id"])
        order = pa.compute.sort_indices(owner)
        long, owner = long.take(order), owner.take(order)
        counts = np.bincount(owner.to_numpy(), minlength=out.num_rows)
        offsets = pa.array(np.concatenate([[0], np.cumsum(counts)]), pa.int32())
        fields = [c for c in long.column_names if c != "advocate_id"]
        values = (long["date"].combine_chunks() if fields == ["date"] else
                  pa.StructArray.from_arrays([long[c].combine_chunks() for c in fields], fields))
        out = out.append_column(name, pa.ListArray.from_arrays(offsets, values))
    return out


@pytest.mark.parametrize("npartitions", [1, 4])
def test_records_already_nested_give_the_same_answers(base, roster, npartitions):
    engine = plaudit.Engine()
    adv = dd.from_pandas(nested(base).to_pandas(types_mapper=pd.ArrowDtype),
                         npartitions=npartitions)
    got = pa.Table.from_pandas(pdk.evaluate(adv, as_of=AS_OF, policy=engine).compute(),
                               preserve_index=False)
    want = engine.evaluate_table(
        base.advocates, base.activities, base.engagements, base.consents, as_of=AS_OF
    )
    assert got.sort_by("id").cast(want.schema).equals(want.sort_by("id"))
    got = pdk.rank(REQUEST, adv, as_of=AS_OF, policy=engine, exclusions=True)
    assert got.to_dict() == engine.rank(REQUEST, roster, AS_OF).to_dict()
    got = pdk.coverage(adv, targets=TARGETS, as_of=AS_OF, policy=engine)
    assert got.to_dict() == engine.coverage(roster, TARGETS, AS_OF).to_dict()
