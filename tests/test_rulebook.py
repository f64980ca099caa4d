"""Tests of svcquality.rulebook: load_rulebook, dump_rulebook, RulebookError."""

from __future__ import annotations

import copy
import json
import re
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from svcquality import kpi, presets, rulebook
from svcquality.authority import Money
from svcquality.errors import RulebookError, RulebookProblem, SvcQualityError
from svcquality.escalation import Consumed, GreenChannel, Notify, OnBreach
from svcquality.promises import StatusRule, Target
from svcquality.rulebook import SCHEMA_VERSION, Rulebook, dump_rulebook, load_rulebook


def small() -> dict[str, Any]:
    """A rulebook touching every section."""
    return {
        "schema_version": 1,
        "calendars": {
            "branch": {
                "hours": {"mon-fri": "09:00-12:00, 13:30-17:00", "sat": "09:00-12:00"},
                "zone": "Asia/Shanghai",
                "holidays": "CN",
                "closed_dates": ["2025-06-03"],
                "special_hours": {"2025-06-04": "09:00-12:00"},
                "years": [2024, 2026],
            },
            "hotline": {"hours": "24x7", "zone": "Asia/Shanghai"},
        },
        "roles": ["teller", "supervisor"],
        "units": {"card_centre": {"calendar": "hotline", "answer_within": "24小时"}},
        "tiers": [{"code": "I"}, {"code": "II"}],
        "promises": [
            {
                "service": "loss_report",
                "milestones": {"respond": "1小时", "initial_disposal": "4h"},
            },
            {
                "service": "atm_refund",
                "calendar": "branch",
                "goal": "95%",
                "milestones": {"resolve": {"target": "5个工作日", "counting": "calendar_days"}},
            },
        ],
        "catalog": [
            {"when": {"service": "atm_refund"}, "promise": "atm_refund"},
            {"when": {"severity": ["I", "II"]}, "promise": "loss_report"},
            {"promise": "loss_report"},
        ],
        "ladders": {
            "loss_report": [
                {
                    "milestone": "respond",
                    "steps": [
                        {"trigger": "50% consumed", "action": {"notify": "supervisor"}},
                        {"trigger": "on breach", "action": "green_channel", "calendar": "branch"},
                    ],
                }
            ]
        },
        "routing": [
            {"to": "card_centre", "service": "card_points", "amount_max": "5000"},
            {"to": "teller", "kind": "role"},
        ],
        "authority": {
            "roles": ["teller", "supervisor"],
            "zone": "Asia/Shanghai",
            "rules": [
                {"role": "teller", "action": "挂失", "requires_second_person": True},
                {
                    "role": "teller",
                    "action": "fee_waiver",
                    "max_amount": "CNY 200",
                    "limits": [{"period": "day", "max_count": 5}],
                    "conditions": {"tier": {"in": ["gold", "platinum"]}},
                },
            ],
        },
        "scorecard": [
            {"name": "sl", "kpi": "service_level", "options": {"threshold": "15s"}, "target": 0.85},
            {"name": "asa", "kpi": "average_speed_of_answer", "target": "20s", "op": "<="},
        ],
    }


class TestLoad:
    """load_rulebook builds the models."""

    def test_models(self) -> None:
        """Every section becomes its model, references resolved to objects."""
        rb = load_rulebook(small())
        assert isinstance(rb, Rulebook)
        assert rb.schema_version == SCHEMA_VERSION
        branch = rb.calendars["branch"]
        assert branch.name == "branch"
        assert rb.promises["atm_refund"].calendar is branch
        assert rb.promises["atm_refund"].goal == 0.95
        assert rb.promises["atm_refund"]["resolve"] == Target.working_days(
            5, counting="calendar_days"
        )
        assert rb.promises["loss_report"]["respond"] == Target.wall(timedelta(hours=1))
        assert rb.catalog is not None
        assert rb.catalog.match(service="atm_refund").promise.name == "atm_refund"
        (ladder,) = rb.ladders["loss_report"]
        assert ladder.steps[0].trigger == Consumed(0.5)
        assert ladder.steps[0].action == Notify("supervisor")
        assert ladder.steps[1].trigger == OnBreach()
        assert ladder.steps[1].action == GreenChannel()
        assert ladder.steps[1].calendar is branch
        assert rb.units["card_centre"].answer_within == Target.wall(timedelta(hours=24))
        assert rb.unit_calendars() == {"card_centre": rb.calendars["hotline"]}
        assert rb.routing is not None
        assert rb.routing.route({"service": "card_points", "amount": "100"}).to == "card_centre"
        assert rb.authority is not None
        assert rb.authority.roles == ("teller", "supervisor")
        assert rb.scorecard is not None
        assert [o.name for o in rb.scorecard.objectives] == ["sl", "asa"]

    def test_empty_mapping(self) -> None:
        """An empty mapping is an empty rulebook."""
        assert load_rulebook({}) == Rulebook()

    def test_from_json(self) -> None:
        """What a JSON loader returns loads the same."""
        assert load_rulebook(json.loads(json.dumps(small()))) == load_rulebook(small())


class TestRoundTrip:
    """dump_rulebook writes the normal form; loading it gives the same rulebook."""

    @pytest.mark.parametrize("language", ["en", "zh"])
    def test_load_dump_load(self, language: str) -> None:
        """load(dump(rb)) == rb in both languages."""
        rb = load_rulebook(small())
        assert load_rulebook(dump_rulebook(rb, language=language)) == rb  # type: ignore[arg-type]

    def test_normal_form(self) -> None:
        """Defaults are left out, durations and hours written canonically."""
        data = dump_rulebook(load_rulebook(small()))
        assert data["calendars"]["hotline"] == {"hours": "24x7", "zone": "Asia/Shanghai"}
        assert data["promises"][0] == {
            "service": "loss_report",
            "milestones": {"respond": "1h", "initial_disposal": "4h"},
        }
        assert data["promises"][1]["goal"] == 0.95
        assert data["promises"][1]["milestones"]["resolve"] == {
            "target": "5 working days",
            "counting": "calendar_days",
        }
        steps = data["ladders"]["loss_report"][0]["steps"]
        assert steps[0]["trigger"] == "50% consumed"
        assert steps[1]["action"] == {"green_channel": "supervisor"}
        assert data["routing"][0]["amount_max"] == "5000"
        with_currency = small()
        with_currency["routing"][0]["amount_max"] = "CNY 5000"
        rb = load_rulebook(with_currency)
        assert rb.routing is not None
        assert rb.routing.rules[0].amount_max == Money(5000, "CNY")
        assert dump_rulebook(rb)["routing"][0]["amount_max"] == "CNY 5000"
        assert json.loads(json.dumps(data)) == data  # plain data only

    def test_catalog_amounts_and_calendar_precedence(self) -> None:
        """A catalog rule's amount range and calendar_from load, dump and load again."""
        data = small()
        data["catalog"][:0] = [
            {
                "when": {"service": "atm_refund"},
                "amount_min": "CNY 50000",
                "promise": "loss_report",
            },
            {
                "when": {"service": "complaint", "branch": ["b1", "b2"]},
                "amount_max": "1000",
                "promise": "atm_refund",
                "calendar": "hotline",
                "calendar_from": ["branch_calendar", "group_calendar"],
            },
        ]
        rb = load_rulebook(data)
        assert rb.catalog is not None
        large, branch = rb.catalog.rules[:2]
        assert large.amount_min == Money(50000, "CNY")
        assert branch.calendar_from == ("branch_calendar", "group_calendar")
        m = rb.catalog.match(service="complaint", branch="b1", amount="10")
        assert (m.promise.name, m.calendar_source) == ("atm_refund", "rule")
        m = rb.catalog.match(service="complaint", branch="b2", amount=10, group_calendar="branch")
        assert (m.promise.calendar, m.calendar_source) == (rb.calendars["branch"], "group_calendar")
        dumped = dump_rulebook(rb)
        assert dumped["catalog"][0]["amount_min"] == "CNY 50000"
        assert dumped["catalog"][1]["calendar_from"] == ["branch_calendar", "group_calendar"]
        assert load_rulebook(dumped) == rb
        assert dump_rulebook(load_rulebook(dumped)) == dumped
        assert load_rulebook(dump_rulebook(rb, language="zh")) == rb

    def test_catalog_versions(self) -> None:
        """in_force_from and applies_to_open load, bind requests by their opening, and
        dump and load again."""
        data = small()
        promises = [
            {"service": "complaint", "calendar": "hotline", "milestones": {"answer": "15 days"}}
        ]
        promises.append(
            {
                "service": "complaint",
                "name": "complaint_10",
                "calendar": "hotline",
                "milestones": {"answer": "10 days"},
            }
        )
        data["promises"] += promises
        data["catalog"][:0] = [
            {"when": {"service": "complaint"}, "promise": "complaint"},
            {
                "when": {"service": "complaint"},
                "promise": "complaint_10",
                "in_force_from": "2026-01-01T00:00+08:00",
            },
            {
                "when": {"service": "card_dispute"},
                "promise": "complaint_10",
                "in_force_from": "2026-01-01T00:00+08:00",
                "applies_to_open": True,
            },
        ]
        rb = load_rulebook(data)
        assert rb.catalog is not None
        old, new, open_ = rb.catalog.rules[:3]
        assert old.in_force_from is None
        assert new.in_force_from == datetime(2026, 1, 1, tzinfo=timezone(timedelta(hours=8)))
        assert not new.applies_to_open
        assert open_.applies_to_open
        at = datetime(2025, 12, 30, 10, tzinfo=timezone(timedelta(hours=8)))
        assert rb.catalog.match_at(at, service="complaint").promise.name == "complaint"
        later = at + timedelta(days=3)
        assert rb.catalog.match_at(later, service="complaint").promise.name == ("complaint_10")
        dumped = dump_rulebook(rb)
        assert dumped["catalog"][1]["in_force_from"] == "2026-01-01T00:00:00+08:00"
        assert "applies_to_open" not in dumped["catalog"][1]
        assert dumped["catalog"][2]["applies_to_open"] is True
        assert load_rulebook(dumped) == rb
        assert dump_rulebook(load_rulebook(dumped)) == dumped

    def test_catalog_version_from_a_toml_datetime(self) -> None:
        """A TOML or YAML loader's aware datetime is read as the instant it is."""
        data = small()
        instant = datetime(2026, 1, 1, tzinfo=timezone(timedelta(hours=8)))
        data["catalog"][1:1] = [
            {"when": {"service": "atm_refund"}, "promise": "atm_refund", "in_force_from": instant}
        ]
        rb = load_rulebook(data)
        assert rb.catalog is not None
        assert rb.catalog.rules[1].in_force_from == instant

    def test_dump_is_idempotent(self) -> None:
        """dump(load(dump(rb))) == dump(rb)."""
        data = dump_rulebook(load_rulebook(small()))
        assert dump_rulebook(load_rulebook(data)) == data

    def test_unknown_language(self) -> None:
        """Only en and zh are written."""
        with pytest.raises(RulebookError, match="use language='en' or 'zh'"):
            dump_rulebook(Rulebook(), language="fr")  # type: ignore[arg-type]

    def test_combined_calendar_has_no_plain_form(self) -> None:
        """A combined calendar built in code cannot be written; the error says so."""
        rb = load_rulebook(small())
        both = rb.calendars["branch"] & rb.calendars["hotline"]
        with pytest.raises(RulebookError, match="combined calendar"):
            dump_rulebook(Rulebook(calendars={"both": both}))


