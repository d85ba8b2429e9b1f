"""Score a customer base held in DataFrames, then summarize the tier mix and coverage gaps.

    python examples/score_customers.py            # after scripts/test-python.sh (or pip install)

Builds a small synthetic program in pandas (one row per advocate, per activity, per
engagement, per consent, the long format a data team holds), scores it with
`Engine.evaluate_table`, and prints eligibility, lifecycle, the tier mix and the gaps
against a quarter's coverage targets.
"""
import datetime as dt
import random

import pandas as pd

import plaudit

AS_OF = dt.date(2026, 3, 1)
rng = random.Random(7)
INDUSTRIES = ["software", "financial_services", "healthcare", "retail"]
KINDS = ["reference_call", "referral", "case_study", "review", "testimonial"]

advocates, activities, engagements, consents = [], [], [], []
for i in range(500):
    aid = f"adv-{i:04}"
    advocates.append({
        "id": aid, "account_id": f"acct-{i % 180:03}", "industry": rng.choice(INDUSTRIES),
        "country": rng.choice(["US", "US", "GB", "DE", "CA"]),
        "customer_since": AS_OF - dt.timedelta(days=rng.randint(100, 2500)),
        "health_score": float(rng.randint(55, 100)), "nps": rng.randint(3, 10),
        "nps_on": AS_OF - dt.timedelta(days=rng.randint(5, 300)),
        "has_measurable_outcome": rng.random() < 0.7,
    })
    for _ in range(rng.randint(0, 6)):
        activities.append({"advocate_id": aid, "kind": rng.choice(KINDS),
                           "date": AS_OF - dt.timedelta(days=rng.randint(1, 700)),
                           "status": rng.choice(["completed", "completed", "declined", "scheduled"])})
    for _ in range(rng.randint(0, 10)):
        engagements.append({"advocate_id": aid, "date": AS_OF - dt.timedelta(days=rng.randint(1, 400))})
    for purpose in ["program", "reference_contact", "public_name", "quote"]:
        if rng.random() < 0.8:
            consents.append({"advocate_id": aid, "purpose": purpose, "status": "granted",
                             "on": AS_OF - dt.timedelta(days=rng.randint(30, 900))})

frames = [pd.DataFrame(x) for x in (advocates, activities, engagements, consents)]
engine = plaudit.Engine()
scored = engine.evaluate_table(*frames, as_of=AS_OF).to_pandas()

print(f"{len(scored)} customers scored as of {AS_OF} (policy {engine.fingerprint})")
print(f"eligible: {int(scored['eligible'].fillna(False).sum())}")
print("\nlifecycle:\n" + scored["lifecycle"].value_counts().to_string())
print("\ntier mix:\n" + scored["tier"].value_counts().to_string())
reasons = scored["reasons"].dropna().explode().value_counts().head(5)
print("\ntop reasons not to ask:\n" + reasons.to_string())



def iso(v: object) -> object:
    """A date as ISO text (what JSON holds); any other value as it is."""
    return v.isoformat() if isinstance(v, dt.date) else v


roster = [dict(a, customer_since=iso(a["customer_since"]), nps_on=iso(a["nps_on"]),
               activities=[{k: iso(v) for k, v in x.items() if k != "advocate_id"}
                           for x in activities if x["advocate_id"] == a["id"]],
               engagements=[iso(x["date"]) for x in engagements if x["advocate_id"] == a["id"]],
               consents=[{k: iso(v) for k, v in x.items() if k != "advocate_id"}
                         for x in consents if x["advocate_id"] == a["id"]])
          for a in advocates]
targets = [{"name": f"{ind} reference calls", "kind": "reference_call", "industry": ind, "needed": 6}
           for ind in INDUSTRIES]
portfolio = engine.coverage(roster, targets, AS_OF)
print("\ncoverage gaps:")
for c in portfolio.coverage:
    print(f"  {c['target']['name']:32} needed {c['target']['needed']:>2}  available {c['available']:>3}  gap {c['gap']}")
