"""A prepared roster, kept between calls."""

from __future__ import annotations

from typing import Dict, List, Mapping, Optional, Sequence, Union

from . import _plaudit
from ._results import JsonDict
from ._tables import TableLike, arrow_input


class Roster:
    """Advocates prepared once — parsed, normalized, validated (unique ids) and packed for
    the population operations — to pass to :meth:`Engine.rank`, :meth:`Engine.assign_tiers`
    and :meth:`Engine.coverage` as many times as needed.

    Passing a list of dicts to those methods builds a roster for that one call. A kept
    ``Roster`` skips the parsing, and keeps what ranking computes for a date (lifecycle,
    eligibility gates, the capacity intervals of each kind asked): every request of a day
    after the first ranks only the request's own part. Results are exactly the same either
    way. A roster is immutable and safe to share between threads.

    >>> import plaudit
    >>> roster = plaudit.Roster([
    ...     {"id": "a-1", "customer_since": "2022-01-10", "health_score": 91},
    ...     {"id": "a-2", "customer_since": "2024-03-01", "health_score": 64},
    ... ])
    >>> len(roster), "a-2" in roster, roster.ids()
    (2, True, ['a-1', 'a-2'])

    Raises :class:`RecordError` naming every bad field (``advocates[1].health_score``) or
    a repeated id.
    """

    __slots__ = ("_native",)
    _native: _plaudit.Roster

    def __init__(self, advocates: Sequence[Mapping[str, object]]) -> None:
        self._native = _plaudit.Roster(advocates)

    @classmethod
    def from_tables(
        cls,
        advocates: TableLike,
        activities: Optional[TableLike] = None,
        engagements: Optional[TableLike] = None,
        consents: Optional[TableLike] = None,
        disruptions: Optional[TableLike] = None,
        *,
        unknown_ids: str = "error",
    ) -> "Roster":
        """A roster from Arrow-compatible tables (pyarrow, polars, pandas, DuckDB) in the
        long format of :meth:`Engine.evaluate_table`: one row per advocate, and one row per
        activity, engagement, consent or disruption joined by ``advocate_id``."""
        obj = cls.__new__(cls)
        obj._native = _plaudit.Roster.from_tables(
            arrow_input(advocates, "advocates"),
            arrow_input(activities, "activities"),
            arrow_input(engagements, "engagements"),
            arrow_input(consents, "consents"),
            arrow_input(disruptions, "disruptions"),
            unknown_ids=unknown_ids,
        )
        return obj

    def __len__(self) -> int:
        return len(self._native)

    def __contains__(self, advocate_id: object) -> bool:
        return isinstance(advocate_id, str) and advocate_id in self._native

    def ids(self) -> List[str]:
        """The advocates' ids, in input order."""
        return self._native.ids()

    def get(self, advocate_id: str) -> Optional[JsonDict]:
        """One advocate's normalized record, or ``None``."""
        return self._native.get(advocate_id)

    def clear_cache(self) -> None:
        """Drops what the roster kept from earlier calls (memory; it is rebuilt when next
        needed). Results never depend on it."""
        self._native.clear_cache()

    def __repr__(self) -> str:
        return f"Roster({len(self)} advocates)"


def native_roster(
    advocates: Union[Roster, Sequence[Mapping[str, object]]],
) -> Union[_plaudit.Roster, Sequence[Mapping[str, object]]]:
    """What the native engine takes for a roster argument."""
    return advocates._native if isinstance(advocates, Roster) else advocates
