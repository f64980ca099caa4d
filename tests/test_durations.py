"""Tests of svcquality.durations: the duration grammar of rulebooks."""

from __future__ import annotations

import contextlib
import doctest
import re
from datetime import time, timedelta
from time import perf_counter as time_counter

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.common import H

import svcquality as sq
from svcquality import durations, testing
from svcquality.durations import ACCEPTED_FORMS, format_duration, parse_duration
from svcquality.errors import DurationError, SvcQualityError
from svcquality.promises import Target

MIN = timedelta(minutes=1)
S = timedelta(seconds=1)


# --------------------------------------------------------------------------- strategies

#: The batch rules the grammar round-trips, a negative month day among them.
_RULES = (
    "FREQ=MONTHLY;BYMONTHDAY=25",
    "FREQ=MONTHLY;BYMONTHDAY=-1",
    "FREQ=WEEKLY;BYDAY=FR",
    "FREQ=DAILY",
)


def _grammar_targets(grid: timedelta) -> st.SearchStrategy[Target]:
    """Targets over the text grammar's range on one grid: durations up to 700 days,
    up to 250 working days, cut-offs at any time of day, the default counting only
    (the one a text form carries)."""
    return testing.targets(
        max_duration=timedelta(days=700),
        resolution=grid,
        max_working_days=250,
        countings=("working_days",),
        min_cutoff=time(0),
        max_cutoff=time.max,
        cutoff_resolution=grid,
        batch_rules=_RULES,
    )


#: Whole minutes (written "90min", cut-off "16:00") and any microsecond ("1.5s",
#: cut-off "09:05:30.000001").
targets = st.one_of(_grammar_targets(MIN), _grammar_targets(timedelta(microseconds=1)))


# --------------------------------------------------------------------------- parse


