"""Typed, immutable results.

Each result is a frozen dataclass built from the engine's serde output (the same JSON the
Rust core and the wasm binding produce). ``to_dict()`` returns exactly that JSON form (dates
as ``YYYY-MM-DD`` strings, absent optional fields left out), so results can be stored,
compared across languages or turned into DataFrames; attributes are typed (dates as
``datetime.date``, lists as tuples).

Adding a result type for a new core operation is declaring its dataclass here; the generic
builder (``_build``) reads the field annotations.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as _dt
import typing
from typing import Any, Callable, Dict, Optional, Tuple, Type, TypeVar

_FROZEN: Dict[str, Any] = {"frozen": True, "slots": True}

T = TypeVar("T", bound="Result")


class Result:
    """Base of every result: ``to_dict()`` and construction from the engine's output."""

    __slots__ = ()
    _raw: Dict[str, Any]

    def to_dict(self) -> Dict[str, Any]:
        """The result's canonical JSON form (a fresh copy): what every Plaudit binding
        returns for the same input."""
        return copy.deepcopy(self._raw)


def _converter(tp: Any) -> Callable[[Any], Any]:
    """How to turn one JSON value into the annotated attribute type."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is typing.Union:  # Optional[X]
        inner = [a for a in args if a is not type(None)]
        conv = _converter(inner[0]) if len(inner) == 1 else (lambda v: v)
        return lambda v: None if v is None else conv(v)
    if origin in (tuple, Tuple):
        item = _converter(args[0]) if args else (lambda v: v)
        return lambda v: tuple(item(x) for x in v)
    if tp is _dt.date:
        return _dt.date.fromisoformat
    if isinstance(tp, type) and issubclass(tp, Result):
        return lambda v: _build(tp, v)
    return lambda v: v


def _builders(cls: Type[Result]) -> Tuple[Tuple[str, Callable[[Any], Any]], ...]:
    b = cls.__dict__.get("_compiled")
    if b is None:
        hints = typing.get_type_hints(cls)
        b = tuple(
            (f.name, _converter(hints[f.name]))
            for f in dataclasses.fields(cls)  # type: ignore[arg-type]
            if f.name != "_raw"
        )
        type.__setattr__(cls, "_compiled", b)
    return b  # type: ignore[no-any-return]


def _build(cls: Type[T], raw: Dict[str, Any]) -> T:
    """Builds ``cls`` from the engine's dict (absent optional fields become ``None``)."""
    obj = object.__new__(cls)
    for name, conv in _builders(cls):
        v = raw.get(name)
        object.__setattr__(obj, name, None if v is None else conv(v))
    object.__setattr__(obj, "_raw", raw)
    return obj


def _raw_field() -> Any:
    return dataclasses.field(default=None, repr=False, compare=False, hash=False)


@dataclasses.dataclass(**_FROZEN)
class ReadinessComponents(Result):
    """Readiness components, each in 0..=1 (SPEC §2)."""

    health: float
    """``health_score / 100``."""
    nps: float
    """``nps / 10``; 0 when missing or stale."""
    tenure: float
    """``min(1, months / 36)``."""
    engagement: float
    """``min(1, engagement events in the last 60 days / 6)``."""
    outcome: float
    """1 with a measurable outcome, else 0."""
    influence: float
    """The influence level's score; 0 when unknown."""
    _raw: Dict[str, Any] = _raw_field()


@dataclasses.dataclass(**_FROZEN)
class Readiness(Result):
    """The readiness score (0..=100, two decimals) and its components."""

    score: float
    components: ReadinessComponents
    _raw: Dict[str, Any] = _raw_field()


@dataclasses.dataclass(**_FROZEN)
class Eligibility(Result):
    """Whether an advocate may advocate at all (SPEC §2), and how ready they are."""

    eligible: bool
    """No gate failed."""
    reasons: Tuple[str, ...]
    """Every failed gate's reason code, sorted (e.g. ``health_below_minimum``)."""
    tenure_months: int
    """Whole months from ``customer_since`` to ``as_of`` (negative before it)."""
    nps: Optional[int]
    """The NPS used; ``None`` when missing, stale or dated after ``as_of``."""
    readiness: Readiness
    _raw: Dict[str, Any] = _raw_field()


@dataclasses.dataclass(**_FROZEN)
class Lifecycle(Result):
    """The lifecycle of an advocate as of a date (SPEC §3)."""

    state: str
    """``active``, ``at_risk``, ``inactive``, ``opted_out`` or ``erased``."""
    latest_touch: Optional[_dt.date]
    """The latest engagement, completed activity or consent grant on or before ``as_of``."""
    recent_engagements: int
    """Engagement events in ``(as_of - 60, as_of]``."""
    prior_engagements: int
    """Engagement events in ``(as_of - 120, as_of - 60]``."""
    _raw: Dict[str, Any] = _raw_field()


