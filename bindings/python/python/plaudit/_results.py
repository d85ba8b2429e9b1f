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
import sys
import typing
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional, Tuple, Type, TypeVar

from . import _plaudit

if sys.version_info >= (3, 11):
    from typing import TypedDict
else:  # pragma: no cover - older Pythons
    from typing_extensions import TypedDict

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow

_FROZEN: Dict[str, Any] = {"frozen": True, "slots": True}

T = TypeVar("T", bound="Result")

JsonDict = Dict[str, Any]
"""A JSON object as Python values (dates as ISO text): the canonical form of a result, or a
part of one whose shape is documented (docs/measurement.md, docs/policy.md) rather than
typed. Its values are ``Any`` so nested keys read without casts."""


class Result:
    """Base of every result: ``to_dict()`` and construction from the engine's output."""

    __slots__ = ()
    _raw: Dict[str, Any]

    def to_dict(self) -> JsonDict:
        """The result's canonical JSON form (a fresh copy): what every Plaudit binding
        returns for the same input."""
        return copy.deepcopy(self._raw)


class _Row(Result):
    """A typed row that was a dict in earlier versions: ``row["key"]`` still gives the
    field's JSON value (dates as ISO text), for code written then."""

    __slots__ = ()

    def __getitem__(self, key: str) -> object:
        return copy.deepcopy(self._raw[key])

    def get(self, key: str, default: object = None) -> object:
        """``row[key]``, or ``default`` when the JSON form has no such key."""
        return copy.deepcopy(self._raw[key]) if key in self._raw else default


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
class TierStatus(_Row):
    """One advocate's participation tier as of a date, with demotion grace
    (docs/rules.md#fatigue-and-tiers); before the population shares."""

    tier: str
    """The effective tier: ``platinum``, ``gold``, ``silver`` or ``community``."""
    computed: str
    """The tier the rule gives as of the date, without grace."""
    in_grace: bool
    """Grace keeps the advocate above ``computed``."""
    completed_in_window: int
    """Completed counted activities in the window ending at the date."""
    points: float
    """Participation points in that window."""
    touch: str
    """The tier's touch model (``high_touch``, ``standard``, ``automated``, ``self_service``)."""
    _raw: Dict[str, Any] = _raw_field()


@dataclasses.dataclass(**_FROZEN)
class Capacity(_Row):
    """Asks used and left under the annual cap (docs/rules.md#fatigue-and-tiers)."""

    counted_in_window: int
    """Counted activities (completed and scheduled) in the window ending at the date."""
    annual_cap: int
    """The annual cap."""
    remaining: int
    """Asks still possible: the cap minus the fullest window containing the date (future
    bookings included), at least 0."""
    _raw: Dict[str, Any] = _raw_field()


@dataclasses.dataclass(**_FROZEN)
class Evaluation(Result):
    """Everything Plaudit decides about one advocate as of a date."""

    id: str
    policy: str
    lifecycle: Lifecycle
    eligibility: Optional[Eligibility]
    """``None`` for an erased advocate."""
    tier: Optional[TierStatus]
    """The tier with demotion grace; ``None`` for an erased advocate."""
    capacity: Optional[Capacity]
    """Capacity used and remaining; ``None`` for an erased advocate."""
    next_available: Optional[Dict[str, Optional[str]]]
    """Per kind the advocate is willing to do: the next allowed date (ISO ``YYYY-MM-DD``)
    or ``None`` when only time does not lift what blocks it."""
    warnings: Tuple[str, ...]
    excluded: Tuple[str, ...]
    """Reasons that exclude the advocate from every ask."""
    _raw: Dict[str, Any] = _raw_field()


class FormProblem(TypedDict):
    """One problem of a request form."""

    field: str
    """The form field, a JSON-pointer-like path (``/prospect/industry``)."""
    code: str
    """Stable code (``lead_time_too_short``, ...)."""
    message: str
    """Lowercase human message."""


@dataclasses.dataclass(**_FROZEN)
class RequestValidation(Result):
    """The request form's checks (docs/rules.md#request-validation)."""

    ok: bool
    errors: Tuple[FormProblem, ...]
    """``{field, code, message}`` each, ``field`` a JSON-pointer-like path."""
    warnings: Tuple[FormProblem, ...]
    _raw: Dict[str, Any] = _raw_field()