class TestParseAccepted:
    """Every accepted form, by example."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            # English wall-clock durations
            ("15s", Target.wall(15 * S)),
            ("15 s", Target.wall(15 * S)),
            ("15 seconds", Target.wall(15 * S)),
            ("90 min", Target.wall(90 * MIN)),
            ("90 minutes", Target.wall(90 * MIN)),
            ("4h", Target.wall(4 * H)),
            ("4H", Target.wall(4 * H)),
            ("4 hours", Target.wall(4 * H)),
            ("1.5 hours", Target.wall(90 * MIN)),
            ("1h 30min", Target.wall(90 * MIN)),
            ("1h, 30min", Target.wall(90 * MIN)),
            ("2 days", Target.days(2)),  # a day period (民法典 Art. 201), not 48 h
            ("1 week", Target.days(7)),
            ("15 calendar days", Target.days(15)),
            ("1 month", Target.months(1)),
            ("3 days (cutoff 16:00)", Target.days(3, cutoff=time(16))),
            ("72h", Target.wall(timedelta(days=3))),  # whole days of wall time: in hours
            ("250ms", Target.wall(timedelta(milliseconds=250))),
            ("half an hour", Target.wall(30 * MIN)),
            ("  4h  ", Target.wall(4 * H)),  # surrounding spaces
            # ISO 8601
            ("PT4H", Target.wall(4 * H)),
            ("pt4h", Target.wall(4 * H)),
            ("PT1H30M", Target.wall(90 * MIN)),
            ("PT0.5S", Target.wall(timedelta(milliseconds=500))),
            ("P3D", Target.days(3)),  # ISO 8601 days are nominal: a day period
            ("P1W", Target.days(7)),
            ("P1M", Target.months(1)),
            ("P1DT2H", Target.wall(timedelta(hours=26))),  # with a time part: wall time
            ("P1DT12H", Target.wall(timedelta(hours=36))),
            # Chinese wall-clock durations, as the sources write them
            ("15秒", Target.wall(15 * S)),
            ("30分钟", Target.wall(30 * MIN)),
            ("1小时", Target.wall(H)),
            ("24小时", Target.wall(24 * H)),
            ("二十四小时", Target.wall(24 * H)),
            ("两小时", Target.wall(2 * H)),
            ("半小时", Target.wall(30 * MIN)),
            ("2天", Target.days(2)),
            ("15日", Target.days(15)),  # 自收到消费投诉之日起15日内
            ("15个自然日", Target.days(15)),
            ("十五日", Target.days(15)),
            ("1个月", Target.months(1)),
            ("3个月", Target.months(3)),
            ("15日（16:00截止）", Target.days(15, cutoff=time(16))),
            ("360小时", Target.wall(timedelta(hours=360))),
            ("1小时30分钟", Target.wall(90 * MIN)),
            # business time
            ("1 business hour", Target.business(H)),
            ("30 business minutes", Target.business(30 * MIN)),
            ("2 working hours", Target.business(2 * H)),
            ("工作时间1小时", Target.business(H)),
            ("1个工作小时", Target.business(H)),
            # working-day periods
            ("3 working days", Target.working_days(3)),
            ("1 working day", Target.working_days(1)),
            ("5 business days", Target.working_days(5)),
            ("3 work days", Target.working_days(3)),
            ("same business day", Target.working_days(0)),
            ("Same Working Day", Target.working_days(0)),
            ("next business day", Target.working_days(1)),
            ("T+1", Target.working_days(1)),
            ("t + 3", Target.working_days(3)),
            ("T+0", Target.working_days(0)),
            ("3个工作日", Target.working_days(3)),
            ("7个工作日", Target.working_days(7)),
            ("5工作日", Target.working_days(5)),
            ("三个工作日", Target.working_days(3)),
            ("当日", Target.working_days(0)),
            ("当天", Target.working_days(0)),
            ("当日办结", Target.working_days(0)),
            ("次日", Target.working_days(1)),
            # cut-off times
            ("3 working days (cutoff 16:00)", Target.working_days(3, time(16))),
            ("3 working days, cut-off 9:30", Target.working_days(3, time(9, 30))),
            ("T+1 (cutoff at 15:00)", Target.working_days(1, time(15))),
            ("same business day (cutoff 16:00)", Target.working_days(0, time(16))),
            ("3个工作日（16:00截止）", Target.working_days(3, time(16))),
            ("当日(15:30前)", Target.working_days(0, time(15, 30))),
            ("2 working days (cutoff 09:05:30)", Target.working_days(2, time(9, 5, 30))),
            # batches
            ("batch FREQ=MONTHLY;BYMONTHDAY=25", Target.batch("FREQ=MONTHLY;BYMONTHDAY=25")),
            ("Batch: FREQ=WEEKLY;BYDAY=FR", Target.batch("FREQ=WEEKLY;BYDAY=FR")),
        ],
    )
    def test_form(self, text: str, expected: Target) -> None:
        """Each form reads as the target it names."""
        assert parse_duration(text) == expected

    def test_issue_acceptance(self) -> None:
        """The acceptance examples of issue 8."""
        assert parse_duration("3个工作日") == sq.Target.working_days(3)
        assert parse_duration("15秒") == sq.Target.wall(timedelta(seconds=15))
        assert parse_duration("1 business hour") == sq.Target.business(timedelta(hours=1))

    @pytest.mark.parametrize("text", ACCEPTED_FORMS)
    def test_every_listed_form_reads(self, text: str) -> None:
        """The forms the errors advertise are all accepted."""
        assert isinstance(parse_duration(text), Target)


class TestParseErrors:
    """Every rejection: the message shows the text, the position and the accepted forms."""

    @pytest.mark.parametrize(
        ("text", "position", "problem"),
        [
            ("", 0, "it is empty"),
            ("   ", 0, "it is empty"),
            ("-4h", 0, "cannot be negative"),
            ("  −4h", 2, "cannot be negative"),  # a Unicode minus
            ("4", 0, "a number needs a unit"),
            ("15", 0, "a number needs a unit"),
            ("4h 30", 3, "a number needs a unit"),
            ("abc", 0, "expected a number followed by a unit"),
            ("4 parsecs", 0, "expected a number followed by a unit"),
            ("4h garbage", 3, "expected a number followed by a unit"),
            ("PT", 0, "expected a number followed by a unit"),
            ("0h", 0, "longer than zero"),
            ("PT0S", 0, "longer than zero"),
            ("0 business hours", 0, "longer than zero"),
            ("0.0000001s", 0, "whole number of microseconds"),
            ("3.5 working days", 0, "whole days"),
            ("100000 working days", 0, "is not a promise"),
            ("T+100000", 2, "is not a promise"),
            ("99999999999h", 0, "longer than 100 years"),
            ("600000h 600000h", 8, "longer than 100 years"),
            ("1d 12h", 0, "days are day periods"),
            ("1.5 days", 0, "whole days"),
            ("0日", 0, "at least one day"),
            ("40000 days", 0, "longer than 100 years"),
            ("4h (cutoff 16:00)", 0, "a cut-off only goes with working days"),
            ("3 working days (cutoff 25:00)", 23, "is not a time of day"),
            ("十十小时", 0, "is not a number this grammar reads"),
            ("batch", 5, "needs an RFC 5545 rule"),
            ("batch FREQ=SOMETIMES", 6, "not a batch recurrence"),
            ("batch FREQ=MONTHLY;COUNT=3", 6, "not a batch recurrence"),
        ],
    )
    def test_message(self, text: str, position: int, problem: str) -> None:
        """The message names the problem, the text, the position and the accepted forms."""
        with pytest.raises(DurationError, match=re.escape(problem)) as info:
            parse_duration(text)
        message = str(info.value)
        assert f"cannot read duration {text!r} at position {position}:" in message
        assert "accepted forms: '15s'" in message
        assert "'3个工作日'" in message

    @pytest.mark.parametrize("value", [None, 15, 1.5, b"4h", ["4h"], timedelta(hours=4)])
    def test_not_text(self, value: object) -> None:
        """Only text is read; anything else says what was given."""
        with pytest.raises(DurationError, match="expected text such as '4h', got"):
            parse_duration(value)  # type: ignore[arg-type]

    def test_caret_under_the_position(self) -> None:
        """The caret points at the position, counting wide characters twice."""
        with pytest.raises(DurationError) as info:
            parse_duration("1小时 xyz")
        lines = str(info.value).splitlines()
        assert lines[1] == "  1小时 xyz"
        assert lines[2] == "  " + " " * 6 + "^"

    def test_errors_are_value_errors(self) -> None:
        """A DurationError is a SvcQualityError and a ValueError."""
        with pytest.raises(ValueError, match="cannot read duration"):
            parse_duration("soon")
        assert issubclass(DurationError, SvcQualityError)

    @given(st.text(max_size=40))
    def test_fuzz_only_duration_errors(self, text: str) -> None:
        """Any text is read or refused with a DurationError; nothing else escapes."""
        try:
            target = parse_duration(text)
        except DurationError as exc:
            message = str(exc)
        else:
            message = "accepted forms: (none needed)"
            assert isinstance(target, Target)
        assert "accepted forms:" in message

    @given(
        st.lists(
            st.sampled_from(
                [
                    "1",
                    "15",
                    "0",
                    "4.5",
                    "二十",
                    "h",
                    "小时",
                    "分钟",
                    "s",
                    " ",
                    "working",
                    "days",
                    "business",
                    "hour",
                    "个",
                    "工作日",
                    "T",
                    "+",
                    "(",
                    "cutoff",
                    "16:00",
                    ")",
                    "P",
                    "D",
                    "batch",
                    "-",
                    "当日",
                    ",",
                ]
            ),
            max_size=8,
        ).map("".join)
    )
    def test_fuzz_near_misses(self, text: str) -> None:
        """Texts built from the grammar's own pieces never escape as other errors."""
        try:
            target = parse_duration(text)
        except DurationError:
            return
        assert parse_duration(format_duration(target)) == target


