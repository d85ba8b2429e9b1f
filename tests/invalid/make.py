#!/usr/bin/env python3
"""Writes the invalid-input cases of this folder (see README.md) from the hand-written tables
below. Each case is a valid base document with one change, and the problems it must give,
each written by hand: run `python3 tests/invalid/make.py` after editing a table, and review
the diff of the JSON files."""

import copy
import json
import pathlib

HERE = pathlib.Path(__file__).parent
LONG_ID = "x" * 129
LONG_KEY = "k" * 257

ADVOCATE = {"id": "a1", "customer_since": "2020-01-01", "health_score": 90}
CONSENT = {"purpose": "program", "status": "granted", "on": "2024-01-01"}
ACTIVITY = {"kind": "referral", "date": "2025-01-10", "status": "completed"}
DISRUPTION = {"kind": "escalation", "from": "2025-01-01", "to": "2025-02-01"}
INCENTIVE = {"kind": "swag", "value": 10, "currency": "USD"}
REQUEST = {
    "id": "q1", "kind": "reference_call", "requested_on": "2026-03-01",
    "needed_by": "2026-03-20", "prospect": {"industry": "retail"}, "count": 1,
}
ASK = {"kind": "referral", "date": "2026-03-10"}
TARGET = {"kind": "referral", "needed": 2}


def e(code, path):
    return {"code": code, "path": path}


def patched(base, changes):
    """`changes` maps a dotted path (`preferences.public`, `consents.0.on`) to a value;
    DELETE removes the key."""
    doc = copy.deepcopy(base)
    for path, value in changes.items():
        *parents, last = path.split(".")
        node = doc
        for p in parents:
            node = node[int(p)] if isinstance(node, list) else node.setdefault(p, {})
        if isinstance(node, list):
            node[int(last)] = value
        elif value is DELETE:
            node.pop(last, None)
        else:
            node[last] = value
    return doc


DELETE = object()

# Known defects are marked `pending` (their runners check that they still fail, so that the
# mark is removed when they are fixed); there is none today.

# An integer beyond 64 bits is a whole number out of range (`out_of_range`), the meaning a
# Python int gives it: the JSON text doors tell it from a float by its literal (digits only;
# `1e30` is a float, a wrong type for a whole-number field, as `3.0` is). JS has no such
# integer: `10**30` is the float `1e30` there (`JSON.stringify` writes `1e+30`).
BEYOND_64_BITS_JS = {"js": "a JS number holds no integer beyond 2^53: 10**30 is the float 1e+30"}