@dataclasses.dataclass(**_FROZEN)
class MatchComponents(_Row):
    """Each component of a match's score, in 0..=1 (docs/rules.md#matching-and-ranking)."""

    industry: float
    """Exact industry 1, related 0.5."""
    segment: float
    """Exact segment 1, adjacent 0.5."""
    region: float
    """Same country 1, same region 0.5."""
    products: float
    """Jaccard similarity of products."""
    use_cases: float
    """Jaccard similarity of use cases."""
    readiness: float
    """Readiness / 100."""
    freshness: float
    """Rotation: half remaining annual capacity, half time since the last counted activity."""
    _raw: Dict[str, Any] = _raw_field()


@dataclasses.dataclass(**_FROZEN)
class Match(_Row):
    """A matched advocate, with the breakdown of its score."""

    id: str
    score: float
    """0..=100 (two decimals)."""
    components: MatchComponents
    earliest_on: _dt.date
    """The first date in ``[requested_on, needed_by]`` on which the advocate may be asked."""
    tier: str
    """Effective tier (with demotion grace)."""
    readiness: float
    """Readiness score 0..=100."""
    counted_in_window: int
    """Counted activities in the window ending at ``as_of``."""
    approvals: Tuple[str, ...]
    """Approvals needed before publishing."""
    disclosures: Tuple[str, ...]
    """Disclosures to make (``material_connection``)."""
    warnings: Tuple[str, ...]
    """Warnings that block nothing (``at_risk``, ``profile_stale``, ...)."""
    _raw: Dict[str, Any] = _raw_field()


@dataclasses.dataclass(**_FROZEN)
class Exclusion(_Row):
    """An advocate left out of a ranking, and every reason."""

    id: str
    reasons: Tuple[str, ...]
    """Every reason code, in code order."""
    next_available_on: Optional[_dt.date]
    """When time lifts every reason: the first date the advocate may be asked."""
    _raw: Dict[str, Any] = _raw_field()


@dataclasses.dataclass(**_FROZEN)
class RankSummary(_Row):
    """The counts of a ranking."""

    considered: int
    """Advocates in the roster."""
    matched: int
    """Advocates matched."""
    excluded: int
    """Advocates excluded."""
    returned: int
    """Matches returned (at most ``count``, at most ``max_per_account`` per account)."""
    by_reason: Dict[str, int]
    """Excluded advocates per reason (an advocate counts once under each of its reasons)."""
    _raw: Dict[str, Any] = _raw_field()


@dataclasses.dataclass(**_FROZEN)
class Ranking(Result):
    """The answer to a request (docs/rules.md#matching-and-ranking): matches, near misses, every exclusion.

    ``excluded`` (often most of a roster) is made only when first read: the counts per
    reason are in ``summary``, and :meth:`exclusions_table` gives the exclusions as a
    ``pyarrow.Table`` without making a Python object per advocate."""

    policy: str
    request_id: str
    matches: Tuple[Match, ...]
    """Best first."""
    near_misses: Tuple[Exclusion, ...]
    """When matches fall short: excluded advocates whose every reason time lifts, earliest
    first."""
    summary: RankSummary
    _raw: Dict[str, Any] = _raw_field()
    _native_excluded: Optional[_plaudit.Exclusions] = _raw_field()
    _excluded: Optional[Tuple[Exclusion, ...]] = _raw_field()

    @property
    def excluded(self) -> Tuple[Exclusion, ...]:
        """Every excluded advocate with all its reasons, in id order (made on first read)."""
        if self._excluded is None:
            rows = self._excluded_rows()
            build = _builder(Exclusion)
            object.__setattr__(self, "_excluded", tuple(map(build, rows)))
        return self._excluded  # type: ignore[return-value]

    def exclusions_table(self) -> "pyarrow.Table":
        """The exclusions as a ``pyarrow.Table``, one row per excluded advocate in id order:
        ``id`` (string), ``reasons`` (list of strings), ``next_available_on`` (date,
        null unless time lifts every reason)."""
        if self._native_excluded is not None and self._excluded is None:
            return self._native_excluded.to_arrow()
        import pyarrow as pa

        rows = [
            {"id": e["id"], "reasons": e["reasons"], "next_available_on": e.get("next_available_on")}
            for e in self._excluded_rows()
        ]
        return pa.Table.from_pylist(
            [dict(r, next_available_on=None if r["next_available_on"] is None
                  else _dt.date.fromisoformat(str(r["next_available_on"]))) for r in rows],
            schema=_exclusions_schema(),
        )

    def _excluded_rows(self) -> List[Dict[str, Any]]:
        """The exclusions' JSON form, kept in ``_raw`` once made."""
        raw = self._raw
        if "excluded" not in raw:
            made = [] if self._native_excluded is None else self._native_excluded.to_list()
            # Keys in sorted order, as every other result dict has them. A new dict swapped
            # in whole: a thread reading the old one meanwhile never sees it half made (two
            # threads may both make the list; either result is the same).
            raw = dict(sorted({**raw, "excluded": made}.items()))
            object.__setattr__(self, "_raw", raw)
        return raw["excluded"]  # type: ignore[no-any-return]

    def to_dict(self) -> JsonDict:
        self._excluded_rows()
        return copy.deepcopy(self._raw)

    def __reduce__(self) -> Tuple[Callable[[Dict[str, Any]], "Ranking"], Tuple[Dict[str, Any]]]:
        # Pickles as its JSON form, exclusions included (the native list does not pickle).
        return (_ranking, (self.to_dict(),))


