"""The examples in the package's docstrings run and give what they show."""
import doctest
import importlib

import pytest


@pytest.mark.parametrize("module", ["plaudit", "plaudit._engine", "plaudit._roster", "plaudit._results",
                                    "plaudit._errors", "plaudit._tables"])
def test_docstring_examples(module):
    result = doctest.testmod(importlib.import_module(module))
    assert result.failed == 0
