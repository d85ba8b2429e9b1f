#!/usr/bin/env python3
"""Writes the inputs of the every-door differential test (see README.md) into a folder:
advocates and requests from the synthetic generator (`plaudit generate`, seeded), and
mutated copies of advocates, each with one field broken (chosen by a seeded rng over every
field type: wrong type, null, out of range, bad date, unknown name).

    python3 tests/doors/make_cases.py DIR [--plaudit target/debug/plaudit]

Then `cargo run -p plaudit --example doors -- DIR` writes the Rust door's `expected.json`
beside them, which every other door must match."""

import argparse
import copy
import json
import pathlib
import random
import subprocess

AS_OF = "2026-03-01"
ADVOCATES = 300
REQUESTS = 6
MUTANTS = 120
SEED = 20261206

# (field, broken value, expected code, whether a table can hold it). A table cannot hold a
# null as a value (it is absent there) nor one cell of another type than its column.
MUTATIONS = [
    ("id", 7, "invalid_type", False),
    ("id", "", "required", True),
    ("id", "x" * 129, "too_long", True),
    ("account_id", ["a"], "invalid_type", False),
    ("industry", "k" * 257, "too_long", True),
    ("segment", "huge", "invalid_value", True),
    ("segment", 3, "invalid_type", False),
    ("influence", "celebrity", "invalid_value", True),
    ("country", "ZZ", "invalid_country", True),
    ("country", None, "invalid_type", False),
    ("languages.*", "english", "invalid_language", True),
    ("products.*", "", "required", True),
    ("use_cases.*", 4, "invalid_type", False),
    ("customer_since", "2020-02-30", "invalid_date", True),
    ("customer_since", "0000-01-02", "invalid_date", True),
    ("customer_since", None, "invalid_type", False),
    ("customer_since", 20200101, "invalid_type", False),
    ("health_score", 100.5, "out_of_range", True),
    ("health_score", -1, "out_of_range", True),
    ("health_score", "90", "invalid_type", False),
    ("health_score", True, "invalid_type", False),
    ("nps", 11, "out_of_range", True),
    ("nps", 9.5, "invalid_type", False),
    ("nps_on", "2025-13-01", "invalid_date", True),
    ("has_measurable_outcome", "yes", "invalid_type", False),
    ("preferences.public", 1, "invalid_type", False),
    ("preferences.reference_frequency", "weekly", "invalid_value", True),
    ("consents.*.purpose", "marketing", "invalid_value", True),
    ("consents.*.status", "maybe", "invalid_value", True),
    ("consents.*.on", "2024-02-30", "invalid_date", True),
    ("consents.*.on", None, "invalid_type", False),
    ("activities.*.kind", "podcast", "invalid_value", True),
    ("activities.*.date", "2025-00-10", "invalid_date", True),
    ("activities.*.status", "done", "invalid_value", True),
    ("activities.*.solicited", "no", "invalid_type", False),
    ("engagements.*", "2025-02-29", "invalid_date", True),
    ("engagements.*", 5, "invalid_type", False),
    ("current_tier", "bronze", "invalid_value", True),
    ("verified_on", "yesterday", "invalid_date", True),
]


def generate(plaudit, *args):
    out = subprocess.run([plaudit, "generate", "--seed", "7", "--as-of", AS_OF, *args, "-o", "-"],
                         check=True, capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def spots(advocate, field):
    """The concrete paths (`consents.2.on`) `field` (`consents.*.on`) names in `advocate`."""
    head, star, tail = field.partition(".*")
    if not star:
        return [field]
    items = advocate.get(head) or []
    return [f"{head}.{i}{tail}" for i in range(len(items))]


def broken(advocate, path, value):
    doc = copy.deepcopy(advocate)
    *parents, last = path.split(".")
    node = doc
    for p in parents:
        node = node[int(p)] if isinstance(node, list) else node.setdefault(p, {})
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return doc


def record_path(path):
    """`consents.2.on` as the record names it: `consents[2].on`."""
    out = ""
    for part in path.split("."):
        out += f"[{part}]" if part.isdigit() else (f".{part}" if out else part)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir", type=pathlib.Path)
    ap.add_argument("--plaudit", default="target/debug/plaudit")
    args = ap.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    advocates = generate(args.plaudit, "--advocates", str(ADVOCATES))
    requests = generate(args.plaudit, "--requests", str(REQUESTS))
    rng = random.Random(SEED)
    mutants = []
    while len(mutants) < MUTANTS:
        i = rng.randrange(len(advocates))
        field, value, code, table = rng.choice(MUTATIONS)
        options = spots(advocates[i], field)
        if not options:
            continue
        path = rng.choice(options)
        # Each copy its own id, so that a roster of them holds no duplicate.
        copy_ = dict(advocates[i], id=f"m{len(mutants)}-{advocates[i]['id']}")
        mutants.append({
            "name": f"mutant {len(mutants)} (advocate {i}): {path} = {json.dumps(value)[:20]}",
            "advocate": broken(copy_, path, value),
            "path": record_path(path), "code": code, "table": table,
        })
    (args.dir / "advocates.json").write_text(json.dumps(advocates) + "\n")
    (args.dir / "advocates.jsonl").write_text("".join(json.dumps(a) + "\n" for a in advocates))
    (args.dir / "requests.jsonl").write_text("".join(json.dumps(q) + "\n" for q in requests))
    (args.dir / "cases.json").write_text(json.dumps({"as_of": AS_OF, "mutants": mutants}) + "\n")
    print(f"{len(advocates)} advocates, {len(requests)} requests, {len(mutants)} mutants in {args.dir}")


if __name__ == "__main__":
    main()