# (name, changes to the base advocate, expected problems)
ADVOCATE_CASES = [
    # id
    ("id missing", {"id": DELETE}, [e("missing_field", "id")]),
    ("id null", {"id": None}, [e("invalid_type", "id")]),
    ("id number", {"id": 7}, [e("invalid_type", "id")]),
    ("id empty", {"id": ""}, [e("required", "id")]),
    ("id blank", {"id": "   "}, [e("required", "id")]),
    ("id too long", {"id": LONG_ID}, [e("too_long", "id")]),
    ("id list", {"id": ["a"]}, [e("invalid_type", "id")]),
    # account_id, industry, persona
    ("account_id number", {"account_id": 3}, [e("invalid_type", "account_id")]),
    ("account_id null", {"account_id": None}, [e("invalid_type", "account_id")]),
    ("account_id too long", {"account_id": LONG_KEY}, [e("too_long", "account_id")]),
    ("industry number", {"industry": 1}, [e("invalid_type", "industry")]),
    ("industry object", {"industry": {}}, [e("invalid_type", "industry")]),
    ("industry too long", {"industry": LONG_KEY}, [e("too_long", "industry")]),
    ("persona number", {"persona": 5}, [e("invalid_type", "persona")]),
    # segment, influence
    ("segment unknown", {"segment": "huge"}, [e("invalid_value", "segment")]),
    ("segment number", {"segment": 2}, [e("invalid_type", "segment")]),
    ("segment upper case", {"segment": "ENTERPRISE"}, [e("invalid_value", "segment")]),
    ("influence unknown", {"influence": "celebrity"}, [e("invalid_value", "influence")]),
    ("influence bool", {"influence": True}, [e("invalid_type", "influence")]),
    # country, languages
    ("country not a code", {"country": "USA"}, [e("invalid_country", "country")]),
    ("country unassigned", {"country": "XK"}, [e("invalid_country", "country")]),
    ("country number", {"country": 840}, [e("invalid_type", "country")]),
    ("languages not a list", {"languages": "en"}, [e("invalid_type", "languages")]),
    ("language not a code", {"languages": ["en", "english"]}, [e("invalid_language", "languages[1]")]),
    ("language number", {"languages": [1]}, [e("invalid_type", "languages[0]")]),
    ("languages too many", {"languages": ["en"] * 257}, [e("too_many", "languages")]),
    # products, use_cases
    ("products not a list", {"products": "a;b"}, [e("invalid_type", "products")]),
    ("product empty", {"products": ["a", ""]}, [e("required", "products[1]")]),
    ("product number", {"products": [3]}, [e("invalid_type", "products[0]")]),
    ("product too long", {"products": [LONG_KEY]}, [e("too_long", "products[0]")]),
    ("products too many", {"products": [f"p{i}" for i in range(257)]}, [e("too_many", "products")]),
    ("use case null", {"use_cases": [None]}, [e("invalid_type", "use_cases[0]")]),
    ("use case empty", {"use_cases": [" "]}, [e("required", "use_cases[0]")]),
    ("use cases object", {"use_cases": {}}, [e("invalid_type", "use_cases")]),
    # customer_since
    ("customer_since missing", {"customer_since": DELETE}, [e("missing_field", "customer_since")]),
    ("customer_since null", {"customer_since": None}, [e("invalid_type", "customer_since")]),
    ("customer_since Feb 30", {"customer_since": "2020-02-30"}, [e("invalid_date", "customer_since")]),
    ("customer_since month 13", {"customer_since": "2020-13-01"}, [e("invalid_date", "customer_since")]),
    ("customer_since short", {"customer_since": "2020-1-01"}, [e("invalid_date", "customer_since")]),
    ("customer_since year 0", {"customer_since": "0000-01-02"}, [e("invalid_date", "customer_since")]),
    ("customer_since year 10000", {"customer_since": "+10000-01-01"}, [e("invalid_date", "customer_since")]),
    ("customer_since with time", {"customer_since": "2020-01-01T00:00:00"}, [e("invalid_date", "customer_since")]),
    ("customer_since number", {"customer_since": 20200101}, [e("invalid_type", "customer_since")]),
    ("customer_since empty", {"customer_since": ""}, [e("invalid_date", "customer_since")]),
    # health_score
    ("health missing", {"health_score": DELETE}, [e("missing_field", "health_score")]),
    ("health null", {"health_score": None}, [e("invalid_type", "health_score")]),
    ("health text", {"health_score": "high"}, [e("invalid_type", "health_score")]),
    ("health numeric text", {"health_score": "90"}, [e("invalid_type", "health_score")]),
    ("health negative", {"health_score": -0.5}, [e("out_of_range", "health_score")]),
    ("health over 100", {"health_score": 100.5}, [e("out_of_range", "health_score")]),
    ("health huge", {"health_score": 1e300}, [e("out_of_range", "health_score")]),
    ("health bool", {"health_score": True}, [e("invalid_type", "health_score")]),
    # nps, nps_on
    ("nps 11", {"nps": 11}, [e("out_of_range", "nps")]),
    ("nps -1", {"nps": -1}, [e("out_of_range", "nps")]),
    ("nps fraction", {"nps": 9.5}, [e("invalid_type", "nps")]),
    ("nps huge", {"nps": 10**18}, [e("out_of_range", "nps")]),
    ("nps beyond 64 bits", {"nps": 10**30}, [e("out_of_range", "nps")], None, BEYOND_64_BITS_JS),
    ("nps just beyond 64 bits", {"nps": 2**64}, [e("out_of_range", "nps")]),
    ("nps float beyond 64 bits", {"nps": 1e30}, [e("invalid_type", "nps")]),
    ("nps text", {"nps": "ten"}, [e("invalid_type", "nps")]),
    ("nps_on bad date", {"nps_on": "2026-02-29"}, [e("invalid_date", "nps_on")]),
    ("nps_on number", {"nps_on": 1}, [e("invalid_type", "nps_on")]),
    # booleans
    ("has_measurable_outcome text", {"has_measurable_outcome": "yes"}, [e("invalid_type", "has_measurable_outcome")]),
    ("has_measurable_outcome number", {"has_measurable_outcome": 1}, [e("invalid_type", "has_measurable_outcome")]),
    ("has_measurable_outcome null", {"has_measurable_outcome": None}, [e("invalid_type", "has_measurable_outcome")]),
    ("erasure_requested text", {"erasure_requested": "nope"}, [e("invalid_type", "erasure_requested")]),
    ("erasure_requested maybe", {"erasure_requested": "maybe"}, [e("invalid_type", "erasure_requested")]),
    ("publicity_restricted number", {"publicity_restricted": 0}, [e("invalid_type", "publicity_restricted")]),
    ("left_company text", {"left_company": "false"}, [e("invalid_type", "left_company")]),
    # preferences
    ("preferences not an object", {"preferences": []}, [e("invalid_type", "preferences")]),
    ("preferences as a positional list", {"preferences": [["referral"], True, "monthly"]}, [e("invalid_type", "preferences")]),
    ("incentive as a positional list", {"activities": [dict(ACTIVITY, incentive=["swag", 10, "USD"])]},
     [e("invalid_type", "activities[0].incentive")]),
    ("consent as a positional list", {"consents": [["program", "granted", "2024-01-01"]]}, [e("invalid_type", "consents[0]")]),
    ("preferences.public text", {"preferences": {"public": "true"}}, [e("invalid_type", "preferences.public")]),
    ("preferences.activities unknown kind", {"preferences": {"activities": ["podcast"]}}, [e("invalid_value", "preferences.activities[0]")]),
    ("preferences.activities not a list", {"preferences": {"activities": "referral"}}, [e("invalid_type", "preferences.activities")]),
    ("preferences.reference_frequency unknown", {"preferences": {"reference_frequency": "weekly"}}, [e("invalid_value", "preferences.reference_frequency")]),
    # consents
    ("consents not a list", {"consents": {}}, [e("invalid_type", "consents")]),
    ("consent purpose unknown", {"consents": [dict(CONSENT, purpose="marketing")]}, [e("invalid_value", "consents[0].purpose")]),
    ("consent status unknown", {"consents": [dict(CONSENT, status="maybe")]}, [e("invalid_value", "consents[0].status")]),
    ("consent on missing", {"consents": [{"purpose": "program", "status": "granted"}]}, [e("missing_field", "consents[0].on")]),
    ("consent on bad", {"consents": [dict(CONSENT, on="2024-02-30")]}, [e("invalid_date", "consents[0].on")]),
    ("consent expires before on", {"consents": [dict(CONSENT, expires="2023-12-31")]}, [e("invalid_range", "consents[0].expires")]),
    ("consent expires on the same day", {"consents": [dict(CONSENT, expires="2024-01-01")]}, [e("invalid_range", "consents[0].expires")]),
    ("consent second bad", {"consents": [CONSENT, dict(CONSENT, on=None)]}, [e("invalid_type", "consents[1].on")]),
    ("consent number", {"consents": [1]}, [e("invalid_type", "consents[0]")]),
    # activities
    ("activities not a list", {"activities": "none"}, [e("invalid_type", "activities")]),
    ("activity kind unknown", {"activities": [dict(ACTIVITY, kind="podcast")]}, [e("invalid_value", "activities[0].kind")]),
    ("activity kind missing", {"activities": [{"date": "2025-01-10", "status": "completed"}]}, [e("missing_field", "activities[0].kind")]),
    ("activity date bad", {"activities": [dict(ACTIVITY, date="2025-13-10")]}, [e("invalid_date", "activities[0].date")]),
    ("activity date missing", {"activities": [{"kind": "referral", "status": "completed"}]}, [e("missing_field", "activities[0].date")]),
    ("activity status unknown", {"activities": [dict(ACTIVITY, status="done")]}, [e("invalid_value", "activities[0].status")]),
    ("activity solicited text", {"activities": [dict(ACTIVITY, solicited="no")]}, [e("invalid_type", "activities[0].solicited")]),
    ("activity topic number", {"activities": [dict(ACTIVITY, topic=3)]}, [e("invalid_type", "activities[0].topic")]),
    ("activity topic too long", {"activities": [dict(ACTIVITY, topic=LONG_KEY)]}, [e("too_long", "activities[0].topic")]),
    ("activity incentive kind unknown", {"activities": [dict(ACTIVITY, incentive=dict(INCENTIVE, kind="bribe"))]}, [e("invalid_value", "activities[0].incentive.kind")]),
    ("activity incentive negative", {"activities": [dict(ACTIVITY, incentive=dict(INCENTIVE, value=-1))]}, [e("out_of_range", "activities[0].incentive.value")]),
    ("activity incentive currency", {"activities": [dict(ACTIVITY, incentive=dict(INCENTIVE, currency="dollars"))]}, [e("invalid_currency", "activities[0].incentive.currency")]),
    ("activity incentive currency lower", {"activities": [dict(ACTIVITY, incentive=dict(INCENTIVE, currency="usd"))]}, [e("invalid_currency", "activities[0].incentive.currency")]),
    ("activity incentive value text", {"activities": [dict(ACTIVITY, incentive=dict(INCENTIVE, value="ten"))]}, [e("invalid_type", "activities[0].incentive.value")]),
    ("activity two bad fields", {"activities": [dict(ACTIVITY, kind="podcast", date="2025-02-30")]},
     [e("invalid_date", "activities[0].date"), e("invalid_value", "activities[0].kind")]),
    # engagements
    ("engagements not a list", {"engagements": "2025-01-01"}, [e("invalid_type", "engagements")]),
    ("engagement bad date", {"engagements": ["2025-01-01", "2025-02-29"]}, [e("invalid_date", "engagements[1]")]),
    ("engagement year 0", {"engagements": ["0000-01-02"]}, [e("invalid_date", "engagements[0]")]),
    ("engagement number", {"engagements": [5]}, [e("invalid_type", "engagements[0]")]),
    ("engagement null", {"engagements": [None]}, [e("invalid_type", "engagements[0]")]),
    # disruptions
    ("disruption from missing", {"disruptions": [{"kind": "reorg"}]}, [e("missing_field", "disruptions[0].from")]),
    ("disruption to before from", {"disruptions": [dict(DISRUPTION, to="2024-12-31")]}, [e("invalid_range", "disruptions[0].to")]),
    ("disruption from bad", {"disruptions": [dict(DISRUPTION, **{"from": "2025-00-01"})]}, [e("invalid_date", "disruptions[0].from")]),
    ("disruption kind number", {"disruptions": [dict(DISRUPTION, kind=1)]}, [e("invalid_type", "disruptions[0].kind")]),
    # tiers, freshness
    ("current_tier unknown", {"current_tier": "bronze"}, [e("invalid_value", "current_tier")]),
    ("tier_since without current_tier", {"tier_since": "2025-01-01"}, [e("invalid_range", "tier_since")]),
    ("tier_since bad", {"current_tier": "gold", "tier_since": "2025-1-1"}, [e("invalid_date", "tier_since")]),
    ("verified_on bad", {"verified_on": "yesterday"}, [e("invalid_date", "verified_on")]),
    # several fields at once: every one is reported
    ("three bad fields", {"health_score": 101, "nps": 12, "country": "ZZ"},
     [e("invalid_country", "country"), e("out_of_range", "health_score"), e("out_of_range", "nps")]),
    ("type and range errors together", {"health_score": "x", "nps": 12, "segment": "huge"},
     [e("invalid_type", "health_score"), e("out_of_range", "nps"), e("invalid_value", "segment")]),
]

