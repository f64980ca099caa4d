"""A strategy for calls: valid ones for the KPI accumulators, and, on request, the
invalid ones an accumulator must count as rejected."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from svcquality._instants import from_micros
from svcquality.kpi import Call

#: Zones :func:`calls` draws instants in: a wait is real elapsed time, so a call
#: may arrive in one zone and be answered in another (a DST zone, an odd offset).
CALL_ZONES = (
    timezone.utc,
    ZoneInfo("Asia/Shanghai"),
    ZoneInfo("America/New_York"),
    timezone(timedelta(hours=-3, minutes=-30)),
)
#: 2025-03-09 00:00 UTC: New York springs forward that day, so waits cross DST.
_CALLS_START = 1_741_478_400_000_000
_S = 1_000_000


def calls(
    *,
    invalid: bool = False,
    max_wait: timedelta = timedelta(seconds=60),
) -> st.SearchStrategy[Call]:
    """Calls for the KPI accumulators (:class:`svcquality.kpi.Call`).

    A valid call arrives on 2025-03-09 (New York's spring-forward day) and is
    either answered or abandoned after a wait of zero to ``max_wait``, in whole
    seconds or odd microseconds around the usual 15-second threshold; its three
    instants are drawn in mixed zones (:data:`CALL_ZONES`). With ``invalid``,
    about one call in three is one an accumulator must reject: answered or
    abandoned before it arrived, both answered and abandoned, neither, without
    an arrival, or with a naive instant. Shrinks towards a call answered at
    once, in UTC.

    Args:
        invalid: also draw calls the KPIs must count as rejected.
        max_wait: the longest wait (at least one second).
    """
    if not isinstance(max_wait, timedelta) or max_wait < timedelta(seconds=1):
        msg = f"max_wait={max_wait!r} must be a timedelta of at least one second"
        raise InvalidArgument(msg)
    return _calls(bool(invalid), int(max_wait.total_seconds()))


@st.composite
def _calls(draw: st.DrawFn, invalid: bool, top: int) -> Call:
    waits = st.one_of(
        st.integers(0, top).map(lambda sec: sec * _S),
        st.integers(0, top * _S),
    )
    arrived = _CALLS_START + draw(st.integers(0, 86_400)) * _S
    zones = st.sampled_from(CALL_ZONES)

    def at(us: int | None) -> datetime | None:
        return None if us is None else from_micros(us, draw(zones))

    kinds = ["answered", "abandoned"]
    if invalid:
        kinds += ["before", "both", "neither", "no arrival", "naive"]
    kind = draw(st.sampled_from(kinds))
    w1, w2 = draw(waits), draw(waits)
    if kind == "answered":
        a, b, c = arrived, arrived + w1, None
    elif kind == "abandoned":
        a, b, c = arrived, None, arrived + w1
    elif kind == "before":
        a, b, c = arrived, arrived - w1 - 1, None
    elif kind == "both":
        a, b, c = arrived, arrived + w1, arrived + w2
    elif kind == "neither":
        a, b, c = arrived, None, None
    elif kind == "no arrival":
        a, b, c = None, arrived + w1, None
    else:
        naive = from_micros(arrived, timezone.utc).replace(tzinfo=None)
        return Call(arrived=naive, answered=at(arrived + w1))
    return Call(arrived=at(a), answered=at(b), abandoned=at(c))  # type: ignore[arg-type]
