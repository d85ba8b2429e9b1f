"""The shared invalid-input cases of tests/invalid/ (see its README) through the Python dict
door: each bad input raises a PlauditError listing exactly its problems (code and path),
and nothing else is ever raised (no TypeError, ValueError or RuntimeError of another kind)."""
import datetime as dt
import json

import pytest

import plaudit
import plaudit._errors as plaudit_errors
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


_MISSING = object()


def walk(value, loc):
    """The value at ``loc`` inside ``value`` (``_MISSING`` when there is none)."""
    for step in loc:
        if isinstance(step, int) and isinstance(value, list) and 0 <= step < len(value):
            value = value[step]
        elif isinstance(step, str) and isinstance(value, dict) and step in value:
            value = value[step]
        else:
            return _MISSING
    return value


def problems(call, relative=_MISSING, **named):
    """The (code, path) of every problem ``call`` raises, after checking each detail's
    pydantic-style fields: ``loc`` is ``path`` as a tuple, and ``input`` is there exactly
    when the path leads to a value of the arguments (``named`` by their name in paths, or
    ``relative`` when paths start inside it), shown as ``plaudit`` shows inputs."""
    try:
        call()
    except plaudit.PlauditError as err:
        details = err.errors()
        assert err.error_count() == len(details)
        for d in details:
            assert isinstance(d["loc"], tuple)
            assert plaudit_errors.path_of(d["loc"]) == d["path"], d
            assert plaudit_errors.loc_of(d["path"]) == d["loc"]
            loc = d["loc"]
            if loc and isinstance(loc[0], str) and loc[0] in named:
                found = walk(named[loc[0]], loc[1:])
            else:
                found = walk(relative, loc) if relative is not _MISSING else _MISSING
            if found is _MISSING:
                assert "input" not in d, d
            else:
                assert "input" in d, d
                assert d["input"] == plaudit_errors.shown_input(found), d
        return sorted((e["code"], e["path"]) for e in details)
    return []


ENGINE = plaudit.Engine()
AS_OF = "2026-03-01"


@pytest.mark.parametrize("case", load("advocates.json"))
def test_advocates(case):
    got = problems(lambda: plaudit.parse_advocates([case["input"]]), advocates=[case["input"]])
    assert got == expected(case, "advocates[0]")


@pytest.mark.parametrize("case", load("rosters.json"))
def test_rosters(case):
    got = problems(lambda: plaudit.Roster(case["input"]), advocates=case["input"])
    assert got == expected(case)


@pytest.mark.parametrize("case", load("requests.json"))
def test_requests(case):
    got = problems(lambda: ENGINE.rank(case["input"], [GOOD], AS_OF), case["input"], request=case["input"])
    assert got == expected(case)


@pytest.mark.parametrize("case", load("asks.json"))
def test_asks(case):
    got = problems(lambda: ENGINE.check(GOOD, case["input"], AS_OF), case["input"], ask=case["input"])
    assert got == expected(case)


@pytest.mark.parametrize("case", load("targets.json"))
def test_targets(case):
    got = problems(lambda: ENGINE.coverage([GOOD], [case["input"]], AS_OF), targets=[case["input"]])
    assert got == expected(case, "targets[0]")


@pytest.mark.parametrize("case", load("policies.json"))
def test_policies(case):
    # Policy text has no Python values to point at (its problems carry line and column).
    text = isinstance(case["input"], str)
    got = problems(lambda: plaudit.Engine(case["input"]), _MISSING if text else case["input"])
    assert got == expected(case)


def load_door(name, door):
    """The cases of ``name`` a second door reads (``validate``, ``toml``): not those whose
    ``skip`` names it."""
    return [p for p in load(name) if door not in p.values[0].get("skip", {})]


def record_path(field):
    """A form field (``/prospect/products/2``) as a record path (``prospect.products[2]``)."""
    out = ""
    for part in field.split("/")[1:]:
        out += f"[{part}]" if part.isdigit() else (f".{part}" if out else part)
    return out


@pytest.mark.parametrize("case", load_door("requests.json", "validate"))
def test_requests_through_validation(case):
    # Validation accepts exactly what `rank` accepts, with the same codes and paths; a
    # problem is data, never an exception.
    pending = "python" in case.get("validate_pending", {})
    try:
        v = ENGINE.validate_request(case["input"])
    except plaudit.PlauditError:
        assert pending, "validate_request raised"
        return
    assert v.ok == (not v.errors)
    got = sorted((i["code"], record_path(i["field"])) for i in v.errors)
    if pending:
        assert got != expected(case), "passes now: remove its validate_pending mark"
    else:
        assert got == expected(case)


@pytest.mark.parametrize("case", load_door("policies.json", "toml"))
def test_policies_as_toml(case):
    got = problems(lambda: plaudit.Engine(case["toml"]))
    assert got == expected(case)


def test_the_validation_and_toml_doors_run_enough_cases():
    assert len(load_door("requests.json", "validate")) >= 30
    assert len(load_door("policies.json", "toml")) >= 10


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


# One advocate with history, erased and not: erasure must hide everything but the id (and
# the lifecycle), and nothing more than an erased advocate's figures.
ERASABLE = {
    "id": "gone", "customer_since": "2015-01-01", "health_score": 99, "nps": 10,
    "has_measurable_outcome": True, "current_tier": "gold", "tier_since": "2025-01-01",
    "engagements": ["2026-02-01"],
    "activities": [{"kind": "case_study", "date": "2026-01-10", "status": "completed"}],
}


