"""The Engine: a validated policy, ready to decide."""

from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path
import sys
from typing import (
    TYPE_CHECKING,
    Callable,
    Dict,
    List,
    Mapping,
    Optional,
    Sequence,
    Tuple,
    Union,
    cast,
)

from . import _plaudit
from ._results import (
    Check,
    Eligibility,
    Evaluation,
    Lifecycle,
    Measurement,
    Portfolio,
    Ranking,
    RequestValidation,
    JsonDict,
    TierAssignment,
    _build,
    _measurement,
)
from ._roster import Roster, native_roster
from ._tables import TableLike, arrow_input

if sys.version_info >= (3, 11):
    from typing import NotRequired, TypedDict
else:  # pragma: no cover - older Pythons
    from typing_extensions import NotRequired, TypedDict

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow

DateLike = Union[_dt.date, str]
"""A ``datetime.date`` (a ``datetime.datetime`` gives its date) or a ``YYYY-MM-DD`` string."""

PolicyLike = Union[None, str, Mapping[str, object]]
"""``None`` (the defaults), a dict, or TOML / JSON text."""

Record = Mapping[str, object]
"""One input record as a dict (an advocate, a request, an ask...): keys as in
docs/rules.md, *Records*; dates as ``datetime.date`` or ``YYYY-MM-DD`` text."""

RosterLike = Union[Roster, Sequence[Record]]
"""A :class:`Roster`, or a list of advocate dicts (a roster built for one call)."""


class TierInfo(TypedDict):
    """:meth:`Engine.tier`'s answer: the tier with demotion grace (every key but
    ``lifecycle``), or ``{"lifecycle": "erased"}`` alone for an erased advocate."""

    tier: NotRequired[str]
    computed: NotRequired[str]
    in_grace: NotRequired[bool]
    completed_in_window: NotRequired[int]
    points: NotRequired[float]
    touch: NotRequired[str]
    lifecycle: NotRequired[str]


def _is_table(obj: object) -> bool:
    """Whether ``obj`` is a table (anything Arrow-compatible) rather than a list of dicts."""
    module = type(obj).__module__ or ""
    return hasattr(obj, "__arrow_c_stream__") or module.startswith(("pandas", "duckdb", "polars"))


