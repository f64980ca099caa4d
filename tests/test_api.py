"""The public API of svcquality, pinned: what each module exports, what is flat, the errors.

A failure here means the API changed: make the change deliberate (update the table
below and the CHANGELOG) rather than let a name appear or vanish by accident. The
rule for what is flat at the top level and what stays in its module is written in
the docstring of ``svcquality/__init__.py``; the tables below are that rule applied
(whenever's ``tests/test_misc.py`` pins ``__all__`` and its warning tree the same way).
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import subprocess
import sys
import types
import typing
from collections.abc import Iterator
from pathlib import Path

import pytest

import svcquality as sq
from svcquality import errors

#: Every public module: no part of its dotted name starts with an underscore.
PUBLIC_MODULES = [
    "svcquality",
    *sorted(
        name
        for _, name, _ in pkgutil.walk_packages(sq.__path__, "svcquality.")
        if not any(part.startswith("_") for part in name.split("."))
    ),
]

#: The modules ``import svcquality`` loads, each in ``svcquality.__all__`` by name.
#: (``testing`` needs hypothesis and ``pytest_plugin`` pytest: imported on their own.)
NAMESPACES = {
    "authority",
    "calendars",
    "clock",
    "durations",
    "errors",
    "escalation",
    "explain",
    "feedback",
    "kpi",
    "presets",
    "promises",
    "request",
    "routing",
    "rulebook",
    "staffing",
}

#: What each module puts flat at the top level: the names that read without their
#: module. Everything else in a module's ``__all__`` is reached through the module.
FLAT: dict[str, set[str]] = {
    "authority": {
        "AuthorityMatrix",
        "AuthorityRequest",
        "AuthorityRule",
        "Condition",
        "Decision",
        "Money",
        "PeriodLimit",
    },
    "calendars": {"BusinessCalendar", "HolidaySource", "Window"},
    "clock": {
        "ClockReading",
        "CycleReading",
        "Difference",
        "Event",
        "Extended",
        "LogEntry",
        "Met",
        "MilestoneReading",
        "Opened",
        "Paused",
        "Reopened",
        "Resolved",
        "Resumed",
        "Retargeted",
        "Status",
        "StatusChanged",
        "CustomerMessage",
        "read_clock",
        "read_clock_many",
        "reread",
        "ClockColumns",
        "MilestoneColumns",
    },
    "durations": {"format_duration", "human_duration", "parse_duration"},
    "errors": {
        "AuthorityError",
        "CalendarError",
        "CatalogError",
        "DurationError",
        "EventLogError",
        "FeedbackError",
        "LadderError",
        "NaiveDatetimeError",
        "ParameterError",
        "PromiseError",
        "RoutingError",
        "RulebookError",
        "RulebookProblem",
        "SvcQualityError",
        "UntrustedYearError",
    },
    "escalation": {
        "AfterDue",
        "BeforeDue",
        "Consumed",
        "DueAction",
        "GreenChannel",
        "HandToSecondLine",
        "InformCustomer",
        "Ladder",
        "Notify",
        "OnBreach",
        "Reassign",
        "Severity",
        "Step",
        "Tiers",
        "due_actions",
        "next_due",
    },
    "explain": {"DeadlineExplanation", "DueExplanation", "explain_deadline", "explain_due"},
    "feedback": {"FeedbackCase", "HeatMap", "Sample"},
    "kpi": set(),  # a family: sq.kpi.ServiceLevel
    "presets": set(),  # a family: sq.presets.credit_card_centre
    "promises": {
        "Catalog",
        "CatalogRule",
        "Extension",
        "Match",
        "Promise",
        "StatusRule",
        "Target",
    },
    "request": {"RequestReading", "moved_requests", "read_request", "with_rule_changes"},
    "routing": {"Request", "RoutingDecision", "RoutingRule", "RoutingRules", "WorkOrder"},
    "rulebook": {"Rulebook", "dump_rulebook", "load_rulebook"},
    "staffing": {"erlang_b", "erlang_c", "plan_day", "required_agents"},
}

#: The error tree, class by class with its bases: one root, and every error caused
#: by bad input is also a ValueError, so a host may catch either.
ERROR_TREE = {
    "SvcQualityError": ("Exception",),
    "NaiveDatetimeError": ("SvcQualityError", "ValueError"),
    "CalendarError": ("SvcQualityError", "ValueError"),
    "UntrustedYearError": ("CalendarError",),
    "DurationError": ("SvcQualityError", "ValueError"),
    "PromiseError": ("SvcQualityError", "ValueError"),
    "CatalogError": ("PromiseError",),
    "EventLogError": ("SvcQualityError", "ValueError"),
    "LadderError": ("SvcQualityError", "ValueError"),
    "RoutingError": ("SvcQualityError", "ValueError"),
    "AuthorityError": ("SvcQualityError", "ValueError"),
    "FeedbackError": ("SvcQualityError", "ValueError"),
    "ParameterError": ("SvcQualityError", "ValueError"),
    "RulebookError": ("SvcQualityError", "ValueError"),
}

#: Names a public module defines without an underscore that are not in its
#: ``__all__``, pinned so that the list can only shrink (rulebook.Path left with the
#: split of rulebook.py into a package: it lives in the private rulebook._problems).
UNEXPORTED: set[tuple[str, str]] = set()


def _module(name: str) -> types.ModuleType:
    return importlib.import_module(name)


def _exported(module: types.ModuleType) -> Iterator[tuple[str, object]]:
    for name in module.__all__:
        yield name, getattr(module, name)


def _defined_names(module: types.ModuleType) -> set[str]:
    """The names a module's own source binds at top level: defs, classes, assignments."""
    tree = ast.parse(inspect.getsource(module))
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names - {"__all__"}