# Every error message, with its path and a piece of its fix.
ERRORS: list[tuple[str, Any, str, str, str]] = [
    # (what, mapping-or-edit, path, message piece, fix piece)
    ("not a mapping", ["x"], "", "a rulebook is a mapping", "pass the mapping"),
    ("unknown section", {"promise": []}, "promise", "unknown section", "did you mean 'promises'?"),
    ("schema not a number", {"schema_version": "1"}, "schema_version", "whole number", "write"),
    ("newer schema", {"schema_version": 2}, "schema_version", "schema version 2", "upgrade"),
    ("description", {"description": 5}, "description", "expected text", "write a line"),
    ("calendars not a mapping", {"calendars": []}, "calendars", "must be a mapping", "write"),
    (
        "calendar name with space",
        {"calendars": {"my branch": {}}},
        "calendars['my branch']",
        "is not a name",
        "without spaces",
    ),
    (
        "calendar not a mapping",
        {"calendars": {"b": "9-5"}},
        "calendars.b",
        "expected a mapping",
        "'hours'",
    ),
    (
        "missing hours",
        {"calendars": {"b": {"zone": "UTC"}}},
        "calendars.b.hours",
        "required key 'hours' is missing",
        "mon-fri",
    ),
    (
        "bad weekday",
        {"calendars": {"b": {"hours": {"mon-fry": "09:00-17:00"}, "zone": "UTC"}}},
        "calendars.b.hours",
        "unknown weekday key 'mon-fry'",
        "keys mon..sun",
    ),
    (
        "hours not a mapping",
        {"calendars": {"b": {"hours": 9, "zone": "UTC"}}},
        "calendars.b.hours",
        "expected weekly hours",
        "'24x7'",
    ),
    (
        "bad zone",
        {"calendars": {"b": {"hours": "24x7", "zone": "Asia/Shangai"}}},
        "calendars.b.zone",
        "not a known IANA time zone",
        "IANA zone name",
    ),
    (
        "bad holidays",
        {"calendars": {"b": {"hours": "24x7", "zone": "UTC", "holidays": "XX"}}},
        "calendars.b.holidays",
        "XX",
        "country code such as 'CN'",
    ),
    (
        "China has no subdivisions",  # the fix's own example is one that exists
        {"calendars": {"b": {"hours": "24x7", "zone": "UTC", "holidays": "CN-GD"}}},
        "calendars.b.holidays",
        "CN has no subdivision 'GD'",
        "'US-NY' for a subdivision, or a mapping {'country': 'US', 'subdiv': 'NY'",
    ),
    (
        "bad date",
        {"calendars": {"b": {"hours": "24x7", "zone": "UTC", "closed_dates": ["2025-13-01"]}}},
        "calendars.b.closed_dates[0]",
        "expected a date",
        "ISO date",
    ),
    (
        "dates not a list",
        {"calendars": {"b": {"hours": "24x7", "zone": "UTC", "closed_dates": "2025-01-01"}}},
        "calendars.b.closed_dates",
        "expected a list",
        "write a list",
    ),
    (
        "bad years",
        {"calendars": {"b": {"hours": "24x7", "zone": "UTC", "years": [2026, 2020]}}},
        "calendars.b.years",
        "first and last trusted year",
        "[2020, 2026]",
    ),
    (
        "bad makeup weekday",
        {"calendars": {"b": {"hours": "24x7", "zone": "UTC", "makeup_hours": "mo"}}},
        "calendars.b.makeup_hours",
        "'mo' is not one of",
        "did you mean 'mon'?",
    ),
    (
        "unknown calendar key",
        {"calendars": {"b": {"hours": "24x7", "zone": "UTC", "holiday": "CN"}}},
        "calendars.b.holiday",
        "unknown key 'holiday'",
        "did you mean 'holidays'?",
    ),
    (
        "closed and working",
        {
            "calendars": {
                "b": {
                    "hours": "24x7",
                    "zone": "UTC",
                    "closed_dates": ["2025-01-01"],
                    "working_dates": ["2025-01-01"],
                }
            }
        },
        "calendars.b",
        "in both closed_dates and working_dates",
        "correct the calendar",
    ),
    ("promises not a list", {"promises": {}}, "promises", "must be a list", "write promises"),
    (
        "bad duration",
        {"promises": [{"service": "s", "milestones": {"resolve": "4 parsecs"}}]},
        "promises[0].milestones.resolve.target",
        "cannot read duration '4 parsecs' at position 0",
        "'3个工作日'",
    ),
    (
        "duration not text",
        {"promises": [{"service": "s", "milestones": {"resolve": {"target": 4}}}]},
        "promises[0].milestones.resolve.target",
        "a duration is text",
        "'4h'",
    ),
    (
        "negative duration",
        {"promises": [{"service": "s", "milestones": {"resolve": "-4h"}}]},
        "promises[0].milestones.resolve.target",
        "cannot be negative",
        "write a duration",
    ),
    (
        "counting on wall time",
        {
            "promises": [
                {"service": "s", "milestones": {"r": {"target": "4h", "counting": "calendar_days"}}}
            ]
        },
        "promises[0].milestones.r.counting",
        "only to working-day targets",
        "remove counting",
    ),
    (
        "bad counting",
        {"promises": [{"service": "s", "milestones": {"r": {"target": "T+1", "counting": "x"}}}]},
        "promises[0].milestones.r.counting",
        "'x' is not one of",
        "use one of",
    ),
    (
        "missing service",
        {"promises": [{"milestones": {"r": "1h"}}]},
        "promises[0].service",
        "required key 'service' is missing",
        "loss_report",
    ),
    (
        "service with spaces",
        {"promises": [{"service": "loss report", "milestones": {"r": "1h"}}]},
        "promises[0].service",
        "is not a name",
        "use _ instead of spaces",
    ),
    (
        "no milestones",
        {"promises": [{"service": "s", "milestones": {}}]},
        "promises[0].milestones",
        "no milestones",
        "add one",
    ),
    (
        "bad goal",
        {"promises": [{"service": "s", "goal": 90, "milestones": {"r": "1h"}}]},
        "promises[0].goal",
        "share in (0, 1]",
        "'90%'",
    ),
    (
        "unknown calendar",
        {
            "calendars": {"branch": {"hours": "24x7", "zone": "UTC"}},
            "promises": [{"service": "s", "calendar": "brnch", "milestones": {"r": "1h"}}],
        },
        "promises[0].calendar",
        "unknown calendar 'brnch'",
        "known calendars (closest first): 'branch'",
    ),
    (
        "business time without calendar",
        {"promises": [{"service": "s", "milestones": {"r": "1 business hour"}}]},
        "promises[0].calendar",
        "measured in open time but the promise has no calendar",
        "name a calendar",
    ),
    (
        "duplicate promise",
        {
            "promises": [
                {"service": "s", "milestones": {"r": "1h"}},
                {"service": "s", "milestones": {"r": "2h"}},
            ]
        },
        "promises[1].name",
        "defined twice",
        "its own name",
    ),
    (
        "unknown promise key",
        {"promises": [{"service": "s", "milestone": {"r": "1h"}}]},
        "promises[0].milestone",
        "unknown key 'milestone'",
        "did you mean 'milestones'?",
    ),
    (
        "catalog unknown promise",
        {
            "promises": [{"service": "loss_report", "milestones": {"r": "1h"}}],
            "catalog": [{"promise": "loss_reprt"}],
        },
        "catalog[0].promise",
        "unknown promise 'loss_reprt'",
        "known promises (closest first): 'loss_report'",
    ),
    ("catalog empty", {"catalog": []}, "catalog", "no rules", "default"),
    (
        "catalog amount in when",
        {
            "promises": [{"service": "s", "milestones": {"resolve": "1h"}}],
            "catalog": [{"when": {"amount": "5000"}, "promise": "s"}, {"promise": "s"}],
        },
        "catalog[0].when.amount",
        "the amount is not tested by names",
        "amount_min and amount_max",
    ),
    (
        "catalog empty range",
        {
            "promises": [{"service": "s", "milestones": {"resolve": "1h"}}],
            "catalog": [{"amount_min": "10", "amount_max": "5", "promise": "s"}, {"promise": "s"}],
        },
        "catalog[0]",
        "amount_min 10 is not below amount_max 5",
        "correct the rule",
    ),
    (
        "catalog bad calendar_from",
        {
            "promises": [{"service": "s", "milestones": {"resolve": "1h"}}],
            "catalog": [{"calendar_from": ["branch", "branch"], "promise": "s"}],
        },
        "catalog[0]",
        "calendar_from names 'branch' twice",
        "correct the rule",
    ),
    (
        "catalog naive in_force_from",
        {
            "promises": [{"service": "s", "milestones": {"resolve": "1h"}}],
            "catalog": [
                {"when": {"service": "s"}, "promise": "s", "in_force_from": "2026-01-01T00:00"},
                {"promise": "s"},
            ],
        },
        "catalog[0].in_force_from",
        "'2026-01-01T00:00' has no offset",
        "such as '2026-01-01T00:00+08:00'",
    ),
    (
        "catalog in_force_from not an instant",
        {
            "promises": [{"service": "s", "milestones": {"resolve": "1h"}}],
            "catalog": [
                {"when": {"service": "s"}, "promise": "s", "in_force_from": "next year"},
                {"promise": "s"},
            ],
        },
        "catalog[0].in_force_from",
        "'next year' is not an ISO instant",
        "write an ISO instant with its offset",
    ),
    (
        "catalog versions at one instant",
        {
            "promises": [{"service": "s", "milestones": {"resolve": "1h"}}],
            "catalog": [
                {"when": {"service": "s"}, "promise": "s", "in_force_from": "2026-01-01T00:00Z"},
                {
                    "when": {"service": "s"},
                    "promise": "s",
                    "in_force_from": "2026-01-01T08:00+08:00",
                },
                {"promise": "s"},
            ],
        },
        "catalog[1]",  # at the later version's entry (before 2026-12: at "catalog")
        "are versions of one rule (the same condition) both in force from",
        "give each version its own in_force_from",
    ),
    (
        # Review 15 F1: the version stood after the phone rule and took its place, so a
        # phone complaint opened in 2026 got the phone promise (the load accepted it).
        "catalog version apart from its rule",
        {
            "promises": [{"service": "s", "milestones": {"resolve": "1h"}}],
            "catalog": [
                {"when": {"service": "complaint"}, "promise": "s", "name": "complaints"},
                {"when": {"channel": "phone"}, "promise": "s", "name": "phone"},
                {
                    "when": {"service": "complaint"},
                    "promise": "s",
                    "name": "complaints 2026",
                    "in_force_from": "2026-01-01T00:00+08:00",
                },
                {"promise": "s"},
            ],
        },
        "catalog[2]",
        "rule 2 (complaints 2026) and rule 0 (complaints) are versions of one rule (the same "
        "condition), and rule 1 (phone) stands between them",
        "move 'complaints 2026' next to 'complaints' (right after rule 0 (complaints))",
    ),
    (
        "catalog applies_to_open without in_force_from",
        {
            "promises": [{"service": "s", "milestones": {"resolve": "1h"}}],
            "catalog": [{"promise": "s", "applies_to_open": True}],
        },
        "catalog[0]",
        "the rule has no in_force_from",
        "correct the rule",
    ),
    (
        "catalog unknown attribute",
        {
            "promises": [{"service": "s", "milestones": {"r": "1h"}}],
            "catalog": [{"when": {"servce": "s"}, "promise": "s"}, {"promise": "s"}],
        },
        "catalog[0].when.servce",
        "unknown attribute 'servce'",
        "did you mean 'service'?",
    ),
    (
        "catalog unknown severity",
        {
            "tiers": [{"code": "I"}, {"code": "II"}],
            "promises": [{"service": "s", "milestones": {"r": "1h"}}],
            "catalog": [{"when": {"severity": "III"}, "promise": "s"}, {"promise": "s"}],
        },
        "catalog[0].when.severity",
        "unknown severity 'III'",
        "known severities (closest first): 'II', 'I'",
    ),
    (
        "catalog unreachable",
        {
            "promises": [{"service": "s", "milestones": {"r": "1h"}}],
            "catalog": [{"promise": "s"}, {"when": {"service": "s"}, "promise": "s"}],
        },
        "catalog[1]",
        "can never match",
        "move it above rule 0",
    ),
    (
        "catalog no default",
        {
            "promises": [{"service": "s", "milestones": {"r": "1h"}}],
            "catalog": [{"when": {"service": "s"}, "promise": "s"}],
        },
        "catalog[0].when",
        "some requests would match no rule",
        "default rule",
    ),
    (
        "tier twice",
        {"tiers": [{"code": "I"}, {"code": "I"}]},
        "tiers[1].code",
        "defined twice",
        "one code",
    ),
    (
        "tier rank twice",
        {"tiers": [{"code": "I", "rank": 1}, {"code": "II"}]},
        "tiers[1].rank",
        "levels 'I' and 'II' share rank 1",
        "make them distinct",
    ),
    ("tiers empty", {"tiers": []}, "tiers", "no levels", "at least one level"),
    (
        "ladder unknown promise",
        {
            "promises": [{"service": "s", "milestones": {"r": "1h"}}],
            "ladders": {"t": []},
        },
        "ladders.t",
        "unknown promise 't'",
        "known promises (closest first): 's'",
    ),
    (
        "ladder unknown milestone",
        {
            "promises": [{"service": "s", "milestones": {"resolve": "1h"}}],
            "ladders": {"s": [{"milestone": "resolv", "steps": []}]},
        },
        "ladders.s[0].milestone",
        "has no milestone 'resolv'",
        "known milestones (closest first): 'resolve'",
    ),
    (
        "bad trigger",
        {
            "promises": [{"service": "s", "milestones": {"r": "1h"}}],
            "ladders": {"s": [{"milestone": "r", "steps": [{"trigger": "soon", "action": {}}]}]},
        },
        "ladders.s[0].steps[0].trigger",
        "'soon' is not a trigger",
        "'50% consumed'",
    ),
    (
        "trigger over 100%",
        {
            "promises": [{"service": "s", "milestones": {"r": "1h"}}],
            "ladders": {
                "s": [
                    {
                        "milestone": "r",
                        "steps": [{"trigger": "150% consumed", "action": "green_channel"}],
                    }
                ]
            },
        },
        "ladders.s[0].steps[0].trigger",
        "must be in (0, 1]",
        "'on breach'",
    ),
    (
        "bad action",
        {
            "promises": [{"service": "s", "milestones": {"r": "1h"}}],
            "ladders": {
                "s": [
                    {
                        "milestone": "r",
                        "steps": [{"trigger": "on breach", "action": {"notfy": "x"}}],
                    }
                ]
            },
        },
        "ladders.s[0].steps[0].action",
        "unknown action 'notfy'",
        "did you mean 'notify'?",
    ),
    (
        "action the model refuses",  # escaped as a LadderError before
        {
            "promises": [{"service": "s", "milestones": {"r": "1h"}}],
            "ladders": {
                "s": [
                    {
                        "milestone": "r",
                        "steps": [{"trigger": "on breach", "action": {"notify": "\x1b"}}],
                    }
                ]
            },
        },
        "ladders.s[0].steps[0].action",
        "invisible character U+001B",
        "{'notify': 'supervisor'}",
    ),
    (
        "unknown role",
        {
            "roles": ["teller", "supervisor"],
            "promises": [{"service": "s", "milestones": {"r": "1h"}}],
            "ladders": {
                "s": [
                    {
                        "milestone": "r",
                        "steps": [{"trigger": "on breach", "action": {"notify": "supervsor"}}],
                    }
                ]
            },
        },
        "ladders.s[0].steps[0].action",
        "unknown role 'supervsor'",
        "known roles (closest first): 'supervisor', 'teller'",
    ),
    (
        "repeated step",
        {
            "promises": [{"service": "s", "milestones": {"r": "1h"}}],
            "ladders": {
                "s": [
                    {
                        "milestone": "r",
                        "steps": [
                            {"trigger": "on breach", "action": "green_channel"},
                            {"trigger": "on breach", "action": "green_channel"},
                        ],
                    }
                ]
            },
        },
        "ladders.s[0].steps",
        "both do",
        "remove the repeated step",
    ),
    ("role twice", {"roles": ["a", "a"]}, "roles[1]", "listed twice", "once"),
    ("role not a name", {"roles": [5]}, "roles[0]", "expected text", "as text"),
    (
        "unit unknown calendar",
        {"units": {"u": {"calendar": "nowhere"}}},
        "units.u.calendar",
        "unknown calendar 'nowhere'",
        "the rulebook defines no calendars",
    ),
    (
        "routing unknown unit",
        {"units": {"card_centre": {}}, "routing": [{"to": "card_center"}]},
        "routing[0].to",
        "unknown unit 'card_center'",
        "known units (closest first): 'card_centre'",
    ),
    (
        "routing float amount",
        {"routing": [{"to": "x", "amount_min": 1.5}, {"to": "y"}]},
        "routing[0].amount_min",
        "expected an amount",
        "floats are not exact",
    ),
    (
        "routing no default",
        {"routing": [{"to": "x", "service": "s"}]},
        "routing[0]",
        "some requests would match no rule",
        "default",
    ),
    (
        "routing unreachable",
        {"routing": [{"to": "x"}, {"to": "y", "service": "s"}]},
        "routing[1]",
        "can never match",
        "move it above rule 0",
    ),
    (
        "routing empty range",
        {"routing": [{"to": "x", "amount_min": "10", "amount_max": "5"}, {"to": "y"}]},
        "routing[0]",
        "can never match",
        "correct the rule",
    ),
    (
        "authority missing roles",
        {"authority": {"zone": "UTC", "rules": []}},
        "authority.roles",
        "required key 'roles' is missing",
        "add it",
    ),
    (
        "authority unknown role",
        {
            "authority": {
                "roles": ["agent"],
                "zone": "UTC",
                "rules": [{"role": "agnt", "action": "a"}],
            }
        },
        "authority.rules[0].role",
        "unknown role 'agnt'",
        "known roles (closest first): 'agent'",
    ),
    (
        "authority no limit",
        {
            "authority": {
                "roles": ["agent"],
                "zone": "UTC",
                "rules": [{"role": "agent", "action": "a"}],
            }
        },
        "authority.rules[0]",
        "sets no limit",
        "correct the rule",
    ),
    (
        "authority bad money",
        {
            "authority": {
                "roles": ["agent"],
                "zone": "UTC",
                "rules": [{"role": "agent", "action": "a", "max_amount": 5000}],
            }
        },
        "authority.rules[0].max_amount",
        "expected an amount of money",
        "'CNY 5000'",
    ),
    (
        "authority bad flag",
        {
            "authority": {
                "roles": ["agent"],
                "zone": "UTC",
                "rules": [{"role": "agent", "action": "a", "requires_second_person": "yes"}],
            }
        },
        "authority.rules[0].requires_second_person",
        "expected true or false",
        "true or false",
    ),
    (
        "authority bad condition",
        {
            "authority": {
                "roles": ["agent"],
                "zone": "UTC",
                "rules": [
                    {
                        "role": "agent",
                        "action": "a",
                        "unlimited_ok": True,
                        "conditions": {"tier": {"like": "gold"}},
                    }
                ],
            }
        },
        "authority.rules[0].conditions",
        "unknown operator 'like'",
        "attribute: {operator: value}",
    ),
    (
        "authority role not in rulebook roles",
        {
            "roles": ["teller"],
            "authority": {
                "roles": ["agent"],
                "zone": "UTC",
                "rules": [{"role": "agent", "action": "a", "unlimited_ok": True}],
            },
        },
        "authority.roles[0]",
        "unknown role 'agent'",
        "known roles (closest first): 'teller'",
    ),
    (
        "unknown KPI",
        {"scorecard": [{"name": "sl", "kpi": "service_levl", "target": 0.8}]},
        "scorecard[0].kpi",
        "unknown KPI 'service_levl'",
        "known KPIs (closest first): 'service_level'",
    ),
    (
        "unknown KPI option",
        {
            "scorecard": [
                {
                    "name": "sl",
                    "kpi": "service_level",
                    "options": {"treshold": "15s"},
                    "target": 0.8,
                }
            ]
        },
        "scorecard[0].options.treshold",
        "has no option 'treshold'",
        "did you mean 'threshold'?",
    ),
    (
        "missing KPI option",
        {"scorecard": [{"name": "sl", "kpi": "service_level", "target": 0.8}]},
        "scorecard[0].options",
        "threshold",
        "correct the options",
    ),
    (
        "bad KPI option duration",
        {
            "scorecard": [
                {"name": "sl", "kpi": "service_level", "options": {"threshold": 15}, "target": 0.8}
            ]
        },
        "scorecard[0].options.threshold",
        "a duration is text",
        "write a duration",
    ),
    (
        "share target over 1",
        {"scorecard": [{"name": "x", "kpi": "abandon_rate", "target": 5}]},
        "scorecard[0].target",
        "in [0, 1]",
        "correct the target",
    ),
    (
        "number target for a duration KPI",
        {"scorecard": [{"name": "x", "kpi": "average_speed_of_answer", "target": 20}]},
        "scorecard[0].target",
        "a duration is text",
        "write a duration",
    ),
    (
        "bad op",
        {"scorecard": [{"name": "x", "kpi": "abandon_rate", "target": 0.05, "op": "=<"}]},
        "scorecard[0].op",
        "'=<' is not one of",
        "use one of '>=', '<=', '>', '<'",
    ),
    (
        "objective twice",
        {
            "scorecard": [
                {"name": "x", "kpi": "abandon_rate", "target": 0.05},
                {"name": "x", "kpi": "abandon_rate", "target": 0.05},
            ]
        },
        "scorecard[1].name",
        "defined twice",
        "its own name",
    ),
]