# Whole documents that are not an advocate.
ADVOCATE_DOCUMENTS = [
    ("not an object: list", [1], [e("invalid_type", "")]),
    ("not an object: positional list", ["a1", "", "", None, "US", [], [], [], None, None, "2020-01-01", 90],
     [e("invalid_type", "")]),
    ("not an object: text", "a1", [e("invalid_type", "")]),
    ("not an object: null", None, [e("invalid_type", "")]),
    ("empty object", {}, [e("missing_field", "customer_since"), e("missing_field", "health_score"), e("missing_field", "id")]),
]

# JSON text the JSON doors read (the dict and object doors cannot hold these values).
ADVOCATE_TEXTS = [
    ("health infinite (1e999)", '{"id": "a1", "customer_since": "2020-01-01", "health_score": 1e999}', [e("syntax", "")]),
    ("health -infinite (-1e999)", '{"id": "a1", "customer_since": "2020-01-01", "health_score": -1e999}', [e("syntax", "")]),
    ("NaN is not JSON", '{"id": "a1", "customer_since": "2020-01-01", "health_score": NaN}', [e("syntax", "")]),
    ("trailing comma", '{"id": "a1", "customer_since": "2020-01-01", "health_score": 90,}', [e("syntax", "")]),
]

# Rosters: problems across advocates.
ROSTER_CASES = [
    ("duplicate id", [ADVOCATE, dict(ADVOCATE)], [e("duplicate_id", "advocates[1].id")]),
    ("duplicate id after trimming", [ADVOCATE, dict(ADVOCATE, id=" a1 ")], [e("duplicate_id", "advocates[1].id")]),
    ("three advocates twice", [dict(ADVOCATE, id=f"a{i % 3}") for i in range(6)],
     [e("duplicate_id", "advocates[3].id"), e("duplicate_id", "advocates[4].id"), e("duplicate_id", "advocates[5].id")]),
    ("case differs: not a duplicate, one bad row", [ADVOCATE, dict(ADVOCATE, id="A1", nps=11)], [e("out_of_range", "advocates[1].nps")]),
    ("bad rows report each field", [dict(ADVOCATE, health_score=-1), ADVOCATE | {"id": "b", "nps": 11, "country": "ZZ"}],
     [e("out_of_range", "advocates[0].health_score"), e("invalid_country", "advocates[1].country"), e("out_of_range", "advocates[1].nps")]),
]