class TestAll:
    """Each public module's ``__all__`` is exactly what it offers."""

    @pytest.mark.parametrize("name", PUBLIC_MODULES)
    def test_every_name_in_all_exists(self, name: str) -> None:
        """``from module import *`` never fails on a name that is not there."""
        module = _module(name)
        missing = [n for n in module.__all__ if not hasattr(module, n)]
        assert not missing, f"{name}.__all__ names what it does not have: {missing}"

    @pytest.mark.parametrize("name", PUBLIC_MODULES)
    def test_no_private_or_repeated_name(self, name: str) -> None:
        """No ``_name`` leaks into ``__all__``, and no name is listed twice."""
        names = _module(name).__all__
        assert [n for n in names if n.startswith("_")] == []
        assert len(names) == len(set(names)), f"{name}.__all__ repeats a name"

    @pytest.mark.parametrize(
        "name", ["svcquality", "svcquality.calendars", "svcquality.kpi", "svcquality.rulebook"]
    )
    def test_a_package_exports_every_public_attribute(self, name: str) -> None:
        """A package's every public non-module attribute is in its ``__all__``, and back."""
        package = _module(name)
        # "@py_builtins" and friends: pytest rewrites the asserts of a package that
        # ships a pytest11 plugin, as svcquality does; "annotations" is __future__'s.
        public = {
            n
            for n in dir(package)
            if not n.startswith(("_", "@"))
            and n != "annotations"
            and not isinstance(getattr(package, n), types.ModuleType)
        }
        listed = {n for n, v in _exported(package) if not isinstance(v, types.ModuleType)}
        assert public == listed

    @pytest.mark.parametrize(
        "name", [n for n in PUBLIC_MODULES if not hasattr(_module(n), "__path__")]
    )
    def test_a_module_exports_every_public_name_it_defines(self, name: str) -> None:
        """A class, function, alias or constant a module defines is in ``__all__`` or ``_x``."""
        module = _module(name)
        unexported = {
            (name, n)
            for n in _defined_names(module)
            if not n.startswith("_") and n not in module.__all__
        }
        assert unexported == {pair for pair in UNEXPORTED if pair[0] == name}


