"""The shared invalid-input cases of tests/invalid/ (see its README) through the Python dict
door: each bad input raises a PlauditError listing exactly its problems (code and path),
and nothing else is ever raised (no TypeError, ValueError or RuntimeError of another kind)."""
import datetime as dt
import json

import pytest

import plaudit
from conftest import ROOT

FOLDER = ROOT / "tests" / "invalid"
GOOD = {"id": "ok", "customer_since": "2020-01-01", "health_score": 90}


def load(name):
    cases = json.loads((FOLDER / name).read_text(encoding="utf-8"))["cases"]
    # `text` cases hold JSON only text doors can read; `pending` ones are known defects.
    return [pytest.param(c, id=c["name"]) for c in cases if "input" in c and "pending" not in c]


def joined(prefix, path):
    if not prefix:
        return path
    if not path:
        return prefix
    return prefix + path if path.startswith("[") else f"{prefix}.{path}"


def expected(case, prefix=""):
    return sorted((e["code"], joined(prefix, e["path"])) for e in case["errors"])


def problems(call):
    try:
        call()
    except plaudit.PlauditError as err:
        return sorted((e["code"], e["path"]) for e in err.errors())
    return []


ENGINE = plaudit.Engine()
AS_OF = "2026-03-01"


@pytest.mark.parametrize("case", load("advocates.json"))
def test_advocates(case):
    got = problems(lambda: plaudit.parse_advocates([case["input"]]))
    assert got == expected(case, "advocates[0]")


@pytest.mark.parametrize("case", load("rosters.json"))
def test_rosters(case):
    assert problems(lambda: plaudit.Roster(case["input"])) == expected(case)


@pytest.mark.parametrize("case", load("requests.json"))
def test_requests(case):
    assert problems(lambda: ENGINE.rank(case["input"], [GOOD], AS_OF)) == expected(case)


@pytest.mark.parametrize("case", load("asks.json"))
def test_asks(case):
    assert problems(lambda: ENGINE.check(GOOD, case["input"], AS_OF)) == expected(case)


@pytest.mark.parametrize("case", load("targets.json"))
def test_targets(case):
    got = problems(lambda: ENGINE.coverage([GOOD], [case["input"]], AS_OF))
    assert got == expected(case, "targets[0]")


@pytest.mark.parametrize("case", load("policies.json"))
def test_policies(case):
    assert problems(lambda: plaudit.Engine(case["input"])) == expected(case)


@pytest.mark.parametrize("ask", [3, "referral", ["kind", "referral"], None])
def test_a_non_dict_ask_is_a_record_error(ask):
    with pytest.raises(plaudit.RecordError) as err:
        ENGINE.check(GOOD, ask, AS_OF)
    assert err.value.errors()[0]["code"] == "invalid_type"


def test_year_0_is_a_record_error_and_far_dates_convert():
    bad = dict(GOOD, engagements=["0000-01-02"])
    with pytest.raises(plaudit.RecordError) as err:
        ENGINE.evaluate(bad, AS_OF)
    assert [e["path"] for e in err.value.errors()] == ["engagements[0]"]
    # Near 9999-12-31 a next date past the calendar is None, never a conversion error.
    late = dict(GOOD, activities=[{"kind": "case_study", "date": "9999-12-01", "status": "completed"}])
    c = ENGINE.check(late, {"kind": "case_study", "date": "9999-12-02"}, "9999-12-02")
    assert c.next_available_on is None or isinstance(c.next_available_on, dt.date)


def test_an_erased_advocate_leaves_nothing_but_its_id():
    gone = dict(GOOD, id="gone", erasure_requested=True, nps=10)
    e = ENGINE.eligibility(gone, AS_OF)
    assert (e.eligible, e.reasons, e.tenure_months, e.readiness) == (False, ("erased",), None, None)
    assert ENGINE.tier(gone, AS_OF) == {"lifecycle": "erased"}
    rows = ENGINE.assign_tiers([gone], AS_OF).to_dict()["advocates"]
    assert rows == [{"id": "gone", "lifecycle": "erased"}]
