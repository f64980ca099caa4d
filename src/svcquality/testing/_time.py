"""Strategies for time: weekly hours, business calendars, durations and instants.

Each shrinks towards the simplest case: a 24×7 calendar in UTC, a duration of one
minute, the first instant of the range.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from svcquality.calendars import BusinessCalendar
from svcquality.calendars._hours import WEEKDAYS
from svcquality.testing._checks import _check_count

#: Zones the strategies draw from: no DST, DST in both hemispheres, a 30-minute DST.
DEFAULT_ZONES: tuple[str, ...] = (
    "UTC",
    "Asia/Shanghai",
    "America/New_York",
    "Europe/London",
    "Australia/Sydney",
    "Australia/Lord_Howe",
)
_MIN = datetime(2024, 1, 1, tzinfo=timezone.utc)
_MAX = datetime(2027, 12, 31, tzinfo=timezone.utc)


def _hhmm(q: int) -> str:
    """A quarter-hour index as wall time; 96 is 24:00, past 96 is the next day."""
    return "24:00" if q == 96 else f"{q % 96 // 4:02d}:{q % 4 * 15:02d}"


@st.composite
def _week(draw: st.DrawFn, max_windows: int, overnight: bool) -> dict[str, str]:
    days: list[list[tuple[int, int]]] = []
    for _ in WEEKDAYS:
        k = draw(st.integers(0, max_windows))
        points = sorted(draw(st.sets(st.integers(0, 96), min_size=2 * k, max_size=2 * k)))
        windows = [(points[2 * i], points[2 * i + 1]) for i in range(k)]
        if overnight and windows and windows[-1][0] >= 48 and draw(st.booleans()):
            # the last window runs overnight, ending by 06:00 the next morning
            windows[-1] = (windows[-1][0], 96 + draw(st.integers(1, 24)))
        days.append(windows)
    for i, windows in enumerate(days):
        nxt = days[(i + 1) % 7]
        if windows and windows[-1][1] > 96 and nxt:
            # valid by construction: the night shift ends when the next day opens
            start, end = windows[-1]
            windows[-1] = (start, min(end, 96 + nxt[0][0]))
    return {
        # an overnight window longer than 16 hours says "+1" (the hours grammar's rule)
        day: ", ".join(
            f"{_hhmm(a)}-{_hhmm(b)}{'+1' if b > 96 and b - a > 64 else ''}" for a, b in windows
        )
        if windows
        else "closed"
        for day, windows in zip(WEEKDAYS, days, strict=True)
    }


def weekly_hours(
    *, max_windows_per_day: int = 3, overnight: bool = True
) -> st.SearchStrategy[dict[str, str]]:
    """Weekly hours as the plain mapping :meth:`BusinessCalendar.weekly` reads.

    Split shifts (up to ``max_windows_per_day`` windows a day, on a 15-minute
    grid) and, when ``overnight``, windows that run into the next morning.
    Shrinks towards a week with one short window.
    """
    _check_count("max_windows_per_day", max_windows_per_day, 1, 6)
    return _week(max_windows_per_day, overnight).filter(
        lambda hours: any(v != "closed" for v in hours.values())
    )


def calendars(
    *,
    zones: Sequence[str] = DEFAULT_ZONES,
    holidays: Sequence[str | None] = (None, "CN", "US"),
    max_windows_per_day: int = 3,
    overnight: bool = True,
) -> st.SearchStrategy[BusinessCalendar]:
    """Business calendars: weekly hours with split and overnight windows, a zone
    (DST zones included) and a holiday country.

    Shrinks to ``BusinessCalendar.always_open(zone="UTC")``.

    Args:
        zones: IANA zone names to draw from.
        holidays: holiday country codes (or None) to draw from.
        max_windows_per_day: at most this many windows a day (1 to 6).
        overnight: whether windows may run overnight.
    """
    if not zones:
        msg = "zones must name at least one IANA zone"
        raise InvalidArgument(msg)
    for zone in zones:
        try:
            ZoneInfo(zone)
        except Exception as exc:  # noqa: PERF203 (argument checking, once per strategy)
            msg = f"zones: {zone!r} is not an IANA zone name"
            raise InvalidArgument(msg) from exc
    if not holidays:
        msg = "holidays must hold at least one entry (None for no holidays)"
        raise InvalidArgument(msg)
    _check_count("max_windows_per_day", max_windows_per_day, 1, 6)

    def build(hours: dict[str, str], zone: str, country: str | None) -> BusinessCalendar:
        return BusinessCalendar.weekly(hours, zone=zone, holidays=country)

    generated = st.builds(
        build,
        weekly_hours(max_windows_per_day=max_windows_per_day, overnight=overnight),
        st.sampled_from(tuple(zones)),
        st.sampled_from(tuple(holidays)),
    )
    return st.one_of(st.just(BusinessCalendar.always_open(zone="UTC")), generated)


def durations(
    *,
    min_value: timedelta = timedelta(minutes=1),
    max_value: timedelta = timedelta(days=30),
    resolution: timedelta = timedelta(minutes=1),
) -> st.SearchStrategy[timedelta]:
    """Durations from ``min_value`` to ``max_value`` in steps of ``resolution``.

    Shrinks towards ``min_value``. Negative bounds are allowed (backward adds).
    """
    if resolution <= timedelta(0):
        msg = f"resolution={resolution!r} must be positive"
        raise InvalidArgument(msg)
    if max_value < min_value:
        msg = f"max_value={max_value!r} is below min_value={min_value!r}"
        raise InvalidArgument(msg)
    lo = -(-min_value // resolution)
    hi = max_value // resolution
    if hi < lo:
        msg = f"no multiple of resolution={resolution!r} lies in [{min_value}, {max_value}]"
        raise InvalidArgument(msg)
    return st.integers(lo, hi).map(lambda k: k * resolution)


def instants(
    *,
    calendar: BusinessCalendar | None = None,
    open_only: bool = False,
    min_value: datetime = _MIN,
    max_value: datetime = _MAX,
    resolution: timedelta = timedelta(minutes=1),
) -> st.SearchStrategy[datetime]:
    """Aware instants between ``min_value`` and ``max_value``, in the calendar's zone
    (UTC without a calendar).

    With ``open_only=True`` every instant is one at which ``calendar`` is open.
    Shrinks towards ``min_value`` (or the calendar's first opening after it).
    """
    for name, value in (("min_value", min_value), ("max_value", max_value)):
        if not isinstance(value, datetime) or value.tzinfo is None:
            msg = f"{name}={value!r} must be a timezone-aware datetime"
            raise InvalidArgument(msg)
    if max_value <= min_value:
        msg = f"max_value={max_value!r} must be after min_value={min_value!r}"
        raise InvalidArgument(msg)
    if open_only and calendar is None:
        msg = "open_only=True needs a calendar"
        raise InvalidArgument(msg)
    zone = calendar.zone if calendar is not None else timezone.utc
    steps = (max_value - min_value) // resolution
    raw = st.integers(0, steps).map(lambda k: (min_value + k * resolution).astimezone(zone))
    if not open_only:
        return raw
    assert calendar is not None
    return raw.map(calendar.next_open).filter(lambda t: t <= max_value)
