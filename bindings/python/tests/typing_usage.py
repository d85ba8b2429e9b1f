"""The public API used as a user would, for ``mypy --strict`` (scripts/test-python.sh runs
it, and runs it as a script too). Not a pytest module: every ``assert_type`` pins the type a
user's checker sees, so a result typed wrongly (or as ``Any``) fails the type check."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Dict, List, Optional, Tuple, Union

import pyarrow as pa

import plaudit

if sys.version_info >= (3, 11):
    from typing import assert_type
else:  # pragma: no cover - older Pythons
    from typing_extensions import assert_type

AS_OF = dt.date(2026, 3, 1)
ADVOCATE: Dict[str, object] = {
    "id": "adv-1", "account_id": "northwind", "industry": "software", "country": "US",
    "customer_since": "2023-05-01", "health_score": 92, "nps": 10, "nps_on": "2026-01-15",
    "has_measurable_outcome": True, "preferences": {"public": True},
    "consents": [{"purpose": p, "status": "granted", "on": "2025-06-01"}
                 for p in ["program", "reference_contact", "public_name", "logo", "quote"]],
    "activities": [{"kind": "case_study", "date": "2026-01-10", "status": "completed"}],
    "engagements": ["2026-02-10", "2026-02-20"],
}


def one_advocate(engine: plaudit.Engine) -> None:
    e = engine.eligibility(ADVOCATE, AS_OF, "review")
    assert_type(e, plaudit.Eligibility)
    assert_type(e.eligible, bool)
    assert_type(e.reasons, Tuple[str, ...])
    assert_type(e.tenure_months, Optional[int])
    if e.readiness is not None:
        assert_type(e.readiness.components.health, float)

    ev = engine.evaluate(ADVOCATE, "2026-03-01")
    assert_type(ev.lifecycle.latest_touch, Optional[dt.date])
    assert_type(ev.tier, Optional[plaudit.TierStatus])
    assert_type(ev.capacity, Optional[plaudit.Capacity])
    if ev.tier is not None and ev.capacity is not None:
        assert_type(ev.tier.tier, str)
        assert_type(ev.tier.points, float)
        assert_type(ev.capacity.remaining, int)
    assert_type(ev.next_available, Optional[Dict[str, Optional[str]]])

    c = engine.check(ADVOCATE, {"kind": "case_study", "date": "2026-04-01"}, AS_OF)
    assert_type(c.next_available_on, Optional[dt.date])
    assert_type(c.to_dict(), plaudit.JsonDict)

    t = engine.tier(ADVOCATE, AS_OF)
    assert_type(t, plaudit.TierInfo)
    assert_type(t.get("tier"), Optional[str])


def a_roster(engine: plaudit.Engine) -> None:
    roster = plaudit.Roster([ADVOCATE, dict(ADVOCATE, id="adv-2", account_id="contoso")])
    assert_type(roster.ids(), List[str])
    assert_type(roster.get("adv-1"), Optional[plaudit.JsonDict])
    request = {"id": "req-1", "kind": "reference_call", "requested_on": "2026-03-01",
               "needed_by": "2026-03-20", "count": 1, "prospect": {"industry": "software"}}

    r = engine.rank(request, roster, AS_OF)
    assert_type(r.matches, Tuple[plaudit.Match, ...])
    for m in r.matches:
        assert_type(m.earliest_on, dt.date)
        assert_type(m.score, float)
        assert_type(m.components.industry, float)
    assert_type(r.summary.by_reason, Dict[str, int])
    assert_type(r.excluded, Tuple[plaudit.Exclusion, ...])
    for x in r.excluded:
        assert_type(x.reasons, Tuple[str, ...])
        assert_type(x.next_available_on, Optional[dt.date])
    assert_type(r.exclusions_table(), pa.Table)

    tiers = engine.assign_tiers(roster, AS_OF)
    assert_type(tiers.mix, Tuple[plaudit.TierMix, ...])
    assert_type(tiers.advocates[0].tier, Optional[str])
    p = engine.coverage(roster, [{"name": "sw", "kind": "reference_call", "needed": 2}], AS_OF)
    assert_type(p.tier_mix, Tuple[plaudit.TierMix, ...])
    assert_type(p.coverage[0]["gap"], int)
    assert_type(p.lifecycle["active"], int)

    v = engine.validate_request(request)
    assert_type(v.errors, Tuple[plaudit.FormProblem, ...])

    parts = [engine.rank_partial(request, roster, AS_OF, exclusions=True)]
    assert_type(engine.merge_rankings(request, parts), plaudit.Ranking)


def tables(engine: plaudit.Engine) -> None:
    advocates = pa.table({"id": ["a"], "customer_since": ["2022-01-01"], "health_score": [90]})
    scored = engine.evaluate_table(advocates, as_of=AS_OF, shares=True)
    assert_type(scored, pa.Table)
    roster = plaudit.Roster.from_tables(advocates)
    assert_type(roster, plaudit.Roster)
    ranked = engine.rank_table({"id": "q", "kind": "referral", "requested_on": "2026-03-01",
                                "needed_by": "2026-04-01", "prospect": {"industry": "software"}},
                               [{"id": "a", "customer_since": "2022-01-01", "health_score": 90}],
                               as_of=AS_OF)
    assert_type(ranked, pa.Table)


def errors() -> None:
    try:
        plaudit.Roster([{"id": "x", "customer_since": "2020-02-30", "health_score": 90}])
    except plaudit.RecordError as err:
        assert_type(err.error_count(), int)
        for d in err.errors():
            assert_type(d, plaudit.ErrorDetail)
            assert_type(d["loc"], Tuple[Union[str, int], ...])
            assert_type(d["path"], str)
            assert_type(d.get("input"), Optional[object])
            assert_type(d.get("line"), Optional[int])


def main() -> None:
    engine = plaudit.Engine({"eligibility": {"min_health_score": 60}})
    assert_type(engine.fingerprint, str)
    assert_type(plaudit.policy_schema(), plaudit.JsonDict)
    assert_type(plaudit.parse_advocates([ADVOCATE]), List[plaudit.JsonDict])
    one_advocate(engine)
    a_roster(engine)
    tables(engine)
    errors()
    print("typing_usage: every call ran")


if __name__ == "__main__":
    main()