class TestErrors:
    """Every problem has a path, the value found there, and a fix."""

    @pytest.mark.parametrize(
        ("mapping", "path", "message", "fix"),
        [pytest.param(m, p, msg, fix, id=what) for what, m, p, msg, fix in ERRORS],
    )
    def test_problem(self, mapping: Any, path: str, message: str, fix: str) -> None:
        """The problem is reported at its path with its fix."""
        with pytest.raises(RulebookError, match=re.escape(message)) as info:
            load_rulebook(mapping)
        found = [p for p in info.value.problems if p.path == path and message in p.message]
        assert found, f"no problem at {path!r}: {info.value.problems}"
        assert fix in found[0].fix
        assert f"{path or '(the rulebook)'}: " in str(info.value)

    def test_value_is_the_value_at_the_path(self) -> None:
        """A problem carries the value found at its path (None when missing)."""
        with pytest.raises(RulebookError) as info:
            load_rulebook(
                {"promises": [{"service": "s", "milestones": {"resolve": {"target": "4x"}}}, {}]}
            )
        by_path = {p.path: p for p in info.value.problems}
        assert by_path["promises[0].milestones.resolve.target"].value == "4x"
        assert by_path["promises[1].service"].value is None

    def test_value_of_a_milestone_written_as_its_target(self) -> None:
        """``resolve: '4x'`` is the target written alone: the value is '4x', not None."""
        with pytest.raises(RulebookError) as info:
            load_rulebook({"promises": [{"service": "s", "milestones": {"resolve": "4x"}}]})
        (problem,) = info.value.problems
        assert (problem.path, problem.value) == ("promises[0].milestones.resolve.target", "4x")

    def test_every_problem_at_once(self) -> None:
        """Problems in several sections are all reported, not just the first."""
        with pytest.raises(RulebookError) as info:
            load_rulebook(
                {
                    "calendars": {"b": {"hours": {"mon-fry": "09:00-17:00"}, "zone": "Asia/X"}},
                    "promises": [
                        {"service": "a", "milestones": {"r": "4 parsecs"}},
                        {"service": "b", "calendar": "c", "milestones": {"r": "1h"}},
                        5,
                    ],
                    "bogus": 1,
                }
            )
        assert info.value.paths == (
            "bogus",
            "calendars.b.hours",
            "calendars.b.zone",
            "promises[0].milestones.r.target",
            "promises[1].calendar",
            "promises[2]",
        )
        assert str(info.value).startswith("the rulebook has 6 problems:")

    def test_many_problems_in_one_pass(self) -> None:
        """Issue 13: a rulebook with problems in every section reports them all in one
        error; fixing exactly those makes it load, so none was waiting behind another
        (an unknown ladder milestone, an authority rule with no limit, an unknown role
        and a 150% target were reported only once the rest were fixed)."""
        data = _many_problems()
        with pytest.raises(RulebookError) as info:
            load_rulebook(data)
        assert info.value.paths == tuple(path for path, _, _ in MANY_PROBLEMS)
        for (path, message, _), problem in zip(MANY_PROBLEMS, info.value.problems, strict=True):
            assert message in problem.message, (path, problem)
        assert str(info.value).startswith(f"the rulebook has {len(MANY_PROBLEMS)} problems:")
        for _, _, fix in MANY_PROBLEMS:
            fix(data)
        load_rulebook(data)

    @pytest.mark.parametrize("shape", ["mapping", "list"])
    def test_nested_too_deep(self, shape: str) -> None:
        """A rulebook nested 2,000 levels is refused, not a RecursionError."""
        inner: Any = {}
        for _ in range(2000):
            inner = {"a": inner} if shape == "mapping" else [inner]
        with pytest.raises(RulebookError, match="nests more than 64 levels deep") as info:
            load_rulebook({"promises": [{"service": "s", "milestones": inner}]})
        assert info.value.paths == ("",)

    def test_containing_itself(self) -> None:
        """A mapping inside its own value (a YAML anchor loop) is refused."""
        loop: dict[str, Any] = {"service": "s"}
        loop["milestones"] = loop
        with pytest.raises(RulebookError, match="the data contains itself"):
            load_rulebook({"promises": [loop]})

    @pytest.mark.parametrize(
        ("trigger", "match"),
        [
            ("50% consumed" + " " * 2000, "characters long, more than the 100"),
            ("1h" + " " * 2000 + "x before due", "characters long, more than the 100"),
            ("５０％ consumed", None),  # fullwidth: read after NFKC
        ],
    )
    def test_trigger_grammar_bounds(self, trigger: str, match: str | None) -> None:
        """Ladder triggers are capped and read in linear time; look-alikes read as ASCII."""
        data = small()
        data["ladders"]["loss_report"][0]["steps"][0]["trigger"] = trigger
        if match is None:
            (ladder,) = load_rulebook(data).ladders["loss_report"]
            assert ladder.steps[0].trigger == Consumed(0.5)
            return
        with pytest.raises(RulebookError, match=match) as info:
            load_rulebook(data)
        assert info.value.paths == ("ladders.loss_report[0].steps[0].trigger",)
        assert len(str(info.value)) < 1000

    def test_broken_calendar_is_not_also_unknown(self) -> None:
        """A promise naming a calendar that failed to load gets no second problem."""
        with pytest.raises(RulebookError) as info:
            load_rulebook(
                {
                    "calendars": {"b": {"hours": "24x7", "zone": "Nowhere/City"}},
                    "promises": [{"service": "s", "calendar": "b", "milestones": {"r": "1h"}}],
                }
            )
        assert info.value.paths == ("calendars.b.zone",)

    def test_newer_schema_is_reported_alone(self) -> None:
        """A newer schema says so and nothing else (the rest may be valid there)."""
        with pytest.raises(RulebookError) as info:
            load_rulebook({"schema_version": 3, "bogus": 1})
        assert info.value.paths == ("schema_version",)

    def test_error_tree(self) -> None:
        """RulebookError is a SvcQualityError and a ValueError."""
        assert issubclass(RulebookError, SvcQualityError)
        assert issubclass(RulebookError, ValueError)
        err = RulebookError([RulebookProblem("a.b", 1, "bad", "fix it")])
        assert str(err) == "the rulebook has 1 problem:\n  - a.b: bad (got 1). Fix: fix it"

    def test_long_values_are_shortened_in_the_message(self) -> None:
        """The message stays readable when the value is large."""
        problem = RulebookProblem("x", "y" * 500, "bad", "fix")
        assert len(str(problem)) < 200

    def test_every_repeated_tier_at_once(self) -> None:
        """Tiers' own check reports each repeated code and rank at its entry, not just
        the first (the rulebook used to re-implement it to say where)."""
        with pytest.raises(RulebookError) as info:
            load_rulebook(
                {"tiers": [{"code": "I"}, {"code": "I"}, {"code": "II", "rank": 0}, {"code": "I"}]}
            )
        assert info.value.paths == ("tiers[1].code", "tiers[2].rank", "tiers[3].code")
        assert "levels 'I' and 'II' share rank 0" in str(info.value)

    def test_a_load_leaves_no_context_behind(self) -> None:
        """The names one load checks against are gone after it, even after its error:
        the next rulebook's references are checked against its own sections."""
        with pytest.raises(RulebookError):
            load_rulebook({"roles": ["teller"], "routing": [{"to": "x", "kind": "role"}]})
        rb = load_rulebook({"routing": [{"to": "x", "kind": "role"}]})
        assert rb.routing is not None

    def test_a_name_with_an_invisible_character_is_a_problem(self) -> None:
        """A tier code (any name) with a zero-width character is a problem at its path,
        not a LadderError from the Severity it would build."""
        with pytest.raises(RulebookError) as info:
            load_rulebook({"tiers": [{"code": "I\u200b"}]})
        assert info.value.paths == ("tiers[0].code",)
        assert "invisible character U+200B" in str(info.value)

    @pytest.mark.parametrize(
        "data",
        [
            {"schema_version": 1, "k" * 5_000: 1},  # an unknown section
            {"units": {"u" * 5_000: "24h"}},  # a long key in the path
            {"roles": ["r" * 5_000, "r" * 5_000]},  # a role listed twice
            "x" * 5_000,  # not a mapping
        ],
        ids=["section", "path", "role", "text"],
    )
    def test_long_keys_and_values_are_cut_in_every_part(self, data: Any) -> None:
        """A long key or value is cut in the path, the message and the fix alike (the
        fuzz suite found a 5,000-character key repeated whole in all three)."""
        with pytest.raises(RulebookError) as info:
            load_rulebook(data)
        for problem in info.value.problems:
            assert len(str(problem)) < 1_000, str(problem)[:300]
            assert len(problem.path) < 100
        assert re.search(r"[kurx]{201}", str(info.value)) is None


