"""Rulebooks: plain mappings in, validated models out, and back again.

Banks keep their service rules in configuration that people who are not
programmers review. :func:`load_rulebook` takes that configuration as plain
data (what the host got from YAML, JSON or TOML: dicts, lists, text, numbers,
booleans, None; the library opens no file) and returns a :class:`Rulebook` of
validated models, or raises one :class:`~svcquality.RulebookError` that lists
*every* problem, each with its path (``promises[2].milestones.resolve.target``),
the value found there, and the fix. :func:`dump_rulebook` writes a rulebook
back to plain data: ``load_rulebook(dump_rulebook(rb)) == rb``, and
``dump_rulebook(load_rulebook(m))`` is ``m`` in its normal form.

Each entry of a section is structured by `cattrs <https://catt.rs>`_
straight into its model (a promise, a catalog rule, a ladder step): the
model's attributes are the entry's keys, one small reader per plain type (a
duration, weekly hours, a zone, a date, a trigger; cattrs calls them
structure hooks) turns text into a model value, and the model's own
constructor is the only check of the entry as a whole. Unknown keys are
refused with a did-you-mean, and every problem is kept with its path, so a
rulebook with a typo in one promise still gets every other problem reported.
A name that refers to another section (a promise's calendar, a catalog
rule's promise, a ladder's milestone, a role) is checked by the reader of
its key against the sections read before it.

``docs/rulebook.md`` documents every key with its type, default and an example.
"""

from svcquality.rulebook._dump import dump_rulebook
from svcquality.rulebook._kpis import KPIS
from svcquality.rulebook._load import load_rulebook
from svcquality.rulebook._model import SCHEMA_VERSION, Rulebook, Unit

__all__ = [
    "KPIS",
    "SCHEMA_VERSION",
    "Rulebook",
    "Unit",
    "dump_rulebook",
    "load_rulebook",
]
