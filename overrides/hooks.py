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