def _many_problems() -> dict[str, Any]:
    """A rulebook with structural and reference problems in every section, several of
    them in one entry (a bad duration beside an unknown calendar)."""
    data = small()
    data["bogus"] = 1
    data["calendars"]["branch"]["hours"] = {"mon-fry": "09:00-17:00"}
    data["calendars"]["hotline"]["years"] = [2030, 2020]
    data["roles"] = ["teller", "supervisor", "teller"]
    data["units"]["card_centre"] = {"calendar": "nowhere", "answer_within": "24 parsecs"}
    data["tiers"][1]["code"] = "I"
    data["promises"][0]["goal"] = "150%"
    data["promises"][1]["milestones"]["resolve"] = {"target": "4 parsecs"}
    data["promises"][1]["calendar"] = "brnch"
    data["catalog"] = [
        {"when": {"service": "atm_refund"}, "promise": "atm_refnd"},
        {"when": {"severity": ["IV"]}, "promise": "loss_report"},
    ]
    data["ladders"]["loss_report"].append(
        {"milestone": "resolve", "steps": [{"trigger": "on breach", "action": "green_channel"}]}
    )
    data["ladders"]["loss_report"][0]["steps"][0] = {
        "trigger": "150% consumed",
        "action": {"notify": "supervsor"},
    }
    data["routing"][0].update(to="card_center", amount_max="lots")
    data["authority"]["rules"][0]["role"] = "tellr"
    data["authority"]["rules"][1].pop("max_amount")
    data["authority"]["rules"][1].pop("limits")
    data["scorecard"][0]["target"] = "150%"
    data["scorecard"][1]["op"] = "=<"
    return data


