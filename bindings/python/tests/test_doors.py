"""The every-door differential test (tests/doors/README.md) through the Python doors:
generated advocates and requests give, through the dict door, exactly the Rust door's
decisions (canonical JSON, byte for byte) and, through the table door (long and nested),
the same rows; mutated copies (one field broken) give the Rust door's problem, code and
path, through every Python door that can hold them."""
import datetime as dt
import json
import os
import pathlib
import subprocess
import sys

import pyarrow as pa
import pytest

import plaudit
from conftest import ROOT, canonical
from test_invalid_tables import Layout, long, nested, problems


@pytest.fixture(scope="module")
def doors(tmp_path_factory):
    """The cases and the Rust door's answers: the folder PLAUDIT_DOORS names (the test
    scripts make it), else made here with the CLI and the core's `doors` example."""
    folder = os.environ.get("PLAUDIT_DOORS")
    if folder:
        d = pathlib.Path(folder)
    else:
        d = tmp_path_factory.mktemp("doors")
        cli = ROOT / "target" / "debug" / "plaudit"
        if not cli.exists():
            subprocess.run(["cargo", "build", "-q", "-p", "plaudit-cli"], cwd=ROOT, check=True)
        subprocess.run([sys.executable, str(ROOT / "tests/doors/make_cases.py"), str(d),
                        "--plaudit", str(cli)], check=True, capture_output=True)
        subprocess.run(["cargo", "run", "-q", "-p", "plaudit", "--example", "doors", "--", str(d)],
                       cwd=ROOT, check=True)
    cases = json.loads((d / "cases.json").read_text())
    return {
        "as_of": cases["as_of"],
        "mutants": cases["mutants"],
        "advocates": json.loads((d / "advocates.json").read_text()),
        "requests": [json.loads(line) for line in (d / "requests.jsonl").read_text().splitlines() if line],
        "expected": json.loads((d / "expected.json").read_text()),
    }


ENGINE = plaudit.Engine()


def test_the_dict_door_decides_byte_for_byte_as_rust(doors):
    got = [canonical(ENGINE.evaluate(a, doors["as_of"]).to_dict()) for a in doors["advocates"]]
    want = [canonical(e) for e in doors["expected"]["evaluate"]]
    assert len(got) == 300 and got == want
    roster = plaudit.Roster(doors["advocates"])
    for q, expected in zip(doors["requests"], doors["expected"]["rank"], strict=True):
        assert canonical(ENGINE.rank(q, roster, doors["as_of"]).to_dict()) == canonical(expected)
        assert canonical(ENGINE.rank(q, doors["advocates"], doors["as_of"]).to_dict()) == canonical(expected)


def row(evaluation):
    """The evaluate_table row of one Rust evaluation (its columns, as documented)."""
    e, c, t = evaluation.get("eligibility"), evaluation.get("capacity"), evaluation.get("tier")
    nexts = [d for d in (evaluation.get("next_available") or {}).values() if d]
    return {
        "id": evaluation["id"],
        "eligible": e["eligible"] if e else None,
        # An erased advocate's row says `erased` as its whole reason list.
        "reasons": e["reasons"] if e else (evaluation.get("excluded") or None),
        "readiness": e["readiness"]["score"] if e else None,
        "lifecycle": evaluation["lifecycle"]["state"],
        "tenure_months": e["tenure_months"] if e else None,
        "counted_12m": c["counted_in_window"] if c else None,
        "remaining": c["remaining"] if c else None,
        "tier": t["tier"] if t else None,
        "next_available_on": min(nexts) if nexts else None,
    }


def table_rows(table):
    out = []
    for r in table.to_pylist():
        d = r["next_available_on"]
        out.append(dict(r, next_available_on=d.isoformat() if isinstance(d, dt.date) else d))
    return out


@pytest.mark.parametrize("shape", ["nested", "long"])
def test_the_table_door_gives_the_rust_decisions(doors, shape):
    docs = doors["advocates"]
    if shape == "nested":
        t = ENGINE.evaluate_table(nested(docs), as_of=doors["as_of"])
    else:
        advocates, tables = long(docs)
        t = ENGINE.evaluate_table(advocates, **tables, as_of=doors["as_of"])
    want = [canonical(row(e)) for e in doors["expected"]["evaluate"]]
    assert [canonical(r) for r in table_rows(t)] == want
    # Ranking from the tables selects the Rust door's matches, in its order and scores.
    for q, expected in zip(doors["requests"], doors["expected"]["rank"], strict=True):
        if shape == "nested":
            r = ENGINE.rank_table(q, nested(docs), as_of=doors["as_of"])
        else:
            r = ENGINE.rank_table(q, advocates, **tables, as_of=doors["as_of"])
        selected = sorted((x for x in r.to_pylist() if x["status"] == "selected"),
                          key=lambda x: x["position"])
        assert [(x["id"], x["score"]) for x in selected] == \
            [(m["id"], m["score"]) for m in expected["matches"]]


def test_mutants_give_the_rust_problem_through_the_dict_door(doors):
    bad = []
    for m, want in zip(doors["mutants"], doors["expected"]["mutants"], strict=True):
        rust = sorted((e["code"], e["path"]) for e in want["errors"])
        # The Rust door gives the problem the mutation was written to cause, and only it.
        if rust != [(m["code"], m["path"])]:
            bad.append(f"{m['name']}: Rust says {rust}, the mutation means {m['code']} {m['path']}")
        got = sorted(problems(lambda: plaudit.parse_advocates([m["advocate"]])))
        if got != [(c, f"advocates[0].{p}") for c, p in rust]:
            bad.append(f"{m['name']}: dicts say {got}, Rust {rust}")
    assert bad == []


@pytest.mark.parametrize("shape", ["nested", "long"])
def test_mutants_give_the_rust_problem_through_the_table_door(doors, shape):
    bad, run = [], 0
    for m, want in zip(doors["mutants"], doors["expected"]["mutants"], strict=True):
        if not m["table"]:
            continue
        run += 1
        rust = sorted((e["code"], f"advocates[0].{e['path']}") for e in want["errors"])
        docs = [m["advocate"]]
        if shape == "nested":
            found = problems(lambda: ENGINE.evaluate_table(nested(docs), as_of=doors["as_of"]))
        else:
            advocates, tables = long(docs)
            found = problems(lambda: ENGINE.evaluate_table(advocates, **tables, as_of=doors["as_of"]))
        got = Layout(docs, shape).paths(found)
        if got != rust:
            bad.append(f"{m['name']}: {shape} tables say {got}, Rust {rust}")
    assert run > 40 and bad == []
