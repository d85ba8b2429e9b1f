"""Batch scoring from pyarrow, pandas and polars: the same answers as the per-record path."""
import datetime as dt
import re

import pyarrow as pa
import pytest

import plaudit
from conftest import advocate

AS_OF = dt.date(2026, 6, 1)


def roster(n=40, id_format="t{:03}"):
    out = []
    for i in range(n):
        a = advocate(id_format.format(i), health_score=60 + i % 41, nps=i % 11,
                     customer_since=f"20{20 + i % 6}-0{1 + i % 9}-15")
        a["activities"] = [{"kind": "referral", "date": "2026-0{}-10".format(1 + i % 5), "status": "completed"}] if i % 3 else []
        if i % 7 == 0:
            a["consents"] = a["consents"] + [{"purpose": "program", "status": "withdrawn", "on": "2026-04-01"}]
        out.append(a)
    return out


def long_tables(list_):
    flat = pa.table({
        "id": [a["id"] for a in list_],
        "customer_since": [dt.date.fromisoformat(a["customer_since"]) for a in list_],
        "health_score": [float(a["health_score"]) for a in list_],
        "nps": [a["nps"] for a in list_],
        "nps_on": [dt.date.fromisoformat(a["nps_on"]) for a in list_],
        "has_measurable_outcome": [a["has_measurable_outcome"] for a in list_],
        "country": [a["country"] for a in list_],
        "industry": [a["industry"] for a in list_],
    })
    acts = [(a["id"], x) for a in list_ for x in a["activities"]]
    activities = pa.table({
        "advocate_id": [i for i, _ in acts],
        "kind": [x["kind"] for _, x in acts],
        "date": [dt.date.fromisoformat(x["date"]) for _, x in acts],
        "status": [x["status"] for _, x in acts],
    })
    eng = [(a["id"], d) for a in list_ for d in a["engagements"]]
    engagements = pa.table({"advocate_id": [i for i, _ in eng], "date": [dt.date.fromisoformat(d) for _, d in eng]})
    cons = [(a["id"], c) for a in list_ for c in a["consents"]]
    consents = pa.table({
        "advocate_id": [i for i, _ in cons],
        "purpose": [c["purpose"] for _, c in cons],
        "status": [c["status"] for _, c in cons],
        "on": [dt.date.fromisoformat(c["on"]) for _, c in cons],
    })
    return flat, activities, engagements, consents


def per_record(engine, list_):
    keep = ("id", "customer_since", "health_score", "nps", "nps_on", "has_measurable_outcome",
            "country", "industry", "activities", "engagements", "consents")
    out = {}
    for a in list_:
        a = {k: a[k] for k in keep}
        e = engine.eligibility(a, AS_OF)
        out[a["id"]] = (e.eligible, list(e.reasons), e.readiness.score, engine.lifecycle(a, AS_OF).state)
    return out


def batch(table):
    rows = table.to_pylist()
    return {r["id"]: (r["eligible"], list(r["reasons"]), r["readiness"], r["lifecycle"]) for r in rows}


def test_batch_equals_per_record_from_pyarrow(engine):
    list_ = roster()
    t = engine.evaluate_table(*long_tables(list_), as_of=AS_OF)
    assert isinstance(t, pa.Table) and t.num_rows == len(list_)
    assert batch(t) == per_record(engine, list_)


@pytest.mark.parametrize("id_format", [
    "{}",                    # 1-2 bytes
    "adv-{:04}",             # 8 bytes: ids differ in the last byte of a word
    "a{:03}-of-the-fleet",   # 17 bytes: they differ in the middle
    "customer-{:03}-x",      # 14 bytes: two overlapping words
    "account-{:08}",         # 16 bytes
])
def test_long_rows_join_their_advocate_whatever_the_id_length(engine, id_format):
    # Long rows are joined to advocates by comparing ids (short ones word by word): ids of
    # every length band, which differ from their neighbours in one byte, must still join.
    list_ = roster(id_format=id_format)
    t = engine.evaluate_table(*long_tables(list_), as_of=AS_OF)
    assert batch(t) == per_record(engine, list_)
    # The activity counts per advocate show each row went to its own advocate.
    counted = {r["id"]: r["counted_12m"] for r in t.to_pylist()}
    per = {a["id"]: engine.evaluate(a, AS_OF).to_dict().get("capacity") for a in list_}
    assert counted == {i: c["counted_in_window"] if c else None for i, c in per.items()}
    assert sum(1 for c in counted.values() if c) > len(list_) // 2


