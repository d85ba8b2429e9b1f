#!/usr/bin/env python3
"""Writes tests/vectors/measure.json: the shared measurement vectors, inputs *and* expected
outputs. The expectations are computed here by a small, independent Python model of the rules
in docs/measurement.md (exact fractions and decimals, not the Rust code under test), and every
case is small enough to check by hand; the comment on each case says what it pins down.

The roster cases use advocates whose lifecycle and eligibility are plain (recent engagement,
program consent granted, health/tenure/NPS clearly on one side of the gates), so the model
only needs those gates. The policy fingerprint is not what these vectors test: it is taken
from FINGERPRINTS below (the value every other vector file carries for the same policy)."""
import json, math, os
from datetime import date, timedelta
from decimal import Decimal, ROUND_HALF_UP
from fractions import Fraction

ROOT = os.path.join(os.path.dirname(__file__), "..", "tests", "vectors")
FINGERPRINTS = {
    "default": "sha256:d10efd5a593c5cfb",
    "first_touch": "sha256:44e22e1502b74a47",
    "last_touch": "sha256:3372a06e44062461",
    "time_decay": "sha256:3f3b916e21f34878",
    "custom_scorecard": "sha256:207a67b5ba935377",
    "revenue_scorecard": "sha256:408d93dd1dbd08da",
}
Z = 1.959963984540054
REGIONS = {"US": "AMER", "CA": "AMER", "BR": "AMER", "DE": "EMEA", "FR": "EMEA", "GB": "EMEA",
           "JP": "APAC", "AU": "APAC", "AQ": None}
DEFAULT_SCORECARD = [("influenced_share", 0.8), ("referral_pipeline_share", 0.2),
                     ("win_rate_lift", 0.15), ("reference_close_rate", 0.9),
                     ("cycle_reduction", 0.2)]
COUNTS_TOWARD_CAP = {"reference_call", "case_study", "testimonial", "review", "referral",
                     "speaking", "event", "advisory_board", "beta_test"}


def D(s):
    return date.fromisoformat(s)


