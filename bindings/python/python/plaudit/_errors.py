"""Exceptions raised by plaudit.

Decisions are never exceptions: an ineligible advocate is a result with reasons. These are
raised only for bad input (a bad policy, bad records, a bad argument), and every one lists
*all* the problems found, each with the path of the field it is about.
"""

from __future__ import annotations

import sys
from typing import Any, Dict, List, Optional

if sys.version_info >= (3, 11):
    from typing import NotRequired, TypedDict
else:  # pragma: no cover - older Pythons
    from typing_extensions import NotRequired, TypedDict


class ErrorDetail(TypedDict):
    """One problem in the input."""

    path: str
    """Path of the field, e.g. ``advocates[3].consents[0].on``; empty for the whole input."""
    code: str
    """Stable code: ``out_of_range``, ``invalid_date``, ``unknown_key``, ..."""
    message: str
    """Lowercase human message; user input in backticks."""
    line: NotRequired[int]
    """1-based line in TOML/JSON text, when known."""
    column: NotRequired[int]
    """1-based column in TOML/JSON text, when known."""


class PlauditError(Exception):
    """Base of every plaudit exception. ``str(e)`` lists every problem, one per line."""

    def __init__(self, message: str, errors: Optional[List[Dict[str, Any]]] = None) -> None:
        super().__init__(message)
        self._errors: List[Dict[str, Any]] = list(errors or [])

    def errors(self) -> List[ErrorDetail]:
        """Every problem as ``{path, code, message, line?, column?}`` (a fresh copy)."""
        return [dict(e) for e in self._errors]  # type: ignore[misc]

    def __reduce__(self) -> Any:
        return (type(self), (str(self), self._errors))


class PolicyError(PlauditError, ValueError):
    """The policy is invalid: an unknown key, a value out of range, a TOML syntax error..."""


class RecordError(PlauditError, ValueError):
    """A record or argument is invalid; ``.errors()`` names every bad field by its path."""


__all__ = ["ErrorDetail", "PlauditError", "PolicyError", "RecordError"]