def test_pandas_and_polars_inputs_give_the_same_table(engine):
    pd = pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    tables = long_tables(roster())
    want = engine.evaluate_table(*tables, as_of=AS_OF)
    via_pandas = engine.evaluate_table(*[t.to_pandas() for t in tables], as_of=AS_OF)
    via_polars = engine.evaluate_table(*[pl.from_arrow(t) for t in tables], as_of=AS_OF)
    assert via_pandas.to_pylist() == want.to_pylist()
    assert via_polars.to_pylist() == want.to_pylist()
    assert isinstance(pd.DataFrame, type)


def test_bad_cells_are_reported_with_their_path(engine):
    flat, activities, engagements, consents = long_tables(roster(5))
    bad = activities.set_column(1, "kind", pa.array(["telepathy"] * activities.num_rows))
    with pytest.raises(plaudit.RecordError) as e:
        engine.evaluate_table(flat, bad, engagements, consents, as_of=AS_OF)
    assert_named_by_record(e.value.errors(), flat, bad)


def assert_named_by_record(errors, flat, activities):
    """Every bad `kind` of the long activities table is named by its record path
    (`advocates[i].activities[k].kind`: the k-th row of advocate row i, in table order), its
    table row in the message; every row is there once."""
    ids, owners = flat["id"].to_pylist(), activities["advocate_id"].to_pylist()
    seen = []
    for err in errors:
        m = re.fullmatch(r"advocates\[(\d+)\]\.activities\[(\d+)\]\.kind", err["path"])
        assert m, err
        i, k = int(m[1]), int(m[2])
        row = int(re.search(r"\(activities row (\d+)\)$", err["message"])[1])
        assert owners[row] == ids[i]
        assert owners[:row].count(ids[i]) == k
        seen.append(row)
    assert activities.num_rows <= 100  # all listed (at most 100 problems are)
    assert sorted(seen) == list(range(activities.num_rows))


REQUEST = {"id": "q", "kind": "referral", "requested_on": AS_OF, "needed_by": "2026-06-30",
           "prospect": {"industry": "software", "country": "US"}, "count": 3}


def slim(list_):
    keep = ("id", "customer_since", "health_score", "nps", "nps_on", "has_measurable_outcome",
            "country", "industry", "activities", "engagements", "consents")
    return [{k: a[k] for k in keep} for a in list_]


def test_rank_table_equals_rank_on_the_same_advocates(engine):
    list_ = roster()
    t = engine.rank_table(REQUEST, *long_tables(list_), as_of=AS_OF)
    assert isinstance(t, pa.Table) and t.num_rows == len(list_)
    assert t.column_names == ["id", "status", "position", "score", "earliest_on", "tier",
                              "reasons", "next_available_on", "near_miss"]
    rows = {r["id"]: r for r in t.to_pylist()}
    assert [r["id"] for r in t.to_pylist()] == [a["id"] for a in list_]  # input order
    r = engine.rank(REQUEST, slim(list_), AS_OF)
    selected = sorted((x for x in rows.values() if x["status"] == "selected"), key=lambda x: x["position"])
    assert [x["id"] for x in selected] == [m["id"] for m in r.matches]
    assert [x["score"] for x in selected] == [m["score"] for m in r.matches]
    assert [x["earliest_on"].isoformat() for x in selected] == [m["earliest_on"] for m in r.matches]
    for x in r.excluded:
        row = rows[x["id"]]
        assert row["status"] == "excluded"
        assert row["reasons"] == x["reasons"]
        want = x.get("next_available_on")
        assert (row["next_available_on"].isoformat() if row["next_available_on"] else None) == want
    matched_not_returned = [x for x in rows.values() if x["status"] == "matched"]
    assert len(matched_not_returned) == r.summary["matched"] - len(r.matches)
    assert sum(x["near_miss"] for x in rows.values()) == len(r.near_misses)
    assert r.summary["excluded"] > 0 and len(r.matches) == 3


