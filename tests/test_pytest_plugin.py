"""The pytest plugin: registered by entry point, its fixtures serve the presets."""

from __future__ import annotations

from importlib.metadata import entry_points

import svcquality as sq
from svcquality.pytest_plugin import PRESETS


def test_registered_as_a_pytest11_entry_point() -> None:
    (ep,) = [e for e in entry_points(group="pytest11") if e.name == "svcquality"]
    assert ep.value == "svcquality.pytest_plugin"


def test_fixtures_serve_every_preset(
    svcquality_presets: dict[str, sq.Rulebook],
    preset_credit_card_centre: sq.Rulebook,
    preset_rural_call_centre_7x24: sq.Rulebook,
) -> None:
    assert set(svcquality_presets) == set(PRESETS)
    assert svcquality_presets["credit_card_centre"] == preset_credit_card_centre
    assert preset_rural_call_centre_7x24 == sq.presets.rural_call_centre_7x24()


def test_feedback_tiers_fixture(feedback_tiers: sq.Tiers) -> None:
    assert [level.code for level in feedback_tiers.ordered()] == ["EMERGENCY", "I", "II", "III"]
