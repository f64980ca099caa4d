"""Shared pytest configuration: the hypothesis profiles.

``SVCQUALITY_FUZZ=long`` selects the fuzz suite's long run (``tests/fuzz``):
every hypothesis test takes 5,000 examples and has no deadline; the default
keeps the fuzz tests at their CI budgets (see ``tests/fuzz/laws.py`` and
docs/how-to/testing.md).

The default and CI profiles are derandomized: every run draws the same examples,
so a red run is the code's doing and reproduces anywhere. New examples come from
the long run, which draws afresh each time.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("default", deadline=None, derandomize=True)
settings.register_profile(
    "ci",
    deadline=None,
    max_examples=200,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", deadline=None, max_examples=30)
settings.register_profile(
    "fuzz-long",
    deadline=None,
    max_examples=5_000,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

_FUZZ = os.environ.get("SVCQUALITY_FUZZ", "")
if _FUZZ not in ("", "long"):
    msg = f"SVCQUALITY_FUZZ={_FUZZ!r}: use 'long' for the fuzz suite's long run, or leave it unset"
    raise RuntimeError(msg)
if _FUZZ == "long":
    settings.load_profile("fuzz-long")
else:
    settings.load_profile("ci" if os.environ.get("CI") else "default")
