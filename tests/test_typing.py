"""A host's own code type-checks: one request's merged log passes ``mypy --strict``.

Every reader accepts the one log at run time (docs/request.md); their signatures
must say so too, or a host running mypy needs a cast at every call.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

mypy_api = pytest.importorskip("mypy.api")

HOST = textwrap.dedent(
    """
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    import svcquality as sq
    from svcquality.clock import Met, Opened
    from svcquality.feedback import FeedbackCase, Received
    from svcquality.routing import Request, Taken

    SH = ZoneInfo("Asia/Shanghai")
    t0 = datetime(2025, 6, 3, 10, 0, tzinfo=SH)
    promise = sq.Promise("card_points", {"respond": sq.Target.wall(timedelta(hours=1))})
    log: list[sq.LogEntry] = [
        Opened(t0, service="card_points"),
        Taken(t0, "柜员王敏", "branch_counter"),
        Received(t0),
        Met(t0 + timedelta(minutes=5), "respond"),
    ]
    now = t0 + timedelta(hours=1)
    sq.read_clock(promise, log, now)
    sq.due_actions(promise, [], log, now, request="REQ-1")
    sq.next_due(promise, [], log, now, request="REQ-1")
    sq.read_request(promise, log, now, request="REQ-1")
    Request("REQ-1", log=log)
    FeedbackCase("FB-1", promise, log=log)
    """
)


def test_a_merged_log_type_checks(tmp_path: Path) -> None:
    host = tmp_path / "host.py"
    host.write_text(HOST, encoding="utf-8")
    out, err, status = mypy_api.run(
        ["--strict", "--no-incremental", "--cache-dir", str(tmp_path / "cache"), str(host)]
    )
    assert status == 0, out + err