class Engine:
    """The rules engine: a validated policy and its fingerprint.

    Pure and deterministic: no clock (pass ``as_of``), no I/O, no global state. An engine is
    immutable, so one engine can serve every thread.

    >>> import plaudit
    >>> engine = plaudit.Engine({"eligibility": {"min_health_score": 70}})
    >>> engine.policy["eligibility"]["min_health_score"]
    70.0

    Raises :class:`plaudit.PolicyError` (also a ``ValueError``) listing every problem of the
    policy, each with its key path (and line and column for TOML).
    """

    __slots__ = ("_native",)
    _native: _plaudit.Engine

    def __init__(self, policy: PolicyLike = None) -> None:
        self._native = _plaudit.Engine(policy)

    @classmethod
    def from_file(cls, path: Union[str, "os.PathLike[str]"]) -> "Engine":
        """Loads a policy file (TOML, or JSON when it starts with ``{``)."""
        return cls(Path(path).read_text(encoding="utf-8"))

    @property
    def fingerprint(self) -> str:
        """The policy fingerprint every decision carries (``sha256:`` + 16 hex digits); the
        same policy gives the same fingerprint in Rust, Python and JavaScript."""
        return self._native.fingerprint

    @property
    def policy(self) -> JsonDict:
        """The effective policy, every key with its value (defaults included), as a dict."""
        return self._native.policy

    def eligibility(
        self, advocate: Record, as_of: DateLike, kind: Optional[str] = None
    ) -> Eligibility:
        """Eligibility (docs/rules.md#eligibility-and-readiness): every failed gate and the readiness score.

        ``kind`` (e.g. ``"review"``) applies per-kind rules: for reviews the NPS gate does
        not apply (no review gating). Raises :class:`plaudit.RecordError` when the advocate
        is malformed, naming every bad field.
        """
        return _build(Eligibility, self._native.eligibility(advocate, as_of, kind))

    def lifecycle(self, advocate: Record, as_of: DateLike) -> Lifecycle:
        """Lifecycle (docs/rules.md#lifecycle): ``active``, ``at_risk``, ``inactive``, ``opted_out`` or
        ``erased``, with the numbers behind it."""
        return _build(Lifecycle, self._native.lifecycle(advocate, as_of))

    def evaluate(self, advocate: Record, as_of: DateLike) -> Evaluation:
        """Everything about one advocate as of ``as_of``: lifecycle, eligibility and
        readiness, tier (with demotion grace), capacity used and remaining, and the next
        available date per kind."""
        return _build(Evaluation, self._native.evaluate(advocate, as_of))

    def check(
        self, advocate: Record, ask: Record, as_of: DateLike
    ) -> Check:
        """May this advocate be asked? ``ask`` is ``{"kind", "date", "incentive"?,
        "topic"?}``. Every blocking reason, ``next_available_on``, approvals, disclosures
        and warnings."""
        # Passed as given: a non-mapping ask is the engine's RecordError, not a TypeError.
        return _build(Check, self._native.check(advocate, ask, as_of))

    def tier(self, advocate: Record, as_of: DateLike) -> TierInfo:
        """The participation tier of one advocate (docs/rules.md#fatigue-and-tiers), with
        demotion grace, as a dict (what :attr:`Evaluation.tier` holds as an object)."""
        return self._native.tier(advocate, as_of)  # type: ignore[return-value]

    def validate_request(self, request: Record) -> RequestValidation:
        """The request form's checks (docs/rules.md#request-validation) on a raw, possibly half-filled request:
        problems are data (``ok``, ``errors``, ``warnings``), not exceptions."""
        return _build(RequestValidation, self._native.validate_request(request))

    def rank(
        self,
        request: Record,
        advocates: RosterLike,
        as_of: DateLike,
    ) -> Ranking:
        """Ranks advocates for a request (docs/rules.md#matching-and-ranking): the best ``count`` matches with their
        score breakdown, near misses, and every exclusion with all its reasons.

        ``advocates`` is a :class:`Roster` (prepared once, for many requests) or a list of
        advocate dicts (prepared for this call)."""
        head, excluded = self._native.rank(request, native_roster(advocates), as_of)
        ranking = _build(Ranking, head)
        # The exclusions stay in Rust until read (Ranking.excluded, exclusions_table()).
        object.__setattr__(ranking, "_native_excluded", excluded)
        return ranking

    def assign_tiers(
        self, advocates: RosterLike, as_of: DateLike
    ) -> TierAssignment:
        """Tiers for a whole roster (a :class:`Roster` or a list of advocate dicts),
        applying the population shares and their cascade."""
        return _build(
            TierAssignment, self._native.assign_tiers(native_roster(advocates), as_of)
        )

    def coverage(
        self,
        advocates: RosterLike,
        targets: Sequence[Record],
        as_of: DateLike,
    ) -> Portfolio:
        """The program at a glance (docs/rules.md#portfolio-views): coverage of each target, tier mix,
        concentration, lifecycle counts and enrollment candidates, over a :class:`Roster`
        or a list of advocate dicts."""
        return _build(
            Portfolio, self._native.coverage(native_roster(advocates), targets, as_of)
        )

    def measure(
        self,
        opportunities: TableLike,
        roster_or_tables: Union[None, RosterLike, TableLike] = None,
        *,
        period: Tuple[DateLike, DateLike],
        as_of: DateLike,
        touches: Optional[TableLike] = None,
    ) -> Measurement:
        """Measures the program over ``period`` (``(from, to)``, both days included), as
        of ``as_of`` (not before ``to``): attribution of won deals to the advocates who
        touched them (credits of a deal add up to its amount), the KPIs with breakdowns,
        and with a roster the funnel, outreach experiments and the roster's KPIs. See
        docs/measurement.md.

        ``opportunities`` is a list of opportunity dicts, each with its ``touches``, or an
        Arrow-compatible table (pyarrow, polars, pandas, DuckDB) with one row per
        opportunity, columns named like the fields (``id``, ``created_on``, ``closed_on``,
        ``stage``, ``amount``, ``currency``, ``segment``, ``products``...; the source as a
        ``source`` struct or ``source_kind`` / ``source_advocate_id`` columns) and its
        touches either nested (a ``touches`` list of ``{advocate_id, kind, on,
        solicited}`` structs) or in a long ``touches`` table keyed by ``opportunity_id``,
        rows in any order.

        ``roster_or_tables`` is a :class:`Roster`, a list of advocate dicts or an advocates
        table (as :meth:`Roster.from_tables` reads it). Bad input raises
        :class:`PlauditError` listing every problem with its path
        (``opportunities[2].touches[0].on``, or ``touches[17].on`` for a long table)."""
        if roster_or_tables is None or isinstance(roster_or_tables, (Roster, list, tuple)):
            roster = roster_or_tables
        else:
            roster = Roster.from_tables(roster_or_tables)
        native = None if roster is None else native_roster(roster)
        if touches is None and not _is_table(opportunities):
            deals = cast(Sequence[Record], opportunities)  # not a table: a list of dicts
            raw, tables = self._native.measure(deals, native, period=period, as_of=as_of)
        else:
            raw, tables = self._native.measure_table(
                arrow_input(opportunities, "opportunities"),
                native,
                period=period,
                as_of=as_of,
                touches=arrow_input(touches, "touches"),
            )
        return _measurement(raw, tables)

    def rank_partial(
        self,
        request: Record,
        advocates: RosterLike,
        as_of: DateLike,
        *,
        exclusions: bool = False,
    ) -> str:
        """One part's share of :meth:`rank`, as JSON text (small, to send between
        processes): its best ``count`` matches, its near-miss candidates and its counts
        (every exclusion only with ``exclusions=True``).

        The part must hold **whole accounts**: every advocate of an account in the same part
        (the account cap and ``max_per_account`` look at a whole account).
        :meth:`merge_rankings` over the parts of a roster gives exactly :meth:`rank` over
        the whole."""
        return self._native.rank_partial(
            request, native_roster(advocates), as_of, exclusions
        )

    def merge_rankings(
        self, request: Record, partials: Sequence[str]
    ) -> Ranking:
        """The ranking of a whole roster from the :meth:`rank_partial` texts of its parts
        (split by account, in any order). ``excluded`` is complete when every part was made
        with ``exclusions=True``, empty otherwise."""
        return _build(Ranking, self._native.merge_rankings(request, list(partials)))

    def tier_rows(
        self, advocates: RosterLike, as_of: DateLike
    ) -> str:
        """Each advocate's tier before the population shares, as JSON text: one small row
        per advocate (id, lifecycle, tier, computed, points, in_grace, tier_since). Any split
        of a roster works; :meth:`assign_tier_rows` applies the shares."""
        return self._native.tier_rows(native_roster(advocates), as_of)

    def assign_tier_rows(self, rows: Sequence[str]) -> TierAssignment:
        """The population shares over the :meth:`tier_rows` texts of every part of a roster:
        exactly :meth:`assign_tiers` over the whole. A repeated id is a
        :class:`RecordError`."""
        return _build(TierAssignment, self._native.assign_tier_rows(list(rows)))

    def coverage_partial(
        self,
        advocates: RosterLike,
        targets: Sequence[Record],
        as_of: DateLike,
    ) -> str:
        """One part's share of :meth:`coverage` (whole accounts per part), as JSON text:
        counts that add up, and the part's enrollment candidates."""
        return self._native.coverage_partial(
            native_roster(advocates), targets, as_of
        )

    def merge_coverage(
        self, targets: Sequence[Record], partials: Sequence[str]
    ) -> Portfolio:
        """The portfolio of a whole roster from the :meth:`coverage_partial` texts of its
        parts (split by account, same ``targets``)."""
        return _build(Portfolio, self._native.merge_coverage(targets, list(partials)))

    def evaluate_table(
        self,
        advocates: TableLike,
        activities: Optional[TableLike] = None,
        engagements: Optional[TableLike] = None,
        consents: Optional[TableLike] = None,
        disruptions: Optional[TableLike] = None,
        *,
        as_of: DateLike,
        unknown_ids: str = "error",
        threads: Optional[int] = None,
        shares: bool = False,
    ) -> "pyarrow.Table":
        """Scores a whole customer base from Arrow-compatible tables.

        Every argument is a pyarrow Table, a polars or pandas DataFrame (anything with
        ``__arrow_c_stream__``), in the long format: ``advocates`` has one row per advocate
        (columns named like the record fields: ``id``, ``customer_since``,
        ``health_score``, ``nps``, ...); ``activities`` (``advocate_id``, ``kind``,
        ``date``, ``status``, ...), ``engagements`` (``advocate_id``, ``date``),
        ``consents`` (``advocate_id``, ``purpose``, ``status``, ``on``, ``expires``) and
        ``disruptions`` (``advocate_id``, ``kind``, ``from``, ``to``) one row per record.

        Returns a pyarrow Table with one row per advocate, in input order: ``id``,
        ``eligible``, ``reasons`` (list of codes), ``readiness``, ``lifecycle``,
        ``tenure_months``, ``counted_12m`` (counted activities in the window ending at
        ``as_of``), ``remaining`` (asks still possible under the annual cap), ``tier``
        (the advocate's *individual* tier: effective, with demotion grace, but without the
        population shares), ``assigned_tier`` (only with ``shares=True``: the tier once the
        population shares apply to the whole table, exactly as :meth:`assign_tiers` gives
        it) and ``next_available_on`` (the earliest date any kind the advocate is willing to
        do may be asked). Erased advocates carry only their id and lifecycle.

        The ``advocates`` table may also carry the history itself, nested: ``activities``,
        ``consents`` and ``disruptions`` as lists of structs, ``engagements`` as a list of
        dates, ``languages``, ``products`` and ``use_cases`` as lists of strings and
        ``preferences`` as a struct (``activities``, ``public``, ``reference_frequency``).

        Long rows whose ``advocate_id`` is not in ``advocates`` are errors, or skipped with
        ``unknown_ids="ignore"``. Runs without the GIL on ``threads`` threads (default: one
        per core). Raises :class:`plaudit.RecordError` naming every bad cell by its record
        path (``advocates[3].consents[1].on``, the long table's row in the message;
        ``consents[17].advocate_id`` for a row of an unknown advocate).
        """
        return self._native.evaluate_table(
            arrow_input(advocates, "advocates"),
            arrow_input(activities, "activities"),
            arrow_input(engagements, "engagements"),
            arrow_input(consents, "consents"),
            arrow_input(disruptions, "disruptions"),
            as_of=as_of,
            unknown_ids=unknown_ids,
            threads=threads,
            shares=shares,
        )

    def rank_table(
        self,
        request: Record,
        advocates: TableLike,
        activities: Optional[TableLike] = None,
        engagements: Optional[TableLike] = None,
        consents: Optional[TableLike] = None,
        disruptions: Optional[TableLike] = None,
        *,
        as_of: DateLike,
        unknown_ids: str = "error",
    ) -> "pyarrow.Table":
        """Ranks the advocates of Arrow-compatible tables for one request.

        The tables are read as by :meth:`evaluate_table` (same long format, same errors);
        the roster is ranked exactly as :meth:`rank` ranks a list of dicts. Returns a pyarrow
        Table with one row per advocate, in input order: ``id``, ``status`` (``selected``:
        among the ``count`` returned matches; ``matched``: allowed but not returned, for
        example past the per-account limit; ``excluded``), ``position`` (1-based among the
        returned), ``score``, ``earliest_on``, ``tier``, ``reasons`` (every exclusion
        reason code), ``next_available_on`` (for exclusions time lifts) and ``near_miss``.
        The GIL is released while ranking.
        """
        return self._native.rank_table(
            request,
            arrow_input(advocates, "advocates"),
            arrow_input(activities, "activities"),
            arrow_input(engagements, "engagements"),
            arrow_input(consents, "consents"),
            arrow_input(disruptions, "disruptions"),
            as_of=as_of,
            unknown_ids=unknown_ids,
        )

    def __repr__(self) -> str:
        return f"Engine(fingerprint={self.fingerprint!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Engine) and other.fingerprint == self.fingerprint

    def __hash__(self) -> int:
        return hash(self.fingerprint)

    def __reduce__(self) -> Tuple[Callable[[PolicyLike], "Engine"], Tuple[JsonDict]]:
        # Pickles as its effective policy: the same decisions after a round trip.
        return (Engine, (self.policy,))