def _ranking(raw: Dict[str, Any]) -> Ranking:
    """A ranking from its JSON form (unpickling)."""
    return _build(Ranking, raw)


def _exclusions_schema() -> "pyarrow.Schema":
    import pyarrow as pa

    return pa.schema([
        pa.field("id", pa.string(), nullable=False),
        pa.field("reasons", pa.list_(pa.field("item", pa.string(), nullable=False)), nullable=False),
        pa.field("next_available_on", pa.date32()),
    ])


@dataclasses.dataclass(**_FROZEN)
class TierMix(_Row):
    """One tier of the mix, against its share targets (docs/rules.md#fatigue-and-tiers)."""

    tier: str
    count: int
    """Advocates of the base in the tier."""
    share: float
    """``count / base`` (four decimals; 0 for an empty base)."""
    min_share: Optional[float]
    """Target minimum share (``None`` for community)."""
    max_share: Optional[float]
    """Target maximum share (``None`` for community)."""
    recruiting_gap: int
    """Advocates to recruit to reach ``min_share`` (never filled by force)."""
    fell: int
    """Advocates moved down out of this tier by its share."""
    _raw: Dict[str, Any] = _raw_field()


@dataclasses.dataclass(**_FROZEN)
class AssignedTier(_Row):
    """One advocate's tier once the population shares apply."""

    id: str
    lifecycle: str
    """Lifecycle state as of the date."""
    tier: Optional[str]
    """The assigned tier; ``None`` for an erased advocate (and every field below)."""
    computed: Optional[str]
    """The tier the rule gives without grace or shares."""
    points: Optional[float]
    """Participation points in the window."""
    in_base: Optional[bool]
    """Counted in the base (not erased, opted out or inactive)."""
    in_grace: Optional[bool]
    """Demotion grace keeps the advocate above the computed tier."""
    _raw: Dict[str, Any] = _raw_field()


@dataclasses.dataclass(**_FROZEN)
class TierAssignment(Result):
    """Tiers for a whole roster with the population shares (docs/rules.md#fatigue-and-tiers)."""

    policy: str
    base: int
    """Advocates counted in the mix (not erased, opted out or inactive)."""
    shares_enforced: bool
    """Whether the shares were enforced (the base is large enough)."""
    mix: Tuple[TierMix, ...]
    """The tier mix, platinum first (as :attr:`Portfolio.tier_mix`)."""
    advocates: Tuple[AssignedTier, ...]
    """Every advocate, in id order."""
    _raw: Dict[str, Any] = _raw_field()


class LifecycleCounts(TypedDict):
    """Advocates per lifecycle state."""

    active: int
    at_risk: int
    inactive: int
    opted_out: int
    erased: int


class TargetCoverage(TypedDict):
    """One coverage target's figures."""

    target: Dict[str, object]
    """The target as given (``name``, ``needed``, ``kind`` and the segment's keys)."""
    in_segment: int
    """Advocates in the segment (any state)."""
    available: int
    """Of those, advocates who may be asked for the kind on the date."""
    gap: int
    """``needed - available``, at least 0: advocates to recruit."""