REQUEST_CASES = [
    ("id missing", {"id": DELETE}, [e("missing_field", "id")]),
    ("id number", {"id": 1}, [e("invalid_type", "id")]),
    ("kind missing", {"kind": DELETE}, [e("missing_field", "kind")]),
    ("kind unknown", {"kind": "podcast"}, [e("invalid_value", "kind")]),
    ("kind null", {"kind": None}, [e("invalid_type", "kind")]),
    ("kind blank", {"kind": " "}, [e("invalid_value", "kind")]),
    ("needed_by blank", {"needed_by": ""}, [e("invalid_date", "needed_by")]),
    ("requested_on bad", {"requested_on": "2026-02-30"}, [e("invalid_date", "requested_on")]),
    ("requested_on missing", {"requested_on": DELETE}, [e("missing_field", "requested_on")]),
    ("needed_by year 0", {"needed_by": "0000-03-01"}, [e("invalid_date", "needed_by")]),
    ("needed_by before requested_on", {"needed_by": "2026-02-28"}, [e("invalid_range", "needed_by")]),
    ("count 0", {"count": 0}, [e("out_of_range", "count")]),
    ("count 11", {"count": 11}, [e("out_of_range", "count")]),
    ("count float", {"count": 3.0}, [e("invalid_type", "count")], None,
     {"js": "a JS number 3.0 is the number 3: the object door cannot tell them apart"}),
    ("count text", {"count": "3"}, [e("invalid_type", "count")]),
    ("count negative", {"count": -1}, [e("out_of_range", "count")]),
    ("count huge", {"count": 10**12}, [e("out_of_range", "count")]),
    ("count beyond 64 bits", {"count": -(10**25)}, [e("out_of_range", "count")], None, BEYOND_64_BITS_JS),
    ("prospect as a positional list", {"prospect": [None, "retail"]}, [e("invalid_type", "prospect")]),
    ("prospect not an object", {"prospect": "retail"}, [e("invalid_type", "prospect")]),
    ("prospect country", {"prospect": {"industry": "retail", "country": "UK1"}}, [e("invalid_country", "prospect.country")]),
    ("prospect language", {"prospect": {"industry": "retail", "language": "eng"}}, [e("invalid_language", "prospect.language")]),
    ("prospect segment", {"prospect": {"industry": "retail", "segment": "tiny"}}, [e("invalid_value", "prospect.segment")]),
    ("prospect products not a list", {"prospect": {"industry": "retail", "products": "a"}}, [e("invalid_type", "prospect.products")]),
    ("exclude_accounts number", {"exclude_accounts": [1]}, [e("invalid_type", "exclude_accounts[0]")]),
    ("language_required text", {"language_required": "yes"}, [e("invalid_type", "language_required")]),
    ("min_tier unknown", {"min_tier": "bronze"}, [e("invalid_value", "min_tier")]),
    ("incentive kind unknown", {"incentive": dict(INCENTIVE, kind="bribe")}, [e("invalid_value", "incentive.kind")]),
    ("incentive currency dollars", {"incentive": dict(INCENTIVE, currency="dollars")}, [e("invalid_currency", "incentive.currency")]),
    ("incentive value negative", {"incentive": dict(INCENTIVE, value=-100)}, [e("out_of_range", "incentive.value")]),
    ("incentive value and currency", {"incentive": dict(INCENTIVE, value=-100, currency="dollars")},
     [e("invalid_currency", "incentive.currency"), e("out_of_range", "incentive.value")]),
    ("notes too long", {"notes": "n" * 2001}, [e("too_long", "notes")]),
    ("notes number", {"notes": 5}, [e("invalid_type", "notes")]),
    ("deal_value negative", {"deal_value": -1}, [e("out_of_range", "deal_value")]),
    ("deal_value text", {"deal_value": "big"}, [e("invalid_type", "deal_value")]),
    ("every bad field", {"kind": "podcast", "count": 0, "prospect": {"industry": "retail", "country": "ZZ"}},
     [e("out_of_range", "count"), e("invalid_value", "kind"), e("invalid_country", "prospect.country")]),
]