# --------------------------------------------------------------------------- format


class TestGrammarBounds:
    """Issue 13: the grammar is linear, capped in length and reads look-alikes as written."""

    @pytest.mark.parametrize(
        "text",
        [
            "1h" + " " * 2000 + "x",  # 31 s of backtracking in the cut-off pattern
            "1" * 1_000_000,  # a 2,000,348-character message
            "3 working days (cutoff " + " " * 5000 + "16:00)",
        ],
    )
    def test_long_text_is_refused_before_reading(self, text: str) -> None:
        """Past 100 characters the text is refused at once, quoting its first 60."""
        start = time_counter()
        with pytest.raises(
            DurationError, match=rf"is {len(text)} characters long, more than the 100"
        ) as info:
            parse_duration(text)
        assert time_counter() - start < 1
        assert len(str(info.value)) < 400

    @pytest.mark.parametrize(
        "text",
        [
            "1h" + " " * 97 + "x",
            "1" * 100,
            "1h " * 33,
            "1." * 50,
            "(" * 100,
            "3 working days (cutoff " + "1" * 77,
            "T+" + "1 " * 49,
        ],
    )
    def test_worst_cases_within_the_cap_are_fast(self, text: str) -> None:
        """Texts at the cap built to make a backtracking pattern slow are read at once."""
        start = time_counter()
        with contextlib.suppress(DurationError):
            parse_duration(text)
        assert time_counter() - start < 0.5

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("1μs", Target.wall(timedelta(microseconds=1))),  # Greek mu (it raised KeyError)
            ("1µs", Target.wall(timedelta(microseconds=1))),  # the micro sign
            ("１５秒", Target.wall(15 * S)),  # fullwidth digits
            ("３个工作日", Target.working_days(3)),
            ("１ｈ３０ｍｉｎ", Target.wall(90 * MIN)),
            ("3 working days (cutoff １６:００)", Target.working_days(3, cutoff=time(16))),
        ],
    )
    def test_look_alikes_read_after_nfkc(self, text: str, expected: Target) -> None:
        """Text is NFKC-normalised first: fullwidth forms and the micro sign read as ASCII."""
        assert parse_duration(text) == expected


