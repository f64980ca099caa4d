"""Instants: timezone-aware datetimes, and the integer microseconds used inside.

Business-time arithmetic runs on integer microseconds since the Unix epoch, so
durations are exact to the microsecond and never pass through float seconds.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import NoReturn

from svcquality.errors import NaiveDatetimeError, ParameterError, SvcQualityError

__all__ = [
    "EPOCH",
    "MICROS_PER_DAY",
    "from_micros",
    "in_zone",
    "micros_of",
    "require_aware",
    "td_micros",
    "to_micros",
]

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
MICROS_PER_SECOND = 1_000_000
MICROS_PER_DAY = 86_400 * MICROS_PER_SECOND
_ONE_MICRO = timedelta(microseconds=1)


def require_aware(value: object, where: str) -> datetime:
    """Return ``value`` if it is a timezone-aware datetime, else raise.

    ``where`` names the argument or field, so the message says where it was.
    """
    if not isinstance(value, datetime):
        msg = f"{where} must be a timezone-aware datetime, got {type(value).__name__} {value!r}"
        if isinstance(value, date):
            msg += "; a date has no time of day: pass datetime.combine(d, time(...), tzinfo)"
        raise NaiveDatetimeError(msg, where=where, value=value)
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        msg = (
            f"{where} is a naive datetime ({value.isoformat()}); svcquality only takes "
            "timezone-aware instants. Fix: attach the zone the wall time was read in, "
            "e.g. value.replace(tzinfo=ZoneInfo('Asia/Shanghai'))"
        )
        raise NaiveDatetimeError(msg, where=where, value=value)
    return value


def micros_of(t: object, where: str) -> int:
    """Epoch microseconds of ``t``, refusing anything but an aware datetime.

    The fast path for hot code: one subtraction, with the check folded into it.
    """
    if isinstance(t, datetime) and t.tzinfo is not None:
        try:
            d = t - EPOCH
        except TypeError:  # a tzinfo whose utcoffset() is None: naive after all
            pass
        else:
            return td_micros(d)
    return _refuse(t, where)


def _refuse(t: object, where: str) -> NoReturn:
    require_aware(t, where)
    msg = f"{where} must be a timezone-aware datetime, got {t!r}"  # pragma: no cover
    raise NaiveDatetimeError(msg)  # pragma: no cover


def to_micros(t: datetime) -> int:
    """Microseconds since the Unix epoch of an aware datetime (exact)."""
    return td_micros(t - EPOCH)


def td_micros(d: timedelta) -> int:
    """A timedelta as whole microseconds (exact)."""
    return (d.days * 86_400 + d.seconds) * MICROS_PER_SECOND + d.microseconds


def in_zone(
    t: datetime, zone: tzinfo, where: str, error: type[SvcQualityError] = ParameterError
) -> datetime:
    """The aware instant ``t`` read in ``zone``.

    Raises:
        error: in ``zone`` the instant's wall time lies outside the years 1..9999 a
            datetime holds (the first hours of year 1 read east of UTC).
    """
    try:
        return t.astimezone(zone)
    except (OverflowError, ValueError):
        msg = (
            f"{where} {t.isoformat()} read in {zone} falls outside the years 1..9999 a "
            "datetime can hold; check the instant (a default such as datetime.min)"
        )
        raise error(msg) from None


def from_micros(x: int, zone: tzinfo) -> datetime:
    """The aware datetime, in ``zone``, ``x`` microseconds after the Unix epoch.

    Raises:
        ParameterError: the instant lies outside the years 1..9999 a datetime
            holds (a duration of millions of days, ``timedelta.max``).
    """
    try:
        return (EPOCH + x * _ONE_MICRO).astimezone(zone)
    except (OverflowError, ValueError):
        days = x // MICROS_PER_DAY
        msg = (
            f"an instant {days} days from 1970-01-01 is outside the years 1..9999 a datetime "
            "can hold; check the duration or the number of days that led there"
        )
        raise ParameterError(msg) from None