ASK_CASES = [
    ("kind missing", {"kind": DELETE}, [e("missing_field", "kind")]),
    ("kind unknown", {"kind": "talk"}, [e("invalid_value", "kind")]),
    ("kind number", {"kind": 3}, [e("invalid_type", "kind")]),
    ("kind object", {"kind": {}}, [e("invalid_type", "kind")]),
    ("date missing", {"date": DELETE}, [e("missing_field", "date")]),
    ("date bad", {"date": "2026-02-30"}, [e("invalid_date", "date")]),
    ("date year 0", {"date": "0000-01-02"}, [e("invalid_date", "date")]),
    ("date number", {"date": 20260310}, [e("invalid_type", "date")]),
    ("incentive value negative, currency dollars", {"incentive": {"kind": "cash", "value": -100, "currency": "dollars"}},
     [e("invalid_currency", "incentive.currency"), e("out_of_range", "incentive.value")]),
    ("incentive kind unknown", {"incentive": dict(INCENTIVE, kind="bribe")}, [e("invalid_value", "incentive.kind")]),
    ("incentive not an object", {"incentive": 50}, [e("invalid_type", "incentive")]),
    ("incentive as a positional list", {"incentive": ["swag", 10, "USD"]}, [e("invalid_type", "incentive")]),
    ("ask as a positional list", ["referral", "2026-03-10"], [e("invalid_type", "")]),
    ("topic number", {"topic": 1}, [e("invalid_type", "topic")]),
    ("topic too long", {"topic": LONG_KEY}, [e("too_long", "topic")]),
    ("kind and date both bad", {"kind": "talk", "date": "2026-13-01"}, [e("invalid_date", "date"), e("invalid_value", "kind")]),
]