@pytest.mark.parametrize("erased", [True, False], ids=["erased", "kept"])
def test_an_erased_advocate_leaves_nothing_but_its_id(erased):
    a = dict(ERASABLE, erasure_requested=erased)
    e = ENGINE.eligibility(a, AS_OF)
    t = ENGINE.tier(a, AS_OF)
    ev = ENGINE.evaluate(a, AS_OF).to_dict()
    (row,) = ENGINE.assign_tiers([a], AS_OF).to_dict()["advocates"]
    flat = {k: v for k, v in a.items() if k not in ("activities", "engagements")}
    (table,) = ENGINE.evaluate_table(
        [flat], activities=[dict(x, advocate_id="gone") for x in a["activities"]],
        engagements=[{"advocate_id": "gone", "date": d} for d in a["engagements"]],
        as_of=AS_OF, shares=True).to_pylist()
    figures = ("readiness", "tenure_months", "counted_12m", "remaining", "tier",
               "assigned_tier", "next_available_on")
    if erased:
        assert (e.eligible, e.reasons, e.tenure_months, e.nps, e.readiness) == (
            False, ("erased",), None, None, None)
        assert t == {"lifecycle": "erased"}
        assert ev["excluded"] == ["erased"]
        assert not {"eligibility", "tier", "capacity", "next_available"} & set(ev)
        assert row == {"id": "gone", "lifecycle": "erased"}
        assert table["lifecycle"] == "erased"
        assert [table[k] for k in figures] == [None] * len(figures)
        # The reason list says `erased` alone; there is no verdict, as in `evaluate`.
        assert (table["reasons"], table["eligible"]) == (["erased"], None)
    else:
        assert (e.eligible, e.reasons, e.nps) == (True, (), 10)
        assert e.tenure_months == 134 and e.readiness is not None and e.readiness.score > 0
        assert t["points"] == 3.0 and "lifecycle" not in t and t["tier"] == "silver"
        assert ev["excluded"] == [] and ev["eligibility"]["readiness"]["score"] > 0
        assert ev["tier"]["points"] == 3.0 and ev["capacity"]["counted_in_window"] == 1
        assert row["lifecycle"] == "active" and row["points"] == 3.0
        assert (row["in_base"], row["in_grace"], row["over_share"]) == (True, False, False)
        assert table["lifecycle"] == "active" and table["eligible"] is True
        assert table["reasons"] == []
        assert all(table[k] is not None for k in figures), table
        assert table["tenure_months"] == 134 and table["counted_12m"] == 1


LONG = "x" * 200


@pytest.mark.parametrize(
    "value, shown",
    [
        ("x" * 80, "x" * 80),
        ("x" * 81, "x" * 77 + "..."),
        ("", ""),
        (LONG, "x" * 77 + "..."),
        (7, 7),
        (None, None),
        (True, True),
        (2.5, 2.5),
        (dt.date(2026, 1, 2), dt.date(2026, 1, 2)),
        ([1, 2], "[1, 2]"),
        ({"a": [1]}, "{'a': [...]}"),
        (list(range(10**6)), "[" + ", ".join(map(str, range(30)))[:76] + "..."),
    ],
)
def test_inputs_are_shown_whole_up_to_80_characters(value, shown):
    got = plaudit_errors.shown_input(value)
    assert got == shown
    assert not isinstance(got, str) or len(got) <= 80


@pytest.mark.parametrize("length", [79, 80, 81, 500])
def test_a_bad_string_is_the_input_cut_past_80(length):
    bad = "2026-01-" + "9" * (length - 8)
    with pytest.raises(plaudit.RecordError) as err:
        ENGINE.evaluate(dict(GOOD, customer_since=bad), AS_OF)
    (d,) = err.value.errors()
    assert d["loc"] == ("customer_since",) and d["code"] == "invalid_date"
    assert d["input"] == (bad if length <= 80 else bad[:77] + "...")


def test_a_missing_field_has_no_input_and_a_bad_argument_is_its_own_input():
    with pytest.raises(plaudit.RecordError) as err:
        ENGINE.evaluate({"id": "a", "health_score": 90}, AS_OF)
    assert [(d["loc"], "input" in d) for d in err.value.errors()] == [(("customer_since",), False)]
    with pytest.raises(plaudit.RecordError) as err:
        ENGINE.evaluate(GOOD, "2026-02-30")
    assert [(d["loc"], d["input"]) for d in err.value.errors()] == [(("as_of",), "2026-02-30")]


def test_error_details_survive_pickling():
    import pickle

    roster = [dict(GOOD, nps=11, health_score=-1, consents=[{"purpose": "program", "status": "granted", "on": "x" * 100}])]
    with pytest.raises(plaudit.RecordError) as err:
        plaudit.Roster(roster)
    e = err.value
    assert e.error_count() == len(e.errors()) == 3
    assert {d["loc"]: d["input"] for d in e.errors()} == {
        ("advocates", 0, "consents", 0, "on"): "x" * 77 + "...",
        ("advocates", 0, "health_score"): -1,
        ("advocates", 0, "nps"): 11,
    }
    back = pickle.loads(pickle.dumps(e))
    assert type(back) is plaudit.RecordError and str(back) == str(e)
    assert back.errors() == e.errors() and back.error_count() == 3


def test_a_detail_made_by_hand_gets_its_loc():
    e = plaudit.PlauditError("bad", [{"path": "advocates[2].nps", "code": "out_of_range", "message": "m"}])
    assert e.errors()[0]["loc"] == ("advocates", 2, "nps") and e.error_count() == 1
    assert plaudit.PlauditError("none").errors() == [] and plaudit.PlauditError("none").error_count() == 0
    assert plaudit_errors.loc_of("") == () and plaudit_errors.path_of(()) == ""
