"""svcquality.calendars against a minute-stepping reference written here.

The reference knows nothing of the engine: it reads the weekly hours text
itself, takes holidays and make-up days straight from the ``holidays``
package (closing every day of a holiday break: a run of non-working days
holding a holiday), and walks UTC minutes one by one, reading each on the zone's wall
clock. A window of date ``D`` from wall time ``S`` to ``E`` is open from the
first minute whose wall time reaches ``S`` to the first minute after which the
wall time never again falls below ``E``. That is the DESIGN rule stated
without DST special cases: a window starts at the first occurrence of its
start and ends at the last occurrence of its end; one cut by a spring-forward
gap is shorter, one stretched by a fall-back longer.

The engine must agree minute by minute on ``is_open``, on ``between`` (the
number of open minutes) and on ``add`` (the end of the k-th open minute).
Windows lie on a 15-minute grid and every zone's offset is a whole number of
minutes, so minutes are exact.
"""

from __future__ import annotations

from bisect import bisect_left
from datetime import date, datetime, timedelta, timezone
from itertools import accumulate
from zoneinfo import ZoneInfo

import holidays
from hypothesis import given, settings
from hypothesis import strategies as st

import svcquality as sq
from svcquality import testing

UTC = timezone.utc
MINUTE = timedelta(minutes=1)
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

#: For each default zone, instants around its 2025 DST changes (none for UTC, Shanghai).
CHANGES: dict[str, list[str]] = {
    "UTC": [],
    "Asia/Shanghai": [],
    "America/New_York": ["2025-03-09T07:00Z", "2025-11-02T06:00Z"],
    "Europe/London": ["2025-03-30T01:00Z", "2025-10-26T01:00Z"],
    "Australia/Sydney": ["2025-04-05T16:00Z", "2025-10-04T16:00Z"],
    "Australia/Lord_Howe": ["2025-04-05T15:00Z", "2025-10-04T15:30Z"],
}


def parse_minutes(text: str) -> list[tuple[int, int]]:
    """'09:00-12:00, 22:00-05:00' as (start, end) minutes from the day's midnight."""
    if text == "closed":
        return []
    out = []
    for part in text.split(", "):
        a, b = part.split("-")
        next_day = b.endswith("+1")  # an overnight window longer than 16 hours
        b = b.removesuffix("+1")
        start = int(a[:2]) * 60 + int(a[3:])
        end = int(b[:2]) * 60 + int(b[3:])
        if end < start or next_day:
            end += 24 * 60  # overnight
        out.append((start, end))
    return out


class Reference:
    """Open minutes of ``hours`` in ``zone`` with ``country``'s holidays, by stepping."""

    def __init__(self, hours: dict[str, str], zone: str, country: str | None) -> None:
        self.windows = {day: parse_minutes(text) for day, text in hours.items()}
        self.zone = ZoneInfo(zone)
        self.closed: set[date] = set()
        self.makeup: set[date] = set()
        if country is not None:
            data = holidays.country_holidays(country, years=range(2023, 2028))
            self.closed = set(data)
            self.makeup = set(getattr(data, "weekend_workdays", ()))

    def works(self, d: date) -> bool:
        """A statutory working day: a make-up day, or a weekday that is no holiday."""
        return d in self.makeup or (d.weekday() < 5 and d not in self.closed)

    def in_break(self, d: date) -> bool:
        """Inside a run of non-working days that holds a holiday (closed whole)."""
        if self.works(d):
            return False
        run = [d]
        for step in (timedelta(days=-1), timedelta(days=1)):
            e = d + step
            while not self.works(e):
                run.append(e)
                e += step
        return any(x in self.closed for x in run)

    def windows_of(self, d: date) -> list[tuple[int, int]]:
        if self.in_break(d):
            return []
        return self.windows["mon" if d in self.makeup else WEEKDAYS[d.weekday()]]

    def open_minutes(self, start: datetime, minutes: int) -> list[bool]:
        """Whether each minute from ``start`` (a UTC minute) on is open."""
        first_day = start.astimezone(self.zone).date() - timedelta(days=1)
        last_day = (start + minutes * MINUTE).astimezone(self.zone).date()
        # A grid of UTC minutes wide enough to hold every window of those days.
        lo = datetime.combine(first_day, datetime.min.time(), UTC) - timedelta(hours=16)
        hi = datetime.combine(last_day, datetime.min.time(), UTC) + timedelta(days=2, hours=16)
        n = (hi - lo) // MINUTE
        walls = [(lo + i * MINUTE).astimezone(self.zone).replace(tzinfo=None) for i in range(n)]
        # Wall time only goes back at a fall-back; the running max and the min of
        # what is left give "first reaches S" and "never again below E" by bisection.
        rising = list(accumulate(walls, max))
        settled = list(accumulate(reversed(walls), min))[::-1]
        is_open = [False] * n
        d = first_day
        while d <= last_day:
            midnight = datetime.combine(d, datetime.min.time())
            for s, e in self.windows_of(d):
                i = bisect_left(rising, midnight + s * MINUTE)
                j = bisect_left(settled, midnight + e * MINUTE)
                for k in range(i, j):
                    is_open[k] = True
            d += timedelta(days=1)
        offset = (start - lo) // MINUTE
        return is_open[offset : offset + minutes]


