"""MkDocs hooks: the site shows the version pyproject.toml declares.

pyproject.toml is the one place the version and the repository address are
written; the site reads them from there rather than repeating them.

The Chinese search needs jieba at build time (the theme cuts Chinese text into words
with it, and quietly indexes whole sentences as one word without it): in CI a build
without it fails here instead of shipping a search that finds no Chinese word; a
local build says so and goes on.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import re
import sys
from pathlib import Path
from typing import Any

from mkdocs.exceptions import ConfigurationError

if sys.version_info >= (3, 11):
    import tomllib
else:  # the docs extra installs tomli there
    import tomli as tomllib

log = logging.getLogger("mkdocs.hooks")
PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def on_config(config: Any) -> Any:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    version = project["version"]
    repository = project.get("urls", {}).get("Repository")
    if config.repo_url != repository:
        raise ConfigurationError(
            f"mkdocs.yml repo_url is {config.repo_url!r} but pyproject.toml "
            f"[project.urls] Repository is {repository!r}: make them equal"
        )
    if importlib.util.find_spec("jieba") is None:
        message = (
            "the Chinese search needs jieba to cut Chinese text into words "
            "(without it no Chinese word inside a sentence is found): "
            "pip install -e '.[docs]'"
        )
        if os.environ.get("CI"):
            raise ConfigurationError(message)
        log.info(message)
    config.extra["version"] = version
    config.copyright = f"svcquality {version} · MIT licence"
    return config


# A Chinese paragraph wrapped in the source showed a space at each line break
# ("达到 95%" is meant, "中国的 法定节假日" is not): Chinese has no spaces between
# words, so a line break between two Chinese characters is dropped. Code blocks
# and headings are left as they are.
CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
FENCE = re.compile(r"^\s*(```|~~~)")
JOIN = re.compile(rf"[{CJK}][*_`]*$")  # emphasis or code may close at the line's end
STARTS = re.compile(rf"^[ \t]*(?=[*_`\[]*[{CJK}])")  # ... or open at the next one's start


def on_page_markdown(markdown: str, **kwargs: Any) -> str:
    out: list[str] = []
    fenced = False
    for line in markdown.split("\n"):
        if FENCE.match(line):
            fenced = not fenced
        elif (
            not fenced
            and out
            and JOIN.search(out[-1])
            and not out[-1].lstrip().startswith(("#", "|", "```", "~~~"))
            and STARTS.match(line)
        ):
            out[-1] += STARTS.sub("", line, count=1)
            continue
        out.append(line)
    return "\n".join(out)