TARGET_CASES = [
    ("kind missing", {"kind": DELETE}, [e("missing_field", "kind")]),
    ("kind unknown", {"kind": "lunch"}, [e("invalid_value", "kind")]),
    ("needed missing", {"needed": DELETE}, [e("missing_field", "needed")]),
    ("needed negative", {"needed": -1}, [e("out_of_range", "needed")]),
    ("needed fraction", {"needed": 1.5}, [e("invalid_type", "needed")]),
    ("needed text", {"needed": "two"}, [e("invalid_type", "needed")]),
    ("segment unknown", {"segment": "huge"}, [e("invalid_value", "segment")]),
    ("industry number", {"industry": 4}, [e("invalid_type", "industry")]),
    ("name number", {"name": 4}, [e("invalid_type", "name")]),
    ("target as a positional list", [None, "referral", 2], [e("invalid_type", "")]),
    ("every bad field", {"kind": "lunch", "needed": "x"}, [e("invalid_value", "kind"), e("invalid_type", "needed")]),
]

POLICY_CASES = [
    ("version 2", {"version": 2}, [e("unsupported_version", "version")]),
    ("unknown top-level key", {"fatigue_rules": {}}, [e("unknown_key", "fatigue_rules")]),
    ("unknown nested key", {"fatigue": {"anual_cap": 4}}, [e("unknown_key", "fatigue.anual_cap")]),
    ("annual_cap 0", {"fatigue": {"annual_cap": 0}}, [e("out_of_range", "fatigue.annual_cap")]),
    ("annual_cap text", {"fatigue": {"annual_cap": "six"}}, [e("invalid_type", "fatigue.annual_cap")]),
    ("annual_cap negative", {"fatigue": {"annual_cap": -1}}, [e("out_of_range", "fatigue.annual_cap")]),
    ("unknown key beside a type error", {"fatigue": {"annual_cap": "six"}, "tiers": {"grace_dayz": 3}},
     [e("unknown_key", "tiers.grace_dayz"), e("invalid_type", "fatigue.annual_cap")]),
    ("min_health_score over 100", {"eligibility": {"min_health_score": 101}}, [e("out_of_range", "eligibility.min_health_score")]),
    ("weights huge", {"matching": {"weights": {"industry": 1e308, "segment": 1e308}}},
     [e("out_of_range", "matching.weights.industry"), e("out_of_range", "matching.weights.segment")]),
    ("weight negative", {"readiness": {"weights": {"health": -1}}}, [e("out_of_range", "readiness.weights.health")]),
    ("annual_cap null", {"fatigue": {"annual_cap": None}}, [e("invalid_type", "fatigue.annual_cap")]),
    ("annual_cap fraction", {"fatigue": {"annual_cap": 4.5}}, [e("invalid_type", "fatigue.annual_cap")]),
    ("section not a table", {"tiers": 3}, [e("invalid_type", "tiers")]),
    ("not an object", [1], [e("invalid_type", "")]),
]


