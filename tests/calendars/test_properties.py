"""svcquality.calendars: the laws of business-time arithmetic, on generated calendars.

Calendars, instants and durations come from :mod:`svcquality.testing`: split
and overnight windows, zones with DST in both hemispheres and a 30-minute one,
and China's or the US's holidays. Instants are compared in UTC, since two
datetimes in one zone compare by wall time and ignore ``fold``.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from itertools import pairwise

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

import svcquality as sq
from svcquality import testing
from svcquality._instants import td_micros, to_micros

UTC = timezone.utc
#: Instants within 2025 keep the compiled years (and the run time) small.
LOW = datetime(2025, 1, 1, tzinfo=UTC)
HIGH = datetime(2025, 12, 1, tzinfo=UTC)
US = timedelta(microseconds=1)
EXAMPLES = settings(max_examples=40)


def instant(data: st.DataObject, cal: sq.BusinessCalendar) -> datetime:
    """An instant of 2025 in the calendar's zone, on a minute or a microsecond."""
    resolution = data.draw(st.sampled_from([timedelta(minutes=1), US]), label="resolution")
    return data.draw(
        testing.instants(calendar=cal, min_value=LOW, max_value=HIGH, resolution=resolution)
    )


def duration(data: st.DataObject, *, negative: bool = False, zero: bool = True) -> timedelta:
    low = timedelta(0) if zero else timedelta(minutes=1)
    d = data.draw(testing.durations(min_value=low, max_value=timedelta(days=20)))
    return -d if negative else d


def u(t: datetime) -> datetime:
    return t.astimezone(UTC)


@EXAMPLES
@given(testing.calendars(), st.data())
def test_round_trip(cal: sq.BusinessCalendar, data: st.DataObject) -> None:
    """between(t, add(t, d)) == d for every t and d >= 0, and backwards too."""
    t, d = instant(data, cal), duration(data)
    assert cal.between(t, cal.add(t, d)) == d
    assert cal.between(cal.add(t, -d), t) == d


@EXAMPLES
@given(testing.calendars(), st.data())
def test_add_lands_where_open_time_ends(cal: sq.BusinessCalendar, data: st.DataObject) -> None:
    """A forward result is just after open time (a window end stays); a backward one is open."""
    t, d = instant(data, cal), duration(data, zero=False)
    forward = cal.add(t, d)
    assert u(forward) > u(t)
    assert cal.is_open(forward - US)
    backward = cal.add(t, -d)
    assert u(backward) < u(t)
    assert cal.is_open(backward)
    opening = cal.add(t, timedelta(0))
    assert u(opening) == u(cal.next_open(t))
    assert cal.is_open(opening)
    assert cal.between(t, opening) == timedelta(0)


@EXAMPLES
@given(testing.calendars(), st.data())
def test_monotone(cal: sq.BusinessCalendar, data: st.DataObject) -> None:
    """add is monotone in t and in d, for durations of either sign."""
    t1, t2 = sorted((instant(data, cal), instant(data, cal)), key=u)
    d1, d2 = sorted(
        (duration(data, negative=data.draw(st.booleans())), duration(data, negative=True))
    )
    assert u(cal.add(t1, d1)) <= u(cal.add(t2, d1))
    assert u(cal.add(t1, d2)) <= u(cal.add(t2, d2))
    assert u(cal.add(t1, d1)) <= u(cal.add(t1, d2))
    assert u(cal.add(t2, d1)) <= u(cal.add(t2, d2))


@EXAMPLES
@given(testing.calendars(), st.data())
def test_add_composes(cal: sq.BusinessCalendar, data: st.DataObject) -> None:
    """add(add(t, a), b) == add(t, a + b) for a >= 0 and b > 0."""
    t, a, b = instant(data, cal), duration(data), duration(data, zero=False)
    assert u(cal.add(cal.add(t, a), b)) == u(cal.add(t, a + b))


@EXAMPLES
@given(testing.calendars(), st.data())
def test_between_is_antisymmetric_and_additive(
    cal: sq.BusinessCalendar, data: st.DataObject
) -> None:
    """between(a, b) == -between(b, a); between(a, b) + between(b, c) == between(a, c)."""
    a, b, c = (instant(data, cal) for _ in range(3))
    assert cal.between(a, b) == -cal.between(b, a)
    assert cal.between(a, b) + cal.between(b, c) == cal.between(a, c)
    assert cal.between(a, a) == timedelta(0)


