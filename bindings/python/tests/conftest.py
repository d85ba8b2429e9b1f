import json
import pathlib

import pytest

import plaudit

ROOT = pathlib.Path(__file__).resolve().parents[3]
VECTORS = ROOT / "tests" / "vectors"


def canonical(value) -> str:
    """Canonical JSON: sorted keys, no whitespace (what the Rust and wasm suites compare)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


@pytest.fixture
def engine() -> plaudit.Engine:
    return plaudit.Engine()


def advocate(id="a1", **kw):
    a = {
        "id": id, "account_id": "acct-" + id, "industry": "software", "segment": "mid_market",
        "country": "US", "languages": ["en"], "products": ["analytics"], "use_cases": ["reporting"],
        "customer_since": "2022-01-10", "health_score": 90, "nps": 10, "nps_on": "2026-03-01",
        "has_measurable_outcome": True, "verified_on": "2026-01-15",
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


@pytest.fixture(scope="session", autouse=True)
def dask_spill_under_pytest(tmp_path_factory):
    """A Dask disk shuffle (plaudit.dask, the README's Dask example) spills into `partd`
    directories under Dask's `temporary_directory`, the system's temporary folder by default,
    where a process that ends before they are collected leaves them behind: during the tests
    they go under pytest's own temporary folder, which pytest cleans up."""
    try:
        import dask
    except ImportError:
        yield
        return
    spill = tmp_path_factory.mktemp("dask-spill")
    with dask.config.set(temporary_directory=str(spill)):
        yield
