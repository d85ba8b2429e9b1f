"""Plaudit: a pure, deterministic rules engine for customer advocacy programs.

Who may advocate (eligibility and readiness), whether the relationship is healthy
(lifecycle), and, as the engine grows, how often anyone may be asked, what consent and
compliance require, and which advocate fits a request. Every decision is explained with
stable reason codes and carries the policy fingerprint. The same Rust core decides in Rust,
in Python and in the browser.

>>> import plaudit
>>> engine = plaudit.Engine()
>>> advocate = {
...     "id": "adv-1", "customer_since": "2023-05-01", "health_score": 92, "nps": 10,
...     "nps_on": "2026-01-10", "has_measurable_outcome": True,
... }
>>> e = engine.eligibility(advocate, "2026-03-01")
>>> e.eligible, e.tenure_months
(True, 34)
>>> engine.lifecycle(advocate, "2026-03-01").state
'active'
"""

from __future__ import annotations

from typing import List, Mapping, Sequence

from . import _plaudit
from ._engine import DateLike, Engine, PolicyLike, Record, RosterLike, TierInfo
from ._errors import ErrorDetail, Loc, PlauditError, PolicyError, RecordError
from ._roster import Roster
from ._results import (
    AssignedTier,
    Capacity,
    Check,
    Concentration,
    Eligibility,
    EnrollmentCandidate,
    Evaluation,
    Exclusion,
    FormProblem,
    JsonDict,
    Lifecycle,
    LifecycleCounts,
    Match,
    MatchComponents,
    Measurement,
    Portfolio,
    RankSummary,
    Ranking,
    Readiness,
    ReadinessComponents,
    RequestValidation,
    Result,
    TargetCoverage,
    TierAssignment,
    TierMix,
    TierStatus,
)
from ._tables import ArrowTableLike, TableLike

__version__: str = _plaudit.__version__
POLICY_VERSION: int = _plaudit.POLICY_VERSION


def policy_schema() -> JsonDict:
    """The JSON Schema of the policy document (every key optional), for editors and UIs."""
    return _plaudit.policy_schema()


def parse_advocates(advocates: Sequence[Mapping[str, object]]) -> List[JsonDict]:
    """Validates a roster: parses, normalizes (keys in ``snake_case``, countries upper case)
    and checks every advocate and that ids are unique. Returns the normalized records.

    Raises :class:`RecordError` naming every bad field (``advocates[3].nps``).
    """
    return _plaudit.parse_advocates(advocates)


__all__ = [
    "POLICY_VERSION",
    "ArrowTableLike",
    "AssignedTier",
    "Capacity",
    "Check",
    "Concentration",
    "DateLike",
    "Eligibility",
    "Engine",
    "EnrollmentCandidate",
    "ErrorDetail",
    "Evaluation",
    "Exclusion",
    "FormProblem",
    "JsonDict",
    "Lifecycle",
    "LifecycleCounts",
    "Loc",
    "Match",
    "MatchComponents",
    "Measurement",
    "PlauditError",
    "PolicyError",
    "PolicyLike",
    "Portfolio",
    "RankSummary",
    "Ranking",
    "Readiness",
    "ReadinessComponents",
    "Record",
    "RecordError",
    "RequestValidation",
    "Result",
    "Roster",
    "RosterLike",
    "TableLike",
    "TargetCoverage",
    "TierAssignment",
    "TierInfo",
    "TierMix",
    "TierStatus",
    "__version__",
    "parse_advocates",
    "policy_schema",
]