class TestFormat:
    """Canonical English and Chinese forms."""

    @pytest.mark.parametrize(
        ("target", "en", "zh"),
        [
            (Target.wall(15 * S), "15s", "15秒"),
            (Target.wall(90 * MIN), "90min", "90分钟"),
            (Target.wall(24 * H), "24h", "24小时"),
            (Target.wall(timedelta(days=3)), "72h", "72小时"),
            (Target.wall(timedelta(milliseconds=1500)), "1.5s", "1.5秒"),
            (Target.business(H), "1 business hour", "工作时间1小时"),
            (Target.business(2 * H), "2 business hours", "工作时间2小时"),
            (Target.business(30 * MIN), "30 business minutes", "工作时间30分钟"),
            (Target.working_days(0), "same business day", "当日"),
            (Target.working_days(1), "1 working day", "1个工作日"),
            (Target.working_days(5), "5 working days", "5个工作日"),
            (
                Target.working_days(3, time(16)),
                "3 working days (cutoff 16:00)",
                "3个工作日（16:00截止）",
            ),
            (Target.batch("FREQ=MONTHLY"), "batch FREQ=MONTHLY", "batch FREQ=MONTHLY"),
        ],
    )
    def test_canonical(self, target: Target, en: str, zh: str) -> None:
        """Each target has one English and one Chinese form."""
        assert format_duration(target) == en
        assert format_duration(target, language="zh") == zh

    def test_unknown_language(self) -> None:
        """Only 'en' and 'zh' are written."""
        with pytest.raises(DurationError, match="language must be 'zh' or 'en', got 'fr'"):
            format_duration(Target.wall(H), language="fr")  # type: ignore[arg-type]

    def test_not_a_target(self) -> None:
        """A timedelta is not a target: say which constructor to use."""
        with pytest.raises(DurationError, match=r"expected a Target such as Target\.wall"):
            format_duration(H)  # type: ignore[arg-type]

    def test_counting_has_no_text(self) -> None:
        """Another counting rule is refused rather than silently lost."""
        with pytest.raises(DurationError, match="own 'counting' key"):
            format_duration(Target.working_days(5, counting="calendar_days"))

    @given(targets, st.sampled_from(["en", "zh"]))
    def test_round_trip(self, target: Target, language: durations.Language) -> None:
        """parse(format(t)) == t in both languages."""
        assert parse_duration(format_duration(target, language=language)) == target

    @given(targets)
    def test_languages_agree(self, target: Target) -> None:
        """The English and Chinese forms read as the same target."""
        en = parse_duration(format_duration(target, language="en"))
        assert en == parse_duration(format_duration(target, language="zh"))


