"""The partial operations: a roster split by account, computed per part and merged, equals
the whole (rank, tiers, coverage); bad parts are errors naming them."""

import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import plaudit
from conftest import advocate

AS_OF = "2026-06-01"
REQUEST = {"id": "q", "kind": "reference_call", "requested_on": "2026-06-01",
           "needed_by": "2026-08-01", "prospect": {"industry": "software"}, "count": 3}
TARGETS = [{"kind": "reference_call", "needed": 4}, {"kind": "review", "industry": "Software",
                                                     "needed": 2}]
KINDS = ["reference_call", "case_study", "review", "speaking"]

people = st.lists(
    st.tuples(
        st.integers(0, 5),  # account
        st.integers(60, 100),  # health
        st.lists(st.tuples(st.sampled_from(KINDS), st.integers(-400, 60),
                           st.sampled_from(["completed", "scheduled", "declined"])),
                 max_size=6),
    ),
    max_size=25,
)


def roster(spec):
    return [
        advocate(f"a{i:02}", account_id=f"acct-{acc}", health_score=health,
                 activities=[{"kind": k, "date": str(dt.date(2026, 6, 1) + dt.timedelta(d)),
                              "status": s} for k, d, s in acts])
        for i, (acc, health, acts) in enumerate(spec)
    ]


@settings(max_examples=40, deadline=None)
@given(spec=people, parts=st.integers(1, 4), seed=st.integers(0, 1000))
def test_parts_merged_equal_the_whole(spec, parts, seed):
    engine = plaudit.Engine({"tiers": {"quota_min_roster": 5}})
    advocates = roster(spec)
    split = [[] for _ in range(parts)]
    for a in advocates:
        split[(hash(a["account_id"]) + seed) % parts].append(a)
    texts = [engine.rank_partial(REQUEST, p, AS_OF, exclusions=True) for p in split]
    assert engine.merge_rankings(REQUEST, texts[::-1]) == engine.rank(REQUEST, advocates, AS_OF)
    rows = [engine.tier_rows(p, AS_OF) for p in split]
    assert engine.assign_tier_rows(rows) == engine.assign_tiers(advocates, AS_OF)
    texts = [engine.coverage_partial(p, TARGETS, AS_OF) for p in split]
    assert engine.merge_coverage(TARGETS, texts) == engine.coverage(advocates, TARGETS, AS_OF)


def test_a_part_is_small_without_exclusions():
    engine = plaudit.Engine()
    advocates = [advocate(f"a{i:03}", health_score=50) for i in range(200)]
    part = json.loads(engine.rank_partial(REQUEST, advocates, AS_OF))
    assert "excluded" not in part
    assert part["summary"]["excluded"] == 200
    merged = engine.merge_rankings(REQUEST, [json.dumps(part)])
    assert merged.excluded == () and merged.summary["excluded"] == 200


def test_bad_parts_are_errors_naming_them():
    engine = plaudit.Engine()
    other = plaudit.Engine({"matching": {"max_per_account": 2}})
    good = engine.rank_partial(REQUEST, [advocate()], AS_OF)
    with pytest.raises(plaudit.RecordError) as e:
        engine.merge_rankings(REQUEST, [good, "{}", other.rank_partial(REQUEST, [], AS_OF)])
    assert [x["path"] for x in e.value.errors()] == ["partials[1]"]
    with pytest.raises(plaudit.RecordError) as e:
        engine.merge_rankings(REQUEST, [good, other.rank_partial(REQUEST, [], AS_OF)])
    assert [x["path"] for x in e.value.errors()] == ["parts[1].policy"]
    rows = engine.tier_rows([advocate()], AS_OF)
    with pytest.raises(plaudit.RecordError) as e:
        engine.assign_tier_rows([rows, rows])
    assert e.value.errors()[0]["code"] == "duplicate_id"
