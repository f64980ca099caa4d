"""Sources are cited by title, publisher and date, never by a path no reader has.

The library's rules come from five public documents (docs/glossary.md, "Sources").
The code, docs and examples cite them as a reader can find them; a path such as
``shared/seeds/001`` names a copy on one machine and is refused here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from svcquality import presets

ROOT = Path(__file__).resolve().parent.parent
SCANNED = ("src", "docs", "examples", "README.md")
FORBIDDEN = re.compile(r"seeds/|shared/")
SUFFIXES = {".py", ".md", ".yml", ".yaml", ".toml", ".txt", ".cfg", ".json"}


def offending_lines(root: Path, scanned: tuple[str, ...] = SCANNED) -> list[str]:
    """Every ``path:line: text`` under ``scanned`` that names a private path."""
    found = []
    for name in scanned:
        top = root / name
        files = [top] if top.is_file() else sorted(top.rglob("*"))
        for path in files:
            if not path.is_file() or path.suffix not in SUFFIXES:
                continue
            if "__pycache__" in path.parts or ".egg-info" in str(path):
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if FORBIDDEN.search(line):
                    found.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    return found


def test_no_private_paths_in_code_docs_or_examples() -> None:
    """src/, docs/, examples/ and README.md never cite seeds/ or shared/."""
    found = offending_lines(ROOT)
    assert not found, "cite the document's title, publisher and date instead:\n" + "\n".join(found)


def test_the_scan_finds_a_private_path(tmp_path: Path) -> None:
    """A planted citation of a private path is reported with its file and line."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "page.md").write_text("fine\nsee shared/seeds/001\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("seeds/004 says so\n", encoding="utf-8")
    (tmp_path / "docs" / "image.png").write_bytes(b"seeds/ in a binary is not read")
    assert offending_lines(tmp_path, ("docs", "README.md")) == [
        "docs/page.md:2: see shared/seeds/001",
        "README.md:1: seeds/004 says so",
    ]


PRESETS = [
    presets.credit_card_centre,
    presets.branch_service_manual,
    presets.branch_complaint_desk,
    presets.multichannel_call_centre,
    presets.rural_call_centre_7x24,
]


# Each glossary and the heading its Sources section starts with.
GLOSSARIES = {"glossary.md": "## Sources (来源)", "glossary.zh.md": "## 来源"}


@pytest.mark.parametrize("page", sorted(GLOSSARIES))
@pytest.mark.parametrize("preset", PRESETS, ids=[p.__name__ for p in PRESETS])
def test_each_preset_source_is_listed_in_the_glossary(preset: object, page: str) -> None:
    """The title a preset's References cite is in each glossary's Sources section.

    The title must stand on one line, unbroken, so a reader can search for it.
    """
    doc = getattr(preset, "__doc__", None) or ""
    references = doc.split("References:", 1)[1].split("Limitations:", 1)[0]
    titles = re.findall(r"《([^》]+)》|\"([^\"]+)\"", references)
    cited = [a or b for a, b in titles]
    assert cited, f"{getattr(preset, '__name__', preset)}: References cite no title"
    glossary = (ROOT / "docs" / page).read_text(encoding="utf-8")
    sources = glossary.split(GLOSSARIES[page], 1)[1]
    for title in cited:
        assert title in sources, f"{title!r} is not in the Sources of docs/{page}"