def test_rank_table_reports_bad_cells_and_bad_requests(engine):
    flat, activities, engagements, consents = long_tables(roster(5))
    bad = activities.set_column(1, "kind", pa.array(["telepathy"] * activities.num_rows))
    with pytest.raises(plaudit.RecordError) as e:
        engine.rank_table(REQUEST, flat, bad, engagements, consents, as_of=AS_OF)
    assert_named_by_record(e.value.errors(), flat, bad)
    with pytest.raises(plaudit.RecordError) as e:
        engine.rank_table({**REQUEST, "count": 0}, flat, as_of=AS_OF)
    assert any(err["path"] == "count" for err in e.value.errors())


def nested_table(list_):
    """The same advocates as one table with the history nested (lists of structs)."""
    return pa.Table.from_pylist(slim(list_))


def test_nested_history_gives_the_same_table_as_long_tables(engine):
    list_ = roster()
    want = engine.evaluate_table(*long_tables(list_), as_of=AS_OF)
    t = nested_table(list_)
    assert pa.types.is_list(t.schema.field("activities").type)
    got = engine.evaluate_table(t, as_of=AS_OF)
    assert got.to_pylist() == want.to_pylist()
    assert batch(got) == per_record(engine, list_)


def test_nested_history_from_polars_large_lists_and_string_views(engine):
    pl = pytest.importorskip("polars")
    list_ = roster()
    want = engine.evaluate_table(nested_table(list_), as_of=AS_OF)
    df = pl.from_arrow(nested_table(list_))
    assert engine.evaluate_table(df, as_of=AS_OF).to_pylist() == want.to_pylist()


def test_nested_bad_cell_is_reported_inside_its_advocate(engine):
    list_ = slim(roster(5))
    list_[3]["consents"] = list_[3]["consents"] + [{"purpose": "program", "status": "granted", "on": "2026-02-30"}]
    with pytest.raises(plaudit.RecordError) as e:
        engine.evaluate_table(pa.Table.from_pylist(list_), as_of=AS_OF)
    k = len(list_[3]["consents"]) - 1
    assert [err["path"] for err in e.value.errors()] == [f"advocates[3].consents[{k}].on"]


def test_nested_history_and_its_long_table_together_are_refused(engine):
    list_ = roster(5)
    flat, activities, _, _ = long_tables(list_)
    with pytest.raises(plaudit.RecordError) as e:
        engine.evaluate_table(nested_table(list_), activities, as_of=AS_OF)
    assert e.value.errors()[0]["path"] == "advocates.activities"


def test_tier_is_individual_and_assigned_tier_applies_the_shares(engine):
    # 150 advocates (above the 100 the shares need), most of them busy enough for gold.
    list_ = []
    for i in range(150):
        a = advocate(f"s{i:03}", health_score=90, nps=10, customer_since="2022-01-15")
        a["activities"] = [{"kind": "referral", "date": f"2026-0{1 + k}-10", "status": "completed"}
                           for k in range(2 + i % 2)]
        list_.append(a)
    tables = long_tables(list_)
    plain = engine.evaluate_table(*tables, as_of=AS_OF)
    assert "assigned_tier" not in plain.column_names
    t = engine.evaluate_table(*tables, as_of=AS_OF, shares=True)
    names = t.column_names
    assert names[names.index("assigned_tier") - 1] == "tier"
    assert t.column("tier").to_pylist() == plain.column("tier").to_pylist()
    assigned = engine.assign_tiers(slim(list_), AS_OF)
    by_id = {a["id"]: a.get("tier") for a in assigned.advocates}
    assert dict(zip(t.column("id").to_pylist(), t.column("assigned_tier").to_pylist())) == by_id
    gold = t.column("tier").to_pylist().count("gold")
    assigned_gold = t.column("assigned_tier").to_pylist().count("gold")
    assert gold > assigned_gold  # the shares cap gold at 20% of the base
