"""svcquality.errors: the error tree's stable codes and data, for a host's own text."""

from __future__ import annotations

import ast
import pickle
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from tests.common import SH

import svcquality as sq
from svcquality import errors
from svcquality.authority import AuthorityMatrix, AuthorityRequest, AuthorityRule
from svcquality.errors import CODES, SvcQualityError

SRC = Path(sq.__file__).parent
CLASSES = [
    getattr(errors, name)
    for name in errors.__all__
    if isinstance(getattr(errors, name), type) and issubclass(getattr(errors, name), Exception)
]


def _codes_in_source() -> dict[str, list[str]]:
    """Every ``code="..."`` keyword and ``default_code = "..."`` in src, with where it is."""
    found: dict[str, list[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            value: ast.expr | None = None
            if (isinstance(node, ast.keyword) and node.arg == "code") or (
                isinstance(node, ast.AnnAssign) and getattr(node.target, "id", "") == "default_code"
            ):
                value = node.value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                found.setdefault(value.value, []).append(f"{path.name}:{node.lineno}")
    return found


class TestCatalogue:
    def test_every_code_raised_is_listed(self) -> None:
        """A code in the source but not in CODES would be a code no host can look up."""
        unknown = {c: w for c, w in _codes_in_source().items() if c not in CODES}
        assert unknown == {}

    def test_every_listed_code_is_raised(self) -> None:
        """A code in CODES that nothing raises is a promise the library does not keep."""
        assert set(CODES) - set(_codes_in_source()) == set()

    def test_each_class_has_its_own_code(self) -> None:
        """The default codes tell the classes apart, and every class has one."""
        codes = [cls.default_code for cls in CLASSES]
        assert len(codes) == len(set(codes)) == len(CLASSES)
        assert all(code in CODES for code in codes)

    def test_codes_are_plain_words(self) -> None:
        """Lowercase words with dots and underscores: safe as keys in any host's text table."""
        for code in CODES:
            assert code == code.lower().strip()
            assert set(code) <= set("abcdefghijklmnopqrstuvwxyz._"), code


class TestData:
    def test_naive_datetime(self) -> None:
        """Where the naive value was, and the value itself."""
        cal = sq.BusinessCalendar.always_open(zone="Asia/Shanghai")
        naive = datetime(2025, 10, 9, 9, 0)  # noqa: DTZ001 - naive on purpose
        with pytest.raises(errors.NaiveDatetimeError) as caught:
            cal.add(naive, timedelta(hours=1))
        assert caught.value.code == "naive_datetime"
        assert caught.value.data["value"] == naive
        assert "t" in str(caught.value.data["where"])

    def test_untrusted_year(self) -> None:
        """The year asked and the trusted range: a host can say "2031年的节假日安排尚未公布"."""
        cal = sq.BusinessCalendar.weekly(
            {"mon-fri": "09:00-17:00"}, zone="Asia/Shanghai", holidays="CN", years=(2025, 2026)
        )
        with pytest.raises(errors.UntrustedYearError) as caught:
            cal.is_open(datetime(2031, 3, 3, 10, 0, tzinfo=SH))
        assert caught.value.code == "calendar.untrusted_year"
        assert (caught.value.data["first"], caught.value.data["last"]) == (2025, 2026)
        assert str(caught.value.data["value"]).startswith("2031-03-03")

    def test_outside_the_representable_years(self) -> None:
        """Year 9999 is outside what a calendar covers: its own code."""
        cal = sq.BusinessCalendar.weekly({"mon-fri": "09:00-17:00"}, zone="Asia/Shanghai")
        with pytest.raises(errors.CalendarError) as caught:
            cal.is_working_day(datetime(9999, 12, 30, tzinfo=SH))
        assert caught.value.code == "calendar.no_open_time"
        assert "9999-12-30" in str(caught.value.data["value"])

    def test_unreadable_duration(self) -> None:
        """The text and where reading stopped."""
        with pytest.raises(errors.DurationError) as caught:
            sq.parse_duration("3个工作曰")
        assert caught.value.code == "duration.unreadable"
        assert caught.value.data["text"] == "3个工作曰"
        assert isinstance(caught.value.data["position"], int)

    def test_language(self) -> None:
        """The option's owner and the value, whatever the error class."""
        with pytest.raises(errors.DurationError) as caught:
            sq.human_duration(timedelta(hours=1), language="fr")  # type: ignore[arg-type]
        assert (caught.value.code, dict(caught.value.data)) == (
            "language",
            {"where": "human_duration", "value": "fr"},
        )

    def test_identity(self) -> None:
        """An actor id with a trailing space: the code says it is an identity problem."""
        with pytest.raises(errors.AuthorityError) as caught:
            AuthorityRequest("C-1", None, datetime(2025, 6, 3, tzinfo=SH), actor="A1024 ")
        assert caught.value.code == "identity"
        assert caught.value.data["value"] == "A1024 "

    def test_unknown_role_lists_the_known(self) -> None:
        """The role asked and the roles the matrix has."""
        rule = AuthorityRule("agent", "挂失", requires_second_person=True)
        matrix = AuthorityMatrix(["agent", "supervisor"], [rule], "Asia/Shanghai")
        request = AuthorityRequest("C-1", None, datetime(2025, 6, 3, tzinfo=SH), actor="A1")
        with pytest.raises(errors.AuthorityError) as caught:
            matrix.decide("agnet", "挂失", request, [])
        assert caught.value.code == "authority.unknown_role"
        assert caught.value.data["known"] == ("agent", "supervisor")
        with pytest.raises(errors.AuthorityError) as caught:
            matrix.decide("agent", "止付", request, [])
        assert caught.value.code == "authority.unknown_action"

    def test_rulebook_problems(self) -> None:
        """A rulebook error's data are its problems, each with its path."""
        with pytest.raises(errors.RulebookError) as caught:
            sq.load_rulebook({"schema_version": 1, "calendars": {"x": {"zone": "Mars/Base"}}})
        assert caught.value.code == "rulebook"
        assert caught.value.data["problems"] == caught.value.problems
        assert caught.value.problems

    def test_class_code_without_data(self) -> None:
        """A raise that names no narrower code carries its class's code and no data."""
        with pytest.raises(errors.ParameterError) as caught:
            sq.erlang_b(-1, 2)
        assert caught.value.code == "parameter"
        assert dict(caught.value.data) == {}

    def test_data_is_read_only(self) -> None:
        """A handler cannot change what the error says happened."""
        error = SvcQualityError("x", code="language", where="w", value="fr")
        with pytest.raises(TypeError):
            error.data["value"] = "zh"  # type: ignore[index]


class TestEventData:
    """An error about one event of a log: its index, the event and the fix, as data."""

    def test_clock_event_out_of_order(self) -> None:
        """The clock's log: the event earlier than the one before it."""
        promise = sq.Promise(
            service="loss_report", milestones={"respond": sq.Target.wall(timedelta(hours=1))}
        )
        late = sq.Paused(datetime(2025, 10, 9, 9, 0, tzinfo=SH), reason="awaiting_customer")
        log = [sq.Opened(datetime(2025, 10, 9, 10, 0, tzinfo=SH)), late]
        with pytest.raises(errors.EventLogError) as caught:
            sq.read_clock(promise, log, datetime(2025, 10, 9, 11, 0, tzinfo=SH))
        e = caught.value
        assert e.code == "event_log.event"
        assert (e.index, e.event) == (1, late)
        assert e.fix is not None
        assert e.fix.startswith("order the log by instant")
        assert dict(e.data) == {"index": 1, "event": late, "fix": e.fix}
        assert str(e).endswith(e.fix)

    def test_clock_state(self) -> None:
        """A resume while running names the event the replay refused."""
        promise = sq.Promise(
            service="loss_report", milestones={"respond": sq.Target.wall(timedelta(hours=1))}
        )
        resume = sq.Resumed(datetime(2025, 10, 9, 10, 5, tzinfo=SH))
        log = [sq.Opened(datetime(2025, 10, 9, 10, 0, tzinfo=SH)), resume]
        with pytest.raises(errors.EventLogError) as caught:
            sq.read_clock(promise, log, datetime(2025, 10, 9, 11, 0, tzinfo=SH))
        assert (caught.value.code, caught.value.index, caught.value.event) == (
            "event_log.event",
            1,
            resume,
        )

    def test_not_about_one_event(self) -> None:
        """A log with no Opened: the class's code, and no index, event or fix."""
        promise = sq.Promise(
            service="loss_report", milestones={"respond": sq.Target.wall(timedelta(hours=1))}
        )
        with pytest.raises(errors.EventLogError) as caught:
            sq.read_clock(promise, [], datetime(2025, 10, 9, 11, 0, tzinfo=SH))
        e = caught.value
        assert (e.code, e.index, e.event, e.fix) == ("event_log", None, None, None)

    def test_routing_entry_not_an_event(self) -> None:
        """A routing log entry that is no event: the entry itself is the data."""
        from svcquality.routing import Arrived, Request

        with pytest.raises(errors.RoutingError) as caught:
            Request("R-1", log=[Arrived(datetime(2025, 10, 9, 9, 0, tzinfo=SH)), "taken"])
        e = caught.value
        assert (e.code, e.index, e.event) == ("routing.event", 1, "taken")
        assert e.fix is not None
        assert e.fix.startswith("use Arrived")

    def test_feedback_state(self) -> None:
        """A feedback case verified before it was fed back: the state's fix."""
        from svcquality.feedback import Analysed, FeedbackCase, Handled, Received, Verified

        t = datetime(2025, 10, 9, 9, 0, tzinfo=SH)
        verify = Verified(t + timedelta(hours=3), satisfied=True)
        log = [Received(t, "慢"), Analysed(t, "原因"), Handled(t, "已办"), verify]
        promise = sq.Promise(
            service="feedback", milestones={"respond": sq.Target.wall(timedelta(hours=8))}
        )
        with pytest.raises(errors.FeedbackError) as caught:
            FeedbackCase("TS-1", promise, log=log)
        e = caught.value
        assert (e.code, e.index, e.event) == ("feedback.event", 3, verify)
        assert e.fix is not None
        assert "receive → analyse" in e.fix

    def test_data_travel_with_a_pickle(self) -> None:
        """A worker's error about an event arrives with its index and fix."""
        promise = sq.Promise(
            service="loss_report", milestones={"respond": sq.Target.wall(timedelta(hours=1))}
        )
        t = datetime(2025, 10, 9, 10, 0, tzinfo=SH)
        with pytest.raises(errors.EventLogError) as caught:
            sq.read_clock(promise, [sq.Opened(t), sq.Opened(t)], t)
        back = pickle.loads(pickle.dumps(caught.value))
        assert back.index == 1
        assert (back.event, back.fix) == (caught.value.event, caught.value.fix)


class TestPickle:
    @pytest.mark.parametrize("cls", CLASSES, ids=[c.__name__ for c in CLASSES])
    def test_round_trip_keeps_code_and_data(self, cls: type[SvcQualityError]) -> None:
        """An error from a worker process (Dask, multiprocessing) arrives whole."""
        if cls is errors.RulebookError:
            problem = errors.RulebookProblem("calendars.x.zone", "Mars/Base", "unknown", "fix")
            error: SvcQualityError = cls([problem])  # type: ignore[call-arg]
        else:
            error = cls("the message", code="language", where="w", value=5)
        back = pickle.loads(pickle.dumps(error))
        assert type(back) is cls
        assert (str(back), back.code, dict(back.data)) == (str(error), error.code, dict(error.data))
        if cls is errors.RulebookError:
            assert back.problems == error.problems  # type: ignore[attr-defined]
