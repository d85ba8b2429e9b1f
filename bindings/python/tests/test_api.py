"""The Python API: typed results, dates, policies, errors with field paths, threads."""
import datetime as dt
import json
import threading

import pytest

import plaudit
from conftest import advocate

AS_OF = "2026-06-01"


def test_results_are_typed_immutable_and_round_trip(engine):
    c = engine.check(advocate(), {"kind": "referral", "date": AS_OF}, dt.date(2026, 6, 1))
    assert isinstance(c, plaudit.Check)
    assert c.allowed and c.reasons == () and c.next_available_on == dt.date(2026, 6, 1)
    assert c.policy == engine.fingerprint
    with pytest.raises(Exception):
        c.allowed = False  # type: ignore[misc]
    assert json.loads(json.dumps(c.to_dict()))["allowed"] is True
    assert "Check(allowed=True" in repr(c)


def test_evaluate_reports_lifecycle_capacity_and_next_dates(engine):
    e = engine.evaluate(advocate(activities=[{"kind": "case_study", "date": "2026-01-10", "status": "completed"}]), AS_OF)
    assert isinstance(e, plaudit.Evaluation)
    assert e.lifecycle.state == "active"
    assert e.eligibility is not None and e.eligibility.eligible
    assert isinstance(e.capacity, plaudit.Capacity)
    assert (e.capacity.annual_cap, e.capacity.counted_in_window, e.capacity.remaining) == (6, 1, 5)
    assert e.capacity.to_dict() == {"annual_cap": 6, "counted_in_window": 1, "remaining": 5}
    assert e.capacity["remaining"] == 5  # the dict access of earlier versions still works
    assert isinstance(e.tier, plaudit.TierStatus)
    assert (e.tier.tier, e.tier.completed_in_window, e.tier.in_grace) == ("silver", 1, False)
    assert e.tier.to_dict() == e.to_dict()["tier"] == engine.tier(advocate(activities=[
        {"kind": "case_study", "date": "2026-01-10", "status": "completed"}]), AS_OF)
    assert e.next_available is not None and e.next_available["case_study"] == "2027-01-10"


def test_an_erased_evaluation_has_no_tier_or_capacity(engine):
    e = engine.evaluate(advocate(erasure_requested=True), AS_OF)
    assert (e.tier, e.capacity, e.eligibility) == (None, None, None)


def test_rank_results_are_typed_and_exclusions_come_on_demand(engine):
    roster = plaudit.Roster([advocate(f"r{i}", account_id=f"acct-{i}", health_score=60 + 5 * i,
                                      nps=None if i == 1 else 10) for i in range(8)])
    req = {"id": "q", "kind": "reference_call", "requested_on": AS_OF, "needed_by": "2026-06-20",
           "prospect": {"industry": "software", "country": "US"}, "count": 3}
    r = engine.rank(req, roster, AS_OF)
    whole = r.to_dict()
    m = r.matches[0]
    assert isinstance(m, plaudit.Match) and isinstance(m.components, plaudit.MatchComponents)
    assert isinstance(m.earliest_on, dt.date) and m.earliest_on.isoformat() == whole["matches"][0]["earliest_on"]
    assert m.score == whole["matches"][0]["score"] and m.approvals == tuple(whole["matches"][0]["approvals"])
    assert m["earliest_on"] == whole["matches"][0]["earliest_on"]  # dict access: the JSON value
    assert isinstance(r.summary, plaudit.RankSummary)
    assert r.summary.excluded == len(whole["excluded"]) > 0
    assert r.summary.by_reason == whole["summary"]["by_reason"]
    assert all(isinstance(x, plaudit.Exclusion) for x in r.excluded)
    assert [x.to_dict() for x in r.excluded] == whole["excluded"]
    assert [list(x.reasons) for x in r.excluded] == [x["reasons"] for x in whole["excluded"]]
    # The same ranking, exclusions first as a table, then as objects; to_dict unchanged.
    again = engine.rank(req, roster, AS_OF)
    table = again.exclusions_table()
    assert table.column_names == ["id", "reasons", "next_available_on"]
    assert table.to_pylist() == [
        {"id": x["id"], "reasons": x["reasons"],
         "next_available_on": None if "next_available_on" not in x else dt.date.fromisoformat(x["next_available_on"])}
        for x in whole["excluded"]
    ]
    assert again.to_dict() == whole and again.excluded == r.excluded
    assert list(again.to_dict()) == sorted(whole)  # keys in the canonical order
    # A merged ranking (exclusions in its dict) gives the same table.
    parts = [engine.rank_partial(req, roster, AS_OF, exclusions=True)]
    merged = engine.merge_rankings(req, parts)
    assert merged.exclusions_table().equals(table) and merged.to_dict() == whole


def test_a_ranking_pickles_with_its_exclusions(engine):
    import pickle

    roster = [advocate(f"r{i}", health_score=60 + 10 * i) for i in range(4)]
    req = {"id": "q", "kind": "reference_call", "requested_on": AS_OF, "needed_by": "2026-06-20",
           "prospect": {"industry": "software"}, "count": 1}
    r = engine.rank(req, roster, AS_OF)
    back = pickle.loads(pickle.dumps(r))
    assert back.to_dict() == r.to_dict() and back.excluded == r.excluded and back == r