class TestFlatAndNamespaces:
    """The rule in ``svcquality.__doc__``: what is flat, and the modules as namespaces."""

    def test_the_top_level_is_the_namespaces_and_the_flat_names(self) -> None:
        """``svcquality.__all__`` is the namespace modules plus every module's flat names."""
        flat = set().union(*FLAT.values())
        assert set(sq.__all__) == NAMESPACES | flat
        assert len(flat) == sum(len(names) for names in FLAT.values()), "a name flat twice"

    def test_the_namespaces_are_the_modules_import_svcquality_loads(self) -> None:
        """Every public module that ``import svcquality`` loads is in ``__all__``, no other."""
        script = (
            "import sys, svcquality\n"
            "print(' '.join(m for m in sys.modules if m.startswith('svcquality.')))"
        )
        loaded = subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            check=True,
            text=True,
            cwd=Path(__file__).resolve().parent.parent,
        ).stdout.split()
        children = {m.split(".")[1] for m in loaded if m.count(".") == 1}
        assert {c for c in children if not c.startswith("_")} == NAMESPACES
        assert {n for n, v in _exported(sq) if isinstance(v, types.ModuleType)} == NAMESPACES
        assert all(getattr(sq, n) is _module(f"svcquality.{n}") for n in NAMESPACES)

    @pytest.mark.parametrize("module", sorted(FLAT))
    def test_each_module_puts_its_table_flat(self, module: str) -> None:
        """A flat name is its module's own object, listed in the module's ``__all__``."""
        home = _module(f"svcquality.{module}")
        flat = {n for n in home.__all__ if n in sq.__all__ and getattr(sq, n) is getattr(home, n)}
        assert flat == FLAT[module]

    def test_testing_and_the_plugin_put_nothing_flat(self) -> None:
        """svcquality.testing and the pytest plugin are imported on their own."""
        for name in ("svcquality.testing", "svcquality.pytest_plugin"):
            module = _module(name)
            # By identity: testing.calendars (a strategy) is not svcquality.calendars.
            flat = [n for n, v in _exported(module) if getattr(sq, n, None) is v]
            assert flat == [], name

    def test_no_constant_or_option_alias_is_flat(self) -> None:
        """Flat names are classes and functions; ``Event``, the clock log's union, alone else."""
        others = sorted(
            n
            for n, v in _exported(sq)
            if not isinstance(v, types.ModuleType)
            and not inspect.isclass(v)
            and not inspect.isfunction(v)
        )
        assert others == ["Event"]
        assert typing.get_origin(sq.Event) in (types.UnionType, typing.Union)


def _exception_classes(module: types.ModuleType) -> dict[str, type[BaseException]]:
    return {
        n: v
        for n, v in vars(module).items()
        if isinstance(v, type) and issubclass(v, BaseException) and v.__module__ == module.__name__
    }


class TestErrors:
    """One hierarchy rooted at ``SvcQualityError``, pinned class by class."""

    def test_the_tree_is_as_pinned(self) -> None:
        """Each error's bases, exactly: a new error or a new parent is a deliberate change."""
        tree = {
            n: tuple(b.__name__ for b in cls.__bases__)
            for n, cls in _exception_classes(errors).items()
        }
        assert tree == ERROR_TREE

    def test_every_error_derives_from_the_root_and_from_value_error(self) -> None:
        """A host catches SvcQualityError, or ValueError for bad input, and gets them all."""
        for name, cls in _exception_classes(errors).items():
            assert issubclass(cls, errors.SvcQualityError), name
            if cls is not errors.SvcQualityError:
                assert issubclass(cls, ValueError), name

    def test_every_error_is_exported_and_flat(self) -> None:
        """errors.__all__ lists every error, and every one is flat at the top level."""
        for name in _exception_classes(errors):
            assert name in errors.__all__, name
            assert getattr(sq, name) is getattr(errors, name), name

    @pytest.mark.parametrize("name", PUBLIC_MODULES)
    def test_no_public_error_lives_outside_errors(self, name: str) -> None:
        """An exception a module exports is one of svcquality.errors'."""
        for n, v in _exported(_module(name)):
            if isinstance(v, type) and issubclass(v, BaseException):
                assert v.__module__ == "svcquality.errors", f"{name}.{n}"


def _undocumented(module: types.ModuleType) -> Iterator[str]:
    for name, obj in _exported(module):
        if inspect.isfunction(obj) and not (obj.__doc__ or "").strip():
            yield name
        if not inspect.isclass(obj):
            continue
        if not (obj.__dict__.get("__doc__") or "").strip():
            yield name
        for attr, member in vars(obj).items():
            if attr.startswith("_"):
                continue
            fn = member
            if isinstance(member, classmethod | staticmethod):
                fn = member.__func__
            elif isinstance(member, property):
                fn = member.fget
            if inspect.isfunction(fn) and not (fn.__doc__ or "").strip():
                yield f"{name}.{attr}"


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_every_public_class_and_function_has_a_docstring(name: str) -> None:
    """Each exported class, function, and public method of a class says what it is for."""
    assert list(_undocumented(_module(name))) == []