def _set(*path: Any) -> Any:
    """A fix: put ``path[-1]`` at ``path[:-1]`` (or delete it when it is ``_DELETE``)."""

    def fix(data: Any) -> None:
        node = data
        for key in path[:-2]:
            node = node[key]
        if path[-1] is _DELETE:
            del node[path[-2]]
        else:
            node[path[-2]] = path[-1]

    return fix


_DELETE = object()

#: (path, a piece of the message, the fix) of every problem of _many_problems, in order
#: (the problems of one entry in the order of its model's attributes).
MANY_PROBLEMS: list[tuple[str, str, Any]] = [
    ("bogus", "unknown section 'bogus'", _set("bogus", _DELETE)),
    (
        "calendars.branch.hours",
        "unknown weekday key 'mon-fry'",
        _set("calendars", "branch", "hours", {"mon-fri": "09:00-17:00"}),
    ),
    (
        "calendars.hotline.years",
        "expected the first and last trusted year",
        _set("calendars", "hotline", "years", [2020, 2030]),
    ),
    ("roles[2]", "role 'teller' is listed twice", _set("roles", ["teller", "supervisor"])),
    (
        "authority.rules[0].role",
        "unknown role 'tellr'",
        _set("authority", "rules", 0, "role", "teller"),
    ),
    (
        "authority.rules[1]",
        "the rule sets no limit",
        _set("authority", "rules", 1, "max_amount", "CNY 200"),
    ),
    (
        "units.card_centre.calendar",
        "unknown calendar 'nowhere'",
        _set("units", "card_centre", "calendar", "hotline"),
    ),
    (
        "units.card_centre.answer_within",
        "cannot read duration '24 parsecs'",
        _set("units", "card_centre", "answer_within", "24h"),
    ),
    ("tiers[1].code", "level 'I' is defined twice", _set("tiers", 1, "code", "II")),
    ("promises[0].goal", "expected a share in (0, 1]", _set("promises", 0, "goal", "90%")),
    (
        "promises[1].milestones.resolve.target",
        "cannot read duration '4 parsecs'",
        _set("promises", 1, "milestones", "resolve", "target", "5个工作日"),
    ),
    (
        "promises[1].calendar",
        "unknown calendar 'brnch'",
        _set("promises", 1, "calendar", "branch"),
    ),
    (
        "catalog[0].promise",
        "unknown promise 'atm_refnd'",
        _set("catalog", 0, "promise", "atm_refund"),
    ),
    (
        "catalog[1].when.severity",
        "unknown severity 'IV'",
        _set("catalog", 1, "when", "severity", ["I"]),
    ),
    (
        "catalog[1].when",
        "the last rule has a condition",
        lambda data: data["catalog"].append({"promise": "loss_report"}),
    ),
    (
        "ladders.loss_report[0].steps[0].trigger",
        "the fraction of the target must be in (0, 1]",
        _set("ladders", "loss_report", 0, "steps", 0, "trigger", "50% consumed"),
    ),
    (
        "ladders.loss_report[0].steps[0].action",
        "unknown role 'supervsor'",
        _set("ladders", "loss_report", 0, "steps", 0, "action", {"notify": "supervisor"}),
    ),
    (
        "ladders.loss_report[1].milestone",
        "promise 'loss_report' has no milestone 'resolve'",
        _set("ladders", "loss_report", 1, "milestone", "initial_disposal"),
    ),
    ("routing[0].to", "unknown unit 'card_center'", _set("routing", 0, "to", "card_centre")),
    (
        "routing[0].amount_max",
        "'lots' is not an amount",
        _set("routing", 0, "amount_max", "5000"),
    ),
    (
        "scorecard[0].target",
        "the target must be in [0, 1]",
        _set("scorecard", 0, "target", "85%"),
    ),
    ("scorecard[1].op", "'=<' is not one of", _set("scorecard", 1, "op", "<=")),
]


