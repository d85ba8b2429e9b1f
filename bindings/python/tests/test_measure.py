"""engine.measure from Python: dates as objects or text, a Roster or a list of dicts,
every bad argument a PlauditError naming its path."""
import datetime as dt
import json

import pytest

import plaudit
from conftest import VECTORS, canonical

PERIOD = ("2026-01-01", "2026-03-31")
AS_OF = "2026-04-15"


def deal(i, stage="won", touches=(), **more):
    d = {"id": f"o{i}", "stage": stage, "amount": 100, "created_on": "2026-01-05"}
    if stage != "open":
        d["closed_on"] = "2026-02-01"
    d["touches"] = list(touches)
    d.update(more)
    return d


def touch(adv, on="2026-01-20", kind="reference_call"):
    return {"advocate_id": adv, "kind": kind, "on": on}


def test_linear_credits_add_up_to_the_amount_and_are_typed(engine):
    m = engine.measure([deal(1, touches=[touch("a"), touch("b"), touch("c")])], period=PERIOD, as_of=AS_OF)
    assert isinstance(m, plaudit.Measurement)
    assert m.attribution == "linear" and m.policy == engine.fingerprint
    credits = m.per_opportunity[0]["credits"]
    assert sum(c["amount"]["units"] for c in credits) == 10000
    assert {c["advocate_id"] for c in credits} == {"a", "b", "c"}
    assert m.funnel is None
    assert json.loads(json.dumps(m.to_dict())) == m.to_dict()


def test_dates_may_be_date_objects(engine):
    deals = [deal(1, touches=[touch("a")])]
    text = engine.measure(deals, period=PERIOD, as_of=AS_OF)
    objs = engine.measure(deals, period=(dt.date(2026, 1, 1), dt.date(2026, 3, 31)), as_of=dt.date(2026, 4, 15))
    assert text.to_dict() == objs.to_dict()


def test_a_roster_object_and_a_list_of_dicts_measure_alike():
    case = next(c for c in json.loads((VECTORS / "measure.json").read_text()) if "advocates" in c["input"])
    engine = plaudit.Engine(case.get("policy"))
    inp = case["input"]
    args = dict(period=tuple(inp["period"]), as_of=case["as_of"])
    from_list = engine.measure(inp["opportunities"], inp["advocates"], **args)
    from_roster = engine.measure(inp["opportunities"], plaudit.Roster(inp["advocates"]), **args)
    assert canonical(from_list.to_dict()) == canonical(from_roster.to_dict()) == canonical(case["expected"])
    assert from_list.funnel is not None


def test_bad_touch_is_reported_with_its_path(engine):
    bad = [deal(1), deal(2, touches=[touch("a", on="2026-02-30")])]
    with pytest.raises(plaudit.RecordError) as e:
        engine.measure(bad, period=PERIOD, as_of=AS_OF)
    assert [x["path"] for x in e.value.errors()] == ["opportunities[1].touches[0].on"]


@pytest.mark.parametrize(
    "kwargs, path",
    [
        (dict(period="2026", as_of=AS_OF), "period"),
        (dict(period=("2026-13-01", "2026-03-31"), as_of=AS_OF), "period.from"),
        (dict(period=("2026-01-01", None), as_of=AS_OF), "period.to"),
        (dict(period=PERIOD, as_of="2026-03-30"), "as_of"),
    ],
)
def test_bad_period_or_as_of_names_the_argument(engine, kwargs, path):
    with pytest.raises(plaudit.PlauditError) as e:
        engine.measure([], **kwargs)
    assert e.value.errors()[0]["path"] == path


def test_opportunities_must_be_a_list(engine):
    with pytest.raises(plaudit.PlauditError) as e:
        engine.measure({"id": "o1"}, period=PERIOD, as_of=AS_OF)
    assert e.value.errors()[0]["path"] == "opportunities"


def test_results_as_arrow_tables_hold_the_same_numbers(engine):
    deals = [
        deal(1, touches=[touch("a"), touch("b"), touch("c")]),
        deal(2, stage="lost", touches=[touch("a")]),
        deal(3, stage="open", touches=[]),
    ]
    m = engine.measure(deals, period=PERIOD, as_of=AS_OF)
    adv = m.per_advocate_table()
    assert adv.num_rows == len(m.per_advocate) == 3
    assert sum(adv.column("attributed_units").to_pylist()) == 10000
    by_id = {r["id"]: r for r in adv.to_pylist()}
    assert by_id["a"]["deals_influenced"] == 2 and by_id["a"]["currency"] == "USD"
    opp = m.per_opportunity_table()
    rows = {r["id"]: r for r in opp.to_pylist()}
    assert sum(c["units"] for c in rows["o1"]["credits"]) == rows["o1"]["amount_units"] == 10000
    # A lost deal's touches are listed with nothing to credit.
    assert rows["o2"]["credits"] == [{"advocate_id": "a", "units": 0}]
    assert list(rows) == [o["id"] for o in m.per_opportunity]


