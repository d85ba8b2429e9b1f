"""Issue 20's edges through the Python doors: pandas ``NaT`` and all-null polars columns in
tables, an odd Python object beside a bad known field in a dict, and non-finite numbers
anywhere (out_of_range at their field, never absent), where ``validate_request`` must give the
verdict ``rank`` gives."""
import datetime as dt
import math

import pytest

import plaudit
from conftest import advocate

AS_OF = "2026-06-01"
REQUEST = {"id": "q", "kind": "reference_call", "requested_on": AS_OF, "needed_by": "2026-06-20",
           "prospect": {"industry": "software", "country": "US"}, "count": 1}


def problems(call):
    """The (code, path) of every problem ``call`` raises as a PlauditError, [] when none."""
    try:
        call()
    except plaudit.PlauditError as err:
        return sorted((d["code"], d["path"]) for d in err.errors())
    return []


def form_problems(validation):
    """The form's errors as (code, path), its JSON-pointer fields written as record paths."""
    return sorted((e["code"], e["field"].lstrip("/").replace("/", ".")) for e in validation.errors)


def rows(engine, table):
    return {r["id"]: r for r in engine.evaluate_table(table, as_of=AS_OF).to_pylist()}


# --- pandas NaT -------------------------------------------------------------------------


def flat_frame(pd, **columns):
    base = {"id": ["a", "b"], "customer_since": [pd.Timestamp("2020-01-15")] * 2,
            "health_score": [90.0, 90.0], "nps": [10, 10],
            "nps_on": [pd.Timestamp("2026-03-01")] * 2, "has_measurable_outcome": [True, True]}
    base.update(columns)
    return pd.DataFrame(base)


def test_a_nat_customer_since_is_missing_at_its_path_not_year_1(engine):
    pd = pytest.importorskip("pandas")
    bad = flat_frame(pd, customer_since=[pd.Timestamp("2020-01-15"), pd.NaT])
    assert problems(lambda: engine.evaluate_table(bad, as_of=AS_OF)) == [
        ("missing_field", "advocates[1].customer_since")]
    # The good neighbour: the same frame with a date in that cell decides, with the tenure of
    # 2020-01-15 (not 24,000 months from 0001-01-01).
    good = rows(engine, flat_frame(pd))
    assert good["b"]["tenure_months"] == good["a"]["tenure_months"] == 76
    assert good["b"]["eligible"]


def test_a_nat_nps_on_is_absent_and_decides_as_omitting_it(engine):
    pd = pytest.importorskip("pandas")
    table = rows(engine, flat_frame(pd, nps_on=[pd.NaT, pd.Timestamp("2026-03-01")]))
    record = {"customer_since": "2020-01-15", "health_score": 90, "nps": 10,
              "has_measurable_outcome": True}
    omitted = engine.evaluate(dict(record, id="a"), AS_OF).to_dict()["eligibility"]
    dated = engine.evaluate(dict(record, id="b", nps_on="2026-03-01"), AS_OF).to_dict()["eligibility"]
    year_1 = engine.evaluate(dict(record, id="a", nps_on="0001-01-01"), AS_OF).to_dict()["eligibility"]
    # The NaT must not be read as 0001-01-01: that date makes the score stale (nps_missing).
    assert (omitted["eligible"], omitted["reasons"]) == (True, [])
    assert (year_1["eligible"], year_1["reasons"]) == (False, ["nps_missing"])
    for row, want in ((table["a"], omitted), (table["b"], dated)):
        assert (row["eligible"], row["reasons"]) == (want["eligible"], list(want["reasons"]))
        assert row["readiness"] == pytest.approx(want["readiness"]["score"])


# --- unsigned 64-bit integers ---------------------------------------------------------


def test_uint64_values_read_in_range_and_beyond_i64_are_an_error_not_a_null(engine):
    pa = pytest.importorskip("pyarrow")

    def table(first):
        return pa.table({
            "id": ["a", "b"],
            "customer_since": pa.array([dt.date(2020, 1, 15)] * 2),
            "health_score": [90.0, 90.0],
            "nps": pa.array([first, 9], type=pa.uint64()),
            "has_measurable_outcome": [True, True],
        })

    # In range: read as the integer it holds (10 is a promoter, 9 too).
    got = rows(engine, table(10))
    assert (got["a"]["eligible"], got["a"]["reasons"]) == (True, [])
    # Beyond the scale, and beyond what an int64 holds: an error at its path, never a null
    # (a null nps would decide as nps_missing).
    assert problems(lambda: engine.evaluate_table(table(11), as_of=AS_OF)) == [
        ("out_of_range", "advocates[0].nps")]
    beyond = problems(lambda: engine.evaluate_table(table(2**64 - 1), as_of=AS_OF))
    assert len(beyond) == 1 and beyond[0][1] == "advocates.nps"