def test_tier_mix_is_typed_alike_in_assignments_and_portfolios(engine):
    roster = [advocate(f"t{i}", activities=[{"kind": "case_study", "date": f"2026-0{1 + i % 5}-10",
                                             "status": "completed"}] * (i % 4)) for i in range(10)]
    t = engine.assign_tiers(roster, AS_OF)
    p = engine.coverage(roster, [], AS_OF)
    assert all(isinstance(x, plaudit.TierMix) for x in t.mix)
    assert t.mix == p.tier_mix and [x.to_dict() for x in t.mix] == t.to_dict()["mix"]
    assert [x.tier for x in t.mix] == ["platinum", "gold", "silver", "community"]
    assert sum(x.count for x in t.mix) == t.base
    assert all(isinstance(a, plaudit.AssignedTier) for a in t.advocates)
    assert [a.id for a in t.advocates] == sorted(a["id"] for a in roster)


def test_check_blocks_on_the_cap_and_gives_the_next_date(engine):
    acts = [{"kind": "referral", "date": d, "status": "completed"} for d in
            ["2025-07-01", "2025-08-01", "2025-09-01", "2025-10-01", "2025-11-01", "2026-05-01"]]
    c = engine.check(advocate(activities=acts), {"kind": "referral", "date": AS_OF}, AS_OF)
    assert not c.allowed
    assert c.reasons == ("annual_cap_reached",)
    assert c.next_available_on == dt.date(2026, 7, 1)


def test_rank_tiers_coverage_and_validation(engine):
    roster = [advocate(f"r{i}", health_score=70 + 5 * i) for i in range(6)]
    req = {"id": "q", "kind": "reference_call", "requested_on": AS_OF, "needed_by": "2026-06-20",
           "prospect": {"industry": "software", "country": "US"}, "count": 2}
    r = engine.rank(req, roster, AS_OF)
    assert isinstance(r, plaudit.Ranking)
    assert [m["id"] for m in r.matches] == ["r5", "r4"]
    assert {e["id"] for e in r.excluded} == {"r0", "r1"}
    assert r.summary["considered"] == 6
    t = engine.assign_tiers(roster, AS_OF)
    assert len(t.advocates) == 6
    p = engine.coverage(roster, [{"name": "sw", "kind": "reference_call", "industry": "software", "needed": 3}], AS_OF)
    assert p["coverage"][0]["target"]["name"] == "sw"
    assert p.advocates == 6 and p["lifecycle"]["active"] == 6
    v = engine.validate_request({"kind": "case_study", "requested_on": AS_OF, "needed_by": "2026-06-06",
                                 "prospect": {"country": "Germany"}})
    assert not v.ok
    assert {e["field"] for e in v.errors} >= {"/prospect/country"}


def test_policy_from_dict_toml_json_and_file(tmp_path):
    a = plaudit.Engine({"eligibility": {"min_health_score": 70}})
    b = plaudit.Engine("[eligibility]\nmin_health_score = 70\n")
    c = plaudit.Engine('{"eligibility": {"min_health_score": 70}}')
    f = tmp_path / "p.toml"
    f.write_text("[eligibility]\nmin_health_score = 70\n")
    d = plaudit.Engine.from_file(f)
    assert a.fingerprint == b.fingerprint == c.fingerprint == d.fingerprint != plaudit.Engine().fingerprint
    assert plaudit.policy_schema()["type"] == "object"


def test_policy_errors_name_the_key():
    with pytest.raises(plaudit.PolicyError) as e:
        plaudit.Engine("[fatigue]\nanual_cap = 3\n")
    assert isinstance(e.value, ValueError)
    assert any("fatigue.anual_cap" in err["path"] for err in e.value.errors())


def test_record_errors_name_every_bad_field(engine):
    bad = advocate(nps=11, health_score=101, customer_since="2020-02-30", segment="huge", country="XX")
    with pytest.raises(plaudit.RecordError) as e:
        engine.evaluate(bad, AS_OF)
    paths = {err["path"] for err in e.value.errors()}
    assert paths == {"nps", "health_score", "customer_since", "segment", "country"}
    with pytest.raises(plaudit.RecordError) as e:
        engine.rank({"id": "q", "kind": "referral", "requested_on": AS_OF, "needed_by": AS_OF,
                     "prospect": {}, "count": 1}, [advocate("x"), advocate("y", nps="ten")], AS_OF)
    assert any(err["path"].startswith("advocates[1].nps") for err in e.value.errors())


@pytest.mark.parametrize("bad", [None, 3, "text", [1, 2], {"id": 5}])
def test_wrong_types_raise_record_errors_never_crash(engine, bad):
    with pytest.raises(plaudit.PlauditError):
        engine.evaluate(bad, AS_OF)


def _nested(depth):
    deep = []
    for _ in range(depth):
        deep = [deep]
    return deep


