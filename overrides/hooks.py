"""MkDocs hooks: the site shows the version pyproject.toml declares.

pyproject.toml is the one place the version and the repository address are
written; the site reads them from there rather than repeating them.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from mkdocs.exceptions import ConfigurationError

if sys.version_info >= (3, 11):
    import tomllib
else:  # the docs extra installs tomli there
    import tomli as tomllib

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
    config.extra["version"] = version
    config.copyright = f"svcquality {version} · MIT licence"
    return config