# The table door (`Engine.evaluate_table`, `Roster.from_tables`: pyarrow tables in the nested
# and long shapes) runs the advocate and roster cases too. What a table cannot hold is
# skipped, saying why; a known defect of the table door is `table_pending` (its runner checks
# that it still fails).
NULL_IS_ABSENT = "in a table a null is an absent value (a null in a required column is `missing_field`), never a wrong type"
NOT_A_TABLE = "a table row is a record: it cannot be a list, a text or a null"
LIST_COLUMN = ("a table types a list column as a whole: a list of numbers is a column of the wrong type "
               "(`advocates.consents`), it cannot say which item")
TABLE_PENDING = {
    "id number": {"skip": {"table": "an integer id column is an id column of the table door (ids compared as text), as a database key is"}},
    "language number": {"skip": {"table": LIST_COLUMN}},
    "product number": {"skip": {"table": LIST_COLUMN}},
    "consent as a positional list": {"skip": {"nested": LIST_COLUMN}},
    "consent number": {"skip": {"nested": LIST_COLUMN}},
}
TABLE_MARKS = {
    "id null": {"skip": {"table": NULL_IS_ABSENT}},
    "account_id null": {"skip": {"table": NULL_IS_ABSENT}},
    "customer_since null": {"skip": {"table": NULL_IS_ABSENT}},
    "health null": {"skip": {"table": NULL_IS_ABSENT}},
    "has_measurable_outcome null": {"skip": {"table": NULL_IS_ABSENT}},
    "use case null": {"skip": {"table": NULL_IS_ABSENT + " (a null list item is no item)"}},
    "engagement null": {"skip": {"table": NULL_IS_ABSENT + " (a null list item is no item)"}},
    "consent second bad": {"skip": {"table": NULL_IS_ABSENT}},
    "nps beyond 64 bits": {"skip": {"table": "an Arrow integer column holds 64 bits at most (pyarrow refuses the value)"}},
    "nps just beyond 64 bits": {"skip": {"table": "an Arrow integer column holds 64 bits at most (pyarrow refuses the value)"}},
    "not an object: list": {"skip": {"table": NOT_A_TABLE}},
    "not an object: positional list": {"skip": {"table": NOT_A_TABLE}},
    "not an object: text": {"skip": {"table": NOT_A_TABLE}},
    "not an object: null": {"skip": {"table": NOT_A_TABLE}},
    "preferences as a positional list": {"skip": {"table": "pyarrow cannot build a column mixing a list and lists of strings"}},
    "incentive as a positional list": {"skip": {"table": "pyarrow cannot build a struct column from a list"}},
    "preferences not an object": {"skip": {"long": "the long shape spells preferences as flat columns: there is no object to be a list"}},
    "consent as a positional list": {"skip": {"long": "a long table's rows are records: a row cannot be a list"}},
    "consent number": {"skip": {"long": "a long table's rows are records: a row cannot be a number"}},
    "consents not a list": {"skip": {"long": "a long table holds rows: a history that is not a list has no rows"}},
    "activities not a list": {"skip": {"long": "a long table holds rows: a history that is not a list has no rows"}},
    "engagements not a list": {"skip": {"long": "a long table holds rows: a history that is not a list has no rows"}},
}

# The validation doors (`validate_request` in Rust and Python, `validateRequest` in wasm,
# `plaudit validate`) run every request case too: validation accepts exactly what `rank`
# accepts, with the same codes and paths (a form field `/prospect/country` is the path
# `prospect.country`). What the form cannot be asked is skipped (`skip.validate`); where a
# validation door answers otherwise today the case is `validate_pending`: `{door: why}`, the
# door `rust`, `python`, `wasm` or `cli` (its runner checks that it still does, so that the
# mark goes with the fix).
VALIDATE_MARKS = {
    "id missing": {"skip": {"validate": "a form has no request id yet (it is given on submission): "
                                        "validation lets an absent id through, and nothing else"}},
}


def validate_marks(cs):
    """Adds the validation doors' marks (VALIDATE_MARKS) to request cases."""
    for c in cs:
        for key, value in VALIDATE_MARKS.get(c["name"], {}).items():
            c.setdefault(key, {}).update(value)
    return cs


