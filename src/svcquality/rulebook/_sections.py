"""Helpers every section loader uses: entries with their paths, references, shadowing."""

from __future__ import annotations

import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TypeVar

from svcquality._fields import shown
from svcquality._ordered import OrderedRule, shadowed
from svcquality.rulebook._converter import Collector, unchecked
from svcquality.rulebook._problems import Path, kind_of

_D = TypeVar("_D")
_K = TypeVar("_K", int, str)
_R = TypeVar("_R", bound=OrderedRule)


def list_section(c: Collector, raw: object, key: str) -> list[tuple[int, object]]:
    """The items of the list section ``key`` with their indexes.

    An absent section has none; one that is not a list is recorded as a problem and has none.
    """
    if raw is None:
        return []
    if not isinstance(raw, list | tuple):
        c.add((key,), f"{key} must be a list, got {kind_of(raw)}", f"write {key}: [...]")
        return []
    return list(enumerate(typing.cast("list[object]", raw)))


def mapping_section(c: Collector, raw: object, key: str) -> list[tuple[str, object]]:
    """The entries of the mapping section ``key`` with their names.

    An absent section has none; one that is not a mapping is recorded as a problem
    and has none, and so is each entry whose key is not a name.
    """
    if raw is None:
        return []
    if not isinstance(raw, Mapping):
        c.add((key,), f"{key} must be a mapping, got {kind_of(raw)}", f"write {key}: {{name: ...}}")
        return []
    out: list[tuple[str, object]] = []
    for k, v in raw.items():
        if not isinstance(k, str) or not k.strip() or any(ch.isspace() for ch in k):
            c.add(
                (key, k if isinstance(k, str) else repr(k)),
                f"{shown(k)} is not a name",
                "name it with text without spaces, such as 'branch'",
            )
            continue
        out.append((k, v))
    return out


def read_entries(
    c: Collector, entries: Iterable[tuple[_K, object]], hook: Callable[[object], _D], *at: str
) -> Iterator[tuple[_K, Path, _D]]:
    """Each entry of a section built by ``hook``, with its index or name and its path.

    ``at`` is the path of the section (``"promises"``); an entry is at ``(*at, key)``.
    An entry that cannot be built is recorded as problems and skipped.
    """
    for key, item in entries:
        path: Path = (*at, key)
        built = c.structure(item, hook, path)
        if built is not None:
            yield key, path, built


def read_table(
    c: Collector,
    raw: object,
    section: str,
    hook: Callable[[object], _R],
    *,
    show: Callable[[_R], str],
    empty: tuple[str, str],
    last_at: Path,
    last_fix: str,
) -> list[_R] | None:
    """The rules of the ordered table ``section`` (the catalog, the routing rules), each
    entry built by ``hook``; None when the section is absent or has problems.

    The table's own problems are recorded beside the entries': no entry (``empty``: the
    message and the fix), a rule an earlier one shadows (each rule in words by
    ``show``), and a last entry that is not a default (at ``last_at`` below the entry,
    with ``last_fix``). They are the table's constructor's checks, found by the same
    ``_ordered.shadowed``, but all of them and each at its entry. Rule numbers are entry
    numbers only when every entry was built, so shadowing is checked only then; a last
    entry with problems is built again with its names unchecked (an unknown name is
    reported with the entry), so whether it is a default is still known.
    """
    if raw is None:
        return None
    entries = list_section(c, raw, section)
    if not entries:
        c.add((section,), *empty)
        return None
    built = list(read_entries(c, entries, hook, section))
    rules = [rule for _, _, rule in built]
    if built and built[-1][0] == entries[-1][0]:
        last: _R | None = rules[-1]
    else:
        with unchecked():
            last = Collector(None).structure(entries[-1][1], hook, ())
    complete = len(rules) == len(entries)
    if complete:
        for i, j in shadowed(rules):
            c.add(
                (section, i),
                f"rule {i} {show(rules[i])} can never match: rule {j} {show(rules[j])} "
                "comes first and matches every request it would",
                f"move it above rule {j} or narrow rule {j}",
            )
    if last is not None and not last.is_default:
        c.add(
            (section, len(entries) - 1, *last_at),
            "the last rule has a condition, so some requests would match no rule",
            last_fix,
        )
    return rules if complete and not c.problems else None
