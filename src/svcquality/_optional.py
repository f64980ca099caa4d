"""Optional dependencies, imported on first use with a message that says how to get them."""

from __future__ import annotations

from types import ModuleType


def need_numpy(where: str, instead: str) -> ModuleType:
    """numpy, for the columnar paths (the ``fast`` extra); ``instead`` is the path without it."""
    try:
        import numpy as np  # noqa: PLC0415 - optional dependency, imported on first use
    except ImportError as exc:  # pragma: no cover - numpy is installed in the test env
        msg = (
            f"{where} needs numpy (the optional 'fast' extra): pip install 'svcquality[fast]'; "
            f"or {instead}"
        )
        raise ImportError(msg) from exc
    return np