def units(amount):
    # Half away from zero on the decimal as written (repr is the shortest round trip).
    return int((Decimal(repr(float(amount))) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def money(u):
    sign = "-" if u < 0 else ""
    return {"units": u, "amount": f"{sign}{abs(u) // 100}.{abs(u) % 100:02d}"}


def rate(n, d):
    return {"numerator": n, "denominator": d, "value": (n / d) if d else None}


def median(v):
    if not v:
        return None
    v = sorted(v)
    n = len(v)
    return float(v[n // 2]) if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2


def hand_out(shares, rems, left, tie_slack):
    given = [False] * len(shares)
    while left > 0:
        best = None
        for i in range(len(shares)):
            if not given[i] and (best is None or rems[i] > rems[best] + tie_slack):
                best = i
        given[best] = True
        shares[best] += 1
        left -= 1
    return shares


def split(model, u, touches, closed, w_unsol, half_life):
    ids = sorted({t["a"] for t in touches}, key=lambda s: s.encode())
    if model in ("first_touch", "last_touch"):
        sign = 1 if model == "first_touch" else -1
        win = min(touches, key=lambda t: (sign * t["on"].toordinal(), t["a"].encode()))["a"]
        return [(i, u if i == win else 0) for i in ids]
    if model == "linear":
        w = {i: Fraction(1) for i in ids}
        for t in touches:
            if not t["sol"]:
                w[t["a"]] = Fraction(repr(w_unsol))
        total = sum(w.values())
        q = [u * w[i] / total for i in ids]
        shares = [math.floor(x) for x in q]
        rems = [x - math.floor(x) for x in q]
        return list(zip(ids, hand_out(shares, rems, u - sum(shares), 0)))
    w = {i: 0.0 for i in ids}
    for t in touches:
        w[t["a"]] += 2 ** (-((closed - t["on"]).days) / half_life)
    total = sum(w[i] for i in ids)
    shares, rems = [], []
    for i in ids:
        q = u * w[i] / total
        if abs(q - round(q)) <= 1e-9:
            shares.append(int(round(q))); rems.append(0.0)
        else:
            shares.append(math.floor(q)); rems.append(q - math.floor(q))
    return list(zip(ids, hand_out(shares, rems, u - sum(shares), 1e-9)))


def prepare(o, frm, to, as_of, lookback, currency):
    created = D(o["created_on"])
    closed = D(o["closed_on"]) if o.get("closed_on") else None
    if closed and closed > as_of:
        closed = None
    end = closed or as_of
    touches = [dict(a=t["advocate_id"], on=D(t["on"]), sol=t.get("solicited", True), kind=t["kind"])
               for t in o.get("touches", [])
               if created - timedelta(days=lookback) <= D(t["on"]) <= end]
    src = o.get("source")
    if src and src["kind"] == "referral" and src.get("advocate_id") and created <= end:
        touches.append(dict(a=src["advocate_id"], on=created, sol=True, kind="referral"))
    return dict(
        o=o, cur=o.get("currency", currency), units=units(o["amount"]),
        won=closed is not None and o["stage"] == "won", closed=closed,
        closed_in=closed is not None and frm <= closed <= to, created_in=frm <= created <= to,
        influenced=bool(touches), reference=any(t["kind"] == "reference_call" for t in touches),
        referral=bool(src and src["kind"] == "referral"),
        cycle=(closed - created).days if closed else 0, touches=touches)


def opp_kpis(deals):
    created = [d for d in deals if d["created_in"]]
    closed = [d for d in deals if d["closed_in"]]
    revenue, pipeline = {}, {}
    for d in closed:
        if d["won"] and d["influenced"]:
            revenue[d["cur"]] = revenue.get(d["cur"], 0) + d["units"]
    for d in created:
        p = pipeline.setdefault(d["cur"], [0, 0])
        p[1] += d["units"]
        if d["referral"]:
            p[0] += d["units"]
    def wr(ds):
        w = sum(1 for d in ds if d["won"])
        return rate(w, len(ds))
    with_, without = wr([d for d in closed if d["influenced"]]), wr([d for d in closed if not d["influenced"]])
    lift = (with_["value"] / without["value"] - 1
            if with_["value"] is not None and without["value"] else None)
    mw = median([d["cycle"] for d in closed if d["won"] and d["influenced"]])
    mo = median([d["cycle"] for d in closed if d["won"] and not d["influenced"]])
    return {
        "influenced_share": rate(sum(1 for d in created if d["influenced"]), len(created)),
        "influenced_revenue": {c: money(u) for c, u in sorted(revenue.items())},
        "referral_pipeline_share": {c: {"part": money(p), "total": money(t), "value": p / t if t else None}
                                    for c, (p, t) in sorted(pipeline.items())},
        "win_rate_with": with_, "win_rate_without": without, "win_rate_lift": lift,
        "reference_close_rate": wr([d for d in closed if d["reference"]]),
        "cycle_reduction": {"median_with": mw, "median_without": mo,
                            "value": (1 - mw / mo) if mw is not None and mo else None},
    }


def months(since, as_of):
    m = (as_of.year - since.year) * 12 + as_of.month - since.month
    return m if as_of.day >= since.day else m - 1


def roster_part(advs, frm, to, as_of, lock=14, cap=6):
    refs = known = acc = comp = unsol = base = at_cap = 0
    calls, funnel, variants = [], [0] * 5, {}
    for a in sorted(advs, key=lambda a: a["id"].encode()):
        if a.get("erasure_requested"):
            continue
        acts = [dict(x, d=D(x["date"])) for x in a.get("activities", [])]
        opted_out = any(c["purpose"] == "program" and c["status"] == "withdrawn" for c in a.get("consents", []))
        in_base = not opted_out and not a.get("left_company")
        n_calls = 0
        for x in acts:
            if frm <= x["d"] <= to:
                if x["status"] == "completed":
                    comp += 1
                    unsol += not x.get("solicited", True)
                    refs += x["kind"] == "reference_call"
                if x["status"] != "cancelled":
                    k = (True if x["status"] in ("scheduled", "completed") else
                         False if x["status"] in ("declined", "no_response") else
                         False if (as_of - x["d"]).days >= lock else None)
                    if k is not None:
                        known += 1; acc += k
                    if x.get("variant"):
                        v = variants.setdefault(x["variant"], [0, 0])
                        if k is not None:
                            v[0] += 1; v[1] += k
            if x["status"] == "completed" and x["kind"] == "reference_call" and as_of - timedelta(days=365) < x["d"] <= as_of:
                n_calls += 1
        if in_base:
            base += 1
            calls.append(n_calls)
            booked = sorted(x["d"] for x in acts if x["status"] in ("completed", "scheduled") and x["kind"] in COUNTS_TOWARD_CAP)
            full = any(sum(1 for d in booked if e - timedelta(days=365) < d <= e) >= cap
                       for e in (as_of + timedelta(days=k) for k in range(365)))
            at_cap += full
            eligible = (a["health_score"] >= 80 and months(D(a["customer_since"]), as_of) >= 12
                        and a.get("nps", 0) >= 9 and a.get("has_measurable_outcome"))
            depth = 0
            if eligible:
                done = [x for x in acts if x["status"] == "completed" and x["d"] <= as_of]
                if a.get("current_tier") or done:
                    n = sum(1 for x in done if x["kind"] in COUNTS_TOWARD_CAP and x["d"] > as_of - timedelta(days=365))
                    depth = 2 + min(n, 2)
                else:
                    depth = 1
            for i in range(depth + 1):
                funnel[i] += 1
    calls.sort(reverse=True)
    busiest = -(-base // 20)
    total, top = sum(calls), sum(calls[:busiest])
    kpis = {"references_provided": refs, "response_rate": rate(acc, known),
            "unsolicited_share": rate(unsol, comp), "at_cap_share": rate(at_cap, base),
            "concentration": {"reference_calls": total, "busiest_advocates": busiest,
                              "busiest_calls": top, "value": top / total if total else None}}
    steps, prev = [], None
    for name, c in zip(["base", "eligible", "enrolled", "active", "repeat"], funnel):
        steps.append({"step": name, "count": c, "conversion": c / prev if prev else None})
        prev = c
    exps = []
    for v, (n, k) in sorted(variants.items()):
        if n:
            p = k / n; z2 = Z * Z; den = 1 + z2 / n
            c = (p + z2 / (2 * n)) / den
            h = Z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / den
            lo, hi = max(0.0, c - h), min(1.0, c + h)
        exps.append({"variant": v, "asks": n, "accepted": k, "response_rate": k / n if n else None,
                     "low": lo if n else None, "high": hi if n else None})
    return kpis, steps, exps


def scorecard(lines, kpis, currency, used):
    o, r = kpis, kpis["roster"]
    def value(k):
        if k == "influenced_revenue":
            m = o["influenced_revenue"].get(currency)
            return m["units"] / 100 if m else (0.0 if currency in used else None)
        if k == "referral_pipeline_share":
            s = o["referral_pipeline_share"].get(currency)
            return s["value"] if s else None
        if k in ("influenced_share", "win_rate_with", "win_rate_without", "reference_close_rate"):
            return o[k]["value"]
        if k in ("win_rate_lift",):
            return o[k]
        if k == "cycle_reduction":
            return o[k]["value"]
        if r is None:
            return None
        if k == "references_provided":
            return float(r[k])
        return r[k]["value"]
    out, s, ws = [], 0.0, 0.0
    for (kpi, target, direction, band, weight) in lines:
        v = value(kpi)
        if v is None:
            st, att = "no_data", None
        else:
            short = target - v if direction == "at_least" else v - target
            st = "met" if short <= 1e-9 else "watch" if short <= band * abs(target) + 1e-9 else "breach"
            if st == "met":
                att = 1.0
            elif v == 0 or target == 0 or (v < 0) != (target < 0):
                att = 0.0
            else:
                att = min(abs(v), abs(target)) / max(abs(v), abs(target))
            s += weight * att; ws += weight
        out.append({"kpi": kpi, "value": v, "target": target, "direction": direction, "band": band,
                    "weight": weight, "status": st, "attainment": att})
    return {"lines": out, "composite": 100 * s / ws if ws > 0 else None}


def measure(c):
    inp, pol = c["input"], c.get("policy", {}).get("measurement", {})
    frm, to, as_of = D(inp["period"][0]), D(inp["period"][1]), D(c["as_of"])
    currency = pol.get("currency", "USD")
    model = pol.get("attribution", "linear")
    lookback = pol.get("attribution_lookback_days", 90)
    half = pol.get("half_life_days", 30)
    lines = [(k, t, "at_least", 0.1, 1.0) for k, t in DEFAULT_SCORECARD]
    if "scorecard" in pol:
        lines = [(x["kpi"], float(x["target"]), x.get("direction", "at_least"),
                  float(x.get("band", 0.1)), float(x.get("weight", 1.0))) for x in pol["scorecard"]]
    deals = [prepare(o, frm, to, as_of, lookback, currency)
             for o in inp["opportunities"] if o.get("qualified", True)]
    deals = [d for d in deals if d["created_in"] or d["closed_in"]]
    roster_ids = {a["id"]: a for a in inp["advocates"]} if "advocates" in inp else None
    advs, per_opp = {}, []
    for d in deals:
        src = d["o"].get("source")
        if src and src["kind"] == "referral" and src.get("advocate_id"):
            a = advs.setdefault(src["advocate_id"], dict(infl=0, won=0, attr={}, src=0, srcwon=0))
            a["src"] += d["created_in"]; a["srcwon"] += d["won"] and d["closed_in"]
        if not d["influenced"]:
            continue
        attributed = d["won"] and d["closed_in"]
        if attributed:
            credits = split(model, d["units"], d["touches"], d["closed"], 1.5, half)
        else:
            credits = [(i, 0) for i in sorted({t["a"] for t in d["touches"]}, key=str.encode)]
        for i, u in credits:
            a = advs.setdefault(i, dict(infl=0, won=0, attr={}, src=0, srcwon=0))
            a["infl"] += d["created_in"]
            if attributed:
                a["won"] += 1
                a["attr"][d["cur"]] = a["attr"].get(d["cur"], 0) + u
        per_opp.append({"id": d["o"]["id"], "stage": d["o"]["stage"] if d["closed"] else "open",
                        "currency": d["cur"], "amount": money(d["units"]),
                        "created_in_period": d["created_in"], "closed_in_period": d["closed_in"],
                        "credits": [{"advocate_id": i, "amount": money(u)} for i, u in credits]})
    per_opp.sort(key=lambda r: r["id"].encode())
    rows, warnings = [], []
    for i, a in advs.items():
        if not (a["infl"] or a["won"] or a["src"] or a["srcwon"] or any(a["attr"].values())):
            continue
        if roster_ids is not None and i not in roster_ids:
            warnings.append({"code": "unknown_advocate", "subject": i,
                             "message": f"advocate `{i}` is not in the roster; it is still credited"})
        erased = roster_ids is not None and roster_ids.get(i, {}).get("erasure_requested", False)
        row = {"id": i, "erased": bool(erased)}
        if not erased:
            row.update(deals_influenced=a["infl"], deals_won=a["won"],
                       attributed={c: money(u) for c, u in sorted(a["attr"].items())},
                       referrals_sourced=a["src"], referrals_won=a["srcwon"])
        rows.append((erased, -a["attr"].get(currency, 0) if not erased else 0, i.encode(), row))
    rows.sort(key=lambda r: r[:3])
    used = sorted({d["cur"] for d in deals})
    if len(used) > 1:
        lst = ", ".join(used)
        warnings.append({"code": "mixed_currencies", "subject": lst,
                         "message": f"the deals are in {len(used)} currencies ({lst}); money is reported per currency and scored in {currency}"})
    warnings.sort(key=lambda w: (w["code"], w["subject"]))
    def groups(keyf, multi=False):
        g = {}
        for d in deals:
            ks = keyf(d["o"])
            for k in (ks if multi else [ks]):
                g.setdefault(k, []).append(d)
        keys = sorted([k for k in g if k is not None]) + ([None] if None in g else [])
        return [{"key": k, "kpis": opp_kpis(g[k])} for k in keys]
    breakdowns = [
        {"dimension": "segment", "adds_up": True, "rows": groups(lambda o: o.get("segment"))},
        {"dimension": "region", "adds_up": True, "rows": groups(lambda o: REGIONS.get(o.get("country")))},
        {"dimension": "industry", "adds_up": True, "rows": groups(lambda o: o.get("industry"))},
        {"dimension": "product", "adds_up": False,
         "rows": groups(lambda o: sorted(set(o.get("products", []))) or [None], multi=True)},
    ]
    kpis = opp_kpis(deals)
    funnel, exps = None, []
    kpis["roster"] = None
    if roster_ids is not None:
        kpis["roster"], funnel, exps = roster_part(inp["advocates"], frm, to, as_of)
    return {
        "policy": FINGERPRINTS[c.get("fingerprint", "default")],
        "period": {"from": inp["period"][0], "to": inp["period"][1], "as_of": c["as_of"]},
        "currency": currency, "attribution": model,
        "per_advocate": [r[3] for r in rows], "per_opportunity": per_opp, "kpis": kpis,
        "breakdowns": breakdowns, "funnel": funnel, "experiments": exps,
        "scorecard": scorecard(lines, kpis, currency, used), "warnings": warnings,
    }


# ---------------------------------------------------------------------------------------
# Cases.

AS_OF = "2026-04-15"
PERIOD = ["2026-01-01", "2026-03-31"]


def t(a, on, kind="reference_call", **kw):
    return dict(advocate_id=a, kind=kind, on=on, **kw)


def won(id, created, closed, amount, touches=(), **kw):
    return dict(id=id, created_on=created, closed_on=closed, stage="won", amount=amount,
                touches=list(touches), **kw)


def lost(id, created, closed, amount, touches=(), **kw):
    return dict(id=id, created_on=created, closed_on=closed, stage="lost", amount=amount,
                touches=list(touches), **kw)


def open_(id, created, amount, touches=(), **kw):
    return dict(id=id, created_on=created, stage="open", amount=amount, touches=list(touches), **kw)


def adv(id, **kw):
    a = {"id": id, "customer_since": "2020-01-01", "health_score": 90, "nps": 10,
         "nps_on": "2026-03-01", "has_measurable_outcome": True, "engagements": ["2026-04-01"]}
    a.update(kw)
    return a


def act(kind, d, status="completed", **kw):
    return dict(kind=kind, date=d, status=status, **kw)


def case(name, opportunities, advocates=None, policy=None, fingerprint=None, as_of=AS_OF,
         period=PERIOD, expected=None):
    c = {"name": name, "op": "measure", "as_of": as_of}
    if policy is not None:
        c["policy"] = policy
    c["input"] = {"opportunities": opportunities, "period": period}
    if advocates is not None:
        c["input"]["advocates"] = advocates
    c["fingerprint"] = fingerprint or "default"
    c["expected"] = expected
    return c


cases = [
    # 10.00 to a (1) and b (1.5, unsolicited): 400 / 600. 1.00 over a10, a2, b: 33 each and
    # the unit left to a10 (byte order: a10 < a2).
    case("linear: unsolicited weighs 1.5; remainder ties go to the byte-wise smaller id", [
        won("o1", "2026-01-05", "2026-02-01", 10, [t("a", "2026-01-10"), t("b", "2026-01-11", "review", solicited=False)]),
        won("o2", "2026-01-05", "2026-02-01", 1, [t("a2", "2026-01-10"), t("b", "2026-01-10"), t("a10", "2026-01-10")]),
    ]),
    # created 2026-03-31: 2025-12-31 is 90 days before (counts), 2025-12-30 is 91 (does not).
    case("lookback: day 90 counts, day 91 does not", [
        won("in", "2026-03-31", "2026-03-31", 10, [t("a", "2025-12-31")]),
        won("out", "2026-03-31", "2026-03-31", 10, [t("b", "2025-12-30")]),
    ]),
    case("a touch on the close day counts, the day after does not", [
        won("o", "2026-01-10", "2026-02-10", 30, [t("a", "2026-02-10"), t("b", "2026-02-11")]),
    ]),
    # Period ends 03-31, as_of 04-15: a touch on 04-15 counts for an open deal, 04-16 never.
    case("open deals: a touch after the period counts up to as_of", [
        open_("o1", "2026-03-01", 5, [t("a", "2026-04-15")]),
        open_("o2", "2026-03-01", 5, [t("b", "2026-04-16")]),
    ]),
    case("a won deal closing after as_of is treated as open", [
        won("o", "2026-03-01", "2026-04-16", 10, [t("a", "2026-03-02")]),
        lost("l", "2026-03-01", "2026-04-20", 10),
    ]),
    # 1.005 -> 101 units, 2.675 -> 268, 0.125 -> 13 (half away from zero as written).
    case("amounts round half away from zero on the decimal as written", [
        won("a", "2026-01-05", "2026-02-01", 1.005, [t("x", "2026-01-10")]),
        won("b", "2026-01-05", "2026-02-01", 2.675, [t("x", "2026-01-10"), t("y", "2026-01-10")]),
        open_("c", "2026-01-05", 0.125, source={"kind": "referral"}),
    ]),
    case("mixed currencies are reported per currency, never added", [
        won("u", "2026-01-05", "2026-02-01", 10, [t("a", "2026-01-10")]),
        won("e", "2026-01-05", "2026-02-01", 20, [t("a", "2026-01-10"), t("b", "2026-01-10")], currency="EUR"),
        open_("j", "2026-01-05", 0, currency="JPY", source={"kind": "referral"}),
    ]),
    case("unqualified deals are left out; a referral source without an advocate is pipeline only", [
        won("q", "2026-01-05", "2026-02-01", 10, [t("a", "2026-01-10")]),
        won("x", "2026-01-05", "2026-02-01", 99, [t("b", "2026-01-10")], qualified=False),
        open_("r", "2026-01-10", 30, source={"kind": "referral"}),
        open_("s", "2026-01-10", 10, source={"kind": "referral", "advocate_id": "c"}),
        lost("n", "2026-01-10", "2026-02-01", 60),
    ]),
    # Earliest day 01-05 shared by c and b: b. The referral source (on created_on) ties too.
    case("first_touch: ties on the earliest day go to the smaller id", [
        won("o", "2026-01-05", "2026-02-01", 7, [t("c", "2026-01-05"), t("b", "2026-01-05"), t("z", "2026-01-20")]),
        won("p", "2026-01-10", "2026-02-01", 5, [t("b", "2026-01-10")], source={"kind": "referral", "advocate_id": "a"}),
    ], policy={"measurement": {"attribution": "first_touch"}}, fingerprint="first_touch"),
    case("last_touch: ties on the latest day go to the smaller id", [
        won("o", "2026-01-05", "2026-02-01", 7, [t("c", "2026-01-05"), t("z", "2026-01-20"), t("y", "2026-01-20")]),
    ], policy={"measurement": {"attribution": "last_touch"}}, fingerprint="last_touch"),
    # Weights 1 and 0.5 (30 days = one half life): 200 / 100 of 3.00, both within 1e-9 of
    # integers; three equal weights over 1.00: 34 / 33 / 33.
    case("time_decay: near-integer quotients and tied remainders", [
        won("o", "2026-01-01", "2026-03-01", 3, [t("a", "2026-03-01"), t("b", "2026-01-30")]),
        won("p", "2026-01-01", "2026-03-01", 1, [t("c", "2026-02-01"), t("a", "2026-02-01"), t("b", "2026-02-01")]),
    ], policy={"measurement": {"attribution": "time_decay"}}, fingerprint="time_decay"),
    # Influenced won cycles 10, 20, 60 (median 20), not influenced 30, 50 (median 40): 0.5.
    case("win rates, lift, reference close rate and medians of odd and even counts", [
        won("i1", "2026-01-01", "2026-01-11", 1, [t("a", "2026-01-02")]),
        won("i2", "2026-01-01", "2026-01-21", 1, [t("a", "2026-01-02", "case_study")]),
        won("i3", "2026-01-01", "2026-03-02", 1, [t("a", "2026-01-02")]),
        lost("l1", "2026-01-01", "2026-02-01", 1, [t("a", "2026-01-02")]),
        won("n1", "2026-01-01", "2026-01-31", 1),
        won("n2", "2026-01-01", "2026-02-20", 1),
        lost("l2", "2026-01-01", "2026-02-01", 1),
        lost("l3", "2026-01-01", "2026-02-01", 1),
    ]),
    case("breakdowns: null keys, regions, products that do not add up", [
        won("o1", "2026-01-05", "2026-02-01", 10, [t("a", "2026-01-10")], segment="enterprise", country="US",
            industry="retail", products=["analytics", "billing"]),
        won("o2", "2026-01-05", "2026-02-01", 20, [], segment="smb", country="DE", industry="retail",
            products=["analytics"]),
        lost("o3", "2026-01-05", "2026-02-01", 30, [t("b", "2026-01-10")], country="AQ"),
        open_("o4", "2026-02-05", 40, segment="enterprise", country="JP", source={"kind": "referral"}),
    ]),
    case("no deals: every rate is null and the scorecard has no data", []),
    case("roster: erased and unknown advocates, roster KPIs, funnel and experiments", [
        won("o", "2026-01-01", "2026-02-01", 3, [t("a", "2026-01-02"), t("e", "2026-01-02"), t("x", "2026-01-02")]),
        won("p", "2026-01-01", "2026-02-01", 1, [t("x", "2026-01-02")]),
    ], advocates=[
        adv("a", activities=[act("reference_call", "2026-01-10"),
                             act("review", "2026-02-10", solicited=False),
                             act("reference_call", "2026-03-01", "declined", variant="A"),
                             act("reference_call", "2026-03-20", "requested", variant="A")]),
        adv("b", activities=[act("case_study", "2026-02-01"),
                             act("reference_call", "2026-04-05", "requested", variant="B"),
                             act("reference_call", "2026-03-25", "requested", variant="B"),
                             act("reference_call", "2026-03-05", "scheduled", variant="A"),
                             act("testimonial", "2026-03-06", "cancelled", variant="A")]),
        adv("c", current_tier="community"),
        adv("d", health_score=50),
        adv("f", health_score=50, activities=[
            act("reference_call", "2025-06-01"), act("reference_call", "2025-09-01"),
            act("case_study", "2025-10-01"), act("testimonial", "2025-11-01"),
            act("advisory_board", "2025-12-01"), act("speaking", "2026-05-01", "scheduled")]),
        adv("g", left_company=True),
        adv("e", erasure_requested=True, activities=[act("reference_call", "2026-01-10")]),
    ]),
    # Revenue 1250.50 scored in major units against 1000 (met); response rate at most 0.5
    # with band 0.2: 0.6 is watch; influenced share 0.5 against 0.8 is breach.
    case("custom scorecard: money in major units, at_most and the band edge", [
        won("o", "2026-01-05", "2026-02-01", 1250.5, [t("a", "2026-01-10")]),
        open_("p", "2026-01-05", 10),
    ], advocates=[adv("a", activities=[
        act("reference_call", "2026-01-10"), act("referral", "2026-01-20"), act("review", "2026-02-01"),
        act("testimonial", "2026-02-10", "declined"), act("beta_test", "2026-03-01", "no_response")])],
       policy={"measurement": {"scorecard": [
           {"kpi": "influenced_revenue", "target": 1000, "weight": 2},
           {"kpi": "response_rate", "target": 0.5, "direction": "at_most", "band": 0.2},
           {"kpi": "influenced_share", "target": 0.8},
           {"kpi": "win_rate_without", "target": 0.5}]}}, fingerprint="custom_scorecard"),
]

cases.append(
    # USD deals were measured but none won with influence: revenue scores 0 (breach), not
    # no_data; the EUR revenue is not scored.
    case("influenced revenue is 0 in the scored currency when its deals won without influence", [
        won("u", "2026-01-05", "2026-02-01", 10),
        won("e", "2026-01-05", "2026-02-01", 20, [t("a", "2026-01-10")], currency="EUR"),
    ], policy={"measurement": {"scorecard": [{"kpi": "influenced_revenue", "target": 100}]}},
       fingerprint="revenue_scorecard"))

# Errors, written by hand (the messages are part of the contract).
errors = [
    case("bad input: every problem with its path", [
        {"id": "o1", "created_on": "2026-01-05", "closed_on": "2026-01-06", "stage": "open", "amount": 1},
        {"id": "o2", "created_on": "2026-01-05", "stage": "won", "amount": -1, "currency": "usd"},
        {"id": "o3", "created_on": "2026-01-05", "stage": "open", "amount": 1,
         "touches": [{"advocate_id": "a", "kind": "reference_call", "on": "2026-02-30"}]},
    ], expected={"errors": [
        {"path": "opportunities[0].closed_on", "code": "invalid_range",
         "message": "2026-01-06 is set on an open opportunity"},
        {"path": "opportunities[1].amount", "code": "out_of_range",
         "message": "-1 must be a finite number in 0..=1000000000000"},
        {"path": "opportunities[1].closed_on", "code": "missing_field",
         "message": "is required for a `won` opportunity"},
        {"path": "opportunities[1].currency", "code": "invalid_currency",
         "message": "`usd` is not an ISO 4217 code (three upper-case letters)"},
        {"path": "opportunities[2].touches[0].on", "code": "invalid_date",
         "message": "expected a date `YYYY-MM-DD`, got `2026-02-30`"},
    ]}),
    case("as_of before the end of the period is an error", [], as_of="2026-03-30", expected={"errors": [
        {"path": "as_of", "code": "invalid_range",
         "message": "2026-03-30 is before `period.to` (2026-03-31)"}]}),
]

if __name__ == "__main__":
    import sys
    fps = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
    FINGERPRINTS.update(fps)
    out = []
    for c in cases:
        c = dict(c)
        label = c.pop("fingerprint")
        c["expected"] = measure(dict(c, fingerprint=label)) if label in FINGERPRINTS else None
        out.append(c)
    for c in errors:
        c = dict(c)
        c.pop("fingerprint")
        out.append(c)
    with open(os.path.join(ROOT, "measure.json"), "w") as f:
        json.dump(out, f, indent=2, ensure_ascii=False, sort_keys=True)
        f.write("\n")
    print("wrote", len(out), "cases")
