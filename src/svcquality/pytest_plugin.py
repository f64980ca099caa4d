"""A pytest plugin with fixtures for svcquality's preset rulebooks.

Installing svcquality registers it through the ``pytest11`` entry point, so a
bank's own test suite can ask for a preset by fixture name::

    def test_our_refund_rule_is_stricter(preset_rural_call_centre_7x24):
        ...

Fixtures (session-scoped; a rulebook is an immutable value):

- ``svcquality_presets``: every preset rulebook by name;
- ``preset_credit_card_centre``, ``preset_branch_service_manual``,
  ``preset_branch_complaint_desk``, ``preset_multichannel_call_centre``,
  ``preset_rural_call_centre_7x24``: one preset each;
- ``feedback_tiers``: the service-quality manual's severity levels (EMERGENCY, I, II, III).

The strategies and assertions are in :mod:`svcquality.testing`; this module
only adds fixtures, and pytest is the only thing it imports besides svcquality.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pytest

from svcquality import presets
from svcquality.escalation import Tiers
from svcquality.rulebook import Rulebook

__all__ = [
    "PRESETS",
    "feedback_tiers",
    "preset_branch_complaint_desk",
    "preset_branch_service_manual",
    "preset_credit_card_centre",
    "preset_multichannel_call_centre",
    "preset_rural_call_centre_7x24",
    "svcquality_presets",
]

#: The presets the fixtures serve, by name.
PRESETS: Mapping[str, Callable[[], Rulebook]] = {
    "credit_card_centre": presets.credit_card_centre,
    "branch_service_manual": presets.branch_service_manual,
    "branch_complaint_desk": presets.branch_complaint_desk,
    "multichannel_call_centre": presets.multichannel_call_centre,
    "rural_call_centre_7x24": presets.rural_call_centre_7x24,
}


@pytest.fixture(scope="session")
def svcquality_presets() -> dict[str, Rulebook]:
    """Every preset rulebook, by name."""
    return {name: build() for name, build in PRESETS.items()}


@pytest.fixture(scope="session")
def preset_credit_card_centre() -> Rulebook:
    """The credit-card call centre: 15 s / 85%, abandon <= 5%, first line >= 95%."""
    return presets.credit_card_centre()


@pytest.fixture(scope="session")
def preset_branch_service_manual() -> Rulebook:
    """The branch service-quality manual: service-time promises, tiers, green channel."""
    return presets.branch_service_manual()


@pytest.fixture(scope="session")
def preset_branch_complaint_desk() -> Rulebook:
    """The branch complaint desk: same-day closure, re-check and call-back."""
    return presets.branch_complaint_desk()


@pytest.fixture(scope="session")
def preset_multichannel_call_centre() -> Rulebook:
    """The multichannel call centre: knowledge base and work-order routing."""
    return presets.multichannel_call_centre()


@pytest.fixture(scope="session")
def preset_rural_call_centre_7x24() -> Rulebook:
    """The rural bank 7x24 centre: ATM error refund in 5 working days, POS batches."""
    return presets.rural_call_centre_7x24()


@pytest.fixture(scope="session")
def feedback_tiers() -> Tiers:
    """The service-quality manual's severity levels: EMERGENCY, I, II, III."""
    return presets.feedback_tiers()
