"""Read the registry once per build (before parallel readers fork) and report its problems."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

from exts import filememo

from .logging import warn
from .registry import Registry, load_registry

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

ENV_ATTRIBUTE = "facts_registry"
AFTER_BIBTEX = 600  # exts.works_cited (400) and sphinxcontrib-bibtex (500) read bib/ first


def registry_path(confdir: str | Path, config: Config) -> Path:
    return Path(confdir) / config.facts_registry_file


def check_config(app: Sphinx, config: Config) -> None:
    """``facts_max_age_days`` is a non-negative number of days."""
    if not isinstance(config.facts_max_age_days, int) or config.facts_max_age_days < 0:
        warn(
            f"facts_max_age_days must be a number of days, not {config.facts_max_age_days!r}",
            "syntax",
            f"{Path(app.confdir) / 'conf.py'}:1",
        )
        config.facts_max_age_days = 365


def load_for_build(app: Sphinx) -> None:
    """Read the registry, check it (citations against bib/), keep it on the environment."""
    path = registry_path(app.confdir, app.config)
    if not path.exists():
        setattr(app.env, ENV_ATTRIBUTE, Registry())
        return
    registry, problems = read_registry(path, bib_keys(app.env))
    for problem in problems:
        warn(problem.message, problem.subtype, f"{path}:{problem.line}")
    setattr(app.env, ENV_ATTRIBUTE, registry)


@filememo.on_files(lambda path, keys: [path])
def read_registry(path: Path, keys: set[str] | None) -> tuple[Registry, list]:
    """``load_registry``, kept by the warm preview while the file and bib/'s keys are the same."""
    return load_registry(path, keys)


def bib_keys(env: BuildEnvironment) -> set[str] | None:
    """Every key in bib/, as sphinxcontrib-bibtex read it (None without bibtex)."""
    try:
        cite = env.get_domain("cite")
    except Exception:  # noqa: BLE001 - sphinxcontrib-bibtex not loaded: nothing to check against
        return None
    return set(cite.bibdata.data.entries.keys())  # type: ignore[attr-defined]


def get_registry(env: BuildEnvironment) -> Registry:
    return getattr(env, ENV_ATTRIBUTE, None) or Registry()


def today() -> dt.date:
    """The build's date: from SOURCE_DATE_EPOCH when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.datetime.now(tz=dt.UTC).date()