# --------------------------------------------------------------------------- fuzzing

_leaves = st.none() | st.booleans() | st.integers(-5, 5) | st.floats() | st.text(max_size=8)
_plain = st.recursive(
    _leaves,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=8) | st.integers(0, 3), inner, max_size=3)
    ),
    max_leaves=12,
)
_SECTION_NAMES = [
    "calendars",
    "promises",
    "catalog",
    "tiers",
    "ladders",
    "routing",
    "authority",
    "scorecard",
    "roles",
    "units",
    "schema_version",
]


def _check(mapping: object) -> None:
    try:
        rb = load_rulebook(mapping)  # type: ignore[arg-type]
    except RulebookError as exc:
        problems = exc.problems
        rb = None
    if rb is None:
        assert problems
        assert all(isinstance(p.path, str) and p.message and p.fix for p in problems)
        return
    data = dump_rulebook(rb)
    assert load_rulebook(data) == rb
    assert dump_rulebook(load_rulebook(data)) == data


_fuzz = settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)


class TestFuzz:
    """Arbitrary data never escapes as anything but RulebookError."""

    @_fuzz
    @given(_plain)
    def test_arbitrary_data(self, data: object) -> None:
        """Any plain value is loaded or refused with a RulebookError."""
        _check(data)

    @_fuzz
    @given(st.dictionaries(st.sampled_from(_SECTION_NAMES), _plain, max_size=4))
    def test_arbitrary_sections(self, data: dict[str, object]) -> None:
        """Known sections holding any plain value are loaded or refused."""
        _check(data)

    @_fuzz
    @given(st.data())
    def test_one_key_mutated(self, data: st.DataObject) -> None:
        """A valid rulebook with one value replaced is loaded equal to its dump, or refused."""
        mapping = copy.deepcopy(
            data.draw(
                st.sampled_from(
                    [
                        small(),
                        presets.CREDIT_CARD_CENTRE,
                        presets.BRANCH_SERVICE_MANUAL,
                        presets.RURAL_CALL_CENTRE_7X24,
                    ]
                )
            )
        )
        paths: list[tuple[Any, Any]] = []

        def walk(node: Any) -> None:
            items = node.items() if isinstance(node, dict) else enumerate(node)
            for k, v in items:
                paths.append((node, k))
                if isinstance(v, dict | list):
                    walk(v)

        walk(mapping)
        node, key = data.draw(st.sampled_from(paths))
        action = data.draw(st.sampled_from(["replace", "delete"]))
        if action == "delete":
            del node[key]
        else:
            node[key] = data.draw(_plain)
        _check(mapping)


