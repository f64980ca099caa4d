"""Holiday data from the ``holidays`` package, by country and subdivision.

China's make-up working weekends (调休) come from the package's
``weekend_workdays``: 2025-09-28, a Sunday, is a working day.
"""

from __future__ import annotations

import difflib
import threading
from datetime import date

import attrs
import holidays as _holidays

from svcquality._fields import shown
from svcquality.errors import CalendarError

__all__ = ["HolidaySource", "HolidayYear"]


@attrs.frozen
class HolidayYear:
    """One year of holiday data: closed dates and make-up working dates."""

    closed: frozenset[date]
    makeup: frozenset[date]


@attrs.frozen
class HolidaySource:
    """Where a calendar's holidays come from: the ``holidays`` package.

    Attributes:
        country: ISO 3166-1 alpha-2 code such as ``"CN"``, or a financial
            market code such as ``"NYSE"`` (``financial=True``).
        subdiv: subdivision code such as ``"NY"`` (New York) or ``"NSW"`` (New South
            Wales); China has none in the ``holidays`` package.
        categories: holiday categories to include; empty means the package's
            default (public holidays).
        financial: look ``country`` up among financial markets instead.
    """

    country: str
    subdiv: str | None = None
    categories: tuple[str, ...] = ()
    financial: bool = False
    _cache: dict[int, HolidayYear] = attrs.field(
        factory=dict, init=False, eq=False, repr=False, hash=False
    )
    _weekend: frozenset[int] = attrs.field(
        factory=frozenset, init=False, eq=False, repr=False, hash=False
    )
    _names: dict[tuple[int, str], dict[date, str]] = attrs.field(
        factory=dict, init=False, eq=False, repr=False, hash=False
    )
    _lock: threading.Lock = attrs.field(
        factory=threading.Lock, init=False, eq=False, repr=False, hash=False
    )

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.country, str):
            msg = f"holidays: the country must be a code such as 'CN', got {shown(self.country)}"
            raise CalendarError(msg)
        if self.subdiv is not None and not isinstance(self.subdiv, str):
            msg = f"holidays: subdiv must be a code such as 'NY' or None, got {shown(self.subdiv)}"
            raise CalendarError(msg)
        if (
            isinstance(self.categories, str)
            or not isinstance(self.categories, tuple)
            or not all(isinstance(c, str) for c in self.categories)
        ):
            msg = (
                "holidays: categories must be a tuple of names such as ('public',), "
                f"got {shown(self.categories)}"
            )
            raise CalendarError(msg)
        if not isinstance(self.financial, bool):
            msg = f"holidays: financial must be True or False, got {shown(self.financial)}"
            raise CalendarError(msg)
        # Validate the codes now, not at the first computation; keep the weekend.
        data = self._build()
        object.__setattr__(self, "_weekend", frozenset(getattr(data, "weekend", (5, 6))))

    def __reduce__(self) -> tuple[type[HolidaySource], tuple[object, ...]]:
        # The per-year cache and its lock stay behind; the other side rebuilds them.
        return (type(self), (self.country, self.subdiv, self.categories, self.financial))

    @classmethod
    def parse(cls, value: str) -> HolidaySource:
        """Read ``"CN"`` or ``"US-NY"`` (country, then subdivision)."""
        if not isinstance(value, str):
            msg = f"holidays: expected a code such as 'CN' or 'US-NY', got {shown(value)}"
            raise CalendarError(msg)
        country, _, subdiv = value.partition("-")
        return cls(country.strip(), subdiv.strip() or None)

    @property
    def version(self) -> str:
        """Version of the ``holidays`` package that supplies the data."""
        return str(getattr(_holidays, "__version__", "unknown"))

    @property
    def weekend(self) -> frozenset[int]:
        """The country's weekly rest days (0 = Monday), as the ``holidays`` package has them.

        Saturday and Sunday for China; Friday and Saturday for some countries. A
        statutory working day is a date outside the weekend that is not a holiday,
        or a make-up working day (调休上班).
        """
        return self._weekend

    def name(self, d: date, *, language: str = "zh") -> str | None:
        """The holiday's name on ``d`` (``"国庆节"``, ``"National Day"``), or None.

        ``language`` is ``"zh"`` or ``"en"``; a country whose data has no
        Chinese names gives its default ones.
        """
        key = (d.year, language)
        names = self._names.get(key)
        if names is None:
            with self._lock:
                data = self._build(years=d.year)
                wanted = {"zh": "zh_CN", "en": "en_US"}.get(language)
                if wanted in getattr(data, "supported_languages", ()):
                    data = self._build(years=d.year, language=wanted)
                names = {k: str(v) for k, v in data.items()}
                self._names[key] = names
        return names.get(d)

    def describe(self) -> str:
        """Text naming the data, e.g. ``"holidays 0.62: CN"``, for readings and reports."""
        code = self.country + (f"-{self.subdiv}" if self.subdiv else "")
        cats = f" ({', '.join(self.categories)})" if self.categories else ""
        return f"holidays {self.version}: {code}{cats}"

    def year(self, year: int) -> HolidayYear:
        """The closed and make-up working dates of one year (cached)."""
        got = self._cache.get(year)
        if got is not None:
            return got
        with self._lock:
            got = self._cache.get(year)
            if got is None:
                data = self._build(years=year)
                closed = frozenset(d for d in data if d.year == year)
                makeup = frozenset(
                    d for d in getattr(data, "weekend_workdays", ()) if d.year == year
                )
                got = HolidayYear(closed, makeup)
                self._cache[year] = got
        return got

    def _build(
        self, years: int | None = None, language: str | None = None
    ) -> _holidays.HolidayBase:
        kwargs: dict[str, object] = {"subdiv": self.subdiv, "years": years or ()}
        if language is not None:
            kwargs["language"] = language
        if self.categories:
            kwargs["categories"] = self.categories
        factory = _holidays.financial_holidays if self.financial else _holidays.country_holidays
        supported = (
            _holidays.list_supported_financial()
            if self.financial
            else _holidays.list_supported_countries()
        )
        if self.country not in supported:
            close = difflib.get_close_matches(self.country.upper(), list(supported), n=3)
            hint = f" Close matches: {', '.join(close)}." if close else ""
            kind = "financial market" if self.financial else "country"
            msg = (
                f"holidays: unknown {kind} code {shown(self.country)}; use a code the holidays "
                f"package supports, e.g. 'CN' for China or 'US'.{hint}"
            )
            raise CalendarError(msg)
        subdivs = list(supported[self.country])
        if self.subdiv is not None and self.subdiv not in subdivs:
            close = difflib.get_close_matches(self.subdiv.upper(), subdivs, n=3)
            hint = f" Close matches: {', '.join(close)}." if close else ""
            known = ", ".join(subdivs[:12]) + (" …" if len(subdivs) > 12 else "")
            msg = (
                f"holidays: {self.country} has no subdivision {shown(self.subdiv)}; "
                f"known: {known or 'none'}.{hint}"
            )
            raise CalendarError(msg)
        try:
            return factory(self.country, **kwargs)  # type: ignore[arg-type]
        except (NotImplementedError, ValueError, KeyError) as exc:
            msg = f"holidays: cannot build {self.describe()}: {exc}"
            raise CalendarError(msg) from exc