class TestHumanDuration:
    """Lengths of time as people read them (issue 17): hours, never 24-hour days."""

    @pytest.mark.parametrize(
        ("d", "zh", "en"),
        [
            (timedelta(days=1, hours=10, minutes=10), "34小时10分钟", "34 h 10 min"),
            (timedelta(days=4, hours=14), "110小时", "110 h"),
            (90 * S, "1分钟30秒", "1 min 30 s"),
            (H + 5 * S, "1小时5秒", "1 h 5 s"),
            (timedelta(milliseconds=1500), "1.5秒", "1.5 s"),
            (timedelta(microseconds=1), "0.000001秒", "0.000001 s"),
            (timedelta(0), "0分钟", "0 min"),
            (-(90 * MIN), "-1小时30分钟", "-1 h 30 min"),
        ],
    )
    def test_reference(self, d: timedelta, zh: str, en: str) -> None:
        assert sq.human_duration(d) == zh
        assert sq.human_duration(d, language="en") == en

    @given(
        st.timedeltas(min_value=timedelta(microseconds=1), max_value=timedelta(days=3650)),
        st.sampled_from(["zh", "en"]),
    )
    def test_reads_back_as_the_same_wall_time(
        self, d: timedelta, language: durations.Language
    ) -> None:
        assert parse_duration(sq.human_duration(d, language=language)) == Target.wall(d)

    def test_refuses_what_it_cannot_write(self) -> None:
        with pytest.raises(DurationError, match="language must be 'zh' or 'en', got 'fr'"):
            sq.human_duration(H, language="fr")  # type: ignore[arg-type]
        with pytest.raises(DurationError, match=r"expected a timedelta .* got int 3600"):
            sq.human_duration(3600)  # type: ignore[arg-type]
        with pytest.raises(DurationError, match=r"got str '1h'"):
            sq.human_duration("1h")  # type: ignore[arg-type]


def test_docstring_examples() -> None:
    """The examples in the module's docstrings run."""
    result = doctest.testmod(durations)
    assert result.attempted >= 4
    assert result.failed == 0


class TestRuleWording:
    """The wording of rules: "15日内", "3个工作日以内"; "1月" is not a month period."""

    @pytest.mark.parametrize(
        ("text", "target"),
        [
            ("15日内", Target.days(15)),
            ("15日以内", Target.days(15)),
            ("15天内", Target.days(15)),
            ("3个工作日内", Target.working_days(3)),
            ("3个工作日以内", Target.working_days(3)),
            ("1个月内", Target.months(1)),
        ],
    )
    def test_within_is_the_same_period(self, text: str, target: Target) -> None:
        assert parse_duration(text) == target

    @pytest.mark.parametrize("text", ["1月", "3月内"])
    def test_a_bare_month_is_refused(self, text: str) -> None:
        n = text[0]
        with pytest.raises(DurationError, match=f"reads as a month of the year; write '{n}个月'"):
            parse_duration(text)

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("1.5个月", "a period of months is counted in whole months"),
            ("0.5日", "a period of days is counted in whole days"),
            ("1201个月", "longer than 100 years; check the number of months"),
            ("10001日", "longer than 100 years; check the number of days"),
        ],
    )
    def test_period_errors_name_their_unit(self, text: str, message: str) -> None:
        with pytest.raises(DurationError, match=re.escape(message)):
            parse_duration(text)

    def test_the_longest_periods(self) -> None:
        assert parse_duration("1200个月") == Target.months(1200)
        assert parse_duration("10000日") == Target.days(10000)