def test_a_problem_names_its_value_once() -> None:
    from svcquality.errors import RulebookProblem

    named = RulebookProblem(
        "promises[0].calendar", "branhc", "unknown calendar 'branhc'", "use 'branch'"
    )
    assert str(named) == "promises[0].calendar: unknown calendar 'branhc'. Fix: use 'branch'"
    unnamed = RulebookProblem("calendars.b.zone", 3, "a zone must be text", "write 'Asia/Shanghai'")
    assert (
        str(unnamed) == "calendars.b.zone: a zone must be text (got 3). Fix: write 'Asia/Shanghai'"
    )


def complaints() -> dict[str, Any]:
    """A complaint promise with the 2020 rule's two extensions and appraisal pauses."""
    return {
        "calendars": {"office": {"hours": {"mon-fri": "09:00-17:00"}, "zone": "Asia/Shanghai"}},
        "promises": [
            {"service": "loss_report", "milestones": {"respond": "1h"}},
            {"service": "atm_refund", "calendar": "office", "milestones": {"resolve": "5个工作日"}},
            {
                "service": "complaint",
                "calendar": "office",
                "milestones": {"acknowledge": "1 business hour", "decide": "15 working days"},
                "extensions": {
                    "decide": [
                        {"to": "30 working days", "requires_reason": True},
                        {
                            "to": "60 working days",
                            "requires_reason": True,
                            "requires_approval": True,
                            "requires_customer_informed": True,
                        },
                    ]
                },
                "pause_reasons": ["external_appraisal"],
            },
        ],
    }


def _complaint_problems(**changes: Any) -> list[RulebookProblem]:
    data = complaints()
    data["promises"][2].update(changes)
    with pytest.raises(RulebookError) as info:
        load_rulebook(data)
    return list(info.value.problems)


class TestExtensions:
    """Promises' extensions and pause reasons, in rulebook form."""

    def test_load(self) -> None:
        p = load_rulebook(complaints()).promises["complaint"]
        first, second = p.extensions["decide"]
        assert first.to == Target.working_days(30)
        assert first.requirements == ("reason",)
        assert second.to == Target.working_days(60)
        assert second.requirements == ("reason", "approval", "customer_informed")
        assert p.pause_reasons == ("external_appraisal",)

    @pytest.mark.parametrize("language", ["en", "zh"])
    def test_round_trip(self, language: str) -> None:
        """dump_rulebook writes extensions and pause reasons back to an equal mapping."""
        rb = load_rulebook(complaints())
        data = dump_rulebook(rb, language=language)  # type: ignore[arg-type]
        assert load_rulebook(data) == rb
        assert dump_rulebook(load_rulebook(data), language=language) == data  # type: ignore[arg-type]
        if language == "en":
            assert data["promises"][2]["extensions"] == complaints()["promises"][2]["extensions"]
            assert data["promises"][2]["pause_reasons"] == ["external_appraisal"]

    def test_without_them_nothing_is_written(self) -> None:
        data = dump_rulebook(load_rulebook(complaints()))
        assert "extensions" not in data["promises"][0]
        assert "pause_reasons" not in data["promises"][0]

    def test_counting_round_trips(self) -> None:
        data = complaints()
        data["promises"][2]["extensions"]["decide"][0]["counting"] = "calendar_days"
        rb = load_rulebook(data)
        ext = rb.promises["complaint"].extensions["decide"][0]
        assert ext.to == Target.working_days(30, counting="calendar_days")
        assert load_rulebook(dump_rulebook(rb)) == rb

    @pytest.mark.parametrize(
        ("changes", "path", "message", "fix"),
        [
            (
                {"extensions": {"decide": [{"to": "30 parsecs"}]}},
                "promises[2].extensions.decide[0].to",
                "30 parsecs",
                "write a duration",
            ),
            (
                {"extensions": {"decid": [{"to": "30 working days"}]}},
                "promises[2].extensions.decid",
                "there is no milestone 'decid'",
                "did you mean 'decide'?",
            ),
            (
                {"extensions": {"decide": [{"to": "30 working days"}, {"to": "20 working days"}]}},
                "promises[2].extensions.decide[1].to",
                "Target.working_days(20) gives no more time than extension [0]",
                "give a longer one",
            ),
            (
                {"extensions": {"decide": [{"to": "720h"}]}},
                "promises[2].extensions.decide[0].to",
                "is not measured in open time",
                "extend it with a target measured in open time",
            ),
            (
                {"extensions": {"decide": [{"to": "30 working days", "requires_reason": "yes"}]}},
                "promises[2].extensions.decide[0].requires_reason",
                "expected true or false",
                "write true or false",
            ),
            (
                {"extensions": {"decide": [{"to": "30 working days", "approver": "HQ"}]}},
                "promises[2].extensions.decide[0].approver",
                "unknown key 'approver'",
                "the keys here are",
            ),
            (
                {"extensions": {"decide": [{"requires_reason": True}]}},
                "promises[2].extensions.decide[0].to",
                "the required key 'to' is missing",
                "'30 working days' (an extension)",
            ),
            (
                {"extensions": {"decide": {"to": "30 working days"}}},
                "promises[2].extensions.decide",
                "expected a list",
                "write a list",
            ),
            (
                {"extensions": {"decide": ["30 working days"]}},
                "promises[2].extensions.decide[0]",
                "expected a mapping",
                "'to': '30 working days'",
            ),
            (
                {"extensions": {"decide": [{"to": "1h", "counting": "calendar_days"}]}},
                "promises[2].extensions.decide[0].counting",
                "counting applies only to working-day targets, and the target '1h' is not one",
                "remove counting",
            ),
            (
                {"pause_reasons": ["external_appraisal", "external_appraisal"]},
                "promises[2].pause_reasons[1]",
                "'external_appraisal' is listed twice",
                "remove the repeat",
            ),
            (
                {"pause_reasons": [""]},
                "promises[2].pause_reasons[0]",
                "an empty reason",
                "'external_appraisal'",
            ),
            (
                {"pause_reasons": "external_appraisal"},
                "promises[2].pause_reasons",
                "expected a list",
                "write a list",
            ),
            (
                {"pause_reasons": [3]},
                "promises[2].pause_reasons[0]",
                "expected text",
                "write it as text",
            ),
        ],
    )
    def test_problem(self, changes: dict[str, Any], path: str, message: str, fix: str) -> None:
        """Every problem is reported at its path with the fix."""
        problems = _complaint_problems(**changes)
        found = [p for p in problems if p.path == path and message in p.message]
        assert found, f"no problem at {path!r} with {message!r}: {problems}"
        assert fix in found[0].fix

    def test_every_extension_problem_at_once(self) -> None:
        problems = _complaint_problems(
            extensions={
                "decid": [{"to": "30 working days"}],
                "acknowledge": [{"to": "30min"}],
                "decide": [{"to": "10 working days"}],
            }
        )
        assert [p.path for p in problems] == [
            "promises[2].extensions.decid",
            "promises[2].extensions.acknowledge[0].to",
            "promises[2].extensions.decide[0].to",
        ]


#: A complaint desk's ticket states, mapped once: 外部鉴定 pauses, 处理中 resumes.
STATUS_RULES: dict[str, Any] = {
    "受理": "keep",
    "处理中": "resume",
    "外部鉴定": {"action": "pause", "reason": "external_appraisal"},
    "已答复": {"action": "meet", "milestones": ["acknowledge"]},
    "新事实": "restart",
}


