#!/usr/bin/env python3
"""Writes the *inputs* of the shared vectors for evaluate, rank, tiers, coverage,
validate_request and parse_advocates. Expected outputs are filled by the Rust suite
(`PLAUDIT_BLESS=1 cargo test -p plaudit --test vectors`) and reviewed by hand; cases that
already have an expected output keep it."""
import copy, json, os, sys

ROOT = os.path.join(os.path.dirname(__file__), "..", "tests", "vectors")
AS_OF = "2026-06-01"


def adv(id, **kw):
    a = {
        "id": id, "account_id": "acct-" + id, "industry": "software", "segment": "mid_market",
        "country": "US", "languages": ["en"], "products": ["analytics"], "use_cases": ["reporting"],
        "influence": "leader", "customer_since": "2022-01-10", "health_score": 90, "nps": 10,
        "nps_on": "2026-03-01", "has_measurable_outcome": True, "verified_on": "2026-01-15",
        "preferences": {"public": True},
        "consents": [
            {"purpose": p, "status": "granted", "on": "2025-01-01"}
            for p in ["program", "reference_contact", "public_name", "logo", "quote", "recording"]
        ],
        "engagements": ["2026-05-01", "2026-05-20"],
        "activities": [],
    }
    a.update(kw)
    return a


def act(kind, date, status="completed", **kw):
    return dict(kind=kind, date=date, status=status, **kw)


def case(op, name, input, as_of=AS_OF, policy=None):
    c = {"name": name, "op": op, "as_of": as_of}
    if policy is not None:
        c["policy"] = policy
    c["input"] = input
    return c


evaluate = [
    case("evaluate", "eligible advocate with free capacity", {"advocate": adv("e1")}),
    case("evaluate", "erased advocate carries only id and lifecycle", {"advocate": adv("e2", erasure_requested=True)}),
    case("evaluate", "opted out by a withdrawal", {"advocate": adv("e3", consents=[
        {"purpose": "program", "status": "granted", "on": "2025-01-01"},
        {"purpose": "program", "status": "withdrawn", "on": "2026-02-01"}])}),
    case("evaluate", "six counted activities: no capacity left", {"advocate": adv("e4", activities=[
        act("reference_call", "2025-07-01"), act("reference_call", "2025-10-01"), act("testimonial", "2025-11-01", topic="onboarding"),
        act("referral", "2026-01-01"), act("case_study", "2026-02-01"), act("reference_call", "2026-04-01")])}),
    case("evaluate", "gold with demotion grace", {"advocate": adv("e5", current_tier="gold", tier_since="2025-06-01", activities=[
        act("reference_call", "2025-04-01"), act("referral", "2025-07-01")])}),
    case("evaluate", "at risk and stale profile", {"advocate": adv("e6", verified_on="2025-01-01", engagements=[
        "2026-02-10", "2026-02-15", "2026-03-01", "2026-03-20", "2026-05-01"])}),
    case("evaluate", "left the company", {"advocate": adv("e7", left_company=True)}),
]

roster = [
    adv("r01", industry="financial_services", segment="enterprise", country="US", products=["analytics", "billing"], use_cases=["reporting"]),
    adv("r02", industry="financial_services", segment="mid_market", country="CA", products=["analytics"], use_cases=["reporting", "forecasting"]),
    adv("r03", industry="insurance", segment="enterprise", country="GB", products=["analytics"], account_id="acct-r01"),
    adv("r04", industry="software", segment="smb", country="DE", health_score=70),
    adv("r05", industry="financial_services", segment="enterprise", country="US", activities=[
        act("reference_call", "2026-05-15"), act("reference_call", "2025-09-01", "declined"), act("reference_call", "2025-12-01", "no_response")]),
    adv("r06", industry="financial_services", segment="enterprise", country="US", erasure_requested=True),
    adv("r07", industry="financial_services", segment="enterprise", country="FR", consents=[]),
    adv("r08", industry="financial_services", segment="enterprise", country="MX", languages=["es"], preferences={"public": False, "activities": ["reference_call", "referral"]}),
]
req = {"id": "q1", "kind": "reference_call", "requested_on": "2026-06-01", "needed_by": "2026-06-20",
       "prospect": {"industry": "financial_services", "segment": "enterprise", "country": "US",
                    "products": ["analytics", "billing"], "use_cases": ["reporting"], "language": "en"},
       "count": 3}