@pytest.mark.parametrize("depth", [200, 100_000])
def test_deep_nesting_is_an_error_with_a_path_not_a_crash(engine, depth):
    deep = _nested(depth)
    with pytest.raises(plaudit.PolicyError):
        plaudit.Engine({"fatigue": {"annual_cap": deep}})
    with pytest.raises(plaudit.RecordError) as e:
        engine.rank({"id": "q", "kind": "referral", "requested_on": AS_OF, "needed_by": AS_OF,
                     "prospect": {"products": deep}, "count": 1}, [advocate("x")], AS_OF)
    assert any(err["path"].startswith("prospect.products") for err in e.value.errors())
    with pytest.raises(plaudit.PlauditError):
        engine.evaluate(advocate(products=deep), AS_OF)
    # Not JSON-like data at all: an error, not a form problem.
    with pytest.raises(plaudit.RecordError) as e:
        engine.validate_request({"kind": "referral", "prospect": {"products": deep}})
    assert e.value.errors()[0]["code"] == "too_many"
    assert "nested more than 128 levels deep" in e.value.errors()[0]["message"]


def test_history_lists_have_a_limit_reported_at_their_path(engine):
    many = ["2026-01-01"] * 10_001
    with pytest.raises(plaudit.RecordError) as e:
        engine.evaluate(advocate(engagements=many), AS_OF)
    assert [(err["path"], err["code"]) for err in e.value.errors()] == [("engagements", "too_many")]


def test_bad_dates_and_asks(engine):
    with pytest.raises(plaudit.PlauditError):
        engine.evaluate(advocate(), "2026-13-01")
    with pytest.raises(plaudit.PlauditError):
        engine.check(advocate(), {"kind": "telepathy", "date": AS_OF}, AS_OF)


def test_one_engine_serves_many_threads(engine):
    acts = [{"kind": "referral", "date": "2026-05-01", "status": "completed"}]
    expected = engine.evaluate(advocate(activities=acts), AS_OF).to_dict()
    results, errors = [], []

    def work():
        try:
            for _ in range(200):
                results.append(engine.evaluate(advocate(activities=acts), AS_OF).to_dict())
        except Exception as e:  # pragma: no cover
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(results) == 800 and all(r == expected for r in results)


def _sorted_everywhere(value, path="$"):
    if isinstance(value, dict):
        assert list(value) == sorted(value), f"keys out of order at {path}: {list(value)}"
        for k, v in value.items():
            _sorted_everywhere(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _sorted_everywhere(v, f"{path}[{i}]")


def test_results_keep_the_canonical_key_order_and_json_types(engine):
    """Results are written into Python objects directly: every dict's keys come in the
    sorted order of the canonical JSON, so ``json.dumps(result.to_dict())`` is that JSON's
    text; values keep their JSON types (ints stay ints, floats floats, dates strings)."""
    acts = [{"kind": k, "date": d, "status": "completed"} for k, d in
            [("referral", "2025-09-01"), ("case_study", "2026-01-10"), ("review", "2026-05-20")]]
    a = advocate(activities=acts)
    roster = [advocate(f"r{i}", health_score=70 + 5 * i, activities=acts[: i % 3]) for i in range(6)]
    req = {"id": "q", "kind": "reference_call", "requested_on": AS_OF, "needed_by": "2026-06-20",
           "prospect": {"industry": "software", "country": "US"}, "count": 2}
    results = [
        engine.evaluate(a, AS_OF),
        engine.check(a, {"kind": "review", "date": AS_OF}, AS_OF),
        engine.rank(req, roster, AS_OF),
        engine.assign_tiers(roster, AS_OF),
        engine.coverage(roster, [{"name": "sw", "kind": "reference_call", "needed": 3}], AS_OF),
        engine.validate_request({"kind": "case_study", "prospect": {"country": "Germany"}}),
    ]
    for r in results:
        d = r.to_dict()
        _sorted_everywhere(d)
        assert json.dumps(d) == json.dumps(json.loads(json.dumps(d, sort_keys=True)))
    e = results[0].to_dict()
    assert type(e["capacity"]["remaining"]) is int
    assert type(e["eligibility"]["readiness"]["score"]) is float
    assert type(e["next_available"]["review"]) is str


def test_threads_reading_one_rankings_exclusions_see_the_same(engine):
    roster = plaudit.Roster([advocate(f"x{i}", health_score=40 + i % 60) for i in range(300)])
    req = {"id": "q", "kind": "reference_call", "requested_on": AS_OF, "needed_by": "2026-06-20",
           "prospect": {"industry": "software"}, "count": 2}
    expected = engine.rank(req, roster, AS_OF).to_dict()
    assert len(expected["excluded"]) > 100
    for _ in range(5):
        shared = engine.rank(req, roster, AS_OF)
        seen = []

        def read(k):
            seen.append(shared.to_dict() if k % 2 else [x.to_dict() for x in shared.excluded])

        threads = [threading.Thread(target=read, args=(k,)) for k in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(seen) == 6
        for got in seen:
            assert got == (expected if isinstance(got, dict) else expected["excluded"])