# Policies are TOML or JSON text: each policy case carries its TOML text too (`toml`), read
# by the TOML doors (`Policy::from_toml`, `plaudit policy check` on a .toml file, Python and
# Node given the text). What TOML cannot hold is skipped (`skip.toml`).
NOT_TOML_TABLE = "a TOML document is a table: it cannot be a list or a value"
NO_TOML_NULL = "TOML has no null"


class NoToml(Exception):
    pass


def toml_key(k):
    return k if k and all(c.isalnum() or c in "_-" for c in k) and k.isascii() else json.dumps(k)


def toml_value(v):
    if v is None:
        raise NoToml(NO_TOML_NULL)
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    return "{" + ", ".join(f"{toml_key(k)} = {toml_value(x)}" for k, x in v.items()) + "}"


def toml_text(doc):
    """The TOML form of a policy document: its keys, then one `[table]` per object."""
    if not isinstance(doc, dict):
        raise NoToml(NOT_TOML_TABLE)
    lines = []

    def table(d, prefix):
        plain = [(k, v) for k, v in d.items() if not isinstance(v, dict)]
        nested = [(k, v) for k, v in d.items() if isinstance(v, dict)]
        if prefix and (plain or not nested):
            lines.append(f"[{prefix}]")
        lines.extend(f"{toml_key(k)} = {toml_value(v)}" for k, v in plain)
        for k, v in nested:
            table(v, f"{prefix}.{toml_key(k)}" if prefix else toml_key(k))

    table(doc, "")
    return "\n".join(lines) + "\n"


def policy_case(name, doc, errs):
    c = {"name": name, "input": doc, "errors": errs}
    try:
        c["toml"] = toml_text(doc)
    except NoToml as why:
        c["skip"] = {"toml": str(why)}
    return c


def beyond_64_bits(doc):
    if isinstance(doc, dict):
        return any(beyond_64_bits(v) for v in doc.values())
    if isinstance(doc, list):
        return any(beyond_64_bits(v) for v in doc)
    return isinstance(doc, int) and not isinstance(doc, bool) and not -2**63 <= doc < 2**64


def case(name, doc, errs, pending=None, skip=None, key="input"):
    c = {"name": name, key: doc, "errors": errs}
    if key == "input" and beyond_64_bits(doc):
        # The exact text for the text doors: a JSON parser reads such an integer as a float,
        # so the document re-written from `input` would say `1e30`, another value type.
        c["text"] = json.dumps(doc)
    if pending:
        c["pending"] = pending
    if skip:
        c["skip"] = skip
    return c


def cases(base, table):
    # A change that is not a dict is the whole document (a list where the record belongs).
    return [case(n, patched(base, c) if isinstance(c, dict) else c, errs, *rest)
            for n, c, errs, *rest in table]


def table_marks(cs):
    """Adds the table door's marks (TABLE_MARKS) to advocate and roster cases."""
    for c in cs:
        for marks in (TABLE_MARKS, TABLE_PENDING):
            for key, value in marks.get(c["name"], {}).items():
                c.setdefault(key, {}).update(value)
    return cs


def write(name, doc):
    (HERE / name).write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")


write("advocates.json", {
    "about": "One advocate each (paths from the record's root). `text` cases are JSON text the text doors read as is.",
    "cases": table_marks(cases(ADVOCATE, ADVOCATE_CASES)
                         + [case(n, doc, errs, *rest) for n, doc, errs, *rest in ADVOCATE_DOCUMENTS])
    + [case(n, t, errs, key="text") for n, t, errs in ADVOCATE_TEXTS],
})
write("rosters.json", {
    "about": "A list of advocates each (paths under `advocates`).",
    "cases": table_marks([{"name": n, "input": doc, "errors": errs} for n, doc, errs in ROSTER_CASES]),
})
write("requests.json", {"about": "One request each (through `rank` and through request validation).",
                        "cases": validate_marks(cases(REQUEST, REQUEST_CASES))})
write("asks.json", {"about": "One ask each (for `check`).", "cases": cases(ASK, ASK_CASES)})
write("targets.json", {"about": "One coverage target each.", "cases": cases(TARGET, TARGET_CASES)})
write("policies.json", {
    "about": "One policy document each, as JSON (`input`) and as TOML text (`toml`).",
    "cases": [policy_case(n, c, errs) for n, c, errs in POLICY_CASES],
})
total = sum(len(json.loads((HERE / f).read_text())["cases"]) for f in
            ["advocates.json", "rosters.json", "requests.json", "asks.json", "targets.json", "policies.json"])
print(f"{total} cases")