@EXAMPLES
@given(testing.calendars(), st.data())
def test_open_intervals_sum_to_between(cal: sq.BusinessCalendar, data: st.DataObject) -> None:
    """The open stretches of [a, b) are open, disjoint, and add up to between(a, b)."""
    a = instant(data, cal)
    b = a + data.draw(testing.durations(max_value=timedelta(days=10)))
    stretches = cal.open_intervals(a, b)
    assert sum((u(e) - u(s) for s, e in stretches), timedelta(0)) == cal.between(a, b)
    for s, e in stretches:
        assert u(a) <= u(s) < u(e) <= u(b)
        assert cal.is_open(s)
        assert cal.is_open(e - US)
    for (_, end), (start, _) in pairwise(stretches):
        assert u(end) < u(start)  # disjoint, and touching stretches are joined


@EXAMPLES
@given(testing.calendars(), st.data())
def test_next_open_and_previous_close(cal: sq.BusinessCalendar, data: st.DataObject) -> None:
    """next_open and previous_close bracket a closed stretch with no open time inside."""
    t = instant(data, cal)
    nxt, prev = cal.next_open(t), cal.previous_close(t)
    assert cal.is_open(nxt)
    if cal.is_open(t):
        assert u(nxt) == u(prev) == u(t)
    else:
        assert u(prev) <= u(t) < u(nxt)
        assert cal.between(prev, nxt) == timedelta(0)
        assert cal.is_open(prev - US)


@EXAMPLES
@given(testing.calendars(), st.data())
def test_working_day_deadline_is_a_close_of_business(
    cal: sq.BusinessCalendar, data: st.DataObject
) -> None:
    """The deadline is the end of the N-th working day after the deemed receipt day:
    its close of business, or 24:00 when the unit has no hours then."""
    t = instant(data, cal)
    n = data.draw(st.integers(0, 10))
    deemed = cal.deemed_receipt_day(t)
    assert cal.is_working_day(deemed)
    last = cal.add_working_days(deemed, n)
    end = cal.end_of_working_day(last)
    assert cal.working_day_deadline(t, n) == end
    if cal.is_open_day(last):
        assert end == cal.close_of_business(last)
    else:  # 24:00 local: the next date's first instant
        assert end is not None
        local = end.astimezone(cal.zone)
        assert local.date() == last + timedelta(days=1)
        assert local.time() <= time(1)  # 00:00, or a DST change's first instant
    assert u(cal.working_day_deadline(t, n)) > u(t)


@EXAMPLES
@given(testing.calendars(), st.data())
def test_day_period_ends_on_a_working_day(cal: sq.BusinessCalendar, data: st.DataObject) -> None:
    """A day or month period never ends on a non-working day (民法典 Art. 203), and never
    before the receipt day + n."""
    t = instant(data, cal)
    n = data.draw(st.integers(1, 40))
    unit = data.draw(st.sampled_from(["days", "months"]))
    end = cal.period_deadline(t, n, unit=unit)
    local = end.astimezone(cal.zone)
    last = local.date() if cal.is_open_day(local.date()) and local.time() != time(0) else None
    received = t.astimezone(cal.zone).date()
    candidates = [d for d in (last, local.date() - timedelta(days=1)) if d is not None]
    day = next(d for d in candidates if cal.end_of_working_day(d) == end)
    assert cal.is_working_day(day)
    floor = received + (timedelta(days=n) if unit == "days" else timedelta(days=28 * n))
    assert day >= floor


@EXAMPLES
@given(testing.calendars(), st.data())
def test_working_days_ignore_hours(cal: sq.BusinessCalendar, data: st.DataObject) -> None:
    """Statutory working days depend on the holidays and overrides, never on the hours."""
    t = instant(data, cal)
    d = t.astimezone(cal.zone).date()
    rules = cal.rules
    assert isinstance(rules, sq.calendars.WeeklyRules)
    other = sq.BusinessCalendar(
        attrs.evolve(rules, hours=sq.calendars.WeeklyHours.always(), special_hours=()),
        cal.zone,
    )
    assert cal.is_working_day(d) == other.is_working_day(d)


@EXAMPLES
@given(testing.calendars(), st.data())
def test_integer_forms_equal_the_public_ones(cal: sq.BusinessCalendar, data: st.DataObject) -> None:
    """The clock's integer-microsecond add and between agree with add and between."""
    a, b = instant(data, cal), instant(data, cal)
    d = duration(data, negative=data.draw(st.booleans()))
    xa, xb = to_micros(a), to_micros(b)
    assert cal._open_between(xa, xb) == td_micros(cal.between(a, b))
    assert cal._add_micros(xa, td_micros(d)) == to_micros(cal.add(a, d))
