"""Type stubs for the native module ``plaudit._plaudit`` (checked against the compiled
module by ``tests/test_stubs.py``). Use the ``plaudit`` package: it wraps these dict results
in typed objects."""

from typing import Any, Dict, List, Optional

__version__: str
POLICY_VERSION: int

class Engine:
    def __new__(cls, policy: Any = None) -> "Engine": ...
    @property
    def fingerprint(self) -> str: ...
    @property
    def policy(self) -> Dict[str, Any]: ...
    def eligibility(self, advocate: Any, as_of: Any, kind: Optional[str] = None) -> Dict[str, Any]: ...
    def lifecycle(self, advocate: Any, as_of: Any) -> Dict[str, Any]: ...
    def evaluate_table(
        self,
        advocates: Any,
        activities: Any = None,
        engagements: Any = None,
        consents: Any = None,
        disruptions: Any = None,
        *,
        as_of: Any,
        unknown_ids: str = "error",
        threads: Optional[int] = None,
    ) -> Any: ...

def policy_schema() -> Dict[str, Any]: ...
def parse_advocates(advocates: Any) -> List[Dict[str, Any]]: ...
