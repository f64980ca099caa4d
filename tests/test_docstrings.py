"""Every ``>>>`` example in the library's docstrings runs and prints what it shows."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import svcquality

MODULES = sorted(
    name
    for _, name, _ in pkgutil.walk_packages(svcquality.__path__, "svcquality.")
    if name != "svcquality.pytest_plugin"
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} docstring example(s) of {name} failed"
