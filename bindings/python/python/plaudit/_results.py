"""Typed, immutable results.

Each result is a frozen dataclass built from the engine's serde output (the same JSON the
Rust core and the wasm binding produce). ``to_dict()`` returns exactly that JSON form (dates
as ``YYYY-MM-DD`` strings, absent optional fields left out), so results can be stored,
compared across languages or turned into DataFrames; attributes are typed (dates as
``datetime.date``, lists as tuples).

Adding a result type for a new core operation is declaring its dataclass here; the generic
builder (``_build``) reads the field annotations and writes each class's constructor once.
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


def _expression(tp: Any, env: Dict[str, Any]) -> str:
    """The Python expression turning one JSON value ``v`` (never ``None``) into the annotated
    attribute type; names it needs are added to ``env``."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is typing.Union:  # Optional[X]: None is handled by the caller
        inner = [a for a in args if a is not type(None)]
        return _expression(inner[0], env) if len(inner) == 1 else "v"
    if origin in (tuple, Tuple):
        if not args or _expression(args[0], env) == "v":
            return "tuple(v)"
        item = f"_item{len(env)}"
        env[item] = eval(f"lambda v: {_expression(args[0], env)}", env)  # noqa: S307
        return f"tuple(map({item}, v))"
    if tp is _dt.date:
        env["_date"] = _dt.date.fromisoformat
        return "_date(v)"
    if isinstance(tp, type) and issubclass(tp, Result):
        name = f"_build_{tp.__name__}"
        env[name] = lambda v, tp=tp: _builder(tp)(v)
        return f"{name}(v)"
    return "v"


def _builder(cls: Type[T]) -> Callable[[Dict[str, Any]], T]:
    """The constructor of ``cls`` from the engine's dict, generated once per class (the
    way ``dataclasses`` writes ``__init__``): one line per field, converters inlined, slots
    written through their descriptors (the dataclass is frozen)."""
    b = cls.__dict__.get("_compiled")
    if b is not None:
        return b  # type: ignore[no-any-return]
    hints = typing.get_type_hints(cls)
    env: Dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    lines = ["def build(raw):", "    obj = _new(_cls)", "    get = raw.get"]
    names = [f.name for f in dataclasses.fields(cls)]  # type: ignore[arg-type]
    for k, name in enumerate(names):
        env[f"_set{k}"] = _setter(cls, name)
        if name == "_raw":
            lines.append(f"    _set{k}(obj, raw)")
            continue
        expr = _expression(hints[name], env)
        lines.append(f"    v = get({name!r})")
        if expr == "v":
            lines.append(f"    _set{k}(obj, v)")
        else:
            lines.append(f"    _set{k}(obj, None if v is None else {expr})")
    lines.append("    return obj")
    exec("\n".join(lines), env)  # noqa: S102
    b = env["build"]
    type.__setattr__(cls, "_compiled", b)
    return b  # type: ignore[no-any-return]


def _setter(cls: type, name: str) -> Callable[[Any, Any], None]:
    """Writes attribute ``name`` of a ``cls`` past the frozen dataclass's ``__setattr__``:
    the slot's own descriptor when there is one."""
    slot = cls.__dict__.get(name)
    if slot is not None and hasattr(slot, "__set__"):
        return slot.__set__  # type: ignore[no-any-return]
    return lambda obj, v: object.__setattr__(obj, name, v)


def _build(cls: Type[T], raw: Dict[str, Any]) -> T:
    """Builds ``cls`` from the engine's dict (absent optional fields become ``None``)."""
    return _builder(cls)(raw)


def _raw_field() -> Any:
    return dataclasses.field(default=None, repr=False, compare=False, hash=False)


@dataclasses.dataclass(**_FROZEN)
class ReadinessComponents(Result):
    """Readiness components, each in 0..=1 (docs/rules.md#eligibility-and-readiness)."""

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
    """Whether an advocate may advocate at all (docs/rules.md#eligibility-and-readiness), and how ready they are."""

    eligible: bool
    """No gate failed."""
    reasons: Tuple[str, ...]
    """Every failed gate's reason code, sorted (e.g. ``health_below_minimum``)."""
    tenure_months: Optional[int]
    """Whole months from ``customer_since`` to ``as_of`` (negative before it); ``None`` for
    an erased advocate (erased means erased: only ``reasons == ("erased",)``)."""
    nps: Optional[int]
    """The NPS used; ``None`` when missing, stale or dated after ``as_of``."""
    readiness: Optional[Readiness]
    """The readiness score and components; ``None`` for an erased advocate."""
    _raw: Dict[str, Any] = _raw_field()