rank = [
    case("rank", "reference call: matches, exclusions and reasons", {"advocates": roster, "request": req}),
    case("rank", "related industry scores half", {"advocates": roster, "request": req},
         policy={"matching": {"related_industries": {"financial_services": ["insurance"]}}}),
    case("rank", "one per account in the top list", {"advocates": roster, "request": dict(req, count=10)}),
    case("rank", "language required excludes non-speakers", {"advocates": roster, "request": dict(req, language_required=True, prospect=dict(req["prospect"], language="es"))}),
    case("rank", "case study needs public comfort and consents", {"advocates": roster, "request": dict(req, kind="case_study", needed_by="2026-08-01")}),
    case("rank", "excluded accounts and prospect account", {"advocates": roster, "request": dict(req, exclude_accounts=["acct-r02"], prospect=dict(req["prospect"], account_id="acct-r01"))}),
    case("rank", "near misses when the window is too short", {"advocates": [
        adv("n1", activities=[act("reference_call", "2026-05-20")]),
        adv("n2", activities=[act("reference_call", "2026-04-01")]),
        adv("n3", health_score=10)], "request": dict(req, count=2, needed_by="2026-06-10")}),
    case("rank", "min tier gold", {"advocates": roster + [adv("g1", activities=[act("reference_call", "2025-08-01"), act("referral", "2025-10-01")])],
                                   "request": dict(req, min_tier="gold")}),
    case("rank", "account cap of 12 across advocates", {"advocates": [
        adv("c%d" % i, account_id="big", activities=[act("referral", "2026-0%d-0%d" % (1 + i % 5, 1 + i // 5))]) for i in range(12)
    ] + [adv("c99", account_id="small")], "request": dict(req, kind="referral", count=2)}),
    case("rank", "account cap: 11 in the window leaves room for one more", {"advocates": [
        adv("c%d" % i, account_id="big", activities=[act("referral", "2026-0%d-0%d" % (1 + i % 5, 1 + i // 5))]) for i in range(11)
    ] + [adv("c11", account_id="big"), adv("c99", account_id="small")], "request": dict(req, kind="referral", count=2)}),
    case("rank", "empty roster", {"advocates": [], "request": req}),
]

def tiers_roster(n):
    out = []
    for i in range(n):
        k = i % 10
        acts = []
        if k == 0:
            acts = [act("case_study", "2025-09-01"), act("reference_call", "2025-10-01"), act("referral", "2025-12-01"), act("speaking", "2026-02-01")]
        elif k in (1, 2):
            acts = [act("reference_call", "2025-10-01"), act("referral", "2026-01-%02d" % (1 + i % 28))]
        elif k in (3, 4, 5):
            acts = [act("referral", "2026-02-01", solicited=(i % 2 == 0))]
        out.append(adv("t%03d" % i, activities=acts))
    return out

tiers = [
    case("tiers", "small roster: no shares enforced", {"advocates": tiers_roster(20)}),
    case("tiers", "100 advocates: platinum capped at 5", {"advocates": tiers_roster(100)}),
    case("tiers", "quota_min_roster lowered", {"advocates": tiers_roster(30)}, policy={"tiers": {"quota_min_roster": 10}}),
    case("tiers", "grace keeps a demoted platinum", {"advocates": [adv("p1", current_tier="platinum", tier_since="2025-01-01", activities=[
        act("case_study", "2025-03-15"), act("reference_call", "2025-04-01"), act("referral", "2025-05-01"), act("speaking", "2025-06-10")])]}),
]

coverage = [
    case("coverage", "targets by industry, region and product", {"advocates": roster, "targets": [
        {"name": "fs-amer", "kind": "reference_call", "industry": "Financial Services", "region": "AMER", "needed": 3},
        {"name": "emea-analytics", "kind": "case_study", "region": "EMEA", "product": "analytics", "needed": 2},
        {"name": "smb", "kind": "referral", "segment": "smb", "needed": 1}]}),
    case("coverage", "concentration and enrollment", {"advocates": [
        adv("k%d" % i, activities=[act("reference_call", "2025-%02d-01" % (7 + j)) for j in range(i % 4)]) for i in range(25)
    ] + [adv("new1", influence="thought_leader"), adv("new2", influence="practitioner", health_score=82)], "targets": []}),
]

def form(**kw):
    base = {"kind": "reference_call", "requested_on": "2026-06-01", "needed_by": "2026-06-20",
            "prospect": {"industry": "retail", "segment": "smb", "country": "US", "language": "en"}, "count": 1}
    base.update(kw)
    return {"request": base}

validate = [
    case("validate_request", "valid reference call", form()),
    case("validate_request", "empty form", {"request": {}}),
    case("validate_request", "unknown kind", form(kind="podcast")),
    case("validate_request", "needed_by before requested_on", form(needed_by="2026-05-01")),
    case("validate_request", "case study lead time 29 days is too short", form(kind="case_study", needed_by="2026-06-30")),
    case("validate_request", "case study lead time 30 days is enough", form(kind="case_study", needed_by="2026-07-01")),
    case("validate_request", "count 11 is out of range", form(count=11)),
    case("validate_request", "malformed country, language and segment", form(prospect={"industry": "retail", "segment": "huge", "country": "U5", "language": "english"})),
    case("validate_request", "notes too long", form(notes="x" * 2001)),
    case("validate_request", "review with an incentive", form(kind="review", incentive={"kind": "gift_card", "value": 25, "currency": "USD"})),
    case("validate_request", "incentive below fair value warns", form(kind="case_study", needed_by="2026-08-01", incentive={"kind": "gift_card", "value": 50, "currency": "USD"})),
    case("validate_request", "needed_by more than a year out warns", form(needed_by="2027-06-02")),
    case("validate_request", "wrong types", form(count="three", needed_by=20260620)),
]

parse = [
    case("parse_advocates", "five bad fields in one record", {"advocates": [
        {"id": "ok", "customer_since": "2020-01-01", "health_score": 90},
        {"id": "bad", "customer_since": "2020-02-30", "health_score": 101, "nps": 11, "segment": "huge", "country": "XX"}]}),
    case("parse_advocates", "missing and mistyped fields", {"advocates": [{"health_score": "high", "activities": [{"kind": "reference_call", "date": "2026-01-01"}]}]}),
    case("parse_advocates", "duplicate ids", {"advocates": [adv("d1"), adv(" d1 ")]}),
    case("parse_advocates", "unknown fields are ignored", {"advocates": [dict(adv("u1"), crm_owner="jane", score_v2=3)]}),
]

def write(name, cases):
    path = os.path.join(ROOT, name + ".json")
    old = {}
    if os.path.exists(path):
        for c in json.load(open(path)):
            old[c["name"]] = c.get("expected")
    for c in cases:
        if old.get(c["name"]) is not None:
            c["expected"] = old[c["name"]]
    with open(path, "w") as f:
        json.dump(cases, f, indent=2, ensure_ascii=False, sort_keys=True)
        f.write("\n")

def ask(kind, date, **kw):
    return dict(kind=kind, date=date, **kw)


def chk(name, advocate, a, as_of=AS_OF, policy=None):
    return case("check", name, {"advocate": advocate, "ask": a}, as_of=as_of, policy=policy)


six = [act("referral", d) for d in ["2025-07-01", "2025-08-01", "2025-09-01", "2025-10-01", "2025-11-01"]]
check = [
    chk("five counted in the window: a sixth is allowed", adv("c01", activities=six), ask("referral", AS_OF)),
    chk("six counted: annual cap until the first leaves the window", adv("c02", activities=six + [act("referral", "2026-05-01", "scheduled")]), ask("referral", AS_OF)),
    chk("cap lifts 365 days after the oldest: day 364 blocked", adv("c03", activities=six + [act("referral", "2026-05-01", "scheduled")]), ask("referral", "2026-06-30"), as_of="2026-06-30"),
    chk("cap lifts 365 days after the oldest: day 365 allowed", adv("c04", activities=six + [act("referral", "2026-05-01", "scheduled")]), ask("referral", "2026-07-01"), as_of="2026-07-01"),
    chk("community leadership does not count", adv("c05", activities=[act("community_leadership", d) for d in ["2026-01-01", "2026-02-01", "2026-03-01", "2026-04-01", "2026-05-01", "2026-05-15"]]), ask("referral", AS_OF)),
    chk("case study cap 1: 364 days later blocked", adv("c06", activities=[act("case_study", "2025-06-02")]), ask("case_study", AS_OF)),
    chk("case study cap 1: 365 days later allowed", adv("c07", activities=[act("case_study", "2025-06-01")]), ask("case_study", "2026-06-01")),
    chk("testimonial topic repeat", adv("c08", activities=[act("testimonial", "2026-01-01", topic="onboarding")]), ask("testimonial", AS_OF, topic="onboarding")),
    chk("testimonial new topic allowed", adv("c09", activities=[act("testimonial", "2026-01-01", topic="onboarding")]), ask("testimonial", AS_OF, topic="support")),
    chk("reference call quarterly gap: day 90 too soon", adv("c10", activities=[act("reference_call", "2026-03-03")]), ask("reference_call", AS_OF)),
    chk("reference call quarterly gap: day 91 allowed", adv("c11", activities=[act("reference_call", "2026-03-02")]), ask("reference_call", AS_OF)),
    chk("reference call monthly preference: day 29 too soon", adv("c12", preferences={"public": True, "reference_frequency": "monthly"}, activities=[act("reference_call", "2026-05-03")]), ask("reference_call", AS_OF)),
    chk("response fatigue: two of the last three declined", adv("c13", activities=[act("referral", "2026-04-01", "declined"), act("referral", "2026-04-20", "completed"), act("reference_call", "2026-05-01", "no_response")]), ask("referral", AS_OF)),
    chk("soft lock: requested 13 days ago blocks", adv("c14", activities=[act("reference_call", "2026-05-19", "requested")]), ask("referral", AS_OF)),
    chk("soft lock: requested 14 days ago ages into no_response", adv("c15", activities=[act("reference_call", "2026-05-18", "requested")]), ask("referral", AS_OF)),
    chk("soft lock aged plus a decline: resting", adv("c16", activities=[act("referral", "2026-05-10", "declined"), act("reference_call", "2026-05-18", "requested")]), ask("referral", AS_OF)),
    chk("opt-in country needs an explicit program grant", adv("c17", country="DE", consents=[{"purpose": "reference_contact", "status": "granted", "on": "2025-01-01"}]), ask("reference_call", AS_OF)),
    chk("opt-out country presumes the program consent", adv("c18", consents=[{"purpose": "reference_contact", "status": "granted", "on": "2025-01-01"}]), ask("reference_call", AS_OF)),
    chk("same-day grant and withdrawal: withdrawal wins", adv("c19", consents=adv("x")["consents"] + [{"purpose": "quote", "status": "withdrawn", "on": "2025-01-01"}]), ask("testimonial", AS_OF, topic="x")),
    chk("consent expires on the ask date", adv("c20", consents=[{"purpose": "reference_contact", "status": "granted", "on": "2025-01-01", "expires": "2026-06-01"}]), ask("reference_call", AS_OF)),
    chk("monetary incentive in a regulated industry", adv("c21", industry="healthcare"), ask("case_study", AS_OF, incentive={"kind": "gift_card", "value": 100, "currency": "USD"})),
    chk("donation in a regulated industry is allowed", adv("c22", industry="healthcare"), ask("case_study", AS_OF, incentive={"kind": "donation", "value": 100})),
    chk("no incentive on reviews", adv("c23"), ask("review", AS_OF, incentive={"kind": "swag", "value": 20})),
    chk("incentive below fair value warns; public kind discloses", adv("c24"), ask("case_study", AS_OF, incentive={"kind": "gift_card", "value": 74, "currency": "USD"})),
    chk("incentive over the country limit", adv("c25"), ask("reference_call", AS_OF, incentive={"kind": "swag", "value": 50.01}), policy={"compliance": {"incentive_limits": {"US": 50}}}),
    chk("disruption: 14 days after its end is still in the buffer", adv("c26", disruptions=[{"kind": "escalation", "from": "2026-05-01", "to": "2026-05-18"}]), ask("referral", AS_OF)),
    chk("disruption: 15 days after its end is allowed", adv("c27", disruptions=[{"kind": "escalation", "from": "2026-05-01", "to": "2026-05-17"}]), ask("referral", AS_OF)),
    chk("review skips the NPS gate", adv("c28", nps=3), ask("review", AS_OF)),
    chk("detractor blocked for a reference call", adv("c29", nps=3), ask("reference_call", AS_OF)),
    chk("publicity clause blocks public kinds", adv("c30", publicity_restricted=True), ask("case_study", AS_OF)),
    chk("publicity clause allows private kinds", adv("c31", publicity_restricted=True), ask("reference_call", AS_OF)),
    chk("verified 365 days ago: fresh", adv("c32", verified_on="2025-06-01"), ask("referral", AS_OF)),
    chk("verified 366 days ago: profile_stale warning", adv("c33", verified_on="2025-05-31"), ask("referral", AS_OF)),
    chk("left the company", adv("c34", left_company=True), ask("referral", AS_OF)),
    chk("not willing and not comfortable in public", adv("c35", preferences={"public": False, "activities": ["referral"]}), ask("speaking", AS_OF)),
    chk("erased: nothing else", adv("c36", erasure_requested=True), ask("referral", AS_OF)),
]

write("check", check)
write("evaluate", evaluate)
write("rank", rank)
write("tiers", tiers)
write("coverage", coverage)
write("validate_request", validate)
write("parse_advocates", parse)
print("wrote", sum(map(len, [evaluate, rank, tiers, coverage, validate, parse])), "cases")
