"""svcquality.rulebook._grammars and the grammars on their types: parse/format pairs.

Each grammar a rulebook reads is written back by its pair, and reads back equal:
targets (``Target.parse`` / ``Target.format``, ``parse_duration`` the public
alias), weekly hours (in tests/calendars/test_hours.py), triggers and actions.
"""

from __future__ import annotations

from datetime import timedelta
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from svcquality import testing
from svcquality.durations import format_duration, parse_duration
from svcquality.errors import LadderError
from svcquality.escalation import (
    Action,
    AfterDue,
    BeforeDue,
    Consumed,
    GreenChannel,
    HandToSecondLine,
    InformCustomer,
    Notify,
    OnBreach,
    Reassign,
    Trigger,
)
from svcquality.promises import Target
from svcquality.rulebook._grammars import (
    format_action,
    format_trigger,
    parse_action,
    parse_trigger,
)
from svcquality.rulebook._problems import HookError

_offsets = st.timedeltas(min_value=timedelta(microseconds=1), max_value=timedelta(days=30))
_shares = st.fractions(min_value=Fraction(0), max_value=Fraction(1), max_denominator=10_000)
_triggers: st.SearchStrategy[Trigger] = st.one_of(
    _shares.filter(lambda f: f > 0).map(Consumed),
    _offsets.map(BeforeDue),
    _offsets.map(AfterDue),
    st.just(OnBreach()),
)
_ids = st.sampled_from(["supervisor", "card_centre", "progress_sms", "信用卡中心", "team-lead"])
_actions: st.SearchStrategy[Action] = st.one_of(
    *(_ids.map(kind) for kind in (Notify, Reassign, GreenChannel, HandToSecondLine)),
    _ids.map(InformCustomer),
)


class TestTarget:
    """Target.parse and Target.format: the duration grammar on its type."""

    @given(testing.targets(countings=("working_days",)), st.sampled_from(["en", "zh"]))
    def test_round_trip(self, target: Target, language: str) -> None:
        """parse(format(t)) == t in either language."""
        assert Target.parse(target.format(language=language)) == target  # type: ignore[arg-type]

    @given(testing.targets(countings=("working_days",)))
    def test_the_public_aliases(self, target: Target) -> None:
        """parse_duration and format_duration are the same grammar."""
        text = format_duration(target)
        assert target.format() == text
        assert Target.parse(text) == parse_duration(text) == target


class TestTrigger:
    """parse_trigger and format_trigger."""

    @pytest.mark.parametrize(
        ("trigger", "text"),
        [
            (Consumed(Fraction(4, 5)), "80% consumed"),
            (Consumed(Fraction(1, 8)), "12.5% consumed"),  # an exact percentage
            (Consumed(Fraction(1, 3)), "1/3 consumed"),  # no exact percentage
            (BeforeDue(timedelta(hours=1)), "1h before due"),
            (AfterDue(timedelta(minutes=90)), "90min after due"),
            (OnBreach(), "on breach"),
        ],
    )
    def test_format(self, trigger: Trigger, text: str) -> None:
        """The canonical text of each kind of trigger."""
        assert format_trigger(trigger) == text
        assert parse_trigger(text) == trigger

    @given(_triggers)
    def test_round_trip(self, trigger: Trigger) -> None:
        """parse(format(t)) == t."""
        assert parse_trigger(format_trigger(trigger)) == trigger

    @given(st.text(max_size=30))
    def test_any_text_is_read_or_refused(self, text: str) -> None:
        """Any text is a trigger or a HookError with a fix, nothing else."""
        try:
            trigger = parse_trigger(text)
        except HookError as exc:
            fix = exc.fix
            assert fix.startswith("write ")  # a trigger, a duration or a length
            return
        assert parse_trigger(format_trigger(trigger)) == trigger


class TestAction:
    """parse_action and format_action."""

    @pytest.mark.parametrize(
        ("action", "plain"),
        [
            (Notify("supervisor"), {"notify": "supervisor"}),
            (Reassign("team_lead"), {"reassign": "team_lead"}),
            (GreenChannel(), {"green_channel": "supervisor"}),
            (HandToSecondLine("card_centre"), {"hand_to_second_line": "card_centre"}),
            (InformCustomer("progress_sms"), {"inform_customer": "progress_sms"}),
        ],
    )
    def test_format(self, action: Action, plain: dict[str, str]) -> None:
        """Each kind of action is its key and its one name."""
        assert format_action(action) == plain
        assert parse_action(plain) == action

    def test_green_channel_alone(self) -> None:
        """'green_channel' alone is the green channel to the supervisor."""
        assert parse_action("green_channel") == GreenChannel()

    @given(_actions)
    def test_round_trip(self, action: Action) -> None:
        """parse(format(a)) == a."""
        assert parse_action(format_action(action)) == action

    def test_not_an_action(self) -> None:
        """Something that is not an action has no plain form."""
        with pytest.raises(LadderError, match="is not an action"):
            format_action(OnBreach())  # type: ignore[arg-type]
