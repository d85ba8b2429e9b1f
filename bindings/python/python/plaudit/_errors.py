"""Exceptions raised by plaudit.

Decisions are never exceptions: an ineligible advocate is a result with reasons. These are
raised only for bad input (a bad policy, bad records, a bad argument), and every one lists
*all* the problems found, each with the path of the field it is about.
"""

from __future__ import annotations

import datetime as _dt
import re
import sys
from typing import Dict, Iterable, List, Mapping, Optional, Tuple, Union

if sys.version_info >= (3, 11):
    from typing import NotRequired, TypedDict
else:  # pragma: no cover - older Pythons
    from typing_extensions import NotRequired, TypedDict

Loc = Tuple[Union[str, int], ...]
"""A path as a tuple: keys as ``str``, list indices as ``int``."""

MAX_INPUT_CHARS = 80
"""Longest ``input`` text kept whole; longer strings (and container summaries) are cut to
this many characters, ending with ``...``."""


class ErrorDetail(TypedDict):
    """One problem in the input (the fields of pydantic's error details, and a path)."""

    path: str
    """Path of the field, e.g. ``advocates[3].consents[0].on``; empty for the whole input."""
    loc: Loc
    """The path as a tuple, e.g. ``("advocates", 3, "consents", 0, "on")``; ``()`` for the
    whole input."""
    code: str
    """Stable code: ``out_of_range``, ``invalid_date``, ``unknown_key``, ..."""
    message: str
    """Lowercase human message; user input in backticks."""
    input: NotRequired[object]
    """The offending value, when the call was given it as a Python value: numbers, booleans,
    ``None`` and dates as they are; strings longer than 80 characters cut to 80 ending with
    ``...``; lists, dicts and other objects summarised as text of at most 80 characters.
    Absent when the value does not exist (a missing field) or was not a Python value (a
    cell of an Arrow table, a line of TOML text)."""
    line: NotRequired[int]
    """1-based line in TOML/JSON text, when known."""
    column: NotRequired[int]
    """1-based column in TOML/JSON text, when known."""


_STEP = re.compile(r"\[(\d+)\]|\.?([^.\[\]]+)")


def loc_of(path: str) -> Loc:
    """``advocates[3].consents[0].on`` as ``("advocates", 3, "consents", 0, "on")``."""
    return tuple(int(i) if i else k for i, k in _STEP.findall(path))


def path_of(loc: Iterable[Union[str, int]]) -> str:
    """The inverse of :func:`loc_of`: ``("advocates", 3, "nps")`` as ``advocates[3].nps``."""
    out = ""
    for step in loc:
        if isinstance(step, int):
            out += f"[{step}]"
        else:
            out += f".{step}" if out else step
    return out


def _cut(text: str) -> str:
    if len(text) <= MAX_INPUT_CHARS:
        return text
    return text[: MAX_INPUT_CHARS - 3] + "..."


def _summary(value: object) -> str:
    """A short text for a container or another object: its ``repr``, built piece by piece
    so that a huge list costs only the first few items."""
    if isinstance(value, Mapping):
        start, end = "{", "}"
        items: Iterable[str] = (f"{k!r}: {_summary_item(v)}" for k, v in value.items())
    elif isinstance(value, (list, tuple)):
        start, end = ("[", "]") if isinstance(value, list) else ("(", ")")
        items = (_summary_item(v) for v in value)
    else:
        try:
            return _cut(repr(value))
        except Exception:  # a broken __repr__ must not hide the real problem
            return f"<{type(value).__name__} object>"
    text = start
    for k, item in enumerate(items):
        text += (", " if k else "") + item
        if len(text) > MAX_INPUT_CHARS:
            break
    return _cut(text + end)


def _summary_item(value: object) -> str:
    if isinstance(value, (Mapping, list, tuple)):
        return "{...}" if isinstance(value, Mapping) else "[...]"
    return _summary(value)


def shown_input(value: object) -> object:
    """The ``input`` of an error detail: scalars as they are, long strings cut, containers
    and other objects summarised (see :class:`ErrorDetail`)."""
    if value is None or isinstance(value, (bool, int, float, _dt.date)):
        return value
    if isinstance(value, str):
        return _cut(value)
    return _summary(value)


def _detail(raw: Mapping[str, object]) -> Dict[str, object]:
    d = dict(raw)
    path = d.get("path", "")
    d["path"] = path = path if isinstance(path, str) else str(path)
    d["loc"] = loc_of(path)
    if "input" in d:
        d["input"] = shown_input(d["input"])
    return d


class PlauditError(Exception):
    """Base of every plaudit exception. ``str(e)`` lists every problem, one per line;
    :meth:`errors` gives each as an :class:`ErrorDetail`, :meth:`error_count` how many."""

    def __init__(
        self, message: str, errors: Optional[Iterable[Mapping[str, object]]] = None
    ) -> None:
        super().__init__(message)
        self._errors: List[Dict[str, object]] = [_detail(e) for e in errors or ()]

    def errors(self) -> List[ErrorDetail]:
        """Every problem as ``{path, loc, code, message, input?, line?, column?}`` (a fresh
        copy)."""
        return [dict(e) for e in self._errors]  # type: ignore[misc]

    def error_count(self) -> int:
        """The number of problems (``len(self.errors())``)."""
        return len(self._errors)

    def __reduce__(self) -> Tuple[type, Tuple[str, List[Dict[str, object]]]]:
        return (type(self), (str(self), self._errors))


class PolicyError(PlauditError, ValueError):
    """The policy is invalid: an unknown key, a value out of range, a TOML syntax error..."""


class RecordError(PlauditError, ValueError):
    """A record or argument is invalid; ``.errors()`` names every bad field by its path."""


__all__ = ["ErrorDetail", "Loc", "PlauditError", "PolicyError", "RecordError"]