# --- polars columns of nulls ------------------------------------------------------------


@pytest.mark.parametrize("dtype", ["Null", "Float64"])
def test_a_polars_column_of_nulls_reads_as_absent(engine, dtype):
    pl = pytest.importorskip("polars")
    frame = pl.DataFrame({
        "id": ["a", "b"],
        "customer_since": [dt.date(2020, 1, 15)] * 2,
        "health_score": [90.0, 90.0],
        "nps": pl.Series([None, None], dtype=getattr(pl, dtype)),
        "has_measurable_outcome": [True, True],
    })
    got = rows(engine, frame)
    record = {"customer_since": "2020-01-15", "health_score": 90, "has_measurable_outcome": True}
    without = engine.evaluate(dict(record, id="a"), AS_OF).to_dict()["eligibility"]
    assert without["reasons"] == ["nps_missing"]
    for row in got.values():
        assert (row["eligible"], row["reasons"]) == (False, ["nps_missing"])
        assert row["readiness"] == pytest.approx(without["readiness"]["score"])
    # The other side: the same column holding scores is read, not dropped.
    scored = rows(engine, frame.with_columns(pl.Series("nps", [10.0, 3.0])))
    assert (scored["a"]["eligible"], scored["a"]["reasons"]) == (True, [])
    assert scored["b"]["reasons"] == ["not_promoter"]


def test_a_polars_null_column_in_a_required_field_is_missing_at_each_row(engine):
    pl = pytest.importorskip("polars")
    frame = pl.DataFrame({
        "id": ["a", "b"],
        "customer_since": [dt.date(2020, 1, 15)] * 2,
        "health_score": pl.Series([None, None], dtype=pl.Null),
    })
    assert problems(lambda: engine.evaluate_table(frame, as_of=AS_OF)) == [
        ("missing_field", "advocates[0].health_score"),
        ("missing_field", "advocates[1].health_score")]
    # The same rows with a score decide.
    scored = frame.with_columns(pl.Series("health_score", [90.0, 10.0]))
    assert set(rows(engine, scored)) == {"a", "b"}


def test_a_polars_list_column_of_empty_lists_reads_as_empty_lists(engine):
    # polars types a column holding only empty lists `List(Null)` (here `products` and
    # `activities`): it must read as the empty lists the dicts hold, and a column holding a
    # name must still be read.
    pl = pytest.importorskip("polars")
    request = dict(REQUEST, count=2, prospect={"industry": "software", "country": "US",
                                               "products": ["crm"]})

    def scores(records):
        table = engine.rank_table(request, pl.DataFrame(records), as_of=AS_OF).to_pylist()
        by_dict = engine.rank(request, records, AS_OF).to_dict()["matches"]
        assert {r["id"]: r["score"] for r in table} == {m["id"]: m["score"] for m in by_dict}
        return {r["id"]: r["score"] for r in table}

    empty = [advocate("a", products=[]), advocate("b", products=[])]
    assert pl.DataFrame(empty).schema["products"] == pl.List(pl.Null)
    same = scores(empty)
    assert same["a"] == same["b"]
    named = scores([advocate("a", products=["crm"]), advocate("b", products=[])])
    assert named["a"] > named["b"] == same["b"]


# --- an odd Python object beside a bad known field (dict door) ---------------------------


@pytest.mark.parametrize("odd", [
    pytest.param(object(), id="object"),
    pytest.param({1, 2}, id="set"),
    pytest.param(b"\x00bytes", id="bytes"),
    pytest.param(dt.time(12, 0), id="time"),
])
def test_an_odd_object_in_an_unknown_field_hides_no_known_field(engine, odd):
    got = problems(lambda: engine.evaluate(advocate("a", zzz_note=odd, health_score="x"), AS_OF))
    assert ("invalid_type", "health_score") in got
    assert [p for p in got if p[1] != "zzz_note"] == [("invalid_type", "health_score")]
    # Beside a good known field the odd object alone is what is reported, if anything.
    alone = problems(lambda: engine.evaluate(advocate("a", zzz_note=odd), AS_OF))
    assert all(path == "zzz_note" for _, path in alone)
    assert problems(lambda: engine.evaluate(advocate("a", health_score=90), AS_OF)) == []


def test_an_odd_object_in_an_unknown_field_of_a_roster_row_hides_no_known_field():
    got = problems(lambda: plaudit.Roster([advocate("a"), advocate("b", zzz=object(), nps="x")]))
    assert ("invalid_type", "[1].nps") in got or ("invalid_type", "advocates[1].nps") in got, got


# --- non-finite numbers in a request: the form agrees with rank -------------------------


def rank_problems(engine, request):
    return problems(lambda: engine.rank(request, [advocate("a")], AS_OF))


