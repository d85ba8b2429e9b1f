"""The cost of errors: a roster of 100k dicts, valid against the same with one bad row and
with 1,000 bad rows; CPU time of `plaudit.Roster(rows)`, best of 5, alternated. Errors must
cost about what the valid path costs. Usage: python bindings/python/bench/bench_errors.py"""
import copy
import time
from typing import Any, Dict, List, Tuple

import plaudit


def adv(i: int) -> Dict[str, Any]:
    return {"id": f"a{i}", "customer_since": "2020-01-01", "health_score": 80 + i % 20,
            "nps": i % 11, "country": "US", "industry": "retail",
            "activities": [{"kind": "reference_call", "date": "2025-06-01", "status": "completed"}],
            "consents": [{"purpose": "program", "status": "granted", "on": "2024-01-01"}]}

n = 100_000
valid = [adv(i) for i in range(n)]
one_bad = copy.deepcopy(valid); one_bad[n // 2]["health_score"] = "x"
many_bad = copy.deepcopy(valid)
for k in range(0, n, 100):
    many_bad[k]["nps"] = 42

def run(rows: List[Dict[str, Any]]) -> Tuple[float, object]:
    t = time.process_time()
    try:
        plaudit.Roster(rows)
        ok: object = True
    except plaudit.RecordError as e:
        ok = len(e.errors())
    return time.process_time() - t, ok

best: Dict[str, List[Tuple[float, object]]] = {"valid": [], "one bad row": [], "1,000 bad rows": []}
for _ in range(5):
    for name, rows in [("valid", valid), ("one bad row", one_bad), ("1,000 bad rows", many_bad)]:
        dt, ok = run(rows)
        best[name].append((dt, ok))
for name, v in best.items():
    print(f"{name}: best {min(d for d, _ in v)*1000:.0f} ms CPU (result {v[0][1]})")
