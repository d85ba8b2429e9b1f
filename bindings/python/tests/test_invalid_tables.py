"""The shared invalid-input cases of tests/invalid/ (see its README) through the table door
(`Engine.evaluate_table`, `Roster.from_tables`): every advocate and roster case is built as
pyarrow tables in both shapes the door reads — *nested* (one advocates table, the history as
lists of structs) and *long* (an advocates table plus one table per history, keyed by
`advocate_id`) — and must report exactly the problems the dict door reports, with the same
record paths (`advocates[0].consents[1].on`, also for a row of a long table). A case the table shapes cannot hold says why
with `skip: {"table": ...}` (both shapes) or `{"long": ...}` / `{"nested": ...}`."""
import json

import pyarrow as pa
import pytest

import plaudit
from conftest import ROOT

FOLDER = ROOT / "tests" / "invalid"
AS_OF = "2026-03-01"
ENGINE = plaudit.Engine()
HISTORY = ("activities", "engagements", "consents", "disruptions")
# The long advocates table names the preferences' fields flat.
PREFERENCES = {"activities": "preferences_activities", "public": "preferences_public",
               "reference_frequency": "reference_frequency"}


def load(name):
    cases = json.loads((FOLDER / name).read_text(encoding="utf-8"))["cases"]
    # `text` cases hold JSON only text doors can read; `pending` ones are known defects.
    return [pytest.param(c, id=c["name"]) for c in cases
            if "input" in c and "pending" not in c and "table" not in c.get("skip", {})]


def expected(case, prefix):
    def joined(path):
        return prefix + path if not path or path.startswith("[") else f"{prefix}.{path}"
    return sorted((e["code"], joined(e["path"]) if prefix else e["path"]) for e in case["errors"])


def problems(call):
    try:
        call()
    except plaudit.PlauditError as err:
        return [(e["code"], e["path"]) for e in err.errors()]
    return []


def column(values):
    """One column, its type inferred by pyarrow from the values (as a user's table would)."""
    return pa.array(values)


class Layout:
    """The tables built from records. A table names a bad cell by the record path the dict
    door gives it (`advocates[0].consents[1].on`, also for a row of a long table), but a
    column of the wrong type by column (`advocates.health_score`: one type per column; in
    the long shape by its flat name, `advocates.preferences_public`). `paths` turns a column
    into the record paths of the cells it covers, so that both doors can be compared; it
    never invents a problem a cell does not have, and leaves every other path as it is."""

    def __init__(self, docs, shape):
        self.docs, self.shape = docs, shape

    def cells(self, table, field, code):
        """The record paths of column `field` of `table`: cells holding a value, or for
        `missing_field` cells without one."""
        def wanted(holder):
            for key in field.split("."):  # `preferences.public`, `incentive.value`
                holder = holder.get(key) if isinstance(holder, dict) else None
            return (holder is not None) != (code == "missing_field")
        out = []
        if table == "advocates":
            for i, d in enumerate(self.docs):
                if wanted(d):
                    out.append(f"advocates[{i}].{field}")
            return out
        for i, d in enumerate(self.docs):
            for k, item in enumerate(d.get(table) or []):
                if table == "engagements":
                    if code != "missing_field":
                        out.append(f"advocates[{i}].engagements[{k}]")
                elif wanted(item):
                    out.append(f"advocates[{i}].{table}[{k}].{field}")
        return out

    def paths(self, found):
        out = []
        for code, path in found:
            out.extend((code, p) for p in self.path(code, path))
        return sorted(out)

    def path(self, code, path):
        head, _, field = path.partition(".")
        if head not in ("advocates", *HISTORY) or not field:
            return [path]  # a cell (`advocates[0].nps`), or the whole input
        # A column: the long shape names the nested fields flat.
        if not field.startswith("preferences."):
            for flat, nested_ in FLAT_FIELDS.items():
                field = ("." + field).replace(flat, nested_)[1:]
        table = head
        if table == "advocates" and field.split(".")[0] in HISTORY:
            table, _, field = field.partition(".")
            if not field:  # the history column itself (`advocates.consents`)
                return self.cells("advocates", table, code)
        return self.cells(table, field, code)


