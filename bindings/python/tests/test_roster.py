"""A kept `plaudit.Roster`: the same answers as a list of dicts, request after request."""
import datetime as dt
import json
import threading

import pytest

import plaudit
from conftest import advocate, canonical
from test_tables import REQUEST, long_tables, roster as table_roster, slim

AS_OF = dt.date(2026, 6, 1)


def people(n=30):
    out = []
    for i in range(n):
        acts = [{"kind": k, "date": f"2026-0{1 + (i + j) % 5}-1{j}", "status": "completed"}
                for j, k in enumerate(["referral", "reference_call", "case_study"][: i % 4])]
        out.append(advocate(f"p{i:02}", account_id=f"acct-{i % 7}", health_score=55 + i % 45,
                            nps=i % 11, activities=acts))
    return out


def on(q, day):
    """`q` asked on `day`, needed four weeks later."""
    d = dt.date.fromisoformat(day)
    return dict(q, requested_on=day, needed_by=(d + dt.timedelta(days=28)).isoformat())


def requests():
    base = {"id": "q", "requested_on": "2026-06-01", "needed_by": "2026-06-30",
            "prospect": {"industry": "software", "country": "US"}, "count": 4}
    return [dict(base, id=f"q-{k}", kind=k) for k in ("reference_call", "referral", "case_study", "review")]


def test_a_kept_roster_ranks_as_a_list_does_request_after_request(engine):
    list_ = people()
    kept = plaudit.Roster(list_)
    # Interleaved kinds and dates: the roster keeps a day's state and must drop it on a
    # new date, and never let one kind's state answer for another.
    for as_of in ["2026-06-01", "2026-06-01", "2026-07-15", "2026-06-01"]:
        for q in requests():
            q = on(q, as_of)
            got = engine.rank(q, kept, as_of)
            want = engine.rank(q, list_, as_of)
            assert canonical(got.to_dict()) == canonical(want.to_dict()), (as_of, q["kind"])
    assert canonical(engine.assign_tiers(kept, AS_OF).to_dict()) == canonical(engine.assign_tiers(list_, AS_OF).to_dict())
    targets = [{"name": "sw", "kind": "reference_call", "industry": "software", "needed": 3}]
    assert canonical(engine.coverage(kept, targets, AS_OF).to_dict()) == canonical(engine.coverage(list_, targets, AS_OF).to_dict())
    kept.clear_cache()
    assert canonical(engine.rank(requests()[0], kept, AS_OF).to_dict()) == canonical(engine.rank(requests()[0], list_, AS_OF).to_dict())


def test_a_roster_serves_engines_with_other_policies(engine):
    list_ = people()
    kept = plaudit.Roster(list_)
    strict = plaudit.Engine({"fatigue": {"annual_cap": 1}})
    for e in (engine, strict, engine):
        q = requests()[1]
        assert canonical(e.rank(q, kept, AS_OF).to_dict()) == canonical(e.rank(q, list_, AS_OF).to_dict())


def test_roster_reads_like_a_collection():
    list_ = people(5)[::-1]  # not in id order: ids() keeps the input's
    r = plaudit.Roster(list_)
    assert len(r) == 5 and "p03" in r and "nobody" not in r and 3 not in r
    assert r.ids() == [a["id"] for a in list_]
    got = r.get("p03")
    assert got["id"] == "p03" and got["account_id"] == "acct-3" and r.get("nobody") is None
    assert repr(r) == "Roster(5 advocates)"


def test_bad_rosters_raise_record_errors_with_paths():
    list_ = people(4)
    list_[2] = dict(list_[2], health_score="high")
    with pytest.raises(plaudit.RecordError) as e:
        plaudit.Roster(list_)
    assert "advocates[2].health_score" in {d["path"] for d in e.value.errors()}
    twice = people(3) + [people(3)[1]]
    with pytest.raises(plaudit.RecordError) as e:
        plaudit.Roster(twice)
    assert any(d["path"].startswith("advocates[3]") for d in e.value.errors())
    with pytest.raises(plaudit.RecordError):
        plaudit.Roster("not a list")  # type: ignore[arg-type]


def test_roster_from_tables_equals_roster_from_dicts(engine):
    list_ = table_roster()
    from_tables = plaudit.Roster.from_tables(*long_tables(list_))
    from_dicts = plaudit.Roster(slim(list_))
    assert len(from_tables) == len(list_) and from_tables.ids() == [a["id"] for a in list_]
    for k in from_tables.ids()[:5]:
        assert canonical(from_tables.get(k)) == canonical(from_dicts.get(k))
    got = engine.rank(REQUEST, from_tables, AS_OF)
    assert canonical(got.to_dict()) == canonical(engine.rank(REQUEST, from_dicts, AS_OF).to_dict())
    with pytest.raises(plaudit.RecordError):
        plaudit.Roster.from_tables(*long_tables(list_), unknown_ids="maybe")


def test_one_roster_serves_many_threads(engine):
    list_ = people(40)
    kept = plaudit.Roster(list_)
    dates = ["2026-06-01", "2026-06-02", "2026-08-01"]
    want = {(d, q["id"]): canonical(engine.rank(on(q, d), list_, d).to_dict())
            for d in dates for q in requests()}
    failures = []

    def work(seed):
        for i in range(12):
            d = dates[(seed + i) % len(dates)]
            q = requests()[(seed * 3 + i) % 4]
            got = canonical(engine.rank(on(q, d), kept, d).to_dict())
            if got != want[(d, q["id"])]:
                failures.append((seed, d, q["id"]))

    threads = [threading.Thread(target=work, args=(s,)) for s in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []


def test_population_results_leave_the_garbage_collector_as_it_was(engine):
    """Large results are made with the cyclic collector paused: it must come back on, and
    stay off when the caller had turned it off."""
    import gc

    kept = plaudit.Roster(people(10))
    assert gc.isenabled()
    engine.rank(requests()[0], kept, AS_OF)
    engine.assign_tiers(kept, AS_OF)
    assert gc.isenabled()
    gc.disable()
    try:
        engine.rank(requests()[0], kept, AS_OF)
        plaudit.parse_advocates(people(3))
        assert not gc.isenabled()
    finally:
        gc.enable()