def table(rows):
    """A pyarrow table of dicts, columns from every row (``from_pylist`` reads the first)."""
    import pyarrow as pa

    return pa.Table.from_struct_array(pa.array(rows))


def long_tables(deals):
    """The deals as an opportunities table and a long touches table (rows reversed)."""

    opps, touches = [], []
    for d in deals:
        d = dict(d)
        for t in d.pop("touches", []):
            touches.append({"opportunity_id": d["id"], **t})
        src = d.pop("source", None) or {}
        d["source_kind"] = src.get("kind")
        d["source_advocate_id"] = src.get("advocate_id")
        opps.append(d)
    return table(opps), table(touches[::-1])


def test_tables_nested_or_long_measure_as_the_dicts(engine):
    deals = [
        deal(1, touches=[touch("a"), touch("b", kind="case_study")]),
        deal(2, stage="lost", touches=[touch("a")], source={"kind": "referral", "advocate_id": "c"}),
        deal(3, stage="open"),
    ]
    want = engine.measure(deals, period=PERIOD, as_of=AS_OF).to_dict()
    nested = engine.measure(table(deals), period=PERIOD, as_of=AS_OF)
    assert nested.to_dict() == want
    opps, touches = long_tables(deals)
    assert engine.measure(opps, period=PERIOD, as_of=AS_OF, touches=touches).to_dict() == want
    assert engine.measure(opps.to_pandas(), period=PERIOD, as_of=AS_OF, touches=touches.to_pandas()).to_dict() == want
    import polars as pl

    assert engine.measure(pl.from_arrow(opps), period=PERIOD, as_of=AS_OF, touches=pl.from_arrow(touches)).to_dict() == want


def test_a_bad_cell_of_a_long_touches_table_names_its_touch_and_its_row(engine):
    opps, touches = long_tables([deal(1), deal(2, touches=[touch("a"), touch("b"), touch("c", on="2026-02-30")])])
    with pytest.raises(plaudit.RecordError) as e:
        engine.measure(opps, period=PERIOD, as_of=AS_OF, touches=touches)
    # The touches were reversed: the bad one is row 0, the first touch of deal 2 in table order.
    [err] = e.value.errors()
    assert err["path"] == "opportunities[1].touches[0].on"
    assert err["message"].endswith("(touches row 0)")


def test_a_long_touch_of_an_unknown_deal_keeps_its_row(engine):
    import pyarrow as pa

    opps, touches = long_tables([deal(1, touches=[touch("a")])])
    touches = touches.set_column(0, "opportunity_id", pa.array(["nope"]))
    with pytest.raises(plaudit.RecordError) as e:
        engine.measure(opps, period=PERIOD, as_of=AS_OF, touches=touches)
    assert [x["path"] for x in e.value.errors()] == ["touches[0].opportunity_id"]


def test_kpis_and_breakdowns_tables_hold_the_kpis(engine):
    deals = [
        deal(1, touches=[touch("a")], segment="smb"),
        deal(2, stage="lost", segment="enterprise"),
        deal(3, stage="won", touches=[touch("b")], segment="smb"),
    ]
    m = engine.measure(deals, period=PERIOD, as_of=AS_OF)
    kpis = {(r["kpi"], r["currency"]): r for r in m.kpis_table().to_pylist()}
    share = m.kpis["influenced_share"]
    row = kpis[("influenced_share", None)]
    assert (row["numerator"], row["denominator"], row["value"]) == (
        share["numerator"], share["denominator"], share["value"])
    assert kpis[("influenced_revenue", "USD")]["units"] == m.kpis["influenced_revenue"]["USD"]["units"] == 20000
    assert kpis[("win_rate_with", None)]["value"] == 1.0
    bd = m.breakdowns_table().to_pylist()
    seg = {r["key"]: r for r in bd if r["dimension"] == "segment" and r["kpi"] == "influenced_share"}
    assert seg["smb"]["numerator"] == 2 and seg["enterprise"]["numerator"] == 0
    assert sum(r["numerator"] for r in seg.values()) == share["numerator"]