@dataclasses.dataclass(**_FROZEN)
class Check(Result):
    """The verdict on one ask (SPEC §4, §5, §12): may this advocate be asked for this kind
    on this date?"""

    allowed: bool
    """No blocking reason."""
    reasons: Tuple[str, ...]
    """Every blocking reason code, sorted."""
    next_available_on: Optional[_dt.date]
    """The first date on or after the ask's on which it is allowed, when only reasons time
    lifts block it; ``None`` otherwise."""
    missing_consents: Tuple[str, ...]
    """With ``consent_missing``: the purposes missing on the date."""
    approvals: Tuple[str, ...]
    """Approvals needed before publishing."""
    disclosures: Tuple[str, ...]
    """Disclosures to make (``material_connection``)."""
    warnings: Tuple[str, ...]
    """Warnings that block nothing (``at_risk``, ``profile_stale``, ...)."""
    policy: str
    """The policy fingerprint."""
    _raw: Dict[str, Any] = _raw_field()


@dataclasses.dataclass(**_FROZEN)
class Evaluation(Result):
    """Everything Plaudit decides about one advocate as of a date."""

    id: str
    policy: str
    lifecycle: Lifecycle
    eligibility: Optional[Eligibility]
    """``None`` for an erased advocate."""
    tier: Optional[Dict[str, Any]]
    """``tier``, ``computed``, ``in_grace``, ``completed_in_window``, ``points``, ``touch``."""
    capacity: Optional[Dict[str, Any]]
    """``counted_in_window``, ``annual_cap``, ``remaining``."""
    next_available: Optional[Dict[str, Any]]
    """Per kind the advocate is willing to do: the next allowed date (ISO) or ``None``."""
    warnings: Tuple[str, ...]
    excluded: Tuple[str, ...]
    """Reasons that exclude the advocate from every ask."""
    _raw: Dict[str, Any] = _raw_field()


@dataclasses.dataclass(**_FROZEN)
class RequestValidation(Result):
    """The request form's checks (SPEC §7)."""

    ok: bool
    errors: Tuple[Dict[str, Any], ...]
    """``{field, code, message}`` each, ``field`` a JSON-pointer-like path."""
    warnings: Tuple[Dict[str, Any], ...]
    _raw: Dict[str, Any] = _raw_field()


@dataclasses.dataclass(**_FROZEN)
class Ranking(Result):
    """The answer to a request (SPEC §6): matches, near misses, every exclusion."""

    policy: str
    request_id: str
    matches: Tuple[Dict[str, Any], ...]
    """Best first: ``id``, ``score``, ``components``, ``earliest_on``, ``tier``, ..."""
    near_misses: Tuple[Dict[str, Any], ...]
    excluded: Tuple[Dict[str, Any], ...]
    """Every excluded advocate with all its reasons, in id order."""
    summary: Dict[str, Any]
    _raw: Dict[str, Any] = _raw_field()


@dataclasses.dataclass(**_FROZEN)
class TierAssignment(Result):
    """Tiers for a whole roster with the population shares (SPEC §5)."""

    policy: str
    base: int
    shares_enforced: bool
    advocates: Tuple[Dict[str, Any], ...]
    _raw: Dict[str, Any] = _raw_field()


@dataclasses.dataclass(**_FROZEN)
class Portfolio(Result):
    """Coverage, tier mix, concentration and enrollment (SPEC §8)."""

    policy: str
    advocates: int
    """Advocates in the roster."""
    base: int
    """Members counted in the tier mix (not erased, opted out or inactive)."""
    lifecycle: Dict[str, Any]
    coverage: Tuple[Dict[str, Any], ...]
    """Per target: ``target``, ``in_segment``, ``available``, ``gap``, ..."""
    tier_mix: Tuple[Dict[str, Any], ...]
    concentration: Dict[str, Any]
    enrollment: Tuple[Dict[str, Any], ...]
    _raw: Dict[str, Any] = _raw_field()

    def __getitem__(self, key: str) -> Any:
        return copy.deepcopy(self._raw[key])


__all__ = [
    "Check",
    "Eligibility",
    "Evaluation",
    "Lifecycle",
    "Portfolio",
    "Ranking",
    "Readiness",
    "ReadinessComponents",
    "RequestValidation",
    "Result",
    "TierAssignment",
]