@st.composite
def cases(draw: st.DrawFn) -> tuple[dict[str, str], str, str | None, datetime, int]:
    """Hours, zone, holidays, a start minute (often near a DST change) and a span."""
    hours = draw(testing.weekly_hours())
    zone = draw(st.sampled_from(testing.DEFAULT_ZONES))
    country = draw(st.sampled_from([None, "CN", "US"]))
    changes = CHANGES[zone]
    near_a_change = draw(st.booleans()) if changes else False
    if near_a_change:
        change = datetime.fromisoformat(changes[draw(st.integers(0, len(changes) - 1))])
        low, high = change - timedelta(days=2), change + timedelta(hours=6)
    else:
        low, high = datetime(2025, 1, 1, tzinfo=UTC), datetime(2025, 12, 31, tzinfo=UTC)
    start = draw(testing.instants(min_value=low, max_value=high))
    minutes = draw(st.integers(1, 3 * 24 * 60))
    return hours, zone, country, start, minutes


@st.composite
def dst_cases(draw: st.DrawFn) -> tuple[dict[str, str], str, str | None, datetime, int]:
    """Windows with edges between 00:00 and 05:00, where every default zone changes its
    clocks, over the day of a change: edges land in the gap and in the repeated hour."""
    zone = draw(st.sampled_from([z for z, changes in CHANGES.items() if changes]))
    hours = {}
    for day in WEEKDAYS:
        k = draw(st.integers(1 if day == "sun" else 0, 2))  # clocks change on a Sunday
        points = sorted(draw(st.sets(st.integers(0, 20), min_size=2 * k, max_size=2 * k)))
        hours[day] = (
            ", ".join(
                f"{points[i] // 4:02d}:{points[i] % 4 * 15:02d}-"
                f"{points[i + 1] // 4:02d}:{points[i + 1] % 4 * 15:02d}"
                for i in range(0, 2 * k, 2)
            )
            or "closed"
        )
    change = datetime.fromisoformat(draw(st.sampled_from(CHANGES[zone])))
    start = draw(
        testing.instants(
            min_value=change - timedelta(hours=8), max_value=change - timedelta(hours=4)
        )
    )
    return hours, zone, None, start, 16 * 60


@settings(max_examples=40)
@given(cases(), st.data())
def test_engine_agrees_with_minute_stepping(
    case: tuple[dict[str, str], str, str | None, datetime, int], data: st.DataObject
) -> None:
    """is_open per minute, between and add equal the reference over a span of up to 3 days."""
    check(case, data)


@settings(max_examples=40)
@given(dst_cases(), st.data())
def test_engine_agrees_with_minute_stepping_at_dst_changes(
    case: tuple[dict[str, str], str, str | None, datetime, int], data: st.DataObject
) -> None:
    """The same, with window edges crowded around the hours clocks change."""
    check(case, data)


def check(case: tuple[dict[str, str], str, str | None, datetime, int], data: st.DataObject) -> None:
    hours, zone, country, start, minutes = case
    cal = sq.BusinessCalendar.weekly(hours, zone=zone, holidays=country)
    expected = Reference(hours, zone, country).open_minutes(start, minutes)
    grid = [start + i * MINUTE for i in range(minutes)]
    got = [cal.is_open(t) for t in grid]
    assert got == expected, [
        t.astimezone(cal.zone) for t, a, b in zip(grid, got, expected, strict=True) if a != b
    ]

    end = start + minutes * MINUTE
    open_indexes = [i for i, is_open in enumerate(expected) if is_open]
    assert cal.between(start, end) == len(open_indexes) * MINUTE
    if not open_indexes:
        return
    n = len(open_indexes)
    # Every k that lands on the edge of an open stretch, and one drawn at random.
    edges = {k for k in range(1, n) if open_indexes[k] != open_indexes[k - 1] + 1}
    ks = edges | {k + 1 for k in edges} | {1, n, data.draw(st.integers(1, n), label="k")}
    for k in sorted(ks):
        # forward: k minutes of open time end with the k-th open minute (a window
        # end stays there); backward from the end: they start at the k-th open
        # minute from the end (a window start stays there)
        assert cal.add(start, k * MINUTE).astimezone(UTC) == grid[open_indexes[k - 1]] + MINUTE
        assert cal.add(end, -k * MINUTE).astimezone(UTC) == grid[open_indexes[-k]]


def test_reference_reads_the_dst_rule() -> None:
    """The reference's own check: an overnight window is 7 h and 9 h on New York's change nights."""
    ref = Reference(
        {"sat": "22:00-06:00"} | dict.fromkeys((*WEEKDAYS[:5], "sun"), "closed"),
        "America/New_York",
        None,
    )
    spring = datetime(2025, 3, 9, 3, 0, tzinfo=UTC)  # Saturday 22:00 EST
    fall = datetime(2025, 11, 2, 2, 0, tzinfo=UTC)  # Saturday 22:00 EDT
    assert sum(ref.open_minutes(spring, 12 * 60)) == 7 * 60
    assert sum(ref.open_minutes(fall, 12 * 60)) == 9 * 60
