"""Runs every Python code block of docs/*.md and README.md as a pytest item (Sybil).

Blocks of one page share a namespace and run in order, so a page reads as one
session. Shell blocks are shown, not run.
"""

from __future__ import annotations

from sybil import Sybil
from sybil.parsers.markdown import PythonCodeBlockParser, SkipParser

pytest_collect_file = Sybil(
    parsers=[PythonCodeBlockParser(), SkipParser()],
    patterns=["*.md"],
    excludes=["CHANGELOG.md"],
).pytest()
