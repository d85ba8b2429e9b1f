"""The shared vectors (tests/vectors/*.json): every case through Python, compared with the
expected output as canonical JSON, byte for byte."""
import json

import pytest

import plaudit
from conftest import VECTORS, canonical

CASES = [
    pytest.param(case, id=f"{path.stem}: {case['name']}")
    for path in sorted(VECTORS.glob("*.json"))
    for case in json.loads(path.read_text(encoding="utf-8"))
]


def run(case):
    try:
        engine = plaudit.Engine(case.get("policy"))
        inp, as_of = case["input"], case["as_of"]
        op = case["op"]
        if op == "eligibility":
            return engine.eligibility(inp["advocate"], as_of, inp.get("kind")).to_dict()
        if op == "lifecycle":
            return engine.lifecycle(inp["advocate"], as_of).to_dict()
        if op == "check":
            return engine.check(inp["advocate"], inp["ask"], as_of).to_dict()
        if op == "evaluate":
            return engine.evaluate(inp["advocate"], as_of).to_dict()
        if op == "rank":
            return engine.rank(inp["request"], inp["advocates"], as_of).to_dict()
        if op == "tiers":
            return engine.assign_tiers(inp["advocates"], as_of).to_dict()
        if op == "coverage":
            return engine.coverage(inp["advocates"], inp["targets"], as_of).to_dict()
        if op == "measure":
            return engine.measure(
                inp["opportunities"],
                inp.get("advocates"),
                period=tuple(inp["period"]),
                as_of=as_of,
            ).to_dict()
        if op == "validate_request":
            return engine.validate_request(inp["request"]).to_dict()
        if op == "parse_advocates":
            return {"advocates": len(plaudit.parse_advocates(inp["advocates"]))}
        raise AssertionError(f"unknown op {op}")
    except plaudit.PlauditError as e:
        # The shared form of a problem; `loc` and `input` are Python's own additions.
        shared = ("path", "code", "message", "line", "column")
        return {"errors": [{k: v for k, v in d.items() if k in shared} for d in e.errors()]}


@pytest.mark.parametrize("case", CASES)
def test_vector(case):
    assert canonical(run(case)) == canonical(case["expected"])


def test_there_are_vectors_for_every_operation():
    ops = {c.values[0]["op"] for c in CASES}
    assert {"check", "evaluate", "rank", "tiers", "coverage", "validate_request", "parse_advocates", "measure"} <= ops
    assert len(CASES) >= 40


MEASURE = [c for c in CASES if c.values[0]["op"] == "measure" and "errors" not in c.values[0]["expected"]]


def table(rows):
    """A pyarrow table of dicts, columns from every row (``from_pylist`` reads the first);
    no row gives no column."""
    import pyarrow as pa

    return pa.Table.from_struct_array(pa.array(rows)) if rows else pa.table({})


@pytest.mark.parametrize("case", MEASURE)
@pytest.mark.parametrize("shape", ["nested", "long"])
def test_measure_vector_through_the_table_door(case, shape):
    """The valid measurement vectors give the same bytes from Arrow tables: one nested
    opportunities table, or an opportunities table and a long touches table (reversed)."""
    import pyarrow as pa

    engine = plaudit.Engine(case.get("policy"))
    inp = case["input"]
    deals = inp["opportunities"]
    touches = None
    if shape == "nested":
        opps = table(deals)
    else:
        rows = []
        flat = []
        for d in deals:
            d = dict(d)
            rows += [{"opportunity_id": d["id"], **t} for t in d.pop("touches", [])]
            flat.append(d)
        opps = table(flat)
        touches = table(rows[::-1]) if rows else pa.table(
            {"opportunity_id": pa.array([], pa.string()), "advocate_id": pa.array([], pa.string()),
             "kind": pa.array([], pa.string()), "on": pa.array([], pa.string())})
    got = engine.measure(
        opps, inp.get("advocates"), period=tuple(inp["period"]), as_of=case["as_of"], touches=touches
    ).to_dict()
    assert canonical(got) == canonical(case["expected"])