# The long advocates table and activities table name the nested fields flat (columns only).
FLAT_FIELDS = {
    ".preferences_activities": ".preferences.activities",
    ".preferences_public": ".preferences.public",
    ".reference_frequency": ".preferences.reference_frequency",
    ".incentive_kind": ".incentive.kind",
    ".incentive_value": ".incentive.value",
    ".incentive_currency": ".incentive.currency",
}


def nested(docs):
    """One advocates table holding every field, the history nested."""
    keys = list(dict.fromkeys(k for d in docs for k in d))
    return pa.table({k: column([d.get(k) for d in docs]) for k in keys})


def long(docs):
    """The advocates table (scalar fields, flat preferences) and one table per history list,
    its rows keyed by their advocate's id, in record order."""
    flat, history = [], {name: [] for name in HISTORY}
    for d in docs:
        row = {}
        for k, v in d.items():
            if k in HISTORY:
                for item in v:
                    history[k].append((d.get("id"), item))
            elif k == "preferences":
                for field, value in v.items():
                    row[PREFERENCES[field]] = value
            else:
                row[k] = v
        flat.append(row)
    keys = list(dict.fromkeys(k for r in flat for k in r))
    advocates = pa.table({k: column([r.get(k) for r in flat]) for k in keys})
    tables = {}
    for name, rows in history.items():
        if not rows:
            continue
        if name == "engagements":
            tables[name] = pa.table({"advocate_id": column([i for i, _ in rows]),
                                     "date": column([x for _, x in rows])})
            continue
        fields = list(dict.fromkeys(k for _, x in rows for k in x))
        cols = {"advocate_id": column([i for i, _ in rows])}
        for f in fields:
            if f == "incentive":
                # The long activities table names the incentive's fields flat.
                for sub in ("kind", "value", "currency"):
                    cols[f"incentive_{sub}"] = column([(x.get(f) or {}).get(sub) for _, x in rows])
            else:
                cols[f] = column([x.get(f) for _, x in rows])
        tables[name] = pa.table(cols)
    return advocates, tables


def evaluate(docs, shape):
    if shape == "nested":
        found = problems(lambda: ENGINE.evaluate_table(nested(docs), as_of=AS_OF))
    else:
        advocates, tables = long(docs)
        found = problems(lambda: ENGINE.evaluate_table(advocates, **tables, as_of=AS_OF))
    return Layout(docs, shape).paths(found)


def roster(docs, shape):
    if shape == "nested":
        found = problems(lambda: plaudit.Roster.from_tables(nested(docs)))
    else:
        advocates, tables = long(docs)
        found = problems(lambda: plaudit.Roster.from_tables(advocates, **tables))
    return Layout(docs, shape).paths(found)


def check(case, docs, door, shape, prefix):
    skip = case.get("skip", {})
    if shape in skip:
        pytest.skip(skip[shape])
    got, want = door(docs, shape), expected(case, prefix)
    pending = case.get("table_pending", {}).get(shape)
    if pending:
        # A known defect of the table door: it must still fail, so that the mark goes with
        # the fix.
        assert got != want, f"passes now: remove its `table_pending` mark ({pending})"
    else:
        assert got == want


@pytest.mark.parametrize("shape", ["nested", "long"])
@pytest.mark.parametrize("door", [evaluate, roster], ids=["evaluate_table", "from_tables"])
@pytest.mark.parametrize("case", load("advocates.json"))
def test_advocates(case, door, shape):
    check(case, [case["input"]], door, shape, "advocates[0]")


@pytest.mark.parametrize("shape", ["nested", "long"])
@pytest.mark.parametrize("door", [evaluate, roster], ids=["evaluate_table", "from_tables"])
@pytest.mark.parametrize("case", load("rosters.json"))
def test_rosters(case, door, shape):
    check(case, case["input"], door, shape, "")
