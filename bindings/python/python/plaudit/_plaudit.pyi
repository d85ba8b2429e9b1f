"""Type stubs for the native module ``plaudit._plaudit`` (checked against the compiled
module by ``python -m mypy.stubtest plaudit._plaudit`` and ``tests/test_stubs.py``). Use the
``plaudit`` package: it wraps these dict results in typed objects.

Results are the engine's JSON form as Python values (dicts with keys in sorted order,
lists, ``str`` for dates); the batch methods return ``pyarrow.Table``."""

import datetime
from typing import Dict, List, Mapping, Optional, Sequence, Tuple, Union, final

import pyarrow

from ._tables import ArrowTableLike

_Date = Union[datetime.date, str]
_Json = Dict[str, object]
_Records = Union["Roster", Sequence[Mapping[str, object]]]
_Policy = Union[None, str, Mapping[str, object]]

__all__ = [
    "__version__",
    "POLICY_VERSION",
    "Engine",
    "Roster",
    "Exclusions",
    "MeasurementTables",
    "policy_schema",
    "parse_advocates",
]

__version__: str
POLICY_VERSION: int

@final
class Roster:
    def __new__(cls, advocates: Sequence[Mapping[str, object]]) -> "Roster": ...
    @staticmethod
    def from_tables(
        advocates: ArrowTableLike,
        activities: Optional[ArrowTableLike] = None,
        engagements: Optional[ArrowTableLike] = None,
        consents: Optional[ArrowTableLike] = None,
        disruptions: Optional[ArrowTableLike] = None,
        *,
        unknown_ids: str = "error",
    ) -> "Roster": ...
    def __len__(self) -> int: ...
    def __contains__(self, key: str, /) -> bool: ...
    def ids(self) -> List[str]: ...
    def get(self, id: str) -> Optional[_Json]: ...
    def clear_cache(self) -> None: ...

@final
class Exclusions:
    def __len__(self) -> int: ...
    def to_list(self) -> List[_Json]: ...
    def to_arrow(self) -> pyarrow.Table: ...

@final
class MeasurementTables:
    def rows(self, name: str) -> List[_Json]: ...
    def per_advocate(self) -> pyarrow.Table: ...
    def per_opportunity(self) -> pyarrow.Table: ...
    def kpis(self) -> pyarrow.Table: ...
    def breakdowns(self) -> pyarrow.Table: ...

@final
class Engine:
    def __new__(cls, policy: _Policy = None) -> "Engine": ...
    @property
    def fingerprint(self) -> str: ...
    @property
    def policy(self) -> _Json: ...
    def eligibility(
        self, advocate: Mapping[str, object], as_of: _Date, kind: Optional[str] = None
    ) -> _Json: ...
    def lifecycle(self, advocate: Mapping[str, object], as_of: _Date) -> _Json: ...
    def evaluate(self, advocate: Mapping[str, object], as_of: _Date) -> _Json: ...
    def check(
        self, advocate: Mapping[str, object], ask: Mapping[str, object], as_of: _Date
    ) -> _Json: ...
    def tier(self, advocate: Mapping[str, object], as_of: _Date) -> _Json: ...
    def validate_request(self, request: Mapping[str, object]) -> _Json: ...
    def rank(
        self, request: Mapping[str, object], advocates: _Records, as_of: _Date
    ) -> Tuple[_Json, Exclusions]: ...
    def assign_tiers(self, advocates: _Records, as_of: _Date) -> _Json: ...
    def coverage(
        self, advocates: _Records, targets: Sequence[Mapping[str, object]], as_of: _Date
    ) -> _Json: ...
    def measure(
        self,
        opportunities: Sequence[Mapping[str, object]],
        roster: Optional[_Records] = None,
        *,
        period: Tuple[_Date, _Date],
        as_of: _Date,
    ) -> Tuple[_Json, MeasurementTables]: ...
    def measure_table(
        self,
        opportunities: ArrowTableLike,
        roster: Optional[_Records] = None,
        *,
        period: Tuple[_Date, _Date],
        as_of: _Date,
        touches: Optional[ArrowTableLike] = None,
    ) -> Tuple[_Json, MeasurementTables]: ...
    def rank_partial(
        self,
        request: Mapping[str, object],
        advocates: _Records,
        as_of: _Date,
        exclusions: bool = False,
    ) -> str: ...
    def merge_rankings(self, request: Mapping[str, object], partials: Sequence[str]) -> _Json: ...
    def tier_rows(self, advocates: _Records, as_of: _Date) -> str: ...
    def assign_tier_rows(self, rows: Sequence[str]) -> _Json: ...
    def coverage_partial(
        self, advocates: _Records, targets: Sequence[Mapping[str, object]], as_of: _Date
    ) -> str: ...
    def merge_coverage(
        self, targets: Sequence[Mapping[str, object]], partials: Sequence[str]
    ) -> _Json: ...
    def evaluate_table(
        self,
        advocates: ArrowTableLike,
        activities: Optional[ArrowTableLike] = None,
        engagements: Optional[ArrowTableLike] = None,
        consents: Optional[ArrowTableLike] = None,
        disruptions: Optional[ArrowTableLike] = None,
        *,
        as_of: _Date,
        unknown_ids: str = "error",
        threads: Optional[int] = None,
        shares: bool = False,
    ) -> pyarrow.Table: ...
    def rank_table(
        self,
        request: Mapping[str, object],
        advocates: ArrowTableLike,
        activities: Optional[ArrowTableLike] = None,
        engagements: Optional[ArrowTableLike] = None,
        consents: Optional[ArrowTableLike] = None,
        disruptions: Optional[ArrowTableLike] = None,
        *,
        as_of: _Date,
        unknown_ids: str = "error",
    ) -> pyarrow.Table: ...

def policy_schema() -> _Json: ...
def parse_advocates(advocates: Sequence[Mapping[str, object]]) -> List[_Json]: ...