class Concentration(TypedDict):
    """Over-reliance on a few vocal advocates."""

    reference_calls: int
    busiest_advocates: int
    busiest_calls: int
    busiest_share: float


class EnrollmentCandidate(TypedDict):
    """An eligible customer not yet in the program."""

    id: str
    readiness: float
    path: str
    """The tier to invite them towards."""
    touch: str


@dataclasses.dataclass(**_FROZEN)
class Portfolio(Result):
    """Coverage, tier mix, concentration and enrollment (docs/rules.md#portfolio-views)."""

    policy: str
    advocates: int
    """Advocates in the roster."""
    base: int
    """Members counted in the tier mix (not erased, opted out or inactive)."""
    lifecycle: LifecycleCounts
    coverage: Tuple[TargetCoverage, ...]
    """Per target: ``target``, ``in_segment``, ``available``, ``gap``."""
    tier_mix: Tuple[TierMix, ...]
    concentration: Concentration
    enrollment: Tuple[EnrollmentCandidate, ...]
    """Eligible customers not yet in the program, most ready first."""
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
    period: JsonDict
    kpis: JsonDict
    breakdowns: Tuple[JsonDict, ...]
    """Per dimension (segment, region, industry, product): rows of KPIs by key."""
    funnel: Optional[JsonDict]
    """``None`` without a roster."""
    experiments: Tuple[JsonDict, ...]
    scorecard: JsonDict
    warnings: Tuple[JsonDict, ...]
    _raw: Dict[str, Any] = _raw_field()
    _tables: Any = _raw_field()
    # The per-advocate and per-opportunity rows, made from the native measurement when
    # first asked for (a million deals give hundreds of thousands of dicts); `None` when
    # `_raw` holds them.
    _lazy: Optional[Dict[str, Any]] = _raw_field()

    def _rows(self, name: str) -> Tuple[JsonDict, ...]:
        lazy = self._lazy
        if lazy is None:
            return tuple(self._raw[name])
        rows = lazy.get(name)
        if rows is None:
            rows = lazy[name] = tuple(self._tables.rows(name))
        return rows

    @property
    def per_advocate(self) -> Tuple[JsonDict, ...]:
        """Per advocate: ``id``, ``attributed`` (per currency), ``deals_influenced``, ..."""
        return self._rows("per_advocate")

    @property
    def per_opportunity(self) -> Tuple[JsonDict, ...]:
        """Per opportunity: ``id``, ``stage``, ``amount``, ``currency``, ``credits``, ..."""
        return self._rows("per_opportunity")

    def _json(self) -> JsonDict:
        """The canonical JSON form, not copied: the rows filled in where they were left
        to be made."""
        if self._lazy is None:
            return self._raw
        raw = dict(self._raw)
        for name in _LAZY_ROWS:
            raw[name] = list(self._rows(name))
        return raw

    def to_dict(self) -> JsonDict:
        return copy.deepcopy(self._json())

    def __getitem__(self, key: str) -> Any:
        if self._lazy is not None and key in _LAZY_ROWS:
            return copy.deepcopy(list(self._rows(key)))
        return copy.deepcopy(self._raw[key])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Measurement):
            return NotImplemented
        return self._json() == other._json()

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


_LAZY_ROWS = ("per_advocate", "per_opportunity")


def _measurement(raw: Dict[str, Any], tables: Any) -> Measurement:
    """A :class:`Measurement` from the engine's dict (its row lists left empty) and the
    native measurement, which makes the rows and the tables when asked."""
    m = _build(Measurement, raw)
    _setter(Measurement, "_tables")(m, tables)
    _setter(Measurement, "_lazy")(m, {})
    return m


__all__ = [
    "AssignedTier",
    "Capacity",
    "Check",
    "Concentration",
    "Eligibility",
    "EnrollmentCandidate",
    "Evaluation",
    "Exclusion",
    "FormProblem",
    "Lifecycle",
    "LifecycleCounts",
    "Match",
    "MatchComponents",
    "Measurement",
    "Portfolio",
    "RankSummary",
    "Ranking",
    "Readiness",
    "ReadinessComponents",
    "RequestValidation",
    "JsonDict",
    "Result",
    "TargetCoverage",
    "TierAssignment",
    "TierMix",
    "TierStatus",
]
