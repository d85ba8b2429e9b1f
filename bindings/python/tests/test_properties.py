"""Hypothesis properties over the Python binding: the cap is never exceeded, an opt-out
always excludes, ranking is deterministic and independent of order."""
import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

import plaudit
from conftest import advocate

AS_OF = dt.date(2026, 6, 1)
ENGINE = plaudit.Engine()
KINDS = ["reference_call", "referral", "case_study", "testimonial", "review", "speaking"]
STATUSES = ["completed", "scheduled", "declined", "no_response", "cancelled", "requested"]

activity = st.builds(
    lambda k, s, d: {"kind": k, "date": (AS_OF + dt.timedelta(days=d)).isoformat(), "status": s},
    st.sampled_from(KINDS), st.sampled_from(STATUSES), st.integers(-500, 200),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(activity, max_size=10), st.sampled_from(KINDS), st.integers(0, 400))
def test_booking_whenever_allowed_never_exceeds_the_cap(history, kind, start):
    a = advocate(activities=list(history))
    day = AS_OF + dt.timedelta(days=start)
    for step in range(8):
        d = day + dt.timedelta(days=step * 20)
        c = ENGINE.check(a, {"kind": kind, "date": d.isoformat()}, d)
        if c.allowed:
            a["activities"].append({"kind": kind, "date": d.isoformat(), "status": "scheduled"})
    counted = sorted(
        dt.date.fromisoformat(x["date"]) for x in a["activities"]
        if x["status"] in ("completed", "scheduled") and x["kind"] != "community_leadership"
    )
    booked = [dt.date.fromisoformat(x["date"]) for x in a["activities"][len(history):]]
    for end in booked:
        # No window holding a booking goes above six.
        for e in (end + dt.timedelta(days=k) for k in range(0, 365)):
            n = sum(1 for x in counted if e - dt.timedelta(days=365) < x <= e)
            assert n <= 6, (end, e, n)


@settings(max_examples=60, deadline=None)
@given(st.lists(activity, max_size=8), st.sampled_from(KINDS), st.integers(-30, 0))
def test_an_opt_out_always_excludes(history, kind, when):
    a = advocate(activities=list(history))
    a["consents"] = a["consents"] + [
        {"purpose": "program", "status": "withdrawn", "on": (AS_OF + dt.timedelta(days=when)).isoformat()}
    ]
    c = ENGINE.check(a, {"kind": kind, "date": AS_OF.isoformat()}, AS_OF)
    assert not c.allowed and "opted_out" in c.reasons
    req = {"id": "q", "kind": kind, "requested_on": AS_OF.isoformat(), "needed_by": "2026-09-01",
           "prospect": {}, "count": 3}
    r = ENGINE.rank(req, [a], AS_OF)
    assert r.matches == () and "opted_out" in r.excluded[0]["reasons"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(60, 100), st.integers(0, 10), st.lists(activity, max_size=4)), min_size=1, max_size=10),
       st.randoms(use_true_random=False))
def test_ranking_is_deterministic_and_order_independent(specs, rnd):
    roster = [advocate(f"a{i}", health_score=h, nps=n, account_id=f"acct-{i % 3}", activities=list(acts))
              for i, (h, n, acts) in enumerate(specs)]
    req = {"id": "q", "kind": "referral", "requested_on": AS_OF.isoformat(), "needed_by": "2026-07-01",
           "prospect": {"industry": "software"}, "count": 3}
    first = ENGINE.rank(req, roster, AS_OF).to_dict()
    shuffled = list(roster)
    rnd.shuffle(shuffled)
    assert ENGINE.rank(req, shuffled, AS_OF).to_dict() == first
    assert first["summary"]["matched"] + len(first["excluded"]) == len(roster)