NON_FINITE = pytest.mark.parametrize(
    "value", [math.inf, -math.inf, math.nan], ids=["inf", "-inf", "nan"])


@NON_FINITE
def test_a_non_finite_deal_value_is_refused_by_the_form_as_by_rank(engine, value):
    request = dict(REQUEST, deal_value=value)
    refused = rank_problems(engine, request)
    assert refused == [("out_of_range", "deal_value")]
    form = engine.validate_request(request)
    assert not form.ok
    assert form_problems(form) == refused


@NON_FINITE
def test_a_non_finite_incentive_value_is_refused_by_the_form_as_by_rank(engine, value):
    request = dict(REQUEST, incentive={"kind": "swag", "value": value, "currency": "USD"})
    refused = rank_problems(engine, request)
    assert refused == [("out_of_range", "incentive.value")]
    form = engine.validate_request(request)
    assert not form.ok
    assert form_problems(form) == refused


@NON_FINITE
def test_a_non_finite_number_hides_no_other_problem_of_the_form(engine, value):
    request = dict(REQUEST, deal_value=value, count=0, prospect={"country": "U5"})
    refused = rank_problems(engine, request)
    assert ("out_of_range", "deal_value") in refused and len(refused) == 3
    assert form_problems(engine.validate_request(request)) == refused


@NON_FINITE
def test_a_non_finite_number_is_out_of_range_in_every_record_and_door(engine, value):
    # Never an absent value (NaN once read as a missing optional field, as pandas means it),
    # never a wrong type or an empty path: out_of_range at the field, in every number field.
    assert problems(lambda: engine.evaluate(advocate("a", health_score=value), AS_OF)) == [
        ("out_of_range", "health_score")]
    assert problems(lambda: engine.evaluate(advocate("a", nps=value), AS_OF)) == [
        ("out_of_range", "nps")]
    assert problems(lambda: plaudit.Roster([advocate("a"), advocate("b", nps=value)])) == [
        ("out_of_range", "advocates[1].nps")]
    ask = {"kind": "referral", "date": AS_OF,
           "incentive": {"kind": "swag", "value": value, "currency": "USD"}}
    assert problems(lambda: engine.check(advocate("a"), ask, AS_OF)) == [
        ("out_of_range", "incentive.value")]
    got = problems(lambda: engine.coverage([advocate("a")], [{"kind": "referral",
                                                              "needed": value}], AS_OF))
    assert got == [("out_of_range", "targets[0].needed")]


def test_finite_numbers_in_the_same_fields_are_read(engine):
    # The other side: the same fields holding finite numbers decide.
    assert engine.evaluate(advocate("a", health_score=90.0, nps=10), AS_OF).eligibility.eligible
    assert engine.evaluate(advocate("a", health_score=10.0), AS_OF).eligibility.eligible is False
    ask = {"kind": "referral", "date": AS_OF,
           "incentive": {"kind": "swag", "value": 100.0, "currency": "USD"}}
    assert engine.check(advocate("a"), ask, AS_OF).allowed
    coverage = engine.coverage([advocate("a")], [{"kind": "referral", "needed": 2}], AS_OF)
    assert (coverage.coverage[0]["target"]["needed"], coverage.coverage[0]["gap"]) == (2, 1)


def test_finite_deal_and_incentive_values_pass_the_form_and_rank(engine):
    request = dict(REQUEST, deal_value=50000.0,
                   incentive={"kind": "swag", "value": 100.0, "currency": "USD"})
    assert rank_problems(engine, request) == []
    form = engine.validate_request(request)
    assert form.ok and form.errors == ()
    assert rank_problems(engine, dict(request, deal_value=0.0)) == []
    assert engine.validate_request(dict(request, deal_value=0.0)).ok


@pytest.mark.parametrize("change", [
    {"count": 3.0},
    {"count": 0},
    {"count": 11},
    {"deal_value": -1},
    {"incentive": {"kind": "swag", "value": 100, "currency": "dollars"}},
    {"incentive": {"kind": "swag", "value": -100, "currency": "USD"}},
    {"count": 3.5},
], ids=["count 3.0", "count 0", "count 11", "deal_value -1", "currency dollars",
        "incentive -100", "count 3.5"])
def test_validate_request_refuses_what_rank_refuses_with_its_code_and_path(engine, change):
    request = dict(REQUEST, **change)
    refused = rank_problems(engine, request)
    assert len(refused) == 1
    form = engine.validate_request(request)
    assert not form.ok
    assert form_problems(form) == refused
    # The good neighbour: count 3, deal value 0 and USD 0 pass both.
    neighbour = dict(REQUEST, count=3, deal_value=0,
                     incentive={"kind": "swag", "value": 0, "currency": "USD"})
    assert rank_problems(engine, neighbour) == []
    assert engine.validate_request(neighbour).errors == ()
