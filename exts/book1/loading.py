"""Load the Book 1 registry once per build and render references to it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes

from .logging import warn
from .registry import Book1Chapter, Registry, load_registry

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

ENV_ATTRIBUTE = "book1_registry"


def registry_path(app: Sphinx) -> Path:
    return Path(app.confdir) / app.config.book1_registry_file


def check_config(app: Sphinx, config: Config) -> None:
    """``book1_base_url`` and ``book1_inventory`` are strings or None."""
    for name in ("book1_base_url", "book1_inventory"):
        value = config[name]
        if value is not None and not isinstance(value, str):
            message = f"{name} must be a string or None, not {type(value).__name__}"
            warn(message, "config", config_location(Path(app.confdir) / "conf.py", name))
            config[name] = None


def config_location(conf: Path, name: str) -> str:
    """``conf.py:N``, N being the line that sets ``name`` (1 if none does)."""
    lines = conf.read_text(encoding="utf-8").splitlines() if conf.is_file() else []
    line = next((n for n, text in enumerate(lines, 1) if text.startswith(f"{name} =")), 1)
    return f"{conf}:{line}"


def load_for_build(app: Sphinx) -> None:
    """Read the registry at builder-inited (before parallel readers fork)."""
    path = registry_path(app)
    registry, problems = load_registry(path)
    for problem in problems:
        warn(problem.message, "registry", f"{path}:{problem.line}")
    setattr(app.env, ENV_ATTRIBUTE, registry)


def get_registry(env: BuildEnvironment) -> Registry:
    return getattr(env, ENV_ATTRIBUTE, None) or Registry()


def chapter_uri(env: BuildEnvironment, chapter: Book1Chapter) -> str | None:
    """Where Book 1 publishes ``chapter``: its inventory first, then the base URL."""
    name = env.config.book1_inventory
    if name:
        inventory = getattr(env, "intersphinx_named_inventory", {}).get(name, {})
        item = inventory.get("std:doc", {}).get(chapter.page)
        if item is not None:
            return getattr(item, "uri", None) or item[2]
    base = env.config.book1_base_url
    if base:
        return f"{base.rstrip('/')}/{chapter.page}.html"
    return None


def render(env: BuildEnvironment, chapter: Book1Chapter, with_title: bool = True) -> nodes.Element:
    """*Before the 3 AM Alert*, Chapter 5: Network & Connection Optimization."""
    registry = get_registry(env)
    text = nodes.inline("", "", classes=["book1-ref"])
    if with_title:
        text += nodes.emphasis(registry.title, registry.title)
        text += nodes.Text(", ")
    text += nodes.Text(chapter.label)
    uri = chapter_uri(env, chapter)
    if uri is None:
        return text
    return nodes.reference("", "", text, refuri=uri, internal=False, reftitle=registry.title)