@dataclasses.dataclass(**_FROZEN)
class Lifecycle(Result):
    """The lifecycle of an advocate as of a date (docs/rules.md#lifecycle)."""

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
    """The verdict on one ask (docs/rules.md#consent-and-compliance, #fatigue-and-tiers, #rules-beyond-the-seeds): may this advocate be asked for this kind
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
    """The request form's checks (docs/rules.md#request-validation)."""

    ok: bool
    errors: Tuple[Dict[str, Any], ...]
    """``{field, code, message}`` each, ``field`` a JSON-pointer-like path."""
    warnings: Tuple[Dict[str, Any], ...]
    _raw: Dict[str, Any] = _raw_field()


@dataclasses.dataclass(**_FROZEN)
class Ranking(Result):
    """The answer to a request (docs/rules.md#matching-and-ranking): matches, near misses, every exclusion."""

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
    """Tiers for a whole roster with the population shares (docs/rules.md#fatigue-and-tiers)."""

    policy: str
    base: int
    shares_enforced: bool
    advocates: Tuple[Dict[str, Any], ...]
    _raw: Dict[str, Any] = _raw_field()


@dataclasses.dataclass(**_FROZEN)
class Portfolio(Result):
    """Coverage, tier mix, concentration and enrollment (docs/rules.md#portfolio-views)."""

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


@dataclasses.dataclass(**_FROZEN)
class Measurement(Result):
    """Whether the program works over a period (see docs/measurement.md): attribution per
    advocate and per opportunity, the KPIs and their breakdowns, the funnel, outreach
    experiments, the scorecard and warnings. Money is exact: ``{"amount": "12.34",
    "units": 1234}`` (minor units), keyed by currency where several may appear."""

    policy: str
    attribution: str
    """The attribution model used (``linear``, ``first_touch``, ``last_touch``, ``time_decay``)."""
    currency: str
    period: Dict[str, Any]
    per_advocate: Tuple[Dict[str, Any], ...]
    """Per advocate: ``id``, ``attributed`` (per currency), ``deals_influenced``, ..."""
    per_opportunity: Tuple[Dict[str, Any], ...]
    """Per opportunity: ``id``, ``stage``, ``amount``, ``currency``, ``credits``, ..."""
    kpis: Dict[str, Any]
    breakdowns: Tuple[Dict[str, Any], ...]
    """Per dimension (segment, region, industry, product): rows of KPIs by key."""
    funnel: Optional[Dict[str, Any]]
    """``None`` without a roster."""
    experiments: Tuple[Dict[str, Any], ...]
    scorecard: Dict[str, Any]
    warnings: Tuple[Dict[str, Any], ...]
    _raw: Dict[str, Any] = _raw_field()

    def __getitem__(self, key: str) -> Any:
        return copy.deepcopy(self._raw[key])

    _tables: Any = _raw_field()

    def _native_tables(self) -> Any:
        if self._tables is None:
            raise ValueError("this Measurement was not made by Engine.measure: it has no tables")
        return self._tables

    def per_advocate_table(self) -> Any:
        """``per_advocate`` as a ``pyarrow.Table``, one row per advocate and currency
        credited (``currency`` null for an advocate credited nothing, every figure null for
        an erased advocate): ``id``, ``currency``, ``attributed_units`` (minor units,
        exact), ``attributed`` (decimal text), ``deals_influenced``, ``deals_won``,
        ``referrals_sourced``, ``referrals_won`` and ``erased``."""
        return self._native_tables().per_advocate()

    def per_opportunity_table(self) -> Any:
        """``per_opportunity`` as a ``pyarrow.Table``, one row per opportunity: ``id``,
        ``stage``, ``currency``, ``amount_units``, ``created_in_period``,
        ``closed_in_period`` and ``credits`` (a list of ``{advocate_id, units}``, adding up
        to the amount of a won deal)."""
        return self._native_tables().per_opportunity()

    def kpis_table(self) -> Any:
        """``kpis`` as a ``pyarrow.Table``, one row per KPI (per currency for money): ``kpi``,
        ``currency``, ``numerator`` and ``denominator`` (rates and counts), ``units`` and
        ``total_units`` (money in minor units: an amount, or a share's part and whole) and
        ``value`` (the rate, share, lift, reduction or median; null for "no data"). The
        roster's KPIs follow the opportunities' when a roster was given."""
        return self._native_tables().kpis()

    def breakdowns_table(self) -> Any:
        """``breakdowns`` as a ``pyarrow.Table``: the :meth:`kpis_table` rows of every
        breakdown row, after ``dimension`` (``segment``, ``region``, ``industry``,
        ``product``) and ``key`` (null for deals without one)."""
        return self._native_tables().breakdowns()


def _measurement(raw: Dict[str, Any], tables: Any) -> Measurement:
    """A :class:`Measurement` from the engine's dict and its native tables' maker."""
    m = _build(Measurement, raw)
    _setter(Measurement, "_tables")(m, tables)
    return m


__all__ = [
    "Check",
    "Eligibility",
    "Evaluation",
    "Lifecycle",
    "Measurement",
    "Portfolio",
    "Ranking",
    "Readiness",
    "ReadinessComponents",
    "RequestValidation",
    "Result",
    "TierAssignment",
]