class TestStatusRules:
    """Promises' status rules, in rulebook form: a rule is its action alone, or a
    mapping with the pause's reason or the milestones met."""

    def test_load(self) -> None:
        data = complaints()
        data["promises"][2]["status_rules"] = STATUS_RULES
        rules = load_rulebook(data).promises["complaint"].status_rules
        assert rules == {
            "受理": StatusRule.keep(),
            "处理中": StatusRule.resume(),
            "外部鉴定": StatusRule.pause("external_appraisal"),
            "已答复": StatusRule.meet("acknowledge"),
            "新事实": StatusRule.restart(),
        }

    @pytest.mark.parametrize("language", ["en", "zh"])
    def test_round_trip(self, language: str) -> None:
        """dump_rulebook writes the rules back as they were written."""
        data = complaints()
        data["promises"][2]["status_rules"] = STATUS_RULES
        rb = load_rulebook(data)
        dumped = dump_rulebook(rb, language=language)  # type: ignore[arg-type]
        assert load_rulebook(dumped) == rb
        assert dumped["promises"][2]["status_rules"] == STATUS_RULES
        assert "status_rules" not in dumped["promises"][0]

    def test_the_long_form_of_an_action_alone_loads_the_same(self) -> None:
        data = complaints()
        data["promises"][2]["status_rules"] = {"处理中": {"action": "resume"}}
        rules = load_rulebook(data).promises["complaint"].status_rules
        assert rules == {"处理中": StatusRule.resume()}

    @pytest.mark.parametrize(
        ("rules", "path", "message", "fix"),
        [
            (
                {"外部鉴定": "stop"},
                "promises[2].status_rules.外部鉴定.action",
                "'stop' is not one of 'pause', 'resume', 'meet', 'restart', 'keep'",
                "use one of",
            ),
            (
                {"外部鉴定": {"action": "pause", "reason": "external_apraisal"}},
                "promises[2].status_rules.外部鉴定.reason",
                "the reason 'external_apraisal' is not one of the promise's pause_reasons",
                "did you mean 'external_appraisal'?",
            ),
            (
                {"外部鉴定": "pause"},
                "promises[2].status_rules.外部鉴定",
                "a pause needs a reason",
                "correct the rule",
            ),
            (
                {"已答复": {"action": "meet", "milestones": ["decid"]}},
                "promises[2].status_rules.已答复.milestones",
                "there is no milestone 'decid'",
                "did you mean 'decide'?",
            ),
            (
                {"处理中": {"action": "resume", "when": "now"}},
                "promises[2].status_rules.处理中.when",
                "unknown key 'when'",
                "the keys here are",
            ),
            (
                {"awaiting customer": "keep"},
                "promises[2].status_rules['awaiting customer']",
                "is not a name: a name is text without spaces",
                "use _ instead of spaces",
            ),
            (
                {"处理中": 3},
                "promises[2].status_rules.处理中",
                "expected a mapping",
                "'resume'",
            ),
            (
                ["处理中"],
                "promises[2].status_rules",
                "expected a mapping",
                "write a mapping",
            ),
        ],
    )
    def test_problem(self, rules: object, path: str, message: str, fix: str) -> None:
        """Every problem is reported at its path with the fix."""
        problems = _complaint_problems(status_rules=rules)
        found = [p for p in problems if p.path == path and message in p.message]
        assert found, f"no problem at {path!r} with {message!r}: {problems}"
        assert fix in found[0].fix


class TestRepeats:
    """Promises' repeating milestones, in rulebook form: a list of milestone names."""

    def test_load_and_round_trip(self) -> None:
        data = complaints()
        data["promises"][2]["milestones"]["update"] = "2 working days"
        data["promises"][2]["repeats"] = ["update"]
        rb = load_rulebook(data)
        assert rb.promises["complaint"].repeats == ("update",)
        dumped = dump_rulebook(rb)
        assert dumped["promises"][2]["repeats"] == ["update"]
        assert "repeats" not in dumped["promises"][0]
        assert load_rulebook(dumped) == rb

    @pytest.mark.parametrize(
        ("repeats", "path", "message", "fix"),
        [
            (["decid"], "promises[2].repeats[0]", "no milestone 'decid'", "did you mean 'decide'?"),
            (
                ["decide", "decide"],
                "promises[2].repeats[1]",
                "'decide' is listed twice",
                "remove the repeat",
            ),
            ("decide", "promises[2].repeats", "expected a list", ""),
        ],
    )
    def test_problem(self, repeats: object, path: str, message: str, fix: str) -> None:
        problems = _complaint_problems(repeats=repeats)
        found = [p for p in problems if p.path == path and message in p.message]
        assert found, f"no problem at {path!r} with {message!r}: {problems}"
        assert fix in found[0].fix


class TestReplies:
    """Promises' reply milestones (next reply), in rulebook form: a list of milestone names."""

    def test_load_and_round_trip(self) -> None:
        data = complaints()
        data["promises"][2]["milestones"]["reply"] = "4h"
        data["promises"][2]["replies"] = ["reply"]
        rb = load_rulebook(data)
        assert rb.promises["complaint"].replies == ("reply",)
        dumped = dump_rulebook(rb)
        assert dumped["promises"][2]["replies"] == ["reply"]
        assert "replies" not in dumped["promises"][0]
        assert load_rulebook(dumped) == rb

    @pytest.mark.parametrize(
        ("replies", "path", "message", "fix"),
        [
            (["decid"], "promises[2].replies[0]", "no milestone 'decid'", "did you mean 'decide'?"),
            (
                ["decide", "decide"],
                "promises[2].replies[1]",
                "'decide' is listed twice",
                "remove the repeat",
            ),
            ("decide", "promises[2].replies", "expected a list", ""),
        ],
    )
    def test_problem(self, replies: object, path: str, message: str, fix: str) -> None:
        problems = _complaint_problems(replies=replies)
        found = [p for p in problems if p.path == path and message in p.message]
        assert found, f"no problem at {path!r} with {message!r}: {problems}"
        assert fix in found[0].fix

    def test_a_milestone_in_repeats_and_replies(self) -> None:
        problems = _complaint_problems(repeats=["decide"], replies=["decide"])
        (found,) = [p for p in problems if p.path == "promises[2].replies[0]"]
        assert "is in repeats too" in found.message
        assert found.fix == "keep it in one of repeats and replies"

    def test_a_scorecard_counts_occurrences(self) -> None:
        data = complaints()
        data["scorecard"] = [
            {
                "name": "next_reply",
                "kpi": "promise_compliance",
                "options": {"basis": "occurrences", "milestone": "reply"},
                "target": 0.9,
            }
        ]
        rb = load_rulebook(data)
        (objective,) = rb.scorecard.objectives
        assert objective.kpi == kpi.PromiseCompliance(basis="occurrences", milestone="reply")
        assert load_rulebook(dump_rulebook(rb)) == rb


class TestKpiNames:
    """KPIS: the rulebook names of the KPIs, written out, not derived from class names."""

    def test_the_names_are_pinned(self) -> None:
        """The schema's KPI names, exactly: a change here changes every rulebook."""
        assert {name: cls.__name__ for name, cls in rulebook.KPIS.items()} == {
            "abandon_rate": "AbandonRate",
            "average_delay": "AverageDelay",
            "average_speed_of_answer": "AverageSpeedOfAnswer",
            "service_level": "ServiceLevel",
            "average_handle_time": "AverageHandleTime",
            "first_contact_resolution": "FirstContactResolution",
            "occupancy": "Occupancy",
            "on_time_rate": "OnTimeRate",
            "promise_compliance": "PromiseCompliance",
            "recording_success": "RecordingSuccess",
            "service_error_rate": "ServiceErrorRate",
            "csat": "CSAT",
            "attrition": "Attrition",
            "complaint_rate": "ComplaintRate",
            "employee_satisfaction": "EmployeeSatisfaction",
        }

    def test_every_kpi_has_a_name(self) -> None:
        """Each accumulator svcquality.kpi exports (rankings aside) can be named in a rulebook."""
        accumulators = {
            cls
            for cls in (getattr(kpi, n) for n in kpi.__all__)
            if isinstance(cls, type)
            and issubclass(cls, kpi.Accumulator)
            and cls is not kpi.Accumulator
            and cls.KIND != "ranking"
        }
        assert set(rulebook.KPIS.values()) == accumulators

    def test_renaming_a_class_keeps_its_name(self) -> None:
        """The dump writes the registry's name, whatever the class is called."""
        rb = load_rulebook({"scorecard": [{"name": "ar", "kpi": "abandon_rate", "target": 0.05}]})
        kpi.AbandonRate.__name__ = "DroppedCalls"
        try:
            assert dump_rulebook(rb)["scorecard"][0]["kpi"] == "abandon_rate"
        finally:
            kpi.AbandonRate.__name__ = "AbandonRate"

    def test_an_unnamed_kpi_is_refused_by_the_dump(self) -> None:
        """A KPI class the registry does not hold (a host's subclass) has no plain form."""

        class MyLevel(kpi.ServiceLevel):
            pass

        objective = kpi.Objective("sl", MyLevel(threshold=timedelta(seconds=15)), 0.8)
        rb = Rulebook(scorecard=kpi.Scorecard((objective,)))
        with pytest.raises(RulebookError, match="has no rulebook name") as info:
            dump_rulebook(rb)
        assert info.value.problems[0].path == "scorecard[0].kpi"
